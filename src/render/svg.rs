//! The SVG painter: writes a [`DisplayList`] as a standalone SVG document (pure; the sweep
//! plots' "export SVG").

use super::display::{Align, Baseline, Colour, DisplayList, Op, Paint, Seg, Text};
use std::f64::consts::TAU;
use std::fmt::Write;

/// `list` as an SVG document of its size.
pub fn write(list: &DisplayList) -> String {
    let mut w = Writer::default();
    let _ = write!(
        w.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}">"#,
        num(list.width),
        num(list.height)
    );
    w.out.push('\n');
    for op in &list.ops {
        w.op(op);
    }
    while w.open.len() > 1 {
        w.restore();
    }
    for _ in 0..w.open[0] {
        w.out.push_str("</g>\n");
    }
    w.out.push_str("</svg>\n");
    w.out
}

/// Writer state: the output, the number of `<g>` each save level opened, the clips so far.
struct Writer {
    out: String,
    open: Vec<usize>,
    clips: usize,
}

impl Default for Writer {
    fn default() -> Writer {
        Writer {
            out: String::new(),
            open: vec![0],
            clips: 0,
        }
    }
}

impl Writer {
    fn op(&mut self, op: &Op) {
        match op {
            Op::Path { segs, paint } => {
                let d = path_data(segs);
                let _ = write!(self.out, r#"<path d="{d}"{}/>"#, paint_attrs(paint));
            }
            Op::Rect { x, y, w, h, paint } => {
                let _ = write!(
                    self.out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}"{}/>"#,
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h),
                    paint_attrs(paint)
                );
            }
            Op::Circle { x, y, r, paint } => {
                let _ = write!(
                    self.out,
                    r#"<circle cx="{}" cy="{}" r="{}"{}/>"#,
                    num(*x),
                    num(*y),
                    num(*r),
                    paint_attrs(paint)
                );
            }
            Op::Text(t) => self.text(t),
            Op::Save => self.open.push(0),
            Op::Clip { x, y, w, h } => {
                self.clips += 1;
                let id = self.clips;
                let _ = write!(
                    self.out,
                    r#"<clipPath id="clip{id}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#clip{id})">"#,
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h)
                );
                if let Some(n) = self.open.last_mut() {
                    *n += 1;
                }
            }
            Op::Restore => self.restore(),
        }
        self.out.push('\n');
    }

    /// Closes the groups the last save level opened (an unmatched `Restore` does nothing).
    fn restore(&mut self) {
        if self.open.len() > 1 {
            let n = self.open.pop().unwrap_or(0);
            for _ in 0..n {
                self.out.push_str("</g>");
            }
        }
    }

    fn text(&mut self, t: &Text) {
        let anchor = match t.align {
            Align::Left => "start",
            Align::Center => "middle",
            Align::Right => "end",
        };
        let baseline = match t.baseline {
            Baseline::Top => "hanging",
            Baseline::Middle => "central",
            Baseline::Bottom => "text-after-edge",
            Baseline::Alphabetic => "alphabetic",
        };
        let (x, y) = (num(t.x), num(t.y));
        let rotate = if t.rotate == 0.0 {
            String::new()
        } else {
            format!(r#" transform="rotate({} {x} {y})""#, num(t.rotate))
        };
        let weight = if t.font.bold {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let _ = write!(
            self.out,
            r#"<text x="{x}" y="{y}" font-family="{}" font-size="{}"{weight} text-anchor="{anchor}" dominant-baseline="{baseline}"{}{rotate}>{}</text>"#,
            super::display::FAMILY,
            num(t.font.size),
            colour_attrs("fill", t.colour),
            escape(&t.text)
        );
    }
}

/// A number with at most two decimals and no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{:.2}", if v.is_finite() { v } else { 0.0 });
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn colour_attrs(what: &str, c: Colour) -> String {
    if c.a >= 1.0 {
        format!(r#" {what}="{}""#, c.hex())
    } else {
        format!(
            r#" {what}="{}" {what}-opacity="{}""#,
            c.hex(),
            num_fine(c.a)
        )
    }
}

fn num_fine(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').into()
}

fn paint_attrs(p: &Paint) -> String {
    let mut out = match p.fill {
        Some(c) => colour_attrs("fill", c),
        None => r#" fill="none""#.into(),
    };
    if let Some(s) = p.stroke {
        out.push_str(&colour_attrs("stroke", s.colour));
        let _ = write!(out, r#" stroke-width="{}""#, num(s.width));
        if let Some((on, off)) = s.dash {
            let _ = write!(out, r#" stroke-dasharray="{} {}""#, num(on), num(off));
        }
    }
    out
}

/// The path's `d`: canvas arcs become SVG elliptical arcs (a full turn as two halves).
fn path_data(segs: &[Seg]) -> String {
    let mut d = String::new();
    let mut started = false;
    for s in segs {
        match *s {
            Seg::Move(x, y) => {
                let _ = write!(d, "M{} {}", num(x), num(y));
                started = true;
            }
            Seg::Line(x, y) => {
                let _ = write!(
                    d,
                    "{}{} {}",
                    if started { "L" } else { "M" },
                    num(x),
                    num(y)
                );
                started = true;
            }
            Seg::Arc {
                cx,
                cy,
                r,
                start,
                end,
            } => {
                let at = |a: f64| (cx + r * a.cos(), cy + r * a.sin());
                let (sx, sy) = at(start);
                let _ = write!(
                    d,
                    "{}{} {}",
                    if started { "L" } else { "M" },
                    num(sx),
                    num(sy)
                );
                started = true;
                let sweep = (end - start).clamp(0.0, TAU);
                // One SVG arc cannot end where it starts: a full turn is two halves.
                let parts = if sweep >= TAU - 1e-9 { 2 } else { 1 };
                for i in 1..=parts {
                    let a = start + sweep * i as f64 / parts as f64;
                    let (x, y) = at(a);
                    let large = u8::from(sweep / parts as f64 > std::f64::consts::PI);
                    let _ = write!(d, "A{0} {0} 0 {large} 1 {1} {2}", num(r), num(x), num(y));
                }
            }
            Seg::Close => d.push('Z'),
            Seg::Rect(x, y, w, h) => {
                let _ = write!(
                    d,
                    "M{} {}h{}v{}h{}Z",
                    num(x),
                    num(y),
                    num(w),
                    num(h),
                    num(-w)
                );
                started = true;
            }
        }
    }
    d
}

/// `text` with XML's five special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
/// The document's tags in order, checking that each closing tag closes the latest open one.
pub(crate) fn balanced_tags(svg: &str) -> Result<Vec<String>, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').ok_or("an unclosed '<'")? + i;
        let tag = &rest[i + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
            if open != name {
                return Err(format!("</{name}> closes <{open}>"));
            }
        } else {
            let name: String = tag.chars().take_while(|c| c.is_alphanumeric()).collect();
            seen.push(name.clone());
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
    }
    match stack.pop() {
        Some(open) => Err(format!("<{open}> is never closed")),
        None => Ok(seen),
    }
}

#[cfg(test)]
mod tests {
    use super::super::display::{Font, Stroke};
    use super::*;

    fn label(text: &str) -> Text {
        Text {
            x: 10.0,
            y: 20.0,
            text: text.into(),
            font: Font::px(10.0),
            colour: Colour::css("#334155"),
            align: Align::Center,
            baseline: Baseline::Middle,
            rotate: -90.0,
        }
    }

    #[test]
    fn every_op_becomes_one_element_and_the_document_is_balanced() {
        let mut d = DisplayList::new(200.0, 100.0);
        d.background(Colour::css("#0f1420"));
        d.clip(5.0, 5.0, 190.0, 90.0);
        d.polyline(
            &[(0.0, 0.0), (10.5, 3.25)],
            Stroke::dashed(Colour::css("#ff0000").alpha(0.5), 2.0, 5.0, 3.0),
        );
        d.circle(50.0, 50.0, 4.0, Paint::fill(Colour::css("#00ff00")));
        d.unclip();
        d.text(label("a < b & \"c\""));
        let svg = write(&d);
        let tags = balanced_tags(&svg).unwrap();
        assert_eq!(
            tags,
            [
                "svg", "rect", "clipPath", "rect", "g", "path", "circle", "text"
            ]
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"d="M0 0L10.5 3.25""#), "{svg}");
        assert!(svg.contains(r##"stroke="#ff0000" stroke-opacity="0.5""##));
        assert!(svg.contains(r#"stroke-dasharray="5 3""#));
        assert!(svg.contains("a &lt; b &amp; &quot;c&quot;"));
        assert!(svg.contains(r#"transform="rotate(-90 10 20)""#));
        assert!(svg.contains(r#"text-anchor="middle" dominant-baseline="central""#));
    }

    #[test]
    fn an_unbalanced_list_still_writes_a_balanced_document() {
        let mut d = DisplayList::new(10.0, 10.0);
        d.clip(0.0, 0.0, 5.0, 5.0);
        d.clip(0.0, 0.0, 4.0, 4.0);
        d.ops.push(Op::Clip {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
        });
        balanced_tags(&write(&d)).unwrap();
        let mut e = DisplayList::new(10.0, 10.0);
        e.unclip();
        e.unclip();
        balanced_tags(&write(&e)).unwrap();
    }

    #[test]
    fn a_full_circle_arc_is_two_half_arcs_and_a_quarter_is_one_small_arc() {
        let full = path_data(&[Seg::Arc {
            cx: 0.0,
            cy: 0.0,
            r: 2.0,
            start: 0.0,
            end: TAU,
        }]);
        assert_eq!(full, "M2 0A2 2 0 0 1 -2 0A2 2 0 0 1 2 0");
        let quarter = path_data(&[
            Seg::Move(0.0, 0.0),
            Seg::Arc {
                cx: 0.0,
                cy: 0.0,
                r: 1.0,
                start: 0.0,
                end: std::f64::consts::FRAC_PI_2,
            },
            Seg::Close,
        ]);
        assert_eq!(quarter, "M0 0L1 0A1 1 0 0 1 0 1Z");
    }

    #[test]
    fn numbers_keep_two_decimals_at_most() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
    }
}
