//! Bytes to text: the one place that guesses how a file was encoded.
//!
//! Owns the decision between UTF-8, UTF-16 (with or without a byte-order mark), a JabRef
//! `% Encoding:` header and the Windows-1252 fallback. It does not read files (callers hand in
//! the bytes) and never fails: every byte sequence decodes to some text, so an import can always
//! report located problems instead of refusing a file outright.

use std::borrow::Cow;

/// Name reported for UTF-8 input.
const UTF8: &str = "utf-8";
/// Name reported for little-endian UTF-16 input.
const UTF16LE: &str = "utf-16le";
/// Name reported for big-endian UTF-16 input.
const UTF16BE: &str = "utf-16be";
/// Name reported for Windows-1252 input (the fallback for invalid UTF-8).
const WINDOWS_1252: &str = "windows-1252";
/// Name reported when a JabRef header declared ISO-8859-1 (Latin-1).
const LATIN1: &str = "iso-8859-1";

/// How far into the file a JabRef `% Encoding:` header is looked for; JabRef writes it in the
/// first two lines, and scanning a whole large file for it would cost time for nothing.
const HEADER_WINDOW: usize = 1024;

/// Decodes `bytes` to text and names the encoding it was decoded from.
///
/// Order of decisions: a byte-order mark wins (UTF-8, UTF-16 LE/BE); then UTF-16 without a
/// mark, recognised by NUL bytes in every other position; then a JabRef header
/// (`% Encoding: windows-1252`, `ISO-8859-1`, `UTF-8`); then valid UTF-8; otherwise
/// Windows-1252, which gives every byte a character.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let (text, name) = decode_borrowed(bytes);
    (text.into_owned(), name)
}

/// [`decode`] without copying input that is already valid UTF-8 (the common case, and a
/// large copy for a large file).
pub(crate) fn decode_borrowed(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(mut rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        // A second mark (files joined, or an editor adding its own) is no text either: left
        // in, it would be written at the start of an export, where a reader takes it for the
        // mark and the export no longer reads back as written.
        while let Some(more) = rest.strip_prefix(b"\xEF\xBB\xBF") {
            rest = more;
        }
        return (String::from_utf8_lossy(rest), UTF8);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (Cow::Owned(decode_utf16(rest, u16::from_le_bytes)), UTF16LE);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (Cow::Owned(decode_utf16(rest, u16::from_be_bytes)), UTF16BE);
    }
    match sniff_utf16(bytes) {
        Some(Endian::Little) => {
            return (Cow::Owned(decode_utf16(bytes, u16::from_le_bytes)), UTF16LE);
        }
        Some(Endian::Big) => return (Cow::Owned(decode_utf16(bytes, u16::from_be_bytes)), UTF16BE),
        None => {}
    }
    match declared(bytes) {
        Some(Declared::Windows1252) => return (Cow::Owned(decode_1252(bytes)), WINDOWS_1252),
        Some(Declared::Latin1) => return (Cow::Owned(decode_1252(bytes)), LATIN1),
        // A file that says UTF-8 but holds a stray invalid byte is still mostly UTF-8: keep
        // the declaration and lose only the bad byte rather than garbling every accent.
        Some(Declared::Utf8) => return (String::from_utf8_lossy(bytes), UTF8),
        None => {}
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), UTF8),
        Err(_) => (Cow::Owned(decode_1252(bytes)), WINDOWS_1252),
    }
}

/// When [`decode`] read `bytes` as Windows-1252 (`decoded_as`, the name it gave) because they
/// are not valid UTF-8 and nothing declared an encoding: where the first byte that is not UTF-8
/// stands, 1-based line and column (in characters), and the byte. The import says so once, with
/// this place, since a file saved as UTF-8 and damaged reads wrongly as Windows-1252 without
/// another word. Taking `decode`'s answer, a UTF-8 file is not scanned again.
pub fn fallback_place(bytes: &[u8], decoded_as: &str) -> Option<(usize, usize, u8)> {
    if decoded_as != WINDOWS_1252 || declared(bytes).is_some() {
        return None;
    }
    let bad = std::str::from_utf8(bytes).err()?.valid_up_to();
    // Valid UTF-8 up to `bad`, so the prefix is text.
    let before = std::str::from_utf8(&bytes[..bad]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    Some((line, column, bytes[bad]))
}

#[derive(Debug, PartialEq)]
enum Endian {
    Little,
    Big,
}

/// Recognises UTF-16 without a byte-order mark by its NUL bytes: mostly-ASCII text in UTF-16
/// has a zero in every other byte, which 8-bit encodings and UTF-8 never have.
fn sniff_utf16(bytes: &[u8]) -> Option<Endian> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // At least a third of the code units must look like ASCII, and the other half of the pairs
    // must be (almost) free of NULs: binary junk with scattered zeros is not text.
    if odd * 3 >= pairs && even * 8 <= odd {
        Some(Endian::Little)
    } else if even * 3 >= pairs && odd * 8 <= even {
        Some(Endian::Big)
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

#[derive(Debug, PartialEq)]
enum Declared {
    Utf8,
    Windows1252,
    Latin1,
}

/// The encoding named by a JabRef header (`% Encoding: UTF-8`, or JabRef 2's Java names such as
/// `Cp1252` and `ISO8859_1`), if one is in the first lines.
fn declared(bytes: &[u8]) -> Option<Declared> {
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    for line in window.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        let Some(comment) = line.strip_prefix(b"%") else {
            continue;
        };
        let comment = comment.trim_ascii();
        let Some(name) = strip_prefix_ignore_case(comment, b"encoding:") else {
            continue;
        };
        let name: Vec<u8> = name
            .iter()
            .filter(|b| !matches!(b, b'-' | b'_' | b' '))
            .map(u8::to_ascii_lowercase)
            .collect();
        return match name.as_slice() {
            b"utf8" => Some(Declared::Utf8),
            b"windows1252" | b"cp1252" => Some(Declared::Windows1252),
            b"iso88591" | b"latin1" | b"iso8859" => Some(Declared::Latin1),
            _ => None,
        };
    }
    None
}

/// A comment as it must be written into a file annobib writes, which is always UTF-8: a
/// JabRef header naming another encoding (`% Encoding: ISO-8859-1`) is made to name UTF-8,
/// otherwise a reader honouring it (JabRef, annobib itself) would decode the UTF-8 bytes as
/// Latin-1. Every other line is kept byte for byte.
pub fn declare_utf8(comment: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut changed = false;
    for line in comment.split_inclusive('\n') {
        let body = line.trim_end_matches(['\r', '\n']);
        let ending = &line[body.len()..];
        let trimmed = body.trim_start();
        let renamed = trimmed.strip_prefix('%').and_then(|rest| {
            let rest = rest.trim_start();
            let name = strip_prefix_ignore_case(rest.as_bytes(), b"encoding:")?;
            let declared =
                declared(format!("%encoding:{}", String::from_utf8_lossy(name)).as_bytes());
            (declared != Some(Declared::Utf8)).then(|| {
                let head = body.len() - name.len();
                format!(
                    "{}{}UTF-8{ending}",
                    &body[..head],
                    if name.first() == Some(&b' ') { " " } else { "" }
                )
            })
        });
        match renamed {
            Some(r) => {
                out.push_str(&r);
                changed = true;
            }
            None => out.push_str(line),
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(comment)
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    (s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &s[prefix.len()..])
}

/// Windows-1252 for 0x80..=0x9F; the five bytes it leaves undefined map to the C1 control of
/// the same value, as the WHATWG encoding standard does. Every other byte is its Latin-1 code
/// point, which is also why ISO-8859-1 input is decoded with this table: real files labelled
/// Latin-1 use these bytes for curly quotes and dashes, never for C1 controls.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

fn decode_1252(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        match b {
            0x80..=0x9F => text.push(CP1252_HIGH[usize::from(b - 0x80)]),
            _ => text.push(char::from(b)),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_comment_declares_utf8() {
        for (comment, written) in [
            (
                "% Encoding: ISO-8859-1\r\n\r\n",
                "% Encoding: UTF-8\r\n\r\n",
            ),
            (
                "% This file was created with JabRef 2.10.\n% Encoding: Cp1252\n",
                "% This file was created with JabRef 2.10.\n% Encoding: UTF-8\n",
            ),
            ("  %encoding:latin1", "  %encoding:UTF-8"),
            ("% Encoding: KOI8-R\n", "% Encoding: UTF-8\n"),
            ("% Encoding: UTF-8\n", "% Encoding: UTF-8\n"),
            (
                "% encoding matters: see below\n",
                "% encoding matters: see below\n",
            ),
            (
                "Encoding: ISO-8859-1 outside a % comment\n",
                "Encoding: ISO-8859-1 outside a % comment\n",
            ),
            (
                "% Ünïcode comment, no header",
                "% Ünïcode comment, no header",
            ),
        ] {
            assert_eq!(declare_utf8(comment), written, "{comment:?}");
            let (decoded, encoding) = decode(declare_utf8(comment).as_bytes());
            assert_eq!(
                (decoded.as_str(), encoding),
                (written, "utf-8"),
                "{comment:?}"
            );
        }
    }

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if le { b"\xFF\xFE" } else { b"\xFE\xFF" });
        }
        for u in s.encode_utf16() {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    #[rustfmt::skip]
    fn decodes_table() {
        let cases: &[(&[u8], &str, &str)] = &[
            (b"@book{k,}", "@book{k,}", UTF8),
            (b"", "", UTF8),
            (b"\xEF\xBB\xBF@book{k,}", "@book{k,}", UTF8),
            ("Gödel".as_bytes(), "Gödel", UTF8),
            (b"G\xF6del", "Gödel", WINDOWS_1252),
            (b"\x93quoted\x94 \x96 \x80", "\u{201C}quoted\u{201D} \u{2013} \u{20AC}", WINDOWS_1252),
            (b"\x81\x8D\x8F\x90\x9D", "\u{81}\u{8D}\u{8F}\u{90}\u{9D}", WINDOWS_1252),
            (b"% Encoding: windows-1252\nG\xF6del", "% Encoding: windows-1252\nGödel", WINDOWS_1252),
            (b"% Encoding: ISO-8859-1\n\xE9", "% Encoding: ISO-8859-1\né", LATIN1),
            (b"% This file was created with JabRef 2.10.\n% Encoding: Cp1252\n\xE9", "% This file was created with JabRef 2.10.\n% Encoding: Cp1252\né", WINDOWS_1252),
            (b"% Encoding: ISO8859_1\n\xFC", "% Encoding: ISO8859_1\nü", LATIN1),
            // A Latin-1 header on bytes that happen to be valid UTF-8 is still honoured.
            (b"% Encoding: ISO-8859-1\n\xC3\xA9", "% Encoding: ISO-8859-1\nÃ©", LATIN1),
            (b"% Encoding: UTF-8\nG\xC3\xB6del", "% Encoding: UTF-8\nGödel", UTF8),
            (b"% Encoding: UTF-8\nG\xF6del", "% Encoding: UTF-8\nG\u{FFFD}del", UTF8),
            (b"% Encoding: KOI8-R\nabc", "% Encoding: KOI8-R\nabc", UTF8),
        ];
        for (bytes, text, name) in cases {
            assert_eq!(decode(bytes), (text.to_string(), *name), "{bytes:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn decodes_utf16_table() {
        let s = "@book{k, title = {Gödel}}";
        let cases: &[(bool, bool, &str)] = &[
            (true, true, UTF16LE),
            (false, true, UTF16BE),
            (true, false, UTF16LE),
            (false, false, UTF16BE),
        ];
        for &(le, bom, name) in cases {
            assert_eq!(
                decode(&utf16(s, le, bom)),
                (s.to_string(), name),
                "le={le} bom={bom}"
            );
        }
    }

    #[test]
    fn utf16_odd_length_and_lone_surrogate_do_not_fail() {
        let mut bytes = utf16("ab", true, true);
        bytes.push(b'c');
        assert_eq!(decode(&bytes), ("ab\u{FFFD}".to_string(), UTF16LE));
        let lone = [0xFF, 0xFE, 0x00, 0xD8, b'a', 0];
        assert_eq!(decode(&lone), ("\u{FFFD}a".to_string(), UTF16LE));
    }

    #[test]
    fn binary_with_few_nuls_is_not_utf16() {
        let bytes = b"abc\0defghijklmnop\xFF";
        assert_eq!(decode(bytes).1, WINDOWS_1252);
    }

    #[test]
    fn the_place_of_the_first_byte_that_is_not_utf8_is_found_only_for_the_fallback() {
        type Place = Option<(usize, usize, u8)>;
        let cases: [(&[u8], Place); 7] = [
            (b"plain ascii", None),
            ("caf\u{e9} in UTF-8".as_bytes(), None),
            (b"caf\xe9", Some((1, 4, 0xE9))),
            (b"line one\nna\xefve\n", Some((2, 3, 0xEF))),
            // Valid UTF-8 before the bad byte counts in characters, not bytes.
            (b"\xc3\xa9t\xc3\xa9 \x96 x", Some((1, 5, 0x96))),
            // Declared or marked: the file said what it is.
            (b"% Encoding: windows-1252\ncaf\xe9", None),
            (b"\xEF\xBB\xBFcaf\xe9", None),
        ];
        for (bytes, place) in cases {
            assert_eq!(fallback_place(bytes, decode(bytes).1), place, "{bytes:?}");
            if place.is_some() {
                assert_eq!(decode(bytes).1, WINDOWS_1252);
            }
        }
    }

    /// The fuzzer's round-trip failure: a file opening with two byte-order marks kept the
    /// second as text, which an export wrote first, where it reads back as the mark.
    #[test]
    fn repeated_byte_order_marks_are_all_marks() {
        assert_eq!(decode(b"\xEF\xBB\xBF\xEF\xBB\xBF@book{a}").0, "@book{a}");
        assert_eq!(decode(b"\xEF\xBB\xBF\xEF\xBB\xBF").0, "");
        // One inside the text stays: it is the file's.
        assert_eq!(decode(b"\xEF\xBB\xBFa\xEF\xBB\xBF").0, "a\u{feff}");
    }
}
