//! Goals (`all_dead_p95<=15s`) and the metrics they name, estimated from a point's runs with
//! a one-sided 95 % bound on each side that is honest for the data at hand:
//! - a **rate of rare events** (false suspicions, false deaths) is a Poisson count over the
//!   runs' member time: its bounds are the exact (Garwood) ones, so 0 false deaths in `H`
//!   member-hours is "at most 2.996 / `H`", not 0;
//! - a **percentile of detection latency** is an order statistic over every crash of every
//!   run, a crash not detected before the end counting as later than any; its bounds are the
//!   distribution-free binomial ranks (59 crashes before a 95th percentile has an upper
//!   bound at all);
//! - a **load** (messages or bytes per member-second) is the mean of the runs' own rates with
//!   the normal approximation's bound (mean ± 1.645 standard errors; two runs at least).

use crate::bounds::{poisson_lower_of, poisson_upper_of, quantile_ranks};
use crate::sweep::RunStats;
use std::fmt;

/// The confidence of every bound, one-sided.
pub const CONFIDENCE: f64 = 0.95;

/// What a metric measures, and how it is bounded.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A quantile of crash-to-first-suspicion latency (ms).
    FirstSuspect(Quantile),
    /// A quantile of crash-to-everyone-sees-it-dead latency (ms).
    AllDead(Quantile),
    /// Events per member time: which count, over which member time (ms), per unit (ms).
    Rate(fn(&RunStats) -> u64, fn(&RunStats) -> u64, u64),
    /// Per running member per second: which total.
    Load(fn(&RunStats) -> u64),
}

/// The median or the 95th percentile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quantile {
    P50,
    P95,
}

impl Quantile {
    fn q(self) -> f64 {
        match self {
            Quantile::P50 => 0.5,
            Quantile::P95 => 0.95,
        }
    }
}

/// A metric a goal or `--minimize` can name (metrics are equal when their names are).
#[derive(Clone, Copy, Debug)]
pub struct Metric {
    /// Its name, as in `gossip-sim sweep --summary`'s fields where they share one.
    pub name: &'static str,
    kind: Kind,
    /// What it means, for `--help` and errors.
    pub help: &'static str,
}

const HOUR_MS: u64 = 3_600_000;
/// Every running member's time.
const ALL: fn(&RunStats) -> u64 = |r| r.member_ms;
const DAY_MS: u64 = 86_400_000;

/// Every metric, in the order `--help` lists them.
pub const METRICS: [Metric; 13] = [
    Metric {
        name: "first_suspect_p50",
        kind: Kind::FirstSuspect(Quantile::P50),
        help: "median time from a crash to its first suspicion (a goal's value: 15s or 1500ms)",
    },
    Metric {
        name: "first_suspect_p95",
        kind: Kind::FirstSuspect(Quantile::P95),
        help: "95th percentile of the time from a crash to its first suspicion",
    },
    Metric {
        name: "all_dead_p50",
        kind: Kind::AllDead(Quantile::P50),
        help: "median time from a crash until every running member has it dead or removed",
    },
    Metric {
        name: "all_dead_p95",
        kind: Kind::AllDead(Quantile::P95),
        help: "95th percentile of the time from a crash until every running member has it dead",
    },
    Metric {
        name: "false_suspicions_per_member_hour",
        kind: Kind::Rate(|r| r.false_suspicions, ALL, HOUR_MS),
        help: "an observer suspecting a running member (each observer counts), per member-hour",
    },
    Metric {
        name: "first_hand_false_suspicions_per_member_hour",
        kind: Kind::Rate(|r| r.false_suspicions_first_hand, ALL, HOUR_MS),
        help: "those a member came to on its own timer, per member-hour",
    },
    Metric {
        name: "false_deaths_per_member_hour",
        kind: Kind::Rate(|r| r.false_deaths, ALL, HOUR_MS),
        help: "an observer declaring a running member dead (each observer counts), per member-hour",
    },
    Metric {
        name: "false_deaths_per_member_day",
        kind: Kind::Rate(|r| r.false_deaths, ALL, DAY_MS),
        help: "the same, per member-day",
    },
    Metric {
        name: "false_deaths_of_healthy_per_member_day",
        kind: Kind::Rate(
            RunStats::false_deaths_of_healthy,
            RunStats::healthy_member_ms,
            DAY_MS,
        ),
        help: "members neither slowed nor paused when declared dead, per healthy member-day",
    },
    Metric {
        name: "false_deaths_of_faulty_per_member_hour",
        kind: Kind::Rate(
            |r| r.false_deaths_of_faulty,
            |r| r.faulty_member_ms,
            HOUR_MS,
        ),
        help: "members slowed or paused when declared dead, per member-hour slowed or paused",
    },
    Metric {
        name: "false_deaths_of_healthy_per_member_hour",
        kind: Kind::Rate(
            RunStats::false_deaths_of_healthy,
            RunStats::healthy_member_ms,
            HOUR_MS,
        ),
        help: "members neither slowed nor paused when declared dead, per healthy member-hour",
    },
    Metric {
        name: "messages_per_member_s",
        kind: Kind::Load(|r| r.messages),
        help: "messages sent per running member per second",
    },
    Metric {
        name: "bytes_per_member_s",
        kind: Kind::Load(|r| r.bytes),
        help: "bytes sent per running member per second",
    },
];

impl PartialEq for Metric {
    fn eq(&self, other: &Metric) -> bool {
        self.name == other.name
    }
}

impl Metric {
    /// The metric named `name`; the error lists them all.
    pub fn named(name: &str) -> Result<Metric, String> {
        METRICS
            .iter()
            .find(|m| m.name == name)
            .copied()
            .ok_or_else(|| {
                format!(
                    "'{name}' is not a metric; accepted: {}",
                    METRICS.map(|m| m.name).join(", ")
                )
            })
    }

    /// True for a latency (its values are ms, written `15s` or `1500ms` in a goal).
    pub fn is_latency(&self) -> bool {
        matches!(self.kind, Kind::FirstSuspect(_) | Kind::AllDead(_))
    }

    /// The estimate and its bounds over `runs` (every undetected crash counts as later than
    /// every detected one).
    pub fn estimate(&self, runs: &[RunStats]) -> Estimate {
        self.estimate_within(runs, 0.0)
    }

    /// The estimate and its bounds over `runs`, for a latency judged against `horizon_ms`:
    /// a crash still undetected at the end of its run counts as later than every detected
    /// one if the run went on at least `horizon_ms` after it, and is left out otherwise (it
    /// cannot tell whether it is detected within the horizon).
    pub fn estimate_within(&self, runs: &[RunStats], horizon_ms: f64) -> Estimate {
        let crashes = |r: &'_ RunStats, lat: &'_ [Option<u64>]| -> Vec<Option<Option<u64>>> {
            lat.iter()
                .enumerate()
                .map(|(i, &l)| {
                    let left = r.crash_left_ms.get(i).copied().unwrap_or(u64::MAX) as f64;
                    (l.is_some() || left >= horizon_ms).then_some(l)
                })
                .collect()
        };
        let samples = |f: fn(&RunStats) -> &[Option<u64>]| {
            let all: Vec<Option<Option<u64>>> =
                runs.iter().flat_map(|r| crashes(r, f(r))).collect();
            let censored = all.iter().filter(|x| x.is_none()).count();
            (all.into_iter().flatten().collect::<Vec<_>>(), censored)
        };
        match self.kind {
            Kind::FirstSuspect(q) => {
                let (v, c) = samples(|r| &r.first_suspect);
                latency(&v, c, q)
            }
            Kind::AllDead(q) => {
                let (v, c) = samples(|r| &r.all_dead);
                latency(&v, c, q)
            }
            Kind::Rate(count, exposure, unit_ms) => rate(runs, count, exposure, unit_ms),
            Kind::Load(total) => load(runs, total),
        }
    }
}

/// A metric's value over a point's runs, with one-sided 95 % bounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The point estimate; None: no data (no crash), or later than every run's end.
    pub value: Option<f64>,
    /// The value is at least this (95 %).
    pub lower: f64,
    /// The value is at most this (95 %); None: nothing bounds it above yet.
    pub upper: Option<f64>,
    /// What it rests on, in words: "0 false deaths in 12.5 member-days".
    pub basis: String,
}

fn latency(samples: &[Option<u64>], censored: usize, q: Quantile) -> Estimate {
    // Undetected crashes sort after every detected one (as +∞).
    let mut v: Vec<Option<f64>> = samples
        .iter()
        .map(|s| s.map(|us| us as f64 / 1000.0))
        .collect();
    crate::sort::by(&mut v, |a, b| match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let n = v.len();
    let missed = v.iter().filter(|x| x.is_none()).count();
    if n == 0 && censored > 0 {
        return Estimate {
            value: None,
            lower: 0.0,
            upper: None,
            basis: format!("{censored} crashes, all too near the end to tell: raise --until"),
        };
    }
    if n == 0 {
        return Estimate {
            value: None,
            lower: 0.0,
            upper: None,
            basis: "no crash in the runs: the workload needs crashes (like ev=10s.every.20s~40s.crash.?.10s)".into(),
        };
    }
    // Nearest rank, as `gossip-sim sweep --summary`.
    let rank = ((q.q() * n as f64).ceil() as usize).clamp(1, n);
    let (l, u) = quantile_ranks(n, q.q(), CONFIDENCE);
    let at = |r: usize| v.get(r.wrapping_sub(1)).copied().flatten();
    let undetected = if missed > 0 {
        format!(", {missed} not detected before the end")
    } else {
        String::new()
    };
    let bound = if u > n {
        format!("; {n} are too few to bound it above")
    } else {
        String::new()
    };
    let late = if censored > 0 {
        format!(" ({censored} more too near the end to tell)")
    } else {
        String::new()
    };
    Estimate {
        value: at(rank),
        lower: if l == 0 {
            0.0
        } else {
            at(l).unwrap_or(f64::INFINITY)
        },
        upper: if u > n { None } else { at(u) },
        basis: format!("{n} crashes{late}{undetected}{bound}"),
    }
}

fn rate(
    runs: &[RunStats],
    count: fn(&RunStats) -> u64,
    exposure: fn(&RunStats) -> u64,
    unit_ms: u64,
) -> Estimate {
    let k: u64 = runs.iter().map(count).sum();
    let member_ms: u64 = runs.iter().map(exposure).sum();
    let units = member_ms as f64 / unit_ms as f64;
    let unit = if unit_ms == DAY_MS { "day" } else { "hour" };
    let mut basis = format!("{k} in {} member-{unit}s", sig(units));
    if member_ms == 0 {
        return Estimate {
            value: None,
            lower: 0.0,
            upper: None,
            basis,
        };
    }
    // Events that come in clusters (one pause: every observer declares the member dead)
    // vary between runs more than a Poisson count: the bounds use the effective count
    // k / φ over the exposure / φ, φ the runs' Pearson dispersion when above 1.
    let phi = dispersion(runs, count, exposure, k, member_ms);
    if phi > 1.0 {
        basis += &format!(
            ", clustered: {}× a Poisson count's spread across runs",
            sig(phi)
        );
    }
    let (k_eff, units_eff) = (k as f64 / phi, units / phi);
    Estimate {
        value: Some(k as f64 / units),
        lower: poisson_lower_of(k_eff, CONFIDENCE) / units_eff,
        upper: Some(poisson_upper_of(k_eff, CONFIDENCE) / units_eff),
        basis,
    }
}

/// The Pearson dispersion of the runs' counts about the pooled rate, at least 1 (1: as
/// spread as a Poisson count; also with fewer than two runs or no event).
fn dispersion(
    runs: &[RunStats],
    count: fn(&RunStats) -> u64,
    exposure: fn(&RunStats) -> u64,
    k: u64,
    member_ms: u64,
) -> f64 {
    let used: Vec<&RunStats> = runs.iter().filter(|r| exposure(r) > 0).collect();
    if used.len() < 2 || k == 0 {
        return 1.0;
    }
    let rate = k as f64 / member_ms as f64;
    let chi2: f64 = used
        .iter()
        .map(|r| {
            let expected = rate * exposure(r) as f64;
            (count(r) as f64 - expected).powi(2) / expected
        })
        .sum();
    (chi2 / (used.len() - 1) as f64).max(1.0)
}

fn load(runs: &[RunStats], total: fn(&RunStats) -> u64) -> Estimate {
    let v: Vec<f64> = runs
        .iter()
        .filter(|r| r.member_ms > 0)
        .map(|r| total(r) as f64 / (r.member_ms as f64 / 1000.0))
        .collect();
    let n = v.len() as f64;
    let basis = format!("{} runs", v.len());
    if v.is_empty() {
        return Estimate {
            value: None,
            lower: 0.0,
            upper: None,
            basis,
        };
    }
    let mean = v.iter().sum::<f64>() / n;
    if v.len() < 2 {
        return Estimate {
            value: Some(mean),
            lower: 0.0,
            upper: None,
            basis: format!("{basis}: two are needed for a bound"),
        };
    }
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let half = 1.645 * (var / n).sqrt();
    Estimate {
        value: Some(mean),
        lower: (mean - half).max(0.0),
        upper: Some(mean + half),
        basis,
    }
}

/// `x` to three significant digits, for the words of a basis.
pub fn sig(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (2 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

/// How a goal compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `<=`
    AtMost,
    /// `<`
    Below,
    /// `>=`
    AtLeast,
    /// `>`
    Above,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::AtMost => "<=",
            Op::Below => "<",
            Op::AtLeast => ">=",
            Op::Above => ">",
        }
    }

    /// True when lower values are better (`<=`, `<`).
    pub fn wants_low(self) -> bool {
        matches!(self, Op::AtMost | Op::Below)
    }

    fn holds(self, x: f64, limit: f64) -> bool {
        match self {
            Op::AtMost => x <= limit,
            Op::Below => x < limit,
            Op::AtLeast => x >= limit,
            Op::Above => x > limit,
        }
    }
}

/// A goal: `METRIC OP VALUE`.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// What it bounds.
    pub metric: Metric,
    /// How.
    pub op: Op,
    /// The limit, in the metric's unit (ms for latencies).
    pub limit: f64,
}

/// Whether a point meets a goal, with 95 % confidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Its bound is on the right side of the limit.
    Meets,
    /// Its bound on the other side is on the wrong side.
    Fails,
    /// The limit lies between its bounds: more runs may tell.
    Unsure,
}

impl Goal {
    /// Parses `METRIC<=VALUE` (or `<`, `>=`, `>`); a latency's value is `15s` or `1500ms`;
    /// others are numbers.
    pub fn parse(s: &str) -> Result<Goal, String> {
        let at = s.find(['<', '>']).ok_or_else(|| {
            format!("'{s}' is not METRIC<=VALUE (or <, >=, >), like 'all_dead_p95<=15s'")
        })?;
        let (name, rest) = s.split_at(at);
        let (op, value) = if let Some(v) = rest.strip_prefix("<=") {
            (Op::AtMost, v)
        } else if let Some(v) = rest.strip_prefix(">=") {
            (Op::AtLeast, v)
        } else if let Some(v) = rest.strip_prefix('<') {
            (Op::Below, v)
        } else {
            (Op::Above, &rest[1..])
        };
        let metric = Metric::named(name.trim())?;
        let value = value.trim();
        let limit = if metric.is_latency() {
            parse_ms(value)
        } else {
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
        }
        .ok_or_else(|| {
            let unit = if metric.is_latency() {
                "a time with its unit, like 15s or 1500ms"
            } else {
                "a number at least 0, like 0.01"
            };
            format!("in '{s}', '{value}' is not {unit}")
        })?;
        Ok(Goal { metric, op, limit })
    }

    /// The verdict on `e`.
    pub fn verdict(&self, e: &Estimate) -> Verdict {
        let upper = e.upper.unwrap_or(f64::INFINITY);
        if self.op.wants_low() {
            if self.op.holds(upper, self.limit) {
                Verdict::Meets
            } else if !self.op.holds(e.lower, self.limit) {
                Verdict::Fails
            } else {
                Verdict::Unsure
            }
        } else if self.op.holds(e.lower, self.limit) {
            Verdict::Meets
        } else if !self.op.holds(upper, self.limit) {
            Verdict::Fails
        } else {
            Verdict::Unsure
        }
    }

    /// How far the guaranteed side of `e` is inside the limit, relative to it (0 at the
    /// limit, negative outside); the goal with the least slack binds.
    pub fn slack(&self, e: &Estimate) -> f64 {
        let scale = if self.limit > 0.0 { self.limit } else { 1.0 };
        if self.op.wants_low() {
            (self.limit - e.upper.unwrap_or(f64::INFINITY)) / scale
        } else {
            (e.lower - self.limit) / scale
        }
    }
}

/// `15s` or `1500ms` (a bare number is refused: `20` read as 20 ms surprised people).
fn parse_ms(s: &str) -> Option<f64> {
    let (digits, scale) = if let Some(d) = s.strip_suffix("ms") {
        (d, 1.0)
    } else if let Some(d) = s.strip_suffix('s') {
        (d, 1000.0)
    } else {
        return None;
    };
    digits
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| v * scale)
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value =
            if self.metric.is_latency() && self.limit >= 1000.0 && self.limit % 1000.0 == 0.0 {
                format!("{}s", self.limit / 1000.0)
            } else if self.metric.is_latency() {
                format!("{}ms", self.limit)
            } else {
                format!("{}", self.limit)
            };
        write!(f, "{}{}{value}", self.metric.name, self.op.symbol())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(false_deaths: u64, member_ms: u64) -> RunStats {
        RunStats {
            false_deaths,
            member_ms,
            ..RunStats::default()
        }
    }

    #[test]
    fn goals_parse_with_units_and_print_back() {
        let g = Goal::parse("all_dead_p95<=15s").unwrap();
        assert_eq!((g.op, g.limit), (Op::AtMost, 15_000.0));
        assert_eq!(g.to_string(), "all_dead_p95<=15s");
        assert_eq!(
            Goal::parse("first_suspect_p50<1500ms").unwrap().limit,
            1500.0
        );
        assert_eq!(
            Goal::parse("first_suspect_p50<1500ms").unwrap().to_string(),
            "first_suspect_p50<1500ms"
        );
        let g = Goal::parse("false_deaths_per_member_day<=0.01").unwrap();
        assert_eq!(g.to_string(), "false_deaths_per_member_day<=0.01");
        assert!(Goal::parse("bytes_per_member_s>=10").unwrap().op == Op::AtLeast);
    }

    #[test]
    fn a_bad_goal_says_what_is_wrong() {
        let e = Goal::parse("all_dead_p99<=15s").unwrap_err();
        assert!(
            e.contains("'all_dead_p99' is not a metric") && e.contains("all_dead_p95"),
            "{e}"
        );
        let e = Goal::parse("all_dead_p95=15s").unwrap_err();
        assert!(e.contains("is not METRIC<=VALUE"), "{e}");
        let e = Goal::parse("false_deaths_per_member_day<=few").unwrap_err();
        assert!(e.contains("'few' is not a number"), "{e}");
        let e = Goal::parse("all_dead_p95<=soon").unwrap_err();
        assert!(e.contains("not a time"), "{e}");
        let e = Goal::parse("all_dead_p95<=20").unwrap_err();
        assert!(
            e.contains("'20' is not a time with its unit, like 15s"),
            "{e}"
        );
    }

    #[test]
    fn no_false_death_is_an_upper_bound_not_zero() {
        // 0 in 10 member-days: at most 2.996 / 10 per member-day.
        let runs = [run(0, 5 * DAY_MS), run(0, 5 * DAY_MS)];
        let m = Metric::named("false_deaths_per_member_day").unwrap();
        let e = m.estimate(&runs);
        assert_eq!(e.value, Some(0.0));
        assert!((e.upper.unwrap() - 0.29957).abs() < 1e-4, "{e:?}");
        assert_eq!(e.basis, "0 in 10.0 member-days");
        let strict = Goal::parse("false_deaths_per_member_day<=0.01").unwrap();
        assert_eq!(
            strict.verdict(&e),
            Verdict::Unsure,
            "0 seen does not show 0.01"
        );
        let loose = Goal::parse("false_deaths_per_member_day<=0.5").unwrap();
        assert_eq!(loose.verdict(&e), Verdict::Meets);
        // 20 in 10 member-days clearly fails 0.5 a day.
        let e = m.estimate(&[run(20, 10 * DAY_MS)]);
        assert_eq!(loose.verdict(&e), Verdict::Fails);
    }

    #[test]
    fn an_undetected_crash_counts_as_later_than_every_detected_one() {
        let mut r = RunStats {
            all_dead: vec![Some(2_000_000), None, Some(1_000_000)],
            ..RunStats::default()
        };
        let m = Metric::named("all_dead_p50").unwrap();
        let e = m.estimate(std::slice::from_ref(&r));
        assert_eq!(e.value, Some(2000.0), "the median of 1 s, 2 s and never");
        assert_eq!(e.upper, None, "three crashes bound nothing above");
        assert!(e.basis.contains("1 not detected"), "{}", e.basis);
        let g = Goal::parse("all_dead_p50<=15s").unwrap();
        r.all_dead = vec![None; 3];
        let e = m.estimate(std::slice::from_ref(&r));
        assert_eq!(e.value, None);
        assert_eq!(
            g.verdict(&e),
            Verdict::Unsure,
            "three crashes bound nothing below either"
        );
        r.all_dead = vec![None; 10];
        let e = m.estimate(std::slice::from_ref(&r));
        assert_eq!(
            g.verdict(&e),
            Verdict::Fails,
            "ten never detected: its lower bound is ∞"
        );
    }

    #[test]
    fn a_latency_goal_is_met_once_enough_crashes_bound_it() {
        let r = RunStats {
            all_dead: (1..=100).map(|i| Some(i * 100_000)).collect(), // 0.1 s .. 10 s
            ..RunStats::default()
        };
        let m = Metric::named("all_dead_p95").unwrap();
        let e = m.estimate(std::slice::from_ref(&r));
        assert_eq!(e.value, Some(9500.0));
        let (l, u) = (e.lower, e.upper.unwrap());
        assert!(l < 9500.0 && u > 9500.0 && u <= 10_000.0, "{e:?}");
        assert_eq!(
            Goal::parse("all_dead_p95<=10s").unwrap().verdict(&e),
            Verdict::Meets
        );
        assert_eq!(
            Goal::parse("all_dead_p95<=5s").unwrap().verdict(&e),
            Verdict::Fails
        );
        assert_eq!(
            Goal::parse("all_dead_p95<=9500ms").unwrap().verdict(&e),
            Verdict::Unsure
        );
    }

    #[test]
    fn a_load_needs_two_runs_for_a_bound() {
        let r = |bytes| RunStats {
            bytes,
            member_ms: 1000,
            ..RunStats::default()
        };
        let m = Metric::named("bytes_per_member_s").unwrap();
        let one = m.estimate(&[r(100)]);
        assert_eq!((one.value, one.upper), (Some(100.0), None));
        let two = m.estimate(&[r(100), r(120)]);
        assert_eq!(two.value, Some(110.0));
        assert!(two.upper.unwrap() > 110.0 && two.lower < 110.0);
    }

    #[test]
    fn a_crash_undetected_too_near_the_end_is_left_out_of_a_latency_goal() {
        let r = RunStats {
            all_dead: vec![Some(1_000_000), None, None],
            crash_left_ms: vec![200_000, 100_000, 3_000],
            ..RunStats::default()
        };
        let m = Metric::named("all_dead_p50").unwrap();
        // Against 15 s: the crash 3 s before the end cannot tell; the other undetected one,
        // 100 s before it, is later than 15 s.
        let e = m.estimate_within(std::slice::from_ref(&r), 15_000.0);
        assert_eq!(
            e.value,
            Some(1000.0),
            "nearest rank: the lower of 1 s and never"
        );
        assert_eq!(
            e.basis,
            "2 crashes (1 more too near the end to tell), 1 not detected before the end; 2 are too few to bound it above"
        );
        // Without a horizon every undetected crash counts.
        assert!(
            m.estimate(std::slice::from_ref(&r))
                .basis
                .starts_with("3 crashes, 2 not")
        );
    }

    #[test]
    fn clustered_false_deaths_widen_the_bounds_by_their_spread_across_runs() {
        // The same 52 events in 4 runs: spread evenly, or all in one run (one long pause,
        // every observer declaring its member dead).
        let m = Metric::named("false_deaths_per_member_day").unwrap();
        let even = m.estimate(&[
            run(13, DAY_MS),
            run(13, DAY_MS),
            run(13, DAY_MS),
            run(13, DAY_MS),
        ]);
        let clustered = m.estimate(&[
            run(52, DAY_MS),
            run(0, DAY_MS),
            run(0, DAY_MS),
            run(0, DAY_MS),
        ]);
        assert_eq!(even.value, clustered.value);
        assert_eq!(even.basis, "52 in 4.00 member-days");
        assert!(
            clustered
                .basis
                .contains("clustered: 52.0× a Poisson count's spread"),
            "{}",
            clustered.basis
        );
        let (e, c) = (even.upper.unwrap(), clustered.upper.unwrap());
        // χ²_0.95(106) / 2 = 65.5 events, over 4 member-days.
        assert!((e - 16.38).abs() < 0.01, "Poisson: {e}");
        assert!(c > 2.0 * e, "clustered {c} vs even {e}");
        assert!(clustered.lower < even.lower);
    }
}
