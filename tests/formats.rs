//! Essays in LaTeX and Markdown read by their structure: units, citations and locations in the
//! file the user edits, links kept across an edit.

use serde_json::Value;

use crate::util::Env;

fn claims(env: &Env) -> Vec<Value> {
    let v: Value = serde_json::from_str(&env.ok(&["claims", "--format", "json"])).unwrap();
    v.as_array().unwrap().clone()
}

fn find<'a>(claims: &'a [Value], needle: &str) -> &'a Value {
    claims
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no unit with {needle:?} in {claims:#?}"))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const TEX: &str = r#"\documentclass{article}
\usepackage[style=authoryear]{biblatex}
\title{The Alliance}
\begin{document}
\maketitle

\section{Origins}
% Paik (1990) is cited below; this comment is not a claim.
Aid totaled an estimated 70\% of the budget.\autocite[24--26]{shin2010} The treaty
followed in 1953.\footnote{See \cite[p.~12]{paik1990} on the talks.}

\begin{figure}
  \caption{A figure (Finley 1983).}
\end{figure}

Rhee wanted the treaty badly.
\end{document}
"#;

#[test]
fn a_latex_essay_is_read_by_its_structure_with_locations_in_the_file() {
    let env = Env::with_readings();
    env.write("essay.tex", TEX);
    let r = env.run(&["import", "essay.tex"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("essay.tex: 9 units, 3 claims, 2 citations (2 resolved"),
        "{}",
        r.stderr
    );
    let all = claims(&env);
    let kinds: Vec<(&str, String)> = all
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap(),
                collapse(c["text"].as_str().unwrap()),
            )
        })
        .collect();
    assert_eq!(kinds[1], ("title", "The Alliance".to_string()));
    assert!(
        kinds.contains(&("heading", "Origins".to_string())),
        "{kinds:?}"
    );
    let aid = find(&all, "Aid totaled");
    assert_eq!(
        collapse(aid["text"].as_str().unwrap()),
        "Aid totaled an estimated 70% of the budget.\\autocite[24--26]{shin2010}"
    );
    assert_eq!(
        (aid["line"].as_u64(), aid["column"].as_u64()),
        (Some(9), Some(1))
    );
    assert_eq!(aid["citations"][0]["source"], "shin2010");
    // The LaTeX rule keeps the locator as written ("24--26").
    assert!(
        aid["citations"][0]["locator"]
            .as_str()
            .unwrap()
            .starts_with("24"),
        "{aid}"
    );
    let treaty = find(&all, "The treaty");
    assert_eq!(treaty["line"].as_u64(), Some(9));
    assert_eq!(treaty["citations"][0]["source"], "paik1990");
    assert_eq!(treaty["citations"][0]["locator"], "12");
    assert_eq!(find(&all, "(Finley 1983)")["kind"], "other");
    assert!(
        all.iter()
            .all(|c| !c["text"].as_str().unwrap().contains("Paik (1990)"))
    );
}

#[test]
fn links_survive_an_edit_of_a_latex_essay() {
    let env = Env::with_readings();
    env.write("essay.tex", TEX);
    env.ok(&["import", "essay.tex"]);
    let id = find(&claims(&env), "Rhee wanted")["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["link", &id, "kwan1982", "--page", "7"]);
    let edited = TEX.replace(
        "Rhee wanted the treaty badly.",
        "A new paragraph comes first.\n\nRhee wanted the treaty very badly.",
    );
    env.write("essay.tex", edited);
    let r = env.run(&["import", "essay.tex"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = claims(&env);
    let rhee = find(&all, "Rhee wanted");
    assert_eq!(rhee["id"].as_str(), Some(id.as_str()), "{}", r.stderr);
    assert_eq!(rhee["line"].as_u64(), Some(18));
    let linked: Vec<&str> = rhee["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["source"].as_str())
        .collect();
    assert_eq!(linked, ["kwan1982"]);
}

#[test]
fn a_markdown_essay_is_read_by_commonmark_not_guessed() {
    let env = Env::with_readings();
    env.write(
        "essay.md",
        "---\ntitle: The Alliance\n---\n\nA short line\n\nAid was large [@shin2010, pp. 24--26]. \
         It *grew*.[^1]\n\n[^1]: A note.\n\n# References\n\n::: {#refs}\n:::\n",
    );
    let r = env.run(&["import", "essay.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = claims(&env);
    assert_eq!(find(&all, "A short line")["kind"], "claim");
    assert_eq!(find(&all, "A short line")["section"], Value::Null);
    let aid = find(&all, "Aid was large");
    assert_eq!(aid["citations"][0]["source"], "shin2010");
    assert_eq!(aid["citations"][0]["locator_label"], "page");
    assert_eq!(
        collapse(find(&all, "It ")["text"].as_str().unwrap()),
        "It grew.[^1]"
    );
    let refs = find(&all, "{#refs}");
    assert_eq!(refs["kind"], "other");
    assert_eq!(refs["citations"], Value::Array(vec![]));
    assert_eq!(find(&all, "References")["kind"], "heading");
}
