//! Sweeps: one scenario run over a grid of parameter values, several seeds per point.
//!
//! A sweep is a base query, zero or more varied keys (`--vary k=0,1,3`) and a number of seeds.
//! Its runs are numbered in a fixed order, by point then seed: points are the cartesian product
//! of the varied values, the first varied key outermost, values in the order given; seeds are
//! `1..=N`, or `S..S+N-1` when the base query sets `seed=S`. A [`Shard`] `I/N` is the I-th of N
//! contiguous, disjoint slices of that order, so the N shards' outputs concatenated in shard
//! order are the unsharded output, line for line. [`run_ordered`] runs them on several threads
//! and hands the results back in that order, so the output does not depend on the number of
//! jobs. [`Summary`] aggregates the runs of one point (what the page plots).
//!
//! Nothing here prints: the command line (`gossip-sim sweep`) and the page share it.

pub mod json;

use crate::metrics::Metrics;
use crate::run::{Simulation, build};
use crate::scenario::{Action, KEYS, Scenario, ScenarioError};
use gossip_protocol::Micros;
use std::fmt;
use std::ops::Range;

/// A bad sweep argument: which one (`--vary`, `--seeds`, `--shard`, `QUERY`) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SweepError {
    /// The argument, as on the command line.
    pub arg: String,
    /// A sentence saying what was wrong and what is accepted.
    pub message: String,
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.arg, self.message)
    }
}

impl std::error::Error for SweepError {}

fn err(arg: &str, message: impl Into<String>) -> SweepError {
    SweepError {
        arg: arg.to_string(),
        message: message.into(),
    }
}

/// One varied key and its values, `KEY=V1,V2,...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vary {
    /// A scenario key other than `seed` and `ev`.
    pub key: String,
    /// Its values, as the query writes them, in the order given.
    pub values: Vec<String>,
}

impl Vary {
    /// Parses `KEY=V1,V2,...`. The values are checked when the sweep is built.
    pub fn parse(spec: &str) -> Result<Vary, SweepError> {
        let (key, values) = spec.split_once('=').ok_or_else(|| {
            err(
                "--vary",
                format!("'{spec}' is not KEY=V1,V2,...: like --vary k=0,1,3"),
            )
        })?;
        if matches!(key, "seed" | "ev") || !KEYS.contains(&key) {
            let why = match key {
                "seed" => "seeds are set by --seeds (and seed=S in the query)".to_string(),
                "ev" => "the event script is the query's ev, shared by every point".to_string(),
                _ => format!("'{key}' is not a scenario key"),
            };
            return Err(err(
                "--vary",
                format!(
                    "{why}; accepted keys: {}",
                    KEYS.iter()
                        .filter(|k| !matches!(**k, "seed" | "ev"))
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let mut expanded = Vec::new();
        for value in values.split(',') {
            if value.is_empty() {
                return Err(err(
                    "--vary",
                    format!("'{spec}' has an empty value: values are separated by single commas"),
                ));
            }
            match value.split_once("..") {
                Some((lo, hi)) => expanded.extend(range(key, lo, hi)?),
                None => expanded.push(value.to_string()),
            }
            if expanded.len() > MAX_VALUES {
                return Err(err(
                    "--vary",
                    format!("{key} has more than {MAX_VALUES} values: sweep a coarser range"),
                ));
            }
        }
        let values = expanded;
        Ok(Vary {
            key: key.to_string(),
            values,
        })
    }
}

/// Most values one varied key may take (after ranges are expanded).
pub const MAX_VALUES: usize = 200;

/// The values of a range `LO..HI` or `LO..HI:STEP` (whole numbers, both ends included).
fn range(key: &str, lo: &str, hi: &str) -> Result<Vec<String>, SweepError> {
    let (hi, step) = hi.split_once(':').unwrap_or((hi, "1"));
    let bad = || {
        err(
            "--vary",
            format!(
                "{key}={lo}..{hi}: a range is LO..HI or LO..HI:STEP with whole numbers, \
                 LO <= HI and STEP >= 1 (like 1..5 or 100..1000:100)"
            ),
        )
    };
    let (lo, hi, step): (u64, u64, u64) = match (lo.parse(), hi.parse(), step.parse()) {
        (Ok(lo), Ok(hi), Ok(step)) if lo <= hi && step >= 1 => (lo, hi, step),
        _ => return Err(bad()),
    };
    if (hi - lo) / step >= MAX_VALUES as u64 {
        return Err(err(
            "--vary",
            format!("{key} has more than {MAX_VALUES} values: sweep a coarser range"),
        ));
    }
    Ok((lo..=hi)
        .step_by(step as usize)
        .map(|v| v.to_string())
        .collect())
}

/// The I-th of N disjoint slices of a sweep's runs (1 <= I <= N).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// I, from 1.
    pub index: usize,
    /// N, at least 1.
    pub count: usize,
}

impl Shard {
    /// The whole sweep.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `I/N`.
    pub fn parse(s: &str) -> Result<Shard, SweepError> {
        let bad = || {
            err(
                "--shard",
                format!("'{s}' is not I/N with 1 <= I <= N, like --shard 2/8"),
            )
        };
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let whole = |v: &str| {
            v.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| v.parse::<usize>().ok())
                .flatten()
        };
        match (whole(i), whole(n)) {
            (Some(index), Some(count)) if 1 <= index && index <= count => {
                Ok(Shard { index, count })
            }
            _ => Err(bad()),
        }
    }

    /// The run indices of this shard among `total` runs: the I-th of N contiguous slices, whose
    /// sizes differ by at most one.
    pub fn slice(self, total: usize) -> Range<usize> {
        let at = |i: usize| (total as u128 * i as u128 / self.count as u128) as usize;
        at(self.index - 1)..at(self.index)
    }
}

/// A sweep: every point of the grid, every seed.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The varied keys, in the order given.
    pub vary: Vec<Vary>,
    /// One scenario per point, in point order (seed not yet set).
    points: Vec<Scenario>,
    /// The first seed.
    pub first_seed: u64,
    /// Seeds per point.
    pub seeds: u64,
}

/// One run of a sweep.
#[derive(Clone, Debug)]
pub struct SweepRun {
    /// Its index in the sweep's order (point, then seed).
    pub index: usize,
    /// Its point's index.
    pub point: usize,
    /// Its seed.
    pub seed: u64,
    /// The scenario as written (randomised events not drawn), with the point's values and
    /// this seed.
    pub scenario: Scenario,
}

fn pairs(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

impl Sweep {
    /// Builds the sweep of `query` over `vary` with `seeds` seeds per point, and checks every
    /// run's scenario (each point's values, and each seed's draws of randomised events).
    pub fn new(query: &str, vary: Vec<Vary>, seeds: u64) -> Result<Sweep, SweepError> {
        let base = Scenario::from_query(query).map_err(|e| err("QUERY", e.to_string()))?;
        if seeds == 0 {
            return Err(err("--seeds", "0 runs nothing: give at least 1"));
        }
        let first_seed = base.seed;
        first_seed.checked_add(seeds - 1).ok_or_else(|| {
            err(
                "--seeds",
                format!("seed {first_seed} + {seeds} overflows u64"),
            )
        })?;
        for (i, v) in vary.iter().enumerate() {
            if vary[..i].iter().any(|o| o.key == v.key) {
                return Err(err("--vary", format!("{} is varied twice", v.key)));
            }
        }
        let base_pairs = pairs(query);
        let mut points = Vec::new();
        let total: usize = vary.iter().map(|v| v.values.len()).product();
        for p in 0..total {
            let values = point_values(&vary, p);
            let mut q = base_pairs.clone();
            for (key, value) in &values {
                q.retain(|(k, _)| k != key);
                q.push((key.clone(), value.clone()));
            }
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&q)
                .finish();
            let scenario = Scenario::from_query(&query).map_err(|e| {
                let at: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
                err("--vary", format!("at {}: {e}", at.join(", ")))
            })?;
            points.push(scenario);
        }
        let sweep = Sweep {
            vary,
            points,
            first_seed,
            seeds,
        };
        for i in 0..sweep.len() {
            let run = sweep.run(i);
            run.scenario.validate().map_err(|e| {
                err(
                    "QUERY",
                    format!("{e} (with seed {}: {})", run.seed, run.scenario.to_query()),
                )
            })?;
        }
        Ok(sweep)
    }

    /// Number of points.
    pub fn point_count(&self) -> usize {
        self.points.len()
    }

    /// Number of runs: points × seeds.
    pub fn len(&self) -> usize {
        self.points.len() * self.seeds as usize
    }

    /// True if there is no run (never, for a sweep that was built).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The varied keys' values at point `p`, in the order of `vary`.
    pub fn point(&self, p: usize) -> Vec<(String, String)> {
        point_values(&self.vary, p)
    }

    /// The run at `index` (point `index / seeds`, seed `first_seed + index % seeds`).
    pub fn run(&self, index: usize) -> SweepRun {
        let seeds = self.seeds as usize;
        let point = index / seeds;
        let seed = self.first_seed + (index % seeds) as u64;
        SweepRun {
            index,
            point,
            seed,
            scenario: Scenario {
                seed,
                ..self.points[point].clone()
            },
        }
    }
}

/// The values of point `p`: mixed radix, the first varied key the most significant digit.
fn point_values(vary: &[Vary], mut p: usize) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), String::new()); vary.len()];
    for (i, v) in vary.iter().enumerate().rev() {
        let n = v.values.len();
        out[i] = (v.key.clone(), v.values[p % n].clone());
        p /= n;
    }
    out
}

/// Latest run length, ms: two days, twice the latest scripted event
/// ([`crate::scenario::MAX_EVENT_MS`]).
pub const MAX_UNTIL_MS: u64 = 2 * crate::scenario::MAX_EVENT_MS;

/// A run length, `60s` or `1500ms` (whole numbers), to microseconds, at most
/// [`MAX_UNTIL_MS`]; the error says what was wrong (the command line's `--until`, the page's
/// sweep panel).
pub fn parse_until(s: &str) -> Result<Micros, String> {
    let (digits, ms_per_unit) = if let Some(d) = s.strip_suffix("ms") {
        (d, 1)
    } else if let Some(d) = s.strip_suffix('s') {
        (d, 1000)
    } else {
        return Err(format!("'{s}' needs a unit: like 60s or 1500ms"));
    };
    let whole = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let value: u64 = whole
        .then(|| digits.parse().ok())
        .flatten()
        .ok_or_else(|| format!("'{s}' is not a whole number of s or ms"))?;
    let too_long = || format!("'{s}' is too long: at most {}s", MAX_UNTIL_MS / 1000);
    let ms = value.checked_mul(ms_per_unit).ok_or_else(too_long)?;
    if ms > MAX_UNTIL_MS {
        return Err(too_long());
    }
    Ok(ms * 1000)
}

/// Builds `scenario` (drawing its randomised events) and runs it to `until` (µs).
pub fn run(scenario: &Scenario, until: Micros) -> Result<Box<dyn Simulation>, ScenarioError> {
    let mut sim = build(scenario)?;
    sim.run_until(until);
    Ok(sim)
}

/// Calls `work(i)` for every `i` in `0..count` on `jobs` threads (the calling thread alone
/// when `jobs <= 1`), and `emit(i, result)` on the calling thread in increasing `i`, as soon as
/// every earlier result has been emitted. Runs are handed out in index order.
pub fn run_ordered<T: Send>(
    count: usize,
    jobs: usize,
    work: impl Fn(usize) -> T + Sync,
    mut emit: impl FnMut(usize, T),
) {
    if jobs <= 1 || count <= 1 {
        for i in 0..count {
            emit(i, work(i));
        }
        return;
    }
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..jobs.min(count) {
            let tx = tx.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || tx.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting: std::collections::BTreeMap<usize, T> = Default::default();
        let mut due = 0;
        for (i, result) in rx {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&due) {
                emit(due, result);
                due += 1;
            }
        }
    });
}

/// What a [`Summary`] needs of one run.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunStats {
    /// Per crash: latency from the crash to the first suspicion, µs (None: not before the end).
    pub first_suspect: Vec<Option<Micros>>,
    /// Per crash: latency from the crash until every live node had it dead or removed, µs.
    pub all_dead: Vec<Option<Micros>>,
    /// Per crash: live members whose suspicion of it was already under way at the crash
    /// (see [`crate::metrics::Failure`]; not counted in `first_suspect`).
    pub suspected_at_crash: Vec<u32>,
    /// False suspicions, as the metrics count them.
    pub false_suspicions: u64,
    /// Of those, the suspicions an observer came to first-hand (on its own timer).
    pub false_suspicions_first_hand: u64,
    /// False deaths, as the metrics count them.
    pub false_deaths: u64,
    /// Of those, the deaths of members slowed or paused then or doubted since (see
    /// [`Metrics::false_deaths_of_faulty`]); the rest are of healthy members.
    pub false_deaths_of_faulty: u64,
    /// Messages sent.
    pub messages: u64,
    /// Bytes sent.
    pub bytes: u64,
    /// Running members integrated over the run, member·ms, as the run went (recurring
    /// crashes, leaves and joins included).
    pub member_ms: u64,
    /// Per crash: the virtual time the run went on after it, ms (a crash still undetected
    /// with less time left than a latency goal's limit cannot say whether it meets it).
    #[serde(default)]
    pub crash_left_ms: Vec<u64>,
    /// Of `member_ms`, the member time spent slowed or paused, member·ms (see
    /// [`Metrics::faulty_member_us`]); the rest is healthy member time.
    pub faulty_member_ms: u64,
}

impl RunStats {
    /// False deaths of members healthy (neither slowed nor paused then, nor doubted since).
    pub fn false_deaths_of_healthy(&self) -> u64 {
        self.false_deaths - self.false_deaths_of_faulty
    }

    /// Member time spent healthy, member·ms.
    pub fn healthy_member_ms(&self) -> u64 {
        self.member_ms.saturating_sub(self.faulty_member_ms)
    }
}

impl RunStats {
    /// The stats of a run to `until` (µs), from its metrics. (The scenario is no longer read:
    /// the running members come from the metrics, recurring faults included.)
    pub fn of(_scenario: &Scenario, metrics: &Metrics, until: Micros) -> RunStats {
        let lat = |at: Micros, t: Option<Micros>| t.map(|t| t.saturating_sub(at));
        RunStats {
            first_suspect: metrics
                .failures
                .iter()
                .map(|f| lat(f.at, f.first_suspect))
                .collect(),
            all_dead: metrics
                .failures
                .iter()
                .map(|f| lat(f.at, f.all_dead))
                .collect(),
            suspected_at_crash: metrics
                .failures
                .iter()
                .map(|f| f.suspected_at_crash)
                .collect(),
            false_suspicions: metrics.false_suspicions,
            false_suspicions_first_hand: metrics.false_suspicions_first_hand,
            false_deaths: metrics.false_deaths,
            false_deaths_of_faulty: metrics.false_deaths_of_faulty,
            messages: metrics.messages.sent,
            bytes: metrics.messages.bytes,
            member_ms: metrics.member_ms(until),
            crash_left_ms: metrics
                .failures
                .iter()
                .map(|f| until.saturating_sub(f.at) / 1000)
                .collect(),
            faulty_member_ms: metrics.faulty_member_us(until) / 1000,
        }
    }
}

/// Running members integrated over `[0, until_ms]`, member·ms, from the (drawn) events.
pub fn member_ms(scenario: &Scenario, until_ms: u64) -> u64 {
    let (mut up, mut since, mut total) = (u64::from(scenario.nodes), 0u64, 0u64);
    for ev in scenario.events.iter().take_while(|e| e.at_ms <= until_ms) {
        let delta: i64 = match ev.action {
            Action::Crash(_) | Action::Leave(_) => -1,
            Action::Recover(_) | Action::Join => 1,
            _ => 0,
        };
        if delta != 0 {
            total += up * (ev.at_ms - since);
            since = ev.at_ms;
            up = up.saturating_add_signed(delta);
        }
    }
    total + up * (until_ms.saturating_sub(since))
}

/// Median and 95th percentile of latencies, ms.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Latency {
    /// Crashes counted.
    pub failures: usize,
    /// Of which detected before the end of their run (the percentiles are over these).
    pub detected: usize,
    /// Median (nearest rank: the lower middle value), ms.
    pub median_ms: Option<f64>,
    /// 95th percentile (nearest rank), ms.
    pub p95_ms: Option<f64>,
    /// Mean, ms (what the analysis predicts).
    pub mean_ms: Option<f64>,
}

impl Latency {
    fn of(values: impl Iterator<Item = Option<Micros>>) -> Latency {
        let all: Vec<Option<Micros>> = values.collect();
        let mut seen: Vec<Micros> = all.iter().flatten().copied().collect();
        crate::sort::by_key(&mut seen, |&us| us);
        let rank = |p: f64| {
            let i = ((p * seen.len() as f64).ceil() as usize).clamp(1, seen.len().max(1)) - 1;
            seen.get(i).map(|&us| us as f64 / 1000.0)
        };
        Latency {
            failures: all.len(),
            detected: seen.len(),
            median_ms: rank(0.5),
            p95_ms: rank(0.95),
            mean_ms: (!seen.is_empty())
                .then(|| seen.iter().sum::<Micros>() as f64 / seen.len() as f64 / 1000.0),
        }
    }
}

/// A member-hour and a member-day, in member·ms.
const HOUR_MS: f64 = 3_600_000.0;
const DAY_MS: f64 = 24.0 * HOUR_MS;

/// `count` per `unit_ms` of `exposure_ms`; None without exposure.
fn rate(count: u64, exposure_ms: u64, unit_ms: f64) -> Option<f64> {
    (exposure_ms > 0).then(|| count as f64 / (exposure_ms as f64 / unit_ms))
}

/// The aggregates of one point's runs (what the page plots against the parameter).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Runs aggregated.
    pub runs: usize,
    /// Crash to first suspicion, over every crash of every run.
    pub first_suspect: Latency,
    /// Crash to all dead (every live node has it dead or removed).
    pub all_dead: Latency,
    /// Crashes whose member some live member already suspected at the crash (its first
    /// detection is the first suspicion the crash caused, if any).
    pub suspected_at_crash: usize,
    /// False suspicions per member-hour (running members × hours, summed over the runs).
    pub false_suspicions_per_member_hour: f64,
    /// First-hand false suspicions (see [`RunStats`]) per member-hour.
    pub first_hand_false_suspicions_per_member_hour: f64,
    /// False deaths per member-hour.
    pub false_deaths_per_member_hour: f64,
    /// False deaths of members healthy at the time per healthy member-hour (member time
    /// neither slowed nor paused).
    pub false_deaths_of_healthy_per_member_hour: f64,
    /// False deaths of members slowed or paused at the time per member-hour spent slowed or
    /// paused; None when no member was (no exposure, no rate).
    pub false_deaths_of_faulty_per_member_hour: Option<f64>,
    /// False deaths per member-day (24 × [`Summary::false_deaths_per_member_hour`]): the unit
    /// of goals like `false_deaths_per_member_day<=0.01`.
    pub false_deaths_per_member_day: f64,
    /// The one-sided 95 % upper bound of the false-death rate per member-day
    /// ([`crate::bounds::poisson_upper95`] of the count over the member-days): 2.996 /
    /// member-days when none was seen. None without member time.
    pub false_deaths_per_member_day_upper95: Option<f64>,
    /// Messages sent per running member per second.
    pub messages_per_member_s: f64,
    /// Bytes sent per running member per second.
    pub bytes_per_member_s: f64,
}

impl Summary {
    /// Aggregates `runs` (rates are totals over total member time, so every run weighs by
    /// its length and size).
    pub fn of(runs: &[RunStats]) -> Summary {
        let member_ms: u64 = runs.iter().map(|r| r.member_ms).sum();
        let per = |total: u64, ms_per_unit: f64| {
            if member_ms == 0 {
                0.0
            } else {
                total as f64 / (member_ms as f64 / ms_per_unit)
            }
        };
        let sum = |f: fn(&RunStats) -> u64| runs.iter().map(f).sum::<u64>();
        Summary {
            runs: runs.len(),
            first_suspect: Latency::of(runs.iter().flat_map(|r| r.first_suspect.iter().copied())),
            all_dead: Latency::of(runs.iter().flat_map(|r| r.all_dead.iter().copied())),
            suspected_at_crash: runs
                .iter()
                .flat_map(|r| &r.suspected_at_crash)
                .filter(|&&n| n > 0)
                .count(),
            false_suspicions_per_member_hour: per(sum(|r| r.false_suspicions), 3_600_000.0),
            first_hand_false_suspicions_per_member_hour: per(
                sum(|r| r.false_suspicions_first_hand),
                3_600_000.0,
            ),
            false_deaths_per_member_hour: per(sum(|r| r.false_deaths), 3_600_000.0),
            false_deaths_of_healthy_per_member_hour: rate(
                sum(RunStats::false_deaths_of_healthy),
                sum(RunStats::healthy_member_ms),
                HOUR_MS,
            )
            .unwrap_or(0.0),
            false_deaths_of_faulty_per_member_hour: rate(
                sum(|r| r.false_deaths_of_faulty),
                sum(|r| r.faulty_member_ms),
                HOUR_MS,
            ),
            false_deaths_per_member_day: per(sum(|r| r.false_deaths), DAY_MS),
            false_deaths_per_member_day_upper95: (member_ms > 0).then(|| {
                crate::bounds::poisson_upper95(sum(|r| r.false_deaths))
                    / (member_ms as f64 / DAY_MS)
            }),
            messages_per_member_s: per(sum(|r| r.messages), 1000.0),
            bytes_per_member_s: per(sum(|r| r.bytes), 1000.0),
        }
    }
}
