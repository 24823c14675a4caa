//! The integration-test harness: a temporary project directory with its own library, the
//! real `annobib` binary run in it, and the rule for tests that drive external clients.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary directory to run annobib in, with the library at `lib.db` inside it.
pub struct Env {
    dir: tempfile::TempDir,
}

/// What a run printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("lib.db")
    }

    /// Writes a file into the directory and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// Copies a file of the repository (e.g. `bibliography/readings.bib`) into the directory.
    pub fn copy(&self, repo_path: &str, name: &str) -> PathBuf {
        self.write(name, std::fs::read(repo(repo_path)).unwrap())
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap()
    }

    /// The command, in the directory, with the test library and a neutral environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_annobib"));
        c.current_dir(self.dir.path())
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("ANNOBIB_DB")
            .env_remove("COLUMNS")
            .env("NO_COLOR", "1");
        // A stray annobib.toml or annobib.db above the test's directory is never found.
        if let Some(above) = self.dir.path().parent() {
            c.env("ANNOBIB_CEILING_DIRECTORIES", above);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_command(self.command(args))
    }

    /// Runs and asserts exit code 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(
            r.code, 0,
            "annobib {args:?} failed:\n{}{}",
            r.stdout, r.stderr
        );
        r.stdout
    }

    /// Runs and asserts the exit code; returns the run.
    pub fn fails(&self, args: &[&str], code: i32) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, code, "annobib {args:?}:\n{}{}", r.stdout, r.stderr);
        r
    }
}

pub fn run_command(mut c: Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("running annobib");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

impl Env {
    /// A library holding the example's readings (`readings.bib`).
    pub fn with_readings() -> Env {
        let env = Env::new();
        env.copy("bibliography/readings.bib", "readings.bib");
        env.ok(&["import", "readings.bib"]);
        env
    }

    /// A library holding the example's readings and its essay (as `essay.txt`).
    pub fn with_example() -> Env {
        let env = Env::new();
        env.copy("bibliography/readings.bib", "readings.bib");
        env.copy("bibliography/us-korea-military-alliance.txt", "essay.txt");
        env.ok(&["import", "readings.bib", "essay.txt"]);
        env
    }
}

/// A path in the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The .bib files of `tests/fixtures/valid`, sorted (there are at least three).
pub fn valid_fixtures() -> Vec<PathBuf> {
    let dir = repo("tests/fixtures/valid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bib"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "fixtures missing in {}", dir.display());
    files
}

/// The record of skipped client and corpus tests, shared with the library's unit tests.
#[path = "../../src/testing/skips.rs"]
mod skips;
#[path = "../../src/testing/zip.rs"]
pub mod zip;

/// The shared real-world corpus (`../shared/corpus/REL`), when this machine has it; otherwise
/// the test is recorded as skipped (a failure under `ANNOBIB_REQUIRE_CLIENTS=1`).
pub fn corpus(rel: &str) -> Option<PathBuf> {
    skips::shared(&format!("corpus/{rel}"))
}

/// The system's CSL styles (Debian's citation-style-language-styles), when installed;
/// otherwise the test is recorded as skipped (a failure under `ANNOBIB_REQUIRE_CLIENTS=1`).
pub fn csl_styles() -> Option<PathBuf> {
    let dir = PathBuf::from("/usr/share/citation-style-language/styles");
    if dir.is_dir() {
        Some(dir)
    } else {
        skips::skipped(&format!(
            "the CSL styles ({}) are not installed",
            dir.display()
        ));
        None
    }
}

/// Whether an external client (bibtex, biber, pandoc, chromium, pdftotext) can be run. When it
/// cannot, the test is recorded as skipped and the run's last lines say so, unless
/// `ANNOBIB_REQUIRE_CLIENTS=1`, where its absence fails.
pub fn client(name: &str) -> bool {
    skips::client(name)
}
