//! Pointer and wheel on the canvas: zoom around the pointer, drag to pan, hover for a tooltip,
//! click to pick the node under the pointer (the nearest one, at any zoom).

use super::App;
use crate::model::Model;
use crate::render::view::Viewport;
use gossip_protocol::Status;
use gossip_sim::NodeState;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

impl App {
    fn canvas_size(&self) -> Option<(f64, f64)> {
        let c = self.canvas.cast::<HtmlCanvasElement>()?;
        Some((c.client_width() as f64, c.client_height() as f64))
    }

    /// The node drawn under canvas point `(x, y)`, if any.
    pub(super) fn node_at(&self, x: f64, y: f64) -> Option<u32> {
        self.node_at_in(&self.canvas, &self.model, x, y)
    }

    /// The node of `m` drawn under point `(x, y)` of `canvas`, if any.
    pub(super) fn node_at_in(&self, canvas: &NodeRef, m: &Model, x: f64, y: f64) -> Option<u32> {
        let c = canvas.cast::<HtmlCanvasElement>()?;
        let (w, h) = (c.client_width() as f64, c.client_height() as f64);
        m.node_at_px(&Viewport::of(w, h, &m.view), x, y)
    }

    pub(super) fn wheel(&mut self, dy: f64, x: f64, y: f64) -> bool {
        let Some((w, h)) = self.canvas_size() else {
            return false;
        };
        let factor = (-dy * 0.0015).exp();
        self.model.view.zoom_at(factor, (x, y), w, h);
        self.redraw();
        false
    }

    pub(super) fn zoom_key(&mut self, k: char) -> bool {
        let Some((w, h)) = self.canvas_size() else {
            return false;
        };
        match k {
            '+' => self.model.view.zoom_at(1.5, (w / 2.0, h / 2.0), w, h),
            '-' => self.model.view.zoom_at(1.0 / 1.5, (w / 2.0, h / 2.0), w, h),
            _ => self.model.view = Default::default(),
        }
        self.redraw();
        false
    }

    /// A two-finger pinch zooms around the fingers' midpoint by the change of their distance.
    pub(super) fn pinch(&mut self, p: Option<(f64, f64, f64)>) -> bool {
        match (p, self.pinch) {
            (Some((d, x, y)), Some(last)) if last > 0.0 => {
                if let Some((w, h)) = self.canvas_size() {
                    self.model.view.zoom_at(d / last, (x, y), w, h);
                    self.redraw();
                }
                self.pinch = Some(d);
            }
            (Some((d, _, _)), _) => self.pinch = Some(d),
            (None, _) => self.pinch = None,
        }
        false
    }

    pub(super) fn pointer_move(&mut self, x: f64, y: f64, held: bool) -> bool {
        if let (Some((x0, y0)), true) = (self.drag, held) {
            if (x - x0).hypot(y - y0) > 3.0 || self.dragged {
                if let Some((w, h)) = self.canvas_size() {
                    self.model.view.pan_by((x - x0, y - y0), w, h);
                }
                self.dragged = true;
                self.drag = Some((x, y));
                self.redraw();
            }
            return false;
        }
        let hover = self.node_at(x, y);
        let changed = hover != self.model.hover;
        self.model.hover = hover;
        self.hover_at = Some((x, y));
        if changed {
            self.redraw();
        }
        changed
    }

    /// The tooltip of the node under the pointer: id, state, what the cluster (or the selected
    /// node) believes, and its counter.
    pub(super) fn tooltip(&self) -> Html {
        let m = &self.model;
        let (Some(id), Some((x, y))) = (m.hover, self.hover_at) else {
            return html! {};
        };
        let sim = m.sim();
        let state = match sim.state(id) {
            NodeState::Up => "up",
            NodeState::Crashed => "crashed",
            NodeState::Left => "left",
        };
        let c = sim.metrics().counts(id);
        let belief = match m
            .selected
            .filter(|&s| s != id && sim.state(s) == NodeState::Up)
        {
            Some(s) => format!("node {s} believes it {:?}", sim.status_of(s, id)).to_lowercase(),
            None => format!(
                "alive to {}, suspect to {}, dead to {}",
                c[Status::Alive.index()],
                c[Status::Suspect.index()],
                c[Status::Dead.index()]
            ),
        };
        let counter = sim.own_counter(id).map(|v| match m.scenario().proto {
            gossip_sim::Proto::Gossip => format!(" · heartbeat {v}"),
            gossip_sim::Proto::Swim => format!(" · incarnation {v}"),
        });
        // Beside the pointer, on the side with more room, so that it is never cut off at the
        // canvas's edge (its width is at most half the stage's: see the style sheet).
        let (w, h) = self.canvas_size().unwrap_or((f64::MAX, f64::MAX));
        let (left, shift_x) = if x > w / 2.0 {
            (x - 14.0, "-100%")
        } else {
            (x + 14.0, "0")
        };
        let (top, shift_y) = if y > h / 2.0 {
            (y - 14.0, "-100%")
        } else {
            (y + 14.0, "0")
        };
        let style =
            format!("left:{left:.0}px;top:{top:.0}px;transform:translate({shift_x},{shift_y})");
        html! {
            <div class="tooltip" role="tooltip" {style}>
                <strong>{ format!("node {id}") }</strong>{ format!(" · {state}{}", counter.unwrap_or_default()) }
                <br />{ belief }
            </div>
        }
    }
}
