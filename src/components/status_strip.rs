//! A line under the timeline that keeps what matters in view without scrolling: the leader
//! (or split brain, once the cluster has agreed once) and the detection of the latest crash.

use crate::components::metrics::FailureRow;
use crate::vocab::dead_word;
use gossip_sim::Proto;
use yew::prelude::*;

/// Props of [`StatusStrip`].
#[derive(Properties, PartialEq)]
pub struct StatusStripProps {
    /// Leaders followed now.
    pub leaders: Vec<u32>,
    /// The cluster has agreed on one leader once (before that, more leaders is start-up).
    pub agreed: bool,
    /// Split brain so far, ms.
    pub split_brain_ms: f64,
    /// The latest crash's detection, if any.
    pub failure: Option<FailureRow>,
    /// Predicted first suspicion and all-dead latency, ms.
    pub predicted: (f64, f64),
    /// The protocol (its word for a dead member).
    pub proto: Proto,
    /// In A/B, whose figures these are (`A`): the strip reads run A only.
    #[prop_or_default]
    pub run: Option<&'static str>,
}

fn after(ms: Option<f64>) -> String {
    ms.map_or_else(
        || "not yet".to_string(),
        |v| format!("+{:.1} s", v / 1000.0),
    )
}

/// The strip.
#[function_component(StatusStrip)]
pub fn status_strip(p: &StatusStripProps) -> Html {
    let split = p.leaders.len() > 1 && p.agreed;
    let leader = if split {
        html! { <span class="split">{ format!("⚠ split brain: {} leaders ({})", p.leaders.len(),
        p.leaders.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")) }</span> }
    } else if p.leaders.len() > 1 {
        html! { <span>{ format!("converging: {} leaders while members learn each other", p.leaders.len()) }</span> }
    } else if let Some(l) = p.leaders.first() {
        html! { <span>{ format!("♛ leader: node {l}") }{ if p.split_brain_ms > 0.0 { format!(" · split brain so far {:.1} s", p.split_brain_ms / 1000.0) } else { String::new() } }</span> }
    } else {
        html! { <span>{"no leader: no live member"}</span> }
    };
    html! {
        <p class="status-strip" role="status" aria-label="Leader and latest detection">
            if let Some(run) = p.run {
                <span class="run-tag">{ format!("run {run}:") }</span>
            }
            { leader }
            if let Some(f) = &p.failure {
                <span class="detect">{ format!(
                    "node {} crashed at {:.1} s: first suspected {} (≈ +{:.1} s predicted), all {} {} (≈ +{:.1} s)",
                    f.node, f.at_s, after(f.first_ms), p.predicted.0 / 1000.0, dead_word(p.proto),
                    after(f.all_dead_ms), p.predicted.1 / 1000.0) }</span>
            }
        </p>
    }
}
