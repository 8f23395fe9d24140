//! Gossip's messages: the article's whole-table push, and Scuttlebutt's Syn, SynAck and Ack2.

use crate::{MsgKind, NodeId, Wire};
use alloc::vec::Vec;

/// One table entry as it travels: who, which life, how fresh, and whether it left.
///
/// Twelve bytes in memory: a gossip message carries one per member, and a large simulated
/// cluster spends its time moving them. The `left` flag rides in the top bit of the member id
/// (ids stay below 2^31).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Digest {
    member_and_left: u32,
    heartbeat: u32,
    generation: u32,
}

/// The top bit of the member id: the member announced a leave.
pub(crate) const LEFT_BIT: u32 = 1 << 31;

impl Digest {
    /// The digest of `member`'s life `generation` (its start time, ms) at `heartbeat`, flagged
    /// if it `left`. `member` must be below 2^31.
    pub fn new(member: NodeId, generation: u32, heartbeat: u32, left: bool) -> Digest {
        debug_assert!(member < LEFT_BIT, "member ids stay below 2^31");
        Digest {
            member_and_left: member | if left { LEFT_BIT } else { 0 },
            heartbeat,
            generation,
        }
    }

    /// The digest of `member` with freshness `key` (see [`Digest::key`]).
    pub(crate) fn from_key(member: NodeId, key: u64, left: bool) -> Digest {
        Digest::new(member, (key >> 32) as u32, key as u32, left)
    }

    /// The member id with the leave flag in its top bit.
    pub(crate) fn member_and_left(&self) -> u32 {
        self.member_and_left
    }

    /// The member.
    pub fn member(&self) -> NodeId {
        self.member_and_left & !LEFT_BIT
    }

    /// The member's restart generation (the virtual time its current life started, in ms).
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// The member's heartbeat counter within that generation.
    pub fn heartbeat(&self) -> u32 {
        self.heartbeat
    }

    /// The member announced a graceful leave.
    pub fn left(&self) -> bool {
        self.member_and_left & LEFT_BIT != 0
    }

    /// Freshness key, `generation << 32 | heartbeat`: a later generation beats any counter of
    /// an earlier one.
    pub fn key(&self) -> u64 {
        (u64::from(self.generation) << 32) | u64::from(self.heartbeat)
    }
}

impl core::fmt::Debug for Digest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Digest")
            .field("member", &self.member())
            .field("generation", &self.generation)
            .field("heartbeat", &self.heartbeat)
            .field("left", &self.left())
            .finish()
    }
}

/// Which gossip message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GossipKind {
    /// The article's: the sender's whole table.
    Push,
    /// Scuttlebutt: the opener's digest.
    Syn,
    /// Scuttlebutt: deltas for the opener, then the answerer's digest.
    SynAck,
    /// Scuttlebutt: deltas for the answerer (or a leaving member's own entry).
    Ack2,
}

/// A gossip message. Every kind is a list of [`Digest`]s: a table entry on the move (the
/// push's entries and Scuttlebutt's deltas: a member's life and leave flag) or a Scuttlebutt
/// digest entry, `(member, life, heartbeat, max version)` (the max version is the leave flag:
/// see [`super::scuttlebutt`]); the same twelve bytes in memory, counted on the wire as each
/// would be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GossipMsg {
    /// Which message.
    pub kind: GossipKind,
    /// `Push`: the sender's live (and recently departed) entries, its own included. `Syn`:
    /// the digest. `SynAck`: the deltas, then the digest (from `deltas` on). `Ack2`: deltas.
    pub entries: Vec<Digest>,
    /// `SynAck`: how many of `entries` are deltas (the rest is the digest). Otherwise 0.
    pub deltas: u32,
}

impl GossipMsg {
    /// The article's whole-table push.
    pub fn push(entries: Vec<Digest>) -> GossipMsg {
        GossipMsg {
            kind: GossipKind::Push,
            entries,
            deltas: 0,
        }
    }

    /// The entries that are table entries to merge (push entries or deltas).
    pub fn updates(&self) -> &[Digest] {
        match self.kind {
            GossipKind::Push | GossipKind::Ack2 => &self.entries,
            GossipKind::Syn => &[],
            GossipKind::SynAck => &self.entries[..self.deltas as usize],
        }
    }

    /// The entries that are a Scuttlebutt digest (Syn, SynAck).
    pub fn digest(&self) -> &[Digest] {
        match self.kind {
            GossipKind::Push | GossipKind::Ack2 => &[],
            GossipKind::Syn => &self.entries,
            GossipKind::SynAck => &self.entries[self.deltas as usize..],
        }
    }
}

/// Bytes of UDP/IP header counted per message.
pub const HEADER_BYTES: usize = 28;
/// Bytes per table entry or delta on the wire: id (4), generation (8), counter (8), flags (1).
/// (The estimate keeps a 64-bit counter on the wire, as a real implementation would.)
pub const DIGEST_BYTES: usize = 21;
/// Bytes per Scuttlebutt digest entry: id (4), generation (8), heartbeat (8), max version (8):
/// chitchat's `NodeDigest` carries the heartbeat and the max version as `u64`s (and a
/// `last_gc_version`, 8 more, for garbage-collected keys, which are not modelled; its node id
/// is a string and a socket address, where here it is a 4-byte id).
pub const SCUTTLEBUTT_DIGEST_BYTES: usize = 28;
/// Bytes of a message's own header: kind (1) and entry count (2).
pub const MSG_HEADER_BYTES: usize = 3;
/// Bytes a SynAck adds for its second list: the digest's count (2).
pub const SYNACK_EXTRA_BYTES: usize = 2;

impl Wire for GossipMsg {
    fn wire_size(&self) -> usize {
        let (updates, digest) = (self.updates().len(), self.digest().len());
        let extra = if self.kind == GossipKind::SynAck {
            SYNACK_EXTRA_BYTES
        } else {
            0
        };
        HEADER_BYTES
            + MSG_HEADER_BYTES
            + extra
            + updates * DIGEST_BYTES
            + digest * SCUTTLEBUTT_DIGEST_BYTES
    }

    fn kind(&self) -> MsgKind {
        match self.kind {
            GossipKind::Push => MsgKind::Heartbeat,
            GossipKind::Syn => MsgKind::Syn,
            GossipKind::SynAck => MsgKind::SynAck,
            GossipKind::Ack2 => MsgKind::Ack2,
        }
    }
}
