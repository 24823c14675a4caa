//! Where the library lives, and the optional project file `annobib.toml`.
//!
//! Order: `--db PATH` or `ANNOBIB_DB`; else the `library` named by the nearest `annobib.toml`
//! from the working directory upward (default `annobib.db` beside it); else the nearest
//! existing `annobib.db` upward (as git finds `.git`); else `./annobib.db`. The upward search
//! stops below the directories `ANNOBIB_CEILING_DIRECTORIES` names.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

/// The project file's name.
pub const PROJECT_FILE: &str = "annobib.toml";
/// The library's default file name.
pub const DEFAULT_DB: &str = "annobib.db";

/// Settings from `annobib.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The library file, relative to the project file.
    pub library: Option<PathBuf>,
    /// .bib files of the project, relative to the project file.
    #[serde(default)]
    pub bib: Vec<PathBuf>,
    /// Documents (essays) of the project, relative to the project file.
    #[serde(default)]
    pub documents: Vec<PathBuf>,
    /// Abbreviations the sentence splitter must not end a sentence at, beyond its defaults.
    #[serde(default)]
    pub abbreviations: Vec<String>,
}

/// How the library path was chosen (shown by `--help` and `annobib info`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// `--db` or `ANNOBIB_DB`.
    Explicit,
    /// Named (or defaulted) by a project file.
    ProjectFile(PathBuf),
    /// An existing library found upward.
    Upward,
    /// Nothing found: the default in the working directory.
    Default,
}

/// The resolved project: the library path and the project settings.
#[derive(Debug)]
pub struct Project {
    /// Directory of the project file, or of the library.
    pub root: PathBuf,
    /// The library file.
    pub db: PathBuf,
    /// How `db` was chosen.
    pub found: Found,
    /// The project file's settings (defaults when there is none).
    pub config: Config,
}

/// The environment variable naming directories the upward search does not enter (as git's
/// `GIT_CEILING_DIRECTORIES`): paths separated as `PATH` is, absolute ones only.
pub const CEILINGS_VAR: &str = "ANNOBIB_CEILING_DIRECTORIES";

/// The ceiling directories of [`CEILINGS_VAR`]'s value; relative or empty entries are left out.
fn ceilings(value: Option<&std::ffi::OsStr>) -> Vec<PathBuf> {
    value
        .map(|v| {
            std::env::split_paths(v)
                .filter(|p| p.is_absolute())
                .collect()
        })
        .unwrap_or_default()
}

/// The directories searched for the project file and the library, nearest first: `cwd` and
/// its parents up to, not including, the first ceiling. When `cwd` is itself a ceiling, only
/// `cwd` is searched.
fn searched<'a>(cwd: &'a Path, ceilings: &'a [PathBuf]) -> impl Iterator<Item = &'a Path> {
    let is_ceiling = move |d: &Path| ceilings.iter().any(|c| c == d);
    let stop = cwd.ancestors().position(is_ceiling);
    let take = match stop {
        Some(0) => 1,
        Some(n) => n,
        None => usize::MAX,
    };
    cwd.ancestors().take(take)
}

impl Project {
    /// Resolves the project from the working directory `cwd` and an explicit library path.
    pub fn discover(cwd: &Path, explicit_db: Option<&Path>) -> Result<Project> {
        let ceilings = ceilings(std::env::var_os(CEILINGS_VAR).as_deref());
        let searched = || searched(cwd, &ceilings);
        let project_file = searched()
            .map(|d| d.join(PROJECT_FILE))
            .find(|p| p.is_file());
        let (config, root) = match &project_file {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("reading {}", p.display()))?;
                let config: Config = toml::from_str(&text).map_err(|e| {
                    anyhow::anyhow!("{}: {}", p.display(), e.message())
                        .context("invalid project file")
                })?;
                (config, p.parent().unwrap_or(cwd).to_path_buf())
            }
            None => (Config::default(), cwd.to_path_buf()),
        };
        let (db, found) = if let Some(db) = explicit_db {
            (cwd.join(db), Found::Explicit)
        } else if let Some(p) = &project_file {
            let name = config.library.clone().unwrap_or_else(|| DEFAULT_DB.into());
            (root.join(name), Found::ProjectFile(p.clone()))
        } else if let Some(db) = searched().map(|d| d.join(DEFAULT_DB)).find(|p| p.is_file()) {
            (db, Found::Upward)
        } else {
            (cwd.join(DEFAULT_DB), Found::Default)
        };
        let root = match found {
            Found::ProjectFile(_) => root,
            _ => db.parent().map_or(root, Path::to_path_buf),
        };
        Ok(Project {
            root,
            db,
            found,
            config,
        })
    }

    /// One line for `--help`: which library is in use and why.
    pub fn describe(&self) -> String {
        let how = match &self.found {
            Found::Explicit => "from --db or ANNOBIB_DB".to_string(),
            Found::ProjectFile(p) => format!("named by {}", p.display()),
            Found::Upward => "found upward from the working directory".to_string(),
            Found::Default => "default; created on first import".to_string(),
        };
        format!("{} ({how})", self.db.display())
    }

    /// How a file is recorded in the library: relative to the project root when inside it,
    /// so a project can move or be cloned elsewhere; absolute otherwise.
    pub fn stored_path(&self, cwd: &Path, file: &Path) -> String {
        let abs = normalize(&cwd.join(file));
        let root = normalize(&self.root);
        match abs.strip_prefix(&root) {
            Ok(rel) => slashes(rel),
            Err(_) => slashes(&abs),
        }
    }

    /// How a stored path is shown: relative to the working directory when below it.
    pub fn display_path(&self, cwd: &Path, stored: &str) -> String {
        let abs = normalize(&self.root.join(stored));
        match abs.strip_prefix(normalize(cwd)) {
            Ok(rel) => slashes(rel),
            Err(_) => slashes(&abs),
        }
    }
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Lexical normalisation (`a/./b/../c` -> `a/c`) without touching the file system, so paths
/// of files that do not exist yet still compare.
fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_stops_below_a_ceiling() {
        let at = |dirs: &[&str]| -> Vec<PathBuf> { dirs.iter().map(PathBuf::from).collect() };
        let cwd = Path::new("/home/ann/essays/draft");
        let all: Vec<&Path> = searched(cwd, &[]).collect();
        assert_eq!(all.len(), 5, "{all:?}");
        let ann = at(&["/home/ann"]);
        let below: Vec<&Path> = searched(cwd, &ann).collect();
        assert_eq!(below, [cwd, Path::new("/home/ann/essays")]);
        // The working directory itself is searched even when it is a ceiling.
        assert_eq!(searched(cwd, &at(&["/home/ann/essays/draft"])).count(), 1);
        // A ceiling that is not above the working directory changes nothing.
        assert_eq!(searched(cwd, &at(&["/srv"])).count(), 5);
        let value = std::env::join_paths(["/home/ann", "relative", ""]).unwrap();
        assert_eq!(ceilings(Some(&value)), at(&["/home/ann"]));
        assert!(ceilings(None).is_empty());
    }

    #[test]
    fn explicit_db_wins() {
        let dir = tempfile::tempdir().unwrap();
        let p = Project::discover(dir.path(), Some(Path::new("x.db"))).unwrap();
        assert_eq!(p.db, dir.path().join("x.db"));
        assert_eq!(p.found, Found::Explicit);
    }

    #[test]
    fn project_file_is_found_upward_and_names_the_library() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(PROJECT_FILE),
            "library = \"lib/my.db\"\nabbreviations = [\"USS\"]\nbib = [\"readings.bib\"]\n",
        )
        .unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let p = Project::discover(&sub, None).unwrap();
        assert_eq!(p.db, dir.path().join("lib/my.db"));
        assert_eq!(p.root, dir.path());
        assert_eq!(p.config.abbreviations, ["USS"]);
        assert_eq!(p.stored_path(&sub, Path::new("../x.bib")), "a/x.bib");
        assert_eq!(p.display_path(&sub, "a/b/essay.txt"), "essay.txt");
    }

    #[test]
    fn an_existing_library_is_found_upward() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DEFAULT_DB), b"").unwrap();
        let sub = dir.path().join("chapter");
        std::fs::create_dir_all(&sub).unwrap();
        let p = Project::discover(&sub, None).unwrap();
        assert_eq!(p.db, dir.path().join(DEFAULT_DB));
        assert_eq!(p.found, Found::Upward);
    }

    #[test]
    fn a_bad_project_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PROJECT_FILE), "librar = 1\n").unwrap();
        let err = Project::discover(dir.path(), None).unwrap_err();
        assert!(format!("{err:#}").contains("annobib.toml"), "{err:#}");
    }
}
