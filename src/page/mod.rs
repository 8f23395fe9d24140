//! The page's core: commands in, effects out. Run A (a [`Model`]), run B when comparing (a
//! [`Compare`]), and what the page shows around them (the guide, the pointer on the canvas)
//! live here, in plain Rust without browser types, so every rule of the page is tested
//! natively. The Yew shell (src/app.rs) turns DOM events into [`Command`]s, calls
//! [`Page::apply`], carries out the [`Effect`]s it returns, and keeps the timers, the
//! animation frames and the drawing.

mod command;
pub mod presets;
mod rules;
#[cfg(test)]
mod tests;

pub use command::*;
pub use rules::*;

use crate::compare::Compare;
use crate::lesson::{LessonView, Session};
use crate::model::memory::MemoryGuard;
use crate::model::view::Viewport;
use crate::model::{Banner, Model, restarts};
use crate::render::sequence;
use gossip_protocol::NodeId;
use gossip_sim::Action;
use presets::PRESETS;

/// The run an empty link opens: the classic ring, with a crash and a recovery to watch.
pub const WELCOME: &str = "ev=8s.crash.3,45s.recover.3";
/// What to watch in it.
pub const WELCOME_TEXT: &str = "Welcome! New to failure detection? Learn it by doing: the \
    Learn lessons above walk through real runs step by step, starting with heartbeats and the \
    table. Or watch this \
    run: 8 members gossip heartbeats around a ring. Node 3 \
    crashes at 8 s: its neighbours stop hearing its heartbeat, suspect it at about 18 s (amber) \
    and remove it by about 41 s (red); it recovers at 45 s. Open the guide (?) for what the \
    colours mean.";

/// A canvas's size as laid out, CSS px: (width, height).
pub type Size = (f64, f64);

/// What the shell knows when the page opens.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    /// The page is dark (diagrams are drawn for a dark background).
    pub dark: bool,
    /// Open the guide (the first visit).
    pub guide: bool,
    /// Wall time in ms (to report what an explanation cost).
    pub clock: fn() -> f64,
}

/// The page's state. See the module documentation.
pub struct Page {
    a: Model,
    compare: Option<Compare>,
    /// The link the page last opened, as written (the sweep panel's randomised workload).
    opened: String,
    guide: bool,
    dark: bool,
    clock: fn() -> f64,
    /// Run A's and run B's canvases, as last measured.
    canvas: Option<Size>,
    canvas_b: Option<Size>,
    /// Where a drag on the canvas started (or last moved to).
    drag: Option<(f64, f64)>,
    /// The button went down and the pointer moved: the coming click is the end of a drag.
    dragged: bool,
    /// Where the pointer is over the canvas, for the tooltip.
    hover_at: Option<(f64, f64)>,
    /// The last two-finger distance, while pinching.
    pinch: Option<f64>,
    /// Pauses the run when the page's memory nears the browser's limit.
    memory: MemoryGuard,
    /// The open lesson, if any (see [`crate::lesson`]).
    lesson: Option<Session>,
    /// While a lesson is open: the speed before it, and the lesson speed it set (leaving
    /// restores the first unless the reader changed the second).
    speed_before: Option<(f64, f64)>,
}

/// How a command ends: like most, with B following A, the address bar following the
/// scenario (true when the scenario's keys may have changed) and a redraw; or with just the
/// effects it gave (the pointer's moves, which happen many times a second).
enum Flow {
    Settle(bool),
    Done,
}

/// Reads `lesson` and `step` out of a query: the lesson's index and the step's (from 0),
/// the other keys as written, and the error for a lesson or step that does not exist.
pub fn lesson_of(query: &str) -> (Option<(usize, usize)>, String, Option<String>) {
    let (mut lesson, mut step, mut rest) = (None, None, Vec::new());
    for pair in query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("lesson", v)) => lesson = Some(v),
            Some(("step", v)) => step = Some(v),
            _ => rest.push(pair),
        }
    }
    let rest = rest.join("&");
    let Some(name) = lesson else {
        return (None, rest, None);
    };
    let names = || {
        crate::lesson::LESSONS
            .iter()
            .map(|l| format!("{} ({})", l.number, l.slug))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(i) = crate::lesson::find(name) else {
        let text = format!(
            "Ignored URL setting: lesson={name}: no such lesson; written so far: {}",
            names()
        );
        return (None, rest, Some(text));
    };
    let steps = crate::lesson::LESSONS[i].steps.len();
    match step.map(str::parse::<usize>) {
        None => (Some((i, 0)), rest, None),
        Some(Ok(n)) if (1..=steps).contains(&n) => (Some((i, n - 1)), rest, None),
        Some(_) => (
            Some((i, 0)),
            rest,
            Some(format!(
                "Ignored URL setting: step={}: lesson {name} has steps 1 to {steps}",
                step.unwrap_or_default()
            )),
        ),
    }
}

/// Sets `m` to play at its lesson speed and returns it.
fn lesson_speed_of(m: &mut Model) -> f64 {
    m.speed = lesson_speed(m.scenario().latency_ms);
    m.speed
}

impl Page {
    /// Opens `query` (an empty one opens the welcome run); the effects put the canonical
    /// query in the address bar.
    pub fn open(query: &str, setup: Setup) -> (Page, Vec<Effect>) {
        let welcome = query.is_empty();
        let written = if welcome { WELCOME } else { query };
        let (lesson, rest, refused) = lesson_of(written);
        let mut speed_before = None;
        let (mut a, compare, lesson) = match lesson {
            Some((i, step)) => {
                let (s, mut m) = Session::open(i, step);
                speed_before = Some((m.speed, lesson_speed_of(&mut m)));
                (m, None, Some(s))
            }
            None => {
                let (a, c) = Compare::open(&rest);
                (a, c, None)
            }
        };
        if let Some(text) = refused {
            a.banners.push(Banner { error: true, text });
        }
        if welcome {
            a.banners.push(Banner {
                error: false,
                text: WELCOME_TEXT.into(),
            });
        }
        let page = Page {
            a,
            compare,
            opened: match &lesson {
                Some(s) => s.query(),
                None => rest,
            },
            guide: setup.guide,
            dark: setup.dark,
            clock: setup.clock,
            canvas: None,
            canvas_b: None,
            drag: None,
            dragged: false,
            hover_at: None,
            pinch: None,
            memory: MemoryGuard::default(),
            lesson,
            speed_before,
        };
        let fx = vec![Effect::SetUrl(page.url_query())];
        (page, fx)
    }

    /// Run A.
    pub fn a(&self) -> &Model {
        &self.a
    }

    /// The comparison (run B and its overrides), when comparing.
    pub fn compare(&self) -> Option<&Compare> {
        self.compare.as_ref()
    }

    /// The link the page last opened, as written.
    pub fn opened(&self) -> &str {
        &self.opened
    }

    /// The guide is open.
    pub fn guide(&self) -> bool {
        self.guide
    }

    /// Where the pointer is over run A's canvas, while it is.
    pub fn hover_at(&self) -> Option<(f64, f64)> {
        self.hover_at
    }

    /// What the address bar shows: the lesson and its step while one is open; otherwise the
    /// run's query ([`Page::run_query`]).
    pub fn url_query(&self) -> String {
        match &self.lesson {
            Some(s) => s.query(),
            None => self.run_query(),
        }
    }

    /// The run's scenario as a query, lesson or not: A's, plus B's `b.` keys when comparing.
    /// The footer shows it, so that a lesson's run can be copied as a normal scenario link.
    pub fn run_query(&self) -> String {
        match &self.compare {
            Some(c) => c.query(&self.a),
            None => self.a.query(),
        }
    }

    /// The canvases' sizes as the shell measured them (None: not laid out), for the commands
    /// that find a node under the pointer or zoom.
    pub fn measure(&mut self, a: Option<Size>, b: Option<Size>) {
        self.canvas = a;
        self.canvas_b = b;
    }

    /// One animation frame: both runs advance by `real_ms` of wall time until `out_of_time`
    /// says stop; a page whose memory (`memory_bytes`) nears the browser's limit pauses with a
    /// banner (and asks for a render now).
    pub fn frame(
        &mut self,
        real_ms: f64,
        memory_bytes: u64,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> Vec<Effect> {
        match &mut self.compare {
            Some(c) => c.advance(&mut self.a, real_ms, out_of_time),
            None => self.a.advance(real_ms, out_of_time),
        }
        let mut fx = Vec::new();
        if let Some(text) = self.memory.check(memory_bytes) {
            // B follows A's play state.
            self.a.playing = false;
            self.a.banners.push(Banner { error: true, text });
            fx.push(Effect::Render);
        }
        self.redraw(&mut fx);
        fx
    }

    /// Carries out a command; returns what the shell must do, in order.
    pub fn apply(&mut self, cmd: Command) -> Vec<Effect> {
        let mut fx = Vec::new();
        let flow = match cmd {
            Command::Run(c) => Flow::Settle(self.run(c)),
            Command::Tune(c) => Flow::Settle(self.tune(c)),
            Command::Cluster(c) => Flow::Settle(self.cluster(c)),
            Command::Canvas(c) => self.canvas(c, &mut fx),
            Command::Panel(c) => Flow::Settle(self.panel(c)),
            Command::Timeline(c) => Flow::Settle(self.timeline(c)),
            Command::Compare(c) => Flow::Settle(self.compare_cmd(c)),
            Command::Lesson(c) => Flow::Settle(self.lesson(c, &mut fx)),
            Command::Link(c) => Flow::Settle(self.link(c, &mut fx)),
        };
        if let Flow::Settle(changed_url) = flow {
            self.follow();
            if self.a.forked.take().is_some() {
                // The previous script stays one Back away.
                fx.push(Effect::PushUrl(self.url_query()));
            } else if changed_url {
                fx.push(Effect::SetUrl(self.url_query()));
            }
            self.redraw(&mut fx);
            fx.push(Effect::Render);
        }
        fx
    }

    /// B shows what A shows, then both canvases repaint.
    fn redraw(&mut self, fx: &mut Vec<Effect>) {
        if let Some(c) = &mut self.compare {
            c.look_like(&self.a);
        }
        fx.push(Effect::Redraw);
    }

    /// Runs a command on A and, when comparing, records the same command in B.
    fn both(&mut self, command: impl Fn(&mut Model) -> bool) -> bool {
        match &mut self.compare {
            Some(c) => c.both(&mut self.a, command),
            None => command(&mut self.a),
        }
    }

    /// Shows lesson session `s` on its run `m`, at the lesson's speed (see [`lesson_speed`]);
    /// the speed before is kept for when the lesson ends.
    fn begin_lesson(&mut self, s: Session, mut m: Model) {
        let set = lesson_speed_of(&mut m);
        if self.lesson.is_none() {
            self.speed_before = Some((self.a.speed, set));
        } else if let Some((_, was)) = &mut self.speed_before {
            *was = set;
        }
        self.a = m;
        self.compare = None;
        self.lesson = Some(s);
    }

    /// True while a lesson is open.
    pub fn in_lesson(&self) -> bool {
        self.lesson.is_some()
    }

    /// The message kind the open lesson's step highlights on the canvas, if any.
    pub fn highlight(&self) -> Option<gossip_protocol::MsgKind> {
        self.lesson.as_ref().and_then(|s| s.highlight())
    }

    /// What the lesson panel shows, while a lesson is open.
    pub fn lesson_view(&self) -> Option<LessonView> {
        self.lesson.as_ref().map(|s| s.view(&self.a))
    }

    /// The command of a key pressed on the page: in a lesson, → and ← move between its
    /// steps; otherwise as [`key_command`].
    pub fn key_command(&self, key: &str) -> Option<Command> {
        match (key, &self.lesson) {
            ("ArrowRight", Some(_)) => Some(Command::Lesson(LessonCmd::Next)),
            ("ArrowLeft", Some(_)) => Some(Command::Lesson(LessonCmd::Back)),
            _ => key_command(key),
        }
    }

    /// Opens a link (one run, or two with `b.` keys); a lesson ends.
    fn load(&mut self, query: &str) {
        self.lesson = None;
        self.speed_before = None;
        let (a, c) = Compare::open(query);
        self.a = a;
        self.compare = c;
        self.opened = query.to_string();
    }

    /// After every command: B follows A (clock, restarts, selection); a B that can no longer
    /// be built ends the comparison with a banner.
    fn follow(&mut self) {
        let Some(c) = &mut self.compare else { return };
        if let Err(e) = c.follow(&self.a) {
            self.compare = None;
            self.a.banners.push(Banner {
                error: true,
                text: format!("A/B stopped, B no longer applies: {e}"),
            });
        }
    }

    fn notice(&mut self, text: String) {
        self.a.banners.push(Banner { error: false, text });
    }

    fn error(&mut self, text: String) {
        self.a.banners.push(Banner { error: true, text });
    }

    fn run(&mut self, c: RunCmd) -> bool {
        let m = &mut self.a;
        match c {
            RunCmd::Toggle => m.playing = !m.playing,
            RunCmd::StepEvent => m.step_event(),
            RunCmd::StepPeriod => m.step_period(),
            RunCmd::Restart => {
                let s = m.scenario().clone();
                let _ = m.restart(s);
            }
            RunCmd::Speed(s) => m.speed = clamp_speed(s),
        }
        false
    }

    fn tune(&mut self, c: TuneCmd) -> bool {
        match c {
            TuneCmd::Set(key, value) => {
                // set_key leaves its own banner: applied live, restarted, or why not. A key
                // that restarts A restarts B through `follow` (with B's own keys kept); the
                // rest is recorded in both, since they share one script.
                let pinned = self.compare.as_ref().and_then(|c| c.pinned(&self.a, &key));
                let restarts = restarts(&key);
                let ok = if restarts {
                    self.a.set_key(&key, &value).is_ok()
                } else {
                    self.both(|m| m.set_key(&key, &value).is_ok())
                };
                if let (Some(b_value), true) = (pinned, ok) {
                    self.notice(pinned_notice(&key, &value, &b_value, restarts));
                }
            }
            TuneCmd::NewSeed(random) => {
                let _ = self.a.set_key("seed", &seed_of(random).to_string());
            }
        }
        true
    }

    fn cluster(&mut self, c: ClusterCmd) -> bool {
        let selected = self.a.selected;
        let mut undo_ms = None;
        let action: Action = match c {
            ClusterCmd::CrashToggle => match selected {
                Some(id) => self.a.crash_action(id),
                None => return false,
            },
            ClusterCmd::Leave => match selected {
                Some(id) => Action::Leave(id),
                None => return false,
            },
            ClusterCmd::Join => Action::Join,
            ClusterCmd::Split => split_in_two(self.a.sim().node_count()),
            ClusterCmd::Partition(text) => match partition_of(&text) {
                Ok(action) => action,
                Err(e) => {
                    self.error(e);
                    return false;
                }
            },
            ClusterCmd::Heal => Action::Heal,
            ClusterCmd::Fault(what) => match selected.map(|sel| fault_action(sel, &what)) {
                Some(Some((action, undo))) => {
                    undo_ms = undo;
                    action
                }
                Some(None) => {
                    self.error(fault_refused(&what));
                    return false;
                }
                None => return false,
            },
        };
        self.both(|m| m.command_for(action.clone(), undo_ms))
    }

    /// The node of run A drawn under `(x, y)` on its canvas, if any.
    fn node_at(&self, (x, y): Px) -> Option<NodeId> {
        let (w, h) = self.canvas?;
        self.a.node_at_px(&Viewport::of(w, h, &self.a.view), x, y)
    }

    fn canvas(&mut self, c: CanvasCmd, fx: &mut Vec<Effect>) -> Flow {
        match c {
            CanvasCmd::Click(at) => {
                // The end of a drag is not a click.
                if !std::mem::take(&mut self.dragged) {
                    self.a.selected = self.node_at(at);
                }
                return Flow::Settle(false);
            }
            CanvasCmd::Leave => {
                self.drag = None;
                self.a.hover = None;
                self.hover_at = None;
                return Flow::Settle(false);
            }
            CanvasCmd::Wheel(dy, at) => {
                if let Some((w, h)) = self.canvas {
                    let factor = (-dy * 0.0015).exp();
                    self.a.view.zoom_at(factor, at, w, h);
                    self.redraw(fx);
                }
            }
            CanvasCmd::Down(at) => {
                self.drag = Some(at);
                self.dragged = false;
            }
            CanvasCmd::Move(at, held) => self.pointer_move(at, held, fx),
            CanvasCmd::Up => self.drag = None,
            CanvasCmd::Zoom(z) => {
                if let Some((w, h)) = self.canvas {
                    let centre = (w / 2.0, h / 2.0);
                    match z {
                        Zoom::In => self.a.view.zoom_at(1.5, centre, w, h),
                        Zoom::Out => self.a.view.zoom_at(1.0 / 1.5, centre, w, h),
                        Zoom::Whole => self.a.view = Default::default(),
                    }
                    self.redraw(fx);
                }
            }
            CanvasCmd::Pinch(p) => self.pinch(p, fx),
        }
        Flow::Done
    }

    /// A two-finger pinch zooms around the fingers' midpoint by the change of their distance.
    fn pinch(&mut self, p: Option<(f64, Px)>, fx: &mut Vec<Effect>) {
        match (p, self.pinch) {
            (Some((d, at)), Some(last)) if last > 0.0 => {
                if let Some((w, h)) = self.canvas {
                    self.a.view.zoom_at(d / last, at, w, h);
                    self.redraw(fx);
                }
                self.pinch = Some(d);
            }
            (Some((d, _)), _) => self.pinch = Some(d),
            (None, _) => self.pinch = None,
        }
    }

    /// A held button drags the view (past 3 px); a free pointer hovers a node.
    fn pointer_move(&mut self, (x, y): Px, held: bool, fx: &mut Vec<Effect>) {
        if let (Some((x0, y0)), true) = (self.drag, held) {
            if (x - x0).hypot(y - y0) > 3.0 || self.dragged {
                if let Some((w, h)) = self.canvas {
                    self.a.view.pan_by((x - x0, y - y0), w, h);
                }
                self.dragged = true;
                self.drag = Some((x, y));
                self.redraw(fx);
            }
            return;
        }
        let hover = self.node_at((x, y));
        let changed = hover != self.a.hover;
        self.a.hover = hover;
        self.hover_at = Some((x, y));
        if changed {
            self.redraw(fx);
            fx.push(Effect::Render);
        }
    }

    fn panel(&mut self, c: PanelCmd) -> bool {
        let m = &mut self.a;
        match c {
            PanelCmd::Select(id) => m.selected = id.filter(|&i| i < m.sim().node_count()),
            PanelCmd::Dismiss(i) => {
                if i < m.banners.len() {
                    m.banners.remove(i);
                }
            }
            PanelCmd::DismissAll => m.banners.clear(),
            PanelCmd::Why(member) => {
                if let Some(sel) = m.selected {
                    m.explain(sel, member, self.dark, &self.clock, sequence::svg);
                }
            }
            PanelCmd::WhyRefresh => {
                if let Some((o, mm)) = m.why.as_ref().map(|w| (w.observer, w.member)) {
                    m.explain(o, mm, self.dark, &self.clock, sequence::svg);
                }
            }
            PanelCmd::WhyClose => m.why = None,
            PanelCmd::Lanes(text) => match lanes_of(&text, m.sim().node_count()) {
                Ok(lanes) => m.custom_diagram(&lanes, DIAGRAM_SPAN_US, self.dark, sequence::svg),
                Err(text) => m.banners.push(Banner { error: true, text }),
            },
        }
        false
    }

    fn timeline(&mut self, c: TimelineCmd) -> bool {
        match c {
            TimelineCmd::Seek(t) => self.a.seek(t),
            TimelineCmd::BackEvent => self.a.step_back_event(),
            TimelineCmd::BackPeriod => self.a.step_back_period(),
        }
        false
    }

    fn compare_cmd(&mut self, c: CompareCmd) -> bool {
        match c {
            CompareCmd::Start(text) => match Compare::start(&self.a, &text) {
                Ok((mut a, c)) => {
                    a.banners = std::mem::take(&mut self.a.banners);
                    a.banners.push(Banner {
                        error: false,
                        text: format!(
                            "A/B: both runs started from 0 s on the same seed and events; B has {}. \
                             Clicks and commands apply to both.",
                            c.overrides_text(&a)
                        ),
                    });
                    a.speed = self.a.speed;
                    self.a = a;
                    self.compare = Some(c);
                    true
                }
                Err(e) => {
                    self.error(format!("A/B not started: {e}"));
                    false
                }
            },
            CompareCmd::Stop => self.compare.take().is_some(),
            CompareCmd::ClickB((x, y)) => {
                if let Some(c) = &self.compare {
                    let picked = self
                        .canvas_b
                        .and_then(|(w, h)| c.b.node_at_px(&Viewport::of(w, h, &c.b.view), x, y));
                    self.a.selected = picked;
                }
                false
            }
        }
    }

    fn lesson(&mut self, c: LessonCmd, fx: &mut Vec<Effect>) -> bool {
        match c {
            LessonCmd::Preset(i) => {
                if let Some(p) = PRESETS.get(i) {
                    self.load(p.query);
                    self.notice(format!("{}: {}", p.name, p.about));
                }
                true
            }
            LessonCmd::Guide => {
                self.guide = !self.guide;
                fx.push(Effect::GuideSeen);
                false
            }
            LessonCmd::Open(i) => {
                if i >= crate::lesson::LESSONS.len() {
                    return false;
                }
                let (s, m) = Session::open(i, 0);
                self.opened = s.query();
                self.begin_lesson(s, m);
                true
            }
            // A step that loads another scenario builds a new run: it keeps the speed. A step
            // the reader leaves takes its notices along (an error about what they typed there,
            // a restart it caused): the next step starts with a clean slate.
            LessonCmd::Next | LessonCmd::Back => {
                let speed = self.a.speed;
                let moved = match (&mut self.lesson, c) {
                    (Some(s), LessonCmd::Next) => s.next(&mut self.a),
                    (Some(s), _) => s.back(&mut self.a),
                    (None, _) => false,
                };
                self.a.speed = speed;
                if moved {
                    self.a.banners.clear();
                    self.a.why = None;
                }
                moved
            }
            LessonCmd::Leave => {
                self.opened = self.a.query();
                if let Some((before, set)) = self.speed_before.take()
                    && self.a.speed == set
                {
                    self.a.speed = before;
                }
                self.lesson.take().is_some()
            }
        }
    }

    fn link(&mut self, c: LinkCmd, fx: &mut Vec<Effect>) -> bool {
        match c {
            LinkCmd::Copy => {
                fx.push(Effect::SetUrl(self.url_query()));
                fx.push(Effect::CopyLink);
            }
            // The address's fragment changed (the Sweep… link, a tune question's link) or an
            // entry of the same scenario: the run goes on where it is.
            LinkCmd::Opened(query) if query == self.url_query() => {}
            LinkCmd::Opened(query) => match lesson_of(&query) {
                (Some((i, step)), _, _) => {
                    let (s, m) = Session::open(i, step);
                    self.begin_lesson(s, m);
                }
                _ => {
                    self.load(&query);
                    self.notice("Loaded the scenario of this history entry, from 0 s.".into());
                }
            },
            LinkCmd::Load(query) => {
                self.load(&query);
                self.notice("Loaded the tune panel's recommended scenario, from 0 s.".into());
                fx.push(Effect::PushUrl(self.url_query()));
            }
        }
        false
    }
}
