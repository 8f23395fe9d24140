//! The membership table and the precedence rules that decide which rumour wins.

use alloc::vec::Vec;

use super::message::UpdateKind;
use crate::core::{Micros, NodeId, Status};

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

impl Member {
    /// Alive or suspect: still probed and counted in `N`.
    pub fn is_live(&self) -> bool {
        is_live(self.status)
    }
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
#[derive(Clone, Debug, Default)]
pub struct MemberTable {
    members: Vec<Member>,
    live: u32,
}

impl MemberTable {
    /// The entry for `id` (`Unknown` at incarnation 0 if never heard of). O(1).
    pub fn get(&self, id: NodeId) -> Member {
        self.members.get(id as usize).copied().unwrap_or_default()
    }

    /// The status of `id`. O(1).
    pub fn status(&self, id: NodeId) -> Status {
        self.get(id).status
    }

    /// `N`: how many members are alive or suspect (the owner included).
    pub fn live(&self) -> u32 {
        self.live
    }

    /// Overwrites the entry for `id`, stamping it with `now`; returns the previous status.
    pub fn set(&mut self, id: NodeId, status: Status, incarnation: u32, now: Micros) -> Status {
        let index = id as usize;
        if index >= self.members.len() {
            self.members.resize(index + 1, Member::default());
        }
        let entry = &mut self.members[index];
        let previous = entry.status;
        self.live = self.live - u32::from(is_live(previous)) + u32::from(is_live(status));
        *entry = Member {
            status,
            incarnation,
            last_change: now,
        };
        previous
    }

    /// Every known member (status other than `Unknown`) in id order.
    pub fn known(&self) -> impl Iterator<Item = (NodeId, Member)> + '_ {
        self.members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.status != Status::Unknown)
            .map(|(id, m)| (id as NodeId, *m))
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
        assert_eq!(table.status(9), Status::Unknown);
        assert_eq!(table.known().count(), 2);
    }
}
