//! Behaviours checked against memberlist's own code: whom gossip goes to (`gossip()`), the
//! probe ticker that holds one tick for a probe outlasting its period (`schedule`, `probeNode`),
//! and the TCP fallback ping (`probeNode`, `sendPingAndWaitForAck`).

use alloc::vec::Vec;

use super::*;

/// Gossip every tick to up to `fanout` members, Lifeguard off.
fn gossiping(fanout: u32) -> SwimConfig {
    SwimConfig {
        gossip_fanout: fanout,
        ..SwimConfig::lan()
    }
}

/// The members `out` sends a `Gossip` to.
fn gossip_targets(out: &Out) -> Vec<NodeId> {
    sent(out)
        .into_iter()
        .filter(|(_, m)| matches!(m, SwimMsg::Gossip { .. }))
        .map(|(to, _)| to)
        .collect()
}

#[test]
fn gossip_goes_to_suspect_members() {
    // Node 0 knows 1 and 2; 2 is suspect. With fanout 2 both get the gossip: memberlist's
    // gossip() keeps alive and suspect members alike.
    let (mut a, _) = Harness::start(0, &[1, 2], &gossiping(2));
    a.hear(1, &[update(2, UpdateKind::Suspect, 0)]);
    assert_eq!(a.node.status_of(2), Status::Suspect);
    let mut targets = gossip_targets(&a.tick());
    targets.sort_unstable();
    assert_eq!(targets, [1, 2]);
}

#[test]
fn a_suspect_that_receives_gossip_refutes() {
    let (mut a, _) = Harness::start(0, &[1, 2], &gossiping(2));
    let (mut b, _) = Harness::start(2, &[0, 1], &gossiping(2));
    a.hear(1, &[update(2, UpdateKind::Suspect, 0)]);
    let out = a.tick();
    let (_, gossip) = sent(&out)
        .into_iter()
        .find(|(to, m)| *to == 2 && matches!(m, SwimMsg::Gossip { .. }))
        .expect("the suspect is a gossip target");
    let refuted = b.deliver(0, gossip);
    assert!(notes(&refuted).contains(&Note::Refuted { incarnation: 1 }));
    assert_eq!(b.node.incarnation(), 1);
}

#[test]
fn gossip_goes_to_the_dead_only_within_gossip_to_dead() {
    let config = SwimConfig {
        gossip_to_dead: 5_000_000,
        ..gossiping(2)
    };
    let (mut a, _) = Harness::start(0, &[1, 2], &config);
    a.hear(1, &[update(2, UpdateKind::Dead, 0)]);
    assert_eq!(a.node.status_of(2), Status::Dead);
    // Within 5 s of the death, 2 is still one of the two targets.
    let mut targets = gossip_targets(&a.tick());
    targets.sort_unstable();
    assert_eq!(targets, [1, 2]);
    // Once it is older than that, only 1 remains; news keeps the buffer busy.
    for _ in 0..5 {
        a.hear(1, &[update(9, UpdateKind::Alive, 0)]);
        a.tick();
    }
    a.hear(1, &[update(10, UpdateKind::Alive, 0)]);
    let targets = gossip_targets(&a.tick());
    assert!(!targets.contains(&2), "{targets:?}");
    assert!(targets.contains(&1));
}

#[test]
fn gossip_to_dead_zero_sends_nothing_to_the_dead() {
    let config = SwimConfig {
        gossip_to_dead: 0,
        ..gossiping(2)
    };
    let (mut a, _) = Harness::start(0, &[1, 2], &config);
    a.hear(1, &[update(2, UpdateKind::Dead, 0)]);
    assert_eq!(gossip_targets(&a.tick()), [1]);
}

#[test]
fn indirect_probes_and_push_pull_still_go_to_alive_members_only() {
    // memberlist's probeNode and pushPullNode filter out anyone not alive.
    let (mut a, _) = Harness::start(0, &[1, 2, 3], &SwimConfig::lan());
    a.hear(1, &[update(2, UpdateKind::Suspect, 0)]);
    loop {
        let (target, seq) = the_ping(&a.tick());
        if target == 3 {
            a.now += 500_000;
            let out = a.fire(SwimTimer::ProbeTimeout { seq });
            let relays: Vec<NodeId> = sent(&out)
                .into_iter()
                .filter(|(_, m)| matches!(m, SwimMsg::PingReq { .. }))
                .map(|(to, _)| to)
                .collect();
            assert_eq!(relays, [1]);
            break;
        }
        a.deliver(
            target,
            SwimMsg::Ack {
                seq,
                updates: Vec::new(),
            },
        );
    }
}

/// Node 0 with the TCP fallback on, probing member 1 of `[1, 2]`: returns the harness and
/// the probe's sequence number, after the ack timeout (ping-reqs and the TCP ping sent).
fn unanswered_probe(tcp_ping: bool, lifeguard: super::super::Lifeguard) -> (Harness, u32, Out) {
    let config = SwimConfig {
        tcp_ping,
        lifeguard,
        ..SwimConfig::lan()
    };
    let (mut a, _) = Harness::start(0, &[1, 2], &config);
    loop {
        let (target, seq) = the_ping(&a.tick());
        if target == 1 {
            a.now += 500_000;
            let out = a.fire(SwimTimer::ProbeTimeout { seq });
            return (a, seq, out);
        }
        a.deliver(
            target,
            SwimMsg::Ack {
                seq,
                updates: Vec::new(),
            },
        );
    }
}

#[test]
fn the_tcp_ping_goes_beside_the_ping_reqs_only_when_on() {
    let (_, seq, out) = unanswered_probe(true, super::super::Lifeguard::OFF);
    assert!(sent(&out).contains(&(1, SwimMsg::TcpPing { seq })));
    assert!(
        sent(&out)
            .iter()
            .any(|(to, m)| *to == 2 && matches!(m, SwimMsg::PingReq { .. }))
    );
    let (_, _, out) = unanswered_probe(false, super::super::Lifeguard::OFF);
    assert!(
        !sent(&out)
            .iter()
            .any(|(_, m)| matches!(m, SwimMsg::TcpPing { .. }))
    );
}

#[test]
fn a_tcp_ping_is_answered_over_the_stream_without_updates() {
    let (mut b, _) = Harness::start(1, &[0], &SwimConfig::lan());
    assert_eq!(
        sent(&b.deliver(0, SwimMsg::TcpPing { seq: 7 })),
        [(0, SwimMsg::TcpAck { seq: 7 })]
    );
}

#[test]
fn a_tcp_answer_before_the_probe_ends_prevents_the_suspicion() {
    let (mut a, seq, _) = unanswered_probe(true, super::super::Lifeguard::ALL);
    let score = a.node.health_score();
    a.now += 100_000;
    a.deliver(1, SwimMsg::TcpAck { seq });
    let out = a.tick();
    assert_eq!(a.node.status_of(1), Status::Alive);
    assert!(notes(&out).is_empty(), "{out:?}");
    // As after an ack: the health score does not rise.
    assert!(a.node.health_score() <= score);
}

#[test]
fn without_a_tcp_answer_the_target_becomes_suspect() {
    let (mut a, _, _) = unanswered_probe(true, super::super::Lifeguard::OFF);
    a.tick();
    assert_eq!(a.node.status_of(1), Status::Suspect);
}

#[test]
fn a_tcp_answer_after_the_probe_ended_is_ignored() {
    let (mut a, seq, _) = unanswered_probe(true, super::super::Lifeguard::OFF);
    a.now += 500_000; // the end of the period: the deadline
    a.deliver(1, SwimMsg::TcpAck { seq });
    a.now -= 500_000;
    a.tick();
    assert_eq!(a.node.status_of(1), Status::Suspect);
}

/// Lifeguard's local health multiplier alone, at health score `score`.
fn at_score(score: i64) -> Harness {
    let config = SwimConfig {
        lifeguard: super::super::Lifeguard {
            lhm: true,
            ..super::super::Lifeguard::OFF
        },
        ..SwimConfig::lan()
    };
    let (mut a, _) = Harness::start(0, &peers(8), &config);
    a.node.awareness.apply_delta(score, 8);
    a
}

#[test]
fn a_late_ack_to_a_probe_that_outlasted_its_period_starts_the_next_probe_at_once() {
    // memberlist probes from a Go ticker whose channel holds one tick: a probe still waiting
    // when the period ends has a tick held for it, and the next probe starts as soon as the
    // late ack ends it (a slow member's acks come 1.3 s after its pings).
    let mut a = at_score(2);
    let (target, seq) = the_ping(&a.tick());
    assert_eq!(a.node.probe.unwrap().deadline, a.now + 3_000_000);
    let held = a.tick();
    assert!(
        sent(&held)
            .iter()
            .all(|(_, m)| !matches!(m, SwimMsg::Ping { .. }))
    );
    assert!(timers(&held).contains(&(2_000_000, SwimTimer::ProbeEnd { seq })));
    a.now += 300_000;
    let on_ack = a.deliver(
        target,
        SwimMsg::Ack {
            seq,
            updates: Vec::new(),
        },
    );
    let (_, next) = the_ping(&on_ack);
    assert_ne!(next, seq);
    assert_eq!(a.node.health_score(), 1);
    assert_eq!(a.node.probe.unwrap().started, a.now);
    // Its deadline falls between ticks; the end timer that was armed for the acked probe
    // changes nothing.
    assert_eq!(a.node.probe.unwrap().deadline, a.now + 2_000_000);
    assert!(a.fire(SwimTimer::ProbeEnd { seq }).is_empty());
}

#[test]
fn a_probe_that_held_a_tick_is_judged_at_its_deadline_between_ticks() {
    let mut a = at_score(2);
    let (target, seq) = the_ping(&a.tick());
    a.tick();
    a.now += 300_000;
    a.deliver(
        target,
        SwimMsg::Ack {
            seq,
            updates: Vec::new(),
        },
    );
    // The next probe started at 2.3 s with score 1: deadline 4.3 s. The tick at 3 s holds.
    let next = a.node.probe.unwrap();
    a.now = 3_000_000;
    let held = a.fire(SwimTimer::Tick);
    assert!(timers(&held).contains(&(1_300_000, SwimTimer::ProbeEnd { seq: next.seq })));
    // At 4 s the probe still waits and no second end timer is armed.
    a.now = 4_000_000;
    let out = a.fire(SwimTimer::Tick);
    assert!(
        !timers(&out)
            .iter()
            .any(|(_, t)| matches!(t, SwimTimer::ProbeEnd { .. }))
    );
    // At 4.3 s nothing answered: the target becomes suspect and the next probe starts.
    a.now = next.deadline;
    let end = a.fire(SwimTimer::ProbeEnd { seq: next.seq });
    assert!(notes(&end).contains(&change(next.target, Status::Alive, Status::Suspect)));
    let (_, after) = the_ping(&end);
    assert_ne!(after, next.seq);
    assert_eq!(
        a.node.health_score(),
        2,
        "a failed probe without nacks counts +1"
    );
}

#[test]
fn without_the_health_multiplier_no_tick_is_ever_held() {
    // A probe's deadline is the next tick: every tick judges one probe and starts the next.
    let (mut a, _) = Harness::start(0, &peers(8), &SwimConfig::lan());
    for _ in 0..10 {
        let out = a.tick();
        the_ping(&out);
        assert!(
            !timers(&out)
                .iter()
                .any(|(_, t)| matches!(t, SwimTimer::ProbeEnd { .. }))
        );
        assert!(!a.node.probe.unwrap().tick_held);
    }
}

#[test]
fn a_failed_probe_suspects_the_incarnation_it_started_with_so_a_refutation_meanwhile_wins() {
    // memberlist's probe() copies the node's state before probeNode; the suspicion after a
    // failed probe carries that copy's incarnation, and suspectNode ignores it if the member
    // refuted in the meantime ("Ignore old incarnation numbers").
    let (mut a, _) = Harness::start(0, &peers(8), &SwimConfig::lan());
    let (target, _) = the_ping(&a.tick());
    assert_eq!(a.node.probe.unwrap().incarnation, 0);
    a.hear(5, &[update(target, UpdateKind::Alive, 1)]);
    let judged = a.tick();
    assert!(
        !notes(&judged).contains(&change(target, Status::Alive, Status::Suspect)),
        "{judged:?}"
    );
    assert_eq!(a.node.status_of(target), Status::Alive);
    // Without the refutation the same failed probe suspects the member.
    let (mut b, _) = Harness::start(0, &peers(8), &SwimConfig::lan());
    let (target, _) = the_ping(&b.tick());
    assert!(notes(&b.tick()).contains(&change(target, Status::Alive, Status::Suspect)));
}
