//! Citations in text: resolving markers to library sources.
//!
//! This part of `cite` owns matching: text normalisation (`normalize`), title scoring
//! (`title`), cited names (`names`), field-by-field comparison of a marker with a source (`compare`), an
//! in-memory `SourceIndex` (`memindex`) and the resolution of a document's citations
//! (`resolve`). Finding markers and parsing locators and references live beside it.

pub mod compare;
pub mod memindex;
pub mod names;
pub mod normalize;
pub mod resolve;
pub mod title;
