//! Live metrics: charts, totals, leaders, and each failure's detection next to the prediction.

use super::chart::TimeChart;
use crate::model::Sample;
use crate::render::palette::Palette;
use crate::render::plot::ChartKind;
use crate::vocab::{dead_word, deaths_word};
use gossip_sim::Proto;
use std::rc::Rc;
use yew::prelude::*;

/// One failure, ready to show (times in ms after the crash).
#[derive(Clone, Debug, PartialEq)]
pub struct FailureRow {
    /// Crashed node.
    pub node: u32,
    /// Crash time, s.
    pub at_s: f64,
    /// First suspicion the crash caused, ms after the crash.
    pub first_ms: Option<f64>,
    /// Live members that already suspected it at the crash (not detections).
    pub suspected_at_crash: u32,
    /// Everyone suspects, ms after the crash.
    pub all_suspect_ms: Option<f64>,
    /// Everyone has it dead/removed, ms after the crash.
    pub all_dead_ms: Option<f64>,
    /// Recovered before being fully detected.
    pub closed: bool,
}

/// Props of [`MetricsPanel`].
#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    /// Messages sent, delivered, dropped; bytes.
    pub totals: (u64, u64, u64, u64),
    /// Latest messages/s and bytes/s.
    pub rates: (f64, f64),
    /// False suspicions and false deaths.
    pub false_positives: (u64, u64),
    /// Leaders followed now.
    pub leaders: Vec<u32>,
    /// Split brain so far, ms (after the first agreement).
    pub split_brain_ms: f64,
    /// In A/B, whose figures these are (`A`; B's are in the diff table).
    #[prop_or_default]
    pub run: Option<&'static str>,
    /// The cluster has agreed on one leader at least once (start-up is over).
    pub agreed: bool,
    /// Failures.
    pub failures: Vec<FailureRow>,
    /// Predicted first / full detection, ms, and how.
    pub prediction: (f64, f64, &'static str),
    /// Joins: (node, ms until everyone knows it).
    pub joins: Vec<(u32, Option<f64>)>,
    /// The charts' samples, oldest first.
    pub history: Rc<Vec<Sample>>,
    /// The charts' colours.
    pub palette: Palette,
    /// The protocol (its word for a dead member).
    pub proto: Proto,
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{:.2} s", v / 1000.0))
}

fn si(v: f64) -> String {
    if v >= 1e9 {
        format!("{:.2} G", v / 1e9)
    } else if v >= 1e6 {
        format!("{:.2} M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.1} k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// The metrics panel.
#[function_component(MetricsPanel)]
pub fn metrics_panel(p: &MetricsProps) -> Html {
    let (sent, delivered, dropped, bytes) = p.totals;
    html! {
        <section class="panel metrics" aria-label="Metrics">
            <h2>{ match p.run {
                Some(run) => format!("Metrics of run {run} (run B: the A/B table)"),
                None => "Metrics".to_string(),
            } }</h2>
            { leader_box(p) }
            <figure class="chart">
                <figcaption>{"Members: what the cluster believes, against the truth"}</figcaption>
                <TimeChart kind={ChartKind::Members} history={p.history.clone()} palette={p.palette}
                    proto={p.proto}
                    label={format!("Chart over virtual time of members alive to all, suspected by some and {} by some (the cluster's belief), and members actually down (the truth)", dead_word(p.proto))} />
            </figure>
            <figure class="chart">
                <figcaption>{ format!("Load: {} msg/s, {}B/s now", si(p.rates.0), si(p.rates.1)) }</figcaption>
                <TimeChart kind={ChartKind::Load} history={p.history.clone()} palette={p.palette}
                    proto={p.proto} label="Chart over virtual time of messages and bytes sent per second" />
            </figure>
            <dl class="totals">
                <dt>{"sent"}</dt><dd>{ si(sent as f64) }</dd>
                <dt>{"delivered"}</dt><dd>{ si(delivered as f64) }</dd>
                <dt>{"dropped"}</dt><dd>{ si(dropped as f64) }</dd>
                <dt>{"bytes"}</dt><dd>{ format!("{}B", si(bytes as f64)) }</dd>
                <dt title="times a live node marked a member suspect while that member was up (the same pair again counts again)">{"false suspicions"}</dt>
                <dd>{ p.false_positives.0 }</dd>
                <dt title="times a live node marked a member dead/removed while that member was up (the same pair again counts again)">{ format!("false {}", deaths_word(p.proto)) }</dt>
                <dd>{ p.false_positives.1 }</dd>
            </dl>
            { detections(p) }
            if !p.joins.is_empty() {
                <h3>{"Joins"}</h3>
                <ul class="joins">
                    { for p.joins.iter().map(|(n, t)| html! {
                        <li>{ format!("node {n}: everyone knows it after {}", ms(*t)) }</li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// Who leads: one leader, a split brain, or members still converging.
fn leader_box(p: &MetricsProps) -> Html {
    let split = p.leaders.len() > 1;
    html! {
        <div class={classes!("leader-box", (split && p.agreed).then_some("split"))} role="status">
            if split && !p.agreed {
                <span>{ format!("Converging: members are still learning about each other ({} leaders followed).", p.leaders.len()) }</span>
            } else if split {
                <strong>{ format!("⚠ Split brain: {} leaders followed ({})", p.leaders.len(),
                    p.leaders.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")) }</strong>
            } else if let Some(l) = p.leaders.first() {
                <span>{ format!("♛ Leader: node {l} (every live node follows it)") }</span>
            } else {
                <span>{"No live node."}</span>
            }
            <span class="sub">{ format!("split brain so far: {:.1} s", p.split_brain_ms / 1000.0) }</span>
        </div>
    }
}

/// The detection of each crash, measured and predicted.
fn detections(p: &MetricsProps) -> Html {
    html! {
        <>
        <h3>{"Failure detection"}</h3>
        if p.failures.is_empty() {
            <p class="hint">{"Crash a node to measure how long the cluster takes to notice."}</p>
        } else {
            <table class="detections">
                <caption class="sr-only">{"Detection of each crash, measured and predicted"}</caption>
                <thead><tr>
                    <th scope="col">{"node"}</th><th scope="col">{"crashed"}</th>
                    <th scope="col">{"first suspect"}</th><th scope="col">{"all suspect"}</th>
                    <th scope="col">{ format!("all {}", dead_word(p.proto)) }</th>
                </tr></thead>
                <tbody>
                    { for p.failures.iter().map(|f| html! {
                        <tr class={classes!(f.closed.then_some("closed"))}>
                            <td>{ f.node }</td>
                            <td>{ format!("{:.1} s", f.at_s) }</td>
                            <td title="the first suspicion the crash caused">
                                { ms(f.first_ms) }
                                if f.suspected_at_crash > 0 {
                                    <span class="note" title="suspicions under way at the crash are not detections">
                                        { format!(" ({} suspected it at the crash)", f.suspected_at_crash) }
                                    </span>
                                }
                            </td>
                            <td>{ ms(f.all_suspect_ms) }</td>
                            <td>{ ms(f.all_dead_ms) }</td>
                        </tr>
                    }) }
                    <tr class="predicted" title={p.prediction.2}>
                        <td colspan="2">{"predicted"}</td>
                        <td>{ format!("≈ {:.2} s", p.prediction.0 / 1000.0) }</td>
                        <td></td>
                        <td>{ format!("≈ {:.2} s", p.prediction.1 / 1000.0) }</td>
                    </tr>
                </tbody>
            </table>
            <p class="hint">{ p.prediction.2 }</p>
        }
        </>
    }
}
