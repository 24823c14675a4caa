//! The record of tests that could not run on this machine: a real client (bibtex, biber,
//! pandoc, chromium, pdftotext) that is not installed, or the shared corpus (`../shared`
//! beside the checkout) that is not there.
//!
//! libtest hides what a passing test prints, so a skip written with `eprintln!` was seen by
//! nobody. Here a skip is written straight to the process's stderr (past libtest's capture),
//! kept in a list, and the list is printed once more when the test binary exits, so a run ends
//! by saying what it did not test. Under `ANNOBIB_REQUIRE_CLIENTS=1` (what `.ci/run` sets) a
//! skip is a failure instead.
//!
//! One file, compiled twice: into the library's unit tests (`crate::testing::skips`) and into
//! the integration binary (`tests/util`, by `#[path]`), so both keep the same rule.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, Once};

/// What this test binary could not test (test name, what was missing), in the order found.
static SKIPPED: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
/// What it looked for and found, so the closing line can say what did run.
static FOUND: Mutex<Vec<String>> = Mutex::new(Vec::new());
static AT_EXIT: Once = Once::new();

/// Whether a missing client or corpus fails the test (`ANNOBIB_REQUIRE_CLIENTS=1`).
pub fn required() -> bool {
    std::env::var("ANNOBIB_REQUIRE_CLIENTS").is_ok_and(|v| v == "1")
}

/// Whether an external program can be run (`NAME --version` starts and says something).
/// When it cannot, the calling test is recorded as skipped (or fails, when required).
pub fn client(name: &str) -> bool {
    let found = Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    if found {
        note_found(name);
    } else {
        skipped(&format!("{name} is not installed"));
    }
    found
}

/// `rel` inside the shared data folder (`../shared/rel` beside the package, or beside the
/// worktree folder), when it exists; otherwise the calling test is recorded as skipped.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = ["../shared", "../../shared"]
        .iter()
        .map(|s| root.join(s).join(rel))
        .find(|p| p.exists());
    match &found {
        Some(_) => note_found(&format!("../shared/{rel}")),
        None => skipped(&format!("../shared/{rel} is not present")),
    }
    found
}

/// Records that the running test cannot do its work because `what` is missing: printed now
/// and again at exit; a panic instead when `ANNOBIB_REQUIRE_CLIENTS=1`.
pub fn skipped(what: &str) {
    if required() {
        panic!("{what}, and ANNOBIB_REQUIRE_CLIENTS=1 requires it");
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("(unnamed test)")
        .to_string();
    let _ = writeln!(std::io::stderr(), "skipped: {test}: {what}");
    register_report();
    lock(&SKIPPED).push((test, what.to_string()));
}

fn note_found(what: &str) {
    register_report();
    let mut found = lock(&FOUND);
    if !found.iter().any(|f| f == what) {
        found.push(what.to_string());
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The closing lines of a run: what was found and what was skipped.
pub fn report(skipped: &[(String, String)], found: &[String]) -> String {
    let mut out = String::new();
    let mut found = found.to_vec();
    found.sort();
    let found = if found.is_empty() {
        "nothing".to_string()
    } else {
        found.join(", ")
    };
    if skipped.is_empty() {
        out.push_str(&format!(
            "annobib tests: no test skipped for a missing client or corpus (found: {found})\n"
        ));
        return out;
    }
    let mut missing: Vec<&str> = skipped.iter().map(|(_, w)| w.as_str()).collect();
    missing.sort();
    missing.dedup();
    out.push_str(&format!(
        "annobib tests: {} skipped, these were missing: {} (found: {found}; \
         ANNOBIB_REQUIRE_CLIENTS=1 makes a skip fail)\n",
        skipped.len(),
        missing.join("; ")
    ));
    let mut rows = skipped.to_vec();
    rows.sort();
    for (test, what) in rows {
        out.push_str(&format!("  skipped {test}: {what}\n"));
    }
    out
}

extern "C" fn print_report() {
    let skipped = lock(&SKIPPED).clone();
    let found = lock(&FOUND).clone();
    let _ = std::io::stderr().write_all(report(&skipped, &found).as_bytes());
}

unsafe extern "C" {
    fn atexit(f: extern "C" fn()) -> std::ffi::c_int;
}

/// Prints the report when the test binary exits (after libtest's own summary, whether the run
/// passed or failed). libtest has no hook of its own for the end of a run.
fn register_report() {
    AT_EXIT.call_once(|| {
        // SAFETY: `print_report` is a plain function that lives for the whole process, takes
        // no arguments and never unwinds (it only locks, formats and writes, ignoring errors).
        unsafe {
            atexit(print_report);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::report;

    #[test]
    fn the_report_lists_every_skip_and_what_was_missing() {
        let skipped = vec![
            (
                "report::b".to_string(),
                "pandoc is not installed".to_string(),
            ),
            (
                "interop::a".to_string(),
                "pandoc is not installed".to_string(),
            ),
            (
                "cite::essays::c".to_string(),
                "../shared/corpus/essays is not present".to_string(),
            ),
        ];
        let found = vec!["biber".to_string(), "bibtex".to_string()];
        assert_eq!(
            report(&skipped, &found),
            "annobib tests: 3 skipped, these were missing: ../shared/corpus/essays is not present; \
             pandoc is not installed (found: biber, bibtex; ANNOBIB_REQUIRE_CLIENTS=1 makes a skip fail)\n\
             \x20 skipped cite::essays::c: ../shared/corpus/essays is not present\n\
             \x20 skipped interop::a: pandoc is not installed\n\
             \x20 skipped report::b: pandoc is not installed\n"
        );
        assert_eq!(
            report(&[], &found),
            "annobib tests: no test skipped for a missing client or corpus (found: biber, bibtex)\n"
        );
    }
}
