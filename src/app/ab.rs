//! The A/B view in the app: a second run beside the first (src/compare/ keeps them in
//! lockstep, src/page/ routes the commands), both canvases with their metrics lines, and the
//! diff table.

use super::{App, context_of};
use crate::compare;
use crate::components::compare_bar::CompareBar;
use crate::components::compare_table::CompareTable;
use crate::render::draw::{Frame, draw};
use std::rc::Rc;
use yew::prelude::*;

impl App {
    /// The compare control under the presets.
    pub(super) fn compare_bar(&self) -> Html {
        let keys = self
            .page
            .compare()
            .map(|c| AttrValue::from(c.overrides_text(self.page.a())));
        html! {
            <CompareBar comparing={keys} on_start={self.on.compare_start.clone()}
                on_stop={self.on.compare_stop.clone()} />
        }
    }

    /// The canvas, or the two canvases of an A/B run with their lines and the diff table.
    pub(super) fn canvases(&self) -> Html {
        let on = &self.on;
        let a = self.page.a();
        let canvas_a = html! {
            <canvas ref={self.canvas.clone()} class="cluster" onclick={on.canvas_click.clone()}
                onwheel={on.canvas_wheel.clone()} onmousedown={on.canvas_down.clone()}
                onmousemove={on.canvas_move.clone()} onmouseup={on.canvas_up.clone()}
                onmouseleave={on.canvas_leave.clone()}
                ontouchstart={on.canvas_touch.clone()} ontouchmove={on.canvas_touch.clone()}
                ontouchend={on.canvas_touch.clone()}
                tabindex="0" role="img" aria-label={super::props::canvas_label(a)}
                data-pulses={self.pulses()} data-marks={marks_text(a)}></canvas>
        };
        let Some(c) = self.page.compare() else {
            return html! { <>{ canvas_a }{ self.tooltip() }</> };
        };
        let (la, lb) = c.labels(a);
        let behind = if c.behind(a) {
            " · catching up with A"
        } else {
            ""
        };
        let rows = Rc::new(compare::diff(a.sim(), c.b.sim()));
        html! {
            <>
                <div class="ab">
                    <figure class="run run-a">
                        <figcaption><strong>{ "A" }</strong>{ format!(" · {la}") }</figcaption>
                        { canvas_a }
                        <p class="run-line">{ compare::summary(a) }</p>
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

    /// The members pulsing on canvas A now, space-separated (a hook for the browser tests).
    fn pulses(&self) -> String {
        let ids: Vec<String> = self.motion.pulsing().map(|m| m.to_string()).collect();
        ids.join(" ")
    }

    /// Draws run B on its canvas.
    pub(super) fn redraw_b(&mut self) {
        let Some(c) = self.page.compare() else { return };
        let Some((ctx, width, height)) = context_of(&self.canvas_b, &mut self.ctx2d_b) else {
            return;
        };
        c.b.sim().flights(&mut self.flights);
        let leaders = c.b.leader_set();
        self.motion_b.observe(&c.b, crate::browser::now_ms());
        draw(
            &ctx,
            &Frame {
                model: &c.b,
                flights: &self.flights,
                leaders: &leaders,
                width,
                height,
                palette: self.palette,
                motion: Some(&self.motion_b),
                lesson: false,
                highlight: None,
            },
        );
    }
}

/// The key moments marked on `m`'s canvas now, as `first-suspicion:3 refutation:3` (a hook
/// for the browser tests; the canvas draws the same [`crate::render::motion::marks`]).
fn marks_text(m: &crate::model::Model) -> String {
    use crate::render::motion::{MarkKind, mark_hold, marks};
    let sim = m.sim();
    let hold = mark_hold(sim.params().period_ms);
    let shown: Vec<String> = marks(&m.key_moments(), sim.now(), hold)
        .iter()
        .map(|k| match k.kind {
            MarkKind::FirstSuspicion => format!("first-suspicion:{}", k.member),
            MarkKind::Refutation => format!("refutation:{}", k.member),
        })
        .collect();
    shown.join(" ")
}
