//! The packages dist/build makes and the release workflow finishes: that each registers the
//! file types Fidelio reads, that the Windows console launcher prints and exits as `fidelio`
//! does, and that the macOS bundle (built on a Mac only) is laid out as macOS expects.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use fidelio::import::read::{OPENABLE, ReadError, read_source};
use serde_json::{Map, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// The file types the packages register: everything Fidelio reads but `.txt`, which is rarely
/// an export and would put Fidelio in every text file's "Open with" list.
fn registered() -> BTreeSet<String> {
    OPENABLE
        .iter()
        .filter(|e| **e != "txt")
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn every_extension_the_packages_register_is_one_fidelio_reads() {
    for extension in OPENABLE {
        let name = format!("export.{}", extension.to_uppercase());
        let read = read_source(&name, b"a;b\n1;2\n".to_vec(), None);
        assert!(
            !matches!(read, Err(ReadError::UnsupportedType { .. })),
            "{name} is not read"
        );
    }
    assert!(matches!(
        read_source("export.pdf", b"a;b\n1;2\n".to_vec(), None),
        Err(ReadError::UnsupportedType { .. })
    ));
}

#[test]
fn the_windows_installer_offers_to_open_every_file_type_and_owns_workspaces() {
    let script = read("dist/windows/fidelio.nsi");
    let listed: BTreeSet<String> = script
        .split("!macro ForEachDataType MACRO")
        .nth(1)
        .unwrap()
        .split("!macroend")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("!insertmacro ${MACRO} \"."))
        .map(|e| e.trim_end_matches('"').to_string())
        .collect();
    assert_eq!(listed, registered());
    // For the user alone, and the workspaces' program.
    assert!(script.contains("RequestExecutionLevel user"));
    assert!(script.contains(r#"WriteRegStr HKCU "${CLASSES}\.fidelio" "" "Fidelio.Workspace""#));
    assert!(!script.contains("HKLM"), "nothing for all users");
    // The settings go only when asked: the section starts unticked.
    assert!(script.contains(r#"Section /o "un.$(SEC_SETTINGS)""#));
}

#[test]
fn the_desktop_entry_opens_every_file_type() {
    let entry = read("dist/fidelio.desktop");
    let types: BTreeSet<&str> = entry
        .lines()
        .find_map(|l| l.strip_prefix("MimeType="))
        .unwrap()
        .split(';')
        .filter(|t| !t.is_empty())
        .collect();
    for extension in registered() {
        let mime = match extension.as_str() {
            "csv" => "text/csv",
            "tsv" => "text/tab-separated-values",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsm" => "application/vnd.ms-excel.sheet.macroEnabled.12",
            "xls" => "application/vnd.ms-excel",
            "ods" => "application/vnd.oasis.opendocument.spreadsheet",
            other => panic!("no MIME type known here for .{other}"),
        };
        assert!(types.contains(mime), "{mime} (.{extension}) is missing");
    }
    assert!(types.contains("application/x-fidelio-workspace"));
    assert!(read("dist/fidelio-workspace.xml").contains(r#"<glob pattern="*.fidelio"/>"#));
}

/// A plist as JSON: dict, array, string, true and false, which is all an Info.plist holds.
fn plist(text: &str) -> Value {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let text = rest[..open].trim();
        if !text.is_empty() {
            tokens.push(Token::Text(text.to_string()));
        }
        let close = if rest[open..].starts_with("<!--") {
            open + rest[open..].find("-->").unwrap() + 2
        } else {
            open + rest[open..].find('>').unwrap()
        };
        let tag = &rest[open + 1..close];
        if !tag.starts_with('?') && !tag.starts_with('!') {
            tokens.push(Token::Tag(tag.split(' ').next().unwrap().to_string()));
        }
        rest = &rest[close + 1..];
    }
    let mut tokens = tokens.into_iter().peekable();
    assert_eq!(tokens.next(), Some(Token::Tag("plist".into())));
    value(&mut tokens)
}

#[derive(Debug, PartialEq)]
enum Token {
    Tag(String),
    Text(String),
}

fn value(tokens: &mut std::iter::Peekable<impl Iterator<Item = Token>>) -> Value {
    let Some(Token::Tag(tag)) = tokens.next() else {
        panic!("a value starts with a tag")
    };
    match tag.as_str() {
        "true/" => Value::Bool(true),
        "false/" => Value::Bool(false),
        "string" => {
            let text = match tokens.next() {
                Some(Token::Text(text)) => {
                    assert_eq!(tokens.next(), Some(Token::Tag("/string".into())));
                    text
                }
                Some(Token::Tag(t)) if t == "/string" => String::new(),
                other => panic!("{other:?} in a string"),
            };
            Value::String(text)
        }
        "array" => {
            let mut items = Vec::new();
            while tokens.peek() != Some(&Token::Tag("/array".into())) {
                items.push(value(tokens));
            }
            tokens.next();
            Value::Array(items)
        }
        "dict" => {
            let mut map = Map::new();
            loop {
                match tokens.next() {
                    Some(Token::Tag(t)) if t == "/dict" => break,
                    Some(Token::Tag(t)) if t == "key" => {
                        let Some(Token::Text(key)) = tokens.next() else {
                            panic!("a key without text")
                        };
                        assert_eq!(tokens.next(), Some(Token::Tag("/key".into())));
                        let item = value(tokens);
                        assert!(map.insert(key.clone(), item).is_none(), "{key} twice");
                    }
                    other => panic!("{other:?} in a dict"),
                }
            }
            Value::Object(map)
        }
        other => panic!("<{other}> is no plist value here"),
    }
}

/// The sizes of the PNG images in an .icns or .ico, checked to be what their entries say.
fn png_size(png: &[u8]) -> u32 {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!(width, height, "a square icon");
    width
}

fn icns_sizes(bytes: &[u8]) -> BTreeSet<(String, u32)> {
    assert_eq!(&bytes[..4], b"icns");
    assert_eq!(
        u32::from_be_bytes(bytes[4..8].try_into().unwrap()) as usize,
        bytes.len()
    );
    let mut entries = BTreeSet::new();
    let mut at = 8;
    while at < bytes.len() {
        let kind = String::from_utf8(bytes[at..at + 4].to_vec()).unwrap();
        let length = u32::from_be_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        entries.insert((kind, png_size(&bytes[at + 8..at + length])));
        at += length;
    }
    assert_eq!(at, bytes.len());
    entries
}

#[test]
fn the_icons_hold_every_size_the_systems_ask_for() {
    let icns = icns_sizes(&std::fs::read(root().join("assets/icon.icns")).unwrap());
    // Apple's types and their pixel sizes (the ic11-ic14 ones are the Retina twice-sizes).
    for (kind, size) in [
        ("icp4", 16),
        ("ic11", 32),
        ("icp5", 32),
        ("ic12", 64),
        ("ic07", 128),
        ("ic13", 256),
        ("ic08", 256),
        ("ic14", 512),
        ("ic09", 512),
    ] {
        assert!(icns.contains(&(kind.to_string(), size)), "{kind} {size}");
    }

    let ico = std::fs::read(root().join("assets/icon.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0]);
    let count = u16::from_le_bytes([ico[4], ico[5]]) as usize;
    let mut sizes = BTreeSet::new();
    for entry in ico[6..6 + 16 * count].chunks(16) {
        let side = if entry[0] == 0 { 256 } else { entry[0] as u32 };
        let length = u32::from_le_bytes(entry[8..12].try_into().unwrap()) as usize;
        let offset = u32::from_le_bytes(entry[12..16].try_into().unwrap()) as usize;
        let image = &ico[offset..offset + length];
        if image.starts_with(b"\x89PNG") {
            assert_eq!(png_size(image), side);
        } else {
            // A bitmap: its header says the size, twice the height for the colour and the mask.
            assert_eq!(u32::from_le_bytes(image[4..8].try_into().unwrap()), side);
            assert_eq!(
                u32::from_le_bytes(image[8..12].try_into().unwrap()),
                side * 2
            );
            let mask_row = side.div_ceil(32) * 4;
            assert_eq!(length as u32, 40 + side * side * 4 + mask_row * side);
        }
        sizes.insert(side);
    }
    for size in [16, 24, 32, 48, 256] {
        assert!(sizes.contains(&size), "the .ico has no {size}-pixel image");
    }
}

#[test]
fn the_macos_bundle_is_laid_out_as_its_info_plist_says() {
    let out = tempfile::tempdir().unwrap();
    let stand_in = out.path().join("fidelio-macos");
    std::fs::write(&stand_in, b"#!/bin/sh\n").unwrap();
    let run = Command::new("bash")
        .arg(root().join("dist/macos/bundle"))
        .arg(&stand_in)
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let app = out.path().join("Fidelio.app/Contents");
    let info = plist(&std::fs::read_to_string(app.join("Info.plist")).unwrap());
    let string = |key: &str| info[key].as_str().unwrap_or_else(|| panic!("{key}"));
    assert_eq!(string("CFBundlePackageType"), "APPL");
    assert_eq!(
        string("CFBundleShortVersionString"),
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(string("CFBundleVersion"), env!("CARGO_PKG_VERSION"));
    assert_eq!(
        std::fs::read_to_string(app.join("PkgInfo")).unwrap(),
        "APPL????"
    );
    let executable = app.join("MacOS").join(string("CFBundleExecutable"));
    assert_eq!(std::fs::read(&executable).unwrap(), b"#!/bin/sh\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&executable).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "the executable can be run");
    }
    let icon = app.join("Resources").join(string("CFBundleIconFile"));
    icns_sizes(&std::fs::read(icon).unwrap());
    assert!(app.join("Resources/THIRD-PARTY-LICENCES.txt").is_file());

    // Every file type Fidelio reads is one it offers to open; workspaces are its own.
    let types = info["CFBundleDocumentTypes"].as_array().unwrap();
    let extensions = |role: &str| -> BTreeSet<String> {
        types
            .iter()
            .filter(|t| t["CFBundleTypeRole"] == role)
            .flat_map(|t| t["CFBundleTypeExtensions"].as_array().unwrap())
            .map(|e| e.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(extensions("Viewer"), registered());
    assert_eq!(
        extensions("Editor"),
        BTreeSet::from(["fidelio".to_string()])
    );
    let workspace = types
        .iter()
        .find(|t| t["CFBundleTypeRole"] == "Editor")
        .unwrap();
    assert_eq!(workspace["LSHandlerRank"], "Owner");
    let declared = &info["UTExportedTypeDeclarations"][0];
    assert_eq!(
        declared["UTTypeIdentifier"],
        workspace["LSItemContentTypes"][0]
    );
    assert_eq!(
        declared["UTTypeTagSpecification"]["public.filename-extension"][0],
        "fidelio"
    );
}

#[test]
fn the_release_workflow_builds_on_a_version_tag_with_the_scripts_checked_here() {
    let workflow = read(".github/workflows/release.yml");
    assert!(workflow.contains("tags:") && workflow.contains("- \"v*\""));
    for step in ["dist/build", "dist/macos/bundle", "--dmg"] {
        assert!(workflow.contains(step), "{step}");
    }
}

fn run(program: &str, args: &[&Path]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let out = Command::new(program)
        .arg("summary")
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn the_console_launcher_prints_and_exits_as_fidelio_does() {
    let orders: PathBuf = root().join("assets/demo/ordini.csv");
    let survey: PathBuf = root().join("assets/demo/sondaggio_milano.csv");
    let fidelio = env!("CARGO_BIN_EXE_fidelio");
    let launcher = env!("CARGO_BIN_EXE_fidelio-console");
    let direct = run(fidelio, &[&orders, &survey]);
    assert_eq!(direct.0, Some(0));
    assert!(direct.1.starts_with(b"{"), "a JSON summary");
    assert_eq!(run(launcher, &[&orders, &survey]), direct);
    // A failure: the same message and the same exit code.
    let missing = root().join("no such file.csv");
    let failed = run(fidelio, &[&missing]);
    assert_ne!(failed.0, Some(0));
    assert!(!failed.2.is_empty());
    assert_eq!(run(launcher, &[&missing]), failed);
}
