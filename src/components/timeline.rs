//! The timeline under the canvas: a scrubber from 0 to the furthest time reached, with
//! markers for scripted events and protocol milestones. Click or drag to seek; hover a marker
//! to read it; keys Home / End / PageUp / PageDown on the focused track seek (the page's own
//! keys ← / , step back one event and [ one period).

use crate::render::markers::key_labels;
pub use crate::render::markers::{KeyMark, MarkerView};
use web_sys::{Element, HtmlElement};
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
    /// The run's key moments, labelled above the track.
    pub keys: Vec<KeyMark>,
    /// Seek to a time (µs).
    pub on_seek: Callback<u64>,
    /// Step back one event.
    pub on_back_event: Callback<()>,
    /// Step back one period.
    pub on_back_period: Callback<()>,
}

/// Where `client_x` falls along `track`, from 0 (its left edge) to 1 (its right edge). The
/// track is measured through its own node: under Yew's event delegation an event's
/// `current_target` is the app's root, not the element that declared the listener.
fn fraction(track: &NodeRef, client_x: f64) -> Option<f64> {
    let el = track.cast::<Element>()?;
    let rect = el.get_bounding_client_rect();
    (rect.width() > 0.0).then(|| ((client_x - rect.left()) / rect.width()).clamp(0.0, 1.0))
}

/// The timeline.
#[function_component(Timeline)]
pub fn timeline(p: &TimelineProps) -> Html {
    let track = use_node_ref();
    let dragging = use_mut_ref(|| false);
    let end = p.end_us.max(1);
    let seek_at = {
        let (on_seek, track) = (p.on_seek.clone(), track.clone());
        move |client_x: f64| {
            if let Some(f) = fraction(&track, client_x) {
                on_seek.emit((f * end as f64).round() as u64);
            }
        }
    };
    // Pointer events cover the mouse, touch and a pen alike; capturing the pointer keeps a
    // drag going when it leaves the track (CSS `touch-action: none` keeps a finger's drag
    // from scrolling the page instead).
    let onpointerdown = {
        let (dragging, seek_at, track) = (dragging.clone(), seek_at.clone(), track.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            e.prevent_default();
            if let Some(el) = track.cast::<HtmlElement>() {
                let _ = el.set_pointer_capture(e.pointer_id());
                let _ = el.focus();
            }
            *dragging.borrow_mut() = true;
            seek_at(e.client_x() as f64);
        })
    };
    let onpointermove = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if *dragging.borrow() && e.buttons() & 1 == 1 {
                seek_at(e.client_x() as f64);
            } else {
                *dragging.borrow_mut() = false;
            }
        })
    };
    let stop = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false)
    };
    let onkeydown = {
        let (on_seek, now) = (p.on_seek.clone(), p.now_us);
        Callback::from(move |e: KeyboardEvent| {
            // (← , and [ are the page's own keys, wherever the focus is.)
            if let Some(to) = key_seek(&e.key(), now, end) {
                e.prevent_default();
                on_seek.emit(to);
            }
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
                 ref={track} {onpointerdown} {onpointermove} onpointerup={stop.clone()}
                 onpointercancel={stop} {onkeydown}>
                <div class="tl-reached" style={format!("width:{}", pct(p.now_us))}></div>
                { marks(p, end) }
                <div class="tl-thumb" style={format!("left:{}", pct(p.now_us))}></div>
            </div>
            <span class="tl-end">{ format!("{:.1} s", end as f64 / 1e6) }</span>
            <span class="sr-only">{ p.keys.iter().map(|k| k.text.as_str()).collect::<Vec<_>>().join("; ") }</span>
        </div>
    }
}

/// The run's markers on the track, and its key moments with their words.
fn marks(p: &TimelineProps, end: u64) -> Html {
    let pct = |t: u64| format!("{:.3}%", 100.0 * t.min(end) as f64 / end as f64);
    html! {
        <>
            { for p.markers.iter().map(|m| html! {
                <span class={classes!("tl-marker", m.class)} style={format!("left:{}", pct(m.at))}
                      title={m.text.clone()} data-at={m.at.to_string()}></span>
            }) }
            { for p.keys.iter().zip(key_labels(&p.keys, end)).map(|(k, (word, side))| html! {
                <span class={classes!("tl-key", k.class, side)} style={format!("left:{}", pct(k.at))}
                      title={k.text.clone()} data-at={k.at.to_string()}>
                    <span class="tl-key-label" aria-hidden="true">{ word }</span>
                </span>
            }) }
        </>
    }
}

/// Where a key on the track seeks to, from `now` in a run of `end` µs: Home and End, and
/// Page Down / Page Up by a hundredth of the run; `None` for any other key.
fn key_seek(key: &str, now: u64, end: u64) -> Option<u64> {
    let step = (end / 100).max(1);
    match key {
        "Home" => Some(0),
        "End" => Some(end),
        "PageDown" => Some((now + step).min(end)),
        "PageUp" => Some(now.saturating_sub(step)),
        _ => None,
    }
}
