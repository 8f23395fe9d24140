//! Time travel: a seek restores a checkpoint and replays, and the state it reaches is the
//! state of a straight run; a fork drops the recorded future.

use gossip_sim::checkpoint::{Target, Timeline};
use gossip_sim::tap::{TapRecord, TapSpec};
use gossip_sim::{Action, Scenario, Simulation, build};

const S: u64 = 1_000_000;

fn sim(query: &str) -> Box<dyn Simulation> {
    build(&Scenario::from_query(query).unwrap()).unwrap()
}

/// Every node's view of every member, and the trace hash.
fn fingerprint(sim: &dyn Simulation) -> (u64, u64, Vec<u8>) {
    let n = sim.node_count();
    let mut views = Vec::new();
    for o in 0..n {
        for m in 0..n {
            views.push(sim.status_of(o, m) as u8);
        }
    }
    (sim.trace_hash(), sim.processed(), views)
}

fn straight(query: &str, until: u64) -> (u64, u64, Vec<u8>) {
    let mut s = sim(query);
    s.run_until(until);
    fingerprint(s.as_ref())
}

#[test]
fn seeking_back_then_forward_reaches_the_state_of_a_straight_run() {
    for q in [
        "proto=swim&nodes=40&topo=full&loss=5&ev=10s.crash.3,20s.partition.0-19,30s.heal,31s.join",
        "nodes=24&ev=5s.crash.1,12s.set.period.300,15s.recover.1,18s.join",
    ] {
        let mut t = Timeline::new(sim(q), 64 << 20, None);
        t.set_every(3000);
        t.run_until(60 * S);
        assert!(t.checkpoints().0 > 2, "{q}: checkpoints were taken");
        for back in [50 * S, 7 * S + 123, 33 * S, 0, 59 * S] {
            t.seek(Target::Time(back));
            assert_eq!(t.sim().now(), back);
            assert_eq!(fingerprint(t.sim()), straight(q, back), "{q} at {back}");
        }
        t.seek(Target::Time(60 * S));
        assert_eq!(
            fingerprint(t.sim()),
            straight(q, 60 * S),
            "{q}: forward again"
        );
        assert!(!t.in_past());
    }
}

#[test]
fn a_run_too_large_for_its_budget_keeps_no_checkpoint_and_seeks_by_rebuilding() {
    // A budget below two checkpoints of this run: it keeps none (memory stays at one run),
    // and going back rebuilds the run from its scenario, display settings included.
    let q = "proto=swim&nodes=40&topo=full&loss=5&ev=10s.crash.3,20s.partition.0-19,30s.heal";
    let mut s = sim(q);
    s.set_log_capacity(50);
    let mut t = Timeline::new(s, 20_000, None);
    assert!(t.rebuilds());
    t.run_until(40 * S);
    assert_eq!(t.checkpoints(), (0, 0));
    for back in [25 * S, 0, 12 * S + 7] {
        t.seek(Target::Time(back));
        assert_eq!(fingerprint(t.sim()), straight(q, back), "at {back}");
        assert_eq!(t.sim().display_settings().0, 50);
    }
    t.seek(Target::Time(40 * S));
    assert_eq!(fingerprint(t.sim()), straight(q, 40 * S));
    assert_eq!(t.checkpoints(), (0, 0));
}

#[test]
fn stepping_back_one_event_is_the_state_one_event_earlier() {
    let q = "proto=swim&nodes=16&topo=full&ev=3s.crash.2";
    let mut t = Timeline::new(sim(q), 16 << 20, None);
    t.set_every(5000);
    t.run_until(20 * S);
    let k = t.sim().processed();
    t.seek(Target::Event(k - 1));
    let mut straight = sim(q);
    for _ in 0..k - 1 {
        straight.step();
    }
    assert_eq!(fingerprint(t.sim()), fingerprint(straight.as_ref()));
    // A second step back replays only from a near checkpoint.
    t.seek(Target::Event(k - 2));
    assert!(t.last_replay <= 5000 / 8, "replayed {}", t.last_replay);
}

#[test]
fn commands_recorded_late_survive_a_seek_to_before_them() {
    let q = "proto=swim&nodes=12&topo=full";
    let mut t = Timeline::new(sim(q), 16 << 20, None);
    t.run_until(20 * S);
    t.command(Action::Crash(4)).unwrap();
    t.run_until(40 * S);
    t.seek(Target::Time(5 * S));
    assert!(t.in_past());
    t.seek(Target::Time(40 * S));
    let recorded = t.sim().scenario().to_query();
    assert!(recorded.contains("20001ms.crash.4"), "{recorded}");
    assert_eq!(fingerprint(t.sim()), straight(&recorded, 40 * S));
}

#[test]
fn a_command_in_the_past_forks_and_drops_the_recorded_future() {
    let q = "proto=swim&nodes=12&topo=full&ev=10s.crash.1,30s.crash.2";
    let mut t = Timeline::new(sim(q), 16 << 20, None);
    t.run_until(40 * S);
    t.seek(Target::Time(15 * S));
    let (ev, forked) = t.command(Action::Crash(5)).unwrap();
    assert!(forked);
    assert_eq!(ev.at_ms, 15_001);
    let script = t.sim().scenario().to_query();
    assert!(script.contains("10s.crash.1") && script.contains("15001ms.crash.5"));
    assert!(!script.contains("crash.2"), "{script}");
    assert_eq!(t.furthest(), 15 * S);
    t.run_until(40 * S);
    assert_eq!(fingerprint(t.sim()), straight(&script, 40 * S));
    // Seeking before the fork and forward again replays the new script, not the old one.
    t.seek(Target::Time(2 * S));
    t.seek(Target::Time(40 * S));
    assert_eq!(fingerprint(t.sim()), straight(&script, 40 * S));
}

#[test]
fn checkpoints_stay_within_the_budget_by_thinning() {
    let mut t = Timeline::new(sim("proto=swim&nodes=64&topo=full"), 256 << 10, None);
    t.set_every(2000);
    t.run_until(600 * S);
    let (count, bytes) = t.checkpoints();
    assert!(bytes <= 256 << 10, "{count} checkpoints, {bytes} bytes");
    assert!(t.every() >= 8000, "spacing grew: {}", t.every());
    t.seek(Target::Time(100 * S));
    assert_eq!(
        fingerprint(t.sim()),
        straight("proto=swim&nodes=64&topo=full", 100 * S)
    );
}

/// Every node's messages and timers, and every change of view about `member`.
fn tap_all(sim: &dyn Simulation, member: u32) -> TapSpec {
    TapSpec {
        member: Some(member),
        lanes: (0..sim.node_count()).collect(),
    }
}

/// What a tap on from the start records of a straight run to `to`, from `from` on.
fn straight_tap(query: &str, member: u32, from: u64, to: u64) -> Vec<TapRecord> {
    let mut s = sim(query);
    s.set_tap(Some(tap_all(s.as_ref(), member)));
    s.run_until(to);
    let mut recs = s.take_tap();
    recs.retain(|r| r.at() >= from);
    recs
}

/// The instants in `(after, until]` at which the run has events, from a straight run.
fn instants(query: &str, after: u64, until: u64) -> Vec<u64> {
    let mut s = sim(query);
    s.run_until(after);
    let mut out: Vec<u64> = Vec::new();
    while let Some(at) = s.next_event_at().filter(|&at| at <= until) {
        s.step();
        if out.last() != Some(&at) {
            out.push(at);
        }
    }
    out
}

#[test]
fn a_replayed_window_keeps_the_events_of_its_first_instant() {
    // A checkpoint can stand at an instant after handling some or all of its events: run_until
    // takes one right after the last event before its stop (here node 12's ack to node 1 at
    // 19.995142 s, the hop a why chain told and a window from that instant used to miss), and
    // sparse ones fall every `every` events, mid-instant too. A window starting at any event
    // instant holds what a straight run's tap records from it on.
    let q = "proto=swim&nodes=18&topo=full&loss=16&k=4&seed=847&ev=7s.crash.9";
    let mut t = Timeline::new(sim(q), 64 << 20, None);
    t.set_every(100);
    t.run_until(20 * S);
    let edge = instants(q, 19 * S, 20 * S);
    assert!(edge.contains(&19_995_142), "{edge:?}");
    for &from in &edge {
        let spec = tap_all(t.sim(), 6);
        let window = t.replay_window(from, 20 * S, spec);
        assert!(window.first().is_some_and(|r| r.at() == from), "{from}");
        assert_eq!(window, straight_tap(q, 6, from, 20 * S), "from {from}");
    }
}

#[test]
fn a_replayed_window_from_the_current_instant_keeps_what_the_run_handled_at_it() {
    // Stepped to between two events of one instant (two suspicion timeouts of node 11 at
    // 44.407346 s): the window from now holds both, the one the run has handled too.
    let q = "proto=swim&nodes=18&topo=full&loss=16&k=4&seed=847&ev=7s.crash.9";
    let mut t = Timeline::new(sim(q), 64 << 20, None);
    t.run_until(10 * S);
    while t.sim().next_event_at() != Some(t.sim().now()) {
        t.step().expect("the run goes on");
    }
    let now = t.sim().now();
    let window = t.replay_window(now, now, tap_all(t.sim(), 6));
    assert!(window.len() >= 2, "at {now}: {window:?}");
    assert_eq!(window, straight_tap(q, 6, now, now));
}
