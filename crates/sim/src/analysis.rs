//! Predictions from the published analysis of each protocol, next to which the simulator's
//! measurements are shown (page) and tested (`tests/analysis.rs`, measured by
//! [`crate::experiment`]).

use crate::scenario::{Scenario, Topo};
use gossip_protocol::swim::SwimConfig;

/// SWIM, synchronous rounds (Das et al. 2002, §3.1): a member that crashes at the start of a
/// round is first detected, in expectation, after `T / (1 - (1 - 1/(N-1))^(N-1))` — about
/// `T·e/(e-1) ≈ 1.58·T` for large N — counting the round in which the failed probe happens.
///
/// The paper's members pick a target at random each round; the simulator's walk a shuffled
/// round-robin list (the paper's §4.3), which makes a long wait slightly less likely: 0.5%
/// less at N = 64, 1% at N = 32, 2% at N = 8. Returns microseconds.
pub fn swim_first_detection_sync(period_us: f64, nodes: u32) -> f64 {
    let m = f64::from(nodes.max(2) - 1);
    period_us / (1.0 - (1.0 - 1.0 / m).powf(m))
}

/// SWIM with unsynchronised periods, as the simulator runs it by default. Microseconds.
///
/// The N-1 other members start probes at independent phases, each probing the crashed member
/// with probability `1/(N-1)` per period, so probes of it form a near-Poisson stream of rate
/// `1/T`. The first probe started after the crash comes after `c(N)·T` on average, with
/// `c(N) = (N-1)/N · (1 - (1-1/(N-1))^N) / (1 - (1-1/(N-1))^(N-1))`, which tends to 1 (0.94
/// at N = 8, 0.99 at N = 32); the prober declares the member suspect at the end of that
/// probe's period, `T` later: `T + c(N)·T`, the classic `2·T`.
///
/// But a probe also fails if it was started *before* the crash and its ping arrives after it:
/// probes started in the last one-way latency `L` before the crash. They come at the same rate
/// `1/T`, so with probability about `L/T` one of them gets the member suspected a little under
/// one period after the crash, and the expectation drops by about `L`:
/// `T + c(N)·T - L` (the neglected terms are of order `L²/T`). With the default 50 ms latency
/// and 1 s period that is 1.95·T instead of 2·T; with 250 ms, 1.75·T.
pub fn swim_first_detection_async(period_us: f64, latency_us: f64, nodes: u32) -> f64 {
    let m = f64::from(nodes.max(3) - 1);
    let q = (1.0 - 1.0 / m).powf(m);
    let first_probe = m / (m + 1.0) * (1.0 - q * (m - 1.0) / m) / (1.0 - q);
    period_us + first_probe * period_us - latency_us
}

/// SWIM's suspicion timeout as the simulator's nodes compute it (memberlist's scaling):
/// `n · T · max(1, log10 N)`. Microseconds.
pub fn swim_suspicion_timeout(period_us: f64, mult: u32, nodes: u32) -> f64 {
    f64::from(mult) * period_us * f64::from(nodes.max(1)).log10().max(1.0)
}

/// Periods for a SWIM rumour (here: the `Dead` that confirms a crash) to reach every member.
/// **Fitted to this simulator, not derived**: the formula is a fit to measurements, so the
/// all-dead prediction that uses it checks consistency, not the paper.
///
/// Each member sends a ping and answers one per period, and both carry the rumour, so each
/// informed member passes it to about two more per period (push on its ping, pull through the
/// acks it sends): `log3 N` synchronous rounds. With unsynchronised periods a member often
/// passes it on within the period it learned it, and the Dead rumour starts from the first of
/// several suspicion timers, while the last members' own timers run out before it reaches them.
/// No closed form for that is derived here: measured over many seeds (N = 8 to 1000), the
/// confirmation spreads in `log4 N - 1/2` periods to within 0.2 periods, and this returns that
/// fit (never below 0).
pub fn swim_dissemination_periods(nodes: u32) -> f64 {
    (f64::from(nodes.max(1)).log2() / 2.0 - 0.5).max(0.0)
}

/// Rounds for push gossip with fan-out 1 on a complete graph to inform all N members from one
/// (Pittel 1987; Frieze and Grimmett 1985): `log2 N + ln N + O(1)`. The `O(1)` is about one
/// round at these sizes: the simulator measures 9.3, 12.9 and 16.4 rounds at N = 32, 128 and
/// 512, as does a direct simulation of the textbook process (see
/// [`push_gossip_rounds_bounds`]).
pub fn push_gossip_rounds(nodes: u32) -> f64 {
    push_gossip_rounds_fanout(nodes, 1)
}

/// Bounds on the *expected* number of push-gossip rounds (fan-out 1, complete graph), tight up
/// to the additive constants (Doerr and Künnemann 2014, "Tight analysis of randomized rumor
/// spreading in complete graphs"): `⌊log2 N⌋ + ln N - 1.116 <= E[S_N] <= ⌈log2 N⌉ + ln N +
/// 2.765 + o(1)`. The `O(1)` of [`push_gossip_rounds`] lies in that window.
pub fn push_gossip_rounds_bounds(nodes: u32) -> (f64, f64) {
    let n = f64::from(nodes.max(2));
    (
        n.log2().floor() + n.ln() - 1.116,
        n.log2().ceil() + n.ln() + 2.765,
    )
}

/// Push gossip with fan-out `f` on a complete graph: `log_(f+1) N + ln N / f` rounds (the
/// informed set grows `(f+1)`-fold while small; the last members are each missed with
/// probability about `e^(-f)` per round).
pub fn push_gossip_rounds_fanout(nodes: u32, fanout: u32) -> f64 {
    let n = f64::from(nodes.max(2));
    let f = f64::from(fanout.max(1));
    n.ln() / (f + 1.0).ln() + n.ln() / f
}

/// SWIM's expected pings and acks sent per member per protocol period with no loss and no
/// failure: one ping and one ack (every member is probed once per period on average),
/// independent of N.
pub const SWIM_MESSAGES_PER_MEMBER_PERIOD: f64 = 2.0;

/// Every message SWIM sends per member per period with no loss and no failure: the pings and
/// acks, plus a push-pull `Sync` and its answer every push-pull interval (memberlist's,
/// which grows with `log2 N` above 32 members; see [`SwimConfig::push_pull_interval`]).
pub fn swim_messages_per_member_period(config: &SwimConfig, nodes: u32) -> f64 {
    let interval = config.push_pull_interval(nodes);
    let push_pull = if interval == 0 {
        0.0
    } else {
        2.0 / f64::from(interval)
    };
    SWIM_MESSAGES_PER_MEMBER_PERIOD + push_pull
}

/// SWIM: the probability that one probe of a live member fails, with each message lost
/// independently with probability `loss` and `k` indirect probes (Das et al. 2002, §3.1, the
/// false-positive term): the ping or its ack is lost, `1 - (1-loss)²`, and each of the `k`
/// indirect probes loses one of its four messages (ping-req, ping, ack, relayed ack),
/// `(1 - (1-loss)⁴)^k`. Exact for the simulator when every round trip fits its timeout.
pub fn swim_false_positive_per_probe(loss: f64, k: u32) -> f64 {
    let ok = 1.0 - loss.clamp(0.0, 1.0);
    (1.0 - ok * ok) * (1.0 - ok.powi(4)).powi(k.min(64) as i32)
}

/// SWIM: expected first-hand false suspicions per member-hour (a member suspecting a live one
/// after its own failed probe): one probe per member per period, each failing with
/// [`swim_false_positive_per_probe`]. `None` where that analysis does not hold: gossip,
/// bursty loss (`burst` > 1 or `burst_ms` > 0), or a round trip that can outlast the ack timeout (`t` below
/// 3 × `latency`, the slowest jittered round trip).
///
/// The simulator counts a suspicion when a member's view changes, so a failed probe of a
/// member the prober already suspects (heard from others) is not a new one: the measurement
/// falls below this, the more so the more common suspicions are. Measured (64 members, full,
/// 600 s runs): loss 10% with `k` = 3, 27.26 ± 0.15 against 27.82 predicted (100 runs, −2.0%);
/// loss 5% with `k` = 2, 11.79 ± 0.10 against 12.08 (−2.4%); loss 5% with `k` = 1, 63 against
/// 65 (4 runs); loss 20% with `k` = 0, 812 against 1,296 (4 runs).
pub fn swim_false_suspicions_per_member_hour(s: &Scenario) -> Option<f64> {
    if s.proto != crate::Proto::Swim || s.burst > 1 || s.burst_ms > 0 || s.t_ms < 3 * s.latency_ms {
        return None;
    }
    let per_probe = swim_false_positive_per_probe(f64::from(s.loss_pct) / 100.0, s.k);
    Some(per_probe * 3_600_000.0 / s.period_ms.max(1) as f64)
}

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

/// Rounds for the crashed member's last heartbeat to reach every other member by gossip, on
/// the scenario's topology (from the member that received it).
fn gossip_spread_rounds(s: &Scenario) -> f64 {
    match s.topo {
        // A mesh is no complete graph, but a random one of degree 3 or more spreads a rumour
        // in about as many rounds; this is a rough figure there.
        Topo::Full | Topo::Mesh => push_gossip_rounds_fanout(s.nodes, s.fanout),
        Topo::Ring => {
            // Without the crashed member the ring is a line, and its neighbour, at one end,
            // holds the last heartbeat: it must travel the N-2 hops to the far end. The front
            // moves when its holder sends forward: with probability p = 1 - 2^-f per period,
            // by (d/2 + 1)/2 positions on average, and the holder's next period is half a
            // period away on average. Exact in expectation for degree 2; rough beyond.
            let hops = f64::from(s.nodes.saturating_sub(2));
            let half = f64::from((s.degree / 2).max(1));
            let advance = (half + 1.0) / 2.0;
            let p = 1.0 - 0.5f64.powi(s.fanout.clamp(1, 16) as i32);
            hops / advance * (1.0 / p - 0.5)
        }
    }
}

/// What the analysis predicts for a crash in `scenario` (for display beside the measurement).
pub fn predict(s: &Scenario) -> Prediction {
    let period = s.period_ms as f64;
    let latency = s.latency_ms as f64;
    let n = s.nodes;
    match s.proto {
        crate::Proto::Swim => {
            let first = swim_first_detection_async(period, latency, n);
            let confirm = swim_suspicion_timeout(period, s.n, n);
            Prediction {
                first_ms: first,
                all_dead_ms: first + confirm + swim_dissemination_periods(n) * period,
                basis: "≈2T − latency to the first failed probe; + n·T·log10 N suspicion; \
                        + (log4 N − ½)·T to spread the death (a term fitted to this simulator, \
                        not derived)",
            }
        }
        crate::Proto::Gossip => {
            // The last heartbeat reaches its receiver one latency after it was sent, on average
            // half a period before the crash; each member suspects at its first tick at least t
            // after it last heard (half a period later on average): t + L after the crash. The
            // last member to hear it removes the member (n+1)·t after that.
            let t = s.t_ms as f64;
            let spread = gossip_spread_rounds(s) * period;
            Prediction {
                first_ms: t + latency,
                all_dead_ms: t * f64::from(s.n + 1) + latency + spread,
                basis: "t + latency after the crash; removal (n+1)·t after the last member \
                        hears the last heartbeat (push-gossip spread time)",
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_detection_tends_to_e_over_e_minus_one_and_two_periods() {
        let e = std::f64::consts::E;
        assert!((swim_first_detection_sync(1.0, 100_000) - e / (e - 1.0)).abs() < 1e-4);
        assert!((swim_first_detection_async(1.0, 0.0, 100_000) - 2.0).abs() < 1e-4);
        assert!((swim_first_detection_async(1000.0, 50.0, 100_000) - 1950.0).abs() < 0.1);
        let small = swim_first_detection_async(1.0, 0.0, 8);
        assert!((1.93..1.95).contains(&small), "{small}");
    }

    #[test]
    fn a_probe_fails_when_the_direct_round_trip_and_every_indirect_one_fail() {
        assert_eq!(swim_false_positive_per_probe(0.0, 3), 0.0);
        assert_eq!(swim_false_positive_per_probe(1.0, 3), 1.0);
        let direct = 1.0 - 0.9f64 * 0.9;
        assert!((swim_false_positive_per_probe(0.1, 0) - direct).abs() < 1e-12);
        let indirect = 1.0 - 0.9f64.powi(4);
        let k3 = direct * indirect.powi(3);
        assert!((swim_false_positive_per_probe(0.1, 3) - k3).abs() < 1e-12);
        let mut s = Scenario::from_query("proto=swim&loss=10&k=3").unwrap();
        let per_hour = swim_false_suspicions_per_member_hour(&s).unwrap();
        assert!((per_hour - k3 * 3600.0).abs() < 1e-9);
        s.burst = 4;
        assert_eq!(swim_false_suspicions_per_member_hour(&s), None);
        let gossip = Scenario::from_query("proto=gossip&loss=10").unwrap();
        assert_eq!(swim_false_suspicions_per_member_hour(&gossip), None);
    }

    #[test]
    fn push_gossip_with_fanout_one_is_log2_plus_ln() {
        assert!((push_gossip_rounds(1024) - (10.0 + 1024f64.ln())).abs() < 1e-9);
        assert!(push_gossip_rounds_fanout(1024, 3) < push_gossip_rounds(1024) / 2.0);
    }

    #[test]
    fn swim_message_load_adds_the_push_pull_share() {
        let config = SwimConfig::default();
        assert_eq!(
            swim_messages_per_member_period(&config, 16),
            2.0 + 2.0 / 30.0
        );
        assert_eq!(
            swim_messages_per_member_period(&config, 256),
            2.0 + 2.0 / 120.0
        );
    }

    #[test]
    fn the_fitted_dissemination_term_is_labelled_as_fitted_where_it_is_shown() {
        let swim = predict(&Scenario::defaults(crate::Proto::Swim));
        assert!(swim.basis.contains("fitted"), "{}", swim.basis);
    }

    #[test]
    fn default_predictions_are_in_the_measured_range() {
        // Means over 200 seeds of a crash at 30 s (see tests/analysis.rs for the measurement).
        let swim = predict(&Scenario::defaults(crate::Proto::Swim));
        assert!((1800.0..2000.0).contains(&swim.first_ms), "{swim:?}");
        assert!((6500.0..7100.0).contains(&swim.all_dead_ms), "{swim:?}");
        let gossip = predict(&Scenario::defaults(crate::Proto::Gossip));
        assert!((9900.0..10200.0).contains(&gossip.first_ms), "{gossip:?}");
        assert!(
            (34000.0..35000.0).contains(&gossip.all_dead_ms),
            "{gossip:?}"
        );
    }
}
