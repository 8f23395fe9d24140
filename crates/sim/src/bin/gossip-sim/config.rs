//! `gossip-sim config`: the configuration to paste into the real systems for a scenario
//! (`gossip_sim::config_export`).

use crate::cli::write_out;
use gossip_sim::Scenario;
use gossip_sim::config_export::{Export, System, export};
use std::process::ExitCode;

const CONFIG_HELP: &str = "\
SYSTEMS:
  memberlist    SWIM: Go, memberlist.Config: the profile's constructor (DefaultLANConfig
                without profile) and the fields that differ from it
  consul-hcl    SWIM: Consul's agent configuration, the gossip_lan block (gossip_wan with
                profile=wan), all six keys Consul has, each with Consul's default
  consul-json   the same in JSON (its notes go to stderr: JSON has no comments)
  serf          SWIM: Go, serf.Config and its MemberlistConfig (the serf agent itself takes
                only a profile)
  cassandra     gossip with detector=phi: cassandra.yaml's phi_convict_threshold (and
                fd_max_interval_ms for jvm.options)
  akka          gossip: akka.cluster.failure-detector (phi accrual; detector=fixed is Akka's
                DeadlineFailureDetector)
  chitchat      gossip with detector=phi: Rust, ChitchatConfig and FailureDetectorConfig
  all           every one of them, each under a heading (default)

OUTPUT: the text to paste, on stdout. Each line names the scenario key it comes from; what the
system cannot express (a key it has no setting for, a value it reads differently) is a note:
a comment at the end of the text, or for consul-json a line `note: ...` on stderr. A system
that runs the other protocol prints nothing to paste and a note saying so. The mapping, key by
key, with the library source of each name: docs/config.md.

A scenario that does not parse prints `key: message` on stderr and exits with status 2.

EXAMPLES:
  gossip-sim config 'proto=swim&profile=lan&n=5' --system memberlist
  gossip-sim config 'proto=gossip&detector=phi&phi=10&period=1000&t=2000' --system akka";

/// Prints the configuration of a scenario for memberlist, Consul, Serf, Cassandra, Akka or
/// chitchat.
#[derive(clap::Args, Debug)]
#[command(after_long_help = CONFIG_HELP)]
pub struct ConfigArgs {
    /// The scenario as a URL query (see gossip-sim --help).
    query: String,
    /// Which system's configuration to print (see SYSTEMS below).
    #[arg(long, default_value = "all", value_parser = parse_system)]
    system: Choice,
}

/// One system or all of them.
#[derive(Clone, Copy, Debug)]
enum Choice {
    One(System),
    All,
}

fn parse_system(name: &str) -> Result<Choice, String> {
    if name == "all" {
        return Ok(Choice::All);
    }
    System::from_name(name).map(Choice::One).ok_or_else(|| {
        let names: Vec<&str> = System::ALL.iter().map(|s| s.name()).collect();
        format!("accepted {}, all", names.join(", "))
    })
}

pub fn main(args: ConfigArgs) -> ExitCode {
    let scenario = match Scenario::from_query(&args.query) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match args.system {
        Choice::One(system) => {
            let e = export(&scenario, system);
            print_one(&e);
            // Nothing to paste (the other protocol): not a success a script should write out.
            if e.text.is_empty() {
                return ExitCode::from(2);
            }
        }
        Choice::All => {
            let all: Vec<String> = System::ALL
                .iter()
                .map(|&system| section(&export(&scenario, system)))
                .collect();
            write_out(all.join("\n").trim_end_matches('\n'));
        }
    }
    ExitCode::SUCCESS
}

/// One system: the text on stdout; notes the text cannot carry as comments on stderr.
fn print_one(e: &Export) {
    if !e.text.is_empty() {
        write_out(e.text.trim_end_matches('\n'));
    }
    if e.text.is_empty() || e.system.language() == "json" {
        for n in &e.notes {
            eprintln!("note: {n}");
        }
    }
}

/// One system under a heading, its notes after the text where it has no comments.
fn section(e: &Export) -> String {
    let mut out = format!("== {} ==\n", e.system.title());
    out.push_str(&e.text);
    if e.text.is_empty() || e.system.language() == "json" {
        for n in &e.notes {
            out.push_str(&format!("note: {n}\n"));
        }
    }
    out
}
