//! The membership table and the precedence rules that decide which rumour wins.

use alloc::vec::Vec;

use super::message::{SyncTable, UpdateKind};
use super::stamps::Stamps;
use crate::core::{Micros, NodeId, Random, Status};
use crate::snug::resize_snug;

/// What a node knows about one member: what the precedence rules compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Member {
    /// The believed status.
    pub status: Status,
    /// The incarnation that status is about.
    pub incarnation: u32,
}

/// Alive or suspect.
pub fn is_live(status: Status) -> bool {
    matches!(status, Status::Alive | Status::Suspect)
}

/// Whether an update of `kind` at incarnation `incoming` overrides what is `known`
/// (SWIM §4.2 with memberlist's additions):
///
/// - anything overrides `Unknown` (an unknown suspect is added as suspect);
/// - `Alive(i)` overrides any status at `j < i` (over dead or left, that is a rejoin);
/// - `Suspect(i)` overrides `Alive(j)` for `i >= j` and `Suspect(j)` for `i > j`;
/// - `Dead(i)` and `Left(i)` override `Alive(j)` and `Suspect(j)` for `i >= j`;
/// - nothing but a newer `Alive` overrides `Dead` or `Left`.
pub fn supersedes(kind: UpdateKind, incoming: u32, known: Member) -> bool {
    let j = known.incarnation;
    match (kind, known.status) {
        (_, Status::Unknown) => true,
        (UpdateKind::Alive, _) => incoming > j,
        (UpdateKind::Suspect, Status::Alive) => incoming >= j,
        (UpdateKind::Suspect, Status::Suspect) => incoming > j,
        (UpdateKind::Dead | UpdateKind::Left, Status::Alive | Status::Suspect) => incoming >= j,
        (_, Status::Dead | Status::Left) => false,
    }
}

/// A table entry: the status in the low [`STATUS_BITS`], the incarnation above.
type Packed = u16;
/// Bits of a packed entry that hold the status (the incarnation is above them).
const STATUS_BITS: u32 = 3;
const STATUS_MASK: u32 = (1 << STATUS_BITS) - 1;
/// The status bits of an entry whose incarnation does not fit beside them: the entry is in
/// [`MemberTable::wide`].
const WIDE: u32 = STATUS_MASK;
/// Incarnations below this (8,192) are packed with their status into one [`Packed`].
const PACKED_BELOW: u32 = 1 << (Packed::BITS - STATUS_BITS);

/// The packed entry for `status` at `incarnation` (below [`PACKED_BELOW`]).
fn pack(status: Status, incarnation: u32) -> Packed {
    ((incarnation << STATUS_BITS) | status as u32) as Packed
}

fn status_of_bits(bits: u32) -> Status {
    match bits {
        1 => Status::Alive,
        2 => Status::Suspect,
        3 => Status::Dead,
        4 => Status::Left,
        _ => Status::Unknown,
    }
}

/// Dense table of [`Member`]s indexed by [`NodeId`]; grows as ids appear.
///
/// Every node holds one, with a slot for every member it knows, so a cluster of `n` holds
/// `n²` slots: each is one `u16` (the status in the low 3 bits, the incarnation above; an
/// incarnation of 8,192 or more, which takes as many refutations, in a side list), plus a bit
/// saying whether the member is live, and the entries' stamps (see [`Stamps`]: none for
/// entries unchanged since the table was made, a byte or two each once many changed).
/// Picking a probe target, the hottest path, reads only the live bit, and a thousand members'
/// bits fit in two cache lines, which stay in the cache even in a large simulated group.
#[derive(Clone, Debug, Default)]
pub struct MemberTable {
    /// By member: `incarnation << 3 | status`, or [`WIDE`] in the status bits.
    entries: Vec<Packed>,
    /// The entries whose incarnation is at least [`PACKED_BELOW`], sorted by member.
    wide: Vec<(NodeId, Member)>,
    stamps: Stamps,
    /// Bit `id % 64` of word `id / 64`: member `id` is alive or suspect.
    live_bits: Vec<u64>,
    live: u32,
    dead: u32,
}

impl MemberTable {
    /// An empty table made at `now` (the stamp of entries set at that time costs nothing)
    /// with room for members `0..capacity`.
    pub fn new(now: Micros, capacity: usize) -> Self {
        let mut table = MemberTable {
            stamps: Stamps::new(now),
            ..MemberTable::default()
        };
        table.entries.reserve_exact(capacity);
        table.live_bits.reserve_exact(capacity.div_ceil(64));
        table
    }

    /// A table made at `now` in which `me` and `members` (in any order, repeats allowed) are
    /// alive at incarnation 0: what a node knows when it starts. The same as
    /// [`MemberTable::new`] followed by a [`MemberTable::set`] for each, in one pass.
    pub fn alive_at_start(now: Micros, me: NodeId, members: &[NodeId]) -> Self {
        let len = members.iter().max().map_or(0, |&m| m as usize + 1);
        let len = len.max(me as usize + 1);
        let mut table = MemberTable::new(now, len);
        table.entries.resize(len, Status::Unknown as Packed);
        table.live_bits.resize(len.div_ceil(64), 0);
        let alive = Status::Alive as Packed;
        for &m in members.iter().chain([&me]) {
            let i = m as usize;
            if table.entries[i] != alive {
                table.entries[i] = alive;
                table.live_bits[i / 64] |= 1 << (i % 64);
                table.live += 1;
            }
        }
        table
    }

    /// The entry for `id` (`Unknown` at incarnation 0 if never heard of). O(1).
    pub fn get(&self, id: NodeId) -> Member {
        match self.entries.get(id as usize).map(|&bits| u32::from(bits)) {
            Some(bits) if bits & STATUS_MASK == WIDE => self.wide_entry(id),
            Some(bits) => Member {
                status: status_of_bits(bits & STATUS_MASK),
                incarnation: bits >> STATUS_BITS,
            },
            None => Member::default(),
        }
    }

    fn wide_entry(&self, id: NodeId) -> Member {
        match self.wide.binary_search_by_key(&id, |&(m, _)| m) {
            Ok(at) => self.wide[at].1,
            Err(_) => Member::default(),
        }
    }

    /// The status of `id`. O(1).
    pub fn status(&self, id: NodeId) -> Status {
        match self.entries.get(id as usize).map(|&bits| u32::from(bits)) {
            Some(bits) if bits & STATUS_MASK == WIDE => self.wide_entry(id).status,
            Some(bits) => status_of_bits(bits & STATUS_MASK),
            None => Status::Unknown,
        }
    }

    /// How many members from `first` on (up to `end`) have exactly `status` at `incarnation`
    /// in this table: the length of the stretch of a peer's table that a sync need not look
    /// at, since no rule lets a rumour override an equal entry.
    pub fn count_equal(&self, first: NodeId, end: NodeId, status: Status, incarnation: u32) -> u32 {
        if incarnation >= PACKED_BELOW || status == Status::Unknown {
            return 0;
        }
        let bits = pack(status, incarnation);
        let end = (end as usize).min(self.entries.len());
        self.entries
            .get(first as usize..end)
            .map_or(0, |stretch| leading_equal(stretch, bits) as u32)
    }

    /// Local time (µs) of the last change to the entry for `id` (status or incarnation).
    pub fn last_change(&self, id: NodeId) -> Micros {
        self.stamps.get(id)
    }

    /// Whether `id` is alive or suspect. O(1).
    pub fn is_live(&self, id: NodeId) -> bool {
        let id = id as usize;
        self.live_bits
            .get(id / 64)
            .is_some_and(|word| word & (1 << (id % 64)) != 0)
    }

    /// `N`: how many members are alive or suspect (the owner included).
    pub fn live(&self) -> u32 {
        self.live
    }

    /// How many members are believed `Dead` (not `Left`).
    pub fn dead(&self) -> u32 {
        self.dead
    }

    /// A random member believed `Dead`, if any: the first one at or after a random index
    /// (a walk of O(N) at worst; called about once per `reconnect_periods`).
    pub fn random_dead(&self, rng: &mut dyn Random) -> Option<NodeId> {
        if self.dead == 0 {
            return None;
        }
        let len = self.entries.len();
        let start = rng.below(len as u32) as usize;
        (0..len)
            .map(|offset| ((start + offset) % len) as NodeId)
            .find(|&i| self.status(i) == Status::Dead)
    }

    /// Overwrites the entry for `id`, stamping it with `now`; returns the previous status.
    pub fn set(&mut self, id: NodeId, status: Status, incarnation: u32, now: Micros) -> Status {
        let i = id as usize;
        resize_snug(&mut self.entries, i + 1, Status::Unknown as Packed);
        let previous = self.get(id).status;
        if u32::from(self.entries[i]) & STATUS_MASK == WIDE
            && let Ok(at) = self.wide.binary_search_by_key(&id, |&(m, _)| m)
        {
            self.wide.remove(at);
        }
        self.entries[i] = if incarnation < PACKED_BELOW {
            pack(status, incarnation)
        } else {
            let at = self.wide.partition_point(|&(m, _)| m < id);
            self.wide.insert(
                at,
                (
                    id,
                    Member {
                        status,
                        incarnation,
                    },
                ),
            );
            WIDE as Packed
        };
        self.stamps.set(id, now, self.entries.len());
        resize_snug(&mut self.live_bits, i / 64 + 1, 0);
        let bit = 1 << (i % 64);
        if is_live(status) {
            self.live_bits[i / 64] |= bit;
        } else {
            self.live_bits[i / 64] &= !bit;
        }
        self.live = self.live - u32::from(is_live(previous)) + u32::from(is_live(status));
        let is_dead = |s: Status| u32::from(s == Status::Dead);
        self.dead = self.dead - is_dead(previous) + is_dead(status);
        previous
    }

    /// `(member, status, incarnation)` of every known member, in id order (a push-pull's
    /// payload).
    pub fn snapshot(&self) -> SyncTable {
        let mut rows = SyncTable::default();
        let mut i = 0;
        while i < self.entries.len() {
            let bits = self.entries[i];
            let status = status_of_bits(u32::from(bits) & STATUS_MASK);
            if u32::from(bits) & STATUS_MASK == WIDE {
                let m = self.wide_entry(i as NodeId);
                rows.push((i as NodeId, m.status, m.incarnation));
                i += 1;
            } else if status == Status::Unknown {
                i += 1;
            } else {
                // Equal entries side by side (in a steady cluster, nearly the whole table).
                let len = leading_equal(&self.entries[i..], bits);
                rows.push_run(
                    i as NodeId,
                    len as u32,
                    status,
                    u32::from(bits) >> STATUS_BITS,
                );
                i += len;
            }
        }
        rows
    }

    /// Every known member (status other than `Unknown`) in id order.
    pub fn known(&self) -> impl Iterator<Item = (NodeId, Member)> + '_ {
        (0..self.entries.len() as NodeId)
            .map(|id| (id, self.get(id)))
            .filter(|(_, m)| m.status != Status::Unknown)
    }
}

/// How many entries at the start of `entries` equal `bits`. Compared 32 at a time (a cache
/// line, which the compiler turns into vector compares): push-pulls scan whole tables, 20 KB
/// a member at 10,000 members, and one entry at a time that scan was 5% of the run's time.
fn leading_equal(entries: &[Packed], bits: Packed) -> usize {
    const CHUNK: usize = 32;
    let whole = entries
        .chunks_exact(CHUNK)
        .take_while(|chunk| chunk.iter().fold(true, |all, &b| all & (b == bits)))
        .count()
        * CHUNK;
    whole + entries[whole..].iter().take_while(|&&b| b == bits).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_equal_counts_across_chunk_edges() {
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 40, 64, 70] {
            for stop in 0..=len {
                let mut entries = vec![7 as Packed; len];
                if stop < len {
                    entries[stop] = 8;
                }
                assert_eq!(leading_equal(&entries, 7), stop, "len {len}, stop {stop}");
            }
        }
    }

    fn known(status: Status, incarnation: u32) -> Member {
        Member {
            status,
            incarnation,
        }
    }

    #[test]
    fn dead_overrides_suspect_at_same_incarnation() {
        assert!(supersedes(UpdateKind::Dead, 3, known(Status::Suspect, 3)));
        assert!(!supersedes(UpdateKind::Dead, 2, known(Status::Suspect, 3)));
    }

    #[test]
    fn suspect_overrides_alive_at_same_incarnation_but_not_suspect() {
        assert!(supersedes(UpdateKind::Suspect, 3, known(Status::Alive, 3)));
        assert!(!supersedes(
            UpdateKind::Suspect,
            3,
            known(Status::Suspect, 3)
        ));
        assert!(supersedes(
            UpdateKind::Suspect,
            4,
            known(Status::Suspect, 3)
        ));
    }

    #[test]
    fn only_a_newer_alive_overrides_dead_or_left() {
        for status in [Status::Dead, Status::Left] {
            assert!(supersedes(UpdateKind::Alive, 4, known(status, 3)));
            assert!(!supersedes(UpdateKind::Alive, 3, known(status, 3)));
            assert!(!supersedes(UpdateKind::Suspect, 9, known(status, 3)));
            assert!(!supersedes(UpdateKind::Dead, 9, known(status, 3)));
        }
    }

    #[test]
    fn anything_overrides_unknown() {
        for kind in [
            UpdateKind::Alive,
            UpdateKind::Suspect,
            UpdateKind::Dead,
            UpdateKind::Left,
        ] {
            assert!(supersedes(kind, 0, Member::default()));
        }
    }

    #[test]
    fn table_counts_live_members() {
        let mut table = MemberTable::default();
        table.set(5, Status::Alive, 0, 1);
        table.set(2, Status::Suspect, 0, 1);
        assert_eq!(table.live(), 2);
        assert_eq!(table.set(5, Status::Dead, 0, 2), Status::Alive);
        assert_eq!(table.live(), 1);
        assert_eq!(table.dead(), 1);
        table.set(5, Status::Alive, 1, 3);
        assert_eq!((table.live(), table.dead()), (2, 0));
        assert!(table.is_live(5) && table.is_live(2) && !table.is_live(9) && !table.is_live(700));
        table.set(2, Status::Left, 0, 4);
        assert!(!table.is_live(2));
        assert_eq!(table.status(9), Status::Unknown);
        assert_eq!(table.known().count(), 2);
    }

    #[test]
    fn incarnations_too_large_to_pack_are_kept_exactly() {
        let mut table = MemberTable::default();
        for (id, incarnation) in [(3, PACKED_BELOW - 1), (1, PACKED_BELOW), (2, u32::MAX)] {
            table.set(id, Status::Suspect, incarnation, 5);
            assert_eq!(
                table.get(id),
                Member {
                    status: Status::Suspect,
                    incarnation
                }
            );
        }
        assert_eq!(table.status(2), Status::Suspect);
        table.set(2, Status::Dead, 7, 6);
        assert_eq!(table.get(2).incarnation, 7);
        assert_eq!(table.wide.len(), 1);
        let rows: Vec<_> = table.snapshot().iter().collect();
        assert_eq!(
            rows,
            [
                (1, Status::Suspect, PACKED_BELOW),
                (2, Status::Dead, 7),
                (3, Status::Suspect, PACKED_BELOW - 1)
            ]
        );
        assert_eq!((table.live(), table.dead()), (2, 1));
    }

    #[test]
    fn a_starting_table_equals_one_set_member_by_member() {
        let members = [4, 0, 9, 4, 70, 1];
        let quick = MemberTable::alive_at_start(30, 75, &members);
        let mut slow = MemberTable::new(30, 0);
        for &m in members.iter().chain(&[75]) {
            slow.set(m, Status::Alive, 0, 30);
        }
        assert_eq!(quick.entries, slow.entries);
        assert_eq!(quick.live_bits, slow.live_bits);
        assert_eq!((quick.live(), quick.dead()), (slow.live(), slow.dead()));
        assert_eq!(quick.last_change(9), 30);
    }

    #[test]
    fn stamps_stay_exact_from_few_changes_to_many() {
        let mut table = MemberTable::new(100, 1000);
        for id in 0..1000 {
            table.set(id, Status::Alive, 0, 100);
        }
        assert_eq!((table.stamps.listed(), table.stamps.is_dense()), (0, false));
        // A few changes are listed; changing back to the creation time unlists them.
        table.set(7, Status::Suspect, 0, 250);
        table.set(9, Status::Suspect, 0, 100);
        assert_eq!((table.last_change(7), table.last_change(9)), (250, 100));
        assert_eq!(table.stamps.listed(), 1);
        // Many changes: every entry gets a stamp.
        for id in (0..1000).step_by(2) {
            table.set(id, Status::Suspect, 1, 1000 + u64::from(id));
        }
        assert!(table.stamps.is_dense());
        for id in 0..1000 {
            let want = match id {
                _ if id % 2 == 0 => 1000 + u64::from(id),
                7 => 250,
                _ => 100,
            };
            assert_eq!(table.last_change(id), want, "member {id}");
        }
        // A member beyond the table's first size is stamped too.
        table.set(1500, Status::Alive, 0, 9);
        assert_eq!((table.last_change(1500), table.last_change(1400)), (9, 100));
    }
}
