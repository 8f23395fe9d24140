//! One interface over both protocols, for the page and the command line.

use crate::engine::{FaultNow, Flight, NodeState, Sim};
use crate::metrics::Metrics;
use crate::scenario::{Action, Proto, Scenario, ScenarioError, TimedEvent};
use crate::topology::Topology;
use crate::trace::TraceRecord;
use gossip_protocol::gossip::GossipNode;
use gossip_protocol::swim::{SwimNode, SwimTimer};
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
    /// The member this node is probing this period if no ack came yet (SWIM): read just
    /// before a timer fires, it is the probe the tick is about to judge.
    fn unacked_probe(&self) -> Option<NodeId> {
        None
    }
    /// The member and incarnation of a suspicion timeout (SWIM's `SuspicionTimeout`), for a
    /// timer that is one; None for any other timer.
    fn suspicion_timer(_timer: &Self::Timer) -> Option<(NodeId, u64)> {
        None
    }
    /// The accuser whose suspicion or confirmation of `member` this node counted last
    /// (SWIM with Lifeguard's dynamic suspicion), if a suspicion of it runs.
    fn last_accuser(&self, _member: NodeId) -> Option<NodeId> {
        None
    }
    /// Heartbeat gossip: when this node's detector has grounds to suspect `member` and to
    /// remove it, µs, if no fresher heartbeat arrives (the fixed detector: `t` and `(n+1)·t`
    /// after the last fresh one; phi: where φ crosses the threshold, and `n·t` later). The
    /// change itself waits for the node's next sweep (its next tick). None for SWIM, whose
    /// suspicions come from probes, and for a member it never heard from.
    fn detector_deadlines(&self, _config: &Self::Config, _member: NodeId) -> Option<[Micros; 2]> {
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
    fn detector_deadlines(&self, c: &Self::Config, member: NodeId) -> Option<[Micros; 2]> {
        use gossip_protocol::gossip::Detector;
        let entry = self.table().entries().get(member as usize)?;
        if entry.status() == Status::Unknown || member == self.id() {
            return None;
        }
        match c.detector {
            Detector::Fixed => {
                let heard = entry.heard();
                Some([heard + c.suspect_after, heard + c.remove_after()])
            }
            Detector::Phi => {
                let grace = c.remove_after() - c.suspect_after;
                let [since, suspect, remove] = self.phi().deadlines(member, c, grace)?;
                Some([since + suspect, since + remove])
            }
        }
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
    fn unacked_probe(&self) -> Option<NodeId> {
        SwimNode::unacked_probe(self)
    }
    fn last_accuser(&self, member: NodeId) -> Option<NodeId> {
        self.suspicion_accusers(member).last().copied()
    }
    fn suspicion_timer(timer: &SwimTimer) -> Option<(NodeId, u64)> {
        match *timer {
            SwimTimer::SuspicionTimeout {
                member,
                incarnation,
            } => Some((member, u64::from(incarnation))),
            _ => None,
        }
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
    /// Records and schedules a user command that ends itself `undo_ms` later (see
    /// [`Sim::command_for`]).
    fn command_for(
        &mut self,
        action: Action,
        undo_ms: Option<u64>,
    ) -> Result<TimedEvent, ScenarioError>;
    /// Metrics so far.
    fn metrics(&self) -> &Metrics;
    /// Node ids in use.
    fn node_count(&self) -> u32;
    /// Whether a node runs.
    fn state(&self, id: NodeId) -> NodeState;
    /// The faults a member is under now (`slow`, `pause`; see [`Sim::fault_of`]).
    fn fault_of(&self, id: NodeId) -> FaultNow;
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
    /// The suspicion timeouts `observer` has armed in its current life (SWIM): member,
    /// incarnation and deadline (µs) of each, earliest first. Empty for gossip, and for a
    /// node that is down.
    fn suspicion_timers(&self, observer: NodeId) -> Vec<(NodeId, u64, Micros)>;
    /// Heartbeat gossip: when `observer`'s detector has grounds to suspect `member` and to
    /// remove it (see [`Protocol::detector_deadlines`]); None for SWIM or a node that is down.
    fn detector_deadlines(&self, observer: NodeId, member: NodeId) -> Option<[Micros; 2]>;
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
    fn command_for(
        &mut self,
        action: Action,
        undo_ms: Option<u64>,
    ) -> Result<TimedEvent, ScenarioError> {
        Sim::command_for(self, action, undo_ms)
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
    fn fault_of(&self, id: NodeId) -> FaultNow {
        Sim::fault_of(self, id)
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
    fn suspicion_timers(&self, observer: NodeId) -> Vec<(NodeId, u64, Micros)> {
        Sim::suspicion_timers(self, observer)
    }
    fn detector_deadlines(&self, observer: NodeId, member: NodeId) -> Option<[Micros; 2]> {
        Sim::detector_deadlines(self, observer, member)
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

/// Builds `scenario`, runs it to `until` (µs) and hands the finished run's scenario and
/// metrics to `finish`, without a `dyn Simulation`. [`build`]'s trait object keeps every
/// method of the interface (checkpoints, explanations, scripts, views) in a program; a
/// program that only runs whole runs (the page's sweep worker) links none of them this way.
pub fn run_then<T>(
    scenario: &Scenario,
    until: Micros,
    finish: impl FnOnce(&Scenario, &Metrics) -> T,
) -> Result<T, ScenarioError> {
    fn go<P: Protocol + 'static, T>(
        scenario: &Scenario,
        until: Micros,
        finish: impl FnOnce(&Scenario, &Metrics) -> T,
    ) -> T {
        let mut sim = Sim::<P>::new(scenario.clone(), <P as Protocol>::config(scenario));
        sim.run_until(until);
        finish(sim.scenario(), sim.metrics())
    }
    let scenario = &scenario.resolved()?;
    Ok(match scenario.proto {
        Proto::Gossip => go::<GossipNode, T>(scenario, until, finish),
        Proto::Swim => go::<SwimNode, T>(scenario, until, finish),
    })
}
