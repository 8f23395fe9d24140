//! `gossip-sim tune`: the answer, its bounds, its search, shards and bad questions.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::gossip_sim;
use serde_json::Value;

fn ok(args: &[&str]) -> String {
    let out = gossip_sim(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn refused(args: &[&str]) -> String {
    let out = gossip_sim(args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

/// A small question: 24 SWIM members with crashes every 20–40 s that recover a minute later.
const QUERY: &str = "proto=swim&profile=lan&nodes=24&ev=10s.every.20s~40s.crash.?.60s";

fn question(extra: &[&'static str]) -> Vec<&'static str> {
    let mut a = vec![
        "tune",
        QUERY,
        "--vary",
        "n=2..5",
        "--vary",
        "k=1,3",
        "--goal",
        "all_dead_p95<=12s",
        "--minimize",
        "bytes_per_member_s",
        "--seeds",
        "8",
        "--until",
        "300s",
    ];
    a.extend_from_slice(extra);
    a
}

#[test]
fn the_answer_recommends_a_point_meeting_every_goal_at_the_least_cost() {
    let doc: Value = serde_json::from_str(&ok(&question(&[]))).unwrap();
    let points = doc["points"].as_array().unwrap();
    assert_eq!(points.len(), 8);
    let rec = doc["recommended"]["index"]
        .as_u64()
        .expect("a recommendation") as usize;
    let p = &points[rec];
    assert_eq!(p["verdict"], "meets");
    // Its goal's upper bound is under the limit, and no point that meets costs less.
    let g = &p["goals"][0];
    assert!(g["upper95"].as_f64().unwrap() <= 12_000.0, "{g}");
    let cost = |p: &Value| p["minimize"]["value"].as_f64().unwrap();
    for q in points.iter().filter(|q| q["verdict"] == "meets") {
        assert!(cost(q) >= cost(p));
    }
    assert_eq!(doc["binding"], "all_dead_p95<=12s");
    let answer = doc["answer"].as_str().unwrap();
    assert!(
        answer.contains("meets every goal with 95 % confidence"),
        "{answer}"
    );
    // Each run is replayable: its query with its seed gives the same stats.
    let run = &p["runs"][1];
    let single: Value =
        serde_json::from_str(&ok(&[run["query"].as_str().unwrap(), "--until", "300s"])).unwrap();
    assert_eq!(single["messages"]["bytes"], run["stats"]["bytes"]);
}

#[test]
fn seeds_go_where_a_point_is_unsure_and_stop_where_it_clearly_fails() {
    let doc: Value = serde_json::from_str(&ok(&question(&[]))).unwrap();
    for p in doc["points"].as_array().unwrap() {
        let seeds = p["seeds"].as_u64().unwrap();
        match p["verdict"].as_str().unwrap() {
            "unsure" => assert_eq!(seeds, 8, "unsure after every seed: {p}"),
            _ => assert!([2, 4, 8].contains(&seeds), "{p}"),
        }
    }
    // A goal every point clearly fails: each stops at its first two seeds.
    let mut args = question(&[]);
    let i = args.iter().position(|a| *a == "all_dead_p95<=12s").unwrap();
    args[i] = "all_dead_p50<=100ms";
    let doc: Value = serde_json::from_str(&ok(&args)).unwrap();
    assert!(doc["recommended"].is_null());
    assert_eq!(doc["runs"], 16, "2 seeds × 8 points");
    let answer = doc["answer"].as_str().unwrap();
    assert!(
        answer.contains("all_dead_p50<=100ms fails at every point"),
        "{answer}"
    );
}

#[test]
fn no_false_death_seen_is_a_bound_and_the_answer_says_how_much_would_show_the_goal() {
    let doc: Value = serde_json::from_str(&ok(&[
        "tune",
        "proto=swim&profile=lan&nodes=16",
        "--vary",
        "n=3,4",
        "--goal",
        "false_deaths_per_member_day<=0.01",
        "--seeds",
        "2",
        "--until",
        "60s",
    ]))
    .unwrap();
    let g = &doc["points"][0]["goals"][0];
    assert_eq!(g["value"], 0.0);
    assert_eq!(g["verdict"], "unsure", "{g}");
    // 2 runs × 16 members × 60 s = 0.0222 member-days: at most 2.996 / 0.0222 = 134.8 a day.
    assert!((g["upper95"].as_f64().unwrap() - 134.8).abs() < 0.1, "{g}");
    let answer = doc["answer"].as_str().unwrap();
    assert!(
        answer.contains(
            "with none at all it takes about 300 member-days to show it (these runs have 0.0222)"
        ),
        "{answer}"
    );
}

#[test]
fn shards_merged_give_the_same_document_as_one_process_whatever_the_jobs() {
    let one = ok(&question(&["--jobs", "1"]));
    assert_eq!(
        ok(&question(&["--jobs", "2"])),
        one,
        "--jobs does not change the answer"
    );
    let dir = std::env::temp_dir().join(format!("gossip-tune-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let text = ok(&question(&["--shard", Box::leak(shard.into_boxed_str())]));
        let f = dir.join(format!("s{i}.json"));
        std::fs::write(&f, text).unwrap();
        files.push(f.to_string_lossy().into_owned());
    }
    let mut args = vec!["tune", "--merge"];
    args.extend(files.iter().rev().map(String::as_str));
    assert_eq!(ok(&args), one, "merged in any order");
    // A missing shard is refused, and so is a question beside the files.
    let e = refused(&["tune", "--merge", &files[0], &files[2]]);
    assert!(e.starts_with("--merge: missing shards: 2/3"), "{e}");
    let e = refused(&["tune", QUERY, "--merge", &files[0], &files[1], &files[2]]);
    assert!(
        e.starts_with("--merge: the question comes from the shard files"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_questions_are_refused_with_a_message_naming_the_argument() {
    let e = refused(&[
        "tune",
        QUERY,
        "--vary",
        "n=2..5",
        "--goal",
        "all_dead_p99<=12s",
    ]);
    assert!(
        e.contains("'all_dead_p99' is not a metric") && e.contains("all_dead_p95"),
        "{e}"
    );
    let e = refused(&[
        "tune",
        QUERY,
        "--vary",
        "n=4",
        "--goal",
        "all_dead_p95<=12s",
    ]);
    assert!(
        e.starts_with("--vary: n=4 is one value: nothing to choose"),
        "{e}"
    );
    let e = refused(&["tune", QUERY, "--vary", "n=2..5"]);
    assert!(
        e.starts_with("--goal: a tune question needs at least one goal"),
        "{e}"
    );
    let e = refused(&["tune", QUERY, "--goal", "all_dead_p95<=12s"]);
    assert!(e.starts_with("--vary: nothing to choose"), "{e}");
    let e = refused(&[
        "tune",
        "proto=swim&ev=10s.every.20s",
        "--vary",
        "n=2..5",
        "--goal",
        "all_dead_p95<=12s",
    ]);
    assert!(
        e.starts_with("QUERY: ") && e.contains("10s.every.20s"),
        "{e}"
    );
    let e = refused(&[
        "tune",
        QUERY,
        "--vary",
        "n=2,3",
        "--goal",
        "all_dead_p95<=12s",
        "--seeds",
        "1",
    ]);
    assert!(e.starts_with("--seeds: "), "{e}");
}
