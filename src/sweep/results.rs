//! A sweep's results as they arrive: every run's stats, each point's summary (the engine's
//! [`Summary`]), the analysis's predictions, the Pareto front of the trade-off, and the
//! exports (CSV and JSON of every run).

use super::form::Plan;
use super::job::Outcome;
use gossip_sim::analysis::{self, Prediction};
use gossip_sim::sweep::{RunStats, Summary, Sweep};

/// The unit written after a value of `key` (` ms`, ` %`, ` B`, ` msgs` or nothing).
pub fn unit_of(key: &str) -> &'static str {
    match gossip_sim::scenario::Param::from_key(key) {
        Some(p) => p.unit(),
        None => match key {
            "gossip_interval" | "pushpull" => " ms",
            "mtu" => " B",
            "burst" => " msgs",
            _ => "",
        },
    }
}

/// One point of the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// The varied keys' values, in the order of the sweep's keys.
    pub values: Vec<(String, String)>,
    /// Its runs' stats by seed offset (`None`: not back yet, or failed).
    pub runs: Vec<Option<RunStats>>,
    /// The aggregate of the runs back as of the last [`Results::refresh`].
    pub summary: Summary,
    /// Runs came back since the summary was made.
    stale: bool,
    /// What the analysis predicts for a crash at this point.
    pub prediction: Prediction,
    /// SWIM's predicted first-hand false suspicions per member-hour, where the analysis holds.
    pub fp_prediction: Option<f64>,
}

/// Which measure the trade-off plot and the Pareto front use on each axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tradeoff {
    /// Median crash to first suspicion (y) against false suspicions per member-hour (x).
    FirstSuspicion,
    /// Median crash to all-dead (y) against false deaths per member-hour (x).
    AllDead,
    /// Median crash to all-dead (y) against false deaths of members healthy at the time per
    /// healthy member-hour (x): the deaths a tuning must not cause.
    AllDeadHealthy,
    /// Median crash to all-dead (y) against false deaths of members slowed or paused at the
    /// time per member-hour spent so (x); no point without such time.
    AllDeadFaulty,
    /// Median crash to all-dead (y) against the 95 % upper bound of false deaths per
    /// member-day (x): what a goal like `false_deaths_per_member_day<=0.01` is checked on.
    AllDeadUpper95,
}

impl Tradeoff {
    /// Every choice, in the select's order.
    pub const ALL: [Tradeoff; 5] = [
        Tradeoff::FirstSuspicion,
        Tradeoff::AllDead,
        Tradeoff::AllDeadHealthy,
        Tradeoff::AllDeadFaulty,
        Tradeoff::AllDeadUpper95,
    ];

    /// The select's value for this choice.
    pub fn value(self) -> &'static str {
        match self {
            Tradeoff::FirstSuspicion => "first",
            Tradeoff::AllDead => "dead",
            Tradeoff::AllDeadHealthy => "dead-healthy",
            Tradeoff::AllDeadFaulty => "dead-faulty",
            Tradeoff::AllDeadUpper95 => "dead-upper95",
        }
    }

    /// The choice of a select's value (the first for anything else).
    pub fn of_value(v: &str) -> Tradeoff {
        Tradeoff::ALL
            .into_iter()
            .find(|t| t.value() == v)
            .unwrap_or(Tradeoff::FirstSuspicion)
    }

    /// The select's text for this choice.
    pub fn label(self) -> &'static str {
        match self {
            Tradeoff::FirstSuspicion => "first suspicion vs false suspicions",
            Tradeoff::AllDead => "all dead vs false deaths",
            Tradeoff::AllDeadHealthy => "all dead vs false deaths of healthy members",
            Tradeoff::AllDeadFaulty => "all dead vs false deaths of slowed or paused members",
            Tradeoff::AllDeadUpper95 => "all dead vs false deaths per member-day, 95 % upper bound",
        }
    }

    /// The x axis's title (the scale is logarithmic).
    pub fn x_title(self) -> &'static str {
        match self {
            Tradeoff::FirstSuspicion => "false suspicions per member-hour (log scale)",
            Tradeoff::AllDead => "false deaths per member-hour (log scale)",
            Tradeoff::AllDeadHealthy => {
                "false deaths of healthy members per healthy member-hour (log scale)"
            }
            Tradeoff::AllDeadFaulty => {
                "false deaths of slowed or paused members per member-hour so spent (log scale)"
            }
            Tradeoff::AllDeadUpper95 => "false deaths per member-day, 95 % upper bound (log scale)",
        }
    }

    /// (x, y) of a point: false-positive rate, detection latency (ms); `None` while the point
    /// has no detected crash (or no rate: no faulty member time, no member time).
    pub fn xy(self, s: &Summary) -> Option<(f64, f64)> {
        let x = match self {
            Tradeoff::FirstSuspicion => {
                return s
                    .first_suspect
                    .median_ms
                    .map(|y| (s.false_suspicions_per_member_hour, y));
            }
            Tradeoff::AllDead => Some(s.false_deaths_per_member_hour),
            Tradeoff::AllDeadHealthy => Some(s.false_deaths_of_healthy_per_member_hour),
            Tradeoff::AllDeadFaulty => s.false_deaths_of_faulty_per_member_hour,
            Tradeoff::AllDeadUpper95 => s.false_deaths_per_member_day_upper95,
        };
        Some((x?, s.all_dead.median_ms?))
    }
}

/// A series of points: its label (the second key's value, if any) and its (x, point index)
/// pairs along the first key.
pub type Series = (Option<String>, Vec<(f64, usize)>);

/// Everything a sweep has produced so far.
#[derive(Clone, Debug)]
pub struct Results {
    /// The sweep's number (jobs of an earlier, cancelled sweep are ignored).
    pub id: u32,
    /// The grid.
    pub sweep: Sweep,
    /// Virtual time of every run, ms.
    pub until_ms: u64,
    /// One per point, in the sweep's order.
    pub points: Vec<Point>,
    /// Runs back (including failed ones).
    pub done: usize,
    /// Runs that could not run: (index, why).
    pub errors: Vec<(usize, String)>,
    /// Message events of the runs back.
    pub message_events: u64,
    /// Wall time the workers spent in runs, ms (summed over workers).
    pub busy_ms: f64,
}

impl Results {
    /// The empty results of sweep number `id` of `plan`.
    pub fn new(id: u32, plan: &Plan) -> Results {
        let sweep = plan.sweep.clone();
        let points = (0..sweep.point_count())
            .map(|p| {
                let scenario = sweep.run(p * sweep.seeds as usize).scenario;
                Point {
                    values: sweep.point(p),
                    runs: vec![None; sweep.seeds as usize],
                    summary: Summary::default(),
                    stale: false,
                    prediction: analysis::predict(&scenario),
                    fp_prediction: analysis::swim_false_suspicions_per_member_hour(&scenario),
                }
            })
            .collect();
        Results {
            id,
            sweep,
            until_ms: plan.until_ms,
            points,
            done: 0,
            errors: Vec::new(),
            message_events: 0,
            busy_ms: 0.0,
        }
    }

    /// Total runs.
    pub fn total(&self) -> usize {
        self.sweep.len()
    }

    /// True when every run is back.
    pub fn finished(&self) -> bool {
        self.done >= self.total()
    }

    /// Takes a worker's answer in; false if it belongs to another sweep or was counted. The
    /// point's summary is brought up to date by the next [`Results::refresh`], so that a point
    /// of many seeds is not summarised again at every answer.
    pub fn record(&mut self, o: Outcome) -> bool {
        let index = o.index as usize;
        if o.sweep != self.id || index >= self.total() {
            return false;
        }
        let seeds = self.sweep.seeds as usize;
        let (p, s) = (index / seeds, index % seeds);
        if self.points[p].runs[s].is_some() || self.errors.iter().any(|(i, _)| *i == index) {
            return false;
        }
        self.done += 1;
        self.message_events += o.message_events;
        self.busy_ms += o.wall_ms;
        match o.stats {
            Ok(stats) => {
                let point = &mut self.points[p];
                point.runs[s] = Some(stats);
                point.stale = true;
            }
            Err(e) => self.errors.push((index, e)),
        }
        true
    }

    /// Summarises again the points whose runs came back since the last call.
    pub fn refresh(&mut self) {
        for point in self.points.iter_mut().filter(|p| p.stale) {
            let back: Vec<RunStats> = point.runs.iter().flatten().cloned().collect();
            point.summary = Summary::of(&back);
            point.stale = false;
        }
    }

    /// The varied keys.
    pub fn keys(&self) -> Vec<&str> {
        self.sweep.vary.iter().map(|v| v.key.as_str()).collect()
    }

    /// Position of each of the first key's values on the x axis: the values themselves when
    /// all are numbers, else 0, 1, 2, ... (a categorical axis, labelled by [`Self::x_labels`]).
    pub fn x_positions(&self) -> Vec<f64> {
        let values = &self.sweep.vary[0].values;
        let numbers: Vec<Option<f64>> = values.iter().map(|v| v.parse().ok()).collect();
        if numbers.iter().all(Option::is_some) {
            numbers.into_iter().flatten().collect()
        } else {
            (0..values.len()).map(|i| i as f64).collect()
        }
    }

    /// The first key's values as labels, when the axis is categorical.
    pub fn x_labels(&self) -> Option<Vec<String>> {
        let values = &self.sweep.vary[0].values;
        values
            .iter()
            .any(|v| v.parse::<f64>().is_err())
            .then(|| values.clone())
    }

    /// The series: one per value of the second key (its label), or one unnamed series; each
    /// lists (x, point index) along the first key, by increasing x (values typed out of order
    /// are still drawn as a line from left to right).
    pub fn series(&self) -> Vec<Series> {
        let mut series = self.series_as_typed();
        for (_, pts) in &mut series {
            gossip_sim::sort::by(pts, |a, b| a.0.total_cmp(&b.0));
        }
        series
    }

    fn series_as_typed(&self) -> Vec<Series> {
        let xs = self.x_positions();
        let n1 = xs.len();
        match self.sweep.vary.get(1) {
            None => vec![(None, xs.iter().copied().zip(0..n1).collect())],
            Some(v2) => (0..v2.values.len())
                .map(|j| {
                    let label = format!("{}={}{}", v2.key, v2.values[j], unit_of(&v2.key));
                    let pts = (0..n1).map(|i| (xs[i], i * v2.values.len() + j)).collect();
                    (Some(label), pts)
                })
                .collect(),
        }
    }

    /// The points on the Pareto front of `t` (no other point is at least as good on both
    /// axes and better on one), by increasing false-positive rate. With a second key, one
    /// front per value of it ([`Results::pareto_by_series`]), all together: a point is
    /// compared only with the points that share its second key's value (a lossier network is
    /// a condition to live with, not a setting to choose).
    pub fn pareto(&self, t: Tradeoff) -> Vec<usize> {
        self.pareto_by_series(t).concat()
    }

    /// The Pareto front of `t` within each series of [`Results::series`], in its order.
    pub fn pareto_by_series(&self, t: Tradeoff) -> Vec<Vec<usize>> {
        let xy: Vec<Option<(f64, f64)>> = self.points.iter().map(|p| t.xy(&p.summary)).collect();
        self.series()
            .into_iter()
            .map(|(_, pts)| {
                let members: Vec<usize> = pts.iter().map(|&(_, p)| p).collect();
                let mut front: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let Some((x, y)) = xy[i] else { return false };
                        !members.iter().any(|&j| {
                            j != i
                                && xy[j].is_some_and(|(ox, oy)| {
                                    ox <= x && oy <= y && (ox < x || oy < y)
                                })
                        })
                    })
                    .collect();
                gossip_sim::sort::by(&mut front, |&a, &b| {
                    let (a, b) = (xy[a].unwrap_or_default(), xy[b].unwrap_or_default());
                    a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1))
                });
                front
            })
            .collect()
    }

    /// The link (query with seed) that replays run `index` alone.
    pub fn run_query(&self, index: usize) -> String {
        self.sweep.run(index).scenario.to_query_with_seed()
    }

    /// A point's label: `k=1` or `k=1, loss=5`.
    pub fn label(&self, p: usize) -> String {
        let values: Vec<String> = self.points[p]
            .values
            .iter()
            .map(|(k, v)| format!("{k}={v}{}", unit_of(k)))
            .collect();
        values.join(", ")
    }

    /// Every run back, one CSV row each (ms latencies of each crash, `;`-separated, empty
    /// when not detected before the end).
    pub fn csv(&self) -> String {
        let keys = self.keys().join(",");
        let mut out = format!(
            "run,point,{keys},seed,scenario,until_ms,first_suspect_ms,all_dead_ms,\
             false_suspicions,false_suspicions_first_hand,false_deaths,messages,bytes,member_ms\n"
        );
        for (index, seed, stats) in self.runs() {
            let run = self.sweep.run(index);
            let values: Vec<String> = self.points[run.point]
                .values
                .iter()
                .map(|(_, v)| v.clone())
                .collect();
            let lat = |l: &[Option<u64>]| latencies(l, "", ";");
            out.push_str(&format!(
                "{index},{},{},{seed},\"{}\",{},{},{},{},{},{},{},{},{}\n",
                run.point,
                values.join(","),
                self.run_query(index),
                self.until_ms,
                lat(&stats.first_suspect),
                lat(&stats.all_dead),
                stats.false_suspicions,
                stats.false_suspicions_first_hand,
                stats.false_deaths,
                stats.messages,
                stats.bytes,
                stats.member_ms,
            ));
        }
        out
    }

    /// Every run back and every point's summary and predictions, as JSON: the engine's one
    /// writer (`gossip_sim::sweep::json`), the bytes `gossip-sim sweep --document` prints for
    /// the same runs.
    pub fn json(&self) -> String {
        let runs: Vec<(usize, &RunStats)> = self.runs().map(|(i, _, s)| (i, s)).collect();
        gossip_sim::sweep::json::document(&self.sweep, self.until_ms, &runs)
    }

    /// The runs back, in order: (index, seed, stats).
    pub fn runs(&self) -> impl Iterator<Item = (usize, u64, &RunStats)> {
        let seeds = self.sweep.seeds as usize;
        let first = self.sweep.first_seed;
        self.points.iter().enumerate().flat_map(move |(p, point)| {
            point
                .runs
                .iter()
                .enumerate()
                .filter_map(move |(s, r)| r.as_ref().map(|r| (p * seeds + s, first + s as u64, r)))
        })
    }
}

/// Latencies (µs) as ms, `none` for an undetected one, joined by `sep`.
fn latencies(l: &[Option<u64>], none: &str, sep: &str) -> String {
    let v: Vec<String> = l
        .iter()
        .map(|t| t.map_or(none.to_string(), |us| (us as f64 / 1000.0).to_string()))
        .collect();
    v.join(sep)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
