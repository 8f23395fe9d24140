//! Play, pause, step, speed, the simulated clock and the share button.

use crate::components::speed_slider::SpeedSlider;
use yew::prelude::*;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Running?
    pub playing: bool,
    /// Virtual seconds per real second.
    pub speed: f64,
    /// Simulated time, µs.
    pub now_us: u64,
    /// The simulation could not keep up with the speed in the last frame.
    pub lagging: bool,
    /// "Copied" feedback is showing.
    pub copied: bool,
    /// Toggle play/pause.
    pub on_toggle: Callback<()>,
    /// Run the next event.
    pub on_step: Callback<()>,
    /// Run one protocol period.
    pub on_period: Callback<()>,
    /// Restart from time 0.
    pub on_restart: Callback<()>,
    /// New speed.
    pub on_speed: Callback<f64>,
    /// Copy the link.
    pub on_copy: Callback<()>,
    /// Open or close the guide.
    pub on_guide: Callback<()>,
}

/// The toolbar.
#[function_component(Toolbar)]
pub fn toolbar(p: &ToolbarProps) -> Html {
    html! {
        <div class="toolbar" role="toolbar" aria-label="Simulation">
            <button class="primary" onclick={p.on_toggle.reform(|_| ())} aria-pressed={p.playing.to_string()}
                    title="Play / pause (Space)" aria-keyshortcuts="Space">
                { if p.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button onclick={p.on_step.reform(|_| ())} title="Run exactly the next event (. or →)"
                    aria-keyshortcuts=". ArrowRight">{"Step event"}</button>
            <button onclick={p.on_period.reform(|_| ())} title="Run one protocol period (P)"
                    aria-keyshortcuts="p">{"Step period"}</button>
            <button onclick={p.on_restart.reform(|_| ())} title="Restart from time 0 with the same scenario (R)"
                    aria-keyshortcuts="r">{"↺ Restart"}</button>
            <SpeedSlider speed={p.speed} on_speed={p.on_speed.clone()} />
            <span class={classes!("clock", p.lagging.then_some("lagging"))} role="timer" aria-label="Simulated time"
                  title={if p.lagging { "The simulation cannot keep up with this speed: it runs as fast as the frame budget allows" } else { "Simulated time" }}>
                { crate::model::clock(p.now_us) }
            </span>
            <button class="guide-toggle" onclick={p.on_guide.reform(|_| ())} aria-keyshortcuts="?"
                    title="What the colours and dots mean, and what to try (?)">{"? Guide"}</button>
            <button class="share" onclick={p.on_copy.reform(|_| ())}
                    title="Copy a link that reproduces this exact run, including your clicks">
                { if p.copied { "✓ Copied" } else { "Copy link" } }
            </button>
        </div>
    }
}
