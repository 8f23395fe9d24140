//! Lifeguard's four parts, each on its own, driven by hand.

use alloc::vec::Vec;

use super::*;
use crate::swim::Lifeguard;

fn with(lifeguard: Lifeguard) -> SwimConfig {
    SwimConfig {
        lifeguard,
        ..SwimConfig::lan()
    }
}

fn lhm() -> SwimConfig {
    with(Lifeguard {
        lhm: true,
        ..Lifeguard::OFF
    })
}

/// Runs one period whose probe nobody answers; returns its target.
fn probe_fails(h: &mut Harness) -> NodeId {
    let (target, seq) = the_ping(&h.tick());
    h.fire(SwimTimer::ProbeTimeout { seq });
    target
}

#[test]
fn a_failed_probe_without_nacks_raises_the_health_score_and_an_ack_lowers_it() {
    let (mut a, _) = Harness::start(0, &peers(8), &lhm());
    probe_fails(&mut a);
    a.tick(); // judges the failed probe: +1
    assert_eq!(a.node.health_score(), 1);
    // The probe started at score 1 has a two-period deadline: the next tick only waits.
    let waiting = a.tick();
    assert!(
        sent(&waiting)
            .iter()
            .all(|(_, m)| !matches!(m, SwimMsg::Ping { .. }))
    );
    let target = a.node.probe_target().unwrap();
    let seq = a.node.probe.unwrap().seq;
    a.deliver(
        target,
        SwimMsg::Ack {
            seq,
            updates: Vec::new(),
        },
    );
    assert_eq!(a.node.health_score(), 0, "a successful probe counts −1");
}

#[test]
fn the_health_score_scales_the_probe_interval_but_not_the_ack_timeout() {
    let (mut a, _) = Harness::start(0, &peers(8), &lhm());
    for _ in 0..20 {
        a.node.awareness.apply_delta(1, 8);
    }
    assert_eq!(a.node.health_score(), 7, "capped at awareness_max − 1");
    let out = a.tick();
    let (_, seq) = the_ping(&out);
    // The direct ack timeout is not scaled (memberlist's ProbeTimeout).
    assert!(timers(&out).contains(&(500_000, SwimTimer::ProbeTimeout { seq })));
    assert_eq!(a.node.probe.unwrap().deadline, a.now + 8 * 1_000_000);
    // Seven more ticks only wait; the eighth judges the probe and starts the next.
    for _ in 0..7 {
        let out = a.tick();
        assert!(
            sent(&out)
                .iter()
                .all(|(_, m)| !matches!(m, SwimMsg::Ping { .. }))
        );
    }
    let out = a.tick();
    the_ping(&out);
    assert!(notes(&out).iter().any(|n| matches!(
        n,
        Note::Member(Change {
            to: Status::Suspect,
            ..
        })
    )));
}

#[test]
fn a_refutation_raises_the_health_score() {
    let (mut a, _) = Harness::start(0, &peers(3), &lhm());
    a.hear(1, &[update(0, UpdateKind::Suspect, 0)]);
    assert_eq!(a.node.incarnation(), 1);
    assert_eq!(a.node.health_score(), 1);
}

#[test]
fn missed_nacks_count_one_each_and_received_nacks_do_not() {
    let config = with(Lifeguard {
        lhm: true,
        nack: true,
        ..Lifeguard::OFF
    });
    let (mut a, _) = Harness::start(0, &peers(8), &config);
    let (_, seq) = the_ping(&a.tick());
    let out = a.fire(SwimTimer::ProbeTimeout { seq });
    let relays: Vec<NodeId> = sent(&out)
        .into_iter()
        .filter(|(_, m)| matches!(m, SwimMsg::PingReq { .. }))
        .map(|(to, _)| to)
        .collect();
    assert_eq!(relays.len(), 3);
    // Two of three relays nack: the target is down, and this node hears the others.
    a.deliver(relays[0], SwimMsg::Nack { seq });
    a.deliver(relays[1], SwimMsg::Nack { seq });
    a.tick();
    assert_eq!(a.node.health_score(), 1, "one nack missing");
    // Next probe: no nack at all (this node is the one not hearing): +3.
    let seq = a.node.probe.unwrap().seq;
    a.fire(SwimTimer::ProbeTimeout { seq });
    a.tick();
    a.tick();
    assert_eq!(a.node.health_score(), 4);
}

#[test]
fn a_relay_without_an_ack_nacks_after_the_probe_timeout_and_not_after_an_ack() {
    let config = with(Lifeguard {
        nack: true,
        ..Lifeguard::OFF
    });
    let (mut r, _) = Harness::start(5, &peers(8), &config);
    let out = r.deliver(
        1,
        SwimMsg::PingReq {
            seq: 42,
            target: 2,
            updates: Vec::new(),
        },
    );
    let (_, relay_seq) = the_ping(&out);
    assert!(timers(&out).contains(&(500_000, SwimTimer::RelayNack { seq: relay_seq })));
    let out = r.fire(SwimTimer::RelayNack { seq: relay_seq });
    assert_eq!(sent(&out), [(1, SwimMsg::Nack { seq: 42 })]);

    // Acked in time: no nack.
    let out = r.deliver(
        1,
        SwimMsg::PingReq {
            seq: 43,
            target: 3,
            updates: Vec::new(),
        },
    );
    let (_, relay_seq) = the_ping(&out);
    r.deliver(
        3,
        SwimMsg::Ack {
            seq: relay_seq,
            updates: Vec::new(),
        },
    );
    assert!(sent(&r.fire(SwimTimer::RelayNack { seq: relay_seq })).is_empty());
}

#[test]
fn without_nacks_a_relay_sends_none() {
    let (mut r, _) = Harness::start(5, &peers(8), &SwimConfig::lan());
    let out = r.deliver(
        1,
        SwimMsg::PingReq {
            seq: 42,
            target: 2,
            updates: Vec::new(),
        },
    );
    assert!(
        !timers(&out)
            .iter()
            .any(|(_, t)| matches!(t, SwimTimer::RelayNack { .. }))
    );
}

#[test]
fn a_ping_to_a_suspect_carries_the_suspicion_with_the_buddy_system() {
    let config = with(Lifeguard {
        buddy: true,
        ..Lifeguard::OFF
    });
    let (mut a, _) = Harness::start(0, &[1], &config);
    a.hear(2, &[update(1, UpdateKind::Suspect, 0)]);
    // Spend the suspect rumour's piggyback budget so only the buddy rule can carry it.
    for _ in 0..20 {
        a.node.piggyback();
    }
    let out = a.tick();
    let pings: Vec<SwimMsg> = sent(&out).into_iter().map(|(_, m)| m).collect();
    assert!(
        pings[0]
            .updates()
            .contains(&update(1, UpdateKind::Suspect, 0))
    );

    // The suspect refutes at once.
    let (mut b, _) = Harness::start(1, &[0], &config);
    let out = b.deliver(0, pings[0].clone());
    assert!(notes(&out).contains(&Note::Refuted { incarnation: 1 }));
}

#[test]
fn without_the_buddy_system_a_ping_to_a_suspect_carries_no_suspicion_of_its_own() {
    let (mut a, _) = Harness::start(0, &[1], &SwimConfig::lan());
    a.hear(2, &[update(1, UpdateKind::Suspect, 0)]);
    for _ in 0..20 {
        a.node.piggyback();
    }
    let out = a.tick();
    assert!(sent(&out).iter().all(|(_, m)| m.updates().is_empty()));
}

#[test]
fn independent_confirmations_shorten_a_running_dynamic_suspicion() {
    let config = with(Lifeguard {
        dynamic: true,
        ..Lifeguard::OFF
    });
    let (mut a, _) = Harness::start(0, &peers(20), &config);
    let accuse = |by: NodeId| Update {
        from: by,
        ..update(9, UpdateKind::Suspect, 0)
    };
    let out = a.hear(1, &[accuse(1)]);
    let s = a.node.suspicions[0].clone();
    let (min, max) = (s.min, s.max);
    assert_eq!(max, 6 * min);
    assert!(timers(&out).contains(&(
        max,
        SwimTimer::SuspicionTimeout {
            member: 9,
            incarnation: 0
        }
    )));
    // The same accuser again is no confirmation; a second accuser is.
    assert!(timers(&a.hear(3, &[accuse(1)])).is_empty());
    let out = a.hear(3, &[accuse(2)]);
    let (after, _) = timers(&out)[0];
    assert!(min < after && after < max, "{after}");
    // K = 2 for the LAN multiplier of 4: the second confirmation brings it to Min.
    let out = a.hear(4, &[accuse(4)]);
    assert_eq!(timers(&out)[0].0, min);
    a.now += min;
    let out = a.fire(SwimTimer::SuspicionTimeout {
        member: 9,
        incarnation: 0,
    });
    assert!(notes(&out).contains(&change(9, Status::Suspect, Status::Dead)));
}

#[test]
fn an_unconfirmed_dynamic_suspicion_waits_for_max() {
    let config = with(Lifeguard {
        dynamic: true,
        ..Lifeguard::OFF
    });
    let (mut a, _) = Harness::start(0, &peers(20), &config);
    a.hear(
        1,
        &[Update {
            from: 1,
            ..update(9, UpdateKind::Suspect, 0)
        }],
    );
    let min = a.node.suspicions[0].min;
    a.now += min;
    let out = a.fire(SwimTimer::SuspicionTimeout {
        member: 9,
        incarnation: 0,
    });
    assert!(
        notes(&out).is_empty(),
        "not dead at Min without confirmations"
    );
}
