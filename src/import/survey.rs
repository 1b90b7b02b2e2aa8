//! Turns a headed table with column roles into validated survey responses: one 0-10 score per
//! usable row, its date, contact and categories. Every row left out is reported with its row
//! number, column and reason; a score column that is not on a 0-10 scale is refused whole.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::analysis::nps;
use crate::i18n::Lang;
use crate::import::problems::{ProblemReason, RowProblem};
use crate::import::roles::Role;
use crate::import::table::{CellRef, HeadedTable};
use crate::import::values::{
    DateOrder, ScoreValue, Serials, best_date_order, detect_date_order, is_missing, parse_datetime,
    parse_score,
};

/// Why a survey file cannot be used at all.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum SurveyError {
    /// No column has the score role.
    #[error(
        "no column holds the 0-10 recommendation score; choose it on the Data page (or --map score=HEADER)"
    )]
    NoScoreColumn,
    /// The score column is on another scale.
    #[error(
        "column '{column}' holds values from {min} to {max}, not a 0-10 recommendation score: an NPS needs the 0-10 question, and Fidelio does not rescale other scales"
    )]
    NotZeroToTen {
        /// Header of the refused column.
        column: String,
        /// Lowest value found.
        min: i64,
        /// Highest value found.
        max: i64,
    },
    /// The score column holds mostly things that are not whole numbers.
    #[error(
        "column '{column}' does not hold 0-10 scores: {bad} of its {filled} values are not whole numbers from 0 to 10"
    )]
    NotScores {
        /// Header of the refused column.
        column: String,
        /// Values that are not 0-10 whole numbers.
        bad: usize,
        /// Non-empty values.
        filled: usize,
    },
}

impl SurveyError {
    /// The reason in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (SurveyError::NoScoreColumn, Lang::It) => "nessuna colonna contiene il voto di raccomandazione 0-10; sceglila nella pagina Dati (o con --map score=INTESTAZIONE)".to_string(),
            (SurveyError::NotZeroToTen { column, min, max }, Lang::It) => format!(
                "la colonna '{column}' contiene valori da {min} a {max}, non un voto di raccomandazione 0-10: l'NPS richiede la domanda 0-10, e Fidelio non converte altre scale"
            ),
            (SurveyError::NotScores { column, bad, filled }, Lang::It) => format!(
                "la colonna '{column}' non contiene voti 0-10: {bad} dei suoi {filled} valori non sono numeri interi da 0 a 10"
            ),
        }
    }
}

/// The columns of a survey file, by role, as indexes into the headed table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurveyColumns {
    /// The 0-10 score.
    pub score: Option<usize>,
    /// When the answer was given.
    pub date: Option<usize>,
    /// Why.
    pub comment: Option<usize>,
    /// Contact: email.
    pub email: Option<usize>,
    /// Contact: name.
    pub name: Option<usize>,
    /// Contact: phone.
    pub phone: Option<usize>,
    /// Customer number.
    pub customer_id: Option<usize>,
    /// Categories to compare NPS by, with the role that named them.
    pub categories: Vec<(Role, usize)>,
}

impl SurveyColumns {
    /// Reads the column roles (one per column) into named fields; the first column of a role wins.
    pub fn from_roles(roles: &[Role]) -> SurveyColumns {
        let first = |role: Role| roles.iter().position(|r| *r == role);
        SurveyColumns {
            score: first(Role::Score),
            date: first(Role::Date),
            comment: first(Role::Comment),
            email: first(Role::Email),
            name: first(Role::Name),
            phone: first(Role::Phone),
            customer_id: first(Role::CustomerId),
            categories: roles
                .iter()
                .enumerate()
                .filter(|(_, r)| r.is_category())
                .map(|(i, r)| (*r, i))
                .collect(),
        }
    }
}

/// The usable answers of one survey file, column by column, ready to become a polars frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurveyResponses {
    /// 0-10 scores.
    pub score: Vec<i32>,
    /// Answer dates (UTC date after any time zone offset), when the file has dates.
    pub date: Vec<Option<NaiveDate>>,
    /// Comments.
    pub comment: Vec<Option<String>>,
    /// Emails, trimmed and lower-cased.
    pub email: Vec<Option<String>>,
    /// Names.
    pub name: Vec<Option<String>>,
    /// Phone numbers as written.
    pub phone: Vec<Option<String>>,
    /// The customer key of metrics.md (email, else customer id, else phone digits), the same
    /// key orders use, so an answer can be matched to the customer's orders.
    pub customer: Vec<Option<String>>,
    /// 1-based data-row numbers in the source file.
    pub source_row: Vec<u32>,
    /// Category columns keyed by frame column name (`store`, `channel`, `segment`).
    pub categories: BTreeMap<String, Vec<Option<String>>>,
    /// The date order the date column was read with.
    pub date_order: Option<DateOrder>,
}

impl SurveyResponses {
    /// How many usable answers.
    pub fn len(&self) -> usize {
        self.score.len()
    }

    /// True when no row could be used.
    pub fn is_empty(&self) -> bool {
        self.score.is_empty()
    }
}

fn text_of(cell: CellRef<'_>) -> Option<String> {
    if is_missing(cell) {
        None
    } else {
        Some(cell.display().trim().to_string())
    }
}

/// Refuses a score column that is not on the 0-10 scale, looking at the whole column.
fn check_scale(table: &HeadedTable, column: usize) -> Result<(), SurveyError> {
    let header = table.headers[column].clone();
    let mut filled = 0usize;
    let mut bad = 0usize;
    let mut min = i64::MAX;
    let mut max = i64::MIN;
    for cell in table.column(column) {
        if is_missing(cell) {
            continue;
        }
        filled += 1;
        match parse_score(cell).and_then(ScoreValue::whole) {
            Some(n) => {
                min = min.min(n);
                max = max.max(n);
                if !(0..=10).contains(&n) {
                    bad += 1;
                }
            }
            None => bad += 1,
        }
    }
    if filled == 0 {
        return Ok(());
    }
    if bad * 2 > filled {
        if min <= max && max > 10 {
            return Err(SurveyError::NotZeroToTen {
                column: header,
                min,
                max,
            });
        }
        return Err(SurveyError::NotScores {
            column: header,
            bad,
            filled,
        });
    }
    // A whole column of 1-5 answers is a star rating: enough answers that a real 0-10 survey
    // would have shown a 0 or something above 5.
    if filled - bad >= 10 && min >= 1 && max <= 5 {
        return Err(SurveyError::NotZeroToTen {
            column: header,
            min,
            max,
        });
    }
    Ok(())
}

/// Validates every row of a survey table. Rows without a usable score or date are left out and
/// reported; the file as a whole is refused only when its score column is not a 0-10 score.
pub fn validate_survey(
    table: &HeadedTable,
    columns: &SurveyColumns,
) -> Result<(SurveyResponses, Vec<RowProblem>), SurveyError> {
    let score_col = columns.score.ok_or(SurveyError::NoScoreColumn)?;
    check_scale(table, score_col)?;
    // The date column was chosen (by detection or by the owner), so its order is the one that
    // reads the most cells, with no threshold: good dates are read, bad ones reported.
    let date_order = columns.date.and_then(|c| best_date_order(table.column(c)));
    // A partial answer has no "Date Submitted" but was started on a day: another column that
    // holds dates dates the rows the chosen one leaves blank.
    // Looked for only when the chosen column has a blank: most files have none.
    let fallback = columns
        .date
        .filter(|&chosen| table.column(chosen).any(is_missing))
        .and_then(|chosen| {
            (0..table.headers.len())
                .filter(|&c| c != chosen && Some(c) != columns.score)
                .find_map(|c| {
                    detect_date_order(table.column(c).take(2_000), Serials::AreNumbers)
                        .and_then(|_| best_date_order(table.column(c)))
                        .map(|order| (c, order))
                })
        });
    let mut out = SurveyResponses {
        date_order,
        ..SurveyResponses::default()
    };
    let mut problems = Vec::new();
    let category_names: Vec<(String, usize)> = columns
        .categories
        .iter()
        .map(|(role, i)| (category_column(*role, &table.headers[*i]), *i))
        .collect();
    for (name, _) in &category_names {
        out.categories.entry(name.clone()).or_default();
    }
    let score_header = &table.headers[score_col];

    for (index, row) in table.rows.iter().enumerate() {
        let row_number = index + 1;
        if row.iter().all(CellRef::is_empty) {
            problems.push(RowProblem::new(row_number, "", ProblemReason::EmptyRow));
            continue;
        }
        let cell = |c: usize| row.get(c).unwrap_or_default();
        let score_cell = cell(score_col);
        let score = if is_missing(score_cell) {
            problems.push(RowProblem::new(
                row_number,
                score_header,
                ProblemReason::BlankScore,
            ));
            continue;
        } else {
            match parse_score(score_cell).and_then(ScoreValue::whole) {
                Some(n) if (0..=10).contains(&n) => n as i32,
                Some(n) => {
                    problems.push(RowProblem::new(
                        row_number,
                        score_header,
                        ProblemReason::ScoreOutOfRange(n),
                    ));
                    continue;
                }
                None => {
                    problems.push(RowProblem::new(
                        row_number,
                        score_header,
                        ProblemReason::NotAScore(score_cell.display()),
                    ));
                    continue;
                }
            }
        };
        let date = match columns.date {
            None => None,
            Some(c) => {
                let date_cell = cell(c);
                let parsed = date_order
                    .and_then(|order| parse_datetime(date_cell, order))
                    .or_else(|| {
                        let (other, order) = fallback?;
                        is_missing(date_cell)
                            .then(|| parse_datetime(cell(other), order))
                            .flatten()
                    });
                match parsed {
                    Some(dt) => Some(dt.date()),
                    None => {
                        let reason = if is_missing(date_cell) {
                            ProblemReason::BlankDate
                        } else {
                            ProblemReason::NotADate {
                                value: date_cell.display(),
                                expected: date_order,
                            }
                        };
                        problems.push(RowProblem::new(row_number, &table.headers[c], reason));
                        continue;
                    }
                }
            }
        };
        let text = |c: Option<usize>| c.and_then(|c| text_of(cell(c)));
        out.score.push(score);
        out.date.push(date);
        out.comment.push(text(columns.comment));
        out.email
            .push(text(columns.email).map(|e| e.to_lowercase()));
        out.name.push(text(columns.name));
        out.phone.push(text(columns.phone));
        out.customer.push(super::orders::customer_key(
            text(columns.email).as_deref(),
            text(columns.customer_id).as_deref(),
            text(columns.phone).as_deref(),
        ));
        out.source_row.push(row_number as u32);
        for (name, c) in &category_names {
            if let Some(values) = out.categories.get_mut(name) {
                values.push(text_of(cell(*c)));
            }
        }
    }
    Ok((out, problems))
}

/// The frame column a category is kept in. Stores and channels from every file share one
/// column; each other category keeps its own, named after its header, since several columns can
/// be "other category" at once.
pub fn category_column(role: Role, header: &str) -> String {
    match role {
        Role::Segment => format!("segment: {}", header.trim()),
        other => other.as_str().to_string(),
    }
}

/// Days from 1970-01-01, the representation of polars `Date`.
pub(crate) fn epoch_days(date: NaiveDate) -> i32 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days() as i32
}

/// Builds the responses frame the NPS analysis reads, appending several files' answers; a
/// category missing from one file is null for its rows.
pub fn responses_frame(files: &[(&str, &SurveyResponses)]) -> PolarsResult<DataFrame> {
    let mut category_names: Vec<String> = files
        .iter()
        .flat_map(|(_, r)| r.categories.keys().cloned())
        .collect();
    category_names.sort();
    category_names.dedup();

    let mut score = Vec::new();
    let mut date: Vec<Option<i32>> = Vec::new();
    let mut comment = Vec::new();
    let mut email = Vec::new();
    let mut name = Vec::new();
    let mut phone = Vec::new();
    let mut customer = Vec::new();
    let mut source_file = Vec::new();
    let mut source_row = Vec::new();
    let mut categories: Vec<Vec<Option<String>>> = vec![Vec::new(); category_names.len()];
    for (file, r) in files {
        score.extend_from_slice(&r.score);
        date.extend(r.date.iter().map(|d| d.map(epoch_days)));
        comment.extend(r.comment.iter().cloned());
        email.extend(r.email.iter().cloned());
        name.extend(r.name.iter().cloned());
        phone.extend(r.phone.iter().cloned());
        customer.extend(r.customer.iter().cloned());
        source_file.extend(std::iter::repeat_n(file.to_string(), r.len()));
        source_row.extend_from_slice(&r.source_row);
        for (values, cat) in categories.iter_mut().zip(&category_names) {
            match r.categories.get(cat) {
                Some(v) => values.extend(v.iter().cloned()),
                None => values.extend(std::iter::repeat_n(None, r.len())),
            }
        }
    }
    let mut columns: Vec<Column> = vec![
        Column::new(nps::SCORE.into(), score),
        Column::new(nps::DATE.into(), date).cast(&DataType::Date)?,
        Column::new(nps::COMMENT.into(), comment),
        Column::new(nps::EMAIL.into(), email),
        Column::new(nps::NAME.into(), name),
        Column::new(nps::PHONE.into(), phone),
        Column::new(nps::CUSTOMER.into(), customer),
        Column::new(nps::SOURCE_FILE.into(), source_file),
        Column::new(nps::SOURCE_ROW.into(), source_row),
    ];
    for (values, cat) in categories.into_iter().zip(&category_names) {
        columns.push(Column::new(cat.as_str().into(), values));
    }
    DataFrame::new_infer_height(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str], rows: &[&[&str]]) -> HeadedTable {
        HeadedTable::from_text_rows(headers, rows)
    }

    fn columns(roles: &[Role]) -> SurveyColumns {
        SurveyColumns::from_roles(roles)
    }

    #[test]
    fn unusable_rows_are_reported_with_row_column_and_reason() {
        let t = table(
            &["Data", "Voto"],
            &[
                &["13/02/2026", "9"],
                &["14/02/2026", ""],
                &["15/02/2026", "11"],
                &["16/02/2026", "dieci"],
                &["32/13/2026", "8"],
                &["", "7"],
                &["17/02/2026", "9.5"],
                &["18/02/2026", "10 - Molto probabile"],
            ],
        );
        let (answers, problems) =
            validate_survey(&t, &columns(&[Role::Date, Role::Score])).unwrap();
        assert_eq!(answers.score, vec![9, 10]);
        assert_eq!(answers.source_row, vec![1, 8]);
        assert_eq!(answers.date[0], NaiveDate::from_ymd_opt(2026, 2, 13));
        let found: Vec<(usize, &str, ProblemReason)> = problems
            .iter()
            .map(|p| (p.row, p.column.as_str(), p.reason.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, "Voto", ProblemReason::BlankScore),
                (3, "Voto", ProblemReason::ScoreOutOfRange(11)),
                (4, "Voto", ProblemReason::NotAScore("dieci".into())),
                (
                    5,
                    "Data",
                    ProblemReason::NotADate {
                        value: "32/13/2026".into(),
                        expected: Some(DateOrder::Dmy)
                    }
                ),
                (6, "Data", ProblemReason::BlankDate),
                (7, "Voto", ProblemReason::NotAScore("9.5".into())),
            ]
        );
    }

    #[test]
    fn whole_scores_with_a_zero_decimal_part_or_out_of_ten_are_scores() {
        let t = table(
            &["Data", "Voto"],
            &[
                &["13/02/2026", "9.0"],
                &["14/02/2026", "10,0"],
                &["15/02/2026", "6,00"],
                &["16/02/2026", "8/10"],
                &["17/02/2026", "9,5"],
            ],
        );
        let (answers, problems) =
            validate_survey(&t, &columns(&[Role::Date, Role::Score])).unwrap();
        assert_eq!(answers.score, vec![9, 10, 6, 8]);
        assert_eq!(
            problems,
            vec![RowProblem::new(
                5,
                "Voto",
                ProblemReason::NotAScore("9,5".into())
            )]
        );
    }

    #[test]
    fn a_chosen_date_column_with_few_dates_reads_them_and_reports_the_rest() {
        let t = table(
            &["Quando", "Voto"],
            &[
                &["ieri", "9"],
                &["13/02/2026", "10"],
                &["la settimana scorsa", "7"],
                &["boh", "3"],
            ],
        );
        let (answers, problems) =
            validate_survey(&t, &columns(&[Role::Date, Role::Score])).unwrap();
        assert_eq!(answers.score, vec![10]);
        assert_eq!(answers.date, vec![NaiveDate::from_ymd_opt(2026, 2, 13)]);
        assert_eq!(answers.date_order, Some(DateOrder::Dmy));
        let rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
        assert_eq!(rows, vec![1, 3, 4]);
    }

    #[test]
    fn an_empty_row_is_reported_as_empty_not_as_a_blank_score() {
        let t = table(
            &["Data", "Voto", "Commento"],
            &[
                &["13/02/2026", "9", ""],
                &["", "", ""],
                &["14/02/2026", "", "nessun voto"],
            ],
        );
        let (answers, problems) =
            validate_survey(&t, &columns(&[Role::Date, Role::Score, Role::Comment])).unwrap();
        assert_eq!(answers.source_row, vec![1]);
        assert_eq!(
            problems,
            vec![
                RowProblem::new(2, "", ProblemReason::EmptyRow),
                RowProblem::new(3, "Voto", ProblemReason::BlankScore),
            ]
        );
    }

    #[test]
    fn a_column_of_one_to_five_is_refused_but_a_few_low_scores_are_not() {
        let stars: Vec<[&str; 1]> = (0..12)
            .map(|i| [["1", "2", "3", "4", "5"][i % 5]])
            .collect();
        let rows: Vec<&[&str]> = stars.iter().map(|r| r.as_slice()).collect();
        let error =
            validate_survey(&table(&["Stelle"], &rows), &columns(&[Role::Score])).unwrap_err();
        assert_eq!(
            error,
            SurveyError::NotZeroToTen {
                column: "Stelle".into(),
                min: 1,
                max: 5
            }
        );
        assert!(error.message(Lang::It).contains("non converte"));
        // Three unhappy answers are a tiny 0-10 survey, not a star rating.
        let few = table(&["Voto"], &[&["3"], &["5"], &["2"]]);
        assert_eq!(
            validate_survey(&few, &columns(&[Role::Score]))
                .unwrap()
                .0
                .len(),
            3
        );
        // A 1-100 scale is refused whole.
        let percent = table(&["Score"], &[&["80"], &["95"], &["60"]]);
        assert!(matches!(
            validate_survey(&percent, &columns(&[Role::Score])),
            Err(SurveyError::NotZeroToTen {
                min: 60,
                max: 95,
                ..
            })
        ));
        assert_eq!(
            validate_survey(&percent, &columns(&[Role::Ignore])),
            Err(SurveyError::NoScoreColumn)
        );
    }

    #[test]
    fn several_other_categories_keep_their_own_columns() {
        let t = table(
            &["Voto", "Prodotto", "Campagna", "Negozio"],
            &[&["9", "Tè", "Natale", "Milano"]],
        );
        let roles = [Role::Score, Role::Segment, Role::Segment, Role::Store];
        let (answers, _) = validate_survey(&t, &columns(&roles)).unwrap();
        let frame = responses_frame(&[("a.csv", &answers)]).unwrap();
        assert_eq!(
            frame
                .column("segment: Prodotto")
                .unwrap()
                .str()
                .unwrap()
                .get(0),
            Some("Tè")
        );
        assert_eq!(
            frame
                .column("segment: Campagna")
                .unwrap()
                .str()
                .unwrap()
                .get(0),
            Some("Natale")
        );
        assert_eq!(
            frame.column("store").unwrap().str().unwrap().get(0),
            Some("Milano")
        );
    }

    #[test]
    fn files_are_appended_with_missing_categories_as_nulls() {
        let a = table(&["Voto", "Negozio"], &[&["9", "Milano"], &["3", "Verona"]]);
        let b = table(&["Score", "Email"], &[&["7", "  Anna@Example.IT "]]);
        let (first, _) = validate_survey(&a, &columns(&[Role::Score, Role::Store])).unwrap();
        let (second, _) = validate_survey(&b, &columns(&[Role::Score, Role::Email])).unwrap();
        let frame = responses_frame(&[("a.csv", &first), ("b.csv", &second)]).unwrap();
        assert_eq!(frame.height(), 3);
        let store = frame.column("store").unwrap().str().unwrap();
        assert_eq!((store.get(1), store.get(2)), (Some("Verona"), None));
        let email = frame.column(nps::EMAIL).unwrap().str().unwrap();
        assert_eq!(email.get(2), Some("anna@example.it"));
        let file = frame.column(nps::SOURCE_FILE).unwrap().str().unwrap();
        assert_eq!((file.get(0), file.get(2)), (Some("a.csv"), Some("b.csv")));
    }

    #[test]
    fn answers_carry_the_customer_key_orders_use() {
        let t = table(
            &["Score", "Email", "Cliente n.", "Telefono"],
            &[
                &["9", " Anna@Example.IT ", "C-7", "333 123"],
                &["7", "", "12345.0", "333 456"],
                &["3", "", "", "+39 333-789"],
                &["5", "", "", ""],
            ],
        );
        let roles = [Role::Score, Role::Email, Role::CustomerId, Role::Phone];
        let (answers, _) = validate_survey(&t, &columns(&roles)).unwrap();
        // Email first, else customer number (without a spreadsheet's ".0"), else phone digits.
        assert_eq!(
            answers.customer,
            [
                Some("anna@example.it".to_string()),
                Some("12345".to_string()),
                Some("39333789".to_string()),
                None
            ]
        );
        let frame = responses_frame(&[("s.csv", &answers)]).unwrap();
        let keys = frame.column(nps::CUSTOMER).unwrap().str().unwrap();
        assert_eq!(keys.get(1), Some("12345"));
    }
}
