//! Heartbeat-style gossip (van Renesse, Minsky, Hayden 1998).
//!
//! Every member keeps a [`Table`] of (member, status, heartbeat counter, local timestamp). Every
//! period a live node increments its own counter and sends its table to `fanout` peers chosen at
//! random among its topology neighbours. Entries merge by freshest counter. A member whose
//! counter has not advanced for `t` becomes suspect; one silent for a further `n·t` is removed.
//!
//! **Restarts.** A node's state is lost when it crashes. Its new life uses the virtual time at
//! which it started as its *generation* (as Cassandra does with wall-clock time, in seconds);
//! peers compare `(generation, heartbeat)`, so the new life's counter 1 beats any counter of the
//! old life. Generations are kept in milliseconds (a `u32`: 49 days of virtual time, well past
//! the scenario format's one-day limit on events; later starts saturate). Two lives started
//! within the same millisecond share a generation, and the second is only believed once its
//! counter passes the first's; scenario events and recorded clicks are whole milliseconds apart,
//! so in the playground that takes a crash and a recovery at the very same instant.
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

impl core::fmt::Display for Tick {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("gossip period (heartbeat, send table, sweep)")
    }
}

/// One life of a gossip member.
#[derive(Clone, Debug)]
pub struct GossipNode {
    id: NodeId,
    config: GossipConfig,
    peers: Vec<NodeId>,
    /// Start time of this life, ms.
    generation: u32,
    /// Bumped every period, saturating: a `u32` lasts 4.3 billion periods, 1.4 years of
    /// virtual time at the shortest period a scenario allows (10 ms), 136 years at 1 s.
    heartbeat: u32,
    table: Table,
    left: bool,
    /// Reused buffers: candidate peers, and a digest list (the last received message's, or
    /// one not sent last time).
    scratch_peers: Vec<NodeId>,
    scratch_digests: Vec<Digest>,
}

type Out = Outbox<Heartbeats, Tick>;

impl GossipNode {
    /// The node's own heartbeat counter.
    pub fn heartbeat(&self) -> u64 {
        u64::from(self.heartbeat)
    }

    /// The generation (start time, ms) of this life.
    pub fn generation(&self) -> u32 {
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
        let status = if self.left {
            Status::Left
        } else {
            Status::Alive
        };
        Entry::new(status, self.generation, self.heartbeat, now)
    }

    /// Bumps the own counter (in the table too).
    fn beat(&mut self, now: Micros) {
        self.heartbeat = self.heartbeat.saturating_add(1);
        self.table.set(self.id, self.own_entry(now));
    }

    /// Sends `digests` to `count` random peers (the last one gets the list itself, the others
    /// copies).
    fn send_to_peers(
        &mut self,
        digests: Vec<Digest>,
        count: usize,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        let count = count.min(self.peers.len());
        sample_peers(&self.peers, count, rng, &mut self.scratch_peers);
        let mut digests = Some(digests);
        for (i, &to) in self.scratch_peers.iter().enumerate() {
            let entries = if i + 1 == count {
                digests.take().unwrap_or_default()
            } else {
                digests.clone().unwrap_or_default()
            };
            out.push(Effect::Send {
                to,
                msg: Heartbeats { entries },
            });
        }
        if let Some(unsent) = digests {
            self.scratch_digests = unsent;
        }
    }

    /// A fresh digest list with room for the whole table (its buffer travels in the message).
    fn digest_buffer(&mut self) -> Vec<Digest> {
        let mut buffer = core::mem::take(&mut self.scratch_digests);
        buffer.clear();
        buffer.reserve(self.table.entries().len());
        buffer
    }

    fn on_tick(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let (t, removed) = (self.config.suspect_after, self.config.remove_after());
        self.beat(now);
        let mut digests = self.digest_buffer();
        let report = |c| out.push(Effect::Notify(Note::Member(c)));
        self.table
            .sweep_and_digest(self.id, now, t, removed, report, &mut digests);
        self.send_to_peers(digests, self.config.fanout as usize, rng, out);
        out.push(Effect::SetTimer {
            after: self.config.period,
            timer: Tick,
        });
    }
}

/// Fills `out` with `count` distinct peers drawn uniformly: a partial Fisher–Yates shuffle of
/// `peers`, carried out on a record of the few slots it swaps instead of on a copy of the
/// whole list (which, on a full topology, is every member). `count <= peers.len()`.
fn sample_peers(peers: &[NodeId], count: usize, rng: &mut dyn Random, out: &mut Vec<NodeId>) {
    out.clear();
    if count > 16 {
        // Many picks (a leave tells everyone): shuffling a copy is cheaper than the record.
        out.extend_from_slice(peers);
        for i in 0..count {
            let j = i + rng.below((peers.len() - i) as u32) as usize;
            out.swap(i, j);
        }
        out.truncate(count);
        return;
    }
    // (slot, the peer now in it) for every slot a swap changed, on the stack.
    let mut moved = [(0usize, 0 as NodeId); 16];
    let at = |moved: &[(usize, NodeId)], slot: usize| {
        moved
            .iter()
            .rev()
            .find(|(s, _)| *s == slot)
            .map_or(peers[slot], |&(_, p)| p)
    };
    for i in 0..count {
        let j = i + rng.below((peers.len() - i) as u32) as usize;
        let (at_i, at_j) = (at(&moved[..i], i), at(&moved[..i], j));
        out.push(at_j);
        moved[i] = (j, at_i);
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
            generation: u32::try_from(now / 1000).unwrap_or(u32::MAX),
            heartbeat: 0,
            table: Table::default(),
            left: false,
            scratch_peers: Vec::new(),
            scratch_digests: Vec::new(),
        };
        node.table.set(id, node.own_entry(now));
        node.table.set_cleanup_after(config.cleanup_after());
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
        self.table.merge_all(self.id, &msg.entries, now, |c| {
            out.push(Effect::Notify(Note::Member(c)));
        });
        // Keep the larger buffer for the next tick's digests: the ones sent on each tick
        // leave with their message, and come back this way instead of from the allocator.
        if msg.entries.capacity() > self.scratch_digests.capacity() {
            self.scratch_digests = msg.entries;
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
        self.beat(now);
        let mut digests = self.digest_buffer();
        self.table
            .digests(now, self.config.remove_after(), &mut digests);
        let all = self.peers.len();
        self.send_to_peers(digests, all, rng, out);
    }

    /// Every value is read afresh where it is used: `period` from the next tick on (the tick
    /// already armed keeps its time), `fanout` at the next tick, `t` and `n` at the next
    /// failure-detection sweep (the next tick), so a member may turn suspect or be removed at
    /// that tick under the new thresholds.
    fn reconfigure(&mut self, config: &GossipConfig) {
        let aligned = self.config.aligned_start;
        self.config = GossipConfig {
            aligned_start: aligned,
            ..config.clone()
        };
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
        self.table.get(member).status()
    }

    fn rows(&self) -> Vec<Row> {
        self.table
            .entries()
            .iter()
            .enumerate()
            .filter(|(_, e)| e.status() != Status::Unknown)
            .map(|(i, e)| Row {
                member: i as NodeId,
                status: e.status(),
                counter: u64::from(e.heartbeat()),
                generation: u64::from(e.generation()),
                stamp: e.heard(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
