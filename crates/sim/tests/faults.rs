//! Fault events: slow and paused members, one-way and two-way link cuts, bursty loss and
//! partitions into groups of ids, each checked by its effect on a whole cluster.

mod common;

use common::{S, everyone_sees, run};
use gossip_protocol::{MsgKind, NodeId, Status};
use gossip_sim::trace::TraceEvent;
use gossip_sim::{NodeState, Scenario, Simulation, build};

/// Times a live member marked `member` suspect while it was up, from the trace.
fn suspicions_of(sim: &dyn Simulation, member: NodeId) -> usize {
    sim.log()
        .iter()
        .filter(|r| {
            matches!(r.event, TraceEvent::View { member: m, to: Status::Suspect, .. } if m == member)
        })
        .count()
}

/// Suspicions raised by `observer` itself (first-hand: its own failed probes).
fn first_hand_suspicions_by(sim: &dyn Simulation, observer: NodeId) -> usize {
    sim.log()
        .iter()
        .filter(|r| {
            matches!(r.event, TraceEvent::View { observer: o, to: Status::Suspect, via: None, .. } if o == observer)
        })
        .count()
}

fn logged(query: &str, until_s: u64) -> Box<dyn Simulation> {
    let scenario = Scenario::from_query(query).unwrap();
    let mut sim = build(&scenario).unwrap();
    sim.set_log_capacity(1_000_000);
    sim.run_until(until_s * S);
    sim
}

#[test]
fn a_member_slowed_beyond_the_probe_timeout_falsely_suspects_healthy_members_without_lifeguard() {
    // Acks reach it 1200 ms late: after its 500 ms ack timeout and, direct or relayed, after
    // its period ends (a late direct ack still counts until then, as in memberlist): it
    // suspects the members it probes, though they are healthy.
    let sim = logged("proto=swim&nodes=16&topo=full&ev=5s.slow.3.1200ms", 60);
    assert_eq!(sim.state(3), NodeState::Up, "slow is not a crash");
    assert!(first_hand_suspicions_by(&*sim, 3) > 20);
    assert!(sim.metrics().false_suspicions > 0);
    // Slowed within the period less a round trip, its direct acks still count: it does not.
    let sim = run("proto=swim&nodes=16&topo=full&ev=5s.slow.3.800ms", 60);
    assert_eq!(sim.metrics().false_suspicions, 0);
}

#[test]
fn a_member_slowed_beyond_the_period_is_falsely_suspected_by_the_others() {
    // Its acks come back after every prober's period.
    let sim = logged("proto=swim&nodes=16&topo=full&ev=5s.slow.3.1500ms", 60);
    assert!(suspicions_of(&*sim, 3) > 0);
    let sim = logged("proto=swim&nodes=16&topo=full&ev=5s.slow.3.800ms", 60);
    assert_eq!(
        (0..16)
            .filter(|&o| o != 3)
            .map(|o| first_hand_suspicions_by(&*sim, o))
            .sum::<usize>(),
        0,
        "at 800 ms its acks still beat the others' periods"
    );
}

#[test]
fn a_fast_event_ends_a_slowdown() {
    let sim = run(
        "proto=swim&nodes=16&topo=full&ev=5s.slow.3.1200ms,20s.fast.3",
        120,
    );
    let slow_only = run("proto=swim&nodes=16&topo=full&ev=5s.slow.3.1200ms", 120);
    assert!(sim.metrics().false_suspicions < slow_only.metrics().false_suspicions);
    assert!(everyone_sees(&*sim, 3, Status::Alive));
}

#[test]
fn a_paused_member_is_declared_dead_then_resumes_with_its_state_and_refutes() {
    // Frozen for 20 s, longer than the suspicion timeout (4 periods at 16 members).
    let sim = run("proto=swim&nodes=16&topo=full&ev=5s.pause.3.20s", 25);
    assert!(sim.metrics().false_deaths > 0, "others declared it dead");
    assert_eq!(sim.state(3), NodeState::Up);
    let sim = run("proto=swim&nodes=16&topo=full&ev=5s.pause.3.20s", 90);
    assert!(everyone_sees(&*sim, 3, Status::Alive));
    assert!(
        sim.own_counter(3).unwrap() > 0,
        "it kept its life and raised its incarnation to refute"
    );
    assert!(sim.metrics().failures.is_empty(), "a pause is not a crash");
}

#[test]
fn a_cut_link_is_bridged_by_indirect_probes_and_without_them_causes_suspicion() {
    for cut in ["1>2", "1-2"] {
        let sim = run(&format!("proto=swim&nodes=8&topo=full&ev=5s.cut.{cut}"), 60);
        assert_eq!(sim.metrics().false_deaths, 0, "{cut}");
        assert!(sim.metrics().messages.sent_by_kind[MsgKind::PingReq as usize] > 0);
        let sim = run(
            &format!("proto=swim&nodes=8&topo=full&k=0&ev=5s.cut.{cut}"),
            60,
        );
        assert!(sim.metrics().false_suspicions > 0, "k=0, {cut}");
    }
    // Mended, the link carries messages again: no suspicion after it.
    let sim = run(
        "proto=swim&nodes=8&topo=full&k=0&ev=5s.cut.1-2,6s.mend.1-2",
        60,
    );
    assert_eq!(sim.metrics().false_deaths, 0);
}

#[test]
fn a_partition_into_groups_of_scattered_ids_splits_the_views_that_way() {
    let sim = run(
        "proto=swim&nodes=8&topo=full&ev=5s.partition.0_2_4_6.1_3_5_7",
        60,
    );
    assert_eq!(sim.status_of(0, 2), Status::Alive);
    assert_eq!(sim.status_of(0, 1), Status::Dead);
    assert_eq!(sim.status_of(7, 1), Status::Alive);
    assert_eq!(sim.status_of(7, 6), Status::Dead);
}

#[test]
fn bursty_loss_keeps_the_mean_loss_of_independent_loss() {
    let fraction = |q: &str| {
        let m = run(q, 120).metrics().messages;
        m.dropped as f64 / m.sent as f64
    };
    let independent = fraction("proto=swim&nodes=32&topo=full&loss=10");
    let bursty = fraction("proto=swim&nodes=32&topo=full&loss=10&burst=10");
    assert!((0.09..0.11).contains(&independent), "{independent}");
    assert!((0.08..0.12).contains(&bursty), "{bursty}");
}

#[test]
fn fault_runs_are_deterministic() {
    let q = "proto=swim&nodes=16&topo=full&loss=5&burst=8&lifeguard=on&\
             ev=2s.slow.3.700ms,4s.pause.5.3s,6s.cut.1>2,8s.partition.0_3.1_2,20s.heal";
    assert_eq!(run(q, 40).trace_hash(), run(q, 40).trace_hash());
}

#[test]
fn fault_of_tells_a_slowed_and_a_paused_member_while_the_fault_lasts_and_not_after() {
    let q = "proto=swim&nodes=8&ev=2s.slow.3.800ms,2s.pause.5.4s,10s.fast.3,12s.crash.5";
    let mut sim = build(&Scenario::from_query(q).unwrap()).unwrap();
    sim.run_until(S);
    assert!(sim.fault_of(3).is_none() && sim.fault_of(5).is_none());
    sim.run_until(3 * S);
    assert_eq!(sim.fault_of(3).slow, Some(800_000));
    assert_eq!(sim.fault_of(3).paused_until, None);
    assert_eq!(sim.fault_of(5).paused_until, Some(6 * S));
    assert_eq!(sim.fault_of(5).slow, None);
    sim.run_until(7 * S);
    assert!(sim.fault_of(5).is_none(), "the pause is over");
    assert_eq!(sim.fault_of(3).slow, Some(800_000), "slow until fast");
    sim.run_until(11 * S);
    assert!(sim.fault_of(3).is_none());
    assert!(sim.fault_of(99).is_none(), "an id not in use");
}

#[test]
fn a_slow_command_with_a_span_records_its_fast_and_replays_from_its_query() {
    use gossip_sim::Action;
    let q = "proto=swim&nodes=8&topo=full";
    let mut sim = build(&Scenario::from_query(q).unwrap()).unwrap();
    sim.run_until(2 * S);
    let ev = sim.command_for(Action::Slow(3, 800), Some(5000)).unwrap();
    assert_eq!(ev.to_string(), "2001ms.slow.3.800ms.5s");
    let script: Vec<String> = sim
        .scenario()
        .events
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(script, ["2001ms.slow.3.800ms", "7001ms.fast.3"]);
    sim.run_until(3 * S);
    assert_eq!(sim.fault_of(3).slow, Some(800_000));
    sim.run_until(20 * S);
    assert!(sim.fault_of(3).is_none(), "fast again after 5 s");
    // The recorded query replays the same run.
    let again = run(&sim.scenario().to_query(), 20);
    assert_eq!(again.trace_hash(), sim.trace_hash());
}

#[test]
fn ending_a_timed_slow_early_drops_its_scheduled_fast() {
    use gossip_sim::Action;
    let q = "proto=swim&nodes=8&topo=full";
    for end in [Action::Fast(3), Action::Crash(3), Action::Leave(3)] {
        let mut sim = build(&Scenario::from_query(q).unwrap()).unwrap();
        sim.run_until(S);
        sim.command_for(Action::Slow(3, 800), Some(30_000)).unwrap();
        sim.run_until(5 * S);
        sim.command(end.clone())
            .unwrap_or_else(|e| panic!("{end:?} refused: {e}"));
        let fasts = sim
            .scenario()
            .events
            .iter()
            .filter(|e| matches!(e.action, Action::Fast(3)))
            .count();
        let expected = usize::from(end == Action::Fast(3));
        assert_eq!(fasts, expected, "{end:?}: {:?}", sim.scenario().events);
        sim.run_until(40 * S);
        assert!(sim.fault_of(3).is_none());
    }
}
