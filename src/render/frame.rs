//! A plot's frame as display-list ops: the plot area and its mapping from data to CSS px,
//! the grid, axes, tick labels and axis titles, the legend strip, and point marks. Pure; the
//! live charts (`render::chart`) and the sweep plots (`render::sweep_plot`) are built on it.

use super::display::{Align, Baseline, Colour, DisplayList, Font, Measure, Paint, Stroke, Text};

/// Tick labels' size, CSS px.
pub const LABEL_PX: f64 = 10.0;
/// Tick marks' length outside the axis, CSS px.
const TICK_PX: f64 = 4.0;

/// One axis: its data range, where its ticks are and what they read.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The value at the plot's left (x) or bottom (y).
    pub lo: f64,
    /// The value at the plot's right (x) or top (y).
    pub hi: f64,
    /// Ticks, as (value, label).
    pub ticks: Vec<(f64, String)>,
    /// The axis title ("" for none).
    pub title: String,
}

impl Axis {
    /// An axis over `lo..hi` with ticks at `ticks`, labelled by `label`.
    pub fn new(lo: f64, hi: f64, ticks: &[f64], label: impl Fn(f64) -> String) -> Axis {
        Axis {
            lo,
            hi,
            ticks: ticks.iter().map(|&t| (t, label(t))).collect(),
            title: String::new(),
        }
    }

    /// The same axis with a title.
    pub fn titled(mut self, title: impl Into<String>) -> Axis {
        self.title = title.into();
        self
    }

    fn frac(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        if span.abs() < f64::MIN_POSITIVE {
            0.0
        } else {
            (v - self.lo) / span
        }
    }
}

/// The plot area in the drawing and its axes: maps data to CSS px.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Left edge, CSS px.
    pub x0: f64,
    /// Top edge, CSS px.
    pub y0: f64,
    /// Right edge, CSS px.
    pub x1: f64,
    /// Bottom edge, CSS px.
    pub y1: f64,
    /// The horizontal axis.
    pub x: Axis,
    /// The left vertical axis.
    pub y: Axis,
    /// A right vertical axis, if any (its own range over the same height).
    pub right: Option<Axis>,
}

/// Margins around the plot area, CSS px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Margins {
    /// Above (the legend strip).
    pub top: f64,
    /// Left (y labels and title).
    pub left: f64,
    /// Right (a right axis's labels, or a little room).
    pub right: f64,
    /// Below (x labels and title).
    pub bottom: f64,
}

impl Frame {
    /// The frame of a `width`×`height` drawing with margins `m`.
    pub fn new(width: f64, height: f64, m: Margins, x: Axis, y: Axis) -> Frame {
        let x1 = (width - m.right).max(m.left + 1.0);
        let y1 = (height - m.bottom).max(m.top + 1.0);
        Frame {
            x0: m.left,
            y0: m.top,
            x1,
            y1,
            x,
            y,
            right: None,
        }
    }

    /// The same frame with a right axis.
    pub fn with_right(mut self, right: Axis) -> Frame {
        self.right = Some(right);
        self
    }

    /// The x (CSS px) of data x `v`.
    pub fn px(&self, v: f64) -> f64 {
        self.x0 + self.x.frac(v) * (self.x1 - self.x0)
    }

    /// The y (CSS px) of data y `v` on the left axis.
    pub fn py(&self, v: f64) -> f64 {
        self.y1 - self.y.frac(v) * (self.y1 - self.y0)
    }

    /// The y (CSS px) of data y `v` on the right axis (the left one if there is none).
    pub fn py_right(&self, v: f64) -> f64 {
        let axis = self.right.as_ref().unwrap_or(&self.y);
        self.y1 - axis.frac(v) * (self.y1 - self.y0)
    }

    /// The point (CSS px) of data `(x, y)` on the left axis.
    pub fn at(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (self.px(x), self.py(y))
    }

    /// Draws the grid, the axes, their ticks, labels and titles in `ink` (titles at
    /// `title_px`). A time label that would stick out of the drawing (the last one, centred
    /// on the right edge of the plot) ends at the drawing's edge instead.
    pub fn draw(&self, list: &mut DisplayList, ink: Colour, title_px: f64, measure: &dyn Measure) {
        let grid = Stroke::solid(ink.alpha(0.14), 1.0);
        let axis = Stroke::solid(ink.alpha(0.5), 1.0);
        for (v, _) in &self.x.ticks {
            let x = crisp(self.px(*v));
            list.line((x, self.y0), (x, self.y1), grid);
        }
        for (v, _) in &self.y.ticks {
            let y = crisp(self.py(*v));
            list.line((self.x0, y), (self.x1, y), grid);
        }
        let (left, bottom) = (crisp(self.x0), crisp(self.y1));
        list.line((left, self.y0), (left, bottom), axis);
        list.line((left, bottom), (self.x1, bottom), axis);
        self.tick_labels(list, ink, axis, measure);
        self.titles(list, ink, Font::px(title_px));
        if let Some(r) = &self.right {
            self.right_axis(list, r, ink, axis, Font::px(title_px));
        }
    }

    /// The x and y axes' ticks and their labels (an x label that would stick out past the
    /// right edge ends at it).
    fn tick_labels(
        &self,
        list: &mut DisplayList,
        ink: Colour,
        axis: Stroke,
        measure: &dyn Measure,
    ) {
        let (left, bottom) = (crisp(self.x0), crisp(self.y1));
        let label = Font::px(LABEL_PX);
        for (v, text) in &self.x.ticks {
            let x = crisp(self.px(*v));
            list.line((x, bottom), (x, bottom + TICK_PX), axis);
            let (x, align) = if x + measure.width(text, label) / 2.0 > list.width - 1.0 {
                (list.width - 1.0, Align::Right)
            } else {
                (x, Align::Center)
            };
            let y = bottom + TICK_PX + 2.0;
            list.text(text_at(x, y, text, label, ink, align, Baseline::Top));
        }
        for (v, text) in &self.y.ticks {
            let y = crisp(self.py(*v));
            list.line((left - TICK_PX, y), (left, y), axis);
            let x = left - TICK_PX - 3.0;
            list.text(text_at(
                x,
                y,
                text,
                label,
                ink,
                Align::Right,
                Baseline::Middle,
            ));
        }
    }

    /// The x axis's title under it, the y axis's turned along it.
    fn titles(&self, list: &mut DisplayList, ink: Colour, title: Font) {
        if !self.x.title.is_empty() {
            let (x, y) = ((self.x0 + self.x1) / 2.0, list.height - 1.0);
            let t = text_at(
                x,
                y,
                &self.x.title,
                title,
                ink,
                Align::Center,
                Baseline::Bottom,
            );
            list.text(t);
        }
        if !self.y.title.is_empty() {
            let y = (self.y0 + self.y1) / 2.0;
            let mut t = text_at(
                1.0,
                y,
                &self.y.title,
                title,
                ink,
                Align::Center,
                Baseline::Top,
            );
            t.rotate = -90.0;
            list.text(t);
        }
    }

    /// The right-hand axis: its line, ticks, labels and title.
    fn right_axis(&self, list: &mut DisplayList, r: &Axis, ink: Colour, axis: Stroke, title: Font) {
        let (right, bottom) = (crisp(self.x1), crisp(self.y1));
        let label = Font::px(LABEL_PX);
        list.line((right, self.y0), (right, bottom), axis);
        for (v, text) in &r.ticks {
            let y = crisp(self.py_right(*v));
            list.line((right, y), (right + TICK_PX, y), axis);
            let x = right + TICK_PX + 3.0;
            list.text(text_at(
                x,
                y,
                text,
                label,
                ink,
                Align::Left,
                Baseline::Middle,
            ));
        }
        if !r.title.is_empty() {
            let (x, y) = (list.width - 1.0, (self.y0 + self.y1) / 2.0);
            let mut t = text_at(x, y, &r.title, title, ink, Align::Center, Baseline::Top);
            t.rotate = 90.0;
            list.text(t);
        }
    }
}

/// `v` on the middle of a device pixel at 1× (a 1 px line there is sharp, not two half-tones).
pub fn crisp(v: f64) -> f64 {
    v.floor() + 0.5
}

/// A text op.
pub fn text_at(
    x: f64,
    y: f64,
    text: &str,
    font: Font,
    colour: Colour,
    align: Align,
    baseline: Baseline,
) -> Text {
    Text {
        x,
        y,
        text: text.into(),
        font,
        colour,
        align,
        baseline,
        rotate: 0.0,
    }
}

/// How a point is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A filled disc.
    Circle,
    /// An outlined circle.
    Ring,
    /// A filled square.
    Square,
    /// A filled triangle, point up.
    Triangle,
}

/// Draws `mark` centred at `at` with "radius" `r` (CSS px: a disc's or a ring's radius, a
/// square's half side) in `colour`.
pub fn mark(list: &mut DisplayList, at: (f64, f64), mark: Mark, r: f64, colour: Colour) {
    let (x, y) = at;
    match mark {
        Mark::Circle => list.circle(x, y, r, Paint::fill(colour)),
        Mark::Ring => list.circle(x, y, r, Paint::stroke(Stroke::solid(colour, 1.5))),
        Mark::Square => list.rect(x - r, y - r, 2.0 * r, 2.0 * r, Paint::fill(colour)),
        Mark::Triangle => {
            // An equilateral triangle in a circle of radius r + 1: a triangle fills less of
            // its circle than a disc or a square, and would look smaller at the same r.
            let r = r + 1.0;
            let (h, half) = (r * 0.5, r * 0.866);
            list.polygon(
                &[(x, y - r), (x + half, y + h), (x - half, y + h)],
                Paint::fill(colour),
            );
        }
    }
}

/// A legend entry: its text, colour, dash (on, off) if dashed, and mark.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The text.
    pub text: String,
    /// The swatch's colour.
    pub colour: Colour,
    /// The swatch's dash, if dashed.
    pub dash: Option<(f64, f64)>,
    /// A mark in the swatch's middle.
    pub mark: Option<Mark>,
}

/// The legend strip above a plot: each entry's swatch and text, left to right from the top
/// left, wrapping to a new row when `wrap` and the next entry would pass the right edge.
/// Returns the rows used.
pub fn legend(
    list: &mut DisplayList,
    entries: &[Entry],
    ink: Colour,
    font: Font,
    wrap: bool,
    measure: &dyn Measure,
) -> usize {
    let (mut x, mut y, mut rows) = (6.0, 8.0, 1);
    for e in entries {
        let tw = measure.width(&e.text, font);
        if wrap && x + 24.0 + tw > list.width && x > 6.0 {
            x = 6.0;
            y += 14.0;
            rows += 1;
        }
        let stroke = Stroke {
            colour: e.colour,
            width: 2.0,
            dash: e.dash,
        };
        list.line((x, y), (x + 14.0, y), stroke);
        if let Some(m) = e.mark {
            mark(list, (x + 7.0, y), m, 3.5, e.colour);
        }
        x += 18.0;
        list.text(text_at(
            x,
            y,
            &e.text,
            font,
            ink,
            Align::Left,
            Baseline::Middle,
        ));
        x += tw + 12.0;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::super::display::{Approx, Op};
    use super::*;

    fn frame() -> Frame {
        let m = Margins {
            top: 20.0,
            left: 40.0,
            right: 10.0,
            bottom: 20.0,
        };
        let x = Axis::new(0.0, 10.0, &[0.0, 5.0, 10.0], |v| format!("{v}")).titled("time");
        let y = Axis::new(0.0, 100.0, &[0.0, 50.0, 100.0], |v| format!("{v}"));
        Frame::new(250.0, 140.0, m, x, y)
    }

    #[test]
    fn data_maps_onto_the_plot_area_with_y_growing_upward() {
        let f = frame();
        assert_eq!(f.at((0.0, 0.0)), (40.0, 120.0));
        assert_eq!(f.at((10.0, 100.0)), (240.0, 20.0));
        assert_eq!(f.at((5.0, 50.0)), (140.0, 70.0));
    }

    #[test]
    fn the_frame_draws_a_label_per_tick_and_its_titles() {
        let f = frame();
        let mut list = DisplayList::new(250.0, 140.0);
        f.draw(&mut list, Colour::css("#334155"), 10.5, &Approx);
        let texts: Vec<&str> = list.texts().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["0", "5", "10", "0", "50", "100", "time"]);
        let y_label = list.texts().find(|t| t.text == "100").unwrap();
        assert_eq!((y_label.align, y_label.y), (Align::Right, 20.5));
        // "10" centred at x = 240.5 fits in 250 px; a long last label ends at the edge.
        let last = list.texts().find(|t| t.text == "10").unwrap();
        assert_eq!((last.align, last.x), (Align::Center, 240.5));
        let mut long = f.clone();
        long.x.ticks[2].1 = "10 minutes".into();
        let mut list = DisplayList::new(250.0, 140.0);
        long.draw(&mut list, Colour::css("#334155"), 10.5, &Approx);
        let last = list.texts().find(|t| t.text == "10 minutes").unwrap();
        assert_eq!((last.align, last.x), (Align::Right, 249.0));
    }

    #[test]
    fn a_legend_wraps_only_when_its_row_is_full() {
        let entries: Vec<Entry> = (0..6)
            .map(|i| Entry {
                text: format!("series number {i}"),
                colour: Colour::css("#56b4e9"),
                dash: None,
                mark: Some(Mark::Square),
            })
            .collect();
        let mut wide = DisplayList::new(2000.0, 100.0);
        assert_eq!(
            legend(
                &mut wide,
                &entries,
                Colour::css("#fff"),
                Font::px(10.5),
                true,
                &Approx
            ),
            1
        );
        let mut narrow = DisplayList::new(300.0, 100.0);
        let rows = legend(
            &mut narrow,
            &entries,
            Colour::css("#fff"),
            Font::px(10.5),
            true,
            &Approx,
        );
        assert!(rows >= 3, "{rows}");
        let marks = narrow
            .ops
            .iter()
            .filter(|op| matches!(op, Op::Rect { .. }))
            .count();
        assert_eq!(marks, 6);
    }
}
