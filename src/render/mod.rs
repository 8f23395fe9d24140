//! Drawing: palette, plots and the display list they build (pure), the sequence diagram (pure
//! SVG) and the painters and canvas renderers (browser only). It draws what `model` holds
//! (layout, view, looks) and never the reverse.

pub mod chart;
pub mod display;
pub mod frame;
pub mod markers;
pub mod motion;
pub mod palette;
pub mod plot;
pub mod sequence;
pub mod svg;
pub mod sweep_plot;
pub mod tune_plot;

#[cfg(target_arch = "wasm32")]
pub mod canvas;
pub mod draw;
