//! Command-line conventions: a closed pipe is not a crash, errors suggest what was meant,
//! help has examples and a heading of its own for the global options, man pages exist for
//! every command they name, and one claim can be looked at with what to run next.

use std::process::Stdio;

use crate::util::{Env, run_command};

const ESSAY: &str = "essay.txt";

/// Every command, as a user would pipe it into `head -c1`. The reader here is gone before the
/// command writes a byte, so every write to stdout fails: the harshest case of `| head -c1`.
fn piped_commands() -> Vec<Vec<&'static str>> {
    let mut cmds: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["--version"],
        vec!["check", "--help"],
        vec!["import", "readings.bib", ESSAY],
        vec!["sources"],
        vec!["sources", "--format", "json"],
        vec!["sources", "--format", "csv"],
        vec!["sources", "--format", "markdown"],
        vec!["source", "finley1983"],
        vec!["source", "finley1983", "--format", "json"],
        vec!["claims"],
        vec!["claims", "--format", "json"],
        vec!["claims", "c22"],
        vec!["claim", "c22"],
        vec!["claim", "c22", "--format", "json"],
        vec!["link", "c53", "shin2010", "--page", "24"],
        vec!["unlink", "c53", "shin2010"],
        vec!["annotate", "paik1990", "Read for the 1970s"],
        vec!["exempt", "c14", "--reason", "the author's own argument"],
        vec!["check"],
        vec!["check", "--format", "short"],
        vec!["check", "--format", "json"],
        vec!["check", "--summary"],
        vec!["check", "--suggest"],
        vec!["suggest"],
        vec!["suggest", "--format", "json"],
        vec!["sources", "draft", ESSAY],
        vec!["report"],
        vec!["report", "--format", "markdown"],
        vec!["report", "--format", "json"],
        vec!["report", "--format", "html"],
        vec!["bibliography"],
        vec!["bibliography", "--format", "markdown"],
        vec!["bibliography", "--format", "html"],
        vec!["export", "bibtex"],
        vec!["export", "biblatex"],
        vec!["export", "csl-json"],
        vec!["export", "ris"],
        vec!["export", "markdown", ESSAY],
        vec!["export", "links"],
        vec!["man"],
        vec!["man", "check"],
    ];
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        cmds.push(vec!["completions", shell]);
    }
    cmds
}

/// The subcommands `annobib --help` lists.
fn subcommands(env: &Env) -> Vec<String> {
    let help = env.ok(&["--help"]);
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_command_survives_a_closed_pipe() {
    let env = Env::with_example();
    let cmds = piped_commands();
    for name in subcommands(&env) {
        assert!(
            cmds.iter().any(|c| c[0] == name),
            "{name} is not in the closed-pipe test"
        );
    }
    for args in &cmds {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut c = env.command(args);
        c.stdout(Stdio::from(writer)).stderr(Stdio::piped());
        let r = run_command(c);
        assert!(
            !r.stderr.contains("panicked") && r.code != 101,
            "annobib {args:?} | head -c1 crashed ({}):\n{}",
            r.code,
            r.stderr
        );
        // A closed pipe ends the output and is no failure; `check` may still say it found
        // problems.
        assert!(
            r.code == 0 || (r.code == 1 && args[0] == "check"),
            "annobib {args:?} | head -c1 exited {}:\n{}",
            r.code,
            r.stderr
        );
        assert!(
            !r.stderr.contains("error"),
            "annobib {args:?} | head -c1:\n{}",
            r.stderr
        );
    }
}

#[test]
fn unknown_names_are_errors_that_suggest_the_closest() {
    let env = Env::with_example();
    // (command, what stderr says)
    let cases: &[(&[&str], &str)] = &[
        (
            &["source", "finly1983"],
            "no source with key 'finly1983' in the library; did you mean finley1983?",
        ),
        (
            &["claims", "--source", "finly1983"],
            "no source with key 'finly1983' in the library; did you mean finley1983?",
        ),
        (
            &["claims", "--source", "nokey"],
            "no source with key 'nokey' in the library (list them with annobib sources)",
        ),
        (
            &["link", "c22", "finly1983"],
            "no source with key 'finly1983' in the library; did you mean finley1983?",
        ),
        (
            &["annotate", "paik1909", "note"],
            "no source with key 'paik1909' in the library; did you mean paik1990?",
        ),
        (
            &["export", "bibtex", "--keys", "shin2001"],
            "no source with key 'shin2001' in the library; did you mean shin2010?",
        ),
        (
            &["claim", "c9999"],
            "no claim c9999 in the library (its claims are c1 to c75; list them with annobib claims)",
        ),
        (
            &["exempt", "c9999", "--reason", "x"],
            "no claim c9999 in the library (its claims are c1 to c75",
        ),
        (
            &["check", "esay.txt"],
            "no document esay.txt in the library; did you mean essay.txt?",
        ),
        (
            &["check", "c22"],
            "(c22 looks like a claim id: annobib claim c22)",
        ),
        (&["man", "chek"], "no command chek; did you mean check?"),
    ];
    for (args, want) in cases {
        let r = env.fails(args, 2);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("annobib: error: ") && r.stderr.contains(want),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn one_claim_with_its_citations_and_what_to_run_next() {
    let env = Env::with_example();
    let one = env.ok(&["claim", "c22"]);
    assert_eq!(env.ok(&["claims", "c22"]), one);
    assert_eq!(env.ok(&["claim", "22"]), one);
    assert!(one.starts_with("c22 (essay.txt:25:"), "{one}");
    assert!(one.lines().next().unwrap().ends_with(", claim)"), "{one}");
    assert!(one.contains("142,901 casualties"), "{one}");
    assert!(
        one.contains("  finley1983 p. 150  (in the text, resolved"),
        "{one}"
    );
    assert!(one.contains("annobib link c22 KEY --page N"), "{one}");
    assert!(one.contains("annobib exempt c22 --reason"), "{one}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["claim", "c22", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["id"], "c22");
    assert_eq!(json[0]["citations"][0]["source"], "finley1983");
    // An uncited claim says so.
    let uncited: serde_json::Value =
        serde_json::from_str(&env.ok(&["claims", "--uncited", "--format", "json"])).unwrap();
    let id = uncited[0]["id"].as_str().unwrap();
    assert!(env.ok(&["claim", id]).contains("citations: none\n"));
}

#[test]
fn check_says_what_to_run_under_each_uncited_claim() {
    let env = Env::with_example();
    let r = env.fails(&["check"], 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let mut uncited = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.split("warning[uncited-claim] ").nth(1) else {
            continue;
        };
        uncited += 1;
        let id = rest
            .split_whitespace()
            .nth(1)
            .unwrap()
            .trim_end_matches(':');
        let fix = lines[i + 1..]
            .iter()
            .take_while(|l| l.starts_with("      "))
            .find(|l| l.trim_start().starts_with("fix: "))
            .unwrap_or_else(|| panic!("no fix line under {line}"));
        assert_eq!(
            fix.trim(),
            format!("fix: annobib link {id} KEY --page N, or annobib exempt {id} --reason \"...\"")
        );
    }
    assert!(uncited > 10, "{}", r.stdout);
    // The one-line format stays one line per finding.
    let short = env.fails(&["check", "--format", "short"], 1).stdout;
    assert!(!short.contains("fix: "));
}

#[test]
fn help_has_examples_and_the_global_options_apart() {
    let env = Env::with_example();
    let top = env.ok(&["--help"]);
    assert!(top.contains("\nExamples:\n  annobib import"), "{top}");
    assert!(top.contains("\nGlobal options:\n"), "{top}");
    for name in subcommands(&env) {
        let help = env.ok(&[name.as_str(), "--help"]);
        let (own, global) = help
            .split_once("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("{name} --help has no global options heading:\n{help}"));
        assert!(!own.contains("--db <PATH>"), "{name}: {help}");
        assert!(global.contains("--db <PATH>"), "{name}: {help}");
        assert!(global.contains("-C, --directory <DIR>"), "{name}: {help}");
        let examples = help
            .split_once("\nExamples:\n")
            .unwrap_or_else(|| panic!("{name} --help has no examples:\n{help}"))
            .1;
        assert!(
            examples
                .lines()
                .next()
                .unwrap()
                .trim_start()
                .starts_with(&format!("annobib {name}")),
            "{name}: {examples}"
        );
    }
}

#[test]
fn man_pages_for_annobib_and_every_command_it_names() {
    let env = Env::with_example();
    let top = env.ok(&["man"]);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
    ] {
        assert!(top.contains(section), "{section} missing:\n{top}");
    }
    for needle in [
        "ANNOBIB_DB",
        "NO_COLOR",
        "annobib.toml",
        "annobib import readings.bib",
    ] {
        assert!(top.contains(needle), "{needle} missing");
    }
    let dir = env.path().join("man1");
    std::fs::create_dir(&dir).unwrap();
    env.ok(&["man", "--dir", "man1"]);
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    // Every page the top page names (roff writes "annobib-check(1)" as "annobib\-check(1)")
    // is one of those written, and every command has one.
    for name in subcommands(&env) {
        let file = format!("annobib-{name}.1");
        assert!(pages.contains(&file), "{file} not written: {pages:?}");
        assert!(
            top.contains(&format!("annobib\\-{name}(1)")),
            "{name} not named"
        );
        let page = std::fs::read_to_string(dir.join(&file)).unwrap();
        assert_eq!(page, env.ok(&["man", &name]), "{name}");
        assert!(page.contains(".SH EXAMPLES"), "{file}");
        assert!(page.contains(".SH \"SEE ALSO\""), "{file}");
    }
    assert!(pages.contains(&"annobib.1".to_string()));
    assert_eq!(pages.len(), subcommands(&env).len() + 1, "{pages:?}");
    for named in top.split("annobib\\-").skip(1) {
        let name = named.split('(').next().unwrap();
        assert!(
            pages.contains(&format!("annobib-{name}.1")),
            "annobib-{name}(1) is named but not written"
        );
    }
}
