//! The one gossip message: a digest of the sender's membership table.

use crate::{MsgKind, NodeId, Wire};
use alloc::vec::Vec;

/// One table entry as it travels: who, which life, how fresh, and whether it left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest {
    /// The member.
    pub member: NodeId,
    /// The member's restart generation (the virtual time its current life started, in µs).
    pub generation: u64,
    /// The member's heartbeat counter within that generation.
    pub heartbeat: u64,
    /// The member announced a graceful leave.
    pub left: bool,
}

impl Digest {
    /// Freshness key: a later generation beats any counter of an earlier one.
    pub fn key(&self) -> (u64, u64) {
        (self.generation, self.heartbeat)
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
pub const DIGEST_BYTES: usize = 21;

impl Wire for Heartbeats {
    fn wire_size(&self) -> usize {
        HEADER_BYTES + 1 + 2 + self.entries.len() * DIGEST_BYTES
    }

    fn kind(&self) -> MsgKind {
        MsgKind::Heartbeat
    }
}
