//! Tables leave Fidelio as CSV or XLSX. Numbers stay numbers and dates stay dates in XLSX; text
//! that a spreadsheet would run as a formula is neutralised in CSV.

use std::borrow::Cow;

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::i18n::Lang;
use crate::pages::table::{Table, TableCell};

/// Text a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// before them) gets a leading apostrophe, which spreadsheets show as text.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The table as CSV for a spreadsheet in `lang`: UTF-8 with a BOM (so Excel reads accents),
/// `,` and decimal points in English, `;` and decimal commas in Italian.
pub fn csv_bytes(table: &Table, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let delimiter = match lang {
        Lang::En => b',',
        Lang::It => b';',
    };
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(&mut out);
        writer.write_record(table.columns.iter().map(|c| neutralize(c).into_owned()))?;
        for row in &table.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    TableCell::Empty => String::new(),
                    TableCell::Text(text) => neutralize(text).into_owned(),
                    TableCell::Number(n) => {
                        let text = n.to_string();
                        if lang == Lang::It {
                            text.replace('.', ",")
                        } else {
                            text
                        }
                    }
                    TableCell::Date(date) => date.format("%Y-%m-%d").to_string(),
                })
                .collect();
            writer.write_record(&fields)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// The table as an XLSX workbook of one sheet: typed cells, bold header, frozen first row.
pub fn xlsx_bytes(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // Sheet names are at most 31 characters and cannot hold []:*?/\ .
    let name: String = table
        .title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.trim().is_empty() {
        sheet.set_name(name.trim())?;
    }
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (c, title) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title, &bold)?;
        sheet.set_column_width(c as u16, 16)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                TableCell::Empty => {}
                // Written as strings, texts are never formulas in XLSX.
                TableCell::Text(text) => {
                    sheet.write_string(r, c, text)?;
                }
                TableCell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                TableCell::Date(date) => {
                    let day = ExcelDateTime::from_ymd(
                        date.year() as u16,
                        date.month() as u8,
                        date.day() as u8,
                    )?;
                    sheet.write_datetime_with_format(r, c, &day, &date_format)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn sample() -> Table {
        Table {
            id: "sample",
            title: "Comments: detractors/all".into(),
            columns: vec!["Date".into(), "Score".into(), "Comment".into()],
            rows: vec![
                vec![
                    TableCell::from(NaiveDate::from_ymd_opt(2026, 3, 5)),
                    TableCell::Number(3.0),
                    TableCell::from("=HYPERLINK(\"http://x\")"),
                ],
                vec![
                    TableCell::Empty,
                    TableCell::Number(9.5),
                    TableCell::from("-2 stars, @mention, +1"),
                ],
                vec![
                    TableCell::Empty,
                    TableCell::Number(10.0),
                    TableCell::from("Perché sì"),
                ],
            ],
        }
    }

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_left_alone() {
        assert_eq!(neutralize("=1+1"), "'=1+1");
        assert_eq!(neutralize("+39 333"), "'+39 333");
        assert_eq!(neutralize("-5"), "'-5");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("\t=1"), "'\t=1");
        assert_eq!(neutralize("ottimo = bello"), "ottimo = bello");
    }

    #[test]
    fn csv_follows_the_language_and_neutralises_formulas() {
        let english = String::from_utf8(csv_bytes(&sample(), Lang::En).unwrap()).unwrap();
        let lines: Vec<&str> = english.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "Date,Score,Comment");
        assert_eq!(lines[1], "2026-03-05,3,\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(lines[2], ",9.5,\"'-2 stars, @mention, +1\"");
        let italian = String::from_utf8(csv_bytes(&sample(), Lang::It).unwrap()).unwrap();
        assert!(
            italian.contains(";9,5;'-2 stars, @mention, +1"),
            "{italian}"
        );
        assert!(italian.contains("Perché sì"));
    }

    #[test]
    fn xlsx_keeps_numbers_numbers_dates_dates_and_formulas_text() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = xlsx_bytes(&sample()).unwrap();
        let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            workbook.sheet_names(),
            vec!["Comments detractorsall".to_string()]
        );
        let range = workbook.worksheet_range("Comments detractorsall").unwrap();
        assert_eq!(range.get((1, 1)), Some(&Data::Float(3.0)));
        assert_eq!(range.get((2, 1)), Some(&Data::Float(9.5)));
        assert_eq!(
            range.get((1, 2)),
            Some(&Data::String("=HYPERLINK(\"http://x\")".into()))
        );
        match range.get((1, 0)) {
            Some(Data::DateTime(date)) => {
                assert_eq!(
                    date.as_datetime().map(|d| d.date()),
                    NaiveDate::from_ymd_opt(2026, 3, 5)
                );
            }
            other => panic!("not a date cell: {other:?}"),
        }
        let formulas = workbook
            .worksheet_formula("Comments detractorsall")
            .unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula cells"
        );
    }
}
