//! Finding a step's moment: a time, or the first time something happens from now on, read
//! off the trace record by record as the run steps forward.

use crate::model::Model;
use gossip_protocol::{Micros, NodeId, Status};
use gossip_sim::trace::{TraceEvent, TraceRecord};
use gossip_sim::{NodeState, Simulation};

/// How far ahead of the current time a [`super::Moment::When`] looks, µs of virtual time.
pub const HORIZON_US: Micros = 240_000_000;

/// Something that happens in a run, as the trace shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// Someone suspects this member.
    SuspicionOf(NodeId),
    /// This member suspects someone.
    SuspicionBy(NodeId),
    /// A live member is suspected (a false suspicion).
    FalseSuspicion,
    /// A member refutes a suspicion about itself.
    Refutation,
    /// Someone declares this member dead (SWIM) or removes it (gossip).
    DeathOf(NodeId),
    /// This member has removed (declared dead) every other member.
    RemovedEveryone(NodeId),
    /// Every other live member has removed (declared dead) this one.
    RemovedByAllLive(NodeId),
}

/// True when `r`, just recorded by `sim`, is (or completes) `ev`.
pub fn is(ev: Event, r: &TraceRecord, sim: &dyn Simulation) -> bool {
    let TraceEvent::View {
        observer,
        member,
        to,
        ..
    } = r.event
    else {
        return matches!(
            (ev, &r.event),
            (Event::Refutation, TraceEvent::Refuted { .. })
        );
    };
    match ev {
        Event::SuspicionOf(x) => member == x && to == Status::Suspect,
        Event::SuspicionBy(x) => observer == x && to == Status::Suspect,
        Event::FalseSuspicion => to == Status::Suspect && sim.state(member) == NodeState::Up,
        Event::Refutation => false,
        Event::DeathOf(x) => member == x && to == Status::Dead,
        Event::RemovedEveryone(x) => {
            observer == x
                && to == Status::Dead
                && (0..sim.node_count())
                    .filter(|&o| o != x)
                    .all(|o| sim.status_of(x, o) == Status::Dead)
        }
        Event::RemovedByAllLive(x) => {
            member == x
                && to == Status::Dead
                && (0..sim.node_count())
                    .filter(|&o| o != x && sim.state(o) == NodeState::Up)
                    .all(|o| sim.status_of(o, x) == Status::Dead)
        }
    }
}

/// Runs to virtual time `t` (µs), or travels back to it.
pub fn go_to(m: &mut Model, t: Micros) {
    if t < m.sim().now() {
        m.seek(t);
    } else {
        m.run_to(t, &mut || false);
    }
    m.status = None;
}

/// Steps the run event by event until `ev` happens (true), stopping right after the event
/// that recorded it, or until [`HORIZON_US`] from now passes (false).
pub fn run_until(m: &mut Model, ev: Event) -> bool {
    let end = m.sim().now() + HORIZON_US;
    let mut seen = m.sim().records();
    let found = loop {
        match m.sim().next_event_at() {
            Some(at) if at <= end => {}
            _ => break false,
        }
        m.step_event();
        let sim = m.sim();
        let total = sim.records();
        let new = (total - seen) as usize;
        seen = total;
        let log = sim.log();
        let start = log.len().saturating_sub(new);
        if log.range(start..).any(|r| is(ev, r, sim)) {
            break true;
        }
    };
    m.status = None;
    found
}
