use super::*;
use crate::render::display::{Approx, Op, Seg};
use crate::render::palette::DARK;
use crate::sweep::form::Form;
use crate::sweep::job::answer;
use gossip_sim::Scenario;

/// A finished sweep of `values` (and a second key's), two seeds a point, 40 s each.
fn results(q: &str, values: &str, key2: Option<(&str, &str)>) -> Results {
    let s = Scenario::from_query(q).unwrap();
    let mut f = Form::suggest(&s, None, 2);
    f.values = values.into();
    if let Some((k, v)) = key2 {
        f.key2 = k.into();
        f.values2 = v.into();
    }
    f.seeds = "2".into();
    f.until = "40s".into();
    let plan = f.plan(&s).unwrap();
    let mut r = Results::new(1, &plan);
    for i in 0..plan.sweep.len() {
        assert!(r.record(answer(&plan.job(1, i), || 0.0)));
    }
    r.refresh();
    r
}

fn drawn(kind: PlotKind, r: &Results, selected: Option<usize>) -> Drawn {
    let d = PlotData {
        kind,
        results: r,
        tradeoff: Tradeoff::FirstSuspicion,
        selected,
        palette: &DARK,
    };
    build(&d, 560.0, 280.0, &Approx)
}

/// The polylines stroked in `colour` (no closed shapes), as their numbers of points.
fn lines_in(list: &DisplayList, colour: Colour) -> Vec<usize> {
    list.ops
        .iter()
        .filter_map(|op| match op {
            Op::Path { segs, paint }
                if paint.stroke.is_some_and(|s| s.colour == colour)
                    && !segs.contains(&Seg::Close)
                    && segs.len() > 2 =>
            {
                Some(segs.len())
            }
            _ => None,
        })
        .collect()
}

fn texts(list: &DisplayList) -> Vec<&str> {
    list.texts().map(|t| t.text.as_str()).collect()
}

const SWIM: &str = "proto=swim&nodes=16&topo=full";

#[test]
fn each_measure_of_each_series_is_one_line_through_every_point() {
    let r = results(SWIM, "1,2,3", Some(("loss", "0,5")));
    let d = drawn(PlotKind::Latency, &r, None);
    // Two series (loss 0 and 5), four measures each: median and mean of first suspicion and of
    // all-dead, one line of three points per measure and series.
    for series in 0..2 {
        assert_eq!(
            lines_in(&d.list, colour_of(series)),
            [3, 3, 3, 3],
            "series {series}"
        );
    }
    // Every point is hit once per measure.
    assert_eq!(d.hits.len(), 4 * 6);
    for p in 0..6 {
        assert_eq!(d.hits.iter().filter(|h| h.point == p).count(), 4);
    }
}

#[test]
fn the_legend_lists_the_measures_and_the_series_and_the_axes_are_titled() {
    let r = results(SWIM, "1,2,3", Some(("loss", "0,5")));
    for kind in PlotKind::ALL {
        let d = drawn(kind, &r, None);
        let t = texts(&d.list);
        assert!(
            t.contains(&"loss=0 %") && t.contains(&"loss=5 %"),
            "{kind:?}: {t:?}"
        );
        let titles = match kind {
            PlotKind::Latency => vec!["k", "seconds after the crash", "all dead"],
            PlotKind::FalsePositives => vec!["k", "per member-hour (log scale)", "first-hand"],
            PlotKind::Load => vec![
                "messages per member per second",
                "bytes per member per second",
                "bytes (right)",
            ],
            PlotKind::Tradeoff => vec![
                "false suspicions per member-hour (log scale)",
                "first suspicion, median (s)",
                "Pareto front for each loss (ringed)",
            ],
        };
        for title in titles {
            assert!(t.contains(&title), "{kind:?}: {title} in {t:?}");
        }
    }
}

#[test]
fn the_tradeoff_rings_the_front_and_the_picked_point_and_hits_each_point_once() {
    let r = results(SWIM, "1,2,3", None);
    let d = drawn(PlotKind::Tradeoff, &r, Some(1));
    let mut points: Vec<usize> = d.hits.iter().map(|h| h.point).collect();
    points.sort_unstable();
    assert_eq!(points, [0, 1, 2]);
    let circles: Vec<f64> = d
        .list
        .ops
        .iter()
        .filter_map(|op| match op {
            Op::Circle { r, .. } => Some(*r),
            _ => None,
        })
        .collect();
    let front = r.pareto(Tradeoff::FirstSuspicion).len();
    assert!(front >= 1);
    assert_eq!(
        circles.iter().filter(|&&r| r == 4.0).count(),
        3,
        "a disc a point"
    );
    assert_eq!(
        circles.iter().filter(|&&r| r == 6.5).count(),
        front,
        "front rings"
    );
    assert_eq!(circles.iter().filter(|&&r| r == 9.0).count(), 1, "the pick");
    // Each hit sits inside the plot area.
    for h in &d.hits {
        assert!(
            (52.0..=546.0).contains(&h.x) && (30.0..=244.0).contains(&h.y),
            "{h:?}"
        );
    }
}

#[test]
fn the_svg_export_is_balanced_and_holds_the_titles_and_the_points() {
    let r = results(SWIM, "1,2", None);
    for kind in PlotKind::ALL {
        let d = PlotData {
            kind,
            results: &r,
            tradeoff: Tradeoff::AllDead,
            selected: None,
            palette: &DARK,
        };
        let svg = svg(&d, &Approx);
        crate::render::svg::balanced_tags(&svg).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(svg.starts_with("<svg") && svg.contains(r#"width="720""#));
        assert!(svg.contains("<circle") || svg.contains("<rect"), "{kind:?}");
    }
    let tradeoff = PlotData {
        kind: PlotKind::Tradeoff,
        results: &r,
        tradeoff: Tradeoff::AllDead,
        selected: None,
        palette: &DARK,
    };
    let s = svg(&tradeoff, &Approx);
    assert!(
        s.contains("Pareto front (ringed)") && s.contains("all dead, median (s)"),
        "{s}"
    );
}

#[test]
fn a_categorical_key_labels_its_values_and_a_sweep_with_nothing_back_still_draws() {
    let r = {
        let s = Scenario::from_query(SWIM).unwrap();
        let mut f = Form::suggest(&s, None, 2);
        f.key = "topo".into();
        f.values = "full,ring".into();
        f.seeds = "1".into();
        f.until = "20s".into();
        let plan = f.plan(&s).unwrap();
        let empty = Results::new(2, &plan);
        let d = drawn(PlotKind::Latency, &empty, None);
        let t = texts(&d.list);
        assert!(
            t.contains(&"full") && t.contains(&"ring") && t.contains(&"topo"),
            "{t:?}"
        );
        assert!(d.hits.is_empty());
        empty
    };
    for kind in PlotKind::ALL {
        let d = drawn(kind, &r, None);
        assert!(!d.list.ops.is_empty());
    }
}
