//! The examples shown at the end of each command's `--help` and in the EXAMPLES section of
//! its man page (both read them from the clap definition), in one place so they read alike.
//! Every line is a command that works in the shipped example (`bibliography/`).

/// `annobib --help`.
pub const TOP: &str = "\
Examples:
  annobib import readings.bib essay.txt     Import sources and an essay
  annobib check                             What needs a citation and lacks one (exit 1 if any)
  annobib claim c22                         One claim, its citations, what to run next
  annobib report --format html -o report.html
                                            The report as one page to read in a browser
  annobib -C bibliography report            Run as if started in bibliography/";

pub const IMPORT: &str = "\
Examples:
  annobib import readings.bib               Import (or re-import) a .bib file
  annobib import readings.bib essay.txt     Sources and an essay at once
  annobib import                            The files annobib.toml lists
  annobib import bad.bib --skip-invalid     Import the valid entries, list the rest
  annobib import links.csv                  Restore links written by annobib export links";

pub const SOURCES: &str = "\
Examples:
  annobib sources --sort year               Every source, oldest first
  annobib sources --author han --type book  Filter by author and entry type
  annobib sources --format json | jq '.[].key'
  annobib sources draft essay.txt -o drafts.bib  Entries drafted from its reference list";

pub const SOURCE: &str = "\
Examples:
  annobib source finley1983                 Every field, its file and line, who cites it
  annobib source finley1983 --format json";

pub const CLAIMS: &str = "\
Examples:
  annobib claims --uncited                  Claims with no citation
  annobib claims --source finley1983        Claims citing one source
  annobib claims essay.txt --section Treaty Claims of one document under a heading
  annobib claims c22                        One claim in full (as annobib claim c22)";

pub const CLAIM: &str = "\
Examples:
  annobib claim c22                         Its text, citations and evidence
  annobib claim c22 --format json";

pub const LINK: &str = "\
Examples:
  annobib link c53 shin2010 --page 24-26 --note \"aid figures\"
  annobib link c22 finley1983 --quote \"...\" Add a quotation to an existing link";

pub const UNLINK: &str = "\
Examples:
  annobib unlink c53 shin2010";

pub const ANNOTATE: &str = "\
Examples:
  annobib annotate paik1990 \"Read for the chapter on the 1970s\"
  annobib annotate paik1990 --clear";

pub const EXEMPT: &str = "\
Examples:
  annobib exempt c14 --reason \"the author's own argument\"
  annobib exempt c14 --undo";

pub const SUGGEST: &str = "\
Examples:
  annobib suggest                           Sources for every claim that needs a citation
  annobib suggest c12 c14 --limit 3         For these claims
  annobib suggest --format json
  annobib check --suggest                   The same, under each uncited claim's finding";

pub const CHECK: &str = "\
Examples:
  annobib check                             Findings grouped by file, with evidence
  annobib check --format short              One line per finding, as compilers print
  annobib check --rule uncited-claim --fail-on error
  annobib check --summary                   Coverage per section";

pub const REPORT: &str = "\
Examples:
  annobib report                            Tables on the terminal
  annobib report --format html -o report.html
  annobib report --format markdown --style apa";

pub const BIBLIOGRAPHY: &str = "\
Examples:
  annobib bibliography --style apa          The annotated bibliography in APA
  annobib bibliography --style chicago-notes --cited-only
  annobib bibliography --style ieee         Any style of the bundled CSL archive
  annobib bibliography --csl /usr/share/citation-style-language/styles/chicago-annotated-bibliography.csl
  annobib bibliography --format html -o bibliography.html
                                            A whole page (--fragment: the entries only)";

pub const EXPORT: &str = "\
Examples:
  annobib export bibtex -o refs.bib         For bibtex (date -> year, location -> address...)
  annobib export csl-json --cited-only      For pandoc --citeproc and Zotero
  annobib export markdown essay.txt -o essay.md
  annobib export links -o links.csv         Your links and exemptions, to keep in git";

pub const COMPLETIONS: &str = "\
Examples:
  annobib completions bash > ~/.local/share/bash-completion/completions/annobib
  annobib completions zsh > ~/.zfunc/_annobib
  annobib completions fish > ~/.config/fish/completions/annobib.fish";

pub const MAN: &str = "\
Examples:
  annobib man | man -l -                    Read the top page
  annobib man check | man -l -              The page of one command
  annobib man --dir ~/.local/share/man/man1 Write every page (annobib.1, annobib-check.1, ...)";
