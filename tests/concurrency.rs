//! Readers and writers at the same time (issue 9, finding 2): readers never wait for a writer;
//! a second writer waits its turn and says what it waits for. The figures (reader latency
//! during a real import) are measured in release builds by `ANNOBIB_CONCURRENCY_ENTRIES=N`
//! (see docs/reliability.md); the default keeps the test to a few seconds.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::Env;

/// The commands that only read the library (`report` only on the small library: on thousands
/// of sources it is slow by itself, see the report's notes).
const READERS: &[&[&str]] = &[&["sources"], &["claims"], &["check", "--format", "short"]];

fn write_lock(env: &Env) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "BEGIN IMMEDIATE; INSERT INTO bibfile(path, encoding, hash, imported_at) \
         VALUES ('held.bib', 'utf-8', 'h', 't')",
    )
    .unwrap();
    conn
}

#[test]
fn readers_answer_while_a_writer_holds_the_lock() {
    let env = Env::with_example();
    let before = env.ok(&["sources"]);
    let lock = write_lock(&env);
    for args in READERS
        .iter()
        .chain([&["report", "--format", "json"][..]].iter())
    {
        let started = Instant::now();
        let r = env.run(args);
        let took = started.elapsed();
        // Before the fix: 5 s, then exit 2 "database is locked".
        assert!(r.code == 0 || r.code == 1, "{args:?}: {}", r.stderr);
        // A command that waits for a lock says so within milliseconds: these never waited.
        // (The time bound is for a hang only; the < 0.5 s figure is measured in release.)
        assert!(!r.stderr.contains("waiting"), "{args:?}: {}", r.stderr);
        assert!(took < Duration::from_secs(20), "{args:?} took {took:?}");
    }
    assert_eq!(
        env.ok(&["sources"]),
        before,
        "readers see the committed state"
    );
    drop(lock);
}

#[test]
fn a_second_writer_waits_for_the_first_and_says_so() {
    let env = Env::with_readings();
    env.write(
        "more.bib",
        "@book{later2020, author = {Later, Ann}, title = {A Later Book}, date = {2020}}\n",
    );
    let lock = write_lock(&env);
    let mut child = env
        .command(&["import", "more.bib"])
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    // Read until the waiting line appears (or the writer gives up, which fails below).
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    let deadline = Instant::now() + Duration::from_secs(20);
    let waiting = |seen: &[u8]| {
        let text = String::from_utf8_lossy(seen);
        text.find("waiting for another process")
            .is_some_and(|at| text[at..].contains('\n'))
    };
    while !waiting(&seen) {
        assert!(Instant::now() < deadline, "no waiting line: {seen:?}");
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "stderr closed: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&seen).into_owned();
    assert!(line.contains("lib.db"), "{line}");
    lock.execute_batch("COMMIT").unwrap();
    drop(lock);
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{line}{rest}");
    assert!(rest.contains("more.bib: 1 added"), "{rest}");
    let sources = env.ok(&["sources", "--format", "csv"]);
    assert!(sources.contains("later2020"), "{sources}");
}

/// A .bib of `n` generated entries.
fn generated_bib(n: usize) -> String {
    let mut s = String::with_capacity(n * 200);
    for i in 0..n {
        s.push_str(&format!(
            "@article{{gen{i}, author = {{Author{i}, Ann and Other, Bob}}, \
             title = {{A generated title number {i} about alliances}}, \
             journaltitle = {{Journal {j}}}, date = {{{y}}}, pages = {{{p}--{q}}}}}\n",
            j = i % 97,
            y = 1950 + i % 70,
            p = i % 300 + 1,
            q = i % 300 + 20,
        ));
    }
    s
}

/// Runs the readers in a loop while `import` runs; returns each reader's slowest answer (in
/// the order of [`READERS`]) and how many readers ran while the import was still going.
fn readers_during(env: &Env, import: &[&str]) -> (Vec<Duration>, usize) {
    let mut child = env
        .command(import)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut slowest = vec![Duration::ZERO; READERS.len()];
    let mut during = 0;
    'outer: loop {
        for (i, args) in READERS.iter().enumerate() {
            if child.try_wait().unwrap().is_some() {
                break 'outer;
            }
            let started = Instant::now();
            let r = env.run(args);
            slowest[i] = slowest[i].max(started.elapsed());
            assert!(
                r.code == 0 || r.code == 1,
                "{args:?} during {import:?}: {}",
                r.stderr
            );
            assert!(!r.stderr.contains("waiting"), "{args:?}: {}", r.stderr);
            during += 1;
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (slowest, during)
}

/// Each reader's slowest answer, named: "sources 0.31s, claims 0.02s, ...".
fn per_reader(slowest: &[Duration]) -> String {
    READERS
        .iter()
        .zip(slowest)
        .map(|(args, d)| format!("{} {:.2}s", args.join(" "), d.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn readers_answer_during_a_first_import_and_a_re_import() {
    let n: usize = std::env::var("ANNOBIB_CONCURRENCY_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let env = Env::with_readings();
    env.write("big.bib", generated_bib(n));
    // A first import into a second library the readers have already opened (empty).
    let first = Env::new();
    first.write("big.bib", generated_bib(n));
    first.write("seed.txt", "An empty essay.\n");
    first.ok(&["import", "seed.txt"]);
    let (slow_first, runs_first) = readers_during(&first, &["import", "big.bib"]);
    env.ok(&["import", "big.bib"]);
    // A re-import: every entry changed.
    env.write("big.bib", generated_bib(n).replace("alliances", "treaties"));
    let (slow_re, runs_re) = readers_during(&env, &["import", "big.bib"]);
    eprintln!(
        "readers during an import of {n} entries: first import {runs_first} runs, slowest {}; \
         re-import {runs_re} runs, slowest {}",
        per_reader(&slow_first),
        per_reader(&slow_re)
    );
}
