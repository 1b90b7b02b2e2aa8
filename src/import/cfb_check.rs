//! Checks the container of an Excel 97-2003 file (`.xls`, an OLE compound file) before calamine
//! reads it. calamine follows the file's chains of sectors as they are written: a chain that
//! loops back on itself makes it copy the same sector until memory runs out, and one that
//! points past the sector table or past the end of the file makes it panic. A damaged `.xls`
//! (a download cut short, a few bytes changed) does both. Walking every chain here first, with
//! a step limit, turns those files into a message.
//!
//! The layout is Microsoft's [MS-CFB]: a 512-byte header, then sectors of 512 or 4096 bytes;
//! the FAT says which sector follows which, the directory lists the streams, and streams under
//! 4096 bytes live in 64-byte mini sectors inside the root entry's stream.

/// The end of a chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector numbers from here up are markers, not sectors.
const FIRST_MARKER: u32 = 0xFFFF_FFFC;
/// calamine follows the chain of DIFAT sectors while the next number is below this one (two
/// below the markers): 0xFFFFFFFA and 0xFFFFFFFB end that chain without an error.
const RESERVED: u32 = 0xFFFF_FFFA;
/// Streams shorter than this are in mini sectors.
const MINI_CUTOFF: u64 = 4096;

/// Sectors of one size laid end to end, as calamine numbers them.
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    /// The highest number calamine accepts; beyond it, it gives an error (no harm).
    max_id: u32,
}

impl Sectors<'_> {
    /// Sector `id` read as a table of sector numbers, as calamine reads it.
    fn table(&self, id: u32) -> Result<impl Iterator<Item = u32> + '_, &'static str> {
        let sector = self
            .get(id)
            .ok_or("a sector lies past the end of the file")?;
        whole_entries(sector)?;
        Ok(u32s(sector))
    }

    /// The bytes of sector `id` (short at the end of the file); `None` when calamine would
    /// read it from past the end of what it holds, where it panics.
    fn get(&self, id: u32) -> Option<&[u8]> {
        let start = id as usize * self.size;
        if start > self.bytes.len() {
            return None;
        }
        Some(&self.bytes[start..(start + self.size).min(self.bytes.len())])
    }

    /// Walks the chain from `start` as calamine does, collecting up to `len` bytes (all of
    /// them when `collect`): the sectors it passed through and the bytes, `None` where calamine
    /// stops with an error of its own, or what is wrong with the chain.
    fn chain(
        &self,
        start: u32,
        table: &[u32],
        len: u64,
        collect: bool,
    ) -> Result<Option<Chain>, &'static str> {
        let (mut id, mut got, mut steps) = (start, 0u64, 0u64);
        let mut out = Chain::default();
        while id != END_OF_CHAIN {
            if id > self.max_id {
                return Ok(None);
            }
            let sector = self
                .get(id)
                .ok_or("a sector lies past the end of the file")?;
            let take = (sector.len() as u64).min(len - got);
            if collect {
                out.bytes.extend_from_slice(&sector[..take as usize]);
                out.ids.push(id);
            }
            got += take;
            if got >= len {
                return Ok(Some(out));
            }
            id = *table
                .get(id as usize)
                .ok_or("a sector points past the sector table")?;
            steps += 1;
            if steps > u64::from(self.max_id) + 1 {
                return Err("a chain of sectors loops back on itself");
            }
        }
        Ok(Some(out))
    }
}

/// A stream as calamine reads it, and the sectors it came from.
#[derive(Default)]
struct Chain {
    bytes: Vec<u8>,
    ids: Vec<u32>,
}

/// The stream calamine reads an `.xls` workbook from, and where each of its bytes lies in the
/// file, so that a copy of the file can be changed where the stream says.
pub struct WorkbookStream {
    /// The stream's bytes.
    pub bytes: Vec<u8>,
    /// The file offset of each piece of `piece` bytes of the stream, in order.
    pieces: Vec<usize>,
    piece: usize,
}

impl WorkbookStream {
    /// Where byte `at` of the stream lies in the file.
    pub fn file_offset(&self, at: usize) -> Option<usize> {
        Some(self.pieces.get(at / self.piece)? + at % self.piece)
    }
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

/// A table of sector numbers cut off inside a number, where calamine asserts (and panics).
fn whole_entries(table: &[u8]) -> Result<(), &'static str> {
    if table.len().is_multiple_of(4) {
        Ok(())
    } else {
        Err("a table of sectors is cut off in the middle of an entry")
    }
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|c| u32_at(c, 0))
}

/// What makes the compound file `bytes` unsafe to hand to calamine, if anything; if not, the
/// workbook stream calamine will read, when it finds one. A file that is merely wrong (a bad
/// signature, a sector number out of range) passes: calamine refuses it with an error of its
/// own.
pub fn check(bytes: &[u8]) -> Result<Option<WorkbookStream>, &'static str> {
    if bytes.len() < 512 || !bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Ok(None);
    }
    let size = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        _ => return Ok(None),
    };
    if bytes.len() < size {
        return Ok(None);
    }
    // Sector 0 starts after the header, which takes a whole sector.
    let sectors = Sectors {
        bytes: &bytes[size..],
        size,
        max_id: (bytes.len() / size) as u32,
    };
    let dir_start = u32_at(bytes, 48);
    let mini_fat_start = u32_at(bytes, 60);
    let mini_fat_len = u64::from(u32_at(bytes, 64));
    let mut difat: Vec<u32> = u32s(&bytes[76..512]).collect();
    let mut next = u32_at(bytes, 68);
    let mut difat_sectors = 0u32;
    while next < RESERVED {
        difat_sectors += 1;
        if difat_sectors > sectors.max_id + 1 || next > sectors.max_id {
            return Ok(None);
        }
        difat.extend(sectors.table(next)?);
        match difat.pop() {
            Some(id) => next = id,
            None => return Ok(None),
        }
    }
    // A FAT is at most one entry a sector: more FAT sectors than the file has sectors is a
    // table that repeats itself, which calamine would load in full.
    let fat_ids: Vec<u32> = difat.into_iter().filter(|&id| id < FIRST_MARKER).collect();
    if fat_ids.len() as u64 > u64::from(sectors.max_id) + 1 {
        return Err("its sector table lists more sectors than the file holds");
    }
    let mut fat = Vec::new();
    for id in fat_ids {
        if id > sectors.max_id {
            return Ok(None);
        }
        fat.extend(sectors.table(id)?);
    }
    let Some(directory) = sectors.chain(dir_start, &fat, u64::MAX, true)? else {
        return Ok(None);
    };
    let entries: Vec<&[u8]> = directory.bytes.chunks_exact(128).collect();
    let Some(root) = entries.first() else {
        return Ok(None);
    };
    // Version 4 files (4096-byte sectors) give a stream's length in 64 bits, version 3 in 32.
    let stream = |entry: &[u8]| {
        let len = if size == 4096 {
            u64::from_le_bytes(entry[120..128].try_into().expect("eight bytes"))
        } else {
            u64::from(u32_at(entry, 120))
        };
        (u32_at(entry, 116), len)
    };
    let (root_start, root_len) = stream(root);
    let (mini_stream, mini_fat) = if mini_fat_len > 0 {
        let Some(mini_stream) = sectors.chain(root_start, &fat, root_len, true)? else {
            return Ok(None);
        };
        let Some(mini_fat) =
            sectors.chain(mini_fat_start, &fat, mini_fat_len * size as u64, true)?
        else {
            return Ok(None);
        };
        whole_entries(&mini_fat.bytes)?;
        (mini_stream, u32s(&mini_fat.bytes).collect())
    } else {
        (Chain::default(), Vec::new())
    };
    let minis = Sectors {
        bytes: &mini_stream.bytes,
        size: 64,
        max_id: sectors.max_id.saturating_mul(8),
    };
    // A stream's bytes, as calamine reads it, and where in the file each piece lies.
    let read = |entry: &[u8], collect: bool| -> Result<Option<WorkbookStream>, &'static str> {
        let (start, len) = stream(entry);
        Ok(if len < MINI_CUTOFF {
            minis.chain(start, &mini_fat, len, collect)?.map(|chain| {
                // A mini sector lies inside one sector of the root entry's stream.
                let pieces = chain
                    .ids
                    .iter()
                    .filter_map(|&id| {
                        let at = id as usize * 64;
                        let sector = mini_stream.ids.get(at / size)?;
                        Some(size + *sector as usize * size + at % size)
                    })
                    .collect();
                WorkbookStream {
                    bytes: chain.bytes,
                    pieces,
                    piece: 64,
                }
            })
        } else {
            sectors
                .chain(start, &fat, len, collect)?
                .map(|chain| WorkbookStream {
                    bytes: chain.bytes,
                    pieces: chain
                        .ids
                        .iter()
                        .map(|&id| size + id as usize * size)
                        .collect(),
                    piece: size,
                })
        })
    };
    // Every stream calamine may open: the workbook, and what it reads beside it.
    for entry in &entries[1..] {
        if entry[66] == 2 && stream(entry).1 > 0 {
            read(entry, false)?;
        }
    }
    // calamine takes the first entry named "Workbook" (of any kind, ignoring ASCII case), and
    // when that one cannot be read, the first named "Book".
    for wanted in ["workbook", "book"] {
        if let Some(entry) = entries
            .iter()
            .find(|entry| entry_name(entry).eq_ignore_ascii_case(wanted))
            && let Some(workbook) = read(entry, true)?
        {
            return Ok(Some(workbook));
        }
    }
    Ok(None)
}

/// An entry's name as calamine decodes it: UTF-16 over 64 bytes, cut at the first NUL.
fn entry_name(entry: &[u8]) -> String {
    let units = entry[..64]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]));
    let name: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    match name.find('\0') {
        Some(end) => name[..end].to_string(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file of 512-byte sectors: a FAT in sector 0, the directory in sector 1,
    /// a stream of `stream_sectors` sectors from sector 2, chained by `fat`.
    fn compound(fat_entries: &[u32], stream_len: u32) -> Vec<u8> {
        let mut file = vec![0u8; 512 * 5];
        file[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        file[26..28].copy_from_slice(&3u16.to_le_bytes());
        file[30..32].copy_from_slice(&9u16.to_le_bytes());
        file[32..34].copy_from_slice(&6u16.to_le_bytes());
        file[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory in sector 1
        file[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for (i, slot) in file[76..512].chunks_exact_mut(4).enumerate() {
            let id = if i == 0 { 0u32 } else { 0xFFFF_FFFF };
            slot.copy_from_slice(&id.to_le_bytes());
        }
        let fat = 512;
        for (i, entry) in fat_entries.iter().enumerate() {
            file[fat + 4 * i..fat + 4 * i + 4].copy_from_slice(&entry.to_le_bytes());
        }
        let dir = 1024;
        // Root entry, then the "Workbook" stream.
        file[dir + 66] = 5;
        file[dir + 116..dir + 120].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        let wb = dir + 128;
        for (i, unit) in "Workbook".encode_utf16().enumerate() {
            file[wb + 2 * i..wb + 2 * i + 2].copy_from_slice(&unit.to_le_bytes());
        }
        file[wb + 64] = 18;
        file[wb + 66] = 2;
        file[wb + 116..wb + 120].copy_from_slice(&2u32.to_le_bytes());
        file[wb + 120..wb + 124].copy_from_slice(&stream_len.to_le_bytes());
        file
    }

    #[test]
    fn a_sound_chain_passes_and_a_looping_one_is_caught() {
        // FAT: sector 0 is the FAT, 1 the directory (ends), 2 -> 3 -> end.
        let sound = compound(&[FIRST_MARKER + 1, END_OF_CHAIN, 3, END_OF_CHAIN], 5000);
        let workbook = check(&sound).expect("sound").expect("a workbook stream");
        // Sector n starts after the 512-byte header: stream bytes 0 and 512 are sectors 2, 3.
        assert_eq!(workbook.bytes.len(), 512 * 2);
        assert_eq!(workbook.file_offset(0), Some(512 + 2 * 512));
        assert_eq!(workbook.file_offset(513), Some(512 + 3 * 512 + 1));
        let looping = compound(&[FIRST_MARKER + 1, END_OF_CHAIN, 3, 2], 5000);
        assert_eq!(
            check(&looping).err(),
            Some("a chain of sectors loops back on itself")
        );
    }

    #[test]
    fn chains_past_the_table_or_the_file_are_caught() {
        // 200 sectors, of which the one FAT sector describes 128.
        let mut past_table = compound(&[FIRST_MARKER + 1, END_OF_CHAIN, 3, 150], 5000);
        past_table.resize(512 * 201, 0);
        assert_eq!(
            check(&past_table).err(),
            Some("a sector points past the sector table")
        );
        let mut short = compound(&[FIRST_MARKER + 1, END_OF_CHAIN, 3, 4, END_OF_CHAIN], 5000);
        short.truncate(512 * 3 + 100);
        assert_eq!(
            check(&short).err(),
            Some("a sector lies past the end of the file")
        );
    }

    #[test]
    fn what_is_not_a_compound_file_is_left_to_the_reader() {
        assert!(matches!(check(b"PK\x03\x04 a zip"), Ok(None)));
        assert!(matches!(check(&[0xD0, 0xCF]), Ok(None)));
    }
}
