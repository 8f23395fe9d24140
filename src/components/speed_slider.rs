//! The speed slider: logarithmic, 0.1× to 1000×. While a person drags it (or steps it with
//! the keyboard) the slider keeps its own position, so the page's refreshes never move the
//! thumb under the pointer; when it is not in use it shows the model's speed.

use crate::model::speed::{slider_to_speed, speed_label, speed_to_slider};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`SpeedSlider`].
#[derive(Properties, PartialEq)]
pub struct SpeedSliderProps {
    /// Virtual seconds per real second.
    pub speed: f64,
    /// New speed.
    pub on_speed: Callback<f64>,
}

/// The slider and its label.
#[function_component(SpeedSlider)]
pub fn speed_slider(p: &SpeedSliderProps) -> Html {
    // The slider's own position while it has focus (it is being dragged or stepped).
    let held = use_state(|| None::<String>);
    let oninput = {
        let (held, on_speed) = (held.clone(), p.on_speed.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(pos) = v.parse::<f64>() {
                on_speed.emit(slider_to_speed(pos));
            }
            held.set(Some(v));
        })
    };
    let onblur = {
        let held = held.clone();
        Callback::from(move |_: FocusEvent| held.set(None))
    };
    let value = (*held)
        .clone()
        .unwrap_or_else(|| format!("{:.0}", speed_to_slider(p.speed)));
    let label = speed_label(p.speed);
    html! {
        <label class="speed" title="Simulation speed: virtual seconds per real second (0.1× to 1000×)">
            <span>{"speed"}</span>
            <input type="range" min="0" max="100" step="1" aria-label="Speed"
                   {value} {oninput} {onblur} />
            <output class="speed-value">{ label }</output>
        </label>
    }
}
