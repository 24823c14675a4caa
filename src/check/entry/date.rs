//! The date-like fields of an entry: `date` (ISO 8601-2 / EDTF levels 0 and 1 as biblatex
//! reads them), `year`, `month`.
//!
//! The accepted forms were checked against biber 2.x (`biber --tool --validate-datamodel`):
//! `2014`, `2014-05`, `2014-05-22`, `2014-05-22T10:00:00Z`, ranges `2014/2015` (in either
//! order), open ranges `2014/..`, `../2014`, `/2014`, `2014/`, qualifiers `2014?`, `2014~`,
//! `2014%` (at the end only), unspecified digits `201X`, `2014-05-2X`, seasons `2014-21`,
//! negative and long years `-0044`, `Y170000002`. Rejected: `2014-5`, `14`, `12345`, `[2014]`,
//! `?2014`, `2014?-05`, `..2014`, `2014-00`, `2015-02-29`, `2014-W01`, `1990s`, `T10:00`
//! without seconds. One difference: biber lets `2014-20` through; EDTF has no season 20.

/// What is wrong with a `date` value, if anything.
pub(super) fn check_date(value: &str) -> Result<(), String> {
    let v = value.trim();
    let bad = || {
        Err(format!(
            "date '{v}' is not a date biblatex reads (EDTF: 2014, 2014-05-22, 2014/2015, 2014/..)"
        ))
    };
    let ok = match v.split_once('/') {
        None => single(v),
        Some((a, b)) => {
            let open = |s: &str| s.is_empty() || s == "..";
            match (open(a), open(b)) {
                (true, true) => false,
                (true, false) => single(b),
                (false, true) => single(a),
                (false, false) => single(a) && single(b),
            }
        }
    };
    if ok { Ok(()) } else { bad() }
}

/// One EDTF date: year[-month[-day[Thh:mm:ss[zone]]]], with an optional final qualifier.
fn single(s: &str) -> bool {
    let s = s.strip_suffix(['?', '~', '%']).unwrap_or(s);
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    if time.is_some_and(|t| !clock(t)) {
        return false;
    }
    // "Y170000002": a year of more than four digits.
    if let Some(long) = date.strip_prefix('Y') {
        let digits = long.strip_prefix('-').unwrap_or(long);
        return digits.len() > 4 && digits.chars().all(|c| c.is_ascii_digit()) && time.is_none();
    }
    let unsigned = date.strip_prefix('-').unwrap_or(date);
    let mut parts = unsigned.split('-');
    let year = parts.next().unwrap_or_default();
    let month = parts.next();
    let day = parts.next();
    if parts.next().is_some() || !digits_or_x(year, 4) {
        return false;
    }
    let Some(month) = month else {
        return time.is_none();
    };
    if !digits_or_x(month, 2) {
        return false;
    }
    let m: u32 = month.parse().unwrap_or(0);
    let season = (21..=41).contains(&m);
    let unknown_month = month.contains('X');
    if !(unknown_month || (1..=12).contains(&m) || season && day.is_none()) {
        return false;
    }
    let Some(day) = day else {
        return time.is_none();
    };
    if !digits_or_x(day, 2) {
        return false;
    }
    if day.contains('X') || unknown_month || year.contains('X') {
        return true;
    }
    let d: u32 = day.parse().unwrap_or(0);
    let y: i64 = year.parse().unwrap_or(0);
    (1..=days_in_month(y, m)).contains(&d)
}

fn digits_or_x(s: &str, len: usize) -> bool {
    s.len() == len && s.chars().all(|c| c.is_ascii_digit() || c == 'X')
}

/// "10:00:00", "10:00:00Z", "10:00:00+01:00".
fn clock(t: &str) -> bool {
    let (hms, zone) = match t.find(['Z', '+', '-']) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    let fields: Vec<&str> = hms.split(':').collect();
    let two = |s: &str, max: u32| s.len() == 2 && s.parse::<u32>().is_ok_and(|n| n <= max);
    let time_ok =
        fields.len() == 3 && two(fields[0], 23) && two(fields[1], 59) && two(fields[2], 59);
    let zone_ok = match zone {
        "" | "Z" => true,
        z => {
            let z = &z[1..];
            two(z, 14)
                || z.split_once(':')
                    .is_some_and(|(h, m)| two(h, 14) && two(m, 59))
        }
    };
    time_ok && zone_ok
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What is wrong with a `year` value: biber reads it as an integer (`-44` and `19` pass).
pub(super) fn check_year(value: &str) -> Result<(), String> {
    let v = value.trim();
    let digits = v.strip_prefix('-').unwrap_or(v);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "year '{v}' is not a year (use date for '2014/2015', 'n.d.' is no year)"
        ))
    }
}

/// What is wrong with a `month` value: it must be 1–12 or a month's name.
pub(super) fn check_month(value: &str) -> Result<(), String> {
    let v = value.trim();
    let number = v.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    let name = crate::check::MONTHS.contains(&v.trim_end_matches('.').to_lowercase().as_str());
    if number || name {
        Ok(())
    } else {
        Err(format!(
            "month '{v}' is not a month (1-12 or a month's name)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_biber_reads_them() {
        #[rustfmt::skip]
        let cases: &[(&str, bool)] = &[
            ("2014", true), ("2014-05", true), ("2014-05-22", true), ("2014/2015", true),
            ("2014/2013", true), ("2014/..", true), ("../2014", true), ("/2014", true),
            ("2014-05-22/", true), ("2014?", true), ("2014~", true), ("2014%", true),
            ("2014-05?", true), ("201X", true), ("19XX", true), ("2014-05-2X", true),
            ("2014-21", true), ("-0044", true), ("0000", true), ("Y170000002", true),
            ("2014-05-22T10:00:00", true), ("2014-05-22T10:00:00Z", true), ("2016-02-29", true),
            ("2014-05-22/2015-06", true), (" 2014 ", true),
            ("2014-5", false), ("14", false), ("12345", false), ("[2014]", false),
            ("?2014", false), ("%2014", false), ("2014?-05", false), ("..2014", false),
            ("2014-00", false), ("2014-13", false), ("2014-02-30", false), ("2015-02-29", false),
            ("1850-02-30", false), ("2014-W01", false), ("1990s", false), ("n.d.", false),
            ("2014-05-22T10:00", false), ("/", false), ("../..", false), ("", false),
            ("2014-13-40", false),
        ];
        for (text, want) in cases {
            assert_eq!(check_date(text).is_ok(), *want, "{text}");
        }
    }

    #[test]
    fn years_and_months() {
        #[rustfmt::skip]
        let years: &[(&str, bool)] = &[
            ("2014", true), ("-44", true), ("19", true), (" 2014", true), ("2014a", false),
            ("c. 1990", false), ("1990s", false), ("n.d.", false), ("forthcoming", false),
            ("2014/2015", false), ("", false),
        ];
        for (text, want) in years {
            assert_eq!(check_year(text).is_ok(), *want, "year {text}");
        }
        #[rustfmt::skip]
        let months: &[(&str, bool)] = &[
            ("5", true), ("05", true), ("12", true), ("jan", true), ("January", true),
            ("Jan.", true), ("june", true), ("13", false), ("0", false), ("spring", false),
            ("1--2", false),
        ];
        for (text, want) in months {
            assert_eq!(check_month(text).is_ok(), *want, "month {text}");
        }
    }
}
