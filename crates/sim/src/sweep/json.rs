//! A sweep's results as JSON, written once for every program that writes them: the CLI's
//! `gossip-sim sweep --summary` lines and `--document`, and the page's "export JSON", so that
//! the same runs give the same bytes. Figures are rounded to 4 decimals (an upper bound
//! upwards); a latency not reached before the end of its run is `null`, and so is a rate
//! without exposure.

use super::{Latency, RunStats, Summary, Sweep};
use crate::analysis;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `x` rounded *up* to 4 decimals: an upper bound must not round to below itself (a bound of
/// 0.00003 a member-day is written 0.0001, not 0).
fn round_up(x: f64) -> f64 {
    (x * 10_000.0).ceil() / 10_000.0
}

/// A point's varied values, in the sweep's key order: numbers as numbers, names as strings.
struct Values(Vec<(String, String)>);

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            match v.parse::<u64>() {
                Ok(n) => map.serialize_entry(k, &n)?,
                Err(_) => map.serialize_entry(k, v)?,
            }
        }
        map.end()
    }
}

/// A latency's aggregates over a point's crashes, ms.
#[derive(Serialize)]
struct LatencyJson {
    failures: usize,
    detected: usize,
    median: Option<f64>,
    p95: Option<f64>,
    mean: Option<f64>,
}

impl From<&Latency> for LatencyJson {
    fn from(l: &Latency) -> LatencyJson {
        LatencyJson {
            failures: l.failures,
            detected: l.detected,
            median: l.median_ms.map(round),
            p95: l.p95_ms.map(round),
            mean: l.mean_ms.map(round),
        }
    }
}

/// One point: its values, the seeds its runs used, their aggregates, and what the analysis
/// predicts there.
#[derive(Serialize)]
struct PointJson {
    point: Values,
    runs: usize,
    seeds: [u64; 2],
    first_suspect_ms: LatencyJson,
    all_dead_ms: LatencyJson,
    suspected_at_crash: usize,
    false_suspicions_per_member_hour: f64,
    first_hand_false_suspicions_per_member_hour: f64,
    false_deaths_per_member_hour: f64,
    false_deaths_of_healthy_per_member_hour: f64,
    false_deaths_of_faulty_per_member_hour: Option<f64>,
    false_deaths_per_member_day: f64,
    false_deaths_per_member_day_upper95: Option<f64>,
    messages_per_member_s: f64,
    bytes_per_member_s: f64,
    predicted_first_suspect_ms: f64,
    predicted_all_dead_ms: f64,
    predicted_first_hand_false_suspicions_per_member_hour: Option<f64>,
}

fn point_json(sweep: &Sweep, point: usize, seeds: [u64; 2], s: &Summary) -> PointJson {
    let scenario = sweep.run(point * sweep.seeds as usize).scenario;
    let prediction = analysis::predict(&scenario);
    PointJson {
        point: Values(sweep.point(point)),
        runs: s.runs,
        seeds,
        first_suspect_ms: (&s.first_suspect).into(),
        all_dead_ms: (&s.all_dead).into(),
        suspected_at_crash: s.suspected_at_crash,
        false_suspicions_per_member_hour: round(s.false_suspicions_per_member_hour),
        first_hand_false_suspicions_per_member_hour: round(
            s.first_hand_false_suspicions_per_member_hour,
        ),
        false_deaths_per_member_hour: round(s.false_deaths_per_member_hour),
        false_deaths_of_healthy_per_member_hour: round(s.false_deaths_of_healthy_per_member_hour),
        false_deaths_of_faulty_per_member_hour: s.false_deaths_of_faulty_per_member_hour.map(round),
        false_deaths_per_member_day: round(s.false_deaths_per_member_day),
        false_deaths_per_member_day_upper95: s.false_deaths_per_member_day_upper95.map(round_up),
        messages_per_member_s: round(s.messages_per_member_s),
        bytes_per_member_s: round(s.bytes_per_member_s),
        predicted_first_suspect_ms: round(prediction.first_ms),
        predicted_all_dead_ms: round(prediction.all_dead_ms),
        predicted_first_hand_false_suspicions_per_member_hour:
            analysis::swim_false_suspicions_per_member_hour(&scenario).map(round),
    }
}

/// One point's summary line (`gossip-sim sweep --summary`): the point's values, `seeds` (the
/// first and last seed of its runs), the aggregates of `summary` and the predictions.
pub fn summary_line(sweep: &Sweep, point: usize, seeds: [u64; 2], summary: &Summary) -> String {
    serde_json::to_string(&point_json(sweep, point, seeds, summary)).unwrap_or_default()
}

/// One run: its index, point, seed, replay link, and its stats (latencies in ms).
#[derive(Serialize)]
struct RunJson {
    run: usize,
    point: Values,
    seed: u64,
    scenario: String,
    first_suspect_ms: Vec<Option<f64>>,
    all_dead_ms: Vec<Option<f64>>,
    suspected_at_crash: Vec<u32>,
    false_suspicions: u64,
    false_suspicions_first_hand: u64,
    false_deaths: u64,
    false_deaths_of_faulty: u64,
    false_deaths_of_healthy: u64,
    messages: u64,
    bytes: u64,
    member_ms: u64,
    faulty_member_ms: u64,
}

/// Every run back and every point's summary: the page's export and `gossip-sim sweep
/// --document`.
#[derive(Serialize)]
struct Document<'a> {
    keys: Vec<&'a str>,
    seeds: u64,
    first_seed: u64,
    until_ms: u64,
    runs: Vec<RunJson>,
    points: Vec<PointJson>,
}

/// The document of a sweep's runs to `until_ms`: `runs` holds (run index, stats) of the
/// runs back, in index order (runs missing from it, cancelled or failed, are left out, and
/// each point is summarised over the runs it has).
pub fn document(sweep: &Sweep, until_ms: u64, runs: &[(usize, &RunStats)]) -> String {
    let ms = |l: &[Option<u64>]| -> Vec<Option<f64>> {
        l.iter().map(|t| t.map(|us| us as f64 / 1000.0)).collect()
    };
    let run_json = |&(index, stats): &(usize, &RunStats)| {
        let run = sweep.run(index);
        RunJson {
            run: index,
            point: Values(sweep.point(run.point)),
            seed: run.seed,
            scenario: run.scenario.to_query_with_seed(),
            first_suspect_ms: ms(&stats.first_suspect),
            all_dead_ms: ms(&stats.all_dead),
            suspected_at_crash: stats.suspected_at_crash.clone(),
            false_suspicions: stats.false_suspicions,
            false_suspicions_first_hand: stats.false_suspicions_first_hand,
            false_deaths: stats.false_deaths,
            false_deaths_of_faulty: stats.false_deaths_of_faulty,
            false_deaths_of_healthy: stats.false_deaths_of_healthy(),
            messages: stats.messages,
            bytes: stats.bytes,
            member_ms: stats.member_ms,
            faulty_member_ms: stats.faulty_member_ms,
        }
    };
    let points = (0..sweep.point_count())
        .filter_map(|p| {
            let of_point: Vec<(u64, RunStats)> = runs
                .iter()
                .filter(|(i, _)| sweep.run(*i).point == p)
                .map(|(i, s)| (sweep.run(*i).seed, (*s).clone()))
                .collect();
            let (first, last) = (of_point.first()?.0, of_point.last()?.0);
            let stats: Vec<RunStats> = of_point.into_iter().map(|(_, s)| s).collect();
            Some(point_json(sweep, p, [first, last], &Summary::of(&stats)))
        })
        .collect();
    let doc = Document {
        keys: sweep.vary.iter().map(|v| v.key.as_str()).collect(),
        seeds: sweep.seeds,
        first_seed: sweep.first_seed,
        until_ms,
        runs: runs.iter().map(run_json).collect(),
        points,
    };
    let mut out = serde_json::to_string(&doc).unwrap_or_default();
    out.push('\n');
    out
}
