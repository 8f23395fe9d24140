//! Parked timers: the timers a protocol may hold very many of at once (SWIM's suspicion
//! timeouts, one per suspect per observer: `n²/2` after a partition into halves), kept per node
//! in a compact heap instead of the event queue (whose entries are as large as the largest
//! event, a message).
//!
//! Each parked timer keeps the `(time, order)` key the queue would have given it. The queue
//! holds a *proxy* for the earliest parked timer of each node, under that timer's own key, so
//! the proxy comes due exactly where the timer itself would have: same time, same place among
//! simultaneous events, and one event processed per timer. A proxy is queued when a timer is
//! parked ahead of every other of its node, and, when a proxy comes due, for the node's next
//! timer if that one has none yet. So the earliest parked timer of a node always has a proxy,
//! no timer has two, and a proxy coming due always finds its own timer first in its node's
//! heap. The queue holds one proxy per node with parked timers, plus (rarely) those of timers
//! that were a node's earliest once and have since been overtaken by an earlier one.

use gossip_protocol::{Micros, NodeId};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// This bit of a parked timer's `order` marks a timer whose proxy is queued: below the top bit
/// (the engine's protocol class, set in every timer's order) and far above any sequence
/// number a run reaches.
const PROXIED: u64 = 1 << 62;

/// A heap shrinks its buffer to twice its length once it holds under a quarter of it (and
/// more than this many entries' worth): a node's suspicions come and go in waves.
const SHRINK_FROM: usize = 64;

/// Fewest entries a node's heap grows by.
const GROW_MIN: usize = 4;

/// A timer's queue key: its time and order.
pub(crate) type Key = (Micros, u64);

/// One parked timer: 32 bytes for a SWIM timer (a queue entry takes 80).
#[derive(Clone, Debug)]
struct Entry<T> {
    at: Micros,
    /// The queue order it was given, with [`PROXIED`] marking a queued proxy.
    order: u64,
    /// The life of the node that set it.
    life: u32,
    timer: T,
}

impl<T> Entry<T> {
    fn key(&self) -> Key {
        (self.at, self.order & !PROXIED)
    }
}

impl<T> Ord for Entry<T> {
    // Reversed: `BinaryHeap` is a max-heap and the earliest timer must come out first.
    fn cmp(&self, o: &Self) -> Ordering {
        o.key().cmp(&self.key())
    }
}

impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, o: &Self) -> bool {
        self.key() == o.key()
    }
}

impl<T> Eq for Entry<T> {}

/// The parked timers of every node, by node id.
#[derive(Clone, Debug)]
pub(crate) struct Parked<T> {
    nodes: Vec<BinaryHeap<Entry<T>>>,
    len: usize,
}

impl<T> Default for Parked<T> {
    fn default() -> Self {
        Parked {
            nodes: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Parked<T> {
    /// Parks `timer`, set by `node` in life `life`, due at `at` with queue order `order`. True
    /// if it is now the node's earliest: the caller queues a proxy for it under `(at, order)`.
    pub fn park(&mut self, node: NodeId, at: Micros, order: u64, life: u32, timer: T) -> bool {
        debug_assert_eq!(order & PROXIED, 0, "sequence numbers stay below 2^62");
        let id = node as usize;
        if self.nodes.len() <= id {
            self.nodes.resize_with(id + 1, BinaryHeap::new);
        }
        let heap = &mut self.nodes[id];
        if heap.len() == heap.capacity() {
            // Grown by an eighth, not doubled: after a partition every node parks a timeout
            // for each member of the other side at once, and doubling left a third of these
            // heaps' memory unused (85 MB of them for 64 MB of timers at 2,000 members).
            heap.reserve_exact((heap.len() / 8).max(GROW_MIN));
        }
        let first = heap.peek().is_none_or(|top| (at, order) < top.key());
        heap.push(Entry {
            at,
            order: if first { order | PROXIED } else { order },
            life,
            timer,
        });
        self.len += 1;
        first
    }

    /// A proxy of `node` came due: takes the node's earliest timer (the proxy's own) and
    /// returns its life and value, and the key to queue a proxy under for the next one if it
    /// has none yet.
    pub fn take(&mut self, node: NodeId) -> Option<(u32, T, Option<Key>)> {
        let heap = self.nodes.get_mut(node as usize)?;
        let entry = heap.pop()?;
        self.len -= 1;
        let next = match heap.peek_mut() {
            Some(mut top) if top.order & PROXIED == 0 => {
                top.order |= PROXIED;
                Some(top.key())
            }
            _ => None,
        };
        if heap.capacity() > SHRINK_FROM && heap.len() < heap.capacity() / 4 {
            heap.shrink_to(heap.len() * 2);
        }
        Some((entry.life, entry.timer, next))
    }

    /// The life and value of `node`'s earliest parked timer (what its proxy will fire).
    pub fn peek(&self, node: NodeId) -> Option<(u32, &T)> {
        let top = self.nodes.get(node as usize)?.peek()?;
        Some((top.life, &top.timer))
    }

    /// `node`'s parked timers, in no particular order: due time, life and value of each.
    pub fn of(&self, node: NodeId) -> impl Iterator<Item = (Micros, u32, &T)> {
        self.nodes
            .get(node as usize)
            .into_iter()
            .flat_map(|heap| heap.iter().map(|e| (e.at, e.life, &e.timer)))
    }

    /// How many timers are parked.
    pub fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::EventQueue;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Ev {
        Plain(u64),
        Proxy(NodeId),
    }

    /// Pops the next event; a proxy fires its parked timer (and queues the next proxy).
    fn pop(q: &mut EventQueue<Ev>, parked: &mut Parked<u64>) -> Option<(Micros, u64)> {
        q.pop().map(|(at, ev)| match ev {
            Ev::Plain(o) => (at, o),
            Ev::Proxy(n) => {
                let (_, o, next) = parked.take(n).expect("a proxy finds its timer");
                if let Some((at, order)) = next {
                    q.push(at, order, Ev::Proxy(n));
                }
                (at, o)
            }
        })
    }

    proptest! {
        /// Timers parked behind proxies come out in exactly the order they would have as
        /// queue events of their own, among other events at the same instants.
        #[test]
        fn parked_timers_fire_where_their_own_events_would_have(
            ops in proptest::collection::vec((0u64..6_000_000, 0u8..6, 0u32..4), 1..400)
        ) {
            let mut q = EventQueue::default();
            let mut parked = Parked::default();
            let mut model = BinaryHeap::new();
            let mut now = 0;
            for (i, (delay, op, node)) in ops.into_iter().enumerate() {
                let order = i as u64;
                if op == 0 {
                    let got = pop(&mut q, &mut parked);
                    prop_assert_eq!(got, model.pop().map(|std::cmp::Reverse(k)| k));
                    if let Some((at, _)) = got {
                        now = at;
                    }
                } else {
                    // Some at `now` itself, many at the same few instants, some far.
                    let at = now + match op { 1 => 0, 2 | 3 => delay % 3 * 1000, _ => delay };
                    if op % 2 == 0 {
                        q.push(at, order, Ev::Plain(order));
                    } else if parked.park(node, at, order, 0, order) {
                        q.push(at, order, Ev::Proxy(node));
                    }
                    model.push(std::cmp::Reverse((at, order)));
                }
            }
            while let Some(std::cmp::Reverse(want)) = model.pop() {
                prop_assert_eq!(pop(&mut q, &mut parked), Some(want));
            }
            prop_assert_eq!(pop(&mut q, &mut parked), None);
            prop_assert_eq!(parked.len(), 0);
        }
    }
}
