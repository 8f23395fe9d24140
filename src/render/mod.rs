//! Drawing: palette and plots (pure), the sequence diagram (pure SVG) and the canvas renderers
//! (browser only). It draws what `model` holds (layout, view, looks) and never the reverse.

pub mod markers;
pub mod palette;
pub mod plot;
pub mod sequence;

#[cfg(target_arch = "wasm32")]
pub mod chart;
#[cfg(target_arch = "wasm32")]
pub mod draw;
#[cfg(target_arch = "wasm32")]
pub mod plotkit;
#[cfg(target_arch = "wasm32")]
pub mod sweep_plot;
