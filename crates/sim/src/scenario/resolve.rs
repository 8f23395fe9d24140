//! Randomised workloads: drawing the `A~B` times, `?` nodes and `A~B` durations of a
//! scenario's one-off events, and adding the events that undo a fault after a while
//! (`crash.ID.DOWNTIME`, `slow.ID.DELAY.FOR`, `cut.LINK.FOR`). Recurring events (`every`,
//! `rate`) pass through: the engine draws their occurrences during the run
//! (`engine/recurring.rs`).
//!
//! The draws come from their own ChaCha8 stream ([`Stream::Workload`]) of the scenario's seed,
//! so they never shift the protocol's or the network's draws: a randomised scenario and its
//! drawn form run identically (same trace hash). The order is fixed, so a seed always gives
//! the same events, natively and in the browser:
//! 1. in scenario order (the canonical order: by written time, then as written), each event
//!    takes one `u64` for each of these it has, in this order: its time window, its `?` node,
//!    the `?` second node of a cut, its duration or delay window, its undo window. (Events
//!    with only windows and `?` nodes draw as they did before the other forms existed.)
//! 2. each event with an undo is followed by its undoing event (`recover`, `fast`, `mend`) at
//!    its drawn time plus the undo; all are sorted by time (stable: ties keep scenario order,
//!    undoing events after the written ones); an undoing event whose fault another event
//!    already ended (a recovery, a crash of the slow member, a mend or a heal) is left out;
//! 3. walking them in that order (as validation does, so who is up is known), each `?`
//!    becomes one of the members eligible then, in increasing id order: running ones for
//!    `crash`, `leave`, `pause` and `cut` (the cut's second node: running, not the first, and
//!    the link not cut yet), running and not slow for `slow`, stopped ones (crashed or
//!    departed) for `recover`, slow ones for `fast`; `mend.?` draws one of the cuts in force,
//!    in the order they were made. An undoing event takes the node or link its fault drew.
//!
//! A draw maps a `u64` onto `0..n` by the high half of the 128-bit product (bias below
//! n / 2^64), so that each draw takes exactly one value whatever `n` turns out to be.

use super::{Action, Draw, Scenario, ScenarioError, Span, TimedEvent};
use crate::rng::{SimRng, Stream};
use gossip_protocol::NodeId;

/// `r` scaled onto `0..n`.
pub(crate) fn scale(r: u64, n: u64) -> u64 {
    ((u128::from(r) * u128::from(n)) >> 64) as u64
}

/// `span` drawn with `r` (a fixed span is itself).
pub(crate) fn span_ms(span: Span, r: u64) -> u64 {
    match span.before {
        Some(b) => span.ms + scale(r, b - span.ms),
        None => span.ms,
    }
}

/// The event that undoes `action` (`recover`, `fast`, `mend`), if it is a fault that can be.
pub(crate) fn undoing(action: &Action) -> Option<Action> {
    match *action {
        Action::Crash(n) => Some(Action::Recover(n)),
        Action::Slow(n, _) => Some(Action::Fast(n)),
        Action::Cut { from, to, both } => Some(Action::Mend { from, to, both }),
        _ => None,
    }
}

/// An event after the draws, with where it came from.
pub(super) struct Drawn {
    /// The concrete event.
    pub event: TimedEvent,
    /// Its index in the scenario's (written) events.
    pub written: usize,
}

/// An event being drawn: its raw node draws and, for an undoing event, its fault's index.
struct Pending {
    drawn: Drawn,
    node: Option<u64>,
    peer: Option<u64>,
    undoes: Option<usize>,
}

/// Who is up, who is slow and which links are cut, as the walk goes.
struct Walk {
    up: Vec<bool>,
    slow: Vec<NodeId>,
    /// Cuts in force, as made (`from`, `to`, `both`).
    cuts: Vec<(NodeId, NodeId, bool)>,
}

impl Walk {
    fn cut(&self, a: NodeId, b: NodeId) -> bool {
        self.cuts
            .iter()
            .any(|&(f, t, both)| (f, t) == (a, b) || (both && (t, f) == (a, b)))
    }

    /// Whether any direction of the link `a>b` (both ways: `a-b`) is cut.
    fn link_cut(&self, a: NodeId, b: NodeId, both: bool) -> bool {
        self.cut(a, b) || (both && self.cut(b, a))
    }

    fn running(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.up.len() as NodeId).filter(|&id| self.up[id as usize])
    }

    /// The ids or links eligible for `action`'s `?` (as a candidate action each; `first`: the
    /// first node, else a cut's second; `peer_drawn`: a cut's second node is drawn after),
    /// and the words for "none" in an error.
    fn candidates(
        &self,
        action: &Action,
        first: bool,
        peer_drawn: bool,
    ) -> (Vec<Action>, &'static str) {
        match *action {
            Action::Recover(_) => (
                (0..self.up.len() as NodeId)
                    .filter(|&id| !self.up[id as usize])
                    .map(Action::Recover)
                    .collect(),
                "no member is stopped",
            ),
            Action::Fast(_) => {
                let mut slow = self.slow.clone();
                crate::sort::by_key(&mut slow, |&id| id);
                (
                    slow.into_iter().map(Action::Fast).collect(),
                    "no member is slow",
                )
            }
            Action::Slow(_, d) => (
                self.running()
                    .filter(|id| !self.slow.contains(id))
                    .map(|id| Action::Slow(id, d))
                    .collect(),
                "no member is running and not slow",
            ),
            Action::Mend { .. } => (
                self.cuts
                    .iter()
                    .map(|&(from, to, both)| Action::Mend { from, to, both })
                    .collect(),
                "no link is cut",
            ),
            Action::Cut { to, both, .. } if first && peer_drawn => (
                self.running()
                    .map(|from| Action::Cut { from, to, both })
                    .collect(),
                "no member is running",
            ),
            Action::Cut { to, both, .. } if first => (
                self.running()
                    .filter(|&id| id != to)
                    .filter(|&id| !self.link_cut(id, to, both))
                    .map(|from| Action::Cut { from, to, both })
                    .collect(),
                "no other running member has its link uncut",
            ),
            Action::Cut { from, both, .. } => (
                self.running()
                    .filter(|&id| id != from)
                    .filter(|&id| !self.link_cut(from, id, both))
                    .map(|to| Action::Cut { from, to, both })
                    .collect(),
                "no other running member has its link uncut",
            ),
            ref a => {
                let with = |id| match *a {
                    Action::Crash(_) => Action::Crash(id),
                    Action::Leave(_) => Action::Leave(id),
                    Action::Pause(_, d) => Action::Pause(id, d),
                    ref other => other.clone(),
                };
                (self.running().map(with).collect(), "no member is running")
            }
        }
    }

    /// Whether the fault an undoing event undoes is still in force: its member down (for
    /// `recover`) or slow (`fast`), its link cut (`mend`).
    fn still_faulty(&self, undo: &Action) -> bool {
        match *undo {
            Action::Recover(id) => self.up.get(id as usize).is_some_and(|u| !u),
            Action::Fast(id) => self.slow.contains(&id),
            Action::Mend { from, to, both } => self.cut(from, to) && (!both || self.cut(to, from)),
            _ => true,
        }
    }

    /// Follows `action` as validation does; what cannot apply is reported by validation.
    fn apply(&mut self, action: &Action) {
        match *action {
            Action::Crash(id) | Action::Leave(id) => {
                if let Some(u) = self.up.get_mut(id as usize) {
                    *u = false;
                }
                self.slow.retain(|&s| s != id);
            }
            Action::Recover(id) => {
                if let Some(u) = self.up.get_mut(id as usize) {
                    *u = true;
                }
            }
            Action::Join => self.up.push(true),
            Action::Slow(id, _) => self.slow.push(id),
            Action::Fast(id) => self.slow.retain(|&s| s != id),
            Action::Cut { from, to, both } => self.cuts.push((from, to, both)),
            Action::Mend { from, to, both } => self.cuts.retain(|&(f, t, b)| {
                let shares = (f, t) == (from, to)
                    || (b && (t, f) == (from, to))
                    || (both && ((f, t) == (to, from) || (b && (t, f) == (to, from))));
                !shares
            }),
            Action::Heal => self.cuts.clear(),
            _ => {}
        }
    }
}

/// Draws every window and `?` of `base.events` and adds their undoing events (see the
/// module's documentation). Events without a choice pass through unchanged. Returns the
/// concrete events in time order.
pub(super) fn draw_events(base: &Scenario) -> Result<Vec<Drawn>, ScenarioError> {
    let events = &base.events;
    if events.iter().all(|e| e.draw.is_none()) {
        return Ok(events
            .iter()
            .enumerate()
            .map(|(written, e)| Drawn {
                event: e.clone(),
                written,
            })
            .collect());
    }
    let mut rng = SimRng::new(base.seed, Stream::Workload);
    let mut pending: Vec<Pending> = Vec::with_capacity(events.len());
    let mut undos = Vec::new();
    for (written, e) in events.iter().enumerate() {
        let d = e.draw;
        let at_ms = match d.before_ms {
            Some(before) => e.at_ms + scale(rng.next_u64(), before - e.at_ms),
            None => e.at_ms,
        };
        let node = d.any_node.then(|| rng.next_u64());
        let peer = d.any_peer.then(|| rng.next_u64());
        let mut action = e.action.clone();
        if let Some(before) = d.span_before {
            let r = rng.next_u64();
            match &mut action {
                Action::Pause(_, ms) | Action::Slow(_, ms) => {
                    *ms = span_ms(
                        Span {
                            ms: *ms,
                            before: Some(before),
                        },
                        r,
                    );
                }
                _ => {}
            }
        }
        if let (Some(undo), Some(then)) = (d.undo, undoing(&action)) {
            let after = span_ms(
                undo,
                if undo.before.is_some() {
                    rng.next_u64()
                } else {
                    0
                },
            );
            undos.push(Pending {
                drawn: Drawn {
                    event: TimedEvent::new(at_ms + after, then),
                    written,
                },
                node: None,
                peer: None,
                undoes: Some(pending.len()),
            });
        }
        pending.push(Pending {
            drawn: Drawn {
                event: TimedEvent::new(at_ms, action),
                written,
            },
            node,
            peer,
            undoes: None,
        });
    }
    pending.extend(undos);
    // Each fault's drawn action, by its index before sorting (for its undoing event).
    let mut faults: Vec<Option<Action>> = vec![None; pending.len()];
    let mut order: Vec<usize> = (0..pending.len()).collect();
    crate::sort::by_key(&mut order, |&i| pending[i].drawn.event.at_ms);
    let mut kept = Vec::with_capacity(order.len());
    let mut walk = Walk {
        up: vec![true; base.nodes as usize],
        slow: Vec::new(),
        cuts: Vec::new(),
    };
    for &i in &order {
        let p = &mut pending[i];
        if let Some(fault) = p.undoes {
            if let Some(then) = faults[fault].as_ref().and_then(undoing) {
                p.drawn.event.action = then;
            }
            if !walk.still_faulty(&p.drawn.event.action) {
                continue;
            }
        }
        let peer_drawn = p.peer.is_some();
        for (r, first) in [(p.node, true), (p.peer, false)] {
            let Some(r) = r else { continue };
            let (candidates, none) = walk.candidates(&p.drawn.event.action, first, peer_drawn);
            if candidates.is_empty() {
                return Err(ScenarioError::new(
                    "ev",
                    format!(
                        "event '{}': {none} at {} ms to draw ? from",
                        events[p.drawn.written], p.drawn.event.at_ms
                    ),
                ));
            }
            p.drawn.event.action = candidates[scale(r, candidates.len() as u64) as usize].clone();
        }
        faults[i] = Some(p.drawn.event.action.clone());
        walk.apply(&p.drawn.event.action);
        kept.push(i);
    }
    Ok(kept
        .into_iter()
        .map(|i| {
            let p = &pending[i];
            Drawn {
                event: p.drawn.event.clone(),
                written: p.drawn.written,
            }
        })
        .collect())
}

impl Scenario {
    /// True if some event leaves a choice to the seed (`A~B` or `?`) or an undo to add
    /// (recurring events are drawn during the run, not here).
    pub fn is_randomised(&self) -> bool {
        self.events.iter().any(|e| !e.draw.is_none())
    }

    /// This scenario with every `A~B` time or duration and `?` node drawn from the seed, and
    /// every undo added as its event (see `scenario/resolve.rs`), validated: the events the simulator runs. The same scenario
    /// always gives the same result; a scenario with nothing to draw comes back equal.
    /// An error names the event as written (and what was drawn for it).
    pub fn resolved(&self) -> Result<Scenario, ScenarioError> {
        self.validate_params()?;
        let drawn = draw_events(self)?;
        let events: Vec<TimedEvent> = drawn.iter().map(|d| d.event.clone()).collect();
        super::event::validate_events(self, &events, |i| {
            let written = &self.events[drawn[i].written];
            if written.draw == Draw::NONE {
                written.to_string()
            } else {
                format!("{written}' drawn as '{}", drawn[i].event)
            }
        })?;
        Ok(Scenario {
            events,
            ..self.clone()
        })
    }
}
