//! SWIM: Scalable Weakly-consistent Infection-style process group Membership
//! (Das, Gupta, Motivala 2002), with memberlist's refinements.
//!
//! Each protocol period a node pings one member, chosen in randomised round-robin order. No
//! ack within `ack_timeout` and it asks `k` others to ping the target for it (`PingReq`); no
//! ack by the end of the period and the target becomes *suspect*. A suspect that does not
//! refute (announce itself alive with a higher incarnation) within the suspicion timeout is
//! confirmed *dead*. Membership changes travel piggybacked on those messages, infection-style,
//! each sent a bounded number of times. A starting node sends `Join` to a few of the peers it
//! was given and merges the full table they send back (`Sync`), which is how a recovered member
//! learns that it was declared dead, and refutes.
//!
//! Two full-state exchanges (push-pull: a `Sync` that asks for the receiver's table back) make
//! up for what rumours miss. Every `push_pull_periods` a node syncs with a random live member
//! (memberlist's anti-entropy), so that knowledge whose rumour died out still spreads; and now
//! and then one syncs with a member it believes dead (Serf's reconnect), so that the two sides
//! of a healed partition, which each declared the other dead, find each other again: each side
//! learns it was declared dead and refutes with a higher incarnation.
//!
//! One concept per file: `config`, `message`, `timer`, `member` (the table and the precedence
//! rules), `probe` (round-robin order), `relay` (indirect probes for others), `suspicion`
//! (the timeout), `dissemination` (the piggyback buffer). [`SwimNode`]'s handlers are split
//! between `detector` (periods, probes, acks) and `membership` (rumours, join, sync, leave).

mod config;
mod detector;
mod dissemination;
mod ids;
pub mod lifeguard;
mod member;
mod membership;
mod message;
mod probe;
mod relay;
mod stamps;
mod suspicion;
mod timer;

#[cfg(test)]
mod tests;

pub use config::{ConfigError, SwimConfig};
pub use lifeguard::Lifeguard;
pub use message::{NO_ACCUSER, SwimMsg, SyncEntry, SyncTable, Update, UpdateKind};
pub use timer::SwimTimer;

use alloc::vec::Vec;

use crate::core::{Micros, Node, NodeId, Outbox, Random, Row, Status};
use dissemination::{Dissemination, retransmit_limit};
use lifeguard::awareness::Awareness;
use lifeguard::suspicion::Suspicion;
use member::MemberTable;
use probe::{Probe, ProbeOrder};
use relay::Relays;

/// The outbox of a SWIM node.
type Out = Outbox<SwimMsg, SwimTimer>;

/// One life of a SWIM member: the failure detector, its membership table and its
/// dissemination buffer.
#[derive(Clone, Debug)]
pub struct SwimNode {
    id: NodeId,
    config: SwimConfig,
    /// This life's incarnation number; only ever raised, to refute.
    incarnation: u32,
    table: MemberTable,
    order: ProbeOrder,
    /// The probe of the current period, if one was started.
    probe: Option<Probe>,
    /// Next sequence number for a ping (own probes and relayed ones share the space).
    next_seq: u32,
    relays: Relays,
    buffer: Dissemination,
    /// Protocol periods until the next push-pull (0: never, push-pull is disabled).
    push_pull_in: u32,
    /// Reused for member sampling, so sending allocates nothing but the message.
    scratch: Vec<NodeId>,
    /// Lifeguard's local health score (used with `lifeguard.lhm`).
    awareness: Awareness,
    /// Lifeguard's running dynamic suspicions (used with `lifeguard.dynamic`), at most one a
    /// member, sorted by member: after a partition every member of the other side has one,
    /// and each rumour looks its member up.
    suspicions: Vec<Suspicion>,
    /// Whether a [`SwimTimer::Gossip`] is armed.
    gossip_armed: bool,
    /// Members this node declared or learned dead, with when: the dead part of the gossip
    /// targets (see [`SwimConfig::gossip_to_dead`]), pruned as they age. Few at a time.
    recent_dead: Vec<(NodeId, Micros)>,
}

impl SwimNode {
    /// This node's incarnation number.
    pub fn incarnation(&self) -> u32 {
        self.incarnation
    }

    /// How many updates wait in the dissemination buffer.
    pub fn pending_updates(&self) -> usize {
        self.buffer.len()
    }

    /// The member probed this period, if any (acknowledged or not).
    pub fn probe_target(&self) -> Option<NodeId> {
        self.probe.map(|p| p.target)
    }

    /// The member probed this period if no ack (direct or relayed) came for it yet.
    pub fn unacked_probe(&self) -> Option<NodeId> {
        self.probe.filter(|p| !p.acked).map(|p| p.target)
    }

    /// Lifeguard's local health score, `0..awareness_max` (0 when `lhm` is off).
    pub fn health_score(&self) -> u32 {
        self.awareness.score()
    }

    /// Lifeguard's dynamic suspicion of `member`, if one runs: the accusers it has counted, in
    /// the order heard (the first one, then each confirmation). Empty otherwise.
    pub fn suspicion_accusers(&self, member: NodeId) -> &[NodeId] {
        self.suspicion_of(member).map_or(&[], |s| s.accusers())
    }

    /// The dynamic suspicion of `member` running, if any.
    fn suspicion_of(&self, member: NodeId) -> Option<&Suspicion> {
        let i = self.suspicion_index(member).ok()?;
        Some(&self.suspicions[i])
    }

    /// Where `member`'s dynamic suspicion is (`Ok`) or would go (`Err`) in the sorted list.
    fn suspicion_index(&self, member: NodeId) -> Result<usize, usize> {
        self.suspicions.binary_search_by_key(&member, |s| s.member)
    }

    /// The configuration this node runs with.
    pub fn config(&self) -> &SwimConfig {
        &self.config
    }

    /// Forces (`true`) or stops forcing the first protocol period to start at a multiple of
    /// `period`, as [`SwimConfig::aligned_start`]. Call before [`Node::on_start`].
    pub fn set_aligned(&mut self, aligned: bool) {
        self.config.aligned_start = aligned;
    }

    fn fresh_seq(&mut self) -> u32 {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(1);
        seq
    }

    /// Takes the updates to piggyback on one outgoing message.
    fn piggyback(&mut self) -> Vec<Update> {
        if self.buffer.len() == 0 {
            return Vec::new();
        }
        let max = (self.config.max_piggyback as usize).min(self.buffer.len());
        let limit = retransmit_limit(self.config.lambda, self.table.live());
        let mut updates = Vec::with_capacity(max);
        self.buffer.select(max, limit, &self.table, &mut updates);
        updates
    }

    /// Queues `update` for dissemination (the table must already hold what it says about the
    /// member, if anything).
    fn queue(&mut self, update: Update) {
        let known = self.table.get(update.member);
        self.buffer.queue(update, known);
    }
}

impl Node for SwimNode {
    type Msg = SwimMsg;
    type Timer = SwimTimer;
    type Config = SwimConfig;

    /// Incarnation 0; itself and every peer alive at incarnation 0 (stamped `now`). Knowing
    /// the peers from the start is not a change, so no `Note` reports them; the rest of the
    /// group is learned through `Sync` and dissemination. `config` must be valid.
    fn new(id: NodeId, config: &SwimConfig, peers: &[NodeId], now: Micros) -> Self {
        // (`peers` may hold `id` itself: it is alive at 0 either way.)
        let table = MemberTable::alive_at_start(now, id, peers);
        SwimNode {
            id,
            config: config.clone(),
            incarnation: 0,
            table,
            order: ProbeOrder::new(peers.iter().copied().filter(|&p| p != id)),
            probe: None,
            next_seq: 0,
            relays: Relays::default(),
            buffer: Dissemination::default(),
            push_pull_in: 0,
            scratch: Vec::new(),
            awareness: Awareness::default(),
            suspicions: Vec::new(),
            gossip_armed: false,
            recent_dead: Vec::new(),
        }
    }

    /// Announces itself (`Alive` queued, `Join` to every peer) and arms the first tick.
    fn on_start(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        self.start(now, rng, out);
    }

    fn on_message(
        &mut self,
        now: Micros,
        from: NodeId,
        msg: SwimMsg,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        match msg {
            SwimMsg::Ping { seq, updates } => {
                self.apply_all(now, &updates, rng, out);
                self.on_ping(from, seq, out);
            }
            SwimMsg::PingReq {
                seq,
                target,
                updates,
            } => {
                self.apply_all(now, &updates, rng, out);
                self.on_ping_req(from, seq, target, out);
            }
            SwimMsg::Ack { seq, updates } => {
                self.apply_all(now, &updates, rng, out);
                self.on_ack(now, seq, rng, out);
            }
            SwimMsg::Join {
                incarnation,
                updates,
            } => self.on_join(now, from, incarnation, &updates, rng, out),
            SwimMsg::Sync { members, reply } => self.on_sync(now, from, &members, reply, rng, out),
            SwimMsg::Gossip { updates } => self.apply_all(now, &updates, rng, out),
            SwimMsg::Nack { seq } => self.on_nack(seq),
            SwimMsg::TcpPing { seq } => self.on_tcp_ping(from, seq, out),
            SwimMsg::TcpAck { seq } => self.on_tcp_ack(now, seq),
        }
    }

    fn on_timer(&mut self, now: Micros, timer: SwimTimer, rng: &mut dyn Random, out: &mut Out) {
        match timer {
            SwimTimer::Tick => self.on_tick(now, rng, out),
            SwimTimer::ProbeTimeout { seq } => self.on_probe_timeout(seq, rng, out),
            SwimTimer::ProbeEnd { seq } => self.on_probe_end(now, seq, rng, out),
            SwimTimer::RelayNack { seq } => self.on_relay_nack(seq, out),
            SwimTimer::Gossip => self.on_gossip_timer(now, rng, out),
            SwimTimer::SuspicionTimeout {
                member,
                incarnation,
            } => self.on_suspicion_timeout(now, member, incarnation, rng, out),
            SwimTimer::RelayExpiry { seq } => {
                self.relays.take(seq);
            }
        }
    }

    /// Queues `Left` about itself and gossips it to `max(k + 1, 3)` random gossip targets.
    fn on_leave(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        self.leave(now, rng, out);
    }

    /// A no-op: SWIM learns its membership through `Join`, `Sync` and dissemination, so the
    /// topology only matters for the peers given to [`Node::new`].
    fn set_peers(&mut self, _peers: &[NodeId]) {}

    /// Every value is read afresh where it is used: `period` after the tick already armed
    /// (the next protocol period is the new length), `ack_timeout` and `k` at the next probe,
    /// the suspicion multiplier for suspicions raised from now on (running suspicion timers
    /// keep their deadlines), `λ` at the next piggyback, the gossip fanout at the next tick.
    fn reconfigure(&mut self, config: &SwimConfig) {
        let aligned = self.config.aligned_start;
        self.config = SwimConfig {
            aligned_start: aligned,
            ..config.clone()
        };
    }

    fn id(&self) -> NodeId {
        self.id
    }

    fn status_of(&self, member: NodeId) -> Status {
        self.table.status(member)
    }

    /// One row per known member, itself included: `counter` is the incarnation, `generation`
    /// is 0 and `stamp` the local time of the entry's last change.
    fn rows(&self) -> Vec<Row> {
        self.table
            .known()
            .map(|(member, entry)| Row {
                member,
                status: entry.status,
                counter: u64::from(entry.incarnation),
                generation: 0,
                stamp: self.table.last_change(member),
            })
            .collect()
    }

    /// Suspicion timeouts: one per suspect, so up to `n` per node after a partition.
    fn is_bulk_timer(timer: &SwimTimer) -> bool {
        matches!(timer, SwimTimer::SuspicionTimeout { .. })
    }
}
