//! The command line itself: help, usage errors, listing formats, where the library lives.

use crate::util::{Env, run_command};

#[test]
fn help_names_the_library_in_use() {
    let env = Env::new();
    let out = env.ok(&["--help"]);
    assert!(out.contains("Library: "), "{out}");
    assert!(out.contains("lib.db (from --db or ANNOBIB_DB)"), "{out}");
}

#[test]
fn a_bad_flag_is_a_usage_error_with_exit_code_2() {
    let env = Env::with_readings();
    let r = env.fails(&["sources", "--format", "xml"], 2);
    assert!(r.stderr.contains("invalid value 'xml'"), "{}", r.stderr);
}

#[test]
fn an_unknown_key_is_a_one_line_error() {
    let env = Env::with_readings();
    let r = env.fails(&["source", "nosuch"], 2);
    assert_eq!(
        r.stderr.trim(),
        "annobib: error: no source with key 'nosuch' in the library (list them with annobib sources)"
    );
}

#[test]
fn reading_commands_need_a_library() {
    let env = Env::new();
    let r = env.fails(&["sources"], 2);
    assert!(r.stderr.contains("no library at"), "{}", r.stderr);
}

#[test]
fn sources_as_a_table_fitted_to_the_width() {
    let env = Env::with_readings();
    let out = env.ok(&["--width", "80", "sources"]);
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    assert!(out.contains("finley1983"));
    assert!(!out.contains('\u{1b}'), "no colour when piped");
}

#[test]
fn sources_into_a_pipe_are_tab_separated_rows() {
    let env = Env::with_readings();
    let out = env.ok(&["sources"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "key\ttype\tcreators\tcreator_role\tyear\ttitle\tpublisher\tlocation\tciting_claims"
    );
    assert_eq!(lines.len(), 7, "{out}");
    assert!(lines.iter().all(|l| l.matches('\t').count() == 8), "{out}");
    let curtis: Vec<&str> = lines
        .iter()
        .find(|l| l.starts_with("curtis1983\t"))
        .unwrap()
        .split('\t')
        .collect();
    assert_eq!(
        curtis[..5],
        [
            "curtis1983",
            "collection",
            "Curtis, Gerald L.; Han, Sung-joo",
            "editor",
            "1983"
        ]
    );
    // The same rows as CSV, unquoted.
    let csv = env.ok(&["sources", "--format", "csv"]);
    assert_eq!(csv.lines().count(), lines.len());
    assert!(
        !out.contains('\u{2502}') && !out.contains('\u{1b}'),
        "{out}"
    );
}

#[test]
fn sources_as_json_csv_and_markdown_carry_the_same_rows() {
    let env = Env::with_readings();
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["sources", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    let curtis = rows.iter().find(|r| r["key"] == "curtis1983").unwrap();
    assert_eq!(curtis["type"], "collection");
    assert_eq!(curtis["creator_role"], "editor");
    assert_eq!(curtis["creators"][1], "Han, Sung-joo");
    assert_eq!(curtis["year"], 1983);
    assert_eq!(
        curtis["title"],
        "The US-South Korean Alliance: Evolving Patterns in Security Relations"
    );
    let history = rows.iter().find(|r| r["key"] == "history2014").unwrap();
    assert!(history["creators"].as_array().unwrap().is_empty());
    assert_eq!(history["publisher"], "Institute for Military History");

    let csv = env.ok(&["sources", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 7);
    assert!(csv.starts_with(
        "key,type,creators,creator_role,year,title,publisher,location,citing_claims\n"
    ));
    let md = env.ok(&["sources", "--format", "markdown"]);
    assert_eq!(md.lines().count(), 8);
    assert!(md.contains("| shin2010"));
}

#[test]
fn sources_filters_and_sort() {
    let env = Env::with_readings();
    let keys = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["sources", "--format", "json"];
        a.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&env.ok(&a)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["key"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(keys(&["--type", "collection"]), ["curtis1983", "kwan1982"]);
    assert_eq!(keys(&["--author", "finley"]), ["finley1983"]);
    assert_eq!(keys(&["--year", "1983"]), ["curtis1983", "finley1983"]);
    assert_eq!(
        keys(&["--search", "seoul"]),
        ["history2014", "kwan1982", "paik1990"]
    );
    assert_eq!(
        keys(&["--sort", "year"]),
        [
            "kwan1982",
            "curtis1983",
            "finley1983",
            "paik1990",
            "shin2010",
            "history2014"
        ]
    );
}

#[test]
fn source_shows_every_field_its_origin_and_annotation() {
    let env = Env::with_readings();
    let out = env.ok(&["source", "finley1983"]);
    assert!(
        out.starts_with("finley1983 (@book)\nfrom readings.bib:"),
        "{out}"
    );
    for text in [
        "The US Military Experience in Korea, 1871-1982",
        "In the Vanguard of ROK-US Relations",
        "San Francisco",
        "USFK",
        "author: Finley, James P.",
        "annotation: Cited once",
    ] {
        assert!(out.contains(text), "{text} missing in\n{out}");
    }
}

#[test]
fn the_library_is_found_from_a_project_file() {
    let env = Env::new();
    env.copy("bibliography/readings.bib", "proj/readings.bib");
    env.write(
        "proj/annobib.toml",
        "library = \"my.db\"\nbib = [\"readings.bib\"]\n",
    );
    std::fs::create_dir_all(env.path().join("proj/sub")).unwrap();
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_annobib"));
    c.current_dir(env.path().join("proj/sub"))
        .args(["import"])
        .env_remove("ANNOBIB_DB");
    let r = run_command(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(env.path().join("proj/my.db").is_file());
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_annobib"));
    c.current_dir(env.path())
        .args(["-C", "proj/sub", "--help"])
        .env_remove("ANNOBIB_DB");
    let r = run_command(c);
    assert!(r.stdout.contains("my.db (named by"), "{}", r.stdout);
}

#[test]
fn completions_and_man_page_are_generated() {
    let env = Env::new();
    assert!(env.ok(&["completions", "bash"]).contains("_annobib()"));
    assert!(env.ok(&["man"]).starts_with(".ie \\n(.g"));
}
