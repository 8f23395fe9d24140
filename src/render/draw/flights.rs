//! The messages in flight on the canvas: dots with trails, squares past [`MANY_FLIGHTS`], one
//! in N past [`DRAWN_FLIGHTS`] (with a line saying so), named in a lesson, one kind
//! highlighted by a lesson's step.

use super::{Scene, disc, label};
use crate::render::display::{Align, Baseline, Colour, DisplayList, Paint, Seg, Stroke, Text};
use crate::render::palette::message_colour;
use gossip_protocol::MsgKind;
use gossip_sim::Flight;

/// Past [`DRAWN_FLIGHTS`], a line at the bottom left says how many messages are drawn.
pub(super) fn flight_note(list: &mut DisplayList, s: &Scene) {
    let n = s.f.flights.len();
    if n <= DRAWN_FLIGHTS {
        return;
    }
    let text = format!(
        "{} messages in flight: 1 in {} drawn",
        crate::model::thousands(n),
        n.div_ceil(DRAWN_FLIGHTS)
    );
    list.text(Text {
        align: Align::Left,
        baseline: Baseline::Bottom,
        ..label(
            10.0,
            s.f.height - 8.0,
            text,
            12.0,
            Colour::css(s.f.palette.text),
        )
    });
}

/// Past this many messages in flight (thousands of members) each is a small square without
/// its trail: circles and trails by the thousand cost the canvas's rasterisation more than a
/// frame has, and at that density they read as a haze either way.
pub const MANY_FLIGHTS: usize = 600;

/// At most about this many messages in flight are drawn. A 10,000-member SWIM run starts
/// with some 16,000 in flight, whose squares alone took the canvas 25–40 ms to rasterise
/// (headless Chromium without a GPU, 2026-12-07); 4,000 read as the same haze, and a line
/// on the canvas says how many are drawn.
pub const DRAWN_FLIGHTS: usize = 4_000;

/// In a lesson, messages in flight are named (ping, ack…) when there are at most this many.
pub const NAMED_FLIGHTS: usize = 24;

/// Messages in flight: a dot moving from sender to receiver with a short trail back towards
/// the sender; a lost message fades and dies halfway; the selected node's are larger. In a
/// lesson, dots are larger, trails longer and, when few are in flight, each is named (the
/// names are returned, to be drawn on top).
pub(super) fn flights(list: &mut DisplayList, s: &Scene) -> Vec<Text> {
    let f = s.f;
    let many = f.flights.len() > MANY_FLIGHTS;
    let big = f.lesson && !many;
    let look = FlightLook {
        many,
        dot: if big {
            (s.r * 0.5).clamp(5.0, 7.0)
        } else {
            (s.r * 0.45).clamp(2.5, 4.5)
        },
        trail_len: if big { 0.3 } else { 0.12 },
        named: big && f.flights.len() <= NAMED_FLIGHTS,
        // Past DRAWN_FLIGHTS, one message in `stride` is drawn (in the queue's order, so every
        // kind keeps its share), and the selected member's all.
        stride: f.flights.len().div_ceil(DRAWN_FLIGHTS).max(1),
    };
    let mut names = Vec::new();
    // The highlighted kind last, on top of the others.
    let kinds = MsgKind::ALL.into_iter().filter(|&k| Some(k) != f.highlight);
    for kind in kinds.chain(f.highlight) {
        for lost in [false, true] {
            kind_flights(list, s, &look, (kind, lost), &mut names);
        }
    }
    names
        .into_iter()
        .map(|(x, y, kind, lost)| {
            let name = if lost {
                format!("{} (lost)", kind.label())
            } else {
                kind.label().to_string()
            };
            let colour = Colour::css(message_colour(kind)).alpha(if lost { 0.6 } else { 1.0 });
            label(x, y, name, 11.0, colour)
        })
        .collect()
}

/// How this frame draws its messages (see [`flights`]).
struct FlightLook {
    /// Past [`MANY_FLIGHTS`]: small squares without trails.
    many: bool,
    /// A message's radius, px.
    dot: f64,
    /// How much of its way a trail shows behind it.
    trail_len: f64,
    /// Few enough in a lesson to name each.
    named: bool,
    /// One message in this many is drawn.
    stride: usize,
}

/// The messages of one kind, lost or not, as one path of dots and one of trails; the names of
/// those to name go to `names`. With a kind highlighted (a lesson's step), the others fade
/// and only it is named and enlarged.
fn kind_flights(
    list: &mut DisplayList,
    s: &Scene,
    look: &FlightLook,
    (kind, lost): (MsgKind, bool),
    names: &mut Vec<(f64, f64, MsgKind, bool)>,
) {
    let f = s.f;
    let now = f.model.sim().now() as f64;
    let sel = f.model.selected;
    let mine = |fl: &Flight| sel.is_some_and(|n| fl.from == n || fl.to == n);
    let (faded, lit) = match f.highlight {
        Some(h) => (h != kind, h == kind),
        None => (false, false),
    };
    let dot = if lit { look.dot * 1.4 } else { look.dot };
    let (mut dots, mut trails) = (Vec::new(), Vec::new());
    for (_, fl) in
        f.flights.iter().enumerate().filter(|(i, fl)| {
            fl.kind == kind && fl.lost == lost && (i % look.stride == 0 || mine(fl))
        })
    {
        let (Some(a), Some(b)) = (s.px.get(fl.from as usize), s.px.get(fl.to as usize)) else {
            continue;
        };
        let span = (fl.arrives.saturating_sub(fl.sent)).max(1) as f64;
        let t = ((now - fl.sent as f64) / span).clamp(0.0, 1.0);
        // A lost message dies halfway.
        if lost && t > 0.5 {
            continue;
        }
        let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        let d = if mine(fl) { dot * 1.6 } else { dot };
        if look.many {
            dots.push(Seg::Rect(x - d * 0.8, y - d * 0.8, d * 1.6, d * 1.6));
            continue;
        }
        let back = (t - look.trail_len).max(0.0);
        trails.push(Seg::Move(
            a.0 + (b.0 - a.0) * back,
            a.1 + (b.1 - a.1) * back,
        ));
        trails.push(Seg::Line(x, y));
        disc(&mut dots, (x, y), d);
        // Named once clear of both members' discs (not under the sender's).
        let clear = |p: &(f64, f64)| (x - p.0).hypot(y - p.1) > s.r + d;
        if (look.named || lit) && !faded && clear(a) && clear(b) {
            names.push((x, y - d - 9.0, kind, lost));
        }
    }
    let colour = Colour::css(message_colour(kind));
    let alpha = match (lost, sel.is_some()) {
        (true, _) => 0.35,
        (false, true) => 0.75,
        (false, false) => 0.95,
    };
    let fade = if faded { 0.2 } else { 1.0 };
    list.path(dots, Paint::fill(colour.alpha(alpha * fade)));
    let trail = colour.alpha(if lost { 0.2 } else { 0.45 } * fade);
    list.path(trails, Paint::stroke(Stroke::solid(trail, look.dot * 0.9)));
}
