//! Test data shared by the modules' tests: the shipped example, read by the real parser, so
//! that tests of `check`, `render` and `cite` work on what an import produces rather than on
//! hand-made copies that could drift from it.

pub(crate) mod skips;
pub(crate) mod zip;

use crate::model::{Locator, LocatorLabel, PageRange, Source};

/// Where the example's readings are, as tests name the file.
pub(crate) const READINGS: &str = "bibliography/readings.bib";

/// The six entries of `bibliography/readings.bib`, as `bib::parse` reads them.
pub(crate) fn readings() -> Vec<Source> {
    let text = include_str!("../bibliography/readings.bib");
    let parsed = crate::bib::parse(READINGS, text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.file.sources().cloned().collect()
}

/// The keys of the example's readings, in the order the essay's reading list names them.
pub(crate) const READING_KEYS: [&str; 6] = [
    "history2014",
    "curtis1983",
    "finley1983",
    "kwan1982",
    "paik1990",
    "shin2010",
];

/// A page locator for one arabic page, as the locator parser gives "p. 24".
pub(crate) fn page(p: u32) -> Locator {
    Locator {
        label: LocatorLabel::Page,
        value: p.to_string(),
        pages: vec![PageRange {
            start: p,
            end: p,
            roman: false,
        }],
    }
}

/// Asserts that work on an input of size `n` takes time linear in `n`: `measure(n)` does the
/// work once and returns the seconds it took (setup that is not measured stays out of them).
/// `factor` times the input (from `small`) must take less than `bound` times as long, where
/// `bound` sits between linear (`factor`) and quadratic (`factor²`). Each size is timed as the
/// fastest of three runs, and a round that misses the bound is measured again, up to five
/// rounds: a loaded machine slows single runs many times over, but a quadratic cost misses
/// every round. `what` names the input in the failure.
pub(crate) fn assert_linear_time(
    what: &str,
    small: usize,
    factor: usize,
    bound: f64,
    mut measure: impl FnMut(usize) -> f64,
) {
    let mut time = |n: usize| (0..3).map(|_| measure(n)).fold(f64::MAX, f64::min);
    let mut rounds = Vec::new();
    for _ in 0..5 {
        let (a, b) = (time(small), time(small * factor));
        if b < bound * a.max(0.0005) {
            return;
        }
        rounds.push(format!("{a:.4}s -> {b:.4}s"));
    }
    panic!(
        "{what}: {factor}x the input took more than {bound}x as long in every round ({})",
        rounds.join(", ")
    );
}

/// Seconds `work` takes, for [`assert_linear_time`].
pub(crate) fn seconds(work: impl FnOnce()) -> f64 {
    let t = std::time::Instant::now();
    work();
    t.elapsed().as_secs_f64()
}
