//! Attached full texts (`annobib attach`): one row per source key, its pages in their own table.

use std::collections::HashMap;

use rusqlite::OptionalExtension;

use super::{Result, Store};
use crate::model::{Attachment, Page};

impl Store {
    /// Stores `a` as the text of its source, replacing the one it had; whether it had one.
    pub fn attach(&mut self, a: &Attachment) -> Result<bool> {
        let tx = self.write_tx()?;
        let replaced = tx.execute("DELETE FROM attachment WHERE key = ?1", [&a.key])? > 0;
        tx.execute(
            "INSERT INTO attachment(key, file, kind, numbering, attached_at) \
             VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            rusqlite::params![a.key, a.file, a.kind, a.numbering],
        )?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO attachment_page(key, physical, label, text) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for p in &a.pages {
                st.execute(rusqlite::params![a.key, p.physical, p.label, p.text])?;
            }
        }
        tx.commit()?;
        Ok(replaced)
    }

    /// Removes the text attached to `key`; whether there was one.
    pub fn detach(&mut self, key: &str) -> Result<bool> {
        let tx = self.write_tx()?;
        tx.execute("DELETE FROM attachment_page WHERE key = ?1", [key])?;
        let gone = tx.execute("DELETE FROM attachment WHERE key = ?1", [key])? > 0;
        tx.commit()?;
        Ok(gone)
    }

    /// The text attached to `key`, with its pages.
    pub fn attachment(&self, key: &str) -> Result<Option<Attachment>> {
        let head = self
            .conn
            .prepare_cached("SELECT key, file, kind, numbering FROM attachment WHERE key = ?1")?
            .query_row([key], |r| {
                Ok(Attachment {
                    key: r.get("key")?,
                    file: r.get("file")?,
                    kind: r.get("kind")?,
                    numbering: r.get("numbering")?,
                    pages: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut a) = head else {
            return Ok(None);
        };
        let mut st = self.conn.prepare_cached(
            "SELECT physical, label, text FROM attachment_page WHERE key = ?1 ORDER BY physical",
        )?;
        let pages = st.query_map([key], |r| {
            Ok(Page {
                physical: r.get("physical")?,
                label: r.get("label")?,
                text: r.get("text")?,
            })
        })?;
        a.pages = pages.collect::<rusqlite::Result<_>>()?;
        Ok(Some(a))
    }

    /// The texts attached to any of `keys`, by key.
    pub fn attachments<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<HashMap<String, Attachment>> {
        let mut out = HashMap::new();
        let any: i64 = self
            .conn
            .query_row("SELECT count(*) FROM attachment", [], |r| r.get(0))?;
        if any == 0 {
            return Ok(out);
        }
        for key in keys {
            if let Some(a) = self.attachment(key)? {
                out.insert(key.to_string(), a);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(physical: u32, label: &str, text: &str) -> Page {
        Page {
            physical,
            label: label.into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_text_is_attached_replaced_read_and_detached() {
        let mut store = Store::open_in_memory().unwrap();
        let a = Attachment {
            key: "k".into(),
            file: "k.pdf".into(),
            kind: "pdf".into(),
            numbering: "running headers".into(),
            pages: vec![page(1, "233", "first"), page(2, "234", "second")],
        };
        assert!(!store.attach(&a).unwrap());
        assert_eq!(store.attachment("k").unwrap().as_ref(), Some(&a));
        let mut b = a.clone();
        b.pages.pop();
        assert!(store.attach(&b).unwrap(), "replaced");
        assert_eq!(store.attachment("k").unwrap().unwrap().pages.len(), 1);
        assert_eq!(store.attachments(["k", "none"]).unwrap().len(), 1);
        assert!(store.detach("k").unwrap());
        assert!(!store.detach("k").unwrap());
        assert_eq!(store.attachment("k").unwrap(), None);
    }
}
