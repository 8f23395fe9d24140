//! What the two live charts show and how they are scaled: series, ticks, quantile scale,
//! symlog scale, the plot's layout and the hover read-out. Pure (no browser types), so it is
//! tested natively; `chart.rs` hands the results to the plotting library.

use crate::model::Sample;
use gossip_sim::Proto;

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Members: the cluster's belief against the truth.
    Members,
    /// Load: messages and bytes sent per second.
    Load,
}

/// Which y axis a line is read against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// The left axis.
    Left,
    /// The right axis (the load chart's bytes/s).
    Right,
}

/// One line of a chart: what it counts, how it looks, where its value comes from.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    /// Legend text: says exactly what is counted.
    pub name: &'static str,
    /// Stroke colour.
    pub colour: &'static str,
    /// Drawn as a step (a value that holds until the next sample) and dashed: the truth.
    pub truth: bool,
    /// The axis it is read against.
    pub axis: Axis,
    /// Its value in a sample.
    pub value: fn(&Sample) -> f64,
}

/// The lines of `kind` in a run of `proto` (gossip removes a member, SWIM declares it dead).
pub fn lines(kind: ChartKind, proto: Proto) -> Vec<Line> {
    let dead_name = match proto {
        Proto::Gossip => "belief: removed by some",
        Proto::Swim => "belief: dead to some",
    };
    match kind {
        ChartKind::Members => vec![
            Line {
                name: "belief: alive to all",
                colour: "#22c55e",
                truth: false,
                axis: Axis::Left,
                value: |s| s.alive_to_all as f64,
            },
            Line {
                name: "belief: suspected by some",
                colour: "#f59e0b",
                truth: false,
                axis: Axis::Left,
                value: |s| s.suspected_by_some as f64,
            },
            Line {
                name: dead_name,
                colour: "#ef4444",
                truth: false,
                axis: Axis::Left,
                value: |s| s.dead_to_some as f64,
            },
            Line {
                name: "truth: actually down",
                colour: "#94a3b8",
                truth: true,
                axis: Axis::Left,
                value: |s| s.down as f64,
            },
        ],
        ChartKind::Load => vec![
            Line {
                name: "messages/s (left)",
                colour: "#38bdf8",
                truth: false,
                axis: Axis::Left,
                value: |s| s.msgs_per_s,
            },
            Line {
                name: "bytes/s (right)",
                colour: "#c084fc",
                truth: false,
                axis: Axis::Right,
                value: |s| s.bytes_per_s,
            },
        ],
    }
}

/// Where the plot sits in a canvas, CSS px: margins for the legend (top), the y labels (left,
/// right) and the time labels (bottom).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    /// Legend strip above the plot.
    pub top: f64,
    /// Left label area.
    pub left: f64,
    /// Right label area.
    pub right: f64,
    /// Time label area.
    pub bottom: f64,
}

impl Layout {
    /// The layout of `kind` in a `width`×`height` canvas (CSS px).
    pub fn new(kind: ChartKind, width: f64, height: f64) -> Layout {
        Layout {
            width,
            height,
            top: 24.0,
            left: 46.0,
            right: if kind == ChartKind::Load { 56.0 } else { 12.0 },
            bottom: 20.0,
        }
    }

    /// The plot's x range (CSS px).
    pub fn plot_x(&self) -> (f64, f64) {
        (self.left, (self.width - self.right).max(self.left + 1.0))
    }

    /// The time (s) under the pointer at `x` (CSS px), within `range`; None outside the plot.
    pub fn time_at(&self, x: f64, range: (f64, f64)) -> Option<f64> {
        let (x0, x1) = self.plot_x();
        if x < x0 - 2.0 || x > x1 + 2.0 {
            return None;
        }
        let f = ((x - x0) / (x1 - x0)).clamp(0.0, 1.0);
        Some(range.0 + f * (range.1 - range.0))
    }

    /// The x (CSS px) of time `t` (s) within `range`.
    pub fn x_of(&self, t: f64, range: (f64, f64)) -> f64 {
        let (x0, x1) = self.plot_x();
        let span = (range.1 - range.0).max(f64::MIN_POSITIVE);
        x0 + (t - range.0) / span * (x1 - x0)
    }
}

/// Shortest time axis, s: a run's first seconds are not stretched across the whole width.
pub const MIN_SPAN_S: f64 = 10.0;

/// The time axis, s: from the oldest sample to the newest (at least [`MIN_SPAN_S`] wide).
pub fn time_range(history: &[Sample]) -> (f64, f64) {
    let first = history.first().map_or(0.0, |s| s.at as f64 / 1e6);
    let last = history.last().map_or(0.0, |s| s.at as f64 / 1e6);
    (first, last.max(first + MIN_SPAN_S))
}

/// The smallest "nice" number (1, 2 or 5 × 10^k) at or above `v` (1 for `v` ≤ 0).
pub fn nice_ceil(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= v * (1.0 - 1e-12) {
            return m * p;
        }
    }
    10.0 * p
}

/// Ticks at a round step over `[lo, hi]`, at most about `max` of them. Time steps are 1, 2, 5,
/// 10, 15, 30 s, then 1, 2, 5, 10, 15, 30 min, ...
pub fn time_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    const STEPS: [f64; 14] = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0,
    ];
    let span = hi - lo;
    if span.is_nan() || span <= 0.0 || max == 0 {
        return Vec::new();
    }
    let step = STEPS
        .iter()
        .copied()
        .find(|s| span / s <= max as f64)
        .unwrap_or_else(|| nice_ceil(span / max as f64));
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi + 1e-9 {
        out.push(t);
        t += step;
    }
    out
}

/// Ticks of a linear axis from 0 to `top`, at a round step (1, 2 or 5 × 10^k), at most
/// `max` + 1 of them.
pub fn linear_ticks(top: f64, max: usize) -> Vec<f64> {
    if top.is_nan() || top <= 0.0 || max == 0 {
        return vec![0.0];
    }
    let step = nice_ceil(top / max as f64);
    (0..=max)
        .map(|i| i as f64 * step)
        .take_while(|t| *t <= top * (1.0 + 1e-9))
        .collect()
}

/// A time tick's label: "45 s", or "2:30" from two minutes on.
pub fn time_label(t: f64) -> String {
    let t = t.round() as i64;
    if t < 120 {
        format!("{t} s")
    } else {
        format!("{}:{:02}", t / 60, t % 60)
    }
}

/// The `q` quantile (0..=1) of `values` (nearest rank; 0 when empty; NaNs ignored).
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return 0.0;
    }
    gossip_sim::sort::by(&mut v, f64::total_cmp);
    let rank = (q.clamp(0.0, 1.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// A linear y axis that may clip a spike.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clipped {
    /// The axis' top.
    pub top: f64,
    /// The largest value, when it lies above `top` (drawn clipped and marked).
    pub clipped_max: Option<f64>,
}

/// The load chart's y axis for `values` (oldest first).
///
/// Why a quantile and not the maximum or a log scale: start-up (every member syncing or
/// joining at once) sends several times the steady rate for a few samples, and a y axis up to
/// that spike flattens the rest of the run into the floor; a log scale would keep it visible
/// but squeeze the steady state's real changes (a crash or loss changing the rate by 10–30%)
/// into a few pixels. So the axis ends at 1.25 × the 95th percentile of the samples, rounded
/// up to a nice number; a spike in fewer than 5% of the samples is drawn clipped at the top
/// and marked with its maximum. A change that lasts (more than 5% of the window) lifts the
/// axis, and the newest value is never clipped.
pub fn load_scale(values: &[f64]) -> Clipped {
    let max = values.iter().copied().fold(0.0, f64::max);
    let last = values.last().copied().unwrap_or(0.0);
    let top = nice_ceil((quantile(values, 0.95) * 1.25).max(last * 1.05));
    Clipped {
        top,
        clipped_max: (max > top).then_some(max),
    }
}

/// The members chart's y transform: log10(1 + v).
///
/// Why: the belief lines that matter (1 member suspected, 1 dead, 1 actually down) would lie
/// on the floor of a linear axis up to 1,000 members; on this symmetric log they rise to a
/// tenth of the height for one member, while 0 stays at 0 and "alive to all" sits near the top.
pub fn symlog(v: f64) -> f64 {
    (1.0 + v.max(0.0)).log10()
}

/// The members chart's top, in members: the most members any sample counted (every member
/// not gone is in exactly one belief line), at least 1.
pub fn member_top(history: &[Sample]) -> f64 {
    history
        .iter()
        .map(|s| (s.alive_to_all + s.suspected_by_some + s.dead_to_some).max(s.down))
        .max()
        .unwrap_or(0)
        .max(1) as f64
}

/// The members chart's y ticks (in members): 0, 1, 2, 5, 10, 20, 50, ... below `max`, and
/// `max` itself (the cluster's size) on top; only the powers of ten when that would make more
/// than `count` ticks.
pub fn member_ticks(max: f64, count: usize) -> Vec<f64> {
    let ticks = |mults: &[f64]| {
        let mut out = vec![0.0];
        let mut p = 1.0;
        'outer: loop {
            for m in mults {
                let t = m * p;
                // Skip a tick that would crowd the top one.
                if t >= max || symlog(max) - symlog(t) < 0.08 {
                    break 'outer;
                }
                out.push(t);
            }
            p *= 10.0;
        }
        if max > 0.0 {
            out.push(max);
        }
        out
    };
    let fine = ticks(&[1.0, 2.0, 5.0]);
    if fine.len() <= count {
        fine
    } else {
        ticks(&[1.0])
    }
}

/// A value and its SI prefix: (950, ""), (1.2, "k"), (3.40, "M").
fn prefixed(v: f64) -> (String, &'static str) {
    let a = v.abs();
    let (x, p) = if a >= 1e9 {
        (v / 1e9, "G")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let digits = if !p.is_empty() && x.abs() < 10.0 {
        2
    } else if x.abs() >= 10.0 || x == 0.0 {
        usize::from(!p.is_empty() && x.abs() < 100.0)
    } else {
        1
    };
    (format!("{x:.digits$}"), p)
}

/// A value with its SI prefix, before a unit: "950", "1.2 k", "3.40 M".
pub fn si(v: f64) -> String {
    match prefixed(v) {
        (x, "") => x,
        (x, p) => format!("{x} {p}"),
    }
}

/// An axis tick: "0", "2.5 k", "20 k", "1.5 M" (no trailing ".0", which ticks never need).
pub fn tick(v: f64, unit: &str) -> String {
    let (x, p) = prefixed(v);
    let x = if x.contains('.') {
        x.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        x
    };
    match (p, unit) {
        ("", "") => x,
        _ => format!("{x} {p}{unit}"),
    }
}

/// A value with its unit: "950 B/s", "56.0 kB/s".
pub fn with_unit(v: f64, unit: &str) -> String {
    let (x, p) = prefixed(v);
    format!("{x} {p}{unit}")
}

/// The samples a rate line is drawn from: all but a first sample at time 0, whose rate is
/// undefined (no time has passed) and stored as 0.
pub fn rated(history: &[Sample]) -> &[Sample] {
    match history.first() {
        Some(s) if s.at == 0 => &history[1..],
        _ => history,
    }
}

/// The samples `kind` draws and reads out: [`rated`] ones for the load chart, all for members.
pub fn drawn(kind: ChartKind, history: &[Sample]) -> &[Sample] {
    match kind {
        ChartKind::Members => history,
        ChartKind::Load => rated(history),
    }
}

/// The sample nearest to time `t` (s), if any.
pub fn nearest(history: &[Sample], t: f64) -> Option<&Sample> {
    let at = (t.max(0.0) * 1e6) as u64;
    let i = history.partition_point(|s| s.at < at);
    let before = i.checked_sub(1).map(|j| &history[j]);
    let after = history.get(i);
    match (before, after) {
        (Some(b), Some(a)) => Some(if at - b.at <= a.at - at { b } else { a }),
        (b, a) => b.or(a),
    }
}

/// One row of the hover read-out.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadoutRow {
    /// The line's legend text.
    pub name: &'static str,
    /// Its colour.
    pub colour: &'static str,
    /// The value, with its unit.
    pub value: String,
}

/// The hover read-out of `kind` at the sample `s`: its time, then one row per line.
pub fn readout(kind: ChartKind, proto: Proto, s: &Sample) -> (String, Vec<ReadoutRow>) {
    let rows = lines(kind, proto)
        .into_iter()
        .map(|l| {
            let v = (l.value)(s);
            let value = match (kind, l.axis) {
                (ChartKind::Members, _) => format!("{v:.0}"),
                (ChartKind::Load, Axis::Left) => format!("{} msg/s", si(v)),
                (ChartKind::Load, Axis::Right) => with_unit(v, "B/s"),
            };
            ReadoutRow {
                name: l.name,
                colour: l.colour,
                value,
            }
        })
        .collect();
    (format!("at {:.1} s", s.at as f64 / 1e6), rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(at_s: f64, msgs: f64) -> Sample {
        Sample {
            at: (at_s * 1e6) as u64,
            msgs_per_s: msgs,
            ..Sample::default()
        }
    }

    #[test]
    fn nice_ceil_rounds_up_to_one_two_or_five() {
        assert_eq!(nice_ceil(0.0), 1.0);
        assert_eq!(nice_ceil(-3.0), 1.0);
        assert_eq!(nice_ceil(1.0), 1.0);
        assert_eq!(nice_ceil(1.2), 2.0);
        assert_eq!(nice_ceil(3.0), 5.0);
        assert_eq!(nice_ceil(7.0), 10.0);
        assert_eq!(nice_ceil(120.0), 200.0);
        assert_eq!(nice_ceil(0.03), 0.05);
    }

    #[test]
    fn time_ticks_take_a_round_step_and_stay_inside_the_range() {
        assert_eq!(
            time_ticks(0.0, 10.0, 6),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(time_ticks(3.5, 62.0, 5), vec![15.0, 30.0, 45.0, 60.0]);
        let long = time_ticks(0.0, 600.0, 6);
        assert_eq!(long, vec![0.0, 120.0, 240.0, 360.0, 480.0, 600.0]);
        assert!(time_ticks(5.0, 5.0, 6).is_empty());
        assert!(time_ticks(0.0, 10.0, 0).is_empty());
    }

    #[test]
    fn linear_ticks_step_roundly_up_to_the_top() {
        assert_eq!(linear_ticks(200.0, 5), vec![0.0, 50.0, 100.0, 150.0, 200.0]);
        assert_eq!(
            linear_ticks(500.0, 5),
            vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0]
        );
        assert_eq!(linear_ticks(1.0, 5).len(), 6);
        assert_eq!(linear_ticks(0.0, 5), vec![0.0]);
    }

    #[test]
    fn time_labels_switch_to_minutes_from_two_minutes() {
        assert_eq!(time_label(45.0), "45 s");
        assert_eq!(time_label(119.6), "2:00");
        assert_eq!(time_label(150.0), "2:30");
    }

    #[test]
    fn quantile_is_nearest_rank_and_zero_when_empty() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.95), 95.0);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 100.0);
        assert_eq!(quantile(&[], 0.95), 0.0);
        assert_eq!(quantile(&[f64::NAN, 2.0], 0.5), 2.0);
    }

    #[test]
    fn a_start_up_spike_is_clipped_and_the_steady_state_fills_the_chart() {
        let mut v = vec![5000.0, 3000.0];
        v.extend(std::iter::repeat_n(100.0, 98));
        let s = load_scale(&v);
        assert_eq!(s.top, 200.0, "1.25 × p95 = 125, rounded up");
        assert_eq!(s.clipped_max, Some(5000.0));
    }

    #[test]
    fn a_lasting_rise_lifts_the_axis_and_the_newest_value_is_never_clipped() {
        let mut v = vec![100.0; 80];
        v.extend(std::iter::repeat_n(400.0, 20));
        assert_eq!(
            load_scale(&v),
            Clipped {
                top: 500.0,
                clipped_max: None
            }
        );
        let mut w = vec![100.0; 99];
        w.push(900.0);
        assert_eq!(load_scale(&w).top, 1000.0);
        assert_eq!(load_scale(&w).clipped_max, None);
    }

    #[test]
    fn load_scale_of_nothing_is_a_unit_axis() {
        assert_eq!(
            load_scale(&[]),
            Clipped {
                top: 1.0,
                clipped_max: None
            }
        );
        assert_eq!(load_scale(&[0.0, 0.0]).top, 1.0);
    }

    #[test]
    fn member_ticks_are_round_below_the_cluster_size() {
        assert_eq!(member_ticks(16.0, 7), vec![0.0, 1.0, 2.0, 5.0, 10.0, 16.0]);
        assert_eq!(
            member_ticks(1000.0, 12),
            vec![
                0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0
            ]
        );
        // Too many for the height: powers of ten.
        assert_eq!(member_ticks(1000.0, 7), vec![0.0, 1.0, 10.0, 100.0, 1000.0]);
        assert_eq!(member_ticks(500.0, 7), vec![0.0, 1.0, 10.0, 100.0, 500.0]);
        // 5 would crowd 6.
        assert_eq!(member_ticks(6.0, 7), vec![0.0, 1.0, 2.0, 6.0]);
        assert_eq!(member_ticks(0.0, 7), vec![0.0]);
    }

    #[test]
    fn member_top_is_the_largest_belief_total() {
        assert_eq!(member_top(&[]), 1.0);
        let s = Sample {
            alive_to_all: 14,
            suspected_by_some: 1,
            dead_to_some: 1,
            down: 2,
            ..Sample::default()
        };
        assert_eq!(member_top(&[Sample::default(), s]), 16.0);
    }

    #[test]
    fn one_member_of_a_thousand_rises_a_tenth_of_the_height_on_the_symlog() {
        let f = symlog(1.0) / symlog(1000.0);
        assert!((0.09..0.11).contains(&f), "{f}");
        assert_eq!(symlog(0.0), 0.0);
        assert_eq!(symlog(-1.0), 0.0);
    }

    #[test]
    fn layout_maps_pointer_to_time_and_back() {
        let l = Layout::new(ChartKind::Members, 400.0, 150.0);
        let range = (10.0, 30.0);
        let (x0, x1) = l.plot_x();
        assert_eq!(l.time_at(x0, range), Some(10.0));
        assert_eq!(l.time_at(x1, range), Some(30.0));
        let mid = l.time_at((x0 + x1) / 2.0, range).unwrap();
        assert!((mid - 20.0).abs() < 1e-9);
        assert!((l.x_of(mid, range) - (x0 + x1) / 2.0).abs() < 1e-9);
        assert_eq!(l.time_at(2.0, range), None, "over the y labels");
        assert_eq!(l.time_at(399.0, range), None, "right of the plot");
    }

    #[test]
    fn time_range_is_at_least_ten_seconds_and_empty_history_is_fine() {
        assert_eq!(time_range(&[]), (0.0, 10.0));
        assert_eq!(
            time_range(&[sample(0.0, 0.0), sample(3.0, 0.0)]),
            (0.0, 10.0)
        );
        assert_eq!(
            time_range(&[sample(5.0, 0.0), sample(65.0, 0.0)]),
            (5.0, 65.0)
        );
    }

    #[test]
    fn nearest_picks_the_closest_sample() {
        let h = [sample(0.0, 1.0), sample(1.0, 2.0), sample(2.0, 3.0)];
        assert_eq!(nearest(&h, 0.4).unwrap().msgs_per_s, 1.0);
        assert_eq!(nearest(&h, 0.6).unwrap().msgs_per_s, 2.0);
        assert_eq!(nearest(&h, 99.0).unwrap().msgs_per_s, 3.0);
        assert_eq!(nearest(&h, -5.0).unwrap().msgs_per_s, 1.0);
        assert!(nearest(&[], 1.0).is_none());
    }

    #[test]
    fn readout_names_belief_and_truth_with_units() {
        let s = Sample {
            at: 12_500_000,
            alive_to_all: 15,
            suspected_by_some: 1,
            dead_to_some: 0,
            down: 1,
            msgs_per_s: 1234.0,
            bytes_per_s: 56_000.0,
            ..Sample::default()
        };
        let (when, rows) = readout(ChartKind::Members, Proto::Gossip, &s);
        assert_eq!(when, "at 12.5 s");
        let text: Vec<String> = rows
            .iter()
            .map(|r| format!("{} {}", r.name, r.value))
            .collect();
        assert_eq!(
            text,
            [
                "belief: alive to all 15",
                "belief: suspected by some 1",
                "belief: removed by some 0",
                "truth: actually down 1"
            ]
        );
        let (_, rows) = readout(ChartKind::Load, Proto::Swim, &s);
        assert_eq!(rows[0].value, "1.23 k msg/s");
        assert_eq!(rows[1].value, "56.0 kB/s");
    }

    #[test]
    fn si_keeps_about_three_significant_digits() {
        assert_eq!(si(0.0), "0");
        assert_eq!(si(2.5), "2.5");
        assert_eq!(si(950.0), "950");
        assert_eq!(si(1234.0), "1.23 k");
        assert_eq!(si(56_000.0), "56.0 k");
        assert_eq!(si(560_000.0), "560 k");
        assert_eq!(si(3_400_000.0), "3.40 M");
        assert_eq!(with_unit(950.0, "B/s"), "950 B/s");
        assert_eq!(tick(20_000.0, "B"), "20 kB");
        assert_eq!(tick(2_500.0, ""), "2.5 k");
        assert_eq!(tick(50.0, ""), "50");
        assert_eq!(tick(0.0, "B"), "0 B");
    }

    #[test]
    fn rate_lines_skip_the_undefined_first_sample() {
        let h = [sample(0.0, 0.0), sample(1.0, 80.0)];
        assert_eq!(rated(&h).len(), 1);
        assert_eq!(rated(&h[1..]).len(), 1);
        assert!(rated(&[]).is_empty());
    }
}
