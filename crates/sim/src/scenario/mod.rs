//! The scenario: every parameter of a run plus a scripted list of timed events.
//!
//! One format serves the page's URL query, the command line and the test fixtures. Every key is
//! optional; the defaults give the classic 8-node heartbeat-gossip ring. The canonical query
//! ([`Scenario::to_query`]) lists keys in a fixed order and omits those at their default, and
//! `Scenario -> query -> Scenario` round-trips exactly.

mod event;
pub mod keys;
mod keys_doc;
mod keys_help;
mod pair;
mod param;
mod profile;
mod query;
pub(crate) mod resolve;

pub use event::{
    Action, Draw, MAX_RATE_PER_HOUR, MAX_SPAN_MS, MIN_GAP_MS, Pace, Recurring, Span, TimedEvent,
};
pub use keys::{KEY_TABLE, Key, key};
pub use keys_doc::{help_list, markdown_table};
pub use pair::ScenarioPair;
pub use param::{LIVE_PARAMS, Param, Tunable};
pub use profile::{Profile, ProfileValues, lifeguard_name, parse_lifeguard};
pub use query::{KEYS, detector_name, exchange_name, phi_model_name};

use gossip_protocol::NodeId;
pub use gossip_protocol::gossip::{Detector, Exchange, PhiModel};
use gossip_protocol::gossip::{GossipConfig, MAX_UDP_PAYLOAD};
use gossip_protocol::swim::{Lifeguard, SwimConfig};
use std::fmt;

/// Largest cluster with `burst_ms` > 0, joins included: each ordered link that carries a
/// message keeps its state in 8 bytes (a full topology of 2,000 members: 32 MB).
pub const MAX_BURST_MS_NODES: u32 = 2000;

/// Default `phi_min_std`, ms: Akka's `min-std-deviation` (100 ms at its 1 s heartbeat
/// interval) scaled to gossip's default 500 ms period.
pub const PHI_MIN_STD_MS: u64 = 50;
/// Default `phi_pause`, ms: Akka's `acceptable-heartbeat-pause` (3 s, three heartbeat
/// intervals) scaled to gossip's default 500 ms period.
pub const PHI_PAUSE_MS: u64 = 1500;

/// Which protocol the cluster runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Proto {
    /// Heartbeat-style gossip.
    Gossip,
    /// SWIM.
    Swim,
}

impl Proto {
    /// The name used in the query (`gossip`, `swim`).
    pub fn name(self) -> &'static str {
        keys::name_of(&keys::PROTOS, self)
    }
}

/// The topology (see [`crate::topology`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topo {
    /// A ring; `degree` neighbours, half on each side.
    Ring,
    /// A random connected graph of mean degree about `degree`, built from the seed.
    Mesh,
    /// Everyone knows everyone.
    Full,
}

impl Topo {
    /// The name used in the query.
    pub fn name(self) -> &'static str {
        keys::name_of(&keys::TOPOS, self)
    }
}

/// A scenario error: which key (or event) and what is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The offending key, e.g. `nodes`, or `ev` for an event.
    pub key: String,
    /// A sentence saying what was wrong and what is accepted.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl std::error::Error for ScenarioError {}

impl ScenarioError {
    pub(crate) fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError {
            key: key.into(),
            message: message.into(),
        }
    }
}

/// `v` cut to at most 40 characters for an error message (a 100,000-digit value is not
/// echoed back whole).
pub(crate) fn clip(v: &str) -> String {
    match v.char_indices().nth(40) {
        Some((i, _)) => format!("{}… ({} characters)", &v[..i], v.chars().count()),
        None => v.to_string(),
    }
}

/// Largest gossip cluster. Every table holds every member, so memory grows as nodes² (5000²
/// entries of 16 bytes = 400 MB of tables), and on a full topology every message carries every
/// entry (12 bytes each). Measured peak memory of the release `gossip-sim` at 5000 members
/// (peak RSS from `/usr/bin/time`, default settings, 30 s runs): 437 MB on a full topology,
/// 250 MB on a ring (whose tables fill more slowly); 74 MB at 2000 on a full topology
/// (measured 2026-11-28).
pub const MAX_GOSSIP_NODES: u32 = 5000;
/// Largest gossip cluster with `detector=phi`. Every member keeps a window of up to 1,000
/// inter-arrival samples (4 bytes each) for every other member, as Cassandra and chitchat do:
/// up to nodes² × 4 KB once the windows fill (after 1,000 heartbeats learned, about 8 minutes
/// at the default period), 268 MB at 256 members.
pub const MAX_PHI_NODES: u32 = 256;
/// Largest SWIM cluster on a full topology. Every member keeps a dense table of every member
/// (two bytes each: status and incarnation; a live bit; stamps only for entries that changed)
/// and a probe order (two bytes a member): about 4.3 bytes a member, 10,000² of them ≈ 0.43 GB.
/// Measured peak memory of the release `gossip-sim` (peak RSS, default settings, 30 s runs):
/// 435 MB at 10,000 members, 115 MB at 5,000 (827 MB and 213 MB before the tables and probe
/// orders went to two bytes a member).
pub const MAX_SWIM_NODES: u32 = 10_000;
/// Largest SWIM cluster on a ring or a mesh. A member that starts knowing only its neighbours
/// learns every other one by state sync and queues each as a rumour to pass on, so at start-up
/// every member holds up to `nodes` pending updates (6 bytes each, plus a 2-byte position
/// index per member) and a stamp for every entry (a one-byte index into the distinct stamps):
/// measured peak memory (default settings, 30 s) 1.13 GB at 10,000 members on a ring, 1.23 GB
/// on a mesh, 378 MB at 5,000 on a ring. With 32-byte pending updates, a 4-byte index and
/// 8-byte stamps it was 4.66 GB at 10,000 on a ring (4.90 GB on a mesh), 1.57 GB at 5,000,
/// and the limit was 5,000.
pub const MAX_SWIM_SPARSE_NODES: u32 = 10_000;
/// Most bytes of gossip messages in flight at once that a scenario may call for (see
/// `Scenario::validate`): 2 GB, about the peak of the largest SWIM cluster.
pub const MAX_GOSSIP_BYTES_IN_FLIGHT: u64 = 2_000_000_000;
/// Most scripted events.
pub const MAX_EVENTS: usize = 1000;
/// Latest time of a scripted event: one day, in ms.
pub const MAX_EVENT_MS: u64 = 86_400_000;

/// Every parameter of a run. Times are in milliseconds, as in the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// `proto`: the protocol.
    pub proto: Proto,
    /// `profile`: a memberlist profile whose constants are this scenario's defaults (SWIM
    /// only); None: the playground's SWIM defaults.
    pub profile: Option<Profile>,
    /// `nodes`: members at start, 1..=5000 (gossip) or 1..=10000 (SWIM).
    pub nodes: u32,
    /// `topo`: topology.
    pub topo: Topo,
    /// `degree`: neighbours per node (ring, mesh), 1..=64.
    pub degree: u32,
    /// `period`: protocol period in ms, 10..=60000.
    pub period_ms: u64,
    /// `t`: gossip: suspect after this long without a fresher heartbeat; SWIM: direct-ping ack
    /// timeout (below `period`). Milliseconds, 1..=3600000.
    pub t_ms: u64,
    /// `n`: gossip: removed after a further `n·t`; SWIM: suspicion multiplier. 1..=100.
    pub n: u32,
    /// `fanout`: gossip: peers per period (>= 1); SWIM: extra gossip targets per period. 0..=16.
    pub fanout: u32,
    /// `k`: SWIM indirect probes, 0..=16 (ignored by gossip).
    pub k: u32,
    /// `lambda`: SWIM retransmit multiplier, 1..=16 (ignored by gossip).
    pub lambda: u32,
    /// `gossip_interval`: SWIM: memberlist's gossip timer in ms, `fanout` members every
    /// interval; 0 (default) gossips once per period instead. 0..=60000.
    pub gossip_interval_ms: u64,
    /// `pushpull`: SWIM: memberlist's push-pull interval in ms (counted in whole periods,
    /// at least one); None (default): every 30 periods. 1..=3600000.
    pub push_pull_ms: Option<u64>,
    /// `lifeguard`: SWIM: which parts of Lifeguard run. Default off; `on` under a profile.
    pub lifeguard: Lifeguard,
    /// `suspicion_max_mult`: SWIM with `lifeguard` part `dyn`: memberlist's
    /// `SuspicionMaxTimeoutMult`, a dynamic suspicion's starting timeout in multiples of the
    /// plain one. 1..=100, default 6 (every memberlist profile).
    pub suspicion_max_mult: u32,
    /// `awareness_max`: SWIM with `lifeguard` part `lhm`: memberlist's
    /// `AwarenessMaxMultiplier`, the health score stays below it, so a probe waits at most this
    /// many periods. 1..=64, default 8 (every memberlist profile).
    pub awareness_max: u32,
    /// `tcp_ping`: SWIM: memberlist's TCP fallback ping beside the ping-reqs (`on`|`off`).
    /// Default off; `on` under a profile.
    pub tcp_ping: bool,
    /// `gossip_to_dead`: SWIM: memberlist's `GossipToTheDeadTime` in ms: gossip also goes to
    /// members declared dead this recently (0: never). 0..=3600000; default 30000, a
    /// profile's own value under it (LAN 30 s, WAN 60 s, local 15 s).
    pub gossip_to_dead_ms: u64,
    /// `detector`: gossip's failure detector, `fixed` (`t`, `n·t`; default) or `phi`.
    pub detector: Detector,
    /// `phi`: gossip with `detector=phi`: the φ threshold, 1..=32, default 8.
    pub phi: u32,
    /// `phi_model`: gossip with `detector=phi`: `exponential` (Cassandra's, chitchat's;
    /// default) or `normal` (the paper's, Akka's).
    pub phi_model: PhiModel,
    /// `phi_min_std`: with `phi_model=normal`: the least standard deviation of inter-arrival
    /// times, ms (Akka's `min-std-deviation`), 1..=60000, default [`PHI_MIN_STD_MS`].
    pub phi_min_std_ms: u64,
    /// `phi_pause`: with `phi_model=normal`: the acceptable heartbeat pause added to the mean,
    /// ms (Akka's `acceptable-heartbeat-pause`), 0..=3600000, default [`PHI_PAUSE_MS`].
    pub phi_pause_ms: u64,
    /// `exchange`: gossip's exchange, `full` (whole tables; default) or `scuttlebutt`.
    pub exchange: Exchange,
    /// `mtu`: gossip with `exchange=scuttlebutt`: the largest UDP payload, bytes,
    /// 512..=65507, default 65507 (chitchat's).
    pub mtu: u32,
    /// `loss`: message loss in percent, 0..=100.
    pub loss_pct: u32,
    /// `burst`: mean length of a burst of losses, in messages on one link (Gilbert–Elliott;
    /// the mean loss stays `loss`). 1 (default): independent losses. 1..=1000.
    pub burst: u32,
    /// `burst_ms`: mean length of a bad state of a link in simulated time, ms: a Gilbert–Elliott
    /// chain in continuous time per ordered link (bad: every message lost; good: none); bad
    /// states last `burst_ms` on average and good ones `burst_ms · (1 − loss) / loss`, each
    /// exponentially distributed, so the long-run loss stays `loss` (see
    /// [`crate::network::Network::set_burst_time`]). 0 (default): off. 0..=3600000; not with
    /// `burst` > 1; at most [`MAX_BURST_MS_NODES`] members.
    pub burst_ms: u64,
    /// `latency`: mean one-way latency in ms, 0..=10000.
    pub latency_ms: u64,
    /// `seed`: seed of every random choice.
    pub seed: u64,
    /// `ev`: scripted events, sorted by time (stable).
    pub events: Vec<TimedEvent>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario::defaults(Proto::Gossip)
    }
}

impl Scenario {
    /// The defaults for `proto`. Protocol-specific keys (`period`, `t`, `n`, `fanout`, `k`,
    /// `lambda`) take the protocol's defaults; SWIM's are memberlist's LAN profile.
    pub fn defaults(proto: Proto) -> Self {
        let (period_ms, t_ms, n, fanout) = match proto {
            // A degree-2 ring with fanout 1 relays heartbeats slowly (each hop waits for a coin
            // flip), so `t` must cover ~20 periods: with t = 20 periods no false suspicion was
            // seen in 200 seeds × 120 s; with 14 periods, a few.
            Proto::Gossip => (500, 10_000, 2, 1),
            Proto::Swim => (1000, 500, 4, 0),
        };
        Scenario {
            proto,
            profile: None,
            gossip_interval_ms: 0,
            push_pull_ms: None,
            lifeguard: Lifeguard::OFF,
            suspicion_max_mult: SwimConfig::lan().suspicion_max_mult,
            awareness_max: SwimConfig::lan().awareness_max,
            tcp_ping: false,
            gossip_to_dead_ms: 30_000,
            detector: Detector::Fixed,
            phi: 8,
            phi_model: PhiModel::Exponential,
            phi_min_std_ms: PHI_MIN_STD_MS,
            phi_pause_ms: PHI_PAUSE_MS,
            exchange: Exchange::Full,
            mtu: MAX_UDP_PAYLOAD,
            burst: 1,
            burst_ms: 0,
            nodes: 8,
            topo: Topo::Ring,
            degree: 2,
            period_ms,
            t_ms,
            n,
            fanout,
            k: 3,
            lambda: 4,
            loss_pct: 0,
            latency_ms: 50,
            seed: 1,
            events: Vec::new(),
        }
    }

    /// The defaults for `proto` under `profile` (SWIM): the profile's constants in place of
    /// the protocol's.
    pub fn defaults_for(proto: Proto, profile: Option<Profile>) -> Self {
        let mut s = Scenario::defaults(proto);
        if let Some(p) = profile {
            let v = p.values();
            s.profile = Some(p);
            s.period_ms = v.period_ms;
            s.t_ms = v.t_ms;
            s.n = v.n;
            s.k = v.k;
            s.lambda = v.lambda;
            s.gossip_interval_ms = v.gossip_interval_ms;
            s.fanout = v.fanout;
            s.push_pull_ms = Some(v.push_pull_ms);
            s.gossip_to_dead_ms = v.gossip_to_dead_ms;
            s.lifeguard = Lifeguard::ALL;
            s.tcp_ping = true;
        }
        s
    }

    /// The largest `nodes` for this protocol (and gossip's detector, or SWIM's topology).
    pub fn max_nodes(&self) -> u32 {
        match self.proto {
            Proto::Gossip if self.detector == Detector::Phi => MAX_PHI_NODES,
            Proto::Gossip => MAX_GOSSIP_NODES,
            Proto::Swim if self.topo == Topo::Full => MAX_SWIM_NODES,
            Proto::Swim => MAX_SWIM_SPARSE_NODES,
        }
    }

    /// Why [`Scenario::max_nodes`] is what it is, as the end of a range message.
    pub fn max_nodes_why(&self) -> &'static str {
        match self.proto {
            Proto::Gossip if self.detector == Detector::Phi => {
                " for gossip with detector=phi (each member keeps 1,000 samples of every other)"
            }
            _ => " for this protocol",
        }
    }

    /// Checks every range and every event (after drawing the randomised ones, see
    /// [`Scenario::resolved`]); the error names the key or event.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.resolved().map(|_| ())
    }

    /// Checks every parameter's range and the constraints between them (not the events):
    /// first each key on its own ([`Key::check`], in key order), then the keys together.
    pub fn validate_params(&self) -> Result<(), ScenarioError> {
        for key in KEY_TABLE {
            key.check(self)?;
        }
        self.validate_burst()?;
        self.validate_burst_ms()?;
        self.validate_gossip_variants()?;
        self.validate_lifeguard_constants()?;
        if self.proto == Proto::Swim && self.t_ms >= self.period_ms {
            return Err(ScenarioError::new(
                "t",
                format!(
                    "{} ms is not below period ({} ms): SWIM's ack timeout must end within the \
                     protocol period",
                    self.t_ms, self.period_ms
                ),
            ));
        }
        self.validate_timing()
    }

    /// `phi` only with `detector=phi`, `phi_model` too, its parameters only with
    /// `phi_model=normal`, `mtu` only with `exchange=scuttlebutt`; phi's windows bound `nodes`
    /// with joins included. (With SWIM, [`Key::check`] has kept these keys at their defaults.)
    fn validate_gossip_variants(&self) -> Result<(), ScenarioError> {
        if self.proto == Proto::Swim {
            return Ok(());
        }
        let d = Scenario::defaults(self.proto);
        let phi_on = self.detector == Detector::Phi;
        let normal = self.phi_model == PhiModel::Normal;
        let needs = [
            (
                "phi",
                self.phi != d.phi && !phi_on,
                "is the threshold of detector=phi: set detector=phi too",
            ),
            (
                "phi_model",
                normal && !phi_on,
                "is the model of detector=phi: set detector=phi too",
            ),
            (
                "phi_min_std",
                self.phi_min_std_ms != d.phi_min_std_ms && !normal,
                "is a parameter of phi_model=normal: set detector=phi&phi_model=normal too",
            ),
            (
                "phi_pause",
                self.phi_pause_ms != d.phi_pause_ms && !normal,
                "is a parameter of phi_model=normal: set detector=phi&phi_model=normal too",
            ),
            (
                "mtu",
                self.mtu != d.mtu && self.exchange != Exchange::Scuttlebutt,
                "cuts Scuttlebutt's deltas: set exchange=scuttlebutt too (full tables are not cut)",
            ),
        ];
        if let Some((key, _, message)) = needs.iter().find(|(_, missing, _)| *missing) {
            return Err(ScenarioError::new(*key, *message));
        }
        if phi_on && self.total_nodes() > MAX_PHI_NODES {
            return Err(ScenarioError::new(
                "nodes",
                format!(
                    "{} is out of range with detector=phi: accepted 1..={MAX_PHI_NODES} members, joins included (each keeps 1,000 heartbeat inter-arrival times of every other: up to nodes² × 4 KB)",
                    self.total_nodes()
                ),
            ));
        }
        Ok(())
    }

    /// `suspicion_max_mult` only with Lifeguard's dynamic suspicion, `awareness_max` only with
    /// its health multiplier: away from its default without the part that reads it, a key
    /// would change nothing. (With gossip, [`Key::check`] has kept both at their defaults.)
    fn validate_lifeguard_constants(&self) -> Result<(), ScenarioError> {
        let d = Scenario::defaults(Proto::Swim);
        let lg = self.lifeguard;
        if self.suspicion_max_mult != d.suspicion_max_mult && !lg.dynamic {
            return Err(ScenarioError::new(
                "suspicion_max_mult",
                "is a constant of Lifeguard's dynamic suspicion: set a lifeguard that includes dyn too (lifeguard=on, or a profile)",
            ));
        }
        if self.awareness_max != d.awareness_max && !lg.lhm {
            return Err(ScenarioError::new(
                "awareness_max",
                "is a constant of Lifeguard's local health multiplier: set a lifeguard that includes lhm too (lifeguard=on, or a profile)",
            ));
        }
        Ok(())
    }

    /// Gilbert–Elliott bursts keep the mean loss `p` with mean burst length `L` only if the
    /// good state's chance of turning bad, `p / (L · (1 − p))`, is at most 1: `p ≤ L / (L + 1)`
    /// (a loss of 100 % is always possible).
    fn validate_burst(&self) -> Result<(), ScenarioError> {
        let (p, l) = (u64::from(self.loss_pct), u64::from(self.burst));
        if l > 1 && p < 100 && p * (l + 1) > 100 * l {
            return Err(ScenarioError::new(
                "burst",
                format!(
                    "{l} messages is too short for loss={p} %: bursts of mean length L lose at most L/(L+1) of the messages; raise burst to at least {} or lower loss",
                    p.div_ceil(100 - p)
                ),
            ));
        }
        Ok(())
    }

    /// `burst_ms`: not with `burst` > 1 (they are two models of the same bursts), and within
    /// [`MAX_BURST_MS_NODES`].
    fn validate_burst_ms(&self) -> Result<(), ScenarioError> {
        if self.burst_ms == 0 {
            return Ok(());
        }
        if self.burst > 1 {
            return Err(ScenarioError::new(
                "burst_ms",
                "times the bursts that burst counts in messages: set one of them, not both",
            ));
        }
        if self.total_nodes() > MAX_BURST_MS_NODES {
            return Err(ScenarioError::new(
                "burst_ms",
                format!(
                    "is accepted with at most {MAX_BURST_MS_NODES} members, joins included (each ordered link keeps its state: up to nodes² × 8 bytes); nodes is {}",
                    self.total_nodes()
                ),
            ));
        }
        Ok(())
    }

    /// The parameters in force at `at_ms`: the scenario's, changed by every `set` event up to
    /// then (events not included).
    pub fn params_at(&self, at_ms: u64) -> Scenario {
        let mut s = Scenario {
            events: Vec::new(),
            ..self.clone()
        };
        for ev in self.events.iter().take_while(|e| e.at_ms <= at_ms) {
            if let Action::Set(p, v) = ev.action {
                p.put(&mut s, v);
            }
        }
        s
    }

    /// Rejects timings that cannot work with this latency, naming the keys involved. Each
    /// message takes up to 1.5 × `latency` (uniform in ½–1½ × the mean), so:
    /// - SWIM: an ack must be able to come back within `t`, so `t` must be at least the longest
    ///   round trip, 3 × `latency`. Below it live members fail their probes all the time; with a
    ///   short period every member is suspected over and over (a 10 ms period with `t` 5 at the
    ///   default 50 ms latency ran 615 s and took 11.7 GB for 2 simulated seconds at 5000
    ///   members).
    /// - gossip: a member's heartbeat reaches a neighbour at most once per period, so `t` must
    ///   exceed `period` + 1.5 × `latency`, or every member is suspected between two heartbeats.
    /// - gossip: whole tables in flight must fit [`MAX_GOSSIP_BYTES_IN_FLIGHT`] (2000 members on
    ///   a 10 ms period with 1 s of latency would need 7 GB).
    fn validate_timing(&self) -> Result<(), ScenarioError> {
        let (t, period, latency) = (self.t_ms, self.period_ms, self.latency_ms);
        match self.proto {
            Proto::Swim if t < 3 * latency => Err(ScenarioError::new(
                "t",
                format!(
                    "{t} ms is below the longest round trip at latency={latency} ms (3 × latency = {} ms): SWIM's ack timeout t must be at least that, and below period; raise t (and period) or lower latency",
                    3 * latency
                ),
            )),
            Proto::Gossip if 2 * t <= 2 * period + 3 * latency => Err(ScenarioError::new(
                "t",
                format!(
                    "{t} ms is too short for period={period} ms and latency={latency} ms: a heartbeat arrives at most once a period, so gossip's t must exceed period + 1.5 × latency ({} ms)",
                    (2 * period + 3 * latency) / 2
                ),
            )),
            Proto::Gossip if self.gossip_bytes_in_flight() > MAX_GOSSIP_BYTES_IN_FLIGHT => {
                Err(ScenarioError::new(
                    "period",
                    format!(
                        "{period} ms is too short for nodes={}, fanout={} and latency={latency} ms: every node sends its whole table every period and each takes up to 1.5 × latency to arrive, about {} MB in flight (at most {} MB); raise period or lower latency, nodes or fanout",
                        self.nodes,
                        self.fanout,
                        self.gossip_bytes_in_flight() / 1_000_000,
                        MAX_GOSSIP_BYTES_IN_FLIGHT / 1_000_000
                    ),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Gossip's messages in flight at once, in bytes: each node sends `fanout` whole tables
    /// (`nodes` digests) every period, and each is in flight for up to 1.5 × latency (plus the
    /// period being built). Measured: 471 MB peak for an estimate of 453 MB
    /// (`nodes=500&topo=full&period=10&latency=1000&t=1600`).
    fn gossip_bytes_in_flight(&self) -> u64 {
        let per_table = u64::from(self.nodes) * size_of::<gossip_protocol::gossip::Digest>() as u64;
        let periods_in_flight = 1 + (3 * self.latency_ms).div_ceil(2 * self.period_ms);
        // Scuttlebutt: a Syn (a digest), a SynAck (a digest and deltas), an Ack2 (deltas).
        let tables = match self.exchange {
            Exchange::Full => 1,
            Exchange::Scuttlebutt => 4,
        };
        u64::from(self.nodes)
            * u64::from(self.fanout.max(1))
            * periods_in_flight
            * per_table
            * tables
    }

    /// Members at time `at_ms` counting joins scripted up to then (ids are `0..count`).
    pub fn node_count_at(&self, at_ms: u64) -> u32 {
        let joins = self
            .events
            .iter()
            .filter(|e| e.at_ms <= at_ms && e.action == Action::Join)
            .count() as u32;
        self.nodes + joins
    }

    /// Every node id that ever exists in this scenario (initial plus joined).
    pub fn total_nodes(&self) -> u32 {
        self.node_count_at(u64::MAX)
    }

    /// Inserts `ev` after every event at the same or an earlier time (the order a replay of
    /// the canonical query processes them in).
    pub fn push_event(&mut self, ev: TimedEvent) {
        let at = self.events.partition_point(|e| e.at_ms <= ev.at_ms);
        self.events.insert(at, ev);
    }

    /// This concrete scenario with a command `ev` recorded at its time, validated: a command
    /// that ends a member's slowness (`fast`, `crash`, `leave`) drops the later `fast` that
    /// would have ended it (as [`Scenario::resolved`] leaves out an undo whose fault another
    /// event ended), and `ev`'s undo (`slow.ID.DELAY.FOR`, `crash.ID.DOWNTIME`, `cut.LINK.FOR`)
    /// is added as its own event.
    pub fn with_command(&self, ev: &TimedEvent) -> Result<Scenario, ScenarioError> {
        let mut next = self.clone();
        if let Action::Fast(n) | Action::Crash(n) | Action::Leave(n) = ev.action {
            let later = next.events.iter().position(|e| {
                e.at_ms >= ev.at_ms
                    && matches!(e.action, Action::Fast(m) | Action::Slow(m, _) if m == n)
            });
            if let Some(i) = later.filter(|&i| matches!(next.events[i].action, Action::Fast(_))) {
                next.events.remove(i);
            }
        }
        next.push_event(ev.clone());
        if ev.draw.is_none() {
            next.validate()?;
            Ok(next)
        } else {
            next.resolved()
        }
    }

    /// The gossip configuration of this scenario.
    pub fn gossip_config(&self) -> GossipConfig {
        GossipConfig {
            period: self.period_ms * 1000,
            suspect_after: self.t_ms * 1000,
            remove_factor: self.n,
            fanout: self.fanout.max(1),
            detector: self.detector,
            phi_threshold: self.phi,
            phi_model: self.phi_model,
            phi_min_std: self.phi_min_std_ms * 1000,
            phi_pause: self.phi_pause_ms * 1000,
            exchange: self.exchange,
            mtu: self.mtu,
            aligned_start: false,
            ..GossipConfig::default()
        }
    }

    /// The SWIM configuration of this scenario.
    pub fn swim_config(&self) -> SwimConfig {
        SwimConfig {
            period: self.period_ms * 1000,
            ack_timeout: self.t_ms * 1000,
            indirect_probes: self.k,
            suspicion_mult: self.n,
            lambda: self.lambda,
            gossip_fanout: self.fanout,
            gossip_interval: self.gossip_interval_ms * 1000,
            gossip_to_dead: self.gossip_to_dead_ms * 1000,
            tcp_ping: self.tcp_ping,
            lifeguard: self.lifeguard,
            suspicion_max_mult: self.suspicion_max_mult,
            awareness_max: self.awareness_max,
            push_pull_periods: self.push_pull_periods(),
            ..SwimConfig::default()
        }
    }

    /// `pushpull` in whole protocol periods (rounded, at least 1); 30 when not set.
    pub fn push_pull_periods(&self) -> u32 {
        match self.push_pull_ms {
            None => SwimConfig::default().push_pull_periods,
            Some(ms) => {
                let periods = (ms + self.period_ms / 2) / self.period_ms;
                u32::try_from(periods.max(1)).unwrap_or(u32::MAX)
            }
        }
    }

    /// The ids that exist at `at_ms`, for checking events.
    pub fn exists_at(&self, node: NodeId, at_ms: u64) -> bool {
        node < self.node_count_at(at_ms)
    }
}

#[cfg(test)]
mod tests;
