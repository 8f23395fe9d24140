//! The one gossip message: a digest of the sender's membership table.

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

/// A heartbeat table sent to a peer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heartbeats {
    /// The sender's live (and recently departed) entries, including its own.
    pub entries: Vec<Digest>,
}

/// Bytes of UDP/IP header counted per message.
pub const HEADER_BYTES: usize = 28;
/// Bytes per digest on the wire: id (4), generation (8), counter (8), flags (1).
/// (The estimate keeps a 64-bit counter on the wire, as a real implementation would.)
pub const DIGEST_BYTES: usize = 21;

impl Wire for Heartbeats {
    fn wire_size(&self) -> usize {
        HEADER_BYTES + 1 + 2 + self.entries.len() * DIGEST_BYTES
    }

    fn kind(&self) -> MsgKind {
        MsgKind::Heartbeat
    }
}
