//! The reading view of a marked-up file: the same bytes at the same offsets, with the markup
//! that is not prose blanked (LaTeX comments and command names, Markdown emphasis marks, HTML
//! tags) and escapes decoded in place (`\%` as `%`, `{\"o}` as `ö`).
//!
//! Claims are cut from the view but keep their spans in the file, so a location, a citation's
//! span and re-anchoring all point into the file the user edits. What a decoded escape leaves
//! over, and markup removed from inside a word (`\emph{un}happy`), is padding moved to the end
//! of the word, so "G{\"o}del" reads "Gödel" and not "G ö del"; padding never moves across a
//! protected range (a citation command the finders read as written).

use std::ops::Range;

/// Marks padding until `finish`; a NUL never survives decoding of a document we read (the
/// sniffer refuses text holding one).
const PAD: u8 = 0;

pub(crate) struct View {
    bytes: Vec<u8>,
    protected: Vec<Range<usize>>,
    /// Ranges shown as spaces to the sentence splitter only (`View::finish_split`).
    unsplittable: Vec<Range<usize>>,
}

impl View {
    pub(crate) fn new(text: &str) -> Self {
        let mut bytes = text.as_bytes().to_vec();
        // A stray NUL would pass for padding: make it a space first.
        for b in &mut bytes {
            if *b == PAD {
                *b = b' ';
            }
        }
        View {
            bytes,
            protected: Vec::new(),
            unsplittable: Vec::new(),
        }
    }

    /// Removes `r` from the prose: inside a word its bytes go to the word's end, between
    /// words they read as space. `r` must lie on character boundaries.
    pub(crate) fn blank(&mut self, r: Range<usize>) {
        let r = r.start.min(self.bytes.len())..r.end.min(self.bytes.len());
        self.bytes[r].fill(PAD);
    }

    /// Blanks the bytes of `r` that are not whitespace (markup spread over lines: the `>`
    /// of quoted lines, a link's target), keeping its line breaks as word separators.
    pub(crate) fn blank_markup(&mut self, r: Range<usize>) {
        let r = r.start.min(self.bytes.len())..r.end.min(self.bytes.len());
        for b in &mut self.bytes[r] {
            if !b.is_ascii_whitespace() {
                *b = PAD;
            }
        }
    }

    /// Makes `r` a word separator (a LaTeX `~`, a line break).
    pub(crate) fn space(&mut self, r: Range<usize>) {
        let r = r.start.min(self.bytes.len())..r.end.min(self.bytes.len());
        self.bytes[r].fill(b' ');
    }

    /// Writes `with` (no longer than `r`) over the start of `r`, padding the rest.
    pub(crate) fn replace(&mut self, r: Range<usize>, with: &str) {
        if with.len() > r.len() || r.end > self.bytes.len() {
            return;
        }
        self.bytes[r.start..r.start + with.len()].copy_from_slice(with.as_bytes());
        self.bytes[r.start + with.len()..r.end].fill(PAD);
    }

    /// Keeps `r` exactly where it is (padding is not moved over it).
    pub(crate) fn protect(&mut self, r: Range<usize>) {
        self.protected.push(r);
    }

    /// Hides `r` from the sentence splitter: a note or a citation command that belongs to
    /// the sentence before it, or words in which no sentence may end.
    pub(crate) fn unsplittable(&mut self, r: Range<usize>) {
        self.unsplittable.push(r);
    }

    /// The view, and the view the sentence splitter reads: the same text with the
    /// unsplittable ranges made spaces (widened to whole characters of the view, since
    /// padding moved inside words).
    pub(crate) fn finish_split(mut self) -> (String, String) {
        let ranges = std::mem::take(&mut self.unsplittable);
        let view = self.finish();
        let mut split = view.clone().into_bytes();
        for r in ranges {
            let (start, end) = crate::model::whole_chars(&view, (r.start, r.end));
            split[start..end].fill(b' ');
        }
        // Whole characters were replaced by ASCII spaces.
        let split = String::from_utf8(split).unwrap_or_else(|_| view.clone());
        (view, split)
    }

    /// The view as text: padding moved to the end of each word, then made spaces.
    pub(crate) fn finish(mut self) -> String {
        self.protected.sort_by_key(|r| r.start);
        let mut barriers = vec![false; self.bytes.len() + 1];
        for r in &self.protected {
            for b in &mut barriers[r.start.min(self.bytes.len())..r.end.min(self.bytes.len())] {
                *b = true;
            }
        }
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            // A word: a run of bytes that are not whitespace and not protected.
            if self.bytes[i].is_ascii_whitespace() || barriers[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && !self.bytes[i].is_ascii_whitespace() && !barriers[i] {
                i += 1;
            }
            let word = &mut self.bytes[start..i];
            if word.contains(&PAD) && word.iter().any(|&b| b != PAD) {
                let kept: Vec<u8> = word.iter().copied().filter(|&b| b != PAD).collect();
                word[..kept.len()].copy_from_slice(&kept);
                word[kept.len()..].fill(PAD);
            }
        }
        for b in &mut self.bytes {
            if *b == PAD {
                *b = b' ';
            }
        }
        // Every change wrote whole characters or ASCII, and moving padding keeps the order of
        // the other bytes, so the bytes are still UTF-8; lossy only as a guard.
        match String::from_utf8(self.bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

/// A range of the file made a range of its view: padding moved characters to the left
/// within their word, so a range that started inside a word starts at that word, and an end
/// inside a character moves past it.
pub(crate) fn snap(view: &str, r: Range<usize>) -> Range<usize> {
    let b = view.as_bytes();
    let mut start = r.start.min(b.len());
    while start > 0 && !b[start - 1].is_ascii_whitespace() {
        start -= 1;
    }
    let mut end = r.end.min(b.len()).max(start);
    while !view.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_goes_to_the_end_of_the_word_and_never_over_a_protected_range() {
        let text = r#"G{\"o}del's \emph{un}happy \cite{k}: done"#;
        let mut v = View::new(text);
        v.replace(1..6, "ö");
        v.blank(12..18);
        v.blank(20..21);
        v.protect(28..35);
        let out = v.finish();
        assert_eq!(out.len(), text.len());
        assert_eq!(out, "Gödel's    unhappy        \\cite{k}: done");
    }
}
