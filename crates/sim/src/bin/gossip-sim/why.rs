//! `gossip-sim why`: why one member believes what it does about another at a virtual time,
//! told from the run (`gossip_sim::explain`), as one JSON object.

use crate::cli::parse_until;
use gossip_protocol::{Micros, NodeId};
use gossip_sim::checkpoint::Timeline;
use gossip_sim::explain::{Why, explain, name};
use gossip_sim::{Scenario, build};
use serde_json::{Value, json};
use std::process::ExitCode;

const WHY_HELP: &str = "\
OUTPUT (one JSON object; times are virtual ms with three decimals, µs exact):
  scenario, at_ms, observer, member
  status, since_ms     what the observer believes at --at, and since when
  headline             the same in one sentence
  hops[]               SWIM: the rumour's path in time order, from the member that found out
                       first-hand to the observer: {from, to, at_ms, status}, each a message
                       from `from` delivered to `to` at at_ms that changed its view
  timeouts[]           SWIM: {node, at_ms}: a node's own suspicion ran out (it declared the
                       member dead first-hand)
  probe                SWIM: the first-hand failed probe the chain starts from, or null:
                       {prober, member, ping_at_ms (its own ping, at the start of its period),
                       ping (what became of it), ack_timeout_at_ms, ping_reqs[] {relay,
                       sent_at_ms, relay_ping_at_ms, outcome, nacked}, suspected_at_ms (the end
                       of its period)}. outcome: request_lost, relay_down, ping_lost,
                       member_down, ack_lost, acked_late, acked, no_answer
  countdown            what happens next unless something new arrives, from the engine, or
                       null: {to, at_ms, in_ms}. SWIM: the suspicion timeout the observer has
                       armed; gossip: the detector's deadline (the change waits for its next
                       sweep)
  steps[]              the story in words: {at_ms, kind, text}
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
                "nacked": r.nacked,
            })).collect::<Vec<_>>(),
            "suspected_at_ms": ms(p.suspected_at),
        })
    });
    let countdown = w.countdown.map_or(
        Value::Null,
        |c| json!({ "to": name(c.to), "at_ms": ms(c.at), "in_ms": ms(c.at.saturating_sub(at)) }),
    );
    json!({
        "scenario": scenario,
        "at_ms": ms(at),
        "observer": observer,
        "member": member,
        "status": name(w.status),
        "since_ms": ms(w.since),
        "headline": w.headline,
        "hops": w.hops.iter().map(|h| json!({
            "from": h.from, "to": h.to, "at_ms": ms(h.at), "status": name(h.status),
        })).collect::<Vec<_>>(),
        "timeouts": w.timeouts.iter().map(|&(node, at)| json!({ "node": node, "at_ms": ms(at) }))
            .collect::<Vec<_>>(),
        "probe": probe,
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
    if args.pretty {
        println!("{out:#}");
    } else {
        println!("{out}");
    }
    ExitCode::SUCCESS
}
