//! The sweep worker: a `gloo-worker` actor that answers each [`Job`] with its [`Outcome`],
//! one at a time. The page spawns one per core (`pool.rs`); `src/bin/sweep-worker.rs`
//! registers it.

use super::job::{Job, Outcome, answer};
use gloo_worker::{HandlerId, Worker, WorkerScope};

/// See the module documentation.
pub struct SweepWorker;

impl Worker for SweepWorker {
    type Message = ();
    type Input = Job;
    type Output = Outcome;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SweepWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, job: Job, id: HandlerId) {
        scope.respond(id, answer(&job, js_sys::Date::now));
    }
}
