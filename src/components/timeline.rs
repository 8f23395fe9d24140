//! The timeline under the canvas: a scrubber from 0 to the furthest time reached, with
//! markers for scripted events and protocol milestones. Click or drag to seek; hover a marker
//! to read it; keys ← / , step back one event and [ one period.

pub use crate::render::markers::MarkerView;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, MouseEvent};
use yew::prelude::*;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Virtual time now, µs.
    pub now_us: u64,
    /// Furthest time reached, µs (the track's end).
    pub end_us: u64,
    /// Markers, folded.
    pub markers: Vec<MarkerView>,
    /// Seek to a time (µs).
    pub on_seek: Callback<u64>,
    /// Step back one event.
    pub on_back_event: Callback<()>,
    /// Step back one period.
    pub on_back_period: Callback<()>,
}

fn fraction(e: &MouseEvent) -> Option<f64> {
    let el: HtmlElement = e.current_target()?.dyn_into().ok()?;
    let rect = el.get_bounding_client_rect();
    (rect.width() > 0.0)
        .then(|| ((e.client_x() as f64 - rect.left()) / rect.width()).clamp(0.0, 1.0))
}

/// The timeline.
#[function_component(Timeline)]
pub fn timeline(p: &TimelineProps) -> Html {
    let dragging = use_mut_ref(|| false);
    let end = p.end_us.max(1);
    let seek_at = {
        let on_seek = p.on_seek.clone();
        move |e: &MouseEvent| {
            if let Some(f) = fraction(e) {
                on_seek.emit((f * end as f64).round() as u64);
            }
        }
    };
    let onmousedown = {
        let (dragging, seek_at) = (dragging.clone(), seek_at.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            *dragging.borrow_mut() = true;
            seek_at(&e);
        })
    };
    let onmousemove = {
        let dragging = dragging.clone();
        Callback::from(move |e: MouseEvent| {
            if *dragging.borrow() && e.buttons() & 1 == 1 {
                seek_at(&e);
            } else {
                *dragging.borrow_mut() = false;
            }
        })
    };
    let stop = {
        let dragging = dragging.clone();
        Callback::from(move |_: MouseEvent| *dragging.borrow_mut() = false)
    };
    let onkeydown = {
        let (on_seek, back) = (p.on_seek.clone(), p.on_back_period.clone());
        let (now, step) = (p.now_us, (end / 100).max(1));
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Home" => on_seek.emit(0),
            "End" => on_seek.emit(end),
            "PageDown" => on_seek.emit((now + step).min(end)),
            "PageUp" => on_seek.emit(now.saturating_sub(step)),
            "[" => back.emit(()),
            _ => {}
        })
    };
    let pct = |t: u64| format!("{:.3}%", 100.0 * t.min(end) as f64 / end as f64);
    let now_s = p.now_us as f64 / 1e6;
    html! {
        <div class="timeline">
            <button class="tl-back" onclick={p.on_back_event.reform(|_| ())}
                    title="Step back one event (← or ,)" aria-keyshortcuts="ArrowLeft ,">{"⟨ event"}</button>
            <button class="tl-back" onclick={p.on_back_period.reform(|_| ())}
                    title="Step back one period ([)" aria-keyshortcuts="[">{"⟪ period"}</button>
            <div class="tl-track" role="slider" tabindex="0" aria-label="Timeline: seek in the run"
                 aria-valuemin="0" aria-valuemax={format!("{:.3}", end as f64 / 1e6)}
                 aria-valuenow={format!("{now_s:.3}")} aria-valuetext={format!("{now_s:.3} s")}
                 {onmousedown} {onmousemove} onmouseup={stop.clone()} onmouseleave={stop} {onkeydown}>
                <div class="tl-reached" style={format!("width:{}", pct(p.now_us))}></div>
                { for p.markers.iter().map(|m| html! {
                    <span class={classes!("tl-marker", m.class)} style={format!("left:{}", pct(m.at))}
                          title={m.text.clone()} data-at={m.at.to_string()}></span>
                }) }
                <div class="tl-thumb" style={format!("left:{}", pct(p.now_us))}></div>
            </div>
            <span class="tl-end">{ format!("{:.1} s", end as f64 / 1e6) }</span>
        </div>
    }
}
