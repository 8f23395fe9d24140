//! The piggyback buffer: updates waiting to be gossiped, infection-style, on outgoing messages.
//!
//! At most one update per member is pending; a newer one replaces the older one and starts
//! again from zero transmissions. Each message takes the updates sent the fewest times, the
//! most recently queued first among equals (memberlist's order), and an update is dropped
//! once it has been sent `retransmit_limit` times.
//!
//! The buffer is a 4-ary min-heap on `(transmissions, newest first)`. While it holds few
//! updates (fewer than [`INDEX_FROM`], the common case), an update about a member is found by
//! a scan of the heap; with more, each member's heap position is kept in a dense `Vec`, two
//! bytes a member while fewer than 65,535 updates are pending (see [`Index`]; dropped again
//! when the buffer empties, since every node keeping one would cost `2·n²` bytes), so
//! queueing, replacing and taking one update all cost `O(log B)` for `B` pending updates.
//!
//! A member that starts knowing only its neighbours learns every other member by merging
//! tables and queues each as a rumour, so on a sparse topology every node holds thousands of
//! pending updates at once. Each is therefore six bytes: a `u32` key (see [`Key`]: its
//! transmissions and its queueing number) and the member's id (two bytes while every id is
//! below 65,536, see [`Ids`]), and nothing of the update itself, which is nearly
//! always the table's current entry for the member: every change to the table queues the new
//! entry, replacing what was pending about the member. The few pending updates that are not
//! (a suspicion naming its accuser, a node's own `Left`) are kept whole beside the heap.

use alloc::vec::Vec;

use super::ids::Ids;
use super::member::{Member, MemberTable};
use super::message::{NO_ACCUSER, Update, UpdateKind};
use crate::core::NodeId;
use crate::snug::{push_snug, resize_snug};

/// The largest retransmit multiplier: with it the retransmit limit stays below 256 (at most
/// `25 × 10` for up to `2^32` members), so that a pending update's transmissions fit a byte.
pub const MAX_LAMBDA: u32 = 25;

/// How many times an update is piggybacked when `live` members are alive or suspect:
/// `lambda * ceil(log10(live + 1))` (memberlist's retransmit limit), at least `lambda`.
pub fn retransmit_limit(lambda: u32, live: u32) -> u32 {
    lambda.saturating_mul(ceil_log10(u64::from(live) + 1).max(1))
}

/// The smallest `k` with `10^k >= m`.
fn ceil_log10(m: u64) -> u32 {
    let mut k = 0;
    let mut power = 1u64;
    while power < m {
        power *= 10;
        k += 1;
    }
    k
}

/// Children per heap node: a 4-ary heap is half as deep as a binary one, and its children
/// sit side by side, so a sift touches fewer cache lines.
const ARITY: usize = 4;

/// While fewer than this many updates are pending, the index holds two-byte positions.
/// (Small in tests, to exercise the change to four.)
const NARROW_END: usize = if cfg!(test) { 48 } else { u16::MAX as usize };

/// By member: the heap position of its pending update, if any. Two bytes a member while the
/// heap is shorter than [`NARROW_END`], four beyond; `MAX` marks a member with none.
#[derive(Clone, Debug, Default)]
struct Index {
    /// Positions while narrow (else empty).
    narrow: Vec<u16>,
    /// Positions once wide (else empty).
    wide: Vec<u32>,
}

impl Index {
    fn is_empty(&self) -> bool {
        self.narrow.is_empty() && self.wide.is_empty()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.narrow.len().max(self.wide.len())
    }

    /// Makes room for members `0..len`.
    fn grow(&mut self, len: usize) {
        if self.wide.is_empty() {
            resize_snug(&mut self.narrow, len, u16::MAX);
        } else {
            resize_snug(&mut self.wide, len, u32::MAX);
        }
    }

    fn get(&self, member: NodeId) -> Option<usize> {
        let at = if self.wide.is_empty() {
            match self.narrow[member as usize] {
                u16::MAX => return None,
                at => at as usize,
            }
        } else {
            match self.wide[member as usize] {
                u32::MAX => return None,
                at => at as usize,
            }
        };
        Some(at)
    }

    fn set(&mut self, member: NodeId, at: usize) {
        if self.wide.is_empty() {
            self.narrow[member as usize] = at as u16;
        } else {
            self.wide[member as usize] = at as u32;
        }
    }

    fn clear(&mut self, member: NodeId) {
        if self.wide.is_empty() {
            self.narrow[member as usize] = u16::MAX;
        } else {
            self.wide[member as usize] = u32::MAX;
        }
    }

    /// Two-byte positions to four-byte ones.
    fn widen(&mut self) {
        let mut wide = Vec::new();
        wide.reserve_exact(self.narrow.len());
        wide.extend(self.narrow.iter().map(|&at| match at {
            u16::MAX => u32::MAX,
            at => u32::from(at),
        }));
        self.wide = wide;
        self.narrow = Vec::new();
    }
}

/// With this many pending updates, the buffer starts keeping every member's heap position
/// instead of scanning the heap for it.
const INDEX_FROM: usize = 32;

/// Queueing numbers are below this; when the next one would not be, the pending updates are
/// numbered again from 0, in the same order. (Small in tests, to exercise that.)
const QUEUED_END: u32 = if cfg!(test) { 1 << 7 } else { 1 << 24 };

/// The order of one pending update: `transmissions << 24 | (QUEUED_END - 1 - queued)`, so
/// that the smaller key goes out first: fewer transmissions, then the more recently queued.
/// Queueing numbers are unique, and so are keys.
type Key = u32;

const TRANSMIT_SHIFT: u32 = 24;

fn key(transmits: u32, queued: u32) -> Key {
    debug_assert!(transmits < 256 && queued < QUEUED_END);
    (transmits << TRANSMIT_SHIFT) | (QUEUED_END - 1 - queued)
}

fn transmits_of(key: Key) -> u32 {
    key >> TRANSMIT_SHIFT
}

fn queued_of(key: Key) -> u32 {
    QUEUED_END - 1 - (key & ((1 << TRANSMIT_SHIFT) - 1))
}

/// Sorts `v` in ascending order. A heapsort of a few hundred bytes: renumbering happens once
/// every 2^24 queued updates, and the standard library's sort, specialised at this crate's
/// opt-level, was 8 KB of the page's and the sweep worker's WebAssembly (docs/results.md,
/// "Page size").
fn heapsort(v: &mut [u64]) {
    fn sift_down(v: &mut [u64], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child] < v[child + 1] {
                child += 1;
            }
            if v[root] >= v[child] {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// A pending update: its order and its member.
type Pending = (Key, NodeId);

/// The dissemination buffer of one node.
#[derive(Clone, Debug, Default)]
pub struct Dissemination {
    /// Min-heap of the pending updates' keys.
    keys: Vec<Key>,
    /// The member of each key, side by side with `keys`.
    members: Ids,
    /// By member: the heap index of its pending update; empty (no index) while the heap is
    /// small (see [`INDEX_FROM`]).
    position: Index,
    /// The pending updates that are not their member's table entry, sorted by member.
    odd: Vec<Update>,
    /// Updates taken for the message being built (reused).
    taken: Vec<Pending>,
    /// Next queueing number.
    clock: u32,
}

impl Dissemination {
    /// Number of pending updates (including any that a shrunken limit has not dropped yet).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Queues `update` with zero transmissions, replacing any pending update about the same
    /// member. `known` is the table's entry for the member now, and must stay so while the
    /// update is pending unless another about the member is queued.
    pub fn queue(&mut self, update: Update, known: Member) {
        let member = update.member;
        let plain = update.from == NO_ACCUSER
            && update.kind.status() == known.status
            && update.incarnation == known.incarnation;
        match self.odd.binary_search_by_key(&member, |u| u.member) {
            Ok(at) if plain => {
                self.odd.remove(at);
            }
            Ok(at) => self.odd[at] = update,
            Err(_) if plain => {}
            Err(at) => self.odd.insert(at, update),
        }
        if self.clock == QUEUED_END {
            self.renumber();
        }
        if self.indexed() {
            self.position.grow(member as usize + 1);
            if self.position.wide.is_empty() && self.len() + 1 >= NARROW_END {
                self.position.widen();
            }
        }
        let pending = (key(0, self.clock), member);
        self.clock += 1;
        // The new entry comes before any other, so it only ever moves up.
        let at = match self.find(member) {
            None => {
                push_snug(&mut self.keys, pending.0);
                self.members.push(member);
                self.len() - 1
            }
            Some(at) => {
                self.keys[at] = pending.0;
                at
            }
        };
        self.sift_up(at);
        if !self.indexed() && self.len() >= INDEX_FROM {
            self.build_index();
        }
    }

    /// Numbers the pending updates again from 0, in the order they were queued: the heap
    /// order stays the same, so the heap and the index stay valid.
    fn renumber(&mut self) {
        // Queueing number above, heap index below: sorted, they are the heap in age order.
        let mut by_age: Vec<u64> = self
            .keys
            .iter()
            .enumerate()
            .map(|(at, &k)| (u64::from(queued_of(k)) << 32) | at as u64)
            .collect();
        heapsort(&mut by_age);
        for (queued, &packed) in by_age.iter().enumerate() {
            let at = (packed & u64::from(u32::MAX)) as usize;
            self.keys[at] = key(transmits_of(self.keys[at]), queued as u32);
        }
        self.clock = by_age.len() as u32;
        debug_assert!(self.clock < QUEUED_END / 2);
    }

    /// Whether members' heap positions are kept in `position`.
    fn indexed(&self) -> bool {
        !self.position.is_empty()
    }

    /// The heap index of the pending update about `member`, if any.
    fn find(&self, member: NodeId) -> Option<usize> {
        if self.indexed() {
            self.position.get(member)
        } else {
            self.members.position(member)
        }
    }

    fn build_index(&mut self) {
        let len = (0..self.len())
            .map(|at| self.members.at(at) as usize + 1)
            .max();
        self.position.grow(len.unwrap_or(0));
        for at in 0..self.len() {
            self.position.set(self.members.at(at), at);
        }
    }

    /// The pending update about `member`: its entry in `table`, unless it is listed in
    /// `odd`.
    fn update_of(&self, member: NodeId, table: &MemberTable) -> Update {
        if !self.odd.is_empty()
            && let Ok(at) = self.odd.binary_search_by_key(&member, |u| u.member)
        {
            return self.odd[at];
        }
        let known = table.get(member);
        Update {
            member,
            kind: UpdateKind::from_status(known.status).unwrap_or(UpdateKind::Alive),
            incarnation: known.incarnation,
            from: NO_ACCUSER,
        }
    }

    /// Forgets the pending update about `member`, popped or taken.
    fn drop_update(&mut self, member: NodeId) {
        if !self.odd.is_empty()
            && let Ok(at) = self.odd.binary_search_by_key(&member, |u| u.member)
        {
            self.odd.remove(at);
        }
    }

    /// Appends to `out` up to `max` updates, fewest transmissions first and most recent first
    /// among equals, counts one transmission for each, and drops those that reach `limit`
    /// (and any met on the way that a shrunken limit has made spent). `table` is the node's
    /// membership table, which holds what most pending updates say.
    pub fn select(&mut self, max: usize, limit: u32, table: &MemberTable, out: &mut Vec<Update>) {
        let mut taken = core::mem::take(&mut self.taken);
        while taken.len() < max {
            let Some((k, member)) = self.pop() else {
                break;
            };
            if transmits_of(k) >= limit {
                self.drop_update(member);
                continue;
            }
            out.push(self.update_of(member, table));
            taken.push((k + (1 << TRANSMIT_SHIFT), member));
        }
        // Put back only now, so that one message never carries an update twice.
        for (k, member) in taken.drain(..) {
            if transmits_of(k) < limit {
                self.push((k, member));
            } else {
                self.drop_update(member);
            }
        }
        self.taken = taken;
        if self.keys.is_empty() && self.indexed() {
            self.position = Index::default();
        }
        debug_assert!(!self.keys.is_empty() || self.odd.is_empty());
    }

    /// How many times the pending update about `member` has been sent, if one is pending.
    #[cfg(test)]
    pub fn transmits_of(&self, member: NodeId) -> Option<u32> {
        let at = if self.indexed() && member as usize >= self.position.len() {
            None
        } else {
            self.find(member)
        };
        at.map(|at| transmits_of(self.keys[at]))
    }

    fn at(&self, at: usize) -> Pending {
        (self.keys[at], self.members.at(at))
    }

    fn push(&mut self, (k, member): Pending) {
        push_snug(&mut self.keys, k);
        self.members.push(member);
        self.sift_up(self.len() - 1);
    }

    fn pop(&mut self) -> Option<Pending> {
        let last = (self.keys.pop()?, self.members.pop()?);
        let first = if self.keys.is_empty() {
            last
        } else {
            let first = self.at(0);
            self.keys[0] = last.0;
            self.members.set(0, last.1);
            self.sift_down(0);
            first
        };
        if self.indexed() {
            self.position.clear(first.1);
        }
        Some(first)
    }

    fn sift_up(&mut self, at: usize) {
        let index = self.indexed().then_some(&mut self.position);
        match &mut self.members {
            Ids::Narrow(members) => sift_up(&mut self.keys, members, index, at),
            Ids::Wide(members) => sift_up(&mut self.keys, members, index, at),
        }
    }

    fn sift_down(&mut self, at: usize) {
        let index = self.indexed().then_some(&mut self.position);
        match &mut self.members {
            Ids::Narrow(members) => sift_down(&mut self.keys, members, index, at),
            Ids::Wide(members) => sift_down(&mut self.keys, members, index, at),
        }
    }
}

/// A member id as the heap stores it: two bytes or four (see [`Ids`]). The sifts are written
/// once for each, so that the loops do not ask which at every step.
trait HeapId: Copy {
    fn id(self) -> NodeId;
}

impl HeapId for u16 {
    fn id(self) -> NodeId {
        NodeId::from(self)
    }
}

impl HeapId for NodeId {
    fn id(self) -> NodeId {
        self
    }
}

/// Moves the entry at `at` up to its place in the heap of `keys` (`members` side by side),
/// recording positions in `index` if there is one.
fn sift_up<M: HeapId>(
    keys: &mut [Key],
    members: &mut [M],
    mut index: Option<&mut Index>,
    mut at: usize,
) {
    let (key, member) = (keys[at], members[at]);
    while at > 0 {
        let parent = (at - 1) / ARITY;
        if key >= keys[parent] {
            break;
        }
        place(keys, members, &mut index, at, keys[parent], members[parent]);
        at = parent;
    }
    place(keys, members, &mut index, at, key, member);
}

/// Moves the entry at `at` down to its place in the heap of `keys` (see [`sift_up`]).
fn sift_down<M: HeapId>(
    keys: &mut [Key],
    members: &mut [M],
    mut index: Option<&mut Index>,
    mut at: usize,
) {
    let (key, member) = (keys[at], members[at]);
    let len = keys.len();
    loop {
        let first = ARITY * at + 1;
        if first >= len {
            break;
        }
        let mut child = first;
        for other in first + 1..(first + ARITY).min(len) {
            if keys[other] < keys[child] {
                child = other;
            }
        }
        if keys[child] >= key {
            break;
        }
        place(keys, members, &mut index, at, keys[child], members[child]);
        at = child;
    }
    place(keys, members, &mut index, at, key, member);
}

/// Stores an entry at heap index `at` and records its position.
#[inline(always)]
fn place<M: HeapId>(
    keys: &mut [Key],
    members: &mut [M],
    index: &mut Option<&mut Index>,
    at: usize,
    key: Key,
    member: M,
) {
    if let Some(index) = index {
        index.set(member.id(), at);
    }
    keys[at] = key;
    members[at] = member;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::NodeId;
    use alloc::vec;

    /// A buffer with the table it reads pending updates back from: queueing an update sets
    /// the table first, as the node does, unless the update names an accuser.
    #[derive(Default)]
    struct Buffer {
        buffer: Dissemination,
        table: MemberTable,
    }

    impl Buffer {
        fn queue(&mut self, update: Update) {
            if update.from == NO_ACCUSER {
                let status = update.kind.status();
                self.table.set(update.member, status, update.incarnation, 0);
            }
            let known = self.table.get(update.member);
            self.buffer.queue(update, known);
        }

        fn select(&mut self, max: usize, limit: u32, out: &mut Vec<Update>) {
            self.buffer.select(max, limit, &self.table, out);
        }

        fn len(&self) -> usize {
            self.buffer.len()
        }

        fn transmits_of(&self, member: NodeId) -> Option<u32> {
            self.buffer.transmits_of(member)
        }

        fn indexed(&self) -> bool {
            self.buffer.indexed()
        }
    }

    fn alive(member: NodeId, incarnation: u32) -> Update {
        Update {
            member,
            kind: UpdateKind::Alive,
            incarnation,
            from: NO_ACCUSER,
        }
    }

    #[test]
    fn heapsort_sorts_like_the_standard_library() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for n in [0usize, 1, 2, 3, 7, 64, 257] {
            let v: Vec<u64> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x % 50
                })
                .collect();
            let mut ours = v.clone();
            heapsort(&mut ours);
            let mut theirs = v;
            theirs.sort_unstable();
            assert_eq!(ours, theirs, "{n} elements");
        }
    }

    fn members(updates: &[Update]) -> Vec<NodeId> {
        let mut ids: Vec<NodeId> = updates.iter().map(|u| u.member).collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn retransmit_limit_is_lambda_times_ceil_log10_of_n_plus_one() {
        assert_eq!(retransmit_limit(4, 1), 4);
        assert_eq!(retransmit_limit(4, 9), 4);
        assert_eq!(retransmit_limit(4, 10), 8);
        assert_eq!(retransmit_limit(4, 99), 8);
        assert_eq!(retransmit_limit(4, 100), 12);
        assert_eq!(retransmit_limit(3, 1000), 12);
    }

    #[test]
    fn updates_are_retransmitted_at_most_the_limit() {
        let mut buffer = Buffer::default();
        buffer.queue(alive(1, 0));
        let mut sent = 0;
        for _ in 0..20 {
            let mut out = Vec::new();
            buffer.select(8, 5, &mut out);
            sent += out.len();
        }
        assert_eq!(sent, 5);
        assert_eq!(buffer.len(), 0);
    }

    #[test]
    fn piggyback_prefers_least_transmitted() {
        let mut buffer = Buffer::default();
        for member in 0..3 {
            buffer.queue(alive(member, 0));
        }
        let mut out = Vec::new();
        buffer.select(3, 10, &mut out); // 0, 1, 2 now sent once
        buffer.queue(alive(3, 0));
        buffer.queue(alive(4, 0));
        out.clear();
        buffer.select(3, 10, &mut out);
        // 3 and 4 (never sent) first, then the most recently queued of the rest.
        assert_eq!(members(&out), vec![2, 3, 4]);
        assert_eq!(buffer.transmits_of(2), Some(2));
        assert_eq!(buffer.transmits_of(0), Some(1));
        // All of 0, 1, 3, 4 were sent once now: the most recently queued go first.
        out.clear();
        buffer.select(2, 10, &mut out);
        assert_eq!(members(&out), vec![3, 4]);
        out.clear();
        buffer.select(2, 10, &mut out);
        assert_eq!(members(&out), vec![0, 1]);
    }

    #[test]
    fn newer_update_replaces_older_and_resets_its_count() {
        let mut buffer = Buffer::default();
        buffer.queue(alive(7, 0));
        let mut out = Vec::new();
        buffer.select(1, 10, &mut out);
        assert_eq!(buffer.transmits_of(7), Some(1));
        buffer.queue(alive(7, 1));
        assert_eq!(buffer.len(), 1);
        assert_eq!(buffer.transmits_of(7), Some(0));
        out.clear();
        buffer.select(8, 10, &mut out);
        assert_eq!(out, vec![alive(7, 1)]);
    }

    #[test]
    fn a_shrinking_limit_drops_updates_sent_often_enough() {
        let mut buffer = Buffer::default();
        buffer.queue(alive(1, 0));
        let mut out = Vec::new();
        for _ in 0..3 {
            buffer.select(1, 8, &mut out);
        }
        buffer.queue(alive(2, 0));
        out.clear();
        buffer.select(8, 2, &mut out);
        assert_eq!(out, vec![alive(2, 0)]);
        assert_eq!(buffer.transmits_of(1), None);
        assert_eq!(buffer.len(), 1);
    }

    #[test]
    fn a_large_buffer_keeps_an_index_and_drops_it_when_empty() {
        let mut buffer = Buffer::default();
        for member in 0..100 {
            buffer.queue(alive(member, 0));
        }
        assert!(buffer.indexed());
        buffer.queue(alive(40, 1));
        assert_eq!((buffer.len(), buffer.transmits_of(40)), (100, Some(0)));
        let mut out = Vec::new();
        buffer.select(1, 10, &mut out);
        assert_eq!(out, vec![alive(40, 1)]);
        assert_eq!(buffer.transmits_of(40), Some(1));
        for _ in 0..10 {
            buffer.select(100, 10, &mut out);
        }
        assert_eq!(buffer.len(), 0);
        assert!(!buffer.indexed());
        buffer.queue(alive(7, 0));
        assert_eq!(buffer.transmits_of(7), Some(0));
    }

    /// A straightforward model: sort everything by (transmissions, newest first). Like the
    /// buffer, it drops updates made spent by a shrunken limit only when it walks past them.
    #[derive(Default)]
    struct Model {
        pending: Vec<(Update, u32, u64)>,
        clock: u64,
    }

    impl Model {
        fn queue(&mut self, update: Update) {
            self.pending.retain(|p| p.0.member != update.member);
            self.pending.push((update, 0, self.clock));
            self.clock += 1;
        }

        /// Walks in order, dropping spent updates met on the way, until `max` are taken.
        fn select(&mut self, max: usize, limit: u32) -> Vec<Update> {
            self.pending.sort_by_key(|p| (p.1, core::cmp::Reverse(p.2)));
            let mut out = Vec::new();
            let mut kept = Vec::new();
            for mut p in self.pending.drain(..) {
                if out.len() == max {
                    kept.push(p);
                } else if p.1 < limit {
                    out.push(p.0);
                    p.1 += 1;
                    if p.1 < limit {
                        kept.push(p);
                    }
                }
            }
            self.pending = kept;
            out
        }
    }

    #[derive(Clone, Debug)]
    enum Op {
        Queue(Update),
        Select(usize, u32),
    }

    /// Mostly updates the table holds, now and then one it does not (a suspicion naming its
    /// accuser, or a `Left` the table does not show).
    fn any_update() -> impl Strategy<Value = Update> {
        let kinds = [
            UpdateKind::Alive,
            UpdateKind::Suspect,
            UpdateKind::Dead,
            UpdateKind::Left,
        ];
        (0..60u32, 0..4usize, 0..100u32, 0..8u32).prop_map(move |(member, kind, inc, odd)| {
            // One member beyond two bytes, so that the heap's member ids widen now and then.
            let member = if member == 59 { 100_000 } else { member };
            Update {
                member,
                kind: kinds[kind],
                incarnation: inc,
                from: if odd == 0 { member + 1 } else { NO_ACCUSER },
            }
        })
    }

    fn any_op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => any_update().prop_map(Op::Queue),
            2 => (1..6usize, 1..6u32).prop_map(|(max, limit)| Op::Select(max, limit)),
        ]
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn selection_matches_sorting_the_whole_buffer(ops in proptest::collection::vec(any_op(), 0..400)) {
            let mut buffer = Buffer::default();
            let mut model = Model::default();
            for op in ops {
                match op {
                    Op::Queue(update) => {
                        buffer.queue(update);
                        model.queue(update);
                    }
                    Op::Select(max, limit) => {
                        let mut out = Vec::new();
                        buffer.select(max, limit, &mut out);
                        prop_assert_eq!(out, model.select(max, limit));
                    }
                }
                prop_assert_eq!(buffer.len(), model.pending.len());
                prop_assert_eq!(buffer.buffer.odd.len(), model.pending.iter().filter(|p| {
                    let known = buffer.table.get(p.0.member);
                    p.0.from != NO_ACCUSER || p.0.kind.status() != known.status
                        || p.0.incarnation != known.incarnation
                }).count());
            }
        }
    }
}
