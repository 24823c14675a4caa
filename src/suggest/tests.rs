use super::*;
use crate::bib;

fn pool(bib_text: &str) -> (Pool, Vec<Source>) {
    let sources: Vec<Source> = bib::parse("t.bib", bib_text)
        .file
        .sources()
        .cloned()
        .collect();
    (Pool::new(&sources), sources)
}

const LIBRARY: &str = r#"
@article{harris2020, author = {Harris, Charles R. and Millman, K. Jarrod}, title = {Array programming with {NumPy}}, journal = {Nature}, year = 2020}
@inproceedings{paszke2019, author = {Paszke, Adam}, title = {{PyTorch}: An Imperative Style, High-Performance Deep Learning Library}, booktitle = {Advances in Neural Information Processing Systems}, year = 2019}
@article{dempster1977, author = {Dempster, A. P. and Laird, N. M. and Rubin, D. B.}, title = {Maximum Likelihood from Incomplete Data via the {EM} Algorithm}, journal = {Journal of the Royal Statistical Society}, year = 1977}
@book{finley1983, author = {Finley, James P.}, title = {The US Military Experience in Korea, 1871-1982}, publisher = {USFK}, year = 1983, keywords = {alliance, Korea, troops}}
@book{cha2016, author = {Cha, Victor}, title = {Powerplay}, subtitle = {The Origins of the American Alliance System in Asia}, year = 2016, abstract = {Why did the United States build bilateral alliances in East Asia rather than a multilateral one? The powerplay of containing allies.}}
"#;

#[test]
fn claims_get_the_source_their_words_name_with_the_reason() {
    let (pool, _) = pool(LIBRARY);
    let cases = [
        (
            "Arrays are handled with NumPy throughout the package.",
            "harris2020",
            "numpy",
        ),
        (
            "The models are trained in PyTorch on a GPU.",
            "paszke2019",
            "title: pytorch",
        ),
        (
            "Parameters are estimated with the expectation-maximization (EM) algorithm.",
            "dempster1977",
            "em",
        ),
        (
            "US troops have served in Korea since the war.",
            "finley1983",
            "korea",
        ),
        (
            "Washington preferred bilateral alliances in East Asia to a multilateral pact.",
            "cha2016",
            "bilateral",
        ),
        // A creator's name in the claim.
        (
            "As Dempster showed, missing data can be handled.",
            "dempster1977",
            "author: dempster",
        ),
    ];
    for (claim, key, reason) in cases {
        let got = pool
            .suggest(claim, 5)
            .unwrap_or_else(|e| panic!("{claim}: {e}"));
        assert_eq!(got[0].key, key, "{claim}: {got:?}");
        assert!(
            got[0].reason().contains(reason),
            "{claim}: {}",
            got[0].reason()
        );
        assert!(got.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

#[test]
fn nothing_distinctive_or_nothing_to_match_is_abstained_on_saying_why() {
    let (pool, _) = pool(LIBRARY);
    // Words no source has, or only stop words.
    assert_eq!(
        pool.suggest("Cats sleep for most of the afternoon.", 5),
        Err(Abstain::NothingDistinctive)
    );
    assert_eq!(pool.suggest("It is what it is.", 5), Err(Abstain::NoWords));
    let empty = Pool::new(&[]);
    assert_eq!(empty.suggest("NumPy arrays", 5), Err(Abstain::NoSources));
    assert!(
        Abstain::NothingDistinctive
            .to_string()
            .contains("distinctive word")
    );
}

#[test]
fn words_common_to_most_sources_do_not_make_a_suggestion_alone() {
    // "alliance" is in every source: shared, it tells them apart not at all.
    let (pool, _) = pool(
        r#"
@book{a, title = {The Alliance in Peace}, year = 2001}
@book{b, title = {The Alliance in War}, year = 2002}
@book{c, title = {An Alliance Remade}, year = 2003}
"#,
    );
    assert_eq!(
        pool.suggest("The alliance changed.", 5),
        Err(Abstain::NothingDistinctive)
    );
    assert_eq!(
        pool.suggest("The alliance in war changed.", 5).unwrap()[0].key,
        "b"
    );
}

#[test]
fn a_long_abstract_does_not_outrank_a_title_that_names_the_subject() {
    let (pool, _) = pool(
        r#"
@article{long, title = {Essays}, abstract = {A survey of methods for sampling, inference, optimisation, clustering, regression, kernels, neural networks, trees, graphs and Markov chains.}, year = 2010}
@article{short, title = {Markov chains}, year = 2011}
@article{other, title = {Graph drawing}, year = 2012}
"#,
    );
    let got = pool.suggest("States evolve as Markov chains.", 5).unwrap();
    assert_eq!(got[0].key, "short", "{got:?}");
}

#[test]
fn light_stemming_joins_plurals_and_leaves_other_words() {
    let cases = [
        ("models", Some("model")),
        ("studies", Some("study")),
        ("analysis", Some("analysis")),
        ("class", Some("class")),
        ("corpus", Some("corpus")),
        ("the", None),
        ("however", None),
        ("1953", Some("1953")),
        ("142", None),
        ("x", None),
    ];
    for (token, want) in cases {
        assert_eq!(stem(token).as_deref(), want, "{token}");
    }
}

#[test]
fn within_a_large_library_rarity_is_the_librarys_not_the_picked_sources() {
    // Two picked sources share "alliance" and "korea"; in the library of 10,000, "alliance"
    // is in 4,000 titles and "korea" in 20: korea tells, alliance hardly.
    let (pool, _) = pool(
        r#"
@book{a, title = {The Alliance Grows}, year = 2001}
@book{k, title = {Korea Remade}, year = 2002}
"#,
    );
    let counts: HashMap<String, u32> = [("alliance".to_string(), 4000), ("korea".to_string(), 20)]
        .into_iter()
        .collect();
    let pool = pool.within_library(10_000, &counts);
    let got = pool.suggest("The alliance with Korea grew.", 5).unwrap();
    assert_eq!(got[0].key, "k", "{got:?}");
    assert!(got[0].score > 3.0 * got[1].score, "{got:?}");
    assert_eq!(
        query_terms("The models, the Models and PyTorch"),
        ["models", "pytorch"]
    );
}
