//! The tune panel: a question (the base scenario, keys to vary, goals, what to minimise, most
//! seeds, run length) answered by the engine's tuner with its runs in the sweep's Web Workers,
//! round after round; the goals and the front drawn from the answer document, the
//! recommendation with its bounds, its configuration for each system, and the link that
//! reproduces the question (`#tune.…`, see `tune::link`). Its rules (the form, the rounds, the
//! link) are plain Rust in `crate::tune`, tested natively; this component only carries them out.

use super::tune_msg::Msg;
use super::tune_view::{self as view, Shown};
use crate::browser;
use crate::render::canvas::{self, Measurer};
use crate::render::palette::Palette;
use crate::render::tune_plot;
use crate::sweep::job::Outcome;
use crate::tune::answer::Answer;
use crate::tune::form::{Field, Form, FormError, GoalRow, MAX_ROWS};
use crate::tune::link;
use crate::tune::pool::TunePool;
use crate::tune::report_job::Report;
use crate::tune::session::Session;
use gossip_sim::Scenario;
use gossip_sim::config_export::System;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Props of [`TunePanel`].
#[derive(Properties, PartialEq)]
pub struct TunePanelProps {
    /// The page's scenario (canonical query with its seed): the suggested base.
    pub scenario: AttrValue,
    /// The query the page opened, as written.
    pub written: AttrValue,
    /// The page's query as the address bar shows it (the link keeps it).
    pub url_query: AttrValue,
    /// Colours of the page's scheme.
    pub palette: Palette,
    /// Load a scenario (a query) into the main run.
    pub on_load: Callback<String>,
    /// The fragment the page opened with: a question's link opens the panel filled in.
    pub fragment: AttrValue,
}

/// See the module documentation.
pub struct TunePanel {
    open: bool,
    form: Form,
    error: Option<FormError>,
    session: Option<Session>,
    pool: Option<TunePool>,
    workers: usize,
    answer: Option<Answer>,
    document: String,
    /// The recommended scenario's configuration per system, as the worker wrote them.
    configs: Vec<(String, String)>,
    /// The round of the answer shown.
    shown_round: Option<u32>,
    started: f64,
    finished: Option<f64>,
    next_id: u32,
    copied: Option<String>,
    canvases: [NodeRef; 2],
}

fn suggest(p: &TunePanelProps, workers: u32) -> Form {
    let written = Scenario::from_query(&p.written).ok();
    let scenario = Scenario::from_query(&p.scenario).unwrap_or_default();
    Form::suggest(&scenario, written.as_ref(), workers)
}

impl Component for TunePanel {
    type Message = Msg;
    type Properties = TunePanelProps;

    fn create(ctx: &Context<Self>) -> Self {
        let form = suggest(ctx.props(), browser::cores());
        let fragment = &ctx.props().fragment;
        let linked = link::decode(fragment, &form);
        let open = linked.is_some();
        let (form, error) = match linked {
            Some(Ok(f)) => (f, None),
            Some(Err(e)) => (
                form,
                Some(FormError {
                    field: Field::Base,
                    message: e,
                }),
            ),
            None => (form, None),
        };
        TunePanel {
            open,
            form,
            error,
            session: None,
            pool: None,
            workers: 0,
            answer: None,
            document: String::new(),
            configs: Vec::new(),
            shown_round: None,
            started: 0.0,
            finished: None,
            next_id: 1,
            copied: None,
            canvases: Default::default(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Open(open) => {
                let changed = open != self.open;
                self.open = open;
                changed
            }
            Msg::Field(f, v) => self.set_field(f, v),
            Msg::AddVary if self.form.vary.len() < MAX_ROWS => {
                self.form.vary.push(("k".into(), "1,3".into()));
                true
            }
            Msg::RemoveVary(i) if i < self.form.vary.len() => {
                self.form.vary.remove(i);
                self.error = None;
                true
            }
            Msg::AddGoal if self.form.goals.len() < MAX_ROWS => {
                self.form.goals.push(GoalRow::blank());
                true
            }
            Msg::RemoveGoal(i) if i < self.form.goals.len() => {
                self.form.goals.remove(i);
                self.error = None;
                true
            }
            Msg::AddVary | Msg::RemoveVary(_) | Msg::AddGoal | Msg::RemoveGoal(_) => false,
            Msg::Suggest => {
                let workers = self
                    .form
                    .workers
                    .parse()
                    .unwrap_or_else(|_| browser::cores());
                self.form = suggest(ctx.props(), workers);
                self.error = None;
                true
            }
            Msg::Run => self.run(ctx),
            Msg::Cancel => {
                self.pool = None;
                true
            }
            Msg::Outcome(w, o) => self.outcome(w, o),
            Msg::Report(r) => self.report(r),
            Msg::CopyConfig(system) => self.copy_config(system),
            Msg::CopyLink => {
                // The whole address: a path alone cannot be pasted into a chat or an issue.
                browser::copy(&format!(
                    "{}{}",
                    browser::origin(),
                    self.link_url(ctx.props())
                ));
                self.copied = Some("link".into());
                true
            }
            Msg::Load => {
                if let Some(q) = self
                    .answer
                    .as_ref()
                    .and_then(|a| a.recommended_query.clone())
                {
                    ctx.props().on_load.emit(q);
                }
                false
            }
            Msg::ExportJson => {
                browser::download("tune.json", "application/json", &self.document);
                false
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let shown = Shown {
            open: self.open,
            form: &self.form,
            error: self.error.as_ref(),
            session: self.session.as_ref(),
            running: self.pool.is_some(),
            workers: self.workers,
            elapsed_ms: self
                .finished
                .unwrap_or_else(|| browser::now_ms() - self.started),
            finished: self.finished.is_some(),
            answer: self.answer.as_ref(),
            copied: self.copied.as_deref(),
            link: self.link_url(ctx.props()),
            canvases: &self.canvases,
        };
        view::panel(&shown, &ctx.link().callback(|m| m))
    }

    fn rendered(&mut self, ctx: &Context<Self>, first: bool) {
        if first && self.open {
            // Opened from a link: bring the panel into view.
            if let Some(el) = browser::element("tune") {
                el.scroll_into_view();
            }
        }
        self.draw(&ctx.props().palette);
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.pool = None;
    }
}

impl TunePanel {
    fn set_field(&mut self, f: Field, v: String) -> bool {
        let form = &mut self.form;
        let slot = match f {
            Field::Base => &mut form.base,
            Field::VaryKey(i) => match form.vary.get_mut(i) {
                Some(row) => &mut row.0,
                None => return false,
            },
            Field::VaryValues(i) => match form.vary.get_mut(i) {
                Some(row) => &mut row.1,
                None => return false,
            },
            Field::GoalMetric(i) | Field::GoalOp(i) | Field::GoalValue(i) => {
                let Some(g) = form.goals.get_mut(i) else {
                    return false;
                };
                match f {
                    Field::GoalMetric(_) => &mut g.metric,
                    Field::GoalOp(_) => &mut g.op,
                    _ => &mut g.value,
                }
            }
            Field::Minimize => &mut form.minimize,
            Field::Seeds => &mut form.seeds,
            Field::Until => &mut form.until,
            Field::Workers => &mut form.workers,
        };
        *slot = v;
        self.error = None;
        true
    }

    fn run(&mut self, ctx: &Context<Self>) -> bool {
        self.pool = None;
        let plan = match self.form.plan() {
            Ok(plan) => plan,
            Err(e) => {
                self.error = Some(e);
                return true;
            }
        };
        let id = self.next_id;
        self.next_id += 1;
        let (session, jobs) = Session::start(plan.question, id);
        let on_outcome = ctx.link().callback(|(w, o)| Msg::Outcome(w, o));
        let on_report = ctx.link().callback(Msg::Report);
        match TunePool::start(jobs, plan.workers, on_outcome, on_report) {
            Ok(pool) => {
                self.workers = pool.workers();
                self.pool = Some(pool);
            }
            Err(e) => {
                self.error = Some(FormError {
                    field: Field::Workers,
                    message: e,
                });
                return true;
            }
        }
        self.document = String::new();
        self.answer = None;
        self.configs.clear();
        self.shown_round = None;
        self.session = Some(session);
        self.started = browser::now_ms();
        self.finished = None;
        self.copied = None;
        true
    }

    fn outcome(&mut self, w: usize, o: Outcome) -> bool {
        let Some(s) = self.session.as_mut() else {
            return false;
        };
        if o.sweep != s.id || self.pool.is_none() {
            return false;
        }
        let (index, stopped) = (o.index, o.stopped_worker);
        let rounds = s.rounds;
        let next = s.record(o);
        if let Some(pool) = self.pool.as_mut() {
            pool.answered(w, index, stopped);
            // The round's answer is written by the tune worker while the next round runs;
            // when the search is over, the workers stay until it comes.
            if s.rounds != rounds {
                pool.report(s.report_job());
            }
            if !next.is_empty() {
                pool.extend(next);
            }
        }
        true
    }

    /// A worker wrote a round's answer: show it, unless a later one is shown or the session
    /// is another; the last one ends the search.
    fn report(&mut self, r: Report) -> bool {
        let Some(s) = self.session.as_ref() else {
            return false;
        };
        if r.session != s.id || self.shown_round.is_some_and(|shown| shown >= r.round) {
            return false;
        }
        self.shown_round = Some(r.round);
        self.document = r
            .document
            .unwrap_or_else(|e| format!("the answer could not be written: {e}\n"));
        self.answer = r.answer;
        self.configs = r.configs;
        if s.is_done() && r.round == s.rounds && self.pool.is_some() {
            self.pool = None;
            self.finished = Some(browser::now_ms() - self.started);
        }
        true
    }

    fn copy_config(&mut self, system: System) -> bool {
        if let Some((_, text)) = self.configs.iter().find(|(name, _)| name == system.name()) {
            browser::copy(text);
            self.copied = Some(system.name().into());
        }
        true
    }

    /// The page's address with the question in its fragment.
    fn link_url(&self, p: &TunePanelProps) -> String {
        let path = browser::pathname();
        let query = if p.url_query.is_empty() {
            String::new()
        } else {
            format!("?{}", p.url_query)
        };
        format!("{path}{query}#{}", link::encode(&self.form))
    }

    fn draw(&self, palette: &Palette) {
        let Some(a) = &self.answer else { return };
        let dpr = browser::pixel_ratio();
        for (i, node) in self.canvases.iter().enumerate() {
            let Some(c) = node.cast::<HtmlCanvasElement>() else {
                continue;
            };
            let w = (c.client_width() as f64).max(40.0);
            let h = if i == 0 {
                tune_plot::STRIP_PX * a.goals.len().max(1) as f64
            } else {
                (c.client_height() as f64).max(40.0)
            };
            let Ok(ctx) = canvas::context(&c, w, h, dpr) else {
                continue;
            };
            let m = Measurer(&ctx);
            let list = if i == 0 {
                Some(tune_plot::goals(a, palette, w, &m))
            } else {
                tune_plot::front(a, palette, w, h, &m)
            };
            if let Some(list) = list
                && let Err(e) = canvas::paint(&ctx, &list, dpr)
            {
                browser::report_error(&format!("tune plot: {e}"));
            }
        }
    }
}
