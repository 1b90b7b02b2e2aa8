//! Turns the bytes of a text export into a string. Shops' tools write UTF-8 (with or without a
//! byte order mark), Excel's "Unicode text" writes UTF-16, and older Italian Windows tools write
//! Windows-1252; the owner should never have to know which. Files that are not text at all (a
//! picture or a spreadsheet given a `.csv` name) are refused here with a message that says what
//! they look like, instead of turning into a table of garbage further on.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

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
    // Most files are UTF-8, perhaps with a byte order mark: their bytes become the text as
    // they are, checked once (checking, then checking again to take them, was a tenth of a
    // second on a 400 MB file).
    let bytes = match bytes {
        Cow::Owned(owned) if may_be_utf8(&owned) => match String::from_utf8(owned) {
            Ok(text) => {
                let start = if text.starts_with('\u{FEFF}') {
                    '\u{FEFF}'.len_utf8()
                } else {
                    0
                };
                if looks_binary(&text[start..]) {
                    return Err(DecodeError::NotText {
                        kind: BinaryKind::Unknown,
                    });
                }
                let encoding = if start > 0 { "UTF-8 with BOM" } else { "UTF-8" };
                return Ok(OwnedText {
                    text,
                    start,
                    encoding,
                });
            }
            Err(error) => Cow::Owned(error.into_bytes()),
        },
        other => other,
    };
    let decoded = decode_text(&bytes)?;
    let encoding = decoded.encoding;
    let text = decoded.text.into_owned();
    Ok(OwnedText {
        text,
        start: 0,
        encoding,
    })
}

/// Whether [`decode_text`] would read `bytes` as UTF-8 if they are valid UTF-8: no binary
/// signature, and no byte order mark or zero bytes of another encoding.
fn may_be_utf8(bytes: &[u8]) -> bool {
    sniff_binary(bytes).is_none()
        && Encoding::for_bom(bytes).is_none_or(|(encoding, _)| encoding == UTF_8)
        && utf16_without_bom(bytes).is_none()
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
    // Counted on bytes, not chars, as this runs over the whole file (on all cores): a
    // character starts at every byte that is not a continuation byte, and the control
    // characters are the ASCII ones and U+0080 to U+009F (0xC2 followed by 0x80 to 0x9F).
    let bytes = text.as_bytes();
    let counts = crate::parallel::map_ranges("text-check", bytes.len(), |range| {
        // A pair starting on the range's last byte ends in the next range.
        let pairs_end = (range.end + 1).min(bytes.len());
        control_counts(&bytes[range.clone()], &bytes[range.start..pairs_end])
    });
    let (controls, characters) = counts
        .into_iter()
        .fold((0, 0), |(c, n), (more_c, more_n)| (c + more_c, n + more_n));
    controls * 100 > characters
}

/// How many control characters and how many characters `bytes` holds; `pairs` is `bytes`
/// and the byte after them, for a C1 control whose lead byte is the last of `bytes`.
fn control_counts(bytes: &[u8], pairs: &[u8]) -> (usize, usize) {
    let ascii_control = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C)) | (b == 0x7F)
    };
    let ascii_controls = count_bytes(bytes, ascii_control);
    if bytes.is_ascii() {
        return (ascii_controls, bytes.len());
    }
    let characters = count_bytes(bytes, |b| b & 0xC0 != 0x80);
    let c1_controls = pairs
        .windows(2)
        .filter(|pair| pair[0] == 0xC2 && (0x80..=0x9F).contains(&pair[1]))
        .count();
    (ascii_controls + c1_controls, characters)
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
        let texts: [&[u8]; 9] = [
            b"\xEF\xBB\xBFNome;Perch\xC3\xA9\n",
            "Città;Totale €\n".as_bytes(),
            b"perch\xE9;\x80 5\n",
            b"\xFF\xFEa\x00;\x00b\x00",
            b"\xEF\xBB\xBFperch\xE9\n",
            b"a\x00;\x00b\x00\n\x00c\x00;\x00d\x00",
            b"%PDF-1.7 Nome;Totale",
            b"\x01\x02\x03;\x04\x05\n",
            b"",
        ];
        for bytes in texts {
            let lent = decode_text(bytes);
            let owned = decode_owned(Cow::Owned(bytes.to_vec()));
            let borrowed = decode_owned(Cow::Borrowed(bytes));
            let lent = match lent {
                Ok(lent) => lent,
                Err(error) => {
                    assert_eq!(owned.err(), Some(error.clone()), "{bytes:?}");
                    assert_eq!(borrowed.err(), Some(error), "{bytes:?}");
                    continue;
                }
            };
            let (owned, borrowed) = (owned.unwrap(), borrowed.unwrap());
            assert_eq!(&owned.text[owned.start..], lent.text, "{bytes:?}");
            assert_eq!(owned.encoding, lent.encoding);
            assert_eq!(&borrowed.text[borrowed.start..], lent.text);
            assert_eq!(borrowed.encoding, lent.encoding);
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

    /// More than 1 % control characters, counted one character at a time.
    fn too_many_controls(text: &str) -> bool {
        let controls = text
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}'))
            .count();
        controls * 100 > text.chars().count()
    }

    #[test]
    fn a_big_text_is_checked_for_control_characters_as_one_character_at_a_time() {
        // Big enough to be counted in parts, with C1 controls (two bytes each) everywhere,
        // so that some straddle where the parts meet.
        let line = "Città;Totale €;Perché\n";
        let mut seen = Vec::new();
        for (every, control) in [
            (45, '\u{85}'),
            (53, '\u{85}'),
            (48, '\u{1A}'),
            (57, '\u{9F}'),
        ] {
            let mut text = String::new();
            for i in 0..400_000 {
                text.push(if i % every == 0 { control } else { 'x' });
                if i % 23 == 0 {
                    text.push_str(line);
                }
            }
            assert!(text.len() > 1 << 19);
            assert_eq!(
                looks_binary(&text),
                too_many_controls(&text),
                "{every} {control:?}"
            );
            seen.push(looks_binary(&text));
        }
        // Both sides of 1 %.
        assert!(seen.contains(&true) && seen.contains(&false));
    }
}
