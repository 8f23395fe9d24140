//! The workers of a sweep: one `gloo-worker` bridge per worker, each kept busy with
//! [`PIPELINE`] jobs at a time, handed out in the sweep's order. Dropping the pool drops the
//! bridges, and gloo-worker then closes each worker once its current run ends (a run cannot be
//! interrupted midway; the page ignores its late answer).

use super::form::Plan;
use super::job::Outcome;
use super::worker::SweepWorker;
use gloo_worker::{Spawnable, WorkerBridge};
use yew::Callback;

/// The worker's script, next to the page (trunk builds it from `src/bin/sweep-worker.rs`
/// without a content hash in its name; see index.html).
pub const WORKER_SCRIPT: &str = "./sweep-worker.js";
/// Jobs queued in each worker at once: two, so a worker starts its next run while the page
/// reads its last answer, and a cancel waits for at most two runs a worker.
pub const PIPELINE: u32 = 2;

/// See the module documentation.
pub struct Pool {
    bridges: Vec<WorkerBridge<SweepWorker>>,
    plan: Plan,
    id: u32,
    next: usize,
    in_flight: Vec<u32>,
}

impl Pool {
    /// Starts `plan.workers` workers on sweep number `id`; each answer comes to `on_outcome`
    /// with the worker's number. Fails (with a sentence) where the browser has no workers.
    pub fn start(
        plan: Plan,
        id: u32,
        on_outcome: Callback<(usize, Outcome)>,
    ) -> Result<Pool, String> {
        let global = js_sys::global();
        if !js_sys::Reflect::has(&global, &"Worker".into()).unwrap_or(false) {
            return Err("this browser has no Web Workers, which sweeps run in".into());
        }
        let workers = plan.workers.min(plan.sweep.len() as u32).max(1) as usize;
        let bridges = (0..workers)
            .map(|w| {
                let cb = on_outcome.clone();
                SweepWorker::spawner()
                    .as_module(false)
                    .callback(move |o| cb.emit((w, o)))
                    .spawn(WORKER_SCRIPT)
            })
            .collect();
        let mut pool = Pool {
            bridges,
            plan,
            id,
            next: 0,
            in_flight: vec![0; workers],
        };
        for w in 0..workers {
            pool.feed(w);
        }
        Ok(pool)
    }

    /// Worker `w` answered a job: give it the next.
    pub fn answered(&mut self, w: usize) {
        if let Some(n) = self.in_flight.get_mut(w) {
            *n = n.saturating_sub(1);
            self.feed(w);
        }
    }

    /// Workers running.
    pub fn workers(&self) -> usize {
        self.bridges.len()
    }

    fn feed(&mut self, w: usize) {
        while self.in_flight[w] < PIPELINE && self.next < self.plan.sweep.len() {
            self.bridges[w].send(self.plan.job(self.id, self.next));
            self.next += 1;
            self.in_flight[w] += 1;
        }
    }
}
