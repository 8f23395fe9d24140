//! Predictions from the published analysis of each protocol, next to which the simulator's
//! measurements are shown (page) and tested (`tests/analysis.rs`).

use crate::scenario::Scenario;

/// SWIM, synchronous rounds (Das et al. 2002, §3.1): a member that crashes at the start of a
/// round is first detected, in expectation, after `T / (1 - (1 - 1/(N-1))^(N-1))` — about
/// `T·e/(e-1) ≈ 1.58·T` for large N — counting the round in which the failed probe happens.
/// Returns microseconds.
pub fn swim_first_detection_sync(period_us: f64, nodes: u32) -> f64 {
    let m = f64::from(nodes.max(2) - 1);
    period_us / (1.0 - (1.0 - 1.0 / m).powf(m))
}

/// SWIM with unsynchronised periods, as the simulator runs it by default: the N-1 other members
/// start probes at independent phases, each probing the crashed member once per N-1 periods, so
/// the first probe after the crash comes after about one period on average (a near-Poisson
/// stream of rate 1/T); the prober declares the member suspect at the end of that probe's period,
/// one period later. Expected first detection: `2·T`. Microseconds.
pub fn swim_first_detection_async(period_us: f64) -> f64 {
    2.0 * period_us
}

/// SWIM's suspicion timeout as the simulator's nodes compute it (memberlist's scaling):
/// `n · T · max(1, log10 N)`. Microseconds.
pub fn swim_suspicion_timeout(period_us: f64, mult: u32, nodes: u32) -> f64 {
    f64::from(mult) * period_us * f64::from(nodes.max(1)).log10().max(1.0)
}

/// Rounds for push gossip with fan-out 1 on a complete graph to inform all N members from one
/// (Pittel 1987; Frieze and Grimmett 1985): `log2 N + ln N + O(1)`.
pub fn push_gossip_rounds(nodes: u32) -> f64 {
    let n = f64::from(nodes.max(2));
    n.log2() + n.ln()
}

/// SWIM's expected messages sent per member per protocol period with no loss and no failure:
/// one ping and one ack (every member is probed once per period on average), independent of N.
pub const SWIM_MESSAGES_PER_MEMBER_PERIOD: f64 = 2.0;

/// A prediction for one failure, in milliseconds after the crash.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction {
    /// Expected time to the first suspicion.
    pub first_ms: f64,
    /// Expected time until every live node has declared it dead (SWIM) or removed it (gossip).
    pub all_dead_ms: f64,
    /// How the figure is obtained, in a few words.
    pub basis: &'static str,
}

/// What the analysis predicts for a crash in `scenario` (for display beside the measurement).
pub fn predict(s: &Scenario) -> Prediction {
    let t = s.period_ms as f64;
    let n = s.nodes;
    match s.proto {
        crate::Proto::Swim => {
            let first = swim_first_detection_async(t);
            // Confirmation after the suspicion timeout, then infection-style spread of the death
            // (about log2 N + ln N rounds of piggybacking in the worst case; half of it on average
            // because every message carries it).
            let spread = push_gossip_rounds(n) / 2.0 * t;
            Prediction {
                first_ms: first / 1.0,
                all_dead_ms: first + swim_suspicion_timeout(t, s.n, n) + spread,
                basis: "2T to first probe failure; + n·T·log10 N suspicion; + gossip spread",
            }
        }
        crate::Proto::Gossip => {
            let tt = s.t_ms as f64;
            Prediction {
                first_ms: tt,
                all_dead_ms: tt * f64::from(s.n + 1) + t,
                basis: "t after the last heartbeat; removal at (n+1)·t, rounded up to a period",
            }
        }
    }
}
