//! The diff table of an A/B run: detection per failure, false positives, and load, with the
//! better value marked. Lower is better for every row.

use crate::vocab::dead_word;
use gossip_sim::metrics::Failure;
use gossip_sim::{Proto, Simulation};

/// Which run a row favours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// One row of the diff table.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffRow {
    /// What is measured (with its unit).
    pub label: String,
    /// A's value, if there is one yet.
    pub a: Option<f64>,
    /// B's value, if there is one yet.
    pub b: Option<f64>,
    /// A's value as shown.
    pub a_text: String,
    /// B's value as shown.
    pub b_text: String,
    /// The better run: the lower value, or the only one that has a value (a failure detected
    /// by one run and not yet by the other). `None` on a tie or when neither has one.
    pub better: Option<Side>,
}

fn better(a: Option<f64>, b: Option<f64>) -> Option<Side> {
    match (a, b) {
        (Some(x), Some(y)) if x < y => Some(Side::A),
        (Some(x), Some(y)) if y < x => Some(Side::B),
        (Some(_), None) => Some(Side::A),
        (None, Some(_)) => Some(Side::B),
        _ => None,
    }
}

fn row(label: String, a: Option<f64>, b: Option<f64>, fmt: impl Fn(f64) -> String) -> DiffRow {
    let text = |v: Option<f64>| v.map_or_else(|| "not yet".to_string(), &fmt);
    DiffRow {
        a_text: text(a),
        b_text: text(b),
        better: better(a, b),
        label,
        a,
        b,
    }
}

/// "all dead" (SWIM), "all removed" (gossip), or both words when A and B differ in protocol.
fn all_dead(a: Proto, b: Proto) -> String {
    if a == b {
        format!("all {}", dead_word(a))
    } else {
        format!(
            "all {} / {}",
            dead_word(Proto::Swim),
            dead_word(Proto::Gossip)
        )
    }
}

/// Milliseconds from the crash to `t`.
fn after(t: Option<u64>, f: &Failure) -> Option<f64> {
    t.map(|t| t.saturating_sub(f.at) as f64 / 1000.0)
}

/// Messages (or bytes) per member per second of virtual time so far.
fn per_member_s(total: u64, sim: &dyn Simulation) -> Option<f64> {
    let secs = sim.now() as f64 / 1e6;
    let n = sim.node_count();
    (secs > 0.0 && n > 0).then(|| total as f64 / n as f64 / secs)
}

/// The rows comparing run A with run B as they stand now (both at the same virtual time).
/// Failures are paired in order: both runs share the event script, so the i-th crash is the
/// same scripted or clicked crash in both.
pub fn diff(a: &dyn Simulation, b: &dyn Simulation) -> Vec<DiffRow> {
    let (ma, mb) = (a.metrics(), b.metrics());
    let all = all_dead(a.scenario().proto, b.scenario().proto);
    // Whole milliseconds, cut as the CLI cuts them (27082.4 ms is 27082, not 27083).
    let ms = |v: f64| format!("{:.0} ms", v.floor());
    let count = |v: f64| format!("{v:.0}");
    let mut rows = Vec::new();
    for (fa, fb) in ma.failures.iter().zip(&mb.failures) {
        let what = format!("node {} crashed at {:.1} s", fa.node, fa.at as f64 / 1e6);
        rows.push(row(
            format!("{what}: first suspicion"),
            after(fa.first_suspect, fa),
            after(fb.first_suspect, fb),
            ms,
        ));
        rows.push(row(
            format!("{what}: {all}"),
            after(fa.all_dead, fa),
            after(fb.all_dead, fb),
            ms,
        ));
        if fa.suspected_at_crash + fb.suspected_at_crash > 0 {
            // Suspicions under way when it crashed: beside the detection, not counted in it.
            rows.push(row(
                format!("{what}: already suspected at the crash (members)"),
                Some(f64::from(fa.suspected_at_crash)),
                Some(f64::from(fb.suspected_at_crash)),
                count,
            ));
        }
    }
    let pairs = [
        (
            "false suspicions (events)",
            ma.false_suspicions,
            mb.false_suspicions,
        ),
        (
            "false suspicions (observer–member pairs)",
            ma.false_suspicion_pairs,
            mb.false_suspicion_pairs,
        ),
        ("false deaths (events)", ma.false_deaths, mb.false_deaths),
        (
            "false deaths (observer–member pairs)",
            ma.false_death_pairs,
            mb.false_death_pairs,
        ),
    ];
    for (label, x, y) in pairs {
        rows.push(row(label.into(), Some(x as f64), Some(y as f64), count));
    }
    rows.push(row(
        "messages per member per second".into(),
        per_member_s(ma.messages.sent, a),
        per_member_s(mb.messages.sent, b),
        |v| format!("{v:.2}"),
    ));
    rows.push(row(
        "bytes per member per second".into(),
        per_member_s(ma.messages.bytes, a),
        per_member_s(mb.messages.bytes, b),
        |v| format!("{v:.0} B"),
    ));
    rows
}
