//! Heartbeat-style gossip (van Renesse, Minsky, Hayden 1998).
//!
//! Every member keeps a [`Table`] of (member, status, heartbeat counter, local timestamp). Every
//! period a live node increments its own counter and sends its table to `fanout` peers chosen at
//! random among its topology neighbours. Entries merge by freshest counter. A member whose
//! counter has not advanced for `t` becomes suspect; one silent for a further `n·t` is removed.
//!
//! **Restarts.** A node's state is lost when it crashes. Its new life uses the virtual time at
//! which it started as its *generation* (as Cassandra does with wall-clock time); peers compare
//! `(generation, heartbeat)`, so the new life's counter 1 beats any counter of the old life.
//!
//! Failure detection runs at every period tick, so detection times are rounded up to the next
//! tick of the observing node.

mod config;
mod message;
mod table;

pub use config::{ConfigError, GossipConfig};
pub use message::{DIGEST_BYTES, Digest, HEADER_BYTES, Heartbeats};
pub use table::{Entry, Table};

use crate::{Effect, Micros, Node, NodeId, Note, Outbox, Random, Row, Status};
use alloc::vec::Vec;

/// The only timer: the start of a gossip period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tick;

/// One life of a gossip member.
#[derive(Clone, Debug)]
pub struct GossipNode {
    id: NodeId,
    config: GossipConfig,
    peers: Vec<NodeId>,
    generation: u64,
    heartbeat: u64,
    table: Table,
    left: bool,
    /// Reused buffers: candidate peers and outgoing digests.
    scratch_peers: Vec<NodeId>,
    scratch_digests: Vec<Digest>,
}

type Out = Outbox<Heartbeats, Tick>;

impl GossipNode {
    /// The node's own heartbeat counter.
    pub fn heartbeat(&self) -> u64 {
        self.heartbeat
    }

    /// The generation (start time, µs) of this life.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The membership table.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The topology neighbours this node gossips to.
    pub fn peers(&self) -> &[NodeId] {
        &self.peers
    }

    fn own_entry(&self, now: Micros) -> Entry {
        Entry {
            status: if self.left {
                Status::Left
            } else {
                Status::Alive
            },
            generation: self.generation,
            heartbeat: self.heartbeat,
            heard: now,
        }
    }

    /// Bumps the own counter and sends the table to `count` random peers.
    fn gossip(&mut self, now: Micros, count: usize, rng: &mut dyn Random, out: &mut Out) {
        self.heartbeat += 1;
        self.table.set(self.id, self.own_entry(now));
        self.table
            .digests(now, self.config.remove_after(), &mut self.scratch_digests);
        self.scratch_peers.clear();
        self.scratch_peers.extend_from_slice(&self.peers);
        let count = count.min(self.scratch_peers.len());
        for i in 0..count {
            // Partial Fisher–Yates: the first `count` slots become a uniform sample.
            let rest = (self.scratch_peers.len() - i) as u32;
            let j = i + rng.below(rest) as usize;
            self.scratch_peers.swap(i, j);
            out.push(Effect::Send {
                to: self.scratch_peers[i],
                msg: Heartbeats {
                    entries: self.scratch_digests.clone(),
                },
            });
        }
    }

    fn on_tick(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let (t, removed) = (self.config.suspect_after, self.config.remove_after());
        self.table.sweep(self.id, now, t, removed, |c| {
            out.push(Effect::Notify(Note::Member(c)));
        });
        self.gossip(now, self.config.fanout as usize, rng, out);
        out.push(Effect::SetTimer {
            after: self.config.period,
            timer: Tick,
        });
    }
}

impl Node for GossipNode {
    type Msg = Heartbeats;
    type Timer = Tick;
    type Config = GossipConfig;

    fn new(id: NodeId, config: &GossipConfig, peers: &[NodeId], now: Micros) -> Self {
        let mut node = GossipNode {
            id,
            config: config.clone(),
            peers: peers.iter().copied().filter(|&p| p != id).collect(),
            generation: now,
            heartbeat: 0,
            table: Table::default(),
            left: false,
            scratch_peers: Vec::new(),
            scratch_digests: Vec::new(),
        };
        node.table.set(id, node.own_entry(now));
        node
    }

    fn on_start(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let period = self.config.period;
        let first = if self.config.aligned_start {
            (period - now % period) % period
        } else {
            u64::from(rng.below(u32::try_from(period).unwrap_or(u32::MAX)))
        };
        out.push(Effect::SetTimer {
            after: first,
            timer: Tick,
        });
    }

    fn on_message(
        &mut self,
        now: Micros,
        _from: NodeId,
        msg: Heartbeats,
        _rng: &mut dyn Random,
        out: &mut Out,
    ) {
        // The sender's own entry is in the table it sent, with a counter it just bumped, so the
        // sender counts as heard from through the ordinary merge.
        for d in &msg.entries {
            if d.member == self.id {
                continue;
            }
            if let Some(c) = self.table.merge(d, now) {
                out.push(Effect::Notify(Note::Member(c)));
            }
        }
    }

    fn on_timer(&mut self, now: Micros, _timer: Tick, rng: &mut dyn Random, out: &mut Out) {
        if !self.left {
            self.on_tick(now, rng, out);
        }
    }

    fn on_leave(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        // Tell every neighbour at once; they spread the `left` flag with their tables.
        self.left = true;
        let all = self.peers.len();
        self.gossip(now, all, rng, out);
    }

    fn set_peers(&mut self, peers: &[NodeId]) {
        self.peers.clear();
        self.peers
            .extend(peers.iter().copied().filter(|&p| p != self.id));
    }

    fn id(&self) -> NodeId {
        self.id
    }

    fn status_of(&self, member: NodeId) -> Status {
        if member == self.id {
            return Status::Alive;
        }
        self.table.get(member).status
    }

    fn rows(&self) -> Vec<Row> {
        self.table
            .entries()
            .iter()
            .enumerate()
            .filter(|(_, e)| e.status != Status::Unknown)
            .map(|(i, e)| Row {
                member: i as NodeId,
                status: e.status,
                counter: e.heartbeat,
                generation: e.generation,
                stamp: e.heard,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
