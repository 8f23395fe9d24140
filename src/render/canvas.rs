//! The canvas painter: replays a [`DisplayList`] on a 2D canvas context (browser only), and
//! measures text with the canvas's own fonts.

use super::display::{Align, Baseline, DisplayList, Font, Measure, Op, Paint, Seg, Text};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The 2D context of `canvas`, its backing store sized to `w`×`h` CSS px × `dpr`.
pub fn context(
    canvas: &HtmlCanvasElement,
    w: f64,
    h: f64,
    dpr: f64,
) -> Result<CanvasRenderingContext2d, String> {
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| "no 2d context".to_string())
}

/// Text widths as the canvas sets them.
pub struct Measurer<'a>(pub &'a CanvasRenderingContext2d);

impl Measure for Measurer<'_> {
    fn width(&self, text: &str, font: Font) -> f64 {
        self.0.set_font(&font.css());
        self.0.measure_text(text).map(|m| m.width()).unwrap_or(0.0)
    }
}

/// Paints `list` on `ctx`, scaled by `dpr` (device px per CSS px). Errors come from the canvas.
pub fn paint(ctx: &CanvasRenderingContext2d, list: &DisplayList, dpr: f64) -> Result<(), String> {
    let err = |e: JsValue| format!("canvas: {e:?}");
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)
        .map_err(err)?;
    replay(ctx, list)?;
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).map_err(err)
}

/// Paints `list` on `ctx` in the transform it has (the cluster canvas sets its own: device
/// pixels, zoom). Errors come from the canvas.
pub fn replay(ctx: &CanvasRenderingContext2d, list: &DisplayList) -> Result<(), String> {
    let err = |e: JsValue| format!("canvas: {e:?}");
    ctx.set_line_cap("butt");
    ctx.set_line_join("round");
    for op in &list.ops {
        match op {
            Op::Path { segs, paint } => {
                ctx.begin_path();
                for s in segs {
                    match *s {
                        Seg::Move(x, y) => ctx.move_to(x, y),
                        Seg::Line(x, y) => ctx.line_to(x, y),
                        Seg::Arc {
                            cx,
                            cy,
                            r,
                            start,
                            end,
                        } => ctx.arc(cx, cy, r, start, end).map_err(err)?,
                        Seg::Close => ctx.close_path(),
                        Seg::Rect(x, y, w, h) => ctx.rect(x, y, w, h),
                    }
                }
                fill_and_stroke(ctx, paint);
            }
            Op::Rect { x, y, w, h, paint } => {
                ctx.begin_path();
                ctx.rect(*x, *y, *w, *h);
                fill_and_stroke(ctx, paint);
            }
            Op::Circle { x, y, r, paint } => {
                ctx.begin_path();
                ctx.arc(*x, *y, *r, 0.0, std::f64::consts::TAU)
                    .map_err(err)?;
                fill_and_stroke(ctx, paint);
            }
            Op::Text(t) => text(ctx, t),
            Op::Save => ctx.save(),
            Op::Clip { x, y, w, h } => {
                ctx.begin_path();
                ctx.rect(*x, *y, *w, *h);
                ctx.clip();
            }
            Op::Restore => ctx.restore(),
        }
    }
    Ok(())
}

fn fill_and_stroke(ctx: &CanvasRenderingContext2d, p: &Paint) {
    if let Some(c) = p.fill {
        ctx.set_fill_style_str(&c.to_string());
        ctx.fill();
    }
    if let Some(s) = p.stroke {
        ctx.set_stroke_style_str(&s.colour.to_string());
        ctx.set_line_width(s.width);
        let dash = js_sys::Array::new();
        if let Some((on, off)) = s.dash {
            dash.push(&on.into());
            dash.push(&off.into());
        }
        let _ = ctx.set_line_dash(&dash);
        ctx.stroke();
    }
}

fn text(ctx: &CanvasRenderingContext2d, t: &Text) {
    ctx.set_font(&t.font.css());
    ctx.set_fill_style_str(&t.colour.to_string());
    ctx.set_text_align(match t.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    });
    ctx.set_text_baseline(match t.baseline {
        Baseline::Top => "top",
        Baseline::Middle => "middle",
        Baseline::Bottom => "bottom",
        Baseline::Alphabetic => "alphabetic",
    });
    if t.rotate == 0.0 {
        let _ = ctx.fill_text(&t.text, t.x, t.y);
    } else {
        ctx.save();
        let _ = ctx.translate(t.x, t.y);
        let _ = ctx.rotate(t.rotate.to_radians());
        let _ = ctx.fill_text(&t.text, 0.0, 0.0);
        ctx.restore();
    }
}
