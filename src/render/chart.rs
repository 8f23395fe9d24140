//! The live charts, drawn with `plotters` on a canvas (`plotters-canvas`): a time axis in
//! virtual seconds, a y axis with its unit, a legend strip above the plot and, while the
//! pointer is over the chart, a cursor at the hovered sample. What is drawn and how it is
//! scaled comes from the pure helpers in [`super::plot`].

use super::palette::Palette;
use super::plot::{self, Axis, ChartKind, Layout, Line};
use super::plotkit::{Scale, house_mesh, rgb, ticked};
use crate::model::Sample;
use gossip_sim::Proto;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

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

type Root = DrawingArea<CanvasBackend, Shift>;
type Err = DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

/// Draws `d` on `canvas` (sized to its CSS box × `dpr`). Errors come from the canvas.
pub fn draw(canvas: &HtmlCanvasElement, d: &ChartData, dpr: f64) -> Result<(), String> {
    let (w, h) = (canvas.client_width() as f64, canvas.client_height() as f64);
    if w < 40.0 || h < 40.0 {
        return Ok(());
    }
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    let s = Scale(dpr);
    let bg = rgb(d.palette.background);
    root.fill(&bg).map_err(|e| e.to_string())?;
    let layout = Layout::new(d.kind, w, h);
    let lines = plot::lines(d.kind, d.proto);
    legend(&root, &lines, d.palette, s).map_err(|e| e.to_string())?;
    match d.kind {
        ChartKind::Members => members(&root, d, &layout, &lines, s),
        ChartKind::Load => load(&root, d, &layout, &lines, s),
    }
    .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}

/// The legend strip above the plot: a swatch (dashed for the truth) and the line's name.
fn legend(root: &Root, lines: &[Line], palette: &Palette, s: Scale) -> Result<(), Err> {
    let font = s.font(10.5).color(&rgb(palette.text));
    let (mut x, y) = (s.i(6.0), s.i(8.0));
    for l in lines {
        let colour = rgb(l.colour).stroke_width(s.u(2.0).max(1));
        let seg = if l.truth { 4.0 } else { 14.0 };
        root.draw(&PathElement::new(vec![(x, y), (x + s.i(seg), y)], colour))?;
        if l.truth {
            let x2 = x + s.i(7.0);
            root.draw(&PathElement::new(vec![(x2, y), (x2 + s.i(7.0), y)], colour))?;
        }
        x += s.i(18.0);
        root.draw(&Text::new(
            l.name,
            (x, y),
            font.pos(text_anchor::Pos::new(
                text_anchor::HPos::Left,
                text_anchor::VPos::Center,
            )),
        ))?;
        let (tw, _) = root.estimate_text_size(l.name, &font)?;
        x += tw as i32 + s.i(12.0);
    }
    Ok(())
}

use plotters::style::text_anchor;

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

fn x_ticks(layout: &Layout, range: (f64, f64)) -> Vec<f64> {
    let (x0, x1) = layout.plot_x();
    plot::time_ticks(range.0, range.1, ((x1 - x0) / 70.0).max(2.0) as usize)
}

/// Members: belief lines and the truth's dashed step, on a symlog axis up to the cluster size.
fn members(
    root: &Root,
    d: &ChartData,
    layout: &Layout,
    lines: &[Line],
    s: Scale,
) -> Result<(), Err> {
    let range = plot::time_range(d.history);
    let top = plot::member_top(d.history);
    // One label per 14 CSS px of plot height at most.
    let count = ((layout.height - layout.top - layout.bottom) / 14.0).max(2.0) as usize;
    let yticks: Vec<f64> = plot::member_ticks(top, count)
        .into_iter()
        .map(plot::symlog)
        .collect();
    let text = rgb(d.palette.text);
    let mut chart = ChartBuilder::on(root)
        .margin_top(s.u(layout.top))
        .margin_right(s.u(layout.right))
        .set_label_area_size(LabelAreaPosition::Left, s.u(layout.left))
        .set_label_area_size(LabelAreaPosition::Bottom, s.u(layout.bottom))
        .build_cartesian_2d(
            ticked(range.0, range.1, x_ticks(layout, range)),
            ticked(0.0, plot::symlog(top), yticks),
        )?;
    house_mesh(&mut chart, text, s, 10.0)
        .y_desc("members")
        .x_label_formatter(&|t| plot::time_label(*t))
        .y_label_formatter(&|y| format!("{:.0}", 10f64.powf(*y) - 1.0))
        .draw()?;
    for l in lines {
        let pts: Vec<(f64, f64)> = points(d.history, l.value)
            .into_iter()
            .map(|(t, v)| (t, plot::symlog(v)))
            .collect();
        let style = rgb(l.colour).stroke_width(s.u(2.0).max(1));
        if l.truth {
            chart.draw_series(DashedLineSeries::new(
                steps(&pts),
                s.u(5.0),
                s.u(3.0),
                style,
            ))?;
        } else {
            chart.draw_series(LineSeries::new(pts, style))?;
        }
    }
    if let Some(t) = d.hover {
        let y = plot::symlog(top);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(t, 0.0), (t, y)],
            text.mix(0.6).stroke_width(1),
        )))?;
    }
    Ok(())
}

/// Load: messages/s on the left axis, bytes/s on the right, each scaled by
/// [`plot::load_scale`] with a clipped start-up spike drawn at the top and marked.
fn load(root: &Root, d: &ChartData, layout: &Layout, lines: &[Line], s: Scale) -> Result<(), Err> {
    let range = plot::time_range(d.history);
    let history = plot::rated(d.history);
    let values = |axis: Axis| -> Vec<f64> {
        let l = lines
            .iter()
            .find(|l| l.axis == axis)
            .expect("both axes have a line");
        history.iter().map(l.value).collect()
    };
    let (left, right) = (
        plot::load_scale(&values(Axis::Left)),
        plot::load_scale(&values(Axis::Right)),
    );
    let text = rgb(d.palette.text);
    let mut chart = ChartBuilder::on(root)
        .margin_top(s.u(layout.top))
        .set_label_area_size(LabelAreaPosition::Left, s.u(layout.left))
        .set_label_area_size(LabelAreaPosition::Right, s.u(layout.right))
        .set_label_area_size(LabelAreaPosition::Bottom, s.u(layout.bottom))
        .build_cartesian_2d(
            ticked(range.0, range.1, x_ticks(layout, range)),
            ticked(0.0, left.top, plot::linear_ticks(left.top, 4)),
        )?
        // The same axis types as the primary's: plotters is generic over them, and each new
        // combination is more code in the page.
        .set_secondary_coord(
            ticked(range.0, range.1, Vec::new()),
            ticked(0.0, right.top, plot::linear_ticks(right.top, 4)),
        );
    house_mesh(&mut chart, text, s, 10.0)
        .y_desc("messages/s")
        .x_label_formatter(&|t| plot::time_label(*t))
        .y_label_formatter(&|y| plot::tick(*y, ""))
        .draw()?;
    chart
        .configure_secondary_axes()
        .axis_style(text.mix(0.5))
        .label_style(s.font(10.0).color(&text))
        .axis_desc_style(s.font(10.0).color(&text))
        .y_desc("bytes/s")
        .y_label_formatter(&|y| plot::tick(*y, "B"))
        .draw()?;
    let mut marks = Vec::new();
    for l in lines {
        let scale = if l.axis == Axis::Left { left } else { right };
        let pts: Vec<(f64, f64)> = points(history, l.value)
            .into_iter()
            .map(|(t, v)| (t, v.min(scale.top)))
            .collect();
        let style = rgb(l.colour).stroke_width(s.u(2.0).max(1));
        let clipped: Vec<(f64, f64)> = pts.iter().copied().filter(|p| p.1 >= scale.top).collect();
        if l.axis == Axis::Left {
            chart.draw_series(LineSeries::new(pts, style))?;
            if scale.clipped_max.is_some() {
                chart.draw_series(
                    clipped
                        .into_iter()
                        .map(|p| TriangleMarker::new(p, s.i(4.0), rgb(l.colour).filled())),
                )?;
            }
        } else {
            chart.draw_secondary_series(LineSeries::new(pts, style))?;
            if scale.clipped_max.is_some() {
                chart.draw_secondary_series(
                    clipped
                        .into_iter()
                        .map(|p| TriangleMarker::new(p, s.i(4.0), rgb(l.colour).filled())),
                )?;
            }
        }
        if let Some(max) = scale.clipped_max {
            let unit = if l.axis == Axis::Left {
                " msg/s"
            } else {
                "B/s"
            };
            marks.push(format!("{}{unit}", plot::si(max)));
        }
    }
    if !marks.is_empty() {
        let note = format!("▲ clipped: peak {}", marks.join(", "));
        let font = s.font(10.0).color(&text);
        // Right of the first samples, where a start-up spike's markers sit.
        let (x0, x1) = layout.plot_x();
        root.draw(&Text::new(
            note,
            (s.i(x0 + (x1 - x0) * 0.12 + 8.0), s.i(layout.top + 3.0)),
            font,
        ))?;
    }
    if let Some(t) = d.hover {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(t, 0.0), (t, left.top)],
            text.mix(0.6).stroke_width(1),
        )))?;
    }
    Ok(())
}
