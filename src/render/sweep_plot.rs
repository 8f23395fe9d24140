//! The sweep panel's four plots, drawn with `plotters` on any backend (the page's canvas, or
//! SVG for the export): detection latency, false positives and load against the varied key,
//! and the trade-off of detection latency against false positives with its Pareto front. The
//! second varied key, if any, makes one colour per value. The analysis's predictions are
//! drawn dotted over the measurements.

use super::palette::Palette;
use super::plot;
use super::plotkit::{Scale, Ticked, house_mesh, rgb, ticked};
use crate::sweep::results::{Results, Tradeoff};

use gossip_sim::sweep::Summary;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Series colours (Okabe–Ito, in an order readable on both schemes).
pub const SERIES: [&str; 8] = [
    "#56b4e9", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#0072b2", "#f0e442", "#999999",
];

/// Which plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotKind {
    /// Crash to first suspicion and to all-dead, median and p95, against the key.
    Latency,
    /// False suspicions (all, first-hand) and false deaths per member-hour against the key.
    FalsePositives,
    /// Messages and bytes per member per second against the key.
    Load,
    /// Detection latency against false positives, with the Pareto front.
    Tradeoff,
}

impl PlotKind {
    /// Every plot, in the panel's order.
    pub const ALL: [PlotKind; 4] = [
        PlotKind::Latency,
        PlotKind::FalsePositives,
        PlotKind::Load,
        PlotKind::Tradeoff,
    ];

    /// The plot's heading.
    pub fn title(self) -> &'static str {
        match self {
            PlotKind::Latency => "Detection latency",
            PlotKind::FalsePositives => "False positives",
            PlotKind::Load => "Load",
            PlotKind::Tradeoff => "Trade-off",
        }
    }

    /// A file name's stem for the exports.
    pub fn stem(self) -> &'static str {
        match self {
            PlotKind::Latency => "sweep-latency",
            PlotKind::FalsePositives => "sweep-false-positives",
            PlotKind::Load => "sweep-load",
            PlotKind::Tradeoff => "sweep-tradeoff",
        }
    }
}

/// What one plot shows.
pub struct PlotData<'a> {
    /// Which plot.
    pub kind: PlotKind,
    /// The sweep's results so far.
    pub results: &'a Results,
    /// The trade-off's axes.
    pub tradeoff: Tradeoff,
    /// The point picked (ringed).
    pub selected: Option<usize>,
    /// Colours of the page's scheme.
    pub palette: &'a Palette,
}

/// A point as drawn: its index in the sweep and where it is, CSS px from the top left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// The point's index.
    pub point: usize,
    /// Horizontal position, CSS px.
    pub x: f64,
    /// Vertical position, CSS px.
    pub y: f64,
}

type Error<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// How a mark looks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Circle,
    Ring,
    Square,
    Triangle,
}

/// A legend entry: text, colour, dashed or not, its mark.
struct Entry {
    text: String,
    colour: RGBColor,
    dashed: bool,
    mark: Option<Mark>,
}

/// Draws `d` on `root` (scale `s`: device px per CSS px) and returns where its points are.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &PlotData,
    s: Scale,
) -> Result<Vec<Hit>, String> {
    root.fill(&rgb(d.palette.background))
        .map_err(|e| e.to_string())?;
    let hits = match d.kind {
        PlotKind::Latency => latency(root, d, s),
        PlotKind::FalsePositives => false_positives(root, d, s),
        PlotKind::Load => load(root, d, s),
        PlotKind::Tradeoff => tradeoff(root, d, s),
    }
    .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())?;
    Ok(hits)
}

/// The unit of a key's values, for the x axis's title.
fn key_title(key: &str) -> String {
    match key {
        "t" | "period" | "latency" | "gossip_interval" | "pushpull" => format!("{key} (ms)"),
        "loss" => "loss (%)".into(),
        _ => key.into(),
    }
}

/// "dead" for SWIM, "removed" for gossip, both when the protocol is varied.
fn dead_word(r: &Results) -> &'static str {
    if r.keys().contains(&"proto") {
        return "dead/removed";
    }
    crate::vocab::dead_word(r.sweep.run(0).scenario.proto)
}

/// The x axis over the first key's values: (lo, hi, ticks, labels of a categorical axis).
fn x_axis(r: &Results) -> (f64, f64, Vec<f64>, Option<Vec<String>>) {
    let xs = r.x_positions();
    if let Some(labels) = r.x_labels() {
        let n = labels.len() as f64;
        return (
            -0.5,
            n - 0.5,
            (0..labels.len()).map(|i| i as f64).collect(),
            Some(labels),
        );
    }
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    let pad = span * 0.06;
    let ticks = if xs.len() <= 8 {
        xs.clone()
    } else {
        let step = plot::nice_ceil(span / 6.0);
        let mut t = (lo / step).ceil() * step;
        let mut out = Vec::new();
        while t <= hi + step * 1e-9 {
            out.push(t);
            t += step;
        }
        out
    };
    (lo - pad, hi + pad, ticks, None)
}

/// The top of a y axis holding `values` (at least `floor`), and its ticks.
fn y_axis(values: impl Iterator<Item = f64>, floor: f64) -> (f64, Vec<f64>) {
    let max = values.filter(|v| v.is_finite()).fold(0.0, f64::max);
    let top = plot::nice_ceil((max * 1.08).max(floor));
    (top, plot::linear_ticks(top, 5))
}

/// The text colour 60% of the way from the background: predictions and the front's line.
fn muted(palette: &Palette) -> RGBColor {
    let (t, b) = (rgb(palette.text), rgb(palette.background));
    let mix = |t: u8, b: u8| (f64::from(b) + (f64::from(t) - f64::from(b)) * 0.6).round() as u8;
    RGBColor(mix(t.0, b.0), mix(t.1, b.1), mix(t.2, b.2))
}

fn colour_of(series: usize) -> RGBColor {
    rgb(SERIES[series % SERIES.len()])
}

/// Margins, CSS px: legend strip on top; labels left, bottom and right.
const TOP: f64 = 30.0;
const LEFT: f64 = 52.0;
const BOTTOM: f64 = 36.0;
const RIGHT: f64 = 14.0;

/// The chart over `(x, y)` axes with the mesh drawn.
#[allow(clippy::too_many_arguments)]
fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    d: &PlotData,
    s: Scale,
    x: (f64, f64, Vec<f64>),
    x_fmt: &dyn Fn(&f64) -> String,
    x_desc: &str,
    y: (f64, Vec<f64>),
    y_fmt: &dyn Fn(&f64) -> String,
    y_desc: &str,
    right: f64,
) -> Result<Chart<'a, DB>, Error<DB>> {
    let text = rgb(d.palette.text);
    let mut chart = ChartBuilder::on(root)
        .margin_top(s.u(TOP))
        .set_label_area_size(LabelAreaPosition::Left, s.u(LEFT))
        .set_label_area_size(LabelAreaPosition::Bottom, s.u(BOTTOM))
        .margin_right(s.u(right))
        .build_cartesian_2d(ticked(x.0, x.1, x.2), ticked(0.0, y.0, y.1))?;
    house_mesh(&mut chart, text, s, 10.5)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt)
        .draw()?;
    Ok(chart)
}

/// The legend strip: each entry's line or mark and its text, wrapping to a second row.
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    palette: &Palette,
    s: Scale,
) -> Result<(), Error<DB>> {
    let font = s.font(10.5).color(&rgb(palette.text));
    let width = root.dim_in_pixel().0 as i32;
    let (mut x, mut y) = (s.i(6.0), s.i(8.0));
    for e in entries {
        let (tw, _) = root.estimate_text_size(&e.text, &font)?;
        if x + s.i(24.0) + tw as i32 > width && x > s.i(6.0) {
            x = s.i(6.0);
            y += s.i(14.0);
        }
        let style = e.colour.stroke_width(s.u(2.0).max(1));
        if e.dashed {
            root.draw(&PathElement::new(vec![(x, y), (x + s.i(5.0), y)], style))?;
            root.draw(&PathElement::new(
                vec![(x + s.i(9.0), y), (x + s.i(14.0), y)],
                style,
            ))?;
        } else {
            root.draw(&PathElement::new(vec![(x, y), (x + s.i(14.0), y)], style))?;
        }
        if let Some(m) = e.mark {
            mark_at(root, (x + s.i(7.0), y), m, e.colour, s)?;
        }
        x += s.i(18.0);
        root.draw(&Text::new(
            e.text.clone(),
            (x, y),
            font.pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            )),
        ))?;
        x += tw as i32 + s.i(12.0);
    }
    Ok(())
}

fn mark_at<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    m: Mark,
    colour: RGBColor,
    s: Scale,
) -> Result<(), Error<DB>> {
    let r = s.i(3.5);
    match m {
        Mark::Circle => root.draw(&Circle::new(at, r, colour.filled())),
        Mark::Ring => root.draw(&Circle::new(at, r, colour.stroke_width(s.u(1.5).max(1)))),
        Mark::Square => root.draw(&Rectangle::new(
            [(at.0 - r, at.1 - r), (at.0 + r, at.1 + r)],
            colour.filled(),
        )),
        Mark::Triangle => root.draw(&TriangleMarker::new(at, r + 1, colour.filled())),
    }
}

/// The series' colours in the legend, when a second key makes several.
fn series_entries(r: &Results) -> Vec<Entry> {
    r.series()
        .into_iter()
        .enumerate()
        .filter_map(|(i, (label, _))| {
            label.map(|text| Entry {
                text,
                colour: colour_of(i),
                dashed: false,
                mark: None,
            })
        })
        .collect()
}

/// One measured line of a plot: its value at a point (None: nothing yet), dashed or not, its
/// mark, and its p95 whisker's value.
struct Measure {
    value: fn(&Summary) -> Option<f64>,
    whisker: Option<fn(&Summary) -> Option<f64>>,
    dashed: bool,
    mark: Mark,
}

/// Draws one measure for every series on `chart` (its primary axes) and returns the hits.
fn draw_measure<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    r: &Results,
    m: &Measure,
    s: Scale,
    map: &dyn Fn(f64) -> f64,
) -> Result<Vec<Hit>, Error<DB>> {
    let mut hits = Vec::new();
    for (i, (_, pts)) in r.series().into_iter().enumerate() {
        let colour = colour_of(i);
        let style = colour.stroke_width(s.u(2.0).max(1));
        let line: Vec<(f64, f64)> = pts
            .iter()
            .filter_map(|&(x, p)| (m.value)(&r.points[p].summary).map(|v| (x, map(v))))
            .collect();
        if let Some(w) = m.whisker {
            for &(x, p) in &pts {
                let summary = &r.points[p].summary;
                if let (Some(lo), Some(hi)) = ((m.value)(summary), w(summary)) {
                    let thin = colour.mix(0.7).stroke_width(s.u(1.0).max(1));
                    let (lo, hi) = (map(lo), map(hi));
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(x, lo), (x, hi)],
                        thin,
                    )))?;
                    let cap = s.i(4.0);
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((x, hi))
                            + PathElement::new(vec![(-cap, 0), (cap, 0)], thin),
                    ))?;
                }
            }
        }
        if m.dashed {
            chart.draw_series(DashedLineSeries::new(
                line.clone(),
                s.u(6.0),
                s.u(3.0),
                style,
            ))?;
        } else {
            chart.draw_series(LineSeries::new(line.clone(), style))?;
        }
        let r3 = s.i(3.5);
        for &(x, p) in &pts {
            let Some(v) = (m.value)(&r.points[p].summary) else {
                continue;
            };
            let at = (x, map(v));
            match m.mark {
                Mark::Circle => {
                    chart.draw_series(std::iter::once(Circle::new(at, r3, colour.filled())))?;
                }
                Mark::Ring => {
                    chart.draw_series(std::iter::once(Circle::new(
                        at,
                        r3 + 1,
                        colour.stroke_width(s.u(1.5).max(1)),
                    )))?;
                }
                Mark::Square => {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(at)
                            + Rectangle::new([(-r3, -r3), (r3, r3)], colour.filled()),
                    ))?;
                }
                Mark::Triangle => {
                    chart.draw_series(std::iter::once(TriangleMarker::new(
                        at,
                        r3 + 1,
                        colour.filled(),
                    )))?;
                }
            }
            let (px, py) = chart.backend_coord(&at);
            hits.push(Hit {
                point: p,
                x: f64::from(px) / s.0,
                y: f64::from(py) / s.0,
            });
        }
    }
    Ok(hits)
}

/// The analysis's prediction as a dotted line per series.
fn draw_prediction<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    r: &Results,
    value: impl Fn(usize) -> Option<f64>,
    palette: &Palette,
    s: Scale,
) -> Result<(), Error<DB>> {
    let style = muted(palette).stroke_width(s.u(1.5).max(1));
    for (_, pts) in r.series() {
        let line: Vec<(f64, f64)> = pts
            .iter()
            .filter_map(|&(x, p)| value(p).map(|v| (x, v)))
            .collect();
        if line.len() == 1 {
            let (x, y) = line[0];
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(-s.i(10.0), 0), (s.i(10.0), 0)], style),
            ))?;
        } else {
            chart.draw_series(DashedLineSeries::new(line, s.u(2.0), s.u(3.0), style))?;
        }
    }
    Ok(())
}

/// A symlog axis (`log10(1 + v)`) over `values`: its top and ticks at 0, 1, 10, 100, ...
/// (and the top), for rates that span orders of magnitude.
fn log_axis(values: impl Iterator<Item = f64>) -> (f64, Vec<f64>) {
    let max = values.filter(|v| v.is_finite()).fold(0.0, f64::max);
    let top = plot::nice_ceil((max * 1.2).max(1.0));
    let mut ticks = vec![0.0];
    let mut t = 1.0;
    while t <= top * (1.0 + 1e-9) {
        ticks.push(t);
        t *= 10.0;
    }
    if top / ticks[ticks.len() - 1] >= 2.0 {
        ticks.push(top);
    }
    (
        plot::symlog(top),
        ticks.into_iter().map(plot::symlog).collect(),
    )
}

/// A tick label on a symlog axis.
fn log_label(y: &f64) -> String {
    plot::tick((10f64.powf(*y) - 1.0).round(), "")
}

fn x_formatter(labels: Option<Vec<String>>) -> impl Fn(&f64) -> String {
    move |v: &f64| match &labels {
        Some(l) => l
            .get(v.round().max(0.0) as usize)
            .cloned()
            .unwrap_or_default(),
        None => plot::tick(*v, ""),
    }
}

fn entry(text: impl Into<String>, colour: RGBColor, dashed: bool, mark: Option<Mark>) -> Entry {
    Entry {
        text: text.into(),
        colour,
        dashed,
        mark,
    }
}

/// The chart of a plot against the first varied key (x) and `y`, and the x axis's right end.
fn key_frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    d: &PlotData,
    s: Scale,
    y: (f64, Vec<f64>),
    y_fmt: &dyn Fn(&f64) -> String,
    y_desc: &str,
    right: f64,
) -> Result<(Chart<'a, DB>, f64), Error<DB>> {
    let r = d.results;
    let (lo, hi, xt, labels) = x_axis(r);
    let x_desc = key_title(r.keys()[0]);
    let x_fmt = x_formatter(labels);
    let chart = frame(
        root,
        d,
        s,
        (lo, hi, xt),
        &x_fmt,
        &x_desc,
        y,
        y_fmt,
        y_desc,
        right,
    )?;
    Ok((chart, hi))
}

/// Draws the legend (the plot's `entries`, then the series' colours) and hands `hits` back.
fn finish<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &PlotData,
    s: Scale,
    mut entries: Vec<Entry>,
    hits: Vec<Hit>,
) -> Result<Vec<Hit>, Error<DB>> {
    entries.extend(series_entries(d.results));
    legend(root, &entries, d.palette, s)?;
    Ok(hits)
}

fn latency<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &PlotData,
    s: Scale,
) -> Result<Vec<Hit>, Error<DB>> {
    let r = d.results;
    let dead = dead_word(r);
    let ms_values = r.points.iter().flat_map(|p| {
        [
            p.summary.first_suspect.p95_ms,
            p.summary.all_dead.p95_ms,
            Some(p.prediction.first_ms),
            Some(p.prediction.all_dead_ms),
        ]
    });
    let (top, ticks) = y_axis(ms_values.flatten().map(|v| v / 1000.0), 1.0);
    let (mut chart, _) = key_frame(
        root,
        d,
        s,
        (top, ticks),
        &|v| plot::tick(*v, ""),
        "seconds after the crash",
        RIGHT,
    )?;
    let first = |p: usize| Some(r.points[p].prediction.first_ms / 1000.0);
    let all = |p: usize| Some(r.points[p].prediction.all_dead_ms / 1000.0);
    draw_prediction(&mut chart, r, first, d.palette, s)?;
    draw_prediction(&mut chart, r, all, d.palette, s)?;
    let secs = |ms: f64| ms / 1000.0;
    let measures = [
        Measure {
            value: |s| s.first_suspect.median_ms,
            whisker: Some(|s| s.first_suspect.p95_ms),
            dashed: false,
            mark: Mark::Circle,
        },
        Measure {
            value: |s| s.first_suspect.mean_ms,
            whisker: None,
            dashed: false,
            mark: Mark::Ring,
        },
        Measure {
            value: |s| s.all_dead.median_ms,
            whisker: Some(|s| s.all_dead.p95_ms),
            dashed: true,
            mark: Mark::Square,
        },
        Measure {
            value: |s| s.all_dead.mean_ms,
            whisker: None,
            dashed: true,
            mark: Mark::Ring,
        },
    ];
    let mut hits = Vec::new();
    for m in &measures {
        hits.extend(draw_measure(&mut chart, r, m, s, &secs)?);
    }
    let fg = rgb(d.palette.text);
    let entries = vec![
        entry(
            "first suspicion: median, p95",
            fg,
            false,
            Some(Mark::Circle),
        ),
        entry(format!("all {dead}"), fg, true, Some(Mark::Square)),
        entry("mean", fg, false, Some(Mark::Ring)),
        entry("predicted mean", muted(d.palette), true, None),
    ];
    finish(root, d, s, entries, hits)
}

fn false_positives<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &PlotData,
    s: Scale,
) -> Result<Vec<Hit>, Error<DB>> {
    let r = d.results;
    let values = r.points.iter().flat_map(|p| {
        [
            Some(p.summary.false_suspicions_per_member_hour),
            Some(p.summary.false_deaths_per_member_hour),
            p.fp_prediction,
        ]
    });
    let (top, ticks) = log_axis(values.flatten());
    let (mut chart, _) = key_frame(
        root,
        d,
        s,
        (top, ticks),
        &log_label,
        "per member-hour (log scale)",
        RIGHT,
    )?;
    let predicted = |p: usize| r.points[p].fp_prediction.map(plot::symlog);
    draw_prediction(&mut chart, r, predicted, d.palette, s)?;
    let measures = [
        Measure {
            value: |s| (s.runs > 0).then_some(s.false_suspicions_per_member_hour),
            whisker: None,
            dashed: false,
            mark: Mark::Circle,
        },
        Measure {
            value: |s| (s.runs > 0).then_some(s.first_hand_false_suspicions_per_member_hour),
            whisker: None,
            dashed: false,
            mark: Mark::Triangle,
        },
        Measure {
            value: |s| (s.runs > 0).then_some(s.false_deaths_per_member_hour),
            whisker: None,
            dashed: true,
            mark: Mark::Square,
        },
    ];
    let mut hits = Vec::new();
    for m in &measures {
        hits.extend(draw_measure(&mut chart, r, m, s, &plot::symlog)?);
    }
    let fg = rgb(d.palette.text);
    let entries = vec![
        entry(
            "false suspicions (every observer)",
            fg,
            false,
            Some(Mark::Circle),
        ),
        entry("first-hand", fg, false, Some(Mark::Triangle)),
        entry("false deaths", fg, true, Some(Mark::Square)),
        entry("predicted first-hand", muted(d.palette), true, None),
    ];
    finish(root, d, s, entries, hits)
}

fn load<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &PlotData,
    s: Scale,
) -> Result<Vec<Hit>, Error<DB>> {
    let r = d.results;
    let ran = |p: &&crate::sweep::results::Point| p.summary.runs > 0;
    let messages = r
        .points
        .iter()
        .filter(ran)
        .map(|p| p.summary.messages_per_member_s);
    let (mtop, mticks) = y_axis(messages, 1.0);
    let bytes = r
        .points
        .iter()
        .filter(ran)
        .map(|p| p.summary.bytes_per_member_s);
    let (btop, bticks) = y_axis(bytes, 1.0);
    // Bytes share the chart scaled onto the messages' axis; the right axis is labelled in
    // bytes (one axis type keeps the page smaller than a second coordinate system).
    let k = mtop / btop;
    let (mut chart, hi) = key_frame(
        root,
        d,
        s,
        (mtop, mticks),
        &|v| plot::tick(*v, ""),
        "messages per member per second",
        LEFT,
    )?;
    let text = rgb(d.palette.text);
    let font = s.font(10.0).color(&text);
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    for b in &bticks {
        let (px, py) = chart.backend_coord(&(hi, b * k));
        let label = plot::tick(*b, "B");
        root.draw(&Text::new(
            label,
            (px + s.i(6.0), py),
            font.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    let (px, _) = chart.backend_coord(&(hi, 0.0));
    let (_, mid) = chart.backend_coord(&(hi, mtop / 2.0));
    let desc = s.font(10.5).transform(FontTransform::Rotate90).color(&text);
    root.draw(&Text::new(
        "bytes per member per second",
        (px + s.i(LEFT - 6.0), mid),
        desc.pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    let mut hits = draw_measure(
        &mut chart,
        r,
        &Measure {
            value: |s| (s.runs > 0).then_some(s.messages_per_member_s),
            whisker: None,
            dashed: false,
            mark: Mark::Circle,
        },
        s,
        &|v| v,
    )?;
    hits.extend(draw_measure(
        &mut chart,
        r,
        &Measure {
            value: |s| (s.runs > 0).then_some(s.bytes_per_member_s),
            whisker: None,
            dashed: true,
            mark: Mark::Square,
        },
        s,
        &|v| v * k,
    )?);
    let entries = vec![
        entry("messages (left)", text, false, Some(Mark::Circle)),
        entry("bytes (right)", text, true, Some(Mark::Square)),
    ];
    finish(root, d, s, entries, hits)
}

fn tradeoff<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &PlotData,
    s: Scale,
) -> Result<Vec<Hit>, Error<DB>> {
    let r = d.results;
    let t = d.tradeoff;
    // x on a symlog scale (false positives span orders of magnitude), y in seconds.
    let xy: Vec<Option<(f64, f64)>> = r
        .points
        .iter()
        .map(|p| t.xy(&p.summary).map(|(x, y)| (plot::symlog(x), y / 1000.0)))
        .collect();
    let raw_x = r
        .points
        .iter()
        .filter_map(|p| t.xy(&p.summary).map(|v| v.0));
    let (xtop, xticks) = log_axis(raw_x);
    let (ytop, yticks) = y_axis(xy.iter().flatten().map(|p| p.1), 1.0);
    let (x_desc, y_desc) = match t {
        Tradeoff::FirstSuspicion => (
            "false suspicions per member-hour (log scale)".to_string(),
            "first suspicion, median (s)".to_string(),
        ),
        Tradeoff::AllDead => (
            "false deaths per member-hour (log scale)".to_string(),
            format!("all {}, median (s)", dead_word(r)),
        ),
    };
    let mut chart = frame(
        root,
        d,
        s,
        (0.0, xtop, xticks),
        &log_label,
        &x_desc,
        (ytop, yticks),
        &|v| plot::tick(*v, ""),
        &y_desc,
        RIGHT,
    )?;
    let text = rgb(d.palette.text);
    // One front per value of a second key, each in its series' colour (one series: muted).
    let fronts = r.pareto_by_series(t);
    let several = fronts.len() > 1;
    for (i, front) in fronts.iter().enumerate() {
        let front_pts: Vec<(f64, f64)> = front.iter().filter_map(|&p| xy[p]).collect();
        // The front as a staircase: no point reached below and left of it.
        let mut stairs = Vec::new();
        for (i, &(x, y)) in front_pts.iter().enumerate() {
            if i > 0 {
                stairs.push((x, front_pts[i - 1].1));
            }
            stairs.push((x, y));
        }
        let colour = if several {
            colour_of(i)
        } else {
            muted(d.palette)
        };
        let line = colour.stroke_width(s.u(1.5).max(1));
        chart.draw_series(DashedLineSeries::new(stairs, s.u(5.0), s.u(3.0), line))?;
    }
    let front = fronts.concat();
    let mut colour_of_point = vec![0usize; r.points.len()];
    for (i, (_, pts)) in r.series().iter().enumerate() {
        for &(_, p) in pts {
            colour_of_point[p] = i;
        }
    }
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let font = s.font(9.5).color(&text);
    let mut hits = Vec::new();
    for (p, v) in xy.iter().enumerate() {
        let Some(at) = *v else { continue };
        let colour = colour_of(colour_of_point[p]);
        if front.contains(&p) {
            let ring = text.stroke_width(s.u(1.5).max(1));
            chart.draw_series(std::iter::once(Circle::new(at, s.i(6.5), ring)))?;
        }
        chart.draw_series(std::iter::once(Circle::new(at, s.i(4.0), colour.filled())))?;
        if d.selected == Some(p) {
            let ring = rgb(d.palette.selected).stroke_width(s.u(2.0).max(1));
            chart.draw_series(std::iter::once(Circle::new(at, s.i(9.0), ring)))?;
        }
        let (px, py) = chart.backend_coord(&at);
        let (key, value) = &r.points[p].values[0];
        let label = format!("{value}{}", crate::sweep::results::unit_of(key));
        let pos = Pos::new(HPos::Left, VPos::Bottom);
        root.draw(&Text::new(
            label,
            (px + s.i(7.0), py - s.i(4.0)),
            font.pos(pos),
        ))?;
        hits.push(Hit {
            point: p,
            x: f64::from(px) / s.0,
            y: f64::from(py) / s.0,
        });
    }
    let entries = vec![
        entry(
            format!("points, labelled by {}", r.keys()[0]),
            text,
            false,
            Some(Mark::Circle),
        ),
        match r.keys().get(1) {
            Some(second) => entry(
                format!("Pareto front for each {second} (ringed)"),
                muted(d.palette),
                true,
                None,
            ),
            None => entry("Pareto front (ringed)", muted(d.palette), true, None),
        },
    ];
    finish(root, d, s, entries, hits)
}
