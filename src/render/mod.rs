//! Drawing: layout (pure), palette (pure) and the canvas renderer (browser only).

pub mod layout;
pub mod markers;
pub mod palette;
pub mod plot;
pub mod sequence;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod chart;
#[cfg(target_arch = "wasm32")]
pub mod draw;
#[cfg(target_arch = "wasm32")]
pub mod plotkit;
#[cfg(target_arch = "wasm32")]
pub mod sweep_plot;
