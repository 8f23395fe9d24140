//! Probing: acks, indirect probes, suspicion by the failure detector, round robin.

use alloc::vec::Vec;

use super::*;

fn lan() -> SwimConfig {
    SwimConfig::lan()
}

#[test]
fn start_joins_every_peer_and_arms_the_first_tick() {
    let (_, out) = Harness::start(0, &[1, 2, 3], &lan());
    let joins: Vec<NodeId> = sent(&out)
        .into_iter()
        .map(|(to, msg)| {
            assert!(matches!(msg, SwimMsg::Join { incarnation: 0, .. }));
            assert!(msg.updates().contains(&update(0, UpdateKind::Alive, 0)));
            to
        })
        .collect();
    let mut sorted = joins.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, [1, 2, 3]);
    assert_eq!(timers(&out), [(0, SwimTimer::Tick)]);
}

#[test]
fn start_joins_at_most_join_seeds_distinct_peers() {
    let (_, out) = Harness::start(0, &peers(40), &lan());
    let mut joins: Vec<NodeId> = sent(&out).into_iter().map(|(to, _)| to).collect();
    joins.sort_unstable();
    joins.dedup();
    assert_eq!(joins.len(), 3);
    assert!(joins.iter().all(|&p| (1..=40).contains(&p)));
}

#[test]
fn first_tick_is_random_within_a_period_unless_aligned() {
    let config = lan();
    let mut node = SwimNode::new(0, &config, &[1], 2_500_000);
    let mut out = Out::new();
    node.on_start(2_500_000, &mut TestRng::new(9), &mut out);
    let (after, _) = timers(&out)[0];
    assert!(after < config.period);

    let mut aligned = SwimNode::new(0, &config, &[1], 2_300_000);
    aligned.set_aligned(true);
    let mut out = Out::new();
    aligned.on_start(2_300_000, &mut TestRng::new(9), &mut out);
    assert_eq!(timers(&out), [(700_000, SwimTimer::Tick)]);
}

#[test]
fn probe_acked_by_target_keeps_it_alive() {
    let (mut a, _) = Harness::start(0, &[1], &lan());
    let (mut b, _) = Harness::start(1, &[0], &lan());
    for _ in 0..5 {
        let out = a.tick();
        let (to, seq) = the_ping(&out);
        assert_eq!(to, 1);
        assert_eq!(a.node.probe_target(), Some(1));
        let ping = sent(&out).remove(0).1;
        let reply = b.deliver(0, ping);
        let (back, ack) = sent(&reply).remove(0);
        assert_eq!(back, 0);
        assert!(matches!(ack, SwimMsg::Ack { seq: s, .. } if s == seq));
        assert!(a.deliver(1, ack).is_empty());
    }
    let out = a.tick();
    assert!(notes(&out).is_empty());
    assert_eq!(a.node.status_of(1), Status::Alive);
}

#[test]
fn missed_ack_triggers_ping_req_to_k_members() {
    let (mut a, _) = Harness::start(0, &peers(6), &lan());
    let (target, seq) = the_ping(&a.tick());
    let out = a.fire(SwimTimer::ProbeTimeout { seq });
    let mut helpers: Vec<NodeId> = sent(&out)
        .into_iter()
        .map(|(to, msg)| {
            assert!(
                matches!(msg, SwimMsg::PingReq { seq: s, target: t, .. } if s == seq && t == target)
            );
            to
        })
        .collect();
    assert_eq!(helpers.len(), 3);
    helpers.sort_unstable();
    helpers.dedup();
    assert_eq!(helpers.len(), 3);
    assert!(!helpers.contains(&target) && !helpers.contains(&0));
}

#[test]
fn ping_req_goes_to_fewer_members_when_not_enough_are_alive() {
    let (mut a, _) = Harness::start(0, &[1, 2], &lan());
    let (target, seq) = the_ping(&a.tick());
    let out = a.fire(SwimTimer::ProbeTimeout { seq });
    let helpers: Vec<NodeId> = sent(&out).into_iter().map(|(to, _)| to).collect();
    assert_eq!(helpers, [3 - target]);
}

#[test]
fn probe_timeout_after_the_ack_is_ignored() {
    let (mut a, _) = Harness::start(0, &peers(4), &lan());
    let (target, seq) = the_ping(&a.tick());
    a.deliver(
        target,
        SwimMsg::Ack {
            seq,
            updates: Vec::new(),
        },
    );
    assert!(a.fire(SwimTimer::ProbeTimeout { seq }).is_empty());
    assert!(a.fire(SwimTimer::ProbeTimeout { seq: seq + 7 }).is_empty());
}

#[test]
fn relayed_ack_through_intermediary_counts() {
    let (mut a, _) = Harness::start(0, &[1, 2], &lan());
    let (target, seq) = the_ping(&a.tick());
    let helper_id = 3 - target;
    let (mut helper, _) = Harness::start(helper_id, &[0, target], &lan());
    let (mut probed, _) = Harness::start(target, &[0, helper_id], &lan());
    let (to, req) = sent(&a.fire(SwimTimer::ProbeTimeout { seq })).remove(0);
    assert_eq!(to, helper_id);

    let relay_ping = helper.deliver(0, req);
    let (to, ping) = sent(&relay_ping).remove(0);
    assert_eq!(to, target);
    let (_, ack) = sent(&probed.deliver(helper_id, ping)).remove(0);
    let (to, relayed) = sent(&helper.deliver(target, ack)).remove(0);
    assert_eq!(to, 0);
    assert!(matches!(relayed, SwimMsg::Ack { seq: s, .. } if s == seq));
    a.deliver(helper_id, relayed);

    assert!(notes(&a.tick()).is_empty());
    assert_eq!(a.node.status_of(target), Status::Alive);
    assert_eq!(helper.node.relays.len(), 0);
}

#[test]
fn expired_relay_is_forgotten() {
    let (mut helper, _) = Harness::start(1, &[0, 2], &lan());
    let out = helper.deliver(
        0,
        SwimMsg::PingReq {
            seq: 40,
            target: 2,
            updates: Vec::new(),
        },
    );
    let (_, expiry) = timers(&out)[0];
    let SwimMsg::Ping { seq, .. } = sent(&out).remove(0).1 else {
        panic!("expected a ping");
    };
    helper.fire(expiry);
    let late = helper.deliver(
        2,
        SwimMsg::Ack {
            seq,
            updates: Vec::new(),
        },
    );
    assert!(sent(&late).is_empty());
}

#[test]
fn no_ack_by_end_of_period_makes_target_suspect() {
    let (mut a, _) = Harness::start(0, &peers(3), &lan());
    let (target, _) = the_ping(&a.tick());
    let out = a.tick();
    assert_eq!(
        notes(&out),
        [change(target, Status::Alive, Status::Suspect)]
    );
    assert_eq!(a.node.status_of(target), Status::Suspect);
    assert!(timers(&out).contains(&(
        4_000_000,
        SwimTimer::SuspicionTimeout {
            member: target,
            incarnation: 0
        }
    )));
    // The suspicion is gossiped on the next probe.
    assert!(
        sent(&out)[0]
            .1
            .updates()
            .contains(&update(target, UpdateKind::Suspect, 0))
    );
}

#[test]
fn acked_suspect_stays_suspect_until_it_refutes() {
    let (mut a, _) = Harness::start(0, &[1], &lan());
    a.hear(1, &[update(1, UpdateKind::Suspect, 0)]);
    let (_, seq) = the_ping(&a.tick());
    a.deliver(
        1,
        SwimMsg::Ack {
            seq,
            updates: Vec::new(),
        },
    );
    a.tick();
    assert_eq!(a.node.status_of(1), Status::Suspect);
}

#[test]
fn node_probes_every_member_once_per_cycle() {
    let members = peers(9);
    let (mut a, _) = Harness::start(0, &members, &lan());
    for _cycle in 0..3 {
        let mut probed: Vec<NodeId> = (0..9).map(|_| a.probe_acked()).collect();
        probed.sort_unstable();
        assert_eq!(probed, members);
    }
}

#[test]
fn gossip_fanout_sends_pending_updates_to_extra_members() {
    let config = SwimConfig {
        gossip_fanout: 2,
        ..lan()
    };
    let (mut a, _) = Harness::start(0, &peers(5), &config);
    a.hear(1, &[update(9, UpdateKind::Alive, 0)]);
    let out = a.tick();
    let gossips = sent(&out)
        .into_iter()
        .filter(|(_, m)| matches!(m, SwimMsg::Gossip { .. }))
        .count();
    assert_eq!(gossips, 2);
}

#[test]
fn ping_req_about_the_receiver_itself_is_answered_directly() {
    let (mut helper, _) = Harness::start(1, &[0], &lan());
    let out = helper.deliver(
        0,
        SwimMsg::PingReq {
            seq: 12,
            target: 1,
            updates: Vec::new(),
        },
    );
    let (to, ack) = sent(&out).remove(0);
    assert_eq!(to, 0);
    assert!(matches!(ack, SwimMsg::Ack { seq: 12, .. }));
}
