//! Behaviours checked against memberlist's own code: whom gossip goes to (`gossip()`), and
//! the TCP fallback ping (`probeNode`, `sendPingAndWaitForAck`).

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
