//! `phi-bench`: is φ calibrated? The measured chance that a live member's silence passes φ
//! before its next heartbeat arrives, against the 10^−φ each model promises.
//!
//! ```text
//! cargo run --release -p gossip-sim --bin phi-bench -- [SEEDS] [SECONDS] [QUERY]
//! ```
//!
//! Runs the gossip scenario `QUERY` (default `nodes=32&topo=full&loss=10`, no crash) for
//! `SECONDS` (default 600) over seeds 1..=`SEEDS` (default 5). Every observer keeps, for every
//! other member, one arrival window per model (the scenario's window size and cap, the
//! models' default parameters unless the query sets `phi_min_std` / `phi_pause`), fed with the
//! moments its table learns a fresher heartbeat, exactly as the detector's own window is.
//! At each arrival after the first 30 s it records the φ the silence had reached just before
//! (φ only grows with the silence, so that is the silence's highest φ): a member is falsely
//! suspected in that inter-arrival at threshold `k` if that φ exceeds `k`. The table gives,
//! for `k` = 1..=10, the share of inter-arrivals above `k` (a calibrated model gives 10^−k)
//! and the factor by which it falls from `k − 1` to `k` (calibrated: 10). The detector checks
//! φ at its ticks only, so it suspects a little less often than the share (a silence can pass
//! `k` and end between two ticks). Prints figures; asserts nothing.

use gossip_protocol::gossip::{ArrivalWindow, GossipConfig, GossipNode, PhiModel};
use gossip_protocol::{Micros, Status};
use gossip_sim::{Scenario, Sim};

const WARM_UP: Micros = 30_000_000;
const MAX_K: usize = 10;

/// Inter-arrivals counted, and how many passed each φ = 1..=MAX_K, for one model.
#[derive(Default)]
struct Tally {
    arrivals: u64,
    above: [u64; MAX_K + 1],
}

impl Tally {
    fn add(&mut self, phi: f64) {
        self.arrivals += 1;
        for (k, n) in self.above.iter_mut().enumerate().skip(1) {
            if phi > k as f64 {
                *n += 1;
            }
        }
    }
}

/// One run: feeds every (observer, member) pair's windows and tallies φ at each arrival.
fn run(query: &str, seed: u64, seconds: u64, models: &[GossipConfig], tallies: &mut [Tally]) {
    let q = format!("{query}&seed={seed}");
    let scenario = Scenario::from_query(&q).unwrap_or_else(|e| panic!("{q}: {e}"));
    let n = scenario.nodes as usize;
    let config = scenario.gossip_config();
    let mut sim = Sim::<GossipNode>::new(scenario, config);
    let mut keys = vec![0u64; n * n];
    let mut windows: Vec<Vec<ArrivalWindow>> = models
        .iter()
        .map(|_| vec![ArrivalWindow::default(); n * n])
        .collect();
    let until = seconds * 1_000_000;
    while let Some(now) = sim.step() {
        if now > until {
            break;
        }
        for o in 0..n {
            let Some(node) = sim.node(o as u32) else {
                continue;
            };
            let entries = node.table().entries();
            for (m, e) in entries.iter().enumerate().take(n) {
                let key = (u64::from(e.generation()) << 32) | u64::from(e.heartbeat());
                let slot = o * n + m;
                if m == o || key <= keys[slot] || e.status() == Status::Unknown {
                    continue;
                }
                keys[slot] = key;
                for ((model, tally), w) in models.iter().zip(tallies.iter_mut()).zip(&mut windows) {
                    let w = &mut w[slot];
                    if !w.is_empty() && now >= WARM_UP {
                        tally.add(w.phi(now, model));
                    }
                    w.heard(key, now, model);
                }
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seeds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(600);
    let query = args
        .next()
        .unwrap_or_else(|| "nodes=32&topo=full&loss=10".to_string());
    let base = Scenario::from_query(&query)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .gossip_config();
    let models = [PhiModel::Exponential, PhiModel::Normal].map(|m| GossipConfig {
        phi_model: m,
        ..base.clone()
    });
    let mut tallies: Vec<Tally> = models.iter().map(|_| Tally::default()).collect();
    for seed in 1..=seeds {
        run(&query, seed, seconds, &models, &mut tallies);
    }
    println!(
        "{query}: {seeds} seeds × {seconds} s, inter-arrivals after {} s: {} per model; normal: phi_min_std {} ms, phi_pause {} ms",
        WARM_UP / 1_000_000,
        tallies[0].arrivals,
        base.phi_min_std / 1000,
        base.phi_pause / 1000
    );
    println!();
    println!(
        "| φ | 10^−φ | exponential: share above φ | fall from φ − 1 | normal: share above φ | fall from φ − 1 |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    let share = |t: &Tally, k: usize| t.above[k] as f64 / t.arrivals.max(1) as f64;
    let cell = |t: &Tally, k: usize| {
        if t.above[k] == 0 {
            format!("0 of {}", t.arrivals)
        } else {
            format!("{:.2e} ({})", share(t, k), t.above[k])
        }
    };
    let fall = |t: &Tally, k: usize| {
        if k == 1 || t.above[k] == 0 {
            "".to_string()
        } else {
            format!("{:.1}×", t.above[k - 1] as f64 / t.above[k] as f64)
        }
    };
    for k in 1..=MAX_K {
        println!(
            "| {k} | 1e-{k} | {} | {} | {} | {} |",
            cell(&tallies[0], k),
            fall(&tallies[0], k),
            cell(&tallies[1], k),
            fall(&tallies[1], k)
        );
    }
}
