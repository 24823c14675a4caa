//! Tests of the scanner through [`parse`]: what is accepted, what each error says and where.

use super::parse;
use crate::model::{BibItem, Source};

fn sources(text: &str) -> Vec<Source> {
    let p = parse("t.bib", text);
    assert_eq!(p.errors, vec![], "{text}");
    p.file.sources().cloned().collect()
}

/// `name=raw=>value` per field, for compact expectations.
fn fields(s: &Source) -> Vec<String> {
    s.fields
        .iter()
        .map(|f| format!("{}={}=>{}", f.name, f.raw, f.value))
        .collect()
}

#[test]
#[rustfmt::skip]
fn accepts_what_biber_accepts() {
    // (input, type, key, fields as name=raw=>value)
    let cases: &[(&str, &str, &str, &[&str])] = &[
        ("@book{k, title = {A}}", "book", "k", &["title={A}=>A"]),
        ("@BOOK(k, TITLE = \"A\")", "book", "k", &["title=\"A\"=>A"]),
        ("@book{k}", "book", "k", &[]),
        ("@book{k,}", "book", "k", &[]),
        ("@book{k,\n}", "book", "k", &[]),
        ("@ book { k , year = 1983 , }", "book", "k", &["year=1983=>1983"]),
        ("@book{doe:2020/a+b.c, year=2000}", "book", "doe:2020/a+b.c", &["year=2000=>2000"]),
        ("@book{Key, month = jan}", "book", "Key", &["month=jan=>January"]),
        ("@book{k, month = jan # \"~1\"}", "book", "k", &["month=jan # \"~1\"=>January 1"]),
        ("@book{k, volume = 3.2.1}", "book", "k", &["volume=3.2.1=>3.2.1"]),
        ("@book{k,\n  % a comment line\n  title = {A}, % trailing\n  year = 1}", "book", "k", &["title={A}=>A", "year=1=>1"]),
        ("@book{k, note = {100% {sure}}}", "book", "k", &["note={100% {sure}}=>100% sure"]),
        ("@book{k, note = \"50% off\"}", "book", "k", &["note=\"50% off\"=>50% off"]),
        ("\u{FEFF}@book{k, a = {x}}", "book", "k", &["a={x}=>x"]),
        ("@book{k,\r\n  a = {x\r\n y},\r\n}\r\n", "book", "k", &["a={x\r\n y}=>x y"]),
        ("@online{k, url = {http://x.org/~a%20b}}", "online", "k", &["url={http://x.org/~a%20b}=>http://x.org/~a%20b"]),
        ("@string{imh = {IMH}}\n@book{k, publisher = imh}", "book", "k", &["publisher=imh=>IMH"]),
        ("@book{k, publisher = IMH}\n@string{imh = {IMH}}", "book", "k", &["publisher=IMH=>IMH"]),
        ("@string(a = \"x\")@string{b = a # {y}}@book{k, t = b}", "book", "k", &["t=b=>xy"]),
        ("@string(a = \"x\", b = a # {y})@book{k, t = b}", "book", "k", &["t=b=>xy"]),
        ("@string{b = a # {y}}\n@string{c = b # {z}}\n@book{k, t = c}\n@string{a = {x}}", "book", "k", &["t=c=>xyz"]),
        // A definition using itself keeps what it read where it stands, as BibTeX does.
        ("@string{a = a # \"x\"}\n@book{k, t = a}", "book", "k", &["t=a=>x"]),
        ("@string{p = q # \"1\"}\n@string{q = p # \"2\"}\n@book{k, t = p # q}", "book", "k", &["t=p # q=>112"]),
        ("@string{c = a # c}\n@string{a = {x}}\n@book{k, t = c}", "book", "k", &["t=c=>"]),
        ("%@book{old,\n% title = {x\n@book{k, t = {y}}", "book", "k", &["t={y}=>y"]),
        ("@comment{unbalanced {\n@book{k, t = {y}}", "book", "k", &["t={y}=>y"]),
        ("@book{k, a = {x}, , b = {y},}", "book", "k", &["a={x}=>x", "b={y}=>y"]),
    ];
    for (text, kind, key, want) in cases {
        let s = sources(text);
        assert_eq!(s.len(), 1, "{text}");
        assert_eq!(
            (s[0].entry_type.as_str(), s[0].key.as_str()),
            (*kind, *key),
            "{text}"
        );
        assert_eq!(fields(&s[0]), *want, "{text}");
    }
}

#[test]
fn keeps_every_item_in_order() {
    let text = "% head\n@preamble{{\\newcommand{\\x}{y}}}\n@preamble{\"a\" # \"b\"}\n\
                @string{s = {S}}\nfree text\n@comment{ see {this} }\n@book{k, t = s}\n\
                mail me@example.org\n@comment this line\n";
    let p = parse("t.bib", text);
    assert_eq!(p.errors, vec![]);
    let got: Vec<String> = p
        .file
        .items
        .iter()
        .map(|i| match i {
            BibItem::Entry(s) => format!("entry {} {}", s.key, s.raw),
            BibItem::String {
                name,
                raw,
                value,
                line,
            } => format!("string {name} {raw} {value} {line}"),
            BibItem::Preamble { raw, line } => format!("preamble {raw} {line}"),
            BibItem::Comment { raw, line } => format!("comment {raw} {line}"),
        })
        .collect();
    let want = [
        "comment % head 1",
        "preamble @preamble{{\\newcommand{\\x}{y}}} 2",
        "preamble @preamble{\"a\" # \"b\"} 3",
        "string s {S} S 4",
        "comment free text 5",
        "comment @comment{ see {this} } 6",
        "entry k @book{k, t = s}",
        "comment mail me@example.org 8",
        "comment @comment this line 9",
    ];
    assert_eq!(got, want);
    let k = p.file.sources().next().unwrap();
    assert_eq!(
        (k.origin.line, k.origin.column, k.origin.ordinal),
        (7, 1, 6)
    );
}

#[test]
#[rustfmt::skip]
fn errors_are_specific_and_located() {
    // (input, the one error as LINE:COL: message)
    let cases: &[(&str, &str)] = &[
        ("@book{k,\n  title = {A}\n  year = 1983\n}", "2:14: expected ',' or '}' after the value of field 'title'"),
        ("@book{k,\n  title {A},\n}", "2:8: expected '=' after field name 'title'"),
        ("@book{k,\n  title = {A,\n  year = 1983,\n}\n", "2:11: unclosed '{' opened here"),
        ("@book{k,\n  title = {A},\n  year = 1983\n", "1:6: unclosed '{' opened here"),
        ("@book{k,\n  title = {A},\n  year = 1983,\n\n@book{j, year = 1}\n", "1:6: unclosed '{' opened here"),
        ("@book{k,\n  title = {A {B},\n  year = 1983,\n}\n\n@book{j,\n  year = 1,\n}\n", "2:11: unclosed '{' opened here"),
        ("@book{k,\n  title = \"A,\n  year = 1983,\n}", "2:11: unterminated quoted value"),
        ("@book{,\n  title = {A},\n}", "1:7: entry has no citation key"),
        ("@book{\n  title = {A},\n}", "2:3: entry has no citation key"),
        ("@book{}", "1:7: entry has no citation key"),
        ("@book{my key, title = {A}}", "1:9: expected ',' after citation key 'my'"),
        ("@book{k, title = , year = 1}", "1:18: expected a value for field 'title'"),
        ("@book{k, = {A}}", "1:10: expected a field name, found '='"),
        ("@book k, title = {A}}", "1:7: expected '{' or '(' after '@book'"),
        ("@ {k}", "1:2: expected an entry type after '@'"),
        ("@book(k, title = {A}", "1:6: unclosed '(' opened here"),
        ("@string{x {A}}", "1:10: expected '=' after @string name 'x'"),
        ("@string{x = {A} y = {B}}", "1:17: expected '}' after the value of @string 'x'"),
        ("@book{k,\n  year = 2021\n)", "3:1: ')' does not close this entry, which was opened with '{'"),
        ("@book{k,\n  number = {1},\n  @url = {http://x.org},\n}\n@book{j}", "3:3: expected a field name, found '@'"),
        ("@preamble{\"a\" \"b\"}", "1:15: expected '}' after the @preamble value"),
        ("@book{k, title = {Schr\u{f6}dinger} year = 1}", "1:31: expected ',' or '}' after the value of field 'title'"),
    ];
    for (text, want) in cases {
        let p = parse("t.bib", text);
        let got: Vec<String> = p
            .errors
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(got, vec![want.to_string()], "{text}");
        assert!(p.file.sources().all(|s| s.key != "k"), "{text}");
    }
}

#[test]
fn reports_every_bad_entry_and_keeps_the_good_ones() {
    let text = "@book{a, title = {A}}\n\
                @book{b\n  title = {B}}\n\
                @book{c, title = {C}}\n\
                @book{d, title = {D}\n\n\
                @book{e, title = {E}}\n\
                @book{f, title = {F}, year = }\n\
                @book{g, title = {G}}\n";
    let p = parse("t.bib", text);
    let keys: Vec<&str> = p.file.sources().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["a", "c", "e", "g"]);
    let errs: Vec<(u32, Option<&str>)> = p
        .errors
        .iter()
        .map(|d| (d.line, d.key.as_deref()))
        .collect();
    assert_eq!(errs, [(2, Some("b")), (5, Some("d")), (8, Some("f"))]);
    assert_eq!(
        p.errors[0].to_string(),
        "t.bib:2:8: expected ',' after citation key 'b'"
    );
    assert_eq!(p.errors[0].line_text, "@book{b");
}

#[test]
fn warnings_are_located() {
    let text = "@book{a, title = {A}, Title = {B}}\n\
                @book{a, title = {C}}\n\
                @book{c, publisher = nosuch # { Press}}\n\
                @incollection{d, crossref = {missing}}\n\
                @book{e, xdata = {a, gone}}\n";
    let p = parse("t.bib", text);
    assert_eq!(p.errors, vec![]);
    let got: Vec<String> = p
        .warnings
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect();
    assert_eq!(
        got,
        [
            "1:23: field 'title' repeated in entry 'a'; the first is kept",
            "2:7: key 'a' repeated (first at line 1); this entry is ignored",
            "3:22: undefined @string macro 'nosuch' (taken as empty)",
            "4:29: 'd' refers to 'missing', which is not in this file",
            "5:18: 'e' refers to 'gone', which is not in this file",
        ]
    );
    let a = p.file.sources().next().unwrap();
    assert_eq!(fields(a), ["title={A}=>A"]);
    let c = p.file.sources().nth(1).unwrap();
    assert_eq!(fields(c), ["publisher=nosuch # { Press}=>Press"]);
}

/// Forward references settle however long their chain, each definition once; definitions
/// that use themselves warn, naming the others in their cycle.
#[test]
fn macro_chains_and_cycles() {
    let n = 40;
    let mut text = String::from("@book{k, t = m0}\n");
    for i in 0..n {
        text.push_str(&format!("@string{{m{i} = m{} # {{{i} }}}}\n", i + 1));
    }
    text.push_str(&format!("@string{{m{n} = {{end}}}}\n"));
    let p = parse("chain.bib", &text);
    assert_eq!(
        (p.errors.len(), p.warnings.len()),
        (0, 0),
        "{:?}",
        p.warnings
    );
    let want = String::from("end")
        + (0..n)
            .rev()
            .map(|i| format!("{i} "))
            .collect::<String>()
            .trim_end();
    assert_eq!(p.file.sources().next().unwrap().fields[0].value, want);

    let p = parse(
        "cycle.bib",
        "@string{p = q # \"1\"}\n@string{q = p # \"2\"}\n@string{a = a}\n",
    );
    let got: Vec<String> = p
        .warnings
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect();
    assert_eq!(
        got,
        [
            "1:13: @string 'p' is defined in terms of itself (through p, q); its own name stands for nothing there, as in BibTeX",
            "2:13: @string 'q' is defined in terms of itself (through p, q); its own name stands for nothing there, as in BibTeX",
            "3:13: @string 'a' is defined in terms of itself (through a); its own name stands for nothing there, as in BibTeX",
        ]
    );
}

#[test]
fn persons_of_name_fields() {
    let s = sources(
        "@string{ed = \"Han, Sung-joo\"}\n\
         @book{k, editor = {Curtis, Gerald L.} # \" and \" # ed, author = {{IMH}}, title = {T}}",
    );
    let roles: Vec<(&str, Vec<String>)> = s[0]
        .persons
        .iter()
        .map(|(r, ps)| (r.as_str(), ps.iter().map(|p| p.sort_name()).collect()))
        .collect();
    assert_eq!(
        roles,
        [
            (
                "editor",
                vec!["Curtis, Gerald L.".to_string(), "Han, Sung-joo".to_string()]
            ),
            ("author", vec!["IMH".to_string()])
        ]
    );
    assert!(s[0].persons[1].1[0].corporate);
}

#[test]
fn shipped_readings_parse_cleanly() {
    let text = include_str!("../../bibliography/readings.bib");
    let p = parse("bibliography/readings.bib", text);
    assert_eq!(p.errors, vec![]);
    assert_eq!(p.warnings, vec![]);
    let keys: Vec<&str> = p.file.sources().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "history2014",
            "curtis1983",
            "finley1983",
            "kwan1982",
            "paik1990",
            "shin2010"
        ]
    );
    let finley = p.file.sources().nth(2).unwrap();
    assert_eq!(
        finley.get("title"),
        Some("The US Military Experience in Korea, 1871-1982")
    );
    assert_eq!(
        finley.get("annotation"),
        Some(
            "Cited once, for the Korean War's casualties and the “Blood Alliance” they forged (p. 150)."
        )
    );
    assert_eq!(finley.persons("author")[0].given, "James P.");
}

/// Issue 9 finding 3: a 1 KB file of doubling macros (`s1 = s0 # s0` ... `s40`) took 4.6 GB
/// even with no entry using them. Refused where a value outgrows the limit, located, before
/// anything is expanded.
#[test]
fn doubling_macros_are_refused_where_they_outgrow_the_limit() {
    let mut text = String::from("@string{s0 = \"xx\"}\n");
    for i in 1..=40 {
        text.push_str(&format!("@string{{s{i} = s{p} # s{p}}}\n", p = i - 1));
    }
    text.push_str("@book{k, title = s40 # s3}\n");
    let p = parse("d.bib", &text);
    // s19 = 2^20 bytes is the limit; s20 is refused, and s21.. use an undefined macro.
    assert!(!p.errors.is_empty());
    assert_eq!(p.errors[0].line, 21, "{:?}", p.errors[0]);
    assert!(
        p.errors[0]
            .message
            .contains("@string 's20' expands to 2097152 bytes"),
        "{}",
        p.errors[0]
    );
    let strings = p
        .file
        .items
        .iter()
        .filter(|i| matches!(i, BibItem::String { .. }))
        .count();
    assert_eq!(strings, 40, "s0..s19 defined, s21..s40 empty");
    // Many uses of a large macro: refused once the file's values grew past the budget.
    let mut text = format!("@string{{big = \"{}\"}}\n", "y".repeat(1000));
    for i in 0..20_000 {
        text.push_str(&format!("@misc{{m{i}, note = big # big}}\n"));
    }
    let p = parse("u.bib", &text);
    assert!(
        p.errors
            .iter()
            .any(|e| e.message.contains("past twice its size and 8 MiB")),
        "{:?}",
        p.errors.first()
    );
    // An ordinary file of macros (journal names used often) is not refused.
    let mut text = String::from("@string{jgr = {Journal of Geophysical Research}}\n");
    for i in 0..5000 {
        text.push_str(&format!("@article{{a{i}, journal = jgr, year = 2000}}\n"));
    }
    assert_eq!(parse("j.bib", &text).errors, vec![]);
}

/// Issue 9 finding 3: 10^4 repeated fields on one long line took 2-2.7 GB, each warning
/// keeping a copy of the whole line.
#[test]
fn warnings_on_one_long_line_keep_an_excerpt_each() {
    let fields: String = (0..2000).map(|_| " title = {x},").collect();
    let text = format!("@book{{k,{fields} year = 2000}}\n");
    let p = parse("r.bib", &text);
    assert_eq!(p.warnings.len(), 1999);
    let kept: usize = p.warnings.iter().map(|w| w.line_text.len()).sum();
    assert!(kept < 1999 * 300, "{kept} bytes of lines kept");
    let last = p.warnings.last().unwrap();
    assert!(last.column as usize > text.len() - 40, "{last:?}");
}

/// Issue 9, finding 7: a file with CR-only line ends (classic Mac) that starts with a `%`
/// comment imported no entry, every `@` being taken for part of the first line's comment.
#[test]
fn cr_only_line_ends_after_a_leading_comment_keep_every_entry() {
    let keys = ["a", "b", "c", "d", "e", "f"];
    let mut text = String::from("% Exported by a classic Mac tool\r\r");
    for k in keys {
        text.push_str(&format!(
            "@book{{{k},\r  title = {{T {k}}},\r  year = 2001\r}}\r\r"
        ));
    }
    text.push_str("%@book{commented, title = {Not an entry}}\r");
    let found: Vec<String> = sources(&text).into_iter().map(|s| s.key).collect();
    assert_eq!(found, keys);
}
