//! What the sweep panel's views send it: a field committed, a button pressed, an export.

use crate::render::sweep_plot::PlotKind;
use crate::sweep::job::Outcome;
use crate::sweep::results::Tradeoff;

/// A field of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The varied key.
    Key,
    /// Its values.
    Values,
    /// The second key.
    Key2,
    /// Its values.
    Values2,
    /// Seeds per point.
    Seeds,
    /// Horizon.
    Until,
    /// Workload events.
    Events,
    /// Workers.
    Workers,
}

/// An export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// Every run, CSV.
    Csv,
    /// Every run and point, JSON.
    Json,
    /// A plot as SVG.
    Svg(PlotKind),
    /// A plot as PNG.
    Png(PlotKind),
}

/// Messages of [`SweepPanel`].
pub enum Msg {
    /// A field was committed.
    Field(Field, String),
    /// Fill the form again from the page's scenario.
    Suggest,
    /// Start the sweep.
    Run,
    /// Stop it.
    Cancel,
    /// A worker answered.
    Outcome(usize, Outcome),
    /// Time to redraw, if anything came.
    Flush,
    /// A click on a plot at (x, y) CSS px.
    PlotClick(PlotKind, f64, f64),
    /// Pick a point (or none).
    Pick(Option<usize>),
    /// The trade-off's axes.
    Tradeoff(Tradeoff),
    /// Download something.
    Export(Export),
}
