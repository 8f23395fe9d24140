//! Node-level tests: nodes driven by hand, messages carried from one outbox to another node.

mod detector;
mod lifeguard;
mod memberlist;
mod membership;
mod properties;

use alloc::vec::Vec;

use super::{NO_ACCUSER, Out, SwimConfig, SwimMsg, SwimNode, SwimTimer, Update, UpdateKind};
use crate::core::{Change, Effect, Micros, Node, NodeId, Note, Random, Status};

/// A tiny deterministic generator (xorshift64*), enough for tests.
pub struct TestRng(u64);

impl TestRng {
    /// A generator from a seed (any value; zero is remapped).
    pub fn new(seed: u64) -> Self {
        TestRng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
}

impl Random for TestRng {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        ((x >> 32) % u64::from(n)) as u32
    }
}

/// A node, its generator and its clock, for driving by hand.
pub struct Harness {
    pub node: SwimNode,
    pub rng: TestRng,
    pub now: Micros,
}

impl Harness {
    /// Node `id` knowing `peers`, started at time 0 with aligned ticks; the start effects
    /// are returned.
    pub fn start(id: NodeId, peers: &[NodeId], config: &SwimConfig) -> (Self, Out) {
        let config = SwimConfig {
            aligned_start: true,
            ..config.clone()
        };
        let mut harness = Harness {
            node: SwimNode::new(id, &config, peers, 0),
            rng: TestRng::new(u64::from(id) + 1),
            now: 0,
        };
        let mut out = Out::new();
        harness.node.on_start(0, &mut harness.rng, &mut out);
        (harness, out)
    }

    /// Delivers `msg` from `from` now.
    pub fn deliver(&mut self, from: NodeId, msg: SwimMsg) -> Out {
        let mut out = Out::new();
        self.node
            .on_message(self.now, from, msg, &mut self.rng, &mut out);
        out
    }

    /// Fires `timer` now.
    pub fn fire(&mut self, timer: SwimTimer) -> Out {
        let mut out = Out::new();
        self.node.on_timer(self.now, timer, &mut self.rng, &mut out);
        out
    }

    /// Advances the clock by one period and fires the tick.
    pub fn tick(&mut self) -> Out {
        self.now += self.node.config().period;
        self.fire(SwimTimer::Tick)
    }

    /// Runs one period whose probe is answered: ticks, acks the ping, returns its target.
    pub fn probe_acked(&mut self) -> NodeId {
        let (target, seq) = the_ping(&self.tick());
        self.deliver(
            target,
            SwimMsg::Ack {
                seq,
                updates: Vec::new(),
            },
        );
        target
    }

    /// Delivers a `Gossip` carrying `updates` from `from`.
    pub fn hear(&mut self, from: NodeId, updates: &[Update]) -> Out {
        self.deliver(
            from,
            SwimMsg::Gossip {
                updates: updates.to_vec(),
            },
        )
    }
}

/// The messages in `out`, in order.
pub fn sent(out: &Out) -> Vec<(NodeId, SwimMsg)> {
    out.iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

/// The timers in `out`, in order.
pub fn timers(out: &Out) -> Vec<(Micros, SwimTimer)> {
    out.iter()
        .filter_map(|e| match e {
            Effect::SetTimer { after, timer } => Some((*after, *timer)),
            _ => None,
        })
        .collect()
}

/// The notes in `out`, in order.
pub fn notes(out: &Out) -> Vec<Note> {
    out.iter()
        .filter_map(|e| match e {
            Effect::Notify(note) => Some(*note),
            _ => None,
        })
        .collect()
}

/// The one `Ping` in `out`: its destination and sequence number.
pub fn the_ping(out: &Out) -> (NodeId, u32) {
    let pings: Vec<(NodeId, u32)> = sent(out)
        .into_iter()
        .filter_map(|(to, msg)| match msg {
            SwimMsg::Ping { seq, .. } => Some((to, seq)),
            _ => None,
        })
        .collect();
    assert_eq!(pings.len(), 1, "expected one ping in {out:?}");
    pings[0]
}

/// A status change note.
pub fn change(member: NodeId, from: Status, to: Status) -> Note {
    Note::Member(Change { member, from, to })
}

/// An update.
pub fn update(member: NodeId, kind: UpdateKind, incarnation: u32) -> Update {
    Update {
        member,
        kind,
        incarnation,
        from: NO_ACCUSER,
    }
}

/// Members `1..=n`.
pub fn peers(n: NodeId) -> Vec<NodeId> {
    (1..=n).collect()
}
