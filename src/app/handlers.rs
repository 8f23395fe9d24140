//! The panels' callbacks, built once when the app is created. Yew compares callbacks by
//! identity, so building them in `view` would make every panel's props differ on every
//! refresh; built once, a panel re-renders only when its data changed.

use super::{App, Msg};
use web_sys::{MouseEvent, TouchEvent, WheelEvent};
use yew::html::Scope;
use yew::prelude::*;

/// Every callback the app hands to a panel.
pub struct Handlers {
    pub toggle: Callback<()>,
    pub step: Callback<()>,
    pub period: Callback<()>,
    pub restart: Callback<()>,
    pub speed: Callback<f64>,
    pub copy: Callback<()>,
    pub preset: Callback<usize>,
    pub dismiss: Callback<usize>,
    pub dismiss_all: Callback<()>,
    pub guide: Callback<()>,
    pub canvas_click: Callback<MouseEvent>,
    pub canvas_wheel: Callback<WheelEvent>,
    pub canvas_down: Callback<MouseEvent>,
    pub canvas_move: Callback<MouseEvent>,
    pub canvas_up: Callback<MouseEvent>,
    pub canvas_leave: Callback<MouseEvent>,
    pub canvas_touch: Callback<TouchEvent>,
    pub crash: Callback<()>,
    pub leave: Callback<()>,
    pub join: Callback<()>,
    pub split: Callback<()>,
    pub partition: Callback<String>,
    pub heal: Callback<()>,
    pub select: Callback<Option<u32>>,
    pub set: Callback<(String, String)>,
    pub new_seed: Callback<()>,
    pub seek: Callback<u64>,
    pub back_event: Callback<()>,
    pub back_period: Callback<()>,
    pub why: Callback<u32>,
    pub why_close: Callback<()>,
    pub why_refresh: Callback<()>,
    pub lanes: Callback<String>,
    pub fault: Callback<String>,
    pub compare_start: Callback<String>,
    pub compare_stop: Callback<()>,
    pub canvas_click_b: Callback<MouseEvent>,
}

impl Handlers {
    /// Builds them all from the app's scope.
    pub fn new(link: &Scope<App>) -> Handlers {
        Handlers {
            toggle: link.callback(|_| Msg::Toggle),
            step: link.callback(|_| Msg::StepEvent),
            period: link.callback(|_| Msg::StepPeriod),
            restart: link.callback(|_| Msg::Restart),
            speed: link.callback(Msg::Speed),
            copy: link.callback(|_| Msg::Copy),
            preset: link.callback(Msg::Preset),
            dismiss: link.callback(Msg::Dismiss),
            dismiss_all: link.callback(|_| Msg::DismissAll),
            guide: link.callback(|_| Msg::GuideToggle),
            canvas_click: link.callback(|e: MouseEvent| {
                Msg::CanvasClick(e.offset_x() as f64, e.offset_y() as f64)
            }),
            canvas_wheel: link.callback(|e: WheelEvent| {
                e.prevent_default();
                Msg::Wheel(e.delta_y(), e.offset_x() as f64, e.offset_y() as f64)
            }),
            canvas_down: link.callback(|e: MouseEvent| {
                Msg::PointerDown(e.offset_x() as f64, e.offset_y() as f64)
            }),
            canvas_move: link.callback(|e: MouseEvent| {
                Msg::PointerMove(
                    e.offset_x() as f64,
                    e.offset_y() as f64,
                    e.buttons() & 1 == 1,
                )
            }),
            canvas_up: link.callback(|_| Msg::PointerUp),
            canvas_leave: link.callback(|_| Msg::PointerLeave),
            canvas_touch: link.callback(|e: TouchEvent| {
                // Two fingers: their distance and midpoint, relative to the canvas.
                let t = e.touches();
                match (t.get(0), t.get(1), e.current_target()) {
                    (Some(a), Some(b), Some(target)) => {
                        e.prevent_default();
                        let rect = wasm_bindgen::JsCast::unchecked_into::<web_sys::Element>(target)
                            .get_bounding_client_rect();
                        let (ax, ay) = (a.client_x() as f64, a.client_y() as f64);
                        let (bx, by) = (b.client_x() as f64, b.client_y() as f64);
                        Msg::Pinch(Some((
                            (ax - bx).hypot(ay - by),
                            (ax + bx) / 2.0 - rect.left(),
                            (ay + by) / 2.0 - rect.top(),
                        )))
                    }
                    _ => Msg::Pinch(None),
                }
            }),
            crash: link.callback(|_| Msg::CrashToggle),
            leave: link.callback(|_| Msg::Leave),
            join: link.callback(|_| Msg::Join),
            split: link.callback(|_| Msg::Split),
            partition: link.callback(Msg::Partition),
            heal: link.callback(|_| Msg::Heal),
            select: link.callback(Msg::Select),
            set: link.callback(|(k, v)| Msg::Set(k, v)),
            new_seed: link.callback(|_| Msg::NewSeed),
            seek: link.callback(Msg::Seek),
            back_event: link.callback(|_| Msg::BackEvent),
            back_period: link.callback(|_| Msg::BackPeriod),
            why: link.callback(Msg::Why),
            why_close: link.callback(|_| Msg::WhyClose),
            why_refresh: link.callback(|_| Msg::WhyRefresh),
            lanes: link.callback(Msg::Lanes),
            fault: link.callback(Msg::Fault),
            compare_start: link.callback(Msg::CompareStart),
            compare_stop: link.callback(|_| Msg::CompareStop),
            canvas_click_b: link.callback(|e: MouseEvent| {
                Msg::CanvasClickB(e.offset_x() as f64, e.offset_y() as f64)
            }),
        }
    }
}
