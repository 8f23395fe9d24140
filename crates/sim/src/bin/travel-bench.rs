//! `travel-bench`: the cost of time travel. Plays a run forward with checkpoints (as the page
//! does, with the page's 200 MB budget), then times seeks to random times and single steps
//! back, and measures the checkpoints' real size with a counting allocator. Prints figures;
//! asserts nothing.
//!
//! ```text
//! cargo run --release -p gossip-sim --bin travel-bench                  # SWIM, 1000, full, 10 min
//! cargo run --release -p gossip-sim --bin travel-bench -- 'nodes=200' 300
//! ```

use gossip_sim::checkpoint::{Target, Timeline, estimate_bytes};
use gossip_sim::rng::{SimRng, Stream};
use gossip_sim::{Scenario, build};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting the bytes in use so that a checkpoint's real size is known.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is only
// arithmetic beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        IN_USE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let query = args
        .first()
        .cloned()
        .unwrap_or_else(|| "proto=swim&nodes=1000&topo=full".into());
    let minutes: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(600) / 60;
    let scenario = match Scenario::from_query(&query) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let horizon = minutes.max(1) * 60 * 1_000_000;
    let sim = build(&scenario).expect("validated");
    let estimate = estimate_bytes(sim.as_ref());
    let before = in_use();
    let copy = sim.clone_box();
    let measured = in_use() - before;
    drop(copy);

    let budget = 200 << 20;
    let start = Instant::now();
    let mut t = Timeline::new(sim, budget, Some(in_use));
    t.run_until(horizon);
    let play = start.elapsed().as_secs_f64();
    let events = t.sim().processed();
    let (count, bytes) = t.checkpoints();

    let mut rng = SimRng::new(7, Stream::Protocol);
    let mut seeks = Vec::new();
    let mut backs = Vec::new();
    let mut replayed = Vec::new();
    let mut back_replayed = Vec::new();
    for _ in 0..20 {
        let target = rng.below_u64(horizon);
        let s = Instant::now();
        replayed.push(t.seek(Target::Time(target)) as f64);
        seeks.push(s.elapsed().as_secs_f64() * 1e3);
        for _ in 0..3 {
            let k = t.sim().processed().saturating_sub(1);
            let s = Instant::now();
            let r = t.seek(Target::Event(k));
            backs.push(s.elapsed().as_secs_f64() * 1e3);
            back_replayed.push(r as f64);
        }
    }
    let (max_bytes_count, max_bytes) = t.checkpoints();
    let mut clones = Vec::new();
    for _ in 0..10 {
        let s = Instant::now();
        let c = t.sim().clone_box();
        clones.push(s.elapsed().as_secs_f64() * 1e3);
        drop(c);
    }
    println!("scenario: {query}, {minutes} simulated minutes");
    println!(
        "played forward with checkpoints: {events} events in {play:.2} s ({:.2} M events/s)",
        events as f64 / play / 1e6
    );
    println!(
        "one checkpoint (a clone at time 0): {:.1} MB measured, {:.1} MB estimated",
        measured as f64 / 1048576.0,
        estimate as f64 / 1048576.0
    );
    println!(
        "checkpoints after playing: {count}, {:.1} MB (budget {} MB), spacing {} events",
        bytes as f64 / 1048576.0,
        budget >> 20,
        t.every()
    );
    println!(
        "checkpoints after seeking: {max_bytes_count}, {:.1} MB",
        max_bytes as f64 / 1048576.0
    );
    println!(
        "seek to a random time: median {:.1} ms, p90 {:.1} ms, max {:.1} ms (replayed median {:.0} events)",
        percentile(&mut seeks.clone(), 0.5),
        percentile(&mut seeks.clone(), 0.9),
        percentile(&mut seeks, 1.0),
        percentile(&mut replayed, 0.5),
    );
    println!(
        "one clone of the whole state: median {:.1} ms",
        percentile(&mut clones, 0.5)
    );
    println!(
        "one step back: median {:.1} ms, p90 {:.1} ms, max {:.1} ms (replayed median {:.0} events)",
        percentile(&mut backs.clone(), 0.5),
        percentile(&mut backs.clone(), 0.9),
        percentile(&mut backs, 1.0),
        percentile(&mut back_replayed, 0.5),
    );
}
