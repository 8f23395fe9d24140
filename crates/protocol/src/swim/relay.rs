//! Indirect probes this node performs on behalf of others (the receiving side of `PingReq`).

use alloc::vec::Vec;

use crate::core::NodeId;

/// A ping this node sent for someone else, whose ack it must pass on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relay {
    /// This node's sequence number for the ping it sent to the target.
    pub seq: u32,
    /// Who asked (gets the ack).
    pub origin: NodeId,
    /// The origin's sequence number, echoed in the relayed ack.
    pub origin_seq: u32,
}

/// Outstanding relays; few at a time (each expires after one period), so a small `Vec`.
#[derive(Clone, Debug, Default)]
pub struct Relays {
    pending: Vec<Relay>,
}

impl Relays {
    /// Remembers `relay` until it is taken or expires.
    pub fn push(&mut self, relay: Relay) {
        self.pending.push(relay);
    }

    /// Removes and returns the relay for this node's sequence number `seq`.
    pub fn take(&mut self, seq: u32) -> Option<Relay> {
        let at = self.pending.iter().position(|r| r.seq == seq)?;
        Some(self.pending.swap_remove(at))
    }

    /// The relay for this node's sequence number `seq`, if still outstanding.
    pub fn get(&self, seq: u32) -> Option<Relay> {
        self.pending.iter().find(|r| r.seq == seq).copied()
    }

    /// Number of outstanding relays.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pending.len()
    }
}
