//! The scorer's vocabularies: number words, units, months, reporting verbs, event verbs,
//! superlatives, causal and trend phrases, and the author's own framing.
//!
//! Owns the word lists only; `signals.rs` decides how they combine. Words are lowercase;
//! phrases are written as space-separated words and matched against consecutive tokens.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Spelled numbers that can quantify ("thirty percent", "two to four feet").
#[rustfmt::skip]
pub(super) const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "thousand", "million", "billion", "trillion", "dozen", "half", "quarter", "third",
];

/// Words that scale a number ("83 million", "$40 billion", "2.3B").
#[rustfmt::skip]
pub(super) const SCALES: &[&str] = &[
    "thousand", "million", "billion", "trillion", "k", "m", "b", "bn", "mn", "tn",
];

/// Currency words after a number ("310 million euros").
#[rustfmt::skip]
pub(super) const CURRENCIES: &[&str] = &[
    "dollars", "dollar", "usd", "euros", "euro", "eur", "pounds sterling", "yen", "won", "yuan",
    "rupees", "francs", "marks",
];

/// Currency symbols before a number.
pub(super) const CURRENCY_SIGNS: &[&str] = &["$", "€", "£", "¥", "₩"];

/// Words that make a number a percentage.
pub(super) const PERCENT_WORDS: &[&str] = &["%", "percent", "per cent", "percentage points"];

/// Units of measure after a number ("1°C", "two to four feet", "44 gigatons").
#[rustfmt::skip]
pub(super) const UNITS: &[&str] = &[
    "°", "degrees", "degree", "feet", "foot", "ft", "inches", "inch", "yards", "miles", "mile",
    "mph", "meters", "metres", "meter", "metre", "m", "km", "kilometers", "kilometres",
    "centimeters", "centimetres", "cm", "mm", "kg", "kilograms", "grams", "tons", "tonnes",
    "gigatons", "gigatonnes", "megatons", "acres", "hectares", "liters", "litres", "gallons",
    "barrels", "watts", "megawatts", "gigawatts", "kwh", "ppm", "calories", "kilowatts",
];

/// Nouns that are not counted things: after them a number is a label ("Figure 6.5",
/// "page 24", "Article 5"), not a quantity.
#[rustfmt::skip]
pub(super) const LABEL_NOUNS: &[&str] = &[
    "figure", "fig", "table", "chapter", "ch", "section", "sec", "page", "p", "pp", "article",
    "appendix", "part", "no", "number", "vol", "volume", "item", "step", "phase", "level",
    "grade", "route", "highway", "room", "version", "episode", "season", "act", "scene",
];

/// Month names and their usual abbreviations (shared with the `month` field's check).
pub(super) use crate::check::MONTHS;

/// Verbs that report what someone said or wrote: the claim is theirs, so it needs its source.
#[rustfmt::skip]
pub(super) const REPORTING: &[&str] = &[
    "according to", "said", "says", "stated", "states that", "told", "wrote", "writes",
    "argued", "argues", "claimed", "claims", "warned", "warns", "reported", "reports",
    "announced", "announces", "noted", "notes that", "hail", "hails", "hailed", "declared",
    "remarked", "remark", "testified", "acknowledged", "admitted", "insisted", "insist",
    "insists", "estimated", "estimate", "estimates", "predicted", "predicts", "concluded",
    "found that", "determined that", "suggests that", "showed that", "shows that", "show that",
    "called for", "calls for", "called the", "expressed", "voiced", "urged", "described",
    "referring to", "referred to", "quoted", "recorded", "observed", "documented",
];

/// Verbs that ascribe a belief, a wish or a stance to a named actor ("Rhee believed").
#[rustfmt::skip]
pub(super) const STANCE: &[&str] = &[
    "believed", "believes", "hoped", "hopes", "feared", "opposed", "opposes", "advocated",
    "advocates", "supported", "rejected", "denied", "deny", "denies", "realized", "realised",
    "considered", "viewed", "regarded", "welcomed", "criticized", "criticised", "condemned",
    "praised", "demanded", "sought", "wanted", "preferred", "displayed", "point to",
    "recognized", "recognised", "knew", "understood",
];

/// Who speaks when a claim is ascribed to an unnamed group ("experts warned", "studies show");
/// besides these, any plural in "-ists" or "-ians" (economists, historians, physicians).
#[rustfmt::skip]
pub(super) const SOURCE_NOUNS: &[&str] = &[
    "officials", "experts", "scientists", "researchers", "critics", "analysts", "historians",
    "scholars", "economists", "studies", "study", "research", "surveys", "survey", "polls",
    "poll", "reports", "report", "data", "evidence", "observers", "commentators", "sources",
    "some", "many", "others", "those", "people", "officers", "leaders", "governments", "authorities",
];

/// Past-tense verbs of events: with a named actor they narrate history.
#[rustfmt::skip]
pub(super) const EVENT_VERBS: &[&str] = &[
    "signed", "ordered", "declared", "established", "created", "founded", "entered", "arrived",
    "transferred", "agreed", "offered", "published", "elected", "invaded", "launched", "passed",
    "approved", "eliminated", "replaced", "named", "fired", "resigned", "confirmed", "ended",
    "began", "forged", "placed", "specified", "committed", "occurred", "emerged", "detected",
    "adopted", "traded", "made", "took", "won", "lost", "built", "opened", "closed", "killed",
    "captured", "released", "negotiated", "ratified", "withdrew", "deployed", "appointed",
    "sidelined", "performed", "paid", "received", "spent", "employed", "sold", "bought",
    "discovered", "invented", "introduced", "banned", "abolished", "merged", "acquired",
    "collapsed", "fell", "died", "was born", "were born", "cut", "continued", "denied",
    "developed", "operated", "promoted", "settled", "conquered", "ruled",
    "instructed", "charged", "announced", "imposed", "lifted", "struck", "hit", "destroyed",
];

/// Superlatives and claims of uniqueness.
#[rustfmt::skip]
pub(super) const SUPERLATIVES: &[&str] = &[
    "the most", "the least", "the largest", "the biggest", "the highest", "the lowest",
    "the greatest", "the worst", "the best", "the oldest", "the earliest", "the longest",
    "the fastest", "the deadliest", "the strongest", "the richest", "the poorest", "unprecedented",
    "on record", "record-breaking", "record high", "record low", "for the first time",
    "never before",
];

/// Nouns after an ordinal that enumerate the essay's own points ("the first challenge is").
#[rustfmt::skip]
pub(super) const ENUMERATED: &[&str] = &[
    "challenge", "step", "way", "thing", "point", "reason", "area", "priority", "goal",
    "question", "issue", "problem", "argument", "part", "section", "example", "option", "lesson",
    "aspect", "factor", "task", "approach", "objection", "answer",
];

/// Causal, empirical and trend phrases: claims about how the world works or moved.
#[rustfmt::skip]
pub(super) const CAUSAL: &[&str] = &[
    "resulted in", "resulting in", "led", "result of", "led to", "leading to", "leads to",
    "caused", "causing", "causes", "due to", "because of", "contributed to", "responsible for",
    "increased", "decreased", "reduced", "declined", "rose", "risen", "fell", "fallen", "grew",
    "doubled", "tripled", "halved", "accelerated", "is projected to", "are projected to",
    "is expected to", "are expected to", "is predicted to", "are predicted to", "studies show",
    "research shows", "evidence shows", "has been linked", "is linked to", "are linked to",
    "affects", "produces", "exceeds", "accounted for", 
    "undermined", "hampered", "weakened", "strengthened", "improved", "worsened", "widened",
    "lowered", "raised", "emits", "absorbs",
];

/// Hedged quantities and comparisons: they count only next to a number.
#[rustfmt::skip]
pub(super) const COMPARATIVES: &[&str] = &[
    "more than", "less than", "fewer than", "over", "under", "up to", "at least", "nearly",
    "almost", "roughly", "approximately", "about", "around", "an estimated", "estimated",
    "compared to", "compared with", "times", "twice", "half",
];

/// The author's own framing: the essay talking about itself, its thesis, its moves.
#[rustfmt::skip]
pub(super) const FRAMING: &[&str] = &[
    "this essay", "this paper", "this article", "this section", "this chapter", "this study",
    "this report", "in this essay", "what makes", "truly", "the following", "the next part",
    "the rest of this", "an examination of", "for the purposes of", "here are", "i argue",
    "we argue", "i will", "we will", "turns to", "it is worth",
];

/// Transitions that open a sentence of the author's own ("In conclusion, ...").
#[rustfmt::skip]
pub(super) const OPENERS: &[&str] = &[
    "in conclusion", "to conclude", "to sum up", "in summary", "summing up", "in other words",
    "to put it simply", "on balance", "taken together", "let us", "let's", "in short",
];

/// Recommendations and obligations: the author saying what ought to be.
#[rustfmt::skip]
pub(super) const NORMATIVE: &[&str] = &[
    "should", "must", "ought", "need to", "needs to", "is needed", "are needed", "needed to",
    "is imperative", "is vital", "is essential", "is crucial", "it is time", "would help",
];

/// Hedges and personal opinion.
#[rustfmt::skip]
pub(super) const OPINION: &[&str] = &[
    "i believe", "i think", "we believe", "in my view", "in our view", "perhaps", "arguably",
    "it seems", "clearly", "obviously", "i feel", "i fear", "i suspect",
];

/// Words that open a section the author closes with: its sentences restate.
pub(super) const CLOSING_SECTIONS: &[&str] = &["conclusion", "conclusions", "summary", "closing"];

/// A word list indexed by each phrase's first word, so a sentence is matched in one pass over
/// its tokens instead of one pass per phrase.
pub(super) struct Lexicon(HashMap<&'static str, Vec<Vec<&'static str>>>);

impl Lexicon {
    fn new(list: &'static [&'static str]) -> Self {
        let mut map: HashMap<&str, Vec<Vec<&str>>> = HashMap::new();
        for phrase in list {
            let words: Vec<&str> = phrase.split(' ').collect();
            map.entry(words[0]).or_default().push(words);
        }
        Lexicon(map)
    }

    /// Whether some phrase starts with `word`.
    pub fn starts(&self, word: &str) -> bool {
        self.0.contains_key(word)
    }

    /// The phrases starting with `word`, in list order, as words.
    pub fn phrases(&self, word: &str) -> &[Vec<&'static str>] {
        self.0.get(word).map_or(&[], Vec::as_slice)
    }
}

/// The phrase lists the detectors search whole sentences for.
pub(super) struct Lexicons {
    pub reporting: Lexicon,
    pub stance: Lexicon,
    pub events: Lexicon,
    pub superlatives: Lexicon,
    pub causal: Lexicon,
    pub comparatives: Lexicon,
    pub framing: Lexicon,
    pub normative: Lexicon,
    pub opinion: Lexicon,
}

/// Built once, on first use.
pub(super) fn lexicons() -> &'static Lexicons {
    static LEXICONS: OnceLock<Lexicons> = OnceLock::new();
    LEXICONS.get_or_init(|| Lexicons {
        reporting: Lexicon::new(REPORTING),
        stance: Lexicon::new(STANCE),
        events: Lexicon::new(EVENT_VERBS),
        superlatives: Lexicon::new(SUPERLATIVES),
        causal: Lexicon::new(CAUSAL),
        comparatives: Lexicon::new(COMPARATIVES),
        framing: Lexicon::new(FRAMING),
        normative: Lexicon::new(NORMATIVE),
        opinion: Lexicon::new(OPINION),
    })
}
