//! `annobib suggest` and `check --suggest`: sources for claims that lack one (issue 15).

use serde_json::Value;

use crate::util::Env;

const LIBRARY: &str = r#"
@article{harris2020, author = {Harris, Charles R.}, title = {Array programming with {NumPy}}, journal = {Nature}, year = 2020}
@inproceedings{paszke2019, author = {Paszke, Adam}, title = {{PyTorch}: An Imperative Style, High-Performance Deep Learning Library}, booktitle = {NeurIPS}, year = 2019}
@article{dempster1977, author = {Dempster, A. P.}, title = {Maximum Likelihood from Incomplete Data via the {EM} Algorithm}, journal = {JRSS B}, year = 1977, abstract = {A broadly applicable algorithm for computing maximum likelihood estimates from incomplete data.}}
"#;

const PAPER: &str = "A toolkit\n\nThe models are trained in PyTorch on one GPU, which took 14 hours in 2021. \
Its arrays are NumPy arrays (Harris 2020). Missing values are estimated by maximum likelihood from incomplete data, and 40% of rows have one.\n";

fn env() -> Env {
    let env = Env::new();
    env.write("lib.bib", LIBRARY);
    env.write("paper.txt", PAPER);
    env.ok(&["import", "lib.bib", "paper.txt"]);
    env
}

fn claim_id(env: &Env, needle: &str) -> String {
    let all: Value = serde_json::from_str(&env.ok(&["claims", "--format", "json"])).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no claim with {needle}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_claim_gets_the_sources_its_words_name_with_the_command_that_links_them() {
    let env = env();
    let torch = claim_id(&env, "PyTorch");
    let out = env.ok(&["suggest", &torch]);
    let first = out.lines().nth(1).unwrap();
    assert!(
        first.starts_with("  1. paszke2019 (title: pytorch"),
        "{out}"
    );
    assert!(
        first.ends_with(&format!("annobib link {torch} paszke2019 --page N")),
        "{out}"
    );
    let json: Value =
        serde_json::from_str(&env.ok(&["suggest", &torch, "--format", "json", "--limit", "1"]))
            .unwrap();
    let s = &json[0]["suggestions"];
    assert_eq!(s.as_array().unwrap().len(), 1);
    assert_eq!(s[0]["key"], "paszke2019");
    assert_eq!(s[0]["shared"][0]["field"], "title");
    assert!(json[0]["abstained"].is_null());
}

#[test]
fn a_source_the_claim_cites_is_not_suggested_again() {
    let env = env();
    let arrays = claim_id(&env, "NumPy arrays");
    let json: Value =
        serde_json::from_str(&env.ok(&["suggest", &arrays, "--format", "json"])).unwrap();
    let keys: Vec<&str> = json[0]["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert!(!keys.contains(&"harris2020"), "{keys:?}");
}

#[test]
fn without_claims_every_uncited_claim_gets_suggestions_and_check_shows_them() {
    let env = env();
    let json: Value = serde_json::from_str(&env.ok(&["suggest", "--format", "json"])).unwrap();
    let claims = json.as_array().unwrap();
    assert!(!claims.is_empty());
    let em = claims
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains("maximum likelihood"))
        .expect("the uncited statistic claim");
    assert_eq!(em["suggestions"][0]["key"], "dempster1977");
    // The same under check's findings.
    let r = env.run(&["check", "--suggest", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let checked: Value = serde_json::from_str(&r.stdout).unwrap();
    let uncited: Vec<&Value> = checked["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "uncited-claim")
        .collect();
    assert!(!uncited.is_empty());
    assert!(
        uncited
            .iter()
            .all(|f| f["suggestions"].is_array() || f["abstained"].is_string())
    );
    let text = env.run(&["check", "--suggest"]).stdout;
    assert!(text.contains("suggest 1. dempster1977"), "{text}");
    // Without --suggest, nothing of it.
    let plain: Value =
        serde_json::from_str(&env.run(&["check", "--format", "json"]).stdout).unwrap();
    assert!(plain["findings"][0].get("suggestions").is_none());
}

#[test]
fn nothing_to_go_on_is_abstained_on_and_a_wrong_claim_is_an_error() {
    let env = Env::new();
    env.write("lib.bib", LIBRARY);
    env.write(
        "cats.txt",
        "Cats\n\nCats sleep for sixteen hours a day, says every owner.\n",
    );
    env.ok(&["import", "lib.bib", "cats.txt"]);
    let id = claim_id(&env, "Cats sleep");
    let out = env.ok(&["suggest", &id]);
    assert!(
        out.contains("no suggestion: no source shares a distinctive word with the claim"),
        "{out}"
    );
    let r = env.fails(&["suggest", "c9999"], 2);
    assert!(r.stderr.contains("c9999"), "{}", r.stderr);
    let r = env.fails(&["suggest", "x12"], 2);
    assert!(r.stderr.contains("not a claim id"), "{}", r.stderr);
}
