//! Randomised workloads: drawing the `A~B` times and `?` nodes of a scenario's events.
//!
//! The draws come from their own ChaCha8 stream ([`Stream::Workload`]) of the scenario's seed,
//! so they never shift the protocol's or the network's draws: a randomised scenario and its
//! drawn form run identically (same trace hash). The order is fixed, so a seed always gives
//! the same events, natively and in the browser:
//! 1. in scenario order (the canonical order: by written time, then as written), each event
//!    with a window takes one `u64` for its time, then each event with `?` one for its node;
//! 2. the events are sorted by drawn time (stable: ties keep scenario order);
//! 3. walking them in that order (as validation does, so who is up is known), each `?` becomes
//!    one of the members eligible then, in increasing id order: running ones for `crash` and
//!    `leave`, stopped ones (crashed or departed) for `recover`.
//!
//! A draw maps a `u64` onto `0..n` by the high half of the 128-bit product (bias below
//! n / 2^64), so that each draw takes exactly one value whatever `n` turns out to be.

use super::{Action, Draw, Scenario, ScenarioError, TimedEvent};
use crate::rng::{SimRng, Stream};

/// `r` scaled onto `0..n`.
fn scale(r: u64, n: u64) -> u64 {
    ((u128::from(r) * u128::from(n)) >> 64) as u64
}

/// An event after the draws, with where it came from.
pub(super) struct Drawn {
    /// The concrete event.
    pub event: TimedEvent,
    /// Its index in the scenario's (written) events.
    pub written: usize,
}

/// Draws every window and `?` of `base.events` (see the module's documentation). Events
/// without a choice pass through unchanged. Returns the concrete events in time order.
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
    let mut drawn: Vec<(Drawn, Option<u64>)> = events
        .iter()
        .enumerate()
        .map(|(written, e)| {
            let at_ms = match e.draw.before_ms {
                Some(before) => e.at_ms + scale(rng.next_u64(), before - e.at_ms),
                None => e.at_ms,
            };
            let node_draw = e.draw.any_node.then(|| rng.next_u64());
            let event = TimedEvent::new(at_ms, e.action.clone());
            (Drawn { event, written }, node_draw)
        })
        .collect();
    drawn.sort_by_key(|(d, _)| d.event.at_ms);
    let mut up = vec![true; base.nodes as usize];
    for (d, node_draw) in &mut drawn {
        if let Some(r) = *node_draw {
            let want_up = !matches!(d.event.action, Action::Recover(_));
            let eligible: Vec<u32> = (0..up.len() as u32)
                .filter(|&id| up[id as usize] == want_up)
                .collect();
            if eligible.is_empty() {
                let state = if want_up { "running" } else { "stopped" };
                return Err(ScenarioError::new(
                    "ev",
                    format!(
                        "event '{}': no member is {state} at {} ms to draw ? from",
                        events[d.written], d.event.at_ms
                    ),
                ));
            }
            let id = eligible[scale(r, eligible.len() as u64) as usize];
            match &mut d.event.action {
                Action::Crash(n) | Action::Recover(n) | Action::Leave(n) => *n = id,
                _ => {}
            }
        }
        // Follow who is up as validation does; what cannot apply is reported by validation.
        match d.event.action {
            Action::Crash(id) | Action::Leave(id) => {
                if let Some(u) = up.get_mut(id as usize) {
                    *u = false;
                }
            }
            Action::Recover(id) => {
                if let Some(u) = up.get_mut(id as usize) {
                    *u = true;
                }
            }
            Action::Join => up.push(true),
            _ => {}
        }
    }
    Ok(drawn.into_iter().map(|(d, _)| d).collect())
}

impl Scenario {
    /// True if some event leaves a choice to the seed (`A~B` or `?`).
    pub fn is_randomised(&self) -> bool {
        self.events.iter().any(|e| !e.draw.is_none())
    }

    /// This scenario with every `A~B` time and `?` node drawn from the seed (see
    /// `scenario/resolve.rs`), validated: the events the simulator runs. The same scenario
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
