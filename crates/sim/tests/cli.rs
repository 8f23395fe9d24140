//! The `gossip-sim` command line: its JSON report, its exit codes, and determinism.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::process::{Command, Output};

fn gossip_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gossip-sim"))
        .args(args)
        .output()
        .expect("gossip-sim runs")
}

fn report(args: &[&str]) -> Value {
    let out = gossip_sim(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim_end().lines().count(),
        1,
        "one JSON object on one line"
    );
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_run_prints_one_json_report_with_every_metric() {
    let r = report(&[
        "?nodes=6&proto=swim&topo=full&ev=5s.crash.3,2s.join",
        "--until",
        "30s",
    ]);
    // The scenario comes back canonical: keys in order, events sorted.
    assert_eq!(
        r["scenario"],
        "proto=swim&nodes=6&topo=full&ev=2s.join,5s.crash.3"
    );
    assert_eq!(r["until_ms"], 30_000);
    let messages = &r["messages"];
    let sent = messages["sent"].as_u64().unwrap();
    let delivered = messages["delivered"].as_u64().unwrap();
    let dropped = messages["dropped"].as_u64().unwrap();
    assert!(sent > 0 && delivered > 0 && messages["bytes"].as_u64().unwrap() > sent);
    // Whatever is not delivered or dropped by now is still in flight.
    assert!(delivered + dropped <= sent && sent - delivered - dropped < 20);

    let failure = &r["failures"][0];
    assert_eq!(
        (failure["node"].as_u64(), failure["at_ms"].as_u64()),
        (Some(3), Some(5000))
    );
    let first = failure["first_suspect_ms"].as_u64().unwrap();
    let all_suspect = failure["all_suspect_ms"].as_u64().unwrap();
    let all_dead = failure["all_dead_ms"].as_u64().unwrap();
    assert!(5000 < first && first <= all_suspect && all_suspect <= all_dead && all_dead < 30_000);

    let join = &r["joins"][0];
    assert_eq!(
        (join["node"].as_u64(), join["at_ms"].as_u64()),
        (Some(6), Some(2000))
    );
    assert!(join["all_know_ms"].as_u64().unwrap() > 2000);

    for key in ["false_suspicions", "false_deaths"] {
        assert_eq!(r[key]["events"], 0, "{key}");
        assert_eq!(r[key]["pairs"], 0, "{key}");
    }
    assert_eq!(r["leaders"]["max_distinct"], 1);
    assert_eq!(r["leaders"]["split_brain_ms"], 0);
    let hash = r["trace_hash"].as_str().unwrap();
    assert!(hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn what_did_not_happen_before_until_is_null() {
    // Suspicion comes t = 10 s after the last heartbeat, removal 3t = 30 s after; stop at 20 s.
    let r = report(&["topo=full&ev=5s.crash.3", "--until", "20000ms"]);
    assert_eq!(r["until_ms"], 20_000);
    let failure = &r["failures"][0];
    assert!(failure["first_suspect_ms"].is_u64());
    assert!(failure["all_dead_ms"].is_null());
}

#[test]
fn a_bad_scenario_key_exits_with_status_2_and_names_the_key() {
    let out = gossip_sim(&["nodes=8&colour=blue"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("colour: unknown key"), "{err}");

    let out = gossip_sim(&["proto=swim&nodes=6000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("nodes: "));
}

#[test]
fn a_bad_until_is_a_usage_error() {
    let out = gossip_sim(&["", "--until", "soon"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn two_runs_print_the_same_trace_hash() {
    let args = ["proto=swim&nodes=10&loss=5&ev=3s.crash.1", "--until", "20s"];
    let a = report(&args);
    let b = report(&args);
    assert_eq!(a["trace_hash"], b["trace_hash"]);
    assert_eq!(a, b);
    let other = report(&[
        "proto=swim&nodes=10&loss=5&seed=9&ev=3s.crash.1",
        "--until",
        "20s",
    ]);
    assert_ne!(a["trace_hash"], other["trace_hash"]);
}

#[test]
fn help_documents_the_scenario_keys_and_the_output() {
    let out = gossip_sim(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for word in [
        "proto=",
        "nodes=",
        "topo=",
        "degree=",
        "period=",
        "t=",
        "n=",
        "fanout=",
        "k=",
        "lambda=",
        "loss=",
        "latency=",
        "seed=",
        "ev=",
        "--until",
        "at most 172800s",
        "3*latency",
        "trace_hash",
        "all_dead_ms",
        "false_deaths",
        "split_brain_ms",
    ] {
        assert!(help.contains(word), "--help lacks {word}");
    }
}

#[test]
fn false_positives_are_reported_both_as_events_and_as_distinct_pairs() {
    // 8 members on a lossy network with a short suspicion: the same observers suspect the same
    // members again and again, so there are more events than the 56 possible pairs.
    let r = report(&["proto=swim&topo=full&n=1&loss=30", "--until", "120s"]);
    for key in ["false_suspicions", "false_deaths"] {
        let events = r[key]["events"].as_u64().unwrap();
        let pairs = r[key]["pairs"].as_u64().unwrap();
        assert!(
            0 < pairs && pairs <= 56 && pairs < events,
            "{key}: {events} events, {pairs} pairs"
        );
    }
}

#[test]
fn a_bad_fault_event_exits_with_status_2_and_names_it() {
    for (q, needle) in [
        ("nodes=4&ev=5s.cut.3-3", "'5s.cut.3-3'"),
        ("nodes=4&ev=5s.slow.9.1s", "node 9 does not exist"),
        ("nodes=4&ev=5s.pause.1.0ms", "above 0"),
    ] {
        let out = gossip_sim(&[q]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{q}: {err}");
    }
}

#[test]
fn help_documents_the_lifeguard_profile_and_fault_keys() {
    let out = gossip_sim(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for key in [
        "profile=",
        "lifeguard=",
        "gossip_interval=",
        "pushpull=",
        "burst=",
        "slow.ID",
        "fast.ID",
        "pause.ID",
        "cut.A>B",
        "mend.A>B",
        "0_3_5-7",
    ] {
        assert!(help.contains(key), "--help lacks {key}");
    }
}

#[test]
fn a_profile_with_lifeguard_runs_and_reports_nacks() {
    let r = report(&[
        "proto=swim&profile=lan&nodes=16&topo=full&lifeguard=on&ev=5s.crash.3",
        "--until",
        "30s",
    ]);
    assert_eq!(
        r["scenario"],
        "proto=swim&profile=lan&nodes=16&topo=full&lifeguard=on&ev=5s.crash.3"
    );
    assert!(r["messages"]["sent_by_kind"]["nack"].as_u64().unwrap() > 0);
    assert!(r["failures"][0]["all_dead_ms"].as_u64().is_some());
}
