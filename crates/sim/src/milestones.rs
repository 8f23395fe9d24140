//! Milestones of a run for the timeline's markers: scripted events (from the scenario) and
//! protocol milestones (from the trace): the first suspicion of a member, its death or
//! removal, refutations, and the start and end of split brain.

use crate::run::Simulation;
use crate::scenario::{Action, Proto};
use crate::trace::TraceEvent;
use gossip_protocol::{Micros, NodeId, Status};

/// What a marker marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// A scripted or clicked event (crash, join, leave, partition, heal, set).
    Script,
    /// The first suspicion of a member that every live node believed alive.
    Suspicion,
    /// A member declared dead (SWIM) or removed (gossip) by someone for the first time.
    Death,
    /// A member refuted a suspicion.
    Refutation,
    /// Live members started to follow different leaders.
    SplitStart,
    /// They agree again.
    SplitEnd,
}

/// One marker on the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Virtual time, µs.
    pub at: Micros,
    /// What kind.
    pub kind: MarkerKind,
    /// What it is, in words ("node 3 first suspected by node 7").
    pub text: String,
    /// The member it is about (the suspected, the dead, the refuting one); None for scripted
    /// events and split brain.
    pub member: Option<NodeId>,
    /// Who suspected it or declared it dead first; None for the other kinds.
    pub by: Option<NodeId>,
}

/// Collects protocol milestones as the run first passes them.
#[derive(Clone, Debug, Default)]
pub struct Milestones {
    /// Protocol milestones, in time order.
    pub markers: Vec<Marker>,
    /// Per member: 0 believed alive by all, 1 suspected, 2 dead to some.
    seen: Vec<u8>,
    records: u64,
    split: bool,
    /// Milestones missed because the log held fewer records than a frame made.
    pub missed: u64,
}

impl Milestones {
    /// Reads what `sim` recorded since the last call (call at the frontier only).
    pub fn observe(&mut self, sim: &dyn Simulation) {
        let total = sim.records();
        let new = total.saturating_sub(self.records);
        self.records = total;
        let log = sim.log();
        let take = (new as usize).min(log.len());
        self.missed += new - take as u64;
        let n = sim.node_count() as usize;
        if self.seen.len() < n {
            self.seen.resize(n, 0);
        }
        let removed = match sim.scenario().proto {
            Proto::Gossip => "removed",
            Proto::Swim => "declared dead",
        };
        for r in log.iter().skip(log.len() - take) {
            match &r.event {
                TraceEvent::View {
                    observer,
                    member,
                    to,
                    ..
                } => self.view(r.at, *observer, *member, *to, removed),
                TraceEvent::Refuted { node, incarnation } => {
                    self.markers.push(Marker {
                        at: r.at,
                        kind: MarkerKind::Refutation,
                        text: format!("node {node} refutes (incarnation {incarnation})"),
                        member: Some(*node),
                        by: None,
                    });
                    self.set_seen(*node, 0);
                }
                TraceEvent::Recover(id) | TraceEvent::Join(id) => self.set_seen(*id, 0),
                _ => {}
            }
        }
        // A member nobody suspects or declares dead any more can be first-suspected again.
        let m = sim.metrics();
        for id in 0..n.min(self.seen.len()) {
            let c = m.counts(id as NodeId);
            if self.seen[id] != 0 && c[Status::Suspect.index()] == 0 && c[Status::Dead.index()] == 0
            {
                self.seen[id] = 0;
            }
        }
        let since = m.leaders.split_since();
        if since.is_some() != self.split {
            self.split = since.is_some();
            let (at, kind, text) = match since {
                Some(at) => (
                    at,
                    MarkerKind::SplitStart,
                    format!("split brain: {} leaders followed", m.leaders.distinct()),
                ),
                None => (
                    sim.now(),
                    MarkerKind::SplitEnd,
                    "split brain ends: one leader again".into(),
                ),
            };
            self.markers.push(Marker {
                at,
                kind,
                text,
                member: None,
                by: None,
            });
        }
    }

    fn set_seen(&mut self, id: NodeId, v: u8) {
        if let Some(s) = self.seen.get_mut(id as usize) {
            *s = v;
        }
    }

    fn view(&mut self, at: Micros, observer: NodeId, member: NodeId, to: Status, removed: &str) {
        let Some(&was) = self.seen.get(member as usize) else {
            return;
        };
        let (level, kind, text) = match to {
            Status::Suspect => (
                1,
                MarkerKind::Suspicion,
                format!("node {member} first suspected, by node {observer}"),
            ),
            Status::Dead => (
                2,
                MarkerKind::Death,
                format!("node {member} {removed}, first by node {observer}"),
            ),
            _ => return,
        };
        if level > was {
            self.seen[member as usize] = level;
            self.markers.push(Marker {
                at,
                kind,
                text,
                member: Some(member),
                by: Some(observer),
            });
        }
    }

    /// Drops the milestones after `t` (a fork).
    pub fn cut_after(&mut self, t: Micros, sim: &dyn Simulation) {
        self.markers.retain(|m| m.at <= t);
        self.records = sim.records();
        self.split = sim.metrics().leaders.split_since().is_some();
    }
}

/// Markers for the scripted events of `sim`'s scenario up to `until` (µs).
pub fn script_markers(sim: &dyn Simulation, until: Micros) -> Vec<Marker> {
    sim.scenario()
        .events
        .iter()
        .take_while(|e| e.at_ms * 1000 <= until)
        .map(|e| {
            let what = e.to_string();
            let what = what.split_once('.').map_or("", |(_, a)| a);
            let text = match &e.action {
                Action::Set(p, v) => format!("set {p} = {v}{}", p.unit()),
                _ => what.replace('.', " "),
            };
            Marker {
                at: e.at_ms * 1000,
                kind: MarkerKind::Script,
                text,
                member: None,
                by: None,
            }
        })
        .collect()
}
