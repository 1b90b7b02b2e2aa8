//! The purchase and spend models against their published figures, on the data they were
//! published with: the CDNOW 1/10 sample (tests/fixtures/cdnow/README.md has its source),
//! calibrated on purchases up to 30 September 1997 (39 weeks).
//!
//! Published: BG/NBD r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4, and
//! a customer with x = 2, tₓ = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks
//! (Fader, Hardie and Lee 2005); Gamma-Gamma p = 6.25, q = 3.74, γ = 15.44 (Fader and Hardie
//! 2013).

use chrono::NaiveDate;
use fidelio::analysis::clv::{BgNbd, History, fit_bg_nbd, fit_gamma_gamma, histories};

fn cdnow() -> Vec<History> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/cdnow/CDNOW_sample.txt"),
    )
    .unwrap();
    let purchases: Vec<(u32, NaiveDate, f64)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            (
                cells[0].parse().unwrap(),
                NaiveDate::parse_from_str(cells[2], "%Y%m%d").unwrap(),
                cells[4].parse().unwrap(),
            )
        })
        .collect();
    let end = NaiveDate::from_ymd_opt(1997, 9, 30).unwrap();
    histories(&purchases, end)
        .into_iter()
        .map(|(_, h)| h)
        .collect()
}

fn close(value: f64, expected: f64, within: f64) -> bool {
    (value - expected).abs() <= within
}

#[test]
fn the_bg_nbd_fit_on_cdnow_is_the_published_one() {
    let histories = cdnow();
    assert_eq!(histories.len(), 2357);
    let fit = fit_bg_nbd(&histories).unwrap();
    let p = fit.params;
    eprintln!("{fit:?}");
    assert!(fit.converged && !fit.at_edge, "{fit:?}");
    assert!(close(p.r, 0.243, 0.0005), "r {}", p.r);
    assert!(close(p.alpha, 4.414, 0.005), "alpha {}", p.alpha);
    assert!(close(p.a, 0.793, 0.0005), "a {}", p.a);
    assert!(close(p.b, 2.426, 0.005), "b {}", p.b);
    assert!(
        close(fit.log_likelihood, -9582.4, 0.05),
        "{}",
        fit.log_likelihood
    );
    // The published example, with the published parameters and with ours.
    let customer = History {
        frequency: 2,
        recency: 30.43,
        age: 38.86,
        spend: None,
    };
    let published = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    let expected = published.expected_purchases(&customer, 39.0);
    assert!(close(expected, 1.226, 0.0005), "{expected}");
    assert!(close(p.expected_purchases(&customer, 39.0), 1.226, 0.001));
}

#[test]
fn the_gamma_gamma_fit_on_cdnow_is_the_published_one() {
    let histories = cdnow();
    let repeat = histories.iter().filter(|h| h.frequency > 0).count();
    let fit = fit_gamma_gamma(&histories).unwrap();
    let p = fit.params;
    eprintln!("{fit:?} of {repeat} repeat customers");
    assert!(fit.converged && !fit.at_edge, "{fit:?}");
    assert!(close(p.p, 6.25, 0.005), "p {} of {repeat}", p.p);
    assert!(close(p.q, 3.74, 0.005), "q {}", p.q);
    assert!(close(p.gamma, 15.44, 0.005), "gamma {}", p.gamma);
}
