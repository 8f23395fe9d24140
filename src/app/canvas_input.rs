//! The tooltip of the node under the pointer (src/page/ tracks the pointer: zoom, pan, hover
//! and the click that picks a node).

use super::App;
use crate::vocab::{counter_word, state_word, status_word};
use gossip_protocol::Status;
use gossip_sim::NodeState;
use yew::prelude::*;

impl App {
    /// The tooltip of the node under the pointer: id, state, what the cluster (or the selected
    /// node) believes, and its counter.
    pub(super) fn tooltip(&self) -> Html {
        let m = self.page.a();
        let (Some(id), Some((x, y))) = (m.hover, self.page.hover_at()) else {
            return html! {};
        };
        let sim = m.sim();
        let state = state_word(sim.state(id));
        let c = sim.metrics().counts(id);
        let belief = match m
            .selected
            .filter(|&s| s != id && sim.state(s) == NodeState::Up)
        {
            Some(s) => format!(
                "node {s} believes it {}",
                status_word(m.scenario().proto, sim.status_of(s, id))
            ),
            None => format!(
                "alive to {}, suspect to {}, dead to {}",
                c[Status::Alive.index()],
                c[Status::Suspect.index()],
                c[Status::Dead.index()]
            ),
        };
        let counter = sim
            .own_counter(id)
            .map(|v| format!(" · {} {v}", counter_word(m.scenario().proto)));
        // Beside the pointer, on the side with more room, so that it is never cut off at the
        // canvas's edge (its width is at most half the stage's: see the style sheet).
        let (w, h) = super::canvas_size(&self.canvas).unwrap_or((f64::MAX, f64::MAX));
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
