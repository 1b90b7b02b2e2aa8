//! Export: chart images rendered on the CPU, tables as CSV and XLSX, the report folder.

pub mod image;
pub mod raster;
pub mod report;
pub mod table;

/// The footer of every exported chart and report: the files the figures come from (refused
/// ones left out) and the day of the export.
pub fn footer(
    lang: crate::i18n::Lang,
    workspace: &crate::workspace::Workspace,
    made_on: chrono::NaiveDate,
) -> String {
    let sources: Vec<&str> = workspace
        .files
        .iter()
        .filter(|f| f.error.is_none())
        .map(|f| f.name.as_str())
        .collect();
    format!(
        "{} · {} {}",
        sources.join(", "),
        lang.t("exported on", "esportato il"),
        lang.date(made_on)
    )
}
