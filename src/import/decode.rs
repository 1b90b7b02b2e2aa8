//! Turns the bytes of a text export into a string. Shops' tools write UTF-8 (with or without a
//! byte order mark), Excel's "Unicode text" writes UTF-16, and older Italian Windows tools write
//! Windows-1252; the owner should never have to know which. Files that are not text at all (a
//! picture or a spreadsheet given a `.csv` name) are refused here with a message that says what
//! they look like, instead of turning into a table of garbage further on.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Text decoded from a file, with the encoding it was read as.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedText<'a> {
    /// The file's text, without any byte order mark. Valid UTF-8 is not copied: a big export
    /// would otherwise be in memory twice.
    pub text: Cow<'a, str>,
    /// The encoding used, as shown to the owner: "UTF-8", "UTF-8 with BOM", "UTF-16LE",
    /// "UTF-16BE" or "Windows-1252".
    pub encoding: &'static str,
}

/// Why bytes could not be read as text.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum DecodeError {
    /// The bytes are a known binary format or hold many control characters.
    #[error("this is not a text file (it looks like {}); {}", .kind.description(), .kind.advice())]
    NotText {
        /// What the bytes look like.
        kind: BinaryKind,
    },
}

/// What a binary file looks like, judged from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryKind {
    /// A ZIP container: `.xlsx`, `.ods`, `.docx` and friends.
    ZippedDocument,
    /// An OLE container: old Excel `.xls` or another old Office document.
    OfficeDocument,
    /// A PNG, JPEG, GIF, WebP, TIFF, BMP or HEIC picture.
    Picture,
    /// A PDF document.
    Pdf,
    /// A gzip, 7-Zip or RAR archive.
    Archive,
    /// No known format, but too many control characters to be text.
    Unknown,
}

impl BinaryKind {
    /// The kind as it reads in a sentence: "a picture", "a PDF".
    pub fn description(self) -> &'static str {
        match self {
            BinaryKind::ZippedDocument => {
                "a spreadsheet (.xlsx or .ods) or another zipped document"
            }
            BinaryKind::OfficeDocument => "an Excel .xls spreadsheet or another Office document",
            BinaryKind::Picture => "a picture",
            BinaryKind::Pdf => "a PDF",
            BinaryKind::Archive => "a compressed archive",
            BinaryKind::Unknown => "binary data",
        }
    }

    /// What the owner can do about it.
    pub fn advice(self) -> &'static str {
        match self {
            BinaryKind::ZippedDocument => {
                "if it is a spreadsheet, give it its real extension (.xlsx or .ods) or save it as CSV, then open it again"
            }
            BinaryKind::OfficeDocument => {
                "if it is a spreadsheet, give it its real extension (.xls) or save it as CSV, then open it again"
            }
            BinaryKind::Picture | BinaryKind::Pdf => {
                "Fidelio cannot read tables from pictures or PDFs: export the data from your tool as CSV or Excel and open that file"
            }
            BinaryKind::Archive => "extract the file from the archive first, then open it",
            BinaryKind::Unknown => {
                "export the data from your tool as CSV or Excel and open that file"
            }
        }
    }
}

/// Recognises common binary formats from their magic bytes.
pub fn sniff_binary(bytes: &[u8]) -> Option<BinaryKind> {
    const SIGNATURES: &[(&[u8], BinaryKind)] = &[
        (b"PK\x03\x04", BinaryKind::ZippedDocument),
        (b"PK\x05\x06", BinaryKind::ZippedDocument),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            BinaryKind::OfficeDocument,
        ),
        (b"\x89PNG\r\n\x1A\n", BinaryKind::Picture),
        (b"\xFF\xD8\xFF", BinaryKind::Picture),
        (b"GIF87a", BinaryKind::Picture),
        (b"GIF89a", BinaryKind::Picture),
        (b"II*\x00", BinaryKind::Picture),
        (b"MM\x00*", BinaryKind::Picture),
        (b"%PDF", BinaryKind::Pdf),
        (b"\x1F\x8B", BinaryKind::Archive),
        (b"7z\xBC\xAF\x27\x1C", BinaryKind::Archive),
        (b"Rar!\x1A\x07", BinaryKind::Archive),
    ];
    if let Some((_, kind)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(*kind);
    }
    let is_webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
    let is_heic = bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"heic" | b"heix" | b"mif1" | b"avif");
    (is_webp || is_heic).then_some(BinaryKind::Picture)
}

/// Decodes a text file, choosing the encoding from its byte order mark, else UTF-8 when the
/// bytes are valid UTF-8, else Windows-1252 (which maps every byte, so it is the last resort).
pub fn decode_text(bytes: &[u8]) -> Result<DecodedText<'_>, DecodeError> {
    if let Some(kind) = sniff_binary(bytes) {
        return Err(DecodeError::NotText { kind });
    }
    let (text, encoding) = if let Some((bom_encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = bom_encoding.decode_without_bom_handling(&bytes[bom_length..]);
        let name = if bom_encoding == UTF_16LE {
            "UTF-16LE"
        } else if bom_encoding == UTF_16BE {
            "UTF-16BE"
        } else {
            "UTF-8 with BOM"
        };
        (text, name)
    } else if let Some(utf16) = utf16_without_bom(bytes) {
        let (text, _) = utf16.decode_without_bom_handling(bytes);
        let name = if utf16 == UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        (text, name)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), "UTF-8")
    } else {
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        (text, "Windows-1252")
    };
    if looks_binary(&text) {
        return Err(DecodeError::NotText {
            kind: BinaryKind::Unknown,
        });
    }
    Ok(DecodedText { text, encoding })
}

/// Text decoded from bytes the caller gave up, as one string: UTF-8 (most files) keeps the
/// bytes' own allocation rather than a copy, so a big file is held once.
pub struct OwnedText {
    /// The text; what it holds starts at `start` (past a UTF-8 byte order mark).
    pub text: String,
    /// Where the text starts.
    pub start: usize,
    /// The encoding's name, as [`DecodedText::encoding`].
    pub encoding: &'static str,
}

/// [`decode_text`] of bytes the caller gives up.
pub fn decode_owned(bytes: std::borrow::Cow<'_, [u8]>) -> Result<OwnedText, DecodeError> {
    let decoded = decode_text(&bytes)?;
    let encoding = decoded.encoding;
    let start = match (&decoded.text, &bytes) {
        (Cow::Borrowed(text), Cow::Owned(owned)) => {
            text.as_ptr() as usize - owned.as_ptr() as usize
        }
        (Cow::Owned(_), _) | (_, Cow::Borrowed(_)) => {
            return Ok(OwnedText {
                text: decoded.text.into_owned(),
                start: 0,
                encoding,
            });
        }
    };
    drop(decoded);
    // The text was borrowed from the bytes, so it is UTF-8, and so is what comes before it (a
    // UTF-8 byte order mark).
    let text = match String::from_utf8(bytes.into_owned()) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    };
    Ok(OwnedText {
        text,
        start,
        encoding,
    })
}

/// UTF-16 written without a byte order mark: mostly-ASCII text then has a zero byte in every
/// other position, which no real UTF-8 or Windows-1252 text has.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even_zeros, odd_zeros) = (zero_at(0), zero_at(1));
    if odd_zeros * 10 >= pairs * 9 && even_zeros == 0 {
        Some(UTF_16LE)
    } else if even_zeros * 10 >= pairs * 9 && odd_zeros == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when more than 1 % of the characters are control characters other than tabs, line
/// breaks and form feeds: one stray control character in a long export is tolerated.
fn looks_binary(text: &str) -> bool {
    // Counted on bytes, not chars, as this runs over the whole file: a character starts at
    // every byte that is not a continuation byte, and the control characters are the ASCII
    // ones and U+0080 to U+009F (0xC2 followed by 0x80 to 0x9F).
    let bytes = text.as_bytes();
    let ascii_control = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C)) | (b == 0x7F)
    };
    let ascii_controls = count_bytes(bytes, ascii_control);
    if text.is_ascii() {
        return ascii_controls * 100 > bytes.len();
    }
    let total = count_bytes(bytes, |b| b & 0xC0 != 0x80);
    let c1_controls = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .filter(|&(&lead, &next)| lead == 0xC2 && (0x80..=0x9F).contains(&next))
        .count();
    (ascii_controls + c1_controls) * 100 > total
}

/// How many bytes match, counted in runs of at most 255 so that the count fits a byte: the
/// compiler then checks many bytes at once.
fn count_bytes(bytes: &[u8], matches: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from(matches(b)))))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_drops_the_bom() {
        let decoded = decode_text(b"\xEF\xBB\xBFNome;Perch\xC3\xA9\n").unwrap();
        assert_eq!(decoded.text, "Nome;Perché\n");
        assert_eq!(decoded.encoding, "UTF-8 with BOM");
    }

    #[test]
    fn bytes_given_up_decode_as_bytes_lent() {
        let texts: [&[u8]; 4] = [
            b"\xEF\xBB\xBFNome;Perch\xC3\xA9\n",
            "Città;Totale €\n".as_bytes(),
            b"perch\xE9;\x80 5\n",
            b"\xFF\xFEa\x00;\x00b\x00",
        ];
        for bytes in texts {
            let lent = decode_text(bytes).unwrap();
            let owned = decode_owned(Cow::Owned(bytes.to_vec())).unwrap();
            assert_eq!(&owned.text[owned.start..], lent.text, "{bytes:?}");
            assert_eq!(owned.encoding, lent.encoding);
            let borrowed = decode_owned(Cow::Borrowed(bytes)).unwrap();
            assert_eq!(&borrowed.text[borrowed.start..], lent.text);
        }
        // UTF-8 keeps the bytes' allocation: the text starts past the byte order mark.
        assert_eq!(
            decode_owned(Cow::Owned(texts[0].to_vec())).unwrap().start,
            3
        );
    }

    #[test]
    fn plain_utf8_is_read_as_utf8() {
        let decoded = decode_text("Città;Totale €\n".as_bytes()).unwrap();
        assert_eq!(decoded.text, "Città;Totale €\n");
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "perché;€".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        let decoded = decode_text(&le).unwrap();
        assert_eq!(decoded.text, "perché;€");
        assert_eq!(decoded.encoding, "UTF-16LE");
        let decoded = decode_text(&be).unwrap();
        assert_eq!(decoded.text, "perché;€");
        assert_eq!(decoded.encoding, "UTF-16BE");
    }

    #[test]
    fn utf16_le_without_bom_is_recognised_by_its_zero_bytes() {
        let bytes: Vec<u8> = "Nome\tVoto\r\nAnna\t9\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let decoded = decode_text(&bytes).unwrap();
        assert_eq!(decoded.text, "Nome\tVoto\r\nAnna\t9\r\n");
        assert_eq!(decoded.encoding, "UTF-16LE");
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        // "perché" with é as 0xE9 and "€ 5" with € as 0x80, as Windows-1252 writes them.
        let decoded = decode_text(b"perch\xE9;\x80 5\n").unwrap();
        assert_eq!(decoded.text, "perché;€ 5\n");
        assert_eq!(decoded.encoding, "Windows-1252");
    }

    #[test]
    fn pictures_pdfs_and_spreadsheets_are_refused_by_their_magic_bytes() {
        let png = b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR";
        let err = decode_text(png).unwrap_err();
        assert_eq!(
            err,
            DecodeError::NotText {
                kind: BinaryKind::Picture
            }
        );
        assert!(
            err.to_string()
                .starts_with("this is not a text file (it looks like a picture)")
        );
        assert_eq!(
            sniff_binary(b"\xFF\xD8\xFF\xE0\x00\x10JFIF"),
            Some(BinaryKind::Picture)
        );
        assert_eq!(sniff_binary(b"%PDF-1.7\n"), Some(BinaryKind::Pdf));
        assert_eq!(
            sniff_binary(b"PK\x03\x04\x14\x00"),
            Some(BinaryKind::ZippedDocument)
        );
        assert_eq!(
            sniff_binary(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00"),
            Some(BinaryKind::OfficeDocument)
        );
        assert_eq!(sniff_binary(b"Nome;Email\n"), None);
    }

    #[test]
    fn many_control_characters_are_refused_as_binary() {
        let bytes: Vec<u8> = (0u8..=255).cycle().take(1000).collect();
        let err = decode_text(&bytes).unwrap_err();
        assert_eq!(
            err,
            DecodeError::NotText {
                kind: BinaryKind::Unknown
            }
        );
    }

    #[test]
    fn one_stray_control_character_in_a_long_file_is_tolerated() {
        let mut text = "Nome;Voto\n".repeat(20);
        text.push('\u{1A}');
        assert!(decode_text(text.as_bytes()).is_ok());
    }
}
