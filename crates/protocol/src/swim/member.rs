//! The membership table and the precedence rules that decide which rumour wins.

use alloc::vec::Vec;

use super::message::{SyncTable, UpdateKind};
use crate::core::{Micros, NodeId, Random, Status};

/// What a node knows about one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Member {
    /// The believed status.
    pub status: Status,
    /// The incarnation that status is about.
    pub incarnation: u32,
    /// Local time in microseconds of the last change to this entry (status or incarnation).
    pub last_change: Micros,
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

/// Dense table of [`Member`]s indexed by [`NodeId`]; grows as ids appear.
///
/// Stored as one array per field, plus a bit per member saying whether it is live: picking a
/// probe target, the hottest path, reads only that bit, and a thousand members' bits fit in
/// two cache lines, which stay in the cache even in a large simulated group.
#[derive(Clone, Debug, Default)]
pub struct MemberTable {
    status: Vec<Status>,
    incarnation: Vec<u32>,
    last_change: Vec<Micros>,
    /// Bit `id % 64` of word `id / 64`: member `id` is alive or suspect.
    live_bits: Vec<u64>,
    live: u32,
    dead: u32,
}

impl MemberTable {
    /// The entry for `id` (`Unknown` at incarnation 0 if never heard of). O(1).
    pub fn get(&self, id: NodeId) -> Member {
        let i = id as usize;
        match self.status.get(i) {
            Some(&status) => Member {
                status,
                incarnation: self.incarnation[i],
                last_change: self.last_change[i],
            },
            None => Member::default(),
        }
    }

    /// The status of `id`. O(1).
    pub fn status(&self, id: NodeId) -> Status {
        self.status.get(id as usize).copied().unwrap_or_default()
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
        let len = self.status.len();
        let start = rng.below(len as u32) as usize;
        (0..len)
            .map(|offset| (start + offset) % len)
            .find(|&i| self.status[i] == Status::Dead)
            .map(|i| i as NodeId)
    }

    /// Overwrites the entry for `id`, stamping it with `now`; returns the previous status.
    pub fn set(&mut self, id: NodeId, status: Status, incarnation: u32, now: Micros) -> Status {
        let i = id as usize;
        if i >= self.status.len() {
            self.status.resize(i + 1, Status::Unknown);
            self.incarnation.resize(i + 1, 0);
            self.last_change.resize(i + 1, 0);
        }
        let previous = core::mem::replace(&mut self.status[i], status);
        if i / 64 >= self.live_bits.len() {
            self.live_bits.resize(i / 64 + 1, 0);
        }
        let bit = 1 << (i % 64);
        if is_live(status) {
            self.live_bits[i / 64] |= bit;
        } else {
            self.live_bits[i / 64] &= !bit;
        }
        self.incarnation[i] = incarnation;
        self.last_change[i] = now;
        self.live = self.live - u32::from(is_live(previous)) + u32::from(is_live(status));
        let is_dead = |s: Status| u32::from(s == Status::Dead);
        self.dead = self.dead - is_dead(previous) + is_dead(status);
        previous
    }

    /// `(member, status, incarnation)` of every known member, in id order (a push-pull's
    /// payload).
    pub fn snapshot(&self) -> SyncTable {
        self.status
            .iter()
            .zip(&self.incarnation)
            .enumerate()
            .filter(|(_, (s, _))| **s != Status::Unknown)
            .map(|(id, (&s, &incarnation))| (id as NodeId, s, incarnation))
            .collect()
    }

    /// Every known member (status other than `Unknown`) in id order.
    pub fn known(&self) -> impl Iterator<Item = (NodeId, Member)> + '_ {
        self.status
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != Status::Unknown)
            .map(|(id, _)| (id as NodeId, self.get(id as NodeId)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(status: Status, incarnation: u32) -> Member {
        Member {
            status,
            incarnation,
            last_change: 0,
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
}
