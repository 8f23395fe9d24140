//! The sweep panel: a form (a key and its values, optionally a second, seeds a point, the
//! workload and the horizon), Run and Cancel, a progress bar, the four plots drawn as results
//! arrive, the points with their runs, and the exports. Runs go to Web Workers (`sweep::pool`),
//! one per core by default; the page only records answers and redraws at most five times a
//! second, so it stays responsive while a sweep runs.

use super::sweep_msg::{Export, Field, Msg};
use super::sweep_view::{self as view, Shown, Timing};
use crate::browser;
use crate::render::canvas::Measurer;
use crate::render::display::Approx;
use crate::render::palette::Palette;
use crate::render::sweep_plot::{self, Hit, PlotData, PlotKind};
use crate::sweep::form::{Form, FormError};
use crate::sweep::job::Outcome;
use crate::sweep::pool::Pool;
use crate::sweep::results::{Results, Tradeoff};
use gloo_timers::callback::Interval;
use gossip_sim::Scenario;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// How often a running sweep redraws, ms.
pub const FLUSH_MS: u32 = 200;

/// Props of [`SweepPanel`].
#[derive(Properties, PartialEq)]
pub struct SweepPanelProps {
    /// The page's scenario (canonical query with its seed): the sweep's base.
    pub scenario: AttrValue,
    /// The query the page opened (a randomised link as written; see `Form::suggest`).
    pub written: AttrValue,
    /// Colours of the page's scheme.
    pub palette: Palette,
}

/// See the module documentation.
pub struct SweepPanel {
    form: Form,
    /// What the page's scenario last suggested (the form follows its changes: [`Form::follow`]).
    suggested: Form,
    error: Option<FormError>,
    results: Option<Results>,
    timing: Timing,
    workers: usize,
    selected: Option<usize>,
    tradeoff: Tradeoff,
    canvases: [NodeRef; 4],
    pool: Option<Pool>,
    next_id: u32,
    dirty: bool,
    flush: Option<Interval>,
    hits: [Vec<Hit>; 4],
}

fn scenario_of(p: &SweepPanelProps) -> Option<Scenario> {
    Scenario::from_query(&p.scenario).ok()
}

/// The form the page's scenario suggests.
fn suggest(p: &SweepPanelProps, workers: u32) -> Form {
    let written = Scenario::from_query(&p.written).ok();
    let scenario = scenario_of(p).unwrap_or_default();
    Form::suggest(&scenario, written.as_ref(), workers)
}

impl Component for SweepPanel {
    type Message = Msg;
    type Properties = SweepPanelProps;

    fn create(ctx: &Context<Self>) -> Self {
        let form = suggest(ctx.props(), browser::cores());
        SweepPanel {
            suggested: form.clone(),
            form,
            error: None,
            results: None,
            timing: Timing::default(),
            workers: 0,
            selected: None,
            tradeoff: Tradeoff::FirstSuspicion,
            canvases: Default::default(),
            pool: None,
            next_id: 1,
            dirty: false,
            flush: None,
            hits: Default::default(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Field(f, v) => self.set_field(f, v),
            Msg::Suggest => {
                self.resuggest(ctx.props());
                true
            }
            Msg::Run => self.run(ctx),
            Msg::Cancel => {
                self.stop();
                self.summarise();
                true
            }
            Msg::Outcome(w, o) => self.outcome(w, o),
            Msg::Flush => self.flush(),
            Msg::PlotClick(kind, x, y) => {
                let i = PlotKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                let near = self.hits[i]
                    .iter()
                    .map(|h| (h.point, (h.x - x).powi(2) + (h.y - y).powi(2)))
                    .filter(|(_, d2)| *d2 <= 12.0 * 12.0)
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((p, _)) = near {
                    self.selected = Some(p);
                    return true;
                }
                false
            }
            Msg::Pick(p) => {
                self.selected = p;
                true
            }
            Msg::Tradeoff(t) => {
                self.tradeoff = t;
                true
            }
            Msg::Export(e) => {
                self.export(e, ctx.props());
                false
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let shown = Shown {
            form: &self.form,
            error: self.error.as_ref(),
            results: self.results.as_ref(),
            timing: self.timing,
            workers: self.workers,
            selected: self.selected,
            tradeoff: self.tradeoff,
            canvases: &self.canvases,
            running: self.running(),
            scenario: &ctx.props().scenario,
        };
        view::panel(&shown, &ctx.link().callback(|m| m))
    }

    /// A new link opened (a preset, Back): the form follows it, unless a sweep is running; the
    /// page's scenario changed live: the workload follows, unless the person changed it.
    fn changed(&mut self, ctx: &Context<Self>, old: &SweepPanelProps) -> bool {
        if self.running() {
            return true;
        }
        if ctx.props().written != old.written {
            self.resuggest(ctx.props());
        } else if ctx.props().scenario != old.scenario {
            let workers = self.form.workers.parse().unwrap_or(1);
            let after = suggest(ctx.props(), workers);
            self.form.follow(&self.suggested, &after);
            self.suggested = after;
        }
        true
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first: bool) {
        self.draw_plots(&ctx.props().palette);
        if let (Some(r), None) = (&self.results, self.timing.first)
            && r.done > 0
        {
            self.timing.first = Some(browser::now_ms() - self.timing.started);
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.stop();
    }
}

impl SweepPanel {
    /// Fills the form again from the page's scenario, keeping the number of workers.
    fn resuggest(&mut self, props: &SweepPanelProps) {
        let workers = self
            .form
            .workers
            .parse()
            .unwrap_or_else(|_| browser::cores());
        self.form = suggest(props, workers);
        self.suggested = self.form.clone();
        self.error = None;
    }

    fn set_field(&mut self, f: Field, v: String) -> bool {
        let slot = match f {
            Field::Key => &mut self.form.key,
            Field::Values => &mut self.form.values,
            Field::Key2 => &mut self.form.key2,
            Field::Values2 => &mut self.form.values2,
            Field::Seeds => &mut self.form.seeds,
            Field::Until => &mut self.form.until,
            Field::Events => &mut self.form.events,
            Field::Workers => &mut self.form.workers,
        };
        *slot = v;
        self.error = None;
        true
    }

    fn run(&mut self, ctx: &Context<Self>) -> bool {
        self.stop();
        let Some(scenario) = scenario_of(ctx.props()) else {
            self.error = Some(FormError {
                field: "scenario",
                message: "the page's scenario could not be read".into(),
            });
            return true;
        };
        let plan = match self.form.plan(&scenario) {
            Ok(plan) => plan,
            Err(e) => {
                self.error = Some(e);
                return true;
            }
        };
        let id = self.next_id;
        self.next_id += 1;
        let results = Results::new(id, &plan);
        let on_outcome = ctx.link().callback(|(w, o)| Msg::Outcome(w, o));
        match Pool::start(plan, id, on_outcome) {
            Ok(pool) => {
                self.workers = pool.workers();
                self.pool = Some(pool);
            }
            Err(e) => {
                self.error = Some(FormError {
                    field: "workers",
                    message: e,
                });
                return true;
            }
        }
        self.results = Some(results);
        self.selected = None;
        self.timing = Timing {
            started: browser::now_ms(),
            ..Timing::default()
        };
        let link = ctx.link().clone();
        self.flush = Some(Interval::new(FLUSH_MS, move || {
            link.send_message(Msg::Flush)
        }));
        true
    }

    /// Ends the sweep: drops the workers (each closes after its current run) and the timer.
    fn stop(&mut self) {
        self.pool = None;
        self.flush = None;
        self.dirty = false;
    }

    /// Whether a sweep is running.
    pub fn running(&self) -> bool {
        self.pool.is_some()
    }

    fn outcome(&mut self, w: usize, o: Outcome) -> bool {
        let Some(r) = self.results.as_mut() else {
            return false;
        };
        let (index, stopped_worker) = (o.index, o.stopped_worker);
        if !r.record(o) {
            return false;
        }
        if let Some(pool) = self.pool.as_mut() {
            pool.answered(w, index, stopped_worker);
        }
        self.dirty = true;
        if r.finished() {
            self.timing.finished = Some(browser::now_ms() - self.timing.started);
            self.stop();
            self.summarise();
            return true;
        }
        // The first answer is drawn at once (how soon a sweep shows something is a figure
        // docs/results.md gives); later ones wait for the next flush.
        if r.done == 1 {
            self.summarise();
            return true;
        }
        false
    }

    fn flush(&mut self) -> bool {
        let dirty = std::mem::take(&mut self.dirty);
        if dirty {
            self.summarise();
        }
        dirty
    }

    /// Brings the points' summaries up to date before they are shown.
    fn summarise(&mut self) {
        if let Some(r) = self.results.as_mut() {
            r.refresh();
        }
    }

    fn draw_plots(&mut self, palette: &Palette) {
        let Some(r) = &self.results else { return };
        let dpr = browser::pixel_ratio();
        for (i, kind) in PlotKind::ALL.into_iter().enumerate() {
            let Some(canvas) = self.canvases[i].cast::<HtmlCanvasElement>() else {
                continue;
            };
            let data = PlotData {
                kind,
                results: r,
                tradeoff: self.tradeoff,
                selected: self.selected,
                palette,
            };
            match sweep_plot::draw(&canvas, &data, dpr) {
                Ok(None) => {}
                Ok(Some(hits)) => {
                    // Where each point was drawn (CSS px), for tests and tools: "p:x:y ...".
                    let at: Vec<String> = hits
                        .iter()
                        .map(|h| format!("{}:{:.0}:{:.0}", h.point, h.x, h.y))
                        .collect();
                    let _ = canvas.set_attribute("data-points", &at.join(" "));
                    self.hits[i] = hits;
                }
                Err(e) => browser::report_error(&format!("sweep plot: {e}")),
            }
        }
    }

    fn export(&self, e: Export, p: &SweepPanelProps) {
        let Some(r) = &self.results else { return };
        match e {
            Export::Csv => browser::download("sweep-runs.csv", "text/csv", &r.csv()),
            Export::Json => browser::download("sweep.json", "application/json", &r.json()),
            Export::Svg(kind) => {
                let data = PlotData {
                    kind,
                    results: r,
                    tradeoff: self.tradeoff,
                    selected: self.selected,
                    palette: &p.palette,
                };
                // Text is measured by a canvas of the page, in the fonts the SVG names.
                let i = PlotKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                let ctx = self.canvases[i]
                    .cast::<HtmlCanvasElement>()
                    .and_then(|c| c.get_context("2d").ok().flatten())
                    .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
                let svg = match &ctx {
                    Some(ctx) => sweep_plot::svg(&data, &Measurer(ctx)),
                    None => sweep_plot::svg(&data, &Approx),
                };
                browser::download(&format!("{}.svg", kind.stem()), "image/svg+xml", &svg);
            }
            Export::Png(kind) => {
                let i = PlotKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                if let Some(url) = self.canvases[i]
                    .cast::<HtmlCanvasElement>()
                    .and_then(|c| c.to_data_url_with_type("image/png").ok())
                {
                    browser::download_url(&format!("{}.png", kind.stem()), &url);
                }
            }
        }
    }
}
