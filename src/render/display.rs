//! Drawing as data: a display list of shapes and text in CSS px, built by pure code (the
//! charts, the sweep plots, the cluster canvas: `render::draw`) and replayed by a thin painter: the
//! canvas (`render::canvas`, browser only) or SVG (`render::svg`, pure). An export is the same
//! list written as SVG, not a second copy of the plot code.
//!
//! The ops, in the order they are painted:
//! - [`Op::Path`]: move / line / arc / close / rectangle segments, filled and/or stroked
//!   ([`Paint`]);
//! - [`Op::Rect`], [`Op::Circle`]: the same, for the two shapes a painter has natively;
//! - [`Op::Text`]: one line of text at a point, with alignment, baseline, size, weight and an
//!   optional rotation;
//! - [`Op::Save`], [`Op::Clip`], [`Op::Restore`]: a clip rectangle holds until the `Restore`
//!   matching the last `Save`.
//!
//! Colours carry their own alpha, strokes their width and dash: an op never depends on state
//! that an earlier op left behind (except the clip), so a list can be cut, filtered or tested
//! op by op. Coordinates are CSS px from the top left; the painter scales them to device px.
//!
//! What a canvas renderer written against `CanvasRenderingContext2d` maps to: `globalAlpha`
//! is the colour's alpha ([`Colour::alpha`]); many lines stroked at once (one `beginPath`, many
//! `moveTo`/`lineTo`, one `stroke`) are one [`Op::Path`] with several `Move`s; `arc` is
//! [`Seg::Arc`] (or [`Op::Circle`] for a whole one); `setLineDash([on, off])` is
//! [`Stroke::dash`]; `fillRect` is [`Op::Rect`] with a fill.

use std::fmt;

/// An sRGB colour with alpha (0 transparent, 1 opaque).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    /// Red, 0..=255.
    pub r: u8,
    /// Green, 0..=255.
    pub g: u8,
    /// Blue, 0..=255.
    pub b: u8,
    /// Opacity, 0..=1.
    pub a: f64,
}

impl Colour {
    /// Parses "#rrggbb", "#rgb" or "rgba(r,g,b,a)" / "rgb(r,g,b)" (mid grey for anything else:
    /// a colour is never worth an error in a drawing).
    pub fn css(text: &str) -> Colour {
        Colour::parse(text).unwrap_or(Colour {
            r: 128,
            g: 128,
            b: 128,
            a: 1.0,
        })
    }

    fn parse(text: &str) -> Option<Colour> {
        let t = text.trim();
        if let Some(h) = t.strip_prefix('#') {
            let byte = |s: &str| u8::from_str_radix(s, 16).ok();
            return match h.len() {
                6 => Some(Colour {
                    r: byte(&h[0..2])?,
                    g: byte(&h[2..4])?,
                    b: byte(&h[4..6])?,
                    a: 1.0,
                }),
                3 => {
                    let d = |i: usize| byte(&h[i..i + 1]).map(|v| v * 17);
                    Some(Colour {
                        r: d(0)?,
                        g: d(1)?,
                        b: d(2)?,
                        a: 1.0,
                    })
                }
                _ => None,
            };
        }
        let inner = t
            .strip_prefix("rgba(")
            .or_else(|| t.strip_prefix("rgb("))?
            .strip_suffix(')')?;
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        let c = |i: usize| parts.get(i)?.parse::<u8>().ok();
        let a = match parts.get(3) {
            Some(a) => a.parse::<f64>().ok()?.clamp(0.0, 1.0),
            None => 1.0,
        };
        (parts.len() <= 4).then_some(())?;
        Some(Colour {
            r: c(0)?,
            g: c(1)?,
            b: c(2)?,
            a,
        })
    }

    /// The same colour at opacity `a` × its own.
    pub fn alpha(self, a: f64) -> Colour {
        Colour {
            a: (self.a * a).clamp(0.0, 1.0),
            ..self
        }
    }

    /// The colour `f` of the way from `self` to `to` (0: self, 1: to), opaque.
    pub fn mix(self, to: Colour, f: f64) -> Colour {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
        Colour {
            r: m(self.r, to.r),
            g: m(self.g, to.g),
            b: m(self.b, to.b),
            a: 1.0,
        }
    }

    /// "#rrggbb", without the alpha (SVG writes that as an opacity attribute).
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// CSS: "#rrggbb" when opaque, else "rgba(r,g,b,a)".
impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.a >= 1.0 {
            write!(f, "{}", self.hex())
        } else {
            write!(f, "rgba({},{},{},{:.3})", self.r, self.g, self.b, self.a)
        }
    }
}

/// A line's look: colour, width (CSS px) and dash (on, off; CSS px), butt caps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Colour, with its alpha.
    pub colour: Colour,
    /// Width, CSS px.
    pub width: f64,
    /// Dash pattern (on, off), CSS px; None: solid.
    pub dash: Option<(f64, f64)>,
}

impl Stroke {
    /// A solid stroke.
    pub fn solid(colour: Colour, width: f64) -> Stroke {
        Stroke {
            colour,
            width,
            dash: None,
        }
    }

    /// A dashed stroke: `on` px drawn, `off` px skipped.
    pub fn dashed(colour: Colour, width: f64, on: f64, off: f64) -> Stroke {
        Stroke {
            colour,
            width,
            dash: Some((on, off)),
        }
    }
}

/// How a shape is painted: filled, stroked, or both (fill first).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Paint {
    /// Fill colour.
    pub fill: Option<Colour>,
    /// Outline.
    pub stroke: Option<Stroke>,
}

impl Paint {
    /// Filled only.
    pub fn fill(c: Colour) -> Paint {
        Paint {
            fill: Some(c),
            stroke: None,
        }
    }

    /// Stroked only.
    pub fn stroke(s: Stroke) -> Paint {
        Paint {
            fill: None,
            stroke: Some(s),
        }
    }
}

/// One step of a path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    /// Starts a subpath at (x, y).
    Move(f64, f64),
    /// A straight line to (x, y).
    Line(f64, f64),
    /// A circular arc around (cx, cy) of radius r from angle `start` to `end` (radians,
    /// clockwise on screen as y grows downward; the canvas's `arc`), joined to the current
    /// point by a straight line.
    Arc {
        /// Centre x.
        cx: f64,
        /// Centre y.
        cy: f64,
        /// Radius.
        r: f64,
        /// Start angle, radians.
        start: f64,
        /// End angle, radians (> start).
        end: f64,
    },
    /// Closes the subpath.
    Close,
    /// A closed rectangular subpath: left, top, width, height (the canvas's `rect`).
    Rect(f64, f64, f64, f64),
}

/// Horizontal alignment of text at its point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// The text starts at the point.
    Left,
    /// The text is centred on the point.
    Center,
    /// The text ends at the point.
    Right,
}

/// Vertical alignment of text at its point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// The point is the text's top.
    Top,
    /// The point is the text's middle.
    Middle,
    /// The point is the text's bottom.
    Bottom,
    /// The point is on the alphabetic baseline.
    Alphabetic,
}

/// A font of the page's sans-serif family.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Font {
    /// Size, CSS px.
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
}

/// The family every text of a drawing is set in.
pub const FAMILY: &str = "system-ui, sans-serif";

impl Font {
    /// Regular, `size` CSS px.
    pub fn px(size: f64) -> Font {
        Font { size, bold: false }
    }

    /// The CSS font shorthand: "bold 10px system-ui, sans-serif".
    pub fn css(self) -> String {
        let weight = if self.bold { "bold " } else { "" };
        format!("{weight}{}px {FAMILY}", self.size)
    }
}

/// One line of text.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// Anchor x, CSS px.
    pub x: f64,
    /// Anchor y, CSS px.
    pub y: f64,
    /// The text (one line).
    pub text: String,
    /// Its font.
    pub font: Font,
    /// Its colour.
    pub colour: Colour,
    /// Horizontal alignment at the anchor.
    pub align: Align,
    /// Vertical alignment at the anchor.
    pub baseline: Baseline,
    /// Rotation about the anchor, degrees clockwise (-90: reads upward).
    pub rotate: f64,
}

/// One drawing operation. See the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// A path of segments.
    Path {
        /// The segments, starting with a `Move`.
        segs: Vec<Seg>,
        /// How it is painted.
        paint: Paint,
    },
    /// An axis-aligned rectangle.
    Rect {
        /// Left, CSS px.
        x: f64,
        /// Top, CSS px.
        y: f64,
        /// Width, CSS px.
        w: f64,
        /// Height, CSS px.
        h: f64,
        /// How it is painted.
        paint: Paint,
    },
    /// A circle.
    Circle {
        /// Centre x, CSS px.
        x: f64,
        /// Centre y, CSS px.
        y: f64,
        /// Radius, CSS px.
        r: f64,
        /// How it is painted.
        paint: Paint,
    },
    /// A line of text.
    Text(Text),
    /// Remembers the clip, to be brought back by the matching `Restore`.
    Save,
    /// Narrows the clip to a rectangle (CSS px) until the matching `Restore`.
    Clip {
        /// Left.
        x: f64,
        /// Top.
        y: f64,
        /// Width.
        w: f64,
        /// Height.
        h: f64,
    },
    /// Brings back the clip of the matching `Save`.
    Restore,
}

/// A move to the first point and lines through the rest.
fn through(points: &[(f64, f64)]) -> Vec<Seg> {
    points
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| {
            if i == 0 {
                Seg::Move(x, y)
            } else {
                Seg::Line(x, y)
            }
        })
        .collect()
}

/// A drawing: its size (CSS px) and its ops, painted in order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DisplayList {
    /// Width, CSS px.
    pub width: f64,
    /// Height, CSS px.
    pub height: f64,
    /// The ops.
    pub ops: Vec<Op>,
}

impl DisplayList {
    /// An empty `width`×`height` drawing.
    pub fn new(width: f64, height: f64) -> DisplayList {
        DisplayList {
            width,
            height,
            ops: Vec::new(),
        }
    }

    /// Fills the whole drawing with `c`.
    pub fn background(&mut self, c: Colour) {
        let (w, h) = (self.width, self.height);
        self.rect(0.0, 0.0, w, h, Paint::fill(c));
    }

    /// A path of `segs` painted with `paint` (nothing for no segments).
    pub fn path(&mut self, segs: Vec<Seg>, paint: Paint) {
        if !segs.is_empty() {
            self.ops.push(Op::Path { segs, paint });
        }
    }

    /// A polyline through `points` (nothing for fewer than two).
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: Stroke) {
        if points.len() >= 2 {
            self.path(through(points), Paint::stroke(stroke));
        }
    }

    /// A straight line.
    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: Stroke) {
        self.polyline(&[from, to], stroke);
    }

    /// A closed polygon.
    pub fn polygon(&mut self, points: &[(f64, f64)], paint: Paint) {
        let mut segs = through(points);
        segs.push(Seg::Close);
        self.ops.push(Op::Path { segs, paint });
    }

    /// A rectangle.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, paint: Paint) {
        self.ops.push(Op::Rect { x, y, w, h, paint });
    }

    /// A circle.
    pub fn circle(&mut self, x: f64, y: f64, r: f64, paint: Paint) {
        self.ops.push(Op::Circle { x, y, r, paint });
    }

    /// A line of text.
    pub fn text(&mut self, t: Text) {
        self.ops.push(Op::Text(t));
    }

    /// Clips what follows to a rectangle until [`DisplayList::unclip`].
    pub fn clip(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.ops.push(Op::Save);
        self.ops.push(Op::Clip { x, y, w, h });
    }

    /// Ends the last [`DisplayList::clip`].
    pub fn unclip(&mut self) {
        self.ops.push(Op::Restore);
    }

    /// The texts, in order (for tests and tools).
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.ops.iter().filter_map(|op| match op {
            Op::Text(t) => Some(t),
            _ => None,
        })
    }
}

/// How wide a text is set, CSS px: the layout's only question about fonts.
pub trait Measure {
    /// The width of `text` in `font`, CSS px.
    fn width(&self, text: &str, font: Font) -> f64;
}

/// A width estimate from per-character widths of a typical sans-serif (DejaVu Sans, the
/// widest common one, so a layout made with it leaves room for the others): for native tests
/// and wherever no browser measures.
#[derive(Clone, Copy, Debug, Default)]
pub struct Approx;

impl Measure for Approx {
    fn width(&self, text: &str, font: Font) -> f64 {
        let em: f64 = text
            .chars()
            .map(|c| match c {
                'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.30,
                ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.38,
                'm' | 'w' | 'M' | 'W' | '%' => 0.90,
                'A'..='Z' => 0.70,
                _ => 0.62,
            })
            .sum();
        em * font.size * if font.bold { 1.08 } else { 1.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_from_hex_and_rgba_and_print_back() {
        let c = Colour::css("#0f1420");
        assert_eq!((c.r, c.g, c.b, c.a), (15, 20, 32, 1.0));
        assert_eq!(c.to_string(), "#0f1420");
        assert_eq!(Colour::css("#fff").hex(), "#ffffff");
        let l = Colour::css("rgba(148,163,184,0.16)");
        assert_eq!((l.r, l.g, l.b), (148, 163, 184));
        assert!((l.a - 0.16).abs() < 1e-12);
        assert_eq!(l.to_string(), "rgba(148,163,184,0.160)");
        assert_eq!(Colour::css("rgb(1, 2, 3)").hex(), "#010203");
        assert_eq!(Colour::css("banana").hex(), "#808080");
        assert_eq!(Colour::css("#12345").hex(), "#808080");
    }

    #[test]
    fn alpha_multiplies_and_mix_goes_part_of_the_way() {
        let c = Colour::css("#000000").alpha(0.5).alpha(0.5);
        assert_eq!(c.a, 0.25);
        let m = Colour::css("#000000").mix(Colour::css("#ffffff"), 0.6);
        assert_eq!(m.hex(), "#999999");
    }

    #[test]
    fn a_polyline_is_one_path_with_a_move_then_lines_and_one_point_draws_nothing() {
        let mut d = DisplayList::new(10.0, 10.0);
        let s = Stroke::solid(Colour::css("#fff"), 1.0);
        d.polyline(&[(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)], s);
        d.polyline(&[(5.0, 5.0)], s);
        assert_eq!(d.ops.len(), 1);
        let Op::Path { segs, .. } = &d.ops[0] else {
            panic!("a path")
        };
        assert_eq!(
            segs,
            &[
                Seg::Move(0.0, 0.0),
                Seg::Line(1.0, 1.0),
                Seg::Line(2.0, 0.0)
            ]
        );
    }

    #[test]
    fn approximate_widths_grow_with_the_text_and_the_font() {
        let a = Approx;
        let small = a.width("members", Font::px(10.0));
        assert!((30.0..60.0).contains(&small), "{small}");
        assert!(a.width("members", Font::px(20.0)) > 1.9 * small);
        assert!(a.width("iii", Font::px(10.0)) < a.width("mmm", Font::px(10.0)));
        assert_eq!(a.width("", Font::px(10.0)), 0.0);
    }
}
