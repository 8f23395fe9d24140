//! One run of a sweep, as a worker receives it and answers it. Pure Rust: the worker
//! (`worker.rs`) only wraps [`run_job`] with a clock.

use gossip_sim::Scenario;
use gossip_sim::sweep::RunStats;
use serde::{Deserialize, Serialize};

/// A run to do: its index in the sweep's order and its scenario (canonical query, seed
/// included: the link that replays it), to `until_ms` of virtual time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// The sweep the run belongs to (a cancelled sweep's late answers are told apart).
    pub sweep: u32,
    /// Index in the sweep's order (point, then seed).
    pub index: u32,
    /// The scenario, as a query with its seed.
    pub query: String,
    /// Virtual time to run to, ms.
    pub until_ms: u64,
}

/// What a worker answers for a [`Job`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The job's sweep.
    pub sweep: u32,
    /// The job's index.
    pub index: u32,
    /// The run's stats, or why it could not run.
    pub stats: Result<RunStats, String>,
    /// Messages delivered or dropped (the engine's unit of work, for throughput figures).
    pub message_events: u64,
    /// Wall-clock time the run took in the worker, ms.
    pub wall_ms: f64,
    /// The run stopped the worker (it panicked or ran out of memory), which answered with the
    /// error in `stats` as it closed: the page replaces the worker.
    pub stopped_worker: bool,
}

/// Runs `job` to its end: its stats and its message events.
pub fn run_job(job: &Job) -> (Result<RunStats, String>, u64) {
    let scenario = match Scenario::from_query(&job.query) {
        Ok(s) => s,
        Err(e) => return (Err(e.to_string()), 0),
    };
    let until = job.until_ms.saturating_mul(1000);
    let stats = gossip_sim::run_then(&scenario, until, |scenario, m| {
        let events = m.messages.delivered + m.messages.dropped;
        (RunStats::of(scenario, m, until), events)
    });
    match stats {
        Ok((stats, events)) => (Ok(stats), events),
        Err(e) => (Err(e.to_string()), 0),
    }
}

/// Answers `job`, timing it with `clock` (ms).
pub fn answer(job: &Job, clock: impl Fn() -> f64) -> Outcome {
    let start = clock();
    let (stats, message_events) = run_job(job);
    Outcome {
        sweep: job.sweep,
        index: job.index,
        stats,
        message_events,
        wall_ms: clock() - start,
        stopped_worker: false,
    }
}
