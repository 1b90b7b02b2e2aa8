//! The report folder: the KPI summary, every chart as PNG, every table as CSV and XLSX,
//! `summary.json`, and one self-contained `report.html` (images embedded) the owner can email.
//! Made the same way by the window and by `fidelio report`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::charts::Chart;
use crate::export::image::{ImageOptions, chart_image, png_bytes};
use crate::export::table::{csv_bytes, xlsx_bytes};
use crate::figures::Figures;
use crate::i18n::Lang;
use crate::pages::table::{Table, TableCell};
use crate::pages::{Block, Kpi, Matrix, Page, PageId, Tone};
use crate::workspace::Workspace;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The folder already holds files and overwriting was not asked for.
    #[error("{0} is not empty: choose an empty folder, or pass --force to write into it")]
    NotEmpty(PathBuf),
    /// Writing there could change a file that is not the report's: an input, a link's target.
    #[error(
        "{path} is {what}; a report writes only files of its own, so nothing was written over it: choose another folder"
    )]
    Unsafe {
        /// The file the report would have written.
        path: PathBuf,
        /// What is there instead ("one of the files being analysed", "a link").
        what: &'static str,
    },
    /// A file or folder could not be written.
    #[error("{path} could not be written: {reason}")]
    Write {
        /// What was being written.
        path: PathBuf,
        /// The system's reason (no permission, disk full, ...).
        reason: String,
    },
}

impl ReportError {
    /// The reason in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (ReportError::NotEmpty(dir), Lang::It) => {
                format!("{} non è vuota: scegli una cartella vuota", dir.display())
            }
            (ReportError::Unsafe { path, what }, Lang::It) => format!(
                "{} è {}; un rapporto scrive solo file suoi, quindi non ci ha scritto sopra: scegli un'altra cartella",
                path.display(),
                match *what {
                    INPUT => "uno dei file analizzati",
                    LINK => "un collegamento",
                    _ => "qualcosa che non è un file",
                }
            ),
            (ReportError::Write { path, reason }, Lang::It) => {
                format!("impossibile scrivere {}: {reason}", path.display())
            }
        }
    }
}

/// What goes into a report and how it looks.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// Language of titles, labels and tables.
    pub lang: Lang,
    /// Image size, scale and theme; the footer is filled in per report.
    pub image: ImageOptions,
    /// Write into a folder that already has files.
    pub force: bool,
    /// The day the report is made (the export date in footers).
    pub made_on: NaiveDate,
    /// A review to open the report with (the review's report).
    pub review: Option<crate::analysis::review::ReviewEntry>,
    /// The actions marked and the message templates, for the list of what to do.
    pub actions: (
        crate::analysis::actions::ActionLog,
        crate::analysis::actions::Templates,
    ),
}

/// The files a report wrote, relative to its folder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportFiles {
    /// Every file written, in order.
    pub files: Vec<PathBuf>,
}

const INPUT: &str = "one of the files being analysed";
const LINK: &str = "a link";
const NOT_A_FILE: &str = "something other than a file";

/// Writes a report's files, and only those: with `--force` a report replaces the files of an
/// earlier report, but never an input that happens to sit in its folder, never the target of a
/// link found there, never a folder.
struct Writer {
    /// The inputs, as the system names them once links are followed.
    inputs: Vec<PathBuf>,
}

impl Writer {
    fn new(workspace: &Workspace) -> Writer {
        Writer {
            inputs: workspace
                .files
                .iter()
                .filter_map(|f| std::fs::canonicalize(&f.path).ok())
                .collect(),
        }
    }

    /// What is at `path` that a report must not replace.
    fn unsafe_at(&self, path: &Path) -> Option<&'static str> {
        let found = std::fs::symlink_metadata(path).ok()?;
        if found.file_type().is_symlink() {
            Some(LINK)
        } else if !found.is_file() {
            Some(NOT_A_FILE)
        } else if std::fs::canonicalize(path).is_ok_and(|p| self.inputs.contains(&p)) {
            Some(INPUT)
        } else {
            None
        }
    }

    /// A report's folder (or its `charts`, `tables`): made when missing, never a link.
    fn folder(&self, dir: &Path, top: bool) -> Result<(), ReportError> {
        if !top
            && let Ok(found) = std::fs::symlink_metadata(dir)
            && found.file_type().is_symlink()
        {
            return Err(ReportError::Unsafe {
                path: dir.to_path_buf(),
                what: LINK,
            });
        }
        std::fs::create_dir_all(dir).map_err(|e| ReportError::Write {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// Replaces `path` with `bytes` atomically: the file is written beside it and renamed over
    /// it, which replaces a name, never what a link points to.
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
        if let Some(what) = self.unsafe_at(path) {
            return Err(ReportError::Unsafe {
                path: path.to_path_buf(),
                what,
            });
        }
        crate::settings::write_atomic(path, bytes).map_err(|e| ReportError::Write {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }
}

/// Names each id once: the second chart with the same id gets `_2`, and so on.
fn unique_names<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    ids.map(|id| {
        let mut name = id.to_string();
        let mut n = 2;
        while seen.contains(&name) {
            name = format!("{id}_{n}");
            n += 1;
        }
        seen.push(name.clone());
        name
    })
    .collect()
}

/// Writes the report of `workspace`'s `figures` into `dir`: each page's section when its files
/// are loaded, and `summary.json` from the same figures.
/// `progress(done, total)` is called as images are made, the slow part.
pub fn write_report(
    dir: &Path,
    workspace: &Workspace,
    figures: &Figures,
    options: &ReportOptions,
    progress: impl Fn(usize, usize),
) -> Result<ReportFiles, ReportError> {
    let lang = options.lang;
    // A folder that cannot be listed is not taken for an empty one.
    let not_empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(ReportError::Write {
                path: dir.to_path_buf(),
                reason: e.to_string(),
            });
        }
    };
    if not_empty && !options.force {
        return Err(ReportError::NotEmpty(dir.to_path_buf()));
    }
    let writer = Writer::new(workspace);
    for (sub, top) in [
        (dir.to_path_buf(), true),
        (dir.join("charts"), false),
        (dir.join("tables"), false),
    ] {
        writer.folder(&sub, top)?;
    }
    let footer = crate::export::footer(lang, workspace, options.made_on);
    // The pages the window shows, block for block: the report writes what the owner sees.
    let mut pages = crate::pages::build(lang, figures);
    if let Some(page) =
        crate::pages::actions::page(lang, figures, &options.actions.0, &options.actions.1)
    {
        pages.push(page);
    }
    if let Some(review) = &options.review {
        let currency = figures.currency.as_deref();
        pages.insert(0, crate::pages::review::page(lang, review, currency));
    }
    let image_options = ImageOptions {
        footer: footer.clone(),
        ..options.image.clone()
    };
    let charts: Vec<&Chart> = pages.iter().flat_map(Page::charts).collect();
    let chart_names = unique_names(charts.iter().map(|c| c.id));
    let tables: Vec<&Table> = pages.iter().flat_map(Page::tables).collect();
    let table_names = unique_names(tables.iter().map(|t| t.id));
    // Every file's place is checked before the first is written, so a report that must stop
    // (an input or a link where one of its files goes) stops before it has changed anything.
    let planned = ["summary.json", "report.html"]
        .into_iter()
        .map(PathBuf::from)
        .chain(
            chart_names
                .iter()
                .map(|name| PathBuf::from("charts").join(format!("{name}.png"))),
        )
        .chain(table_names.iter().flat_map(|name| {
            ["csv", "xlsx"].map(|ext| PathBuf::from("tables").join(format!("{name}.{ext}")))
        }));
    for relative in planned {
        let path = dir.join(relative);
        if let Some(what) = writer.unsafe_at(&path) {
            return Err(ReportError::Unsafe { path, what });
        }
    }

    let mut written = ReportFiles::default();
    let summary = crate::summary::summary_json(workspace, figures);
    let json = serde_json::to_vec_pretty(&summary).unwrap_or_default();
    writer.write(&dir.join("summary.json"), &json)?;
    written.files.push("summary.json".into());

    let mut pngs = Vec::new();
    for ((chart, name), index) in charts.iter().zip(chart_names).zip(0..) {
        progress(index, charts.len());
        let png =
            png_bytes(&chart_image(chart, &image_options)).map_err(|e| ReportError::Write {
                path: dir.join("charts").join(format!("{name}.png")),
                reason: e.to_string(),
            })?;
        let relative = PathBuf::from("charts").join(format!("{name}.png"));
        writer.write(&dir.join(&relative), &png)?;
        written.files.push(relative);
        pngs.push(png);
    }
    progress(charts.len(), charts.len());

    for (table, name) in tables.iter().zip(&table_names) {
        let csv_path = PathBuf::from("tables").join(format!("{name}.csv"));
        let csv = csv_bytes(table, lang).map_err(|e| ReportError::Write {
            path: dir.join(&csv_path),
            reason: e.to_string(),
        })?;
        writer.write(&dir.join(&csv_path), &csv)?;
        let xlsx_path = PathBuf::from("tables").join(format!("{name}.xlsx"));
        let xlsx = xlsx_bytes(table).map_err(|e| ReportError::Write {
            path: dir.join(&xlsx_path),
            reason: e.to_string(),
        })?;
        writer.write(&dir.join(&xlsx_path), &xlsx)?;
        written.files.extend([csv_path, xlsx_path]);
    }

    let html = report_html(lang, workspace, &pages, &pngs, &footer);
    writer.write(&dir.join("report.html"), html.as_bytes())?;
    written.files.push("report.html".into());
    Ok(written)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Standard base64, for images embedded in the HTML.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn cell_html(lang: Lang, cell: &TableCell) -> String {
    match cell {
        TableCell::Empty => String::new(),
        TableCell::Text(text) => escape(text),
        TableCell::Number(n) if n.fract() == 0.0 => lang.number(*n, 0),
        // Two decimals: money in cents, and every figure exactly as in the CSV beside it.
        TableCell::Number(n) => lang.number(*n, 2),
        TableCell::Date(date) => lang.date(*date),
    }
}

/// Rows shown per table in the HTML; the CSV and XLSX beside it have them all.
const HTML_ROWS: usize = 50;

fn report_html(
    lang: Lang,
    workspace: &Workspace,
    pages: &[Page],
    pngs: &[Vec<u8>],
    footer: &str,
) -> String {
    let mut html = String::new();
    let title = lang.t("Fidelio report", "Report Fidelio");
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}}\
         img{{max-width:100%;border:1px solid #ddd}}table{{border-collapse:collapse;margin:1em 0}}\
         td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}\
         .note{{color:#666;font-size:.9em}}.warning{{color:#b36b00}}.kpis{{display:flex;flex-wrap:wrap;gap:8px}}\
         .kpis div{{background:#f3f5f8;border-radius:6px;padding:8px 12px;min-width:140px}}\
         .kpis b{{display:block;font-size:1.5em}}.kpis .main b{{font-size:2em}}.kpis span{{display:block}}\
         table.matrix td{{text-align:right;white-space:nowrap}}</style>\
         </head><body>\n<h1>{title}</h1>\n<p class=\"note\">{}</p>\n",
        lang.code(),
        escape(footer)
    );
    let _ = writeln!(html, "<h2>{}</h2><ul>", lang.t("Files", "File"));
    for file in &workspace.files {
        let state = match &file.error {
            Some(error) => format!(
                "{}: {}",
                lang.t("not used", "non usato"),
                error.message(lang)
            ),
            None => format!(
                "{} {}, {} {}",
                lang.count(file.rows_used() as u64),
                lang.t("rows used", "righe usate"),
                lang.count(file.rows_skipped() as u64),
                lang.t("skipped", "scartate")
            ),
        };
        let _ = writeln!(html, "<li>{} — {}</li>", escape(&file.name), escape(&state));
    }
    html.push_str("</ul>\n");
    let mut pngs = pngs.iter();
    for id in [
        PageId::Review,
        PageId::Goals,
        PageId::Nps,
        PageId::Loyalty,
        PageId::Engagement,
        PageId::Actions,
    ] {
        match pages.iter().find(|p| p.id == id) {
            Some(page) => page_html(lang, page, &mut pngs, &mut html),
            None => {
                let missing = match id {
                    PageId::Nps => lang.t("No survey answers.", "Nessuna risposta al sondaggio."),
                    PageId::Loyalty => lang.t("No orders loaded.", "Nessun ordine caricato."),
                    PageId::Review | PageId::Goals | PageId::Engagement | PageId::Actions => {
                        continue;
                    }
                };
                let _ = writeln!(html, "<p>{missing}</p>");
            }
        }
    }
    html.push_str("</body></html>\n");
    html
}

/// One page, block by block, as the window shows it; each chart takes the next image.
fn page_html<'a>(
    lang: Lang,
    page: &Page,
    pngs: &mut impl Iterator<Item = &'a Vec<u8>>,
    html: &mut String,
) {
    let _ = writeln!(
        html,
        "<h2>{}</h2><p class=\"note\">{}</p>",
        escape(&page.title),
        escape(&page.subtitle)
    );
    // A matrix is its table shown coloured; the table's CSV and XLSX are beside.
    let shown_as_matrix: Vec<&str> = page
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Matrix(m) => Some(m.table_id),
            _ => None,
        })
        .collect();
    for block in &page.blocks {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(html, "<h3>{}</h3>", escape(text));
            }
            Block::Kpis(kpis) => kpis_html(kpis, html),
            Block::Note { text, warning } => {
                let class = if *warning { "warning" } else { "note" };
                let _ = writeln!(html, "<p class=\"{class}\">{}</p>", escape(text));
            }
            Block::Matrix(matrix) => matrix_html(matrix, html),
            Block::Chart(chart) => {
                let png = pngs.next().map(|p| base64(p)).unwrap_or_default();
                let _ = writeln!(
                    html,
                    "<h3>{}</h3><img alt=\"{}\" src=\"data:image/png;base64,{png}\">",
                    escape(&chart.title),
                    escape(&chart.title),
                );
            }
            Block::Table(table) if shown_as_matrix.contains(&table.id) => {}
            Block::Table(table) => table_html(lang, table, html),
        }
    }
}

/// A tone's colour in the report, the same the window uses.
fn tone_color(tone: Tone) -> Option<&'static str> {
    match tone {
        Tone::Plain => None,
        Tone::Good | Tone::Promoter => Some("#1b9e77"),
        Tone::Bad | Tone::Detractor => Some("#d95f02"),
        Tone::Passive => Some("#808080"),
    }
}

/// Headline figures as tiles.
fn kpis_html(kpis: &[Kpi], html: &mut String) {
    html.push_str("<div class=\"kpis\">");
    for kpi in kpis {
        let class = if kpi.main { " class=\"main\"" } else { "" };
        let _ = write!(
            html,
            "<div{class}>{}<b>{}</b>",
            escape(&kpi.title),
            escape(&kpi.value)
        );
        for (text, tone) in &kpi.lines {
            match tone_color(*tone) {
                Some(color) => {
                    let _ = write!(
                        html,
                        "<span style=\"color:{color}\">{}</span>",
                        escape(text)
                    );
                }
                None => {
                    let _ = write!(html, "<span class=\"note\">{}</span>", escape(text));
                }
            }
        }
        html.push_str("</div>");
    }
    html.push_str("</div>\n");
}

/// A table's first `HTML_ROWS` rows.
fn table_html(lang: Lang, table: &Table, html: &mut String) {
    let _ = write!(html, "<h3>{}</h3><table><tr>", escape(&table.title));
    for column in &table.columns {
        let _ = write!(html, "<th>{}</th>", escape(column));
    }
    html.push_str("</tr>\n");
    for row in table.rows.iter().take(HTML_ROWS) {
        html.push_str("<tr>");
        for cell in row {
            let _ = write!(html, "<td>{}</td>", cell_html(lang, cell));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
    if table.rows.len() > HTML_ROWS {
        let _ = writeln!(
            html,
            "<p class=\"note\">{} {} {} tables/{}.xlsx</p>",
            lang.t("First", "Prime"),
            HTML_ROWS,
            lang.t("rows of", "righe di"),
            table.id
        );
    }
}

/// The background of a matrix cell: the page's blue, deeper for a stronger value, and the
/// text colour that stays readable on it.
fn strength_colors(strength: f64) -> (String, &'static str) {
    let strength = strength.clamp(0.0, 1.0);
    let alpha = 0.15 + 0.85 * strength;
    let text = if strength > 0.45 { "#fff" } else { "#222" };
    (format!("rgba(43,108,176,{alpha:.2})"), text)
}

/// A matrix as the page shows it: each cell coloured by strength, cells still to come empty,
/// the period in progress marked with "…".
fn matrix_html(matrix: &Matrix, html: &mut String) {
    let _ = writeln!(
        html,
        "<h3>{}</h3><p class=\"note\">{}</p>",
        escape(&matrix.title),
        escape(&matrix.note)
    );
    if let Some(text) = &matrix.in_progress {
        let _ = writeln!(html, "<p class=\"note\">… {}</p>", escape(text));
    }
    html.push_str("<table class=\"matrix\"><tr>");
    for column in &matrix.columns {
        let _ = write!(html, "<th>{}</th>", escape(column));
    }
    html.push_str("</tr>\n");
    let width = matrix.columns.len().saturating_sub(2);
    for row in &matrix.rows {
        let _ = write!(
            html,
            "<tr><th>{}</th><td>{}</td>",
            escape(&row.label),
            escape(&row.size)
        );
        for k in 0..width {
            match row.cells.get(k) {
                Some(cell) => {
                    let (background, text) = strength_colors(cell.strength);
                    let mark = if cell.in_progress { "…" } else { "" };
                    let _ = write!(
                        html,
                        "<td style=\"background:{background};color:{text}\">{}{mark}</td>",
                        escape(&cell.text)
                    );
                }
                None => html.push_str("<td></td>"),
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        // RFC 4648 section 10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn repeated_ids_get_numbered_names() {
        let names = unique_names(["a", "b", "a", "a"].into_iter());
        assert_eq!(names, vec!["a", "b", "a_2", "a_3"]);
    }

    #[test]
    fn matrix_cells_darken_with_strength_and_keep_text_readable() {
        assert_eq!(
            strength_colors(1.0),
            ("rgba(43,108,176,1.00)".to_string(), "#fff")
        );
        assert_eq!(
            strength_colors(0.0),
            ("rgba(43,108,176,0.15)".to_string(), "#222")
        );
        assert_eq!(strength_colors(0.2).1, "#222");
    }

    #[test]
    fn html_escapes_what_owners_typed() {
        assert_eq!(
            escape("<b>\"caro\" & co</b>"),
            "&lt;b&gt;&quot;caro&quot; &amp; co&lt;/b&gt;"
        );
    }
}
