//! The network as a value: latency with jitter, loss (independent, or in Gilbert–Elliott
//! bursts counted in messages or lasting a time), partitions into groups, and one-way link cuts.

use crate::rng::SimRng;
use gossip_protocol::{Micros, NodeId};

/// Network conditions. A message is routed when sent: it is delivered after a delay, or dropped.
#[derive(Clone, Debug)]
pub struct Network {
    /// Mean one-way latency in µs; each message takes a uniform draw in `[mean/2, 3·mean/2)`.
    pub latency: Micros,
    /// Loss probability in hundredths of a percent (0..=10000).
    pub loss_per_10k: u32,
    /// Partition group of each node; messages between different groups are dropped.
    group: Vec<u16>,
    /// The group of ids past the end of `group`: members that join during the partition
    /// belong to the side of the ids in no range.
    rest: u16,
    /// Mean burst length in messages (1: independent losses).
    burst: u32,
    /// Gilbert–Elliott state per ordered link, `bad[src]` a bitset over `dst`: set while the
    /// link is in its bad (losing) state. Empty until a burst is in force.
    bad: Vec<Vec<u64>>,
    /// Links whose chain has started (`seen[src]`, a bitset over `dst`): a link's first
    /// message draws its state from the long-run distribution (bad with probability `p`), so
    /// that links used rarely lose `p` of their messages too.
    seen: Vec<Vec<u64>>,
    /// Mean length of a bad state in simulated time, µs (0: off; see [`Network::set_burst_time`]).
    burst_time: Micros,
    /// The time-based chain of each ordered link, `timed[src][dst]`: 0 before the link's first
    /// message, else `(end of the current state, µs) << 1 | bad`.
    timed: Vec<Vec<u64>>,
    /// Links cut one way, `(from, to)`, sorted: messages from `from` to `to` are dropped.
    cuts: Vec<(NodeId, NodeId)>,
}

impl Network {
    /// A network with no partition.
    pub fn new(latency: Micros, loss_pct: u32) -> Self {
        Network {
            latency,
            loss_per_10k: loss_pct * 100,
            group: Vec::new(),
            rest: 0,
            burst: 1,
            bad: Vec::new(),
            seen: Vec::new(),
            burst_time: 0,
            timed: Vec::new(),
            cuts: Vec::new(),
        }
    }

    /// Makes losses come in bad states lasting `mean` µs of simulated time on average (0:
    /// off), per ordered link: a Gilbert–Elliott chain in continuous time. The bad state loses
    /// every message, the good one none; each state lasts an exponentially distributed time, the
    /// bad one of mean `B = mean`, the good one of mean `B · (1 − p) / p` for the loss `p`, so
    /// the link is bad for the share `p` of the time and, since messages are sent independently
    /// of the link's state, loses `p` of them in the long run. A link's chain starts at its
    /// first message, in the bad state with probability `p` (the long-run share); each state's
    /// end is drawn when it starts and the chain is advanced to a message's send time when the
    /// message is routed. A change of `loss` applies from the next change of state.
    pub fn set_burst_time(&mut self, mean: Micros) {
        self.burst_time = mean;
    }

    /// Sets the mean burst length of losses, in messages on one link (1: independent).
    pub fn set_burst(&mut self, burst: u32) {
        self.burst = burst.max(1);
    }

    /// Cuts the link from `from` to `to` (one way).
    pub fn cut(&mut self, from: NodeId, to: NodeId) {
        if let Err(at) = self.cuts.binary_search(&(from, to)) {
            self.cuts.insert(at, (from, to));
        }
    }

    /// Repairs the link from `from` to `to` (one way).
    pub fn mend(&mut self, from: NodeId, to: NodeId) {
        if let Ok(at) = self.cuts.binary_search(&(from, to)) {
            self.cuts.remove(at);
        }
    }

    /// Whether the link from `from` to `to` is cut.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        !self.cuts.is_empty() && self.cuts.binary_search(&(from, to)).is_ok()
    }

    /// The links cut one way, sorted.
    pub fn cuts(&self) -> &[(NodeId, NodeId)] {
        &self.cuts
    }

    /// The group of `node` (0 when no partition is in force).
    pub fn group(&self, node: NodeId) -> u16 {
        self.group.get(node as usize).copied().unwrap_or(self.rest)
    }

    /// Replaces the partition: `group[i]` is node `i`'s side, and `rest` the side of every id
    /// past the end of `group` (nodes that join later: the side of the ids in no range).
    pub fn partition(&mut self, group: Vec<u16>, rest: u16) {
        self.group = group;
        self.rest = rest;
    }

    /// Removes every partition and repairs every cut link.
    pub fn heal(&mut self) {
        self.group.clear();
        self.rest = 0;
        self.cuts.clear();
    }

    /// True when a partition is in force.
    pub fn is_partitioned(&self) -> bool {
        !self.group.is_empty()
    }

    /// True when a message from `a` reaches `b`: same side of any partition, link not cut.
    pub fn connected(&self, a: NodeId, b: NodeId) -> bool {
        self.group(a) == self.group(b) && !self.is_cut(a, b)
    }

    /// Routes one message sent at `now`: `Some(delay)` or `None` for a drop (partition, cut
    /// or loss). Bursty loss draws its state changes from `burst_rng`, so independent loss
    /// (burst 1, no burst time) draws exactly what it always did.
    pub fn route(
        &mut self,
        src: NodeId,
        dst: NodeId,
        now: Micros,
        rng: &mut SimRng,
        burst_rng: &mut SimRng,
    ) -> Option<Micros> {
        if !self.connected(src, dst) {
            return None;
        }
        let lost = if self.burst_time > 0 {
            self.timed_loss(src, dst, now, burst_rng)
        } else if self.burst > 1 {
            self.bursty_loss(src, dst, burst_rng)
        } else {
            rng.chance(self.loss_per_10k)
        };
        if lost {
            return None;
        }
        Some(self.delay(rng))
    }
}

impl Network {
    /// One step of the link's Gilbert–Elliott chain; true if this message is lost. The bad
    /// state loses every message and the good state none; the bad state ends after each
    /// message with probability `r = 1/L` (mean burst `L` messages) and the good state turns
    /// bad with `q = p·r/(1 − p)`, so the long-run loss is `q/(q + r) = p`.
    fn bursty_loss(&mut self, src: NodeId, dst: NodeId, rng: &mut SimRng) -> bool {
        let p = u64::from(self.loss_per_10k);
        if p == 0 {
            return false;
        }
        if p >= 10_000 {
            return true;
        }
        let (s, d) = (src as usize, dst as usize);
        for rows in [&mut self.bad, &mut self.seen] {
            if rows.len() <= s {
                rows.resize(s + 1, Vec::new());
            }
            if rows[s].len() <= d / 64 {
                rows[s].resize(d / 64 + 1, 0);
            }
        }
        let bit = 1u64 << (d % 64);
        let started = self.seen[s][d / 64] & bit != 0;
        self.seen[s][d / 64] |= bit;
        let row = &mut self.bad[s];
        let was_bad = row[d / 64] & bit != 0;
        // Probabilities in millionths, drawn as whole numbers: portable.
        const ONE: u64 = 1_000_000;
        let l = u64::from(self.burst);
        let now_bad = if !started {
            rng.below_u64(10_000) < p // the long-run share of the bad state
        } else if was_bad {
            rng.below_u64(ONE) >= ONE / l // stays bad with 1 − 1/L
        } else {
            let q = (p * ONE) / (l * (10_000 - p));
            rng.below_u64(ONE) < q
        };
        if now_bad {
            row[d / 64] |= bit;
        } else {
            row[d / 64] &= !bit;
        }
        now_bad
    }
}

/// Streams (memberlist's TCP fallback ping): what random loss does not touch.
impl Network {
    /// Routes one message over a reliable stream: `None` only if a partition or a cut
    /// separates the two ends; otherwise the same latency as a datagram, drawn from `rng`.
    /// TCP's handshake and its retransmissions under loss are not modelled (a lost segment
    /// would be sent again after a retransmission timeout, later than here).
    pub fn route_reliable(&self, src: NodeId, dst: NodeId, rng: &mut SimRng) -> Option<Micros> {
        if !self.connected(src, dst) {
            return None;
        }
        Some(self.delay(rng))
    }

    /// One message's one-way delay: uniform in ½–1½ × the mean latency (0 draws nothing).
    fn delay(&self, rng: &mut SimRng) -> Micros {
        if self.latency == 0 {
            return 0;
        }
        self.latency / 2 + rng.below_u64(self.latency)
    }
}

impl Network {
    /// Whether link `src → dst` is in its bad state at `now` (see [`Network::set_burst_time`]),
    /// advancing its chain to `now`.
    fn timed_loss(&mut self, src: NodeId, dst: NodeId, now: Micros, rng: &mut SimRng) -> bool {
        let p = u64::from(self.loss_per_10k);
        if p == 0 {
            return false;
        }
        if p >= 10_000 {
            return true;
        }
        let (s, d) = (src as usize, dst as usize);
        if self.timed.len() <= s {
            self.timed.resize(s + 1, Vec::new());
        }
        if self.timed[s].len() <= d {
            self.timed[s].resize(d + 1, 0);
        }
        let bad_mean = self.burst_time as f64;
        let good_mean = bad_mean * (10_000 - p) as f64 / p as f64;
        let mean = |bad: bool| if bad { bad_mean } else { good_mean };
        let link = self.timed[s][d];
        let (mut bad, mut end) = if link == 0 {
            // The long-run share; a state's remaining time is exponential too (memoryless).
            let bad = rng.below_u64(10_000) < p;
            (bad, now.saturating_add(exponential(mean(bad), rng)))
        } else {
            (link & 1 == 1, link >> 1)
        };
        while end <= now {
            bad = !bad;
            end = end.saturating_add(exponential(mean(bad), rng));
        }
        self.timed[s][d] = (end.min(u64::MAX >> 1) << 1) | u64::from(bad);
        bad
    }
}

/// An exponentially distributed duration of mean `mean` µs, at least 1 µs: `−mean · ln U`
/// with `U` uniform in (0, 1] from 53 random bits (`libm`'s `log`, the same natively and in
/// the browser).
fn exponential(mean: f64, rng: &mut SimRng) -> Micros {
    let u = (rng.below_u64(1 << 53) + 1) as f64 / (1u64 << 53) as f64;
    ((-mean * libm::log(u)).round() as Micros).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    fn rngs(seed: u64) -> (SimRng, SimRng) {
        (
            SimRng::new(seed, Stream::Network),
            SimRng::new(seed, Stream::Burst),
        )
    }

    #[test]
    fn partition_drops_messages_across_the_cut_only() {
        let mut net = Network::new(1000, 0);
        let (mut r, mut b) = rngs(1);
        net.partition(vec![0, 0, 1, 1], 2);
        assert!(net.route(0, 1, 0, &mut r, &mut b).is_some());
        assert!(net.route(1, 2, 0, &mut r, &mut b).is_none());
        // An id past the listed nodes (one that joins later) is on the side `rest`.
        assert_eq!(net.group(4), 2);
        assert!(net.route(4, 0, 0, &mut r, &mut b).is_none());
        net.heal();
        assert!(net.route(1, 2, 0, &mut r, &mut b).is_some());
    }

    #[test]
    fn a_one_way_cut_drops_one_direction_until_mended() {
        let mut net = Network::new(1000, 0);
        let (mut r, mut b) = rngs(1);
        net.cut(3, 5);
        assert!(net.route(3, 5, 0, &mut r, &mut b).is_none());
        assert!(net.route(5, 3, 0, &mut r, &mut b).is_some());
        assert!(net.route(3, 4, 0, &mut r, &mut b).is_some());
        net.mend(3, 5);
        assert!(net.route(3, 5, 0, &mut r, &mut b).is_some());
        net.cut(1, 2);
        net.heal();
        assert!(net.cuts().is_empty(), "heal repairs cut links too");
    }

    #[test]
    fn latency_jitter_stays_within_half_to_three_halves_of_the_mean() {
        let mut net = Network::new(10_000, 0);
        let (mut r, mut b) = rngs(2);
        let ds: Vec<_> = (0..1000)
            .map(|_| net.route(0, 1, 0, &mut r, &mut b).unwrap())
            .collect();
        assert!(ds.iter().all(|&d| (5_000..15_000).contains(&d)));
        let mean = ds.iter().sum::<u64>() as f64 / 1000.0;
        assert!((9_500.0..10_500.0).contains(&mean));
    }

    #[test]
    fn loss_drops_about_the_asked_fraction() {
        let mut net = Network::new(0, 20);
        let (mut r, mut b) = rngs(3);
        let lost = (0..10_000)
            .filter(|_| net.route(0, 1, 0, &mut r, &mut b).is_none())
            .count();
        assert!((1800..2200).contains(&lost), "{lost}");
    }

    /// Mean loss and mean run length of losses over 200,000 messages on one link.
    fn bursts(loss: u32, burst: u32) -> (f64, f64) {
        let mut net = Network::new(0, loss);
        net.set_burst(burst);
        let (mut r, mut b) = rngs(4);
        let (mut lost, mut runs, mut in_run) = (0u32, 0u32, false);
        for _ in 0..200_000 {
            let drop = net.route(0, 1, 0, &mut r, &mut b).is_none();
            lost += u32::from(drop);
            runs += u32::from(drop && !in_run);
            in_run = drop;
        }
        (
            f64::from(lost) / 200_000.0,
            f64::from(lost) / f64::from(runs.max(1)),
        )
    }

    #[test]
    fn bursty_loss_keeps_the_mean_loss_and_has_the_asked_mean_burst_length() {
        // Standard errors at these sizes are under 1% of the loss and 3% of the run length.
        let (loss, run) = bursts(10, 8);
        assert!((0.09..0.11).contains(&loss), "{loss}");
        assert!((7.0..9.0).contains(&run), "{run}");
        let (loss, run) = bursts(30, 4);
        assert!((0.28..0.32).contains(&loss), "{loss}");
        assert!((3.6..4.4).contains(&run), "{run}");
    }

    #[test]
    fn bursts_are_kept_per_link() {
        let mut net = Network::new(0, 50);
        net.set_burst(1000);
        let (mut r, mut b) = rngs(5);
        // Long bursts: each link stays in one state for long stretches, independently.
        let a: Vec<bool> = (0..64)
            .map(|_| net.route(0, 1, 0, &mut r, &mut b).is_none())
            .collect();
        let c: Vec<bool> = (0..64)
            .map(|_| net.route(2, 1, 0, &mut r, &mut b).is_none())
            .collect();
        assert!(a.windows(2).filter(|w| w[0] != w[1]).count() <= 2);
        assert!(c.windows(2).filter(|w| w[0] != w[1]).count() <= 2);
    }

    /// Messages on one link every `gap` µs for `count` messages, with bad states of mean
    /// `burst_ms`: (long-run loss, mean length of a run of consecutive losses in µs of
    /// simulated time, from its first lost message to the first delivered one).
    fn timed_bursts(loss: u32, burst_ms: u64, gap: Micros, count: u64) -> (f64, f64) {
        let mut net = Network::new(0, loss);
        net.set_burst_time(burst_ms * 1000);
        let (mut r, mut b) = rngs(6);
        let (mut lost, mut runs, mut run_time, mut started) = (0u64, 0u64, 0u64, None);
        for i in 0..count {
            let now = i * gap;
            let drop = net.route(0, 1, now, &mut r, &mut b).is_none();
            lost += u64::from(drop);
            match (drop, started) {
                (true, None) => started = Some(now),
                (false, Some(at)) => {
                    runs += 1;
                    run_time += now - at;
                    started = None;
                }
                _ => {}
            }
        }
        (
            lost as f64 / count as f64,
            run_time as f64 / runs.max(1) as f64,
        )
    }

    #[test]
    fn timed_bursts_keep_the_mean_loss_and_last_the_asked_time_on_average() {
        // One message a millisecond for 20,000 s: 20 million messages. With bad states of
        // 200 ms at 10 % loss, about 10,000 bad states: the mean of 10,000 exponential lengths
        // has a standard error of 1 % (2 ms), and the share of time bad about 1.4 % of 10 %
        // (successive states are independent, each good/bad pair of mean 2 s). A run of losses,
        // measured from its first lost message to the first delivered one, overstates a bad
        // state by the 1 ms spacing at most (0.5 ms on average): tolerances 0.4 percentage points
        // of loss and 5 % of the length, about 4 standard errors.
        let (loss, run) = timed_bursts(10, 200, 1000, 20_000_000);
        assert!((0.096..0.104).contains(&loss), "{loss}");
        assert!((190_000.0..210_000.0).contains(&run), "{run}");
        // 30 % loss, 50 ms bad states (about 120,000 of them): tighter.
        let (loss, run) = timed_bursts(30, 50, 1000, 20_000_000);
        assert!((0.294..0.306).contains(&loss), "{loss}");
        assert!((48_000.0..52_500.0).contains(&run), "{run}");
    }

    #[test]
    fn timed_bursts_do_not_depend_on_how_often_the_link_is_used() {
        // The same chain seen through messages 100 times sparser loses the same share: the
        // state is advanced by time, not by messages.
        let (dense, _) = timed_bursts(20, 300, 1000, 5_000_000);
        let (sparse, _) = timed_bursts(20, 300, 100_000, 50_000);
        assert!((0.19..0.21).contains(&dense), "{dense}");
        assert!((0.17..0.23).contains(&sparse), "{sparse}");
    }

    #[test]
    fn timed_bursts_replay_from_the_seed_and_keep_links_apart() {
        let run = || {
            let mut net = Network::new(0, 40);
            net.set_burst_time(2_000_000);
            let (mut r, mut b) = rngs(7);
            (0..2000u64)
                .map(|i| {
                    let t = i * 10_000;
                    (
                        net.route(0, 1, t, &mut r, &mut b).is_none(),
                        net.route(1, 0, t, &mut r, &mut b).is_none(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let (a, b) = (run(), run());
        assert_eq!(a, b);
        // Two-second bad states at 10 ms spacing: long runs on each link, and the two
        // directions (independent chains) disagree for a good part of the time.
        let flips = a.windows(2).filter(|w| w[0].0 != w[1].0).count();
        assert!(flips < 40, "{flips}");
        let apart = a.iter().filter(|(x, y)| x != y).count();
        assert!(apart > 100, "{apart}");
    }
}
