//! The event queue: a calendar queue of events ordered by `(time, order)`.
//!
//! Time is cut into buckets of about four milliseconds; a ring of 1024 of them covers the next
//! four seconds, where almost every event lands (latencies, acks, periods). Pushing into the
//! ring is an append. When the clock reaches a bucket, its vector becomes the *run*: the events
//! stay where they were pushed and the indices of the run are sorted latest first, so that
//! popping in exact `(time, order)` order takes the last index (an event pushed into the bucket
//! being run, which is rare, has its index inserted in order). Events beyond the ring wait in an
//! overflow heap and move into the ring as it turns. So the order is exactly that of one binary
//! heap over every pending event, but a pop moves no other event, and each bucket is written
//! sequentially. Sorting 4-byte keys (by a radix sort in a large bucket) instead of the 80-byte
//! events themselves took SWIM at 10,000 members from about 6.2 to 7.8 million message events a
//! second (the sort had been a fifth of the run's time). A spent run's buffer is reused by the
//! next bucket to get its first event, so that pushes write into memory that is still in the
//! cache.

use gossip_protocol::Micros;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// log2 of the bucket width in µs: about four milliseconds (wider buckets make a larger run;
/// narrower ones a ring whose bucket headers no longer stay in the cache).
const BUCKET_BITS: u32 = 12;
/// Bucket width, µs.
#[cfg(test)]
const BUCKET_US: Micros = 1 << BUCKET_BITS;
/// Buckets in the ring (a power of two): 1024 buckets of 4.096 ms cover 4.2 s.
const BUCKETS: usize = 1024;
const WORDS: usize = BUCKETS / 64;
/// Largest spent run buffer (in events) kept for reuse: the ring and its pool then hold at
/// most about `BUCKETS * REUSED_BUFFER_MAX` idle slots (1024 × 256 × 80 bytes = 21 MB for
/// SWIM) beyond the events actually pending. Ordinary loads fill a bucket with a few dozen events and never allocate.
const REUSED_BUFFER_MAX: usize = 256;

#[derive(Clone, Debug)]
struct Item<T> {
    at: Micros,
    /// Ties at the same instant go in increasing `order` (unique per event).
    order: u64,
    event: T,
}

impl<T> Item<T> {
    fn bucket(&self) -> u64 {
        self.at >> BUCKET_BITS
    }
}

impl<T> Ord for Item<T> {
    // Reversed: `BinaryHeap` is a max-heap and the earliest event must come out first.
    fn cmp(&self, o: &Self) -> Ordering {
        (o.at, o.order).cmp(&(self.at, self.order))
    }
}

impl<T> PartialOrd for Item<T> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl<T> PartialEq for Item<T> {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.order) == (o.at, o.order)
    }
}

impl<T> Eq for Item<T> {}

/// Events of type `T`, popped earliest first and, at the same time, lowest `order` first.
/// Times pushed must not be earlier than the last one popped.
#[derive(Clone, Debug)]
pub(crate) struct EventQueue<T> {
    /// The events of bucket `current`, in the order they were pushed; `None` once popped.
    run: Vec<Option<Item<T>>>,
    /// Indices in `run` of its pending events, latest first: the next one is last.
    next: Vec<u32>,
    /// Scratch space for sorting the run (kept to reuse their allocations).
    keys: Vec<u128>,
    scratch: Vec<u32>,
    /// Bucket number (`at >> BUCKET_BITS`) of the run. No event earlier than this bucket is
    /// ever pushed (see [`EventQueue::advance`]).
    current: u64,
    /// Events of buckets `current + 1 ..= current + BUCKETS`, at `bucket % BUCKETS`, unsorted
    /// (each `Some`).
    ring: Vec<Vec<Option<Item<T>>>>,
    /// Which ring slots hold events.
    occupied: [u64; WORDS],
    /// Events in the ring.
    in_ring: usize,
    /// Events of later buckets.
    overflow: BinaryHeap<Item<T>>,
    /// Spent run buffers, the most recently spent last. A bucket that gets its first event
    /// takes the last one, so that it writes into memory the run has just read, still in the
    /// cache, rather than into a buffer last used a whole turn of the ring ago (at 10,000 SWIM
    /// members, filling a buffer gone cold cost a cache miss on nearly every push: 16% of the
    /// run's time).
    pool: Vec<Vec<Option<Item<T>>>>,
}

/// Bits of a run index in a [`narrow_key`].
const INDEX_BITS: u32 = 32 - BUCKET_BITS;

/// Sort key of the event at `at` in the run at `index` when the run's `order`s increase with
/// the index: the time within the bucket (every event of the run is in one bucket) above the
/// index, so that keys order exactly as `(at, order)`.
fn narrow_key(at: Micros, index: usize) -> u32 {
    ((at as u32 & ((1 << BUCKET_BITS) - 1)) << INDEX_BITS) | index as u32
}

/// Buckets with fewer events than this are sorted by comparisons, more by [`radix_sort_time`]
/// (whose fixed cost, two 64-entry counts, is more than a small sort's).
const RADIX_FROM: usize = 64;

/// Sorts [`narrow_key`]s that are in increasing index order by their time, keeping that order
/// among equal times (so by the whole key): two passes of a stable counting sort on six bits
/// of the time each, linear in the number of keys.
fn radix_sort_time(keys: &mut Vec<u32>, scratch: &mut Vec<u32>) {
    const DIGIT: u32 = BUCKET_BITS / 2;
    for shift in [INDEX_BITS, INDEX_BITS + DIGIT] {
        let digit = |k: u32| ((k >> shift) & ((1 << DIGIT) - 1)) as usize;
        let mut start = [0u32; 1 << DIGIT];
        for &k in keys.iter() {
            start[digit(k)] += 1;
        }
        let mut sum = 0;
        for s in start.iter_mut() {
            (*s, sum) = (sum, sum + *s);
        }
        scratch.clear();
        scratch.resize(keys.len(), 0);
        for &k in keys.iter() {
            let s = &mut start[digit(k)];
            scratch[*s as usize] = k;
            *s += 1;
        }
        std::mem::swap(keys, scratch);
    }
}

/// Sort key of the event at `at` with tie-breaker `order` at `index` in the run, for any
/// orders: ordered exactly as `(at, order)`.
fn wide_key(at: Micros, order: u64, index: usize) -> u128 {
    (u128::from(at & ((1 << BUCKET_BITS) - 1)) << 96) | (u128::from(order) << 32) | index as u128
}

impl<T> Default for EventQueue<T> {
    fn default() -> Self {
        EventQueue {
            run: Vec::new(),
            next: Vec::new(),
            keys: Vec::new(),
            scratch: Vec::new(),
            current: 0,
            ring: (0..BUCKETS).map(|_| Vec::new()).collect(),
            occupied: [0; WORDS],
            in_ring: 0,
            overflow: BinaryHeap::new(),
            pool: Vec::new(),
        }
    }
}

impl<T> EventQueue<T> {
    /// Schedules `event` at `at`; `order` breaks ties and must be unique.
    pub fn push(&mut self, at: Micros, order: u64, event: T) {
        self.insert(Item { at, order, event });
    }

    fn insert(&mut self, item: Item<T>) {
        let bucket = item.bucket();
        debug_assert!(
            bucket >= self.current,
            "an event pushed before the run's bucket"
        );
        if bucket <= self.current {
            // An event for the bucket being run is rare: its index goes in order.
            let run = &self.run;
            let at = self.next.partition_point(|&k| {
                run[k as usize]
                    .as_ref()
                    .is_some_and(|x| (x.at, x.order) > (item.at, item.order))
            });
            self.next.insert(at, self.run.len() as u32);
            self.run.push(Some(item));
        } else if bucket - self.current <= BUCKETS as u64 {
            let i = bucket as usize % BUCKETS;
            if self.ring[i].capacity() == 0
                && let Some(buffer) = self.pool.pop()
            {
                self.ring[i] = buffer;
            }
            self.ring[i].push(Some(item));
            self.occupied[i / 64] |= 1 << (i % 64);
            self.in_ring += 1;
        } else {
            self.overflow.push(item);
        }
    }

    /// The ring slot of the first occupied bucket after `current`, if any.
    fn next_occupied(&self) -> Option<usize> {
        if self.in_ring == 0 {
            return None;
        }
        let start = (self.current as usize + 1) % BUCKETS;
        let (word, bit) = (start / 64, start % 64);
        let first = self.occupied[word] & (!0u64 << bit);
        if first != 0 {
            return Some(word * 64 + first.trailing_zeros() as usize);
        }
        (1..=WORDS).find_map(|k| {
            let w = (word + k) % WORDS;
            let bits = if w == word {
                self.occupied[w] & !(!0u64 << bit)
            } else {
                self.occupied[w]
            };
            (bits != 0).then(|| w * 64 + bits.trailing_zeros() as usize)
        })
    }

    /// Moves the next non-empty bucket into the run (and the overflow events that now fit the
    /// ring into it), if it starts no later than `t`. False if nothing is pending by then.
    /// Called only when the run is empty. Not moving past `t` keeps every later push (the
    /// clock goes no further than `t`) in the run's bucket or after it.
    fn advance(&mut self, t: Micros) -> bool {
        debug_assert!(self.next.is_empty());
        let overflow_bucket = self.overflow.peek().map(Item::bucket);
        let ring_bucket = self.next_occupied().map(|i| {
            let ahead = (i + BUCKETS - self.current as usize % BUCKETS) % BUCKETS;
            self.current + if ahead == 0 { BUCKETS } else { ahead } as u64
        });
        let next = match (ring_bucket, overflow_bucket) {
            (None, None) => return false,
            (Some(r), Some(o)) => r.min(o),
            (Some(b), None) | (None, Some(b)) => b,
        };
        if next > t >> BUCKET_BITS {
            return false;
        }
        self.current = next;
        let i = self.current as usize % BUCKETS;
        if self.occupied[i / 64] & (1 << (i % 64)) != 0 {
            self.occupied[i / 64] &= !(1 << (i % 64));
            self.in_ring -= self.ring[i].len();
            // The run is empty here: the bucket's vector becomes the run, sorted in place,
            // and the run's spent buffer goes to the pool for reuse if it is small. A large one
            // is freed: kept, it would leave every one of the 1024 slots as large as the
            // busiest bucket, so memory would grow with the event rate times the ring's 4.2 s
            // instead of with the pending events (11.7 GB for 5000 SWIM members with a 10 ms
            // period).
            let items = std::mem::take(&mut self.ring[i]);
            self.sort_run(&items);
            let mut spent = std::mem::replace(&mut self.run, items);
            spent.clear();
            if spent.capacity() > 0 && spent.capacity() <= REUSED_BUFFER_MAX {
                self.pool.push(spent);
            }
        }
        while self
            .overflow
            .peek()
            .is_some_and(|item| item.bucket() - self.current <= BUCKETS as u64)
        {
            if let Some(item) = self.overflow.pop() {
                self.insert(item);
            }
        }
        true
    }

    /// Fills `next` with the indices of `items` (one bucket's events, each `Some`), latest
    /// first. The events stay where they were pushed and only 4-byte keys are sorted: at
    /// 10,000 SWIM members a bucket holds about 160 events of 80 bytes, and sorting the events
    /// themselves took a fifth of the run's time. Events are mostly pushed in increasing
    /// `order` (it counts the pushes), and then the time within the bucket and the index make
    /// a key of 32 bits; otherwise (a timer back from the overflow or the parked heap among
    /// later pushes) the key holds the order too.
    fn sort_run(&mut self, items: &[Option<Item<T>>]) {
        let mut last = None;
        let narrow = items.len() < 1 << INDEX_BITS
            && items.iter().all(|x| {
                let order = x.as_ref().map(|x| x.order);
                let increasing = order > last;
                last = order;
                increasing
            });
        if narrow {
            self.next.extend(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, x)| Some(narrow_key(x.as_ref()?.at, index))),
            );
            if self.next.len() < RADIX_FROM {
                self.next.sort_unstable();
            } else {
                radix_sort_time(&mut self.next, &mut self.scratch);
            }
            self.next.reverse();
            let mask = (1 << INDEX_BITS) - 1;
            self.next.iter_mut().for_each(|k| *k &= mask);
        } else {
            self.keys
                .extend(items.iter().enumerate().filter_map(|(index, x)| {
                    let x = x.as_ref()?;
                    Some(wide_key(x.at, x.order, index))
                }));
            self.keys.sort_unstable_by(|a, b| b.cmp(a));
            self.next.extend(self.keys.drain(..).map(|k| k as u32));
        }
    }

    /// Removes and returns the next event and its time, if it is due at or before `t`.
    pub fn pop_until(&mut self, t: Micros) -> Option<(Micros, T)> {
        while self.next.is_empty() {
            if !self.advance(t) {
                return None;
            }
        }
        let index = *self.next.last()? as usize;
        if self.run[index].as_ref()?.at > t {
            return None;
        }
        self.next.pop();
        let item = self.run[index].take()?;
        Some((item.at, item.event))
    }

    /// The next event of the run, if any.
    fn run_next(&self) -> Option<&Item<T>> {
        self.run[*self.next.last()? as usize].as_ref()
    }

    /// Removes and returns the next event and its time.
    pub fn pop(&mut self) -> Option<(Micros, T)> {
        self.pop_until(Micros::MAX)
    }

    /// The event `k` places after the next one, if the current bucket holds it (for
    /// prefetching: no other event is looked at).
    pub fn ahead(&self, k: usize) -> Option<&T> {
        let n = self.next.len();
        let index = *self.next.get(n.checked_sub(k + 1)?)? as usize;
        Some(&self.run[index].as_ref()?.event)
    }

    /// The time of the next event.
    pub fn next_at(&self) -> Option<Micros> {
        if let Some(item) = self.run_next() {
            return Some(item.at);
        }
        let ring = self
            .next_occupied()
            .and_then(|i| self.ring[i].iter().flatten().map(|item| item.at).min());
        let overflow = self.overflow.peek().map(|item| item.at);
        match (ring, overflow) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The next event and its time, without removing it.
    pub fn peek(&self) -> Option<(Micros, &T)> {
        if let Some(item) = self.run_next() {
            return Some((item.at, &item.event));
        }
        let ring = self.next_occupied().and_then(|i| {
            self.ring[i]
                .iter()
                .flatten()
                .min_by_key(|x| (x.at, x.order))
        });
        let best = match (ring, self.overflow.peek()) {
            (Some(a), Some(b)) => Some(if (b.at, b.order) < (a.at, a.order) {
                b
            } else {
                a
            }),
            (a, b) => a.or(b),
        };
        best.map(|item| (item.at, &item.event))
    }

    /// Keeps only the events for which `keep` is true (order of the rest unchanged).
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let run = &mut self.run;
        self.next.retain(|&index| {
            let slot = &mut run[index as usize];
            let kept = slot.as_ref().is_some_and(|x| keep(&x.event));
            if !kept {
                *slot = None;
            }
            kept
        });
        for (i, bucket) in self.ring.iter_mut().enumerate() {
            let before = bucket.len();
            bucket.retain(|x| x.as_ref().is_some_and(|x| keep(&x.event)));
            self.in_ring -= before - bucket.len();
            if bucket.is_empty() {
                self.occupied[i / 64] &= !(1 << (i % 64));
            }
        }
        self.overflow.retain(|x| keep(&x.event));
    }

    /// Every pending event with its time, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (Micros, &T)> {
        self.run
            .iter()
            .chain(self.ring.iter().flatten())
            .flatten()
            .chain(self.overflow.iter())
            .map(|item| (item.at, &item.event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn peek_shows_what_pop_takes_and_retain_drops_only_what_it_is_told() {
        let mut q = EventQueue::default();
        for (i, at) in [9_000_000u64, 5, 40_000, 5, 77].into_iter().enumerate() {
            q.push(at, i as u64, i);
        }
        q.retain(|&e| e != 2);
        let mut out = Vec::new();
        while let Some((at, e)) = q.peek().map(|(a, e)| (a, *e)) {
            assert_eq!(q.pop(), Some((at, e)));
            out.push(e);
        }
        assert_eq!(out, vec![1, 3, 4, 0]);
    }

    #[test]
    fn events_come_out_by_time_then_order() {
        let mut q = EventQueue::default();
        q.push(20, 1, 'c');
        q.push(10, 5, 'b');
        q.push(10, 2, 'a');
        assert_eq!(q.next_at(), Some(10));
        assert_eq!(q.pop(), Some((10, 'a')));
        q.push(15, 3, 'x');
        let rest: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(rest, [(10, 'b'), (15, 'x'), (20, 'c')]);
        assert_eq!(q.iter().count(), 0);
    }

    #[test]
    fn far_events_wait_in_the_overflow_and_come_back_in_order() {
        let mut q = EventQueue::default();
        let far = 3 * BUCKETS as u64 * BUCKET_US;
        q.push(far + 7, 1, "far");
        q.push(far + 7, 0, "far, first");
        q.push(5, 2, "near");
        assert_eq!(q.iter().count(), 3);
        assert_eq!(q.pop_until(4), None);
        assert_eq!(q.pop_until(5), Some((5, "near")));
        assert_eq!(q.next_at(), Some(far + 7));
        assert_eq!(q.pop_until(far), None);
        q.push(far, 9, "pushed after looking ahead");
        let rest: Vec<_> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(rest, ["pushed after looking ahead", "far, first", "far"]);
    }

    #[test]
    fn memory_follows_the_pending_events_not_the_event_rate_times_the_ring() {
        // 2,000 events per bucket, each pushed one bucket ahead and popped a bucket later: about
        // 4,000 pending at any time, 4 million in all, passing through every ring slot twice.
        let mut q = EventQueue::default();
        let per_bucket = 2_000u64;
        let mut order = 0;
        for bucket in 1..=2 * BUCKETS as u64 {
            for k in 0..per_bucket {
                q.push(bucket * BUCKET_US + k % BUCKET_US, order, ());
                order += 1;
            }
            while q
                .pop_until((bucket - 1) * BUCKET_US + BUCKET_US - 1)
                .is_some()
            {}
        }
        let idle: usize = q.ring.iter().chain(&q.pool).map(Vec::capacity).sum();
        assert!(
            idle <= BUCKETS * REUSED_BUFFER_MAX + 4 * per_bucket as usize,
            "{idle} events' worth of buffers held for {} pending",
            q.iter().count()
        );
    }

    /// An event's time and order.
    type Popped = (u64, u64);

    /// The queue under test beside one binary heap over `(time, order)`, the model it must
    /// pop like; events are their own orders.
    #[derive(Default)]
    struct Twin {
        q: EventQueue<u64>,
        model: BinaryHeap<std::cmp::Reverse<(u64, u64)>>,
        /// Time of the last event popped (nothing may be pushed before it).
        now: u64,
    }

    impl Twin {
        fn push(&mut self, at: u64, order: u64) {
            self.q.push(at, order, order);
            self.model.push(std::cmp::Reverse((at, order)));
        }

        /// What the queue popped and what the model says it should have.
        fn pop(&mut self) -> (Option<Popped>, Option<Popped>) {
            let got = self.q.pop();
            if let Some((at, _)) = got {
                self.now = at;
            }
            (got, self.model.pop().map(|r| r.0))
        }
    }

    proptest! {
        /// Crowded buckets (sorted by the radix sort) and orders that do not follow the pushes
        /// (sorted by the wide keys) come out in the order of one binary heap too.
        #[test]
        fn crowded_buckets_and_orders_out_of_push_order_pop_like_one_big_heap(
            ops in proptest::collection::vec((0u64..20_000, any::<u32>(), 0u8..8), 1..3000),
            shuffled in any::<bool>(),
        ) {
            let mut t = Twin::default();
            for (i, (delay, noise, op)) in ops.into_iter().enumerate() {
                if op == 0 {
                    let (got, want) = t.pop();
                    prop_assert_eq!(got, want);
                } else {
                    // Unique orders: in push order, or in an order of their own.
                    let order = if shuffled { u64::from(noise) << 32 | i as u64 } else { i as u64 };
                    t.push(t.now + delay, order);
                }
            }
            loop {
                let (got, want) = t.pop();
                prop_assert_eq!(got, want);
                if got.is_none() {
                    break;
                }
            }
        }

        /// Any interleaving of pushes (never before the last pop) and pops gives exactly the
        /// order of one binary heap over `(time, order)`.
        #[test]
        fn the_calendar_pops_in_the_same_order_as_one_big_heap(
            ops in proptest::collection::vec((0u64..12_000_000, 0u8..4), 1..400)
        ) {
            let mut t = Twin::default();
            for (i, (delay, op)) in ops.into_iter().enumerate() {
                if op == 0 {
                    let (got, want) = t.pop();
                    prop_assert_eq!(got, want);
                } else {
                    // Mostly short delays, some far beyond the ring, some at `now` itself.
                    t.push(t.now + match op { 1 => delay % 3000, 2 => delay, _ => 0 }, i as u64);
                }
                prop_assert_eq!(t.q.next_at(), t.model.peek().map(|r| r.0 .0));
            }
        }
    }
}
