//! The network as a value: latency with jitter, loss, and partitions.

use crate::rng::SimRng;
use gossip_protocol::{Micros, NodeId};

/// Network conditions. A message is routed when sent: it is delivered after a delay, or dropped.
#[derive(Clone, Debug)]
pub struct Network {
    /// Mean one-way latency in µs; each message takes a uniform draw in `[mean/2, 3·mean/2)`.
    pub latency: Micros,
    /// Loss probability in hundredths of a percent (0..=10000).
    pub loss_per_10k: u32,
    /// Partition group of each node; messages between different groups are dropped.
    group: Vec<u16>,
    /// The group of ids past the end of `group`: members that join during the partition
    /// belong to the side of the ids in no range.
    rest: u16,
}

impl Network {
    /// A network with no partition.
    pub fn new(latency: Micros, loss_pct: u32) -> Self {
        Network {
            latency,
            loss_per_10k: loss_pct * 100,
            group: Vec::new(),
            rest: 0,
        }
    }

    /// The group of `node` (0 when no partition is in force).
    pub fn group(&self, node: NodeId) -> u16 {
        self.group.get(node as usize).copied().unwrap_or(self.rest)
    }

    /// Replaces the partition: `group[i]` is node `i`'s side, and `rest` the side of every id
    /// past the end of `group` (nodes that join later: the side of the ids in no range).
    pub fn partition(&mut self, group: Vec<u16>, rest: u16) {
        self.group = group;
        self.rest = rest;
    }

    /// Removes every partition.
    pub fn heal(&mut self) {
        self.group.clear();
        self.rest = 0;
    }

    /// True when a partition is in force.
    pub fn is_partitioned(&self) -> bool {
        !self.group.is_empty()
    }

    /// True when `a` and `b` can talk.
    pub fn connected(&self, a: NodeId, b: NodeId) -> bool {
        self.group(a) == self.group(b)
    }

    /// Routes one message: `Some(delay)` or `None` for a drop (partition or loss).
    pub fn route(&self, src: NodeId, dst: NodeId, rng: &mut SimRng) -> Option<Micros> {
        if !self.connected(src, dst) {
            return None;
        }
        if rng.chance(self.loss_per_10k) {
            return None;
        }
        if self.latency == 0 {
            return Some(0);
        }
        Some(self.latency / 2 + rng.below_u64(self.latency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    #[test]
    fn partition_drops_messages_across_the_cut_only() {
        let mut net = Network::new(1000, 0);
        let mut rng = SimRng::new(1, Stream::Network);
        net.partition(vec![0, 0, 1, 1], 2);
        assert!(net.route(0, 1, &mut rng).is_some());
        assert!(net.route(1, 2, &mut rng).is_none());
        // An id past the listed nodes (one that joins later) is on the side `rest`.
        assert_eq!(net.group(4), 2);
        assert!(net.route(4, 0, &mut rng).is_none());
        net.heal();
        assert!(net.route(1, 2, &mut rng).is_some());
    }

    #[test]
    fn latency_jitter_stays_within_half_to_three_halves_of_the_mean() {
        let net = Network::new(10_000, 0);
        let mut rng = SimRng::new(2, Stream::Network);
        let ds: Vec<_> = (0..1000)
            .map(|_| net.route(0, 1, &mut rng).unwrap())
            .collect();
        assert!(ds.iter().all(|&d| (5_000..15_000).contains(&d)));
        let mean = ds.iter().sum::<u64>() as f64 / 1000.0;
        assert!((9_500.0..10_500.0).contains(&mean));
    }

    #[test]
    fn loss_drops_about_the_asked_fraction() {
        let net = Network::new(0, 20);
        let mut rng = SimRng::new(3, Stream::Network);
        let lost = (0..10_000)
            .filter(|_| net.route(0, 1, &mut rng).is_none())
            .count();
        assert!((1800..2200).contains(&lost), "{lost}");
    }
}
