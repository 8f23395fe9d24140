//! Probe target selection: randomised round-robin (SWIM §4.3) and random member sampling.

use alloc::vec::Vec;

use super::ids::Ids;
use super::member::MemberTable;
use crate::core::{Micros, NodeId, Random, Status};
use crate::snug::resize_snug;

/// The probe in flight this protocol period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe {
    /// Sequence number of the direct ping (and of the indirect probes for it).
    pub seq: u32,
    /// The member being probed.
    pub target: NodeId,
    /// The target's incarnation when the probe started: a failed probe suspects it at this
    /// one, as memberlist's `probeNode` suspects the copy of the node it took at the start. If
    /// the target refuted meanwhile, the suspicion is stale and changes nothing.
    pub incarnation: u32,
    /// Whether an ack (direct or relayed) arrived.
    pub acked: bool,
    /// When the probe fails if no ack came, µs: the end of the period, or with Lifeguard's
    /// local health multiplier `period × (score + 1)` after the probe started.
    pub deadline: Micros,
    /// Nacks expected: the relays asked, when nacks are in use (else 0).
    pub expected_nacks: u32,
    /// Nacks received.
    pub nacks: u32,
    /// Whether the TCP fallback ping was answered (see [`SwimConfig::tcp_ping`]).
    ///
    /// [`SwimConfig::tcp_ping`]: super::SwimConfig::tcp_ping
    pub tcp_contact: bool,
    /// When the probe started, µs.
    pub started: Micros,
    /// A tick came while the probe waited (it outlasted the period, under Lifeguard's local
    /// health multiplier): memberlist's probe ticker holds one tick for the running probe, so
    /// the next probe starts the moment this one ends, on its ack or at its deadline, instead
    /// of at the next tick.
    pub tick_held: bool,
}

/// Randomised round-robin order of the members to probe.
///
/// The list is walked by index and shuffled (Fisher–Yates) when exhausted, so every live
/// member is probed once per cycle and the time to first detection is bounded. A new member
/// is inserted at a random position; members that stopped being alive or suspect are skipped
/// and purged at the next shuffle.
///
/// The walk copies the order 32 members at a time into the struct itself: in a large group
/// each node's list is far outside the caches by its next probe, and reading the next member
/// straight from it cost a cache miss on every probe.
#[derive(Clone, Debug, Default)]
pub struct ProbeOrder {
    order: Ids,
    /// Members of `order` before this index are walked or copied to `ahead`.
    next: usize,
    /// Bit `id % 64` of word `id / 64`: member `id` is in `order`.
    listed: Vec<u64>,
    /// The next members of the walk, `ahead[AHEAD - left..]`, copied from `order`.
    ahead: [NodeId; AHEAD],
    left: usize,
}

/// Members copied from the order at a time: two cache lines, so one miss per 32 probes (at
/// 10,000 SWIM members, 8 at a time left that miss at 14% of the run's time; 32 gave 1.2× the
/// message events per second, and nothing at 1,000, where the lists stay in the cache).
const AHEAD: usize = 32;

impl ProbeOrder {
    /// An order over `members`, shuffled on first use.
    pub fn new(members: impl IntoIterator<Item = NodeId>) -> Self {
        let mut probe = ProbeOrder::default();
        let members = members.into_iter();
        let (least, most) = members.size_hint();
        probe.order.reserve_exact(most.unwrap_or(least));
        for member in members {
            if !probe.is_listed(member) {
                probe.mark(member, true);
                probe.order.push(member);
            }
        }
        probe.next = probe.order.len();
        probe
    }

    fn is_listed(&self, member: NodeId) -> bool {
        let i = member as usize;
        self.listed
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    fn mark(&mut self, member: NodeId, listed: bool) {
        let i = member as usize;
        resize_snug(&mut self.listed, i / 64 + 1, 0);
        if listed {
            self.listed[i / 64] |= 1 << (i % 64);
        } else {
            self.listed[i / 64] &= !(1 << (i % 64));
        }
    }

    /// Adds `member` at a uniformly random position unless it is already listed, in O(1).
    /// Landing in the part of the cycle already walked, it waits for the next cycle; either
    /// way every member is still probed exactly once per cycle.
    pub fn insert(&mut self, member: NodeId, rng: &mut dyn Random) {
        if self.is_listed(member) {
            return;
        }
        // Members copied ahead but not handed out yet are unwalked: put them back.
        self.next -= self.left;
        self.left = 0;
        self.mark(member, true);
        let at = rng.below(self.order.len() as u32 + 1) as usize;
        if at >= self.next {
            // Unwalked part: the member it displaces moves to the end, still unwalked.
            self.order.push(member);
            let last = self.order.len() - 1;
            self.order.swap(at, last);
        } else {
            // Walked part: the walked member it displaces takes the first unwalked slot,
            // whose member moves to the end, and the walked part grows by one.
            let first_unwalked = self.order.get(self.next);
            if let Some(unwalked) = first_unwalked {
                self.order.push(unwalked);
            }
            let displaced = self.order.at(at);
            if first_unwalked.is_some() {
                self.order.set(self.next, displaced);
            } else {
                self.order.push(displaced);
            }
            self.order.set(at, member);
            self.next += 1;
        }
    }

    /// The next member to probe (alive or suspect), reshuffling at the end of a cycle;
    /// `None` if there is nobody to probe.
    pub fn next_target(&mut self, table: &MemberTable, rng: &mut dyn Random) -> Option<NodeId> {
        for _ in 0..2 {
            // Every live member but the owner is listed, so when the counts match, every
            // listed member is live and none needs checking: in a large group the check is a
            // cache miss (a random word of the table's live bits) on every probe.
            let all_live = self.order.len() + 1 == table.live() as usize;
            loop {
                if self.left == 0 {
                    let take = (self.order.len() - self.next).min(AHEAD);
                    if take == 0 {
                        break;
                    }
                    self.order
                        .copy_to(self.next, &mut self.ahead[AHEAD - take..]);
                    self.next += take;
                    self.left = take;
                }
                let member = self.ahead[AHEAD - self.left];
                self.left -= 1;
                if all_live || table.is_live(member) {
                    return Some(member);
                }
            }
            self.reshuffle(table, rng);
        }
        None
    }

    /// Purges members that are no longer alive or suspect and starts a new shuffled cycle.
    fn reshuffle(&mut self, table: &MemberTable, rng: &mut dyn Random) {
        let listed = &mut self.listed;
        self.order.retain(|member| {
            let keep = table.is_live(member);
            if !keep {
                let i = member as usize;
                listed[i / 64] &= !(1 << (i % 64));
            }
            keep
        });
        for i in (1..self.order.len()).rev() {
            let j = rng.below(i as u32 + 1) as usize;
            self.order.swap(i, j);
        }
        self.next = 0;
    }

    /// How many members the order lists (every live member but the owner, and possibly some
    /// no longer live, until the next shuffle purges them).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Fills `out` with up to `k` distinct random alive members other than `exclude`: the
    /// members memberlist asks for indirect probes and for push-pull (`n.State != StateAlive`
    /// is filtered out).
    pub fn sample(
        &self,
        k: usize,
        exclude: Option<NodeId>,
        table: &MemberTable,
        rng: &mut dyn Random,
        out: &mut Vec<NodeId>,
    ) {
        self.sample_where(k, exclude, table, rng, out, |s| s == Status::Alive);
    }

    /// Fills `out` with up to `k` distinct random members alive or suspect: the live part of
    /// memberlist's gossip targets (`StateAlive, StateSuspect: return false`).
    pub fn sample_live(
        &self,
        k: usize,
        table: &MemberTable,
        rng: &mut dyn Random,
        out: &mut Vec<NodeId>,
    ) {
        self.sample_where(k, None, table, rng, out, |s| {
            s == Status::Alive || s == Status::Suspect
        });
    }

    /// Fills `out` with up to `k` distinct random listed members whose status passes `ok`,
    /// other than `exclude`.
    ///
    /// Every live member (but the owner) is in the probe order, so it doubles as the
    /// candidate pool: a few uniform draws find members in the common case without scanning
    /// the table, and a walk from a random start finishes the job when most are ineligible.
    fn sample_where(
        &self,
        k: usize,
        exclude: Option<NodeId>,
        table: &MemberTable,
        rng: &mut dyn Random,
        out: &mut Vec<NodeId>,
        ok: impl Fn(Status) -> bool,
    ) {
        out.clear();
        let len = self.order.len();
        if len == 0 || k == 0 {
            return;
        }
        let eligible = |member: NodeId, chosen: &[NodeId]| {
            ok(table.status(member)) && Some(member) != exclude && !chosen.contains(&member)
        };
        for _ in 0..3 * k {
            if out.len() == k {
                return;
            }
            let member = self.order.at(rng.below(len as u32) as usize);
            if eligible(member, out) {
                out.push(member);
            }
        }
        let start = rng.below(len as u32) as usize;
        for offset in 0..len {
            if out.len() == k {
                return;
            }
            let member = self.order.at((start + offset) % len);
            if eligible(member, out) {
                out.push(member);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swim::tests::TestRng;
    use alloc::vec;

    fn table_of(alive: &[NodeId]) -> MemberTable {
        let mut table = MemberTable::default();
        for &member in alive {
            table.set(member, Status::Alive, 0, 0);
        }
        table
    }

    #[test]
    fn round_robin_probes_every_member_once_per_cycle() {
        let members: Vec<NodeId> = (1..=7).collect();
        let table = table_of(&members);
        let mut order = ProbeOrder::new(members.iter().copied());
        let mut rng = TestRng::new(3);
        for _cycle in 0..4 {
            let mut seen: Vec<NodeId> = (0..7)
                .map(|_| order.next_target(&table, &mut rng).unwrap())
                .collect();
            seen.sort_unstable();
            assert_eq!(seen, members);
        }
    }

    #[test]
    fn dead_members_are_skipped_and_new_ones_probed() {
        let mut table = table_of(&[1, 2, 3]);
        let mut order = ProbeOrder::new([1, 2, 3]);
        let mut rng = TestRng::new(5);
        table.set(2, Status::Dead, 0, 1);
        table.set(9, Status::Suspect, 0, 1);
        order.insert(9, &mut rng);
        let mut seen: Vec<NodeId> = (0..6)
            .map(|_| order.next_target(&table, &mut rng).unwrap())
            .collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, vec![1, 3, 9]);
    }

    #[test]
    fn members_inserted_mid_cycle_leave_every_member_probed_once_per_cycle() {
        let mut table = table_of(&[1, 2, 3, 4, 5]);
        let mut order = ProbeOrder::new(1..=5);
        let mut rng = TestRng::new(17);
        let mut newcomer = 6;
        for _cycle in 0..30 {
            // At the end of a cycle, so this starts the next one.
            let mut seen = vec![order.next_target(&table, &mut rng).unwrap()];
            let cycle_members: Vec<NodeId> =
                (0..order.order.len()).map(|i| order.order.at(i)).collect();
            while order.next - order.left < order.order.len() {
                if newcomer < 200 {
                    table.set(newcomer, Status::Alive, 0, 0);
                    order.insert(newcomer, &mut rng);
                    newcomer += 1;
                }
                seen.push(order.next_target(&table, &mut rng).unwrap());
            }
            let mut unique = seen.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), seen.len(), "probed twice in {seen:?}");
            assert!(cycle_members.iter().all(|m| seen.contains(m)));
        }
    }

    #[test]
    fn nobody_to_probe_yields_none() {
        let table = table_of(&[]);
        let mut order = ProbeOrder::new([]);
        assert_eq!(order.next_target(&table, &mut TestRng::new(1)), None);
    }

    #[test]
    fn sample_returns_distinct_alive_members_without_the_excluded_one() {
        let mut table = table_of(&[1, 2, 3, 4, 5]);
        table.set(4, Status::Suspect, 0, 1);
        let order = ProbeOrder::new([1, 2, 3, 4, 5]);
        let mut rng = TestRng::new(11);
        let mut out = Vec::new();
        for _ in 0..50 {
            order.sample(3, Some(2), &table, &mut rng, &mut out);
            out.sort_unstable();
            assert_eq!(out, vec![1, 3, 5]);
        }
        order.sample(2, None, &table, &mut rng, &mut out);
        assert_eq!(out.len(), 2);
        assert_ne!(out[0], out[1]);
    }

    #[test]
    fn two_byte_and_four_byte_ids_walk_alike() {
        // The same members and draws, one order forced to four-byte ids from the start; a
        // member beyond two bytes joins the other midway.
        let members: Vec<NodeId> = (1..=300).collect();
        let mut table = table_of(&members);
        let mut narrow = ProbeOrder::new(members.iter().copied());
        let mut wide = ProbeOrder::new(members.iter().copied());
        wide.order.fit(NodeId::MAX);
        assert!(matches!(narrow.order, Ids::Narrow(_)) && matches!(wide.order, Ids::Wide(_)));
        let (mut rng_a, mut rng_b) = (TestRng::new(9), TestRng::new(9));
        let (mut out_a, mut out_b) = (Vec::new(), Vec::new());
        for step in 0..2000u32 {
            if step % 97 == 0 {
                let newcomer = if step == 970 { 70_000 } else { 1000 + step };
                table.set(newcomer, Status::Alive, 0, 0);
                narrow.insert(newcomer, &mut rng_a);
                wide.insert(newcomer, &mut rng_b);
            }
            if step % 31 == 0 {
                table.set(step % 300 + 1, Status::Dead, 0, 0);
            }
            let a = narrow.next_target(&table, &mut rng_a);
            assert_eq!(a, wide.next_target(&table, &mut rng_b), "step {step}");
            narrow.sample(3, a, &table, &mut rng_a, &mut out_a);
            wide.sample(3, a, &table, &mut rng_b, &mut out_b);
            assert_eq!(out_a, out_b);
        }
        assert!(matches!(narrow.order, Ids::Wide(_)));
        assert!((0..narrow.order.len()).any(|i| narrow.order.at(i) == 70_000));
    }
}
