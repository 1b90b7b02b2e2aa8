//! The `.fidelio` workspace file on its own and through `fidelio summary --workspace`: a round
//! trip, a file that changed, a folder moved whole, a missing file, saved column roles, and
//! damaged or newer workspace files. The shop's files are written here (an Italian till
//! export and survey), and every figure checked is counted by hand from them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use fidelio::analysis::goals::Goal;
use fidelio::analysis::merge::Merge;
use fidelio::figures::Scope;
use fidelio::import::pipeline::{ImportOptions, import_path};
use fidelio::import::roles::Role;
use fidelio::workspace_file::{self, OpenError, ReviewLog, SavedWorkspace};
use serde_json::Value;

const ORDERS: &str = "Numero;Data;Email;Totale;Negozio\n\
1001;03/09/2026;anna@example.it;25,50;Brera\n\
1002;15/09/2026;bruno@example.it;12,00;Verona\n\
1003;02/10/2026;anna@example.it;40,00;Brera\n\
1004;20/10/2026;carla@example.it;8,90;Verona\n\
1005;05/11/2026;bruno@example.it;19,90;Verona\n";

// 8 answers: promoters (9-10) 4, detractors (0-6) 2: NPS = 100 × (4 − 2) / 8 = 25.
const ANSWERS: &str = "Data;Voto;Commento;Canale\n\
05/09/2026;10;Ottimo;negozio\n\
12/09/2026;9;Bene;online\n\
20/09/2026;7;;In store\n\
01/10/2026;3;Lento;online\n\
08/10/2026;10;;negozio\n\
15/10/2026;8;;In store\n\
22/10/2026;6;Caro;negozio\n\
03/11/2026;9;;online\n";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A shop folder with the two exports and a workspace saved on 7/12/2026 beside them.
struct Shop {
    _dir: tempfile::TempDir,
    folder: PathBuf,
}

impl Shop {
    fn new() -> Shop {
        Shop::with_roles(|_, roles| roles)
    }

    /// A shop whose saved roles are `change`d from what detection chose (by file name).
    fn with_roles(change: impl Fn(&str, Vec<Role>) -> Vec<Role>) -> Shop {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("negozio");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("ordini.csv"), ORDERS).unwrap();
        std::fs::write(folder.join("risposte.csv"), ANSWERS).unwrap();
        let options = ImportOptions {
            stamp: true,
            ..ImportOptions::default()
        };
        let mut files: Vec<_> = ["ordini.csv", "risposte.csv"]
            .iter()
            .map(|name| import_path(&folder.join(name), &options))
            .collect();
        for file in &mut files {
            file.roles = change(&file.name, file.roles.clone());
        }
        let at = folder.join("negozio.fidelio");
        let saved = SavedWorkspace::of(
            &files,
            &scope(),
            &ReviewLog::default(),
            None,
            day(2026, 12, 7),
            Some(&at),
            None,
        );
        workspace_file::write_atomic(&at, &saved.to_json()).unwrap();
        Shop { _dir: dir, folder }
    }

    fn at(&self) -> PathBuf {
        self.folder.join("negozio.fidelio")
    }
}

fn scope() -> Scope {
    Scope {
        goals: vec![Goal::parse("nps>=30@2026-Q4").unwrap()],
        merges: vec![Merge {
            column: "channel".to_string(),
            from: "In store".to_string(),
            into: "negozio".to_string(),
        }],
        ..Scope::default()
    }
}

fn fidelio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

fn summary_of(at: &Path) -> (Value, String) {
    let out = fidelio(&["summary", "--workspace", at.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

#[test]
fn a_workspace_reads_back_as_saved_and_the_summary_is_that_of_its_files_and_choices() {
    let shop = Shop::new();
    let saved = workspace_file::read(&shop.at()).unwrap();
    assert_eq!(saved.format, "fidelio-workspace");
    assert_eq!(saved.version, workspace_file::VERSION);
    assert_eq!(saved.files.len(), 2);
    assert_eq!(saved.files[0].rows, 5);
    assert_eq!(saved.files[0].relative, Some(PathBuf::from("ordini.csv")));
    // The bytes' BLAKE3, as the reference implementation gives it.
    assert_eq!(
        saved.files[0].stamp.as_ref().unwrap().hash,
        blake3::hash(ORDERS.as_bytes()).to_hex().to_string()
    );
    assert_eq!(saved.scope, scope());
    // Written again, it is the same text: nothing is lost or added on the way.
    assert_eq!(saved.to_json(), std::fs::read_to_string(shop.at()).unwrap());

    let (from_workspace, stderr) = summary_of(&shop.at());
    assert!(stderr.is_empty(), "{stderr}");
    let folder = shop.folder.to_str().unwrap();
    let orders = format!("{folder}/ordini.csv");
    let answers = format!("{folder}/risposte.csv");
    let out = fidelio(&[
        "summary",
        &orders,
        &answers,
        "--goal",
        "nps>=30@2026-Q4",
        "--merge",
        "channel:In store=negozio",
    ]);
    let direct: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["nps", "sales", "goals", "scope"] {
        assert_eq!(from_workspace[key], direct[key], "{key}");
    }
    // Counted by hand above.
    assert_eq!(from_workspace["nps"]["nps"].as_f64(), Some(25.0));
    assert_eq!(from_workspace["sales"]["orders"].as_u64(), Some(5));
    // The merge holds: the answers by channel are negozio (2 + 2 "In store") and online (3).
    let channels = from_workspace["nps"]["by_segment"]["Canale"]
        .as_array()
        .unwrap();
    let responses = |value: &str| {
        channels
            .iter()
            .find(|c| c["value"] == value)
            .map(|c| c["responses"].as_u64().unwrap())
    };
    assert_eq!(
        (
            responses("negozio"),
            responses("online"),
            responses("In store")
        ),
        (Some(5), Some(3), None)
    );
    // Q4 so far: answers of October and November, 2 promoters and 2 detractors of 5.
    assert_eq!(from_workspace["goals"][0]["actual"].as_f64(), Some(0.0));
}

#[test]
fn a_changed_file_is_read_again_and_the_change_is_said() {
    let shop = Shop::new();
    let more = format!(
        "{ORDERS}1006;12/11/2026;carla@example.it;30,00;Brera\n1007;19/11/2026;dario@example.it;15,00;Verona\n"
    );
    std::fs::write(shop.folder.join("ordini.csv"), more).unwrap();
    let (summary, stderr) = summary_of(&shop.at());
    assert!(
        stderr.contains("ordini.csv: 2 new rows since 2026-12-07"),
        "{stderr}"
    );
    assert_eq!(summary["sales"]["orders"].as_u64(), Some(7));
    // A file cut short says so too.
    let fewer: String = ORDERS.lines().take(4).map(|l| format!("{l}\n")).collect();
    std::fs::write(shop.folder.join("ordini.csv"), fewer).unwrap();
    let (summary, stderr) = summary_of(&shop.at());
    assert!(
        stderr.contains("ordini.csv: 2 rows fewer than on 2026-12-07"),
        "{stderr}"
    );
    assert_eq!(summary["sales"]["orders"].as_u64(), Some(3));
}

#[test]
fn a_folder_moved_whole_still_finds_its_files_and_says_where() {
    let shop = Shop::new();
    let (before, _) = summary_of(&shop.at());
    let moved = shop.folder.with_file_name("negozio-2027");
    std::fs::rename(&shop.folder, &moved).unwrap();
    let (after, stderr) = summary_of(&moved.join("negozio.fidelio"));
    assert!(stderr.contains("was not where it was saved"), "{stderr}");
    assert!(stderr.contains("negozio-2027"), "{stderr}");
    assert_eq!(before["nps"], after["nps"]);
    assert_eq!(before["sales"], after["sales"]);
}

#[test]
fn a_missing_file_is_named_and_the_rest_still_works() {
    let shop = Shop::new();
    std::fs::remove_file(shop.folder.join("risposte.csv")).unwrap();
    let (summary, stderr) = summary_of(&shop.at());
    assert!(stderr.contains("risposte.csv is missing"), "{stderr}");
    assert_eq!(summary["nps"], Value::Null);
    assert_eq!(summary["sales"]["orders"].as_u64(), Some(5));
}

#[test]
fn the_roles_saved_with_a_file_are_the_roles_it_is_read_with() {
    // The channel column set to "ignore" when the workspace was saved.
    let shop = Shop::with_roles(|name, roles| {
        if name == "risposte.csv" {
            roles
                .into_iter()
                .map(|r| if r == Role::Channel { Role::Ignore } else { r })
                .collect()
        } else {
            roles
        }
    });
    let (summary, _) = summary_of(&shop.at());
    assert_eq!(summary["nps"]["nps"].as_f64(), Some(25.0));
    assert!(summary["nps"]["by_segment"].get("Canale").is_none());
    let (plain, _) = summary_of(&Shop::new().at());
    assert!(plain["nps"]["by_segment"].get("Canale").is_some());
}

#[test]
fn a_damaged_or_newer_workspace_is_refused_with_a_clear_message_and_left_as_it_is() {
    let shop = Shop::new();
    let text = std::fs::read_to_string(shop.at()).unwrap();
    let cut = &text[..text.len() / 2];
    std::fs::write(shop.at(), cut).unwrap();
    let out = fidelio(&["summary", "--workspace", shop.at().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("negozio.fidelio is damaged (it breaks off at line"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(shop.at()).unwrap(), cut);
    assert!(matches!(
        workspace_file::may_write(&shop.at()),
        Err(OpenError::Damaged(_))
    ));

    let newer = text.replacen("\"version\": 1", "\"version\": 9", 1);
    std::fs::write(shop.at(), &newer).unwrap();
    let out = fidelio(&["summary", "--workspace", shop.at().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("saved by a newer Fidelio (workspace version 9"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(shop.at()).unwrap(), newer);
    assert_eq!(
        workspace_file::may_write(&shop.at()),
        Err(OpenError::Newer(9))
    );
    // Another program's JSON is not taken for a workspace either.
    std::fs::write(shop.at(), "{\"name\": \"x\"}").unwrap();
    assert_eq!(
        workspace_file::may_write(&shop.at()),
        Err(OpenError::NotAWorkspace)
    );
}

#[test]
fn an_atomic_write_leaves_no_temporary_file_and_replaces_the_old_content_whole() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("a.fidelio");
    workspace_file::write_atomic(&at, "first").unwrap();
    workspace_file::write_atomic(&at, "second").unwrap();
    assert_eq!(std::fs::read_to_string(&at).unwrap(), "second");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("a.fidelio")]);
}
