//! Portable seeded randomness: ChaCha8 streams derived from the scenario's seed.
//!
//! ChaCha8 gives the same sequence on every platform (native and wasm32), and draws below are
//! done on `u32`/`u64`, never on platform-sized integers, so a seed replays the same run anywhere.

use gossip_protocol::Random;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// Independent streams, so that (for example) changing the loss rate does not reshuffle the
/// protocol's own random choices.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    /// Random choices made by protocol nodes.
    Protocol = 1,
    /// Latency jitter and loss.
    Network = 2,
    /// Building the mesh topology.
    Topology = 3,
    /// Drawing randomised events (`A~B` times, `?` nodes) before the run starts.
    Workload = 4,
    /// State changes of Gilbert–Elliott bursty loss (so that `burst` does not shift the
    /// network's other draws).
    Burst = 5,
}

/// A seeded generator.
#[derive(Clone, Debug)]
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    /// The generator for `stream` of `seed`.
    pub fn new(seed: u64, stream: Stream) -> Self {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(stream as u64);
        SimRng(r)
    }

    /// The generator for stream number `stream` of `seed` (a recurring event's own stream:
    /// see `engine/recurring.rs`; the named [`Stream`]s are small numbers).
    pub(crate) fn with_stream(seed: u64, stream: u64) -> Self {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(stream);
        SimRng(r)
    }

    /// A uniform `u64`.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform draw in `0..n` without modulo bias (Lemire's method). `n` must be >= 1.
    pub fn below_u64(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let mut m = u128::from(self.0.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.0.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// True with probability `per_10k / 10000`.
    pub fn chance(&mut self, per_10k: u32) -> bool {
        per_10k > 0 && (self.below(10_000) < per_10k)
    }
}

impl Random for SimRng {
    fn below(&mut self, n: u32) -> u32 {
        debug_assert!(n > 0);
        let mut m = u64::from(self.0.next_u32()) * u64::from(n);
        if (m as u32) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u32) < threshold {
                m = u64::from(self.0.next_u32()) * u64::from(n);
            }
        }
        (m >> 32) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_same_numbers() {
        let mut a = SimRng::new(42, Stream::Network);
        let mut b = SimRng::new(42, Stream::Network);
        let mut c = SimRng::new(42, Stream::Protocol);
        let xs: Vec<u32> = (0..8).map(|_| a.below(1000)).collect();
        let ys: Vec<u32> = (0..8).map(|_| b.below(1000)).collect();
        let zs: Vec<u32> = (0..8).map(|_| c.below(1000)).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = SimRng::new(7, Stream::Protocol);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            let x = r.below(7);
            seen[x as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
