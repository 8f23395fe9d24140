//! The phi accrual failure detector (Hayashibara et al. 2004) as Cassandra and chitchat run it.
//!
//! Each member keeps, for every other member, a window of the last [`PHI_WINDOW`](super::PHI_WINDOW) heartbeat
//! inter-arrival times, measured on its own clock: an *arrival* is the moment this member
//! learns a fresher heartbeat of that member, first-hand (a table or delta merged, or with
//! Scuttlebutt a digest that shows a fresher heartbeat). The suspicion level after a silence
//! of `Δ` is, with the exponential model of inter-arrival times,
//!
//! ```text
//!     φ(Δ) = −log10 P(next arrival later than Δ) = −log10 e^(−Δ/mean) = Δ / mean · log10 e
//! ```
//!
//! which is Cassandra's (`FailureDetector.java`: `ArrivalWindow.phi` returns `t / mean()` and
//! `interpret` convicts when `PHI_FACTOR * phi > phi_convict_threshold` with
//! `PHI_FACTOR = 1.0 / Math.log(10.0)`, CASSANDRA-2597). chitchat (`failure_detector.rs`,
//! `SamplingWindow::phi`) uses the same model but compares `elapsed / mean` with its threshold
//! without the `log10 e` factor, so its φ = 8 waits 8 mean intervals where Cassandra's waits
//! 8 · ln 10 ≈ 18.4. Here φ is Cassandra's: the threshold keeps the paper's meaning, "the
//! chance that this silence is a live member's is 10^−φ" under the model.
//!
//! The paper's normal model (mean and variance of the window) is not used: neither Cassandra
//! nor chitchat use it, since gossip delivers heartbeats of a member through whichever peer
//! happens to relay them, so arrivals look like a Poisson process more than like a clock.
//!
//! **Bootstrap.** A member's first arrival (or the first of a new life) seeds the window with
//! one sample of [`GossipConfig::phi_bootstrap`] (two periods), as Cassandra seeds
//! `ArrivalWindow` with `INITIAL_VALUE_NANOS` (2 × gossip interval) and chitchat with
//! `initial_interval`; that sample leaves the window when [`PHI_WINDOW`](super::PHI_WINDOW) later ones pushed it
//! out. **Cap.** An interval longer than [`GossipConfig::phi_max_interval`] is not recorded.
//!
//! **Memory.** Samples are `u32` microseconds (intervals are capped at `t` ≤ 3600 s < 2^32 µs),
//! allocated as they arrive: up to 4 KB per (observer, member) pair.

use super::config::GossipConfig;
use crate::{Micros, NodeId};
use alloc::vec::Vec;

/// `log10 e = 1 / ln 10`, Cassandra's `PHI_FACTOR`.
pub const PHI_FACTOR: f64 = core::f64::consts::LOG10_E;

/// One member's heartbeat inter-arrival times, as one observer saw them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArrivalWindow {
    /// A ring of inter-arrival times, µs; grows to the window's size, then wraps at `next`.
    samples: Vec<u32>,
    /// The slot the next sample overwrites once the ring is full.
    next: u32,
    /// Sum of `samples`, µs.
    sum: u64,
    /// When the freshest heartbeat was learned (µs, this observer's clock).
    last: Micros,
    /// That heartbeat's `(generation, heartbeat)` key; 0 before any arrival.
    key: u64,
}

impl ArrivalWindow {
    /// Records that heartbeat `key` (`generation << 32 | heartbeat`) was learned at `now`;
    /// false if it is not fresher than the last one recorded (nothing changes then).
    pub fn heard(&mut self, key: u64, now: Micros, config: &GossipConfig) -> bool {
        let new_life = self.samples.is_empty() || key >> 32 != self.key >> 32;
        if !new_life && key <= self.key {
            return false;
        }
        if key >> 32 < self.key >> 32 && !self.samples.is_empty() {
            // An older life's heartbeat, relayed late: not an arrival of the current life.
            return false;
        }
        if new_life {
            // A new member or a new life: start afresh from the bootstrap interval.
            self.samples.clear();
            self.next = 0;
            self.sum = 0;
            self.push(config.phi_bootstrap(), config.phi_window);
        } else {
            let interval = now.saturating_sub(self.last);
            if interval <= config.phi_max_interval() {
                self.push(interval, config.phi_window);
            }
        }
        self.last = now;
        self.key = key;
        true
    }

    fn push(&mut self, interval: Micros, window: u32) {
        let sample = u32::try_from(interval).unwrap_or(u32::MAX);
        if self.samples.len() < window as usize {
            self.samples.push(sample);
        } else {
            let slot = &mut self.samples[self.next as usize];
            self.sum -= u64::from(*slot);
            *slot = sample;
            self.next = (self.next + 1) % window;
        }
        self.sum += u64::from(sample);
    }

    /// Mean inter-arrival time, µs (0 before any arrival).
    pub fn mean(&self) -> f64 {
        if self.samples.is_empty() {
            0.0
        } else {
            self.sum as f64 / self.samples.len() as f64
        }
    }

    /// Samples in the window (the bootstrap one included).
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// No arrival yet.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// When the freshest heartbeat was learned, µs.
    pub fn last(&self) -> Micros {
        self.last
    }

    /// φ at `now`: silence / mean · log10 e (0 before any arrival).
    pub fn phi(&self, now: Micros) -> f64 {
        let mean = self.mean();
        if mean <= 0.0 {
            return 0.0;
        }
        now.saturating_sub(self.last) as f64 / mean * PHI_FACTOR
    }

    /// The shortest silence (µs since [`ArrivalWindow::last`]) at which φ exceeds
    /// `threshold`: the least whole µs above `threshold · mean / log10 e`.
    pub fn suspect_after(&self, threshold: u32) -> Micros {
        let silence = f64::from(threshold) * self.mean() / PHI_FACTOR;
        // `as` saturates; the `+ 1` makes "at least this" mean "strictly above the crossing".
        (silence as Micros).saturating_add(1)
    }
}

/// Every member's [`ArrivalWindow`], indexed by member id (empty with the fixed detector).
#[derive(Clone, Debug, Default)]
pub struct PhiDetector {
    windows: Vec<ArrivalWindow>,
}

impl PhiDetector {
    /// Records that `member`'s heartbeat `key` was learned at `now` (see
    /// [`ArrivalWindow::heard`]).
    pub fn heard(&mut self, member: NodeId, key: u64, now: Micros, config: &GossipConfig) -> bool {
        let i = member as usize;
        if i >= self.windows.len() {
            self.windows.resize_with(i + 1, ArrivalWindow::default);
        }
        self.windows[i].heard(key, now, config)
    }

    /// `member`'s window, if it ever arrived.
    pub fn window(&self, member: NodeId) -> Option<&ArrivalWindow> {
        self.windows.get(member as usize).filter(|w| !w.is_empty())
    }

    /// `(silent since, suspect after, remove after)` for `member`, µs: the fixed detector's
    /// thresholds that φ sets for this silence. Removal comes `grace` after φ crossed the
    /// threshold. `None` before any arrival.
    pub fn deadlines(&self, member: NodeId, threshold: u32, grace: Micros) -> Option<[Micros; 3]> {
        let w = self.window(member)?;
        let suspect = w.suspect_after(threshold);
        Some([w.last(), suspect, suspect.saturating_add(grace)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Micros = 1000;

    fn cfg() -> GossipConfig {
        GossipConfig {
            period: 100 * MS,
            suspect_after: 1000 * MS,
            phi_window: 4,
            ..GossipConfig::default()
        }
    }

    fn key(generation: u32, heartbeat: u32) -> u64 {
        (u64::from(generation) << 32) | u64::from(heartbeat)
    }

    #[test]
    fn first_arrival_seeds_the_window_with_the_bootstrap_interval() {
        let mut w = ArrivalWindow::default();
        assert!(w.heard(key(0, 1), 5 * MS, &cfg()));
        assert_eq!(w.len(), 1);
        assert_eq!(w.mean(), (200 * MS) as f64);
        assert_eq!(w.last(), 5 * MS);
    }

    #[test]
    fn phi_is_silence_over_mean_times_log10_e() {
        let mut w = ArrivalWindow::default();
        w.heard(key(0, 1), 0, &cfg()); // bootstrap 200 ms
        w.heard(key(0, 2), 100 * MS, &cfg()); // 100 ms: mean 150 ms
        assert_eq!(w.mean(), (150 * MS) as f64);
        let phi = w.phi(100 * MS + 300 * MS);
        assert!((phi - 2.0 * PHI_FACTOR).abs() < 1e-12, "{phi}");
        // φ = 8 is crossed after 8 · 150 ms · ln 10 = 2763.102 ms.
        assert_eq!(w.suspect_after(8), 2_763_103);
        assert!(w.phi(100 * MS + 2_763_103) > 8.0);
        assert!(w.phi(100 * MS + 2_763_102) <= 8.0);
    }

    #[test]
    fn only_a_fresher_heartbeat_is_an_arrival() {
        let mut w = ArrivalWindow::default();
        w.heard(key(0, 5), 0, &cfg());
        assert!(!w.heard(key(0, 5), 50 * MS, &cfg()));
        assert!(!w.heard(key(0, 4), 60 * MS, &cfg()));
        assert_eq!((w.len(), w.last()), (1, 0));
        assert!(w.heard(key(0, 7), 70 * MS, &cfg()));
        assert_eq!((w.len(), w.last()), (2, 70 * MS));
    }

    #[test]
    fn the_window_keeps_the_last_samples_only() {
        let mut w = ArrivalWindow::default();
        w.heard(key(0, 1), 0, &cfg()); // 200
        for (i, gap) in [10, 20, 30, 40, 50].into_iter().enumerate() {
            let at = w.last() + gap * MS;
            w.heard(key(0, 2 + i as u32), at, &cfg());
        }
        // Window of 4: 20, 30, 40, 50.
        assert_eq!(w.len(), 4);
        assert_eq!(w.mean(), (35 * MS) as f64);
    }

    #[test]
    fn an_interval_longer_than_t_is_not_recorded() {
        let mut w = ArrivalWindow::default();
        w.heard(key(0, 1), 0, &cfg());
        w.heard(key(0, 2), 1001 * MS, &cfg());
        assert_eq!(w.len(), 1);
        assert_eq!(w.last(), 1001 * MS);
        w.heard(key(0, 3), 2001 * MS, &cfg());
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn a_new_life_starts_a_fresh_window_and_an_old_one_is_ignored() {
        let mut w = ArrivalWindow::default();
        w.heard(key(0, 1), 0, &cfg());
        w.heard(key(0, 2), 10 * MS, &cfg());
        assert!(w.heard(key(9, 1), 20 * MS, &cfg()));
        assert_eq!((w.len(), w.mean()), (1, (200 * MS) as f64));
        assert!(!w.heard(key(0, 50), 30 * MS, &cfg()));
    }

    #[test]
    fn deadlines_put_removal_a_grace_after_the_crossing() {
        let mut d = PhiDetector::default();
        assert_eq!(d.deadlines(3, 8, 5), None);
        d.heard(3, key(0, 1), 7, &cfg());
        let [since, suspect, remove] = d.deadlines(3, 1, 500).unwrap();
        assert_eq!(since, 7);
        // 1 · 200 ms · ln 10 = 460.517 ms.
        assert_eq!(suspect, 460_518);
        assert_eq!(remove, 461_018);
    }
}
