//! Engagement fixtures through the whole pipeline, against figures counted by
//! `tests/fixtures/engagement/make_expected.py` with Python's csv module alone.

use std::path::{Path, PathBuf};

use fidelio::import::pipeline::{ImportOptions, ImportedFile, import_path};
use fidelio::workspace::{EngagementFilter, Workspace, engagement_view};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/engagement")
        .join(name)
}

fn expected(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    all[name].clone()
}

fn import(name: &str) -> ImportedFile {
    let file = import_path(&fixture(name), &ImportOptions::default());
    assert!(file.error.is_none(), "{name}: {:?}", file.error);
    file
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn an_italian_instagram_export_gives_the_independent_totals() {
    let want = expected("instagram_post_ita.csv");
    let file = import("instagram_post_ita.csv");
    let skipped: Vec<u64> = file.problems.iter().map(|p| p.row as u64).collect();
    let want_skipped: Vec<u64> = want["skipped_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(skipped, want_skipped);
    let workspace = Workspace { files: vec![file] };
    let view = engagement_view(&workspace, None, None, &EngagementFilter::default())
        .unwrap()
        .unwrap();
    let social = view.social.unwrap();
    assert_eq!(u64::from(social.posts), want["posts"].as_u64().unwrap());
    assert!(close(social.reach, want["reach"].as_f64().unwrap()));
    assert!(close(
        social.interactions,
        want["interactions"].as_f64().unwrap()
    ));
    assert!(close(
        social.engagement_rate,
        want["engagement_rate"].as_f64().unwrap()
    ));
    assert!(view.reviews.is_none() && view.loyalty.is_none());
}

#[test]
fn customer_events_give_the_independent_scores() {
    let want = expected("eventi_clienti.csv");
    let workspace = Workspace {
        files: vec![import("eventi_clienti.csv")],
    };
    let view = engagement_view(&workspace, None, None, &EngagementFilter::default())
        .unwrap()
        .unwrap();
    assert_eq!(view.events as u64, want["events"].as_u64().unwrap());
    assert_eq!(
        view.scores.len() as u64,
        want["customers"].as_u64().unwrap()
    );
    for (customer, score) in want["scores"].as_object().unwrap() {
        let got = view
            .score_of(customer)
            .unwrap_or_else(|| panic!("{customer}"));
        assert!(close(got.score, score.as_f64().unwrap()), "{customer}");
    }
}

#[test]
fn engagement_columns_have_roles_the_owner_can_change() {
    use fidelio::import::roles::Role;
    let mut file = import("instagram_post_ita.csv");
    assert_eq!(file.header_for(Role::Reach), Some("Account raggiunti"));
    assert_eq!(file.header_for(Role::PostType), Some("Tipo di post"));
    // Likes as "not used": interactions are comments + shares only, counted here by hand from
    // the four usable posts (6+4, 2+1, 0+0, 11+9), and the row whose likes were a word is
    // now usable too (1+0).
    let likes = file.headers().iter().position(|h| h == "Mi piace").unwrap();
    file.set_role(likes, Role::Ignore);
    let rows = file.engagement.as_ref().unwrap();
    let interactions: f64 = rows.posts.iter().map(|p| p.interactions).sum();
    assert_eq!(rows.posts.len(), 5);
    assert_eq!(interactions, 34.0);
    assert!(file.problems.is_empty());
}

#[test]
fn the_date_range_limits_events_and_posts() {
    let workspace = Workspace {
        files: vec![
            import("eventi_clienti.csv"),
            import("instagram_post_ita.csv"),
        ],
    };
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let filter = EngagementFilter {
        from: day("2026-09-03"),
        to: day("2026-10-05"),
        ..EngagementFilter::default()
    };
    let view = engagement_view(&workspace, None, None, &filter)
        .unwrap()
        .unwrap();
    // From the files by hand: 3 and 4 September, Anna's share (3) and Luca's referral (10);
    // Marco's comment on the 7th (2). Scores: 3/10, 10/10, 2/10.
    assert_eq!(view.events, 3);
    let scores: Vec<(&str, f64)> = view
        .scores
        .iter()
        .map(|s| (s.customer.as_str(), s.score))
        .collect();
    assert_eq!(
        scores,
        [
            ("luca@example.it", 100.0),
            ("anna@example.it", 30.0),
            ("marco@example.it", 20.0)
        ]
    );
    // One post on 3 October: reach 1,250, interactions 88 + 6 + 4.
    let social = view.social.unwrap();
    assert_eq!(social.posts, 1);
    assert_eq!((social.reach, social.interactions), (1250.0, 98.0));
}
