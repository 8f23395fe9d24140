//! The cluster canvas: [`build`] turns a [`Frame`] into a display list, layer by layer from the
//! back (pure, natively tested); [`draw`] replays it on the canvas (browser only).

use super::display::{Align, Baseline, Colour, DisplayList, Font, Paint, Seg, Stroke, Text};
use super::motion::{MarkKind, Motion, mark_hold, marks, pulse};
use super::palette::{Palette, look_colour};
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

mod flights;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use flights::{DRAWN_FLIGHTS, MANY_FLIGHTS, NAMED_FLIGHTS};
use flights::{flight_note, flights};

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
