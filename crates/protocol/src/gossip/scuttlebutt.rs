//! Scuttlebutt reconciliation (van Renesse, Dumitriu, Gough, Thomas 2008, "Efficient
//! reconciliation and flow control for anti-entropy protocols"), in the three messages of
//! quickwit's chitchat (`lib.rs`, `Chitchat::process_message`):
//!
//! 1. the opener sends `Syn`: its digest, `(member, max version)` for every member it gossips
//!    about;
//! 2. the answerer replies `SynAck`: the deltas newer than that digest, cut to the MTU after
//!    its own digest (`delta_mtu = MAX_UDP_DATAGRAM_PAYLOAD_SIZE − syn_ack_serialized_len(
//!    self_digest, empty delta)`), and its own digest;
//! 3. the opener applies them and replies `Ack2` (chitchat's `Ack`): the deltas newer than
//!    the answerer's digest, cut to the MTU.
//!
//! **Heartbeats ride in the digests** (chitchat's `NodeDigest` is `(heartbeat, last gc
//! version, max version)`, and `report_heartbeats_in_digest` hands every heartbeat of a Syn's or
//! SynAck's digest to the table and the failure detector), so a member whose only news is a
//! fresher heartbeat needs no delta: the digest both peers send anyway has told it. What a delta
//! carries is the state beyond the heartbeat, which here is a member's life and its leave flag
//! (chitchat's versioned key-values: a new member's, or a new life's, first keys; a leave is a
//! key written on leaving). Its max version is 1 while it runs and 2 once it left, the leave
//! flag of the digest entry. A member is stale for the peer when the peer's digest lacks it,
//! holds it in an older life, or holds the same life without the leave; its delta is one entry
//! (which carries the heartbeat it was sent at, as the digest would).
//!
//! **MTU.** Digests go whole, as in chitchat ("we send the self digest in full"); deltas that
//! do not fit whole in what is left of the `mtu` wait for a later exchange. Which go first is
//! the paper's *scuttle-depth* ordering that chitchat implements (`SortedStaleNodes`: members
//! the peer does not know first, then the most stale, ties shuffled "to give them an equal
//! opportunity"): here a member or life the peer lacks ranks first, a leave after it.

use super::message::{DIGEST_BYTES, Digest};
use crate::Random;
use alloc::vec;
use alloc::vec::Vec;

/// Pushes into `out` the entries of `mine` whose state beyond the heartbeat the peer's
/// `theirs` lacks (see the module's doc; a fresher heartbeat alone is not a delta). Both lists
/// are in member order (as [`super::Table::digests`] makes them). `depth` receives each delta's
/// rank: `u32::MAX` for a member or life the peer does not know, 1 for a leave.
pub fn stale(mine: &[Digest], theirs: &[Digest], out: &mut Vec<Digest>, depth: &mut Vec<u32>) {
    out.clear();
    depth.clear();
    let mut j = 0;
    for d in mine {
        while j < theirs.len() && theirs[j].member() < d.member() {
            j += 1;
        }
        let rank = match theirs.get(j).filter(|t| t.member() == d.member()) {
            None => u32::MAX,
            Some(t) if t.generation() < d.generation() => u32::MAX,
            Some(t) if t.generation() == d.generation() && d.left() && !t.left() => 1,
            Some(_) => continue,
        };
        out.push(*d);
        depth.push(rank);
    }
}

/// Keeps the deltas that fit whole in `budget` bytes: all of them if they fit, else the
/// stalest first (ties in random order), returned in member order.
pub fn fit(deltas: &mut Vec<Digest>, depth: &[u32], budget: usize, rng: &mut dyn Random) {
    let room = budget / DIGEST_BYTES;
    if deltas.len() <= room {
        return;
    }
    let mut order: Vec<(u32, u32, usize)> = depth
        .iter()
        .enumerate()
        .map(|(i, &gap)| (u32::MAX - gap, rng.below(u32::MAX), i))
        .collect();
    order.sort_unstable();
    // Marked, then taken in member order: no second sort (of the kept indices) needed.
    let mut keep = vec![false; deltas.len()];
    for &(_, _, i) in &order[..room] {
        keep[i] = true;
    }
    let kept: Vec<Digest> = deltas
        .iter()
        .zip(&keep)
        .filter(|&(_, &k)| k)
        .map(|(&d, _)| d)
        .collect();
    *deltas = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(member: u32, generation: u32, heartbeat: u32) -> Digest {
        Digest::new(member, generation, heartbeat, false)
    }

    /// xorshift64, seeded.
    struct Counter(u64);
    impl Random for Counter {
        fn below(&mut self, n: u32) -> u32 {
            let mut x = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            (x % u64::from(n)) as u32
        }
    }

    #[test]
    fn deltas_are_the_members_and_lives_the_peer_lacks_not_fresher_heartbeats() {
        let mine = [d(0, 0, 5), d(1, 0, 3), d(2, 7, 1), d(4, 0, 9)];
        let theirs = [d(0, 0, 5), d(1, 0, 1), d(2, 0, 40), d(3, 0, 2)];
        let (mut out, mut depth) = (Vec::new(), Vec::new());
        stale(&mine, &theirs, &mut out, &mut depth);
        // Member 1's fresher heartbeat reaches the peer in this node's digest.
        assert_eq!(out, [d(2, 7, 1), d(4, 0, 9)]);
        assert_eq!(depth, [u32::MAX, u32::MAX]);
    }

    #[test]
    fn a_leave_the_peer_lacks_is_a_delta_whatever_the_heartbeats() {
        let mine = [Digest::new(1, 0, 3, true)];
        let (mut out, mut depth) = (Vec::new(), Vec::new());
        for theirs in [d(1, 0, 3), d(1, 0, 1), d(1, 0, 4)] {
            stale(&mine, &[theirs], &mut out, &mut depth);
            assert_eq!((out.len(), depth.as_slice()), (1, &[1][..]), "{theirs:?}");
        }
        stale(&[d(1, 0, 3)], &mine, &mut out, &mut depth);
        assert!(out.is_empty());
    }

    #[test]
    fn a_peer_in_a_newer_life_needs_nothing_of_the_old_one() {
        let (mut out, mut depth) = (Vec::new(), Vec::new());
        stale(&[d(1, 0, 99)], &[d(1, 5, 1)], &mut out, &mut depth);
        assert!(out.is_empty());
    }

    #[test]
    fn the_mtu_keeps_whole_deltas_stalest_first_in_member_order() {
        let mut deltas = vec![d(0, 0, 1), d(1, 0, 1), d(2, 0, 1), d(3, 0, 1)];
        let depth = [1, 9, 3, u32::MAX];
        // Room for two whole deltas (and a part of a third, which is not sent).
        fit(&mut deltas, &depth, 2 * DIGEST_BYTES + 20, &mut Counter(1));
        assert_eq!(deltas, [d(1, 0, 1), d(3, 0, 1)]);
        let mut all = vec![d(0, 0, 1), d(1, 0, 1)];
        fit(&mut all, &[1, 1], 2 * DIGEST_BYTES, &mut Counter(1));
        assert_eq!(all.len(), 2);
        fit(&mut all, &[1, 1], DIGEST_BYTES - 1, &mut Counter(1));
        assert!(all.is_empty());
    }

    #[test]
    fn ties_at_the_mtu_are_broken_at_random() {
        let deltas: Vec<Digest> = (0..10).map(|m| d(m, 0, 1)).collect();
        let mut seen = [false; 10];
        for seed in 0..50 {
            let mut kept = deltas.clone();
            fit(&mut kept, &[1; 10], DIGEST_BYTES, &mut Counter(seed));
            seen[kept[0].member() as usize] = true;
        }
        assert!(seen.iter().all(|&s| s), "{seen:?}");
    }
}
