//! The deterministic simulator of gossip-playground, the scenario format shared by the page's
//! URL and the command line, and the metrics computed from the trace.
//!
//! ```
//! use gossip_sim::{Scenario, build};
//! let scenario = Scenario::from_query("proto=swim&nodes=16&ev=5s.crash.3").unwrap();
//! let mut sim = build(&scenario).unwrap();
//! sim.run_until(30_000_000); // 30 s of virtual time
//! let f = sim.metrics().failures[0];
//! assert!(f.all_dead.is_some());
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod bounds;
pub mod checkpoint;
pub mod config_export;
mod engine;
pub mod experiment;
pub mod explain;
pub mod metrics;
pub mod milestones;
pub mod network;
mod parked;
mod prefetch;
mod queue;
pub mod rng;
mod run;
pub mod scenario;
pub mod sort;
pub mod sweep;
pub mod tap;
pub mod topology;
pub mod trace;
pub mod tune;

pub use engine::{FaultNow, Flight, NodeState, Sim};
pub use run::{Protocol, Simulation, build, run_then};
pub use scenario::{
    Action, Draw, Param, Proto, Scenario, ScenarioError, ScenarioPair, TimedEvent, Topo,
};
