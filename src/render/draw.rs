//! The canvas renderer: a pure function of a [`Frame`] (no state of its own).

use super::palette::{Palette, look_colour, message_colour};
use crate::model::Model;
use crate::model::look::Look;
use gossip_protocol::{MsgKind, Status};
use gossip_sim::{Flight, NodeState};
use std::f64::consts::TAU;
use web_sys::CanvasRenderingContext2d as Ctx;

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
    looks: Vec<Look>,
    across: Vec<bool>,
}

impl<'a> Scene<'a> {
    fn of(f: &'a Frame<'a>) -> Scene<'a> {
        let m = f.model;
        let n = m.sim().node_count() as usize;
        let vp = Viewport::of(f.width, f.height, &m.view);
        let px: Vec<(f64, f64)> = m.layout.points.iter().map(|p| vp.to_px(p.x, p.y)).collect();
        let looks = (0..px.len()).map(|i| m.look(i as u32)).collect();
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

/// Draws one frame, layer by layer from the back.
pub fn draw(ctx: &Ctx, f: &Frame) {
    let s = Scene::of(f);
    ctx.set_fill_style_str(f.palette.background);
    ctx.fill_rect(0.0, 0.0, f.width, f.height);
    if f.model.links {
        draw_links(ctx, &s);
    }
    if f.model.sim().partitioned() {
        draw_sides(ctx, &s);
    }
    draw_flights(ctx, f, &s.px, s.r);
    draw_nodes(ctx, &s);
    if let Some(big) = s.vp.enlarged_radius(s.n) {
        draw_enlarged(ctx, &s, big);
    }
    // Opinion rings: how the live observers split on each node (cluster view, small clusters;
    // not during a partition, where the split is the partition itself).
    if f.model.selected.is_none() && s.n <= 200 && !f.model.sim().partitioned() {
        draw_opinions(ctx, f, &s.px, s.r);
    }
    if f.model.selected.is_none() && s.across.iter().any(|&a| a) {
        draw_dead_across(ctx, &s);
    }
    draw_crosses(ctx, &s);
    draw_crowns(ctx, f, &s.px, s.r, &s.vp);
    draw_selection(ctx, &s);
    // The node under the pointer.
    if let Some(p) = f.model.hover.and_then(|h| s.px.get(h as usize)) {
        ctx.begin_path();
        let _ = ctx.arc(p.0, p.1, s.r.max(4.0) + 4.0, 0.0, TAU);
        ctx.set_stroke_style_str(f.palette.text);
        ctx.set_line_width(1.5);
        ctx.stroke();
    }
    // Ids, when they fit (few members, or zoomed in far enough).
    if s.n <= 48 || s.r >= 7.0 {
        draw_ids(ctx, &s);
    }
}

/// Links, faint; those cut by a partition are left out.
fn draw_links(ctx: &Ctx, s: &Scene) {
    let (sim, px) = (s.f.model.sim(), &s.px);
    ctx.begin_path();
    let topology = sim.topology();
    for i in 0..topology.len() {
        for j in topology.neighbours(i as u32).filter(|&j| j as usize > i) {
            if sim.side(i as u32) != sim.side(j) || j as usize >= px.len() || i >= px.len() {
                continue;
            }
            ctx.move_to(px[i].0, px[i].1);
            ctx.line_to(px[j as usize].0, px[j as usize].1);
        }
    }
    ctx.set_stroke_style_str(s.f.palette.link);
    ctx.set_line_width(1.0);
    ctx.stroke();
}

/// Partition sides: a wide halo per side, outside every ring.
fn draw_sides(ctx: &Ctx, s: &Scene) {
    let sim = s.f.model.sim();
    for (i, p) in s.px.iter().enumerate() {
        let side = sim.side(i as u32) as usize;
        ctx.begin_path();
        let _ = ctx.arc(p.0, p.1, s.r + 10.0, 0.0, TAU);
        ctx.set_fill_style_str(SIDE_COLOURS[side % SIDE_COLOURS.len()]);
        ctx.set_global_alpha(0.3);
        ctx.fill();
    }
    ctx.set_global_alpha(1.0);
}

/// Nodes, batched by colour. A member dead only to the other side of a partition is drawn as
/// its own side sees it (alive), with a dashed red ring (`draw_dead_across`). Nodes off the
/// canvas are skipped (zoomed in).
fn draw_nodes(ctx: &Ctx, s: &Scene) {
    let m = s.f.model;
    // Tiny dots (thousands of members) are drawn at whole pixels, once per pixel and colour:
    // members that land on the same pixel would paint the same square again.
    let tiny = s.r <= 2.5;
    let mut painted = std::collections::HashSet::new();
    for look in Look::ALL {
        ctx.begin_path();
        let mut any = false;
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
                    dot(ctx, (x, y), s.r);
                }
            } else {
                dot(ctx, *p, s.r);
            }
            any = true;
        }
        if any {
            ctx.set_fill_style_str(look_colour(look));
            ctx.fill();
        }
    }
}

/// Above ~200 members a node is a few px: those not believed alive are drawn larger and on
/// top, so that one crash among 2,000 stands out (the pointer picks them first: see
/// `Model::node_at_px`).
fn draw_enlarged(ctx: &Ctx, s: &Scene, big: f64) {
    for look in crate::model::ENLARGED_LOOKS {
        ctx.begin_path();
        let mut any = false;
        for (i, p) in s.px.iter().enumerate() {
            if s.looks[i] == look && s.shown(p, big) {
                ctx.move_to(p.0 + big, p.1);
                let _ = ctx.arc(p.0, p.1, big, 0.0, TAU);
                any = true;
            }
        }
        if any {
            ctx.set_fill_style_str(look_colour(look));
            ctx.fill();
        }
    }
    ctx.begin_path();
    for (i, p) in s.px.iter().enumerate() {
        if s.crashed(i) {
            ctx.move_to(p.0 + big + 2.0, p.1);
            let _ = ctx.arc(p.0, p.1, big + 2.0, 0.0, TAU);
        }
    }
    ctx.set_stroke_style_str(s.f.palette.crashed);
    ctx.set_line_width(2.0);
    ctx.stroke();
}

/// A dashed red ring around each member dead only to the other side of a partition.
fn draw_dead_across(ctx: &Ctx, s: &Scene) {
    let r = s.r;
    ctx.begin_path();
    for (_, p) in s.px.iter().enumerate().filter(|(i, _)| s.across[*i]) {
        ctx.move_to(p.0 + r + 3.0, p.1);
        let _ = ctx.arc(p.0, p.1, r + 3.0, 0.0, TAU);
    }
    ctx.set_stroke_style_str(look_colour(Look::Dead));
    ctx.set_line_width(2.0);
    let _ = ctx.set_line_dash(&js_sys::Array::of2(&3.0.into(), &3.0.into()));
    ctx.stroke();
    let _ = ctx.set_line_dash(&js_sys::Array::new());
}

/// Crashed nodes: a dark core and a cross, whatever the others believe.
fn draw_crosses(ctx: &Ctx, s: &Scene) {
    ctx.begin_path();
    for (i, p) in s.px.iter().enumerate() {
        if s.crashed(i) {
            let k = s.r * 0.55;
            ctx.move_to(p.0 - k, p.1 - k);
            ctx.line_to(p.0 + k, p.1 + k);
            ctx.move_to(p.0 + k, p.1 - k);
            ctx.line_to(p.0 - k, p.1 + k);
        }
    }
    ctx.set_stroke_style_str(s.f.palette.crashed);
    ctx.set_line_width((s.r / 3.5).max(1.2));
    ctx.stroke();
}

/// The selection, and what it is probing (SWIM).
fn draw_selection(ctx: &Ctx, s: &Scene) {
    let m = s.f.model;
    let Some(sel) = m.selected else { return };
    let Some(p) = s.px.get(sel as usize) else {
        return;
    };
    if let Some(t) = m.sim().probing(sel).and_then(|t| s.px.get(t as usize)) {
        ctx.begin_path();
        ctx.move_to(p.0, p.1);
        ctx.line_to(t.0, t.1);
        ctx.set_stroke_style_str(s.f.palette.selected);
        ctx.set_line_width(1.0);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.0.into(), &4.0.into()));
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    ctx.begin_path();
    let _ = ctx.arc(p.0, p.1, s.r + 6.0, 0.0, TAU);
    ctx.set_stroke_style_str(s.f.palette.selected);
    ctx.set_line_width(2.5);
    ctx.stroke();
}

/// Each member's id, placed outward from the layout's centre.
fn draw_ids(ctx: &Ctx, s: &Scene) {
    let (f, vp) = (s.f, &s.vp);
    ctx.set_fill_style_str(f.palette.text);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for (i, p) in s.px.iter().enumerate() {
        if p.0 < -20.0 || p.1 < -20.0 || p.0 > f.width + 20.0 || p.1 > f.height + 20.0 {
            continue;
        }
        let (dx, dy) = (p.0 - (vp.x0 + vp.size / 2.0), p.1 - (vp.y0 + vp.size / 2.0));
        let d = dx.hypot(dy).max(1.0);
        let off = s.r + 12.0;
        let _ = ctx.fill_text(&i.to_string(), p.0 + dx / d * off, p.1 + dy / d * off);
    }
}

/// Most leaders drawn as crowns; past this (a split brain of hundreds, each member its own
/// leader) the crowns would merge into a band, so a line of text says how many there are.
pub const MAX_CROWNS: usize = 24;

/// Leaders: a gold crown beside the node on the side facing the layout's centre, where the
/// id label (placed outward) is not (a ring would read as an opinion ring).
fn draw_crowns(ctx: &Ctx, f: &Frame, px: &[(f64, f64)], r: f64, vp: &Viewport) {
    ctx.set_fill_style_str(f.palette.leader);
    if f.leaders.len() > MAX_CROWNS {
        ctx.set_font("13px system-ui, sans-serif");
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        let text = format!(
            "♛ {} leaders: too many to crown",
            crate::model::thousands(f.leaders.len())
        );
        let _ = ctx.fill_text(&text, 10.0, 8.0);
        return;
    }
    let size = (r * 1.4).clamp(10.0, 16.0);
    ctx.set_font(&format!("{size}px system-ui, sans-serif"));
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let centre = (vp.x0 + vp.size / 2.0, vp.y0 + vp.size / 2.0);
    for &l in f.leaders {
        if let Some(p) = px.get(l as usize) {
            let (dx, dy) = (centre.0 - p.0, centre.1 - p.1);
            let d = dx.hypot(dy);
            // (A node at the centre itself: above it.)
            let (ux, uy) = if d < 1.0 {
                (0.0, -1.0)
            } else {
                (dx / d, dy / d)
            };
            let off = r + size * 0.6 + 1.0;
            let _ = ctx.fill_text("♛", p.0 + ux * off, p.1 + uy * off);
        }
    }
}

/// Adds a node's disc to the current path: a circle, or at 2.5 px and under (thousands of
/// members) a square of the same area, which the canvas fills several times faster and which
/// reads the same at that size.
fn dot(ctx: &Ctx, p: (f64, f64), r: f64) {
    if r <= 2.5 {
        let half = r * 0.886; // √π / 2: the square has the circle's area
        ctx.rect(p.0 - half, p.1 - half, 2.0 * half, 2.0 * half);
    } else {
        ctx.move_to(p.0 + r, p.1);
        let _ = ctx.arc(p.0, p.1, r, 0.0, TAU);
    }
}

/// A thin ring around each node that not everyone believes alive, split in arcs proportional
/// to the live observers that believe it alive, suspect, or dead/removed.
fn draw_opinions(ctx: &Ctx, f: &Frame, px: &[(f64, f64)], r: f64) {
    let met = f.model.sim().metrics();
    let ring = r + 2.5;
    ctx.set_line_width(2.5);
    for (i, p) in px.iter().enumerate() {
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
            ctx.begin_path();
            let _ = ctx.arc(p.0, p.1, ring, a, a + sweep);
            ctx.set_stroke_style_str(look_colour(look));
            ctx.stroke();
            a += sweep;
        }
    }
}

fn draw_flights(ctx: &Ctx, f: &Frame, px: &[(f64, f64)], r: f64) {
    let now = f.model.sim().now() as f64;
    let dot = (r * 0.45).clamp(2.5, 4.5);
    let sel = f.model.selected;
    let mine = |fl: &Flight| sel.is_some_and(|s| fl.from == s || fl.to == s);
    for kind in MsgKind::ALL {
        for lost in [false, true] {
            ctx.begin_path();
            let mut any = false;
            let mut trails = Vec::new();
            for fl in f
                .flights
                .iter()
                .filter(|fl| fl.kind == kind && fl.lost == lost)
            {
                let (Some(a), Some(b)) = (px.get(fl.from as usize), px.get(fl.to as usize)) else {
                    continue;
                };
                let span = (fl.arrives.saturating_sub(fl.sent)).max(1) as f64;
                let mut t = ((now - fl.sent as f64) / span).clamp(0.0, 1.0);
                if lost {
                    // A lost message dies halfway.
                    if t > 0.5 {
                        continue;
                    }
                    t = t.min(0.5);
                }
                let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                // A short trail back towards the sender shows the direction.
                let back = (t - 0.12).max(0.0);
                trails.push((a.0 + (b.0 - a.0) * back, a.1 + (b.1 - a.1) * back, x, y));
                let d = if mine(fl) { dot * 1.6 } else { dot };
                ctx.move_to(x + d, y);
                let _ = ctx.arc(x, y, d, 0.0, TAU);
                any = true;
            }
            if any {
                ctx.set_fill_style_str(message_colour(kind));
                let dim = sel.is_some() && !lost;
                ctx.set_global_alpha(if lost {
                    0.35
                } else if dim {
                    0.75
                } else {
                    0.95
                });
                ctx.fill();
                ctx.begin_path();
                for (x1, y1, x2, y2) in trails {
                    ctx.move_to(x1, y1);
                    ctx.line_to(x2, y2);
                }
                ctx.set_stroke_style_str(message_colour(kind));
                ctx.set_line_width(dot * 0.9);
                ctx.set_global_alpha(if lost { 0.2 } else { 0.45 });
                ctx.stroke();
            }
        }
    }
    ctx.set_global_alpha(1.0);
}
