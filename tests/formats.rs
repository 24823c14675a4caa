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
            .contains("essay.tex: 10 units, 3 claims, 2 citations (2 resolved"),
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
    // The \footnote's body is a note unit; its citation counts for the sentence, as note 1.
    assert_eq!(treaty["citations"][0]["in_note"], "1");
    let note = find(&all, "on the talks");
    assert_eq!(note["kind"], "note");
    assert_eq!(
        collapse(note["text"].as_str().unwrap()),
        "See \\cite[p.~12]{paik1990} on the talks."
    );
    assert_eq!(note["note"]["label"], "1");
    assert_eq!(
        (note["line"].as_u64(), note["column"].as_u64()),
        (Some(10), Some(28))
    );
    assert_eq!(find(&all, "(Finley 1983)")["kind"], "other");
    assert!(
        all.iter()
            .all(|c| !c["text"].as_str().unwrap().contains("Paik (1990)"))
    );
}

#[test]
fn a_latex_essays_input_files_are_imported_with_it_and_outside_ones_said() {
    let env = Env::with_readings();
    env.write(
        "paper/main.tex",
        "\\documentclass{article}\n\\begin{document}\n\\section{Intro}\nAid grew.\n\n\
         \\input{chapters/one}\n\\include{../../outside}\n\\end{document}\n",
    );
    env.write(
        "paper/chapters/one.tex",
        "The treaty followed \\cite[p.~12]{paik1990}.\n\n\\input{chapters/one}\n",
    );
    let r = env.run(&["import", "paper/main.tex"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "paper/main.tex:7:1: warning: \\include{../../outside} is outside the project: not followed"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("paper/chapters/one.tex:3:1: warning: \\input{chapters/one} brings in"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("paper/chapters/one.tex: 2 units, 1 claims, 1 citations (1 resolved"),
        "{}",
        r.stderr
    );
    let all = claims(&env);
    let treaty = find(&all, "The treaty followed");
    assert_eq!(treaty["document"], "paper/chapters/one.tex");
    assert_eq!(
        (treaty["line"].as_u64(), treaty["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(treaty["citations"][0]["source"], "paik1990");
}

/// The project sync (annobib.toml's `documents`) follows `\input` as `import` does: the
/// included file is imported with its essay, and an edit of it alone makes it stale; an
/// include it cannot follow is said when the file naming it is imported, not by every
/// command.
#[test]
fn the_project_sync_follows_a_latex_essays_inputs() {
    let env = Env::new();
    env.copy("bibliography/readings.bib", "proj/readings.bib");
    env.write(
        "proj/annobib.toml",
        "bib = [\"readings.bib\"]\ndocuments = [\"main.tex\"]\n",
    );
    env.write(
        "proj/main.tex",
        "\\documentclass{article}\n\\begin{document}\nAid was large \\parencite[24]{shin2010}.\n\\input{ch1}\n\\input{../outside}\n\\end{document}\n",
    );
    env.write(
        "proj/ch1.tex",
        "The treaty followed in 1953 \\parencite[12]{paik1990}.\n",
    );
    let in_project = |args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_annobib"));
        c.current_dir(env.path().join("proj"))
            .args(args)
            .env_remove("ANNOBIB_DB")
            .env("NO_COLOR", "1");
        crate::util::run_command(c)
    };
    let claims = |r: &crate::util::Run| -> Vec<Value> {
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str::<Value>(&r.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let r = in_project(&["claims", "--format", "json"]);
    assert!(
        r.stderr
            .contains("main.tex:5:1: warning: \\input{../outside} is outside the project"),
        "{}",
        r.stderr
    );
    let all = claims(&r);
    let treaty = find(&all, "The treaty followed");
    assert_eq!(treaty["citations"][0]["source"], "paik1990");
    // Nothing changed: nothing imported, nothing said.
    let r = in_project(&["claims", "--format", "json"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    // The included file edited: it alone is imported again.
    env.write(
        "proj/ch1.tex",
        "The treaty was signed in 1953 \\parencite[13]{paik1990}.\n",
    );
    let r = in_project(&["claims", "--format", "json"]);
    assert!(r.stderr.contains("ch1.tex"), "{}", r.stderr);
    assert!(!r.stderr.contains("outside"), "{}", r.stderr);
    let all = claims(&r);
    let signed = find(&all, "The treaty was signed");
    assert_eq!(signed["citations"][0]["locator"], "13");
    assert!(
        !all.iter()
            .any(|c| c["text"].as_str().unwrap().contains("followed in 1953")),
        "{all:#?}"
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

/// A Markdown essay's YAML `bibliography:` is imported with it: its citations resolve with
/// no .bib named on the command line; a file it names that is missing is said at its place.
#[test]
fn a_markdown_essays_bibliography_is_imported_with_it() {
    let env = Env::new();
    env.copy("bibliography/readings.bib", "refs/readings.bib");
    env.write(
        "essay.md",
        "---\ntitle: The Alliance\nbibliography:\n  - refs/readings.bib\n  - refs/gone.bib\n---\n\n\
         Aid was large [@shin2010, pp. 24--26].\n",
    );
    let r = env.run(&["import", "essay.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "essay.md:5:5: warning: bibliography: refs/gone.bib not imported: no file refs/gone.bib"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("refs/readings.bib: 6 added"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("essay.md: 2 units, 1 claims, 1 citations (1 resolved"),
        "{}",
        r.stderr
    );
    let all = claims(&env);
    assert_eq!(
        find(&all, "Aid was large")["citations"][0]["source"],
        "shin2010"
    );
}

/// A Word file as pandoc writes one from Markdown: real footnotes (Word ids that are not the
/// printed numbers), headings by style.
fn pandoc_docx(env: &Env, md: &str) -> Option<std::path::PathBuf> {
    if !crate::util::client("pandoc") {
        return None;
    }
    env.write("source.md", md);
    let out = env.path().join("essay.docx");
    let ok = std::process::Command::new("pandoc")
        .args(["-f", "markdown", "-t", "docx", "-o"])
        .arg(&out)
        .arg(env.path().join("source.md"))
        .status()
        .expect("running pandoc")
        .success();
    assert!(ok, "pandoc failed");
    Some(out)
}

#[test]
fn a_word_essay_is_read_with_its_headings_and_footnotes_on_their_sentences() {
    let env = Env::with_readings();
    let Some(_) = pandoc_docx(
        &env,
        "# Origins\n\nAid was large.[^a] The treaty came in 1953.\n\nRhee wanted it.[^b]\n\n\
         [^a]: Shin, *The US-ROK Alliance*, 24.\n\n[^b]: Paik, *Korea and the United States*, 5.\n",
    ) else {
        return;
    };
    let r = env.run(&["import", "essay.docx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = claims(&env);
    assert_eq!(find(&all, "Origins")["kind"], "heading");
    let aid = find(&all, "Aid was large");
    assert_eq!(aid["text"], "Aid was large.[^1]");
    assert_eq!(
        (aid["line"].as_u64(), aid["column"].as_u64()),
        (Some(2), Some(1))
    );
    let note = find(&all, "Shin, The US-ROK");
    assert_eq!(note["kind"], "note");
    assert_eq!(note["note"]["label"], "1");
    let rhee = find(&all, "Rhee wanted");
    assert_eq!(rhee["text"], "Rhee wanted it.[^2]");
    // A re-import of the unchanged file changes nothing.
    let r = env.run(&["import", "essay.docx"]);
    assert!(r.stderr.contains("0 new"), "{}", r.stderr);
}

/// Re-anchoring and manual links survive an edit of a Word file (issue 12: "Measured"): a
/// paragraph added before the linked sentence, and the sentence itself reworded.
#[test]
fn links_survive_an_edit_of_a_word_essay() {
    let env = Env::with_readings();
    let md = "# Origins\n\nAid was large.[^a] The treaty came in 1953.\n\n\
              Rhee wanted the treaty badly.\n\n[^a]: Shin, *The US-ROK Alliance*, 24.\n";
    if pandoc_docx(&env, md).is_none() {
        return;
    }
    env.ok(&["import", "essay.docx"]);
    let id = find(&claims(&env), "Rhee wanted")["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["link", &id, "kwan1982", "--page", "7"]);
    let edited = md.replace(
        "Rhee wanted the treaty badly.",
        "A new *paragraph* comes first.\n\nRhee wanted the treaty very badly.",
    );
    pandoc_docx(&env, &edited);
    let r = env.run(&["import", "essay.docx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = claims(&env);
    let rhee = find(&all, "Rhee wanted");
    assert_eq!(rhee["id"].as_str(), Some(id.as_str()), "{}", r.stderr);
    // Word paragraph:character: the heading, the first paragraph, the new one, this one.
    assert_eq!(
        (rhee["line"].as_u64(), rhee["column"].as_u64()),
        (Some(4), Some(1))
    );
    let linked: Vec<&str> = rhee["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["source"].as_str())
        .collect();
    assert_eq!(linked, ["kwan1982"]);
    // The note's citation is still on its sentence.
    let aid = find(&all, "Aid was large");
    assert_eq!(aid["citations"][0]["in_note"], "1");
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for k in 0..4 {
            out.push(if k <= chunk.len() {
                A[((n >> (18 - 6 * k)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// The citations Zotero (bookmark mode), Mendeley Cite and EndNote (base64 data) keep in a
/// Word file become links to the library's sources with their pages (issue 12: "resolve
/// every citation with its page"), Word showing only numbers; a citation whose data is
/// damaged is said at its Word paragraph and character.
#[test]
fn word_citations_of_zotero_bookmarks_mendeley_and_endnote_data_resolve_with_their_pages() {
    let env = Env::with_readings();
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let r = |t: &str| format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#);
    let mendeley = r#"{"citationID":"MENDELEY_CITATION_1","properties":{"noteIndex":0},"citationItems":[{"id":"e2","itemData":{"type":"book","title":"Korea and the United States","author":[{"family":"Paik","given":"Seung-gi"}],"issued":{"date-parts":[[1990]]}},"locator":"5-7","label":"page"}]}"#;
    let zotero = r#"ZOTERO_ITEM CSL_CITATION {"citationID":"0Bf2LOgP","properties":{"plainCitation":"[2]","noteIndex":0},"citationItems":[{"id":46,"locator":"24","label":"page","itemData":{"id":46,"type":"book","title":"The US-ROK Alliance","author":[{"family":"Shin","given":"Gi-Wook"}],"issued":{"date-parts":[["2010"]]}}}]}"#;
    let endnote = "<EndNote><Cite><Author>Finley</Author><Year>1983</Year><RecNum>3</RecNum>\
        <Pages>150</Pages><record><titles><title>The US Military Experience in Korea</title>\
        </titles></record></Cite></EndNote>";
    let props: String = zotero
        .as_bytes()
        .chunks(255)
        .enumerate()
        .map(|(k, c)| {
            format!(
                r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="ZOTERO_BREF_Tce3DUyb3IiZ_{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
                k + 2,
                k + 1,
                std::str::from_utf8(c).unwrap().replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
            )
        })
        .collect();
    let custom = format!(
        r#"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>"#
    );
    let data = base64(endnote.as_bytes());
    let body = format!(
        r#"<w:p>{}<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_CITATION_v3_{}"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>{}</w:p><w:p>{}<w:bookmarkStart w:id="5" w:name="ZOTERO_BREF_Tce3DUyb3IiZ"/>{}<w:bookmarkEnd w:id="5"/>{}<w:r><w:footnoteReference w:id="2"/></w:r></w:p><w:p>{}<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_CITATION_v3_e30*"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>{}</w:p>"#,
        r("Aid was large "),
        base64(mendeley.as_bytes()),
        r("[1]"),
        r("."),
        r("The treaty came in 1953 "),
        r("[2]"),
        r("."),
        r("Rhee wanted it "),
        r("[4]"),
        r("."),
    );
    let notes = format!(
        r#"<w:footnotes {W}><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"><w:fldData xml:space="preserve">{data}</w:fldData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE.DATA </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>{}</w:p></w:footnote></w:footnotes>"#,
        r(" As told in "),
        r("[3]"),
        r(".")
    );
    let document =
        format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#);
    let docx = crate::util::zip::stored(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", document.as_bytes()),
        ("word/footnotes.xml", notes.as_bytes()),
        ("docProps/custom.xml", custom.as_bytes()),
    ]);
    env.write("essay.docx", docx);
    let out = env.run(&["import", "essay.docx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "essay.docx:3:16: warning: a Mendeley citation whose data cannot be read (not base64 text): read as Word shows it"
        ),
        "{}",
        out.stderr
    );
    let all = claims(&env);
    let cited = |needle: &str| {
        let c = &find(&all, needle)["citations"][0];
        (
            c["source"].as_str().map(str::to_string),
            c["locator"].as_str().map(str::to_string),
        )
    };
    let some = |k: &str, p: &str| (Some(k.to_string()), Some(p.to_string()));
    assert_eq!(cited("Aid was large"), some("paik1990", "5-7"));
    assert_eq!(cited("The treaty came"), some("shin2010", "24"));
    // The footnote's EndNote citation counts for the sentence carrying its marker.
    let treaty = find(&all, "The treaty came");
    let from_note = treaty["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["in_note"] == "1")
        .unwrap_or_else(|| panic!("{treaty}"));
    assert_eq!(from_note["source"], "finley1983");
    assert_eq!(from_note["locator"], "150");
}

#[test]
fn a_damaged_word_file_is_refused_naming_the_file_and_the_part() {
    let env = Env::with_readings();
    env.write(
        "essay.docx",
        b"PK\x03\x04\x14\0\0\0word/document.xml and then nothing",
    );
    let r = env.fails(&["import", "essay.docx"], 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("annobib: error: essay.docx: not a readable Word file"),
        "{}",
        r.stderr
    );
}

fn pandoc_odt(env: &Env, md: &str) -> Option<std::path::PathBuf> {
    if !crate::util::client("pandoc") {
        return None;
    }
    env.write("source.md", md);
    let out = env.path().join("essay.odt");
    let ok = std::process::Command::new("pandoc")
        .args(["-f", "markdown", "-t", "odt", "-o"])
        .arg(&out)
        .arg(env.path().join("source.md"))
        .status()
        .expect("running pandoc")
        .success();
    assert!(ok, "pandoc failed");
    Some(out)
}

/// An OpenDocument essay as pandoc writes one (inline `text:note` footnotes, deflated parts):
/// headings, notes on their sentences, locations as paragraph:character, links kept across an
/// edit; and Zotero's reference marks resolve with their pages.
#[test]
fn an_odt_essay_is_read_like_a_word_one_and_keeps_its_links_across_an_edit() {
    let env = Env::with_readings();
    let md = "# Origins\n\nAid was large.[^a] The treaty came in 1953.\n\n\
              Rhee wanted the treaty badly.\n\n[^a]: Shin, *One Alliance, Two Lenses*, 24.\n";
    if pandoc_odt(&env, md).is_none() {
        return;
    }
    let r = env.run(&["import", "essay.odt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = claims(&env);
    assert_eq!(find(&all, "Origins")["kind"], "heading");
    let aid = find(&all, "Aid was large");
    assert_eq!(aid["text"], "Aid was large.[^1]");
    assert_eq!(
        (aid["line"].as_u64(), aid["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(aid["citations"][0]["in_note"], "1");
    assert_eq!(aid["citations"][0]["source"], "shin2010");
    assert_eq!(find(&all, "Shin, One Alliance")["kind"], "note");
    let id = find(&all, "Rhee wanted")["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["link", &id, "kwan1982", "--page", "7"]);
    let edited = md.replace(
        "Rhee wanted the treaty badly.",
        "A new *paragraph* comes first.\n\nRhee wanted the treaty very badly.",
    );
    pandoc_odt(&env, &edited);
    let r = env.run(&["import", "essay.odt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = claims(&env);
    let rhee = find(&all, "Rhee wanted");
    assert_eq!(rhee["id"].as_str(), Some(id.as_str()), "{}", r.stderr);
    assert_eq!(
        (rhee["line"].as_u64(), rhee["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(rhee["citations"][0]["source"], "kwan1982");

    // Zotero's reference marks, as the LibreOffice plug-in writes them.
    let mark = r#"ZOTERO_ITEM CSL_CITATION {"citationID":"IQc5TguB","properties":{"formattedCitation":"[1]","noteIndex":0},"citationItems":[{"id":2,"locator":"12","label":"page","itemData":{"id":2,"type":"book","title":"US-Korean Security Relations since 1945","author":[{"family":"Paik","given":"Seung-gi"}],"issued":{"date-parts":[["1990"]]}}}],"schema":"https://github.com/citation-style-language/schema/raw/master/csl-citation.json"} RND6KERMIacgp"#
        .replace('"', "&quot;");
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>The talks were long <text:reference-mark-start text:name="{mark}"/>[1]<text:reference-mark-end text:name="{mark}"/>.</text:p></office:text></office:body></office:document-content>"#
    );
    let odt = crate::util::zip::stored(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
    ]);
    env.write("zotero.odt", odt);
    let r = env.run(&["import", "zotero.odt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = claims(&env);
    let talks = find(&all, "The talks were long");
    assert_eq!(talks["citations"][0]["source"], "paik1990");
    assert_eq!(talks["citations"][0]["locator"], "12");
    // Renamed .docx, it is still read as what it is, and said.
    env.write(
        "renamed.docx",
        std::fs::read(env.path().join("zotero.odt")).unwrap(),
    );
    let r = env.run(&["import", "renamed.docx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "renamed.docx is an OpenDocument text (.odt), not a Word document (.docx) as its extension says; read as what it is"
        ),
        "{}",
        r.stderr
    );
}

/// An HTML essay as pandoc writes one (footnotes at the end, `<sup>` markers).
const HTML: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8" /><title>The Alliance</title>
<script>var cite = "(Finley 1983)";</script></head>
<body>
<h1 id="origins">Origins</h1>
<p>Aid totaled an estimated 70&nbsp;% of the budget (Shin 2010, 24&ndash;26). The treaty
followed in 1953.<a href="#fn1" class="footnote-ref" id="fnref1"
role="doc-noteref"><sup>1</sup></a></p>
<p>Rhee wanted the treaty badly.</p>
<section id="footnotes" class="footnotes" role="doc-endnotes"><hr /><ol>
<li id="fn1"><p>Paik, <em>US-Korean Security Relations since 1945</em>, 12.<a
href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li></ol></section>
</body></html>
"##;

#[test]
fn an_html_essay_is_read_by_its_structure_with_notes_on_their_sentences() {
    let env = Env::with_readings();
    env.write("essay.html", HTML);
    let r = env.run(&["import", "essay.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = claims(&env);
    assert_eq!(find(&all, "Origins")["kind"], "heading");
    let aid = find(&all, "Aid totaled");
    assert_eq!(
        collapse(aid["text"].as_str().unwrap()),
        "Aid totaled an estimated 70 % of the budget (Shin 2010, 24–26)."
    );
    assert_eq!(
        (aid["line"].as_u64(), aid["column"].as_u64()),
        (Some(6), Some(4))
    );
    assert_eq!(aid["citations"][0]["source"], "shin2010");
    assert_eq!(aid["citations"][0]["locator"], "24–26");
    // The note's citation is on the sentence that carries its marker.
    let treaty = find(&all, "The treaty");
    assert_eq!(
        collapse(treaty["text"].as_str().unwrap()),
        "The treaty followed in 1953.[^1]"
    );
    assert_eq!(treaty["citations"][0]["source"], "paik1990");
    assert_eq!(treaty["citations"][0]["locator"], "12");
    let note = find(&all, "Paik, US-Korean");
    assert_eq!(note["kind"], "note");
    assert_eq!(note["note"]["label"], "1");
    assert!(
        all.iter()
            .all(|c| !c["text"].as_str().unwrap().contains("Finley"))
    );
}

#[test]
fn links_survive_an_edit_of_an_html_essay() {
    let env = Env::with_readings();
    env.write("essay.html", HTML);
    env.ok(&["import", "essay.html"]);
    let id = find(&claims(&env), "Rhee wanted")["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["link", &id, "kwan1982", "--page", "7"]);
    let edited = HTML.replace(
        "<p>Rhee wanted the treaty badly.</p>",
        "<p>A new <em>paragraph</em> comes first.</p>\n<p>Rhee wanted the treaty very badly.</p>",
    );
    env.write("essay.html", edited);
    let r = env.run(&["import", "essay.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rhee = find(&claims(&env), "Rhee wanted").clone();
    assert_eq!(rhee["id"].as_str(), Some(id.as_str()), "{}", r.stderr);
    assert_eq!(rhee["line"].as_u64(), Some(10));
    let linked: Vec<&str> = rhee["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["source"].as_str())
        .collect();
    assert_eq!(linked, ["kwan1982"]);
}

#[test]
fn a_pandoc_html_essay_reads_like_its_markdown() {
    let env = Env::with_readings();
    if !crate::util::client("pandoc") {
        return;
    }
    env.write(
        "source.md",
        "# Origins\n\nAid was large (Shin 2010, 24).[^1] The treaty came in 1953.\n\n\
         Rhee wanted it.[^2]\n\n[^1]: See also Kwan, *US Korean Relations 1882-1982*, 7.\n\n\
         [^2]: Paik, *US-Korean Security Relations since 1945*, 5.\n",
    );
    let ok = std::process::Command::new("pandoc")
        .args(["-s", "--metadata", "title=The Alliance", "-o"])
        .arg(env.path().join("essay.html"))
        .arg(env.path().join("source.md"))
        .status()
        .expect("running pandoc")
        .success();
    assert!(ok, "pandoc failed");
    let r = env.run(&["import", "source.md", "essay.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&env.ok(&["claims", "--format", "json"])).unwrap();
    let of = |doc: &str| -> Vec<(String, String, Vec<String>)> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|c| c["document"].as_str().is_some_and(|d| d.ends_with(doc)))
            .filter(|c| c["kind"] == "claim" || c["kind"] == "note")
            .map(|c| {
                (
                    c["kind"].as_str().unwrap().to_string(),
                    collapse(c["text"].as_str().unwrap()),
                    c["citations"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| format!("{}@{}", x["source"], x["locator"]))
                        .collect(),
                )
            })
            .collect()
    };
    let md = of("source.md");
    assert!(!md.is_empty(), "{v:#}");
    assert_eq!(of("essay.html"), md);
}
