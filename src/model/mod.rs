//! Pure domain types: sources and their persons, documents and their claims, inline citations
//! with locators, manual links, and check findings.
//!
//! This module owns the vocabulary every other module speaks. It depends on `std` and `serde`
//! only: no parsing, no storage, no rendering lives here, just the values and small accessors
//! that follow directly from them (a source's year, a locator's page ranges).

/// Declares an enum whose variants each have one name, used everywhere the enum is written
/// as text: serde (JSON and the store's columns), `as_str`, `parse`, `Display`, `FromStr`, and
/// `ALL` (every variant, in declaration order). One table instead of a serde attribute and
/// hand-written `match`es that could drift apart.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant's name in JSON, CSV, the database and on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant of this name.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse(s).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    format!("'{s}' is not one of {}", names.join(", "))
                })
            }
        }
    };
}

mod attachment;
mod citation;
mod document;
mod finding;
mod index;
mod roman;
mod source;

pub use attachment::{Attachment, Page};
pub use citation::{
    Citation, CitationStyle, LATEX_CITE_COMMANDS, LATEX_MULTICITE_COMMANDS, Locator, LocatorLabel,
    MarkerParts, Origin, PageRange, Parts, Resolution,
};
pub use document::{Claim, ClaimId, ClaimKind, Document, Note, claim_label, whole_chars};
pub use finding::{Finding, Rule, Severity};
pub use index::{Candidate, IndexQuery, SourceIndex};
pub use roman::{roman_value, to_roman};
pub use source::{BibFile, BibItem, Field, NAME_FIELDS, Person, Source, SourceOrigin};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name of every named enum: JSON writes it, `parse` and serde read it back, and
    /// `FromStr` refuses a name that is none of them, listing the names.
    fn names_agree<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + std::str::FromStr,
        T: serde::Serialize + serde::de::DeserializeOwned,
        <T as std::str::FromStr>::Err: std::fmt::Display,
    {
        assert!(!all.is_empty());
        for &v in all {
            let name = v.to_string();
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(),
                v
            );
            assert_eq!(name.parse::<T>().ok(), Some(v));
        }
        let err = "no-such-name".parse::<T>().err().unwrap().to_string();
        assert!(err.contains(&all[0].to_string()), "{err}");
    }

    #[test]
    fn every_named_enum_has_one_name_per_variant() {
        names_agree(ClaimKind::ALL);
        names_agree(CitationStyle::ALL);
        names_agree(LocatorLabel::ALL);
        names_agree(Origin::ALL);
        names_agree(Severity::ALL);
        names_agree(Rule::ALL);
        assert_eq!(CitationStyle::AuthorDate.as_str(), "author-date");
        assert_eq!(ClaimKind::ALL.len(), 7);
        assert_eq!(LocatorLabel::ALL.len(), 10);
    }
}
