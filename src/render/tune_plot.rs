//! The tune panel's plots as display lists (pure; painted by `render::canvas`), drawn from
//! the answer document ([`Answer`]):
//! - **goals**: one strip per goal, each point's estimate with its 95 % bounds (a bar from
//!   the lower to the upper bound; an arrow where nothing bounds it above yet) against the
//!   goal's limit (dashed), coloured by the point's verdict on that goal;
//! - **front**: the minimised metric against the binding goal's metric, every point coloured
//!   by its verdict, the front joined by a line, the recommended point ringed.

use super::display::{Align, Baseline, Colour, DisplayList, Font, Measure, Stroke};
use super::frame::{self, Axis, Frame, Margins, Mark};
use super::palette::Palette;
use super::plot::{linear_ticks, nice_ceil};
use crate::tune::answer::{Answer, Est, is_latency};
use gossip_sim::tune::goal::sig;

/// Height of one goal's strip, CSS px.
pub const STRIP_PX: f64 = 150.0;

/// The colour of a verdict: meets green, fails red, unsure amber, anything else grey.
pub fn verdict_colour(verdict: &str) -> Colour {
    Colour::css(match verdict {
        "meets" => "#16a34a",
        "fails" => "#dc2626",
        "unsure" => "#d97706",
        _ => "#64748b",
    })
}

/// A goal's limit and whether it is a latency (ms, shown in s), from its text.
fn limit_of(goal: &str) -> Option<f64> {
    gossip_sim::tune::Goal::parse(goal).ok().map(|g| g.limit)
}

/// `x` to three significant digits without trailing zeros (`50`, `0.5`).
fn short(x: f64) -> String {
    let s = sig(x);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Axis labels: ms as seconds for latencies.
fn label(v: f64, latency: bool) -> String {
    match (v == 0.0, latency) {
        (true, _) => "0".into(),
        (false, true) => format!("{} s", short(v / 1000.0)),
        (false, false) => short(v),
    }
}

/// The top of a strip's axis: the limit, the estimates and the upper bounds, a bound past
/// three times the rest cut off (drawn as an arrow).
fn top_of(limit: f64, ests: &[&Est]) -> f64 {
    let seen = ests
        .iter()
        .flat_map(|e| [e.value, Some(e.lower)])
        .flatten()
        .fold(limit, f64::max);
    let cap = 3.0 * seen.max(f64::MIN_POSITIVE);
    let upper = ests
        .iter()
        .filter_map(|e| e.upper)
        .map(|u| u.min(cap))
        .fold(seen, f64::max);
    nice_ceil(upper * 1.05)
}

/// The points' axis: a tick per point (every k-th past 12) labelled with its values only
/// (`3·on`), titled with the keys (`n · lifeguard`).
fn point_axis(a: &Answer, n: f64) -> Axis {
    let every = a.points.len().div_ceil(12).max(1);
    let ticks: Vec<f64> = (0..a.points.len())
        .step_by(every)
        .map(|i| i as f64)
        .collect();
    let values = |label: &str| -> Vec<String> {
        label
            .split(", ")
            .map(|kv| kv.split_once('=').map_or(kv, |(_, v)| v).to_string())
            .collect()
    };
    let keys: Vec<String> = a.points.first().map_or_else(Vec::new, |p| {
        p.label
            .split(", ")
            .map(|kv| kv.split_once('=').map_or(kv, |(k, _)| k).to_string())
            .collect()
    });
    let labels: Vec<String> = a
        .points
        .iter()
        .map(|p| values(&p.label).join("·"))
        .collect();
    Axis::new(-0.5, n - 0.5, &ticks, |v| {
        labels.get(v.round() as usize).cloned().unwrap_or_default()
    })
    .titled(format!("points: {}", keys.join(" · ")))
}

/// The goals plot, `width` wide, one [`STRIP_PX`] strip per goal.
pub fn goals(a: &Answer, palette: &Palette, width: f64, measure: &dyn Measure) -> DisplayList {
    let height = STRIP_PX * a.goals.len().max(1) as f64;
    let mut list = DisplayList::new(width, height);
    list.background(Colour::css(palette.background));
    let ink = Colour::css(palette.text);
    for (gi, goal) in a.goals.iter().enumerate() {
        strip(&mut list, a, gi, goal, ink, measure);
    }
    list
}

fn strip(list: &mut DisplayList, a: &Answer, gi: usize, goal: &str, ink: Colour, m: &dyn Measure) {
    let Some(limit) = limit_of(goal) else { return };
    let latency = is_latency(goal);
    let ests: Vec<&Est> = a.points.iter().filter_map(|p| p.goals.get(gi)).collect();
    let top = top_of(limit, &ests);
    let n = a.points.len().max(1) as f64;
    let x = point_axis(a, n);
    let y = Axis::new(0.0, top, &linear_ticks(top, 4), |v| label(v, latency));
    let y0 = STRIP_PX * gi as f64;
    let margins = Margins {
        top: y0 + 22.0,
        left: 58.0,
        right: 12.0,
        bottom: list.height - y0 - STRIP_PX + 26.0,
    };
    let f = Frame::new(list.width, list.height, margins, x, y);
    f.draw(list, ink, 10.0, m);
    let title = frame::text_at(
        f.x0,
        y0 + 6.0,
        goal,
        Font {
            size: 11.5,
            bold: true,
        },
        ink,
        Align::Left,
        Baseline::Top,
    );
    list.text(title);
    let limit_y = f.py(limit);
    list.line(
        (f.x0, limit_y),
        (f.x1, limit_y),
        Stroke::dashed(ink.alpha(0.8), 1.5, 5.0, 4.0),
    );
    for (i, p) in a.points.iter().enumerate() {
        let Some(e) = p.goals.get(gi) else { continue };
        let colour = verdict_colour(&e.verdict);
        let px = f.px(i as f64);
        let hi = e.upper.unwrap_or(f64::INFINITY).min(top);
        list.line(
            (px, f.py(e.lower.min(top))),
            (px, f.py(hi)),
            Stroke::solid(colour, 2.0),
        );
        if e.upper.is_none_or(|u| u > top) {
            let tip = f.py(top);
            list.polygon(
                &[(px - 4.0, tip + 6.0), (px + 4.0, tip + 6.0), (px, tip)],
                super::display::Paint::fill(colour),
            );
        }
        if let Some(v) = e.value {
            frame::mark(list, (px, f.py(v.min(top))), Mark::Circle, 3.5, colour);
        }
        if a.recommended == Some(p.index) {
            frame::mark(
                list,
                (px, f.py(e.value.unwrap_or(e.lower).min(top))),
                Mark::Ring,
                7.0,
                ink,
            );
        }
    }
}

/// The front plot (None without a minimised metric): the minimised metric against the
/// binding goal's metric.
pub fn front(
    a: &Answer,
    palette: &Palette,
    w: f64,
    h: f64,
    m: &dyn Measure,
) -> Option<DisplayList> {
    let minimize = a.minimize.as_ref()?;
    let gi = a.binding_goal();
    let goal = a.goals.get(gi)?;
    let latency = is_latency(goal);
    let pts: Vec<(usize, f64, f64, &str)> = a
        .points
        .iter()
        .filter_map(|p| {
            let x = p.goals.get(gi)?.value?;
            let y = p.minimize.as_ref()?.value?;
            Some((p.index, x, y, p.verdict.as_str()))
        })
        .collect();
    let mut list = DisplayList::new(w, h);
    list.background(Colour::css(palette.background));
    let ink = Colour::css(palette.text);
    let limit = limit_of(goal).unwrap_or(0.0);
    let xtop = nice_ceil(pts.iter().map(|p| p.1).fold(limit, f64::max) * 1.05);
    let ytop = nice_ceil(pts.iter().map(|p| p.2).fold(0.0, f64::max) * 1.05);
    let metric = goal.split(['<', '>']).next().unwrap_or(goal);
    let x = Axis::new(0.0, xtop, &linear_ticks(xtop, 5), |v| label(v, latency)).titled(metric);
    let y =
        Axis::new(0.0, ytop, &linear_ticks(ytop, 4), |v| label(v, false)).titled(minimize.clone());
    let margins = Margins {
        top: 14.0,
        left: 64.0,
        right: 14.0,
        bottom: 40.0,
    };
    let f = Frame::new(w, h, margins, x, y);
    f.draw(&mut list, ink, 10.0, m);
    let lx = f.px(limit);
    list.line(
        (lx, f.y0),
        (lx, f.y1),
        Stroke::dashed(ink.alpha(0.8), 1.5, 5.0, 4.0),
    );
    let mut on_front: Vec<(f64, f64)> = pts
        .iter()
        .filter(|p| a.front.contains(&p.0))
        .map(|p| f.at((p.1, p.2)))
        .collect();
    gossip_sim::sort::by(&mut on_front, |p, q| p.0.total_cmp(&q.0));
    list.polyline(&on_front, Stroke::solid(ink.alpha(0.5), 1.5));
    for &(index, x, y, verdict) in &pts {
        frame::mark(
            &mut list,
            f.at((x, y)),
            Mark::Circle,
            4.0,
            verdict_colour(verdict),
        );
        if a.recommended == Some(index) {
            frame::mark(&mut list, f.at((x, y)), Mark::Ring, 8.0, ink);
        }
    }
    Some(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::display::{Approx, Op};
    use crate::render::palette::LIGHT;
    use crate::tune::answer::PointAnswer;

    fn est(value: f64, lower: f64, upper: Option<f64>, verdict: &str) -> Est {
        Est {
            value: Some(value),
            lower,
            upper,
            verdict: verdict.into(),
            basis: String::new(),
        }
    }

    fn answer() -> Answer {
        let point = |index, g: Est, cost: f64, verdict: &str| PointAnswer {
            index,
            label: format!("n={index}"),
            verdict: verdict.into(),
            seeds: 4,
            goals: vec![g],
            minimize: Some(est(cost, cost, Some(cost), "")),
        };
        Answer {
            text: String::new(),
            goals: vec!["all_dead_p95<=20s".into()],
            minimize: Some("bytes_per_member_s".into()),
            recommended: Some(1),
            recommended_query: None,
            binding: Some("all_dead_p95<=20s".into()),
            front: vec![0, 1],
            runs: 12,
            points: vec![
                point(
                    0,
                    est(30_000.0, 25_000.0, Some(40_000.0), "fails"),
                    100.0,
                    "fails",
                ),
                point(
                    1,
                    est(12_000.0, 9_000.0, Some(15_000.0), "meets"),
                    200.0,
                    "meets",
                ),
                point(2, est(18_000.0, 10_000.0, None, "unsure"), 300.0, "unsure"),
            ],
        }
    }

    fn circles(list: &DisplayList, colour: Colour) -> usize {
        list.ops
            .iter()
            .filter(|op| matches!(op, Op::Circle { paint, .. } if paint.fill == Some(colour)))
            .count()
    }

    #[test]
    fn each_point_is_drawn_in_its_verdicts_colour_with_the_limit_and_the_recommendation() {
        let list = goals(&answer(), &LIGHT, 600.0, &Approx);
        assert_eq!(list.height, STRIP_PX);
        for v in ["meets", "fails", "unsure"] {
            assert_eq!(circles(&list, verdict_colour(v)), 1, "{v}");
        }
        let rings = list
            .ops
            .iter()
            .filter(|op| matches!(op, Op::Circle { paint, .. } if paint.stroke.is_some()))
            .count();
        assert_eq!(rings, 1, "the recommended point is ringed");
        assert!(list.texts().any(|t| t.text == "all_dead_p95<=20s"));
        assert!(
            list.texts().any(|t| t.text == "20 s"),
            "the axis reads seconds"
        );
        assert!(list.texts().any(|t| t.text == "0"), "zero reads 0");
        let arrows = list
            .ops
            .iter()
            .filter(|op| matches!(op, Op::Path { segs, .. } if segs.len() == 4))
            .count();
        assert!(arrows >= 1, "a point without an upper bound has an arrow");
    }

    #[test]
    fn the_front_needs_a_minimised_metric_and_joins_its_points() {
        let mut a = answer();
        let list = front(&a, &LIGHT, 400.0, 260.0, &Approx).expect("drawn");
        assert_eq!(circles(&list, verdict_colour("meets")), 1);
        assert!(list.texts().any(|t| t.text == "bytes_per_member_s"));
        a.minimize = None;
        assert!(front(&a, &LIGHT, 400.0, 260.0, &Approx).is_none());
    }

    #[test]
    fn each_point_is_labelled_with_its_values_under_the_keys_title() {
        let texts = |list: &DisplayList| -> Vec<String> {
            list.ops
                .iter()
                .filter_map(|op| match op {
                    Op::Text(t) => Some(t.text.clone()),
                    _ => None,
                })
                .collect()
        };
        let t = texts(&goals(&answer(), &LIGHT, 600.0, &Approx));
        for want in ["0", "1", "2", "points: n"] {
            assert!(t.iter().any(|x| x == want), "{want} in {t:?}");
        }
        // Two keys: values joined, keys in the title; past 12 points, every k-th.
        let mut a = answer();
        a.points = (0..30)
            .map(|i| PointAnswer {
                label: format!("n={}, lifeguard={}", 3 + i / 2, ["off", "on"][i % 2]),
                ..a.points[0].clone()
            })
            .collect();
        let t = texts(&goals(&a, &LIGHT, 900.0, &Approx));
        assert!(t.iter().any(|x| x == "points: n · lifeguard"), "{t:?}");
        assert!(
            t.iter().any(|x| x == "3·off") && t.iter().any(|x| x == "6·off"),
            "{t:?}"
        );
        assert!(
            !t.iter().any(|x| x == "3·on"),
            "every third point past 12: {t:?}"
        );
    }
}
