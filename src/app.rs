//! The app component: owns the model, runs the animation loop, draws the canvas, and hands
//! read-only props to the panels.

mod ab;
mod canvas_input;
mod handlers;
mod props;

use crate::browser;
use crate::components::banner::Banners;
use crate::components::controls::Controls;
use crate::components::event_log::EventLog;
use crate::components::guide::Guide;
use crate::components::legend::Legend;
use crate::components::lesson_panel::{Learn, LessonPanel};
use crate::components::metrics::MetricsPanel;
use crate::components::node_panel::NodePanel;
use crate::components::presets::Presets;
use crate::components::status_strip::StatusStrip;
use crate::components::timeline::Timeline;
use crate::components::toolbar::Toolbar;
use crate::components::why_panel::WhyPanel;
use crate::driver::AnimationLoop;
use crate::model::Model;
use crate::page::{Command, Effect, LinkCmd, Page, Setup};
use crate::render::draw::{Frame, draw};
use crate::render::motion::Motion;
use crate::render::palette::{DARK, LIGHT, Palette};
use gloo_timers::callback::Timeout;
use gossip_sim::{Flight, NodeState, Proto};
use handlers::Handlers;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, KeyboardEvent};
use yew::prelude::*;

/// Frame budget for the simulation, ms: the rest of the 16 ms frame is for drawing.
const SIM_BUDGET_MS: f64 = 9.0;
/// Panels (DOM) refresh at most this often, ms; the canvas redraws every frame.
const PANEL_EVERY_MS: f64 = 250.0;

/// Messages of the app: a command for the page, or what only the browser has (frames, keys,
/// the end of the "copied" feedback).
pub enum Msg {
    /// An animation frame at this timestamp (ms).
    Frame(f64),
    /// A command for the page.
    Do(Command),
    /// A key press of the page's (see [`page_key`]).
    Key(String),
    /// Hide the "copied" feedback.
    CopiedDone,
}

/// The playground: the page's core plus the browser's side of it.
pub struct App {
    page: Page,
    canvas_b: NodeRef,
    ctx2d_b: Option<CanvasRenderingContext2d>,
    canvas: NodeRef,
    ctx2d: Option<CanvasRenderingContext2d>,
    flights: Vec<Flight>,
    /// Recent changes of the members' looks on canvas A and B, which ease and pulse.
    motion: Motion,
    motion_b: Motion,
    last_frame: Option<f64>,
    last_panel: f64,
    copied: Option<Timeout>,
    palette: Palette,
    /// What the last frames cost on the page's thread (see [`browser::FrameWork`]).
    work: browser::FrameWork,
    /// When the last re-render of the panels was asked for (ms), until it is rendered.
    render_asked: Option<f64>,
    /// How long the last `view` took to build the markup, ms.
    view_ms: std::cell::Cell<f64>,
    /// The panels' callbacks, built once so that unchanged panels are not re-rendered.
    on: Handlers,
    /// The fragment the page opened with (a tune question's link), read before the first
    /// address-bar update drops it.
    fragment: AttrValue,
    _loop: AnimationLoop,
    _keys: Option<browser::KeyListener>,
    _history: Option<browser::WindowListener>,
    /// The sweep and tune panels (an app of their own) and their requests to load a scenario.
    panels: browser::PanelsHost,
    _loads: Option<browser::WindowListener>,
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let palette = if browser::prefers_dark() { DARK } else { LIGHT };
        let setup = Setup {
            dark: palette == DARK,
            guide: !browser::guide_seen(),
            clock: browser::now_ms,
        };
        let (page, effects) = Page::open(&browser::query(), setup);
        let link = ctx.link().clone();
        let frames = AnimationLoop::start(move |ts| link.send_message(Msg::Frame(ts)));
        let link = ctx.link().clone();
        // Whether a key is the page's is decided here, in the listener, so that its default
        // (Space scrolls the page) is prevented even when Yew runs the message later.
        let keys = browser::KeyListener::new(move |e| {
            if let Some(key) = page_key(&e) {
                e.prevent_default();
                link.send_message(Msg::Key(key));
            }
        });
        let link = ctx.link().clone();
        let history = browser::WindowListener::new("popstate", move |_| {
            link.send_message(Msg::Do(Command::Link(LinkCmd::Opened(browser::query()))))
        });
        let link = ctx.link().clone();
        let loads = browser::WindowListener::new(browser::LOAD_EVENT, move |e| {
            if let Some(q) = browser::load_query(&e) {
                link.send_message(Msg::Do(Command::Link(LinkCmd::Load(q))));
            }
        });
        let mut app = App {
            page,
            canvas_b: NodeRef::default(),
            ctx2d_b: None,
            canvas: NodeRef::default(),
            ctx2d: None,
            flights: Vec::new(),
            motion: Motion::default(),
            motion_b: Motion::default(),
            last_frame: None,
            last_panel: 0.0,
            copied: None,
            palette,
            work: browser::FrameWork::default(),
            render_asked: None,
            view_ms: std::cell::Cell::new(0.0),
            on: Handlers::new(ctx.link()),
            fragment: AttrValue::from(browser::hash()),
            _loop: frames,
            _keys: keys,
            _history: history,
            panels: browser::PanelsHost::default(),
            _loads: loads,
        };
        app.carry_out(ctx, effects);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Frame(ts) => self.frame(ts),
            Msg::Do(cmd) => {
                let start = browser::now_ms();
                let sizes = (canvas_size(&self.canvas), canvas_size(&self.canvas_b));
                self.page.measure(sizes.0, sizes.1);
                let effects = self.page.apply(cmd);
                let render = self.carry_out(ctx, effects);
                let end = browser::now_ms();
                self.work.command(end - start);
                if render {
                    self.render_asked = Some(end);
                }
                render
            }
            Msg::Key(e) => self.key(ctx, e),
            Msg::CopiedDone => {
                self.copied = None;
                true
            }
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first: bool) {
        self.panels.tell(self.panel_inputs());
        if first {
            self.panels.load();
        }
        if let Some(asked) = self.render_asked.take() {
            self.work
                .render(browser::now_ms() - asked, self.view_ms.get());
        }
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        let start = browser::now_ms();
        let html = self.page_view();
        self.view_ms.set(browser::now_ms() - start);
        html
    }
}

impl App {
    /// The footer (the run's query, its trace hash, the keys): rendered into `#foot`, after the
    /// sweep and tune panels' `#panels`, so that it stays last on the page (inline when the
    /// page has no `#foot`, as in the browser tests).
    fn footer(&self) -> Html {
        let m = self.page.a();
        let html = html! {
            <footer>
                { "Scenario: " }<code class="query">{ props::query_text(&self.page.run_query()) }</code>
                { " · trace " }<code class="trace-hash" title="Hash of the run so far: equal hashes, identical runs (gossip-sim prints the same)">{ format!("{:016x}", m.sim().trace_hash()) }</code>
                { " · Keys: " }{ if self.page.in_lesson() {
                    "← → lesson step · Space play/pause · . step event · , step back"
                } else {
                    "Space play/pause · . or → step event · , or ← step back"
                } }
                { " · P period · [ back one period · C crash/recover · J join · H heal · R restart · Esc deselect" }
            </footer>
        };
        match browser::element("foot") {
            Some(host) => create_portal(html, host),
            None => html,
        }
    }

    /// What the sweep and tune panels read from the page (see `components::panels`).
    fn panel_inputs(&self) -> [String; 4] {
        [
            self.page.a().scenario().to_query_with_seed(),
            self.page.opened().to_string(),
            self.page.run_query(),
            self.fragment.to_string(),
        ]
    }

    /// The whole page's markup (the panels read the page core; see [`Component::view`]).
    fn page_view(&self) -> Html {
        let m = self.page.a();
        html! {
            <div class="app">
                { self.header() }
                if !self.page.in_lesson() { <Learn on_lesson={self.on.lesson.clone()} /> }
                <div class="picks">
                    <Presets on_pick={self.on.preset.clone()} />
                    { self.compare_bar() }
                </div>
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
                        <MetricsPanel run={self.page.compare().map(|_| "A")}
                            ..props::metrics(m, self.palette) />
                        <EventLog lines={props::log_lines(m)} selected={m.selected}
                            clock={(m.sim().now() as f64 / 1000.0, if m.playing { m.speed } else { 0.0 })} />
                    </section>
                </main>
                { self.footer() }
            </div>
        }
    }
}

impl App {
    fn header(&self) -> Html {
        let (m, on) = (self.page.a(), &self.on);
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
        let m = self.page.a();
        let sim = m.sim();
        html! {
            <section class="stage" aria-label="Cluster">
                { self.canvases() }
                if let Some(v) = self.page.lesson_view() {
                    <LessonPanel view={v} on_lesson={self.on.lesson.clone()} />
                }
                if m.starting() {
                    <p class="starting" role="status">{ format!(
                        "Starting {} members: each one's timers and first probes run before the \
                         clock moves far; at this size that takes a while.",
                        crate::model::thousands(sim.node_count() as usize)
                    ) }</p>
                }
                <Timeline now_us={sim.now()} end_us={m.timeline().furthest()}
                    markers={props::markers(m)} keys={crate::render::markers::key_marks(&m.key_moments())}
                    on_seek={self.on.seek.clone()}
                    on_back_event={self.on.back_event.clone()} on_back_period={self.on.back_period.clone()} />
                <p class="status" role="status" aria-live="polite">{ m.status.clone().unwrap_or_default() }</p>
                { self.status_strip() }
                <Legend proto={m.scenario().proto}
                    viewer={m.selected.filter(|&x| sim.state(x) == NodeState::Up)} />
            </section>
        }
    }

    fn status_strip(&self) -> Html {
        let p = props::metrics(self.page.a(), self.palette);
        html! {
            <StatusStrip leaders={p.leaders} agreed={p.agreed} split_brain_ms={p.split_brain_ms}
                failure={p.failures.last().cloned()} predicted={(p.prediction.0, p.prediction.1)}
                proto={p.proto} run={self.page.compare().map(|_| "A")} />
        }
    }

    fn side(&self) -> Html {
        let (m, on) = (self.page.a(), &self.on);
        let node = props::node_panel(m);
        html! {
            <aside class="side">
                if self.page.guide() { <Guide on_close={on.guide.clone()} /> }
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
        let start = browser::now_ms();
        let mut out_of_time = || browser::now_ms() - start > SIM_BUDGET_MS;
        let effects = self
            .page
            .frame(dt, browser::wasm_memory_bytes(), &mut out_of_time);
        let simulated = browser::now_ms();
        for e in effects {
            match e {
                // Now, whatever the refresh interval.
                Effect::Render => self.last_panel = 0.0,
                Effect::Redraw => self.redraw(),
                other => self.carry_out_one(other),
            }
        }
        let end = browser::now_ms();
        self.work.frame(simulated - start, end - simulated);
        if ts - self.last_panel >= PANEL_EVERY_MS {
            self.last_panel = ts;
            self.render_asked = Some(end);
            return true;
        }
        false
    }

    /// Carries out the page's effects; true when the DOM should re-render.
    fn carry_out(&mut self, ctx: &Context<Self>, effects: Vec<Effect>) -> bool {
        let mut render = false;
        for e in effects {
            match e {
                Effect::Render => render = true,
                Effect::Redraw => self.redraw(),
                Effect::CopyLink => {
                    browser::copy(&browser::href());
                    let link = ctx.link().clone();
                    self.copied = Some(Timeout::new(1500, move || {
                        link.send_message(Msg::CopiedDone)
                    }));
                }
                other => self.carry_out_one(other),
            }
        }
        render
    }

    /// The effects that need neither the component's context nor its render flag.
    fn carry_out_one(&mut self, e: Effect) {
        match e {
            Effect::SetUrl(q) => browser::set_query(&q),
            Effect::PushUrl(q) => browser::push_query(&q),
            Effect::GuideSeen => browser::set_guide_seen(),
            Effect::Render | Effect::Redraw | Effect::CopyLink => {}
        }
    }

    fn key(&mut self, ctx: &Context<Self>, key: String) -> bool {
        if let Some(cmd) = self.page.key_command(&key) {
            ctx.link().send_message(Msg::Do(cmd));
        }
        false
    }

    fn context(&mut self) -> Option<(CanvasRenderingContext2d, f64, f64)> {
        context_of(&self.canvas, &mut self.ctx2d)
    }

    fn redraw(&mut self) {
        let Some((ctx, width, height)) = self.context() else {
            return;
        };
        let m = self.page.a();
        m.sim().flights(&mut self.flights);
        let leaders = m.leader_set();
        self.motion.observe(m, browser::now_ms());
        draw(
            &ctx,
            &Frame {
                model: m,
                flights: &self.flights,
                leaders: &leaders,
                width,
                height,
                palette: self.palette,
                motion: Some(&self.motion),
                lesson: self.page.in_lesson(),
                highlight: self.page.highlight(),
            },
        );
        self.redraw_b();
    }

    /// The model (for tests and benchmarks).
    pub fn model(&self) -> &Model {
        self.page.a()
    }
}

/// The CSS size of `node`'s canvas, when it is in the page.
fn canvas_size(node: &NodeRef) -> Option<(f64, f64)> {
    let c = node.cast::<HtmlCanvasElement>()?;
    Some((c.client_width() as f64, c.client_height() as f64))
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

/// The key of a key press that is the page's (a key of `page::key_command`), or None: keys
/// typed into a field belong to the field, Space and Enter on a focused button, menu or link
/// press it, and a key with Ctrl, Meta or Alt is the browser's.
fn page_key(e: &KeyboardEvent) -> Option<String> {
    let tag = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.tag_name());
    let typing = tag
        .as_deref()
        .is_some_and(|t| matches!(t, "INPUT" | "SELECT" | "TEXTAREA"));
    let key = e.key();
    let pressing = matches!(key.as_str(), " " | "Enter")
        && tag
            .as_deref()
            .is_some_and(|t| matches!(t, "BUTTON" | "SUMMARY" | "A"));
    let ours = !(typing || pressing || e.ctrl_key() || e.meta_key() || e.alt_key());
    (ours && crate::page::key_command(&key).is_some()).then_some(key)
}
