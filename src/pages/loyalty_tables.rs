//! The Loyalty page's tables as exported: customers with their RFM scores, the cohort
//! matrices, segments, tenure buckets, lapsed customers, the repeat rate per period and, when
//! survey answers name customers, NPS per segment and repeat purchase per NPS group.

use crate::analysis::cohorts::CohortMeasure;
use crate::charts::loyalty::{period_word, segment_name, tenure_label};
use crate::charts::nps::{group_label, period_name};
use crate::i18n::Lang;
use crate::pages::table::{Table, TableCell, columns, count, money, percent};
use crate::workspace::LoyaltyView;

/// The customers at `indexes` (into `view.customers`, in that order): the page exports the
/// list the owner filtered, the report every customer.
pub fn customers_table(lang: Lang, view: &LoyaltyView, indexes: &[usize]) -> Table {
    // A name column only when an order file names its customers.
    let named = !view.names.is_empty();
    let mut titles = vec![lang.t("Customer", "Cliente")];
    if named {
        titles.push(lang.t("Name", "Nome"));
    }
    titles.extend([
        lang.t("First order", "Primo ordine"),
        lang.t("Last order", "Ultimo ordine"),
        lang.t("Orders", "Ordini"),
        lang.t("Net revenue", "Ricavi netti"),
        lang.t("Days since last order", "Giorni dall'ultimo ordine"),
        "R",
        "F",
        "M",
        lang.t("Segment", "Segmento"),
    ]);
    Table {
        id: "loyalty_customers",
        title: lang.t("Customers", "Clienti").to_string(),
        columns: columns(&titles),
        rows: indexes
            .iter()
            .filter_map(|&i| view.customers.get(i))
            .map(|c| {
                let mut row = vec![TableCell::from(c.customer.as_str())];
                if named {
                    row.push(TableCell::from(
                        view.names.get(&c.customer).map(String::as_str),
                    ));
                }
                row.extend([
                    TableCell::Date(c.first_order),
                    TableCell::Date(c.last_order),
                    count(c.orders),
                    money(c.net_revenue),
                    TableCell::Number(c.days_since_last_order as f64),
                    count(c.recency_score),
                    count(c.frequency_score),
                    count(c.monetary_score),
                    TableCell::Text(crate::charts::loyalty::segment_text(lang, view, c)),
                ]);
                row
            })
            .collect(),
    }
}

/// The table id of the cohort matrix of `measure`.
pub fn cohort_table_id(measure: CohortMeasure) -> &'static str {
    match measure {
        CohortMeasure::Retention => "loyalty_cohort_retention",
        CohortMeasure::RevenuePerCustomer => "loyalty_cohort_revenue",
    }
}

/// One row per cohort: its size, whether it is a small sample, and one column per period
/// since the first purchase (+0, +1, ...); periods still to come are empty. Retention is in %.
pub fn cohort_table(lang: Lang, view: &LoyaltyView, measure: CohortMeasure) -> Table {
    let width = view
        .cohorts
        .iter()
        .map(|c| c.cells(measure).len())
        .max()
        .unwrap_or(0);
    let word = period_word(lang, view.filter.period);
    let title = match (measure, lang) {
        (CohortMeasure::Retention, Lang::En) => {
            format!("Retention by first-purchase {word} (%)")
        }
        (CohortMeasure::Retention, Lang::It) => {
            format!("Fidelizzazione per {word} del primo acquisto (%)")
        }
        (CohortMeasure::RevenuePerCustomer, Lang::En) => {
            format!("Cumulative revenue per customer by first-purchase {word}")
        }
        (CohortMeasure::RevenuePerCustomer, Lang::It) => {
            format!("Ricavi cumulati per cliente per {word} del primo acquisto")
        }
    };
    let mut names = vec![
        lang.t("Cohort", "Coorte").to_string(),
        lang.t("Customers", "Clienti").to_string(),
        lang.t("Small sample (< 30)", "Campione piccolo (< 30)")
            .to_string(),
    ];
    // "Month +2", not "+2": a header starting with "+" would be neutralised as a formula.
    let period = period_name(lang, view.filter.period);
    names.extend((0..width).map(|k| format!("{period} +{k}")));
    Table {
        id: cohort_table_id(measure),
        title,
        columns: names,
        rows: view
            .cohorts
            .iter()
            .map(|c| {
                let mut row = vec![
                    TableCell::from(c.cohort.as_str()),
                    count(c.customers),
                    TableCell::from(if c.small {
                        lang.t("yes", "sì")
                    } else {
                        lang.t("no", "no")
                    }),
                ];
                let cells = c.cells(measure);
                row.extend((0..width).map(|k| match (cells.get(k), measure) {
                    (None, _) => TableCell::Empty,
                    (Some(v), CohortMeasure::Retention) => percent(*v),
                    (Some(v), CohortMeasure::RevenuePerCustomer) => money(*v),
                }));
                row
            })
            .collect(),
    }
}

/// Customers and net revenue per RFM segment, with their shares, every segment listed.
pub fn segments_table(lang: Lang, view: &LoyaltyView) -> Table {
    let customers: f64 = view.segments.iter().map(|s| f64::from(s.customers)).sum();
    let revenue: f64 = view.segments.iter().map(|s| s.revenue).sum();
    let share = |part: f64, whole: f64| if whole == 0.0 { 0.0 } else { part / whole };
    Table {
        id: "loyalty_segments",
        title: lang.t("RFM segments", "Segmenti RFM").to_string(),
        columns: columns(&[
            lang.t("Segment", "Segmento"),
            lang.t("Customers", "Clienti"),
            lang.t("Share of customers (%)", "Quota dei clienti (%)"),
            lang.t("Net revenue", "Ricavi netti"),
            lang.t("Share of net revenue (%)", "Quota dei ricavi netti (%)"),
        ]),
        rows: view
            .segments
            .iter()
            .map(|s| {
                vec![
                    TableCell::from(segment_name(lang, s.segment)),
                    count(s.customers),
                    percent(share(f64::from(s.customers), customers)),
                    money(s.revenue),
                    percent(share(s.revenue, revenue)),
                ]
            })
            .collect(),
    }
}

/// Customers and net revenue per tenure bucket, with the bucket's bounds in months.
pub fn tenure_table(lang: Lang, view: &LoyaltyView) -> Table {
    Table {
        id: "loyalty_tenure",
        title: lang.t("Tenure", "Anzianità").to_string(),
        columns: columns(&[
            lang.t("Time since the first order", "Tempo dal primo ordine"),
            lang.t("From (months)", "Da (mesi)"),
            lang.t("To (months, excluded)", "A (mesi, escluso)"),
            lang.t("Customers", "Clienti"),
            lang.t("Net revenue", "Ricavi netti"),
        ]),
        rows: view
            .tenure
            .iter()
            .map(|b| {
                vec![
                    TableCell::Text(tenure_label(lang, b)),
                    count(b.from_months),
                    b.to_months.map_or(TableCell::Empty, count),
                    count(b.customers),
                    money(b.revenue),
                ]
            })
            .collect(),
    }
}

/// The lapsed customers, most valuable first: who to win back, with their last order.
pub fn lapsed_table(lang: Lang, view: &LoyaltyView) -> Table {
    Table {
        id: "loyalty_lapsed",
        title: format!(
            "{} ({} {} {})",
            lang.t("Lapsed customers", "Clienti persi"),
            lang.t("no order for over", "nessun ordine da oltre"),
            view.lapse_window,
            lang.t("days", "giorni")
        ),
        columns: columns(&[
            lang.t("Customer", "Cliente"),
            lang.t("Last order", "Ultimo ordine"),
            lang.t("Days since last order", "Giorni dall'ultimo ordine"),
            lang.t("Orders", "Ordini"),
            lang.t("Net revenue", "Ricavi netti"),
            lang.t("Segment", "Segmento"),
        ]),
        rows: view
            .lapsed
            .iter()
            .filter_map(|&i| view.customers.get(i))
            .map(|c| {
                vec![
                    TableCell::from(c.customer.as_str()),
                    TableCell::Date(c.last_order),
                    TableCell::Number(c.days_since_last_order as f64),
                    count(c.orders),
                    money(c.net_revenue),
                    TableCell::from(segment_name(lang, c.segment)),
                ]
            })
            .collect(),
    }
}

/// The repeat purchase rate of each period.
pub fn repeat_rate_table(lang: Lang, view: &LoyaltyView) -> Table {
    Table {
        id: "loyalty_repeat_rate",
        title: lang
            .t(
                "Repeat within each period",
                "Riacquisto nello stesso periodo",
            )
            .to_string(),
        columns: columns(&[
            lang.t("Period", "Periodo"),
            lang.t("Customers", "Clienti"),
            lang.t("Ordered twice or more", "Con due o più ordini"),
            lang.t("Repeat within the period (%)", "Riacquisto nel periodo (%)"),
        ]),
        rows: view
            .repeat_by_period
            .iter()
            .map(|p| {
                vec![
                    TableCell::from(p.period.as_str()),
                    count(p.customers),
                    count(p.repeat_customers),
                    percent(p.rate),
                ]
            })
            .collect(),
    }
}

/// NPS per RFM segment of the customers who answered; `None` without linked answers.
pub fn nps_by_segment_table(lang: Lang, view: &LoyaltyView) -> Option<Table> {
    let survey = view.survey.as_ref()?;
    let round = |v: f64| TableCell::Number((v * 1000.0).round() / 1000.0 + 0.0);
    Some(Table {
        id: "loyalty_nps_by_segment",
        title: lang
            .t("NPS by RFM segment", "NPS per segmento RFM")
            .to_string(),
        columns: columns(&[
            lang.t("Segment", "Segmento"),
            lang.t("Customers who answered", "Clienti che hanno risposto"),
            lang.t("Responses", "Risposte"),
            lang.t("Promoters", "Promotori"),
            lang.t("Passives", "Passivi"),
            lang.t("Detractors", "Detrattori"),
            "NPS",
            lang.t("Margin of error (95 %)", "Margine di errore (95 %)"),
        ]),
        rows: survey
            .by_segment
            .iter()
            .map(|s| {
                vec![
                    TableCell::from(segment_name(lang, s.segment)),
                    count(s.customers),
                    count(s.nps.responses),
                    count(s.nps.promoters),
                    count(s.nps.passives),
                    count(s.nps.detractors),
                    round(s.nps.nps),
                    round(s.nps.margin_of_error),
                ]
            })
            .collect(),
    })
}

/// The repeat purchase rate per NPS group (each customer's latest answer); `None` without
/// linked answers.
pub fn repeat_by_nps_group_table(lang: Lang, view: &LoyaltyView) -> Option<Table> {
    let survey = view.survey.as_ref()?;
    Some(Table {
        id: "loyalty_repeat_by_nps_group",
        title: lang
            .t("Repeat purchase by NPS group", "Riacquisto per gruppo NPS")
            .to_string(),
        columns: columns(&[
            lang.t("Latest answer", "Ultima risposta"),
            lang.t("Customers", "Clienti"),
            lang.t("Ordered twice or more", "Con due o più ordini"),
            lang.t("Repeat purchase rate (%)", "Tasso di riacquisto (%)"),
        ]),
        rows: survey
            .by_group
            .iter()
            .map(|g| {
                vec![
                    TableCell::from(group_label(lang, g.group)),
                    count(g.customers),
                    count(g.repeat_customers),
                    percent(g.rate),
                ]
            })
            .collect(),
    })
}

/// Every table of the Loyalty page, in page order, every customer in the customers table.
pub fn page_tables(lang: Lang, view: &LoyaltyView) -> Vec<Table> {
    let everyone: Vec<usize> = (0..view.customers.len()).collect();
    let mut tables = vec![
        customers_table(lang, view, &everyone),
        cohort_table(lang, view, CohortMeasure::Retention),
        cohort_table(lang, view, CohortMeasure::RevenuePerCustomer),
        segments_table(lang, view),
        tenure_table(lang, view),
        lapsed_table(lang, view),
        repeat_rate_table(lang, view),
    ];
    tables.extend(nps_by_segment_table(lang, view));
    tables.extend(repeat_by_nps_group_table(lang, view));
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sales::tests::date;
    use crate::charts::loyalty::tests::{shop_view, shop_view_with_survey};
    use crate::export::table::csv_bytes;

    fn column(table: &Table, name: &str) -> Vec<TableCell> {
        let at = table.columns.iter().position(|c| c == name).unwrap();
        table.rows.iter().map(|r| r[at].clone()).collect()
    }

    #[test]
    fn the_customers_table_has_a_name_column_only_when_orders_name_customers() {
        let mut view = shop_view();
        let table = customers_table(Lang::En, &view, &[0, 1]);
        assert!(!table.columns.iter().any(|c| c == "Name"));
        let first = view.customers[0].customer.clone();
        view.names.insert(first, "Anna Rossi".to_string());
        let table = customers_table(Lang::It, &view, &[0, 1]);
        assert_eq!(table.columns[1], "Nome");
        assert_eq!(
            column(&table, "Nome"),
            [text("Anna Rossi"), TableCell::Empty]
        );
        assert!(table.rows.iter().all(|r| r.len() == table.columns.len()));
    }

    fn text(value: &str) -> TableCell {
        TableCell::Text(value.to_string())
    }

    #[test]
    fn customers_in_the_order_asked_with_typed_cells() {
        let view = shop_view();
        // view.customers is by net revenue: a, b, c, e, d. Ask for c then a.
        let table = customers_table(Lang::En, &view, &[2, 0]);
        assert_eq!(table.id, "loyalty_customers");
        assert_eq!(table.columns.len(), 10);
        assert!(table.rows.iter().all(|r| r.len() == table.columns.len()));
        assert_eq!(
            table.rows[0],
            vec![
                text("c"),
                TableCell::Date(date(2026, 1, 15)),
                TableCell::Date(date(2026, 1, 15)),
                TableCell::Number(1.0),
                // 60 less the 15 refunded through order o6.
                TableCell::Number(45.0),
                // 2026-01-15 to 2026-02-11.
                TableCell::Number(27.0),
                // R: fifth of five by recency; F: third (1 order, key c after a and b); M third.
                TableCell::Number(1.0),
                TableCell::Number(3.0),
                TableCell::Number(3.0),
                // 27 days without an order, past the view's lapse window of 20.
                text("At risk · lapsed"),
            ]
        );
        assert_eq!(table.rows[1][0], text("a"));
        assert_eq!(table.rows[1][3], TableCell::Number(3.0));
        assert_eq!(table.rows[1][4], TableCell::Number(170.0));
        // a last ordered 22 days before the as-of date, past the window of 20 too.
        assert_eq!(table.rows[1][9], text("Can't lose them · lapsed"));
        let italian = customers_table(Lang::It, &view, &[2]);
        assert_eq!(italian.rows[0][9], text("A rischio · perso"));
        assert_eq!(italian.columns[5], "Giorni dall'ultimo ordine");
        // An index that is not a customer is skipped, not a panic.
        assert_eq!(customers_table(Lang::En, &view, &[99]).rows.len(), 0);
    }

    #[test]
    fn cohort_tables_leave_future_periods_empty() {
        let view = shop_view();
        let retention = cohort_table(Lang::En, &view, CohortMeasure::Retention);
        assert_eq!(retention.id, "loyalty_cohort_retention");
        assert_eq!(
            retention.columns,
            vec![
                "Cohort",
                "Customers",
                "Small sample (< 30)",
                "Month +0",
                "Month +1",
                "Month +2"
            ]
        );
        assert_eq!(
            retention.rows[1],
            vec![
                text("2026-01"),
                TableCell::Number(3.0),
                text("yes"),
                TableCell::Number(100.0),
                // b of b, c, d came back in February.
                TableCell::Number(33.333),
                TableCell::Empty,
            ]
        );
        assert_eq!(retention.rows[0][5], TableCell::Number(0.0));
        let revenue = cohort_table(Lang::It, &view, CohortMeasure::RevenuePerCustomer);
        assert_eq!(revenue.id, "loyalty_cohort_revenue");
        assert_eq!(revenue.columns[2], "Campione piccolo (< 30)");
        assert_eq!(revenue.columns[4], "Mese +1");
        assert_eq!(revenue.rows[1][2], text("sì"));
        // (165 + 25) / 3 = 63.33.
        assert_eq!(
            revenue.rows[1][3..],
            [
                TableCell::Number(55.0),
                TableCell::Number(63.33),
                TableCell::Empty
            ]
        );
        assert_eq!(
            revenue.rows[0][3..],
            [
                TableCell::Number(100.0),
                TableCell::Number(170.0),
                TableCell::Number(170.0)
            ]
        );
    }

    #[test]
    fn segments_list_all_ten_with_shares() {
        let table = segments_table(Lang::En, &shop_view());
        assert_eq!(table.rows.len(), 10);
        assert_eq!(table.rows[0][0], text("Champions"));
        let customers: f64 = column(&table, "Customers")
            .iter()
            .map(|c| match c {
                TableCell::Number(n) => *n,
                _ => panic!("not a number"),
            })
            .sum();
        assert_eq!(customers, 5.0);
        let cant_lose = table
            .rows
            .iter()
            .find(|r| r[0] == text("Can't lose them"))
            .unwrap();
        // a: 1 of 5 customers, 170 of 395 net revenue.
        assert_eq!(
            cant_lose[1..],
            [
                TableCell::Number(1.0),
                TableCell::Number(20.0),
                TableCell::Number(170.0),
                TableCell::Number(43.038),
            ]
        );
    }

    #[test]
    fn tenure_lapsed_and_repeat_rate_tables() {
        let view = shop_view();
        let tenure = tenure_table(Lang::It, &view);
        assert_eq!(
            tenure.rows,
            vec![
                vec![
                    text("0-1 mesi"),
                    TableCell::Number(0.0),
                    TableCell::Number(1.0),
                    TableCell::Number(3.0),
                    TableCell::Number(105.0),
                ],
                vec![
                    text("1 mese +"),
                    TableCell::Number(1.0),
                    TableCell::Empty,
                    TableCell::Number(2.0),
                    TableCell::Number(290.0),
                ],
            ]
        );

        // Over 20 days without an order: a (22 days, 170) before c (27 days, 45).
        let lapsed = lapsed_table(Lang::En, &view);
        assert_eq!(lapsed.title, "Lapsed customers (no order for over 20 days)");
        assert_eq!(column(&lapsed, "Customer"), vec![text("a"), text("c")]);
        assert_eq!(
            column(&lapsed, "Last order"),
            vec![
                TableCell::Date(date(2026, 1, 20)),
                TableCell::Date(date(2026, 1, 15))
            ]
        );
        assert_eq!(
            column(&lapsed, "Net revenue"),
            vec![TableCell::Number(170.0), TableCell::Number(45.0)]
        );

        let repeat = repeat_rate_table(Lang::En, &view);
        assert_eq!(
            repeat.rows[1],
            vec![
                text("2026-01"),
                TableCell::Number(4.0),
                TableCell::Number(1.0),
                TableCell::Number(25.0),
            ]
        );
        assert_eq!(repeat.rows.len(), 3);
    }

    #[test]
    fn survey_tables_only_with_linked_answers() {
        assert!(nps_by_segment_table(Lang::En, &shop_view()).is_none());
        assert!(repeat_by_nps_group_table(Lang::En, &shop_view()).is_none());
        let view = shop_view_with_survey();
        let nps = nps_by_segment_table(Lang::En, &view).unwrap();
        assert_eq!(
            nps.rows[1],
            vec![
                text("Can't lose them"),
                TableCell::Number(1.0),
                TableCell::Number(2.0),
                TableCell::Number(0.0),
                TableCell::Number(0.0),
                TableCell::Number(2.0),
                TableCell::Number(-100.0),
                TableCell::Number(0.0),
            ]
        );
        let groups = repeat_by_nps_group_table(Lang::It, &view).unwrap();
        assert_eq!(groups.rows[1][0], text("Promotori (9-10)"));
        assert_eq!(groups.rows[1][3], TableCell::Number(100.0));
    }

    #[test]
    fn page_tables_and_their_csv() {
        let ids: Vec<&str> = page_tables(Lang::En, &shop_view_with_survey())
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(
            ids,
            vec![
                "loyalty_customers",
                "loyalty_cohort_retention",
                "loyalty_cohort_revenue",
                "loyalty_segments",
                "loyalty_tenure",
                "loyalty_lapsed",
                "loyalty_repeat_rate",
                "loyalty_nps_by_segment",
                "loyalty_repeat_by_nps_group",
            ]
        );
        let tables = page_tables(Lang::It, &shop_view());
        assert_eq!(tables.len(), 7);
        assert_eq!(tables[0].rows.len(), 5);
        // Italian CSV: `;` and decimal commas, dates ISO.
        let csv = String::from_utf8(csv_bytes(&tables[2], Lang::It).unwrap()).unwrap();
        assert!(csv.contains("2026-01;3;sì;55;63,33;"), "{csv}");
    }
}
