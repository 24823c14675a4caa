//! An import killed with SIGKILL at any moment (issue 9): the library passes SQLite's
//! integrity check, holds the old state of every file or the new one (never a mix: a file's
//! recorded hash and its entries agree), and keeps the user's manual link and exemption. The
//! moments are drawn from a seeded sequence over the length of a whole import, so each run
//! kills at the same spread of points: before the write, during it, around the commit.

use std::process::Stdio;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::util::Env;

/// A .bib of `n` entries whose titles carry `version`.
fn versioned_bib(n: usize, version: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "@article{{gen{i}, author = {{Author{i}, Ann}}, title = {{Version {version} of title {i}}}, \
                 journaltitle = {{Journal {}}}, date = {{{}}}}}\n",
                i % 31,
                1950 + i % 70
            )
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_old_state_or_the_new_with_the_users_work() {
    let env = Env::with_example();
    let claims: serde_json::Value =
        serde_json::from_str(&env.ok(&["claims", "--format", "json"])).unwrap();
    let claim = claims.as_array().unwrap()[4]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other = claims.as_array().unwrap()[6]["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["link", &claim, "paik1990", "--page", "12"]);
    env.ok(&["exempt", &other, "--reason", "the author's own view"]);
    let n = 1500;
    env.write("big.bib", versioned_bib(n, 0));
    env.ok(&["import", "big.bib"]);

    // How long a whole re-import takes here: the kills are spread over it.
    env.write("big.bib", versioned_bib(n, 1));
    let started = Instant::now();
    env.ok(&["import", "big.bib", "essay.txt"]);
    let whole = started.elapsed().max(Duration::from_millis(50));
    let mut hashes = vec![
        hex(versioned_bib(n, 0).as_bytes()),
        hex(versioned_bib(n, 1).as_bytes()),
    ];

    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let rounds = 12;
    let mut killed = 0;
    let mut last = 1;
    for round in 2..2 + rounds {
        let text = versioned_bib(n, round);
        hashes.push(hex(text.as_bytes()));
        env.write("big.bib", &text);
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // From the start to a little past the end of a whole import.
        let at = whole.mul_f64((state >> 11) as f64 / (1u64 << 53) as f64 * 1.2);
        let mut child = env
            .command(&["import", "big.bib", "essay.txt"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();

        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "round {round}, killed after {at:?}");
        let hash: String = conn
            .query_row(
                "SELECT hash FROM bibfile WHERE path LIKE '%big.bib'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let version = hashes
            .iter()
            .position(|h| *h == hash)
            .unwrap_or_else(|| panic!("round {round}: the recorded hash is of no version"));
        assert!(
            version == round || version == last,
            "round {round}: version {version}, neither the last state ({last}) nor the new one"
        );
        last = version;
        let titles: Vec<String> = conn
            .prepare("SELECT raw FROM source WHERE key LIKE 'gen%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(titles.len(), n, "round {round}: entries lost or added");
        let mixed = titles
            .iter()
            .filter(|t| !t.contains(&format!("title = {{Version {version} of")))
            .count();
        assert_eq!(
            mixed, 0,
            "round {round}: {mixed} entries of another version than {version}"
        );
        let manual: i64 = conn
            .query_row(
                "SELECT count(*) FROM citation WHERE origin = 'manual' AND source_key = 'paik1990'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(manual, 1, "round {round}: the manual link");
        let exempt: i64 = conn
            .query_row(
                "SELECT count(*) FROM claim WHERE exempt = 'the author''s own view'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(exempt, 1, "round {round}: the exemption");
        drop(conn);
        // And the next command reads it.
        env.ok(&["sources", "--format", "csv"]);
    }
    eprintln!("crash test: {rounds} rounds over a {whole:?} import, {killed} killed mid-way");
    assert!(
        killed > 0,
        "no import was killed: the moments are all past its end"
    );
}
