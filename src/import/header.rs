//! Finds the header row of a raw table. Exports are not always tidy: a report may open with a
//! title, a "Prepared by:" line and a blank line; SurveyMonkey writes a second header row under
//! the questions (answer options, or just "Response"); Qualtrics writes three (short export
//! tags, the question texts, and import ids as JSON). This step skips the titles, merges the
//! two SurveyMonkey rows into one name per column, names Qualtrics columns by their question
//! text, and gives every column a unique, non-empty name.

use crate::import::table::{CellRef, HeadedTable, RawTable, Row};
use crate::import::values::{NumberStyle, Serials, detect_date_order, parse_number};

/// Why no table could be found under a header.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// Not a single non-empty cell.
    #[error("the file is empty; export the data again and check that it has rows")]
    Empty,
    /// A header row and nothing under it.
    #[error(
        "the file has a header row but no data rows; export it again with the answers or orders included"
    )]
    HeaderOnly,
    /// Laid out as a table (every row as wide as the widest), the rows would take more cells
    /// than Fidelio holds: one row reaches far right of all the others.
    #[error(
        "row {widest_row} reaches column {columns}, which makes a table of {rows} rows by {columns} columns ({} cells), and Fidelio reads tables up to {} cells; delete what lies far right of the data in that row, or export the data again", thousands(*.rows as u64 * *.columns as u64), thousands(*.limit as u64)
    )]
    TooWide {
        /// Data rows.
        rows: usize,
        /// Columns, as far as the widest row reaches.
        columns: usize,
        /// The 1-based row (of the file or sheet) that reaches that far.
        widest_row: usize,
        /// The most cells a table may have.
        limit: usize,
    },
}

/// `n` with a thousands mark every three digits: 17,179,869,184.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// What SurveyMonkey writes in its second header row under a question with a single answer.
const SINGLE_ANSWER_LABELS: [&str; 4] = [
    "response",
    "open-ended response",
    "risposta",
    "risposta aperta",
];

/// Finds the header row (and a SurveyMonkey second header row under it) and returns the data
/// rows below, each padded or cut to the number of columns.
pub fn find_header(raw: RawTable) -> Result<HeadedTable, HeaderError> {
    let mut rows = raw.rows;
    // Each row's filled cells and where its last one is, in one look at every cell.
    let mut shapes = vec![(0u32, 0u32); rows.len()];
    crate::parallel::fill("header", &mut shapes, |i| row_shape(rows.row(i)));
    let filled = |i: usize| shapes[i].0 as usize;
    let typical = typical_width(shapes.iter().map(|s| s.0 as usize)).ok_or(HeaderError::Empty)?;

    // The header is as wide as the data (a title row has one or two cells) and mostly words.
    // Half the typical width, rounded up, leaves room for unnamed columns in the header; at
    // least two cells, so a one-cell title over a two-column table is not taken for it.
    let wide_enough = typical.div_ceil(2).max(typical.min(2)).max(1);
    let header_index = (0..rows.len())
        .find(|&i| {
            filled(i) >= wide_enough
                && mostly_words(rows.row(i))
                && !is_label_value_line(rows.row(i))
        })
        .or_else(|| (0..rows.len()).find(|&i| filled(i) >= wide_enough))
        .ok_or(HeaderError::Empty)?;

    // Qualtrics: the import-id row closes the header block, one or two rows under the header.
    let import_ids =
        (header_index + 1..=header_index + 2).find(|&i| rows.get(i).is_some_and(is_import_id_row));
    let has_second_header = import_ids.is_none()
        && rows
            .get(header_index + 1)
            .is_some_and(|second| is_second_header(rows.row(header_index), second));
    let data_start = match import_ids {
        Some(ids) => ids + 1,
        None => header_index + 1 + usize::from(has_second_header),
    };
    let data_start = data_start.min(rows.len());
    let header = rows.row(header_index);
    let second = rows.get(header_index + 1).filter(|_| has_second_header);
    let question_texts = import_ids
        .filter(|&ids| ids == header_index + 2)
        .map(|_| rows.row(header_index + 1));
    let data_end = (data_start..rows.len())
        .rev()
        .find(|&i| !rows.row(i).iter().all(CellRef::is_empty))
        .map_or(data_start, |last| last + 1);
    if data_end == data_start {
        return Err(HeaderError::HeaderOnly);
    }

    // No cell with data is cut: columns right of the header that hold data get a name too.
    let data_width = shapes[data_start..data_end]
        .iter()
        .map(|s| s.1 as usize)
        .max();
    let widest_row = (data_start..data_end)
        .max_by_key(|&i| (shapes[i].1, std::cmp::Reverse(i)))
        .unwrap_or(data_start);
    drop(shapes);
    let width = std::iter::once(header)
        .chain(second)
        .chain(question_texts)
        .map(filled_extent)
        .chain(data_width)
        .max()
        .unwrap_or(0);
    let names = match (second, question_texts) {
        (Some(second), _) => merge_two_header_rows(header, second, width),
        (None, Some(texts)) => question_text_names(header, texts, width),
        (None, None) => (0..width)
            .map(|i| header.get(i).map(cell_name).unwrap_or_default())
            .collect(),
    };
    while rows.len() > data_end {
        rows.pop();
    }
    // Every row is padded to the width: a single cell far right of the data (column XFD of a
    // sheet, a line of a million commas) would make millions of empty cells of every row.
    let kept = data_end - data_start;
    let limit = rows.padded_cells_limit();
    if kept.saturating_mul(width) > limit.max(rows.cell_total()) {
        return Err(HeaderError::TooWide {
            rows: kept,
            columns: width,
            widest_row: widest_row + 1,
            limit,
        });
    }
    Ok(HeadedTable {
        headers: unique_names(names),
        rows: rows.into_padded(data_start, width),
        skipped_above: data_start,
    })
}

fn filled_count(row: Row<'_>) -> usize {
    row.iter().filter(|cell| !cell.is_empty()).count()
}

/// How many cells of `row` are filled, and how far the last one is from the row's start.
fn row_shape(row: Row<'_>) -> (u32, u32) {
    let (mut filled, mut extent) = (0u32, 0u32);
    for i in 0..row.len() {
        if row.is_filled(i) {
            filled += 1;
            extent = i as u32 + 1;
        }
    }
    (filled, extent)
}

fn filled_extent(row: Row<'_>) -> usize {
    row.iter()
        .rposition(|cell| !cell.is_empty())
        .map_or(0, |last| last + 1)
}

/// The median number of filled cells over the non-blank rows.
fn typical_width(filled: impl Iterator<Item = usize>) -> Option<usize> {
    let mut counts: Vec<usize> = filled.filter(|&n| n > 0).collect();
    let middle = counts.len() / 2;
    // The middle value without sorting millions of rows.
    (middle < counts.len()).then(|| *counts.select_nth_unstable(middle).1)
}

/// More than half of the filled cells are words: text that is neither a number nor a date.
fn mostly_words(row: Row<'_>) -> bool {
    let filled = filled_count(row);
    let words = row.iter().filter(|&cell| is_word(cell)).count();
    words * 2 > filled
}

fn is_word(cell: CellRef<'_>) -> bool {
    matches!(cell, CellRef::Text(_))
        && !cell.is_empty()
        && parse_number(cell, NumberStyle::DecimalPoint).is_none()
        && parse_number(cell, NumberStyle::DecimalComma).is_none()
        && detect_date_order(std::iter::once(cell), Serials::AreNumbers).is_none()
}

/// A line of "Label:" "value" pairs from a report's title block ("Prepared by:", "Marta Rossi",
/// "Printed:", 02/04/2026): as wide as a small header and mostly words, but each label is
/// followed by its value. A header whose names all end in ':' has no such pairs.
fn is_label_value_line(row: Row<'_>) -> bool {
    let is_label =
        |cell: CellRef<'_>| matches!(cell, CellRef::Text(t) if t.trim_end().ends_with(':'));
    let filled: Vec<CellRef> = row.iter().filter(|cell| !cell.is_empty()).collect();
    let pairs = filled
        .windows(2)
        .filter(|pair| is_label(pair[0]) && !is_label(pair[1]))
        .count();
    pairs > 0 && pairs * 2 >= filled.len()
}

/// Qualtrics' third header row: one `{"ImportId":"QID1"}` JSON object per column.
fn is_import_id_row(row: Row<'_>) -> bool {
    let ids = row
        .iter()
        .filter(|cell| {
            matches!(cell, CellRef::Text(t)
                if t.trim_start().to_ascii_lowercase().starts_with("{\"importid\""))
        })
        .count();
    ids > 0 && ids * 10 >= filled_count(row) * 8
}

/// Qualtrics names each column twice: a short export tag (`Q1`, `Q1_NPS_GROUP`) and the question
/// text. The text is what the owner wrote and recognises; where several columns share a text
/// (an NPS question and its NPS group), each gets its tag too, so the names still tell them
/// apart and say which one is the group.
fn question_text_names(tags: Row<'_>, texts: Row<'_>, width: usize) -> Vec<String> {
    let name_at = |row: Row<'_>, i: usize| row.get(i).map(cell_name).unwrap_or_default();
    let texts: Vec<String> = (0..width).map(|i| name_at(texts, i)).collect();
    (0..width)
        .map(|i| {
            let (tag, text) = (name_at(tags, i), &texts[i]);
            if text.is_empty() {
                return tag;
            }
            let shared = texts
                .iter()
                .filter(|other| other.to_lowercase() == text.to_lowercase());
            if shared.count() > 1 && !tag.is_empty() && tag.to_lowercase() != text.to_lowercase() {
                format!("{text} ({tag})")
            } else {
                text.clone()
            }
        })
        .collect()
}

fn is_single_answer_label(cell: CellRef<'_>) -> bool {
    let label = cell.display().trim().to_lowercase();
    SINGLE_ANSWER_LABELS.contains(&label.as_str())
}

/// SurveyMonkey's second header row: it says "Response" under some question, or it names
/// answer options under blank cells of the first row while leaving the first column (the
/// respondent id) blank, which a data row never does.
fn is_second_header(header: Row<'_>, second: Row<'_>) -> bool {
    if filled_count(second) == 0 {
        return false;
    }
    if second.iter().any(is_single_answer_label) {
        return true;
    }
    let first_named = header.iter().position(|cell| !cell.is_empty());
    let options_under_blanks = second
        .iter()
        .enumerate()
        .filter(|&(i, cell)| {
            !cell.is_empty()
                && header.get(i).is_none_or(CellRef::is_empty)
                && first_named.is_some_and(|first| first < i)
        })
        .count();
    let all_words = second.iter().all(|cell| cell.is_empty() || is_word(cell));
    options_under_blanks >= 2 && all_words && second.first().is_none_or(CellRef::is_empty)
}

/// One name per column from the two SurveyMonkey header rows: a question keeps its name when
/// the second row says only "Response", an answer option is named "Question - Option".
fn merge_two_header_rows(header: Row<'_>, second: Row<'_>, width: usize) -> Vec<String> {
    let mut question = String::new();
    (0..width)
        .map(|i| {
            let top = header.get(i).map(cell_name).unwrap_or_default();
            let below = second.get(i).map(cell_name).unwrap_or_default();
            let below_is_option =
                !below.is_empty() && !second.get(i).is_some_and(is_single_answer_label);
            if !top.is_empty() {
                question = top.clone();
                if below_is_option {
                    format!("{top} - {below}")
                } else {
                    top
                }
            } else if below.is_empty() {
                String::new()
            } else if question.is_empty() {
                below
            } else {
                format!("{question} - {below}")
            }
        })
        .collect()
}

fn cell_name(cell: CellRef<'_>) -> String {
    cell.display().trim().to_string()
}

/// "Column N" for blank names, " (2)", " (3)" for repeated ones (ignoring case, since owners
/// type header names in any case).
fn unique_names(names: Vec<String>) -> Vec<String> {
    // Names taken so far (lowercase), and for each base name the copy number to try next:
    // thousands of columns all called "x" would otherwise try every number from 2 each time.
    let mut taken: std::collections::HashSet<String> =
        std::collections::HashSet::with_capacity(names.len());
    let mut next_copy: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut unique = Vec::with_capacity(names.len());
    for (i, name) in names.into_iter().enumerate() {
        let base = if name.is_empty() {
            format!("Column {}", i + 1)
        } else {
            name
        };
        let mut candidate = base.clone();
        if taken.contains(&candidate.to_lowercase()) {
            let copy = next_copy.entry(base.to_lowercase()).or_insert(2);
            loop {
                candidate = format!("{base} ({copy})");
                *copy += 1;
                if !taken.contains(&candidate.to_lowercase()) {
                    break;
                }
            }
        }
        taken.insert(candidate.to_lowercase());
        unique.push(candidate);
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Cell;

    fn raw(rows: &[&[&str]]) -> RawTable {
        RawTable {
            rows: rows
                .iter()
                .map(|row| row.iter().map(|c| Cell::from_text(c)).collect())
                .collect(),
        }
    }

    fn text(value: &str) -> Cell {
        Cell::Text(value.into())
    }

    #[test]
    fn first_row_is_the_header_of_a_tidy_table() {
        let table = find_header(raw(&[&["Nome", "Voto"], &["Anna", "9"]])).unwrap();
        assert_eq!(table.headers, vec!["Nome", "Voto"]);
        assert_eq!(table.rows, vec![vec![text("Anna"), text("9")]]);
        assert_eq!(table.skipped_above, 1);
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let table = find_header(raw(&[
            &["Report vendite 2026"],
            &[],
            &["Data", "Cliente", "Totale", "Negozio"],
            &["01/02/2026", "Anna", "12,50", "Milano"],
            &["02/02/2026", "Luca", "8,00", "Verona"],
        ]))
        .unwrap();
        assert_eq!(table.headers, vec!["Data", "Cliente", "Totale", "Negozio"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows.row(0).cell(1), text("Anna"));
        assert_eq!(table.skipped_above, 3);
    }

    #[test]
    fn a_title_right_above_a_two_column_header_is_skipped() {
        let table = find_header(raw(&[
            &["Clienti fedeltà"],
            &["Email", "Punti"],
            &["a@b.it", "120"],
            &["c@d.it", "80"],
        ]))
        .unwrap();
        assert_eq!(table.headers, vec!["Email", "Punti"]);
        assert_eq!(table.skipped_above, 2);
    }

    #[test]
    fn a_two_cell_title_above_a_wide_table_is_skipped() {
        let table = find_header(raw(&[
            &["Periodo:", "gennaio-marzo"],
            &["Data", "Cliente", "Prodotto", "Quantità", "Totale"],
            &["01/02/2026", "Anna", "Tè", "2", "12,50"],
        ]))
        .unwrap();
        assert_eq!(table.headers[0], "Data");
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn surveymonkey_second_header_row_is_merged_and_skipped() {
        let table = find_header(raw(&[
            &[
                "Respondent ID",
                "Start Date",
                "How likely are you to recommend us?",
                "Which products did you buy?",
                "",
                "",
                "Why?",
            ],
            &[
                "",
                "",
                "Response",
                "Coffee",
                "Tea",
                "Cake",
                "Open-Ended Response",
            ],
            &["1001", "03/05/2026", "9", "Coffee", "", "Cake", "Great"],
        ]))
        .unwrap();
        assert_eq!(
            table.headers,
            vec![
                "Respondent ID",
                "Start Date",
                "How likely are you to recommend us?",
                "Which products did you buy? - Coffee",
                "Which products did you buy? - Tea",
                "Which products did you buy? - Cake",
                "Why?",
            ]
        );
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows.row(0).cell(0), text("1001"));
        assert_eq!(table.skipped_above, 2);
    }

    #[test]
    fn surveymonkey_options_without_response_label_are_still_a_second_header() {
        let table = find_header(raw(&[
            &["Respondent ID", "Canale", "", ""],
            &["", "Negozio", "Online", "Telefono"],
            &["1001", "Negozio", "", ""],
        ]))
        .unwrap();
        assert_eq!(
            table.headers,
            vec![
                "Respondent ID",
                "Canale - Negozio",
                "Canale - Online",
                "Canale - Telefono"
            ]
        );
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn a_data_row_under_a_header_with_blank_names_is_not_a_second_header() {
        let table = find_header(raw(&[
            &["Nome", "Voto", "", ""],
            &["Anna", "9", "extra", "altro"],
        ]))
        .unwrap();
        assert_eq!(table.headers, vec!["Nome", "Voto", "Column 3", "Column 4"]);
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn a_label_value_line_in_the_title_block_is_not_the_header() {
        let table = find_header(raw(&[
            &["Bottega Fidelio Ltd"],
            &["Customer feedback log - Q1 2026"],
            &["Prepared by:", "Marta Rossi", "", "Printed:", "02/04/2026"],
            &[],
            &[
                "Date",
                "Customer name",
                "Email",
                "Score (0-10)",
                "Comments",
                "Store",
            ],
            &["08/01/2026", "Alice", "a@b.uk", "9", "Quick", "Milano"],
            &["15/01/2026", "Ben", "", "7", "", "Verona"],
        ]))
        .unwrap();
        assert_eq!(table.headers[0], "Date");
        assert_eq!(table.headers[3], "Score (0-10)");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.skipped_above, 5);
    }

    #[test]
    fn a_header_whose_names_end_with_colons_is_still_a_header() {
        let table = find_header(raw(&[
            &["Nome:", "Email:", "Voto:"],
            &["Anna", "a@b.it", "9"],
        ]))
        .unwrap();
        assert_eq!(table.headers, vec!["Nome:", "Email:", "Voto:"]);
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn qualtrics_three_header_rows_give_question_texts_and_skip_the_import_ids() {
        let question = "How likely are you to recommend us?";
        let table = find_header(raw(&[
            &["StartDate", "EndDate", "Q1_NPS_GROUP", "Q1", "Q2"],
            &["Start Date", "End Date", question, question, "Why?"],
            &[
                r#"{"ImportId":"startDate","timeZone":"America/Denver"}"#,
                r#"{"ImportId":"endDate","timeZone":"America/Denver"}"#,
                r#"{"ImportId":"QID1_NPS_GROUP"}"#,
                r#"{"ImportId":"QID1"}"#,
                r#"{"ImportId":"QID2_TEXT"}"#,
            ],
            &[
                "2026-03-02 09:12:40",
                "2026-03-02 09:14:05",
                "3",
                "10",
                "Great",
            ],
            &["2026-03-03 12:30:11", "2026-03-03 12:31:02", "1", "4", ""],
        ]))
        .unwrap();
        assert_eq!(
            table.headers,
            vec![
                "Start Date".to_string(),
                "End Date".to_string(),
                format!("{question} (Q1_NPS_GROUP)"),
                format!("{question} (Q1)"),
                "Why?".to_string(),
            ]
        );
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows.row(0).cell(3), text("10"));
        assert_eq!(table.skipped_above, 3);
    }

    #[test]
    fn an_import_id_row_right_under_the_header_is_skipped() {
        let table = find_header(raw(&[
            &["Start Date", "Q1"],
            &[r#"{"ImportId":"startDate"}"#, r#"{"ImportId":"QID1"}"#],
            &["2026-03-02 09:12:40", "9"],
        ]))
        .unwrap();
        assert_eq!(table.headers, vec!["Start Date", "Q1"]);
        assert_eq!(
            table.rows,
            vec![vec![text("2026-03-02 09:12:40"), text("9")]]
        );
    }

    #[test]
    fn blank_and_repeated_names_are_made_unique() {
        let table = find_header(raw(&[
            &["Email", "", "Email", "email", "Note"],
            &["a@b.it", "x", "c@d.it", "e@f.it", "ok"],
        ]))
        .unwrap();
        assert_eq!(
            table.headers,
            vec!["Email", "Column 2", "Email (2)", "email (3)", "Note"]
        );
    }

    #[test]
    fn rows_are_padded_and_data_beyond_the_header_gets_a_column() {
        let table = find_header(raw(&[
            &["Nome", "Voto", "Note"],
            &["Anna"],
            &["Luca", "7", "", "fuori"],
        ]))
        .unwrap();
        assert_eq!(table.headers, vec!["Nome", "Voto", "Note", "Column 4"]);
        assert_eq!(
            table.rows.row(0),
            vec![text("Anna"), Cell::Empty, Cell::Empty, Cell::Empty]
        );
        assert_eq!(table.rows.row(1).cell(3), text("fuori"));
    }

    #[test]
    fn trailing_empty_cells_are_cut() {
        let table = find_header(raw(&[&["Nome", "Voto", "", ""], &["Anna", "9", "", ""]])).unwrap();
        assert_eq!(table.headers, vec!["Nome", "Voto"]);
        assert_eq!(table.rows.row(0), vec![text("Anna"), text("9")]);
    }

    #[test]
    fn blank_rows_inside_the_data_are_kept_so_row_numbers_match() {
        let table = find_header(raw(&[&["Nome"], &["Anna"], &[""], &["Luca"], &[""]])).unwrap();
        assert_eq!(
            table.rows,
            vec![vec![text("Anna")], vec![Cell::Empty], vec![text("Luca")]]
        );
    }

    #[test]
    fn empty_and_header_only_tables_are_errors() {
        assert_eq!(find_header(raw(&[])), Err(HeaderError::Empty));
        assert_eq!(find_header(raw(&[&["", " "]])), Err(HeaderError::Empty));
        assert_eq!(
            find_header(raw(&[&["Report"], &[], &["Nome", "Voto"]])),
            Err(HeaderError::HeaderOnly)
        );
        assert_eq!(
            find_header(raw(&[&["Nome", "Voto"], &["", ""]])),
            Err(HeaderError::HeaderOnly)
        );
    }
}
