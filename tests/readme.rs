//! The project documents itself: every link in the README and in `docs/` resolves inside the
//! repository (a clone has nothing beside it), and the README's code map names every source
//! file, so the map and the folders tell the same story.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The targets of the Markdown links `[text](target)` in `text`, web addresses left out.
fn link_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = rest[..end].split('#').next().unwrap_or_default().trim();
        if !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:") {
            out.push(target.to_string());
        }
        rest = &rest[end..];
    }
    out
}

#[test]
fn every_link_in_the_readme_and_the_docs_resolves_inside_the_repository() {
    let mut documents = vec![root().join("README.md")];
    for dir in ["docs", "fuzz", "assets/demo", "tests/fixtures", "dist"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                documents.push(path);
            }
        }
    }
    let repository = root().canonicalize().unwrap();
    let mut broken = Vec::new();
    let mut checked = 0;
    for document in &documents {
        let text = std::fs::read_to_string(document).unwrap();
        let folder = document.parent().unwrap();
        for target in link_targets(&text) {
            checked += 1;
            let path: PathBuf = folder.join(&target);
            let inside = path
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&repository));
            if !inside {
                broken.push(format!(
                    "{}: {target}",
                    document.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    assert!(
        checked > 10,
        "only {checked} links found: is the reader broken?"
    );
    assert!(
        broken.is_empty(),
        "links that do not resolve in the repository:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_code_map_names_every_source_file() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let map = readme
        .split("## Code map")
        .nth(1)
        .expect("the README has a code map");
    let mut missing = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root()).unwrap().display().to_string();
            if path.is_dir() {
                // A folder is named as `src/x/` or, inside one, as `x/`.
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if !map.contains(&format!("`{relative}/`")) && !map.contains(&format!("`{name}/`"))
                {
                    missing.push(format!("{relative}/"));
                }
                stack.push(path);
                continue;
            }
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            if stem == "mod" {
                continue;
            }
            // Top-level files by path, files in a folder by name.
            let named = if path.parent() == Some(&root().join("src")) {
                map.contains(&format!("`{relative}`"))
            } else {
                map.contains(&format!("`{stem}`")) || map.contains(&format!("`{stem}.rs`"))
            };
            if !named {
                missing.push(relative);
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "the code map does not name: {}",
        missing.join(", ")
    );
}

#[test]
fn the_link_reader_finds_links_and_leaves_web_addresses_out() {
    let targets = link_targets(
        "see [metrics](docs/metrics.md#nps), [site](https://example.org) and ![shot](assets/a.png)",
    );
    assert_eq!(targets, ["docs/metrics.md", "assets/a.png"]);
}
