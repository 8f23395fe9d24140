//! `gossip-sim sweep`: parses the arguments, runs the sweep (`gossip_sim::sweep`) and prints
//! one JSON line per run, or per point with `--summary`, or one document with `--document`.

use crate::cli::{parse_until, run_report};
use gossip_protocol::Micros;
use gossip_sim::sweep::{RunStats, Shard, Summary, Sweep, SweepError, Vary, json, run_ordered};
use serde_json::{Map, Value, json};
use std::io::Write;
use std::process::ExitCode;

const SWEEP_HELP: &str = "\
RUNS AND ORDER:
  Points are every combination of the --vary values (the first --vary outermost, values in the
  order given); each point runs with seeds 1..=N, or S..=S+N-1 when QUERY has seed=S. Runs are
  ordered by point, then seed, and printed in that order whatever --jobs is.

SHARDS:
  --shard I/N runs the I-th of N contiguous slices of that order (sizes differ by at most one),
  so the N shards' outputs concatenated in order 1..N are exactly the unsharded output.
  With --summary, a point cut by a shard boundary is summarised in both shards, each over its
  own runs: for exact summaries of a sharded sweep, shard whole points (N dividing the number
  of points) or aggregate the per-run lines.

OUTPUT, one JSON object per line:
  per run:   {\"point\": {KEY: value, ...}, \"seed\": S, \"scenario\": \"<canonical query with
             seed>\", ...}: the rest is gossip-sim's single-run object (see gossip-sim --help)
  --summary: {\"point\": {...}, \"runs\", \"seeds\": [first, last],
             \"first_suspect_ms\" and \"all_dead_ms\": {\"failures\", \"detected\", \"median\",
             \"p95\", \"mean\"} (latency from the crash, ms; median and p95 by nearest rank;
             over the crashes detected before --until; detection counts only suspicions
             the crash caused, see gossip-sim --help), \"suspected_at_crash\" (crashes whose
             member was already suspected when it crashed), \"false_suspicions_per_member_hour\",
             \"first_hand_false_suspicions_per_member_hour\" (those a member came to on its
             own timer), \"false_deaths_per_member_hour\", \"false_deaths_of_healthy_per_member_hour\"
             and \"false_deaths_of_faulty_per_member_hour\" (deaths of members neither slowed
             nor paused then nor doubted since they were, per healthy member-hour; of members
             slowed or paused then or doubted since, per member-hour spent slowed or paused,
             null if none was), \"false_deaths_per_member_day\",
             \"false_deaths_per_member_day_upper95\" (the one-sided 95 % Poisson upper bound of
             that rate: 2.996 / member-days when none was seen), \"messages_per_member_s\",
             \"bytes_per_member_s\"}
             (member time: running members integrated over each run, summed over the runs),
             and what the analysis predicts there: \"predicted_first_suspect_ms\",
             \"predicted_all_dead_ms\", \"predicted_first_hand_false_suspicions_per_member_hour\"
             (SWIM only, else null)
  --document: one object, the page's \"export JSON\" byte for byte: {\"keys\", \"seeds\",
             \"first_seed\", \"until_ms\", \"runs\": [one per run: \"run\", \"point\", \"seed\",
             \"scenario\", latencies per crash in ms (null: not detected), counts],
             \"points\": [the --summary objects]}, printed when every run is back

Bad arguments print `ARGUMENT: message` on stderr and exit with status 2.

EXAMPLE:
  gossip-sim sweep 'proto=swim&nodes=64&loss=5&ev=10s~20s.crash.?' --vary k=0,1,3 \\
      --seeds 20 --until 60s --summary";

/// Runs a scenario over a grid of parameter values and seeds.
#[derive(clap::Args, Debug)]
#[command(after_long_help = SWEEP_HELP)]
pub struct SweepArgs {
    /// The base scenario as a URL query (see gossip-sim --help); its events (randomised ones
    /// too) are the workload of every run.
    query: String,
    /// A key and its values, KEY=V1,V2,... (any scenario key but seed and ev); a value may be
    /// a range of whole numbers, LO..HI or LO..HI:STEP (at most 200 values a key); repeat for
    /// a grid.
    #[arg(long, value_name = "KEY=V1,V2,...", value_parser = parse_vary)]
    vary: Vec<Vary>,
    /// Seeds per point: 1..=N, or S..S+N-1 when the query has seed=S.
    #[arg(long, value_name = "N")]
    seeds: u64,
    /// Virtual time to run each scenario to, like 60s or 1500ms.
    #[arg(long, value_name = "DUR", value_parser = parse_until)]
    until: Micros,
    /// Runs at once [default: the number of cores].
    #[arg(long, value_name = "J", value_parser = clap::value_parser!(u64).range(1..))]
    jobs: Option<u64>,
    /// Run only the I-th of N disjoint slices of the runs (1 <= I <= N).
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// Print one line per point with its aggregates instead of one line per run.
    #[arg(long, conflicts_with = "document")]
    summary: bool,
    /// Print one JSON document of every run and point at the end (the page's export; not with
    /// --summary).
    #[arg(long)]
    document: bool,
}

fn parse_vary(s: &str) -> Result<Vary, String> {
    Vary::parse(s).map_err(|e| e.message)
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    Shard::parse(s).map_err(|e| e.message)
}

/// A point's values as JSON: numbers as numbers, names as strings.
fn point_json(values: &[(String, String)]) -> Value {
    let map: Map<String, Value> = values
        .iter()
        .map(|(k, v)| {
            let value = v.parse::<u64>().map_or_else(|_| json!(v), |n| json!(n));
            (k.clone(), value)
        })
        .collect();
    Value::Object(map)
}

/// One run's line: point, seed, scenario with its seed, then the single-run object.
fn run_line(sweep: &Sweep, index: usize, until: Micros) -> Result<String, String> {
    let run = sweep.run(index);
    let report = run_report(&run.scenario, until).map_err(|e| e.to_string())?;
    let mut line = Map::new();
    line.insert("point".into(), point_json(&sweep.point(run.point)));
    line.insert("seed".into(), json!(run.seed));
    line.insert("scenario".into(), json!(run.scenario.to_query_with_seed()));
    if let Value::Object(fields) = report {
        line.extend(fields.into_iter().filter(|(k, _)| k != "scenario"));
    }
    Ok(Value::Object(line).to_string())
}

fn run_stats(sweep: &Sweep, index: usize, until: Micros) -> Result<RunStats, String> {
    gossip_sim::run_then(&sweep.run(index).scenario, until, |s, m| {
        RunStats::of(s, m, until)
    })
    .map_err(|e| e.to_string())
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(2)
}

/// `gossip-sim sweep`.
pub fn main(args: SweepArgs) -> ExitCode {
    let sweep = match Sweep::new(&args.query, args.vary, args.seeds) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let range = args.shard.unwrap_or(Shard::ALL).slice(sweep.len());
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |j| j as usize,
    );
    let (until, first) = (args.until, range.start);
    let mut out = std::io::stdout().lock();
    let mut error: Option<String> = None;
    let mut write = |line: &str| {
        // A closed pipe (`| head`) ends the output quietly.
        let _ = writeln!(out, "{line}");
    };
    if args.summary {
        let mut point_runs: Vec<RunStats> = Vec::new();
        let end = range.end;
        run_ordered(
            range.len(),
            jobs,
            |i| run_stats(&sweep, first + i, until),
            |i, stats| {
                let index = first + i;
                match stats {
                    Ok(stats) => point_runs.push(stats),
                    Err(e) => {
                        error.get_or_insert(e);
                    }
                }
                let run = sweep.run(index);
                let last_of_point = index + 1 == end || sweep.run(index + 1).point != run.point;
                if last_of_point {
                    let n = point_runs.len() as u64;
                    let seeds = (run.seed + 1 - n.max(1), run.seed);
                    let s = Summary::of(&point_runs);
                    write(&json::summary_line(
                        &sweep,
                        run.point,
                        [seeds.0, seeds.1],
                        &s,
                    ));
                    point_runs.clear();
                }
            },
        );
    } else if args.document {
        let mut runs: Vec<(usize, RunStats)> = Vec::new();
        run_ordered(
            range.len(),
            jobs,
            |i| run_stats(&sweep, first + i, until),
            |i, stats| match stats {
                Ok(stats) => runs.push((first + i, stats)),
                Err(e) => {
                    error.get_or_insert(e);
                }
            },
        );
        let runs: Vec<(usize, &RunStats)> = runs.iter().map(|(i, s)| (*i, s)).collect();
        let doc = json::document(&sweep, until / 1000, &runs);
        // (The document ends with its newline.)
        let _ = out.write_all(doc.as_bytes());
    } else {
        run_ordered(
            range.len(),
            jobs,
            |i| run_line(&sweep, first + i, until),
            |_, line| match line {
                Ok(line) => write(&line),
                Err(e) => {
                    error.get_or_insert(e);
                }
            },
        );
    }
    match error {
        Some(e) => fail(SweepError {
            arg: "QUERY".into(),
            message: e,
        }),
        None => ExitCode::SUCCESS,
    }
}
