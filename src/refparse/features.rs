//! The features of each token of a reference string: what it is (its word, its shape, its
//! punctuation, word lists: months, role words, publisher words...), where it stands (its
//! position in the string, how many sentences precede it, inside quotes or parentheses), and
//! the same for its neighbours two tokens either side. Each is a string; the model keeps a
//! weight per feature and label.

use super::Token;

/// Features of every token of `text` (cut into `toks`).
pub fn features(text: &str, toks: &[Token]) -> Vec<Vec<String>> {
    let n = toks.len();
    let infos: Vec<Info> = toks.iter().map(|t| Info::of(t.of(text))).collect();
    let mut out = Vec::with_capacity(n);
    let mut in_quote = false;
    let mut in_paren = 0i32;
    let mut sentences = 0usize;
    // Where the year is (APA puts the title after it, Chicago's bibliography near the end),
    // and how many sentences follow each token.
    let year_at = infos.iter().position(|t| t.flags.contains(&"year"));
    let mut after: Vec<usize> = vec![0; n];
    let mut count = 0;
    for i in (0..n).rev() {
        after[i] = count;
        if infos[i].ends_sentence {
            count += 1;
        }
    }
    for i in 0..n {
        let me = &infos[i];
        let mut f: Vec<String> = Vec::with_capacity(64);
        f.push("b".into());
        f.push(format!("w={}", me.core));
        f.push(format!("t={}", me.lower));
        f.push(format!("s={}", me.shape));
        f.push(format!("len={}", len_bucket(me.core.chars().count())));
        let chars: Vec<char> = me.core.chars().collect();
        for k in 1..=3 {
            if chars.len() > k {
                let p: String = chars[..k].iter().collect();
                let s: String = chars[chars.len() - k..].iter().collect();
                f.push(format!("p{k}={p}"));
                f.push(format!("x{k}={s}"));
            }
        }
        if let Some(c) = me.first_punct {
            f.push(format!("fp={c}"));
        }
        if let Some(c) = me.last_punct {
            f.push(format!("lp={c}"));
        }
        for flag in &me.flags {
            f.push(format!("f={flag}"));
        }
        // Where it stands.
        f.push(format!("pos={}", (i * 8) / n.max(1)));
        if i == 0 {
            f.push("first".into());
        }
        if i + 1 == n {
            f.push("last".into());
        }
        if in_quote || me.opens_quote {
            f.push("inq".into());
        }
        if in_paren > 0 {
            f.push("inp".into());
        }
        f.push(format!("sent={}", sentences.min(6)));
        f.push(format!("left={}", after[i].min(4)));
        if let Some(y) = year_at {
            f.push(format!(
                "yr={}",
                if i < y {
                    "before"
                } else if i == y {
                    "at"
                } else {
                    "after"
                }
            ));
        }
        // Neighbours.
        for (d, name) in [(-2i64, "-2"), (-1, "-1"), (1, "+1"), (2, "+2")] {
            let j = i as i64 + d;
            if j < 0 || j >= n as i64 {
                f.push(format!("w[{name}]=<none>"));
                continue;
            }
            let o = &infos[j as usize];
            f.push(format!("w[{name}]={}", o.core));
            if d.abs() == 1 {
                f.push(format!("s[{name}]={}", o.shape));
                for flag in &o.flags {
                    f.push(format!("f[{name}]={flag}"));
                }
                if let Some(c) = o.last_punct {
                    f.push(format!("lp[{name}]={c}"));
                }
            }
        }
        if i > 0 {
            let p = &infos[i - 1];
            f.push(format!("ss={}|{}", p.shape, me.shape));
            f.push(format!(
                "plp|cap={}|{}",
                p.last_punct.unwrap_or(' '),
                me.capitalized
            ));
        }
        out.push(f);
        // State for the next token.
        if me.opens_quote && !me.closes_quote {
            in_quote = true;
        } else if me.closes_quote {
            in_quote = false;
        }
        in_paren += me.opens_paren as i32 - me.closes_paren as i32;
        in_paren = in_paren.clamp(0, 3);
        if me.ends_sentence {
            sentences += 1;
        }
    }
    out
}

fn len_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        _ => "7+",
    }
}

/// What one token is, on its own.
struct Info {
    /// Lowercase, without the punctuation around it.
    core: String,
    lower: String,
    shape: String,
    first_punct: Option<char>,
    last_punct: Option<char>,
    flags: Vec<&'static str>,
    capitalized: bool,
    opens_quote: bool,
    closes_quote: bool,
    opens_paren: bool,
    closes_paren: bool,
    /// A full stop after a word (not an initial "J." nor an abbreviation like "pp.").
    ends_sentence: bool,
}

const OPEN_QUOTES: &[char] = &['“', '"', '‘', '«', '„', '\''];
const CLOSE_QUOTES: &[char] = &['”', '"', '’', '»', '\''];

const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
];

const PUBLISHER_WORDS: &[&str] = &[
    "press",
    "university",
    "universität",
    "université",
    "publisher",
    "publishers",
    "publishing",
    "verlag",
    "books",
    "inc",
    "ltd",
    "co",
    "company",
    "sons",
    "wiley",
    "springer",
    "elsevier",
    "routledge",
    "sage",
    "academic",
    "edition",
    "éditions",
    "editions",
    "ed",
    "institute",
    "association",
    "society",
    "group",
    "house",
    "media",
    "oup",
    "mit",
    "cup",
];

const PLACES: &[&str] = &[
    "london",
    "new",
    "york",
    "oxford",
    "cambridge",
    "paris",
    "berlin",
    "boston",
    "chicago",
    "amsterdam",
    "washington",
    "princeton",
    "philadelphia",
    "los",
    "angeles",
    "san",
    "francisco",
    "heidelberg",
    "dordrecht",
    "leiden",
    "tokyo",
    "toronto",
    "sydney",
    "madrid",
    "milano",
    "milan",
    "roma",
    "rome",
    "moscow",
    "basel",
    "wien",
    "vienna",
    "münchen",
    "munich",
    "stuttgart",
    "frankfurt",
    "hamburg",
    "leipzig",
    "baltimore",
    "stanford",
    "berkeley",
    "seoul",
    "beijing",
    "delhi",
    "thousand",
    "oaks",
    "hoboken",
    "englewood",
    "cliffs",
    "ny",
    "ma",
    "ca",
    "nj",
    "uk",
    "usa",
    "mass",
    "calif",
    "ithaca",
    "haven",
    "durham",
    "edinburgh",
    "manchester",
    "bristol",
    "lexington",
    "singapore",
    "geneva",
    "genève",
    "zürich",
    "zurich",
];

impl Info {
    fn of(tok: &str) -> Info {
        let lower = tok.to_lowercase();
        let core: String = lower
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let first = tok.chars().next().unwrap_or(' ');
        let last = tok.chars().last().unwrap_or(' ');
        let first_punct = (!first.is_alphanumeric()).then_some(first);
        let last_punct = (!last.is_alphanumeric()).then_some(last);
        let shape = shape(tok);
        let mut flags = Vec::new();
        let digits = core.chars().filter(|c| c.is_ascii_digit()).count();
        let letters = core.chars().filter(|c| c.is_alphabetic()).count();
        let capitalized = core.chars().next().is_some()
            && tok
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(char::is_uppercase);
        if is_year(&core) {
            flags.push("year");
        }
        if digits > 0 && letters == 0 {
            flags.push("num");
            if core.contains(['-', '–', '—']) {
                flags.push("range");
            }
        }
        if digits > 0 && letters > 0 {
            flags.push("alnum");
        }
        let trimmed = tok.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')'));
        let init_chars: Vec<char> = trimmed.chars().collect();
        if (init_chars.len() == 2 && init_chars[0].is_uppercase() && init_chars[1] == '.')
            || (init_chars.len() == 1 && init_chars[0].is_uppercase())
            || (init_chars.len() >= 4
                && init_chars.chunks(2).all(|p| {
                    p[0].is_uppercase() && p.get(1).is_none_or(|c| *c == '.' || *c == '-')
                }))
        {
            flags.push("init");
        }
        if letters > 1 && core.chars().all(|c| !c.is_lowercase()) && digits == 0 {
            flags.push("caps");
        }
        if capitalized {
            flags.push("cap");
        }
        if lower.contains("http") || lower.starts_with("www.") || lower.contains("://") {
            flags.push("url");
        }
        if lower.contains("10.") && lower.contains('/') || lower.starts_with("doi") {
            flags.push("doi");
        }
        if core.starts_with("isbn")
            || (digits >= 10 && (core.starts_with("978") || core.starts_with("979")))
        {
            flags.push("isbn");
        }
        if MONTHS.contains(&core.as_str()) {
            flags.push("month");
        }
        if matches!(
            core.as_str(),
            "ed" | "eds" | "editor" | "editors" | "edited" | "hrsg" | "hg" | "éd" | "dir" | "coord"
        ) {
            flags.push("role-ed");
        }
        if matches!(
            core.as_str(),
            "trans" | "translated" | "translator" | "tr" | "übers" | "trad"
        ) {
            flags.push("role-trans");
        }
        if matches!(core.as_str(), "p" | "pp" | "pages" | "page" | "s" | "pgs") {
            flags.push("pp");
        }
        if matches!(core.as_str(), "vol" | "volume" | "v" | "vols" | "bd" | "t") {
            flags.push("vol");
        }
        if matches!(
            core.as_str(),
            "no" | "nr" | "issue" | "number" | "n" | "iss"
        ) {
            flags.push("no");
        }
        if core == "in" {
            flags.push("in");
        }
        if matches!(core.as_str(), "and" | "und" | "et" | "y" | "e") || tok == "&" {
            flags.push("and");
        }
        if core == "al" || lower.starts_with("al.") {
            flags.push("etal");
        }
        if PUBLISHER_WORDS.contains(&core.as_str()) {
            flags.push("pub");
        }
        if PLACES.contains(&core.as_str()) {
            flags.push("place");
        }
        if matches!(
            core.as_str(),
            "edn" | "edition" | "ed" | "aufl" | "éd" | "rev"
        ) || (digits > 0
            && ["st", "nd", "rd", "th", "e", "er"].iter().any(|s| {
                core.ends_with(s)
                    && core[..core.len() - s.len()]
                        .bytes()
                        .all(|b| b.is_ascii_digit())
            }))
        {
            flags.push("edn");
        }
        if core.contains("thesis")
            || core.contains("dissertation")
            || core == "phd"
            || core == "thèse"
            || core == "diss"
        {
            flags.push("thesis");
        }
        if matches!(
            core.as_str(),
            "report" | "paper" | "working" | "technical" | "tech" | "tr"
        ) {
            flags.push("report");
        }
        if matches!(
            core.as_str(),
            "retrieved" | "available" | "accessed" | "online" | "from" | "at" | "url"
        ) {
            flags.push("access");
        }
        if matches!(
            core.as_str(),
            "proceedings" | "proc" | "conference" | "symposium" | "workshop" | "congress"
        ) {
            flags.push("proc");
        }
        if matches!(
            core.as_str(),
            "journal"
                | "review"
                | "j"
                | "annals"
                | "bulletin"
                | "quarterly"
                | "letters"
                | "lett"
                | "rev"
                | "transactions"
        ) {
            flags.push("journal");
        }
        if tok.len() > 1 && tok.ends_with(':') {
            flags.push("colon");
        }
        let opens_quote = OPEN_QUOTES.contains(&first);
        let closes_quote = tok
            .trim_end_matches(['.', ',', ';', ':', ')'])
            .ends_with(CLOSE_QUOTES)
            && tok.chars().count() > 1;
        let opens_paren = tok.starts_with(['(', '[']);
        let closes_paren = tok
            .trim_end_matches(['.', ',', ';', ':'])
            .ends_with([')', ']']);
        let ends_sentence = tok.ends_with('.')
            && letters + digits > 2
            && !matches!(
                core.as_str(),
                "pp" | "vol" | "no" | "eds" | "ed" | "al" | "trans" | "edn"
            );
        Info {
            core,
            lower,
            shape,
            first_punct,
            last_punct,
            flags,
            capitalized,
            opens_quote,
            closes_quote,
            opens_paren,
            closes_paren,
            ends_sentence,
        }
    }
}

/// A 4-digit year (1500-2099), maybe with a letter ("2014a").
fn is_year(core: &str) -> bool {
    let b = core.as_bytes();
    let digits = if b.len() == 5 && b[4].is_ascii_lowercase() {
        &b[..4]
    } else {
        b
    };
    digits.len() == 4
        && digits.iter().all(u8::is_ascii_digit)
        && matches!(&core[..2], "15" | "16" | "17" | "18" | "19" | "20")
}

/// Character classes with runs collapsed: "Press," -> "Aa,", "(2009)." -> "(9).".
fn shape(tok: &str) -> String {
    let mut s = String::new();
    let mut last = '\0';
    for c in tok.chars() {
        let k = if c.is_uppercase() {
            'A'
        } else if c.is_alphabetic() {
            'a'
        } else if c.is_ascii_digit() {
            '9'
        } else if matches!(c, '“' | '”' | '‘' | '’' | '"' | '«' | '»' | '„') {
            'q'
        } else if matches!(c, '–' | '—' | '-') {
            '-'
        } else {
            c
        };
        if k != last {
            s.push(k);
            last = k;
        }
    }
    s
}
