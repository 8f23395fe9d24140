//! The live charts as a display list: a time axis in virtual seconds, a y axis with its unit,
//! a legend strip above the plot and, while the pointer is over the chart, a cursor at the
//! hovered sample. What is drawn and how it is scaled comes from the pure helpers in
//! [`super::plot`]; [`build`] is pure, `draw` (browser only) paints it on a canvas.

use super::display::{Align, Baseline, Colour, DisplayList, Font, Measure, Stroke};
use super::frame::{self, Axis, Entry, Frame, Margins, Mark};
use super::palette::Palette;
use super::plot::{self, ChartKind, Layout, Line};
use crate::model::Sample;
use gossip_sim::Proto;

/// What one chart shows.
pub struct ChartData<'a> {
    /// Which chart.
    pub kind: ChartKind,
    /// The samples, oldest first (may be empty).
    pub history: &'a [Sample],
    /// "dead" or "removed".
    pub proto: Proto,
    /// Colours of the page's scheme.
    pub palette: &'a Palette,
    /// The hovered time (s), for the cursor.
    pub hover: Option<f64>,
}

/// The chart `d` in a `width`×`height` (CSS px) drawing.
pub fn build(d: &ChartData, width: f64, height: f64, measure: &dyn Measure) -> DisplayList {
    let mut list = DisplayList::new(width, height);
    list.background(Colour::css(d.palette.background));
    let layout = Layout::new(d.kind, width, height);
    let lines = plot::lines(d.kind, d.proto);
    let ink = Colour::css(d.palette.text);
    let entries: Vec<Entry> = lines
        .iter()
        .map(|l| Entry {
            text: l.name.into(),
            colour: Colour::css(l.colour),
            dash: l.truth.then_some((4.0, 3.0)),
            mark: None,
        })
        .collect();
    frame::legend(&mut list, &entries, ink, Font::px(10.5), false, measure);
    match d.kind {
        ChartKind::Members => members(&mut list, d, &layout, &lines, measure),
        ChartKind::Load => load(&mut list, d, &layout, &lines, measure),
    }
    list
}

/// Paints `d` on `canvas` (sized to its CSS box × `dpr`). Errors come from the canvas.
#[cfg(target_arch = "wasm32")]
pub fn draw(canvas: &web_sys::HtmlCanvasElement, d: &ChartData, dpr: f64) -> Result<(), String> {
    let (w, h) = (canvas.client_width() as f64, canvas.client_height() as f64);
    if w < 40.0 || h < 40.0 {
        return Ok(());
    }
    let ctx = super::canvas::context(canvas, w, h, dpr)?;
    let list = build(d, w, h, &super::canvas::Measurer(&ctx));
    super::canvas::paint(&ctx, &list, dpr)
}

/// Step points: each value holds until the next sample (the truth is a count that changes at
/// an instant; a sloped line would suggest it changed gradually).
fn steps(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for (i, &(t, v)) in points.iter().enumerate() {
        if i > 0 {
            out.push((t, points[i - 1].1));
        }
        out.push((t, v));
    }
    out
}

fn points(history: &[Sample], f: fn(&Sample) -> f64) -> Vec<(f64, f64)> {
    history.iter().map(|s| (s.at as f64 / 1e6, f(s))).collect()
}

/// The time axis over `range`: one label per 70 CSS px at most.
fn time_axis(layout: &Layout, range: (f64, f64)) -> Axis {
    let (x0, x1) = layout.plot_x();
    let ticks = plot::time_ticks(range.0, range.1, ((x1 - x0) / 70.0).max(2.0) as usize);
    Axis::new(range.0, range.1, &ticks, plot::time_label)
}

fn margins(layout: &Layout) -> Margins {
    Margins {
        top: layout.top,
        left: layout.left,
        right: layout.right,
        bottom: layout.bottom,
    }
}

/// The cursor at the hovered time.
fn cursor(list: &mut DisplayList, f: &Frame, d: &ChartData) {
    if let Some(t) = d.hover {
        let x = frame::crisp(f.px(t));
        let ink = Colour::css(d.palette.text).alpha(0.6);
        list.line((x, f.y0), (x, f.y1), Stroke::solid(ink, 1.0));
    }
}

/// Members: belief lines and the truth's dashed step, on a symlog axis up to the cluster size.
fn members(
    list: &mut DisplayList,
    d: &ChartData,
    layout: &Layout,
    lines: &[Line],
    measure: &dyn Measure,
) {
    let range = plot::time_range(d.history);
    let top = plot::member_top(d.history);
    // One label per 14 CSS px of plot height at most.
    let count = ((layout.height - layout.top - layout.bottom) / 14.0).max(2.0) as usize;
    let ticks = plot::member_ticks(top, count);
    let y = Axis {
        lo: 0.0,
        hi: plot::symlog(top),
        ticks: ticks
            .iter()
            .map(|&t| (plot::symlog(t), format!("{t:.0}")))
            .collect(),
        title: "members".into(),
    };
    let f = Frame::new(
        layout.width,
        layout.height,
        margins(layout),
        time_axis(layout, range),
        y,
    );
    f.draw(list, Colour::css(d.palette.text), 10.0, measure);
    for l in lines {
        let pts: Vec<(f64, f64)> = points(d.history, l.value)
            .into_iter()
            .map(|(t, v)| f.at((t, plot::symlog(v))))
            .collect();
        let colour = Colour::css(l.colour);
        if l.truth {
            list.polyline(&steps(&pts), Stroke::dashed(colour, 2.0, 5.0, 3.0));
        } else {
            list.polyline(&pts, Stroke::solid(colour, 2.0));
        }
    }
    cursor(list, &f, d);
}

/// Load: messages/s on the left axis, bytes/s on the right, each scaled by
/// [`plot::load_scale`] with a clipped start-up spike drawn at the top and marked.
fn load(
    list: &mut DisplayList,
    d: &ChartData,
    layout: &Layout,
    lines: &[Line],
    measure: &dyn Measure,
) {
    let range = plot::time_range(d.history);
    let history = plot::rated(d.history);
    let scale_of = |l: &Line| plot::load_scale(&history.iter().map(l.value).collect::<Vec<_>>());
    let (left_line, right_line) = (&lines[0], &lines[1]);
    let (left, right) = (scale_of(left_line), scale_of(right_line));
    let y = Axis::new(0.0, left.top, &plot::linear_ticks(left.top, 4), |v| {
        plot::tick(v, "")
    })
    .titled("messages/s");
    let r = Axis::new(0.0, right.top, &plot::linear_ticks(right.top, 4), |v| {
        plot::tick(v, "B")
    })
    .titled("bytes/s");
    let f = Frame::new(
        layout.width,
        layout.height,
        margins(layout),
        time_axis(layout, range),
        y,
    )
    .with_right(r);
    let ink = Colour::css(d.palette.text);
    f.draw(list, ink, 10.0, measure);
    let mut marks = Vec::new();
    for (l, scale, on_right) in [(left_line, left, false), (right_line, right, true)] {
        let py = |v: f64| if on_right { f.py_right(v) } else { f.py(v) };
        let colour = Colour::css(l.colour);
        let pts: Vec<(f64, f64)> = points(history, l.value)
            .into_iter()
            .map(|(t, v)| (f.px(t), py(v.min(scale.top))))
            .collect();
        list.polyline(&pts, Stroke::solid(colour, 2.0));
        if let Some(max) = scale.clipped_max {
            for (t, v) in points(history, l.value) {
                if v >= scale.top {
                    frame::mark(list, (f.px(t), py(scale.top)), Mark::Triangle, 3.0, colour);
                }
            }
            let unit = if on_right { "B/s" } else { " msg/s" };
            marks.push(format!("{}{unit}", plot::si(max)));
        }
    }
    if !marks.is_empty() {
        let note = format!("▲ clipped: peak {}", marks.join(", "));
        // Right of the first samples, where a start-up spike's markers sit.
        let x = f.x0 + (f.x1 - f.x0) * 0.12 + 8.0;
        list.text(frame::text_at(
            x,
            f.y0 + 3.0,
            &note,
            Font::px(10.0),
            ink,
            Align::Left,
            Baseline::Top,
        ));
    }
    cursor(list, &f, d);
}

#[cfg(test)]
mod tests {
    use super::super::display::{Approx, Op, Seg};
    use super::super::palette::DARK;
    use super::*;

    fn history(n: u64) -> Vec<Sample> {
        (0..n)
            .map(|i| Sample {
                at: i * 1_000_000,
                alive_to_all: if i < 8 { 16 } else { 15 },
                suspected_by_some: u32::from(i >= 8),
                down: u32::from(i >= 5),
                msgs_per_s: if i == 1 { 900.0 } else { 40.0 },
                bytes_per_s: 2000.0,
                ..Sample::default()
            })
            .collect()
    }

    fn chart(kind: ChartKind, h: &[Sample], hover: Option<f64>) -> DisplayList {
        let d = ChartData {
            kind,
            history: h,
            proto: Proto::Swim,
            palette: &DARK,
            hover,
        };
        build(&d, 480.0, 150.0, &Approx)
    }

    /// The paths stroked in `colour` (not the legend's two-point swatch), as their points.
    fn paths_in(list: &DisplayList, colour: &str) -> Vec<Vec<(f64, f64)>> {
        let c = Colour::css(colour);
        list.ops
            .iter()
            .filter_map(|op| match op {
                Op::Path { segs, paint } if paint.stroke.is_some_and(|s| s.colour == c) => Some(
                    segs.iter()
                        .filter_map(|s| match *s {
                            Seg::Move(x, y) | Seg::Line(x, y) => Some((x, y)),
                            _ => None,
                        })
                        .collect(),
                ),
                _ => None,
            })
            .filter(|pts: &Vec<(f64, f64)>| pts.len() > 2)
            .collect()
    }

    #[test]
    fn each_belief_line_is_one_path_through_every_sample_and_the_truth_steps() {
        let h = history(30);
        let list = chart(ChartKind::Members, &h, None);
        for l in plot::lines(ChartKind::Members, Proto::Swim) {
            let paths = paths_in(&list, l.colour);
            assert_eq!(paths.len(), 1, "{}", l.name);
            let expected = if l.truth { 2 * 30 - 1 } else { 30 };
            assert_eq!(paths[0].len(), expected, "{}", l.name);
        }
        // The truth steps up at 5 s: the point before it holds the old value.
        let truth = &paths_in(&list, "#94a3b8")[0];
        assert_eq!(truth[9].1, truth[8].1);
        assert!(truth[10].1 < truth[9].1, "up on the screen");
    }

    #[test]
    fn the_legend_lists_every_line_and_the_axes_are_labelled() {
        let h = history(30);
        let list = chart(ChartKind::Members, &h, None);
        let texts: Vec<&str> = list.texts().map(|t| t.text.as_str()).collect();
        for l in plot::lines(ChartKind::Members, Proto::Swim) {
            assert!(texts.contains(&l.name), "{}", l.name);
        }
        for t in ["members", "0", "16", "0 s", "10 s", "20 s"] {
            assert!(texts.contains(&t), "{t} in {texts:?}");
        }
    }

    #[test]
    fn the_load_chart_clips_the_start_up_spike_marks_it_and_labels_both_axes() {
        let h = history(30);
        let list = chart(ChartKind::Load, &h, None);
        let texts: Vec<&str> = list.texts().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"▲ clipped: peak 900 msg/s"), "{texts:?}");
        assert!(texts.contains(&"bytes/s") && texts.contains(&"messages/s"));
        assert!(texts.iter().any(|t| t.ends_with("kB")), "{texts:?}");
        let msgs = &paths_in(&list, "#38bdf8")[0];
        assert_eq!(msgs.len(), 29, "the first sample's rate is undefined");
        let top = msgs.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        assert!(
            top >= 24.0,
            "clipped at the plot's top, not above it: {top}"
        );
        let triangles = list
            .ops
            .iter()
            .filter(|op| matches!(op, Op::Path { segs, .. } if segs.last() == Some(&Seg::Close)))
            .count();
        assert_eq!(triangles, 1);
    }

    #[test]
    fn hover_draws_a_cursor_and_an_empty_history_still_draws_axes() {
        let h = history(30);
        let with = chart(ChartKind::Members, &h, Some(3.0));
        let without = chart(ChartKind::Members, &h, None);
        assert_eq!(with.ops.len(), without.ops.len() + 1);
        for kind in [ChartKind::Members, ChartKind::Load] {
            let empty = chart(kind, &[], None);
            assert!(empty.texts().any(|t| t.text == "0 s"), "{kind:?}");
            let one = chart(kind, &history(1), Some(0.0));
            assert!(one.texts().any(|t| t.text == "0"), "{kind:?}");
        }
    }
}
