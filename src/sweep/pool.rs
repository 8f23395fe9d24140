//! The workers of a sweep: one `gloo-worker` bridge per worker, fed by [`Dispatch`] in the
//! sweep's order. Dropping the pool drops the bridges, and gloo-worker then closes each worker
//! once its current run ends (a run cannot be interrupted midway; the page ignores its late
//! answer). A worker that a run stopped is replaced by a new one (see `dispatch.rs`). A tune
//! question's runs come from a list that grows ([`Pool::start_list`]); its answers are
//! written by a worker of its own (`crate::tune::pool`).

use super::codec::Postcard;
use super::dispatch::{Dispatch, Send};
use super::form::Plan;
use super::job::{Job, Outcome};
use super::worker::SweepWorker;
use gloo_worker::{Spawnable, WorkerBridge};
use yew::Callback;

/// The worker's script, next to the page (trunk builds it from `src/bin/sweep-worker.rs`
/// without a content hash in its name; see index.html).
pub const WORKER_SCRIPT: &str = "./sweep-worker.js";

/// Where the jobs come from: a sweep's plan (made as they are sent), or a list that grows
/// (a tune question's rounds).
enum Source {
    Plan(Plan, u32),
    List(Vec<Job>),
}

/// See the module documentation.
pub struct Pool {
    bridges: Vec<WorkerBridge<SweepWorker>>,
    source: Source,
    dispatch: Dispatch,
    on_outcome: Callback<(usize, Outcome)>,
}

impl Pool {
    /// Starts `plan.workers` workers on sweep number `id`; each answer comes to `on_outcome`
    /// with the worker's number. Fails (with a sentence) where the browser has no workers.
    pub fn start(
        plan: Plan,
        id: u32,
        on_outcome: Callback<(usize, Outcome)>,
    ) -> Result<Pool, String> {
        let (workers, total) = (plan.workers, plan.sweep.len() as u32);
        Pool::spawn_with(Source::Plan(plan, id), workers, total, on_outcome)
    }

    /// Starts `workers` workers on `jobs` (numbered from 0 in order; more come with
    /// [`Pool::extend`]).
    pub fn start_list(
        jobs: Vec<Job>,
        workers: u32,
        on_outcome: Callback<(usize, Outcome)>,
    ) -> Result<Pool, String> {
        let total = jobs.len() as u32;
        // Every worker is started (rounds to come fill them), but only the jobs listed go out.
        let mut pool = Pool::spawn_with(Source::List(jobs), workers, workers, on_outcome)?;
        let sends = pool.dispatch.extend(total);
        pool.send(sends);
        Ok(pool)
    }

    fn spawn_with(
        source: Source,
        workers: u32,
        total: u32,
        on_outcome: Callback<(usize, Outcome)>,
    ) -> Result<Pool, String> {
        let global = js_sys::global();
        if !js_sys::Reflect::has(&global, &"Worker".into()).unwrap_or(false) {
            return Err("this browser has no Web Workers, which sweeps run in".into());
        }
        let workers = workers.min(total).max(1) as usize;
        let listed = matches!(source, Source::List(_));
        let (dispatch, first) = Dispatch::start(workers, if listed { 0 } else { total });
        let bridges = (0..workers).map(|w| spawn(w, &on_outcome)).collect();
        let pool = Pool {
            bridges,
            source,
            dispatch,
            on_outcome,
        };
        pool.send(first);
        Ok(pool)
    }

    /// More jobs, numbered on from the last (a listed pool only).
    pub fn extend(&mut self, jobs: Vec<Job>) {
        let Source::List(list) = &mut self.source else {
            return;
        };
        let more = jobs.len() as u32;
        list.extend(jobs);
        let sends = self.dispatch.extend(more);
        self.send(sends);
    }

    /// Worker `w` answered job `index` of this sweep: give it (or, if the run stopped it, a new
    /// worker in its place) the next jobs.
    pub fn answered(&mut self, w: usize, index: u32, stopped_worker: bool) {
        if w >= self.bridges.len() {
            return;
        }
        let sends = if stopped_worker {
            // The old worker closed itself after answering; its bridge goes with it.
            self.bridges[w] = spawn(w, &self.on_outcome);
            self.dispatch.stopped(w, index)
        } else {
            self.dispatch.answered(w, index)
        };
        self.send(sends);
    }

    /// Workers running.
    pub fn workers(&self) -> usize {
        self.bridges.len()
    }

    /// Workers replaced because a run stopped them.
    pub fn replaced(&self) -> u32 {
        self.dispatch.replaced()
    }

    fn send(&self, sends: Vec<Send>) {
        for (w, index) in sends {
            let job = match &self.source {
                Source::Plan(plan, id) => plan.job(*id, index as usize),
                Source::List(list) => match list.get(index as usize) {
                    Some(job) => job.clone(),
                    None => continue,
                },
            };
            self.bridges[w].send(job);
        }
    }
}

/// A new worker numbered `w`.
fn spawn(w: usize, on_outcome: &Callback<(usize, Outcome)>) -> WorkerBridge<SweepWorker> {
    let outcome = on_outcome.clone();
    SweepWorker::spawner()
        .encoding::<Postcard>()
        .as_module(false)
        .callback(move |o| outcome.emit((w, o)))
        .spawn(WORKER_SCRIPT)
}
