//! Documents: text -> structure -> claims; and re-anchoring claims after an edit.

pub mod anchor;
