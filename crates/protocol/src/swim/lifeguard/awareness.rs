//! The local health multiplier (Lifeguard §4.1; memberlist's `awareness.go`).
//!
//! A score in `0..max`, 0 healthy. memberlist moves it by (`state.go`, `probeNode` and
//! `refute`):
//! - −1 for a probe that got its ack;
//! - +1 for every refutation (someone suspected *this* member: it was probably slow);
//! - for a failed probe, +1 for each nack it expected and did not get (the relays it asked are
//!   assumed healthy, so a missing nack points at this member), or +1 flat when it expected
//!   none (no relay asked, or nacks not in use).
//!
//! What scales, as in memberlist's `probeNode`: the *probe interval*, i.e. how long a probe
//! waits for a direct or indirect ack before it suspects the target, and so when the next
//! probe may start ("the ticker that calls us can handle us running over the base interval,
//! and will skip missed ticks"): `ProbeInterval × (score + 1)` (`ScaleTimeout`). What does
//! not: the direct ack timeout `ProbeTimeout` ("we don't really expect waiting longer to help
//! get UDP through"), the relay's nack timeout, the suspicion timeouts (computed from the
//! unscaled `ProbeInterval`) and the gossip interval.

/// memberlist's `AwarenessMaxMultiplier` in `DefaultLANConfig` (also WAN and local): 8, "probe
/// interval backs off to 8 seconds".
pub const DEFAULT_AWARENESS_MAX: u32 = 8;

/// A member's own health score (memberlist's `awareness`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Awareness {
    score: u32,
}

impl Awareness {
    /// The score, `0..max` (0 is healthy).
    pub fn score(self) -> u32 {
        self.score
    }

    /// Adds `delta`, keeping the score in `0..=max - 1` (memberlist's `ApplyDelta`).
    pub fn apply_delta(&mut self, delta: i64, max: u32) {
        let top = i64::from(max.max(1) - 1);
        self.score = (i64::from(self.score) + delta).clamp(0, top) as u32;
    }

    /// `timeout × (score + 1)` (memberlist's `ScaleTimeout`).
    pub fn scale(self, timeout: u64) -> u64 {
        timeout.saturating_mul(u64::from(self.score) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_stays_between_zero_and_max_minus_one() {
        let mut a = Awareness::default();
        a.apply_delta(-1, 8);
        assert_eq!(a.score(), 0);
        a.apply_delta(3, 8);
        assert_eq!(a.score(), 3);
        a.apply_delta(100, 8);
        assert_eq!(a.score(), 7);
        a.apply_delta(-2, 8);
        assert_eq!(a.score(), 5);
    }

    #[test]
    fn timeouts_scale_by_score_plus_one() {
        let mut a = Awareness::default();
        assert_eq!(a.scale(1_000_000), 1_000_000);
        a.apply_delta(7, 8);
        assert_eq!(a.scale(1_000_000), 8_000_000);
    }
}
