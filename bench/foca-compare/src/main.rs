//! `foca-compare`: N `foca::Foca` instances (foca 2.0, `PostcardCodec`) in a deterministic
//! discrete-event loop of virtual time, for a side-by-side comparison with `gossip-sim`.
//!
//! ```text
//! foca-compare NODES [--until SECS] [--latency MS] [--seed S] [--config lan|simple]
//! ```
//!
//! Full membership at start: every instance is given every other member with
//! `Foca::apply_many(.., do_broadcast = false, ..)`, so nobody starts with a backlog of
//! updates to gossip. Foca starts its probe timer when it first has an active member, so every
//! instance would probe in lock-step; each instance's start-up timers are therefore delayed
//! by an offset drawn uniformly in [0, probe period) (unsynchronised periods, as `gossip-sim`).
//! Start-up (the `apply_many` calls, O(N) each in foca's member list, so O(N^2) per instance)
//! is timed apart from the run and reported as `setup_wall_s`.
//!
//! Messages take a one-way latency drawn uniformly in [L/2, 3L/2) (as `gossip-sim`'s jitter);
//! nothing is lost. Prints one JSON object.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::num::NonZeroU32;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use foca::{Config, Foca, Member, Notification, PostcardCodec, Runtime, Timer};
use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};

type Id = SocketAddrV4;
type Node = Foca<Id, PostcardCodec, SmallRng, foca::NoCustomBroadcast>;

/// Member `i`'s identity: 127.x.y.z (x.y.z = i), port 7946. Identities only: nothing is
/// sent on any network.
fn id(i: u32) -> Id {
    SocketAddrV4::new(Ipv4Addr::from(0x7f00_0000 | i), 7946)
}

fn index(id: &Id) -> u32 {
    u32::from(*id.ip()) & 0x00ff_ffff
}

enum Event {
    Deliver { to: u32, data: Box<[u8]> },
    Timer { node: u32, timer: Timer<Id> },
}

/// A queued event, ordered by (time, sequence number) only: ties go in the order queued.
struct Queued {
    at: u64,
    seq: u64,
    event: Event,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    // Reversed: BinaryHeap is a max-heap, the earliest event must come out first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

#[derive(Default)]
struct Counters {
    messages: u64,
    bytes: u64,
    timers: u64,
    member_up: u64,
    member_down: u64,
    other_notifications: u64,
}

/// The world every instance's `Runtime` writes into: the event queue, the network's RNG and
/// the counters. `node` and `timer_delay` are set before each call into an instance.
struct World {
    now: u64,
    seq: u64,
    queue: BinaryHeap<Queued>,
    net_rng: SmallRng,
    latency_us: u64,
    node: u32,
    timer_delay: u64,
    counters: Counters,
}

impl World {
    fn push(&mut self, at: u64, event: Event) {
        self.seq += 1;
        self.queue.push(Queued {
            at,
            seq: self.seq,
            event,
        });
    }
}

impl Runtime<Id> for World {
    fn notify(&mut self, notification: Notification<'_, Id>) {
        match notification {
            Notification::MemberUp(_) => self.counters.member_up += 1,
            Notification::MemberDown(_) => self.counters.member_down += 1,
            _ => self.counters.other_notifications += 1,
        }
    }

    fn send_to(&mut self, to: Id, data: &[u8]) {
        self.counters.messages += 1;
        self.counters.bytes += data.len() as u64;
        let latency = if self.latency_us == 0 {
            0
        } else {
            // Uniform in [L/2, 3L/2).
            self.latency_us / 2 + self.net_rng.random_range(0..self.latency_us)
        };
        let to = index(&to);
        self.push(
            self.now + latency,
            Event::Deliver {
                to,
                data: data.into(),
            },
        );
    }

    fn submit_after(&mut self, timer: Timer<Id>, after: Duration) {
        self.counters.timers += 1;
        let at = self.now + self.timer_delay + after.as_micros() as u64;
        let node = self.node;
        self.push(at, Event::Timer { node, timer });
    }
}

/// Peak resident memory of this process in kB (VmHWM), if /proc says.
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Args {
    nodes: u32,
    until_s: u64,
    latency_ms: u64,
    seed: u64,
    config: String,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut out = Args {
        nodes: 0,
        until_s: 60,
        latency_ms: 5,
        seed: 1,
        config: "lan".into(),
    };
    let number = |v: Option<String>, what: &str| -> Result<u64, String> {
        v.ok_or(format!("{what} needs a value"))?
            .parse()
            .map_err(|e| format!("{what}: {e}"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--until" => out.until_s = number(args.next(), "--until")?,
            "--latency" => out.latency_ms = number(args.next(), "--latency")?,
            "--seed" => out.seed = number(args.next(), "--seed")?,
            "--config" => out.config = args.next().ok_or("--config needs a value")?,
            "-h" | "--help" => {
                return Err("usage: foca-compare NODES [--until SECS] [--latency MS] \
                            [--seed S] [--config lan|simple]"
                    .into());
            }
            n => out.nodes = n.parse().map_err(|e| format!("NODES: {e}"))?,
        }
    }
    if !(2..=1 << 24).contains(&out.nodes) {
        return Err("NODES: between 2 and 16777216".into());
    }
    Ok(out)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let n = args.nodes;
    let config = match args.config.as_str() {
        "lan" => Config::new_lan(NonZeroU32::new(n).expect("nodes >= 2")),
        "simple" => Config::simple(),
        other => {
            eprintln!("--config: lan or simple, not {other}");
            return ExitCode::from(2);
        }
    };
    let period_us = config.probe_period.as_micros() as u64;
    let until_us = args.until_s * 1_000_000;

    let mut world = World {
        now: 0,
        seq: 0,
        queue: BinaryHeap::new(),
        net_rng: SmallRng::seed_from_u64(args.seed),
        latency_us: args.latency_ms * 1000,
        node: 0,
        timer_delay: 0,
        counters: Counters::default(),
    };
    let mut offsets = SmallRng::seed_from_u64(args.seed ^ 0x5eed_0ff5e7);

    // Start-up: every instance learns every other member, timers staggered.
    let started = Instant::now();
    let mut nodes: Vec<Node> = Vec::with_capacity(n as usize);
    let mut setup_errors = 0u64;
    for i in 0..n {
        let rng =
            SmallRng::seed_from_u64(args.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(i));
        let mut foca = Foca::new(id(i), config.clone(), rng, PostcardCodec);
        world.node = i;
        world.timer_delay = offsets.random_range(0..period_us);
        let others = (0..n).filter(|&j| j != i).map(|j| Member::alive(id(j)));
        if foca.apply_many(others, false, &mut world).is_err() {
            setup_errors += 1;
        }
        nodes.push(foca);
    }
    world.timer_delay = 0;
    let setup_wall = started.elapsed();
    let counters_at_start = (world.counters.member_up, world.counters.timers);

    // The run.
    let mut errors: BTreeMap<String, u64> = BTreeMap::new();
    let mut events = 0u64;
    let mut deliveries = 0u64;
    let run_started = Instant::now();
    while let Some(q) = world.queue.peek() {
        if q.at > until_us {
            break;
        }
        let q = world.queue.pop().expect("peeked");
        world.now = q.at;
        events += 1;
        let result = match q.event {
            Event::Deliver { to, data } => {
                deliveries += 1;
                world.node = to;
                nodes[to as usize].handle_data(&data, &mut world)
            }
            Event::Timer { node, timer } => {
                world.node = node;
                nodes[node as usize].handle_timer(timer, &mut world)
            }
        };
        if let Err(e) = result {
            *errors.entry(e.to_string()).or_default() += 1;
        }
    }
    let run_wall = run_started.elapsed();
    let run_s = run_wall.as_secs_f64();

    let errors_json: Vec<String> = errors
        .iter()
        .map(|(k, v)| format!("{:?}: {v}", k))
        .collect();
    let c = &world.counters;
    println!(
        "{{\"impl\": \"foca 2.0\", \"config\": \"{}\", \"nodes\": {n}, \"latency_ms\": {}, \
         \"until_s\": {}, \"seed\": {}, \"setup_wall_s\": {:.3}, \"run_wall_s\": {:.3}, \
         \"wall_s\": {:.3}, \"events\": {events}, \"messages_sent\": {}, \
         \"messages_delivered\": {deliveries}, \"bytes\": {}, \"bytes_per_message\": {:.1}, \
         \"message_events_per_s\": {:.0}, \"timers\": {}, \"member_up_at_start\": {}, \
         \"member_up_after_start\": {}, \"member_down\": {}, \"other_notifications\": {}, \
         \"setup_errors\": {setup_errors}, \"errors\": {{{}}}, \"peak_kb\": {}}}",
        args.config,
        args.latency_ms,
        args.until_s,
        args.seed,
        setup_wall.as_secs_f64(),
        run_s,
        setup_wall.as_secs_f64() + run_s,
        c.messages,
        c.bytes,
        c.bytes as f64 / c.messages.max(1) as f64,
        deliveries as f64 / run_s.max(1e-9),
        c.timers - counters_at_start.1,
        counters_at_start.0,
        c.member_up - counters_at_start.0,
        c.member_down,
        c.other_notifications,
        errors_json.join(", "),
        peak_kb().map_or("null".into(), |k| k.to_string()),
    );
    ExitCode::SUCCESS
}
