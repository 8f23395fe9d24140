//! The sweep panel's four plots as display lists: detection latency, false positives and
//! load against the varied key, and the trade-off of detection latency against false
//! positives with its Pareto front. The second varied key, if any, makes one colour per value.
//! The analysis's predictions are drawn dotted over the measurements. One list is painted on
//! the page's canvas and written as the SVG export.

use super::display::{Align, Baseline, Colour, DisplayList, Font, Measure, Paint, Stroke};
use super::frame::{self, Axis, Entry, Frame, Margins, Mark};
use super::palette::Palette;
use super::plot;
use crate::sweep::results::{Results, Tradeoff};
use scales::{dead_word, log_axis, x_axis, y_axis};

use gossip_sim::sweep::Summary;

/// Series colours (Okabe–Ito, in an order readable on both schemes).
pub const SERIES: [&str; 8] = [
    "#56b4e9", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#0072b2", "#f0e442", "#999999",
];

/// The SVG export's size, CSS px.
pub const EXPORT_SIZE: (f64, f64) = (720.0, 420.0);

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

/// A plot as drawn: the display list and where its points are.
pub struct Drawn {
    /// What to paint.
    pub list: DisplayList,
    /// Where each point is, CSS px.
    pub hits: Vec<Hit>,
}

/// The plot `d` in a `width`×`height` (CSS px) drawing.
pub fn build(d: &PlotData, width: f64, height: f64, measure: &dyn Measure) -> Drawn {
    let mut p = Plot {
        list: DisplayList::new(width, height),
        hits: Vec::new(),
        entries: Vec::new(),
        d,
        ink: Colour::css(d.palette.text),
        measure,
    };
    p.list.background(Colour::css(d.palette.background));
    match d.kind {
        PlotKind::Latency => p.latency(),
        PlotKind::FalsePositives => p.false_positives(),
        PlotKind::Load => p.load(),
        PlotKind::Tradeoff => p.tradeoff(),
    }
    p.entries.extend(series_entries(d.results));
    frame::legend(
        &mut p.list,
        &p.entries,
        p.ink,
        Font::px(10.5),
        true,
        measure,
    );
    Drawn {
        list: p.list,
        hits: p.hits,
    }
}

/// The plot `d` as an SVG document of [`EXPORT_SIZE`].
pub fn svg(d: &PlotData, measure: &dyn Measure) -> String {
    let (w, h) = EXPORT_SIZE;
    super::svg::write(&build(d, w, h, measure).list)
}

/// Paints `d` on `canvas` (sized to its CSS box × `dpr`) and returns where its points are;
/// None when the canvas is too small to draw on.
#[cfg(target_arch = "wasm32")]
pub fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    d: &PlotData,
    dpr: f64,
) -> Result<Option<Vec<Hit>>, String> {
    let (w, h) = (canvas.client_width() as f64, canvas.client_height() as f64);
    if w < 40.0 || h < 40.0 {
        return Ok(None);
    }
    let ctx = super::canvas::context(canvas, w, h, dpr)?;
    let drawn = build(d, w, h, &super::canvas::Measurer(&ctx));
    super::canvas::paint(&ctx, &drawn.list, dpr)?;
    Ok(Some(drawn.hits))
}

/// The text colour 60% of the way from the background: predictions and the front's line.
fn muted(palette: &Palette) -> Colour {
    Colour::css(palette.background).mix(Colour::css(palette.text), 0.6)
}

fn colour_of(series: usize) -> Colour {
    Colour::css(SERIES[series % SERIES.len()])
}

/// Margins, CSS px: legend strip on top; labels left, bottom and right.
const MARGINS: Margins = Margins {
    top: 30.0,
    left: 52.0,
    right: 14.0,
    bottom: 36.0,
};

/// The series' colours in the legend, when a second key makes several.
fn series_entries(r: &Results) -> Vec<Entry> {
    r.series()
        .into_iter()
        .enumerate()
        .filter_map(|(i, (label, _))| label.map(|text| entry(text, colour_of(i), false, None)))
        .collect()
}

fn entry(text: impl Into<String>, colour: Colour, dashed: bool, mark: Option<Mark>) -> Entry {
    Entry {
        text: text.into(),
        colour,
        dash: dashed.then_some((5.0, 4.0)),
        mark,
    }
}

/// One measured line of a plot: its value at a point (None: nothing yet), dashed or not, its
/// mark, and its p95 whisker's value.
struct Measured {
    value: fn(&Summary) -> Option<f64>,
    whisker: Option<fn(&Summary) -> Option<f64>>,
    dashed: bool,
    mark: Mark,
}

/// A plot being built: its list, its points' hits, its legend's entries.
struct Plot<'a> {
    list: DisplayList,
    hits: Vec<Hit>,
    entries: Vec<Entry>,
    d: &'a PlotData<'a>,
    ink: Colour,
    measure: &'a dyn Measure,
}

impl Plot<'_> {
    /// The frame over the first key (x) and `y`, drawn.
    fn key_frame(&mut self, y: Axis, margins: Margins) -> Frame {
        let (w, h) = (self.list.width, self.list.height);
        let f = Frame::new(w, h, margins, x_axis(self.d.results), y);
        f.draw(&mut self.list, self.ink, 10.5, self.measure);
        f
    }

    /// Draws one measure for every series (y through `map`, then `py`) and records the hits.
    fn measure(&mut self, f: &Frame, m: &Measured, map: &dyn Fn(f64) -> f64, right: bool) {
        let r = self.d.results;
        let py = |v: f64| {
            if right {
                f.py_right(map(v))
            } else {
                f.py(map(v))
            }
        };
        for (i, (_, pts)) in r.series().into_iter().enumerate() {
            let colour = colour_of(i);
            let at: Vec<(usize, (f64, f64))> = pts
                .iter()
                .filter_map(|&(x, p)| {
                    (m.value)(&r.points[p].summary).map(|v| (p, (f.px(x), py(v))))
                })
                .collect();
            if let Some(w) = m.whisker {
                let thin = Stroke::solid(colour.alpha(0.7), 1.0);
                for &(p, (x, y)) in &at {
                    if let Some(hi) = w(&r.points[p].summary) {
                        let top = py(hi);
                        self.list.line((x, y), (x, top), thin);
                        self.list.line((x - 4.0, top), (x + 4.0, top), thin);
                    }
                }
            }
            let line: Vec<(f64, f64)> = at.iter().map(|a| a.1).collect();
            let stroke = if m.dashed {
                Stroke::dashed(colour, 2.0, 6.0, 3.0)
            } else {
                Stroke::solid(colour, 2.0)
            };
            self.list.polyline(&line, stroke);
            for &(p, xy) in &at {
                let r = if m.mark == Mark::Ring { 4.5 } else { 3.5 };
                frame::mark(&mut self.list, xy, m.mark, r, colour);
                self.hits.push(Hit {
                    point: p,
                    x: xy.0,
                    y: xy.1,
                });
            }
        }
    }

    /// The analysis's prediction as a dotted line per series (a short dash for one point).
    fn prediction(&mut self, f: &Frame, value: &dyn Fn(usize) -> Option<f64>) {
        let stroke = Stroke::dashed(muted(self.d.palette), 1.5, 2.0, 3.0);
        for (_, pts) in self.d.results.series() {
            let line: Vec<(f64, f64)> = pts
                .iter()
                .filter_map(|&(x, p)| value(p).map(|v| f.at((x, v))))
                .collect();
            if let [(x, y)] = line[..] {
                self.list.line(
                    (x - 10.0, y),
                    (x + 10.0, y),
                    Stroke {
                        dash: None,
                        ..stroke
                    },
                );
            } else {
                self.list.polyline(&line, stroke);
            }
        }
    }

    fn latency(&mut self) {
        let r = self.d.results;
        let ms_values = r.points.iter().flat_map(|p| {
            [
                p.summary.first_suspect.p95_ms,
                p.summary.all_dead.p95_ms,
                Some(p.prediction.first_ms),
                Some(p.prediction.all_dead_ms),
            ]
        });
        let y = y_axis(ms_values.flatten().map(|v| v / 1000.0), 1.0, "")
            .titled("seconds after the crash");
        let f = self.key_frame(y, MARGINS);
        self.prediction(&f, &|p| Some(r.points[p].prediction.first_ms / 1000.0));
        self.prediction(&f, &|p| Some(r.points[p].prediction.all_dead_ms / 1000.0));
        let measures = [
            Measured {
                value: |s| s.first_suspect.median_ms,
                whisker: Some(|s| s.first_suspect.p95_ms),
                dashed: false,
                mark: Mark::Circle,
            },
            Measured {
                value: |s| s.first_suspect.mean_ms,
                whisker: None,
                dashed: false,
                mark: Mark::Ring,
            },
            Measured {
                value: |s| s.all_dead.median_ms,
                whisker: Some(|s| s.all_dead.p95_ms),
                dashed: true,
                mark: Mark::Square,
            },
            Measured {
                value: |s| s.all_dead.mean_ms,
                whisker: None,
                dashed: true,
                mark: Mark::Ring,
            },
        ];
        for m in &measures {
            self.measure(&f, m, &|ms| ms / 1000.0, false);
        }
        let (fg, dead) = (self.ink, dead_word(r));
        self.entries = vec![
            entry(
                "first suspicion: median, p95",
                fg,
                false,
                Some(Mark::Circle),
            ),
            entry(format!("all {dead}"), fg, true, Some(Mark::Square)),
            entry("mean", fg, false, Some(Mark::Ring)),
            entry("predicted mean", muted(self.d.palette), true, None),
        ];
    }

    fn false_positives(&mut self) {
        let r = self.d.results;
        let values = r.points.iter().flat_map(|p| {
            [
                Some(p.summary.false_suspicions_per_member_hour),
                Some(p.summary.false_deaths_per_member_hour),
                p.fp_prediction,
            ]
        });
        let y = log_axis(values.flatten()).titled("per member-hour (log scale)");
        let f = self.key_frame(y, MARGINS);
        self.prediction(&f, &|p| r.points[p].fp_prediction.map(plot::symlog));
        let measures = [
            Measured {
                value: |s| (s.runs > 0).then_some(s.false_suspicions_per_member_hour),
                whisker: None,
                dashed: false,
                mark: Mark::Circle,
            },
            Measured {
                value: |s| (s.runs > 0).then_some(s.first_hand_false_suspicions_per_member_hour),
                whisker: None,
                dashed: false,
                mark: Mark::Triangle,
            },
            Measured {
                value: |s| (s.runs > 0).then_some(s.false_deaths_per_member_hour),
                whisker: None,
                dashed: true,
                mark: Mark::Square,
            },
        ];
        for m in &measures {
            self.measure(&f, m, &plot::symlog, false);
        }
        let fg = self.ink;
        self.entries = vec![
            entry(
                "false suspicions (every observer)",
                fg,
                false,
                Some(Mark::Circle),
            ),
            entry("first-hand", fg, false, Some(Mark::Triangle)),
            entry("false deaths", fg, true, Some(Mark::Square)),
            entry("predicted first-hand", muted(self.d.palette), true, None),
        ];
    }

    fn load(&mut self) {
        let r = self.d.results;
        let ran: Vec<&Summary> = r
            .points
            .iter()
            .map(|p| &p.summary)
            .filter(|s| s.runs > 0)
            .collect();
        let y = y_axis(ran.iter().map(|s| s.messages_per_member_s), 1.0, "")
            .titled("messages per member per second");
        let right = y_axis(ran.iter().map(|s| s.bytes_per_member_s), 1.0, "B")
            .titled("bytes per member per second");
        let (w, h) = (self.list.width, self.list.height);
        let margins = Margins {
            right: MARGINS.left,
            ..MARGINS
        };
        let f = Frame::new(w, h, margins, x_axis(r), y).with_right(right);
        f.draw(&mut self.list, self.ink, 10.5, self.measure);
        let messages = Measured {
            value: |s| (s.runs > 0).then_some(s.messages_per_member_s),
            whisker: None,
            dashed: false,
            mark: Mark::Circle,
        };
        self.measure(&f, &messages, &|v| v, false);
        let bytes = Measured {
            value: |s| (s.runs > 0).then_some(s.bytes_per_member_s),
            whisker: None,
            dashed: true,
            mark: Mark::Square,
        };
        self.measure(&f, &bytes, &|v| v, true);
        let fg = self.ink;
        self.entries = vec![
            entry("messages (left)", fg, false, Some(Mark::Circle)),
            entry("bytes (right)", fg, true, Some(Mark::Square)),
        ];
    }

    fn tradeoff(&mut self) {
        let (r, t) = (self.d.results, self.d.tradeoff);
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
        let x_title = t.x_title().to_string();
        let y_title = match t {
            Tradeoff::FirstSuspicion => "first suspicion, median (s)".to_string(),
            _ => format!("all {}, median (s)", dead_word(r)),
        };
        let x = log_axis(raw_x).titled(x_title);
        let y = y_axis(xy.iter().flatten().map(|p| p.1), 1.0, "").titled(y_title);
        let (w, h) = (self.list.width, self.list.height);
        let f = Frame::new(w, h, MARGINS, x, y);
        f.draw(&mut self.list, self.ink, 10.5, self.measure);
        self.fronts(&f, &xy);
        self.points(&f, &xy);
        let muted = muted(self.d.palette);
        self.entries = vec![
            entry(
                format!("points, labelled by {}", r.keys()[0]),
                self.ink,
                false,
                Some(Mark::Circle),
            ),
            match r.keys().get(1) {
                Some(second) => entry(
                    format!("Pareto front for each {second} (ringed)"),
                    muted,
                    true,
                    None,
                ),
                None => entry("Pareto front (ringed)", muted, true, None),
            },
        ];
    }

    /// One Pareto front per value of a second key as a staircase (no point reached below and
    /// left of it), each in its series' colour (one series: muted).
    fn fronts(&mut self, f: &Frame, xy: &[Option<(f64, f64)>]) {
        let fronts = self.d.results.pareto_by_series(self.d.tradeoff);
        let several = fronts.len() > 1;
        for (i, front) in fronts.iter().enumerate() {
            let pts: Vec<(f64, f64)> = front
                .iter()
                .filter_map(|&p| xy[p])
                .map(|v| f.at(v))
                .collect();
            let mut stairs = Vec::new();
            for (j, &(x, y)) in pts.iter().enumerate() {
                if j > 0 {
                    stairs.push((x, pts[j - 1].1));
                }
                stairs.push((x, y));
            }
            let colour = if several {
                colour_of(i)
            } else {
                muted(self.d.palette)
            };
            self.list
                .polyline(&stairs, Stroke::dashed(colour, 1.5, 5.0, 3.0));
        }
    }

    /// The points: a disc in its series' colour, ringed on a front, ringed again when picked,
    /// labelled by the first key's value.
    fn points(&mut self, f: &Frame, xy: &[Option<(f64, f64)>]) {
        let r = self.d.results;
        let front = r.pareto(self.d.tradeoff);
        let mut series_of = vec![0usize; r.points.len()];
        for (i, (_, pts)) in r.series().iter().enumerate() {
            for &(_, p) in pts {
                series_of[p] = i;
            }
        }
        let selected = Colour::css(self.d.palette.selected);
        for (p, v) in xy.iter().enumerate() {
            let Some(v) = *v else { continue };
            let (x, y) = f.at(v);
            if front.contains(&p) {
                let ring = Stroke::solid(self.ink, 1.5);
                self.list.circle(x, y, 6.5, Paint::stroke(ring));
            }
            self.list
                .circle(x, y, 4.0, Paint::fill(colour_of(series_of[p])));
            if self.d.selected == Some(p) {
                self.list
                    .circle(x, y, 9.0, Paint::stroke(Stroke::solid(selected, 2.0)));
            }
            let (key, value) = &r.points[p].values[0];
            let label = format!("{value}{}", crate::sweep::results::unit_of(key));
            self.list.text(frame::text_at(
                x + 7.0,
                y - 4.0,
                &label,
                Font::px(9.5),
                self.ink,
                Align::Left,
                Baseline::Bottom,
            ));
            self.hits.push(Hit { point: p, x, y });
        }
    }
}

mod scales;
#[cfg(test)]
mod tests;
