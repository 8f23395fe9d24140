//! The animation-frame loop, owned by a handle whose drop stops it (no `forget()`).

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

type FrameFn = Closure<dyn FnMut(f64)>;

/// A running `requestAnimationFrame` loop calling `on_frame(timestamp_ms)` every frame.
/// Dropping the handle cancels the pending frame and releases the closure.
pub struct AnimationLoop {
    state: Rc<RefCell<Option<(FrameFn, i32)>>>,
}

impl AnimationLoop {
    /// Starts the loop.
    pub fn start(mut on_frame: impl FnMut(f64) + 'static) -> AnimationLoop {
        let state: Rc<RefCell<Option<(FrameFn, i32)>>> = Rc::new(RefCell::new(None));
        let weak = Rc::downgrade(&state);
        let closure: FrameFn = Closure::new(move |ts: f64| {
            on_frame(ts);
            // Re-arm, unless the handle was dropped meanwhile.
            if let Some(state) = weak.upgrade()
                && let Some((cb, id)) = state.borrow_mut().as_mut()
                && let Some(w) = web_sys::window()
                && let Ok(next) = w.request_animation_frame(cb.as_ref().unchecked_ref())
            {
                *id = next;
            }
        });
        let id = web_sys::window()
            .and_then(|w| {
                w.request_animation_frame(closure.as_ref().unchecked_ref())
                    .ok()
            })
            .unwrap_or(0);
        *state.borrow_mut() = Some((closure, id));
        AnimationLoop { state }
    }
}

impl Drop for AnimationLoop {
    fn drop(&mut self) {
        if let Ok(mut s) = self.state.try_borrow_mut()
            && let Some((_, id)) = s.take()
            && let Some(w) = web_sys::window()
        {
            let _ = w.cancel_animation_frame(id);
        }
    }
}
