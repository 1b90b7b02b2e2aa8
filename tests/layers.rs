//! The folder layout is a map of the app, and data flows one way: read by `import`, computed
//! by `analysis`, gathered by `workspace` and `figures`, drawn by `charts`, laid out as
//! `pages`, written by `export`, shown by `ui` and `cli`. This reads every `crate::` path in the source (outside
//! tests and comments) and checks that no module reaches a layer above its own and that no
//! two files need each other, directly or round a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules by layer, lowest first: a module may use its own layer and those below.
const LAYERS: [&[&str]; 10] = [
    &["text", "i18n", "parallel"],
    &["analysis"],
    &["import"],
    &["settings", "demo"],
    &["workspace"],
    &["figures"],
    &["charts", "summary", "workspace_file"],
    &["pages"],
    &["export"],
    &["cli", "ui"],
];

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or_default();
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("module `{top}` has no layer in tests/layers.rs"))
}

/// Every source file's module path (`import::orders`), with its text before any
/// `#[cfg(test)]` and without comment lines.
fn sources() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let module = parts.join("::");
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let code: String = code
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .map(|line| format!("{line}\n"))
                .collect();
            out.insert(module, code);
        }
    }
    out
}

/// The files `code` uses, as module paths: each `crate::a::b::C` names the longest known
/// module it starts with, and `use crate::a::{b::C, d}` names `a::b` and `a::d`.
fn uses(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let path = rest[..end].trim_end_matches(':').to_string();
        if rest[end..].starts_with('{') {
            let close = rest[end..].find('}').map_or(rest.len(), |i| end + i);
            // One level of braces is enough for this crate's style (rustfmt nests rarely).
            for item in rest[end + 1..close].split(',') {
                let item = item.trim().trim_start_matches('{');
                let item = item.split_whitespace().next().unwrap_or_default();
                if !item.is_empty() && item != "self" {
                    paths.push(format!("{path}::{item}"));
                }
            }
        }
        paths.push(path);
    }
    paths
        .into_iter()
        .filter_map(|path| {
            let parts: Vec<&str> = path.split("::").collect();
            (1..=parts.len())
                .rev()
                .map(|n| parts[..n].join("::"))
                .find(|candidate| modules.contains(candidate))
        })
        .collect()
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let sources = sources();
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(module, code)| {
            let mut used = uses(code, &modules);
            // A module's own parent (`ui` for `ui::app`) is its folder, not a dependency.
            used.retain(|u| u != module && !module.starts_with(&format!("{u}::")));
            (module.clone(), used)
        })
        .collect()
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let mut wrong = Vec::new();
    for (module, used) in graph() {
        for target in used {
            if layer_of(&target) > layer_of(&module) {
                wrong.push(format!("{module} uses {target}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_files_need_each_other() {
    let graph = graph();
    // Depth-first search with colours: grey on the current path, black when done.
    let mut colour: BTreeMap<&str, u8> = BTreeMap::new();
    let mut circles = Vec::new();
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
        circles: &mut Vec<String>,
    ) {
        colour.insert(node, 1);
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            match colour.get(next.as_str()) {
                Some(1) => {
                    let start = path.iter().position(|p| *p == next).unwrap_or(0);
                    let mut circle: Vec<&str> = path[start..].to_vec();
                    circle.push(next);
                    circles.push(circle.join(" -> "));
                }
                Some(_) => {}
                None => visit(next, graph, colour, path, circles),
            }
        }
        path.pop();
        colour.insert(node, 2);
    }
    for node in graph.keys() {
        if !colour.contains_key(node.as_str()) {
            visit(node, &graph, &mut colour, &mut Vec::new(), &mut circles);
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_check_sees_a_use_of_a_higher_layer_and_a_circle() {
    // The reader itself, on made-up code: it must find what it is there to find.
    let modules: BTreeSet<String> = [
        "ui::app",
        "ui::pages::loyalty",
        "workspace",
        "analysis::rfm",
    ]
    .map(String::from)
    .into();
    let used = uses(
        "use crate::workspace::{LoyaltyView, Workspace};\nuse crate::ui::{app::FidelioApp, pages::loyalty};\nlet x = crate::analysis::rfm::score(1);",
        &modules,
    );
    assert_eq!(
        used,
        [
            "analysis::rfm",
            "ui::app",
            "ui::pages::loyalty",
            "workspace"
        ]
        .map(String::from)
        .into()
    );
    assert!(layer_of("ui::app") > layer_of("workspace"));
}
