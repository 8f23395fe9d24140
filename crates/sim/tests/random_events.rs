//! Randomised workloads: `A~B` times and `?` nodes, drawn from the scenario's seed.

mod common;

use common::parse;
use gossip_sim::{Action, Scenario, build};
use proptest::prelude::*;

fn drawn(query: &str) -> String {
    parse(query).resolved().unwrap().to_query()
}

#[test]
fn the_same_seed_draws_the_same_events() {
    let q =
        "proto=swim&nodes=32&seed=7&ev=10s~11s.crash.?,12s.leave.?,20s~30s.recover.?,5s~40s.join";
    let first = drawn(q);
    assert_eq!(first, drawn(q));
    assert!(!first.contains('?') && !first.contains('~'), "{first}");
    // Parsed again from scratch, and through its canonical query, it draws the same.
    assert_eq!(first, drawn(&parse(q).to_query()));
}

#[test]
fn different_seeds_draw_different_events() {
    let draws: Vec<String> = (1..=6)
        .map(|seed| drawn(&format!("nodes=64&seed={seed}&ev=10s~11s.crash.?")))
        .collect();
    let mut distinct = draws.clone();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() >= 5, "{draws:?}");
}

#[test]
fn a_randomised_query_round_trips_through_the_canonical_query() {
    for q in [
        "ev=10s.crash.?",
        "proto=swim&nodes=16&ev=10s~11s.crash.?,1500ms~2s.join,20s.recover.?,30s~31s.leave.?",
        "nodes=4&ev=1s~90s.set.loss.10,2s.crash.1,3s~4s.recover.1,5s.partition.0-1,6s~7s.heal",
    ] {
        let s = parse(q);
        assert!(s.is_randomised());
        assert_eq!(Scenario::from_query(&s.to_query()), Ok(s.clone()), "{q}");
    }
    assert_eq!(
        parse("nodes=16&ev=10s~11s.crash.?,1500ms~2s.join").to_query(),
        "nodes=16&ev=1500ms~2s.join,10s~11s.crash.?"
    );
}

#[test]
fn a_window_time_is_drawn_in_its_window_and_covers_it() {
    let mut times = Vec::new();
    for seed in 1..=400 {
        let s = parse(&format!("nodes=4&seed={seed}&ev=10s~11s.crash.2"));
        let r = s.resolved().unwrap();
        assert_eq!(r.events[0].action, Action::Crash(2));
        times.push(r.events[0].at_ms);
    }
    assert!(
        times.iter().all(|t| (10_000..11_000).contains(t)),
        "{times:?}"
    );
    let (lo, hi) = (times.iter().min().unwrap(), times.iter().max().unwrap());
    assert!(*lo < 10_020 && *hi >= 10_980, "{lo}..{hi}");
    // A one-millisecond window has one time.
    let r = parse("ev=5s~5001ms.heal").resolved().unwrap();
    assert_eq!(r.events[0].at_ms, 5000);
}

#[test]
fn a_question_mark_draws_every_eligible_member_over_seeds() {
    let mut seen = [false; 8];
    for seed in 1..=200 {
        let r = parse(&format!("seed={seed}&ev=10s.crash.3,11s.crash.?"))
            .resolved()
            .unwrap();
        let Action::Crash(id) = r.events[1].action else {
            panic!()
        };
        assert_ne!(id, 3, "node 3 is already down");
        seen[id as usize] = true;
    }
    assert_eq!(seen, [true, true, true, false, true, true, true, true]);
}

#[test]
fn a_question_mark_with_no_eligible_member_is_an_error_naming_the_event() {
    let e = Scenario::from_query("nodes=2&ev=1s.crash.0,2s.crash.1,3s.crash.?").unwrap_err();
    assert_eq!(e.key, "ev");
    assert!(e.message.contains("'3s.crash.?'"), "{}", e.message);
    assert!(e.message.contains("no member is running"), "{}", e.message);
    let e = Scenario::from_query("nodes=3&ev=2s.recover.?").unwrap_err();
    assert!(e.message.contains("'2s.recover.?'") && e.message.contains("stopped"));
}

#[test]
fn a_drawn_event_that_cannot_apply_is_named_as_written_and_as_drawn() {
    // Node 1 recovers at 5 s, but its crash is drawn in 6..7 s.
    let e = Scenario::from_query("ev=6s~7s.crash.1,5s.recover.1").unwrap_err();
    assert!(e.message.contains("'5s.recover.1'"), "{}", e.message);
    let e = Scenario::from_query("ev=1s.crash.1,2s~3s.recover.2").unwrap_err();
    assert!(
        e.message.starts_with("event '2s~3s.recover.2' drawn as '2")
            && e.message.ends_with("node 2 is already running then"),
        "{}",
        e.message
    );
}

#[test]
fn bad_windows_and_misplaced_question_marks_are_errors() {
    for (q, what) in [
        ("ev=11s~10s.crash.1", "empty"),
        ("ev=10s~10s.crash.1", "empty"),
        ("ev=10s~.crash.1", "unit"),
        ("ev=10s~11.crash.1", "unit"),
        ("ev=5s.partition.0-?", "not a node id"),
        ("ev=5s.join.?", "too many parts"),
    ] {
        let e = Scenario::from_query(q).unwrap_err();
        assert!(e.message.contains(what), "{q}: {e}");
    }
}

#[test]
fn drawing_events_leaves_every_other_random_choice_alone() {
    // The draws have their own stream: the randomised scenario and its drawn form run alike.
    let s = parse("proto=swim&nodes=12&loss=5&seed=3&ev=5s~9s.crash.?,10s~12s.recover.?");
    let r = s.resolved().unwrap();
    let mut a = build(&s).unwrap();
    let mut b = build(&r).unwrap();
    a.run_until(30_000_000);
    b.run_until(30_000_000);
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(a.scenario(), &r);
}

#[test]
fn a_scenario_without_draws_resolves_to_itself() {
    let s = parse("proto=swim&nodes=6&ev=2s.join,5s.crash.3,8s.recover.3");
    assert!(!s.is_randomised());
    assert_eq!(s.resolved(), Ok(s));
}

/// A feasible randomised script: each `?` has someone eligible, whatever was drawn before.
fn script() -> impl Strategy<Value = (u32, u64, Vec<(u64, u8)>)> {
    (
        2u32..12,
        any::<u64>(),
        proptest::collection::vec((0u64..60, 0u8..4), 1..25),
    )
}

proptest! {
    #[test]
    fn a_question_mark_picks_only_members_eligible_then((nodes, seed, ops) in script()) {
        // Build the script in time order, keeping the count of running members so that every
        // `?` has a candidate; times are distinct seconds so the order is the written one.
        let mut ops = ops;
        ops.sort_by_key(|o| o.0);
        ops.dedup_by_key(|o| o.0);
        let (mut up, mut total) = (nodes, nodes);
        let mut ev = Vec::new();
        for (t, op) in ops {
            let name = match op {
                0 | 1 if up > 1 => { up -= 1; if op == 0 { "crash.?" } else { "leave.?" } }
                2 if up < total => { up += 1; "recover.?" }
                _ => { up += 1; total += 1; "join" }
            };
            ev.push(format!("{t}s.{name}"));
        }
        let q = format!("nodes={nodes}&seed={seed}&ev={}", ev.join(","));
        let s = Scenario::from_query(&q).map_err(|e| TestCaseError::fail(format!("{q}: {e}")))?;
        let r = s.resolved().map_err(|e| TestCaseError::fail(format!("{q}: {e}")))?;
        let mut running = vec![true; nodes as usize];
        for e in &r.events {
            match e.action {
                Action::Crash(id) | Action::Leave(id) => {
                    prop_assert!(running[id as usize], "{q}: {e} takes a stopped node");
                    running[id as usize] = false;
                }
                Action::Recover(id) => {
                    prop_assert!(!running[id as usize], "{q}: {e} recovers a running node");
                    running[id as usize] = true;
                }
                Action::Join => running.push(true),
                _ => {}
            }
        }
        prop_assert_eq!(r, s.resolved().unwrap());
    }
}
