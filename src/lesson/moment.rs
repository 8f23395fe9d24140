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
    /// Every live member lists this (joined) member as alive: its news reached everyone.
    /// A state: when it already holds, the moment is now.
    KnownByAll(NodeId),
    /// [`Event::KnownByAll`] of the member that joined last. A state.
    LatestKnownByAll,
    /// The network is partitioned and every side's live members follow one leader of their
    /// own side: one leader per side. A state, as [`Event::KnownByAll`].
    SidesLead,
    /// Every live member follows the same leader again after a split brain. A state.
    OneLeader,
    /// Every live member holds every other live member alive: the views have cleared. A
    /// state.
    AllAlive,
}

/// True when `ev`, a state rather than a happening, holds in `sim` now.
pub fn holds_now(ev: Event, sim: &dyn Simulation) -> bool {
    let live = || (0..sim.node_count()).filter(|&o| sim.state(o) == NodeState::Up);
    match ev {
        Event::KnownByAll(x) => {
            x < sim.node_count()
                && live()
                    .filter(|&o| o != x)
                    .all(|o| sim.status_of(o, x) == Status::Alive)
        }
        Event::LatestKnownByAll => sim
            .metrics()
            .joins
            .last()
            .is_some_and(|j| holds_now(Event::KnownByAll(j.node), sim)),
        Event::SidesLead => {
            let leaders = &sim.metrics().leaders;
            sim.partitioned()
                && live().all(|o| {
                    leaders.of(o).is_some_and(|l| {
                        sim.side(l) == sim.side(o) && sim.state(l) == NodeState::Up
                    }) && live()
                        .filter(|&p| sim.side(p) == sim.side(o))
                        .all(|p| leaders.of(p) == leaders.of(o))
                })
        }
        Event::OneLeader => {
            let leaders = &sim.metrics().leaders;
            leaders.agreed_at.is_some() && leaders.distinct() == 1
        }
        Event::AllAlive => live().all(|o| live().all(|p| sim.status_of(o, p) == Status::Alive)),
        _ => false,
    }
}

/// True when `r`, just recorded by `sim`, is (or completes) `ev`.
pub fn is(ev: Event, r: &TraceRecord, sim: &dyn Simulation) -> bool {
    if matches!(
        ev,
        Event::KnownByAll(_)
            | Event::LatestKnownByAll
            | Event::SidesLead
            | Event::OneLeader
            | Event::AllAlive
    ) {
        return matches!(r.event, TraceEvent::View { .. }) && holds_now(ev, sim);
    }
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
        Event::Refutation
        | Event::KnownByAll(_)
        | Event::LatestKnownByAll
        | Event::SidesLead
        | Event::OneLeader
        | Event::AllAlive => false,
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
/// that recorded it, or until [`HORIZON_US`] from now passes (false). A state that holds
/// already (see [`holds_now`]) is reached where the run is.
pub fn run_until(m: &mut Model, ev: Event) -> bool {
    if holds_now(ev, m.sim()) {
        m.status = None;
        return true;
    }
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
