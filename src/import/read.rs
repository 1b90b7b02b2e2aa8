//! The entry point of the import pipeline's first half: a file's name and bytes in, a table
//! with named columns out, plus how it was read (encoding and delimiter, or sheet) so the owner
//! can see and correct it. Every error says what went wrong and what to do, without the file
//! name: the caller puts "FILE: " in front.

use crate::import::decode::{DecodeError, decode_owned};
use crate::import::delimited::{
    DelimitedError, detect_delimiter, holds_no_values, read_delimited_text,
};
use crate::import::header::{HeaderError, find_header, thousands};
use crate::import::spreadsheet::{SpreadsheetError, quoted_list, read_sheet};
use crate::import::table::HeadedTable;

/// The extensions Fidelio reads, as listed in messages.
pub const SUPPORTED_EXTENSIONS: &str = ".csv, .tsv, .txt, .xlsx, .xlsm, .xls, .ods";

/// How a file was read.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceFormat {
    /// Delimited text.
    Delimited {
        /// The text encoding, e.g. "UTF-8" or "Windows-1252".
        encoding: &'static str,
        /// The field delimiter: `,`, `;`, tab, `|`, or a space for columns aligned with runs of
        /// spaces.
        delimiter: u8,
    },
    /// One sheet of a workbook.
    Spreadsheet {
        /// Every sheet in the workbook, in workbook order.
        sheets: Vec<String>,
        /// The sheet that was read.
        sheet: String,
    },
}

/// A file read into a table with named columns.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadSource {
    /// How the file was read.
    pub format: SourceFormat,
    /// The header and data rows.
    pub table: HeadedTable,
}

/// Why a file could not be read. Messages are for the owner and name no file.
#[derive(thiserror::Error, Debug)]
pub enum ReadError {
    /// The extension is not one Fidelio reads.
    #[error(
        "unsupported file type {extension}: Fidelio reads {SUPPORTED_EXTENSIONS}; export or save the data in one of these formats"
    )]
    UnsupportedType {
        /// The extension with its dot (".pdf"), or "(no extension)".
        extension: String,
    },
    /// The text could not be decoded (e.g. a picture renamed `.csv`).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The text could not be split into fields.
    #[error(transparent)]
    Delimited(#[from] DelimitedError),
    /// The workbook could not be read or the sheet was not found.
    #[error(transparent)]
    Spreadsheet(#[from] SpreadsheetError),
    /// No header or no data rows.
    #[error(transparent)]
    Header(#[from] HeaderError),
}

/// The extensions Fidelio reads (any case): the open dialog, a folder dropped in, and the file
/// types every package registers (tests/packaging.rs holds them to it).
pub const OPENABLE: &[&str] = &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"];

enum Reader {
    Delimited { tab_when_unsure: bool },
    Spreadsheet,
}

/// Reads a file into a headed table, choosing the reader by the file name's extension (ignoring
/// case). `sheet` picks a workbook's sheet by name; without it the first sheet with data is
/// read. It is ignored for text files. Bytes given up (a `Vec`) can become the table's cells
/// without a copy.
pub fn read_source<'b>(
    file_name: &str,
    bytes: impl Into<std::borrow::Cow<'b, [u8]>>,
    sheet: Option<&str>,
) -> Result<ReadSource, ReadError> {
    let bytes = bytes.into();
    let extension = std::path::Path::new(file_name)
        .extension()
        .map(|ext| ext.to_string_lossy().to_lowercase());
    let reader = match extension.as_deref() {
        Some("csv" | "txt") => Reader::Delimited {
            tab_when_unsure: false,
        },
        Some("tsv") => Reader::Delimited {
            tab_when_unsure: true,
        },
        Some("xlsx" | "xlsm" | "xls" | "ods") => Reader::Spreadsheet,
        Some(other) => {
            return Err(ReadError::UnsupportedType {
                extension: format!(".{other}"),
            });
        }
        None => {
            return Err(ReadError::UnsupportedType {
                extension: "(no extension)".to_string(),
            });
        }
    };
    match reader {
        Reader::Delimited { tab_when_unsure } => {
            let decoded = decode_owned(bytes)?;
            let text = &decoded.text[decoded.start..];
            if holds_no_values(text) {
                return Err(HeaderError::Empty.into());
            }
            let delimiter =
                detect_delimiter(text).unwrap_or(if tab_when_unsure { b'\t' } else { b',' });
            let raw = read_delimited_text(decoded.text, decoded.start, delimiter)?;
            Ok(ReadSource {
                format: SourceFormat::Delimited {
                    encoding: decoded.encoding,
                    delimiter,
                },
                table: find_header(raw)?,
            })
        }
        Reader::Spreadsheet => {
            if bytes.is_empty() {
                return Err(HeaderError::Empty.into());
            }
            let read = read_sheet(&bytes, sheet)?;
            Ok(ReadSource {
                table: find_header(read.table)?,
                format: SourceFormat::Spreadsheet {
                    sheets: read.sheets,
                    sheet: read.sheet,
                },
            })
        }
    }
}

impl ReadError {
    /// The reason in words, in `lang`; English is the `Display` text.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ReadError::UnsupportedType { extension } => format!(
                "tipo di file {extension} non supportato: Fidelio legge {SUPPORTED_EXTENSIONS}; esporta o salva i dati in uno di questi formati"
            ),
            ReadError::Decode(DecodeError::NotText { .. }) => "questo non è un file di testo (sembra un'immagine, un PDF, un archivio o un foglio di calcolo con un altro nome); esporta i dati dal tuo strumento come CSV o Excel e apri quel file".to_string(),
            ReadError::Delimited(DelimitedError::Malformed { detail }) => format!(
                "il testo non si può leggere come tabella ({detail}); aprilo in un foglio di calcolo e salvalo di nuovo come CSV"
            ),
            ReadError::Spreadsheet(SpreadsheetError::NotASpreadsheet { .. }) => "questo non è un foglio di calcolo ma un file di testo con il nome di un foglio di calcolo; rinominalo in .csv o aprilo e salvalo come .xlsx".to_string(),
            ReadError::Spreadsheet(SpreadsheetError::Corrupt { detail }) => format!(
                "il foglio di calcolo non si può leggere ({detail}); potrebbe essere danneggiato o protetto da password: aprilo in Excel o LibreOffice, salvalo di nuovo (o esportalo come CSV) e apri il nuovo file"
            ),
            ReadError::Spreadsheet(SpreadsheetError::SheetNotFound { wanted, sheets: names }) => {
                format!("non c'è un foglio chiamato \"{wanted}\"; scegline uno tra: {}", quoted_list(names))
            }
            ReadError::Spreadsheet(SpreadsheetError::TooManyCells { cells }) => format!(
                "questo foglio dichiara {} celle, e Fidelio legge fogli fino a {} celle; cancella ciò che sta molto fuori dai dati (o le righe e colonne vuote ripetute fino alla fine del foglio), o esporta di nuovo i dati come CSV",
                thousands(*cells).replace(',', "."),
                thousands(crate::import::spreadsheet::MAX_SHEET_CELLS as u64).replace(',', ".")
            ),
            ReadError::Spreadsheet(SpreadsheetError::TooBigUnpacked { bytes }) => format!(
                "questo foglio di calcolo si espande a {}, e Fidelio legge fogli di calcolo che si espandono fino a {}; esporta invece i dati come CSV",
                crate::import::file::size_text(*bytes),
                crate::import::file::size_text(crate::import::spreadsheet::MAX_UNPACKED_BYTES)
            ),
            ReadError::Spreadsheet(SpreadsheetError::NoSheetWithData { sheets: names }) => format!(
                "nessun foglio contiene dati (fogli: {}); controlla di aver esportato il file giusto",
                quoted_list(names)
            ),
            ReadError::Header(HeaderError::Empty) => {
                "il file è vuoto; esporta di nuovo i dati e controlla che contenga righe".to_string()
            }
            ReadError::Header(HeaderError::HeaderOnly) => "il file ha una riga di intestazione ma nessuna riga di dati; esportalo di nuovo includendo le risposte o gli ordini".to_string(),
            ReadError::Header(HeaderError::TooWide { rows, columns, widest_row, limit }) => format!(
                "la riga {widest_row} arriva alla colonna {columns}, e ne viene una tabella di {rows} righe per {columns} colonne ({} celle), mentre Fidelio legge tabelle fino a {} celle; cancella ciò che sta molto a destra dei dati in quella riga, o esporta di nuovo i dati",
                thousands(*rows as u64 * *columns as u64).replace(',', "."),
                thousands(*limit as u64).replace(',', ".")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Cell;

    fn text(value: &str) -> Cell {
        Cell::Text(value.into())
    }

    #[test]
    fn italian_windows_csv_with_a_title_row_is_read() {
        let bytes = b"Report vendite 2026\r\n\r\nData;Cliente;Perch\xE9;Totale\r\n05/03/2026;Anna;ottimo;\x80 12,50\r\n";
        let read = read_source("VENDITE.CSV", bytes, None).unwrap();
        assert_eq!(
            read.format,
            SourceFormat::Delimited {
                encoding: "Windows-1252",
                delimiter: b';'
            }
        );
        assert_eq!(
            read.table.headers,
            vec!["Data", "Cliente", "Perché", "Totale"]
        );
        assert_eq!(
            read.table.rows,
            vec![vec![
                text("05/03/2026"),
                text("Anna"),
                text("ottimo"),
                text("€ 12,50")
            ]]
        );
    }

    #[test]
    fn a_one_column_tsv_falls_back_to_tabs_and_csv_to_commas() {
        let read = read_source("a.tsv", b"Email\na@b.it\n", None).unwrap();
        assert!(matches!(
            read.format,
            SourceFormat::Delimited {
                delimiter: b'\t',
                ..
            }
        ));
        let read = read_source("a.csv", b"Email\na@b.it\n", None).unwrap();
        assert!(matches!(
            read.format,
            SourceFormat::Delimited {
                delimiter: b',',
                ..
            }
        ));
        // Detection wins over the extension when it is sure.
        let read = read_source("a.tsv", b"a;b\n1;2\n", None).unwrap();
        assert!(matches!(
            read.format,
            SourceFormat::Delimited {
                delimiter: b';',
                ..
            }
        ));
    }

    #[test]
    fn unsupported_extensions_say_which_are_read() {
        let err = read_source("risposte.pdf", b"%PDF", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unsupported file type .pdf: Fidelio reads .csv, .tsv, .txt, .xlsx, .xlsm, .xls, .ods; export or save the data in one of these formats"
        );
        let err = read_source("risposte", b"a,b", None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unsupported file type (no extension)")
        );
    }

    #[test]
    fn empty_and_header_only_files_are_refused() {
        let err = read_source("a.csv", b"", None).unwrap_err();
        assert!(matches!(err, ReadError::Header(HeaderError::Empty)));
        assert!(err.to_string().starts_with("the file is empty"));
        let err = read_source("a.csv", b"Nome;Voto\r\n", None).unwrap_err();
        assert!(matches!(err, ReadError::Header(HeaderError::HeaderOnly)));
        assert!(
            err.to_string()
                .starts_with("the file has a header row but no data rows")
        );
        let err = read_source("a.xlsx", b"", None).unwrap_err();
        assert!(matches!(err, ReadError::Header(HeaderError::Empty)));
    }

    #[test]
    fn a_file_of_only_delimiters_is_empty() {
        for bytes in [&b";;;\n;;;\n"[..], b",,,\r\n,,,\r\n", b"\xEF\xBB\xBF;;\n"] {
            let err = read_source("vuoto.csv", bytes, None).unwrap_err();
            assert!(
                matches!(err, ReadError::Header(HeaderError::Empty)),
                "{bytes:?}: {err}"
            );
        }
    }

    #[test]
    fn a_picture_or_a_workbook_named_csv_is_not_text() {
        let err = read_source("foto.csv", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this is not a text file (it looks like a picture); Fidelio cannot read tables from pictures or PDFs: export the data from your tool as CSV or Excel and open that file"
        );
        let err = read_source("dati.csv", b"PK\x03\x04\x14\x00\x06\x00", None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("this is not a text file (it looks like a spreadsheet"),
            "{err}"
        );
    }

    #[test]
    fn a_corrupt_workbook_says_how_to_recover() {
        let err = read_source("dati.xlsx", b"PK\x03\x04 broken", None).unwrap_err();
        assert!(matches!(
            err,
            ReadError::Spreadsheet(SpreadsheetError::Corrupt { .. })
        ));
        assert!(err.to_string().contains("save it again"), "{err}");
    }

    #[test]
    fn a_workbook_is_read_into_a_headed_table() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Risposte").unwrap();
        sheet.write_string(0, 0, "Riepilogo risposte").unwrap();
        sheet.write_string(2, 0, "Nome").unwrap();
        sheet.write_string(2, 1, "Voto").unwrap();
        sheet.write_string(3, 0, "Anna").unwrap();
        sheet.write_number(3, 1, 9).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let read = read_source("Risposte.XLSX", &bytes, None).unwrap();
        assert_eq!(
            read.format,
            SourceFormat::Spreadsheet {
                sheets: vec!["Risposte".to_string()],
                sheet: "Risposte".to_string()
            }
        );
        assert_eq!(read.table.headers, vec!["Nome", "Voto"]);
        assert_eq!(read.table.rows, vec![vec![text("Anna"), Cell::Number(9.0)]]);
        assert_eq!(read.table.skipped_above, 3);
        let err = read_source("Risposte.xlsx", &bytes, Some("Foglio1")).unwrap_err();
        assert!(
            err.to_string().contains("choose one of: \"Risposte\""),
            "{err}"
        );
        assert!(
            err.message(crate::i18n::Lang::It)
                .ends_with("scegline uno tra: \"Risposte\""),
            "{}",
            err.message(crate::i18n::Lang::It)
        );
    }
}
