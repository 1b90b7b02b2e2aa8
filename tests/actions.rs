//! This week's list on a shop written by hand (tests/fixtures/actions): every rule's customers
//! and values counted by hand on a fixed day, the same list through `fidelio actions` and
//! with the files' headers rewritten and columns shuffled, one customer's card, revenue at risk
//! as a goal's figure, and what followed an action done.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use fidelio::analysis::actions::{ActionKind, ActionLog, ActionRecord, Marked, Reason};
use fidelio::analysis::goals::GoalKpi;
use fidelio::figures::{Scope, compute, measure};
use fidelio::import::pipeline::{ImportOptions, import_bytes, import_path};
use fidelio::workspace::Workspace;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/actions")
        .join(name)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn workspace(names: &[&str]) -> Workspace {
    Workspace {
        files: names
            .iter()
            .map(|n| import_path(&fixture(n), &ImportOptions::default()))
            .collect(),
    }
}

/// The window's scope on 1 March 2026.
fn scope() -> Scope {
    Scope {
        as_of: Some(day(2026, 3, 1)),
        horizon_weeks: 13,
        min_baskets: None,
        ..Scope::default()
    }
}

/// Customer, next best action and value at stake, by hand (metrics.md, "Actions"): a buys
/// every 10 days and is 28 days past her last (win back, 100.00 in 59 days); d answered 10
/// (thank, 75.00); c answered 3 two days after her last order (call back, 40.00; also no card
/// with 4 orders); g buys every 5 days and is 48 days past (win back, 36.00); b bought once 9
/// days ago (welcome, 30.00); f bought once 273 days ago, past the lapse window of 30 days
/// (3 × the median 9 days between orders, at least 30; win back, 15.00; f's answer is 50 days
/// old); e answered 2 and never ordered (call back, 0).
const EXPECTED: [(&str, ActionKind, f64); 7] = [
    ("a@x.it", ActionKind::WinBack, 100.0),
    ("d@x.it", ActionKind::ThankPromoter, 75.0),
    ("c@x.it", ActionKind::CallBack, 40.0),
    ("g@x.it", ActionKind::WinBack, 36.0),
    ("b@x.it", ActionKind::WelcomeSecond, 30.0),
    ("f@x.it", ActionKind::WinBack, 15.0),
    ("e@x.it", ActionKind::CallBack, 0.0),
];

#[test]
fn every_rule_picks_the_customers_counted_by_hand_on_a_fixed_day() {
    let figures = compute(
        &workspace(&["ordini.csv", "sondaggio.csv", "tessera.csv"]),
        &scope(),
    )
    .unwrap();
    let list = figures.actions.clone().unwrap();
    assert_eq!(list.today, day(2026, 3, 1));
    let got: Vec<(&str, ActionKind, f64)> = list
        .customers
        .iter()
        .map(|c| (c.customer.as_str(), c.actions[0].kind, c.value_at_stake))
        .collect();
    assert_eq!(got, EXPECTED);
    let a = list.of("a@x.it").unwrap();
    assert_eq!(
        a.actions[0].reason,
        Reason::Overdue {
            days_since: 28.0,
            usual_days: 10.0
        }
    );
    assert_eq!(a.contact.phone.as_deref(), Some("+39 333 1111111"));
    assert_eq!(a.name.as_deref(), Some("Anna Rossi"));
    // a's card says she was born on 1 March: wishes on the list's day, after the win-back.
    let kinds: Vec<ActionKind> = a.actions.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, [ActionKind::WinBack, ActionKind::Birthday]);
    assert_eq!(
        a.actions[1].reason,
        Reason::Birthday {
            on: day(2026, 3, 1)
        }
    );
    // d's birthday is in June: none.
    assert!(
        list.of("d@x.it")
            .unwrap()
            .actions
            .iter()
            .all(|a| a.kind != ActionKind::Birthday)
    );
    let c = list.of("c@x.it").unwrap();
    let kinds: Vec<ActionKind> = c.actions.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, [ActionKind::CallBack, ActionKind::InviteLoyalty]);
    // Known from the survey alone: reached by the answer's email.
    assert_eq!(
        list.of("e@x.it").unwrap().contact.email.as_deref(),
        Some("e@x.it")
    );
    assert_eq!(
        list.of("f@x.it").unwrap().actions[0].reason,
        Reason::Lapsed {
            days_since: 273,
            window: 30
        }
    );
    // Revenue at risk: a, c, g, f and e.
    assert_eq!(list.revenue_at_risk(), 191.0);
    assert_eq!(
        measure(GoalKpi::RevenueAtRisk, &figures).map(|m| m.value),
        Some(191.0)
    );
}

#[test]
fn rewritten_headers_and_shuffled_columns_give_the_same_list() {
    let original = std::fs::read_to_string(fixture("ordini.csv")).unwrap();
    // English headers, columns in another order.
    let order = [6, 3, 1, 5, 0, 4, 2];
    let headers = [
        "Amount",
        "Customer name",
        "Placed on",
        "Item",
        "Receipt",
        "Mobile",
        "E-mail",
    ];
    let mut text = headers.join(";") + "\n";
    for line in original.lines().skip(1) {
        let cells: Vec<&str> = line.split(';').collect();
        let shuffled: Vec<&str> = order.iter().map(|&i| cells[i]).collect();
        text.push_str(&shuffled.join(";"));
        text.push('\n');
    }
    let mut files = workspace(&["sondaggio.csv", "tessera.csv"]).files;
    files.push(import_bytes(
        Path::new("sales.csv"),
        text.as_bytes(),
        &ImportOptions::default(),
    ));
    let figures = compute(&Workspace { files }, &scope()).unwrap();
    let list = figures.actions.unwrap();
    let got: Vec<(&str, ActionKind, f64)> = list
        .customers
        .iter()
        .map(|c| (c.customer.as_str(), c.actions[0].kind, c.value_at_stake))
        .collect();
    assert_eq!(got, EXPECTED);
}

fn fidelio(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .args(args)
        .current_dir(fixture(""))
        .env_remove("DISPLAY")
        .output()
        .unwrap()
}

#[test]
fn fidelio_actions_writes_the_list_for_mail_merge_and_customer_prints_one_card() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("azioni.csv");
    let run = fidelio(&[
        "actions",
        "ordini.csv",
        "sondaggio.csv",
        "tessera.csv",
        "--as-of",
        "2026-03-01",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let got: Vec<(String, String, f64)> = rows
        .iter()
        .map(|r| {
            (
                r[column("Customer")].to_string(),
                r[column("Action code")].to_string(),
                r[column("Value at stake (12 months)")].parse().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, String, f64)> = EXPECTED
        .iter()
        .map(|(c, k, v)| (c.to_string(), k.as_str().to_string(), *v))
        .collect();
    assert_eq!(got, expected);
    // Addressed by name, with their phone (formula-safe: a cell starting with + is written
    // with a leading apostrophe), in a message from the template.
    assert_eq!(&rows[0][column("Phone")], "'+39 333 1111111");
    assert!(rows[0][column("Message")].starts_with("Hello Anna Rossi, we have missed you!"));
    // Only one action.
    let only = dir.path().join("win_back.xlsx");
    let run = fidelio(&[
        "actions",
        "ordini.csv",
        "sondaggio.csv",
        "--as-of",
        "2026-03-01",
        "--action",
        "win_back",
        "--out",
        only.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&only).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let customers: Vec<String> = sheet.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(customers, ["a@x.it", "g@x.it", "f@x.it"]);

    let run = fidelio(&[
        "customer",
        "A@X.it",
        "ordini.csv",
        "sondaggio.csv",
        "tessera.csv",
        "--as-of",
        "2026-03-01",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let card: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(card["customer"], "a@x.it");
    assert_eq!(card["orders"], 4);
    assert_eq!(card["net_revenue"], 100.0);
    // Four customers bought twice or more: too few for the model, so no probability.
    assert_eq!(card["p_alive"], serde_json::Value::Null);
    assert_eq!(card["actions"][0]["action"], "win_back");
    assert_eq!(card["value_at_stake"], 100.0);
    let missing = fidelio(&["customer", "nobody@x.it", "ordini.csv"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn what_followed_a_win_back_is_set_against_the_customers_not_contacted() {
    let before = compute(
        &workspace(&["ordini.csv", "sondaggio.csv", "tessera.csv"]),
        &scope(),
    )
    .unwrap();
    let list = before.actions.unwrap();
    let mut log = ActionLog::default();
    log.mark(
        ActionRecord {
            customer: "a@x.it".to_string(),
            kind: ActionKind::WinBack,
            day: list.today,
            marked: Marked::Done,
        },
        || list.listed(&ActionLog::default(), ActionKind::WinBack),
    );
    assert_eq!(log.lists[0].customers, ["a@x.it", "g@x.it", "f@x.it"]);
    // a, contacted, is no longer among those the list proposes a win-back to.
    assert_eq!(list.listed(&log, ActionKind::WinBack), ["g@x.it", "f@x.it"]);
    // With March's orders: a ordered on the 10th, within 30 days; g and f, not contacted, did
    // not.
    let after = compute(
        &workspace(&["ordini.csv", "marzo.csv", "sondaggio.csv", "tessera.csv"]),
        &Scope {
            as_of: None,
            ..scope()
        },
    )
    .unwrap();
    let outcomes = fidelio::figures::actions::action_outcomes(&after, &log).unwrap();
    assert_eq!(outcomes.len(), 1);
    let o = &outcomes[0];
    assert_eq!(
        (
            o.contacted,
            o.ordered,
            o.similar,
            o.similar_ordered,
            o.waiting
        ),
        (1, 1, 2, 0, 0)
    );
    // Before March's orders the 30 days are not in the data yet.
    let early = fidelio::figures::actions::action_outcomes(
        &compute(
            &workspace(&["ordini.csv", "sondaggio.csv"]),
            &Scope {
                as_of: None,
                ..scope()
            },
        )
        .unwrap(),
        &log,
    )
    .unwrap();
    assert_eq!((early[0].waiting, early[0].contacted), (1, 0));
}

#[test]
fn the_report_carries_the_same_list_as_fidelio_actions() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("azioni.csv");
    let report = dir.path().join("report");
    let common = [
        "ordini.csv",
        "sondaggio.csv",
        "tessera.csv",
        "--as-of",
        "2026-03-01",
        "--lang",
        "it",
    ];
    let mut args = vec!["actions"];
    args.extend(common);
    args.extend(["--out", list.to_str().unwrap()]);
    assert!(fidelio(&args).status.success());
    let mut args = vec!["report"];
    args.extend(common);
    args.extend([
        "--out",
        report.to_str().unwrap(),
        "--size",
        "320x200",
        "--scale",
        "1",
    ]);
    let run = fidelio(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read(report.join("tables/actions.csv")).unwrap(),
        std::fs::read(&list).unwrap()
    );
    let html = std::fs::read_to_string(report.join("report.html")).unwrap();
    assert!(html.contains("Cosa fare questa settimana"));
    assert!(html.contains("Ricavi a rischio"));
}

#[test]
fn files_that_cannot_say_it_make_no_claim_about_cards_birthdays_or_categories() {
    let members = |text: &str| {
        import_bytes(
            Path::new("tessera.csv"),
            text.as_bytes(),
            &ImportOptions::default(),
        )
    };
    let with = |extra: fidelio::import::pipeline::ImportedFile| {
        let mut files = workspace(&["ordini.csv", "sondaggio.csv"]).files;
        files.push(extra);
        compute(&Workspace { files }, &scope())
            .unwrap()
            .actions
            .unwrap()
    };
    // Card codes only: nobody can be told to have no card, so c (4 orders) is not invited.
    let list = with(members(
        "Codice tessera;Iscritto dal;Punti accumulati;Punti utilizzati\nT1;01/01/2025;100;0\n",
    ));
    assert!(!list.has_members);
    let kinds: Vec<ActionKind> = list
        .of("c@x.it")
        .unwrap()
        .actions
        .iter()
        .map(|a| a.kind)
        .collect();
    assert_eq!(kinds, [ActionKind::CallBack]);
    // A birth date as the file's only date is a birthday, not the day a joined.
    let list = with(members(
        "Codice tessera;Email;Data di nascita;Punti accumulati;Punti utilizzati\nT1;a@x.it;01/03/1980;100;0\n",
    ));
    assert!(
        list.of("a@x.it")
            .unwrap()
            .actions
            .iter()
            .any(|a| a.kind == ActionKind::Birthday)
    );
    // A customer's or an order's "type" is no product category.
    for header in [
        "Tipologia cliente",
        "Categoria cliente",
        "Customer category",
        "Tipologia ordine",
    ] {
        let csv = format!(
            "Numero ordine;Data;Email;Prodotto;{header};Totale\n1;01/01/2026;a@x.it;Moka;VIP;40,00\n"
        );
        let file = import_bytes(
            Path::new("o.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        assert!(
            !file.roles.contains(&fidelio::import::roles::Role::Category),
            "{header}: {:?}",
            file.roles
        );
    }
    let csv = "Numero ordine;Data;Email;Prodotto;Categoria;Totale\n1;01/01/2026;a@x.it;Moka;Caffettiere;40,00\n";
    let file = import_bytes(
        Path::new("o.csv"),
        csv.as_bytes(),
        &ImportOptions::default(),
    );
    assert!(file.roles.contains(&fidelio::import::roles::Role::Category));
}

/// A card member who never ordered still has a birthday: h's falls two days after the list's
/// day (wishes), i's in September (none). The customers who ordered keep their actions.
#[test]
fn members_who_never_ordered_get_birthday_wishes_too() {
    let dir = tempfile::tempdir().unwrap();
    let members = std::fs::read_to_string(fixture("tessera.csv")).unwrap()
        + "T3;h@x.it;01/02/2026;03/03/1990;0;0\nT4;i@x.it;01/02/2026;20/09/1990;0;0\n";
    let members_path = dir.path().join("tessera.csv");
    std::fs::write(&members_path, members).unwrap();
    let mut files = workspace(&["ordini.csv", "sondaggio.csv"]).files;
    files.push(import_path(&members_path, &ImportOptions::default()));
    let figures = compute(&Workspace { files }, &scope()).unwrap();
    let list = figures.actions.clone().unwrap();
    let got: Vec<(&str, ActionKind, f64)> = list
        .customers
        .iter()
        .map(|c| (c.customer.as_str(), c.actions[0].kind, c.value_at_stake))
        .collect();
    let mut expected = EXPECTED.to_vec();
    expected.push(("h@x.it", ActionKind::Birthday, 0.0));
    assert_eq!(got, expected);
    let h = list.of("h@x.it").unwrap();
    assert_eq!(h.actions.len(), 1);
    assert_eq!(
        h.actions[0].reason,
        Reason::Birthday {
            on: day(2026, 3, 3)
        }
    );
    assert_eq!(h.contact.email.as_deref(), Some("h@x.it"));
    assert!(list.of("i@x.it").is_none());
}
