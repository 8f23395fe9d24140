//! A tune question's workers: its runs on the sweep's workers ([`crate::sweep::pool::Pool`],
//! fed from a list that grows round by round) and its answers written by a worker of its own
//! (`src/bin/tune-worker.rs`), started at the first answer asked for. Dropping it drops both.

use super::report_job::{Report, ReportJob};
use super::worker::TuneWorker;
use crate::sweep::codec::Postcard;
use crate::sweep::job::{Job, Outcome};
use crate::sweep::pool::Pool;
use gloo_worker::{Spawnable, WorkerBridge};
use yew::Callback;

/// The tune worker's script, next to the page (trunk builds it from `src/bin/tune-worker.rs`
/// without a content hash in its name; see index.html).
pub const TUNE_WORKER_SCRIPT: &str = "./tune-worker.js";

/// See the module documentation.
pub struct TunePool {
    runs: Pool,
    on_report: Callback<Report>,
    /// The worker that writes the answers, once one was asked for.
    reporter: Option<WorkerBridge<TuneWorker>>,
}

impl TunePool {
    /// Starts `workers` workers on `jobs` (more come with [`TunePool::extend`]); each run's
    /// outcome comes to `on_outcome` with the worker's number, each answer of
    /// [`TunePool::report`] to `on_report`. Fails (with a sentence) where the browser has no
    /// workers.
    pub fn start(
        jobs: Vec<Job>,
        workers: u32,
        on_outcome: Callback<(usize, Outcome)>,
        on_report: Callback<Report>,
    ) -> Result<TunePool, String> {
        Ok(TunePool {
            runs: Pool::start_list(jobs, workers, on_outcome)?,
            on_report,
            reporter: None,
        })
    }

    /// Asks the tune worker for a round's answer (starting it at the first); the answers
    /// come to `on_report` in the order asked.
    pub fn report(&mut self, job: ReportJob) {
        let on_report = self.on_report.clone();
        self.reporter
            .get_or_insert_with(|| {
                TuneWorker::spawner()
                    .encoding::<Postcard>()
                    .as_module(false)
                    .callback(move |r| on_report.emit(r))
                    .spawn(TUNE_WORKER_SCRIPT)
            })
            .send(job);
    }

    /// More runs, numbered on from the last.
    pub fn extend(&mut self, jobs: Vec<Job>) {
        self.runs.extend(jobs);
    }

    /// Worker `w` answered run `index`; see [`Pool::answered`].
    pub fn answered(&mut self, w: usize, index: u32, stopped_worker: bool) {
        self.runs.answered(w, index, stopped_worker);
    }

    /// How many workers run the question's runs.
    pub fn workers(&self) -> usize {
        self.runs.workers()
    }
}
