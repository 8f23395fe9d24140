//! The membership table: one entry per member, merged by freshest heartbeat.
//!
//! The table is a dense `Vec` indexed by member id, so merging an incoming table of `m` entries
//! costs O(m) (the classic article's nested scan costs O(n·m)).
//!
//! **Tombstones.** A removed member keeps its entry with status `Dead` and the freshest
//! `(generation, heartbeat)` seen before removal. Gossip about it is accepted again only if it is
//! strictly fresher: a higher counter (it was alive after all, e.g. behind a partition) or a later
//! generation (it restarted). Stale tables still carrying the old counter, which may circulate for
//! up to `(n+1)·t` after the member stopped, can therefore never re-add it. Because the table is
//! dense, a tombstone costs no more than an entry, so tombstones are kept for the node's life.

use super::message::Digest;
use crate::{Change, Micros, NodeId, Status};
use alloc::vec::Vec;

/// One member as this node knows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// Healthy (`Alive`), `Suspect`, removed (`Dead`, a tombstone), `Left`, or `Unknown`.
    pub status: Status,
    /// The member's restart generation.
    pub generation: u64,
    /// The freshest heartbeat counter seen for that generation.
    pub heartbeat: u32,
    /// Local time (µs) at which this node last saw the counter advance.
    pub heard: Micros,
}

impl Entry {
    fn key(&self) -> (u64, u32) {
        (self.generation, self.heartbeat)
    }
}

/// A dense membership table.
#[derive(Clone, Debug, Default)]
pub struct Table {
    entries: Vec<Entry>,
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
        if i >= self.entries.len() {
            self.entries.resize(i + 1, Entry::default());
        }
        &mut self.entries[i]
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
    /// digest, with the common case (nothing fresher) kept short.
    pub fn merge_all(
        &mut self,
        me: NodeId,
        digests: &[Digest],
        now: Micros,
        mut report: impl FnMut(Change),
    ) {
        if let Some(max) = digests.iter().map(Digest::member).max()
            && max as usize >= self.entries.len()
        {
            self.entries.resize(max as usize + 1, Entry::default());
        }
        for d in digests {
            let member = d.member();
            if member == me {
                continue;
            }
            let e = &mut self.entries[member as usize];
            let fresher = e.status == Status::Unknown || d.key() > e.key();
            if !fresher {
                // Rare: a leave announced for the life this node already knows.
                if d.left()
                    && let Some(change) = Self::merge_into(e, d, now)
                {
                    report(change);
                }
                continue;
            }
            // About half the digests are fresher, at random: write without branching on it.
            let from = e.status;
            let to = if d.left() {
                Status::Left
            } else {
                Status::Alive
            };
            *e = Entry {
                status: to,
                generation: d.generation(),
                heartbeat: d.heartbeat(),
                heard: now,
            };
            if to != from {
                report(Change { member, from, to });
            }
        }
    }

    /// Merges one incoming digest received at `now`; returns the status change, if any.
    ///
    /// Unknown members are added; a known entry changes only for a strictly fresher
    /// `(generation, heartbeat)`, and then its local timestamp is reset to `now`.
    pub fn merge(&mut self, d: &Digest, now: Micros) -> Option<Change> {
        Self::merge_into(self.slot(d.member()), d, now)
    }

    fn merge_into(e: &mut Entry, d: &Digest, now: Micros) -> Option<Change> {
        let from = e.status;
        if from != Status::Unknown && d.key() <= e.key() {
            // Not fresher; but a leave announcement for the same life still counts.
            if d.left() && d.key() == e.key() && matches!(from, Status::Alive | Status::Suspect) {
                e.status = Status::Left;
                e.heard = now;
                return Some(Change {
                    member: d.member(),
                    from,
                    to: Status::Left,
                });
            }
            return None;
        }
        e.generation = d.generation();
        e.heartbeat = d.heartbeat();
        e.heard = now;
        e.status = if d.left() {
            Status::Left
        } else {
            Status::Alive
        };
        (e.status != from).then_some(Change {
            member: d.member(),
            from,
            to: e.status,
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
            if i == me as usize {
                continue;
            }
            let silent = now.saturating_sub(e.heard);
            let to = match e.status {
                Status::Alive | Status::Suspect if silent >= remove_after => Status::Dead,
                Status::Alive if silent >= suspect_after => Status::Suspect,
                _ => continue,
            };
            report(Change {
                member: i as NodeId,
                from: e.status,
                to,
            });
            e.status = to;
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
        for (i, e) in self.entries.iter_mut().enumerate() {
            let silent = now.saturating_sub(e.heard);
            if i != me as usize {
                let to = match e.status {
                    Status::Alive | Status::Suspect if silent >= remove_after => Some(Status::Dead),
                    Status::Alive if silent >= suspect_after => Some(Status::Suspect),
                    _ => None,
                };
                if let Some(to) = to {
                    report(Change {
                        member: i as NodeId,
                        from: e.status,
                        to,
                    });
                    e.status = to;
                }
            }
            if let Some(d) = digest_of(i, e, now, remove_after) {
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

/// The digest of entry `i`, if it is gossiped (see [`Table::digests`]).
fn digest_of(i: usize, e: &Entry, now: Micros, left_ttl: Micros) -> Option<Digest> {
    let left = e.status == Status::Left;
    let send = matches!(e.status, Status::Alive | Status::Suspect)
        || (left && now.saturating_sub(e.heard) < left_ttl);
    send.then(|| Digest::new(i as NodeId, e.generation, e.heartbeat, left))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(member: NodeId, generation: u64, heartbeat: u32) -> Digest {
        Digest::new(member, generation, heartbeat, false)
    }

    #[test]
    fn unknown_member_is_added_as_alive() {
        let mut t = Table::default();
        let c = t.merge(&d(3, 0, 1), 10).unwrap();
        assert_eq!((c.from, c.to), (Status::Unknown, Status::Alive));
        assert_eq!(t.get(3).heard, 10);
    }

    #[test]
    fn only_a_fresher_counter_resets_the_timestamp() {
        let mut t = Table::default();
        t.merge(&d(1, 0, 5), 10);
        assert_eq!(t.merge(&d(1, 0, 5), 20), None);
        assert_eq!(t.merge(&d(1, 0, 4), 30), None);
        assert_eq!(t.get(1).heard, 10);
        t.merge(&d(1, 0, 6), 40);
        assert_eq!(t.get(1).heard, 40);
        assert_eq!(t.get(1).heartbeat, 6);
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
        assert_eq!(t.get(1).status, Status::Dead);
        assert_eq!(t.merge(&d(1, 0, 7), 1100), None);
        assert_eq!(t.merge(&d(1, 0, 3), 1100), None);
        assert_eq!(t.get(1).status, Status::Dead);
        let c = t.merge(&d(1, 5000, 1), 1200).unwrap();
        assert_eq!((c.from, c.to), (Status::Dead, Status::Alive));
    }

    #[test]
    fn suspect_recovers_on_a_fresher_heartbeat() {
        let mut t = Table::default();
        t.merge(&d(2, 0, 1), 0);
        t.sweep(0, 150, 100, 300, |_| {});
        assert_eq!(t.get(2).status, Status::Suspect);
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
    fn digest_list() -> impl Strategy<Value = Vec<(u32, u64, u32, bool)>> {
        proptest::collection::vec((0u32..12, 0u64..3, 0u32..5, any::<bool>()), 0..30)
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
            let digest = |&(m, g, h, l): &(u32, u64, u32, bool)| Digest::new(m, g, h, l);
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
                    .filter(|(_, e)| e.status != Status::Unknown)
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(known(&a), known(&b));
        }
    }
}
