//! The NPS page's tables as exported: NPS per period and per category, comments, and the
//! detractors to call back.

use crate::analysis::nps::{NpsSummary, PeriodNps, SegmentNps};
use crate::charts::nps::{group_label, segment_chart_id};
use crate::i18n::Lang;
use crate::pages::table::{Table, TableCell};
use crate::workspace::{NpsView, SurveyCategory};

fn summary_columns(lang: Lang, first: &str) -> Vec<String> {
    [
        first,
        lang.t("Responses", "Risposte"),
        lang.t("Promoters", "Promotori"),
        lang.t("Passives", "Passivi"),
        lang.t("Detractors", "Detrattori"),
        "NPS",
        lang.t("Margin of error (95 %)", "Margine di errore (95 %)"),
    ]
    .map(String::from)
    .to_vec()
}

fn summary_cells(label: &str, s: &NpsSummary) -> Vec<TableCell> {
    vec![
        TableCell::from(label),
        TableCell::Number(f64::from(s.responses)),
        TableCell::Number(f64::from(s.promoters)),
        TableCell::Number(f64::from(s.passives)),
        TableCell::Number(f64::from(s.detractors)),
        TableCell::Number(round(s.nps)),
        TableCell::Number(round(s.margin_of_error)),
    ]
}

/// Three decimals: enough for any check, without binary noise like 30.769230769230766.
fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// NPS per period.
pub fn by_period_table(lang: Lang, points: &[PeriodNps]) -> Table {
    Table {
        id: "nps_by_period",
        title: lang.t("NPS by period", "NPS per periodo").to_string(),
        columns: summary_columns(lang, lang.t("Period", "Periodo")),
        rows: points
            .iter()
            .map(|p| summary_cells(&p.period, &p.summary))
            .collect(),
    }
}

/// NPS per value of one category.
pub fn by_category_table(lang: Lang, category: &SurveyCategory, segments: &[SegmentNps]) -> Table {
    let header = category.name(lang);
    let header = header.as_str();
    Table {
        id: segment_chart_id(category.role),
        title: format!("{} {header}", lang.t("NPS by", "NPS per")),
        columns: summary_columns(lang, header),
        rows: segments
            .iter()
            .map(|s| summary_cells(&s.value, &s.summary))
            .collect(),
    }
}

/// Every comment, detractors first, newest first.
pub fn comments_table(lang: Lang, view: &NpsView) -> Table {
    Table {
        id: "nps_comments",
        title: lang.t("Comments", "Commenti").to_string(),
        columns: [
            lang.t("Date", "Data"),
            lang.t("Score", "Voto"),
            lang.t("Group", "Gruppo"),
            lang.t("Comment", "Commento"),
            lang.t("Name", "Nome"),
            "Email",
            lang.t("File", "File"),
            lang.t("Row", "Riga"),
        ]
        .map(String::from)
        .to_vec(),
        rows: view
            .comments
            .iter()
            .map(|c| {
                vec![
                    TableCell::from(c.date),
                    TableCell::Number(f64::from(c.score)),
                    TableCell::from(group_label(lang, c.group)),
                    TableCell::from(c.comment.as_str()),
                    TableCell::from(c.name.as_deref()),
                    TableCell::from(c.email.as_deref()),
                    TableCell::from(c.source_file.as_str()),
                    TableCell::Number(f64::from(c.source_row)),
                ]
            })
            .collect(),
    }
}

/// Detractors to call back, newest first.
pub fn follow_up_table(lang: Lang, view: &NpsView) -> Table {
    Table {
        id: "nps_follow_up",
        title: lang.t("Who to call back", "Chi richiamare").to_string(),
        columns: [
            lang.t("Date", "Data"),
            lang.t("Score", "Voto"),
            lang.t("Name", "Nome"),
            "Email",
            lang.t("Phone", "Telefono"),
            lang.t("Comment", "Commento"),
            lang.t("File", "File"),
            lang.t("Row", "Riga"),
        ]
        .map(String::from)
        .to_vec(),
        rows: view
            .follow_up
            .iter()
            .map(|f| {
                vec![
                    TableCell::from(f.date),
                    TableCell::Number(f64::from(f.score)),
                    TableCell::from(f.name.as_deref()),
                    TableCell::from(f.email.as_deref()),
                    TableCell::from(f.phone.as_deref()),
                    TableCell::from(f.comment.as_deref()),
                    TableCell::from(f.source_file.as_str()),
                    TableCell::Number(f64::from(f.source_row)),
                ]
            })
            .collect(),
    }
}

/// Every table of the NPS page, in page order.
pub fn page_tables(lang: Lang, view: &NpsView) -> Vec<Table> {
    let mut tables = vec![by_period_table(lang, &view.figures.by_period)];
    for (category, breakdown) in &view.figures.by_category {
        tables.push(by_category_table(lang, category, &breakdown.segments));
    }
    tables.push(comments_table(lang, view));
    tables.push(follow_up_table(lang, view));
    tables
}
