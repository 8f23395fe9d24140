//! The page's model: the running simulation plus what the user is looking at. Pure Rust (no
//! browser types), so it is tested natively; the UI reads it and sends it commands.

use crate::render::layout::{Layout, Point};
use crate::render::palette::Look;
use gossip_protocol::{Micros, NodeId, Status};
use gossip_sim::{Action, NodeState, Proto, Scenario, ScenarioError, Simulation, Topo, build};

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
    /// Members every live observer believes alive.
    pub alive: u32,
    /// Members suspected by at least one live observer (and dead to none).
    pub suspected: u32,
    /// Members declared dead or removed by at least one live observer.
    pub dead: u32,
    /// Members actually down (crashed).
    pub down: u32,
    /// Messages sent per second of virtual time since the previous sample.
    pub msgs_per_s: f64,
    /// Bytes sent per second of virtual time since the previous sample.
    pub bytes_per_s: f64,
}

/// How a parameter change was applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Applied to the running simulation (recorded as a scenario event).
    Live,
    /// The run restarted from time 0 with the same seed.
    Restarted,
}

/// Number of chart samples kept.
pub const HISTORY: usize = 600;

/// The page's state.
pub struct Model {
    sim: Box<dyn Simulation>,
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
    /// Chart samples, oldest first.
    pub history: Vec<Sample>,
    /// True when the last frame ran out of budget before reaching the requested time.
    pub lagging: bool,
    /// Whether the topology's links are drawn (not for dense graphs).
    pub links: bool,
    last_sample: (Micros, u64, u64),
}

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
            sim,
            playing: true,
            speed: 1.0,
            selected: None,
            banners: banner.into_iter().collect(),
            history: Vec::new(),
            lagging: false,
            links: true,
            last_sample: (0, 0, 0),
        };
        model.prepare();
        model
    }

    fn prepare(&mut self) {
        self.sim.set_log_capacity(LOG_CAPACITY);
        self.sim.set_track_drops(true);
        self.relayout();
        self.history.clear();
        self.last_sample = (0, 0, 0);
        self.sample();
    }

    /// The running simulation.
    pub fn sim(&self) -> &dyn Simulation {
        self.sim.as_ref()
    }

    /// The scenario, with every recorded command.
    pub fn scenario(&self) -> &Scenario {
        self.sim.scenario()
    }

    /// The canonical query of the current scenario (what the address bar shows).
    pub fn query(&self) -> String {
        self.scenario().to_query()
    }

    /// Restarts from time 0 with `scenario` (same seed unless it says otherwise).
    pub fn restart(&mut self, scenario: Scenario) -> Result<(), ScenarioError> {
        self.sim = build(&scenario)?;
        if self.selected.is_some_and(|s| s >= scenario.nodes) {
            self.selected = None;
        }
        self.prepare();
        Ok(())
    }

    /// Advances by `real_ms` of wall time at the current speed. `out_of_time` is polled every
    /// few hundred events; when it says so, the frame stops early and `lagging` is set.
    pub fn advance(&mut self, real_ms: f64, out_of_time: &mut dyn FnMut() -> bool) {
        if !self.playing {
            return;
        }
        // Never jump more than 100 ms of wall time (a background tab resumes gently).
        let dt = (real_ms.clamp(0.0, 100.0) * self.speed * 1000.0) as Micros;
        let target = self.sim.now() + dt;
        self.lagging = false;
        let mut n = 0u32;
        while self.sim.next_event_at().is_some_and(|t| t <= target) {
            self.sim.step();
            n += 1;
            if n.is_multiple_of(256) && out_of_time() {
                self.lagging = true;
                break;
            }
        }
        if !self.lagging {
            self.sim.run_until(target);
        }
        self.sample_if_due();
    }

    /// Processes exactly the next event (pauses first).
    pub fn step_event(&mut self) {
        self.playing = false;
        self.sim.step();
        self.sample_if_due();
    }

    /// Runs one protocol period of virtual time (pauses first).
    pub fn step_period(&mut self) {
        self.playing = false;
        let t = self.sim.now() + self.scenario().period_ms * 1000;
        self.sim.run_until(t);
        self.sample_if_due();
    }

    fn sample_every(&self) -> Micros {
        (self.scenario().period_ms * 1000).max(100_000)
    }

    fn sample_if_due(&mut self) {
        if self.sim.now() >= self.last_sample.0 + self.sample_every() {
            self.sample();
        }
    }

    fn sample(&mut self) {
        let now = self.sim.now();
        let m = self.sim.metrics().messages;
        let (t0, sent0, bytes0) = self.last_sample;
        let secs = (now.saturating_sub(t0)) as f64 / 1e6;
        let rate = |a: u64, b: u64| {
            if secs > 0.0 {
                (a - b) as f64 / secs
            } else {
                0.0
            }
        };
        let mut s = Sample {
            at: now,
            msgs_per_s: rate(m.sent, sent0),
            bytes_per_s: rate(m.bytes, bytes0),
            ..Sample::default()
        };
        for id in 0..self.sim.node_count() {
            match self.sim.state(id) {
                NodeState::Crashed => s.down += 1,
                NodeState::Left => continue,
                NodeState::Up => {}
            }
            match self.cluster_look(id) {
                Look::Dead => s.dead += 1,
                Look::Suspected => s.suspected += 1,
                _ if self.sim.state(id) == NodeState::Up => s.alive += 1,
                _ => {}
            }
        }
        self.last_sample = (now, m.sent, m.bytes);
        if self.history.len() == HISTORY {
            self.history.remove(0);
        }
        self.history.push(s);
    }

    /// How the cluster as a whole sees `id`.
    pub fn cluster_look(&self, id: NodeId) -> Look {
        let sim = self.sim();
        let m = sim.metrics();
        if sim.state(id) == NodeState::Left {
            return Look::Left;
        }
        let c = m.counts(id);
        if sim.state(id) == NodeState::Up
            && m.live() > 1
            && m.known(id) > 0
            && m.alive_seen(id) == 0
        {
            return Look::Isolated;
        }
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

    /// How node `id` looks on the canvas: the selected node's belief, or the cluster's view.
    pub fn look(&self, id: NodeId) -> Look {
        match self.selected {
            Some(sel) if self.sim.state(sel) == NodeState::Up => {
                match self.sim.status_of(sel, id) {
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

    /// Records and schedules a user command; errors become a banner.
    pub fn command(&mut self, action: Action) -> bool {
        let joins = matches!(action, Action::Join);
        match self.sim.command(action) {
            Ok(_) => {
                if joins {
                    // The node appears at the next millisecond; lay out the grown topology then.
                    self.sim.run_until(self.sim.now() + 1000);
                    self.relayout();
                }
                true
            }
            Err(e) => {
                self.banners.push(Banner {
                    error: true,
                    text: format!("Command refused: {e}"),
                });
                false
            }
        }
    }

    /// Crashes the node if it runs, recovers it otherwise.
    pub fn toggle_crash(&mut self, id: NodeId) -> bool {
        let action = if self.sim.state(id) == NodeState::Up {
            Action::Crash(id)
        } else {
            Action::Recover(id)
        };
        self.command(action)
    }

    /// Sets one scenario key from a control. `loss` applies live (recorded as an event); every
    /// other key restarts the run from time 0 with the same seed and the recorded events.
    pub fn set_key(&mut self, key: &str, value: &str) -> Result<Applied, ScenarioError> {
        if key == "loss" {
            let pct: u32 =
                value
                    .parse()
                    .ok()
                    .filter(|p| *p <= 100)
                    .ok_or_else(|| ScenarioError {
                        key: "loss".into(),
                        message: format!("'{value}' is out of range: accepted 0..=100 %"),
                    })?;
            self.command(Action::Set(gossip_sim::Param::Loss, pct.into()));
            return Ok(Applied::Live);
        }
        let mut next = if key == "proto" {
            let proto = match value {
                "swim" => Proto::Swim,
                "gossip" => Proto::Gossip,
                _ => {
                    return Err(ScenarioError {
                        key: "proto".into(),
                        message: format!("'{value}' is not a protocol: accepted gossip, swim"),
                    });
                }
            };
            let old = self.scenario();
            Scenario {
                nodes: old.nodes.min(Scenario::defaults(proto).max_nodes()),
                topo: old.topo,
                degree: old.degree,
                loss_pct: old.loss_pct,
                latency_ms: old.latency_ms,
                seed: old.seed,
                events: old.events.clone(),
                ..Scenario::defaults(proto)
            }
        } else {
            let mut s = self.scenario().clone();
            s.set(key, value)?;
            s
        };
        if let Err(e) = next.validate() {
            if e.key != "ev" {
                return Err(e);
            }
            // Fewer nodes: drop the recorded events that no longer fit, and say so.
            let dropped = next.events.len();
            let events = std::mem::take(&mut next.events);
            for ev in events {
                next.events.push(ev);
                if next.validate().is_err() {
                    next.events.pop();
                }
            }
            self.banners.push(Banner {
                error: false,
                text: format!(
                    "{} scripted event(s) no longer fit the cluster and were removed.",
                    dropped - next.events.len()
                ),
            });
        }
        self.restart(next)?;
        Ok(Applied::Restarted)
    }

    /// The distinct leaders followed now.
    pub fn leader_set(&self) -> Vec<NodeId> {
        let m = self.sim.metrics();
        let mut v: Vec<NodeId> = (0..self.sim.node_count())
            .filter_map(|id| m.leaders.of(id))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn relayout(&mut self) {
        let topology = self.sim.topology();
        self.layout = Layout::compute(self.sim.scenario().topo, topology);
        let edges: usize = topology.adj.iter().map(Vec::len).sum::<usize>() / 2;
        self.links = edges <= 6000 && (self.scenario().topo != Topo::Full || topology.len() <= 24);
    }
}

#[cfg(test)]
mod tests;
