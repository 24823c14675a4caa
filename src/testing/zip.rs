//! A ZIP of stored (uncompressed) parts, as Word files are built in tests: the unit tests of
//! the Word reader and, by `#[path]`, the fuzzer of the integration tests use this one writer.

#![allow(dead_code)]

/// A ZIP of stored parts, as a test fixture.
pub fn stored(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dir = Vec::new();
    for (name, data) in parts {
        let offset = out.len() as u32;
        out.extend(b"PK\x03\x04");
        out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend((data.len() as u32).to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out.extend((name.len() as u16).to_le_bytes());
        out.extend([0, 0]);
        out.extend(name.as_bytes());
        out.extend(*data);
        dir.extend(b"PK\x01\x02");
        dir.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        dir.extend((data.len() as u32).to_le_bytes());
        dir.extend((data.len() as u32).to_le_bytes());
        dir.extend((name.len() as u16).to_le_bytes());
        dir.extend([0; 12]);
        dir.extend(offset.to_le_bytes());
        dir.extend(name.as_bytes());
    }
    let at = out.len() as u32;
    let n = parts.len() as u16;
    out.extend(&dir);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend(n.to_le_bytes());
    out.extend(n.to_le_bytes());
    out.extend((dir.len() as u32).to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend([0, 0]);
    out
}
