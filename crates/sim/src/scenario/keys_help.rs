//! What each scenario key means, in one line (markdown: `code` in backticks): `--help`, the
//! docs' key table and the page's tooltips read it through [`Key::help`].
//!
//! It sits beside the key table rather than in it because the table is data every parser
//! links (the page's sweep worker among them), and its sentences are not: kept in a function
//! that only those callers reach, they stay out of the worker's WebAssembly (2.2 KB of its
//! gzipped size, 2026-12-07). A test checks that every key of the table, and only those,
//! has its sentence.

use super::keys::Key;

impl Key {
    /// What the key means, in one line (markdown: `code` in backticks).
    pub fn help(&self) -> &'static str {
        help_of(self.name)
    }
}

fn help_of(name: &str) -> &'static str {
    match name {
        "proto" => {
            "the protocol: `gossip` (heartbeat tables pushed to neighbours, van Renesse et al. 1998) or `swim` (probes, indirect probes, suspicion and infection-style dissemination, Das et al. 2002)"
        }
        "profile" => {
            "SWIM: a memberlist profile (`DefaultLANConfig`, `DefaultWANConfig`, `DefaultLocalConfig`) whose constants become the defaults of `period`, `t`, `n`, `k`, `lambda`, `fanout`, `gossip_interval`, `pushpull` and `gossip_to_dead`, and which runs what memberlist always runs: `lifeguard=on` and `tcp_ping=on`; explicit keys override it (`profile=wan&k=2`, `profile=lan&lifeguard=off`) and the canonical query keeps `profile` and only the overrides"
        }
        "nodes" => {
            "members at start (every member keeps a table of every member: memory grows as nodes²)"
        }
        "topo" => {
            "the topology: `ring` (`degree` neighbours, half on each side), `mesh` (a random connected graph of mean degree about `degree`, from the seed), `full` (everyone); gossip: whom a member sends to; SWIM: whom a member knows at start"
        }
        "degree" => "neighbours per member on a ring or a mesh",
        "period" => {
            "the protocol period, ms: gossip: every period a member bumps its heartbeat and sends its table; SWIM: one probe per member per period"
        }
        "t" => {
            "gossip: suspect a member after `t` ms without a fresher heartbeat (more than `period` + 1.5 × `latency`; with `detector=phi`, φ decides suspicion and `t` only sets removal, `n·t` after it); SWIM: the direct-ping ack timeout (at least 3 × `latency`, the longest round trip, and below `period`)"
        }
        "n" => {
            "gossip: a suspect is removed after a further `n·t`; SWIM: the suspicion multiplier (dead after n × period × max(1, log10 N) unless refuted)"
        }
        "fanout" => {
            "gossip: peers sent the table per period; SWIM: extra gossip targets per period (0 = piggybacking on pings and acks only)"
        }
        "k" => {
            "SWIM: indirect probes, the members asked to ping the target when the direct ack times out (gossip ignores it)"
        }
        "lambda" => {
            "SWIM: the retransmit multiplier λ, each update is piggybacked λ·⌈log10(N+1)⌉ times (gossip ignores it)"
        }
        "gossip_interval" => {
            "SWIM: memberlist's gossip timer, ms: every interval, pending updates go to `fanout` random members; 0 gossips once per period instead (the SWIM paper's piggybacking plus `fanout` extra targets)"
        }
        "pushpull" => {
            "SWIM: the push-pull (anti-entropy) interval, ms, counted in whole periods (rounded, at least 1); scaled above 32 members as memberlist's `pushPullScale`"
        }
        "lifeguard" => {
            "SWIM: which parts of Lifeguard (Dadgar et al. 2017, as in memberlist) run: `lhm` (local health multiplier), `dyn` (dynamic suspicion), `buddy` (a ping carries the suspicion to the suspect), `nack` (ping-req relays answer nack), in any order (`lhm.nack`); printed in that order, all four as `on`"
        }
        "suspicion_max_mult" => {
            "SWIM with Lifeguard's `dyn`: memberlist's `SuspicionMaxTimeoutMult`: a suspicion starts at this many times the plain timeout (n × period × max(1, log10 N)) and shrinks to it as n − 2 other members confirm it; 1: no longer than plain SWIM's"
        }
        "awareness_max" => {
            "SWIM with Lifeguard's `lhm`: memberlist's `AwarenessMaxMultiplier`: the local health score stays below it, so a member that misses acks waits at most this many periods for a probe's answer; 1: the score stays 0 (no effect)"
        }
        "tcp_ping" => {
            "SWIM: memberlist's TCP fallback ping: when the direct ping goes unanswered, beside the ping-reqs a ping goes to the target over a stream that random loss does not touch (a partition, cut, crash or pause does); an answer before the probe's end means no suspicion"
        }
        "gossip_to_dead" => {
            "SWIM: memberlist's `GossipToTheDeadTime`, ms: gossip goes to members alive or suspect and to those declared dead less than this long ago (0: never to the dead)"
        }
        "detector" => {
            "gossip: the failure detector: `fixed` (the article's `t` and `n·t`) or `phi` (phi accrual as Cassandra and chitchat run it over a window of 1,000 heartbeat inter-arrival times per member: suspect when φ > `phi`, removed `n·t` later)"
        }
        "phi" => {
            "gossip with `detector=phi`: the φ threshold (Cassandra's `phi_convict_threshold`): higher, fewer false suspicions and slower detection"
        }
        "phi_model" => {
            "gossip with `detector=phi`: `exponential` (Cassandra's, chitchat's: φ = silence / mean × log10 e) or `normal` (the paper's, Akka's: the mean and standard deviation of the window)"
        }
        "phi_min_std" => {
            "with `phi_model=normal`: the least standard deviation of inter-arrival times, ms (Akka's `min-std-deviation`, 100 ms at its 1 s interval)"
        }
        "phi_pause" => {
            "with `phi_model=normal`: the acceptable heartbeat pause added to the mean, ms (Akka's `acceptable-heartbeat-pause`, 3 s)"
        }
        "exchange" => {
            "gossip: `full` (push the whole table to `fanout` peers every period) or `scuttlebutt` (as chitchat: a Syn → SynAck → Ack2 exchange with each of them, digests and then only the newer entries)"
        }
        "mtu" => {
            "gossip with `exchange=scuttlebutt`: the largest UDP payload, bytes; deltas that do not fit whole wait for a later exchange, stalest first (digests go whole)"
        }
        "loss" => "message loss, percent",
        "burst" => {
            "the mean length of a burst of losses on one link, in messages (Gilbert–Elliott); the mean loss stays `loss`; 1: independent losses"
        }
        "burst_ms" => {
            "bursts in time: each ordered link is bad (loses every message) for `burst_ms` on average and good (loses none) for `burst_ms` · (1 − `loss`)/`loss`, both exponential, so the long-run loss stays `loss`; 0: off"
        }
        "latency" => "the mean one-way latency, ms (each message: uniform in ½–1½ × the mean)",
        "seed" => {
            "the seed of every random choice: the same scenario and seed give the same run, in the command line and in the page"
        }
        "ev" => "scripted events `TIME.ACTION[.ARG...]`, comma-separated",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::super::keys::KEY_TABLE;
    use super::help_of;

    #[test]
    fn every_key_has_its_sentence_and_no_other_name_does() {
        for k in KEY_TABLE.iter() {
            assert!(!k.help().is_empty(), "{} has no help", k.name);
        }
        // No sentence for a name the table does not have (a stale arm would be dead text).
        let source = include_str!("keys_help.rs");
        let arms = source
            .lines()
            .filter(|l| l.trim_start().starts_with('"') && l.contains("\" =>"))
            .count();
        assert_eq!(arms, KEY_TABLE.len(), "one arm per key");
        assert_eq!(help_of("no_such_key"), "");
    }
}
