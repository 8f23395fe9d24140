//! The timers a SWIM node sets. None is ever cancelled: each carries the token that tells,
//! when it fires, whether it is still wanted.

use crate::core::NodeId;

/// A SWIM timer, handed back by [`Node::on_timer`](crate::Node::on_timer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SwimTimer {
    /// The protocol period ends: judge the last probe, start the next one. Re-armed every
    /// period for the node's whole life.
    Tick,
    /// The direct ping `seq` got no ack within `ack_timeout`: probe indirectly.
    /// Ignored unless `seq` is still the current, unacknowledged probe.
    ProbeTimeout {
        /// The probe's sequence number.
        seq: u32,
    },
    /// The deadline of probe `seq`, which outlasted its period (a tick was held for it):
    /// judge it and start the next probe now, as memberlist's probe ticker does. Ignored
    /// unless `seq` is still the current, unacknowledged probe.
    ProbeEnd {
        /// The probe's sequence number.
        seq: u32,
    },
    /// The suspicion of `member` at `incarnation` expires: confirm it dead.
    /// Ignored unless the member is still suspect at that incarnation.
    SuspicionTimeout {
        /// The suspect.
        member: NodeId,
        /// The incarnation it was suspected at.
        incarnation: u32,
    },
    /// Forget the indirect probe this node sent with sequence number `seq` for someone else.
    RelayExpiry {
        /// This node's sequence number for the relayed ping.
        seq: u32,
    },
    /// Lifeguard nacks: the relayed ping `seq` had the probe timeout to be acked; if it was
    /// not, answer the origin with a nack. Ignored once the ack was relayed.
    RelayNack {
        /// This node's sequence number for the relayed ping.
        seq: u32,
    },
    /// memberlist's gossip interval: send pending updates to `gossip_fanout` members. Armed
    /// only while `gossip_interval` is above 0.
    Gossip,
}

impl core::fmt::Display for SwimTimer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SwimTimer::Tick => f.write_str("protocol period ends (next probe)"),
            SwimTimer::ProbeTimeout { seq } => write!(f, "probe {seq} ack timeout"),
            SwimTimer::ProbeEnd { seq } => write!(f, "probe {seq} ends (next probe)"),
            SwimTimer::SuspicionTimeout {
                member,
                incarnation,
            } => write!(
                f,
                "suspicion timeout of {member} (incarnation {incarnation})"
            ),
            SwimTimer::RelayExpiry { seq } => write!(f, "relay {seq} expires"),
            SwimTimer::RelayNack { seq } => write!(f, "relay {seq} nack timeout"),
            SwimTimer::Gossip => f.write_str("gossip interval ends"),
        }
    }
}
