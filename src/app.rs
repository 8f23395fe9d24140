//! The app component: owns the model, runs the animation loop, draws the canvas, and hands
//! read-only props to the panels.

mod ab;
mod canvas_input;
mod handlers;
mod panels;
mod props;

use crate::browser;
use crate::components::banner::Banners;
use crate::components::controls::Controls;
use crate::components::event_log::EventLog;
use crate::components::guide::Guide;
use crate::components::legend::Legend;
use crate::components::metrics::MetricsPanel;
use crate::components::node_panel::NodePanel;
use crate::components::presets::Presets;
use crate::components::status_strip::StatusStrip;
use crate::components::sweep_panel::SweepPanel;
use crate::components::timeline::Timeline;
use crate::components::toolbar::Toolbar;
use crate::components::why_panel::WhyPanel;
use crate::driver::AnimationLoop;
use crate::model::{Banner, Model};
use crate::page::presets::PRESETS;
use crate::render::draw::{Frame, draw};
use crate::render::palette::{DARK, LIGHT, Palette};
use gloo_timers::callback::Timeout;
use gossip_sim::{Action, Flight, NodeState, Proto};
use handlers::Handlers;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, KeyboardEvent};
use yew::prelude::*;

/// The run an empty link opens: the classic ring, with a crash and a recovery to watch.
const WELCOME: &str = "ev=8s.crash.3,45s.recover.3";
/// What to watch in it.
const WELCOME_TEXT: &str = "Welcome: 8 members gossip heartbeats around a ring. Node 3 crashes at \
    8 s: its neighbours stop hearing its heartbeat, suspect it at about 18 s (amber) and remove it \
    by about 41 s (red); it recovers at 45 s. Open the guide (?) for what the colours mean.";

/// Frame budget for the simulation, ms: the rest of the 16 ms frame is for drawing.
const SIM_BUDGET_MS: f64 = 9.0;
/// Panels (DOM) refresh at most this often, ms; the canvas redraws every frame.
const PANEL_EVERY_MS: f64 = 250.0;

/// Messages of the app.
pub enum Msg {
    /// An animation frame at this timestamp (ms).
    Frame(f64),
    /// Play or pause.
    Toggle,
    /// Run the next event.
    StepEvent,
    /// Run one period.
    StepPeriod,
    /// Restart from time 0.
    Restart,
    /// New speed.
    Speed(f64),
    /// A control changed: (key, value).
    Set(String, String),
    /// A new random seed.
    NewSeed,
    /// A click on the canvas at CSS px (x, y).
    CanvasClick(f64, f64),
    /// Select a node (or none).
    Select(Option<u32>),
    /// Crash or recover the selected node.
    CrashToggle,
    /// The selected node leaves.
    Leave,
    /// A node joins.
    Join,
    /// Split in two halves.
    Split,
    /// Partition by groups text.
    Partition(String),
    /// Heal.
    Heal,
    /// Load a preset.
    Preset(usize),
    /// Copy the link.
    Copy,
    /// Hide the "copied" feedback.
    CopiedDone,
    /// Dismiss a banner.
    Dismiss(usize),
    /// A key press.
    Key(KeyboardEvent),
    /// Seek to a virtual time (µs).
    Seek(u64),
    /// Step back one event.
    BackEvent,
    /// Step back one period.
    BackPeriod,
    /// Browser Back or Forward: load the address bar's scenario.
    PopState,
    /// Why does the selected node believe what it does about this member?
    Why(u32),
    /// Close the why panel.
    WhyClose,
    /// Explain the same belief again, as of now.
    WhyRefresh,
    /// A sequence diagram of these nodes (`3,5,7`) over the last ten seconds.
    Lanes(String),
    /// Wheel over the canvas: (deltaY, x, y in CSS px).
    Wheel(f64, f64, f64),
    /// Button pressed on the canvas at (x, y).
    PointerDown(f64, f64),
    /// Pointer moved over the canvas to (x, y); true while the button is held.
    PointerMove(f64, f64, bool),
    /// Button released.
    PointerUp,
    /// Pointer left the canvas.
    PointerLeave,
    /// Zoom in (+), out (−) or back to the whole cluster (0).
    Zoom(char),
    /// Dismiss every banner.
    DismissAll,
    /// Open or close the guide.
    GuideToggle,
    /// A fault on the selected node (see `NodePanelProps::on_fault`).
    Fault(String),
    /// Two fingers on the canvas: (their distance, midpoint x, y), or None when fewer.
    Pinch(Option<(f64, f64, f64)>),
    /// Compare with a second run whose keys differ as this text says (`k=0`).
    CompareStart(String),
    /// Back to one run.
    CompareStop,
    /// A click on run B's canvas at CSS px (x, y).
    CanvasClickB(f64, f64),
}

/// The playground.
pub struct App {
    model: Model,
    /// The second run of an A/B comparison, kept in lockstep with `model`.
    compare: Option<crate::compare::Compare>,
    canvas_b: NodeRef,
    ctx2d_b: Option<CanvasRenderingContext2d>,
    canvas: NodeRef,
    ctx2d: Option<CanvasRenderingContext2d>,
    flights: Vec<Flight>,
    last_frame: Option<f64>,
    last_panel: f64,
    /// Pauses the run when the page's memory nears the browser's limit.
    memory: crate::model::memory::MemoryGuard,
    copied: Option<Timeout>,
    palette: Palette,
    /// The panels' callbacks, built once so that unchanged panels are not re-rendered.
    on: Handlers,
    _loop: AnimationLoop,
    _keys: Option<browser::KeyListener>,
    _history: Option<browser::PopStateListener>,
    /// Where a drag on the canvas started (or last moved to), CSS px.
    drag: Option<(f64, f64)>,
    /// The button went down and the pointer moved: the coming click is the end of a drag.
    dragged: bool,
    /// Where the pointer is over the canvas, for the tooltip.
    hover_at: Option<(f64, f64)>,
    /// The guide is open.
    guide: bool,
    /// The last two-finger distance, while pinching.
    pinch: Option<f64>,
    /// The link the page last opened, as written (the sweep panel's randomised workload).
    opened: AttrValue,
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        // An empty link opens a welcome run with something to watch.
        let query = browser::query();
        let welcome = query.is_empty();
        let (mut model, compare) =
            crate::compare::Compare::open(if welcome { WELCOME } else { &query });
        if welcome {
            model.banners.push(Banner {
                error: false,
                text: WELCOME_TEXT.into(),
            });
        }
        let link = ctx.link().clone();
        let frames = AnimationLoop::start(move |ts| link.send_message(Msg::Frame(ts)));
        let link = ctx.link().clone();
        let keys = browser::KeyListener::new(move |e| link.send_message(Msg::Key(e)));
        let link = ctx.link().clone();
        let history = browser::PopStateListener::new(move |_| link.send_message(Msg::PopState));
        let app = App {
            model,
            compare,
            canvas_b: NodeRef::default(),
            ctx2d_b: None,
            canvas: NodeRef::default(),
            ctx2d: None,
            flights: Vec::new(),
            last_frame: None,
            last_panel: 0.0,
            memory: Default::default(),
            copied: None,
            palette: if browser::prefers_dark() { DARK } else { LIGHT },
            opened: AttrValue::from(if welcome {
                WELCOME.to_string()
            } else {
                query.clone()
            }),
            on: Handlers::new(ctx.link()),
            _loop: frames,
            _keys: keys,
            _history: history,
            drag: None,
            dragged: false,
            hover_at: None,
            guide: !browser::guide_seen(),
            pinch: None,
        };
        browser::set_query(&app.url_query());
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let m = &mut self.model;
        let changed_url = match msg {
            Msg::Frame(ts) => return self.frame(ts),
            Msg::CompareStart(_) | Msg::CompareStop | Msg::CanvasClickB(..) => {
                self.compare_update(msg)
            }
            Msg::Toggle => {
                m.playing = !m.playing;
                false
            }
            Msg::StepEvent => {
                m.step_event();
                false
            }
            Msg::StepPeriod => {
                m.step_period();
                false
            }
            Msg::Restart => {
                let s = m.scenario().clone();
                let _ = m.restart(s);
                false
            }
            Msg::Speed(s) => {
                m.speed = s.clamp(0.1, 1000.0);
                false
            }
            Msg::Set(key, value) => {
                // set_key leaves its own banner: applied live, restarted, or why not. A key
                // that restarts A restarts B through `follow` (with B's own keys kept); the
                // rest is recorded in both, since they share one script.
                let pinned = self.compare.as_ref().and_then(|c| c.pinned(m, &key));
                let restarts = crate::model::restarts(&key);
                let ok = if restarts {
                    m.set_key(&key, &value).is_ok()
                } else {
                    self.both(|m| m.set_key(&key, &value).is_ok())
                };
                if let (Some(b_value), true) = (pinned, ok) {
                    let text = ab::pinned_notice(&key, &value, &b_value, restarts);
                    self.model.banners.push(Banner { error: false, text });
                }
                true
            }
            Msg::NewSeed => {
                let seed = rand::random::<u64>() % 1_000_000;
                let _ = m.set_key("seed", &seed.to_string());
                true
            }
            Msg::CanvasClick(x, y) => {
                // The end of a drag is not a click.
                if !std::mem::take(&mut self.dragged) {
                    let picked = self.node_at(x, y);
                    self.model.selected = picked;
                }
                false
            }
            Msg::Wheel(dy, x, y) => return self.wheel(dy, x, y),
            Msg::PointerDown(x, y) => {
                self.drag = Some((x, y));
                self.dragged = false;
                return false;
            }
            Msg::PointerMove(x, y, held) => return self.pointer_move(x, y, held),
            Msg::PointerUp => {
                self.drag = None;
                return false;
            }
            Msg::PointerLeave => {
                self.drag = None;
                m.hover = None;
                self.hover_at = None;
                false
            }
            Msg::Zoom(k) => return self.zoom_key(k),
            Msg::Pinch(p) => return self.pinch(p),
            Msg::Select(id) => {
                m.selected = id.filter(|&i| i < m.sim().node_count());
                false
            }
            Msg::CrashToggle => match m.selected.map(|id| m.crash_action(id)) {
                Some(action) => self.both(|m| m.command(action.clone())),
                None => false,
            },
            Msg::Leave => match m.selected {
                Some(id) => self.both(|m| m.command(Action::Leave(id))),
                None => false,
            },
            Msg::Join => self.both(|m| m.command(Action::Join)),
            Msg::Split => {
                let n = m.sim().node_count();
                self.both(|m| m.command(Action::Partition(vec![(0, n.saturating_sub(1) / 2)])))
            }
            Msg::Partition(text) => {
                match gossip_sim::TimedEvent::parse(&format!("0ms.partition.{}", text.trim())) {
                    Ok(ev) => self.both(|m| m.command(ev.action.clone())),
                    Err(e) => {
                        m.banners.push(Banner {
                            error: true,
                            text: format!("Partition not applied: {}", e.message),
                        });
                        false
                    }
                }
            }
            Msg::Heal => self.both(|m| m.command(Action::Heal)),
            Msg::Preset(i) => {
                if let Some(p) = PRESETS.get(i) {
                    self.open(p.query);
                    self.model.banners.push(Banner {
                        error: false,
                        text: format!("{}: {}", p.name, p.about),
                    });
                }
                true
            }
            Msg::Copy => {
                browser::set_query(&self.url_query());
                browser::copy(&browser::href());
                let link = ctx.link().clone();
                self.copied = Some(Timeout::new(1500, move || {
                    link.send_message(Msg::CopiedDone)
                }));
                false
            }
            Msg::CopiedDone => {
                self.copied = None;
                false
            }
            Msg::Dismiss(_)
            | Msg::DismissAll
            | Msg::Fault(_)
            | Msg::GuideToggle
            | Msg::Why(_)
            | Msg::WhyRefresh
            | Msg::WhyClose
            | Msg::Lanes(_) => self.panel_update(msg),
            Msg::Key(e) => return self.key(ctx, e),
            Msg::Seek(t) => {
                m.seek(t);
                false
            }
            Msg::BackEvent => {
                m.step_back_event();
                false
            }
            Msg::BackPeriod => {
                m.step_back_period();
                false
            }
            Msg::PopState => {
                self.open(&browser::query());
                self.model.banners.push(Banner {
                    error: false,
                    text: "Loaded the scenario of this history entry, from 0 s.".into(),
                });
                false
            }
        };
        self.follow();
        if self.model.forked.take().is_some() {
            // The previous script stays one Back away.
            browser::push_query(&self.url_query());
        } else if changed_url {
            browser::set_query(&self.url_query());
        }
        self.redraw();
        true
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        let m = &self.model;
        html! {
            <div class="app">
                { self.header() }
                <Presets on_pick={self.on.preset.clone()} />
                { self.compare_bar() }
                <Banners banners={m.banners.clone()} on_dismiss={self.on.dismiss.clone()}
                    on_dismiss_all={self.on.dismiss_all.clone()} />
                <main class="layout">
                    { self.stage() }
                    { self.side() }
                    if let Some(w) = m.why.clone() {
                        <WhyPanel why={w} on_seek={self.on.seek.clone()} on_close={self.on.why_close.clone()}
                            on_refresh={self.on.why_refresh.clone()} on_lanes={self.on.lanes.clone()} />
                    }
                    <section class="bottom">
                        <MetricsPanel ..props::metrics(m, self.palette) />
                        <EventLog lines={props::log_lines(m)} selected={m.selected} />
                    </section>
                </main>
                <SweepPanel scenario={AttrValue::from(m.scenario().to_query_with_seed())}
                    written={self.opened.clone()} palette={self.palette} />
                <footer>
                    { "Scenario: " }<code class="query">{ props::query_text(&self.url_query()) }</code>
                    { " · trace " }<code class="trace-hash" title="Hash of the run so far: equal hashes, identical runs (gossip-sim prints the same)">{ format!("{:016x}", m.sim().trace_hash()) }</code>
                    { " · Keys: Space play/pause · . or → step event · , or ← step back · P period · [ back one period · C crash/recover · J join · H heal · R restart · Esc deselect" }
                </footer>
            </div>
        }
    }
}

impl App {
    fn header(&self) -> Html {
        let (m, on) = (&self.model, &self.on);
        html! {
            <header class="top">
                <div class="brand">
                    <h1>{"gossip-playground"}</h1>
                    <p class="tagline">{ match m.scenario().proto {
                        Proto::Gossip => "Heartbeat gossip: tables of counters pushed to neighbours; silence makes suspects.",
                        Proto::Swim => "SWIM: probe, ask others to probe, suspect, refute, confirm: all piggybacked.",
                    } }</p>
                </div>
                <Toolbar playing={m.playing} speed={m.speed} now_us={m.sim().now()} lagging={m.lagging}
                    copied={self.copied.is_some()} on_toggle={on.toggle.clone()} on_step={on.step.clone()}
                    on_period={on.period.clone()} on_restart={on.restart.clone()}
                    on_speed={on.speed.clone()} on_copy={on.copy.clone()} on_guide={on.guide.clone()} />
            </header>
        }
    }

    fn stage(&self) -> Html {
        let m = &self.model;
        let sim = m.sim();
        html! {
            <section class="stage" aria-label="Cluster">
                { self.canvases() }
                if m.starting() {
                    <p class="starting" role="status">{ format!(
                        "Starting {} members: each one's timers and first probes run before the \
                         clock moves far; at this size that takes a while.",
                        crate::model::thousands(sim.node_count() as usize)
                    ) }</p>
                }
                <Timeline now_us={sim.now()} end_us={m.timeline().furthest()}
                    markers={props::markers(m)} on_seek={self.on.seek.clone()}
                    on_back_event={self.on.back_event.clone()} on_back_period={self.on.back_period.clone()} />
                <p class="status" role="status" aria-live="polite">{ m.status.clone().unwrap_or_default() }</p>
                { self.status_strip() }
                <Legend proto={m.scenario().proto}
                    viewer={m.selected.filter(|&x| sim.state(x) == NodeState::Up)} />
            </section>
        }
    }

    fn status_strip(&self) -> Html {
        let p = props::metrics(&self.model, self.palette);
        html! {
            <StatusStrip leaders={p.leaders} agreed={p.agreed} split_brain_ms={p.split_brain_ms}
                failure={p.failures.last().cloned()} predicted={(p.prediction.0, p.prediction.1)}
                dead_word={p.dead_word} />
        }
    }

    fn side(&self) -> Html {
        let (m, on) = (&self.model, &self.on);
        let node = props::node_panel(m);
        html! {
            <aside class="side">
                if self.guide { <Guide on_close={on.guide.clone()} /> }
                <NodePanel proto={m.scenario().proto} selected={m.selected} state={node.state}
                    counter={node.counter} leader={node.leader} rows={node.rows}
                    focus={m.why.as_ref().map(|w| w.member)} on_why={on.why.clone()}
                    on_fault={on.fault.clone()}
                    node_count={m.sim().node_count()}
                    on_crash={on.crash.clone()} on_leave={on.leave.clone()} on_join={on.join.clone()}
                    on_split={on.split.clone()} on_partition={on.partition.clone()}
                    on_heal={on.heal.clone()} on_select={on.select.clone()} />
                <Controls scenario={m.live_params()} on_set={on.set.clone()}
                    on_new_seed={on.new_seed.clone()} />
            </aside>
        }
    }

    /// One animation frame: advance the simulation within the budget, draw the canvas, and
    /// refresh the panels a few times a second.
    fn frame(&mut self, ts: f64) -> bool {
        let dt = self.last_frame.map_or(0.0, |last| ts - last);
        self.last_frame = Some(ts);
        self.advance(dt);
        if let Some(text) = self.memory.check(browser::wasm_memory_bytes()) {
            // B follows A's play state.
            self.model.playing = false;
            self.model.banners.push(Banner { error: true, text });
            self.last_panel = 0.0;
        }
        self.redraw();
        if ts - self.last_panel >= PANEL_EVERY_MS {
            self.last_panel = ts;
            return true;
        }
        false
    }

    fn key(&mut self, ctx: &Context<Self>, e: KeyboardEvent) -> bool {
        // Keys typed into a field belong to the field.
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return false;
        }
        let msg = match e.key().as_str() {
            " " => Msg::Toggle,
            "." | "ArrowRight" => Msg::StepEvent,
            "," | "ArrowLeft" => Msg::BackEvent,
            "[" => Msg::BackPeriod,
            "?" => Msg::GuideToggle,
            "+" | "=" => Msg::Zoom('+'),
            "-" => Msg::Zoom('-'),
            "0" => Msg::Zoom('0'),
            "p" | "P" => Msg::StepPeriod,
            "c" | "C" => Msg::CrashToggle,
            "j" | "J" => Msg::Join,
            "h" | "H" => Msg::Heal,
            "r" | "R" => Msg::Restart,
            "Escape" => Msg::Select(None),
            _ => return false,
        };
        e.prevent_default();
        ctx.link().send_message(msg);
        false
    }

    fn context(&mut self) -> Option<(CanvasRenderingContext2d, f64, f64)> {
        context_of(&self.canvas, &mut self.ctx2d)
    }

    fn redraw(&mut self) {
        let Some((ctx, width, height)) = self.context() else {
            return;
        };
        self.model.sim().flights(&mut self.flights);
        let leaders = self.model.leader_set();
        draw(
            &ctx,
            &Frame {
                model: &self.model,
                flights: &self.flights,
                leaders: &leaders,
                width,
                height,
                palette: self.palette,
            },
        );
        self.redraw_b();
    }

    /// The model (for tests and benchmarks).
    pub fn model(&self) -> &Model {
        &self.model
    }
}

/// The 2D context of `canvas`, sized to its CSS box times the pixel ratio (the cached context
/// is dropped when the size changes), with the transform set; and the CSS width and height.
fn context_of(
    node: &NodeRef,
    cache: &mut Option<CanvasRenderingContext2d>,
) -> Option<(CanvasRenderingContext2d, f64, f64)> {
    let canvas = node.cast::<HtmlCanvasElement>()?;
    let (w, h) = (canvas.client_width() as f64, canvas.client_height() as f64);
    let dpr = browser::pixel_ratio();
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
        *cache = None;
    }
    if cache.is_none() {
        *cache = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
    }
    let ctx = cache.clone()?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    Some((ctx, w, h))
}
