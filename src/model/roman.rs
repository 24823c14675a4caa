//! Roman numerals, as page numbers of front matter ("xii") and chapter numbers ("IV") use them.

/// The value of a roman numeral written in one case and in canonical form ("xiv", "XIV");
/// `None` for anything else ("mix" and "iiii" are not numerals, "Xii" mixes cases).
pub fn roman_value(s: &str) -> Option<u32> {
    let upper = s.bytes().all(|b| b.is_ascii_uppercase());
    let lower = s.bytes().all(|b| b.is_ascii_lowercase());
    if s.is_empty() || s.len() > 15 || !(upper || lower) {
        return None;
    }
    let digit = |b: u8| match b.to_ascii_lowercase() {
        b'i' => Some(1u32),
        b'v' => Some(5),
        b'x' => Some(10),
        b'l' => Some(50),
        b'c' => Some(100),
        b'd' => Some(500),
        b'm' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = s.bytes().map(digit).collect::<Option<_>>()?;
    let mut total: i64 = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&n| n > v) {
            total -= i64::from(v);
        } else {
            total += i64::from(v);
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Only the canonical spelling counts, so that words are not read as numbers.
    (to_roman(total) == s.to_ascii_lowercase()).then_some(total)
}

/// `n` as a lowercase roman numeral.
pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_numerals_in_one_case() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<u32>)] = &[
            ("i", Some(1)), ("iv", Some(4)), ("xii", Some(12)), ("XIV", Some(14)),
            ("xc", Some(90)), ("mcmlxxxiii", Some(1983)), ("cd", Some(400)),
            ("mix", Some(1009)), ("iiii", None), ("Xii", None), ("", None), ("ic", None), ("xiiv", None),
            ("dim", None), ("vx", None),
        ];
        for (s, want) in cases {
            assert_eq!(roman_value(s), *want, "{s}");
        }
        for n in 1..=400 {
            assert_eq!(roman_value(&to_roman(n)), Some(n));
        }
    }
}
