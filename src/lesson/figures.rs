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
use crate::model::{Model, seconds, span_ms};
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
    if let Some(text) = setting(name, m) {
        return Ok(text);
    }
    let none = || format!("the run has no {{{call}}} yet");
    trace_figure(name, &a, call, m, &none)
        .or_else(|| count_figure(name, &a, call, m, prev))
        .or_else(|| super::run_figures::figure(name, &a, call, m))
        .unwrap_or_else(|| Err(format!("unknown placeholder {{{call}}}")))
}

/// The run's settings, and the time now.
fn setting(name: &str, m: &Model) -> Option<String> {
    let p = m.sim().params();
    Some(match name {
        "t" => span_ms(p.t_ms),
        "nt" => span_ms(p.t_ms * u64::from(p.n)),
        "n" => p.n.to_string(),
        "period" => span_ms(p.period_ms),
        "fanout" => p.fanout.to_string(),
        "k" => p.k.to_string(),
        "loss" => format!("{} %", p.loss_pct),
        "nodes" => p.nodes.to_string(),
        "degree" => p.degree.to_string(),
        "now" => seconds(m.sim().now()),
        _ => return None,
    })
}

/// Figures read from a member's table or the trace: counters, crashes, suspicions,
/// removals, refutations.
fn trace_figure(
    name: &str,
    a: &[&str],
    call: &str,
    m: &Model,
    none: &dyn Fn() -> String,
) -> Option<Result<String, String>> {
    type Read = fn(&str, &[&str], &str, &Model, &dyn Fn() -> String) -> Result<String, String>;
    let read: Read = match name {
        "counter" | "row_counter" | "news_age" | "crashed_at" => table_figure,
        "when_suspected" | "who_suspected" | "when_suspects" | "whom_suspects" | "when_dead"
        | "who_declared_dead" | "suspicions_by" | "removals_by" | "removals_of" => first_changes,
        "last_suspect" | "last_suspecter" | "last_suspected_at" | "refuter" | "refuted_at"
        | "incarnation" => |name, _, _, m, none| latest_change(name, m, none),
        _ => return None,
    };
    Some(read(name, a, call, m, none))
}

/// A member's own counter, its row for another, and when a member last crashed.
fn table_figure(
    name: &str,
    a: &[&str],
    call: &str,
    m: &Model,
    none: &dyn Fn() -> String,
) -> Result<String, String> {
    let sim = m.sim();
    let x = id(call, a, 0)?;
    match name {
        "counter" => Ok(sim.own_counter(x).ok_or_else(none)?.to_string()),
        "crashed_at" => Ok(seconds(
            last(m, |r| r.event == TraceEvent::Crash(x))
                .ok_or_else(none)?
                .at,
        )),
        _ => {
            let other = id(call, a, 1)?;
            let row = sim
                .rows(x)
                .into_iter()
                .find(|r| r.member == other)
                .ok_or_else(none)?;
            Ok(if name == "row_counter" {
                row.counter.to_string()
            } else {
                seconds(sim.now().saturating_sub(row.stamp))
            })
        }
    }
}

/// The first suspicions or deaths of a member, or by it: when, who, or the list of them.
fn first_changes(
    name: &str,
    a: &[&str],
    call: &str,
    m: &Model,
    none: &dyn Fn() -> String,
) -> Result<String, String> {
    let x = id(call, a, 0)?;
    let to = if name.ends_with("dead") || name.starts_with("removals") {
        Status::Dead
    } else {
        Status::Suspect
    };
    let by = matches!(
        name,
        "when_suspects" | "whom_suspects" | "suspicions_by" | "removals_by"
    );
    let items = firsts(m, x, to, by);
    let &(at, other) = items.first().ok_or_else(none)?;
    Ok(if name.ends_with("_by") || name.ends_with("_of") {
        list(&items)
    } else if name.starts_with("when") {
        seconds(at)
    } else {
        other.to_string()
    })
}

/// The latest suspicion (who, by whom, when) or refutation (who, when, its incarnation).
fn latest_change(name: &str, m: &Model, none: &dyn Fn() -> String) -> Result<String, String> {
    if let "refuter" | "refuted_at" | "incarnation" = name {
        let r = last(m, |r| matches!(r.event, TraceEvent::Refuted { .. })).ok_or_else(none)?;
        let TraceEvent::Refuted { node, incarnation } = r.event else {
            unreachable!("picked a refutation");
        };
        return Ok(match name {
            "refuter" => node.to_string(),
            "incarnation" => incarnation.to_string(),
            _ => seconds(r.at),
        });
    }
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
    Ok(match name {
        "last_suspect" => member.to_string(),
        "last_suspecter" => observer.to_string(),
        _ => seconds(r.at),
    })
}

/// Counts: messages sent of a kind, false suspicions and deaths, and the same against the
/// previous step's snapshot.
fn count_figure(
    name: &str,
    a: &[&str],
    call: &str,
    m: &Model,
    prev: Option<Snapshot>,
) -> Option<Result<String, String>> {
    let sim = m.sim();
    let metrics = sim.metrics();
    let need_prev = || format!("{{{call}}} needs a previous step");
    let prev = || prev.ok_or_else(need_prev);
    let text = match name {
        "sent" => a
            .first()
            .and_then(|k| kind(k))
            .map(|k| crate::model::thousands(metrics.messages.sent_by_kind[k as usize] as usize))
            .ok_or_else(|| {
                format!("{{{call}}}: name a kind (ping, ping_req, ack, heartbeat, gossip)")
            }),
        "false_suspicions" => Ok(metrics.false_suspicions.to_string()),
        "false_deaths" => Ok(metrics.false_deaths.to_string()),
        "prev_at" => prev().map(|p| seconds(p.at)),
        "since_prev" => prev().map(|p| seconds(sim.now().saturating_sub(p.at))),
        "fs_prev" => prev().map(|p| p.false_suspicions.to_string()),
        "fd_prev" => prev().map(|p| p.false_deaths.to_string()),
        "fs_since" => prev().map(|p| {
            metrics
                .false_suspicions
                .saturating_sub(p.false_suspicions)
                .to_string()
        }),
        "fd_since" => prev().map(|p| {
            metrics
                .false_deaths
                .saturating_sub(p.false_deaths)
                .to_string()
        }),
        _ => return None,
    };
    Some(text)
}
