//! AnyStyle's labelled references (`<dataset><sequence><author>...</author>...`), read into
//! token sequences with a label per token: the training and test data of the model.

use quick_xml::Reader;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::Event;

use super::{label_of_tag, tokens};

/// One labelled reference: the string (its segments joined by a space, as AnyStyle joins
/// them) and each token's label index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The reference string.
    pub text: String,
    /// The label index (into `LABELS`) of each token.
    pub labels: Vec<usize>,
}

/// Reads a dataset file's text; the error names the byte position of bad XML.
pub fn read_dataset(xml: &str) -> Result<Vec<Example>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut segments: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut in_sequence = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).to_string();
                if name == "sequence" {
                    in_sequence = true;
                    segments.clear();
                } else if in_sequence && let Some(l) = label_of_tag(&name) {
                    current = Some((l, String::new()));
                }
            }
            Event::End(e) => {
                let name = e.name();
                if name.as_ref() == b"sequence" {
                    in_sequence = false;
                    if let Some(ex) = example(&segments) {
                        out.push(ex);
                    }
                } else if let Some(seg) = current.take() {
                    segments.push(seg);
                }
            }
            Event::Text(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, s)) = current.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => s.push(c),
                        _ => {
                            let name = r.decode().map_err(|e| e.to_string())?;
                            s.push_str(resolve_xml_entity(&name).unwrap_or_default());
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The segments of one sequence as an example; `None` when it has no token.
fn example(segments: &[(usize, String)]) -> Option<Example> {
    let mut text = String::new();
    let mut labels = Vec::new();
    for (l, s) in segments {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&s);
        labels.extend(std::iter::repeat_n(*l, tokens(&s).len()));
    }
    debug_assert_eq!(tokens(&text).len(), labels.len());
    (!labels.is_empty()).then_some(Example { text, labels })
}
