//! `gossip-sim`: runs one scenario to a virtual time and prints its metrics as one JSON object.
//!
//! ```text
//! cargo run --release -p gossip-sim --bin gossip-sim -- 'proto=swim&nodes=50&ev=5s.crash.3' --until 60s
//! ```
//!
//! The scenario is the page's URL query, so a run seen in the browser can be replayed here (and
//! the other way round) with the same trace hash.

// `gossip-sim sweep`: its arguments and printing (the sweep itself is `gossip_sim::sweep`).
#[cfg(not(target_arch = "wasm32"))]
#[path = "gossip-sim/sweep.rs"]
mod sweep;

// `gossip-sim why`: the explanation of one member's belief as JSON.
#[cfg(not(target_arch = "wasm32"))]
#[path = "gossip-sim/why.rs"]
mod why;

// `gossip-sim config`: the configuration to paste into memberlist, Consul, Serf, Cassandra,
// Akka or chitchat.
#[cfg(not(target_arch = "wasm32"))]
#[path = "gossip-sim/config.rs"]
mod config;

// `gossip-sim tune`: which setting meets every goal, with honest bounds.
#[cfg(not(target_arch = "wasm32"))]
#[path = "gossip-sim/tune.rs"]
mod tune;

// The command line exists natively only; on wasm32 (where clap and serde_json are not
// dependencies) the binary is an empty stub so that building the workspace for the page works.
#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Parser, Subcommand};
    use gossip_protocol::{Micros, MsgKind};
    use gossip_sim::metrics::{Metrics, SuspicionSplit};
    use gossip_sim::{Scenario, ScenarioError, ScenarioPair};
    use serde_json::{Value, json};
    use std::process::ExitCode;

    /// The scenario keys of `--help`: the key table's list (`gossip_sim::scenario::help_list`),
    /// then the events, A/B, the subcommands and the output.
    fn scenario_help() -> String {
        format!(
            "SCENARIO KEYS (all optional; a key at its default is left out of the canonical query;\n\
             gossip-sim keys --markdown prints them as a table):\n{}\n{SCENARIO_HELP_REST}",
            gossip_sim::scenario::help_list()
        )
    }

    const SCENARIO_HELP_REST: &str = "\
EVENTS (ev=E1,E2,...): TIME.ACTION[.ARGS], TIME like 5s or 1500ms:
                        crash.ID  recover.ID  join  leave.ID  partition.A-B[.C-D...]  heal  loss.PCT
                        set.KEY.VALUE
                        slow.ID.DELAY   the member reads every message DELAY late (CPU
                                        starvation; its timers fire on time) until fast.ID
                        fast.ID         ends a slowdown
                        pause.ID.DUR    the member is frozen for DUR (GC pause), then runs on
                        cut.A>B  cut.A-B    cuts the link one way (A's messages to B lost)
                                        or both ways; mend.A>B / mend.A-B repairs it
                      DELAY and DUR like 800ms or 2s (above 0, at most 3600s). A partition's
                      sides are ranges (0-3.4-7) or ids and ranges joined by _ (0_3_5-7.1_2);
                      ids in no side form one more side. heal ends partitions and cuts.
                      A node that does not exist then, a zero delay or a link from a node
                      to itself is an error naming the event.
                      Randomised: TIME, DELAY and DUR may be a window A~B (uniform in
                      [A, B)) and any ID may be ? (a member eligible then: running; for
                      recover stopped, for fast slow), drawn from the seed: 10s~11s.crash.?
                      pause.?.5s~20s  cut.?>?  cut.3-?  mend.? (a cut in force).  Same seed,
                      same draw. Undone after a while: crash.ID.DOWNTIME, slow.ID.DELAY.FOR,
                      cut.A>B.FOR (then recover, fast, mend).
                      Recurring, until the run ends: TIME.every.GAP.FAULT (GAP or A~B drawn
                      per gap; at least 100ms) or TIME.rate.N/h.FAULT (Poisson, N per running
                      member-hour, 1..=60), FAULT one of pause, slow, crash, join, leave, cut:
                      10s.every.20s~60s.pause.?.2s~20s  10s.rate.2/h.crash.?.10s~30s
  b.KEY=VALUE         A/B: a second configuration, A's keys with each b.KEY replacing KEY (any
                      key but ev and seed, which both share; b.proto may differ). Prints
                      {\"a\": {...}, \"b\": {...}}, each the usual object below.

SUBCOMMANDS: gossip-sim sweep QUERY --vary KEY=V1,V2 --seeds N --until DUR  (see sweep --help)
             gossip-sim why QUERY --at TIME --observer A --member B  (see why --help)
             gossip-sim keys [--markdown]  (every scenario key; --markdown: the docs' table)
             gossip-sim config QUERY [--system NAME]  (the configuration to paste into
                        memberlist, Consul, Serf, Cassandra, Akka or chitchat; see config --help)
             gossip-sim tune QUERY --vary KEY=RANGE --goal 'METRIC<=VALUE' [--minimize METRIC]
                        (the setting that meets every goal, with 95 % bounds; see tune --help)

OUTPUT (one JSON object on stdout; times are absolute virtual ms, rounded down, null if it never
happened before --until):
  scenario            the canonical query
  until_ms            how far the run went
  events_processed    simulator events handled (deliveries, timers, scripted events)
  messages            sent, delivered, dropped (loss, partition, receiver down), bytes (estimated
                      wire size) and sent_by_kind
  failures[]          one per crash: node, at_ms, first_suspect_ms (the crash's detection:
                      the first time a live node's own failed probe had its last ping reach
                      the member at or after the crash (with tcp_ping, the TCP ping), even of
                      a member it already suspected, or a live node suspects it on a rumour
                      leading back to one; gossip, a silence not yet due at the crash),
                      all_suspect_ms (no live node believes it alive), all_dead_ms (every
                      live node has it dead or removed); a node frozen in a pause is left out
                      of both while paused (it learns nothing until it wakes; one that wakes
                      first counts again), a slowed one is not (it learns late, which is part
                      of the detection); both count suspicions of any cause,
                      so all_suspect_ms can precede first_suspect_ms when a suspicion under
                      way at the crash spread first, and both are at_ms if they held then.
                      suspected_at_crash: live nodes whose own suspicion was under way at the
                      crash (held then, or raised by a probe whose last ping reached the
                      member before it crashed): not detections
  joins[]             one per join: node, at_ms, all_know_ms (every live node lists it alive)
  false_suspicions    {events, pairs}: events = times a live node marked a member suspect while
                      that member was up (a pair suspecting again counts again); pairs = distinct
                      (observer, member) pairs among them; first_hand = the events a node came
                      to on its own timer (a failed probe, a silence), not told by another
                      split: {healthy_of_healthy, healthy_of_faulty, faulty_of_healthy,
                      faulty_of_faulty}, each {events, first_hand}: the events by observer and
                      member, faulty = slowed or paused (slow, pause events) before it
  false_deaths        {events, pairs}: the same for members marked dead while up; of_faulty:
                      those of a member slowed or paused then, or doubted (suspect or dead to
                      someone) since it was and never cleared since, of_healthy: the rest
  leaders             each live node follows the lowest id it believes alive: agreed_ms (the
                      cluster first agreed), max_distinct (most distinct leaders at once after
                      that), split_brain_ms (total time with more than one)
  trace_hash          16 hex digits; equal hashes mean identical runs
  drawn               only for a randomised scenario: the events as drawn from the seed

A scenario that does not parse prints `key: message` on stderr and exits with status 2.";

    /// Runs a gossip-playground scenario in the deterministic simulator and prints its metrics.
    #[derive(Parser, Debug)]
    #[command(
        name = "gossip-sim",
        version,
        after_long_help = scenario_help(),
        args_conflicts_with_subcommands = true
    )]
    struct Args {
        #[command(subcommand)]
        command: Option<Command>,
        /// The scenario as a URL query, e.g. 'proto=swim&nodes=50&ev=5s.crash.3' (a leading '?'
        /// is allowed; empty: the default 8-node gossip ring). See --help for every key.
        #[arg(default_value = "")]
        scenario: String,
        /// Virtual time to run to: a whole number of seconds or milliseconds, like 60s or 1500ms,
        /// at most 172800s (two days: scripted events may come up to one day in).
        #[arg(long, default_value = "60s", value_parser = parse_until)]
        until: Micros,
        /// Indent the JSON over several lines instead of printing it on one.
        #[arg(long)]
        pretty: bool,
    }

    #[derive(Subcommand, Debug)]
    enum Command {
        /// Runs a scenario over a grid of parameter values and seeds, one JSON line per run.
        Sweep(crate::sweep::SweepArgs),
        /// Why member A believes what it does about member B at a virtual time, as JSON.
        Why(crate::why::WhyArgs),
        /// Prints every scenario key: its values, meaning, default and range.
        Keys(KeysArgs),
        /// Prints the configuration to paste into memberlist, Consul, Serf, Cassandra, Akka
        /// or chitchat for a scenario.
        Config(crate::config::ConfigArgs),
        /// Finds the setting of a few keys that meets every goal (like all_dead_p95<=15s),
        /// with 95 % bounds honest for rare events, and prints the answer as JSON.
        Tune(crate::tune::TuneArgs),
    }

    /// Arguments of `gossip-sim keys`.
    #[derive(clap::Args, Debug)]
    struct KeysArgs {
        /// Print the docs' markdown table (key, meaning, default gossip / SWIM, range) instead
        /// of the list in --help.
        #[arg(long)]
        markdown: bool,
    }

    /// `60s` or `1500ms` to microseconds (see [`gossip_sim::sweep::parse_until`]).
    pub(crate) fn parse_until(s: &str) -> Result<Micros, String> {
        gossip_sim::sweep::parse_until(s)
    }

    fn ms(t: Micros) -> u64 {
        t / 1000
    }

    fn opt_ms(t: Option<Micros>) -> Value {
        t.map_or(Value::Null, |t| json!(ms(t)))
    }

    /// Runs `scenario` (as written) to `until` and returns its report: the canonical query as
    /// written, plus `drawn` (the events as drawn) when it is randomised.
    pub(crate) fn run_report(scenario: &Scenario, until: Micros) -> Result<Value, ScenarioError> {
        let sim = gossip_sim::sweep::run(scenario, until)?;
        let mut out = report(
            scenario,
            until,
            sim.metrics(),
            sim.trace_hash(),
            sim.processed(),
        );
        if scenario.is_randomised()
            && let Some(obj) = out.as_object_mut()
        {
            let drawn = sim.scenario().value_of("ev").unwrap_or_default();
            obj.insert("drawn".into(), json!(drawn));
        }
        Ok(out)
    }

    /// Runs both configurations of an A/B query, each on its own thread.
    fn run_pair(pair: &ScenarioPair, until: Micros) -> Result<Value, ScenarioError> {
        let (a, b) = std::thread::scope(|s| {
            let b = s.spawn(|| run_report(&pair.b, until));
            (run_report(&pair.a, until), b.join())
        });
        let b = b.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok(json!({ "a": a?, "b": b? }))
    }

    fn print(out: &Value, pretty: bool) {
        let text = if pretty {
            format!("{out:#}")
        } else {
            out.to_string()
        };
        write_out(&text);
    }

    /// Writes `text` and a newline to stdout; a closed pipe (`| head`, `| true`) ends the
    /// output quietly instead of panicking as `println!` does.
    pub fn write_out(text: &str) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}").and_then(|()| out.flush());
    }

    /// `false_suspicions.split`: `OBSERVER_of_MEMBER` for healthy and faulty members.
    fn split(split: &SuspicionSplit) -> Value {
        let name = ["healthy", "faulty"];
        let mut out = serde_json::Map::new();
        for (by, row) in split.iter().enumerate() {
            for (of, cell) in row.iter().enumerate() {
                out.insert(
                    format!("{}_of_{}", name[by], name[of]),
                    json!({ "events": cell.events, "first_hand": cell.first_hand }),
                );
            }
        }
        Value::Object(out)
    }

    /// The report as printed (see `scenario_help`).
    fn report(scenario: &Scenario, until: Micros, m: &Metrics, hash: u64, events: u64) -> Value {
        let by_kind: serde_json::Map<String, Value> = MsgKind::ALL
            .iter()
            .map(|k| {
                (
                    k.label().to_string(),
                    json!(m.messages.sent_by_kind[*k as usize]),
                )
            })
            .filter(|(_, v)| v.as_u64() != Some(0))
            .collect();
        let failures: Vec<Value> = m
            .failures
            .iter()
            .map(|f| {
                json!({
                    "node": f.node,
                    "at_ms": ms(f.at),
                    "first_suspect_ms": opt_ms(f.first_suspect),
                    "all_suspect_ms": opt_ms(f.all_suspect),
                    "all_dead_ms": opt_ms(f.all_dead),
                    "suspected_at_crash": f.suspected_at_crash,
                })
            })
            .collect();
        let joins: Vec<Value> = m
            .joins
            .iter()
            .map(
                |j| json!({ "node": j.node, "at_ms": ms(j.at), "all_know_ms": opt_ms(j.all_know) }),
            )
            .collect();
        json!({
            "scenario": scenario.to_query(),
            "until_ms": ms(until),
            "events_processed": events,
            "messages": {
                "sent": m.messages.sent,
                "delivered": m.messages.delivered,
                "dropped": m.messages.dropped,
                "bytes": m.messages.bytes,
                "sent_by_kind": by_kind,
            },
            "failures": failures,
            "joins": joins,
            "false_suspicions": {
                "events": m.false_suspicions,
                "first_hand": m.false_suspicions_first_hand,
                "pairs": m.false_suspicion_pairs,
                "split": split(&m.split),
            },
            "false_deaths": {
                "events": m.false_deaths,
                "pairs": m.false_death_pairs,
                "of_faulty": m.false_deaths_of_faulty,
                "of_healthy": m.false_deaths - m.false_deaths_of_faulty,
            },
            "leaders": {
                "agreed_ms": opt_ms(m.leaders.agreed_at),
                "max_distinct": m.leaders.max_distinct,
                "split_brain_ms": ms(m.leaders.split_brain(until)),
            },
            "trace_hash": format!("{hash:016x}"),
        })
    }

    pub fn main() -> ExitCode {
        let args = Args::parse();
        match args.command {
            Some(Command::Sweep(sweep)) => return crate::sweep::main(sweep),
            Some(Command::Why(why)) => return crate::why::main(why),
            Some(Command::Config(config)) => return crate::config::main(config),
            Some(Command::Tune(tune)) => return crate::tune::main(tune),
            Some(Command::Keys(keys)) => {
                if keys.markdown {
                    write_out(gossip_sim::scenario::markdown_table().trim_end_matches('\n'));
                } else {
                    write_out(gossip_sim::scenario::help_list().trim_end_matches('\n'));
                }
                return ExitCode::SUCCESS;
            }
            None => {}
        }
        let out = if ScenarioPair::is_pair_query(&args.scenario) {
            ScenarioPair::from_query(&args.scenario).and_then(|p| run_pair(&p, args.until))
        } else {
            Scenario::from_query(&args.scenario).and_then(|s| run_report(&s, args.until))
        };
        match out {
            Ok(out) => {
                print(&out, args.pretty);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(2)
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::parse_until;

        #[test]
        fn until_takes_seconds_or_milliseconds() {
            assert_eq!(parse_until("60s"), Ok(60_000_000));
            assert_eq!(parse_until("1500ms"), Ok(1_500_000));
            for bad in ["60", "s", "1.5s", "-3s", "99999999999999999999s"] {
                assert!(parse_until(bad).is_err(), "{bad}");
            }
        }

        #[test]
        fn until_is_bounded_at_two_days() {
            assert_eq!(parse_until("172800s"), Ok(172_800_000_000));
            assert_eq!(parse_until("172800000ms"), Ok(172_800_000_000));
            for bad in ["172801s", "172800001ms", "18000000000000s"] {
                let e = parse_until(bad).unwrap_err();
                assert!(e.contains("at most 172800s"), "{bad}: {e}");
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
