//! One file through the whole import: read, find the header, detect kind and roles, apply the
//! owner's mapping, validate. A file that cannot be read becomes an `ImportedFile` with an
//! `error`, never a panic, so the other files go on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::i18n::Lang;

use crate::import::detect::{DetectOptions, Detection, Evidence, Question, detect_with};
use crate::import::engagement::{EngagementError, EngagementRows, validate_engagement};
use crate::import::orders::{OrderColumns, OrderError, OrderRows, validate_orders};
use crate::import::problems::RowProblem;
use crate::import::read::{ReadError, ReadSource, SourceFormat, read_source};
use crate::import::roles::{FileKind, Role};
use crate::import::survey::{SurveyColumns, SurveyError, SurveyResponses, validate_survey};
use crate::import::table::HeadedTable;

/// A file to import: on disk, or already in memory (the demo, or bytes handed over by a caller).
#[derive(Clone, Debug)]
pub enum Source {
    /// A file on disk, read when imported.
    Path(PathBuf),
    /// Bytes with the name (and pretend path) to show for them.
    Bytes {
        /// Name and pretend path shown to the owner.
        path: PathBuf,
        /// The file's content.
        bytes: Arc<[u8]>,
    },
}

impl Source {
    /// The path shown to the owner.
    pub fn path(&self) -> &Path {
        match self {
            Source::Path(path) | Source::Bytes { path, .. } => path,
        }
    }

    /// Imports the file.
    pub fn import(&self, options: &ImportOptions) -> ImportedFile {
        match self {
            Source::Path(path) => import_path(path, options),
            Source::Bytes { path, bytes } => import_bytes(path, bytes, options),
        }
    }
}

/// The file name of `path`, for messages and lists.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Choices that change how a file is read, made by the owner or remembered from earlier files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOptions {
    /// Sheet to read in a spreadsheet; the first sheet with data when `None`.
    pub sheet: Option<String>,
    /// Roles the owner chose before, keyed by header signature (see [`header_signature`]).
    pub mappings: BTreeMap<String, Vec<Role>>,
    /// `ROLE=HEADER` choices that win over detection (the CLI's `--map`). A role only one kind
    /// of file has (an order total, a 0-10 score, stars) settles the kind.
    pub overrides: Vec<(Role, String)>,
    /// What the owner says the file holds (the CLI's `--kind`): wins over detection.
    pub kind: Option<FileKind>,
    /// How detection works (layout recognition can be switched off).
    pub detect: DetectOptions,
    /// The largest file to read, as the owner set it; `None` for a third of the free memory
    /// (see [`super::file::FileLimit`]).
    pub max_file_bytes: Option<u64>,
    /// Hash the file's bytes into [`ImportedFile::stamp`] (the window does, to tell a saved
    /// workspace's file changed; the command line needs no hash and skips the work).
    pub stamp: bool,
}

/// Why a whole file was refused.
#[derive(Clone, Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be opened or read.
    #[error("cannot be opened: {0}")]
    Open(Arc<super::file::FileReadError>),
    /// The bytes could not be read as a table.
    #[error("{0}")]
    Read(Arc<ReadError>),
    /// The survey's score column is unusable.
    #[error("{0}")]
    Survey(#[from] SurveyError),
    /// Detection found nothing Fidelio can analyse.
    #[error(
        "Fidelio could not tell what this file holds (no 0-10 recommendation score, no orders, no engagement columns found); choose the score column on the Data page or with --map score=HEADER"
    )]
    UnknownKind,
    /// The file is nearly understood: one answer from the owner (which column holds a role)
    /// settles it.
    #[error(
        "Fidelio needs one answer to read this file: {} Choose it on the Data page (or with --map {}=HEADER).",
        question_text(*.0),
        .0.as_str()
    )]
    NeedsAnswer(Role),
    /// The orders' date or amount column is missing.
    #[error("{0}")]
    Orders(OrderError),
    /// No engagement layout fits the columns.
    #[error("{0}")]
    Engagement(EngagementError),
    /// Not one row could be used (no usable score, or no readable date in the date column).
    #[error("none of its {0} rows could be used: see the rows not used")]
    NoUsableRows(usize),
    /// Reading it stopped at something no check foresaw (a panic, contained): the file is
    /// taken as damaged, and the other files go on.
    #[error(
        "this file looks damaged: Fidelio stopped reading it at an unexpected problem ({0}); open it in the program that made it, save or export it again and open the new file"
    )]
    Damaged(String),
}

impl FileError {
    /// The reason in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (FileError::Open(reason), Lang::It) => {
                use super::file::{FileReadError, size_text};
                let reason = match reason.as_ref() {
                    FileReadError::Io(error) => error.to_string(),
                    FileReadError::NotAFile("a folder") => "è una cartella, non un file".into(),
                    FileReadError::NotAFile(_) => {
                        "non è un file salvato su disco ma una pipe o un dispositivo".into()
                    }
                    FileReadError::TooBig { size, limit } => format!(
                        "è di {} e Fidelio legge file fino a {}{}",
                        size_text(*size),
                        size_text(limit.bytes),
                        limit.why_it()
                    ),
                };
                format!("non si può aprire: {reason}")
            }
            (FileError::Read(error), Lang::It) => error.message(lang),
            (FileError::Survey(error), Lang::It) => error.message(lang),
            (FileError::Orders(error), Lang::It) => error.message(lang),
            (FileError::Engagement(error), Lang::It) => error.message(lang),
            (FileError::NeedsAnswer(role), Lang::It) => format!(
                "Fidelio ha bisogno di una risposta per leggere questo file: {} Sceglila nella pagina Dati (o con --map {}=INTESTAZIONE).",
                question_text_it(*role),
                role.as_str()
            ),
            (FileError::UnknownKind, Lang::It) => "Fidelio non riesce a capire cosa contiene questo file (nessun voto di raccomandazione 0-10, nessun ordine, nessuna colonna di coinvolgimento); scegli la colonna del voto nella pagina Dati o con --map score=INTESTAZIONE".to_string(),
            (FileError::Damaged(detail), Lang::It) => format!(
                "questo file sembra danneggiato: Fidelio si è fermato a un problema imprevisto ({detail}); aprilo nel programma che l'ha creato, salvalo o esportalo di nuovo e apri il nuovo file"
            ),
            (FileError::NoUsableRows(rows), Lang::It) => {
                format!("nessuna delle sue {rows} righe si può usare: vedi le righe non usate")
            }
        }
    }
}

/// The question for `role`, in English.
pub fn question_text(role: Role) -> &'static str {
    match role {
        Role::OrderTotal => "which column is the amount paid?",
        Role::Score => "which column is the 0-10 answer to \"how likely are you to recommend us\"?",
        Role::Date => "which column is the date?",
        _ => "which column is it?",
    }
}

/// The question for `role`, in Italian.
pub fn question_text_it(role: Role) -> &'static str {
    match role {
        Role::OrderTotal => "quale colonna è l'importo pagato?",
        Role::Score => "quale colonna è la risposta 0-10 a \"quanto ci consiglieresti\"?",
        Role::Date => "quale colonna è la data?",
        _ => "quale colonna è?",
    }
}

/// Everything Fidelio learned from one file.
#[derive(Clone, Debug, Default)]
pub struct ImportedFile {
    /// Tells files apart within a session (set by the app; 0 elsewhere).
    pub id: u64,
    /// Where the file came from (a demo file has a path under `assets/demo`).
    pub path: PathBuf,
    /// The file name shown to the owner.
    pub name: String,
    /// How the bytes were read, when they could be.
    pub format: Option<SourceFormat>,
    /// The headed table, kept so the owner can change roles without reading the file again.
    pub table: Option<Arc<HeadedTable>>,
    /// What the file holds.
    pub kind: FileKind,
    /// The export layout recognised by name.
    pub layout: Option<&'static str>,
    /// Why detection gave each column its role, in column order.
    pub evidence: Vec<Evidence>,
    /// What Fidelio asks the owner to understand the file, while it does not.
    pub question: Option<Question>,
    /// One role per column.
    pub roles: Vec<Role>,
    /// Roles detection chose, before any mapping, so the Data page can show what was changed.
    pub detected_roles: Vec<Role>,
    /// Orders and refunds read from an order export.
    pub orders: Option<Arc<OrderRows>>,
    /// Usable survey answers, for survey files.
    pub survey: Option<Arc<SurveyResponses>>,
    /// Reviews, members, events or posts, for engagement files.
    pub engagement: Option<Arc<EngagementRows>>,
    /// Rows not used, with reasons.
    pub problems: Vec<RowProblem>,
    /// Why the file was refused, when it was.
    pub error: Option<FileError>,
    /// The bytes' size and hash, when [`ImportOptions::stamp`] asked for them.
    pub stamp: Option<FileStamp>,
}

/// What a file's bytes were when read: a saved workspace compares it to tell a changed file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// Size in bytes.
    pub bytes: u64,
    /// BLAKE3 of the bytes, in hex.
    pub hash: String,
}

impl FileStamp {
    /// The stamp of `bytes`.
    pub fn of(bytes: &[u8]) -> FileStamp {
        FileStamp {
            bytes: bytes.len() as u64,
            hash: blake3::hash(bytes).to_hex().to_string(),
        }
    }
}

impl ImportedFile {
    /// Data rows under the header.
    pub fn rows(&self) -> usize {
        self.table.as_ref().map_or(0, |t| t.rows.len())
    }

    /// Rows that fed an analysis.
    pub fn rows_used(&self) -> usize {
        match (&self.survey, self.kind, &self.error) {
            (_, _, Some(_)) => 0,
            (Some(s), _, _) => s.len(),
            (None, FileKind::Survey, _) => 0,
            (None, FileKind::Orders, _) => self.orders.as_ref().map_or(0, |o| o.lines_used),
            (None, FileKind::Engagement, _) => self.engagement.as_ref().map_or(0, |e| e.len()),
            (None, FileKind::Unknown, _) => 0,
        }
    }

    /// Rows left out.
    pub fn rows_skipped(&self) -> usize {
        self.rows() - self.rows_used()
    }

    /// The header names in column order.
    pub fn headers(&self) -> &[String] {
        self.table.as_ref().map_or(&[], |t| t.headers.as_slice())
    }

    /// The header holding `role`, if any.
    pub fn header_for(&self, role: Role) -> Option<&str> {
        let index = self.roles.iter().position(|r| *r == role)?;
        self.headers().get(index).map(String::as_str)
    }

    /// Changes the roles and validates the rows again. A role only one kind of file has,
    /// newly given (an order total, stars), settles the kind: the other columns are then found
    /// again for that kind, and the roles the owner changed stay as chosen. A score column
    /// makes it a survey.
    pub fn set_roles(&mut self, roles: Vec<Role>) {
        // A panic while reading the rows again ends this file with a message, not the program
        // (the window runs this on a thread of its own, and the other files stay).
        if let Err(detail) = super::contain::contain(|| self.apply_roles(roles)) {
            self.survey = None;
            self.orders = None;
            self.engagement = None;
            self.error = Some(FileError::Damaged(detail));
        }
    }

    fn apply_roles(&mut self, roles: Vec<Role>) {
        let changed: Vec<(usize, Role)> = roles
            .iter()
            .enumerate()
            .filter(|(i, role)| self.roles.get(*i) != Some(*role))
            .map(|(i, role)| (i, *role))
            .collect();
        let settled = changed
            .iter()
            .find_map(|(_, role)| FileKind::of_role(*role))
            .or_else(|| roles.contains(&Role::Score).then_some(FileKind::Survey));
        let mut roles = roles;
        if let Some(kind) = settled
            && kind != self.kind
        {
            if let Some(table) = &self.table
                && self.roles.len() == roles.len()
            {
                let options = DetectOptions {
                    kind: Some(kind),
                    ..DetectOptions::default()
                };
                let detected = detect_with(table, &options);
                let mut found = complete_roles(kind, detected.roles, &table.headers);
                // What detection finds for the settled kind is what "undo" goes back to, and
                // only the owner's own choices read as theirs on the Data page.
                self.detected_roles = found.clone();
                for (column, role) in changed {
                    found = with_role(found, column, role);
                }
                self.evidence = detected.evidence;
                self.layout = detected.layout;
                roles = found;
            }
            self.kind = kind;
        }
        self.roles = roles;
        self.validate();
        if self.error.is_none() {
            self.question = None;
        }
    }

    /// The roles with `column` given `role`; a single role moves away from the column that had it.
    pub fn roles_with(&self, column: usize, role: Role) -> Vec<Role> {
        with_role(self.roles.clone(), column, role)
    }

    /// Gives `column` the role `role` and validates again.
    pub fn set_role(&mut self, column: usize, role: Role) {
        let roles = self.roles_with(column, role);
        self.set_roles(roles);
    }

    fn validate(&mut self) {
        self.survey = None;
        self.orders = None;
        self.engagement = None;
        self.problems.clear();
        self.error = None;
        let Some(table) = &self.table else { return };
        if self.kind == FileKind::Orders {
            let mut columns = OrderColumns::from_roles(&self.roles, &table.headers);
            // The layout detection named (none when recognition is off): codes some tools
            // write for statuses are read only for a recognised layout.
            columns.layout = self.layout;
            match validate_orders(table, &columns) {
                Ok((orders, problems)) => {
                    self.problems = problems;
                    if orders.is_empty() {
                        self.error = Some(FileError::NoUsableRows(table.rows.len()));
                    }
                    self.orders = Some(Arc::new(orders));
                }
                Err(OrderError::NoAmountColumn) if self.question.is_some() => {
                    self.error = Some(FileError::NeedsAnswer(Role::OrderTotal));
                }
                Err(error) => self.error = Some(FileError::Orders(error)),
            }
            return;
        }
        if self.kind == FileKind::Engagement {
            match validate_engagement(table, &self.roles, &self.name) {
                Ok((rows, problems)) => {
                    self.problems = problems;
                    if rows.is_empty() {
                        self.error = Some(FileError::NoUsableRows(table.rows.len()));
                    }
                    self.engagement = Some(Arc::new(rows));
                }
                Err(error) => self.error = Some(FileError::Engagement(error)),
            }
            return;
        }
        if self.kind != FileKind::Survey {
            if self.kind == FileKind::Unknown {
                self.error = Some(match &self.question {
                    Some(question) => FileError::NeedsAnswer(question.role),
                    None => FileError::UnknownKind,
                });
            }
            return;
        }
        match validate_survey(table, &SurveyColumns::from_roles(&self.roles)) {
            Ok((responses, problems)) => {
                self.problems = problems;
                if responses.is_empty() {
                    self.error = Some(FileError::NoUsableRows(table.rows.len()));
                }
                self.survey = Some(Arc::new(responses));
            }
            Err(error) => self.error = Some(error.into()),
        }
    }
}

/// Imports a file already in memory (a dropped file, a demo file, a file read by the caller).
pub fn import_bytes(path: &Path, bytes: &[u8], options: &ImportOptions) -> ImportedFile {
    contained(path, || {
        let name = file_name(path);
        let stamp = options.stamp.then(|| FileStamp::of(bytes));
        let read = read_source(&name, bytes, options.sheet.as_deref());
        ImportedFile {
            stamp,
            ..import_read(path, name, read, options)
        }
    })
}

/// `import`'s file, or the file refused as damaged when importing it panicked.
fn contained(path: &Path, import: impl FnOnce() -> ImportedFile) -> ImportedFile {
    super::contain::contain(import).unwrap_or_else(|detail| ImportedFile {
        path: path.to_path_buf(),
        name: file_name(path),
        error: Some(FileError::Damaged(detail)),
        ..ImportedFile::default()
    })
}

/// Detects, maps and validates a table already read (tests rewrite one and import it again).
pub fn import_source(path: &Path, source: ReadSource, options: &ImportOptions) -> ImportedFile {
    contained(path, || {
        import_read(path, file_name(path), Ok(source), options)
    })
}

/// Detects, maps and validates a file that has been read.
fn import_read(
    path: &Path,
    name: String,
    read: Result<ReadSource, ReadError>,
    options: &ImportOptions,
) -> ImportedFile {
    let mut file = ImportedFile {
        path: path.to_path_buf(),
        name,
        ..ImportedFile::default()
    };
    let source = match read {
        Ok(source) => source,
        Err(error) => {
            file.error = Some(FileError::Read(Arc::new(error)));
            return file;
        }
    };
    let overrides: Vec<(usize, Role)> = options
        .overrides
        .iter()
        .filter_map(|(role, header)| {
            find_header(&source.table.headers, header).map(|column| (column, *role))
        })
        .collect();
    // The owner's word settles the kind: --kind, else a role only one kind of file has.
    let settled = options.kind.or_else(|| {
        overrides
            .iter()
            .find_map(|(_, role)| FileKind::of_role(*role))
    });
    let detect_options = DetectOptions {
        kind: settled,
        ..options.detect
    };
    let Detection {
        kind,
        layout,
        roles,
        evidence,
        question,
    } = detect_with(&source.table, &detect_options);
    file.kind = kind;
    file.layout = layout;
    file.evidence = evidence;
    file.question = question;
    let roles = complete_roles(kind, roles, &source.table.headers);
    file.detected_roles = roles.clone();
    let mut roles = match options
        .mappings
        .get(&header_signature(&source.table.headers))
    {
        Some(saved) if saved.len() == roles.len() => saved.clone(),
        _ => roles,
    };
    for (column, role) in overrides {
        roles = with_role(roles, column, role);
    }
    file.format = Some(source.format);
    file.table = Some(Arc::new(source.table));
    // Saved and --map roles count as changes to what detection found, so one that only a
    // kind of file has settles the kind.
    file.roles = file.detected_roles.clone();
    file.set_roles(roles);
    file
}

/// Detection's roles with the columns found by the kind's own readers named too (order-only
/// and engagement columns), so the Data page shows them and the owner can change them.
fn complete_roles(kind: FileKind, roles: Vec<Role>, headers: &[String]) -> Vec<Role> {
    match kind {
        FileKind::Orders => super::orders::with_order_roles(&roles, headers),
        FileKind::Engagement => super::engagement::with_engagement_roles(&roles, headers),
        _ => roles,
    }
}

/// Reads and imports a file from disk; the file is only ever opened for reading.
pub fn import_path(path: &Path, options: &ImportOptions) -> ImportedFile {
    contained(path, || read_and_import(path, options))
}

fn read_and_import(path: &Path, options: &ImportOptions) -> ImportedFile {
    let limit = super::file::FileLimit::new(options.max_file_bytes);
    match super::file::read_file(path, limit) {
        Ok(bytes) => {
            let name = file_name(path);
            let stamp = options.stamp.then(|| FileStamp::of(&bytes));
            // The bytes are given up: a text file's own text can become the table's cells,
            // so a big file is not kept twice.
            let read = read_source(&name, bytes, options.sheet.as_deref());
            ImportedFile {
                stamp,
                ..import_read(path, name, read, options)
            }
        }
        Err(error) => ImportedFile {
            path: path.to_path_buf(),
            name: file_name(path),
            error: Some(FileError::Open(Arc::new(error))),
            ..ImportedFile::default()
        },
    }
}

/// `roles` with `column` given `role`. Every role but "other category" belongs to one column at a
/// time, so it moves away from the column that had it.
fn with_role(mut roles: Vec<Role>, column: usize, role: Role) -> Vec<Role> {
    if column >= roles.len() {
        return roles;
    }
    if role != Role::Ignore && role != Role::Segment {
        for r in roles.iter_mut().filter(|r| **r == role) {
            *r = Role::Ignore;
        }
    }
    roles[column] = role;
    roles
}

/// The column whose header is `wanted`, ignoring case and surrounding spaces (as typed after
/// `--map`).
pub fn find_header(headers: &[String], wanted: &str) -> Option<usize> {
    let wanted = wanted.trim().to_lowercase();
    headers
        .iter()
        .position(|h| h.trim().to_lowercase() == wanted)
}

/// A key for "the same headers", so a mapping the owner chose is reused for the next export.
pub fn header_signature(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn import_text(name: &str, text: &str) -> ImportedFile {
        import_bytes(Path::new(name), text.as_bytes(), &ImportOptions::default())
    }

    #[test]
    fn a_panic_while_importing_refuses_that_file_as_damaged_and_the_next_is_read() {
        let refused = contained(Path::new("broken.xlsx"), || panic!("record 7 is short"));
        assert_eq!(refused.name, "broken.xlsx");
        let error = refused.error.expect("refused");
        assert!(matches!(error, FileError::Damaged(_)), "{error:?}");
        let message = error.message(Lang::En);
        assert!(
            message.starts_with("this file looks damaged: Fidelio stopped reading it at an unexpected problem (record 7 is short at "),
            "{message}"
        );
        assert!(
            error
                .message(Lang::It)
                .starts_with("questo file sembra danneggiato")
        );
        let next = import_text("a.csv", "Date,Score\n2026-03-01,9\n2026-03-02,3\n");
        assert!(next.error.is_none());
        assert_eq!(next.survey.unwrap().score, vec![9, 3]);
    }

    #[test]
    fn scores_written_as_decimals_are_detected_and_counted() {
        // pandas and Google Sheets write 9.0; Italian Excel writes 9,0. No header names a
        // score, so the values alone must say it.
        for (name, text) in [
            (
                "pandas.csv",
                "Date,Q1\n2026-03-01,9.0\n2026-03-02,10.0\n2026-03-03,3.0\n2026-03-04,7.0\n",
            ),
            (
                "excel_it.csv",
                "Data;Q1\n01/03/2026;9,0\n02/03/2026;10,0\n03/03/2026;3,0\n04/03/2026;7,0\n",
            ),
            (
                "out_of_ten.csv",
                "Date,Q1\n2026-03-01,9/10\n2026-03-02,10/10\n2026-03-03,3/10\n2026-03-04,7/10\n",
            ),
        ] {
            let file = import_text(name, text);
            assert!(file.error.is_none(), "{name}: {:?}", file.error);
            assert_eq!(file.kind, FileKind::Survey, "{name}");
            assert_eq!(file.header_for(Role::Score), Some("Q1"), "{name}");
            let survey = file.survey.as_ref().unwrap();
            assert_eq!(survey.score, vec![9, 10, 3, 7], "{name}");
        }
    }

    fn with_override(role: Role, header: &str) -> ImportOptions {
        ImportOptions {
            overrides: vec![(role, header.to_string())],
            ..ImportOptions::default()
        }
    }

    #[test]
    fn a_chosen_date_column_detection_would_not_take_keeps_its_good_dates() {
        // Two of five cells are dates: too few for detection, but the owner chose the column.
        let text = "Visita;Voto\n05/03/2026;9\nieri;10\n13/03/2026;3\nboh;7\n?? ;8\n";
        let file = import_bytes(
            Path::new("visite.csv"),
            text.as_bytes(),
            &with_override(Role::Date, "Visita"),
        );
        assert!(file.error.is_none(), "{:?}", file.error);
        let survey = file.survey.as_ref().unwrap();
        assert_eq!(survey.score, vec![9, 3]);
        assert_eq!(
            survey.date,
            vec![
                NaiveDate::from_ymd_opt(2026, 3, 5),
                NaiveDate::from_ymd_opt(2026, 3, 13)
            ]
        );
        let rows: Vec<usize> = file.problems.iter().map(|p| p.row).collect();
        assert_eq!(rows, vec![2, 4, 5]);
        assert_eq!(
            file.problems[0].reason.message(Lang::En),
            "'ieri' is not a date (expected dd/mm/yyyy)"
        );
    }

    #[test]
    fn a_file_left_empty_by_its_dates_says_so_not_that_scores_are_missing() {
        let text = "Visita;Voto\nieri;9\noggi;10\n";
        let file = import_bytes(
            Path::new("visite.csv"),
            text.as_bytes(),
            &with_override(Role::Date, "Visita"),
        );
        let error = file.error.as_ref().unwrap();
        assert!(matches!(error, FileError::NoUsableRows(2)), "{error:?}");
        assert_eq!(
            error.message(Lang::En),
            "none of its 2 rows could be used: see the rows not used"
        );
        assert_eq!(
            error.message(Lang::It),
            "nessuna delle sue 2 righe si può usare: vedi le righe non usate"
        );
        assert!(
            file.problems
                .iter()
                .all(|p| p.column == "Visita" && p.reason.message(Lang::En).contains("not a date"))
        );
    }

    #[test]
    fn excel_serial_dates_under_a_date_header_are_read_from_sheets_and_csv() {
        // 46082 is 2026-03-01 and 46086 is 2026-03-05; .39 of a day is 09:21:36.
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (col, header) in ["Data", "Voto"].into_iter().enumerate() {
            sheet.write_string(0, col as u16, header).unwrap();
        }
        for (row, (serial, score)) in [(46082.39, 9), (46086.0, 4), (46086.75, 10)]
            .into_iter()
            .enumerate()
        {
            sheet.write_number(row as u32 + 1, 0, serial).unwrap();
            sheet.write_number(row as u32 + 1, 1, score).unwrap();
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let sheet_file = import_bytes(Path::new("general.xlsx"), &bytes, &ImportOptions::default());
        let csv_file = import_text(
            "general.csv",
            "Data;Voto\n46082,39;9\n46086;4\n46086.75;10\n",
        );
        for file in [sheet_file, csv_file] {
            assert!(file.error.is_none(), "{}: {:?}", file.name, file.error);
            assert_eq!(file.header_for(Role::Date), Some("Data"), "{}", file.name);
            assert!(
                file.problems.is_empty(),
                "{}: {:?}",
                file.name,
                file.problems
            );
            let survey = file.survey.as_ref().unwrap();
            let march = |d| NaiveDate::from_ymd_opt(2026, 3, d);
            assert_eq!(
                survey.date,
                vec![march(1), march(5), march(5)],
                "{}",
                file.name
            );
        }
    }

    #[test]
    fn rows_after_a_blank_line_keep_the_numbers_the_owner_sees() {
        // Line 1 is the header, so data row N is line N + 1; line 4 is blank.
        let text = "Data;Voto\n01/03/2026;9\n02/03/2026;8\n\n04/03/2026;\n05/03/2026;11\n";
        let file = import_text("righe.csv", text);
        assert_eq!(file.rows(), 5);
        let found: Vec<(usize, String)> = file
            .problems
            .iter()
            .map(|p| (p.row, p.reason.message(Lang::En)))
            .collect();
        assert_eq!(
            found,
            vec![
                (3, "empty row".to_string()),
                (4, "blank score: not a response".to_string()),
                (5, "score 11 is outside 0-10".to_string()),
            ]
        );
    }

    #[test]
    fn star_ratings_written_as_decimals_are_still_refused() {
        let rows: String = (0..12)
            .map(|i| format!("0{}/03/2026;{}.0\n", i % 9 + 1, i % 5 + 1))
            .collect();
        let file = import_text("stelle.csv", &format!("Data;Voto\n{rows}"));
        assert!(
            matches!(
                file.error,
                Some(FileError::Survey(SurveyError::NotZeroToTen {
                    min: 1,
                    max: 5,
                    ..
                }))
            ),
            "{:?}",
            file.error
        );
    }
}
