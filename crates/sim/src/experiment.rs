//! Measurements over many seeded runs, set beside the predictions of [`crate::analysis`]: used by
//! `tests/analysis.rs` (with tolerances) and by `gossip-bench --analysis` (the table in docs/results.md).
//!
//! Every figure is a mean over independent runs (one seed each) with its standard error, so a
//! test can state its tolerance in standard errors.

use crate::analysis;
use crate::engine::Sim;
use crate::scenario::{Action, Scenario, TimedEvent};
use gossip_protocol::gossip::GossipNode;
use gossip_protocol::swim::SwimNode;
use gossip_protocol::{Micros, MsgKind};
use std::fmt::Write as _;

const SECOND: Micros = 1_000_000;

/// A sample mean with its standard error.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The mean.
    pub mean: f64,
    /// The standard error of the mean (sample standard deviation / √samples).
    pub se: f64,
    /// How many samples.
    pub samples: usize,
}

impl Estimate {
    /// The mean and standard error of `xs` (at least one value).
    pub fn of(xs: &[f64]) -> Estimate {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = if xs.len() > 1 {
            xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
        } else {
            0.0
        };
        Estimate {
            mean,
            se: (var / n).sqrt(),
            samples: xs.len(),
        }
    }

    /// How many standard errors `value` lies from the mean (0 when there is no spread).
    pub fn z(&self, value: f64) -> f64 {
        if self.se == 0.0 {
            if value == self.mean {
                0.0
            } else {
                f64::INFINITY
            }
        } else {
            (self.mean - value) / self.se
        }
    }
}

fn swim_scenario(nodes: u32, seed: u64, latency_ms: u64) -> Scenario {
    let mut s = Scenario::from_query("proto=swim&topo=full").expect("valid");
    s.nodes = nodes;
    s.seed = seed;
    s.latency_ms = latency_ms;
    // The ack timeout must cover the longest round trip (see `Scenario::validate`).
    s.t_ms = s.t_ms.max(3 * latency_ms);
    debug_assert!(s.validate().is_ok());
    s
}

/// SWIM on a full topology, no loss: the time from a crash to the first suspicion, in
/// protocol periods, one crash per seed. `aligned`: every member ticks at multiples of the
/// period and the crash falls exactly on a round boundary (the synchronous model); otherwise
/// the members' periods start at random phases (the simulator's default).
pub fn swim_first_detection(
    nodes: u32,
    aligned: bool,
    latency_ms: u64,
    seeds: std::ops::Range<u64>,
) -> Estimate {
    let crash_at = 20 * SECOND;
    let periods: Vec<f64> = seeds
        .map(|seed| {
            let mut s = swim_scenario(nodes, seed, latency_ms);
            s.events
                .push(TimedEvent::new(crash_at / 1000, Action::Crash(1)));
            let mut config = s.swim_config();
            config.aligned_start = aligned;
            let period = config.period;
            let mut sim = Sim::<SwimNode>::new(s, config);
            sim.run_until(crash_at + 30 * period);
            let f = sim.metrics().failures[0];
            let first = f.first_suspect.expect("a crash is always suspected");
            (first - f.at) as f64 / period as f64
        })
        .collect();
    Estimate::of(&periods)
}

/// Messages per member per protocol period in a SWIM cluster with no loss and no failure, over
/// `window` periods after `warm_up` periods: `(all messages, pings and acks only)`.
pub fn swim_messages_per_member_period(
    nodes: u32,
    seed: u64,
    warm_up: u64,
    window: u64,
) -> (f64, f64) {
    let s = swim_scenario(nodes, seed, 50);
    let config = s.swim_config();
    let period = config.period;
    let mut sim = Sim::<SwimNode>::new(s, config);
    let probes = |sim: &Sim<SwimNode>| {
        let by_kind = sim.metrics().messages.sent_by_kind;
        by_kind[MsgKind::Ping as usize] + by_kind[MsgKind::Ack as usize]
    };
    sim.run_until(warm_up * period);
    let (all0, probes0) = (sim.metrics().messages.sent, probes(&sim));
    sim.run_until((warm_up + window) * period);
    let (all1, probes1) = (sim.metrics().messages.sent, probes(&sim));
    let member_periods = f64::from(nodes) * window as f64;
    (
        (all1 - all0) as f64 / member_periods,
        (probes1 - probes0) as f64 / member_periods,
    )
}

/// The piggyback load of a SWIM cluster (full topology, no loss) over `window` periods after
/// `warm_up` periods, with one crash at the start of the window if `crash`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PiggybackLoad {
    /// Bytes per member per period of the messages that piggyback (ping, ping-req, ack,
    /// gossip; not the join and the push-pull syncs, which carry whole tables).
    pub bytes_per_member_period: f64,
    /// The same messages' fixed parts alone (headers, sequence numbers, targets).
    pub header_bytes_per_member_period: f64,
    /// Piggybacked updates sent per member over the window.
    pub updates_per_member: f64,
}

/// Measures [`PiggybackLoad`]: the bytes of every piggybacking message are split into its fixed
/// part (the size of the same message with no updates) and its updates (9 bytes each).
pub fn swim_piggyback_load(
    nodes: u32,
    seed: u64,
    warm_up: u64,
    window: u64,
    crash: bool,
) -> PiggybackLoad {
    use gossip_protocol::Wire;
    use gossip_protocol::swim::SwimMsg;
    let mut s = swim_scenario(nodes, seed, 50);
    let config = s.swim_config();
    let period = config.period;
    if crash {
        s.events
            .push(TimedEvent::new(warm_up * period / 1000, Action::Crash(1)));
    }
    let empty = |kind: MsgKind| match kind {
        MsgKind::Ping => SwimMsg::Ping {
            seq: 0,
            updates: Vec::new(),
        },
        MsgKind::PingReq => SwimMsg::PingReq {
            seq: 0,
            target: 0,
            updates: Vec::new(),
        },
        MsgKind::Ack => SwimMsg::Ack {
            seq: 0,
            updates: Vec::new(),
        },
        _ => SwimMsg::Gossip {
            updates: Vec::new(),
        },
    };
    let one_update = SwimMsg::Gossip {
        updates: vec![gossip_protocol::swim::Update {
            member: 0,
            kind: gossip_protocol::swim::UpdateKind::Alive,
            incarnation: 0,
            from: gossip_protocol::swim::NO_ACCUSER,
        }],
    }
    .wire_size()
        - empty(MsgKind::Gossip).wire_size();
    let kinds = [
        MsgKind::Ping,
        MsgKind::PingReq,
        MsgKind::Ack,
        MsgKind::Gossip,
    ];
    // (bytes, fixed bytes) of the piggybacking kinds so far.
    let totals = |sim: &Sim<SwimNode>| {
        let m = &sim.metrics().messages;
        kinds.iter().fold((0, 0), |(bytes, fixed), &k| {
            let count = m.sent_by_kind[k as usize];
            let size = empty(k).wire_size() as u64;
            (bytes + m.bytes_by_kind[k as usize], fixed + count * size)
        })
    };
    let mut sim = Sim::<SwimNode>::new(s, config);
    sim.run_until(warm_up * period);
    let (bytes0, fixed0) = totals(&sim);
    sim.run_until((warm_up + window) * period);
    let (bytes1, fixed1) = totals(&sim);
    let (bytes, fixed) = ((bytes1 - bytes0) as f64, (fixed1 - fixed0) as f64);
    let member_periods = f64::from(nodes) * window as f64;
    PiggybackLoad {
        bytes_per_member_period: bytes / member_periods,
        header_bytes_per_member_period: fixed / member_periods,
        updates_per_member: (bytes - fixed) / one_update as f64 / f64::from(nodes),
    }
}

/// Heartbeat gossip, fan-out 1, full topology, synchronous rounds (aligned start, 1 s period,
/// 1 ms latency): `nodes - 1` members run for 20 s, then one joins; the number of rounds until
/// every member lists it, counting the joiner's first gossip round as round 1.
///
/// `t` is 60 s, several times the ~17 rounds the spread takes at N = 512: with a shorter one
/// the first members to hear of the joiner can suspect it again before the last hears of it,
/// which delays "every member lists it alive".
pub fn gossip_spread_rounds(nodes: u32, seeds: std::ops::Range<u64>) -> Estimate {
    let join_at = 20 * SECOND;
    let rounds: Vec<f64> = seeds
        .map(|seed| {
            let query = "topo=full&period=1000&t=60000&latency=1";
            let mut s = Scenario::from_query(query).expect("valid");
            s.nodes = nodes - 1;
            s.seed = seed;
            s.events.push(TimedEvent::new(join_at / 1000, Action::Join));
            let mut config = s.gossip_config();
            config.aligned_start = true;
            let period = config.period;
            let mut sim = Sim::<GossipNode>::new(s, config);
            sim.run_until(join_at + 60 * period);
            let j = sim.metrics().joins[0];
            let known = j.all_know.expect("the joiner's entry reaches everyone");
            // The join falls on a round boundary, so its first round is at `join_at`; the last
            // member hears in round r at `join_at + (r - 1)·period + latency`.
            ((known - join_at) / period + 1) as f64
        })
        .collect();
    Estimate::of(&rounds)
}

/// `(false suspicions, false deaths)` in a loss-free run of `query` for `secs` seconds.
pub fn false_positives(query: &str, secs: u64) -> (u64, u64) {
    let s = Scenario::from_query(query).expect("valid scenario");
    let mut sim = crate::build(&s).expect("valid scenario");
    sim.run_until(secs * SECOND);
    let m = sim.metrics();
    (m.false_suspicions, m.false_deaths)
}

/// First-hand false suspicions per member-hour (a member suspecting a live one after its own
/// failed probe) in `query` run for `secs` seconds, once per seed in `seeds`.
pub fn first_hand_false_suspicions(
    query: &str,
    secs: u64,
    seeds: std::ops::Range<u64>,
) -> Estimate {
    let rates: Vec<f64> = seeds
        .map(|seed| {
            let s = Scenario::from_query(&format!("{query}&seed={seed}")).expect("valid scenario");
            let mut sim = crate::build(&s).expect("valid scenario");
            sim.run_until(secs * SECOND);
            let member_hours = f64::from(s.nodes) * secs as f64 / 3600.0;
            sim.metrics().false_suspicions_first_hand as f64 / member_hours
        })
        .collect();
    Estimate::of(&rates)
}

/// [`first_hand_false_suspicions`] beside [`analysis::swim_false_suspicions_per_member_hour`]
/// (Das et al.'s false-positive probability per probe) for 64 SWIM members on a full topology,
/// 600 s a run, at two losses and indirect-probe counts where suspicions are rare.
pub fn false_positive_comparisons(seeds: u64) -> Vec<Comparison> {
    [(10, 3), (5, 2)]
        .into_iter()
        .map(|(loss, k)| {
            let query = format!("proto=swim&nodes=64&topo=full&loss={loss}&k={k}");
            let predicted = analysis::swim_false_suspicions_per_member_hour(
                &Scenario::from_query(&query).expect("valid"),
            )
            .expect("SWIM with independent loss");
            Comparison {
                what: format!(
                    "SWIM first-hand false suspicions per member-hour, N=64, loss {loss}%, k={k}"
                ),
                measured: first_hand_false_suspicions(&query, 600, 1..seeds + 1),
                predicted,
                formula: "(1-(1-p)²)(1-(1-p)⁴)^k per probe × probes per hour",
            }
        })
        .collect()
}

/// A crash of node 3 at 30 s in `query`, once per seed in `seeds`: the means of the first
/// suspicion and of the time until every live node has it dead, in ms after the crash.
pub fn crash_detection(query: &str, seeds: std::ops::Range<u64>) -> (Estimate, Estimate) {
    let (mut first, mut all_dead) = (Vec::new(), Vec::new());
    for seed in seeds {
        let q = format!("{query}&seed={seed}&ev=30s.crash.3");
        let s = Scenario::from_query(&q).expect("valid scenario");
        let mut sim = crate::build(&s).expect("valid scenario");
        sim.run_until(120 * SECOND);
        let f = sim.metrics().failures[0];
        let after = |t: Option<Micros>| (t.expect("detected within 90 s") - f.at) as f64 / 1000.0;
        first.push(after(f.first_suspect));
        all_dead.push(after(f.all_dead));
    }
    (Estimate::of(&first), Estimate::of(&all_dead))
}

/// [`crash_detection`] beside [`analysis::predict`], for the default scenario of each protocol
/// and a larger full-topology one.
pub fn prediction_comparisons(seeds: u64) -> Vec<Comparison> {
    let mut rows = Vec::new();
    for query in [
        "proto=swim",
        "proto=swim&nodes=64&topo=full",
        "",
        "nodes=64&topo=full",
    ] {
        let (first, all_dead) = crash_detection(query, 1..seeds + 1);
        let p = analysis::predict(&Scenario::from_query(query).expect("valid"));
        let name = if query.is_empty() { "gossip" } else { query };
        rows.push(Comparison {
            what: format!("{name}: crash to first suspicion (ms)"),
            measured: first,
            predicted: p.first_ms,
            formula: "predict().first_ms",
        });
        rows.push(Comparison {
            what: format!("{name}: crash to all dead (ms)"),
            measured: all_dead,
            predicted: p.all_dead_ms,
            formula: "predict().all_dead_ms",
        });
    }
    rows
}

/// One line of the comparison table.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// What is measured, and in which unit.
    pub what: String,
    /// The measurement.
    pub measured: Estimate,
    /// The prediction.
    pub predicted: f64,
    /// Where the prediction comes from.
    pub formula: &'static str,
}

impl Comparison {
    /// Relative error of the measurement against the prediction.
    pub fn relative_error(&self) -> f64 {
        (self.measured.mean - self.predicted) / self.predicted
    }
}

/// Every comparison, with `seeds` runs per stochastic figure (fewer for the slow ones: a fifth
/// for the crash predictions, a quarter for gossip at N = 512).
pub fn comparisons(seeds: u64) -> Vec<Comparison> {
    let mut rows = Vec::new();
    let period = 1_000_000.0;
    for n in [16, 64] {
        rows.push(Comparison {
            what: format!("SWIM first detection, sync rounds, N={n} (periods)"),
            measured: swim_first_detection(n, true, 50, 0..seeds),
            predicted: analysis::swim_first_detection_sync(period, n) / period,
            formula: "1/(1-(1-1/(N-1))^(N-1))",
        });
    }
    for (n, latency) in [(64, 50), (64, 250)] {
        let measured = swim_first_detection(n, false, latency, 0..seeds);
        let latency_us = latency as f64 * 1000.0;
        rows.push(Comparison {
            what: format!("SWIM first detection, async, N={n}, latency {latency} ms (periods)"),
            measured,
            predicted: analysis::swim_first_detection_async(period, latency_us, n) / period,
            formula: "1 + c(N) - L/T (c(N) -> 1)",
        });
        rows.push(Comparison {
            what: format!("  same, against the old 2T (latency {latency} ms)"),
            measured,
            predicted: 2.0,
            formula: "2T",
        });
    }
    for n in [16, 64, 256] {
        let (all, _) = swim_messages_per_member_period(n, 1, 60, 240);
        let config = Scenario::from_query("proto=swim")
            .expect("valid")
            .swim_config();
        let window = 120;
        let load = swim_piggyback_load(n, 1, 60, window, true);
        let limit = f64::from(config.lambda) * f64::from(n + 1).log10().ceil();
        rows.push(Comparison {
            what: format!("SWIM piggybacking bytes per member per period, one crash, N={n}"),
            measured: Estimate::of(&[load.bytes_per_member_period]),
            predicted: load.header_bytes_per_member_period + 2.0 * limit * 9.0 / window as f64,
            formula: "bound: headers + 2 updates × λ⌈log10(N+1)⌉ sends × 9 B / window",
        });
        rows.push(Comparison {
            what: format!("SWIM all messages per member per period, N={n}"),
            measured: Estimate::of(&[all]),
            predicted: analysis::swim_messages_per_member_period(&config, n),
            formula: "2 + 2/push-pull interval",
        });
    }
    rows.extend(prediction_comparisons(seeds.div_ceil(5)));
    rows.extend(false_positive_comparisons(seeds.div_ceil(20)));
    for n in [32, 128, 512] {
        let runs = if n >= 512 { seeds.div_ceil(4) } else { seeds };
        rows.push(Comparison {
            what: format!("push gossip rounds to reach all, fan-out 1, N={n}"),
            measured: gossip_spread_rounds(n, 0..runs),
            predicted: analysis::push_gossip_rounds(n),
            formula: "log2 N + ln N (+ O(1) in [-1.1, +2.8])",
        });
    }
    rows
}

/// The comparisons as a Markdown table.
pub fn markdown(rows: &[Comparison]) -> String {
    let mut out = String::from(
        "| measurement | runs | measured (± s.e.) | predicted | formula | error |\n\
         |---|---:|---:|---:|---|---:|\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {:.3} ± {:.3} | {:.3} | {} | {:+.1}% |",
            r.what,
            r.measured.samples,
            r.measured.mean,
            r.measured.se,
            r.predicted,
            r.formula,
            100.0 * r.relative_error()
        );
    }
    out
}
