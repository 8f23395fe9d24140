//! One live chart: a canvas drawn by `render::chart`, and a hover read-out (an HTML tooltip
//! placed at the pointer, with the values of the nearest sample). The pointer's position is
//! the component's own state: moving over the chart redraws only this chart.

use crate::model::Sample;
use crate::render::palette::Palette;
use crate::render::plot::{self, ChartKind, Layout};
use gossip_sim::Proto;
use std::rc::Rc;
use web_sys::{HtmlCanvasElement, MouseEvent};
use yew::prelude::*;

/// Props of [`TimeChart`].
#[derive(Properties, PartialEq)]
pub struct TimeChartProps {
    /// Which chart.
    pub kind: ChartKind,
    /// The samples, oldest first.
    pub history: Rc<Vec<Sample>>,
    /// Colours.
    pub palette: Palette,
    /// The protocol (its word for a dead member).
    pub proto: Proto,
    /// What the chart shows, for screen readers.
    pub label: AttrValue,
}

/// The pointer over the canvas: (x, y, canvas width), CSS px.
type Pointer = Option<(f64, f64, f64)>;

fn pointer(e: &MouseEvent, canvas: &NodeRef) -> Pointer {
    let c = canvas.cast::<HtmlCanvasElement>()?;
    let r = c.get_bounding_client_rect();
    Some((
        e.client_x() as f64 - r.left(),
        e.client_y() as f64 - r.top(),
        r.width(),
    ))
}

/// A chart with its hover read-out.
#[function_component(TimeChart)]
pub fn time_chart(p: &TimeChartProps) -> Html {
    let canvas = use_node_ref();
    let hover = use_state(|| None as Pointer);
    let layout = |w: f64| Layout::new(p.kind, w, 0.0);
    let range = plot::time_range(&p.history);
    let hover_t = (*hover).and_then(|(x, _, w)| layout(w).time_at(x, range));
    {
        let canvas = canvas.clone();
        let deps = (p.kind, p.history.clone(), p.palette, p.proto, hover_t);
        use_effect_with(deps, move |(kind, history, palette, proto, hover)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let data = crate::render::chart::ChartData {
                    kind: *kind,
                    history,
                    proto: *proto,
                    palette,
                    hover: hover
                        .and_then(|t| plot::nearest(plot::drawn(*kind, history), t))
                        .map(|s| s.at as f64 / 1e6),
                };
                // A failed draw leaves its reason on the canvas for a test to read; never a panic.
                match crate::render::chart::draw(&c, &data, crate::browser::pixel_ratio()) {
                    Ok(()) => c.remove_attribute("data-error").unwrap_or_default(),
                    Err(e) => c.set_attribute("data-error", &e).unwrap_or_default(),
                }
            }
        });
    }
    let onmousemove = {
        let (hover, canvas) = (hover.clone(), canvas.clone());
        Callback::from(move |e: MouseEvent| hover.set(pointer(&e, &canvas)))
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_| hover.set(None))
    };
    let tip = (*hover).zip(hover_t).and_then(|((x, y, w), t)| {
        let s = plot::nearest(plot::drawn(p.kind, &p.history), t)?;
        let (when, rows) = plot::readout(p.kind, p.proto, s);
        // Beside the pointer, on the side with room.
        let style = if x > w / 2.0 {
            format!("right:{:.0}px;top:{:.0}px", w - x + 12.0, y + 8.0)
        } else {
            format!("left:{:.0}px;top:{:.0}px", x + 12.0, y + 8.0)
        };
        Some(html! {
            <div class="chart-tip" role="tooltip" {style}>
                <div class="when">{ when }</div>
                { for rows.into_iter().map(|r| html! {
                    <div class="row">
                        <span class="sw" style={format!("background:{}", r.colour)}></span>
                        <span class="name">{ r.name }</span>
                        <span class="v">{ r.value }</span>
                    </div>
                }) }
            </div>
        })
    });
    html! {
        <div class="chart-box">
            <canvas ref={canvas} class={classes!("chart-canvas", if p.kind == ChartKind::Members { "members" } else { "load" })}
                role="img" aria-label={p.label.clone()} {onmousemove} {onmouseleave}></canvas>
            { tip.unwrap_or_default() }
        </div>
    }
}
