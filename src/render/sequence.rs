//! The sequence diagram: a space-time view of a few nodes (lanes across, time downwards),
//! drawn as an SVG document from a tapped replay of the run. Pure: the same text is shown in
//! the page and exported as a file.

use crate::model::{Diagram, MAX_LANES};
use crate::render::palette::message_colour as kind_colour;
use gossip_protocol::{Micros, NodeId, Status};
use gossip_sim::tap::{Fate, MsgRecord, TapRecord};
use std::fmt::Write as _;

const LANE_W: f64 = 86.0;
const LEFT: f64 = 64.0;
const TOP: f64 = 40.0;
const HEIGHT: f64 = 520.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A round step for the time axis: 1, 2 or 5 × 10^k µs, about `span / 8`.
fn tick_step(span: Micros) -> Micros {
    let target = (span / 8).max(1) as f64;
    let mag = 10f64.powf(target.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= target)
        .unwrap_or(10.0 * mag);
    step as Micros
}

/// The colours of the diagram's text, muted text and grid lines.
struct Ink {
    fg: &'static str,
    muted: &'static str,
    line: &'static str,
}

/// The diagram as an SVG document. Every message and mark carries `data-at` (its time, µs) so
/// that a click can seek there, and a `<title>` for hovering.
pub fn svg(d: &Diagram) -> String {
    let lanes = &d.lanes[..d.lanes.len().min(MAX_LANES)];
    let (t0, t1) = (d.window.0, d.window.1.max(d.window.0 + 1));
    let width = LEFT + LANE_W * lanes.len() as f64 + 40.0;
    let height = TOP + HEIGHT + 24.0;
    let ink = if d.dark {
        Ink {
            fg: "#e2e8f0",
            muted: "#94a3b8",
            line: "#334155",
        }
    } else {
        Ink {
            fg: "#0f172a",
            muted: "#64748b",
            line: "#cbd5e1",
        }
    };
    let x = |id: NodeId| {
        lanes
            .iter()
            .position(|&l| l == id)
            .map(|i| LEFT + LANE_W * (i as f64 + 0.5))
    };
    let y = |t: Micros| TOP + HEIGHT * (t.clamp(t0, t1) - t0) as f64 / (t1 - t0) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="sequence" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" font-family="system-ui, sans-serif" font-size="11">"#
    );
    s.push_str(r#"<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="context-stroke"/></marker></defs>"#);
    time_axis(&mut s, &ink, (t0, t1), width, &y);
    for &id in lanes {
        lane(&mut s, &ink, id, x(id).unwrap_or(0.0), Some(id) == d.member);
    }
    for r in d.records {
        if let Some(m) = r.msg() {
            message(&mut s, d, &x, &y, m);
            continue;
        }
        match *r {
            // Suspicion deadlines are told in the why panel's steps, not drawn.
            TapRecord::Msg { .. } | TapRecord::Deadline { .. } => {}
            TapRecord::Timer { at, node, ref text } => {
                if let Some(xx) = x(node) {
                    timer_mark(&mut s, &ink, (xx, y(at)), at, node, text);
                }
            }
            TapRecord::View {
                at,
                observer,
                to,
                via,
                ..
            } => {
                if let Some(xx) = x(observer) {
                    view_mark(&mut s, (xx, y(at)), at, observer, to, via);
                }
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// The time axis: a dashed line and a label at each tick.
fn time_axis(
    s: &mut String,
    ink: &Ink,
    (t0, t1): (Micros, Micros),
    width: f64,
    y: &dyn Fn(Micros) -> f64,
) {
    let step = tick_step(t1 - t0);
    let mut t = t0.div_ceil(step) * step;
    while t <= t1 {
        let yy = y(t);
        let _ = write!(
            s,
            r#"<line x1="{LEFT:.0}" x2="{:.0}" y1="{yy:.1}" y2="{yy:.1}" stroke="{}" stroke-dasharray="2 4"/><text x="{:.0}" y="{:.1}" fill="{}" text-anchor="end">{:.3} s</text>"#,
            width - 30.0,
            ink.line,
            LEFT - 6.0,
            yy + 4.0,
            ink.muted,
            t as f64 / 1e6
        );
        t += step;
    }
}

/// A member's lane: its name on top and a vertical line (red for the member asked about).
fn lane(s: &mut String, ink: &Ink, id: NodeId, xx: f64, asked: bool) {
    let (stroke, label) = if asked {
        ("#dc2626", format!("node {id} ●"))
    } else {
        (ink.muted, format!("node {id}"))
    };
    let _ = write!(
        s,
        r#"<text x="{xx:.1}" y="{:.0}" fill="{}" text-anchor="middle" font-weight="600">{label}</text><line x1="{xx:.1}" x2="{xx:.1}" y1="{TOP:.0}" y2="{:.0}" stroke="{stroke}" stroke-width="1.5" pointer-events="none"/>"#,
        TOP - 14.0,
        ink.fg,
        TOP + HEIGHT
    );
}

/// A timer that tells something, as a small ring on its member's lane. The routine ones
/// (every period, every probe's ack timer, relay expiry, and memberlist's gossip timer every
/// 200 ms under a profile) would bury the few that tell; the why panel's text tells the
/// probe's own timeout.
fn timer_mark(
    s: &mut String,
    ink: &Ink,
    (xx, yy): (f64, f64),
    at: Micros,
    node: NodeId,
    text: &str,
) {
    if text.starts_with("protocol period ends")
        || text.starts_with("gossip interval ends")
        || text.contains("expires")
        || text.contains("ack timeout")
    {
        return;
    }
    let _ = write!(
        s,
        r#"<g class="mark" data-at="{at}"><title>{:.3} s  node {node}: {}</title><circle cx="{xx:.1}" cy="{yy:.1}" r="3.5" fill="none" stroke="{}"/><text x="{:.1}" y="{:.1}" fill="{}" font-size="9">{}</text></g>"#,
        at as f64 / 1e6,
        esc(text),
        ink.muted,
        xx + 5.0,
        yy + 3.0,
        ink.muted,
        esc(&short_timer(text))
    );
}

/// A change of an observer's view, as a diamond in the new status's colour.
fn view_mark(
    s: &mut String,
    (xx, yy): (f64, f64),
    at: Micros,
    observer: NodeId,
    to: Status,
    via: Option<NodeId>,
) {
    let (colour, what) = match to {
        Status::Suspect => ("#f59e0b", "suspects"),
        Status::Dead => ("#dc2626", "dead"),
        Status::Alive => ("#22c55e", "alive"),
        Status::Left => ("#8b5cf6", "left"),
        Status::Unknown => return,
    };
    let how = via.map_or("first-hand".to_string(), |z| format!("from {z}"));
    let _ = write!(
        s,
        r#"<g class="mark" data-at="{at}"><title>{:.3} s  node {observer} {what} ({how})</title><rect x="{:.1}" y="{:.1}" width="8" height="8" transform="rotate(45 {xx:.1} {yy:.1})" fill="{colour}"/><text x="{:.1}" y="{:.1}" fill="{colour}" font-size="9">{what}</text></g>"#,
        at as f64 / 1e6,
        xx - 4.0,
        yy - 4.0,
        xx + 7.0,
        yy - 4.0
    );
}

/// A timer's name cut to what fits beside a lane: `ack timeout`, `suspicion timeout`, `tick`.
fn short_timer(text: &str) -> String {
    if text.contains("ack timeout") {
        "ack timeout".into()
    } else if text.contains("suspicion timeout") {
        "suspicion timeout".into()
    } else if text.starts_with("gossip period") {
        "tick".into()
    } else {
        text.split(' ').take(3).collect::<Vec<_>>().join(" ")
    }
}

type Msg = MsgRecord;

fn message(
    s: &mut String,
    d: &Diagram,
    x: &dyn Fn(NodeId) -> Option<f64>,
    y: &dyn Fn(Micros) -> f64,
    (at, from, to, kind, fate): Msg,
) {
    let (Some(x1), Some(x2)) = (x(from), x(to)) else {
        return;
    };
    let colour = kind_colour(kind);
    let label = kind.label();
    let (y1, t_end, lost, how) = match fate {
        Fate::Sent { arrives } => {
            let arrived = d.records.iter().find_map(|r| {
                let (a, f, t, k, fa) = r.msg()?;
                (a == arrives && f == from && t == to && k == kind).then_some(fa)
            });
            match arrived {
                Some(Fate::LostAtReceiver) => (y(at), arrives, true, "arrived at a down node"),
                _ => (y(at), arrives, false, "delivered"),
            }
        }
        Fate::LostInNetwork => (
            y(at),
            at + (d.window.1 - d.window.0) / 40,
            true,
            "lost in the network",
        ),
        Fate::Cut => (
            y(at),
            at + (d.window.1 - d.window.0) / 40,
            true,
            "dropped by a partition or a cut",
        ),
        _ => return,
    };
    let (x2, y2) = if matches!(fate, Fate::LostInNetwork | Fate::Cut) {
        ((x1 + x2) / 2.0, y(t_end))
    } else {
        (x2, y(t_end))
    };
    let dash = if lost {
        r#" stroke-dasharray="4 3""#
    } else {
        ""
    };
    let _ = write!(
        s,
        r#"<g class="msg" data-at="{at}"><title>{:.3} s  {label} {from} → {to}: {how}</title><line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="1.6"{dash} marker-end="url(#arrow)"/><line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="transparent" stroke-width="9" class="hit"/>"#,
        at as f64 / 1e6
    );
    if lost {
        let _ = write!(
            s,
            r##"<text x="{x2:.1}" y="{:.1}" fill="#dc2626" font-size="13" text-anchor="middle">×</text>"##,
            y2 + 4.0
        );
    }
    let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
    let _ = write!(
        s,
        r#"<text x="{mx:.1}" y="{:.1}" fill="{colour}" font-size="9" text-anchor="middle">{label}</text></g>"#,
        my - 3.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use gossip_protocol::MsgKind;

    #[test]
    fn messages_between_lanes_become_arrows_and_lost_ones_are_crossed() {
        let records = vec![
            TapRecord::Msg {
                at: 1_000_000,
                from: 1,
                to: 3,
                kind: MsgKind::Ping,
                fate: Fate::Sent { arrives: 1_050_000 },
            },
            TapRecord::Msg {
                at: 1_050_000,
                from: 1,
                to: 3,
                kind: MsgKind::Ping,
                fate: Fate::LostAtReceiver,
            },
            TapRecord::Msg {
                at: 1_500_000,
                from: 1,
                to: 2,
                kind: MsgKind::PingReq,
                fate: Fate::LostInNetwork,
            },
            TapRecord::Msg {
                at: 1_500_000,
                from: 1,
                to: 9,
                kind: MsgKind::PingReq,
                fate: Fate::Sent { arrives: 1_540_000 },
            },
        ];
        let out = svg(&Diagram {
            lanes: &[1, 2, 3],
            member: Some(3),
            window: (900_000, 2_100_000),
            records: &records,
            dark: true,
        });
        assert!(out.starts_with("<svg") && out.ends_with("</svg>"));
        assert_eq!(
            out.matches(r#"class="msg""#).count(),
            2,
            "node 9 is not a lane"
        );
        assert_eq!(out.matches('×').count(), 2);
        assert!(out.contains("ping 1 → 3: arrived at a down node"));
        assert!(out.contains("ping-req 1 → 2: lost in the network"));
        assert!(out.contains(r#"data-at="1000000""#));
        assert!(out.contains("node 3 ●"));
    }
}
