//! Helpers the integration tests share (each test file is its own crate: `mod common;`).
#![allow(dead_code)] // each test file uses some of them

use gossip_protocol::{NodeId, Status};
use gossip_sim::{NodeState, Scenario, Simulation, build};
use std::process::{Command, Output};

/// A second of virtual time, µs.
pub const S: u64 = 1_000_000;

/// The scenario of `query`; a bad one fails the test with its message.
pub fn parse(query: &str) -> Scenario {
    Scenario::from_query(query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// `query` run to `until_s` seconds.
pub fn run(query: &str, until_s: u64) -> Box<dyn Simulation> {
    let mut sim = build(&parse(query)).unwrap();
    sim.run_until(until_s * S);
    sim
}

/// `query` run to `until_s` seconds, keeping the last `records` trace records.
pub fn run_logged(query: &str, until_s: u64, records: usize) -> Box<dyn Simulation> {
    let mut sim = build(&parse(query)).unwrap();
    sim.set_log_capacity(records);
    sim.run_until(until_s * S);
    sim
}

/// Every running node other than `member` believes `member` is `status`.
pub fn everyone_sees(sim: &dyn Simulation, member: NodeId, status: Status) -> bool {
    (0..sim.node_count())
        .filter(|&o| o != member && sim.state(o) == NodeState::Up)
        .all(|o| sim.status_of(o, member) == status)
}

/// The `gossip-sim` command line run with `args`.
pub fn gossip_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gossip-sim"))
        .args(args)
        .output()
        .expect("gossip-sim runs")
}
