//! The canvas's display list, checked natively: what each layer draws for a run.

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
fn framed(m: &Model, flights: &[Flight], lesson: bool, highlight: Option<MsgKind>) -> DisplayList {
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
            Op::Path { segs, paint } if paint.stroke.is_some_and(|s| s.colour == c) => Some(segs),
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
                Op::Path { segs, .. } => segs.iter().filter(|s| matches!(s, Seg::Rect(..))).count(),
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
