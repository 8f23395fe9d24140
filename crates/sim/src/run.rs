//! One interface over both protocols, for the page and the command line.

use crate::engine::{Flight, NodeState, Sim};
use crate::metrics::Metrics;
use crate::scenario::{Action, Proto, Scenario, ScenarioError, TimedEvent};
use crate::topology::Topology;
use crate::trace::TraceRecord;
use gossip_protocol::gossip::GossipNode;
use gossip_protocol::swim::SwimNode;
use gossip_protocol::{Micros, Node, NodeId, Row, Status};
use std::collections::VecDeque;

/// A protocol the simulator can run from a scenario.
pub trait Protocol: Node<Config: crate::scenario::Tunable> {
    /// The protocol's configuration for `scenario`.
    fn config(scenario: &Scenario) -> Self::Config;
    /// The node's own counter: heartbeat (gossip) or incarnation (SWIM).
    fn own_counter(&self) -> u64;
    /// The member this node is probing now (SWIM), if any.
    fn probing(&self) -> Option<NodeId> {
        None
    }
}

impl Protocol for GossipNode {
    fn config(s: &Scenario) -> Self::Config {
        s.gossip_config()
    }
    fn own_counter(&self) -> u64 {
        self.heartbeat()
    }
}

impl Protocol for SwimNode {
    fn config(s: &Scenario) -> Self::Config {
        s.swim_config()
    }
    fn own_counter(&self) -> u64 {
        u64::from(self.incarnation())
    }
    fn probing(&self) -> Option<NodeId> {
        self.probe_target()
    }
}

/// A running simulation of either protocol (object-safe, for the page and the CLI).
pub trait Simulation {
    /// The scenario, including recorded commands.
    fn scenario(&self) -> &Scenario;
    /// The parameters in force now (the scenario's, changed by `set` events so far).
    fn params(&self) -> &Scenario;
    /// Virtual time, µs.
    fn now(&self) -> Micros;
    /// Processes every event up to `t` (µs) and moves the clock there.
    fn run_until(&mut self, t: Micros);
    /// Processes the next event; returns its time.
    fn step(&mut self) -> Option<Micros>;
    /// Time of the next event.
    fn next_event_at(&self) -> Option<Micros>;
    /// Records and schedules a user command (see [`Sim::command`]).
    fn command(&mut self, action: Action) -> Result<TimedEvent, ScenarioError>;
    /// Metrics so far.
    fn metrics(&self) -> &Metrics;
    /// Node ids in use.
    fn node_count(&self) -> u32;
    /// Whether a node runs.
    fn state(&self, id: NodeId) -> NodeState;
    /// What `observer` believes about `member`.
    fn status_of(&self, observer: NodeId, member: NodeId) -> Status;
    /// `observer`'s membership table (empty if it is down).
    fn rows(&self, observer: NodeId) -> Vec<Row>;
    /// The node's own heartbeat (gossip) or incarnation (SWIM).
    fn own_counter(&self, id: NodeId) -> Option<u64>;
    /// The member `id` is probing (SWIM).
    fn probing(&self, id: NodeId) -> Option<NodeId>;
    /// The topology.
    fn topology(&self) -> &Topology;
    /// Partition side of a node (all 0 when healed).
    fn side(&self, id: NodeId) -> u16;
    /// True while a partition is in force.
    fn partitioned(&self) -> bool;
    /// Messages in flight and recently lost.
    fn flights(&self, out: &mut Vec<Flight>);
    /// Remember lost messages for drawing.
    fn set_track_drops(&mut self, on: bool);
    /// Keep this many trace records for display.
    fn set_log_capacity(&mut self, cap: usize);
    /// The display settings ([`Sim::display_settings`]): log capacity, drops tracked.
    fn display_settings(&self) -> (usize, bool);
    /// Kept trace records.
    fn log(&self) -> &VecDeque<TraceRecord>;
    /// Hash of the trace so far.
    fn trace_hash(&self) -> u64;
    /// Events processed so far.
    fn processed(&self) -> u64;
    /// Trace records made so far.
    fn records(&self) -> u64;
    /// The next event in words, with its time (see [`Sim::describe_next`]).
    fn describe_next(&self) -> Option<(Micros, String)>;
    /// Brings the scripted events still to come in line with `events` (see
    /// [`Sim::set_script`]).
    fn set_script(&mut self, events: &[TimedEvent]);
    /// A deep copy: played forward, it is indistinguishable from this run played forward.
    fn clone_box(&self) -> Box<dyn Simulation>;
    /// Starts (or with None stops) recording what `spec` asks for.
    fn set_tap(&mut self, spec: Option<crate::tap::TapSpec>);
    /// The tap's records so far.
    fn take_tap(&mut self) -> Vec<crate::tap::TapRecord>;
}

impl<P: Protocol + 'static> Simulation for Sim<P> {
    fn scenario(&self) -> &Scenario {
        Sim::scenario(self)
    }
    fn params(&self) -> &Scenario {
        Sim::params(self)
    }
    fn now(&self) -> Micros {
        Sim::now(self)
    }
    fn run_until(&mut self, t: Micros) {
        Sim::run_until(self, t)
    }
    fn step(&mut self) -> Option<Micros> {
        Sim::step(self)
    }
    fn next_event_at(&self) -> Option<Micros> {
        Sim::next_event_at(self)
    }
    fn command(&mut self, action: Action) -> Result<TimedEvent, ScenarioError> {
        Sim::command(self, action)
    }
    fn metrics(&self) -> &Metrics {
        Sim::metrics(self)
    }
    fn node_count(&self) -> u32 {
        Sim::node_count(self)
    }
    fn state(&self, id: NodeId) -> NodeState {
        Sim::state(self, id)
    }
    fn status_of(&self, observer: NodeId, member: NodeId) -> Status {
        Sim::status_of(self, observer, member)
    }
    fn rows(&self, observer: NodeId) -> Vec<Row> {
        self.node(observer).map(Node::rows).unwrap_or_default()
    }
    fn own_counter(&self, id: NodeId) -> Option<u64> {
        self.node(id).map(P::own_counter)
    }
    fn probing(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).and_then(P::probing)
    }
    fn topology(&self) -> &Topology {
        Sim::topology(self)
    }
    fn side(&self, id: NodeId) -> u16 {
        self.network().group(id)
    }
    fn partitioned(&self) -> bool {
        self.network().is_partitioned()
    }
    fn flights(&self, out: &mut Vec<Flight>) {
        Sim::flights(self, out)
    }
    fn set_track_drops(&mut self, on: bool) {
        Sim::set_track_drops(self, on)
    }
    fn set_log_capacity(&mut self, cap: usize) {
        Sim::set_log_capacity(self, cap)
    }
    fn display_settings(&self) -> (usize, bool) {
        Sim::display_settings(self)
    }
    fn log(&self) -> &VecDeque<TraceRecord> {
        Sim::log(self)
    }
    fn trace_hash(&self) -> u64 {
        Sim::trace_hash(self)
    }
    fn processed(&self) -> u64 {
        Sim::processed(self)
    }
    fn records(&self) -> u64 {
        Sim::records(self)
    }
    fn describe_next(&self) -> Option<(Micros, String)> {
        Sim::describe_next(self)
    }
    fn set_script(&mut self, events: &[TimedEvent]) {
        Sim::set_script(self, events)
    }
    fn clone_box(&self) -> Box<dyn Simulation> {
        Box::new(self.clone())
    }
    fn set_tap(&mut self, spec: Option<crate::tap::TapSpec>) {
        Sim::set_tap(self, spec)
    }
    fn take_tap(&mut self) -> Vec<crate::tap::TapRecord> {
        Sim::take_tap(self)
    }
}

/// Validates `scenario`, draws its randomised events ([`Scenario::resolved`]) and builds its
/// simulation; the simulation's [`Simulation::scenario`] is the drawn (concrete) one.
pub fn build(scenario: &Scenario) -> Result<Box<dyn Simulation>, ScenarioError> {
    let scenario = &scenario.resolved()?;
    Ok(match scenario.proto {
        Proto::Gossip => Box::new(Sim::<GossipNode>::new(
            scenario.clone(),
            <GossipNode as Protocol>::config(scenario),
        )),
        Proto::Swim => Box::new(Sim::<SwimNode>::new(
            scenario.clone(),
            <SwimNode as Protocol>::config(scenario),
        )),
    })
}
