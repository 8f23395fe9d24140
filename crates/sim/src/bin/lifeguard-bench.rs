//! `lifeguard-bench`: what Lifeguard buys under slow members, part by part.
//!
//! ```text
//! cargo run --release -p gossip-sim --bin lifeguard-bench -- [SEEDS] [SECONDS]
//! ```
//!
//! 64 SWIM members on memberlist's LAN profile (`profile=lan`, full topology), three of them
//! (ids 3, 20, 40) slowed from 5 s on by 1200 ms, beyond the probe timeout and, with the round
//! trip, beyond the probe interval. For each Lifeguard setting (`off`, each part alone, `on`)
//! it prints, summed over the seeds, the false suspicions and false deaths *of healthy
//! members* (the 61 not slowed; counted as events: one per observer that marks an up member
//! suspect or dead), and the factor by which each setting cuts them against `off`. Then the
//! detection latency of a real crash (member 7 at 10 s, no slow members): first suspicion and
//! all dead, mean over the seeds, without and with Lifeguard.

use gossip_protocol::{NodeId, Status};
use gossip_sim::trace::TraceEvent;
use gossip_sim::{Scenario, build};

const SLOW: [NodeId; 3] = [3, 20, 40];
const SETTINGS: [&str; 6] = ["off", "lhm", "dyn", "buddy", "nack", "on"];

/// False suspicions and deaths of healthy members in one run of `seconds`.
fn slow_run(lifeguard: &str, seed: u64, seconds: u64) -> (u64, u64) {
    let slow: Vec<String> = SLOW
        .iter()
        .map(|id| format!("5s.slow.{id}.1200ms"))
        .collect();
    let q = format!(
        "proto=swim&profile=lan&nodes=64&topo=full&lifeguard={lifeguard}&seed={seed}&ev={}",
        slow.join(",")
    );
    let scenario = Scenario::from_query(&q).expect("valid scenario");
    let mut sim = build(&scenario).expect("builds");
    sim.set_log_capacity(1 << 20);
    let (mut suspicions, mut deaths, mut seen) = (0, 0, 0u64);
    for second in 1..=seconds {
        sim.run_until(second * 1_000_000);
        let new = (sim.records() - seen) as usize;
        seen = sim.records();
        let log = sim.log();
        for r in log.iter().skip(log.len().saturating_sub(new)) {
            if let TraceEvent::View { member, to, .. } = r.event
                && !SLOW.contains(&member)
            {
                suspicions += u64::from(to == Status::Suspect);
                deaths += u64::from(to == Status::Dead);
            }
        }
    }
    (suspicions, deaths)
}

/// First suspicion and all-dead latency (ms after the crash) of member 7 crashed at 10 s.
fn crash_run(lifeguard: &str, seed: u64) -> (f64, f64) {
    let q = format!(
        "proto=swim&profile=lan&nodes=64&topo=full&lifeguard={lifeguard}&seed={seed}&ev=10s.crash.7"
    );
    let scenario = Scenario::from_query(&q).expect("valid scenario");
    let mut sim = build(&scenario).expect("builds");
    sim.run_until(120_000_000);
    let f = &sim.metrics().failures[0];
    let ms = |t: Option<u64>| t.map_or(f64::NAN, |t| (t - f.at) as f64 / 1000.0);
    (ms(f.first_suspect), ms(f.all_dead))
}

fn factor(base: u64, x: u64) -> String {
    if x == 0 {
        format!(">{base}×")
    } else {
        format!("{:.1}×", base as f64 / x as f64)
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seeds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(300);
    println!(
        "64 members, profile=lan, members {SLOW:?} slowed by 1200 ms from 5 s; {seeds} seeds × {seconds} s"
    );
    println!(
        "| lifeguard | false suspicions of healthy members | cut | false deaths of healthy members | cut |"
    );
    println!("|---|---:|---:|---:|---:|");
    let mut base = (0, 0);
    for setting in SETTINGS {
        let (mut s, mut d) = (0, 0);
        for seed in 1..=seeds {
            let (a, b) = slow_run(setting, seed, seconds);
            s += a;
            d += b;
        }
        if setting == "off" {
            base = (s, d);
        }
        println!(
            "| `{setting}` | {s} | {} | {d} | {} |",
            factor(base.0, s),
            factor(base.1, d)
        );
    }
    println!();
    println!("crash of member 7 at 10 s, no slow members; mean over {seeds} seeds");
    println!("| lifeguard | first suspicion (ms) | all dead (ms) |");
    println!("|---|---:|---:|");
    for setting in ["off", "on"] {
        let (mut a, mut b) = (0.0, 0.0);
        for seed in 1..=seeds {
            let (x, y) = crash_run(setting, seed);
            a += x;
            b += y;
        }
        let n = seeds as f64;
        println!("| `{setting}` | {:.0} | {:.0} |", a / n, b / n);
    }
}
