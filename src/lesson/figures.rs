//! A step's text with its numbers read from the run: `{name}` or `{name(3)}` / `{name(3,7)}`
//! placeholders, each computed from the model at the step's moment (its scenario, the
//! simulator's metrics and tables, the trace). A figure the run has not produced (nobody has
//! suspected node 3 yet) is an error naming it, never a made-up number.
//!
//! | placeholder | what |
//! |---|---|
//! | `t`, `nt`, `n`, `period`, `fanout`, `k`, `loss`, `nodes`, `degree` | the run's settings now |
//! | `now` | the run's time |
//! | `counter(o)`, `row_counter(o,m)`, `news_age(o,m)` | o's own heartbeat counter; the counter in o's row for m; how long ago that counter last rose, by o's clock |
//! | `crashed_at(x)` | when x last crashed |
//! | `when_suspected(m)`, `who_suspected(m)` | the first suspicion of m: when, by whom |
//! | `when_suspects(o)`, `whom_suspects(o)` | o's first suspicion: when, of whom |
//! | `suspicions_by(o)`, `removals_by(o)` | o's first suspicion (removal) of each member, in time order |
//! | `removals_of(m)` | each member's first removal of m, in time order |
//! | `when_dead(m)`, `who_declared_dead(m)` | the first death (removal) of m |
//! | `last_suspect`, `last_suspecter`, `last_suspected_at` | the latest suspicion |
//! | `refuter`, `refuted_at`, `incarnation` | the latest refutation |
//! | `sent(kind)` | messages of a kind sent so far (`ping`, `ping_req`, `ack`, `heartbeat`, `gossip`) |
//! | `false_suspicions`, `false_deaths` | the metrics' counts so far |
//! | `prev_at`, `since_prev`, `fs_prev`, `fs_since`, `fd_prev`, `fd_since` | the previous step's time, the time since, and the counts then and since |
//!
//! Lessons 2, 5 and 6 add their own (spread, leaders, faults): see [`super::run_figures`].

use super::Snapshot;
use crate::model::{Model, seconds};
use gossip_protocol::{Micros, MsgKind, NodeId, Status};
use gossip_sim::trace::{TraceEvent, TraceRecord};

/// `template` with every placeholder replaced by the run's figure; `prev` is the previous
/// step's snapshot (for the `*_prev` and `*_since` figures). Err names the first figure the
/// run has not produced or the template misspells.
pub fn fill(template: &str, m: &Model, prev: Option<Snapshot>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("unclosed placeholder in {template:?}"))?;
        out.push_str(&figure(&rest[open + 1..open + close], m, prev)?);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `template` with its placeholders removed (what is left to say when a figure is missing).
pub fn strip(template: &str) -> String {
    template
        .split('{')
        .map(|part| part.split_once('}').map_or(part, |(_, after)| after))
        .collect::<Vec<_>>()
        .join("…")
}

/// A span of ms as people write it: `500 ms`, `10 s`, `1.5 s`.
pub fn span_ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{} s", ms as f64 / 1000.0)
    }
}

fn args(call: &str) -> Result<(&str, Vec<&str>), String> {
    match call.split_once('(') {
        None => Ok((call.trim(), Vec::new())),
        Some((name, tail)) => {
            let inner = tail
                .strip_suffix(')')
                .ok_or_else(|| format!("placeholder {{{call}}} lacks its ')'"))?;
            Ok((name.trim(), inner.split(',').map(str::trim).collect()))
        }
    }
}

fn id(call: &str, a: &[&str], i: usize) -> Result<NodeId, String> {
    a.get(i).and_then(|s| s.parse().ok()).ok_or_else(|| {
        format!(
            "placeholder {{{call}}} needs a member id as argument {}",
            i + 1
        )
    })
}

/// The view changes in the kept trace: (time, observer, member, new status).
fn views(m: &Model) -> impl Iterator<Item = (Micros, NodeId, NodeId, Status)> + '_ {
    m.sim().log().iter().filter_map(|r| match r.event {
        TraceEvent::View {
            observer,
            member,
            to,
            ..
        } => Some((r.at, observer, member, to)),
        _ => None,
    })
}

/// `(time, other)` of the first change to `to` per other member, in time order; `by` picks
/// whether `x` is the observer (true) or the member (false).
fn firsts(m: &Model, x: NodeId, to: Status, by: bool) -> Vec<(Micros, NodeId)> {
    let mut seen = vec![false; m.sim().node_count() as usize];
    let mut out = Vec::new();
    for (at, o, mm, st) in views(m) {
        let (me, other) = if by { (o, mm) } else { (mm, o) };
        if me == x && st == to && !std::mem::replace(&mut seen[other as usize], true) {
            out.push((at, other));
        }
    }
    out
}

fn list(items: &[(Micros, NodeId)]) -> String {
    items
        .iter()
        .map(|&(at, id)| format!("node {id} at {}", seconds(at)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn last(m: &Model, pick: impl Fn(&TraceRecord) -> bool) -> Option<&TraceRecord> {
    m.sim().log().iter().rev().find(|r| pick(r))
}

fn kind(name: &str) -> Option<MsgKind> {
    Some(match name {
        "ping" => MsgKind::Ping,
        "ping_req" => MsgKind::PingReq,
        "ack" => MsgKind::Ack,
        "heartbeat" => MsgKind::Heartbeat,
        "gossip" => MsgKind::Gossip,
        _ => return None,
    })
}

fn figure(call: &str, m: &Model, prev: Option<Snapshot>) -> Result<String, String> {
    let (name, a) = args(call)?;
    let sim = m.sim();
    let p = sim.params();
    let none = || format!("the run has no {{{call}}} yet");
    let need_prev = || format!("{{{call}}} needs a previous step");
    let now = sim.now();
    let metrics = sim.metrics();
    Ok(match name {
        "t" => span_ms(p.t_ms),
        "nt" => span_ms(p.t_ms * u64::from(p.n)),
        "n" => p.n.to_string(),
        "period" => span_ms(p.period_ms),
        "fanout" => p.fanout.to_string(),
        "k" => p.k.to_string(),
        "loss" => format!("{} %", p.loss_pct),
        "nodes" => p.nodes.to_string(),
        "degree" => p.degree.to_string(),
        "now" => seconds(now),
        "counter" => sim
            .own_counter(id(call, &a, 0)?)
            .ok_or_else(none)?
            .to_string(),
        "row_counter" | "news_age" => {
            let (o, x) = (id(call, &a, 0)?, id(call, &a, 1)?);
            let row = sim
                .rows(o)
                .into_iter()
                .find(|r| r.member == x)
                .ok_or_else(none)?;
            if name == "row_counter" {
                row.counter.to_string()
            } else {
                seconds(now.saturating_sub(row.stamp))
            }
        }
        "crashed_at" => {
            let x = id(call, &a, 0)?;
            seconds(
                last(m, |r| r.event == TraceEvent::Crash(x))
                    .ok_or_else(none)?
                    .at,
            )
        }
        "when_suspected" | "who_suspected" | "when_suspects" | "whom_suspects" | "when_dead"
        | "who_declared_dead" => {
            let x = id(call, &a, 0)?;
            let by = matches!(name, "when_suspects" | "whom_suspects");
            let to = if name.ends_with("dead") {
                Status::Dead
            } else {
                Status::Suspect
            };
            let &(at, other) = firsts(m, x, to, by).first().ok_or_else(none)?;
            if name.starts_with("when") {
                seconds(at)
            } else {
                other.to_string()
            }
        }
        "suspicions_by" | "removals_by" | "removals_of" => {
            let x = id(call, &a, 0)?;
            let to = if name == "suspicions_by" {
                Status::Suspect
            } else {
                Status::Dead
            };
            let items = firsts(m, x, to, name != "removals_of");
            if items.is_empty() {
                return Err(none());
            }
            list(&items)
        }
        "last_suspect" | "last_suspecter" | "last_suspected_at" => {
            let r = last(m, |r| {
                matches!(
                    r.event,
                    TraceEvent::View {
                        to: Status::Suspect,
                        ..
                    }
                )
            })
            .ok_or_else(none)?;
            let TraceEvent::View {
                observer, member, ..
            } = r.event
            else {
                unreachable!("picked a view change");
            };
            match name {
                "last_suspect" => member.to_string(),
                "last_suspecter" => observer.to_string(),
                _ => seconds(r.at),
            }
        }
        "refuter" | "refuted_at" | "incarnation" => {
            let r = last(m, |r| matches!(r.event, TraceEvent::Refuted { .. })).ok_or_else(none)?;
            let TraceEvent::Refuted { node, incarnation } = r.event else {
                unreachable!("picked a refutation");
            };
            match name {
                "refuter" => node.to_string(),
                "incarnation" => incarnation.to_string(),
                _ => seconds(r.at),
            }
        }
        "sent" => {
            let k = a.first().and_then(|k| kind(k)).ok_or_else(|| {
                format!("{{{call}}}: name a kind (ping, ping_req, ack, heartbeat, gossip)")
            })?;
            crate::model::thousands(metrics.messages.sent_by_kind[k as usize] as usize)
        }
        "false_suspicions" => metrics.false_suspicions.to_string(),
        "false_deaths" => metrics.false_deaths.to_string(),
        "prev_at" => seconds(prev.ok_or_else(need_prev)?.at),
        "since_prev" => seconds(now.saturating_sub(prev.ok_or_else(need_prev)?.at)),
        "fs_prev" => prev.ok_or_else(need_prev)?.false_suspicions.to_string(),
        "fd_prev" => prev.ok_or_else(need_prev)?.false_deaths.to_string(),
        "fs_since" => (metrics
            .false_suspicions
            .saturating_sub(prev.ok_or_else(need_prev)?.false_suspicions))
        .to_string(),
        "fd_since" => (metrics
            .false_deaths
            .saturating_sub(prev.ok_or_else(need_prev)?.false_deaths))
        .to_string(),
        _ => {
            return super::run_figures::figure(name, &a, call, m)
                .unwrap_or_else(|| Err(format!("unknown placeholder {{{call}}}")));
        }
    })
}
