//! The page's model: the running simulation plus what the user is looking at. Pure Rust (no
//! browser types), so it is tested natively; the UI reads it and sends it commands.

pub mod fields;
mod hit;
pub mod layout;
pub mod log;
pub mod look;
pub mod memory;
pub mod moments;
mod params;
pub mod samples;
pub mod speed;
mod travel;
pub mod view;
mod why;

pub use hit::ENLARGED_LOOKS;
pub use params::{Applied, restarts};
pub use why::{Diagram, MAX_LANES, Paint, WhyView};

use gossip_protocol::{Micros, NodeId, Status};
use gossip_sim::checkpoint::Timeline;
use gossip_sim::milestones::Milestones;
use gossip_sim::{Action, NodeState, Scenario, ScenarioError, Simulation, Topo, build};
use layout::{Layout, Point};
use look::Look;

/// A message shown in the banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// True for errors (bad URL, invalid value), false for notices.
    pub error: bool,
    /// The text.
    pub text: String,
}

/// One point of the live charts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sample {
    /// Virtual time, µs.
    pub at: Micros,
    /// Belief: members that every live observer who knows them believes alive, whether or not
    /// they are actually up (a crashed member stays here until someone suspects it).
    pub alive_to_all: u32,
    /// Belief: members suspected by at least one live observer (and dead to none).
    pub suspected_by_some: u32,
    /// Belief: members declared dead (SWIM) or removed (gossip) by at least one live observer.
    pub dead_to_some: u32,
    /// Truth: members actually down (crashed), whatever anyone believes.
    pub down: u32,
    /// Messages sent per second of virtual time since the previous sample.
    pub msgs_per_s: f64,
    /// Bytes sent per second of virtual time since the previous sample.
    pub bytes_per_s: f64,
    /// Messages sent from the start to this sample.
    pub sent: u64,
    /// Bytes sent from the start to this sample.
    pub bytes: u64,
}

/// Number of chart samples shown.
pub const HISTORY: usize = 600;

/// Checkpoints of time travel may take this many bytes, by the engine's size estimate
/// (checked against allocator figures in travel-bench; see docs/limits.md).
pub const CHECKPOINT_BUDGET: usize = 200 << 20;

/// The page's state.
pub struct Model {
    timeline: Timeline,
    /// Protocol milestones for the timeline's markers.
    pub milestones: Milestones,
    /// What the last step or seek did, for the status line.
    pub status: Option<String>,
    /// Set when a command forked the run: the query before the fork (the page keeps it one
    /// history entry back).
    pub forked: Option<String>,
    /// Zoom and pan of the canvas.
    pub view: view::View,
    /// The node under the pointer, for the tooltip.
    pub hover: Option<NodeId>,
    /// The why panel's explanation and diagram, if one was asked for.
    pub why: Option<why::WhyView>,
    /// Node positions for the current topology.
    pub layout: Layout,
    /// Running or paused.
    pub playing: bool,
    /// Virtual seconds per real second (0.1..=1000).
    pub speed: f64,
    /// The selected node, whose view colours the canvas.
    pub selected: Option<NodeId>,
    /// Messages to show (dismissable).
    pub banners: Vec<Banner>,
    /// Chart samples to the furthest time reached.
    samples: samples::Samples,
    /// True when the last frame ran out of budget before reaching the requested time.
    pub lagging: bool,
    /// Whether the topology's links are drawn (not for dense graphs).
    pub links: bool,
    /// How many times the run restarted from 0 s (a restart key, the restart button), so a
    /// second run kept in lockstep knows to restart too.
    pub epoch: u64,
    /// Which run this is: a number no other run of the page had, new at every restart and
    /// every new model (a preset, a lesson's step), so that what is drawn knows a new run
    /// from the same one moving on.
    run: u64,
}

/// The next [`Model::run_id`].
fn next_run() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static RUNS: AtomicU64 = AtomicU64::new(0);
    RUNS.fetch_add(1, Ordering::Relaxed)
}

/// Largest cluster for which the canvas tells "dead to the other side" from "dead to all".
pub const ACROSS_LIMIT: usize = 400;

/// Trace records kept for the event log.
pub const LOG_CAPACITY: usize = 4000;

impl Model {
    /// Builds the model from a URL query. Invalid keys are reported in banners and replaced by
    /// their defaults; the page always runs.
    pub fn from_query(query: &str) -> Model {
        let (scenario, errors) = Scenario::from_query_lenient(query);
        let mut model = Model::new(scenario);
        for e in errors {
            model.banners.push(Banner {
                error: true,
                text: format!("Ignored URL setting: {e}"),
            });
        }
        model
    }

    /// Builds the model for a valid scenario (an invalid one falls back to the defaults).
    pub fn new(scenario: Scenario) -> Model {
        let (sim, banner) = match build(&scenario) {
            Ok(sim) => (sim, None),
            Err(e) => (
                build(&Scenario::default()).expect("the default scenario is valid"),
                Some(Banner {
                    error: true,
                    text: format!("Invalid scenario, running the default: {e}"),
                }),
            ),
        };
        let mut model = Model {
            layout: Layout::default(),
            timeline: timeline_of(sim),
            milestones: Milestones::default(),
            status: None,
            forked: None,
            view: Default::default(),
            hover: None,
            why: None,
            playing: true,
            speed: 1.0,
            selected: None,
            banners: banner.into_iter().collect(),
            samples: samples::Samples::default(),
            lagging: false,
            links: true,
            epoch: 0,
            run: next_run(),
        };
        model.prepare();
        model
    }

    fn prepare(&mut self) {
        self.milestones = Milestones::default();
        self.status = None;
        self.why = None;
        self.relayout();
        self.samples = samples::Samples::new(self.sample_every());
    }

    /// Which run this is (see the field `run`).
    pub fn run_id(&self) -> u64 {
        self.run
    }

    /// The running simulation.
    pub fn sim(&self) -> &dyn Simulation {
        self.timeline.sim()
    }

    /// The run with its checkpoints.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The scenario, with every recorded command.
    pub fn scenario(&self) -> &Scenario {
        self.sim().scenario()
    }

    /// The canonical query of the current scenario (what the address bar shows).
    pub fn query(&self) -> String {
        self.scenario().to_query()
    }

    /// Restarts from time 0 with `scenario` (same seed unless it says otherwise).
    pub fn restart(&mut self, scenario: Scenario) -> Result<(), ScenarioError> {
        self.timeline = timeline_of(build(&scenario)?);
        self.epoch += 1;
        self.run = next_run();
        if self.selected.is_some_and(|s| s >= scenario.nodes) {
            self.selected = None;
        }
        self.prepare();
        Ok(())
    }

    /// Advances by `real_ms` of wall time at the current speed. `out_of_time` is polled every 64
    /// events; when it says so, the frame stops early and `lagging` is set.
    pub fn advance(&mut self, real_ms: f64, out_of_time: &mut dyn FnMut() -> bool) {
        if !self.playing {
            return;
        }
        // What the last seek or step did is told until the run plays on.
        self.status = None;
        // Never jump more than 100 ms of wall time (a background tab resumes gently).
        let dt = (real_ms.clamp(0.0, 100.0) * self.speed * 1000.0) as Micros;
        let target = self.sim().now() + dt;
        self.run_to(target, out_of_time);
    }

    /// Runs to virtual time `t` whether playing or not (a run kept in lockstep with another
    /// one catches up with it). `out_of_time` is polled every 64 events; returns
    /// false (and sets `lagging`) when it stopped before `t`.
    pub fn run_to(&mut self, t: Micros, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.lagging = !self.run_sampled(t, out_of_time);
        self.advanced();
        !self.lagging
    }

    /// Runs to `t`, taking the chart samples due on the way; false when `out_of_time` stopped
    /// it early (it is polled every 64 events).
    fn run_sampled(&mut self, t: Micros, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let mut n = 0u32;
        while let Some(at) = self.sim().next_event_at().filter(|&at| at <= t) {
            self.sample_before(at);
            self.timeline.step();
            n += 1;
            if n.is_multiple_of(64) && out_of_time() {
                return false;
            }
        }
        self.sample_before(t.saturating_add(1));
        self.timeline.run_until(t);
        true
    }

    /// Takes the chart samples due before `at`, the time of the next event: the state at
    /// each is the state now, with the clock moved there.
    fn sample_before(&mut self, at: Micros) {
        while self.samples.next_due() < at {
            let due = self.samples.next_due();
            self.timeline.run_until(due);
            self.sample();
        }
    }

    /// After the clock moved forward: milestones at the frontier, layout, chart samples.
    fn advanced(&mut self) {
        if !self.timeline.in_past() {
            self.milestones.observe(self.timeline.sim());
        }
        if self.layout.points.len() != self.sim().node_count() as usize {
            self.relayout();
        }
    }

    /// True while a run is starting slowly: the last frame ran out of budget before the
    /// first protocol period was over (thousands of members each start their timers and
    /// first probes before the clock moves far).
    pub fn starting(&self) -> bool {
        self.lagging && self.sim().now() < self.sim().params().period_ms * 1000
    }

    /// Processes exactly the next event (pauses first) and says which it was.
    pub fn step_event(&mut self) {
        self.playing = false;
        let what = self.sim().describe_next();
        if let Some((at, _)) = what {
            self.sample_before(at);
        }
        self.timeline.step();
        self.status = Some(match what {
            Some((at, text)) => format!("{}  {text}", seconds(at)),
            None => "nothing left to run".into(),
        });
        self.advanced();
    }

    /// Runs one protocol period of virtual time (pauses first).
    pub fn step_period(&mut self) {
        self.playing = false;
        let t = self.sim().now() + self.sim().params().period_ms * 1000;
        let before = self.sim().processed();
        self.run_sampled(t, &mut || false);
        self.status = Some(format!(
            "{}  one period: {} events",
            seconds(t),
            self.sim().processed() - before
        ));
        self.advanced();
    }

    fn sample_every(&self) -> Micros {
        (self.sim().params().period_ms * 1000).max(100_000)
    }

    /// Chart samples shown at the current time: the run's, up to now (the same after a seek
    /// as in a straight run), oldest first.
    pub fn history(&self) -> &[Sample] {
        self.samples.shown(self.sim().now())
    }

    /// Samples the state now, at the time due (see [`samples::Samples`]).
    fn sample(&mut self) {
        let sim = self.timeline.sim();
        let m = sim.metrics().messages;
        let mut s = Sample {
            at: self.samples.next_due(),
            sent: m.sent,
            bytes: m.bytes,
            ..Sample::default()
        };
        for id in 0..sim.node_count() {
            match sim.state(id) {
                NodeState::Crashed => s.down += 1,
                NodeState::Left => continue,
                NodeState::Up => {}
            }
            // The belief series count what the others believe, not what is true: a crashed
            // member counts as alive until someone suspects it, so detection delay shows.
            match self.cluster_belief(id) {
                Look::Dead => s.dead_to_some += 1,
                Look::Suspected => s.suspected_by_some += 1,
                Look::Alive => s.alive_to_all += 1,
                _ => {}
            }
        }
        self.samples.record(s);
    }

    /// How the cluster as a whole sees `id`.
    pub fn cluster_look(&self, id: NodeId) -> Look {
        let sim = self.sim();
        let m = sim.metrics();
        if sim.state(id) == NodeState::Left {
            return Look::Left;
        }
        if sim.state(id) == NodeState::Up
            && m.live() > 1
            && m.known(id) > 0
            && m.alive_seen(id) == 0
        {
            return Look::Isolated;
        }
        self.cluster_belief(id)
    }

    /// What the live observers believe of `id`, whether it is up or not: dead (or removed) to
    /// some, else suspected by some, else left to some, else alive to all. [`Self::cluster_look`]
    /// without its "isolated" case (which is about `id`'s own view, not the others').
    pub fn cluster_belief(&self, id: NodeId) -> Look {
        let c = self.sim().metrics().counts(id);
        if c[Status::Dead.index()] > 0 {
            Look::Dead
        } else if c[Status::Suspect.index()] > 0 {
            Look::Suspected
        } else if c[Status::Left.index()] > 0 {
            Look::Left
        } else {
            Look::Alive
        }
    }

    /// While a partition is in force, per member: true when everyone on its own side believes
    /// it alive and only members on other sides suspect it or declare it dead, i.e. "dead to
    /// the other side", not to all. All false without a partition. O(members²): the canvas
    /// asks only up to [`ACROSS_LIMIT`] members.
    pub fn dead_across_only(&self) -> Vec<bool> {
        let sim = self.sim();
        let n = sim.node_count();
        let mut out = vec![false; n as usize];
        if !sim.partitioned() || n as usize > ACROSS_LIMIT {
            return out;
        }
        for (m, flag) in out.iter_mut().enumerate() {
            let m = m as NodeId;
            let side = sim.side(m);
            let (mut own_ok, mut other_bad) = (true, false);
            for o in (0..n).filter(|&o| o != m && sim.state(o) == NodeState::Up) {
                let bad = matches!(sim.status_of(o, m), Status::Suspect | Status::Dead);
                if sim.side(o) == side {
                    own_ok &= !bad;
                } else {
                    other_bad |= bad;
                }
            }
            *flag = own_ok && other_bad;
        }
        out
    }

    /// How node `id` looks on the canvas: the selected node's belief, or the cluster's view.
    pub fn look(&self, id: NodeId) -> Look {
        match self.selected {
            Some(sel) if self.sim().state(sel) == NodeState::Up => {
                match self.sim().status_of(sel, id) {
                    Status::Alive => Look::Alive,
                    Status::Suspect => Look::Suspected,
                    Status::Dead => Look::Dead,
                    Status::Left => Look::Left,
                    Status::Unknown => Look::Unknown,
                }
            }
            _ => self.cluster_look(id),
        }
    }

    /// Selects the node under `p` (unit-square coordinates), or clears the selection.
    pub fn click(&mut self, p: Point, radius: f64) {
        self.selected = self.layout.hit(p, radius);
    }

    /// Crashes the node if it runs, recovers it otherwise.
    pub fn toggle_crash(&mut self, id: NodeId) -> bool {
        self.command(self.crash_action(id))
    }

    /// What the crash key does to `id` now: crash it if it runs, recover it otherwise.
    pub fn crash_action(&self, id: NodeId) -> Action {
        if self.sim().state(id) == NodeState::Up {
            Action::Crash(id)
        } else {
            Action::Recover(id)
        }
    }

    /// The distinct leaders followed now.
    pub fn leader_set(&self) -> Vec<NodeId> {
        let m = self.sim().metrics();
        let mut v: Vec<NodeId> = (0..self.sim().node_count())
            .filter_map(|id| m.leaders.of(id))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn relayout(&mut self) {
        let topology = self.timeline.sim().topology();
        self.layout = Layout::compute(self.timeline.sim().scenario().topo, topology);
        let edges = topology.edge_count();
        self.links = edges <= 6000 && (self.scenario().topo != Topo::Full || topology.len() <= 24);
    }
}

/// Starts recording `sim` with the page's log and drop settings (set first: the first
/// checkpoint carries them, and no clone is taken only to change them).
fn timeline_of(mut sim: Box<dyn Simulation>) -> Timeline {
    sim.set_log_capacity(LOG_CAPACITY);
    sim.set_track_drops(true);
    Timeline::new(sim, CHECKPOINT_BUDGET, None)
}

/// `10,000`: a count with its thousands separated.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats virtual time as `m:ss.mmm`, to the nearest ms as every other time on the page
/// (the event log, the lessons, the panels: an event at 13,868.6 ms reads 13.869 in all).
pub fn clock(us: Micros) -> String {
    let ms = (us + 500) / 1000;
    format!("{}:{:02}.{:03}", ms / 60_000, (ms / 1000) % 60, ms % 1000)
}

/// `12.345 s`.
pub fn seconds(us: Micros) -> String {
    format!("{:.3} s", us as f64 / 1e6)
}

/// A span of ms as people write it: `500 ms`, `10 s`, `1.5 s`.
pub fn span_ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{} s", ms as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod why_tests;

#[cfg(test)]
mod across_tests {
    use super::*;

    #[test]
    fn in_a_partition_members_are_dead_to_the_other_side_not_to_all() {
        let mut m =
            Model::from_query("proto=swim&nodes=12&topo=full&ev=5s.partition.0-5,6s.crash.2");
        while m.sim().now() < 40_000_000 {
            m.advance(100.0, &mut || false);
        }
        let across = m.dead_across_only();
        assert!(across[8], "node 8 is alive to its side, dead to the other");
        assert!(
            !across[2],
            "node 2 crashed: its own side declares it dead too"
        );
        let mut healed = Model::from_query("proto=swim&nodes=12&topo=full");
        healed.advance(100.0, &mut || false);
        assert!(healed.dead_across_only().iter().all(|x| !x));
    }
}
