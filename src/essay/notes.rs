//! Plain-text notes: the `[1] ...` blocks after a text (pandoc's plain-text notes, a closing
//! "Notes" list) become units of kind `Note`, each with its label and the `[1]` marker that
//! calls it in the running text.
//!
//! Told apart from a numbered reference list (`[1] J. P. Finley, ...` under "References"):
//! numbered blocks are notes when they sit under a heading that says so ("Notes",
//! "Endnotes"), follow the unnumbered items of a reference list (a bibliography, then the
//! notes), or follow the running text with no heading at all. A note's marker is the first
//! `[n]` of the running text after the previous note's marker; a note whose marker is not
//! found keeps `marker: None`, and a marker without a note is left as text.

use crate::model::{Claim, ClaimKind, Note};

/// Headings of a list of notes.
const NOTE_HEADINGS: &[&str] = &["notes", "endnotes", "footnotes", "note"];

/// The label of a numbered block: "[3] text" (or "3. text" under a notes heading).
fn label(text: &str, dotted: bool) -> Option<(&str, usize)> {
    let (digits_at, close) = if text.starts_with('[') {
        (1, ']')
    } else if dotted {
        (0, '.')
    } else {
        return None;
    };
    let len = text[digits_at..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if len == 0 || len > 4 || !text[digits_at + len..].starts_with(close) {
        return None;
    }
    let after = digits_at + len + 1;
    text[after..]
        .starts_with(char::is_whitespace)
        .then_some((&text[digits_at..digits_at + len], after))
}

fn is_note_heading(section: Option<&str>) -> bool {
    section.is_some_and(|s| {
        let s = s.trim().trim_end_matches(':').to_lowercase();
        NOTE_HEADINGS.contains(&s.as_str())
    })
}

/// Turns the plain-text notes among `claims` into `Note` units (see the module doc).
pub fn mark(claims: &mut [Claim]) {
    // Where the notes start: the first numbered block "[1]" (or "1." under a notes heading)
    // that follows unnumbered reference items, a notes heading, or running text directly.
    let mut first = None;
    let mut unnumbered_refs = false;
    for (i, c) in claims.iter().enumerate() {
        let under_notes = is_note_heading(c.section.as_deref());
        if c.kind == ClaimKind::Reference && label(&c.text, false).is_none() {
            unnumbered_refs = true;
            continue;
        }
        let Some((l, _)) = label(&c.text, under_notes) else {
            continue;
        };
        if l != "1" || c.sentence != 1 {
            continue;
        }
        let notes = match c.kind {
            ClaimKind::Reference => unnumbered_refs || under_notes,
            ClaimKind::Claim => under_notes || i > 0,
            _ => false,
        };
        if notes {
            first = Some(i);
            break;
        }
    }
    let Some(first) = first else { return };
    let dotted = is_note_heading(claims[first].section.as_deref());
    // The note units: each numbered block from there and the other sentences of its block.
    let mut current: Option<(String, u32)> = None;
    let mut notes: Vec<(usize, String)> = Vec::new();
    for (i, c) in claims.iter().enumerate().skip(first) {
        if matches!(c.kind, ClaimKind::Heading | ClaimKind::Title) {
            break;
        }
        if let Some((l, _)) = label(&c.text, dotted).filter(|_| c.sentence == 1) {
            current = Some((l.to_string(), c.paragraph));
        }
        match &current {
            Some((l, p)) if *p == c.paragraph => notes.push((i, l.clone())),
            _ => break,
        }
    }
    // The markers, in the running text before the notes, in order.
    let mut at = 0usize;
    let mut markers: Vec<(String, Option<(usize, usize)>)> = Vec::new();
    for (_, l) in &notes {
        if markers.last().is_some_and(|(last, _)| last == l) {
            continue;
        }
        let needle = format!("[{l}]");
        let found = claims[..first]
            .iter()
            .filter(|c| c.kind == ClaimKind::Claim && c.end > at)
            .find_map(|c| {
                let from = at.max(c.start) - c.start;
                c.text
                    .get(from..)?
                    .find(&needle)
                    .map(|k| c.start + from + k)
            });
        if let Some(s) = found {
            at = s + needle.len();
        }
        markers.push((l.clone(), found.map(|s| (s, s + needle.len()))));
    }
    for (i, l) in notes {
        let marker = markers.iter().find(|(m, _)| *m == l).and_then(|(_, s)| *s);
        let c = &mut claims[i];
        c.kind = ClaimKind::Note;
        c.note = Some(Note { label: l, marker });
    }
}

#[cfg(test)]
mod tests {
    use crate::essay::{Options, parse};
    use crate::model::ClaimKind;

    fn notes(text: &str) -> Vec<(String, Option<String>)> {
        let doc = parse("n.txt", text, &Options::default());
        doc.claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Note)
            .map(|c| {
                let n = c.note.as_ref().unwrap();
                (
                    n.label.clone(),
                    n.marker.map(|(s, e)| format!("{}@{s}", &text[s..e])),
                )
            })
            .collect()
    }

    #[test]
    fn numbered_blocks_after_a_bibliography_are_notes_with_their_markers() {
        let text = "Heading\n\nIt began in 2019.[1] It went on.[2] And on [3].\n\nReferences\n\n\
            Balgos, Maria. “Shell.” J. Lumin. 155 (2014).\n\n[1] Balgos, “Shell,” 31.\n\n\
            [2] Ibid., 32.\n\n[3] Smith, “Launchpad,” sec. 30. Commentary follows here.\n";
        let got = notes(text);
        assert_eq!(
            got,
            vec![
                ("1".into(), Some("[1]@26".into())),
                ("2".into(), Some("[2]@41".into())),
                ("3".into(), Some("[3]@52".into())),
            ]
        );
    }

    #[test]
    fn a_numbered_reference_list_stays_a_reference_list() {
        let text = "Heading\n\nIt began [1] and went on [2].\n\nReferences\n\n\
            [1] J. P. Finley, The US Military Experience. USFK, 1983.\n\n\
            [2] S. Paik, Security Relations. Seoul Press, 1990.\n";
        assert!(notes(text).is_empty());
        let doc = parse("n.txt", text, &Options::default());
        let refs = doc
            .claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Reference)
            .count();
        assert_eq!(refs, 2);
    }

    #[test]
    fn notes_without_markers_and_markers_without_notes_do_not_break() {
        let text = "Heading\n\nNo markers here.\n\nNotes\n\n1. A note without a marker.\n\n\
            2. Another one.\n";
        assert_eq!(notes(text), vec![("1".into(), None), ("2".into(), None)]);
        let text = "Heading\n\nA marker [1] without notes.\n";
        assert!(notes(text).is_empty());
        let long = format!("Heading\n\n{}\n\n[1] x\n", "[1] ".repeat(5000));
        let _ = notes(&long);
    }
}
