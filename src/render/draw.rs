//! The cluster canvas: [`build`] turns a [`Frame`] into a display list, layer by layer from the
//! back (pure, natively tested); [`draw`] replays it on the canvas (browser only).

use super::display::{Align, Baseline, Colour, DisplayList, Font, Paint, Seg, Stroke, Text};
use super::motion::{MarkKind, Motion, mark_hold, marks, pulse};
use super::palette::{Palette, look_colour, message_colour};
use crate::model::Model;
use crate::model::look::Look;
use gossip_protocol::{MsgKind, Status};
use gossip_sim::{FaultNow, Flight, NodeState};
use std::borrow::Cow;
use std::f64::consts::TAU;

/// Everything one frame draws.
pub struct Frame<'a> {
    /// The model.
    pub model: &'a Model,
    /// Messages in flight (and recently lost).
    pub flights: &'a [Flight],
    /// Leaders followed now.
    pub leaders: &'a [u32],
    /// Canvas size in CSS pixels.
    pub width: f64,
    /// Canvas size in CSS pixels.
    pub height: f64,
    /// Colour scheme.
    pub palette: Palette,
    /// The looks as last observed and their recent changes, which ease and pulse (None: drawn
    /// still, as in an export).
    pub motion: Option<&'a Motion>,
    /// A lesson is open: messages are drawn larger and, when few, named.
    pub lesson: bool,
    /// A lesson's step highlights this message kind: the others fade.
    pub highlight: Option<MsgKind>,
}

pub use crate::model::view::Viewport;

const SIDE_COLOURS: [&str; 4] = ["#60a5fa", "#f472b6", "#34d399", "#facc15"];

/// What every layer of one frame needs, computed once: the viewport, each member's position
/// in pixels, its radius and look, and who is dead only across a partition.
struct Scene<'a> {
    f: &'a Frame<'a>,
    vp: Viewport,
    n: usize,
    r: f64,
    px: Vec<(f64, f64)>,
    looks: Cow<'a, [Look]>,
    across: Vec<bool>,
}

impl<'a> Scene<'a> {
    fn of(f: &'a Frame<'a>) -> Scene<'a> {
        let m = f.model;
        let n = m.sim().node_count() as usize;
        let vp = Viewport::of(f.width, f.height, &m.view);
        let px: Vec<(f64, f64)> = m.layout.points.iter().map(|p| vp.to_px(p.x, p.y)).collect();
        // The looks the motion just read, when it read them all (not twice at 10,000 members).
        let looks = match f.motion {
            Some(motion) if motion.looks().len() == px.len() => Cow::Borrowed(motion.looks()),
            _ => Cow::Owned((0..px.len()).map(|i| m.look(i as u32)).collect()),
        };
        Scene {
            f,
            r: vp.node_radius(n),
            vp,
            n,
            px,
            looks,
            across: m.dead_across_only(),
        }
    }

    /// Whether a disc of radius `r` at `p` shows on the canvas (zoomed in, most do not).
    fn shown(&self, p: &(f64, f64), r: f64) -> bool {
        p.0 > -r && p.1 > -r && p.0 < self.f.width + r && p.1 < self.f.height + r
    }

    fn crashed(&self, i: usize) -> bool {
        self.f.model.sim().state(i as u32) == NodeState::Crashed
    }
}

/// Draws one frame on the canvas.
#[cfg(target_arch = "wasm32")]
pub fn draw(ctx: &web_sys::CanvasRenderingContext2d, f: &Frame) {
    let _ = super::canvas::replay(ctx, &build(f));
}

/// One frame as a display list, layer by layer from the back.
pub fn build(f: &Frame) -> DisplayList {
    let s = Scene::of(f);
    let mut list = DisplayList::new(f.width, f.height);
    list.background(Colour::css(f.palette.background));
    if f.model.links {
        links(&mut list, &s);
    }
    if f.model.sim().partitioned() {
        sides(&mut list, &s);
    }
    let names = flights(&mut list, &s);
    nodes(&mut list, &s);
    if let Some(big) = s.vp.enlarged_radius(s.n) {
        enlarged(&mut list, &s, big);
    }
    if let Some(motion) = f.motion {
        changes(&mut list, &s, motion);
    }
    // Opinion rings: how the live observers split on each node (cluster view, small clusters;
    // not during a partition, where the split is the partition itself).
    if f.model.selected.is_none() && s.n <= 200 && !f.model.sim().partitioned() {
        opinions(&mut list, &s);
    }
    if f.model.selected.is_none() && s.across.iter().any(|&a| a) {
        dead_across(&mut list, &s);
    }
    crosses(&mut list, &s);
    faults(&mut list, &s);
    crowns(&mut list, &s);
    selection(&mut list, &s);
    key_marks(&mut list, &s);
    // The node under the pointer.
    if let Some(p) = f.model.hover.and_then(|h| s.px.get(h as usize)) {
        let ring = Stroke::solid(Colour::css(f.palette.text), 1.5);
        list.circle(p.0, p.1, s.r.max(4.0) + 4.0, Paint::stroke(ring));
    }
    // Ids, when they fit (few members, or zoomed in far enough).
    if s.n <= 48 || s.r >= 7.0 {
        ids(&mut list, &s);
    }
    // Messages' names on top of the members they fly between.
    for name in names {
        list.text(name);
    }
    flight_note(&mut list, &s);
    list
}

/// Past [`DRAWN_FLIGHTS`], a line at the bottom left says how many messages are drawn.
fn flight_note(list: &mut DisplayList, s: &Scene) {
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

/// A full circle as a subpath.
fn disc(segs: &mut Vec<Seg>, (x, y): (f64, f64), r: f64) {
    segs.push(Seg::Move(x + r, y));
    segs.push(Seg::Arc {
        cx: x,
        cy: y,
        r,
        start: 0.0,
        end: TAU,
    });
}

/// Links, faint; those cut by a partition are left out.
fn links(list: &mut DisplayList, s: &Scene) {
    let (sim, px) = (s.f.model.sim(), &s.px);
    let topology = sim.topology();
    let mut segs = Vec::new();
    for i in 0..topology.len() {
        for j in topology.neighbours(i as u32).filter(|&j| j as usize > i) {
            if sim.side(i as u32) != sim.side(j) || j as usize >= px.len() || i >= px.len() {
                continue;
            }
            segs.push(Seg::Move(px[i].0, px[i].1));
            segs.push(Seg::Line(px[j as usize].0, px[j as usize].1));
        }
    }
    let link = Stroke::solid(Colour::css(s.f.palette.link), 1.0);
    list.path(segs, Paint::stroke(link));
}

/// Partition sides: a wide halo per side, outside every ring.
fn sides(list: &mut DisplayList, s: &Scene) {
    let sim = s.f.model.sim();
    for (i, p) in s.px.iter().enumerate() {
        let side = sim.side(i as u32) as usize;
        let colour = Colour::css(SIDE_COLOURS[side % SIDE_COLOURS.len()]).alpha(0.3);
        list.circle(p.0, p.1, s.r + 10.0, Paint::fill(colour));
    }
}

/// Nodes, batched by colour. A member dead only to the other side of a partition is drawn as
/// its own side sees it (alive), with a dashed red ring (`dead_across`). Nodes off the
/// canvas are skipped (zoomed in). At 2.5 px and under (thousands of members) a node is a
/// square of the disc's area at whole pixels, once per pixel and colour: the canvas fills
/// squares several times faster, and members on the same pixel would paint it again.
fn nodes(list: &mut DisplayList, s: &Scene) {
    let m = s.f.model;
    let tiny = s.r <= 2.5;
    let half = s.r * 0.886; // √π / 2: the square has the circle's area
    let mut painted = std::collections::HashSet::new();
    for look in Look::ALL {
        let mut segs = Vec::new();
        painted.clear();
        for (i, p) in s.px.iter().enumerate() {
            let drawn = if m.selected.is_none() && s.across.get(i).copied().unwrap_or(false) {
                Look::Alive
            } else {
                s.looks[i]
            };
            if drawn != look || !s.shown(p, s.r) {
                continue;
            }
            if tiny {
                let (x, y) = (p.0.round(), p.1.round());
                if painted.insert(((x as i64) << 32) | (y as i64 & 0xffff_ffff)) {
                    segs.push(Seg::Rect(x - half, y - half, 2.0 * half, 2.0 * half));
                }
            } else {
                disc(&mut segs, *p, s.r);
            }
        }
        list.path(segs, Paint::fill(Colour::css(look_colour(look))));
    }
}

/// Above ~200 members a node is a few px: those not believed alive are drawn larger and on
/// top, so that one crash among 2,000 stands out (the pointer picks them first: see
/// `Model::node_at_px`).
fn enlarged(list: &mut DisplayList, s: &Scene, big: f64) {
    for look in crate::model::ENLARGED_LOOKS {
        let mut segs = Vec::new();
        for (i, p) in s.px.iter().enumerate() {
            if s.looks[i] == look && s.shown(p, big) {
                disc(&mut segs, *p, big);
            }
        }
        list.path(segs, Paint::fill(Colour::css(look_colour(look))));
    }
    let mut rings = Vec::new();
    for (i, p) in s.px.iter().enumerate() {
        if s.crashed(i) {
            disc(&mut rings, *p, big + 2.0);
        }
    }
    let crashed = Stroke::solid(Colour::css(s.f.palette.crashed), 2.0);
    list.path(rings, Paint::stroke(crashed));
}

/// The radius a member is drawn at: enlarged (thousands of members) when its look is.
fn drawn_radius(s: &Scene, look: Look) -> f64 {
    match s.vp.enlarged_radius(s.n) {
        Some(big) if crate::model::ENLARGED_LOOKS.contains(&look) => big,
        _ => s.r,
    }
}

/// Recent changes of look: the member's colour between the old look's and the new one's (for
/// [`super::motion::EASE_MS`]), and a ring expanding once from it, in the new colour.
fn changes(list: &mut DisplayList, s: &Scene, motion: &Motion) {
    for (member, from, to, f) in motion.easing() {
        let i = member as usize;
        match s.px.get(i) {
            Some(p) if s.looks.get(i) == Some(&to) && s.shown(p, s.r) => {
                let c = Colour::css(look_colour(from)).mix(Colour::css(look_colour(to)), f);
                list.circle(p.0, p.1, drawn_radius(s, to), Paint::fill(c));
            }
            _ => {}
        }
    }
    for (c, elapsed) in motion.recent() {
        let Some(p) = s.px.get(c.member as usize) else {
            continue;
        };
        let Some(ring) = pulse(elapsed, drawn_radius(s, c.to)) else {
            continue;
        };
        if s.shown(p, ring.radius) {
            let colour = Colour::css(look_colour(c.to)).alpha(ring.alpha);
            let stroke = Stroke::solid(colour, ring.width);
            list.circle(p.0, p.1, ring.radius, Paint::stroke(stroke));
        }
    }
}

/// The run's first suspicion and its refutation, where they happen, for a while after (see
/// [`super::motion::marks`]): a ring on the member, a dashed line from the accuser, and words
/// on a plate beside it.
fn key_marks(list: &mut DisplayList, s: &Scene) {
    let m = s.f.model;
    let sim = m.sim();
    let hold = mark_hold(sim.params().period_ms);
    for mark in marks(&m.key_moments(), sim.now(), hold) {
        let Some(&p) = s.px.get(mark.member as usize) else {
            continue;
        };
        let look = match mark.kind {
            MarkKind::FirstSuspicion => Look::Suspected,
            MarkKind::Refutation => Look::Alive,
        };
        let colour = Colour::css(look_colour(look)).alpha(mark.alpha);
        let r = drawn_radius(s, s.looks[mark.member as usize]) + 7.0;
        if let Some(&from) = mark.by.and_then(|b| s.px.get(b as usize)) {
            let (dx, dy) = (p.0 - from.0, p.1 - from.1);
            let d = dx.hypot(dy).max(1.0);
            let end = (p.0 - dx / d * r, p.1 - dy / d * r);
            list.line(from, end, Stroke::dashed(colour, 2.0, 5.0, 4.0));
        }
        list.circle(p.0, p.1, r, Paint::stroke(Stroke::solid(colour, 2.5)));
        // The plate: outward from the layout's centre past the id, or inward past the crown
        // when outward runs off the canvas.
        let text = mark.label();
        let size = 13.0;
        let w = text.chars().count() as f64 * size * 0.56 + 12.0;
        let (cx, cy) = (s.vp.x0 + s.vp.size / 2.0, s.vp.y0 + s.vp.size / 2.0);
        let (dx, dy) = (p.0 - cx, p.1 - cy);
        let d = dx.hypot(dy);
        let (ux, uy) = if d < 1.0 {
            (0.0, -1.0)
        } else {
            (dx / d, dy / d)
        };
        let (xs, ys) = (
            (
                w / 2.0 + 4.0,
                (s.f.width - w / 2.0 - 4.0).max(w / 2.0 + 4.0),
            ),
            (14.0, (s.f.height - 14.0).max(14.0)),
        );
        let fits = |(x, y): (f64, f64)| x >= xs.0 && x <= xs.1 && y >= ys.0 && y <= ys.1;
        // Far enough along that direction for the whole plate (w × 22) to clear the ring: a
        // member on the ring's side needs half the plate's width, one at its top half its
        // height (a fixed 34 px put a side member's plate over the member).
        let reach = r + 8.0 + ux.abs() * w / 2.0 + uy.abs() * 11.0;
        let outward = (p.0 + ux * reach, p.1 + uy * reach);
        let inward = (p.0 - ux * (reach + 2.0), p.1 - uy * (reach + 2.0));
        let (x, y) = if fits(outward) || !fits(inward) {
            outward
        } else {
            inward
        };
        let (x, y) = (x.clamp(xs.0, xs.1), y.clamp(ys.0, ys.1));
        let plate = Colour::css(s.f.palette.background).alpha(0.85 * mark.alpha);
        list.rect(
            x - w / 2.0,
            y - 11.0,
            w,
            22.0,
            Paint {
                fill: Some(plate),
                stroke: Some(Stroke::solid(colour, 1.5)),
            },
        );
        let ink = Colour::css(s.f.palette.text).alpha(mark.alpha);
        list.text(label(x, y, text, size, ink));
    }
}

/// A dashed red ring around each member dead only to the other side of a partition.
fn dead_across(list: &mut DisplayList, s: &Scene) {
    let mut segs = Vec::new();
    for (_, p) in s.px.iter().enumerate().filter(|(i, _)| s.across[*i]) {
        disc(&mut segs, *p, s.r + 3.0);
    }
    let ring = Stroke::dashed(Colour::css(look_colour(Look::Dead)), 2.0, 3.0, 3.0);
    list.path(segs, Paint::stroke(ring));
}

/// Crashed nodes: a dark core and a cross, whatever the others believe.
fn crosses(list: &mut DisplayList, s: &Scene) {
    let k = s.r * 0.55;
    let mut segs = Vec::new();
    for (i, p) in s.px.iter().enumerate() {
        if s.crashed(i) {
            segs.push(Seg::Move(p.0 - k, p.1 - k));
            segs.push(Seg::Line(p.0 + k, p.1 + k));
            segs.push(Seg::Move(p.0 + k, p.1 - k));
            segs.push(Seg::Line(p.0 - k, p.1 + k));
        }
    }
    let cross = Stroke::solid(Colour::css(s.f.palette.crashed), (s.r / 3.5).max(1.2));
    list.path(segs, Paint::stroke(cross));
}

/// Slowed and paused members (the `slow` and `pause` faults): a dotted ring around a slowed
/// one (it reads every message late), two bars over a paused one (frozen, like a pause
/// button), both in the palette's fault colours. At thousands of members, where a node is a
/// few px, a faulty member is drawn at the enlarged radius in its own colour first, and a
/// paused one gets a ring as well, so that one pause among 2,000 stands out.
fn faults(list: &mut DisplayList, s: &Scene) {
    let sim = s.f.model.sim();
    let faulty: Vec<(usize, FaultNow)> = (0..s.px.len())
        .map(|i| (i, sim.fault_of(i as u32)))
        .filter(|(i, f)| !f.is_none() && s.shown(&s.px[*i], s.r + 12.0))
        .collect();
    if faulty.is_empty() {
        return;
    }
    let big = s.vp.enlarged_radius(s.n);
    let r = big.unwrap_or(s.r);
    if big.is_some() {
        for look in Look::ALL {
            let mut segs = Vec::new();
            for &(i, _) in faulty.iter().filter(|(i, _)| s.looks[*i] == look) {
                disc(&mut segs, s.px[i], r);
            }
            list.path(segs, Paint::fill(Colour::css(look_colour(look))));
        }
    }
    let (slowed, paused) = (
        Colour::css(s.f.palette.slowed),
        Colour::css(s.f.palette.paused),
    );
    let mut rings = Vec::new();
    for &(i, _) in faulty.iter().filter(|(_, f)| f.slow.is_some()) {
        disc(&mut rings, s.px[i], r + 4.0);
    }
    list.path(rings, Paint::stroke(Stroke::dashed(slowed, 2.0, 2.0, 2.0)));
    let is_paused = |f: &FaultNow| f.paused_until.is_some();
    if big.is_some() {
        let mut rings = Vec::new();
        for &(i, _) in faulty.iter().filter(|(_, f)| is_paused(f)) {
            disc(&mut rings, s.px[i], r + 2.0);
        }
        list.path(rings, Paint::stroke(Stroke::solid(paused, 2.0)));
    }
    // Two bars, each a quarter of the disc's width, as tall as 1.2 radii; never under 1.5 by
    // 6 px.
    let (w, h) = ((r * 0.45).max(1.5), (r * 1.2).max(6.0));
    let mut bars = Vec::new();
    for &(i, _) in faulty.iter().filter(|(_, f)| is_paused(f)) {
        let (x, y) = s.px[i];
        bars.push(Seg::Rect(x - w * 1.5, y - h / 2.0, w, h));
        bars.push(Seg::Rect(x + w * 0.5, y - h / 2.0, w, h));
    }
    list.path(
        bars,
        Paint {
            fill: Some(paused),
            stroke: Some(Stroke::solid(Colour::css(s.f.palette.background), 1.0)),
        },
    );
}

/// The selection, and what it is probing (SWIM).
fn selection(list: &mut DisplayList, s: &Scene) {
    let m = s.f.model;
    let Some(sel) = m.selected else { return };
    let Some(p) = s.px.get(sel as usize) else {
        return;
    };
    let colour = Colour::css(s.f.palette.selected);
    if let Some(t) = m.sim().probing(sel).and_then(|t| s.px.get(t as usize)) {
        list.line(*p, *t, Stroke::dashed(colour, 1.0, 4.0, 4.0));
    }
    list.circle(
        p.0,
        p.1,
        s.r + 6.0,
        Paint::stroke(Stroke::solid(colour, 2.5)),
    );
}

/// A text of the canvas: `size` px, in `colour`, centred on (x, y).
fn label(x: f64, y: f64, text: String, size: f64, colour: Colour) -> Text {
    Text {
        x,
        y,
        text,
        font: Font::px(size),
        colour,
        align: Align::Center,
        baseline: Baseline::Middle,
        rotate: 0.0,
    }
}

/// Each member's id, placed outward from the layout's centre.
fn ids(list: &mut DisplayList, s: &Scene) {
    let (f, vp) = (s.f, &s.vp);
    let colour = Colour::css(f.palette.text);
    for (i, p) in s.px.iter().enumerate() {
        if p.0 < -20.0 || p.1 < -20.0 || p.0 > f.width + 20.0 || p.1 > f.height + 20.0 {
            continue;
        }
        let (dx, dy) = (p.0 - (vp.x0 + vp.size / 2.0), p.1 - (vp.y0 + vp.size / 2.0));
        let d = dx.hypot(dy).max(1.0);
        let off = s.r + 12.0;
        let (x, y) = (p.0 + dx / d * off, p.1 + dy / d * off);
        list.text(label(x, y, i.to_string(), 12.0, colour));
    }
}

/// Most leaders drawn as crowns; past this (a split brain of hundreds, each member its own
/// leader) the crowns would merge into a band, so a line of text says how many there are.
pub const MAX_CROWNS: usize = 24;

/// Leaders: a gold crown beside the node on the side facing the layout's centre, where the
/// id label (placed outward) is not (a ring would read as an opinion ring).
fn crowns(list: &mut DisplayList, s: &Scene) {
    let f = s.f;
    let gold = Colour::css(f.palette.leader);
    if f.leaders.len() > MAX_CROWNS {
        let text = format!(
            "♛ {} leaders: too many to crown",
            crate::model::thousands(f.leaders.len())
        );
        list.text(Text {
            align: Align::Left,
            baseline: Baseline::Top,
            ..label(10.0, 8.0, text, 13.0, gold)
        });
        return;
    }
    let size = (s.r * 1.4).clamp(10.0, 16.0);
    let centre = (s.vp.x0 + s.vp.size / 2.0, s.vp.y0 + s.vp.size / 2.0);
    for &l in f.leaders {
        if let Some(p) = s.px.get(l as usize) {
            let (dx, dy) = (centre.0 - p.0, centre.1 - p.1);
            let d = dx.hypot(dy);
            // (A node at the centre itself: above it.)
            let (ux, uy) = if d < 1.0 {
                (0.0, -1.0)
            } else {
                (dx / d, dy / d)
            };
            let off = s.r + size * 0.6 + 1.0;
            list.text(label(
                p.0 + ux * off,
                p.1 + uy * off,
                "♛".into(),
                size,
                gold,
            ));
        }
    }
}

/// A thin ring around each node that not everyone believes alive, split in arcs proportional
/// to the live observers that believe it alive, suspect, or dead/removed.
fn opinions(list: &mut DisplayList, s: &Scene) {
    let met = s.f.model.sim().metrics();
    let ring = s.r + 2.5;
    for (i, p) in s.px.iter().enumerate() {
        let c = met.counts(i as u32);
        let parts = [
            (c[Status::Alive.index()], Look::Alive),
            (c[Status::Suspect.index()], Look::Suspected),
            (c[Status::Dead.index()], Look::Dead),
        ];
        let total: u32 = parts.iter().map(|x| x.0).sum();
        if total == 0 || parts[0].0 == total {
            continue;
        }
        let mut a = -std::f64::consts::FRAC_PI_2;
        for (count, look) in parts {
            if count == 0 {
                continue;
            }
            let sweep = TAU * f64::from(count) / f64::from(total);
            let start = (p.0 + ring * a.cos(), p.1 + ring * a.sin());
            let segs = vec![
                Seg::Move(start.0, start.1),
                Seg::Arc {
                    cx: p.0,
                    cy: p.1,
                    r: ring,
                    start: a,
                    end: a + sweep,
                },
            ];
            let arc = Stroke::solid(Colour::css(look_colour(look)), 2.5);
            list.path(segs, Paint::stroke(arc));
            a += sweep;
        }
    }
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
fn flights(list: &mut DisplayList, s: &Scene) -> Vec<Text> {
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::render::display::Op;
    use crate::render::palette::DARK;

    fn list_of(m: &Model, flights: &[Flight]) -> DisplayList {
        framed(m, flights, false, None)
    }

    /// Two messages halfway (clear of both ends): `kinds[0]` from member 0 to 1, `kinds[1]`
    /// from 2 to 3, on an 8-member ring at 0.5 s.
    fn halfway(kinds: [MsgKind; 2]) -> (Model, [Flight; 2]) {
        let mut m = Model::from_query("nodes=8");
        m.run_to(500_000, &mut || false);
        let fl = |i: u32, kind| Flight {
            from: i,
            to: i + 1,
            kind,
            sent: 0,
            arrives: 1_000_000,
            lost: false,
        };
        (m, [fl(0, kinds[0]), fl(2, kinds[1])])
    }

    /// The frame of `m` with `flights`, in a lesson or not, a kind highlighted or not.
    fn framed(
        m: &Model,
        flights: &[Flight],
        lesson: bool,
        highlight: Option<MsgKind>,
    ) -> DisplayList {
        build(&Frame {
            model: m,
            flights,
            leaders: &[],
            width: 800.0,
            height: 600.0,
            palette: DARK,
            motion: None,
            lesson,
            highlight,
        })
    }

    /// The paths stroked in `colour`, as their segments.
    fn stroked<'a>(list: &'a DisplayList, colour: &str) -> Vec<&'a Vec<Seg>> {
        let c = Colour::css(colour);
        list.ops
            .iter()
            .filter_map(|op| match op {
                Op::Path { segs, paint } if paint.stroke.is_some_and(|s| s.colour == c) => {
                    Some(segs)
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_crashed_member_is_crossed_and_every_member_is_labelled_in_a_small_cluster() {
        let mut m = Model::from_query("proto=swim&nodes=12&topo=full&ev=1s.crash.5");
        m.run_to(3_000_000, &mut || false);
        let list = list_of(&m, &[]);
        let crosses = stroked(&list, DARK.crashed);
        // One cross: two strokes of a move and a line each.
        assert_eq!(crosses.len(), 1);
        assert_eq!(crosses[0].len(), 4);
        let texts: Vec<&str> = list.texts().map(|t| t.text.as_str()).collect();
        let ids: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| t.parse::<u32>().is_ok())
            .collect();
        assert_eq!(ids.len(), 12, "{texts:?}");
        assert!(
            texts.iter().any(|t| t.starts_with("first suspicion, by")),
            "node 5's first suspicion is marked: {texts:?}"
        );
        assert!(ids.contains(&"5") && ids.contains(&"11"));
        assert!(
            matches!(list.ops[0], Op::Rect { .. }),
            "the background first"
        );
    }

    #[test]
    fn the_first_suspicions_plate_clears_its_member_on_every_side_of_the_ring() {
        // 16 members on a ring: 0 at the top, 4 at the right, 8 at the bottom, 12 at the left.
        for node in [0, 4, 8, 12] {
            let mut m = Model::from_query(&format!(
                "proto=swim&nodes=16&topo=full&seed=1&ev=1s.crash.{node}"
            ));
            let list = (2..40)
                .map(|s| {
                    m.run_to(s * 500_000, &mut || false);
                    list_of(&m, &[])
                })
                .find(|l| l.texts().any(|t| t.text.starts_with("first suspicion")))
                .expect("a first suspicion");
            let ring = list
                .ops
                .iter()
                .find_map(|op| match op {
                    Op::Circle { x, y, r, paint } if paint.fill.is_none() && *r >= 7.0 => {
                        Some((*x, *y, *r))
                    }
                    _ => None,
                })
                .expect("the mark's ring");
            let plate = list
                .ops
                .iter()
                .find_map(|op| match op {
                    Op::Rect { x, y, w, h, paint }
                        if paint.fill.is_some() && paint.stroke.is_some() && *w > 100.0 =>
                    {
                        Some((*x, *y, *w, *h))
                    }
                    _ => None,
                })
                .expect("the mark's plate");
            let (cx, cy, r) = ring;
            let (x, y, w, h) = plate;
            let apart = cx + r <= x || cx - r >= x + w || cy + r <= y || cy - r >= y + h;
            assert!(apart, "node {node}: ring {ring:?} under plate {plate:?}");
        }
    }

    /// The pause bars (filled in the paused colour): two rectangles per paused member.
    fn pause_bars(list: &DisplayList) -> Vec<Seg> {
        let c = Colour::css(DARK.paused);
        list.ops
            .iter()
            .filter_map(|op| match op {
                Op::Path { segs, paint } if paint.fill == Some(c) => Some(segs.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The dotted rings of slowed members, as (centre x, radius).
    fn slow_rings(list: &DisplayList) -> Vec<(f64, f64)> {
        let c = Colour::css(DARK.slowed);
        list.ops
            .iter()
            .filter_map(|op| match op {
                Op::Path { segs, paint }
                    if paint
                        .stroke
                        .is_some_and(|s| s.colour == c && s.dash.is_some()) =>
                {
                    Some(segs.clone())
                }
                _ => None,
            })
            .flatten()
            .filter_map(|s| match s {
                Seg::Arc { cx, r, .. } => Some((cx, r)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_paused_member_wears_pause_bars_while_paused_and_not_after() {
        let mut m = Model::from_query("proto=swim&nodes=8&topo=full&ev=1s.pause.3.4s");
        m.run_to(500_000, &mut || false);
        assert!(pause_bars(&list_of(&m, &[])).is_empty(), "before the pause");
        m.run_to(2_000_000, &mut || false);
        let bars = pause_bars(&list_of(&m, &[]));
        assert_eq!(bars.len(), 2, "two bars: {bars:?}");
        // Over node 3: both bars straddle its centre.
        let vp = Viewport::of(800.0, 600.0, &m.view);
        let p = m.layout.points[3];
        let (x, _) = vp.to_px(p.x, p.y);
        let centre = |s: &Seg| match *s {
            Seg::Rect(l, _, w, _) => l + w / 2.0,
            _ => f64::NAN,
        };
        assert!(
            centre(&bars[0]) < x && centre(&bars[1]) > x,
            "{bars:?} around {x}"
        );
        m.run_to(5_500_000, &mut || false);
        assert!(
            pause_bars(&list_of(&m, &[])).is_empty(),
            "the pause is over"
        );
    }

    #[test]
    fn a_slowed_member_has_a_dotted_ring_until_it_is_fast_again() {
        let q = "proto=swim&nodes=8&topo=full&ev=1s.slow.6.800ms,4s.fast.6";
        let mut m = Model::from_query(q);
        m.run_to(500_000, &mut || false);
        assert!(slow_rings(&list_of(&m, &[])).is_empty());
        m.run_to(2_000_000, &mut || false);
        let rings = slow_rings(&list_of(&m, &[]));
        let vp = Viewport::of(800.0, 600.0, &m.view);
        let p = m.layout.points[6];
        let (x, _) = vp.to_px(p.x, p.y);
        assert_eq!(rings.len(), 1);
        assert!((rings[0].0 - x).abs() < 1e-9);
        assert!(rings[0].1 > vp.node_radius(8), "outside the node");
        assert!(
            pause_bars(&list_of(&m, &[])).is_empty(),
            "slow is not paused"
        );
        m.run_to(4_500_000, &mut || false);
        assert!(slow_rings(&list_of(&m, &[])).is_empty(), "fast again");
    }

    #[test]
    fn at_two_thousand_members_fault_marks_are_drawn_at_the_enlarged_size() {
        let q = "proto=swim&nodes=2000&topo=full&ev=1s.pause.10.20s,1s.slow.20.800ms";
        let mut m = Model::from_query(q);
        m.run_to(1_500_000, &mut || false);
        let list = list_of(&m, &[]);
        let vp = Viewport::of(800.0, 600.0, &m.view);
        let big = vp
            .enlarged_radius(2000)
            .expect("nodes are enlarged at 2,000");
        assert!(vp.node_radius(2000) < 3.0);
        let rings = slow_rings(&list);
        assert_eq!(rings.len(), 1);
        assert!(rings[0].1 >= big + 4.0, "{rings:?}");
        let bars = pause_bars(&list);
        assert_eq!(bars.len(), 2);
        assert!(
            matches!(bars[0], Seg::Rect(_, _, _, h) if h >= 6.0),
            "bars readable at 2,000: {bars:?}"
        );
        let paused_ring = list.ops.iter().any(|op| {
            matches!(op, Op::Path { paint, .. }
                if paint.stroke.is_some_and(|s| s.colour == Colour::css(DARK.paused)))
        });
        assert!(paused_ring, "a ring around the paused member too");
    }

    #[test]
    fn thousands_of_members_are_squares_at_most_one_per_pixel_and_colour_without_labels() {
        let m = Model::from_query("proto=swim&nodes=3000&topo=full");
        let list = list_of(&m, &[]);
        assert_eq!(list.texts().count(), 0);
        let squares: usize = list
            .ops
            .iter()
            .map(|op| match op {
                Op::Path { segs, .. } => segs.iter().filter(|s| matches!(s, Seg::Rect(..))).count(),
                _ => 0,
            })
            .sum();
        assert!(squares > 0 && squares <= 3000, "{squares}");
        let mut pixels: Vec<(i64, i64)> = list
            .ops
            .iter()
            .flat_map(|op| match op {
                Op::Path { segs, .. } => segs.clone(),
                _ => Vec::new(),
            })
            .filter_map(|s| match s {
                Seg::Rect(x, y, w, h) => Some(((x + w / 2.0) as i64, (y + h / 2.0) as i64)),
                _ => None,
            })
            .collect();
        let all = pixels.len();
        pixels.sort_unstable();
        pixels.dedup();
        assert_eq!(pixels.len(), all, "a pixel is painted once per colour");
    }

    #[test]
    fn the_selected_member_is_ringed_with_a_dashed_line_to_the_member_it_probes() {
        let mut m = Model::from_query("proto=swim&nodes=8&topo=full");
        // A moment when node 2 is probing someone, and one when it is not.
        let mut t = 1_000_000;
        while m.sim().probing(2).is_none() {
            t += 10_000;
            m.run_to(t, &mut || false);
        }
        m.selected = Some(2);
        let list = list_of(&m, &[]);
        let c = Colour::css(DARK.selected);
        let ring = list.ops.iter().any(|op| {
            matches!(op, Op::Circle { paint, .. } if paint.stroke.is_some_and(|s| s.colour == c && s.dash.is_none()))
        });
        assert!(ring);
        let dashed = list.ops.iter().any(|op| match op {
            Op::Path { paint, .. } => paint
                .stroke
                .is_some_and(|s| s.colour == c && s.dash == Some((4.0, 4.0))),
            _ => false,
        });
        assert!(dashed, "a dashed line to the member it probes");
    }

    /// Circles stroked in `look`'s colour at `p`, fainter than `below`: (radius, alpha).
    fn rings_at(list: &DisplayList, p: (f64, f64), look: Look, below: f64) -> Vec<(f64, f64)> {
        let c = Colour::css(look_colour(look));
        list.ops
            .iter()
            .filter_map(|op| match op {
                Op::Circle { x, y, r, paint } => paint
                    .stroke
                    .filter(|s| (s.colour.r, s.colour.g, s.colour.b) == (c.r, c.g, c.b))
                    .filter(|s| s.colour.a < below)
                    .filter(|_| (x - p.0).abs() < 1e-6 && (y - p.1).abs() < 1e-6)
                    .map(|s| (*r, s.colour.a)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_change_of_look_eases_in_and_pulses_once_where_it_happens() {
        let mut m = Model::from_query("proto=swim&nodes=8&topo=full&ev=1s.crash.3&seed=1");
        let mut motion = Motion::default();
        m.run_to(900_000, &mut || false);
        motion.observe(&m, 0.0);
        let mut ms = 0.0;
        while m.look(3) == Look::Alive {
            let t = m.sim().now() + 20_000;
            m.run_to(t, &mut || false);
            ms += 16.0;
            motion.observe(&m, ms);
        }
        let frame = |motion: &Motion| {
            build(&Frame {
                model: &m,
                flights: &[],
                leaders: &[],
                width: 800.0,
                height: 600.0,
                palette: DARK,
                motion: Some(motion),
                lesson: false,
                highlight: None,
            })
        };
        let vp = Viewport::of(800.0, 600.0, &m.view);
        let p = m.layout.points[3];
        let at = vp.to_px(p.x, p.y);
        let r = vp.node_radius(8);
        motion.observe(&m, ms + 100.0);
        let list = frame(&motion);
        let rings = rings_at(&list, at, Look::Suspected, 0.95);
        assert_eq!(rings.len(), 1, "one pulse on node 3: {rings:?}");
        assert!(rings[0].0 > r + 3.0 && rings[0].1 < 0.9, "{rings:?}");
        // Its colour is on its way from green to amber.
        let (green, amber) = (
            Colour::css(look_colour(Look::Alive)),
            Colour::css(look_colour(Look::Suspected)),
        );
        let between = list.ops.iter().any(|op| {
            matches!(op, Op::Circle { x, y, paint, .. }
                if (x - at.0).abs() < 1e-6 && (y - at.1).abs() < 1e-6
                    && paint.fill.is_some_and(|c| c != green && c != amber && c.g > amber.g))
        });
        assert!(between, "an eased colour over node 3");
        motion.observe(&m, ms + super::super::motion::PULSE_MS);
        let list = frame(&motion);
        assert!(
            rings_at(&list, at, Look::Suspected, 0.95).is_empty(),
            "once"
        );
    }

    #[test]
    fn in_a_lesson_messages_are_larger_and_named_while_few_are_in_flight() {
        let (m, flights) = halfway([MsgKind::Heartbeat, MsgKind::Ping]);
        let at = |lesson| framed(&m, &flights, lesson, None);
        let names = |l: &DisplayList| -> Vec<String> {
            l.texts()
                .map(|t| t.text.clone())
                .filter(|t| t.parse::<u32>().is_err())
                .collect()
        };
        let dots = |l: &DisplayList| -> Vec<f64> {
            l.ops
                .iter()
                .flat_map(|op| match op {
                    Op::Path { segs, paint } if paint.fill.is_some() => segs.clone(),
                    _ => Vec::new(),
                })
                .filter_map(|s| match s {
                    Seg::Arc { r, .. } => Some(r),
                    _ => None,
                })
                .filter(|&r| r < 10.0)
                .collect()
        };
        let (plain, lesson) = (at(false), at(true));
        assert!(names(&plain).is_empty());
        assert_eq!(names(&lesson), ["heartbeat", "ping"]);
        assert!(dots(&plain).iter().all(|&r| r <= 4.5), "{:?}", dots(&plain));
        assert!(dots(&lesson).len() == 2 && dots(&lesson).iter().all(|&r| r >= 5.0));
    }

    #[test]
    fn a_highlighted_kind_is_named_enlarged_and_on_top_while_the_others_fade() {
        let (m, flights) = halfway([MsgKind::PingReq, MsgKind::Ping]);
        let list = framed(&m, &flights, false, Some(MsgKind::Ping));
        let names: Vec<_> = list
            .texts()
            .map(|t| t.text.clone())
            .filter(|t| t.parse::<u32>().is_err())
            .collect();
        assert_eq!(names, ["ping"], "only the highlighted kind is named");
        // Each message's dot: its fill's alpha and radius, in drawing order.
        let dots: Vec<(String, f64)> = list
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Path { segs, paint } => {
                    let r = segs.iter().find_map(|s| match s {
                        Seg::Arc { r, .. } if *r < 10.0 => Some(*r),
                        _ => None,
                    })?;
                    Some((paint.fill?.to_string(), r))
                }
                _ => None,
            })
            .collect();
        assert_eq!(dots.len(), 2, "{dots:?}");
        let (faded, lit) = (&dots[0], &dots[1]);
        assert!(lit.1 > faded.1, "the ping is larger: {dots:?}");
        let alpha = |c: &str| -> f64 {
            c.trim_end_matches(')')
                .rsplit(',')
                .next()
                .unwrap()
                .trim()
                .parse()
                .unwrap()
        };
        assert!(alpha(&faded.0) < 0.3 && alpha(&lit.0) > 0.9, "{dots:?}");
    }

    #[test]
    fn the_first_suspicion_is_marked_with_a_line_from_its_accuser_and_its_refutation_after() {
        let mut m = Model::from_query("proto=swim&nodes=16&topo=full&loss=10&seed=1");
        m.run_to(60_000_000, &mut || false);
        let k = m.key_moments();
        let (s, r) = (k.first_suspicion.unwrap(), k.refutation.unwrap());
        let texts = |m: &Model| -> Vec<String> {
            list_of(m, &[])
                .texts()
                .map(|t| t.text.clone())
                .filter(|t| t.parse::<u32>().is_err())
                .collect()
        };
        m.seek(s.at);
        assert_eq!(
            texts(&m),
            [format!("first suspicion, by {}", s.by.unwrap())]
        );
        let list = list_of(&m, &[]);
        let amber = Colour::css(look_colour(Look::Suspected));
        let dashed = list.ops.iter().any(|op| {
            matches!(op, Op::Path { paint, .. }
                if paint.stroke.is_some_and(|s| s.colour == amber && s.dash == Some((5.0, 4.0))))
        });
        assert!(dashed, "a dashed line from the accuser");
        m.seek(r.at);
        assert_eq!(texts(&m), ["refutes: alive"]);
        m.seek(r.at + mark_hold(m.sim().params().period_ms));
        assert!(texts(&m).is_empty(), "gone after its hold");
    }

    #[test]
    fn past_many_messages_in_flight_each_is_a_small_square_without_a_trail() {
        let m = Model::from_query("proto=swim&nodes=8&topo=full");
        let fl = |i: u32| Flight {
            from: i % 8,
            to: (i + 1) % 8,
            kind: MsgKind::Ping,
            sent: 0,
            arrives: 1_000_000_000,
            lost: false,
        };
        let few: Vec<Flight> = (0..10).map(fl).collect();
        let many: Vec<Flight> = (0..=MANY_FLIGHTS as u32).map(fl).collect();
        let segs = |list: &DisplayList| -> Vec<Seg> {
            list.ops
                .iter()
                .flat_map(|op| match op {
                    Op::Path { segs, .. } => segs.clone(),
                    _ => Vec::new(),
                })
                .collect()
        };
        let arcs = |v: &[Seg]| v.iter().filter(|s| matches!(s, Seg::Arc { .. })).count();
        let squares = |v: &[Seg]| v.iter().filter(|s| matches!(s, Seg::Rect(..))).count();
        let (a, b) = (segs(&list_of(&m, &[])), segs(&list_of(&m, &few)));
        assert_eq!(arcs(&b) - arcs(&a), 10, "ten dots");
        let c = segs(&list_of(&m, &many));
        assert_eq!(arcs(&c), arcs(&a), "no circles for the flights");
        assert_eq!(squares(&c) - squares(&a), MANY_FLIGHTS + 1);
        let lines = |v: &[Seg]| v.iter().filter(|s| matches!(s, Seg::Line(..))).count();
        assert_eq!(lines(&c), lines(&a), "no trails");
    }

    #[test]
    fn past_the_drawn_limit_one_message_in_stride_is_drawn_and_a_line_says_so() {
        let mut m = Model::from_query("proto=swim&nodes=8&topo=full");
        let fl = |i: u32| Flight {
            from: i % 8,
            to: (i + 1) % 8,
            sent: 0,
            arrives: 1_000_000,
            kind: MsgKind::ALL[(i % 2) as usize],
            lost: false,
        };
        let squares = |list: &DisplayList| -> usize {
            list.ops
                .iter()
                .map(|op| match op {
                    Op::Path { segs, .. } => {
                        segs.iter().filter(|s| matches!(s, Seg::Rect(..))).count()
                    }
                    _ => 0,
                })
                .sum()
        };
        let notes = |list: &DisplayList| -> Vec<String> {
            list.ops
                .iter()
                .filter_map(|op| match op {
                    Op::Text(t) if t.text.contains("in flight") => Some(t.text.clone()),
                    _ => None,
                })
                .collect()
        };
        let base = squares(&list_of(&m, &[]));
        let at_limit: Vec<Flight> = (0..DRAWN_FLIGHTS as u32).map(fl).collect();
        let list = list_of(&m, &at_limit);
        assert_eq!(
            squares(&list) - base,
            DRAWN_FLIGHTS,
            "all drawn at the limit"
        );
        assert!(notes(&list).is_empty());
        let over: Vec<Flight> = (0..3 * DRAWN_FLIGHTS as u32 + 5).map(fl).collect();
        let list = list_of(&m, &over);
        assert_eq!(squares(&list) - base, over.len().div_ceil(4), "one in four");
        assert_eq!(notes(&list), ["12,005 messages in flight: 1 in 4 drawn"]);
        // The selected member's messages are all drawn.
        m.selected = Some(3);
        let mine = over.iter().filter(|f| f.from == 3 || f.to == 3).count();
        let others = (0..over.len())
            .filter(|&i| i % 4 == 0 && !(over[i].from == 3 || over[i].to == 3))
            .count();
        assert_eq!(squares(&list_of(&m, &over)) - base, mine + others);
    }
}
