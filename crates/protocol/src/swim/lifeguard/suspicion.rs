//! Dynamic suspicion (Lifeguard §4.2; memberlist's `suspicion.go` and `suspectNode`).
//!
//! A suspicion starts at `Max` and shrinks towards `Min` as independent members confirm it:
//! - `Min = suspicion_mult · max(1, log10 N) · period` (memberlist's `suspicionTimeout`, the
//!   same as plain SWIM's timeout here);
//! - `Max = suspicion_max_mult · Min` (`SuspicionMaxTimeoutMult`, 6 in every memberlist
//!   profile: "for 10k nodes this will give a max timeout of 120 seconds");
//! - `K = suspicion_mult − 2` confirmations drive it to `Min` ("we set up k such that we hit
//!   the nominal timeout two probe intervals short of what we expect given the suspicion
//!   multiplier"), and `K = 0` when `N − 2 < K` ("not enough nodes to give the expected
//!   confirmations": `N` less the suspect and ourselves);
//! - after `C` confirmations the timeout, counted from the start of the suspicion, is
//!   `max(Min, Max − (Max − Min) · ln(C + 1) / ln(K + 1))`, floored to whole milliseconds
//!   (`remainingSuspicionTime`); with `K = 0` it is `Min` from the start.
//!
//! A confirmation is a suspect rumour about the member at the suspected incarnation from an
//! accuser not counted yet; the member that raised the suspicion this node heard first is not
//! counted (memberlist excludes the `from` of the first suspicion, which may be our own
//! rumour coming back), and nothing is counted past `K`.

use alloc::vec::Vec;

use super::super::config::SwimConfig;
use super::super::suspicion::{log2, suspicion_timeout};
use crate::core::{Micros, NodeId};

/// `(Min, Max, K)` for a suspicion raised when `live` members are alive or suspect.
pub fn bounds(config: &SwimConfig, live: u32) -> (Micros, Micros, u32) {
    let min = suspicion_timeout(config, live);
    let max = min.saturating_mul(u64::from(config.suspicion_max_mult));
    let mut k = config.suspicion_mult.saturating_sub(2);
    if live.saturating_sub(2) < k {
        k = 0;
    }
    (min, max, k)
}

/// The suspicion timeout after `c` confirmations, counted from the suspicion's start:
/// `max(Min, Max − (Max − Min) · ln(c + 1) / ln(K + 1))` floored to whole ms; `Min` when
/// `K = 0`; exactly `Max` before any confirmation (memberlist starts the timer at `max` and
/// computes the floored formula only on a confirmation).
pub fn timeout(min: Micros, max: Micros, k: u32, c: u32) -> Micros {
    if k == 0 {
        return min;
    }
    if c == 0 {
        return max;
    }
    // ln(a)/ln(b) = log2(a)/log2(b).
    let frac = log2(c.saturating_add(1)) / log2(k.saturating_add(1));
    let raw = max as f64 - frac * (max as f64 - min as f64);
    // Floor to whole ms as memberlist does; a float-to-int `as` saturates.
    let ms = (raw / 1000.0) as u64;
    (ms * 1000).max(min)
}

/// One running dynamic suspicion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspicion {
    /// The suspect.
    pub member: NodeId,
    /// The incarnation it is suspected at.
    pub incarnation: u32,
    /// When this node started suspecting it, µs.
    pub start: Micros,
    /// `Min`, µs.
    pub min: Micros,
    /// `Max`, µs.
    pub max: Micros,
    /// Confirmations wanted to reach `Min`.
    pub k: u32,
    /// Confirmations counted so far (at most `k`).
    pub confirmations: u32,
    /// Accusers already counted (the first one included, which does not count).
    accusers: Vec<NodeId>,
}

impl Suspicion {
    /// A suspicion of `member` at `incarnation` first heard from `accuser` at `now`.
    pub fn new(
        member: NodeId,
        incarnation: u32,
        accuser: NodeId,
        now: Micros,
        config: &SwimConfig,
        live: u32,
    ) -> Self {
        let (min, max, k) = bounds(config, live);
        Suspicion {
            member,
            incarnation,
            start: now,
            min,
            max,
            k,
            confirmations: 0,
            accusers: alloc::vec![accuser],
        }
    }

    /// The time it runs out at, with the confirmations so far.
    pub fn deadline(&self) -> Micros {
        self.start + timeout(self.min, self.max, self.k, self.confirmations)
    }

    /// The accusers counted so far, in the order heard: the first one, whose suspicion this
    /// node took up, then each confirmation.
    pub fn accusers(&self) -> &[NodeId] {
        &self.accusers
    }

    /// Counts `accuser`'s confirmation; true if it was new (and so shortened the timeout).
    pub fn confirm(&mut self, accuser: NodeId) -> bool {
        if self.confirmations >= self.k || self.accusers.contains(&accuser) {
            return false;
        }
        self.accusers.push(accuser);
        self.confirmations += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formula in floating point with `std`'s `ln`, floored to ms, as memberlist computes it.
    fn reference(min: f64, max: f64, k: u32, c: u32) -> u64 {
        if k == 0 {
            return min as u64;
        }
        if c == 0 {
            return max as u64;
        }
        let frac = f64::ln(f64::from(c) + 1.0) / f64::ln(f64::from(k) + 1.0);
        let raw = max - frac * (max - min);
        (((raw / 1000.0).floor() as u64) * 1000).max(min as u64)
    }

    fn check_profile(config: &SwimConfig, live: u32, expect_k: u32) {
        let (min, max, k) = bounds(config, live);
        let scale = f64::log10(f64::from(live)).max(1.0);
        let expected_min = f64::from(config.suspicion_mult) * scale * config.period as f64;
        assert!(
            (min as f64 - expected_min).abs() < 2.0,
            "{min} vs {expected_min}"
        );
        assert_eq!(max, 6 * min);
        assert_eq!(k, expect_k);
        for c in 0..=k {
            let got = timeout(min, max, k, c);
            let want = reference(min as f64, max as f64, k, c);
            // log2 by squaring is good to ~1e-7: at most one ms step apart.
            assert!(got.abs_diff(want) <= 1000, "c={c}: {got} vs {want}");
        }
        assert_eq!(timeout(min, max, k, 0), if k == 0 { min } else { max });
        assert_eq!(timeout(min, max, k, k), min);
    }

    #[test]
    fn lan_profile_timeouts_match_the_formula_for_every_confirmation_count() {
        // suspicion_mult 4: K = 2; 64 members: Min = 4 · log10(64) s ≈ 7.22 s.
        check_profile(&SwimConfig::lan(), 64, 2);
        check_profile(&SwimConfig::lan(), 5, 2);
        check_profile(&SwimConfig::lan(), 1000, 2);
    }

    #[test]
    fn wan_profile_timeouts_match_the_formula_for_every_confirmation_count() {
        // suspicion_mult 6: K = 4; 5 s period.
        check_profile(&SwimConfig::wan(), 64, 4);
        check_profile(&SwimConfig::wan(), 500, 4);
    }

    #[test]
    fn local_profile_timeouts_match_the_formula_for_every_confirmation_count() {
        // suspicion_mult 3: K = 1.
        check_profile(&SwimConfig::local(), 64, 1);
        check_profile(&SwimConfig::local(), 3, 1);
    }

    #[test]
    fn too_few_members_to_confirm_means_k_is_zero_and_the_timeout_is_min() {
        // N − 2 < K: 3 members cannot give 2 confirmations (LAN, K = 2).
        check_profile(&SwimConfig::lan(), 3, 0);
        let (min, _, k) = bounds(&SwimConfig::lan(), 3);
        assert_eq!((k, timeout(min, 6 * min, k, 0)), (0, 4_000_000));
    }

    #[test]
    fn confirmations_count_once_per_accuser_never_the_first_and_at_most_k() {
        let config = SwimConfig::lan();
        let mut s = Suspicion::new(9, 0, 1, 1_000, &config, 64);
        assert_eq!(s.deadline(), 1_000 + s.max);
        assert!(!s.confirm(1), "the first accuser does not confirm");
        assert!(s.confirm(2));
        assert!(!s.confirm(2), "counted once");
        let after_one = s.deadline();
        assert!(after_one < 1_000 + s.max && after_one > 1_000 + s.min);
        assert!(s.confirm(3));
        assert_eq!(s.deadline(), 1_000 + s.min);
        assert!(!s.confirm(4), "no more than K");
    }
}
