//! Tune questions in the page: which setting of a few keys meets every goal at the least
//! cost, answered by the engine's tuner (`gossip_sim::tune`, shared with `gossip-sim tune`)
//! with its runs in the sweep's Web Workers and its answers written in a worker of its own.
//! Here are the panel's form, the session that turns the tuner's rounds into worker jobs, the
//! answer's job and worker, and the link that reproduces a question.

pub mod answer;
pub mod form;
pub mod link;
pub mod report_job;
pub mod session;

#[cfg(target_arch = "wasm32")]
pub mod pool;
#[cfg(target_arch = "wasm32")]
pub mod worker;
