//! Recurring faults (`every.GAP.FAULT`, `rate.N/h.FAULT`), generated lazily during the run.
//!
//! When a recurring event's time comes, the engine keeps a [`Recurrer`]: the fault and a
//! ChaCha8 stream of its own, derived from the seed and the event's written form (an FNV-1a
//! hash of its text and of how many identical events come before it), so a recurring event
//! draws the same occurrences whatever other events, keys or streams the scenario has, and
//! adding one shifts no other draw. It schedules one occurrence at a time: each occurrence
//! draws, in this order, one `u64` for each of these the fault has: its `?` node, a cut's `?`
//! second node, its duration or delay window, its undo window; then one for the gap to the
//! next occurrence (the first gap is drawn when the event starts, so the first occurrence
//! comes one gap after it). A `?` is one of the members eligible at that instant, in
//! increasing id order: running for `pause`, `crash`, `leave` and `cut` (the cut's second:
//! running, not the first), running and not slow for `slow`. With none eligible (or a fixed
//! node not running, or a join past the cluster's limit) the occurrence is skipped, recorded
//! as ignored; the draws are taken all the same.
//!
//! `every.A~B`: each gap uniform in `[A, B)` ms. `rate.N/h`: each gap exponential of mean
//! `3600 s / (N × members running at the occurrence)` (whole ms, at least 1; `libm`'s `log`,
//! the same natively and in the browser): a Poisson process of `N` per member-hour whose
//! intensity follows the running count from one occurrence to the next.
//!
//! The generators, like every other part of the state, live in the [`Sim`] and are cloned
//! with it, so a checkpoint of time travel replays them exactly. Their occurrences and undoing
//! events are queued after every scripted event at the same instant and before the protocol's.

use super::{Payload, Sim};
use crate::rng::SimRng;
use crate::run::Protocol;
use crate::scenario::resolve::{scale, span_ms, undoing};
use crate::scenario::{Action, MAX_BURST_MS_NODES, Pace, Recurring, TimedEvent};
use crate::trace::TraceEvent;
use gossip_protocol::NodeId;

/// Order of generated events at an instant: after every scripted event (whose orders count
/// from 0), before protocol events (whose top bit is set).
const GENERATED_CLASS: u64 = 1 << 62;

/// A recurring event under way.
#[derive(Clone, Debug)]
pub(super) struct Recurrer {
    rec: Recurring,
    rng: SimRng,
    /// Its written form, for the trace.
    text: String,
}

/// The stream of a recurring event: FNV-1a of its text and of how many identical events come
/// before it, with the top bit set (the named streams are small numbers).
fn stream_of(text: &str, twins: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes().chain((twins as u64).to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h | 1 << 63
}

impl Recurrer {
    /// The gap to the next occurrence, ms, with `running` members running now.
    fn gap_ms(&mut self, running: u32) -> u64 {
        let r = self.rng.next_u64();
        match self.rec.pace {
            Pace::Every(gap) => span_ms(gap, r),
            Pace::PerMemberHour(n) => {
                let mean = 3_600_000.0 / (f64::from(n) * f64::from(running.max(1)));
                let u = ((r >> 11) + 1) as f64 / (1u64 << 53) as f64;
                ((-mean * libm::log(u)).round() as u64).max(1)
            }
        }
    }
}

impl<P: Protocol> Sim<P> {
    /// The written form of recurring event `g` and "(next occurrence)", for
    /// [`Sim::describe_next`].
    pub(super) fn recurring_text(&self, g: u32) -> String {
        let text = self
            .recurring
            .get(g as usize)
            .map_or("", |r| r.text.as_str());
        let what = text.split_once('.').map_or(text, |(_, a)| a);
        format!("{} (next occurrence)", what.replace('.', " "))
    }

    /// Queues a generated event (an occurrence or an undoing event) at `at_ms`.
    fn push_generated(&mut self, at_ms: u64, payload: Payload<P>) {
        self.recur_seq += 1;
        self.queue
            .push(at_ms * 1000, GENERATED_CLASS | self.recur_seq, payload);
    }

    /// The recurring event `index` of the scenario starts now: its generator is kept and its
    /// first occurrence queued.
    pub(super) fn start_recurring(&mut self, index: usize, rec: Recurring) {
        let (text, twins) = match self.scenario.events.get(index) {
            Some(ev) => (
                ev.to_string(),
                self.scenario.events[..index]
                    .iter()
                    .filter(|e| *e == ev)
                    .count(),
            ),
            None => (
                TimedEvent::new(self.now / 1000, Action::Every(Box::new(rec.clone()))).to_string(),
                0,
            ),
        };
        let rng = SimRng::with_stream(self.scenario.seed, stream_of(&text, twins));
        let mut r = Recurrer { rec, rng, text };
        let gap = r.gap_ms(self.metrics.live());
        self.recurring.push(r);
        let g = self.recurring.len() as u32 - 1;
        self.push_generated(self.now / 1000 + gap, Payload::Recur(g));
    }

    /// The next occurrence of recurring event `g`: drawn, applied (or skipped), its undoing
    /// event and the occurrence after it queued.
    pub(super) fn occur(&mut self, g: u32) {
        let now_ms = self.now / 1000;
        let running = self.metrics.live();
        let r = &mut self.recurring[g as usize];
        let d = r.rec.draw;
        let node = d.any_node.then(|| r.rng.next_u64());
        let peer = d.any_peer.then(|| r.rng.next_u64());
        let span = d.span_before.map(|_| r.rng.next_u64());
        let undo = d
            .undo
            .map(|u| span_ms(u, u.before.map_or(0, |_| r.rng.next_u64())));
        let gap = r.gap_ms(running);
        let action = r.rec.action.clone();
        self.push_generated(now_ms + gap, Payload::Recur(g));
        match self.occurrence(action, node, peer, span, d.span_before) {
            Ok(action) => {
                let then = undo.zip(undoing(&action));
                self.apply(action);
                if let Some((after, then)) = then {
                    self.push_generated(now_ms + after, Payload::Undo(then));
                }
            }
            Err(why) => {
                let text = &self.recurring[g as usize].text;
                let why = format!("{text}: {why}");
                self.record(TraceEvent::Ignored(why));
            }
        }
    }

    /// The concrete fault of one occurrence, from its raw draws and who runs now; or why it
    /// is skipped.
    fn occurrence(
        &self,
        action: Action,
        node: Option<u64>,
        peer: Option<u64>,
        span: Option<u64>,
        span_before: Option<u64>,
    ) -> Result<Action, String> {
        let pick = |ids: Vec<NodeId>, r: u64, none: &str| {
            ids.get(scale(r, ids.len() as u64) as usize)
                .copied()
                .ok_or_else(|| none.to_string())
        };
        let running = |except: Option<NodeId>| -> Vec<NodeId> {
            (0..self.slots.len() as NodeId)
                .filter(|&id| self.is_up(id) && Some(id) != except)
                .collect()
        };
        let drawn = |ms: u64| match (span, span_before) {
            (Some(r), Some(before)) => span_ms(
                crate::scenario::Span {
                    ms,
                    before: Some(before),
                },
                r,
            ),
            _ => ms,
        };
        let up = |id: NodeId| {
            if self.is_up(id) {
                Ok(id)
            } else {
                Err(format!("node {id} is not running"))
            }
        };
        let none = "no member is running";
        Ok(match action {
            Action::Join => {
                let cap = if self.params.burst_ms > 0 {
                    self.scenario.max_nodes().min(MAX_BURST_MS_NODES)
                } else {
                    self.scenario.max_nodes()
                };
                if self.node_count() >= cap {
                    return Err(format!("the cluster is at its limit of {cap} members"));
                }
                Action::Join
            }
            Action::Crash(n) | Action::Leave(n) | Action::Pause(n, _) => {
                let id = match node {
                    Some(r) => pick(running(None), r, none)?,
                    None => up(n)?,
                };
                match action {
                    Action::Crash(_) => Action::Crash(id),
                    Action::Leave(_) => Action::Leave(id),
                    Action::Pause(_, ms) => Action::Pause(id, drawn(ms)),
                    _ => unreachable!("matched above"),
                }
            }
            Action::Slow(n, ms) => {
                let id = match node {
                    Some(r) => {
                        let ids = running(None)
                            .into_iter()
                            .filter(|&id| self.slots[id as usize].slow == 0)
                            .collect();
                        pick(ids, r, "no member is running and not slow")?
                    }
                    None => up(n)?,
                };
                Action::Slow(id, drawn(ms))
            }
            Action::Cut { from, to, both } => {
                let from = match (node, peer) {
                    (Some(r), Some(_)) => pick(running(None), r, none)?,
                    (Some(r), None) => pick(running(Some(to)), r, none)?,
                    (None, _) => from,
                };
                let to = match peer {
                    Some(r) => pick(running(Some(from)), r, "no other member is running")?,
                    None => to,
                };
                Action::Cut { from, to, both }
            }
            other => other,
        })
    }
}
