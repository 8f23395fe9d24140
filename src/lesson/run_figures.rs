//! The figures of lessons 2, 5 and 6, read from the run like those of [`super::figures`]:
//! how news of a joined member spread, who leads each side of a partition, and what a slow
//! member or a detector did to healthy members.
//!
//! | placeholder | what |
//! |---|---|
//! | `members` | live members now |
//! | `lifeguard`, `detector`, `phi`, `latency` | the run's settings now |
//! | `last_joiner` | the member that joined last; `last` as the argument of a join figure names it |
//! | `joined_at(x)`, `known_by_all_at(x)` | when x joined; when every live member first listed it alive |
//! | `spread_periods(x)` | periods from x's join to every live member listing it |
//! | `spread_curve(x)` | how many members listed x (x included) at the end of each period after its join |
//! | `log2n_lnn` | log₂N + ln N for N = `members`: the rounds of lock-step push gossip to one member per round |
//! | `push_rounds` | log_(f+1) N + ln N / f for N = `members`, f = `fanout` |
//! | `leaders`, `leader_of(o)` | the leaders followed now (`0 and 8`); the one `o` follows |
//! | `split_since`, `split_brain` | since when more than one leader is followed; how long so far, in all |
//! | `sides` | the partition's sides (`0–7 and 8–15`) |
//! | `partitioned_at`, `healed_at` | the latest partition, heal |
//! | `slowed_at(x)`, `slow_delay(x)` | when x was slowed (the scenario's event), by how much |
//! | `fd_healthy` | false deaths of healthy members (not slowed or paused) |
//! | `fs_healthy_healthy`, `fs_faulty_healthy`, `fs_faulty_healthy_first_hand` | false suspicions of healthy members by healthy ones; by a faulty one; of those, first-hand |
//! | `detect_delay(x)` | the time from x's latest crash to the first suspicion of it after the crash |

use crate::model::{Model, seconds, span_ms};
use gossip_protocol::{Micros, NodeId, Status};
use gossip_sim::trace::TraceEvent;
use gossip_sim::{Action, NodeState, analysis};

/// The figure `name` (arguments `a`, written `call`), or None when it is not one of these.
/// Err names a figure the run has not produced.
pub fn figure(name: &str, a: &[&str], call: &str, m: &Model) -> Option<Result<String, String>> {
    let none = || format!("the run has no {{{call}}} yet");
    let sim = m.sim();
    // `last`: the member that joined last.
    let latest = || sim.metrics().joins.last().map(|j| j.node);
    let arg = |i: usize| -> Result<NodeId, String> {
        let given = a.get(i).copied();
        if given == Some("last") {
            return latest().ok_or_else(none);
        }
        given.and_then(|s| s.parse().ok()).ok_or_else(|| {
            format!(
                "placeholder {{{call}}} needs a member id as argument {}",
                i + 1
            )
        })
    };
    let p = sim.params();
    let setting = |key: &str| Ok(p.value_of(key).unwrap_or_default());
    Some(match name {
        "members" => Ok(live(m).to_string()),
        "last_joiner" => latest().map(|x| x.to_string()).ok_or_else(none),
        "lifeguard" | "detector" | "phi" => setting(name),
        "latency" => Ok(span_ms(p.latency_ms)),
        "joined_at" | "known_by_all_at" | "spread_periods" | "spread_curve" => {
            arg(0).and_then(|x| join_figure(name, x, m).ok_or_else(none))
        }
        "log2n_lnn" => {
            let n = f64::from(live(m).max(2));
            Ok(format!("{:.1}", n.log2() + n.ln()))
        }
        "push_rounds" => Ok(format!(
            "{:.1}",
            analysis::push_gossip_rounds_fanout(live(m), p.fanout)
        )),
        _ => return group_figure(name, call, m, &arg),
    })
}

/// Leaders, partitions and faults: who leads, since when the sides disagree, what a slow
/// member or a detector did.
fn group_figure(
    name: &str,
    call: &str,
    m: &Model,
    arg: &dyn Fn(usize) -> Result<NodeId, String>,
) -> Option<Result<String, String>> {
    let none = || format!("the run has no {{{call}}} yet");
    let sim = m.sim();
    let metrics = sim.metrics();
    Some(match name {
        "leaders" => {
            let l = m.leader_set();
            if l.is_empty() {
                Err(none())
            } else {
                Ok(and_list(l.iter().map(u32::to_string)))
            }
        }
        "leader_of" => arg(0).and_then(|o| {
            metrics
                .leaders
                .of(o)
                .map(|l| l.to_string())
                .ok_or_else(none)
        }),
        "split_since" => metrics.leaders.split_since().map(seconds).ok_or_else(none),
        "split_brain" => Ok(span(metrics.leaders.split_brain(sim.now()))),
        "sides" => sides(m).ok_or_else(none),
        "partitioned_at" | "healed_at" => {
            let want = |e: &TraceEvent| match name {
                "partitioned_at" => matches!(e, TraceEvent::Partition(_)),
                _ => matches!(e, TraceEvent::Heal),
            };
            sim.log()
                .iter()
                .rev()
                .find(|r| want(&r.event))
                .map(|r| seconds(r.at))
                .ok_or_else(none)
        }
        "slowed_at" | "slow_delay" => arg(0).and_then(|x| {
            sim.scenario()
                .events
                .iter()
                .find_map(|e| match e.action {
                    Action::Slow(id, delay) if id == x => Some(if name == "slowed_at" {
                        seconds(e.at_ms * 1000)
                    } else {
                        span_ms(delay)
                    }),
                    _ => None,
                })
                .ok_or_else(none)
        }),
        "fd_healthy" => Ok((metrics.false_deaths - metrics.false_deaths_of_faulty).to_string()),
        "fs_healthy_healthy" => Ok(metrics.split[0][0].events.to_string()),
        "fs_faulty_healthy" => Ok(metrics.split[1][0].events.to_string()),
        "fs_faulty_healthy_first_hand" => Ok(metrics.split[1][0].first_hand.to_string()),
        "detect_delay" => arg(0).and_then(|x| {
            metrics
                .failures
                .iter()
                .rev()
                .find(|f| f.node == x)
                .and_then(|f| f.first_suspect.map(|s| span(s - f.at)))
                .ok_or_else(none)
        }),
        _ => return None,
    })
}

/// Live (running) members now.
fn live(m: &Model) -> u32 {
    let sim = m.sim();
    (0..sim.node_count())
        .filter(|&o| sim.state(o) == NodeState::Up)
        .count() as u32
}

/// A span of µs with one decimal of seconds: `6.8 s`.
fn span(us: Micros) -> String {
    format!("{:.1} s", us as f64 / 1e6)
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    match v.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The sides of the partition in force: `0–7 and 8–15` (ids in runs), None when healed.
fn sides(m: &Model) -> Option<String> {
    let sim = m.sim();
    if !sim.partitioned() {
        return None;
    }
    let mut by_side: Vec<(u16, Vec<NodeId>)> = Vec::new();
    for id in 0..sim.node_count() {
        let s = sim.side(id);
        match by_side.iter_mut().find(|(side, _)| *side == s) {
            Some((_, ids)) => ids.push(id),
            None => by_side.push((s, vec![id])),
        }
    }
    Some(and_list(by_side.iter().map(|(_, ids)| runs(ids))))
}

/// Ids in runs: `0–7`, `0–3, 9`.
fn runs(ids: &[NodeId]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        out.push(if j > i {
            format!("{}–{}", ids[i], ids[j])
        } else {
            ids[i].to_string()
        });
        i = j + 1;
    }
    out.join(", ")
}

/// The join of member `x`: its time and when every live member listed it (from the
/// metrics), and the spread period by period (from the trace).
fn join_figure(name: &str, x: NodeId, m: &Model) -> Option<String> {
    let sim = m.sim();
    let j = sim.metrics().joins.iter().rev().find(|j| j.node == x)?;
    let period = sim.params().period_ms * 1000;
    match name {
        "joined_at" => Some(seconds(j.at)),
        "known_by_all_at" => j.all_know.map(seconds),
        "spread_periods" => j
            .all_know
            .map(|k| format!("{:.1}", (k - j.at) as f64 / period as f64)),
        _ => {
            let done = j.all_know?;
            // When each other member first listed x alive after its join.
            let mut firsts: Vec<Micros> = Vec::new();
            let mut seen = vec![false; sim.node_count() as usize];
            for r in sim.log() {
                if let TraceEvent::View {
                    observer,
                    member,
                    to: Status::Alive,
                    ..
                } = r.event
                    && member == x
                    && observer != x
                    && r.at >= j.at
                    && !std::mem::replace(&mut seen[observer as usize], true)
                {
                    firsts.push(r.at);
                }
            }
            let periods = (done - j.at).div_ceil(period);
            let counts = (1..=periods).map(|p| {
                let end = j.at + p * period;
                (1 + firsts.iter().filter(|&&at| at <= end).count()).to_string()
            });
            Some(counts.collect::<Vec<_>>().join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_written_in_runs_and_lists_end_with_and() {
        assert_eq!(runs(&[0, 1, 2, 3, 9, 11, 12]), "0–3, 9, 11–12");
        assert_eq!(runs(&[5]), "5");
        let list = |v: &[&str]| and_list(v.iter().map(|s| s.to_string()));
        assert_eq!(list(&["0"]), "0");
        assert_eq!(list(&["0", "8"]), "0 and 8");
        assert_eq!(list(&["0", "4", "8"]), "0, 4 and 8");
        assert_eq!(list(&[]), "");
    }

    #[test]
    fn the_sides_are_read_from_the_partition_in_force() {
        let mut m = Model::from_query("proto=swim&nodes=10&topo=full&ev=2s.partition.0-2_7");
        assert_eq!(sides(&m), None, "no partition yet");
        m.run_to(3_000_000, &mut || false);
        assert_eq!(sides(&m).as_deref(), Some("0–2, 7 and 3–6, 8–9"));
    }
}
