//! Guided lessons on real runs (issue 22): a lesson is data, a list of [`Step`]s; a step sets
//! the run's moment (a scripted scenario and a time on its timeline, or the moment an event
//! first happens), frames the view (a selected member), and says what is happening in a text
//! whose numbers are read from the run at that moment ([`figures`]). A step either plays on
//! (Next is free) or asks the reader to act, and Next unlocks when the run shows they did.
//!
//! Plain Rust on the page's [`Model`]: no browser types, tested natively. The page core keeps
//! one [`Session`] while a lesson is open.

pub mod figures;
mod lessons;
mod moment;
mod run_figures;
#[cfg(test)]
mod tests;

pub use lessons::LESSONS;
pub use moment::{Event, HORIZON_US};

use crate::model::Model;
use gossip_protocol::{Micros, MsgKind, NodeId};
use gossip_sim::{Action, NodeState};

/// A lesson: a title and its steps.
pub struct Lesson {
    /// Its number in the course (1 to 6), for `?lesson=N`.
    pub number: usize,
    /// The name in `?lesson=NAME`.
    pub slug: &'static str,
    /// The title shown above the steps.
    pub title: &'static str,
    /// Its steps, in order.
    pub steps: &'static [Step],
}

/// One step of a lesson.
pub struct Step {
    /// The scenario query the step runs on. A step whose query is the one already loaded by
    /// the lesson keeps the run (and what the reader did to it); another loads it from 0 s.
    pub scenario: &'static str,
    /// The moment on the run's timeline the step shows.
    pub moment: Moment,
    /// The member to select (its table shows beside the canvas), if any.
    pub select: Option<NodeId>,
    /// The message kind to highlight on the canvas (the others fade), if any.
    pub highlight: Option<MsgKind>,
    /// What is happening, with `{placeholders}` filled from the run (see [`figures`]).
    pub text: &'static str,
    /// Play on, or ask the reader to act.
    pub act: Act,
}

/// Where a step puts the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// This virtual time, ms (run forward to it, or travel back).
    At(u64),
    /// The first time, from the run's current time on, that this happens (searched up to
    /// [`HORIZON_US`] ahead).
    When(Event),
    /// Where the run is.
    Stay,
}

/// What a step asks of the reader, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Nothing: Next goes on.
    PlayOn,
    /// Do this (the text says how); Next unlocks when [`Check`] holds.
    Ask(Check),
}

/// What the run must show before an asking step lets the reader go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// These members are down (crashed).
    Crashed(&'static [NodeId]),
    /// This scenario key has this value now (`k` = 0), set live or at a restart.
    Key(&'static str, u64),
    /// This scenario key is written this way now (`lifeguard` = `on`, `detector` = `phi`).
    Is(&'static str, &'static str),
    /// At least this many members have been in the run (ids 0 to N-1): a member joined.
    Members(NodeId),
    /// The network is partitioned.
    Partitioned,
    /// No partition is in force (the step that asks comes after one).
    Healed,
    /// A member joined at or after the latest live change of this key (`fanout`): its news
    /// spread under the new value.
    JoinedSince(&'static str),
    /// Every one of these, in order.
    All(&'static [Check]),
}

impl Check {
    /// True when the run shows it.
    pub fn holds(self, m: &Model) -> bool {
        let sim = m.sim();
        match self {
            Check::Crashed(ids) => ids
                .iter()
                .all(|&id| id < sim.node_count() && sim.state(id) == NodeState::Crashed),
            Check::Key(key, v) => sim.params().value_of(key) == Some(v.to_string()),
            Check::Is(key, v) => sim.params().value_of(key).as_deref() == Some(v),
            Check::Members(n) => sim.node_count() >= n,
            Check::Partitioned => sim.partitioned(),
            Check::Healed => !sim.partitioned(),
            Check::JoinedSince(key) => {
                let events = &sim.scenario().events;
                let set = events
                    .iter()
                    .filter(|e| matches!(e.action, Action::Set(p, _) if p.key() == key))
                    .map(|e| e.at_ms)
                    .max()
                    .unwrap_or(0);
                events
                    .iter()
                    .any(|e| e.action == Action::Join && e.at_ms >= set)
            }
            Check::All(checks) => checks.iter().all(|c| c.holds(m)),
        }
    }

    /// Does it for the reader (a lesson opened at a later step walks past this one).
    fn perform(self, m: &mut Model) {
        match self {
            Check::Crashed(ids) => {
                for &id in ids {
                    if m.sim().state(id) == NodeState::Up {
                        m.command(Action::Crash(id));
                    }
                }
            }
            Check::Key(key, v) => {
                let _ = m.set_key(key, &v.to_string());
            }
            Check::Is(key, v) => {
                let _ = m.set_key(key, v);
            }
            Check::Members(n) => {
                for _ in m.sim().node_count()..n {
                    m.command(Action::Join);
                }
            }
            Check::Partitioned => {
                m.command(crate::page::split_in_two(m.sim().node_count()));
            }
            Check::Healed => {
                m.command(Action::Heal);
            }
            Check::JoinedSince(_) => {
                m.command(Action::Join);
            }
            Check::All(checks) => {
                for c in checks {
                    if !c.holds(m) {
                        c.perform(m);
                    }
                }
            }
        }
    }
}

/// The lesson `name` names: its slug, or its number in the course ([`Lesson::number`]).
pub fn find(name: &str) -> Option<usize> {
    let name = name.trim();
    if let Ok(n) = name.parse::<usize>() {
        return LESSONS.iter().position(|l| l.number == n);
    }
    LESSONS
        .iter()
        .position(|l| l.slug.eq_ignore_ascii_case(name))
}

/// Counters read at a step's moment, so that a later step can say what changed since.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Virtual time, µs.
    pub at: Micros,
    /// [`gossip_sim::metrics::Metrics::false_suspicions`] then.
    pub false_suspicions: u64,
    /// [`gossip_sim::metrics::Metrics::false_deaths`] then.
    pub false_deaths: u64,
    /// [`Model::epoch`] then: a restart since (a restart key the reader set) makes this
    /// moment one of another run.
    pub epoch: u64,
}

impl Snapshot {
    /// The run's counters now.
    pub fn of(m: &Model) -> Snapshot {
        let sim = m.sim();
        let metrics = sim.metrics();
        Snapshot {
            at: sim.now(),
            false_suspicions: metrics.false_suspicions,
            false_deaths: metrics.false_deaths,
            epoch: m.epoch,
        }
    }
}

/// An open lesson: which one, which step, and what each visited step's moment was.
#[derive(Clone, Debug)]
pub struct Session {
    lesson: usize,
    step: usize,
    /// The scenario query the lesson loaded last.
    loaded: Option<&'static str>,
    /// Per step: the counters at its moment, once reached.
    snaps: Vec<Option<Snapshot>>,
    /// The current step's text, filled at its moment.
    text: String,
    /// False when the current step's moment did not come within [`HORIZON_US`].
    came: bool,
}

/// What the lesson panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonView {
    /// The lesson's number in the course.
    pub number: usize,
    /// Its title.
    pub title: &'static str,
    /// The step, from 1.
    pub step: usize,
    /// How many steps.
    pub steps: usize,
    /// The step's text, with the run's figures.
    pub text: String,
    /// True when the step asks the reader to act.
    pub asks: bool,
    /// True when Next may go on (a playing-on step, or the reader did what was asked).
    pub done: bool,
    /// The message kind the step highlights on the canvas, if any.
    pub highlight: Option<MsgKind>,
}

impl Session {
    /// Opens lesson `lesson` at `step` (from 0, clamped): walks its steps from the first one,
    /// doing what earlier steps ask, so that the run is the one a reader would have reached.
    /// Returns the session and the model to show.
    pub fn open(lesson: usize, step: usize) -> (Session, Model) {
        let l = &LESSONS[lesson.min(LESSONS.len() - 1)];
        let last = step.min(l.steps.len() - 1);
        let mut s = Session {
            lesson: lesson.min(LESSONS.len() - 1),
            step: 0,
            loaded: None,
            snaps: vec![None; l.steps.len()],
            text: String::new(),
            came: true,
        };
        let mut m = Model::from_query(l.steps[0].scenario);
        s.enter(&mut m);
        while s.step < last {
            if let Act::Ask(check) = s.current().act
                && !check.holds(&m)
            {
                check.perform(&mut m);
            }
            s.step += 1;
            s.enter(&mut m);
        }
        (s, m)
    }

    /// The lesson.
    pub fn lesson(&self) -> &'static Lesson {
        &LESSONS[self.lesson]
    }

    /// The lesson's index in [`LESSONS`].
    pub fn lesson_index(&self) -> usize {
        self.lesson
    }

    /// The step's index, from 0.
    pub fn step(&self) -> usize {
        self.step
    }

    fn current(&self) -> &'static Step {
        &self.lesson().steps[self.step]
    }

    /// The query a link to this step writes: `lesson=SLUG&step=N` (N from 1).
    pub fn query(&self) -> String {
        format!("lesson={}&step={}", self.lesson().slug, self.step + 1)
    }

    /// True when Next may go on from the current step.
    pub fn done(&self, m: &Model) -> bool {
        match self.current().act {
            Act::PlayOn => true,
            Act::Ask(check) => check.holds(m),
        }
    }

    /// What the panel shows.
    pub fn view(&self, m: &Model) -> LessonView {
        LessonView {
            number: self.lesson().number,
            title: self.lesson().title,
            step: self.step + 1,
            steps: self.lesson().steps.len(),
            text: self.text.clone(),
            asks: matches!(self.current().act, Act::Ask(_)),
            done: self.done(m),
            highlight: self.current().highlight,
        }
    }

    /// The message kind the current step highlights, if any.
    pub fn highlight(&self) -> Option<MsgKind> {
        self.current().highlight
    }

    /// Goes to the next step when the current one is done; false (and nothing changes) when
    /// it is not, or at the last step.
    pub fn next(&mut self, m: &mut Model) -> bool {
        if self.step + 1 >= self.lesson().steps.len() || !self.done(m) {
            return false;
        }
        self.step += 1;
        self.enter(m);
        true
    }

    /// Goes back one step: to the time that step showed (the run travels back), with its
    /// text filled again there. When that moment belongs to another run (another scenario,
    /// or the run restarted since, by a key the reader set), the lesson is walked again up to
    /// that step, as [`Session::open`] does. False at the first step.
    pub fn back(&mut self, m: &mut Model) -> bool {
        if self.step == 0 {
            return false;
        }
        self.step -= 1;
        match self.snaps[self.step] {
            Some(snap) if self.loaded == Some(self.current().scenario) && snap.epoch == m.epoch => {
                m.seek(snap.at);
                self.frame(m);
                self.fill(m);
            }
            _ => {
                let (s, mut walked) = Session::open(self.lesson, self.step);
                walked.banners = std::mem::take(&mut m.banners);
                walked.speed = m.speed;
                *self = s;
                *m = walked;
            }
        }
        true
    }

    /// Puts the run at the current step's moment, frames it and fills the text.
    fn enter(&mut self, m: &mut Model) {
        let step = self.current();
        if self.loaded != Some(step.scenario) {
            let banners = std::mem::take(&mut m.banners);
            *m = Model::from_query(step.scenario);
            m.banners = banners;
            self.loaded = Some(step.scenario);
        }
        self.came = true;
        match step.moment {
            Moment::At(ms) => moment::go_to(m, ms * 1000),
            Moment::When(ev) => self.came = moment::run_until(m, ev),
            Moment::Stay => {}
        }
        m.playing = false;
        self.frame(m);
        self.snaps[self.step] = Some(Snapshot::of(m));
        self.fill(m);
    }

    fn frame(&self, m: &mut Model) {
        m.selected = self
            .current()
            .select
            .filter(|&id| id < m.sim().node_count());
    }

    fn fill(&mut self, m: &Model) {
        let prev = self.step.checked_sub(1).and_then(|i| self.snaps[i]);
        self.text = match figures::fill(self.current().text, m, prev) {
            Ok(text) => text,
            Err(missing) if !self.came => format!(
                "{} (This step's moment did not come within {} s of the run: {missing}.)",
                figures::strip(self.current().text),
                HORIZON_US / 1_000_000
            ),
            Err(missing) => format!(
                "{} (What you did led the run elsewhere: {missing}. Back replays the step \
                 before; Leave keeps this run.)",
                figures::strip(self.current().text)
            ),
        };
    }
}
