//! The files an essay names, imported with it. Its bibliography (a Markdown file's YAML
//! `bibliography:`, a LaTeX file's `\addbibresource` and `\bibliography`): each file is
//! imported as sources, found next to the essay (then next to the chain's first file), a
//! file outside the project or missing a warning at its place. And LaTeX `\input`,
//! `\include`, `\subfile` and `\import`: each file a LaTeX essay's
//! body brings in is imported too, as a document of its own (so every unit's location is a
//! line of the file the user edits), found relative to the file that names it (then to the
//! first file of the chain, where LaTeX itself looks), `.tex` added when the name has no
//! extension. A file outside the project is not followed, nor one that would bring in a file
//! of its own chain again (a cycle), nor a chain deeper than `MAX_DEPTH`: each is a warning
//! at the command's `file:line:column`. A file already imported by this command is not read
//! twice. Reading the files is the caller's (`load`): ops reads none.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use super::{Event, Input, Listed, Note};
use crate::essay::read::{Format, bibliography_files, latex_includes};
use crate::sniff::{self, Kind};

/// How deep a chain of includes is followed.
const MAX_DEPTH: usize = 16;

/// `inputs` with the files their LaTeX essays bring in, each right after the file naming it.
/// `load` reads a file by its stored path (relative to the project, or absolute), or says
/// why it cannot.
pub fn follow_includes(
    inputs: Vec<Input>,
    load: &mut dyn FnMut(&str) -> Result<Input, String>,
    on: &mut dyn FnMut(Event),
) -> Vec<Input> {
    let mut seen: HashSet<String> = inputs.iter().map(|i| norm(&i.stored)).collect();
    let mut out = Vec::with_capacity(inputs.len());
    for input in inputs {
        let mut chain = vec![norm(&input.stored)];
        visit(input, &mut chain, &mut seen, &mut out, load, on);
    }
    out
}

/// What a project file lists, with the files its essays bring in (a LaTeX essay's
/// `\input` as a document, an essay's bibliography as sources), so the project sync finds an
/// edited included file stale as `import` would read it. Each warning comes with the stored
/// path of the file it is about (the caller says only those of files it imports again).
pub fn follow_listed(
    listed: Vec<(Input, Listed)>,
    load: &mut dyn FnMut(&str) -> Result<Input, String>,
    warnings: &mut Vec<(String, String)>,
) -> Vec<(Input, Listed)> {
    let how: std::collections::HashMap<String, Listed> =
        listed.iter().map(|(i, h)| (norm(&i.stored), *h)).collect();
    let inputs: Vec<Input> = listed.into_iter().map(|(i, _)| i).collect();
    let mut lines = Vec::new();
    let mut on = |e: Event| {
        if let Event::Note(Note::Warning(line)) = e {
            lines.push(line);
        }
    };
    let all = follow_includes(inputs, load, &mut on);
    // A warning opens with the shown path of the file that names the include.
    for line in lines {
        let file = all
            .iter()
            .filter(|i| line.starts_with(&format!("{}:", i.shown)))
            .max_by_key(|i| i.shown.len())
            .map(|i| i.stored.clone())
            .unwrap_or_default();
        warnings.push((file, line));
    }
    all.into_iter()
        .map(|input| {
            let h = how.get(&norm(&input.stored)).copied().unwrap_or_else(|| {
                // Borrowed, as in `visit`: the copy was only to sniff the file.
                let (text, _) = crate::encoding::decode_borrowed(&input.bytes);
                match sniff::sniff(Path::new(&input.shown), &input.bytes, &text).kind {
                    Kind::Bib | Kind::Ris | Kind::CslJson | Kind::CslYaml => Listed::Sources,
                    _ => Listed::Document,
                }
            });
            (input, h)
        })
        .collect()
}

fn visit(
    input: Input,
    chain: &mut Vec<String>,
    seen: &mut HashSet<String>,
    out: &mut Vec<Input>,
    load: &mut dyn FnMut(&str) -> Result<Input, String>,
    on: &mut dyn FnMut(Event),
) {
    // Borrowed: a copy of a 60 MB .bib was 3.5 % of its import's CPU, only to sniff it.
    let (text, _) = crate::encoding::decode_borrowed(&input.bytes);
    let kind = sniff::sniff(Path::new(&input.shown), &input.bytes, &text).kind;
    let (includes, bibliographies) = match kind {
        Kind::Latex => (
            latex_includes(&text),
            bibliography_files(Format::Latex, &text),
        ),
        Kind::Markdown => (Vec::new(), bibliography_files(Format::Markdown, &text)),
        _ => (Vec::new(), Vec::new()),
    };
    let (shown, stored) = (input.shown.clone(), input.stored.clone());
    out.push(input);
    let warn = |on: &mut dyn FnMut(Event), line: usize, column: usize, what: String| {
        on(Event::Note(Note::Warning(format!(
            "{shown}:{line}:{column}: warning: {what}"
        ))))
    };
    // The bibliography files it names: imported as sources, next to the file.
    for bib in bibliographies {
        let written = match bib.command.as_str() {
            "bibliography:" => format!("bibliography: {}", bib.name),
            c => format!("{c}{{{}}}", bib.name),
        };
        let candidates = candidates(&stored, &chain[0], &bib.name, false);
        if candidates.is_empty() {
            warn(
                on,
                bib.line,
                bib.column,
                format!("{written} is outside the project: not imported (import it by name)"),
            );
            continue;
        }
        if candidates.iter().any(|c| seen.contains(c)) {
            continue;
        }
        match candidates.iter().find_map(|c| load(c).ok().map(|i| (c, i))) {
            Some((c, bib_input)) => {
                seen.insert(c.clone());
                out.push(bib_input);
            }
            None => warn(
                on,
                bib.line,
                bib.column,
                format!("{written} not imported: no file {}", candidates[0]),
            ),
        }
    }
    for inc in includes {
        let written = format!("{}{{{}}}", inc.command, inc.name);
        let candidates = candidates(&stored, &chain[0], &inc.name, true);
        let Some(first) = candidates.first() else {
            warn(
                on,
                inc.line,
                inc.column,
                format!(
                    "{written} is outside the project: not followed (import it by name to read it)"
                ),
            );
            continue;
        };
        if let Some(again) = candidates.iter().find(|c| chain.contains(c)) {
            warn(
                on,
                inc.line,
                inc.column,
                format!(
                    "{written} brings in {again} again, which brings in this file: a cycle, not followed"
                ),
            );
            continue;
        }
        if candidates.iter().any(|c| seen.contains(c)) {
            continue;
        }
        if chain.len() >= MAX_DEPTH {
            warn(
                on,
                inc.line,
                inc.column,
                format!("{written}: includes nested deeper than {MAX_DEPTH} files: not followed"),
            );
            continue;
        }
        let mut why = String::new();
        let mut loaded = None;
        for c in &candidates {
            match load(c) {
                Ok(child) => {
                    loaded = Some((c.clone(), child));
                    break;
                }
                Err(e) if why.is_empty() => why = e,
                Err(_) => {}
            }
        }
        let Some((target, child)) = loaded else {
            warn(
                on,
                inc.line,
                inc.column,
                format!("{written} not followed: {why} (looked for {first})"),
            );
            continue;
        };
        seen.insert(target.clone());
        chain.push(target);
        visit(child, chain, seen, out, load, on);
        chain.pop();
    }
}

/// Where `name` (as an `\input` writes it) may be, as stored paths: next to `from` (the file
/// naming it), then next to `root` (the chain's first file); none when it lies outside the
/// project. `tex`: `.tex` is added to a name without extension, as LaTeX does.
fn candidates(from: &str, root: &str, name: &str, tex: bool) -> Vec<String> {
    let file = if !tex || Path::new(name).extension().is_some() {
        name.to_string()
    } else {
        format!("{name}.tex")
    };
    let mut out = Vec::new();
    for base in [from, root] {
        let Some(p) = inside(base, &file) else {
            return Vec::new();
        };
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// `file` next to `base`, normalised; none when it leaves the project (a `..` above its
/// root, or an absolute path while `base` is inside the project).
fn inside(base: &str, file: &str) -> Option<String> {
    let base_abs = Path::new(base).is_absolute();
    if Path::new(file).is_absolute() && !base_abs {
        return None;
    }
    let dir = Path::new(base).parent().unwrap_or(Path::new(""));
    let joined = dir.join(file);
    let mut parts: Vec<Component> = Vec::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                _ if base_abs => {}
                _ => return None,
            },
            c => parts.push(c),
        }
    }
    let p: PathBuf = parts.iter().collect();
    Some(p.to_string_lossy().replace('\\', "/"))
}

fn norm(stored: &str) -> String {
    stored.replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(stored: &str, text: &str) -> Input {
        Input {
            shown: stored.to_string(),
            stored: stored.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// Follows the includes of `main.tex` over the files `fs`; the stored paths imported,
    /// and the warnings.
    fn follow(fs: &[(&str, &str)], main: &str) -> (Vec<String>, Vec<String>) {
        let mut load = |p: &str| {
            fs.iter()
                .find(|(n, _)| *n == p)
                .map(|(n, t)| input(n, t))
                .ok_or_else(|| format!("cannot read {p}: No such file or directory"))
        };
        let mut warnings = Vec::new();
        let mut on = |e: Event| {
            if let Event::Note(n) = e {
                warnings.push(n.to_string());
            }
        };
        let text = fs.iter().find(|(n, _)| *n == main).unwrap().1;
        let got = follow_includes(vec![input(main, text)], &mut load, &mut on);
        (got.into_iter().map(|i| i.stored).collect(), warnings)
    }

    const MAIN: &str = "\\documentclass{article}\n\\input{macros}\n\\begin{document}\n\
        Text.\n\\input{ch/one}\n% \\input{commented}\n\\include{two.tex}\n\\end{document}\n";

    #[test]
    fn includes_are_followed_relative_to_the_file_in_order() {
        let fs = [
            ("paper/main.tex", MAIN),
            ("paper/ch/one.tex", "One.\n\\input{deeper}\n"),
            (
                "paper/ch/deeper.tex",
                "Deeper.\n\\input{ch/one}\n\\input{ch/missing}\n",
            ),
            ("paper/two.tex", "Two. \\import{ch/}{deeper}\n"),
        ];
        let (got, warnings) = follow(&fs, "paper/main.tex");
        assert_eq!(
            got,
            [
                "paper/main.tex",
                "paper/ch/one.tex",
                "paper/ch/deeper.tex",
                "paper/two.tex"
            ]
        );
        assert_eq!(
            warnings,
            [
                "paper/ch/deeper.tex:2:1: warning: \\input{ch/one} brings in paper/ch/one.tex \
                 again, which brings in this file: a cycle, not followed",
                "paper/ch/deeper.tex:3:1: warning: \\input{ch/missing} not followed: cannot read \
                 paper/ch/ch/missing.tex: No such file or directory (looked for \
                 paper/ch/ch/missing.tex)",
            ]
        );
    }

    #[test]
    fn outside_the_project_a_cycle_and_depth_are_warned_at_their_place() {
        let fs = [(
            "main.tex",
            "\\begin{document}\nA.\n\\input{../secret}\n\\input{/etc/passwd}\n\\input{main}\n\\end{document}\n",
        )];
        let (got, warnings) = follow(&fs, "main.tex");
        assert_eq!(got, ["main.tex"]);
        assert_eq!(
            warnings,
            [
                "main.tex:3:1: warning: \\input{../secret} is outside the project: not followed (import it by name to read it)",
                "main.tex:4:1: warning: \\input{/etc/passwd} is outside the project: not followed (import it by name to read it)",
                "main.tex:5:1: warning: \\input{main} brings in main.tex again, which brings in this file: a cycle, not followed",
            ]
        );
        // A chain of 40 files stops at MAX_DEPTH, said once where it stops.
        let names: Vec<String> = (0..40).map(|k| format!("f{k}.tex")).collect();
        let texts: Vec<String> = (0..40)
            .map(|k| format!("F.\n\\input{{f{}}}\n", k + 1))
            .collect();
        let fs: Vec<(&str, &str)> = names
            .iter()
            .zip(&texts)
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let (got, warnings) = follow(&fs, "f0.tex");
        assert_eq!(got.len(), MAX_DEPTH);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("nested deeper than 16"),
            "{warnings:?}"
        );
    }

    #[test]
    fn bibliographies_an_essay_names_are_imported_once() {
        let fs = [
            (
                "essay.md",
                "---\nbibliography: [refs/a.bib, b.bib, ../../c.bib]\n---\nText.\n",
            ),
            ("refs/a.bib", "@book{a, title={A}}"),
            (
                "paper.tex",
                "\\addbibresource{refs/a.bib}\n\\begin{document}\nX.\n\\end{document}\n",
            ),
        ];
        let (got, warnings) = follow(&fs, "essay.md");
        assert_eq!(got, ["essay.md", "refs/a.bib"]);
        assert_eq!(
            warnings,
            [
                "essay.md:2:15: warning: bibliography: b.bib not imported: no file b.bib",
                "essay.md:2:15: warning: bibliography: ../../c.bib is outside the project: not imported (import it by name)",
            ]
        );
        let (got, warnings) = follow(&fs, "paper.tex");
        assert_eq!(got, ["paper.tex", "refs/a.bib"]);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn paths_stay_inside_the_project() {
        assert_eq!(inside("a/b.tex", "c.tex").as_deref(), Some("a/c.tex"));
        assert_eq!(inside("a/b.tex", "../c.tex").as_deref(), Some("c.tex"));
        assert_eq!(inside("a/b.tex", "../../c.tex"), None);
        assert_eq!(inside("b.tex", "./x/../c.tex").as_deref(), Some("c.tex"));
        assert_eq!(inside("/abs/b.tex", "../c.tex").as_deref(), Some("/c.tex"));
    }
}
