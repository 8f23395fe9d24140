//! The tune worker: a `gloo-worker` actor that writes a round's answer ([`ReportJob`] in,
//! [`Report`] out; see `report_job.rs`). It is a script of its own (`src/bin/tune-worker.rs`),
//! which the page starts only when a tune question runs: the answer document's JSON writer
//! and reader and the configuration exporters stay out of the page and of the sweep worker
//! (docs/results.md, "Page size").

use super::report_job::{Report, ReportJob, answer};
use gloo_worker::{HandlerId, Worker, WorkerScope};

/// See the module documentation.
pub struct TuneWorker;

impl Worker for TuneWorker {
    type Message = ();
    type Input = ReportJob;
    type Output = Report;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        TuneWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, job: ReportJob, id: HandlerId) {
        scope.respond(id, answer(&job));
    }
}
