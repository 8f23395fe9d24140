//! The membership table: one entry per member, merged by freshest heartbeat.
//!
//! The table is a dense `Vec` indexed by member id, so merging an incoming table of `m` entries
//! costs O(m) (the classic article's nested scan costs O(n·m)).
//!
//! **Tombstones.** A removed member keeps its entry with status `Dead` and the freshest
//! `(generation, heartbeat)` seen before removal. Gossip about it is accepted again only if it is
//! strictly fresher: a higher counter (it was alive after all, e.g. behind a partition) or a later
//! generation (it restarted). Stale tables still carrying the old counter, which may circulate for
//! up to `(n+1)·t` after the member stopped, can therefore never re-add it. A *fresher* counter of
//! the same life can still be in flight, though, from members that heard it later and have not
//! removed the member yet; so for `T_cleanup` after the last heartbeat (van Renesse et al.; see
//! `GossipConfig::cleanup_factor`) a tombstone ignores the same life altogether. Because the
//! table is dense, a tombstone costs no more than an entry, so tombstones are kept for the
//! node's life.
//!
//! **Layout.** An entry is 16 bytes: the freshness key `(generation, heartbeat)` as one `u64`
//! (generation in the high half), and the local timestamp with the status in its low 3 bits.
//! A 1000-member cluster merges and sweeps a million entries per period, so the bytes moved per
//! entry are what bounds the simulator's speed.

use super::message::{Digest, LEFT_BIT};
use crate::snug::resize_snug;
use crate::{Change, Micros, NodeId, Status};
use alloc::vec::Vec;

/// Status bits of the stamp.
const STATUS_MASK: u64 = 0b111;

fn status_of_bits(bits: u64) -> Status {
    match bits {
        1 => Status::Alive,
        2 => Status::Suspect,
        3 => Status::Dead,
        4 => Status::Left,
        _ => Status::Unknown,
    }
}

/// One member as this node knows it.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Entry {
    /// `generation << 32 | heartbeat`: compares as the pair does.
    key: u64,
    /// `heard << 3 | status`.
    stamp: u64,
}

impl Entry {
    /// An entry of `status` for life `generation` (ms) at `heartbeat`, last advanced at `heard`
    /// (µs, below 2^61).
    pub fn new(status: Status, generation: u32, heartbeat: u32, heard: Micros) -> Entry {
        debug_assert!(heard < 1 << 61, "timestamps stay below 2^61 µs");
        Entry {
            key: (u64::from(generation) << 32) | u64::from(heartbeat),
            stamp: (heard << 3) | status as u64,
        }
    }

    /// Healthy (`Alive`), `Suspect`, removed (`Dead`, a tombstone), `Left`, or `Unknown`.
    pub fn status(&self) -> Status {
        status_of_bits(self.stamp & STATUS_MASK)
    }

    /// The member's restart generation (its start time, ms).
    pub fn generation(&self) -> u32 {
        (self.key >> 32) as u32
    }

    /// The freshest heartbeat counter seen for that generation.
    pub fn heartbeat(&self) -> u32 {
        self.key as u32
    }

    /// Local time (µs) at which this node last saw the counter advance.
    pub fn heard(&self) -> Micros {
        self.stamp >> 3
    }

    fn set_status(&mut self, status: Status) {
        self.stamp = (self.stamp & !STATUS_MASK) | status as u64;
    }
}

impl core::fmt::Debug for Entry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Entry")
            .field("status", &self.status())
            .field("generation", &self.generation())
            .field("heartbeat", &self.heartbeat())
            .field("heard", &self.heard())
            .finish()
    }
}

/// A dense membership table.
#[derive(Clone, Debug, Default)]
pub struct Table {
    entries: Vec<Entry>,
    /// `T_cleanup`, µs after a removed member's last heartbeat: until then its tombstone
    /// ignores every heartbeat of the same life (see [`Table::set_cleanup_after`]).
    cleanup_after: Micros,
}

impl Table {
    /// The entry for `member` (an `Unknown` default if never heard of).
    pub fn get(&self, member: NodeId) -> Entry {
        self.entries
            .get(member as usize)
            .copied()
            .unwrap_or_default()
    }

    fn slot(&mut self, member: NodeId) -> &mut Entry {
        let i = member as usize;
        resize_snug(&mut self.entries, i + 1, Entry::default());
        &mut self.entries[i]
    }

    /// Makes room for members `0..members` at once (a full topology's node will learn of
    /// every one), so that the table is not grown, with slack, one member at a time.
    pub fn reserve(&mut self, members: usize) {
        self.entries
            .reserve_exact(members.saturating_sub(self.entries.len()));
    }

    /// Sets `T_cleanup` (µs after the last heartbeat; see
    /// [`GossipConfig::cleanup_factor`](super::GossipConfig::cleanup_factor)). Until then a
    /// removed member's tombstone ignores every heartbeat of the same life, even a fresher one.
    /// 0 (the default): a fresher counter always revives it.
    pub fn set_cleanup_after(&mut self, cleanup_after: Micros) {
        self.cleanup_after = cleanup_after;
    }

    /// Sets an entry outright (used for the node's own entry).
    pub fn set(&mut self, member: NodeId, entry: Entry) {
        *self.slot(member) = entry;
    }

    /// Every slot, indexed by member id (Unknown slots included).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Merges a whole incoming table received at `now`, skipping `me`'s own entry, and calls
    /// `report` for every status change (in digest order). The same as [`Table::merge`] on each
    /// digest, made fast for the common case (runs of live members; see `LANES`).
    pub fn merge_all(
        &mut self,
        me: NodeId,
        digests: &[Digest],
        now: Micros,
        report: impl FnMut(Change),
    ) {
        self.merge_runs(me, digests, now, false, report);
    }

    /// Merges the heartbeats of a Scuttlebutt digest received at `now`, as chitchat's
    /// `report_heartbeats_in_digest` does: [`Table::merge_all`] with every leave flag ignored
    /// (a leave is state beyond the heartbeat, and travels as a delta).
    pub fn merge_heartbeats(
        &mut self,
        me: NodeId,
        digests: &[Digest],
        now: Micros,
        report: impl FnMut(Change),
    ) {
        self.merge_runs(me, digests, now, true, report);
    }

    fn merge_runs(
        &mut self,
        me: NodeId,
        digests: &[Digest],
        now: Micros,
        heartbeats_only: bool,
        mut report: impl FnMut(Change),
    ) {
        let alive = (now << 3) | Status::Alive as u64;
        let mut chunks = digests.chunks_exact(LANES);
        for chunk in &mut chunks {
            if let Some(base) = dense_run(chunk)
                && !(base..base + LANES).contains(&(me as usize))
                && let Some(entries) = self.entries.get_mut(base..base + LANES)
            {
                let live = entries.iter().fold(true, |live, e| {
                    live & (e.stamp & STATUS_MASK == Status::Alive as u64)
                });
                if live {
                    // Live members, in order, none of them this node and none leaving: each
                    // takes the fresher key, and its timestamp if the digest's was fresher.
                    // No status can change, so no branch is needed; about half the digests
                    // are fresher, at random, which no branch predictor could guess.
                    for (e, d) in entries.iter_mut().zip(chunk) {
                        let fresher = d.key() > e.key;
                        e.stamp = core::hint::select_unpredictable(fresher, alive, e.stamp);
                        e.key = e.key.max(d.key());
                    }
                    continue;
                }
            }
            self.merge_each(me, chunk, now, heartbeats_only, &mut report);
        }
        self.merge_each(me, chunks.remainder(), now, heartbeats_only, &mut report);
    }

    /// [`Table::merge`] on each digest but `me`'s (without its leave flag if
    /// `heartbeats_only`), reporting the changes.
    fn merge_each(
        &mut self,
        me: NodeId,
        digests: &[Digest],
        now: Micros,
        heartbeats_only: bool,
        report: &mut impl FnMut(Change),
    ) {
        let cleanup = self.cleanup_after;
        for d in digests {
            let d = if heartbeats_only && d.left() {
                &Digest::from_key(d.member(), d.key(), false)
            } else {
                d
            };
            if d.member() != me
                && let Some(change) = Self::merge_into(self.slot(d.member()), d, now, cleanup)
            {
                report(change);
            }
        }
    }

    /// Merges one incoming digest received at `now`; returns the status change, if any.
    ///
    /// Unknown members are added; a known entry changes only for a strictly fresher
    /// `(generation, heartbeat)`, and then its local timestamp is reset to `now`.
    pub fn merge(&mut self, d: &Digest, now: Micros) -> Option<Change> {
        let cleanup = self.cleanup_after;
        Self::merge_into(self.slot(d.member()), d, now, cleanup)
    }

    fn merge_into(e: &mut Entry, d: &Digest, now: Micros, cleanup: Micros) -> Option<Change> {
        let from = e.status();
        let same_life = d.key() >> 32 == e.key >> 32;
        if from == Status::Dead && same_life && now < e.heard().saturating_add(cleanup) {
            // A tombstone within T_cleanup: a heartbeat of the same life is stale gossip.
            return None;
        }
        if from != Status::Unknown && d.key() <= e.key {
            // Not fresher; but a leave announcement for the same life still counts.
            if d.left() && d.key() == e.key && matches!(from, Status::Alive | Status::Suspect) {
                e.stamp = (now << 3) | Status::Left as u64;
                return Some(Change {
                    member: d.member(),
                    from,
                    to: Status::Left,
                });
            }
            return None;
        }
        let to = if d.left() {
            Status::Left
        } else {
            Status::Alive
        };
        *e = Entry {
            key: d.key(),
            stamp: (now << 3) | to as u64,
        };
        (to != from).then_some(Change {
            member: d.member(),
            from,
            to,
        })
    }

    /// Applies the failure detector at `now`, skipping `me`: silent for `suspect_after` ->
    /// `Suspect`; silent for `remove_after` -> `Dead` (removed, tombstone). Calls `report` for
    /// every change.
    pub fn sweep(
        &mut self,
        me: NodeId,
        now: Micros,
        suspect_after: Micros,
        remove_after: Micros,
        mut report: impl FnMut(Change),
    ) {
        for (i, e) in self.entries.iter_mut().enumerate() {
            if i != me as usize {
                detect(i, e, now, suspect_after, remove_after, &mut report);
            }
        }
    }

    /// What a tick does, in one pass over the table: [`Table::sweep`], then
    /// [`Table::digests`] into `out` with `left_ttl = remove_after`, with the same results as
    /// calling them in turn.
    pub fn sweep_and_digest(
        &mut self,
        me: NodeId,
        now: Micros,
        suspect_after: Micros,
        remove_after: Micros,
        mut report: impl FnMut(Change),
        out: &mut Vec<Digest>,
    ) {
        out.clear();
        // A live entry stamped after `now - suspect_after` is neither suspected nor removed.
        let fresh_from = match now.checked_sub(suspect_after) {
            Some(floor) => ((floor + 1) << 3) | Status::Alive as u64,
            None => Status::Alive as u64,
        };
        let mut chunks = self.entries.chunks_exact_mut(LANES);
        let mut base = 0;
        for chunk in &mut chunks {
            // (A fold, not `all`: one test for the chunk instead of a branch per entry.)
            let quiet = chunk.iter().fold(true, |quiet, e| {
                quiet & (e.stamp & STATUS_MASK == Status::Alive as u64) & (e.stamp >= fresh_from)
            });
            if quiet && !(base..base + LANES).contains(&(me as usize)) {
                // Nothing to detect; every entry is gossiped as it is.
                out.extend(
                    chunk
                        .iter()
                        .zip(base..)
                        .map(|(e, i)| Digest::from_key(i as NodeId, e.key, false)),
                );
            } else {
                for (e, i) in chunk.iter_mut().zip(base..) {
                    tick_one(me, i, e, now, suspect_after, remove_after, &mut report, out);
                }
            }
            base += LANES;
        }
        for (e, i) in chunks.into_remainder().iter_mut().zip(base..) {
            tick_one(me, i, e, now, suspect_after, remove_after, &mut report, out);
        }
    }

    /// What a tick does with a detector that sets each member's thresholds (phi accrual):
    /// for every live or suspect member but `me`, `deadlines(member)` gives `(silent since,
    /// suspect after, remove after)` in µs (None: leave it be), applied as the fixed detector
    /// applies `t` and `(n+1)·t` to the entry's timestamp; then the digests, as
    /// [`Table::digests`] with `left_ttl`.
    #[allow(clippy::too_many_arguments)]
    pub fn sweep_and_digest_by(
        &mut self,
        me: NodeId,
        now: Micros,
        left_ttl: Micros,
        mut deadlines: impl FnMut(NodeId) -> Option<[Micros; 3]>,
        mut report: impl FnMut(Change),
        out: &mut Vec<Digest>,
    ) {
        out.clear();
        for (i, e) in self.entries.iter_mut().enumerate() {
            let live = matches!(e.status(), Status::Alive | Status::Suspect);
            if i != me as usize
                && live
                && let Some([since, suspect, remove]) = deadlines(i as NodeId)
            {
                let silent = now.saturating_sub(since);
                detect_silent(i, e, silent, suspect, remove, &mut report);
            }
            if let Some(d) = digest_of(i, e, now, left_ttl) {
                out.push(d);
            }
        }
    }

    /// The digests to gossip: live and suspect entries, plus `Left` entries announced less
    /// than `left_ttl` ago (so a leave spreads, then stops costing bytes).
    pub fn digests(&self, now: Micros, left_ttl: Micros, out: &mut Vec<Digest>) {
        out.clear();
        out.extend(
            self.entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| digest_of(i, e, now, left_ttl)),
        );
    }
}

/// Digests and entries handled together on the fast paths: a run of `LANES` digests about
/// consecutive live members (the common case: in a healthy cluster a table lists every member in
/// id order) is merged without a branch per entry, and a run of `LANES` live, recently heard
/// entries is gossiped without a check per entry. Anything else takes the general path, entry
/// by entry; property tests check the two agree.
const LANES: usize = 8;

/// The first member of `chunk` if its digests are about consecutive members, in order, and
/// none of them announces a leave.
fn dense_run(chunk: &[Digest]) -> Option<usize> {
    let first = chunk.first()?.member_and_left();
    let dense = chunk
        .iter()
        .zip(first..)
        .all(|(d, m)| d.member_and_left() == m);
    (dense && first.checked_add(LANES as u32)? <= LEFT_BIT).then_some(first as usize)
}

/// One entry of a tick: the failure detector (unless it is `me`), then its digest into `out`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn tick_one(
    me: NodeId,
    i: usize,
    e: &mut Entry,
    now: Micros,
    suspect_after: Micros,
    remove_after: Micros,
    report: &mut impl FnMut(Change),
    out: &mut Vec<Digest>,
) {
    if i != me as usize {
        detect(i, e, now, suspect_after, remove_after, report);
    }
    if let Some(d) = digest_of(i, e, now, remove_after) {
        out.push(d);
    }
}

/// The failure detector on entry `i`: silent for `suspect_after` -> `Suspect`; for
/// `remove_after` -> `Dead`.
#[inline(always)]
fn detect(
    i: usize,
    e: &mut Entry,
    now: Micros,
    suspect_after: Micros,
    remove_after: Micros,
    report: &mut impl FnMut(Change),
) {
    let silent = now.saturating_sub(e.heard());
    detect_silent(i, e, silent, suspect_after, remove_after, report);
}

/// The failure detector on entry `i`, silent for `silent` µs.
#[inline(always)]
fn detect_silent(
    i: usize,
    e: &mut Entry,
    silent: Micros,
    suspect_after: Micros,
    remove_after: Micros,
    report: &mut impl FnMut(Change),
) {
    let from = e.status();
    let to = match from {
        Status::Alive | Status::Suspect if silent >= remove_after => Status::Dead,
        Status::Alive if silent >= suspect_after => Status::Suspect,
        _ => return,
    };
    report(Change {
        member: i as NodeId,
        from,
        to,
    });
    e.set_status(to);
}

/// The digest of entry `i`, if it is gossiped (see [`Table::digests`]).
#[inline(always)]
fn digest_of(i: usize, e: &Entry, now: Micros, left_ttl: Micros) -> Option<Digest> {
    let status = e.status();
    let left = status == Status::Left;
    let send = matches!(status, Status::Alive | Status::Suspect)
        || (left && now.saturating_sub(e.heard()) < left_ttl);
    send.then(|| Digest::from_key(i as NodeId, e.key, left))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(member: NodeId, generation: u32, heartbeat: u32) -> Digest {
        Digest::new(member, generation, heartbeat, false)
    }

    #[test]
    fn unknown_member_is_added_as_alive() {
        let mut t = Table::default();
        let c = t.merge(&d(3, 0, 1), 10).unwrap();
        assert_eq!((c.from, c.to), (Status::Unknown, Status::Alive));
        assert_eq!(t.get(3).heard(), 10);
    }

    #[test]
    fn only_a_fresher_counter_resets_the_timestamp() {
        let mut t = Table::default();
        t.merge(&d(1, 0, 5), 10);
        assert_eq!(t.merge(&d(1, 0, 5), 20), None);
        assert_eq!(t.merge(&d(1, 0, 4), 30), None);
        assert_eq!(t.get(1).heard(), 10);
        t.merge(&d(1, 0, 6), 40);
        assert_eq!(t.get(1).heard(), 40);
        assert_eq!(t.get(1).heartbeat(), 6);
    }

    #[test]
    fn silent_member_becomes_suspect_then_removed() {
        let mut t = Table::default();
        t.merge(&d(1, 0, 1), 0);
        let mut seen = Vec::new();
        t.sweep(0, 99, 100, 300, |c| seen.push(c.to));
        assert!(seen.is_empty());
        t.sweep(0, 100, 100, 300, |c| seen.push(c.to));
        t.sweep(0, 299, 100, 300, |c| seen.push(c.to));
        t.sweep(0, 300, 100, 300, |c| seen.push(c.to));
        assert_eq!(seen, [Status::Suspect, Status::Dead]);
    }

    #[test]
    fn tombstone_ignores_stale_gossip_but_accepts_a_new_generation() {
        let mut t = Table::default();
        t.merge(&d(1, 0, 7), 0);
        t.sweep(0, 1000, 100, 300, |_| {});
        assert_eq!(t.get(1).status(), Status::Dead);
        assert_eq!(t.merge(&d(1, 0, 7), 1100), None);
        assert_eq!(t.merge(&d(1, 0, 3), 1100), None);
        assert_eq!(t.get(1).status(), Status::Dead);
        let c = t.merge(&d(1, 5000, 1), 1200).unwrap();
        assert_eq!((c.from, c.to), (Status::Dead, Status::Alive));
    }

    #[test]
    fn within_t_cleanup_a_tombstone_ignores_even_a_fresher_counter_of_the_same_life() {
        let mut t = Table::default();
        t.set_cleanup_after(2000);
        t.merge(&d(1, 0, 7), 0);
        t.sweep(0, 1000, 100, 300, |_| {});
        assert_eq!(t.get(1).status(), Status::Dead);
        // A pre-crash counter still in flight: ignored until 2000 µs after the last heartbeat.
        assert_eq!(t.merge(&d(1, 0, 8), 1999), None);
        assert_eq!(t.get(1).status(), Status::Dead);
        // A new life is accepted at once.
        let mut restarted = t.clone();
        let c = restarted.merge(&d(1, 1, 1), 1500).unwrap();
        assert_eq!((c.from, c.to), (Status::Dead, Status::Alive));
        // After T_cleanup a fresher counter of the same life revives it (e.g. a healed partition).
        let c = t.merge(&d(1, 0, 8), 2000).unwrap();
        assert_eq!((c.from, c.to), (Status::Dead, Status::Alive));
    }

    #[test]
    fn suspect_recovers_on_a_fresher_heartbeat() {
        let mut t = Table::default();
        t.merge(&d(2, 0, 1), 0);
        t.sweep(0, 150, 100, 300, |_| {});
        assert_eq!(t.get(2).status(), Status::Suspect);
        let c = t.merge(&d(2, 0, 2), 160).unwrap();
        assert_eq!((c.from, c.to), (Status::Suspect, Status::Alive));
    }

    #[test]
    fn digests_leave_out_removed_members() {
        let mut t = Table::default();
        t.merge(&d(1, 0, 1), 0);
        t.merge(&d(2, 0, 1), 500);
        t.sweep(0, 600, 100, 300, |_| {});
        let mut out = Vec::new();
        t.digests(600, 1000, &mut out);
        let ids: Vec<_> = out.iter().map(Digest::member).collect();
        assert_eq!(ids, [2]);
    }

    use proptest::prelude::*;

    /// (member, generation, heartbeat, left) of up to 30 digests about 12 members.
    fn digest_list() -> impl Strategy<Value = Vec<(u32, u32, u32, bool)>> {
        proptest::collection::vec((0u32..12, 0u32..3, 0u32..5, any::<bool>()), 0..30)
    }

    proptest! {
        #[test]
        fn one_pass_tick_equals_sweep_then_digests(
            heard in proptest::collection::vec((0u64..500, 0u8..5, any::<bool>()), 1..30),
            now in 0u64..800,
        ) {
            let mut a = Table::default();
            for (i, &(heard, status, left)) in heard.iter().enumerate() {
                a.merge(&Digest::new(i as NodeId, 0, 1, left), heard);
                if status == 0 {
                    a.sweep(0, heard + 1000, 100, 300, |_| {});
                }
            }
            let mut b = a.clone();
            let (mut changes_a, mut changes_b) = (Vec::new(), Vec::new());
            let (mut digests_a, mut digests_b) = (Vec::new(), Vec::new());
            a.sweep(0, now, 100, 300, |c| changes_a.push(c));
            a.digests(now, 300, &mut digests_a);
            b.sweep_and_digest(0, now, 100, 300, |c| changes_b.push(c), &mut digests_b);
            prop_assert_eq!(changes_a, changes_b);
            prop_assert_eq!(digests_a, digests_b);
            prop_assert_eq!(a.entries(), b.entries());
        }

        #[test]
        fn merging_a_whole_table_equals_merging_digest_by_digest(
            before in digest_list(),
            incoming in digest_list(),
        ) {
            let digest = |&(m, g, h, l): &(u32, u32, u32, bool)| Digest::new(m, g, h, l);
            let mut a = Table::default();
            for d in before.iter().map(digest) {
                a.merge(&d, 1);
            }
            a.sweep(3, 50, 10, 40, |_| {});
            let mut b = a.clone();
            let incoming: Vec<Digest> = incoming.iter().map(digest).collect();
            let mut changes_a = Vec::new();
            for d in incoming.iter().filter(|d| d.member() != 3) {
                changes_a.extend(a.merge(d, 60));
            }
            let mut changes_b = Vec::new();
            b.merge_all(3, &incoming, 60, |c| changes_b.push(c));
            prop_assert_eq!(changes_a, changes_b);
            let known = |t: &Table| {
                t.entries()
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|(_, e)| e.status() != Status::Unknown)
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(known(&a), known(&b));
        }
    }

    /// A table of `len` members, mostly alive (the fast paths' case), with small random keys
    /// and timestamps.
    fn mostly_alive(len: usize) -> impl Strategy<Value = Vec<(u8, u32, u32, u64)>> {
        proptest::collection::vec((0u8..24, 0u32..2, 1u32..4, 0u64..400), len)
    }

    fn table_of(rows: &[(u8, u32, u32, u64)]) -> Table {
        let mut t = Table::default();
        for (m, &(s, g, h, heard)) in rows.iter().enumerate() {
            // Four in five alive; the rest spread over the other statuses.
            let status = if s >= 5 {
                Status::Alive
            } else {
                Status::ALL[s as usize]
            };
            t.set(m as NodeId, Entry::new(status, g, h, heard));
        }
        t
    }

    proptest! {
        #[test]
        fn fast_merge_of_dense_tables_equals_merging_digest_by_digest(
            rows in mostly_alive(40),
            incoming in proptest::collection::vec((0u32..2, 1u32..4, 0u8..40), 44),
            me in 0u32..48,
        ) {
            // Digests in id order, a few missing or leaving, a few beyond the table's end.
            let digests: Vec<Digest> = incoming
                .iter()
                .enumerate()
                .filter(|(_, (_, _, odd))| *odd != 0)
                .map(|(m, &(g, h, odd))| Digest::new(m as NodeId, g, h, odd == 1))
                .collect();
            let mut a = table_of(&rows);
            let mut b = a.clone();
            let mut changes_a = Vec::new();
            for d in digests.iter().filter(|d| d.member() != me) {
                changes_a.extend(a.merge(d, 500));
            }
            let mut changes_b = Vec::new();
            b.merge_all(me, &digests, 500, |c| changes_b.push(c));
            prop_assert_eq!(changes_a, changes_b);
            prop_assert_eq!(a.entries(), b.entries());
        }

        #[test]
        fn fast_tick_of_mostly_live_tables_equals_sweep_then_digests(
            rows in mostly_alive(43),
            me in 0u32..48,
            now in 0u64..600,
        ) {
            let mut a = table_of(&rows);
            let mut b = a.clone();
            let (mut changes_a, mut changes_b) = (Vec::new(), Vec::new());
            let (mut digests_a, mut digests_b) = (Vec::new(), Vec::new());
            a.sweep(me, now, 100, 300, |c| changes_a.push(c));
            a.digests(now, 300, &mut digests_a);
            b.sweep_and_digest(me, now, 100, 300, |c| changes_b.push(c), &mut digests_b);
            prop_assert_eq!(changes_a, changes_b);
            prop_assert_eq!(digests_a, digests_b);
            prop_assert_eq!(a.entries(), b.entries());
        }
    }
}
