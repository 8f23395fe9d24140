//! `gossip-bench`: how fast the simulator runs, and (`--analysis`) how its measurements compare
//! with the published analysis. Prints figures; asserts nothing.
//!
//! ```text
//! cargo run --release -p gossip-sim --bin gossip-bench              # the speed table
//! cargo run --release -p gossip-sim --bin gossip-bench -- --analysis  # the analysis table in docs/results.md
//! ```
//!
//! Each configuration runs in a child process of this program (`--one PROTO NODES`), so that
//! the peak memory it reports (VmHWM) is its own.

// Natively only; on wasm32 (where clap and serde_json are not dependencies) an empty stub.
#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use clap::Parser;
    use gossip_protocol::Micros;
    use gossip_protocol::gossip::GossipNode;
    use gossip_protocol::swim::SwimNode;
    use gossip_sim::experiment;
    use gossip_sim::{Proto, Scenario, Sim, Topo};
    use serde_json::{Value, json};
    use std::process::{Command, ExitCode};
    use std::time::{Duration, Instant};

    /// Speed of the gossip-playground simulator, or its agreement with the analysis.
    #[derive(Parser, Debug)]
    #[command(name = "gossip-bench", version)]
    struct Args {
        /// Print the table of measurements against the analysis's predictions instead.
        #[arg(long)]
        analysis: bool,
        /// With --analysis: runs per stochastic measurement.
        #[arg(long, default_value_t = 2000)]
        seeds: u64,
        /// Run one configuration and print its figures as JSON (used by the table's children):
        /// gossip or swim, full or ring, and a node count.
        #[arg(long, num_args = 3, value_names = ["PROTO", "TOPO", "NODES"])]
        one: Option<Vec<String>>,
        /// Wall-clock seconds to time each configuration for (after its warm-up).
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
    }

    /// The configurations of the table: (protocol, topology, nodes).
    const CONFIGS: [(Proto, Topo, u32); 10] = [
        (Proto::Swim, Topo::Full, 100),
        (Proto::Swim, Topo::Full, 1000),
        (Proto::Swim, Topo::Full, 5000),
        (Proto::Swim, Topo::Full, 10_000),
        (Proto::Gossip, Topo::Full, 100),
        (Proto::Gossip, Topo::Full, 1000),
        (Proto::Gossip, Topo::Full, 5000),
        (Proto::Gossip, Topo::Ring, 100),
        (Proto::Gossip, Topo::Ring, 1000),
        (Proto::Gossip, Topo::Ring, 5000),
    ];

    /// Defaults but for the size and topology, no failures. On a full topology every SWIM
    /// member knows every other from the start, and every gossip message carries the whole
    /// table; on a ring of degree 2 (the playground's default) gossip keeps only the members
    /// whose heartbeats reach it within `t`, so large rings churn through false suspicions.
    fn scenario(proto: Proto, topo: Topo, nodes: u32) -> Scenario {
        let mut s = Scenario::defaults(proto);
        s.nodes = nodes;
        s.topo = topo;
        s
    }

    /// Peak resident memory of this process in kB (VmHWM), if /proc says.
    fn peak_memory_kb() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Runs `sim` past start-up, then times whole chunks of ten periods of virtual time until
    /// `budget` of wall time has passed. Returns the figures as JSON: each rate as the median
    /// over the chunks (this machine is shared, and a neighbour's burst slows a few chunks
    /// down), with the 10th and 90th percentiles beside it, and as the overall mean.
    fn measure<P: gossip_sim::Protocol>(
        mut sim: Sim<P>,
        period: Micros,
        nodes: u32,
        budget: Duration,
    ) -> Value {
        // Start-up: joins, syncs, and every member learning of every other (gossip), plus
        // SWIM's first push-pulls. 60 periods is well past all of it at these sizes.
        let warm_up = 60 * period;
        let started = Instant::now();
        sim.run_until(warm_up);
        let warm_up_wall = started.elapsed();
        let messages = |sim: &Sim<P>| {
            let m = sim.metrics().messages;
            m.delivered + m.dropped
        };
        let (events0, messages0, t0) = (sim.processed(), messages(&sim), sim.now());
        let chunk = 10 * period;
        // Per chunk: (message events, events, virtual seconds, node-periods), each per second.
        let mut rates: Vec<[f64; 4]> = Vec::new();
        let timed = Instant::now();
        while timed.elapsed() < budget {
            let (e, m, t) = (sim.processed(), messages(&sim), sim.now());
            let lap = Instant::now();
            sim.run_until(sim.now() + chunk);
            let wall = lap.elapsed().as_secs_f64().max(1e-9);
            let virtual_s = (sim.now() - t) as f64 / 1e6;
            let periods = (sim.now() - t) as f64 / period as f64;
            rates.push([
                (messages(&sim) - m) as f64 / wall,
                (sim.processed() - e) as f64 / wall,
                virtual_s / wall,
                f64::from(nodes) * periods / wall,
            ]);
        }
        let wall = timed.elapsed().as_secs_f64();
        let virtual_s = (sim.now() - t0) as f64 / 1e6;
        let periods = (sim.now() - t0) as f64 / period as f64;
        // The q-quantile of column `i` of the chunks' rates.
        let quantile = |i: usize, q: f64| {
            let mut column: Vec<f64> = rates.iter().map(|r| r[i]).collect();
            column.sort_by(f64::total_cmp);
            let at = (column.len().saturating_sub(1) as f64 * q).round() as usize;
            column.get(at).copied().unwrap_or(f64::NAN)
        };
        let spread = |i: usize| json!([quantile(i, 0.1), quantile(i, 0.5), quantile(i, 0.9)]);
        json!({
            "nodes": nodes,
            "warm_up_wall_s": warm_up_wall.as_secs_f64(),
            "virtual_s": virtual_s,
            "wall_s": wall,
            "chunks": rates.len(),
            "message_events_per_s": quantile(0, 0.5),
            "events_per_s": quantile(1, 0.5),
            "speed_up": quantile(2, 0.5),
            "node_periods_per_s": quantile(3, 0.5),
            "p10_p50_p90": {
                "message_events_per_s": spread(0),
                "speed_up": spread(2),
            },
            "mean": {
                "message_events_per_s": (messages(&sim) - messages0) as f64 / wall,
                "events_per_s": (sim.processed() - events0) as f64 / wall,
                "node_periods_per_s": f64::from(nodes) * periods / wall,
                "speed_up": virtual_s / wall,
            },
            "peak_kb": peak_memory_kb(),
        })
    }

    fn run_one(proto: Proto, topo: Topo, nodes: u32, budget: Duration) -> Value {
        // Built directly, past the scenario format (so no limit or validation applies).
        let s = scenario(proto, topo, nodes);
        match proto {
            Proto::Swim => {
                let config = s.swim_config();
                let period = config.period;
                measure(Sim::<SwimNode>::new(s, config), period, nodes, budget)
            }
            Proto::Gossip => {
                let config = s.gossip_config();
                let period = config.period;
                measure(Sim::<GossipNode>::new(s, config), period, nodes, budget)
            }
        }
    }

    fn num(v: &Value, key: &str) -> f64 {
        v[key].as_f64().unwrap_or(f64::NAN)
    }

    fn table(seconds: f64) -> ExitCode {
        let exe = match std::env::current_exe() {
            Ok(exe) => exe,
            Err(e) => {
                eprintln!("cannot find this program to run its children: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!(
            "No loss, no failures, defaults otherwise (SWIM: 1 s period; gossip: 500 ms period, \
             fan-out 1).\nTimed in chunks of 10 periods over at least {seconds} s of wall clock \
             after 60 periods of warm-up, one child process per row. Rates are the median \
             chunk's, with the 10th-90th percentile range of the chunks in brackets.\n"
        );
        println!(
            "| protocol | topology | nodes | msg events/s | events/s | node-periods/s | \
             × real time | peak memory |"
        );
        println!("|---|---|---:|---:|---:|---:|---:|---:|");
        // SWIM full's median message events/s by size, for the flat-cost line.
        let mut swim_full: Vec<(u32, f64)> = Vec::new();
        for (proto, topo, nodes) in CONFIGS {
            let out = Command::new(&exe)
                .args(["--one", proto.name(), topo.name(), &nodes.to_string()])
                .args(["--seconds", &seconds.to_string()])
                .output();
            let row: Option<Value> = out
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| serde_json::from_slice(&o.stdout).ok());
            let (proto, topo) = (proto.name(), topo.name());
            let Some(r) = row else {
                println!("| {proto} | {topo} | {nodes} | (failed) | | | | |");
                continue;
            };
            if (proto, topo) == (Proto::Swim.name(), Topo::Full.name()) {
                swim_full.push((nodes, num(&r, "message_events_per_s")));
            }
            let mb = r["peak_kb"].as_u64().map_or(String::from("?"), |kb| {
                format!("{:.0} MB", kb as f64 / 1024.0)
            });
            let range = |key: &str, scale: f64, digits: usize| {
                let at = |i: usize| r["p10_p50_p90"][key][i].as_f64().unwrap_or(f64::NAN) / scale;
                format!("{:.digits$} [{:.digits$}–{:.digits$}]", at(1), at(0), at(2))
            };
            println!(
                "| {proto} | {topo} | {nodes} | {} M | {:.2} M | {:.0} k | {}× | {mb} |",
                range("message_events_per_s", 1e6, 2),
                num(&r, "events_per_s") / 1e6,
                num(&r, "node_periods_per_s") / 1e3,
                range("speed_up", 1.0, 0),
            );
        }
        let at = |n: u32| swim_full.iter().find(|r| r.0 == n).map(|r| r.1);
        if let (Some(small), Some(large)) = (at(1000), at(10_000)) {
            println!(
                "\nSWIM full, cost per event: message events/s at 10,000 members = {:.2} × the \
                 figure at 1,000 (target: at least 0.8, a flat cost per event)",
                large / small
            );
        }
        ExitCode::SUCCESS
    }

    pub fn main() -> ExitCode {
        let args = Args::parse();
        if args.analysis {
            let rows = experiment::comparisons(args.seeds);
            print!("{}", experiment::markdown(&rows));
            return ExitCode::SUCCESS;
        }
        let budget = Duration::from_secs_f64(args.seconds.max(0.01));
        if let Some(one) = args.one {
            let proto = match one[0].as_str() {
                "swim" => Proto::Swim,
                "gossip" => Proto::Gossip,
                other => {
                    eprintln!("unknown protocol '{other}': accepted gossip, swim");
                    return ExitCode::from(2);
                }
            };
            let topo = match one[1].as_str() {
                "full" => Topo::Full,
                "ring" => Topo::Ring,
                other => {
                    eprintln!("unknown topology '{other}': accepted full, ring");
                    return ExitCode::from(2);
                }
            };
            let Ok(nodes) = one[2].parse::<u32>() else {
                eprintln!("'{}' is not a node count", one[2]);
                return ExitCode::from(2);
            };
            println!("{}", run_one(proto, topo, nodes.max(1), budget));
            return ExitCode::SUCCESS;
        }
        table(args.seconds)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    bench::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
