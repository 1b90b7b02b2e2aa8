//! The Engagement page's tables as exported: every customer's score, reviews per period and
//! per store, the reviews' text, social posts per period and per type, the best posts, and NPS
//! and repeat purchase per engagement quartile.

use crate::analysis::engagement::{ReviewPeriod, SocialGroup};
use crate::charts::engagement::event_label;
use crate::i18n::Lang;
use crate::pages::table::{Table, TableCell, columns, count, money, percent};
use crate::workspace::EngagementView;

/// Every customer with events: score, weighted sum and events per type.
pub fn scores_table(lang: Lang, view: &EngagementView) -> Table {
    let kinds: Vec<&String> = view.weights.keys().collect();
    let mut names = vec![
        lang.t("Customer", "Cliente").to_string(),
        lang.t("Score", "Punteggio").to_string(),
        lang.t("Weighted events", "Eventi pesati").to_string(),
    ];
    names.extend(kinds.iter().map(|k| event_label(lang, k)));
    Table {
        id: "engagement_scores",
        title: lang
            .t("Engagement scores", "Punteggi di coinvolgimento")
            .to_string(),
        columns: names,
        rows: view
            .scores
            .iter()
            .map(|s| {
                let mut row = vec![
                    TableCell::from(s.customer.as_str()),
                    money(s.score),
                    money(s.raw),
                ];
                row.extend(
                    kinds
                        .iter()
                        .map(|k| count(s.events.get(*k).copied().unwrap_or(0))),
                );
                row
            })
            .collect(),
    }
}

fn review_groups(
    id: &'static str,
    title: String,
    first: &str,
    lang: Lang,
    groups: &[ReviewPeriod],
) -> Table {
    Table {
        id,
        title,
        columns: columns(&[
            first,
            lang.t("Reviews", "Recensioni"),
            lang.t("Mean stars", "Media stelle"),
        ]),
        rows: groups
            .iter()
            .map(|g| {
                vec![
                    TableCell::from(g.period.as_str()),
                    count(g.count),
                    money(g.mean_rating),
                ]
            })
            .collect(),
    }
}

fn social_groups(
    id: &'static str,
    title: String,
    first: &str,
    lang: Lang,
    groups: &[SocialGroup],
) -> Table {
    Table {
        id,
        title,
        columns: columns(&[
            first,
            lang.t("Posts", "Post"),
            lang.t("Reach", "Copertura"),
            lang.t("Interactions", "Interazioni"),
            lang.t("Engagement rate %", "Tasso di coinvolgimento %"),
        ]),
        rows: groups
            .iter()
            .map(|g| {
                vec![
                    TableCell::from(g.period.as_str()),
                    count(g.posts),
                    money(g.reach),
                    money(g.interactions),
                    percent(g.engagement_rate),
                ]
            })
            .collect(),
    }
}

/// Every table of the page that has data, in page order.
pub fn page_tables(lang: Lang, view: &EngagementView) -> Vec<Table> {
    let mut tables = vec![scores_table(lang, view)];
    if let Some(reviews) = &view.reviews {
        tables.push(review_groups(
            "engagement_reviews_by_period",
            lang.t("Reviews per period", "Recensioni per periodo")
                .to_string(),
            lang.t("Period", "Periodo"),
            lang,
            &reviews.by_period,
        ));
        tables.push(review_groups(
            "engagement_reviews_by_store",
            lang.t("Reviews per store", "Recensioni per negozio")
                .to_string(),
            lang.t("Store", "Negozio"),
            lang,
            &reviews.by_store,
        ));
        tables.push(Table {
            id: "engagement_review_texts",
            title: lang.t("Reviews", "Recensioni").to_string(),
            columns: columns(&[
                lang.t("Date", "Data"),
                lang.t("Stars", "Stelle"),
                lang.t("Store", "Negozio"),
                lang.t("Review", "Recensione"),
            ]),
            rows: view
                .review_texts
                .iter()
                .map(|r| {
                    vec![
                        r.date.map_or(TableCell::Empty, TableCell::Date),
                        TableCell::Number(r.rating),
                        r.store.as_deref().map_or(TableCell::Empty, TableCell::from),
                        TableCell::from(r.text.as_str()),
                    ]
                })
                .collect(),
        });
    }
    if let Some(social) = &view.social {
        tables.push(social_groups(
            "engagement_social_by_period",
            lang.t("Social posts per period", "Post social per periodo")
                .to_string(),
            lang.t("Period", "Periodo"),
            lang,
            &social.by_period,
        ));
        tables.push(social_groups(
            "engagement_social_by_type",
            lang.t("Social posts per type", "Post social per tipo")
                .to_string(),
            lang.t("Type", "Tipo"),
            lang,
            &social.by_type,
        ));
    }
    if !view.quartiles.is_empty() {
        tables.push(Table {
            id: "engagement_quartiles",
            title: lang
                .t(
                    "NPS and repeat purchase by engagement",
                    "NPS e riacquisto per coinvolgimento",
                )
                .to_string(),
            columns: columns(&[
                lang.t("Quartile", "Quartile"),
                lang.t("Customers", "Clienti"),
                "NPS",
                lang.t("Answers", "Risposte"),
                lang.t("Buyers", "Acquirenti"),
                lang.t("Repeat purchase rate %", "Tasso di riacquisto %"),
            ]),
            rows: view
                .quartiles
                .iter()
                .map(|q| {
                    vec![
                        count(u32::from(q.quartile)),
                        count(q.customers),
                        q.nps.map_or(TableCell::Empty, |n| money(n.nps)),
                        count(q.nps.map_or(0, |n| n.responses)),
                        count(q.buyers),
                        percent(q.repeat_rate),
                    ]
                })
                .collect(),
        });
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::engagement::CustomerEngagement;
    use std::collections::BTreeMap;

    #[test]
    fn the_scores_table_has_a_column_per_event_type() {
        let view = EngagementView {
            reviews: None,
            loyalty: None,
            social: None,
            scores: vec![CustomerEngagement {
                customer: "a@x.it".to_string(),
                raw: 8.0,
                score: 100.0,
                events: BTreeMap::from([("review".to_string(), 1), ("share".to_string(), 1)]),
            }],
            events: 2,
            weights: crate::analysis::engagement::default_weights(),
            half_life_days: None,
            members_vs_others: None,
            quartiles: Vec::new(),
            review_texts: Vec::new(),
            best_posts: Vec::new(),
            score_index: Default::default(),
            members: None,
        };
        let tables = page_tables(Lang::En, &view);
        assert_eq!(tables.len(), 1);
        let table = &tables[0];
        // comment, like, points earned, points redeemed, referral, review, share, sign-up
        // after customer, score and sum.
        assert_eq!(table.columns.len(), 11);
        assert_eq!(table.columns[8], "Review");
        assert_eq!(table.rows[0][8], TableCell::Number(1.0));
        assert_eq!(table.rows[0][3], TableCell::Number(0.0));
        assert_eq!(table.rows[0][1], TableCell::Number(100.0));
    }
}
