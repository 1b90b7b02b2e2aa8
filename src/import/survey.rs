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
use crate::import::table::{Cell, HeadedTable};
use crate::import::values::{
    DateOrder, detect_date_order, is_missing, leading_integer, parse_datetime,
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

fn text_of(cell: &Cell) -> Option<String> {
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
        match score_value(cell) {
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

/// A score cell as a whole number: "9", 9.0 or "9 - Molto probabile"; 9.5 is not a score.
fn score_value(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Number(n) if n.fract() != 0.0 => None,
        Cell::Text(t)
            if t.contains(['.', ','])
                && t.trim().parse::<f64>().is_ok_and(|n| n.fract() != 0.0) =>
        {
            None
        }
        _ => leading_integer(cell),
    }
}

/// Validates every row of a survey table. Rows without a usable score or date are left out and
/// reported; the file as a whole is refused only when its score column is not a 0-10 score.
pub fn validate_survey(
    table: &HeadedTable,
    columns: &SurveyColumns,
) -> Result<(SurveyResponses, Vec<RowProblem>), SurveyError> {
    let score_col = columns.score.ok_or(SurveyError::NoScoreColumn)?;
    check_scale(table, score_col)?;
    let date_order = columns
        .date
        .and_then(|c| detect_date_order(table.column(c)));
    let mut out = SurveyResponses {
        date_order,
        ..SurveyResponses::default()
    };
    let mut problems = Vec::new();
    let category_names: Vec<(String, usize)> = columns
        .categories
        .iter()
        .map(|(role, i)| (role.as_str().to_string(), *i))
        .collect();
    for (name, _) in &category_names {
        out.categories.entry(name.clone()).or_default();
    }
    let score_header = &table.headers[score_col];

    for (index, row) in table.rows.iter().enumerate() {
        let row_number = index + 1;
        let cell = |c: usize| row.get(c).unwrap_or(&Cell::Empty);
        let score_cell = cell(score_col);
        let score = if is_missing(score_cell) {
            problems.push(RowProblem::new(
                row_number,
                score_header,
                ProblemReason::BlankScore,
            ));
            continue;
        } else {
            match score_value(score_cell) {
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
                let parsed = date_order.and_then(|order| parse_datetime(date_cell, order));
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
        out.source_row.push(row_number as u32);
        for (name, c) in &category_names {
            if let Some(values) = out.categories.get_mut(name) {
                values.push(text_of(cell(*c)));
            }
        }
    }
    Ok((out, problems))
}

/// Days from 1970-01-01, the representation of polars `Date`.
fn epoch_days(date: NaiveDate) -> i32 {
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
        Column::new(nps::SOURCE_FILE.into(), source_file),
        Column::new(nps::SOURCE_ROW.into(), source_row),
    ];
    for (values, cat) in categories.into_iter().zip(&category_names) {
        columns.push(Column::new(cat.as_str().into(), values));
    }
    DataFrame::new_infer_height(columns)
}
