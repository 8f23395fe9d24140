//! `gossip-sim why`: why one member believes what it does about another at a virtual time,
//! told from the run (`gossip_sim::explain`), as one JSON object.

use crate::cli::parse_until;
use gossip_protocol::{Micros, NodeId};
use gossip_sim::checkpoint::Timeline;
use gossip_sim::explain::{Why, explain};
use gossip_sim::{Scenario, build};
use serde_json::{Value, json};
use std::process::ExitCode;

const WHY_HELP: &str = "\
OUTPUT (one JSON object; times are virtual ms with three decimals, µs exact):
  scenario, at_ms, observer, member
  status, since_ms     what the observer believes at --at (gossip says `removed` where SWIM
                       says `dead`), and since when: the observer's last change of view about
                       the member, from the trace (gossip: if none is found within 16 periods
                       before the last counter, the start of that window, and the headline
                       says `since before`)
  headline             the same in one sentence
  hops[]               SWIM: the rumour's path in time order, from the member that found out
                       first-hand to the observer: {from, to, at_ms, status}, each a message
                       from `from` delivered to `to` at at_ms that changed its view
  timeouts[]           SWIM: {node, at_ms}: a node's own suspicion ran out (it declared the
                       member dead first-hand)
  probe                SWIM: the first-hand failed probe the chain starts from, or null:
                       {prober, member, ping_at_ms (its own ping, at the start of its period),
                       ping (what became of it), ack_timeout_at_ms, ping_reqs[] {relay,
                       sent_at_ms, relay_ping_at_ms, outcome, nack}, tcp_ping, suspected_at_ms
                       (the end of its period)}
                       ping: ping_lost (random loss), ping_cut (a partition or a cut),
                       member_down, ack_lost, acked_late, acked, no_answer
                       ping_reqs[].outcome: request_lost (the ping-req itself was lost),
                       request_cut (a partition or a cut dropped it), relay_down, ping_lost
                       (the relay's ping), ping_cut, member_down, ack_lost, acked_late, acked,
                       no_answer
                       ping_reqs[].nack (Lifeguard): null if the relay sent none, else
                       {sent_at_ms, arrived_at_ms (null: lost), arrived_after_probe_end (a nack
                       after the probe's end counts for nothing)}
                       tcp_ping: the TCP fallback ping sent at the ack timeout (tcp_ping=on, on
                       under profile=lan), or null if none was sent: {sent_at_ms,
                       answered_at_ms, outcome, text}; outcome: answered (in time: no
                       suspicion), answered_late, member_down, cut (a partition or cut dropped
                       it), ack_cut (one dropped the answer), no_answer
  confirmations[]      SWIM with lifeguard dyn: each confirmation that brought a suspicion
                       timeout in the story closer (the observer's, and those of the members
                       whose suspicion timed out): {node, at_ms, accuser (whose failed probe),
                       via (whose message carried it; null: node's own probe), before_ms,
                       after_ms}
  countdown            the next change the engine will make unless something new arrives, or
                       null: {to, at_ms, in_ms, deadline_ms}. SWIM: the suspicion timeout the
                       observer has armed (deadline_ms null); gossip: the observer's first
                       sweep at or after the detector's deadline_ms (which may have passed
                       already), from its period timer
  steps[]              the story in words: {at_ms, kind, text}; kind: first-hand, hearsay,
                       probe, lost, confirmation, countdown or note
  lanes                the nodes involved, observer first

Bad arguments print `ARGUMENT: message` on stderr and exit with status 2.

EXAMPLE:
  gossip-sim why 'proto=swim&nodes=16&topo=full&ev=10s.crash.3' --at 20s --observer 0 --member 3";

/// Explains one member's belief about another at a virtual time.
#[derive(clap::Args, Debug)]
#[command(after_long_help = WHY_HELP)]
pub struct WhyArgs {
    /// The scenario as a URL query (see gossip-sim --help).
    query: String,
    /// The virtual time to explain at, like 20s or 15500ms.
    #[arg(long, value_name = "TIME", value_parser = parse_until)]
    at: Micros,
    /// Whose belief.
    #[arg(long, value_name = "A")]
    observer: NodeId,
    /// About whom.
    #[arg(long, value_name = "B")]
    member: NodeId,
    /// Indent the JSON over several lines.
    #[arg(long)]
    pretty: bool,
}

fn ms(us: Micros) -> Value {
    json!((us as f64 / 1000.0 * 1000.0).round() / 1000.0)
}

fn opt(us: Option<Micros>) -> Value {
    us.map_or(Value::Null, ms)
}

/// The explanation as printed (see `WHY_HELP`).
pub fn to_json(scenario: &str, at: Micros, observer: NodeId, member: NodeId, w: &Why) -> Value {
    let probe = w.probe.as_ref().map_or(Value::Null, |p| {
        json!({
            "prober": p.prober,
            "member": p.member,
            "ping_at_ms": ms(p.ping_at),
            "ping": p.ping.label(),
            "ack_timeout_at_ms": opt(p.ack_timeout_at),
            "ping_reqs": p.ping_reqs.iter().map(|r| json!({
                "relay": r.relay,
                "sent_at_ms": ms(r.sent_at),
                "relay_ping_at_ms": opt(r.relay_ping_at),
                "outcome": r.outcome.label(),
                "nack": r.nack.map_or(Value::Null, |n| json!({
                    "sent_at_ms": ms(n.sent_at),
                    "arrived_at_ms": opt(n.arrived_at),
                    "arrived_after_probe_end": n.arrived_at.map(|_| n.after_end),
                })),
            })).collect::<Vec<_>>(),
            "tcp_ping": p.tcp_ping.as_ref().map_or(Value::Null, |tcp| json!({
                "sent_at_ms": ms(tcp.sent_at),
                "answered_at_ms": opt(tcp.answered_at),
                "outcome": tcp.outcome.label(),
                "text": tcp.text,
            })),
            "suspected_at_ms": ms(p.suspected_at),
        })
    });
    let countdown = w.countdown.map_or(Value::Null, |c| {
        json!({
            "to": w.word(c.to),
            "at_ms": ms(c.at),
            "in_ms": ms(c.at.saturating_sub(at)),
            "deadline_ms": opt(c.deadline),
        })
    });
    json!({
        "scenario": scenario,
        "at_ms": ms(at),
        "observer": observer,
        "member": member,
        "status": w.word(w.status),
        "since_ms": ms(w.since),
        "headline": w.headline,
        "hops": w.hops.iter().map(|h| json!({
            "from": h.from, "to": h.to, "at_ms": ms(h.at), "status": w.word(h.status),
        })).collect::<Vec<_>>(),
        "timeouts": w.timeouts.iter().map(|&(node, at)| json!({ "node": node, "at_ms": ms(at) }))
            .collect::<Vec<_>>(),
        "probe": probe,
        "confirmations": w.confirmations.iter().map(|c| json!({
            "node": c.node,
            "at_ms": ms(c.at),
            "accuser": c.accuser,
            "via": c.via,
            "before_ms": ms(c.before),
            "after_ms": ms(c.after),
        })).collect::<Vec<_>>(),
        "countdown": countdown,
        "steps": w.steps.iter().map(|s| json!({
            "at_ms": ms(s.at), "kind": s.kind, "text": s.text,
        })).collect::<Vec<_>>(),
        "lanes": w.lanes,
    })
}

pub fn main(args: WhyArgs) -> ExitCode {
    let fail = |e: String| {
        eprintln!("{e}");
        ExitCode::from(2)
    };
    let scenario = match Scenario::from_query(&args.query) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let sim = match build(&scenario) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let count = sim.node_count();
    for (arg, id) in [("--observer", args.observer), ("--member", args.member)] {
        if id >= count {
            return fail(format!(
                "{arg}: node {id} does not exist (the scenario has nodes 0..={})",
                count.saturating_sub(1)
            ));
        }
    }
    // Checkpoints every so often, so that the replays of the story start near their window.
    let mut t = Timeline::new(sim, 256 << 20, None);
    t.run_until(args.at);
    let why = explain(&t, args.observer, args.member);
    let out = to_json(
        &scenario.to_query(),
        args.at,
        args.observer,
        args.member,
        &why,
    );
    let text = if args.pretty {
        format!("{out:#}")
    } else {
        out.to_string()
    };
    crate::cli::write_out(&text);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::WHY_HELP;
    use gossip_sim::explain::{ReqOutcome, TcpOutcome};

    #[test]
    fn the_help_lists_every_outcome_of_the_ping_the_ping_reqs_and_the_tcp_ping() {
        let line = |start: &str| {
            let at = WHY_HELP.find(start).unwrap_or_else(|| panic!("{start}"));
            let rest = &WHY_HELP[at..];
            // A field's list runs until the next field of the help.
            let end = rest[1..]
                .find("\n                       ping")
                .map_or(rest.len(), |e| e + 1);
            rest[..end].to_string()
        };
        let ping = line("ping: ");
        for o in [
            ReqOutcome::PingLost,
            ReqOutcome::PingCut,
            ReqOutcome::MemberDown,
            ReqOutcome::AckLost,
            ReqOutcome::AckedLate,
            ReqOutcome::Acked,
            ReqOutcome::NoAnswer,
        ] {
            assert!(ping.contains(o.label()), "{} in {ping}", o.label());
        }
        assert!(!ping.contains("request_lost"), "{ping}");
        let reqs = line("ping_reqs[].outcome: ");
        for o in [
            ReqOutcome::RequestLost,
            ReqOutcome::RequestCut,
            ReqOutcome::RelayDown,
            ReqOutcome::PingLost,
            ReqOutcome::PingCut,
            ReqOutcome::MemberDown,
            ReqOutcome::AckLost,
            ReqOutcome::AckedLate,
            ReqOutcome::Acked,
            ReqOutcome::NoAnswer,
        ] {
            assert!(reqs.contains(o.label()), "{} in {reqs}", o.label());
        }
        let tcp = line("tcp_ping: ");
        for o in [
            TcpOutcome::Answered,
            TcpOutcome::AnsweredLate,
            TcpOutcome::MemberDown,
            TcpOutcome::Cut,
            TcpOutcome::AckCut,
            TcpOutcome::NoAnswer,
        ] {
            assert!(tcp.contains(o.label()), "{} in {tcp}", o.label());
        }
        assert!(WHY_HELP.contains("arrived_after_probe_end"));
    }
}
