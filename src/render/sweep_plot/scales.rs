//! The sweep plots' axes: the varied key's (numbers or categories), linear ones from 0, and
//! symlog ones for rates that span orders of magnitude.

use super::super::frame::Axis;
use super::super::plot;
use crate::sweep::results::Results;

/// The unit of a key's values, for the x axis's title.
fn key_title(key: &str) -> String {
    match key {
        "t" | "period" | "latency" | "gossip_interval" | "pushpull" => format!("{key} (ms)"),
        "loss" => "loss (%)".into(),
        _ => key.into(),
    }
}

/// "dead" for SWIM, "removed" for gossip, both when the protocol is varied.
pub(super) fn dead_word(r: &Results) -> &'static str {
    if r.keys().contains(&"proto") {
        return "dead/removed";
    }
    crate::vocab::dead_word(r.sweep.run(0).scenario.proto)
}

/// The x axis over the first key's values: numbers, or the values' labels on a categorical
/// axis.
pub(super) fn x_axis(r: &Results) -> Axis {
    let xs = r.x_positions();
    let title = key_title(r.keys()[0]);
    if let Some(labels) = r.x_labels() {
        let n = labels.len() as f64;
        let mut axis = Axis::new(-0.5, n - 0.5, &[], |_| String::new()).titled(title);
        axis.ticks = labels
            .into_iter()
            .enumerate()
            .map(|(i, l)| (i as f64, l))
            .collect();
        return axis;
    }
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    let pad = span * 0.06;
    let ticks = if xs.len() <= 8 {
        xs.clone()
    } else {
        let step = plot::nice_ceil(span / 6.0);
        let mut t = (lo / step).ceil() * step;
        let mut out = Vec::new();
        while t <= hi + step * 1e-9 {
            out.push(t);
            t += step;
        }
        out
    };
    Axis::new(lo - pad, hi + pad, &ticks, |v| plot::tick(v, "")).titled(title)
}

/// A linear y axis from 0 holding `values` (at least `floor`), with round ticks.
pub(super) fn y_axis(values: impl Iterator<Item = f64>, floor: f64, unit: &str) -> Axis {
    let max = values.filter(|v| v.is_finite()).fold(0.0, f64::max);
    let top = plot::nice_ceil((max * 1.08).max(floor));
    Axis::new(0.0, top, &plot::linear_ticks(top, 5), |v| {
        plot::tick(v, unit)
    })
}

/// A symlog axis (`log10(1 + v)`) over `values`: ticks at 0, 1, 10, 100, ... (and the top),
/// for rates that span orders of magnitude. Data on it is drawn at [`plot::symlog`] of itself.
pub(super) fn log_axis(values: impl Iterator<Item = f64>) -> Axis {
    let max = values.filter(|v| v.is_finite()).fold(0.0, f64::max);
    let top = plot::nice_ceil((max * 1.2).max(1.0));
    let mut ticks = vec![0.0];
    let mut t = 1.0;
    while t <= top * (1.0 + 1e-9) {
        ticks.push(t);
        t *= 10.0;
    }
    if top / ticks[ticks.len() - 1] >= 2.0 {
        ticks.push(top);
    }
    Axis {
        lo: 0.0,
        hi: plot::symlog(top),
        ticks: ticks
            .into_iter()
            .map(|t| (plot::symlog(t), plot::tick(t, "")))
            .collect(),
        title: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_axis_ticks_powers_of_ten_and_a_top_well_above_the_last() {
        let a = log_axis([767.0, 0.0, 12.0].into_iter());
        let labels: Vec<&str> = a.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels, ["0", "1", "10", "100", "1 k"]);
        assert_eq!(a.hi, plot::symlog(1000.0));
        let b = log_axis([30.0].into_iter());
        let labels: Vec<&str> = b.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(
            labels,
            ["0", "1", "10", "50"],
            "top 50 is 5× the last power"
        );
        assert_eq!(log_axis(std::iter::empty()).ticks.len(), 2, "0 and 1");
    }

    #[test]
    fn a_linear_axis_leaves_headroom_and_ignores_what_is_not_a_number() {
        let a = y_axis([7.6, f64::NAN, f64::INFINITY].into_iter(), 1.0, "B");
        assert_eq!(a.hi, 10.0, "7.6 × 1.08 rounded up");
        assert_eq!(a.ticks.last().map(|t| t.1.as_str()), Some("10 B"));
        assert_eq!(y_axis(std::iter::empty(), 1.0, "").hi, 1.0);
    }
}
