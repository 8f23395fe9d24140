//! Small line charts on a canvas, drawn from the model's samples.

use super::palette::Palette;
use web_sys::CanvasRenderingContext2d as Ctx;

/// One line: colour and values (equally spaced in time).
pub struct Series<'a> {
    /// Stroke colour.
    pub colour: &'static str,
    /// Values, oldest first.
    pub values: &'a [f64],
}

/// Draws `series` into a `width`×`height` (CSS px) area, scaled to the largest value; the top
/// value is written in the corner.
pub fn draw_chart(ctx: &Ctx, width: f64, height: f64, series: &[Series], palette: &Palette) {
    ctx.set_fill_style_str(palette.background);
    ctx.fill_rect(0.0, 0.0, width, height);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0f64, f64::max)
        .max(1.0);
    let (pad_top, pad_bottom) = (14.0, 4.0);
    let h = height - pad_top - pad_bottom;
    ctx.set_stroke_style_str(palette.link);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(0.0, pad_top + h);
    ctx.line_to(width, pad_top + h);
    ctx.stroke();
    for s in series {
        let n = s.values.len();
        if n < 2 {
            continue;
        }
        ctx.begin_path();
        for (i, v) in s.values.iter().enumerate() {
            let x = width * i as f64 / (n - 1) as f64;
            let y = pad_top + h - v / max * h;
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.set_stroke_style_str(s.colour);
        ctx.set_line_width(1.8);
        ctx.stroke();
    }
    ctx.set_fill_style_str(palette.text);
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_text_align("right");
    ctx.set_text_baseline("top");
    let label = if max >= 1e6 {
        format!("{:.1}M", max / 1e6)
    } else if max >= 1e3 {
        format!("{:.1}k", max / 1e3)
    } else {
        format!("{max:.0}")
    };
    let _ = ctx.fill_text(&label, width - 2.0, 1.0);
}
