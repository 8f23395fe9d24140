//! Metrics computed from the trace as it is produced: detection times, false positives,
//! message and byte load, join convergence and leaders.
//!
//! Only *live* observers count. `counts[m][s]` is the number of live nodes other than `m` that
//! believe `m` is in status `s`; it is kept exact by adding a node's whole view when it starts and
//! removing it when it stops, and by applying every reported change in between.

use gossip_protocol::{Change, Micros, MsgKind, NodeId, Status};

/// Message counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageStats {
    /// Messages handed to the network.
    pub sent: u64,
    /// Messages that arrived at a live node.
    pub delivered: u64,
    /// Messages lost (loss, partition, or a receiver that was down on arrival).
    pub dropped: u64,
    /// Bytes handed to the network (estimated wire size).
    pub bytes: u64,
    /// Messages sent, by [`MsgKind`].
    pub sent_by_kind: [u64; MsgKind::ALL.len()],
    /// Bytes sent, by [`MsgKind`].
    pub bytes_by_kind: [u64; MsgKind::ALL.len()],
}

/// Detection of one crash.
///
/// Only suspicions the crash caused count as its detection. A suspicion (or death) an
/// observer holds is *caused by the crash* when its first-hand origin came after the crash:
/// - SWIM, first-hand: the failed probe that raised it had its direct ping reach the member
///   at or after the crash (so the member was down when pinged; a ping lost in the network
///   counts by its send time). A ping sent before the crash and lost, or answered before
///   it, does not count: the probe failed for another reason. The same holds for a failed
///   probe of a member the observer already suspected: its view does not change, but from
///   then on its suspicion has a cause after the crash (and the crash is detected). A death
///   on the observer's own suspicion timeout inherits its suspicion's cause.
/// - Second-hand (SWIM rumours, and full tables in a sync): the cause of what the sender
///   held when the message arrived, so a rumour counts when the chain of senders it came
///   through (the chain the why panel tells) leads back to a first-hand suspicion caused by
///   the crash. A sender that holds no suspicion of the member then (it was refuted since)
///   passes on no cause: not counted.
/// - Heartbeat gossip (its detector is always first-hand): counts unless it was already due
///   at the crash, i.e. unless, at the crash, the observer had already heard no fresh
///   heartbeat for `t` (the fixed detector; with phi, φ was already above the threshold) and
///   was only waiting for its next sweep. So an observer that still had a fresh enough
///   heartbeat when the member crashed is detecting the crash: the next heartbeat it was
///   owed is the first one the crash withheld.
///
/// With memberlist's TCP fallback ping (`tcp_ping`), a probe's last contact attempt is that
/// stream ping, sent at the ack timeout: the probe counts by when *it* reached the member (a
/// member up when it arrived would have answered it).
///
/// Suspicions already under way at the crash are counted in [`Failure::suspected_at_crash`]
/// instead: held then, for gossip already due, or raised first-hand after it by a probe that
/// had failed before it (its last ping reached the member while it was up). Nodes that only
/// heard of such a suspicion are in neither count. `all_suspect` and `all_dead` are states of
/// the whole cluster (a suspicion under way counts towards them), reached at the crash itself
/// if they already held then.
///
/// Observers frozen in a pause (the `pause` event) are left out of `all_suspect` and
/// `all_dead` for as long as they are paused: a paused process learns nothing (memberlist's
/// would read its socket only when it wakes), so the moment every other live member has the
/// crashed one dead is `all_dead`, even if a paused one still holds it alive; an observer whose
/// pause ends before that moment counts again. Slowed observers (`slow`) still count: they
/// learn late, and that delay is part of the detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The crashed node.
    pub node: NodeId,
    /// Crash time, µs.
    pub at: Micros,
    /// When the first live node marked it suspect (or dead) for a cause that came after the
    /// crash (see above).
    pub first_suspect: Option<Micros>,
    /// When every live node that knew it had it suspect, dead or removed, paused nodes left
    /// out (not before `first_suspect`; see above).
    pub all_suspect: Option<Micros>,
    /// When every live node had it dead or removed, paused nodes left out (not before
    /// `first_suspect`; see above).
    pub all_dead: Option<Micros>,
    /// Live nodes whose own suspicion (or death) of it was already under way at the crash
    /// (held then, due, or raised first-hand later by a probe that failed before it; see
    /// above), each counted once. Not detections.
    pub suspected_at_crash: u32,
    /// Still being tracked (it has not recovered).
    pub open: bool,
}

/// Convergence of one join.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Join {
    /// The new node.
    pub node: NodeId,
    /// Join time, µs.
    pub at: Micros,
    /// When every live node listed it as alive.
    pub all_know: Option<Micros>,
    /// Still being tracked.
    pub open: bool,
}

/// Leaders, as in the membership article's addendum: each live node follows the lowest id it
/// believes alive (itself included). Tracking starts once the cluster first agrees on one leader,
/// so the start-up, when nodes have not heard of each other yet, is not counted as split brain;
/// likewise a node that starts later (a join, a recovery) follows no leader until its view first
/// changes, since until then it has heard nothing from the cluster.
/// Agreement is looked for only once every initial node has started ([`Leaders::arm`]): while
/// the simulator is still starting them one by one at time 0, the first few trivially agree.
#[derive(Clone, Debug, Default)]
pub struct Leaders {
    leader: Vec<Option<NodeId>>,
    followers: Vec<u32>,
    distinct: u32,
    armed: bool,
    /// When the cluster first agreed on one leader.
    pub agreed_at: Option<Micros>,
    /// Largest number of distinct leaders followed at once after that.
    pub max_distinct: u32,
    split_since: Option<Micros>,
    split_total: Micros,
}

impl Leaders {
    /// The leader `observer` follows (None when it is down).
    pub fn of(&self, observer: NodeId) -> Option<NodeId> {
        self.leader.get(observer as usize).copied().flatten()
    }

    /// Number of distinct leaders followed now.
    pub fn distinct(&self) -> u32 {
        self.distinct
    }

    /// Since when more than one leader is followed (after the first agreement), if now.
    pub fn split_since(&self) -> Option<Micros> {
        self.split_since
    }

    /// Total time (µs) more than one leader was followed, up to `now`.
    pub fn split_brain(&self, now: Micros) -> Micros {
        self.split_total + self.split_since.map_or(0, |s| now.saturating_sub(s))
    }

    /// Starts looking for agreement (the simulator calls it once every initial node is up).
    pub fn arm(&mut self, now: Micros) {
        self.armed = true;
        self.check_agreement(now);
    }

    fn check_agreement(&mut self, now: Micros) {
        if self.armed && self.agreed_at.is_none() && self.distinct == 1 {
            self.agreed_at = Some(now);
            self.max_distinct = 1;
        }
    }

    fn set(&mut self, now: Micros, o: NodeId, new: Option<NodeId>) {
        let o = o as usize;
        if self.leader.len() <= o {
            self.leader.resize(o + 1, None);
        }
        let old = std::mem::replace(&mut self.leader[o], new);
        if old == new {
            return;
        }
        if let Some(l) = old {
            self.followers[l as usize] -= 1;
            if self.followers[l as usize] == 0 {
                self.distinct -= 1;
            }
        }
        if let Some(l) = new {
            if self.followers.len() <= l as usize {
                self.followers.resize(l as usize + 1, 0);
            }
            self.followers[l as usize] += 1;
            if self.followers[l as usize] == 1 {
                self.distinct += 1;
            }
        }
        if self.agreed_at.is_none() {
            self.check_agreement(now);
            return;
        }
        self.max_distinct = self.max_distinct.max(self.distinct);
        match (self.distinct > 1, self.split_since) {
            (true, None) => self.split_since = Some(now),
            (false, Some(s)) => {
                self.split_total += now - s;
                self.split_since = None;
            }
            _ => {}
        }
    }
}

/// A set of (observer, member) pairs: per observer, its members as a sorted list while they
/// are few, as a bitset once the list would be larger. A partition makes `n²/2` pairs, which
/// a bitset holds in `n²/16` bytes (a `BTreeSet<u64>` took about 16 bytes per pair).
#[derive(Clone, Debug, Default)]
struct PairSet {
    rows: Vec<PairRow>,
}

#[derive(Clone, Debug)]
enum PairRow {
    Sparse(Vec<NodeId>),
    Dense(Vec<u64>),
}

impl PairSet {
    /// Adds the pair; true if it was new.
    fn insert(&mut self, observer: NodeId, member: NodeId) -> bool {
        let o = observer as usize;
        if self.rows.len() <= o {
            self.rows.resize_with(o + 1, || PairRow::Sparse(Vec::new()));
        }
        let row = &mut self.rows[o];
        match row {
            PairRow::Sparse(list) => {
                let Err(at) = list.binary_search(&member) else {
                    return false;
                };
                list.insert(at, member);
                let words = list.last().map_or(0, |&m| m as usize / 64 + 1);
                if list.len() > 2 * words {
                    // The list takes more than the bitset would.
                    let mut bits = vec![0u64; words];
                    for &m in list.iter() {
                        bits[m as usize / 64] |= 1 << (m % 64);
                    }
                    *row = PairRow::Dense(bits);
                }
                true
            }
            PairRow::Dense(bits) => {
                let (w, bit) = (member as usize / 64, 1u64 << (member % 64));
                if bits.len() <= w {
                    bits.resize(w + 1, 0);
                }
                let new = bits[w] & bit == 0;
                bits[w] |= bit;
                new
            }
        }
    }
}

/// False suspicions of one kind of observer about one kind of member (see
/// [`Metrics::split`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SuspicionCount {
    /// Events, as [`Metrics::false_suspicions`].
    pub events: u64,
    /// Of them first-hand, as [`Metrics::false_suspicions_first_hand`].
    pub first_hand: u64,
}

/// The false suspicions by who suspected whom, where a *faulty* member is one slowed or
/// paused before the suspicion (the `slow` and `pause` events) and a *healthy* one any other:
/// `[observer faulty][member faulty]`. The memberlist bench reports the same split, so the two
/// can be compared prober side by prober side.
pub type SuspicionSplit = [[SuspicionCount; 2]; 2];

/// Every metric of a run.
#[derive(Clone, Debug, Default)]
pub struct Metrics {
    /// Message counters.
    pub messages: MessageStats,
    /// One entry per crash, in order.
    pub failures: Vec<Failure>,
    /// One entry per join, in order.
    pub joins: Vec<Join>,
    /// Every time a node stopped (crash, leave) or started again after the start (recovery,
    /// join): `(time, node, up)`, in order, recurring faults included (the why chain asks
    /// whether a member was down when a message reached it).
    pub up_down: Vec<(Micros, NodeId, bool)>,
    /// Events: how many times a live observer marked a member suspect while the member was up
    /// (one pair suspecting again and again counts each time).
    pub false_suspicions: u64,
    /// Events: how many times a live observer marked a member dead while the member was up.
    pub false_deaths: u64,
    /// Of the [`Metrics::false_deaths`], those of a *faulty* member: slowed or paused when it
    /// was declared dead, or doubted (suspect or dead to some live observer) since a moment
    /// it was slowed or paused, every doubt not yet lifted (a death declared just after a
    /// pause ended, on a suspicion raised during it); the rest are of healthy members. Unlike
    /// [`Metrics::split`], which counts a member faulty from its first fault on, this asks
    /// what led to the death.
    pub false_deaths_of_faulty: u64,
    /// Of the [`Metrics::false_suspicions`] events, those the observer came to first-hand
    /// (on a timer: a failed probe, a silence of `t`), not by hearing it from another member:
    /// what the per-probe false-positive analysis predicts.
    pub false_suspicions_first_hand: u64,
    /// Distinct (observer, member) pairs among the [`Metrics::false_suspicions`] events.
    pub false_suspicion_pairs: u64,
    /// The [`Metrics::false_suspicions`] by faulty or healthy observer and member.
    pub split: SuspicionSplit,
    /// Members slowed or paused so far (see [`Metrics::faulty`]).
    faulty: Vec<bool>,
    /// Per member: slowed now (from a `slow` event to a `fast` one or its stop).
    slowed: Vec<bool>,
    /// Per member: the end of its pause, µs (in the past when it is not paused).
    paused_until: Vec<Micros>,
    /// Per member: some live observer doubts it (suspect or dead) since a moment it was
    /// slowed or paused, and not every doubt has been lifted since: a death that follows
    /// counts as of a faulty member even once the pause is over.
    fault_doubt: Vec<bool>,
    /// Per member: the time up to which its faulty time is in `faulty_us`.
    fault_settled: Vec<Micros>,
    /// Member time spent slowed or paused, µs, settled so far (see
    /// [`Metrics::faulty_member_us`]).
    faulty_us: u64,
    /// Per failure: the paused observers that hold its member alive or suspect, with what they
    /// hold and when their pause ends (a paused observer's view is frozen); left out of
    /// `all_suspect` and `all_dead` until then (see [`Failure`]).
    frozen: Vec<Vec<(NodeId, Status, Micros)>>,
    /// Distinct (observer, member) pairs among the [`Metrics::false_deaths`] events.
    pub false_death_pairs: u64,
    /// The pairs counted so far: [suspect, dead].
    false_pairs: [PairSet; 2],
    /// Leader tracking.
    pub leaders: Leaders,
    counts: Vec<[u32; 5]>,
    alive_seen: Vec<u32>,
    known: Vec<u32>,
    up: Vec<bool>,
    live: u32,
    /// Running members integrated over time up to `member_since`, member·µs.
    member_time: u64,
    /// When `live` last changed, µs.
    member_since: Micros,
    open_failure: Vec<Option<u32>>,
    open_join: Vec<Option<u32>>,
    /// Per failure, per observer: the cause of the suspicion or death it holds of the crashed
    /// node ([`NO_CAUSE`], [`BEFORE`], [`AFTER`]); emptied once the failure needs no more.
    causes: Vec<Vec<u8>>,
    /// Per failure, per observer: counted in [`Failure::suspected_at_crash`] already (each
    /// observer once); emptied with `causes`.
    under_way: Vec<Vec<bool>>,
}

/// The observer holds no suspicion of the crashed member (or has not been told one).
const NO_CAUSE: u8 = 0;
/// Its suspicion was under way at the crash, or came from one that was.
const BEFORE: u8 = 1;
/// Its suspicion was caused by the crash.
const AFTER: u8 = 2;

impl Metrics {
    fn ensure(&mut self, n: usize) {
        if self.counts.len() < n {
            self.counts.resize(n, [0; 5]);
            self.alive_seen.resize(n, 0);
            self.known.resize(n, 0);
            self.up.resize(n, false);
            self.open_failure.resize(n, None);
            self.open_join.resize(n, None);
            self.slowed.resize(n, false);
            self.paused_until.resize(n, 0);
            self.fault_doubt.resize(n, false);
            self.fault_settled.resize(n, 0);
        }
    }

    /// Adds `node`'s faulty time up to `now` to `faulty_us`.
    fn settle_fault(&mut self, now: Micros, node: NodeId) {
        let i = node as usize;
        self.ensure(i + 1);
        let from = self.fault_settled[i];
        let end = if self.slowed[i] {
            now
        } else {
            self.paused_until[i].clamp(from, now.max(from))
        };
        self.faulty_us += end.saturating_sub(from);
        self.fault_settled[i] = now.max(from);
    }

    /// `node` was slowed (`on`) or is at full speed again, at `now`.
    pub fn slowed(&mut self, now: Micros, node: NodeId, on: bool) {
        self.settle_fault(now, node);
        self.slowed[node as usize] = on;
        if on {
            self.faulty(node);
        }
    }

    /// `node` is paused from `now` until `until` (µs; a pause already running ends at the later
    /// of the two). `status_of(m)` reads `node`'s view, frozen from now on: for each crash
    /// being tracked whose member it holds alive or suspect, it is left out of `all_suspect`
    /// and `all_dead` until the pause ends (see [`Failure`]).
    pub fn paused(
        &mut self,
        now: Micros,
        node: NodeId,
        until: Micros,
        status_of: &dyn Fn(NodeId) -> Status,
    ) {
        self.settle_fault(now, node);
        let i = node as usize;
        self.paused_until[i] = self.paused_until[i].max(until);
        let until = self.paused_until[i];
        self.faulty(node);
        for f in 0..self.failures.len() {
            if !self.failures[f].open || self.failures[f].all_dead.is_some() {
                continue;
            }
            let frozen = &mut self.frozen[f];
            frozen.retain(|(o, _, _)| *o != node);
            let held = status_of(self.failures[f].node);
            if matches!(held, Status::Alive | Status::Suspect) {
                frozen.push((node, held, until));
            }
            self.check_failure(now, f);
        }
    }

    /// True if `node` is paused at `now`.
    pub fn is_paused(&self, node: NodeId, now: Micros) -> bool {
        self.paused_until
            .get(node as usize)
            .is_some_and(|&u| u > now)
    }

    /// True if `node` is slowed or paused at `now`.
    pub fn faulty_now(&self, node: NodeId, now: Micros) -> bool {
        self.slowed.get(node as usize).copied().unwrap_or(false) || self.is_paused(node, now)
    }

    /// Member time spent slowed or paused (while running) up to `now`, µs: the exposure of
    /// [`Metrics::false_deaths_of_faulty`].
    pub fn faulty_member_us(&self, now: Micros) -> u64 {
        let pending: u64 = (0..self.slowed.len())
            .map(|i| {
                let from = self.fault_settled[i];
                let end = if self.slowed[i] {
                    now
                } else {
                    self.paused_until[i].clamp(from, now.max(from))
                };
                end.saturating_sub(from)
            })
            .sum();
        self.faulty_us + pending
    }

    /// `node` was slowed or paused: from now on it counts as faulty in [`Metrics::split`].
    pub fn faulty(&mut self, node: NodeId) {
        let i = node as usize;
        if self.faulty.len() <= i {
            self.faulty.resize(i + 1, false);
        }
        self.faulty[i] = true;
    }

    fn is_faulty(&self, node: NodeId) -> bool {
        self.faulty.get(node as usize).copied().unwrap_or(false)
    }

    /// Counts of live observers (other than `member`) by status of `member`.
    pub fn counts(&self, member: NodeId) -> [u32; 5] {
        self.counts.get(member as usize).copied().unwrap_or([0; 5])
    }

    /// Number of live nodes.
    pub fn live(&self) -> u32 {
        self.live
    }

    /// Adds the running members since the last change to the integral.
    fn count_members(&mut self, now: Micros) {
        let since = now.saturating_sub(self.member_since);
        self.member_time += u64::from(self.live) * since;
        self.member_since = now;
    }

    /// Running members integrated over `[0, until]` (µs; at or after the last start or stop),
    /// in member·ms: the denominator of per-member-hour rates, whoever started or stopped
    /// them (scripted events or recurring ones).
    pub fn member_ms(&self, until: Micros) -> u64 {
        let since = until.saturating_sub(self.member_since);
        (self.member_time + u64::from(self.live) * since) / 1000
    }

    /// True when `node` is up.
    pub fn is_up(&self, node: NodeId) -> bool {
        self.up.get(node as usize).copied().unwrap_or(false)
    }

    /// Members other than itself that `observer` believes alive.
    pub fn alive_seen(&self, observer: NodeId) -> u32 {
        self.alive_seen.get(observer as usize).copied().unwrap_or(0)
    }

    /// Members other than itself that `observer` has an entry for.
    pub fn known(&self, observer: NodeId) -> u32 {
        self.known.get(observer as usize).copied().unwrap_or(0)
    }

    /// Records a message handed to the network.
    pub fn sent(&mut self, kind: MsgKind, bytes: usize) {
        self.messages.sent += 1;
        self.messages.bytes += bytes as u64;
        self.messages.sent_by_kind[kind as usize] += 1;
        self.messages.bytes_by_kind[kind as usize] += bytes as u64;
    }

    fn add_view(&mut self, o: NodeId, m: NodeId, s: Status, sign: i32) {
        if m == o || s == Status::Unknown {
            return;
        }
        self.ensure(m as usize + 1);
        let c = &mut self.counts[m as usize][s.index()];
        *c = c.wrapping_add_signed(sign);
        let k = &mut self.known[o as usize];
        *k = k.wrapping_add_signed(sign);
        if s == Status::Alive {
            let a = &mut self.alive_seen[o as usize];
            *a = a.wrapping_add_signed(sign);
        }
    }

    /// `o` started; `views` is its whole initial view; `status_of(o, m)` reads views.
    pub fn node_up(
        &mut self,
        now: Micros,
        o: NodeId,
        views: impl Iterator<Item = (NodeId, Status)>,
        status_of: &dyn Fn(NodeId) -> Status,
    ) {
        self.ensure(o as usize + 1);
        self.up[o as usize] = true;
        self.fault_doubt[o as usize] = false;
        if now > 0 {
            self.up_down.push((now, o, true));
        }
        self.count_members(now);
        self.live += 1;
        for (m, s) in views {
            self.add_view(o, m, s, 1);
        }
        // A member that starts after the cluster has formed (a join, a recovery) knows no leader
        // yet: its initial view is only whom to contact. It follows none until its view first
        // changes, which is how it hears from the cluster (see `change`).
        let leader = (0..o).find(|&m| status_of(m) == Status::Alive).unwrap_or(o);
        self.leaders
            .set(now, o, (!self.leaders.armed).then_some(leader));
    }

    /// `o` stopped (crash or leave); `views` is its whole view just before.
    pub fn node_down(
        &mut self,
        now: Micros,
        o: NodeId,
        views: impl Iterator<Item = (NodeId, Status)>,
    ) {
        self.ensure(o as usize + 1);
        if !self.up[o as usize] {
            return;
        }
        self.up_down.push((now, o, false));
        self.settle_fault(now, o);
        self.slowed[o as usize] = false;
        self.paused_until[o as usize] = 0;
        for frozen in &mut self.frozen {
            frozen.retain(|(x, _, _)| *x != o);
        }
        for (m, s) in views {
            self.add_view(o, m, s, -1);
        }
        self.up[o as usize] = false;
        self.count_members(now);
        self.live -= 1;
        self.leaders.set(now, o, None);
        if let Some(j) = self.open_join[o as usize].take() {
            self.joins[j as usize].open = false;
        }
        for i in 0..self.failures.len() {
            if self.failures[i].open {
                self.check_failure(now, i);
            }
        }
        for i in 0..self.joins.len() {
            if self.joins[i].open {
                self.check_join(now, i);
            }
        }
    }

    /// A crash of `node` (after `node_down`); `under_way` are the live nodes whose suspicion
    /// or death of it was already under way (see [`Failure`]); `held_by(o)` is what observer
    /// `o` believes of `node` (read for the observers paused now).
    pub fn crash(
        &mut self,
        now: Micros,
        node: NodeId,
        under_way: &[NodeId],
        held_by: &dyn Fn(NodeId) -> Status,
    ) {
        self.ensure(node as usize + 1);
        self.open_failure[node as usize] = Some(self.failures.len() as u32);
        let mut causes = vec![NO_CAUSE; self.up.len()];
        for &o in under_way {
            if let Some(c) = causes.get_mut(o as usize) {
                *c = BEFORE;
            }
        }
        let counted = causes.iter().map(|&c| c == BEFORE).collect();
        self.causes.push(causes);
        self.under_way.push(counted);
        let frozen = (0..self.up.len() as NodeId)
            .filter(|&o| o != node && self.up[o as usize] && self.is_paused(o, now))
            .filter_map(|o| {
                let held = held_by(o);
                matches!(held, Status::Alive | Status::Suspect).then_some((
                    o,
                    held,
                    self.paused_until[o as usize],
                ))
            })
            .collect();
        self.frozen.push(frozen);
        self.failures.push(Failure {
            node,
            at: now,
            first_suspect: None,
            all_suspect: None,
            all_dead: None,
            suspected_at_crash: under_way.len() as u32,
            open: true,
        });
        // Everyone may suspect it already (or hold it dead, behind a partition).
        self.check_failure(now, self.failures.len() - 1);
    }

    /// True while some crash is tracked (its member has not recovered).
    pub fn tracking_crashes(&self) -> bool {
        self.causes.iter().any(|c| !c.is_empty())
    }

    /// `o`'s probe of `member`, whose ping reached it at `ping_at` (lost: was sent then),
    /// failed now; `status` is what
    /// `o` believes of it after judging the probe. A failed probe of a crashed member that
    /// `o` suspects, whose ping reached it at or after the crash, is a first-hand cause after the crash even
    /// when `o` already suspected it (its view does not change then): the crash is detected.
    pub fn failed_probe(
        &mut self,
        now: Micros,
        o: NodeId,
        member: NodeId,
        ping_at: Micros,
        status: Status,
    ) {
        let Some(Some(f)) = self.open_failure.get(member as usize).copied() else {
            return;
        };
        let f = f as usize;
        if status != Status::Suspect || ping_at < self.failures[f].at || self.causes[f].is_empty() {
            return;
        }
        let causes = &mut self.causes[f];
        if causes.len() <= o as usize {
            causes.resize(o as usize + 1, NO_CAUSE);
        }
        causes[o as usize] = AFTER;
        if self.failures[f].first_suspect.is_none() {
            self.failures[f].first_suspect = Some(now);
        }
        self.check_failure(now, f);
    }

    /// Classifies `o`'s new view `to` of the member of failure `f` (see [`Failure`]): true if
    /// it is a suspicion or death caused by the crash.
    fn caused_by_crash(
        &mut self,
        f: usize,
        o: NodeId,
        to: Status,
        via: Option<NodeId>,
        probe_ping: Option<Micros>,
    ) -> bool {
        let crash = self.failures[f].at;
        let causes = &mut self.causes[f];
        if causes.is_empty() {
            return false;
        }
        let o = o as usize;
        if causes.len() <= o {
            causes.resize(o + 1, NO_CAUSE);
        }
        if !matches!(to, Status::Suspect | Status::Dead) {
            causes[o] = NO_CAUSE;
            return false;
        }
        let was = causes[o];
        causes[o] = match via {
            Some(z) => match causes.get(z as usize) {
                Some(&AFTER) => AFTER,
                _ => BEFORE,
            },
            None if causes[o] != NO_CAUSE => causes[o],
            None if probe_ping.is_none_or(|p| p >= crash) => AFTER,
            None => BEFORE,
        };
        // A first-hand suspicion of its own, not one inherited (a death on the timer of a
        // suspicion held already) or heard.
        if causes[o] == BEFORE && was == NO_CAUSE && via.is_none() {
            let counted = &mut self.under_way[f];
            if counted.len() <= o {
                counted.resize(o + 1, false);
            }
            if !counted[o] {
                counted[o] = true;
                self.failures[f].suspected_at_crash += 1;
            }
        }
        self.causes[f][o] == AFTER
    }

    /// `node` came back: its failure record closes.
    pub fn recovered(&mut self, node: NodeId) {
        if let Some(Some(f)) = self.open_failure.get_mut(node as usize).map(Option::take) {
            self.failures[f as usize].open = false;
            self.causes[f as usize] = Vec::new();
            self.under_way[f as usize] = Vec::new();
            self.frozen[f as usize] = Vec::new();
        }
    }

    /// A join of `node` (after `node_up`).
    pub fn join(&mut self, now: Micros, node: NodeId) {
        self.ensure(node as usize + 1);
        self.open_join[node as usize] = Some(self.joins.len() as u32);
        self.joins.push(Join {
            node,
            at: now,
            all_know: None,
            open: true,
        });
        self.check_join(now, self.joins.len() - 1);
    }

    /// `o` reported a change of its view, brought by a message from `via` (None: first-hand,
    /// on a timer). `probe_ping`: for a first-hand change, when the direct ping of `o`'s last
    /// own probe reached the member (lost: was sent), if that probe was of it (SWIM). `status_of(m)` reads `o`'s
    /// current view.
    pub fn change(
        &mut self,
        now: Micros,
        o: NodeId,
        c: Change,
        via: Option<NodeId>,
        probe_ping: Option<Micros>,
        status_of: &dyn Fn(NodeId) -> Status,
    ) {
        let first_hand = via.is_none();
        if !self.is_up(o) || c.member == o {
            return;
        }
        self.ensure(c.member as usize + 1);
        self.add_view(o, c.member, c.from, -1);
        self.add_view(o, c.member, c.to, 1);
        let member_up = self.is_up(c.member);
        let m = c.member as usize;
        if matches!(c.to, Status::Suspect | Status::Dead) && self.faulty_now(c.member, now) {
            self.fault_doubt[m] = true;
        } else if c.to == Status::Alive {
            let n = self.counts[m];
            if n[Status::Suspect.index()] == 0 && n[Status::Dead.index()] == 0 {
                self.fault_doubt[m] = false;
            }
        }
        match c.to {
            Status::Suspect if member_up => {
                self.false_suspicions += 1;
                self.false_suspicions_first_hand += u64::from(first_hand);
                let cell = &mut self.split[usize::from(self.is_faulty(o))]
                    [usize::from(self.is_faulty(c.member))];
                cell.events += 1;
                cell.first_hand += u64::from(first_hand);
                self.false_suspicion_pairs += u64::from(self.false_pairs[0].insert(o, c.member));
            }
            Status::Dead if member_up => {
                self.false_deaths += 1;
                self.false_deaths_of_faulty += u64::from(self.fault_doubt[m]);
                self.false_death_pairs += u64::from(self.false_pairs[1].insert(o, c.member));
            }
            _ => {}
        }
        if let Some(f) = self.open_failure[c.member as usize] {
            let f = f as usize;
            // A paused observer reports no change; should one come anyway, follow it.
            if let Some(e) = self.frozen[f].iter_mut().find(|e| e.0 == o) {
                e.1 = c.to;
            }
            if self.caused_by_crash(f, o, c.to, via, probe_ping)
                && self.failures[f].first_suspect.is_none()
            {
                self.failures[f].first_suspect = Some(now);
            }
            self.check_failure(now, f);
        }
        if let Some(j) = self.open_join[c.member as usize] {
            self.check_join(now, j as usize);
        }
        let Some(cur) = self.leaders.of(o) else {
            // `o` started after the cluster formed and its view changed: it has heard from the
            // cluster. Once it believes someone alive it follows the lowest id alive in its view
            // (`status_of` reads the view after the whole message: a full table counts at once).
            if self.alive_seen(o) > 0 {
                let leader = (0..o).find(|&m| status_of(m) == Status::Alive).unwrap_or(o);
                self.leaders.set(now, o, Some(leader));
            }
            return;
        };
        if c.to == Status::Alive && c.member < cur {
            self.leaders.set(now, o, Some(c.member));
        } else if c.member == cur && c.to != Status::Alive {
            let next = (c.member + 1..o)
                .find(|&m| status_of(m) == Status::Alive)
                .unwrap_or(o);
            self.leaders.set(now, o, Some(next));
        }
    }

    fn check_failure(&mut self, now: Micros, i: usize) {
        // Paused observers still holding the member alive or suspect are left out.
        let frozen = &mut self.frozen[i];
        frozen.retain(|e| e.2 > now);
        let held = |s: Status| frozen.iter().filter(|e| e.1 == s).count() as u32;
        let (paused_alive, paused_suspect) = (held(Status::Alive), held(Status::Suspect));
        let f = &mut self.failures[i];
        let mut c = self.counts[f.node as usize];
        c[Status::Alive.index()] = c[Status::Alive.index()].saturating_sub(paused_alive);
        c[Status::Suspect.index()] = c[Status::Suspect.index()].saturating_sub(paused_suspect);
        // Not before the crash is detected, or at least suspected by someone.
        let suspected = c[Status::Suspect.index()] + c[Status::Dead.index()] > 0;
        if f.first_suspect.is_none() && !suspected {
            return;
        }
        if c[Status::Alive.index()] == 0 && f.all_suspect.is_none() {
            f.all_suspect = Some(now);
        }
        if c[Status::Alive.index()] + c[Status::Suspect.index()] == 0 && f.all_dead.is_none() {
            f.all_dead = Some(now);
            // Nothing left to classify for this crash.
            self.causes[i] = Vec::new();
            self.under_way[i] = Vec::new();
            self.frozen[i] = Vec::new();
        }
    }

    fn check_join(&mut self, now: Micros, i: usize) {
        let j = &mut self.joins[i];
        if j.all_know.is_some() || !self.up[j.node as usize] {
            return;
        }
        if self.counts[j.node as usize][Status::Alive.index()] + 1 >= self.live {
            j.all_know = Some(now);
            j.open = false;
            self.open_join[j.node as usize] = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_set_counts_each_pair_once_as_a_list_and_as_a_bitset() {
        let mut set = PairSet::default();
        let mut model = std::collections::BTreeSet::new();
        // Observer 3 collects enough members to turn into a bitset, 7 stays a short list.
        for (o, m) in (0..400u32)
            .map(|i| (3, i * 7 % 150))
            .chain([(7, 9000), (7, 2), (7, 9000)])
        {
            assert_eq!(set.insert(o, m), model.insert((o, m)), "({o}, {m})");
        }
        assert!(matches!(set.rows[3], PairRow::Dense(_)));
        assert!(matches!(set.rows[7], PairRow::Sparse(_)));
        assert!(
            set.insert(3, 5000) && !set.insert(3, 5000),
            "a bitset grows"
        );
    }
}
