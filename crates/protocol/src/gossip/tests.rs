//! Handler tests for the gossip node, driven by hand.

use super::*;
use crate::Change;
use proptest::prelude::*;

/// A tiny deterministic generator for tests (xorshift).
struct Xs(u64);
impl Random for Xs {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % u64::from(n)) as u32
    }
}

const S: Micros = 1_000_000;

fn cfg() -> GossipConfig {
    GossipConfig {
        period: S,
        suspect_after: 3 * S,
        remove_factor: 2,
        fanout: 1,
        aligned_start: true,
        ..GossipConfig::default()
    }
}

fn sends(out: &Out) -> Vec<(NodeId, GossipMsg)> {
    out.iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

fn changes(out: &Out) -> Vec<Change> {
    out.iter()
        .filter_map(|e| match e {
            Effect::Notify(Note::Member(c)) => Some(*c),
            _ => None,
        })
        .collect()
}

#[test]
fn tick_bumps_counter_and_sends_table_to_one_neighbour() {
    let mut rng = Xs(7);
    let mut n = GossipNode::new(0, &cfg(), &[1, 7], 0);
    let mut out = Vec::new();
    n.on_timer(S, Tick, &mut rng, &mut out);
    assert_eq!(n.heartbeat(), 1);
    let s = sends(&out);
    assert_eq!(s.len(), 1);
    assert!(s[0].0 == 1 || s[0].0 == 7);
    assert_eq!(s[0].1.entries[0].heartbeat(), 1);
    assert!(out.iter().any(|e| matches!(
        e,
        Effect::SetTimer { after, .. } if *after == S
    )));
}

#[test]
fn aligned_start_waits_for_the_next_period_boundary() {
    let mut rng = Xs(1);
    let mut n = GossipNode::new(0, &cfg(), &[1], 2_500_000);
    let mut out = Vec::new();
    n.on_start(2_500_000, &mut rng, &mut out);
    assert_eq!(
        out,
        vec![Effect::SetTimer {
            after: 500_000,
            timer: Tick
        }]
    );
}

#[test]
fn fanout_picks_distinct_neighbours() {
    let mut rng = Xs(3);
    let mut c = cfg();
    c.fanout = 3;
    let mut n = GossipNode::new(0, &c, &[1, 2, 3, 4, 5], 0);
    let mut out = Vec::new();
    n.on_timer(S, Tick, &mut rng, &mut out);
    let mut to: Vec<_> = sends(&out).iter().map(|s| s.0).collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 3);
}

#[test]
fn receiving_a_table_learns_every_member_it_lists() {
    let mut rng = Xs(5);
    let mut a = GossipNode::new(0, &cfg(), &[1], 0);
    let mut b = GossipNode::new(1, &cfg(), &[0], 0);
    let mut out = Vec::new();
    // b learns of 2 first, then tells a.
    b.on_message(
        0,
        2,
        GossipMsg::push(vec![Digest::new(2, 0, 4, false)]),
        &mut rng,
        &mut out,
    );
    out.clear();
    b.on_timer(S, Tick, &mut rng, &mut out);
    let (to, msg) = sends(&out).pop().unwrap();
    out.clear();
    assert_eq!(to, 0);
    a.on_message(S, 1, msg, &mut rng, &mut out);
    assert_eq!(a.status_of(1), Status::Alive);
    assert_eq!(a.status_of(2), Status::Alive);
    assert_eq!(changes(&out).len(), 2);
}

#[test]
fn silent_neighbour_is_suspected_after_t_and_removed_after_n_t_more() {
    let mut rng = Xs(9);
    let mut a = GossipNode::new(0, &cfg(), &[1], 0);
    let mut out = Vec::new();
    let hb = |h| GossipMsg::push(vec![Digest::new(1, 0, h, false)]);
    a.on_message(0, 1, hb(1), &mut rng, &mut out);
    let mut seen = Vec::new();
    for sec in 1..=10 {
        out.clear();
        a.on_timer(sec * S, Tick, &mut rng, &mut out);
        seen.extend(changes(&out).into_iter().map(|c| (sec, c.to)));
    }
    // t = 3 s: suspect at 3 s; removed after a further 2·3 s, at 9 s.
    assert_eq!(seen, [(3, Status::Suspect), (9, Status::Dead)]);
    out.clear();
    a.on_message(10 * S, 1, hb(1), &mut rng, &mut out);
    assert_eq!(a.status_of(1), Status::Dead, "stale gossip must not re-add");
}

#[test]
fn restarted_member_is_readmitted_by_its_new_generation() {
    let mut rng = Xs(11);
    let mut a = GossipNode::new(0, &cfg(), &[1], 0);
    let mut old = GossipNode::new(1, &cfg(), &[0], 0);
    let mut out = Vec::new();
    for _ in 0..5 {
        old.on_timer(S, Tick, &mut rng, &mut out);
    }
    for (_, m) in sends(&out) {
        a.on_message(S, 1, m, &mut rng, &mut Vec::new());
    }
    out.clear();
    a.on_timer(20 * S, Tick, &mut rng, &mut out);
    assert_eq!(a.status_of(1), Status::Dead);
    let mut new = GossipNode::new(1, &cfg(), &[0], 21 * S);
    out.clear();
    new.on_timer(22 * S, Tick, &mut rng, &mut out);
    let (_, m) = sends(&out).pop().unwrap();
    a.on_message(22 * S, 1, m, &mut rng, &mut Vec::new());
    assert_eq!(a.status_of(1), Status::Alive);
    assert_eq!(a.table().get(1).generation(), 21_000);
}

#[test]
fn isolated_node_suspects_and_removes_everyone() {
    // Ring 0-1-2: when 1 and its other side both go silent, 0 hears nothing.
    let mut rng = Xs(13);
    let mut a = GossipNode::new(0, &cfg(), &[1, 2], 0);
    let entries = (1..4).map(|m| Digest::new(m, 0, 1, false)).collect();
    a.on_message(0, 1, GossipMsg::push(entries), &mut rng, &mut Vec::new());
    let mut out = Vec::new();
    a.on_timer(9 * S, Tick, &mut rng, &mut out);
    assert!((1..4).all(|m| a.status_of(m) == Status::Dead));
    assert_eq!(changes(&out).len(), 3);
}

#[test]
fn leave_tells_every_neighbour_and_spreads_as_left() {
    let mut rng = Xs(17);
    let mut a = GossipNode::new(0, &cfg(), &[1, 2], 0);
    let mut b = GossipNode::new(1, &cfg(), &[0], 0);
    let mut out = Vec::new();
    a.on_timer(S, Tick, &mut rng, &mut out);
    for (to, m) in sends(&out) {
        if to == 1 {
            b.on_message(S, 0, m, &mut rng, &mut Vec::new());
        }
    }
    out.clear();
    a.on_leave(2 * S, &mut rng, &mut out);
    let s = sends(&out);
    assert_eq!(s.len(), 2);
    let to_b = s.into_iter().find(|(to, _)| *to == 1).unwrap().1;
    out.clear();
    b.on_message(2 * S, 0, to_b, &mut rng, &mut out);
    assert_eq!(b.status_of(0), Status::Left);
}

fn digest() -> impl Strategy<Value = Digest> {
    (0u32..6, 0u32..3, 0u32..6, any::<bool>()).prop_map(|(member, generation, heartbeat, left)| {
        Digest::new(member, generation, heartbeat, left)
    })
}

fn state(t: &Table) -> Vec<(Status, u32, u32)> {
    (0..6)
        .map(|m| {
            let e = t.get(m);
            (e.status(), e.generation(), e.heartbeat())
        })
        .collect()
}

proptest! {
    #[test]
    fn merging_tables_is_commutative_and_idempotent(
        a in proptest::collection::vec(digest(), 0..12),
        b in proptest::collection::vec(digest(), 0..12),
    ) {
        // Keep one digest per (member, key) so the inputs are tables, not arbitrary logs.
        let mut ab = Table::default();
        let mut ba = Table::default();
        for d in a.iter().chain(&b) { ab.merge(d, 0); }
        for d in b.iter().chain(&a) { ba.merge(d, 0); }
        let keys = |t: &Table| state(t).into_iter().map(|(s, g, h)| (s == Status::Unknown, g, h)).collect::<Vec<_>>();
        prop_assert_eq!(keys(&ab), keys(&ba));
        let before = state(&ab);
        for d in a.iter().chain(&b) { ab.merge(d, 0); }
        prop_assert_eq!(state(&ab), before);
    }

    #[test]
    fn heartbeat_keys_never_decrease(ds in proptest::collection::vec(digest(), 0..40)) {
        let mut t = Table::default();
        let mut best = [(0u32, 0u32); 6];
        for d in &ds {
            t.merge(d, 0);
            let e = t.get(d.member());
            prop_assert!((e.generation(), e.heartbeat()) >= best[d.member() as usize]);
            best[d.member() as usize] = (e.generation(), e.heartbeat());
        }
    }
}

proptest! {
    #[test]
    fn sampling_peers_picks_what_a_partial_fisher_yates_on_a_copy_picks(
        len in 1usize..60,
        count in 0usize..60,
        seed in 1u64..1000,
    ) {
        let count = count.min(len);
        let peers: Vec<NodeId> = (0..len as NodeId).map(|p| p * 3 + 1).collect();
        let mut picked = Vec::new();
        sample_peers(&peers, count, &mut Xs(seed), &mut picked);
        let (mut copy, mut rng, mut want) = (peers.clone(), Xs(seed), Vec::new());
        for i in 0..count {
            let j = i + rng.below((len - i) as u32) as usize;
            copy.swap(i, j);
            want.push(copy[i]);
        }
        prop_assert_eq!(picked, want);
    }
}
