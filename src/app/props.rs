//! Read-only props for the panels, computed from the model.

use crate::components::members_table::TableRow;
use crate::components::metrics::{FailureRow, MetricsProps};
use crate::model::Model;
use crate::model::log::LogLine;
use crate::render::palette::Palette;
use gossip_protocol::Status;
use gossip_sim::{NodeState, analysis};
use std::rc::Rc;

/// What the node panel shows.
pub struct NodeInfo {
    pub state: NodeState,
    pub counter: Option<u64>,
    pub leader: Option<u32>,
    pub rows: Rc<Vec<TableRow>>,
}

/// The selected node's facts and table; rows that differ from the truth come first.
pub fn node_panel(m: &Model) -> NodeInfo {
    let sim = m.sim();
    let Some(sel) = m.selected else {
        return NodeInfo {
            state: NodeState::Up,
            counter: None,
            leader: None,
            rows: Rc::new(Vec::new()),
        };
    };
    let next = m.countdowns(sel);
    let rows: Vec<TableRow> = sim
        .rows(sel)
        .into_iter()
        .map(|r| {
            let truth = sim.state(r.member);
            let wrong = r.member != sel
                && match truth {
                    NodeState::Up => r.status != Status::Alive,
                    NodeState::Crashed => r.status == Status::Alive,
                    NodeState::Left => matches!(r.status, Status::Alive | Status::Suspect),
                };
            TableRow {
                member: r.member,
                status: r.status,
                counter: r.counter,
                stamp_ms: r.stamp as f64 / 1000.0,
                wrong,
                truth,
                age_ms: sim.now().saturating_sub(r.stamp) as f64 / 1000.0,
                next: next(r.member, r.stamp),
            }
        })
        .collect();
    NodeInfo {
        state: sim.state(sel),
        counter: sim.own_counter(sel),
        leader: sim.metrics().leaders.of(sel),
        rows: Rc::new(rows),
    }
}

/// The metrics panel's props.
pub fn metrics(m: &Model, palette: Palette) -> MetricsProps {
    let sim = m.sim();
    let met = sim.metrics();
    let s = m.scenario();
    let now = sim.now();
    let after = |t: Option<u64>, at: u64| t.map(|t| (t - at) as f64 / 1000.0);
    let failures = met
        .failures
        .iter()
        .map(|f| FailureRow {
            node: f.node,
            at_s: f.at as f64 / 1e6,
            first_ms: after(f.first_suspect, f.at),
            suspected_at_crash: f.suspected_at_crash,
            all_suspect_ms: after(f.all_suspect, f.at),
            all_dead_ms: after(f.all_dead, f.at),
            closed: !f.open && f.all_dead.is_none(),
        })
        .collect();
    let p = analysis::predict(s);
    let last = m.history().last().copied().unwrap_or_default();
    MetricsProps {
        totals: (
            met.messages.sent,
            met.messages.delivered,
            met.messages.dropped,
            met.messages.bytes,
        ),
        rates: (last.msgs_per_s, last.bytes_per_s),
        false_positives: (met.false_suspicions, met.false_deaths),
        leaders: m.leader_set(),
        split_brain_ms: met.leaders.split_brain(now) as f64 / 1000.0,
        run: None,
        agreed: met.leaders.agreed_at.is_some(),
        failures,
        prediction: (p.first_ms, p.all_dead_ms, p.basis),
        joins: met
            .joins
            .iter()
            .map(|j| (j.node, after(j.all_know, j.at)))
            .collect(),
        history: Rc::new(m.history().to_vec()),
        palette,
        proto: s.proto,
    }
}

/// The event log's lines, from the simulator's kept trace.
pub fn log_lines(m: &Model) -> Rc<Vec<LogLine>> {
    Rc::new(crate::model::log::lines(
        m.sim().log().iter(),
        m.scenario().proto,
    ))
}

/// A text description of the canvas for screen readers.
pub fn canvas_label(m: &Model) -> String {
    let sim = m.sim();
    let met = sim.metrics();
    let mut down = 0;
    for id in 0..sim.node_count() {
        if sim.state(id) == NodeState::Crashed {
            down += 1;
        }
    }
    format!(
        "{} cluster of {} nodes on a {} topology: {} live, {} crashed. Click a node to select it.",
        m.scenario().proto.name(),
        sim.node_count(),
        m.scenario().topo.name(),
        met.live(),
        down
    )
}

/// The footer's scenario text: the canonical query, or "(defaults)".
pub fn query_text(query: &str) -> String {
    if query.is_empty() {
        "(defaults)".to_string()
    } else {
        query.to_string()
    }
}

/// The timeline's markers, folded for drawing.
pub fn markers(m: &Model) -> Vec<crate::render::markers::MarkerView> {
    use gossip_sim::milestones::MarkerKind;
    let all: Vec<(u64, &'static str, String)> = m
        .markers()
        .into_iter()
        .map(|k| {
            let class = match k.kind {
                MarkerKind::Script => "script",
                MarkerKind::Suspicion => "suspicion",
                MarkerKind::Death => "death",
                MarkerKind::Refutation => "refutation",
                MarkerKind::SplitStart => "split",
                MarkerKind::SplitEnd => "agree",
            };
            (k.at, class, k.text)
        })
        .collect();
    crate::render::markers::fold(&all, m.timeline().furthest())
}
