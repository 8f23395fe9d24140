//! Sweeps in the page: one scenario over a parameter's values (optionally a second's), several
//! seeds a point, run in Web Workers and plotted as the results arrive. The grid, its order and
//! the aggregates are the engine's (`gossip_sim::sweep`, shared with `gossip-sim sweep`); here
//! are the panel's form, the jobs the workers run, and the results with their exports.

pub mod dispatch;
pub mod form;
pub mod job;
pub mod results;

#[cfg(target_arch = "wasm32")]
pub mod codec;
#[cfg(target_arch = "wasm32")]
pub mod pool;
#[cfg(target_arch = "wasm32")]
pub mod worker;
