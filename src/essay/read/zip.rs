//! The parts of a ZIP archive (a .docx), read from memory with every size capped: the
//! central directory tells where each part is, stored and deflated parts are read, and a
//! part that would inflate past `MAX_PART` is refused (a zip bomb costs nothing).
//!
//! Only what a Word file needs: no ZIP64, no encryption, no multi-disk archives; each is
//! refused with what it is.

/// The most a single part may inflate to (a 5,000-page document.xml is about 40 MB).
pub(crate) const MAX_PART: usize = 64 * 1024 * 1024;
/// The most parts an archive may list.
const MAX_ENTRIES: usize = 20_000;

struct Entry {
    name: String,
    method: u16,
    compressed: usize,
    size: usize,
    offset: usize,
}

pub(crate) struct Archive<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl<'a> Archive<'a> {
    /// Reads the central directory; an error says what is wrong with the archive.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let floor = bytes.len().saturating_sub(22 + 65_535);
        let eocd = (floor..=bytes.len().saturating_sub(22))
            .rev()
            .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
            .ok_or("not a complete ZIP archive (no end of central directory: truncated?)")?;
        let count = u16_at(bytes, eocd + 10).ok_or("truncated")? as usize;
        let dir = u32_at(bytes, eocd + 16).ok_or("truncated")? as usize;
        if count == 0xFFFF || dir == 0xFFFF_FFFF {
            return Err("a ZIP64 archive (not written by Word)".into());
        }
        if count > MAX_ENTRIES {
            return Err(format!("{count} parts, more than any document has"));
        }
        let mut entries = Vec::with_capacity(count);
        let mut at = dir;
        for _ in 0..count {
            if !bytes
                .get(at..)
                .is_some_and(|b| b.starts_with(b"PK\x01\x02"))
            {
                return Err("the central directory is damaged".into());
            }
            let field = |off: usize| u32_at(bytes, at + off).map(|v| v as usize);
            let short = |off: usize| u16_at(bytes, at + off).map(|v| v as usize);
            let (Some(flags), Some(method), Some(compressed), Some(size)) =
                (short(8), short(10), field(20), field(24))
            else {
                return Err("the central directory is truncated".into());
            };
            let (Some(name_len), Some(extra), Some(comment), Some(offset)) =
                (short(28), short(30), short(32), field(42))
            else {
                return Err("the central directory is truncated".into());
            };
            let name = bytes
                .get(at + 46..at + 46 + name_len)
                .ok_or("the central directory is truncated")?;
            if flags & 1 == 1 {
                return Err("an encrypted archive".into());
            }
            entries.push(Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                method: method as u16,
                compressed,
                size,
                offset,
            });
            at += 46 + name_len + extra + comment;
        }
        Ok(Archive { bytes, entries })
    }

    /// Whether the archive lists a part of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }

    /// The bytes of the part `name` (`None` when the archive has no such part).
    pub(crate) fn read(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(e) = self.entries.iter().find(|e| e.name == name) else {
            return Ok(None);
        };
        if e.size > MAX_PART {
            return Err(format!(
                "{name} would be {} bytes, more than {MAX_PART}",
                e.size
            ));
        }
        let b = self.bytes;
        let local = e.offset;
        if !b.get(local..).is_some_and(|b| b.starts_with(b"PK\x03\x04")) {
            return Err(format!("{name}: its local header is damaged"));
        }
        let (Some(n), Some(x)) = (u16_at(b, local + 26), u16_at(b, local + 28)) else {
            return Err(format!("{name}: truncated"));
        };
        let start = local + 30 + n as usize + x as usize;
        let data = b
            .get(start..start.saturating_add(e.compressed))
            .ok_or_else(|| format!("{name}: truncated (the archive ends inside it)"))?;
        match e.method {
            0 => Ok(Some(data.to_vec())),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_PART)
                .map(Some)
                .map_err(|err| match err.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                        format!("{name} inflates past {MAX_PART} bytes (refused)")
                    }
                    _ => format!("{name}: damaged compressed data"),
                }),
            m => Err(format!("{name}: compression method {m} is not supported")),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::testing::zip::stored;

    #[test]
    fn parts_are_read_and_damage_is_said() {
        let zip = stored(&[("a.xml", b"<a/>"), ("b", b"")]);
        let a = Archive::open(&zip).unwrap();
        assert_eq!(a.read("a.xml").unwrap().unwrap(), b"<a/>");
        assert!(a.read("c").unwrap().is_none());
        assert!(a.has("b"));
        assert!(Archive::open(&zip[..zip.len() - 5]).is_err());
        assert!(Archive::open(b"PK\x03\x04").is_err());
        // Any cut of the archive fails cleanly or reads.
        for cut in 0..zip.len() {
            if let Ok(a) = Archive::open(&zip[..cut]) {
                let _ = a.read("a.xml");
            }
        }
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let big = vec![0u8; MAX_PART + 1];
        let deflated = miniz_oxide::deflate::compress_to_vec(&big, 1);
        let mut zip = stored(&[("word/document.xml", &deflated)]);
        // Mark the part deflated and claim a small size, as a bomb would.
        let dir = zip.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        zip[dir + 10] = 8;
        let local = 0;
        zip[local + 8] = 8;
        let a = Archive::open(&zip).unwrap();
        let err = a.read("word/document.xml").unwrap_err();
        assert!(err.contains("inflates past"), "{err}");
    }
}
