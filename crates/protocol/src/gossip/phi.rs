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
//! **The normal model** (`PhiModel::Normal`, the paper's, as Akka's
//! `PhiAccrualFailureDetector.scala` runs it) takes inter-arrival times as normal with the
//! window's mean μ and standard deviation σ (never below `phi_min_std`, Akka's
//! `min-std-deviation`), and adds `phi_pause` (Akka's `acceptable-heartbeat-pause`) to the mean:
//!
//! ```text
//!     y = (Δ − (μ + pause)) / σ,   e = exp(−y · (1.5976 + 0.070566 · y²))
//!     φ = −log10(e / (1 + e))        if Δ > μ + pause
//!     φ = −log10(1 − 1 / (1 + e))    otherwise
//! ```
//!
//! the logistic approximation of the normal CDF that Akka uses ("error is 0.00014 at ±3.16").
//! Akka's variance is the window's `E[x²] − μ²`, as here. Cassandra and chitchat chose the
//! exponential model since gossip delivers a member's heartbeats through whichever peer happens
//! to relay them, so arrivals look more like a Poisson process than like a clock; neither model
//! is calibrated for gossip (see docs/phi.md for the measured chance of a false suspicion per
//! inter-arrival against 10^−φ).
//!
//! **Bootstrap.** A member's first arrival (or the first of a new life) seeds the window with
//! one sample of [`GossipConfig::phi_bootstrap`] (two periods), as Cassandra seeds
//! `ArrivalWindow` with `INITIAL_VALUE_NANOS` (2 × gossip interval) and chitchat with
//! `initial_interval`; that sample leaves the window when [`PHI_WINDOW`](super::PHI_WINDOW) later ones pushed it
//! out. The normal model seeds it as Akka does, with two samples a quarter of the estimate
//! either side of it ("rather high standard deviation"), from the same two-period estimate
//! (Akka's is its heartbeat interval; a gossiped heartbeat comes later than the period). **Cap.** An interval longer than [`GossipConfig::phi_max_interval`] is not recorded.
//!
//! **Memory.** Samples are `u32` microseconds (intervals are capped at `t` ≤ 3600 s < 2^32 µs),
//! allocated as they arrive: up to 4 KB per (observer, member) pair.

use super::config::{GossipConfig, PhiModel};
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
    /// Sum of the squares of `samples`, µs² (for the normal model's variance).
    sum_sq: u128,
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
            self.sum_sq = 0;
            let estimate = config.phi_bootstrap();
            match config.phi_model {
                PhiModel::Exponential => self.push(estimate, config.phi_window),
                PhiModel::Normal => {
                    self.push(estimate - estimate / 4, config.phi_window);
                    self.push(estimate + estimate / 4, config.phi_window);
                }
            }
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
            self.sum_sq -= u128::from(*slot) * u128::from(*slot);
            *slot = sample;
            self.next = (self.next + 1) % window;
        }
        self.sum += u64::from(sample);
        self.sum_sq += u128::from(sample) * u128::from(sample);
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

    /// Standard deviation of the inter-arrival times, µs: `√(E[x²] − mean²)` (0 before any
    /// arrival).
    pub fn std_dev(&self) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let mean = self.mean();
        let square = self.sum_sq as f64 / self.samples.len() as f64;
        libm::sqrt((square - mean * mean).max(0.0))
    }

    /// φ at `now` under `config`'s model (0 before any arrival).
    pub fn phi(&self, now: Micros, config: &GossipConfig) -> f64 {
        let mean = self.mean();
        if mean <= 0.0 {
            return 0.0;
        }
        let silence = now.saturating_sub(self.last) as f64;
        match config.phi_model {
            PhiModel::Exponential => silence / mean * PHI_FACTOR,
            PhiModel::Normal => {
                let (mean, std) = self.normal(config);
                normal_phi(silence, mean, std)
            }
        }
    }

    /// The normal model's mean (with the acceptable pause) and standard deviation, µs.
    fn normal(&self, config: &GossipConfig) -> (f64, f64) {
        let mean = self.mean() + config.phi_pause as f64;
        (mean, self.std_dev().max(config.phi_min_std as f64))
    }

    /// The shortest silence (µs since [`ArrivalWindow::last`]) at which φ exceeds
    /// `config.phi_threshold`: the least whole µs above the crossing (up to the rounding of
    /// the normal model's inversion, a few parts in 10^15).
    pub fn suspect_after(&self, config: &GossipConfig) -> Micros {
        let threshold = f64::from(config.phi_threshold);
        let silence = match config.phi_model {
            PhiModel::Exponential => threshold * self.mean() / PHI_FACTOR,
            PhiModel::Normal => {
                let (mean, std) = self.normal(config);
                mean + std * normal_y(threshold)
            }
        };
        // `as` saturates; the `+ 1` makes "at least this" mean "strictly above the crossing".
        (silence as Micros).saturating_add(1)
    }
}

/// Akka's φ for a silence of `silence` µs under N(`mean`, `std`) (µs), with the logistic
/// approximation of the normal CDF.
pub fn normal_phi(silence: f64, mean: f64, std: f64) -> f64 {
    let y = (silence - mean) / std;
    let e = libm::exp(-y * (1.5976 + 0.070566 * y * y));
    if silence > mean {
        -libm::log10(e / (1.0 + e))
    } else {
        -libm::log10(1.0 - 1.0 / (1.0 + e))
    }
}

/// The `y` (silence above the mean, in standard deviations) at which [`normal_phi`] reaches
/// `phi` > log10 2: the real root of `0.070566·y³ + 1.5976·y = ln((1 − p)/p)`, `p = 10^−φ`
/// (Cardano's formula; the cubic is increasing, so the root is unique).
pub fn normal_y(phi: f64) -> f64 {
    let p = libm::pow(10.0, -phi);
    let l = phi * core::f64::consts::LN_10 + libm::log1p(-p);
    // y³ + a·y − b = 0.
    let (a, b) = (1.5976 / 0.070566, l / 0.070566);
    let root = libm::sqrt(b * b / 4.0 + a * a * a / 27.0);
    libm::cbrt(b / 2.0 + root) + libm::cbrt(b / 2.0 - root)
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
    /// thresholds that φ sets for this silence under `config` (threshold and model). Removal
    /// comes `grace` after φ crossed the threshold. `None` before any arrival.
    pub fn deadlines(
        &self,
        member: NodeId,
        config: &GossipConfig,
        grace: Micros,
    ) -> Option<[Micros; 3]> {
        let w = self.window(member)?;
        let suspect = w.suspect_after(config);
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
        let phi = w.phi(100 * MS + 300 * MS, &cfg());
        assert!((phi - 2.0 * PHI_FACTOR).abs() < 1e-12, "{phi}");
        // φ = 8 is crossed after 8 · 150 ms · ln 10 = 2763.102 ms.
        assert_eq!(w.suspect_after(&cfg()), 2_763_103);
        assert!(w.phi(100 * MS + 2_763_103, &cfg()) > 8.0);
        assert!(w.phi(100 * MS + 2_763_102, &cfg()) <= 8.0);
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
        assert_eq!(d.deadlines(3, &cfg(), 5), None);
        d.heard(3, key(0, 1), 7, &cfg());
        let one = GossipConfig {
            phi_threshold: 1,
            ..cfg()
        };
        let [since, suspect, remove] = d.deadlines(3, &one, 500).unwrap();
        assert_eq!(since, 7);
        // 1 · 200 ms · ln 10 = 460.517 ms.
        assert_eq!(suspect, 460_518);
        assert_eq!(remove, 461_018);
    }

    fn normal() -> GossipConfig {
        GossipConfig {
            phi_model: PhiModel::Normal,
            phi_min_std: MS,
            phi_pause: 0,
            ..cfg()
        }
    }

    #[test]
    fn the_normal_model_bootstraps_as_akka_with_a_quarter_either_side() {
        let mut w = ArrivalWindow::default();
        w.heard(key(0, 1), 0, &normal());
        // 200 ms ± 50 ms: mean 200 ms, standard deviation 50 ms.
        assert_eq!(w.len(), 2);
        assert_eq!(w.mean(), (200 * MS) as f64);
        assert!((w.std_dev() - (50 * MS) as f64).abs() < 1e-6);
    }

    #[test]
    fn normal_phi_is_akkas_logistic_formula_with_the_pause_added_to_the_mean() {
        let mut w = ArrivalWindow::default();
        let c = GossipConfig {
            phi_pause: 100 * MS,
            ..normal()
        };
        w.heard(key(0, 1), 0, &c); // 150 and 250 ms: mean 200, σ 50
        // Akka's AccrualFailureDetectorSpec ("use good enough cumulative distribution
        // function"): cdf(phi(x, 0, 10)) = 1 − 10^−φ against the normal CDF.
        let cdf = |phi: f64| 1.0 - libm::pow(10.0, -phi);
        for (x, want) in [
            (0.0, 0.5),
            (6.0, 0.7257),
            (15.0, 0.9332),
            (20.0, 0.97725),
            (25.0, 0.99379),
            (35.0, 0.99977),
        ] {
            assert!((cdf(normal_phi(x, 0.0, 10.0)) - want).abs() < 0.001, "{x}");
        }
        assert!((cdf(normal_phi(22.0, 20.0, 3.0)) - 0.7475).abs() < 0.001);
        assert!((normal_phi(10.0, 0.0, 1.0) - 38.0).abs() < 1.0);
        assert_eq!(normal_phi(-25.0, 0.0, 1.0), 0.0);
        // At mean + pause: φ = log10 2.
        let at_mean = w.phi(300 * MS, &c);
        assert!(
            (at_mean - core::f64::consts::LOG10_2).abs() < 1e-12,
            "{at_mean}"
        );
        // Two σ above: y = 2, e = exp(−2 · (1.5976 + 0.070566 · 4)) = exp(−3.759728).
        let e = libm::exp(-3.759728);
        let want = -libm::log10(e / (1.0 + e));
        let got = w.phi(400 * MS, &c);
        assert!((got - want).abs() < 1e-12, "{got} {want}");
        // The exact normal tail at 2σ is 0.02275: the approximation is within 0.0002 of it.
        assert!((libm::pow(10.0, -got) - 0.02275).abs() < 2e-4);
    }

    #[test]
    fn the_least_standard_deviation_floors_a_steady_rhythm() {
        let c = GossipConfig {
            phi_min_std: 20 * MS,
            phi_window: 1000,
            ..normal()
        };
        let mut w = ArrivalWindow::default();
        w.heard(key(0, 1), 0, &c);
        for i in 2..1000 {
            w.heard(key(0, i), u64::from(i) * 100 * MS, &c);
        }
        // 998 samples of exactly 100 ms and the two bootstrap ones: σ ≈ 6.7 ms, floored.
        assert!(w.std_dev() < (20 * MS) as f64);
        let mean = w.mean();
        let at = w.last() + (mean + 2.0 * (20 * MS) as f64) as Micros;
        assert!((w.phi(at, &c) - normal_phi(2.0, 0.0, 1.0)).abs() < 1e-6);
    }

    #[test]
    fn normal_suspect_after_inverts_phi_at_every_threshold() {
        let mut w = ArrivalWindow::default();
        let base = GossipConfig {
            phi_pause: 300 * MS,
            ..normal()
        };
        w.heard(key(0, 1), 0, &base);
        w.heard(key(0, 2), 170 * MS, &base);
        for threshold in 1..=32 {
            let c = GossipConfig {
                phi_threshold: threshold,
                ..base.clone()
            };
            let at = w.suspect_after(&c);
            let t = f64::from(threshold);
            assert!(w.phi(w.last() + at, &c) > t - 1e-9, "{threshold}");
            assert!(w.phi(w.last() + at - 2, &c) <= t + 1e-9, "{threshold}");
        }
    }
}
