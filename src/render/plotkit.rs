//! Pieces both plotting modules use with `plotters`: an f64 axis with our own ticks, colours
//! from "#rrggbb", and CSS-px sizes drawn in device px.

use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// A linear f64 axis whose ticks are ours (from `render::plot`) rather than the library's.
/// (plotters' own `with_key_points` has no default label formatting to hang ours on.)
pub struct Ticked {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

/// An axis over `lo..hi` with labels at `ticks`.
pub fn ticked(lo: f64, hi: f64, ticks: Vec<f64>) -> Ticked {
    Ticked {
        inner: (lo..hi).into(),
        ticks,
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }
    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }
    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// The mesh of a chart over two [`Ticked`] axes in the house style: faint grid, half-tone axes,
/// labels in `text` at 10 CSS px and axis descriptions at `desc_px`. The caller adds the
/// descriptions and formatters and draws it.
pub fn house_mesh<'a, 'b, DB: DrawingBackend>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>,
    text: RGBColor,
    s: Scale,
    desc_px: f64,
) -> MeshStyle<'a, 'b, Ticked, Ticked, DB> {
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(text.mix(0.14))
        .axis_style(text.mix(0.5))
        .label_style(s.font(10.0).color(&text))
        .axis_desc_style(s.font(desc_px).color(&text));
    mesh
}

/// "#rrggbb" as a colour (grey for anything else).
pub fn rgb(hex: &str) -> RGBColor {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(128)
    };
    RGBColor(c(0), c(2), c(4))
}

/// Sizes in CSS px, drawn in device px.
#[derive(Clone, Copy)]
pub struct Scale(pub f64);

impl Scale {
    /// `v` CSS px as whole device px (at least 0).
    pub fn u(self, v: f64) -> u32 {
        (v * self.0).round().max(0.0) as u32
    }
    /// `v` CSS px as signed device px.
    pub fn i(self, v: f64) -> i32 {
        (v * self.0).round() as i32
    }
    /// The page's sans-serif font at `css_px`.
    pub fn font(self, css_px: f64) -> FontDesc<'static> {
        ("system-ui, sans-serif", css_px * self.0).into_font()
    }
}
