//! Identifiers of works: DOIs and ISBNs, normalised for comparison and checked for form.
//! Shared by `duplicate-source` (same DOI, same ISBN) and `entry-invalid` (an ISBN that fails
//! its checksum, as biber reports it).

/// A DOI in the form used for comparison: trimmed, lowercase, without a resolver prefix
/// (`https://doi.org/`, `http://dx.doi.org/`, `doi:`). `None` when nothing like a DOI is left.
pub(super) fn doi(value: &str) -> Option<String> {
    let mut v = value.trim().to_lowercase();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "doi:",
    ] {
        if let Some(rest) = v.strip_prefix(prefix) {
            v = rest.trim().to_string();
            break;
        }
    }
    (v.starts_with("10.") && v.contains('/')).then_some(v)
}

/// An ISBN as its ISBN-13 digits, whether written as ISBN-10 or ISBN-13, with or without
/// hyphens and spaces. `Err` says what is wrong with it.
pub(super) fn isbn13(value: &str) -> Result<String, String> {
    let raw = value.trim();
    let chars: String = raw
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '‐'))
        .collect::<String>()
        .to_uppercase();
    let chars = chars
        .strip_prefix("ISBN")
        .map_or(chars.as_str(), |c| c.trim_start_matches(':'));
    let digit = |c: char| c.to_digit(10);
    match chars.len() {
        10 => {
            let mut sum = 0;
            for (i, c) in chars.chars().enumerate() {
                let d = match (i, c) {
                    (9, 'X') => 10,
                    _ => digit(c).ok_or_else(|| format!("isbn '{raw}' is not an ISBN"))?,
                };
                sum += d * (10 - i as u32);
            }
            if sum % 11 != 0 {
                return Err(format!("isbn '{raw}' fails its ISBN-10 checksum"));
            }
            let body = format!("978{}", &chars[..9]);
            Ok(format!("{body}{}", check13(&body)))
        }
        13 => {
            if !chars.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("isbn '{raw}' is not an ISBN"));
            }
            if check13(&chars[..12]) != chars[12..].parse::<u32>().unwrap_or(99) {
                return Err(format!("isbn '{raw}' fails its ISBN-13 checksum"));
            }
            Ok(chars.to_string())
        }
        _ => Err(format!("isbn '{raw}' is not an ISBN (10 or 13 digits)")),
    }
}

/// The check digit of the first twelve digits of an ISBN-13.
fn check13(twelve: &str) -> u32 {
    let sum: u32 = twelve
        .chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d } else { 3 * d })
        .sum();
    (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>)] = &[
            ("10.1000/XYZ123", Some("10.1000/xyz123")),
            ("https://doi.org/10.1000/xyz123", Some("10.1000/xyz123")),
            ("http://dx.doi.org/10.1000/XYZ123 ", Some("10.1000/xyz123")),
            ("doi:10.1000/xyz123", Some("10.1000/xyz123")),
            ("not a doi", None),
        ];
        for (text, want) in cases {
            assert_eq!(doi(text).as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn isbns() {
        #[rustfmt::skip]
        let cases: &[(&str, Result<&str, ()>)] = &[
            ("978-0-306-40615-7", Ok("9780306406157")),
            ("0-306-40615-2", Ok("9780306406157")),
            ("080442957X", Ok("9780804429573")),
            ("ISBN 0-306-40615-2", Ok("9780306406157")),
            ("0-306-40615-X", Err(())),
            ("978-0-306-40615-8", Err(())),
            ("123", Err(())),
        ];
        for (text, want) in cases {
            assert_eq!(&isbn13(text).as_deref().map_err(|_| ()), want, "{text}");
        }
    }
}
