//! Random faults (`?` members and links, drawn durations, faults undone after a while) and
//! recurring ones (`every.GAP.FAULT`, `rate.N/h.FAULT`), drawn from the scenario's seed.

mod common;

use common::parse;
use gossip_sim::checkpoint::{Target, Timeline};
use gossip_sim::milestones::script_markers;
use gossip_sim::trace::TraceEvent;
use gossip_sim::{Action, Scenario, Simulation, build};

const S: u64 = 1_000_000;

/// `query` run to `until_s` seconds, keeping every trace record.
fn run(query: &str, until_s: u64) -> Box<dyn Simulation> {
    let mut sim = build(&parse(query)).unwrap();
    sim.set_log_capacity(1_000_000);
    sim.run_until(until_s * S);
    sim
}

/// The fault records (`node 3 paused for 2000 ms`, ...) with their times, µs.
fn faults(sim: &dyn Simulation) -> Vec<(u64, String)> {
    sim.log()
        .iter()
        .filter_map(|r| match &r.event {
            TraceEvent::Fault(s) => Some((r.at, s.clone())),
            _ => None,
        })
        .collect()
}

/// The paused members, in order.
fn paused(sim: &dyn Simulation) -> Vec<u32> {
    faults(sim)
        .iter()
        .filter_map(|(_, s)| {
            s.strip_prefix("node ")?
                .split_once(" paused")?
                .0
                .parse()
                .ok()
        })
        .collect()
}

fn error(query: &str) -> String {
    match Scenario::from_query(query) {
        Ok(_) => panic!("{query} was accepted"),
        Err(e) => {
            assert_eq!(e.key, "ev", "{query}");
            e.message
        }
    }
}

const PAUSES: &str = "proto=swim&nodes=32&topo=full&ev=10s.every.20s~60s.pause.?.2s~20s";

#[test]
fn the_same_seed_gives_the_same_recurring_faults_and_another_seed_others() {
    let a = run(&format!("{PAUSES}&seed=3"), 400);
    let b = run(&format!("{PAUSES}&seed=3"), 400);
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(faults(a.as_ref()), faults(b.as_ref()));
    assert!(paused(a.as_ref()).len() >= 6, "{:?}", faults(a.as_ref()));
    let c = run(&format!("{PAUSES}&seed=4"), 400);
    assert_ne!(faults(a.as_ref()), faults(c.as_ref()));
    assert_ne!(paused(a.as_ref()), paused(c.as_ref()));
}

#[test]
fn a_recurring_fault_runs_until_the_run_stops_and_no_further() {
    // A fixed gap from 10 s: occurrences at 20 s, 30 s, ... 100 s.
    let sim = run("nodes=6&ev=10s.every.10s.pause.?.1s", 100);
    let times: Vec<u64> = faults(sim.as_ref()).iter().map(|f| f.0 / S).collect();
    assert_eq!(times, [20, 30, 40, 50, 60, 70, 80, 90, 100]);
    // The next occurrence waits in the queue; run on, it happens.
    let mut sim = sim;
    sim.run_until(110 * S);
    assert_eq!(faults(sim.as_ref()).len(), 10);
}

#[test]
fn a_recurring_crash_with_downtime_recovers_the_same_member() {
    let sim = run("proto=swim&nodes=10&ev=10s.every.30s.crash.?.5s~10s", 200);
    let mut crashes = Vec::new();
    let mut recoveries = Vec::new();
    for r in sim.log() {
        match r.event {
            TraceEvent::Crash(id) => crashes.push((r.at, id)),
            TraceEvent::Recover(id) => recoveries.push((r.at, id)),
            _ => {}
        }
    }
    assert_eq!(crashes.len(), 6, "{crashes:?}");
    assert!(recoveries.len() >= 5, "{recoveries:?}");
    for (&(at, id), &(back, again)) in crashes.iter().zip(&recoveries) {
        assert_eq!(id, again);
        assert!((at + 5 * S..at + 10 * S).contains(&back), "{at} {back}");
    }
    assert_eq!(sim.metrics().failures.len(), 6);
}

#[test]
fn a_one_off_crash_with_downtime_becomes_a_crash_and_a_recovery() {
    let r = parse("ev=10s.crash.3.5s").resolved().unwrap();
    assert_eq!(r.to_query(), "ev=10s.crash.3,15s.recover.3");
    let r = parse("ev=10s.slow.2.800ms.4s,12s.cut.1-4.3s")
        .resolved()
        .unwrap();
    assert_eq!(
        r.to_query(),
        "ev=10s.slow.2.800ms,12s.cut.1-4,14s.fast.2,15s.mend.1-4"
    );
    // An undo that another event already did is left out.
    let r = parse("ev=10s.crash.3.20s,15s.recover.3")
        .resolved()
        .unwrap();
    assert_eq!(r.to_query(), "ev=10s.crash.3,15s.recover.3");
}

#[test]
fn a_pause_drawn_with_a_question_mark_lands_on_a_running_member() {
    let q = "nodes=6&ev=1s.crash.0,1s.crash.2,1s.leave.4,2s.every.1s.pause.?.300ms";
    for seed in 1..=5 {
        let sim = run(&format!("{q}&seed={seed}"), 60);
        let p = paused(sim.as_ref());
        assert_eq!(p.len(), 58);
        assert!(p.iter().all(|id| [1, 3, 5].contains(id)), "{p:?}");
        for id in [1, 3, 5] {
            assert!(p.contains(&id), "seed {seed}: {p:?}");
        }
    }
    // One-off: drawn before the run among the members running then.
    for seed in 1..=20 {
        let r = parse(&format!(
            "nodes=4&seed={seed}&ev=1s.crash.1,2s.pause.?.1s~3s"
        ))
        .resolved()
        .unwrap();
        let Action::Pause(id, ms) = r.events[1].action else {
            panic!("{r:?}")
        };
        assert_ne!(id, 1);
        assert!((1000..3000).contains(&ms), "{ms}");
    }
}

#[test]
fn question_marks_draw_links_slow_members_and_cuts_in_force() {
    for seed in 1..=20 {
        let q = format!(
            "nodes=5&seed={seed}&ev=1s.crash.0,2s.cut.?>?,3s.cut.3-?,4s.slow.?.1s,5s.fast.?,6s.mend.?"
        );
        let r = parse(&q).resolved().unwrap();
        let a: Vec<&Action> = r.events.iter().map(|e| &e.action).collect();
        let Action::Cut { from, to, .. } = *a[1] else {
            panic!()
        };
        assert!(from != to && from != 0 && to != 0, "{q}: {}", r.to_query());
        let Action::Cut { from: 3, to, .. } = *a[2] else {
            panic!()
        };
        assert!(to != 3 && to != 0);
        let (Action::Slow(s, _), Action::Fast(f)) = (a[3], a[4]) else {
            panic!()
        };
        assert_eq!(s, f, "fast.? draws the one slow member");
        let Action::Mend { from, to, both } = *a[5] else {
            panic!()
        };
        assert!(
            matches!(*a[1], Action::Cut { from: f, to: t, both: b } if (f, t, b) == (from, to, both))
                || matches!(*a[2], Action::Cut { from: f, to: t, both: b } if (f, t, b) == (from, to, both)),
            "mend.? mends a cut in force: {}",
            r.to_query()
        );
    }
}

#[test]
fn random_faults_and_recurring_ones_round_trip_through_the_canonical_query() {
    for q in [
        "ev=10s.every.20s~60s.pause.?.2s~20s",
        "ev=10s.every.20s.slow.?.800ms~2s.10s~30s",
        "ev=30s.every.30s~90s.crash.?.10s~30s",
        "ev=10s.rate.2/h.pause.?.2s~20s",
        "ev=5s.every.1500ms.join,6s.every.2s.leave.?,7s.every.1s.cut.?>?.3s,8s.every.9s.cut.3-?",
        "nodes=12&ev=1s.pause.?.5s~20s,2s.slow.?.800ms~2s,3s.fast.?,4s.cut.?>?,5s.cut.3>?.1s~2s,6s.mend.?,7s.crash.4.10s,8s~9s.cut.?-5",
        "ev=10s~20s.every.5s.pause.3.1s",
    ] {
        let s = parse(q);
        assert_eq!(s.to_query(), q);
        assert_eq!(Scenario::from_query(&s.to_query()), Ok(s.clone()), "{q}");
        s.validate().unwrap();
    }
}

#[test]
fn a_recurring_fault_shifts_no_other_draw() {
    // The one-off draws do not move when a recurring event is added...
    let plain = "proto=swim&nodes=12&seed=3&ev=5s~9s.crash.?,10s~12s.recover.?";
    let with = format!("{plain},1s.every.3s~9s.pause.?.1s~2s");
    let drawn = |q: &str| {
        let r = parse(q).resolved().unwrap();
        r.events
            .into_iter()
            .filter(|e| !matches!(e.action, Action::Every(_)))
            .collect::<Vec<_>>()
    };
    assert_eq!(drawn(plain), drawn(&with));
    // ... and a recurring event draws the same occurrences beside another one.
    let pauses = "nodes=10&seed=9&ev=2s.every.5s~15s.pause.?.1s~3s";
    let both = format!("{pauses},3s.every.4s~8s.slow.?.200ms.2s");
    let a = run(pauses, 300);
    let b = run(&both, 300);
    let pause_records = |sim: &dyn Simulation| {
        faults(sim)
            .into_iter()
            .filter(|f| f.1.contains("paused"))
            .collect::<Vec<_>>()
    };
    assert!(pause_records(a.as_ref()).len() > 20);
    assert_eq!(pause_records(a.as_ref()), pause_records(b.as_ref()));
    assert!(faults(b.as_ref()).iter().any(|f| f.1.contains("slowed")));
}

#[test]
fn a_rate_gives_about_its_count_per_member_hour() {
    // 2 per member-hour × 20 members × 5 hours = 200 expected.
    let sim = run(
        "nodes=20&period=5000&t=60000&ev=0s.rate.2/h.pause.?.1s",
        5 * 3600,
    );
    let n = paused(sim.as_ref()).len();
    assert!((160..=240).contains(&n), "{n}");
}

#[test]
fn recurring_joins_stop_at_the_cluster_limit() {
    let sim = run("nodes=250&detector=phi&ev=1s.every.1s.join", 10);
    assert_eq!(sim.node_count(), 256);
    let skipped = sim
        .log()
        .iter()
        .filter(|r| matches!(&r.event, TraceEvent::Ignored(s) if s.contains("limit of 256")))
        .count();
    assert_eq!(skipped, 3);
}

#[test]
fn time_travel_replays_recurring_faults_exactly() {
    let q = "proto=swim&nodes=24&topo=full&seed=2&ev=5s.every.5s~15s.crash.?.5s~10s,6s.rate.30/h.pause.?.1s~4s";
    let straight = |until: u64| run(q, until).trace_hash();
    let mut t = Timeline::new(build(&parse(q)).unwrap(), 64 << 20, None);
    t.set_every(3000);
    t.run_until(120 * S);
    assert!(t.checkpoints().0 > 2);
    for back in [90 * S, 17 * S, 0, 119 * S] {
        t.seek(Target::Time(back));
        assert_eq!(t.sim().trace_hash(), straight(back / S), "at {back}");
    }
    t.seek(Target::Time(120 * S));
    assert_eq!(t.sim().trace_hash(), straight(120));
    // A clone played forward is the original played forward.
    let mut a = build(&parse(q)).unwrap();
    a.run_until(40 * S);
    let mut b = a.clone_box();
    a.run_until(200 * S);
    b.run_until(200 * S);
    assert_eq!(a.trace_hash(), b.trace_hash());
}

#[test]
fn a_recurring_fault_shows_in_the_event_list_as_written() {
    let sim = run(PAUSES, 30);
    let markers = script_markers(sim.as_ref(), 30 * S);
    assert_eq!(markers.len(), 1);
    assert_eq!(markers[0].text, "every 20s~60s pause ? 2s~20s");
    assert_eq!(sim.scenario().to_query(), parse(PAUSES).to_query());
}

#[test]
fn member_time_counts_recurring_crashes() {
    // The metrics' member time equals the script's for scripted churn...
    let q = "nodes=4&ev=1s.crash.0,2s.join,3s.recover.0,4s.leave.1";
    let sim = run(q, 10);
    assert_eq!(
        sim.metrics().member_ms(10 * S),
        gossip_sim::sweep::member_ms(&parse(q), 10_000)
    );
    // ... and falls with recurring crashes: 10 members for 100 s, one down for 10 s from
    // 20 s, 40 s, 60 s and 80 s (the crash at 100 s is at the end).
    let sim = run("nodes=10&ev=0s.every.20s.crash.?.10s", 100);
    assert_eq!(sim.metrics().member_ms(100 * S), 1_000_000 - 4 * 10_000);
}

#[test]
fn bad_recurring_and_random_faults_are_errors_naming_the_event() {
    for (q, what) in [
        (
            "ev=10s.every.20s",
            "'10s.every.20s': every needs a fault to repeat",
        ),
        ("ev=10s.rate.2/h", "rate needs a fault to repeat"),
        ("ev=10s.every.0s.pause.?.1s", "the gap must be above 0"),
        (
            "ev=10s.every.50ms.pause.?.1s",
            "the gap 50ms is below the least of 100ms",
        ),
        ("ev=10s.every.86401s.pause.?.1s", "past the limit of 86400s"),
        (
            "ev=10s.every.20s.every.20s.pause.?.1s",
            "every and rate do not nest",
        ),
        ("ev=10s.every.20s.rate.2/h.pause.?.1s", "do not nest"),
        (
            "ev=10s.every.20s~20s.pause.?.1s",
            "the window 20s~20s of the gap is empty",
        ),
        ("ev=10s.every.30s~20s.pause.?.1s", "is empty"),
        (
            "ev=10s.pause.?.5s~5s",
            "the window 5s~5s of the duration is empty",
        ),
        (
            "ev=10s.rate.0/h.pause.?.1s",
            "the rate 0/h is out of range: accepted 1/h..=60/h",
        ),
        ("ev=10s.rate.61/h.pause.?.1s", "out of range"),
        ("ev=10s.rate.2.pause.?.1s", "'2' is not a rate"),
        (
            "ev=10s.every.20s.heal",
            "every repeats pause, slow, crash, join, leave, cut, not 'heal'",
        ),
        (
            "ev=10s.every.20s.pause.?.3601s",
            "the duration 3601s is over the limit of 3600s",
        ),
        (
            "ev=10s.crash.?.3601s",
            "the downtime 3601s is over the limit of 3600s",
        ),
        ("ev=10s.slow.1.1s.0s", "the time slow must be above 0"),
        ("ev=10s.cut.1>2.2h", "needs a unit"),
        ("ev=10s.mend.?>3", "mend.? mends one of the links cut then"),
        ("ev=10s.cut.2>2", "not node 2 to itself"),
        ("ev=10s.fast.?", "no member is slow at 10000 ms"),
        ("ev=10s.mend.?", "no link is cut at 10000 ms"),
        (
            "ev=10s.every.20s.pause.99.1s",
            "node 99 does not exist then",
        ),
        ("ev=10s.pause.?.1s.2s", "too many parts"),
    ] {
        let m = error(q);
        assert!(m.contains(what), "{q}: {m}");
        assert!(m.starts_with("event '"), "{q}: {m}");
    }
}

#[test]
fn recurring_pauses_run_exactly_as_the_same_pauses_scripted() {
    // Generated lazily or written out, the same pauses give the same trace.
    let q = "proto=swim&nodes=40&topo=full&seed=6&ev=10s.every.5s~20s.pause.?.1s~8s";
    let lazy = run(q, 200);
    let script: Vec<String> = faults(lazy.as_ref())
        .iter()
        .map(|(at, f)| {
            let (id, ms) = f
                .strip_prefix("node ")
                .and_then(|f| f.strip_suffix(" ms"))
                .and_then(|f| f.split_once(" paused for "))
                .unwrap();
            format!("{}ms.pause.{id}.{ms}ms", at / 1000)
        })
        .collect();
    assert!(script.len() > 10, "{script:?}");
    let written = run(
        &format!(
            "proto=swim&nodes=40&topo=full&seed=6&ev={}",
            script.join(",")
        ),
        200,
    );
    assert_eq!(lazy.trace_hash(), written.trace_hash());
}
