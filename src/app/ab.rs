//! The A/B view in the app: a second run beside the first (src/compare/ keeps them in
//! lockstep), both canvases with their metrics lines, and the diff table.

use super::{App, Msg, context_of};
use crate::browser;
use crate::compare::{self, Compare};
use crate::components::compare_bar::CompareBar;
use crate::components::compare_table::CompareTable;
use crate::model::{Banner, Model};
use crate::render::draw::{Frame, draw};
use std::rc::Rc;
use yew::prelude::*;

/// What the page says when the panel changes a key that run B holds at a value of its own:
/// a key that restarts changes A only (B keeps its value); a live one is recorded in the
/// script both runs share, so B takes it too from now on.
pub(super) fn pinned_notice(key: &str, value: &str, b_value: &str, restarts: bool) -> String {
    if restarts {
        format!(
            "A/B: {key}={value} applies to run A only; run B keeps its own {key}={b_value}. \
             To change B, edit \"B differs in\"."
        )
    } else {
        format!(
            "A/B: {key}={value} applies to both runs from now (they share one event script); \
             run B started with {key}={b_value}."
        )
    }
}

impl App {
    /// Runs a command on A and, when comparing, records the same command in B.
    pub(super) fn both(&mut self, command: impl Fn(&mut Model) -> bool) -> bool {
        match &mut self.compare {
            Some(c) => c.both(&mut self.model, command),
            None => command(&mut self.model),
        }
    }

    /// What the address bar shows: A's query, plus B's `b.` keys when comparing.
    pub(super) fn url_query(&self) -> String {
        match &self.compare {
            Some(c) => c.query(&self.model),
            None => self.model.query(),
        }
    }

    /// Opens a link (one run, or two with `b.` keys).
    pub(super) fn open(&mut self, query: &str) {
        let (a, c) = Compare::open(query);
        self.model = a;
        self.compare = c;
        self.opened = AttrValue::from(query.to_string());
    }

    /// After every message: B follows A (clock, restarts, selection); a B that can no longer
    /// be built ends the comparison with a banner.
    pub(super) fn follow(&mut self) {
        let Some(c) = &mut self.compare else { return };
        if let Err(e) = c.follow(&self.model) {
            self.compare = None;
            self.model.banners.push(Banner {
                error: true,
                text: format!("A/B stopped, B no longer applies: {e}"),
            });
        }
    }

    /// The compare messages; true when the URL changed.
    pub(super) fn compare_update(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::CompareStart(text) => match Compare::start(&self.model, &text) {
                Ok((mut a, c)) => {
                    a.banners = std::mem::take(&mut self.model.banners);
                    a.banners.push(Banner {
                        error: false,
                        text: format!(
                            "A/B: both runs started from 0 s on the same seed and events; B has {}. \
                             Clicks and commands apply to both.",
                            c.overrides_text(&a)
                        ),
                    });
                    a.speed = self.model.speed;
                    self.model = a;
                    self.compare = Some(c);
                    true
                }
                Err(e) => {
                    self.model.banners.push(Banner {
                        error: true,
                        text: format!("A/B not started: {e}"),
                    });
                    false
                }
            },
            Msg::CompareStop => self.compare.take().is_some(),
            Msg::CanvasClickB(x, y) => {
                if let Some(c) = &self.compare {
                    let picked = self.node_at_in(&self.canvas_b, &c.b, x, y);
                    self.model.selected = picked;
                }
                false
            }
            _ => false,
        }
    }

    /// The compare control under the presets.
    pub(super) fn compare_bar(&self) -> Html {
        let keys = self
            .compare
            .as_ref()
            .map(|c| AttrValue::from(c.overrides_text(&self.model)));
        html! {
            <CompareBar comparing={keys} on_start={self.on.compare_start.clone()}
                on_stop={self.on.compare_stop.clone()} />
        }
    }

    /// The canvas, or the two canvases of an A/B run with their lines and the diff table.
    pub(super) fn canvases(&self) -> Html {
        let on = &self.on;
        let canvas_a = html! {
            <canvas ref={self.canvas.clone()} class="cluster" onclick={on.canvas_click.clone()}
                onwheel={on.canvas_wheel.clone()} onmousedown={on.canvas_down.clone()}
                onmousemove={on.canvas_move.clone()} onmouseup={on.canvas_up.clone()}
                onmouseleave={on.canvas_leave.clone()}
                ontouchstart={on.canvas_touch.clone()} ontouchmove={on.canvas_touch.clone()}
                ontouchend={on.canvas_touch.clone()}
                tabindex="0" role="img" aria-label={super::props::canvas_label(&self.model)}></canvas>
        };
        let Some(c) = &self.compare else {
            return html! { <>{ canvas_a }{ self.tooltip() }</> };
        };
        let (la, lb) = c.labels(&self.model);
        let behind = if c.behind(&self.model) {
            " · catching up with A"
        } else {
            ""
        };
        let rows = Rc::new(compare::diff(self.model.sim(), c.b.sim()));
        html! {
            <>
                <div class="ab">
                    <figure class="run run-a">
                        <figcaption><strong>{ "A" }</strong>{ format!(" · {la}") }</figcaption>
                        { canvas_a }
                        <p class="run-line">{ compare::summary(&self.model) }</p>
                    </figure>
                    <figure class="run run-b">
                        <figcaption><strong>{ "B" }</strong>{ format!(" · {lb}") }</figcaption>
                        <canvas ref={self.canvas_b.clone()} class="cluster cluster-b"
                            onclick={on.canvas_click_b.clone()} role="img"
                            aria-label={format!("Run B: {}", super::props::canvas_label(&c.b))}></canvas>
                        <p class="run-line">{ format!("{}{behind}", compare::summary(&c.b)) }</p>
                    </figure>
                    { self.tooltip() }
                </div>
                <CompareTable {rows} labels={(AttrValue::from(la), AttrValue::from(lb))} />
            </>
        }
    }

    /// Draws run B on its canvas.
    pub(super) fn redraw_b(&mut self) {
        let Some(c) = &mut self.compare else { return };
        c.look_like(&self.model);
        let Some((ctx, width, height)) = context_of(&self.canvas_b, &mut self.ctx2d_b) else {
            return;
        };
        c.b.sim().flights(&mut self.flights);
        let leaders = c.b.leader_set();
        draw(
            &ctx,
            &Frame {
                model: &c.b,
                flights: &self.flights,
                leaders: &leaders,
                width,
                height,
                palette: self.palette,
            },
        );
    }

    /// One frame's simulation: both runs in lockstep when comparing.
    pub(super) fn advance(&mut self, dt: f64) {
        let start = browser::now_ms();
        let mut out_of_time = || browser::now_ms() - start > super::SIM_BUDGET_MS;
        match &mut self.compare {
            Some(c) => c.advance(&mut self.model, dt, &mut out_of_time),
            None => self.model.advance(dt, &mut out_of_time),
        }
    }
}
