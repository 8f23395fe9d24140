//! `gossip-sim tune`: parses a question, drives the tuner (`gossip_sim::tune`) with its runs
//! on `--jobs` threads, and prints the answer document (or a shard's file; `--merge` joins
//! shard files into the answer).

use crate::cli::parse_until;
use gossip_protocol::Micros;
use gossip_sim::sweep::{Shard, SweepError, Vary, run_ordered};
use gossip_sim::tune::{Goal, METRICS, Metric, Question, Tuner, report, run_stats};
use std::io::Write;
use std::process::ExitCode;

const TUNE_HELP: &str = "\
HOW IT SEARCHES:
  Every point of the --vary grid starts with 2 seeds (a coarse sub-grid of each key's ends and
  middle first). After each round a point meets a goal when the goal's one-sided 95 % bound is
  inside the limit, fails it when the bound on the other side is outside, and is unsure in
  between. A point that fails a goal stops; one unsure of a goal doubles its seeds, up to
  --seeds. A point's runs depend on its own results only, so the answer does not depend on
  --jobs, and shards merge into the same document.

BOUNDS (95 %, one-sided):
  rates of rare events (false_*): exact Poisson bounds over the runs' member time, so 0 events
    in H member-hours is at most 2.996/H, not 0;
  latency percentiles (*_p50, *_p95): binomial order statistics over every crash of every run,
    an undetected crash counting as later than all; a p95 needs 59 crashes for an upper bound;
  loads (*_per_member_s): mean of the runs' rates +- 1.645 standard errors.
  The workload needs crashes for latency goals: ev=10s.every.20s~40s.crash.?.10s

THE ANSWER (one JSON object):
  {\"question\", \"answer\": a sentence, \"recommended\": {\"index\", \"point\", \"query\"} or null,
   \"binding\": the goal with the least slack there, \"front\": point indices no other point
   beats on every goal's metric and the minimised one, \"runs\", \"points\": [{\"index\", \"point\",
   \"query\", \"verdict\": meets|fails|unsure|error, \"seeds\", \"goals\": [{\"value\", \"lower95\",
   \"upper95\", \"basis\", \"goal\", \"verdict\"}], \"minimize\", \"runs\": [{\"seed\", \"query\" (the
   link that replays it), \"stats\": latencies per crash in microseconds, member_ms and
   crash_left_ms in milliseconds}]}]}
  Goal values and estimates are in ms for latencies.
  Recommended: among points meeting every goal, the least --minimize estimate (without
  --minimize: the most slack on its tightest goal).
  False suspicions and deaths count each observer: one long pause makes dozens at once, so
  when the runs' counts spread more than a Poisson count's, the bounds widen by that factor
  (the basis says \"clustered\"). A death is of a slowed or paused member if it was slowed or
  paused when declared, or doubted since it was (a death just after a pause).

SHARDS:
  --shard I/N answers for the I-th of N contiguous slices of the points and prints a shard file;
  gossip-sim tune --merge FILE... joins the N files into the document one process prints.

Bad arguments print `ARGUMENT: message` on stderr and exit with status 2.

EXAMPLE:
  gossip-sim tune 'proto=swim&profile=lan&nodes=64&ev=10s.every.20s~40s.crash.?.10s' \\
      --vary n=2..6 --vary lifeguard=off,on --goal 'all_dead_p95<=15s' \\
      --goal 'false_deaths_per_member_day<=50' --minimize bytes_per_member_s --seeds 8 --until 300s";

/// Finds the setting of a few keys that meets every goal, with honest bounds.
#[derive(clap::Args, Debug)]
#[command(after_long_help = tune_help())]
pub struct TuneArgs {
    /// The base scenario as a URL query: the cluster, its network and its workload (see
    /// gossip-sim --help). Not with --merge.
    #[arg(required_unless_present = "merge")]
    query: Option<String>,
    /// A key and its values, KEY=V1,V2,... or KEY=LO..HI[:STEP]; repeat for a grid.
    #[arg(long, value_name = "KEY=V1,V2,...", value_parser = parse_vary)]
    vary: Vec<Vary>,
    /// A goal, METRIC<=VALUE (or <, >=, >), like 'all_dead_p95<=15s' or
    /// 'false_deaths_per_member_day<=0.01'; repeat for several. Metrics: see --help.
    #[arg(long, value_name = "GOAL", value_parser = parse_goal)]
    goal: Vec<Goal>,
    /// The metric to minimise among the points that meet every goal.
    #[arg(long, value_name = "METRIC", value_parser = parse_metric)]
    minimize: Option<Metric>,
    /// Most seeds a point runs (at least 2).
    #[arg(long, value_name = "N", default_value_t = 8)]
    seeds: u64,
    /// Virtual time each run lasts, like 300s.
    #[arg(long, value_name = "DUR", value_parser = parse_until, default_value = "300s")]
    until: Micros,
    /// Runs at once [default: the number of cores].
    #[arg(long, value_name = "J", value_parser = clap::value_parser!(u64).range(1..))]
    jobs: Option<u64>,
    /// Answer only for the I-th of N slices of the points, printing a shard file.
    #[arg(long, value_name = "I/N", value_parser = parse_shard, conflicts_with = "merge")]
    shard: Option<Shard>,
    /// Join shard files (written by --shard) into the answer.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    merge: Vec<String>,
}

fn parse_vary(s: &str) -> Result<Vary, String> {
    Vary::parse(s).map_err(|e| e.message)
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    Shard::parse(s).map_err(|e| e.message)
}

fn parse_goal(s: &str) -> Result<Goal, String> {
    Goal::parse(s)
}

fn parse_metric(s: &str) -> Result<Metric, String> {
    Metric::named(s)
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(2)
}

/// `--help`'s text after the options: the metrics, then the rest.
fn tune_help() -> String {
    let mut s = String::from("METRICS (for --goal and --minimize):\n");
    for m in METRICS {
        s += &format!("  {:<40} {}\n", m.name, m.help);
    }
    s + "\n" + TUNE_HELP
}

/// `gossip-sim tune`.
pub fn main(args: TuneArgs) -> ExitCode {
    let mut out = std::io::stdout().lock();
    if !args.merge.is_empty() {
        if args.query.is_some()
            || !args.vary.is_empty()
            || !args.goal.is_empty()
            || args.minimize.is_some()
        {
            return fail(
                "--merge: the question comes from the shard files: give no QUERY, --vary, --goal or --minimize with it",
            );
        }
        let mut files = Vec::new();
        for name in &args.merge {
            match std::fs::read_to_string(name) {
                Ok(text) => files.push((name.clone(), text)),
                Err(e) => return fail(format!("--merge: {name}: {e}")),
            }
        }
        return match report::merge(&files) {
            Ok((q, points)) => {
                let _ = out.write_all(report::document(&q, &points).as_bytes());
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        };
    }
    let query = args.query.unwrap_or_default();
    let q = match Question::new(
        &query,
        args.vary,
        args.goal,
        args.minimize,
        args.seeds,
        args.until,
    ) {
        Ok(q) => q,
        Err(e) => return fail(e),
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |j| j as usize,
    );
    let shard = args.shard.unwrap_or(Shard::ALL);
    let points = shard.slice(q.sweep.point_count());
    let mut tuner = Tuner::new(q, points);
    tuner.run_all(|q, round| {
        let mut results = Vec::with_capacity(round.len());
        run_ordered(
            round.len(),
            jobs,
            |i| run_stats(&q.scenario(round[i].point, round[i].seed), q.until),
            |_, r| results.push(r),
        );
        results
    });
    let results = tuner.results();
    let text = if args.shard.is_some() {
        report::shard_json(&tuner.question, shard, &results)
    } else {
        report::document(&tuner.question, &results)
    };
    let _ = out.write_all(text.as_bytes());
    if let Some(e) = results.iter().find_map(|p| p.error.clone()) {
        return fail(SweepError {
            arg: "QUERY".into(),
            message: e,
        });
    }
    ExitCode::SUCCESS
}
