//! Handler tests for the gossip node, driven by hand.

use super::*;
use crate::{Change, Wire};
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
        let spread: Vec<NodeId> = (0..len as NodeId).map(|p| p * 3 + 1).collect();
        // Every id but the owner's (computed, not listed), the owner somewhere in the middle.
        let me = (seed % (len as u64 + 1)) as NodeId;
        let everyone: Vec<NodeId> = (0..=len as NodeId).collect();
        for peers in [Peers::new(0, &spread), Peers::new(me, &everyone)] {
            let mut picked = Vec::new();
            sample_peers(&peers, count, &mut Xs(seed), &mut picked);
            let list: Vec<NodeId> = peers.iter().collect();
            prop_assert_eq!(list.len(), len);
            let (mut copy, mut rng, mut want) = (list, Xs(seed), Vec::new());
            for i in 0..count {
                let j = i + rng.below((len - i) as u32) as usize;
                copy.swap(i, j);
                want.push(copy[i]);
            }
            prop_assert_eq!(picked, want);
        }
    }
}

fn phi_cfg() -> GossipConfig {
    GossipConfig {
        detector: Detector::Phi,
        phi_threshold: 1,
        ..cfg()
    }
}

#[test]
fn phi_suspects_when_phi_crosses_the_threshold_and_removes_n_t_later() {
    let mut rng = Xs(3);
    let mut a = GossipNode::new(0, &phi_cfg(), &[1], 0);
    let mut out = Vec::new();
    // Heartbeats of 1 learned at 0 (bootstrap 2 s) and 1 s: mean 1.5 s.
    for (at, h) in [(0, 1), (S, 2)] {
        a.on_message(
            at,
            1,
            GossipMsg::push(vec![Digest::new(1, 0, h, false)]),
            &mut rng,
            &mut out,
        );
    }
    assert_eq!(a.phi().window(1).unwrap().mean(), 1.5e6);
    // φ = 1 is crossed 1.5 s · ln 10 = 3.45 s after the last arrival: at the tick of 5 s.
    // Removal n·t = 6 s after that crossing: at the tick of 11 s.
    let mut seen = Vec::new();
    for sec in 2..=12 {
        out.clear();
        a.on_timer(sec * S, Tick, &mut rng, &mut out);
        seen.extend(changes(&out).into_iter().map(|c| (sec, c.to)));
    }
    assert_eq!(seen, [(5, Status::Suspect), (11, Status::Dead)]);
}

#[test]
fn fixed_and_phi_agree_that_a_fresh_heartbeat_keeps_a_member_alive() {
    let mut rng = Xs(5);
    let mut a = GossipNode::new(0, &phi_cfg(), &[1], 0);
    let mut out = Vec::new();
    for sec in 0..20 {
        a.on_message(
            sec * S,
            1,
            GossipMsg::push(vec![Digest::new(1, 0, sec as u32 + 1, false)]),
            &mut rng,
            &mut out,
        );
        a.on_timer(sec * S + S / 2, Tick, &mut rng, &mut out);
    }
    assert!(changes(&out).iter().all(|c| c.to == Status::Alive));
    assert_eq!(a.phi().window(1).unwrap().len(), 20);
}

fn scuttlebutt_cfg() -> GossipConfig {
    GossipConfig {
        exchange: Exchange::Scuttlebutt,
        ..cfg()
    }
}

/// Delivers every send in `out` from `from` to the matching node of `nodes` at `now`;
/// returns the kinds delivered.
fn deliver(
    nodes: &mut [GossipNode],
    from: NodeId,
    now: Micros,
    out: &mut Out,
    rng: &mut Xs,
) -> Vec<GossipKind> {
    let mut kinds = Vec::new();
    let mut queue: Vec<(NodeId, NodeId, GossipMsg)> = sends(out)
        .into_iter()
        .map(|(to, m)| (from, to, m))
        .collect();
    out.clear();
    while let Some((from, to, msg)) = queue.pop() {
        kinds.push(msg.kind);
        let mut o = Vec::new();
        nodes[to as usize].on_message(now, from, msg, rng, &mut o);
        queue.extend(sends(&o).into_iter().map(|(t, m)| (to, t, m)));
    }
    kinds
}

#[test]
fn scuttlebutt_reconciles_two_tables_in_syn_synack_ack2() {
    let mut rng = Xs(11);
    let mut nodes = vec![
        GossipNode::new(0, &scuttlebutt_cfg(), &[1], 0),
        GossipNode::new(1, &scuttlebutt_cfg(), &[0], 0),
    ];
    let mut out = Vec::new();
    // 0 knows 2, 1 knows 3; each knows the other's.
    nodes[0].on_message(
        0,
        9,
        GossipMsg::push(vec![Digest::new(2, 0, 4, false)]),
        &mut rng,
        &mut out,
    );
    nodes[1].on_message(
        0,
        9,
        GossipMsg::push(vec![Digest::new(3, 0, 7, false)]),
        &mut rng,
        &mut out,
    );
    out.clear();
    nodes[0].on_timer(S, Tick, &mut rng, &mut out);
    let syn = sends(&out).pop().unwrap().1;
    assert_eq!(syn.kind, GossipKind::Syn);
    // The Syn carries only the digest: 0 itself and 2, 28 bytes each.
    assert_eq!(
        syn.wire_size(),
        HEADER_BYTES + 3 + 2 * SCUTTLEBUTT_DIGEST_BYTES
    );
    let kinds = deliver(&mut nodes, 0, S, &mut out, &mut rng);
    assert_eq!(
        kinds,
        [GossipKind::Syn, GossipKind::SynAck, GossipKind::Ack2]
    );
    for n in &nodes {
        for m in 0..4 {
            assert_eq!(n.status_of(m), Status::Alive, "node {} about {m}", n.id());
        }
    }
    assert_eq!(nodes[0].table().get(3).heartbeat(), 7);
    assert_eq!(nodes[1].table().get(2).heartbeat(), 4);
}

#[test]
fn a_synack_cuts_its_deltas_to_the_mtu_after_its_digest() {
    let mut rng = Xs(13);
    let cfg = GossipConfig {
        mtu: 512,
        ..scuttlebutt_cfg()
    };
    let mut b = GossipNode::new(1, &cfg, &[0], 0);
    let mut out = Vec::new();
    let many: Vec<Digest> = (2..40).map(|m| Digest::new(m, 0, 1, false)).collect();
    b.on_message(0, 9, GossipMsg::push(many), &mut rng, &mut out);
    let syn = || GossipMsg {
        kind: GossipKind::Syn,
        entries: vec![Digest::new(0, 0, 1, false)],
        deltas: 0,
    };
    out.clear();
    b.on_message(S, 0, syn(), &mut rng, &mut out);
    let ack = sends(&out).pop().unwrap().1;
    assert_eq!(ack.kind, GossipKind::SynAck);
    // The Syn's digest told b of 0. Its own digest of 40 entries (1120 bytes) alone passes
    // the MTU: no room for any of the 39 members 0 lacks.
    assert_eq!((ack.updates().len(), ack.digest().len()), (0, 40));
    let roomy = GossipConfig { mtu: 2000, ..cfg };
    b.reconfigure(&roomy);
    out.clear();
    b.on_message(S, 0, syn(), &mut rng, &mut out);
    let ack = sends(&out).pop().unwrap().1;
    let payload = ack.wire_size() - HEADER_BYTES;
    assert!(payload <= 2000, "{payload}");
    // (2000 − 3 − 2 − 40·28) / 21 = 41 whole deltas would fit; 39 are stale.
    assert_eq!(ack.updates().len(), 39);
    let tight = GossipConfig { mtu: 1500, ..cfg };
    b.reconfigure(&tight);
    out.clear();
    b.on_message(S, 0, syn(), &mut rng, &mut out);
    let ack = sends(&out).pop().unwrap().1;
    // (1500 − 5 − 1120) / 21 = 17 whole deltas.
    assert_eq!(ack.updates().len(), 17);
    assert!(ack.wire_size() - HEADER_BYTES <= 1500);
}

#[test]
fn a_fresher_heartbeat_in_a_digest_is_a_heartbeat_report_for_either_detector() {
    let mut rng = Xs(17);
    let phi = GossipConfig {
        exchange: Exchange::Scuttlebutt,
        ..phi_cfg()
    };
    for (cfg, silent_for) in [(phi, 5), (scuttlebutt_cfg(), 4)] {
        let mut a = GossipNode::new(0, &cfg, &[1], 0);
        let mut out = Vec::new();
        a.on_message(
            0,
            1,
            GossipMsg::push(vec![Digest::new(1, 0, 1, false)]),
            &mut rng,
            &mut out,
        );
        for sec in 1..=silent_for {
            a.on_timer(sec * S, Tick, &mut rng, &mut out);
        }
        assert_eq!(a.status_of(1), Status::Suspect, "{:?}", cfg.detector);
        out.clear();
        let at = silent_for * S + 1;
        let syn = GossipMsg {
            kind: GossipKind::Syn,
            entries: vec![Digest::new(1, 0, 9, false)],
            deltas: 0,
        };
        a.on_message(at, 1, syn, &mut rng, &mut out);
        assert_eq!(a.status_of(1), Status::Alive, "{:?}", cfg.detector);
        assert_eq!(a.table().get(1).heartbeat(), 9);
        assert_eq!(a.table().get(1).heard(), at);
        if cfg.detector == Detector::Phi {
            assert_eq!(a.phi().window(1).unwrap().last(), at);
        }
    }
}

#[test]
fn a_leave_flag_in_a_digest_waits_for_its_delta() {
    let mut rng = Xs(23);
    let mut a = GossipNode::new(0, &scuttlebutt_cfg(), &[1], 0);
    let mut out = Vec::new();
    let syn = GossipMsg {
        kind: GossipKind::Syn,
        entries: vec![Digest::new(2, 0, 5, true)],
        deltas: 0,
    };
    a.on_message(S, 1, syn, &mut rng, &mut out);
    assert_eq!(a.status_of(2), Status::Alive);
    // a's SynAck digest lacks the leave, so the opener's Ack2 carries it.
    let ack = sends(&out).pop().unwrap().1;
    assert!(ack.digest().iter().any(|d| d.member() == 2 && !d.left()));
    out.clear();
    let ack2 = GossipMsg {
        kind: GossipKind::Ack2,
        entries: vec![Digest::new(2, 0, 5, true)],
        deltas: 0,
    };
    a.on_message(S, 1, ack2, &mut rng, &mut out);
    assert_eq!(a.status_of(2), Status::Left);
}

/// 0 opens every exchange with 1 (1's own Syns are lost), and 60 more members fill both
/// digests past a 512-byte MTU, so a SynAck has no room for a single delta: 1's heartbeat
/// reaches 0 only in the SynAck's digest.
#[test]
fn a_member_whose_only_news_is_its_heartbeat_stays_alive_through_digests_alone() {
    let mut rng = Xs(29);
    let cfg = GossipConfig {
        mtu: 512,
        ..scuttlebutt_cfg()
    };
    let mut nodes = vec![
        GossipNode::new(0, &cfg, &[1], 0),
        GossipNode::new(1, &cfg, &[0], 0),
    ];
    let others: Vec<Digest> = (2..62).map(|m| Digest::new(m, 0, 1, false)).collect();
    let mut out = Vec::new();
    for n in &mut nodes {
        n.on_message(0, 9, GossipMsg::push(others.clone()), &mut rng, &mut out);
        n.on_message(
            0,
            9,
            GossipMsg::push(vec![
                Digest::new(0, 0, 0, false),
                Digest::new(1, 0, 0, false),
            ]),
            &mut rng,
            &mut out,
        );
    }
    out.clear();
    for sec in 1..=30 {
        nodes[1].on_timer(sec * S, Tick, &mut rng, &mut out);
        out.clear(); // 1's Syn is lost
        nodes[0].on_timer(sec * S + S / 2, Tick, &mut rng, &mut out);
        let (to, syn) = sends(&out).pop().unwrap();
        out.clear();
        let mut o = Vec::new();
        nodes[to as usize].on_message(sec * S + S / 2, 0, syn, &mut rng, &mut o);
        let synack = sends(&o).pop().unwrap().1;
        assert_eq!(synack.kind, GossipKind::SynAck);
        assert!(synack.updates().is_empty(), "no room for deltas");
        nodes[0].on_message(sec * S + S / 2, 1, synack, &mut rng, &mut out);
        out.clear();
        assert_eq!(
            nodes[0].table().get(1).heartbeat() as u64,
            nodes[1].heartbeat()
        );
    }
    // t is 3 s: without the digest's heartbeats 1 would have been suspect since 3 s.
    assert_eq!(nodes[0].status_of(1), Status::Alive);
}

#[test]
fn a_scuttlebutt_leave_sends_its_flagged_entry_to_every_neighbour() {
    let mut rng = Xs(19);
    let mut a = GossipNode::new(0, &scuttlebutt_cfg(), &[1, 2, 3], 0);
    let mut out = Vec::new();
    a.on_leave(S, &mut rng, &mut out);
    let s = sends(&out);
    assert_eq!(s.len(), 3);
    for (_, m) in s {
        assert_eq!(m.kind, GossipKind::Ack2);
        assert_eq!(m.entries.len(), 1);
        assert!(m.entries[0].left());
    }
}
