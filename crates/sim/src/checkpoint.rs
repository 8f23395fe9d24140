//! Time travel: checkpoints of a run, seeking by restore + replay, and forks.
//!
//! The engine is deterministic and `Clone`, so the state at any point of a run is a checkpoint
//! (a clone taken earlier) played forward. A [`Timeline`] owns the running simulation and two
//! sets of checkpoints:
//! - *sparse* ones, taken at the frontier (the furthest point reached) every `every` events.
//!   When they outgrow their share of the memory budget, the one whose neighbours are closest
//!   is dropped and `every` grows to the run's length over the count that fits (a smoother
//!   thinning than the Elm debugger's halving), so memory stays bounded however long the run
//!   and a replay is about one `every`;
//! - a trail of a few *near* ones, every `every / NEAR_SPLIT` events wherever the run is
//!   (playing or replaying after a seek), so that stepping back replays at most that many.
//!
//! Large checkpoints leave no room for the near trail, which shrinks first. A run too large
//! for two sparse checkpoints to fit the budget (SWIM at 5,000 members and more with the
//! page's 200 MB) keeps none: going back rebuilds it from its
//! scenario and replays from the start, so memory stays at one run (two during the replay of
//! a window) and a seek costs a replay of everything before the target.
//!
//! Seeking restores the latest checkpoint before the target, brings its script up to date
//! (commands recorded after the checkpoint was taken), and replays. The result is the very
//! state a straight run reaches (same trace hash, same views: tested).
//!
//! A command given while looking at the past (`now` before the frontier) *forks*: the
//! scripted events after now are dropped, the checkpoints and markers after now with them,
//! and the run goes on from here with the new command (RaftScope's rule).

use crate::run::{Simulation, build};
use crate::scenario::{Action, ScenarioError, TimedEvent};
use crate::tap::{TapRecord, TapSpec};
use gossip_protocol::Micros;

/// Near checkpoints kept around the last seek.
const NEAR: usize = 3;
/// Near checkpoints are this many times denser than sparse ones.
const NEAR_SPLIT: u64 = 8;
/// Sparse checkpoints never exceed this count, whatever their size.
const MAX_SPARSE: usize = 256;
/// Events between sparse checkpoints at the start, at least (larger clusters start wider: a
/// checkpoint's cost grows as members², see [`first_every`]).
const FIRST_EVERY: u64 = 20_000;

/// The first spacing: [`FIRST_EVERY`], or members² / 8 events when larger (1,000 SWIM members:
/// a 24 MB clone every 125,000 events, about 30 simulated seconds), so that a large cluster
/// does not pay for a clone every few seconds while the budget has not spread them yet.
fn first_every(sim: &dyn Simulation) -> u64 {
    let n = u64::from(sim.node_count());
    FIRST_EVERY.max(n * n / 8)
}

/// One saved state.
struct Checkpoint {
    processed: u64,
    now: Micros,
    bytes: usize,
    sim: Box<dyn Simulation>,
}

/// Where to go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The state after every event at or before this time (µs), clock at this time.
    Time(Micros),
    /// The state after exactly this many events.
    Event(u64),
}

/// Measures the heap bytes in use now (a counting allocator's figure), to size checkpoints.
pub type BytesInUse = fn() -> usize;

/// A run with its checkpoints. Advance it through [`Timeline::step`] and
/// [`Timeline::run_until`] (or call [`Timeline::observe`] after advancing [`Timeline::sim_mut`])
/// so that checkpoints are taken.
pub struct Timeline {
    sim: Box<dyn Simulation>,
    sparse: Vec<Checkpoint>,
    near: Vec<Checkpoint>,
    every: u64,
    budget: usize,
    bytes_in_use: Option<BytesInUse>,
    furthest: Micros,
    furthest_processed: u64,
    /// Events processed at the latest checkpoint at or before the current state.
    anchor: u64,
    /// Replayed events of the last seek (for figures).
    pub last_replay: u64,
    /// Checkpoints do not fit the budget: none are kept, and going back rebuilds the run.
    rebuild: bool,
}

impl Timeline {
    /// Starts recording `sim` (normally at time 0) with checkpoints bounded by `budget` bytes.
    /// `bytes_in_use`, when given, measures each checkpoint exactly; otherwise a checkpoint is
    /// assumed to be as large as the estimate of [`estimate_bytes`].
    pub fn new(sim: Box<dyn Simulation>, budget: usize, bytes_in_use: Option<BytesInUse>) -> Self {
        let mut t = Timeline {
            furthest: sim.now(),
            furthest_processed: sim.processed(),
            sim,
            sparse: Vec::new(),
            near: Vec::new(),
            every: FIRST_EVERY,
            budget,
            bytes_in_use,
            anchor: 0,
            last_replay: 0,
            rebuild: false,
        };
        t.every = first_every(t.sim.as_ref());
        // (The estimate first: a clone only to learn that it does not fit could be most of a
        // gigabyte.)
        if !t.fits(estimate_bytes(t.sim.as_ref())) {
            t.rebuild = true;
            return t;
        }
        let first = t.snapshot();
        t.anchor = first.processed;
        if t.fits(first.bytes) {
            t.sparse.push(first);
        } else {
            t.rebuild = true;
        }
        t
    }

    /// Whether checkpoints of `each` bytes fit the budget: at least two sparse ones.
    fn fits(&self, each: usize) -> bool {
        each.saturating_mul(2) <= self.budget
    }

    /// The largest checkpoint kept, in bytes (at least 1).
    fn largest(&self) -> usize {
        let all = self.sparse.iter().chain(&self.near);
        all.map(|c| c.bytes).max().unwrap_or(1).max(1)
    }

    /// How many near checkpoints of `each` bytes the budget has room for beside two sparse
    /// ones: [`NEAR`], or fewer (none) for large checkpoints.
    fn near_room(&self, each: usize) -> usize {
        (self.budget.saturating_sub(2 * each) / each.max(1)).min(NEAR)
    }

    /// True when the run is too large for any checkpoint to fit the budget: going back
    /// rebuilds it from its scenario and replays from the start.
    pub fn rebuilds(&self) -> bool {
        self.rebuild
    }

    /// The running simulation.
    pub fn sim(&self) -> &dyn Simulation {
        self.sim.as_ref()
    }

    /// The running simulation, to change settings that are not part of the run (log size,
    /// drawing of drops). Advancing it directly is allowed; call [`Timeline::observe`] after.
    pub fn sim_mut(&mut self) -> &mut dyn Simulation {
        self.sim.as_mut()
    }

    /// The furthest virtual time reached (µs).
    pub fn furthest(&self) -> Micros {
        self.furthest
    }

    /// True when the run is looking at the past (a command now forks).
    pub fn in_past(&self) -> bool {
        self.sim.processed() < self.furthest_processed
    }

    /// Checkpoints kept and their bytes.
    pub fn checkpoints(&self) -> (usize, usize) {
        let all = self.sparse.iter().chain(&self.near);
        (
            self.sparse.len() + self.near.len(),
            all.map(|c| c.bytes).sum(),
        )
    }

    /// Sets the events between sparse checkpoints from now on (at least 100).
    pub fn set_every(&mut self, events: u64) {
        self.every = events.max(100);
    }

    /// Events between sparse checkpoints now.
    pub fn every(&self) -> u64 {
        self.every
    }

    fn snapshot(&self) -> Checkpoint {
        let before = self.bytes_in_use.map(|f| f());
        let sim = self.sim.clone_box();
        let bytes = match (before, self.bytes_in_use) {
            (Some(b), Some(f)) => f().saturating_sub(b),
            _ => estimate_bytes(sim.as_ref()),
        };
        Checkpoint {
            processed: sim.processed(),
            now: sim.now(),
            bytes,
            sim,
        }
    }

    /// Processes the next event (checkpointing if due); returns its time.
    pub fn step(&mut self) -> Option<Micros> {
        let at = self.sim.step();
        self.observe();
        at
    }

    /// Runs to `t` (checkpointing on the way when the run passes the frontier).
    pub fn run_until(&mut self, t: Micros) {
        // Stop at each checkpoint due, so that checkpoints fall every `every` events.
        while self.sim.next_event_at().is_some_and(|at| at <= t) {
            let due = self.next_due();
            while self.sim.processed() < due && self.sim.next_event_at().is_some_and(|at| at <= t) {
                self.sim.step();
            }
            self.observe();
        }
        self.sim.run_until(t);
        self.observe();
    }

    fn next_due(&self) -> u64 {
        if self.rebuild {
            return u64::MAX;
        }
        let last = self.sparse.last().map_or(0, |c| c.processed);
        if self.sim.processed() < self.furthest_processed {
            // Replaying known ground: no sparse checkpoint is due before the frontier.
            return self.furthest_processed.max(last + self.every);
        }
        last + self.every
    }

    /// Takes a checkpoint if one is due, and moves the frontier. Call after advancing.
    ///
    /// Besides the sparse checkpoints at the frontier, it keeps a trail of [`NEAR`] recent
    /// ones every `every / NEAR_SPLIT` events wherever the run is (playing, or replaying after
    /// a seek), so that a step back replays at most that many events.
    pub fn observe(&mut self) {
        let (p, now) = (self.sim.processed(), self.sim.now());
        if self.rebuild {
            if p >= self.furthest_processed {
                self.furthest_processed = p;
                self.furthest = self.furthest.max(now);
            } else if now > self.furthest {
                self.furthest = now;
            }
            return;
        }
        if p >= self.furthest_processed {
            self.furthest_processed = p;
            self.furthest = self.furthest.max(now);
            let last = self.sparse.last().map_or(0, |c| c.processed);
            if p >= last + self.every {
                let c = self.snapshot();
                self.anchor = p;
                self.sparse.push(c);
                self.thin();
                return;
            }
        } else if now > self.furthest {
            self.furthest = now;
        }
        if p >= self.anchor + self.near_spacing() {
            let c = self.snapshot();
            self.anchor = p;
            self.near.retain(|n| n.processed != c.processed);
            let room = self.near_room(self.largest().max(c.bytes));
            self.near.push(c);
            while self.near.len() > room {
                // The least recently taken goes: the new ones are where the user is.
                self.near.remove(0);
            }
        }
    }

    fn near_spacing(&self) -> u64 {
        (self.every / NEAR_SPLIT).max(500)
    }

    /// Keeps the sparse checkpoints within their share of the budget: while over it, drop
    /// the interior checkpoint whose neighbours are closest (so the rest stay as evenly
    /// spread as possible), and space new ones by the run's length over the count that fits.
    fn thin(&mut self) {
        let each = self.largest();
        if !self.fits(each) {
            // Grown past the budget (a checkpoint's size follows the run's): keep none.
            self.sparse.clear();
            self.near.clear();
            self.rebuild = true;
            return;
        }
        let room = self.near_room(each);
        // (The least recently taken go, as in `observe`.)
        let excess = self.near.len().saturating_sub(room);
        self.near.drain(..excess);
        let share = self.budget.saturating_sub(room * each);
        let fit = (share / each).clamp(2, MAX_SPARSE);
        while self.sparse.len() > fit {
            let drop = (1..self.sparse.len() - 1)
                .min_by_key(|&i| self.sparse[i + 1].processed - self.sparse[i - 1].processed);
            match drop {
                Some(i) => {
                    self.sparse.remove(i);
                }
                None => break,
            }
        }
        self.every = self.every.max(self.furthest_processed / fit as u64);
    }

    /// Goes to `target` (clamped to the frontier): restore + replay. Returns events replayed.
    pub fn seek(&mut self, target: Target) -> u64 {
        let target = match target {
            Target::Time(t) => Target::Time(t.min(self.furthest)),
            Target::Event(e) => Target::Event(e.min(self.furthest_processed)),
        };
        let before = |c: &Checkpoint| match target {
            Target::Time(t) => c.now <= t,
            Target::Event(e) => c.processed <= e,
        };
        let here = self.sim.processed();
        let forward_from_here = match target {
            Target::Time(t) => self.sim.now() <= t,
            Target::Event(e) => here <= e,
        };
        let best = self
            .sparse
            .iter()
            .chain(&self.near)
            .filter(|c| before(c))
            .max_by_key(|c| c.processed);
        let start = best.map(|c| c.processed);
        if !(forward_from_here && start.is_none_or(|p| p <= here)) {
            let mut sim = match best {
                Some(c) => c.sim.clone_box(),
                None if self.rebuild => self.rebuilt(),
                None => return 0,
            };
            sim.set_script(&self.sim.scenario().events);
            self.anchor = best.map_or(0, |c| c.processed);
            self.sim = sim;
        }
        let from = self.sim.processed();
        self.replay_to(target);
        self.last_replay = self.sim.processed() - from;
        self.last_replay
    }

    /// The run rebuilt from its scenario, at its start, with the running one's display
    /// settings (the rebuild mode's stand-in for a first checkpoint).
    fn rebuilt(&self) -> Box<dyn Simulation> {
        let mut sim = build(self.sim.scenario()).expect("a running scenario is valid");
        let (log, drops) = self.sim.display_settings();
        sim.set_log_capacity(log);
        sim.set_track_drops(drops);
        sim
    }

    /// Replays to `target`, leaving the trail of near checkpoints on the way.
    fn replay_to(&mut self, target: Target) {
        let done = |sim: &dyn Simulation| match target {
            Target::Time(t) => sim.next_event_at().is_none_or(|at| at > t),
            Target::Event(e) => sim.processed() >= e || sim.next_event_at().is_none(),
        };
        while !done(self.sim.as_ref()) {
            self.sim.step();
            if self.sim.processed() >= self.anchor + self.near_spacing() {
                self.observe();
            }
        }
        if let Target::Time(t) = target {
            self.sim.run_until(t);
        }
        self.observe();
    }

    /// Replays `[from, to]` of the run (clamped to the frontier) on a copy with `spec` tapped,
    /// and returns what the tap recorded from `from` on. The running state is untouched; the
    /// cost is one restore and a replay from the checkpoint before `from`.
    ///
    /// The replay starts from a state that has handled no event at `from` or later: one whose
    /// clock is before `from`, or one that has handled nothing. A state whose clock is at
    /// `from` may have handled some of that instant's events already (a checkpoint is taken
    /// right after the last event before a stop, or every `every` events, mid-instant), and
    /// their records would be missing from the window.
    pub fn replay_window(&self, from: Micros, to: Micros, spec: TapSpec) -> Vec<TapRecord> {
        let to = to.min(self.furthest);
        let before = |now: Micros, processed: u64| now < from || processed == 0;
        let best = self
            .sparse
            .iter()
            .chain(&self.near)
            .filter(|c| before(c.now, c.processed))
            .max_by_key(|c| c.processed);
        let here = before(self.sim.now(), self.sim.processed());
        let mut sim = match best {
            Some(c) if !here || c.processed > self.sim.processed() => c.sim.clone_box(),
            None if self.rebuild && !here => self.rebuilt(),
            _ => self.sim.clone_box(),
        };
        sim.set_script(&self.sim.scenario().events);
        sim.set_tap(Some(spec));
        sim.run_until(to);
        let mut out = sim.take_tap();
        out.retain(|r| r.at() >= from);
        out
    }

    /// Gives a command. In the past it forks first: the scripted events after now, and the
    /// checkpoints after now, are dropped. Returns the recorded event and whether it forked.
    pub fn command(&mut self, action: Action) -> Result<(TimedEvent, bool), ScenarioError> {
        self.command_for(action, None)
    }

    /// [`Timeline::command`] for a fault that ends itself `undo_ms` later (see
    /// [`crate::Sim::command_for`]).
    pub fn command_for(
        &mut self,
        action: Action,
        undo_ms: Option<u64>,
    ) -> Result<(TimedEvent, bool), ScenarioError> {
        let forked = self.in_past();
        let kept = if forked {
            let now = self.sim.now();
            let events: Vec<TimedEvent> = self
                .sim
                .scenario()
                .events
                .iter()
                .filter(|e| e.at_ms * 1000 <= now)
                .cloned()
                .collect();
            Some(events)
        } else {
            None
        };
        if let Some(events) = &kept {
            // Check the command against the cut script before cutting anything.
            let mut trial = self.sim.scenario().clone();
            trial.events = events.clone();
            let mut ev = TimedEvent::new(self.sim.now() / 1000 + 1, action.clone());
            ev.draw.undo = undo_ms.map(|ms| crate::scenario::Span { ms, before: None });
            trial.with_command(&ev)?;
            self.sim.set_script(events);
            self.fork_here();
        }
        let ev = self.sim.command_for(action, undo_ms)?;
        Ok((ev, forked))
    }

    /// Forgets everything after now: checkpoints and the frontier.
    fn fork_here(&mut self) {
        let (p, now) = (self.sim.processed(), self.sim.now());
        self.sparse.retain(|c| c.processed <= p);
        self.near.retain(|c| c.processed <= p);
        self.furthest_processed = p;
        self.furthest = now;
        self.anchor = self
            .sparse
            .iter()
            .chain(&self.near)
            .map(|c| c.processed)
            .max()
            .unwrap_or(0);
    }
}

/// A checkpoint's size when no allocator figure is available (the page): per member and
/// member, 17 bytes for gossip (a 16-byte table entry, and tables in flight) and 9 for SWIM;
/// plus about 160 bytes per member of queue. Checked by `travel-bench` against a counting
/// allocator: gossip at 1,000 members on a full topology, 16.7 MB measured once the tables
/// have filled, 16.4 MB estimated (MB = 2^20 bytes). SWIM's steady state is smaller than its
/// estimate since its tables were made compact (2 bytes an entry, 2 of probe order): 5.2 MB
/// measured at 1,000 members on a full topology (8.7 MB estimated), 417 MB at 10,000 (860 MB
/// estimated); but after churn it is larger (stamps and pending updates: 6 checkpoints of a
/// 1,000-member run with a partition into halves and a heal took 96.8 MB, 16 MB each). 9 bytes
/// sits between the two, on the side of fewer checkpoints; where there is an allocator figure
/// (natively) it is used instead. (Measured 2026-11-28.)
pub fn estimate_bytes(sim: &dyn Simulation) -> usize {
    let n = sim.node_count() as usize;
    let per_pair = match sim.scenario().proto {
        crate::scenario::Proto::Gossip => 17,
        crate::scenario::Proto::Swim => 9,
    };
    n * n * per_pair + n * 160 + 4096
}
