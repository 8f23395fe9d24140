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
//!
//! Two switches turn the article's protocol into the one Cassandra, Akka and quickwit's
//! chitchat run, each off by default: [`Detector::Phi`], the phi accrual failure detector
//! ([`phi`]), and [`Exchange::Scuttlebutt`], digests and deltas instead of whole tables
//! ([`scuttlebutt`]). As in chitchat, a Scuttlebutt digest carries every member's heartbeat and
//! the receiver takes each as a heartbeat report (for either detector); a delta carries only
//! what changed beyond the heartbeat: a member or life the peer lacks, or a leave.

mod config;
mod message;
mod peers;
pub mod phi;
pub mod scuttlebutt;
mod table;

pub use config::{
    ConfigError, Detector, Exchange, GossipConfig, MAX_UDP_PAYLOAD, PHI_WINDOW, PhiModel,
};
pub use message::{
    DIGEST_BYTES, Digest, GossipKind, GossipMsg, HEADER_BYTES, MSG_HEADER_BYTES,
    SCUTTLEBUTT_DIGEST_BYTES, SYNACK_EXTRA_BYTES,
};
pub use phi::{ArrivalWindow, PhiDetector};
pub use table::{Entry, Table};

use crate::{Effect, Micros, Node, NodeId, Note, Outbox, Random, Row, Status};
use alloc::vec::Vec;
use peers::Peers;

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
    peers: Peers,
    /// Start time of this life, ms.
    generation: u32,
    /// Bumped every period, saturating: a `u32` lasts 4.3 billion periods, 1.4 years of
    /// virtual time at the shortest period a scenario allows (10 ms), 136 years at 1 s.
    heartbeat: u32,
    table: Table,
    /// Heartbeat inter-arrival windows (empty with the fixed detector).
    phi: PhiDetector,
    left: bool,
    /// Reused buffer: candidate peers. (Digest lists are not kept from one message to the
    /// next: a node holding one would cost `12·n` bytes each, and a list freshly allocated
    /// is the one just freed, still in the cache, where a kept one has gone cold.)
    scratch_peers: Vec<NodeId>,
}

type Out = Outbox<GossipMsg, Tick>;

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

    /// The phi accrual detector's windows (empty with the fixed detector).
    pub fn phi(&self) -> &PhiDetector {
        &self.phi
    }

    /// The topology neighbours this node gossips to, in id order.
    pub fn peers(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.peers.iter()
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

    /// Sends `digests` as a `kind` message to `count` random peers (the last one gets the
    /// list itself, the others copies).
    fn send_to_peers(
        &mut self,
        kind: GossipKind,
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
                msg: GossipMsg {
                    kind,
                    entries,
                    deltas: 0,
                },
            });
        }
    }

    /// A fresh digest list with room for the whole table (its buffer travels in the message).
    fn digest_buffer(&self) -> Vec<Digest> {
        Vec::with_capacity(self.table.entries().len())
    }

    fn on_tick(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let (t, removed) = (self.config.suspect_after, self.config.remove_after());
        self.beat(now);
        let mut digests = self.digest_buffer();
        let report = |c| out.push(Effect::Notify(Note::Member(c)));
        match self.config.detector {
            Detector::Fixed => {
                self.table
                    .sweep_and_digest(self.id, now, t, removed, report, &mut digests);
            }
            Detector::Phi => {
                // Removal comes n·t after φ crossed the threshold: the grace the fixed
                // detector gives a suspect.
                let (phi, config) = (&self.phi, &self.config);
                let grace = removed - t;
                let deadlines = |m| phi.deadlines(m, config, grace);
                self.table.sweep_and_digest_by(
                    self.id,
                    now,
                    removed,
                    deadlines,
                    report,
                    &mut digests,
                );
            }
        }
        let kind = match self.config.exchange {
            Exchange::Full => GossipKind::Push,
            Exchange::Scuttlebutt => GossipKind::Syn,
        };
        self.send_to_peers(kind, digests, self.config.fanout as usize, rng, out);
        out.push(Effect::SetTimer {
            after: self.config.period,
            timer: Tick,
        });
    }

    /// Merges table entries (a push or deltas) and records the fresher heartbeats as phi
    /// arrivals.
    fn merge(&mut self, now: Micros, updates: &[Digest], out: &mut Out) {
        self.table.merge_all(self.id, updates, now, |c| {
            out.push(Effect::Notify(Note::Member(c)));
        });
        self.heard(now, updates);
    }

    /// A peer's Scuttlebutt digest: every heartbeat in it is a heartbeat report, as chitchat's
    /// `report_heartbeats_in_digest` makes it. A fresher heartbeat of a member updates the
    /// table (its timestamp too, so the fixed detector sees it) and is a phi arrival; a
    /// member or life this node lacks is added. Leave flags wait for their delta.
    fn hear_digest(&mut self, now: Micros, digest: &[Digest], out: &mut Out) {
        self.table.merge_heartbeats(self.id, digest, now, |c| {
            out.push(Effect::Notify(Note::Member(c)));
        });
        self.heard(now, digest);
    }

    /// With phi accrual, records as arrivals the heartbeats of `seen` that the table now holds
    /// (the fresher ones just merged).
    fn heard(&mut self, now: Micros, seen: &[Digest]) {
        if self.config.detector == Detector::Phi {
            for d in seen.iter().filter(|d| d.member() != self.id) {
                let e = self.table.get(d.member());
                let live = matches!(e.status(), Status::Alive | Status::Suspect | Status::Left);
                if live && e.generation() == d.generation() && e.heartbeat() == d.heartbeat() {
                    self.phi.heard(d.member(), d.key(), now, &self.config);
                }
            }
        }
    }

    /// This node's digest: the entries it gossips, in member order.
    fn own_digest(&mut self, now: Micros) -> Vec<Digest> {
        let mut mine = self.digest_buffer();
        self.table
            .digests(now, self.config.remove_after(), &mut mine);
        mine
    }

    /// The deltas of this node's table that `theirs` lacks, cut to `budget` bytes.
    fn deltas_for(
        &mut self,
        mine: &[Digest],
        theirs: &[Digest],
        budget: usize,
        rng: &mut dyn Random,
    ) -> Vec<Digest> {
        let (mut deltas, mut depth) = (Vec::new(), Vec::new());
        scuttlebutt::stale(mine, theirs, &mut deltas, &mut depth);
        scuttlebutt::fit(&mut deltas, &depth, budget, rng);
        deltas
    }

    /// Syn: answer with the deltas the opener lacks (after room for this node's digest) and
    /// that digest.
    fn on_syn(
        &mut self,
        now: Micros,
        from: NodeId,
        msg: &GossipMsg,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        self.hear_digest(now, msg.digest(), out);
        let mine = self.own_digest(now);
        let fixed = MSG_HEADER_BYTES + SYNACK_EXTRA_BYTES + mine.len() * SCUTTLEBUTT_DIGEST_BYTES;
        let budget = (self.config.mtu as usize).saturating_sub(fixed);
        let mut entries = self.deltas_for(&mine, msg.digest(), budget, rng);
        let deltas = entries.len() as u32;
        entries.extend_from_slice(&mine);
        out.push(Effect::Send {
            to: from,
            msg: GossipMsg {
                kind: GossipKind::SynAck,
                entries,
                deltas,
            },
        });
    }

    /// SynAck: apply the deltas, then send the answerer the deltas it lacks.
    fn on_syn_ack(
        &mut self,
        now: Micros,
        from: NodeId,
        msg: &GossipMsg,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        // chitchat's order: the digest's heartbeats, then the deltas.
        self.hear_digest(now, msg.digest(), out);
        self.merge(now, msg.updates(), out);
        let mine = self.own_digest(now);
        let budget = (self.config.mtu as usize).saturating_sub(MSG_HEADER_BYTES);
        let entries = self.deltas_for(&mine, msg.digest(), budget, rng);
        out.push(Effect::Send {
            to: from,
            msg: GossipMsg {
                kind: GossipKind::Ack2,
                entries,
                deltas: 0,
            },
        });
    }
}

/// Fills `out` with `count` distinct peers drawn uniformly: a partial Fisher–Yates shuffle of
/// `peers`, carried out on a record of the few slots it swaps instead of on a copy of the
/// whole list (which, on a full topology, is every member). `count <= peers.len()`.
fn sample_peers(peers: &Peers, count: usize, rng: &mut dyn Random, out: &mut Vec<NodeId>) {
    out.clear();
    if count > 16 {
        // Many picks (a leave tells everyone): shuffling a copy is cheaper than the record.
        out.extend(peers.iter());
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
            .map_or_else(|| peers.get(slot), |&(_, p)| p)
    };
    for i in 0..count {
        let j = i + rng.below((peers.len() - i) as u32) as usize;
        let (at_i, at_j) = (at(&moved[..i], i), at(&moved[..i], j));
        out.push(at_j);
        moved[i] = (j, at_i);
    }
}

impl Node for GossipNode {
    type Msg = GossipMsg;
    type Timer = Tick;
    type Config = GossipConfig;

    fn new(id: NodeId, config: &GossipConfig, peers: &[NodeId], now: Micros) -> Self {
        let mut node = GossipNode {
            id,
            config: config.clone(),
            peers: Peers::new(id, peers),
            generation: u32::try_from(now / 1000).unwrap_or(u32::MAX),
            heartbeat: 0,
            table: Table::default(),
            phi: PhiDetector::default(),
            left: false,
            scratch_peers: Vec::new(),
        };
        let known = peers.iter().max().map_or(0, |&p| p as usize + 1);
        node.table.reserve(known.max(id as usize + 1));
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
        from: NodeId,
        msg: GossipMsg,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        match msg.kind {
            // The sender's own entry is in the table it sent, with a counter it just bumped,
            // so the sender counts as heard from through the ordinary merge.
            GossipKind::Push | GossipKind::Ack2 => self.merge(now, msg.updates(), out),
            GossipKind::Syn => self.on_syn(now, from, &msg, rng, out),
            GossipKind::SynAck => self.on_syn_ack(now, from, &msg, rng, out),
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
        let all = self.peers.len();
        if self.config.exchange == Exchange::Scuttlebutt {
            // No exchange can finish after this node stops: it sends its own entry, flagged,
            // as an unsolicited Ack2 (a delta), and the flag spreads with later exchanges.
            let own = alloc::vec![Digest::new(self.id, self.generation, self.heartbeat, true)];
            self.send_to_peers(GossipKind::Ack2, own, all, rng, out);
            return;
        }
        let mut digests = self.digest_buffer();
        self.table
            .digests(now, self.config.remove_after(), &mut digests);
        self.send_to_peers(GossipKind::Push, digests, all, rng, out);
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
        self.peers = Peers::new(self.id, peers);
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
