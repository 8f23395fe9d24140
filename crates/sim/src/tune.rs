//! Tune questions: which setting of a few keys meets every goal (`all_dead_p95<=15s`,
//! `false_deaths_per_member_day<=0.01`) at the least cost (`--minimize bytes_per_member_s`),
//! and how sure is that?
//!
//! A question is a base scenario (the cluster, its network and its workload), varied keys
//! (a grid, as a sweep's), goals and an optional metric to minimise. A [`Tuner`] answers it
//! without doing any I/O: it hands out runs ([`Tuner::next_runs`]), is told their stats
//! ([`Tuner::record`]), and decides what to run next; the command line (`gossip-sim tune`)
//! and the page's workers drive the same tuner.
//!
//! **How it searches.** Every point starts with [`MIN_SEEDS`] seeds, the points of a coarse
//! sub-grid first (each key's two ends and middle), so that a partial answer covers the
//! whole grid early. After each round a point gets a verdict per goal from its runs'
//! one-sided 95 % bounds (see [`goal`]): it *meets* the goal when its bound is inside the
//! limit, *fails* it when the bound on its other side is outside, and is *unsure* in
//! between. A point that fails a goal stops there (few seeds where it clearly fails); a point
//! unsure of some goal doubles its seeds, up to the question's `--seeds`, so the seeds go
//! where a point is near a goal's boundary. A point's runs depend on its own results only,
//! never on another point's, so the answer is the same whatever the order, the number of
//! jobs, or the shards (`--shard I/N` answers for a slice of the points; `--merge` joins the
//! slices into the document one process prints).
//!
//! **The answer.** Among the points that meet every goal, the one with the least estimate of
//! the minimised metric (without one: the most slack on its tightest goal). The *binding*
//! goal is the one with the least slack there. The *front* is the points no other point
//! beats on the minimised metric and every goal's metric at once.

pub mod goal;
pub mod report;

use crate::scenario::Scenario;
use crate::sweep::{RunStats, Sweep, SweepError, Vary};
pub use goal::{Estimate, Goal, METRICS, Metric, Verdict};
use gossip_protocol::Micros;

/// Seeds every point starts with.
pub const MIN_SEEDS: u64 = 2;

/// A question: the grid, the goals, what to minimise, how many seeds at most, how long.
#[derive(Clone, Debug)]
pub struct Question {
    /// The base query, as given.
    pub query: String,
    /// The grid (a sweep of `seeds` seeds, built and checked by [`Sweep::new`]).
    pub sweep: Sweep,
    /// Every goal.
    pub goals: Vec<Goal>,
    /// The metric to minimise among the points that meet every goal.
    pub minimize: Option<Metric>,
    /// Virtual time each run lasts.
    pub until: Micros,
}

fn err(arg: &str, message: impl Into<String>) -> SweepError {
    SweepError {
        arg: arg.to_string(),
        message: message.into(),
    }
}

impl Question {
    /// Builds a question; every part is checked, and the error names the argument.
    pub fn new(
        query: &str,
        vary: Vec<Vary>,
        goals: Vec<Goal>,
        minimize: Option<Metric>,
        seeds: u64,
        until: Micros,
    ) -> Result<Question, SweepError> {
        if goals.is_empty() {
            return Err(err(
                "--goal",
                "a tune question needs at least one goal, like --goal 'all_dead_p95<=15s'",
            ));
        }
        if vary.is_empty() {
            return Err(err(
                "--vary",
                "nothing to choose: vary at least one key over two or more values, like --vary n=2..6",
            ));
        }
        if let Some(v) = vary.iter().find(|v| v.values.len() < 2) {
            return Err(err(
                "--vary",
                format!(
                    "{}={} is one value: nothing to choose; put it in the query, or give two or more values",
                    v.key,
                    v.values.join(",")
                ),
            ));
        }
        if seeds < MIN_SEEDS {
            return Err(err(
                "--seeds",
                format!(
                    "a tune question runs at least {MIN_SEEDS} seeds a point (its bounds need two runs)"
                ),
            ));
        }
        let sweep = Sweep::new(query, vary, seeds)?;
        Ok(Question {
            query: query.to_string(),
            sweep,
            goals,
            minimize,
            until,
        })
    }

    /// The scenario of `point` with `seed` (the link that replays the run).
    pub fn scenario(&self, point: usize, seed: u64) -> Scenario {
        let s = self.sweep.seeds as usize;
        let offset = (seed - self.sweep.first_seed) as usize;
        self.sweep.run(point * s + offset).scenario
    }

    /// The most seeds a point runs.
    pub fn max_seeds(&self) -> u64 {
        self.sweep.seeds
    }

    /// The order points start in: a coarse sub-grid first (each key's first, middle and last
    /// values), then the rest, each part in point order.
    pub fn start_order(&self) -> Vec<usize> {
        let vary = &self.sweep.vary;
        let coarse = |p: usize| {
            let mut rest = p;
            vary.iter().rev().all(|v| {
                let n = v.values.len();
                let i = rest % n;
                rest /= n;
                i == 0 || i == n - 1 || i == (n - 1) / 2
            })
        };
        let all = 0..self.sweep.point_count();
        all.clone()
            .filter(|&p| coarse(p))
            .chain(all.filter(|&p| !coarse(p)))
            .collect()
    }
}

/// A run the tuner wants.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRequest {
    /// Its point.
    pub point: usize,
    /// Its seed.
    pub seed: u64,
}

/// Where a point stands.
#[derive(Clone, Debug, PartialEq)]
pub struct PointResult {
    /// Its index in the grid.
    pub point: usize,
    /// Its runs' stats, seed by seed from the first seed (all recorded).
    pub runs: Vec<RunStats>,
    /// A run that could not run, if any (the point then has no verdict).
    pub error: Option<String>,
}

impl PointResult {
    /// Each goal's estimate and verdict over the runs.
    pub fn goals(&self, q: &Question) -> Vec<(Estimate, Verdict)> {
        q.goals
            .iter()
            .map(|g| {
                let e = g.metric.estimate_within(&self.runs, g.limit);
                let v = g.verdict(&e);
                (e, v)
            })
            .collect()
    }

    /// The point's verdict: fails if a goal fails, meets if all meet, else unsure.
    pub fn verdict(&self, q: &Question) -> Verdict {
        let v: Vec<Verdict> = self.goals(q).into_iter().map(|(_, v)| v).collect();
        if v.contains(&Verdict::Fails) {
            Verdict::Fails
        } else if v.iter().all(|&v| v == Verdict::Meets) {
            Verdict::Meets
        } else {
            Verdict::Unsure
        }
    }
}

/// The search (see the module's documentation), for the points of one shard.
#[derive(Clone, Debug)]
pub struct Tuner {
    /// The question.
    pub question: Question,
    /// The points this tuner answers for, in start order.
    order: Vec<usize>,
    /// Per point of the grid: seeds planned (0: not this shard's) and runs recorded.
    planned: Vec<u64>,
    results: Vec<Option<PointResult>>,
    /// Runs handed out and not yet recorded.
    pending: usize,
}

impl Tuner {
    /// A tuner for the points `points` of `question` (all of them: `0..point_count`).
    pub fn new(question: Question, points: std::ops::Range<usize>) -> Tuner {
        let n = question.sweep.point_count();
        let order: Vec<usize> = question
            .start_order()
            .into_iter()
            .filter(|p| points.contains(p))
            .collect();
        let mut results = vec![None; n];
        for &p in &order {
            results[p] = Some(PointResult {
                point: p,
                runs: Vec::new(),
                error: None,
            });
        }
        Tuner {
            question,
            order,
            planned: vec![0; n],
            results,
            pending: 0,
        }
    }

    /// The runs to do next, once every run handed out before is recorded (empty while some
    /// are pending, and when the search is over).
    pub fn next_runs(&mut self) -> Vec<RunRequest> {
        if self.pending > 0 {
            return Vec::new();
        }
        let first = self.question.sweep.first_seed;
        let max = self.question.max_seeds();
        let mut out = Vec::new();
        for &p in &self.order {
            let r = self.results[p].as_ref().expect("a point of this tuner");
            let planned = self.planned[p];
            let want = if planned == 0 {
                MIN_SEEDS.min(max)
            } else if r.error.is_none()
                && planned < max
                && r.verdict(&self.question) == Verdict::Unsure
            {
                (planned * 2).min(max)
            } else {
                planned
            };
            for s in planned..want {
                out.push(RunRequest {
                    point: p,
                    seed: first + s,
                });
            }
            self.planned[p] = want;
        }
        self.pending = out.len();
        out
    }

    /// Records a run's stats (or why it could not run).
    pub fn record(&mut self, run: &RunRequest, stats: Result<RunStats, String>) {
        self.pending = self.pending.saturating_sub(1);
        let Some(Some(r)) = self.results.get_mut(run.point) else {
            return;
        };
        match stats {
            Ok(s) => {
                let offset = (run.seed - self.question.sweep.first_seed) as usize;
                if r.runs.len() <= offset {
                    r.runs.resize(offset + 1, RunStats::default());
                }
                r.runs[offset] = s;
            }
            Err(e) => {
                r.error.get_or_insert(format!("seed {}: {e}", run.seed));
            }
        }
    }

    /// True when no run is pending and none is left to plan.
    pub fn is_done(&self) -> bool {
        self.pending == 0
            && self.order.iter().all(|&p| {
                let r = self.results[p].as_ref().expect("a point of this tuner");
                self.planned[p] > 0
                    && (r.error.is_some()
                        || self.planned[p] >= self.question.max_seeds()
                        || r.verdict(&self.question) != Verdict::Unsure)
            })
    }

    /// Runs recorded, and runs the search may still need at most (for progress).
    pub fn progress(&self) -> (u64, u64) {
        let done: u64 = self.planned.iter().sum::<u64>() - self.pending as u64;
        let max = self.question.max_seeds();
        let mut most = 0;
        for &p in &self.order {
            let r = self.results[p].as_ref().expect("a point of this tuner");
            let open = self.planned[p] == 0
                || (r.error.is_none() && r.verdict(&self.question) == Verdict::Unsure);
            most += if open { max } else { self.planned[p] };
        }
        (done, most)
    }

    /// The points answered so far, in point order.
    pub fn results(&self) -> Vec<PointResult> {
        self.results.iter().flatten().cloned().collect()
    }

    /// Drives the search to its end, running each round's runs with `run_round` (which must
    /// return one result per request, in order).
    pub fn run_all(
        &mut self,
        mut run_round: impl FnMut(&Question, &[RunRequest]) -> Vec<Result<RunStats, String>>,
    ) {
        loop {
            let round = self.next_runs();
            if round.is_empty() {
                break;
            }
            let results = run_round(&self.question, &round);
            for (req, res) in round.iter().zip(results) {
                self.record(req, res);
            }
        }
    }
}

/// Runs `scenario` to `until` and returns its stats.
pub fn run_stats(scenario: &Scenario, until: Micros) -> Result<RunStats, String> {
    crate::run::run_then(scenario, until, |s, m| RunStats::of(s, m, until))
        .map_err(|e| e.to_string())
}
