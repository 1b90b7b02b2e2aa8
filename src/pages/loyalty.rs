//! The Loyalty page as data: the headline figures against the period before, what they cover,
//! the retention matrix, the cohort, repeat, segment, tenure and NPS charts, and every table.

use crate::analysis::cohorts::CohortMeasure;
use crate::analysis::goals::GoalKpi;
use crate::analysis::sales::SalesSummary;
use crate::i18n::Lang;
use crate::pages::{
    Block, Kpi, Matrix, MatrixCell, MatrixRow, Page, PageId, Tone, loyalty_tables, note,
};
use crate::workspace::LoyaltyView;

/// A change this small (as a fraction) is shown without colour: it is noise, not news.
const FLAT_CHANGE: f64 = 0.005;

/// How the figures are computed, in the owner's words (the definitions in docs/metrics.md).
pub fn method_text(lang: Lang) -> &'static str {
    lang.t(
        "An order is one order number (receipt, invoice); voided and cancelled orders are left out, refunds and returns lower net revenue on the day they were made and are not orders. Customers are matched by email (ignoring case), else customer number, else phone. Average order = gross order value / orders. Repeat purchase rate = customers with two or more orders in the dates / customers with an order. Days between orders = the median gap between consecutive orders of repeat customers. New customers had their first order ever in the dates; returning ones had ordered before. The change compares with the same number of days just before the start date. A cohort is the customers whose first order fell in a period; retention is the share of them with an order k periods later, revenue per customer their cumulative net revenue divided by the cohort size. RFM scores (1-5) are quintiles of days since the last order, orders and net revenue in the dates; segments follow the R and F scores. A customer is lapsed after more days without an order than the lapse window. NPS per segment counts every answer of the segment's customers in the dates; by NPS group, each customer counts once, in the group of their latest answer.",
        "Un ordine è un numero d'ordine (scontrino, fattura); gli ordini annullati sono esclusi, resi e rimborsi riducono i ricavi netti nel giorno in cui sono stati fatti e non sono ordini. I clienti sono abbinati per email (senza distinguere maiuscole), altrimenti numero cliente, altrimenti telefono. Scontrino medio = valore lordo degli ordini / ordini. Tasso di riacquisto = clienti con due o più ordini nelle date / clienti con un ordine. Giorni tra due ordini = la mediana degli intervalli tra ordini consecutivi dei clienti abituali. I nuovi clienti hanno fatto il primo ordine in assoluto nelle date; quelli di ritorno avevano già ordinato. La variazione confronta con lo stesso numero di giorni subito prima della data di inizio. Una coorte è l'insieme dei clienti con il primo ordine in un periodo; la fidelizzazione è la quota di loro con un ordine k periodi dopo, i ricavi per cliente i loro ricavi netti cumulati divisi per la dimensione della coorte. I punteggi RFM (1-5) sono quintili di giorni dall'ultimo ordine, ordini e ricavi netti nelle date; i segmenti seguono i punteggi R e F. Un cliente è perso dopo più giorni senza ordini della finestra di abbandono. L'NPS per segmento conta ogni risposta dei clienti del segmento nelle date; per gruppo NPS ogni cliente conta una volta, nel gruppo della sua ultima risposta.",
    )
}

/// The charts' and the page's subtitle: dates covered, store and channel when chosen,
/// customers and orders.
pub fn subtitle(lang: Lang, view: &LoyaltyView) -> String {
    let last_day = view.as_of.pred_opt().unwrap_or(view.as_of);
    let from = view
        .filter
        .from
        .unwrap_or(view.date_span.0)
        .max(view.date_span.0);
    let mut parts = vec![format!("{} – {}", lang.date(from), lang.date(last_day))];
    parts.extend(view.filter.store.clone());
    parts.extend(view.filter.channel.clone());
    parts.push(format!(
        "{} {}",
        lang.count(view.summary.customers),
        lang.t("customers", "clienti")
    ));
    parts.push(format!(
        "{} {}",
        lang.count(view.summary.orders),
        lang.t("orders", "ordini")
    ));
    parts.join(" · ")
}

/// How a KPI's figure is written.
#[derive(Clone, Copy)]
enum Format {
    /// A whole number.
    Count,
    /// Two decimals (averages).
    Decimals,
    /// Money in the shop's currency.
    Money,
    /// A fraction as a percentage.
    Percent,
    /// Whole days.
    Days,
}

/// How a KPI's change reads and whether up is good.
#[derive(Clone, Copy)]
enum Change {
    /// Relative change of a count or an amount; up is good.
    Relative,
    /// Change of a rate in percentage points; up is good.
    Points,
    /// Change in days; down is good (customers come back sooner).
    DaysFewerBetter,
}

/// The change from `before` to `now` as text, and its tone.
fn change_text(lang: Lang, now: f64, before: f64, kind: Change) -> (String, Tone) {
    let (text, delta) = match kind {
        Change::Relative => {
            if before == 0.0 {
                return (
                    lang.t("none in the period before", "nessuno nel periodo prima")
                        .to_string(),
                    Tone::Plain,
                );
            }
            let delta = now / before - 1.0;
            (format!("{} %", lang.signed(delta * 100.0, 1)), delta)
        }
        Change::Points => {
            let delta = now - before;
            (format!("{} pt", lang.signed(delta * 100.0, 1)), delta)
        }
        Change::DaysFewerBetter => {
            let delta = now - before;
            (
                format!("{} {}", lang.signed(delta, 0), lang.t("days", "giorni")),
                -delta / before.max(1.0),
            )
        }
    };
    let tone = if delta.abs() < FLAT_CHANGE {
        Tone::Plain
    } else if delta > 0.0 {
        Tone::Good
    } else {
        Tone::Bad
    };
    (text, tone)
}

/// What the changes compare with.
pub fn comparison_note(lang: Lang, view: &LoyaltyView) -> String {
    match &view.previous {
        Some(previous) => {
            let mut text = format!(
                "{} {} – {}",
                lang.t(
                    "Changes compare with the period before:",
                    "Le variazioni sono rispetto al periodo prima:"
                ),
                lang.date(previous.from),
                lang.date(previous.to)
            );
            if previous.partial {
                text.push_str(lang.t(
                    " (it starts before your first order, so it covers less time)",
                    " (inizia prima del primo ordine, quindi copre meno tempo)",
                ));
            }
            text
        }
        None => lang
            .t(
                "Choose a start date to compare each figure with the period before.",
                "Scegli una data di inizio per confrontare ogni valore con il periodo prima.",
            )
            .to_string(),
    }
}

/// The headline cards, each with its change against the period before when there is one;
/// amounts in `currency`.
pub fn kpis(lang: Lang, view: &LoyaltyView, currency: Option<&str>) -> Vec<Kpi> {
    let s = &view.summary;
    let before: Option<&SalesSummary> = view.previous.as_ref().map(|p| &p.summary);
    type Figure = fn(&SalesSummary) -> Option<f64>;
    /// A card: title, its figure, how it is written, how its change reads, a note, its goal.
    type Card<'a> = (&'a str, Figure, Format, Change, Option<String>, GoalKpi);
    let figures: [Card; 9] = [
        (
            lang.t("Customers", "Clienti"),
            |s| Some(f64::from(s.customers)),
            Format::Count,
            Change::Relative,
            None,
            GoalKpi::Customers,
        ),
        (
            lang.t("New customers", "Nuovi clienti"),
            |s| Some(f64::from(s.new_customers)),
            Format::Count,
            Change::Relative,
            Some(
                lang.t("first order ever", "primo ordine in assoluto")
                    .to_string(),
            ),
            GoalKpi::NewCustomers,
        ),
        (
            lang.t("Returning customers", "Clienti di ritorno"),
            |s| Some(f64::from(s.returning_customers)),
            Format::Count,
            Change::Relative,
            Some(
                lang.t("had ordered before", "avevano già ordinato")
                    .to_string(),
            ),
            GoalKpi::ReturningCustomers,
        ),
        (
            lang.t("Orders", "Ordini"),
            |s| Some(f64::from(s.orders)),
            Format::Count,
            Change::Relative,
            None,
            GoalKpi::Orders,
        ),
        (
            lang.t("Net revenue", "Ricavi netti"),
            |s| Some(s.revenue),
            Format::Money,
            Change::Relative,
            Some(format!(
                "{} {}",
                lang.t("refunds", "resi"),
                lang.money(s.refunds, currency)
            )),
            GoalKpi::Revenue,
        ),
        (
            lang.t("Average order", "Scontrino medio"),
            |s| Some(s.average_order_value),
            Format::Money,
            Change::Relative,
            None,
            GoalKpi::AverageOrderValue,
        ),
        (
            lang.t("Orders per customer", "Ordini per cliente"),
            |s| Some(s.purchase_frequency),
            Format::Decimals,
            Change::Relative,
            None,
            GoalKpi::PurchaseFrequency,
        ),
        (
            lang.t("Repeat purchase rate", "Tasso di riacquisto"),
            |s| Some(s.repeat_purchase_rate),
            Format::Percent,
            Change::Points,
            Some(format!(
                "{} {}",
                lang.count(s.repeat_customers),
                lang.t(
                    "bought twice or more in the dates",
                    "hanno comprato più volte nelle date"
                )
            )),
            GoalKpi::RepeatPurchaseRate,
        ),
        (
            lang.t("Days between orders", "Giorni tra due ordini"),
            |s| s.median_days_between_orders,
            Format::Days,
            Change::DaysFewerBetter,
            Some(
                lang.t("median, repeat customers", "mediana, clienti abituali")
                    .to_string(),
            ),
            GoalKpi::MedianDaysBetweenOrders,
        ),
    ];
    let mut kpis: Vec<Kpi> = figures
        .into_iter()
        .map(|(title, figure, format, kind, explanation, goal_kpi)| {
            let now = figure(s);
            let value = now.map_or("–".to_string(), |v| match format {
                Format::Count | Format::Days => lang.number(v, 0),
                Format::Decimals => lang.number(v, 2),
                Format::Money => lang.money(v, currency),
                Format::Percent => lang.percent(v, 1),
            });
            let mut kpi = Kpi::new(title, value).of(goal_kpi);
            if let (Some(now), Some(then)) = (now, before.and_then(figure)) {
                let (text, tone) = change_text(lang, now, then, kind);
                kpi = kpi.line(text, tone);
            }
            if let Some(explanation) = explanation {
                kpi = kpi.line(explanation, Tone::Plain);
            }
            kpi
        })
        .collect();
    kpis.push(
        Kpi::new(
            lang.t("Lapsed customers", "Clienti persi"),
            lang.count(view.lapsed.len() as u64),
        )
        .line(
            format!(
                "{} {} {}",
                lang.t("no order for over", "nessun ordine da oltre"),
                view.lapse_window,
                lang.t("days", "giorni")
            ),
            Tone::Plain,
        )
        .of(GoalKpi::LapsedCustomers),
    );
    kpis
}

/// Said when some order lines have no customer.
pub fn without_customer_note(lang: Lang, view: &LoyaltyView) -> Option<String> {
    (view.lines_without_customer > 0).then(|| {
        format!(
            "{} {}",
            lang.count(view.lines_without_customer as u64),
            lang.t(
                "order lines have no customer: they count in revenue, not in customer figures.",
                "righe d'ordine non hanno un cliente: contano nei ricavi, non nei dati per cliente."
            )
        )
    })
}

/// The cohort matrix of `measure`: one row per first-purchase cohort with its size, one cell
/// per period since, shaded by value; the period still in progress is marked.
pub fn cohort_matrix(lang: Lang, view: &LoyaltyView, measure: CohortMeasure) -> Matrix {
    let width = view
        .cohorts
        .iter()
        .map(|c| c.retention.len())
        .max()
        .unwrap_or(0);
    let in_progress = view.period_in_progress().map(|start| {
        format!(
            "{} {} {} {}",
            lang.period(&view.filter.period.label(start)),
            lang.t(
                "is still in progress: counted up to",
                "è ancora in corso: contato fino al"
            ),
            lang.date(view.as_of.pred_opt().unwrap_or(view.as_of)),
            lang.t(
                "(a low figure here is not yet a drop).",
                "(un valore basso qui non è ancora un calo)."
            ),
        )
    });
    let top = view
        .cohorts
        .iter()
        .flat_map(|c| c.cells(measure).iter().copied())
        .fold(0.0_f64, f64::max);
    let rows = view
        .cohorts
        .iter()
        .map(|cohort| {
            let mark = if cohort.small { " *" } else { "" };
            let cells = cohort.cells(measure);
            MatrixRow {
                label: format!("{}{mark}", lang.period(&cohort.cohort)),
                size: lang.count(cohort.customers),
                cells: cells
                    .iter()
                    .enumerate()
                    .map(|(k, value)| {
                        let (text, strength) = match measure {
                            CohortMeasure::Retention => {
                                (lang.percent(*value, 0), value.clamp(0.0, 1.0))
                            }
                            CohortMeasure::RevenuePerCustomer => (
                                lang.number(*value, 0),
                                if top > 0.0 {
                                    (value / top).clamp(0.0, 1.0)
                                } else {
                                    0.0
                                },
                            ),
                        };
                        MatrixCell {
                            text,
                            strength,
                            // Every row ends in the as-of date's period.
                            in_progress: in_progress.is_some() && k + 1 == cells.len(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let word = crate::charts::loyalty::period_word(lang, view.filter.period);
    let (title, how) = match measure {
        CohortMeasure::Retention => (
            match lang {
                Lang::En => format!("Retention by first-purchase {word}"),
                Lang::It => format!("Fidelizzazione per {word} del primo acquisto"),
            },
            lang.t(
                "Share of each cohort's customers who ordered again 0, 1, 2… periods after their first purchase. Periods still to come are empty; cohorts under 30 customers are marked *.",
                "Quota dei clienti di ogni coorte che hanno ordinato di nuovo 0, 1, 2… periodi dopo il primo acquisto. I periodi futuri sono vuoti; le coorti sotto i 30 clienti sono segnate con *.",
            ),
        ),
        CohortMeasure::RevenuePerCustomer => (
            match lang {
                Lang::En => format!("Revenue per customer by first-purchase {word}"),
                Lang::It => format!("Ricavi per cliente per {word} del primo acquisto"),
            },
            lang.t(
                "Net revenue of each cohort from its first period up to 0, 1, 2… periods later, divided by the cohort's customers (cohort LTV). Cohorts under 30 customers are marked *.",
                "Ricavi netti di ogni coorte dal primo periodo fino a 0, 1, 2… periodi dopo, divisi per i clienti della coorte (LTV di coorte). Le coorti sotto i 30 clienti sono segnate con *.",
            ),
        ),
    };
    let mut columns = vec![
        lang.t("Cohort", "Coorte").to_string(),
        lang.t("Customers", "Clienti").to_string(),
    ];
    columns.extend((0..width).map(|k| format!("+{k}")));
    Matrix {
        table_id: loyalty_tables::cohort_table_id(measure),
        title,
        note: how.to_string(),
        columns,
        rows,
        in_progress,
    }
}

/// The Loyalty page of `view`, amounts in `currency`.
pub fn page(lang: Lang, view: &LoyaltyView, currency: Option<&str>) -> Page {
    let subtitle = subtitle(lang, view);
    let mut blocks = vec![
        note(comparison_note(lang, view)),
        Block::Kpis(kpis(lang, view, currency)),
    ];
    blocks.extend(without_customer_note(lang, view).map(note));
    if view.summary.orders == 0 {
        blocks.push(note(lang.t(
            "No orders in the chosen dates, store and channel.",
            "Nessun ordine nelle date, nel negozio e nel canale scelti.",
        )));
    } else {
        if !view.cohorts.is_empty() {
            blocks.push(Block::Matrix(cohort_matrix(
                lang,
                view,
                CohortMeasure::Retention,
            )));
        }
        blocks.extend(
            crate::charts::loyalty::page_charts(lang, view, &subtitle)
                .into_iter()
                .map(Block::Chart),
        );
    }
    blocks.extend(
        loyalty_tables::page_tables(lang, view)
            .into_iter()
            .map(Block::Table),
    );
    Page {
        id: PageId::Loyalty,
        title: lang.t("Loyalty", "Fedeltà").to_string(),
        subtitle,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_in_percent_points_or_days() {
        assert_eq!(
            change_text(Lang::En, 120.0, 100.0, Change::Relative),
            ("+20.0 %".to_string(), Tone::Good)
        );
        assert_eq!(
            change_text(Lang::It, 0.30, 0.35, Change::Points),
            ("-5,0 pt".to_string(), Tone::Bad)
        );
        // Fewer days between orders is good news.
        assert_eq!(
            change_text(Lang::En, 20.0, 30.0, Change::DaysFewerBetter).1,
            Tone::Good
        );
        assert_eq!(
            change_text(Lang::En, 5.0, 0.0, Change::Relative).1,
            Tone::Plain
        );
        assert_eq!(
            change_text(Lang::En, 100.2, 100.0, Change::Relative).1,
            Tone::Plain
        );
    }

    #[test]
    fn the_subtitle_names_the_dates_customers_and_orders() {
        let view = crate::charts::loyalty::tests::shop_view();
        // The shop's 9 orders of 5 customers, 2025-12-20 to 2026-02-10.
        assert_eq!(
            subtitle(Lang::En, &view),
            "2025-12-20 – 2026-02-10 · 5 customers · 9 orders"
        );
        assert_eq!(
            subtitle(Lang::It, &view),
            "20/12/2025 – 10/02/2026 · 5 clienti · 9 ordini"
        );
    }
}
