//! The trace: what happened, in order. Metrics and the event log are computed from it, and its
//! running hash proves that two runs were identical.

use crate::scenario::Param;
use gossip_protocol::{Micros, MsgKind, NodeId, Status};

/// One thing that happened at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceEvent {
    /// A node crashed.
    Crash(NodeId),
    /// A node started a new life after a crash or a leave.
    Recover(NodeId),
    /// A new node joined.
    Join(NodeId),
    /// A node left gracefully.
    Leave(NodeId),
    /// The network was partitioned into this many sides.
    Partition(u16),
    /// Every partition ended.
    Heal,
    /// A parameter changed live (`set.KEY.VALUE`), in the scenario's units.
    Set(Param, u64),
    /// `observer`'s view of `member` changed.
    View {
        /// Who changed its mind.
        observer: NodeId,
        /// About whom.
        member: NodeId,
        /// Before.
        from: Status,
        /// After.
        to: Status,
        /// The node whose message caused the change (None: the observer's own timer, i.e.
        /// first-hand, or its start).
        via: Option<NodeId>,
    },
    /// `node` refuted a suspicion about itself.
    Refuted {
        /// The refuting node.
        node: NodeId,
        /// Its new incarnation.
        incarnation: u32,
    },
    /// A command could not be applied (for example crashing a node that is already down).
    Ignored(String),
    /// A fault began or ended (a slow or paused member, a link cut or mended), in words.
    Fault(String),
}

/// A trace event with its time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceRecord {
    /// Virtual time, µs.
    pub at: Micros,
    /// What happened.
    pub event: TraceEvent,
}

/// A small, portable, stable 64-bit running hash for comparing runs. It takes a whole word at
/// a time (xor, multiply by FNV's 64-bit prime, fold the high half back down), because it runs
/// on every delivered message: byte-at-a-time FNV-1a cost several times more there.
#[derive(Clone, Copy, Debug)]
pub struct TraceHash(u64);

impl Default for TraceHash {
    fn default() -> Self {
        TraceHash(0xcbf2_9ce4_8422_2325)
    }
}

impl TraceHash {
    /// Mixes in a `u64`.
    pub fn u64(&mut self, v: u64) {
        let h = (self.0 ^ v).wrapping_mul(0x0100_0000_01b3);
        self.0 = h ^ (h >> 32);
    }

    /// Mixes in some bytes (eight at a time, then the length).
    pub fn bytes(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.u64(u64::from_le_bytes(word));
        }
        self.u64(bytes.len() as u64);
    }

    /// Mixes in a delivered message (virtual times stay far below 2^56 µs, so the kind fits in
    /// the top byte of the time).
    pub fn message(&mut self, at: Micros, from: NodeId, to: NodeId, kind: MsgKind) {
        self.u64(at ^ ((kind as u64) << 56));
        self.u64(u64::from(from) << 32 | u64::from(to));
    }

    /// Mixes in a message handed to the network: when, who to whom, its kind and estimated
    /// size, and what the network did with it (`Some(delay)` or `None` for a loss).
    pub fn send(
        &mut self,
        at: Micros,
        from: NodeId,
        to: NodeId,
        kind: MsgKind,
        bytes: usize,
        route: Option<Micros>,
    ) {
        self.u64(at ^ ((kind as u64) << 56) ^ (1 << 55));
        self.u64(u64::from(from) << 32 | u64::from(to));
        self.u64((bytes as u64) << 1 | u64::from(route.is_none()));
        self.u64(route.unwrap_or(0));
    }

    /// Mixes in a message lost on arrival (receiver down, or a partition since it was sent).
    pub fn lost_on_arrival(&mut self, at: Micros, from: NodeId, to: NodeId) {
        self.u64(at ^ (1 << 54));
        self.u64(u64::from(from) << 32 | u64::from(to));
    }

    /// Mixes in a timer that came due for `node`; `live` is false for one set in an earlier
    /// life of the node (ignored).
    pub fn timer(&mut self, at: Micros, node: NodeId, live: bool) {
        self.u64(at ^ (1 << 53) ^ (u64::from(live) << 52));
        self.u64(u64::from(node));
    }

    /// Mixes in a trace record.
    pub fn record(&mut self, r: &TraceRecord) {
        self.u64(r.at);
        match &r.event {
            TraceEvent::Crash(n) => self.u64(1 << 40 | u64::from(*n)),
            TraceEvent::Recover(n) => self.u64(2 << 40 | u64::from(*n)),
            TraceEvent::Join(n) => self.u64(3 << 40 | u64::from(*n)),
            TraceEvent::Leave(n) => self.u64(4 << 40 | u64::from(*n)),
            TraceEvent::Partition(g) => self.u64(5 << 40 | u64::from(*g)),
            TraceEvent::Heal => self.u64(6 << 40),
            TraceEvent::Set(p, v) => {
                self.u64(7 << 40 | p.index());
                self.u64(*v);
            }
            TraceEvent::View {
                observer,
                member,
                from,
                to,
                ..
            } => {
                self.u64(u64::from(*observer) << 32 | u64::from(*member));
                self.bytes(&[8, *from as u8, *to as u8]);
            }
            TraceEvent::Refuted { node, incarnation } => {
                self.u64(9 << 40 | u64::from(*node));
                self.u64(u64::from(*incarnation));
            }
            TraceEvent::Ignored(s) => self.bytes(s.as_bytes()),
            TraceEvent::Fault(s) => {
                self.u64(10 << 40);
                self.bytes(s.as_bytes());
            }
        }
    }

    /// The hash value.
    pub fn value(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_tells_apart_what_differs_and_only_that() {
        let hash = |f: &dyn Fn(&mut TraceHash)| {
            let mut h = TraceHash::default();
            f(&mut h);
            h.value()
        };
        let a = hash(&|h| h.message(1000, 1, 2, MsgKind::Ping));
        assert_eq!(a, hash(&|h| h.message(1000, 1, 2, MsgKind::Ping)));
        assert_ne!(a, hash(&|h| h.message(1000, 2, 1, MsgKind::Ping)));
        assert_ne!(a, hash(&|h| h.message(1000, 1, 2, MsgKind::Ack)));
        assert_ne!(a, hash(&|h| h.message(1001, 1, 2, MsgKind::Ping)));
        assert_ne!(hash(&|h| h.bytes(b"ab")), hash(&|h| h.bytes(b"ab\0")));
        let sent = hash(&|h| h.send(1000, 1, 2, MsgKind::Ping, 40, Some(500)));
        assert_ne!(sent, hash(&|h| h.send(1000, 1, 2, MsgKind::Ping, 40, None)));
        assert_ne!(
            sent,
            hash(&|h| h.send(1000, 1, 2, MsgKind::Ping, 41, Some(500)))
        );
        assert_ne!(
            sent,
            hash(&|h| h.send(1000, 1, 2, MsgKind::Ping, 40, Some(501)))
        );
        assert_ne!(sent, TraceHash::default().value());
        assert_ne!(a, hash(&|h| h.lost_on_arrival(1000, 1, 2)));
        assert_ne!(
            hash(&|h| h.timer(5, 1, true)),
            hash(&|h| h.timer(5, 1, false))
        );
    }
}
