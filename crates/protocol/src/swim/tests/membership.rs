//! Rumours: precedence, refutation, suspicion expiry, join and sync, dissemination, leave.

use alloc::vec::Vec;

use super::*;

fn lan() -> SwimConfig {
    SwimConfig::lan()
}

/// Node 0 knowing `1..=n`, with member 1 made suspect at incarnation `incarnation` by a rumour;
/// returns the harness and the suspicion timer.
fn with_suspect(n: NodeId, incarnation: u32) -> (Harness, SwimTimer) {
    let (mut a, _) = Harness::start(0, &peers(n), &lan());
    let out = a.hear(2, &[update(1, UpdateKind::Suspect, incarnation)]);
    assert_eq!(notes(&out), [change(1, Status::Alive, Status::Suspect)]);
    let (_, timer) = timers(&out)[0];
    (a, timer)
}

#[test]
fn suspect_is_refuted_by_higher_incarnation() {
    let (mut a, _) = with_suspect(3, 0);
    assert!(a.hear(2, &[update(1, UpdateKind::Alive, 0)]).is_empty());
    let out = a.hear(2, &[update(1, UpdateKind::Alive, 1)]);
    assert_eq!(notes(&out), [change(1, Status::Suspect, Status::Alive)]);
}

#[test]
fn node_refutes_suspicion_about_itself_with_incarnation_plus_one() {
    let (mut a, _) = Harness::start(0, &peers(2), &lan());
    a.hear(1, &[update(0, UpdateKind::Suspect, 0)]);
    let out = a.hear(1, &[update(0, UpdateKind::Dead, 4)]);
    assert_eq!(notes(&out), [Note::Refuted { incarnation: 5 }]);
    assert_eq!(a.node.incarnation(), 5);
    assert_eq!(a.node.status_of(0), Status::Alive);
    // A stale suspicion needs no refutation.
    assert!(a.hear(1, &[update(0, UpdateKind::Suspect, 4)]).is_empty());
    // The refutation goes out first on the next message.
    let reply = a.deliver(
        1,
        SwimMsg::Ping {
            seq: 3,
            updates: Vec::new(),
        },
    );
    assert_eq!(
        sent(&reply)[0].1.updates()[0],
        update(0, UpdateKind::Alive, 5)
    );
}

#[test]
fn suspicion_timeout_confirms_dead() {
    let (mut a, timer) = with_suspect(3, 2);
    assert_eq!(
        timer,
        SwimTimer::SuspicionTimeout {
            member: 1,
            incarnation: 2
        }
    );
    let out = a.fire(timer);
    assert_eq!(notes(&out), [change(1, Status::Suspect, Status::Dead)]);
    let reply = a.deliver(
        2,
        SwimMsg::Ping {
            seq: 1,
            updates: Vec::new(),
        },
    );
    assert!(
        sent(&reply)[0]
            .1
            .updates()
            .contains(&update(1, UpdateKind::Dead, 2))
    );
}

#[test]
fn stale_suspicion_timer_is_ignored() {
    let (mut a, timer) = with_suspect(3, 0);
    a.hear(2, &[update(1, UpdateKind::Alive, 1)]);
    assert!(a.fire(timer).is_empty());
    // Suspected again at the new incarnation: the old timer still does not count.
    a.hear(2, &[update(1, UpdateKind::Suspect, 1)]);
    assert!(a.fire(timer).is_empty());
    assert_eq!(a.node.status_of(1), Status::Suspect);
}

#[test]
fn dead_overrides_suspect_at_same_incarnation() {
    let (mut a, _) = with_suspect(3, 1);
    assert!(a.hear(2, &[update(1, UpdateKind::Dead, 0)]).is_empty());
    let out = a.hear(2, &[update(1, UpdateKind::Dead, 1)]);
    assert_eq!(notes(&out), [change(1, Status::Suspect, Status::Dead)]);
    assert!(a.hear(2, &[update(1, UpdateKind::Suspect, 5)]).is_empty());
}

#[test]
fn alive_with_higher_incarnation_resurrects_a_dead_member() {
    let (mut a, _) = Harness::start(0, &peers(3), &lan());
    a.hear(2, &[update(1, UpdateKind::Dead, 3)]);
    assert!(a.hear(2, &[update(1, UpdateKind::Alive, 3)]).is_empty());
    let out = a.hear(2, &[update(1, UpdateKind::Alive, 4)]);
    assert_eq!(notes(&out), [change(1, Status::Dead, Status::Alive)]);
}

#[test]
fn learning_a_member_notifies_and_adds_it_to_the_probe_order() {
    let (mut a, _) = Harness::start(0, &[1], &lan());
    let out = a.hear(1, &[update(7, UpdateKind::Alive, 2)]);
    assert_eq!(notes(&out), [change(7, Status::Unknown, Status::Alive)]);
    let mut targets: Vec<NodeId> = (0..2).map(|_| a.probe_acked()).collect();
    targets.sort_unstable();
    assert_eq!(targets, [1, 7]);
    let row = a.node.rows().into_iter().find(|r| r.member == 7).unwrap();
    assert_eq!(
        (row.status, row.counter, row.generation),
        (Status::Alive, 2, 0)
    );
}

#[test]
fn join_yields_sync_with_full_table() {
    let (mut a, _) = Harness::start(0, &[1, 2], &lan());
    a.hear(1, &[update(2, UpdateKind::Suspect, 3)]);
    let out = a.deliver(
        5,
        SwimMsg::Join {
            incarnation: 0,
            updates: Vec::new(),
        },
    );
    assert_eq!(notes(&out), [change(5, Status::Unknown, Status::Alive)]);
    let (to, sync) = sent(&out).remove(0);
    assert_eq!(to, 5);
    let SwimMsg::Sync {
        members,
        reply: false,
    } = sync
    else {
        panic!("expected a sync, got {sync:?}");
    };
    assert_eq!(
        members.iter().collect::<Vec<_>>(),
        [
            (0, Status::Alive, 0),
            (1, Status::Alive, 0),
            (2, Status::Suspect, 3),
            (5, Status::Alive, 0),
        ]
    );
}

#[test]
fn recovered_node_learns_it_was_dead_from_sync_and_refutes() {
    let (mut a, _) = Harness::start(0, &[1, 2], &lan());
    a.hear(2, &[update(1, UpdateKind::Dead, 2)]);
    // Member 1 comes back as a new life, incarnation 0, and joins through node 0.
    let (mut b, start) = Harness::start(1, &[0], &lan());
    let (_, join) = sent(&start).remove(0);
    let answer = a.deliver(1, join);
    assert!(
        notes(&answer).is_empty(),
        "a stale alive must not resurrect it"
    );
    let (_, sync) = sent(&answer).remove(0);
    let out = b.deliver(0, sync);
    assert!(notes(&out).contains(&Note::Refuted { incarnation: 3 }));
    assert!(notes(&out).contains(&change(2, Status::Unknown, Status::Alive)));
    // Its next message carries the refutation, which resurrects it at node 0.
    let (_, ping) = sent(&b.tick()).remove(0);
    let out = a.deliver(1, ping);
    assert!(notes(&out).contains(&change(1, Status::Dead, Status::Alive)));
    assert_eq!(a.node.rows()[1].counter, 3);
}

#[test]
fn updates_are_retransmitted_at_most_lambda_times_ceil_log10_n_plus_one() {
    // 12 live members: limit = 2 * ceil(log10(13)) = 4.
    let config = SwimConfig { lambda: 2, ..lan() };
    let (mut a, _) = Harness::start(0, &peers(10), &config);
    a.hear(1, &[update(11, UpdateKind::Alive, 0)]);
    let carried = (0..20)
        .filter(|&seq| {
            let reply = a.deliver(
                1,
                SwimMsg::Ping {
                    seq,
                    updates: Vec::new(),
                },
            );
            sent(&reply)[0]
                .1
                .updates()
                .contains(&update(11, UpdateKind::Alive, 0))
        })
        .count();
    assert_eq!(carried, 4);
}

#[test]
fn unchanged_rumours_are_not_requeued() {
    let (mut a, _) = Harness::start(0, &[1], &lan());
    let before = a.node.pending_updates();
    assert!(a.hear(1, &[update(1, UpdateKind::Alive, 0)]).is_empty());
    assert_eq!(a.node.pending_updates(), before);
    a.hear(1, &[update(1, UpdateKind::Alive, 1)]);
    assert_eq!(a.node.pending_updates(), before + 1);
}

#[test]
fn leave_sends_left_to_several_members() {
    let (mut a, _) = Harness::start(0, &peers(8), &lan());
    let mut out = Out::new();
    a.node.on_leave(a.now, &mut a.rng, &mut out);
    let mut targets: Vec<NodeId> = sent(&out)
        .into_iter()
        .map(|(to, msg)| {
            assert!(matches!(msg, SwimMsg::Gossip { .. }));
            assert!(msg.updates().contains(&update(0, UpdateKind::Left, 0)));
            to
        })
        .collect();
    targets.sort_unstable();
    targets.dedup();
    assert_eq!(targets.len(), 4);
    // A receiver records the departure.
    let (mut b, _) = Harness::start(1, &[0], &lan());
    let out = b.hear(0, &[update(0, UpdateKind::Left, 0)]);
    assert_eq!(notes(&out), [change(0, Status::Alive, Status::Left)]);
}

/// Node `id` knowing `peers`, with `dead` declared dead (at incarnation 0) by rumour.
fn with_dead(id: NodeId, peers: &[NodeId], dead: &[NodeId]) -> Harness {
    let (mut a, _) = Harness::start(id, peers, &lan());
    let rumours: Vec<Update> = dead
        .iter()
        .map(|&m| update(m, UpdateKind::Dead, 0))
        .collect();
    a.hear(peers[0], &rumours);
    a
}

#[test]
fn push_pull_after_a_partition_turns_dead_into_suspect_and_refutes() {
    // Two sides, {0, 1} and {2, 3}, each declared the other dead.
    let mut a = with_dead(0, &[1, 2, 3], &[2, 3]);
    let mut b = with_dead(2, &[3, 0, 1], &[0, 1]);
    // Node 0 pushes its table to node 2, which it believes dead.
    let push = SwimMsg::Sync {
        members: a
            .node
            .rows()
            .iter()
            .map(|r| (r.member, r.status, r.counter as u32))
            .collect(),
        reply: true,
    };
    let out = b.deliver(0, push);
    // Node 2 refutes its own death, suspects (not kills) node 3, and answers with its table.
    assert!(notes(&out).contains(&Note::Refuted { incarnation: 1 }));
    assert!(notes(&out).contains(&change(3, Status::Alive, Status::Suspect)));
    assert_eq!(
        b.node.status_of(0),
        Status::Dead,
        "a stale alive changes nothing"
    );
    let (to, answer) = sent(&out).remove(0);
    assert_eq!(to, 0);
    assert!(matches!(answer, SwimMsg::Sync { reply: false, .. }));
    // Node 0 learns node 2 is alive again (incarnation 1) and refutes its own death.
    let out = a.deliver(2, answer);
    assert!(notes(&out).contains(&change(2, Status::Dead, Status::Alive)));
    assert!(notes(&out).contains(&Note::Refuted { incarnation: 1 }));
    assert!(sent(&out).is_empty(), "an answer is not answered");
}

#[test]
fn reconnect_targets_dead_members_about_once_per_reconnect_periods() {
    // 10 members, 5 of them dead: the chance per period is 5 / (5 live * 10) = 1/10.
    let mut a = with_dead(0, &peers(9), &[5, 6, 7, 8, 9]);
    let mut pushes = 0;
    for _ in 0..2000 {
        for (to, msg) in sent(&a.tick()) {
            if let SwimMsg::Sync { reply, .. } = msg {
                assert!(reply && (5..=9).contains(&to), "{to}");
                pushes += 1;
            }
        }
    }
    assert!((150..=250).contains(&pushes), "{pushes}");
    // Nobody dead (or only departed members): no reconnection at all.
    let (mut b, _) = Harness::start(0, &peers(3), &lan());
    b.hear(1, &[update(3, UpdateKind::Left, 0)]);
    let syncs = (0..200)
        .flat_map(|_| sent(&b.tick()))
        .filter(|(_, m)| matches!(m, SwimMsg::Sync { .. }))
        .count();
    assert_eq!(syncs, 0);
}

#[test]
fn push_pull_goes_to_a_random_alive_member_every_push_pull_periods() {
    let (mut a, _) = Harness::start(0, &peers(8), &lan());
    let mut at = Vec::new();
    for period in 1..=100 {
        for (to, msg) in sent(&a.tick()) {
            match msg {
                SwimMsg::Sync { reply, .. } => {
                    assert!(reply && (1..=8).contains(&to));
                    at.push(period);
                }
                // Every member answers, so every member stays alive.
                SwimMsg::Ping { seq, .. } => {
                    let ack = SwimMsg::Ack {
                        seq,
                        updates: Vec::new(),
                    };
                    a.deliver(to, ack);
                }
                _ => {}
            }
        }
    }
    assert!(at[0] <= 30, "first push-pull at period {}", at[0]);
    let gaps: Vec<u32> = at.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.len() >= 2 && gaps.iter().all(|&g| g == 30), "{at:?}");
}

#[test]
fn a_member_learned_by_push_pull_is_gossiped_on() {
    let (mut a, _) = Harness::start(0, &[1], &lan());
    let before = a.node.pending_updates();
    let out = a.deliver(
        1,
        SwimMsg::Sync {
            members: [(1, Status::Alive, 0), (7, Status::Alive, 2)]
                .into_iter()
                .collect(),
            reply: false,
        },
    );
    assert_eq!(notes(&out), [change(7, Status::Unknown, Status::Alive)]);
    assert_eq!(a.node.pending_updates(), before + 1);
}
