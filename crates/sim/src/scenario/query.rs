//! `Scenario` <-> URL query string.

use super::{Profile, Proto, Scenario, ScenarioError, TimedEvent, Topo, profile};
use gossip_protocol::gossip::{Detector, Exchange, PhiModel};
use std::fmt::Write as _;

/// Every key, in canonical order.
pub const KEYS: [&str; 29] = [
    "proto",
    "profile",
    "nodes",
    "topo",
    "degree",
    "period",
    "t",
    "n",
    "fanout",
    "k",
    "lambda",
    "gossip_interval",
    "pushpull",
    "lifeguard",
    "tcp_ping",
    "gossip_to_dead",
    "detector",
    "phi",
    "phi_model",
    "phi_min_std",
    "phi_pause",
    "exchange",
    "mtu",
    "loss",
    "burst",
    "burst_ms",
    "latency",
    "seed",
    "ev",
];

/// Longest value echoed back in an error, in characters: a longer one is cut, with its length.
const ECHO_MAX: usize = 24;

/// `v` for an error message: whole if short, else its first [`ECHO_MAX`] characters, an
/// ellipsis and its length (a 100,000-digit value must not come back in full).
pub(crate) fn echo(v: &str) -> String {
    let len = v.chars().count();
    if len <= ECHO_MAX {
        return v.to_string();
    }
    let head: String = v.chars().take(ECHO_MAX).collect();
    format!("{head}… ({len} characters)")
}

fn num<T: std::str::FromStr>(key: &str, v: &str, what: &str) -> Result<T, ScenarioError> {
    let clean = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    clean.then(|| v.parse().ok()).flatten().ok_or_else(|| {
        let why = if clean { "is too large for" } else { "is not" };
        ScenarioError::new(key, format!("'{}' {why} {what}", echo(v)))
    })
}

/// `on` or `off`.
fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

fn empty_event(v: &str) -> ScenarioError {
    ScenarioError::new(
        "ev",
        format!(
            "'{}' has an empty event: events are TIME.ACTION separated by single commas",
            super::clip(v)
        ),
    )
}

/// `detector`'s value in the query.
pub fn detector_name(d: Detector) -> &'static str {
    match d {
        Detector::Fixed => "fixed",
        Detector::Phi => "phi",
    }
}

/// `phi_model`'s value in the query.
pub fn phi_model_name(m: PhiModel) -> &'static str {
    match m {
        PhiModel::Exponential => "exponential",
        PhiModel::Normal => "normal",
    }
}

/// `exchange`'s value in the query.
pub fn exchange_name(e: Exchange) -> &'static str {
    match e {
        Exchange::Full => "full",
        Exchange::Scuttlebutt => "scuttlebutt",
    }
}

impl Scenario {
    /// Parses a query such as `proto=swim&nodes=50&ev=5s.crash.3` (a leading `?` is allowed).
    /// Every key is optional; an unknown key, a bad value or an out-of-range number is an error
    /// that names the key and what it accepts.
    pub fn from_query(query: &str) -> Result<Scenario, ScenarioError> {
        let (s, errors) = Scenario::from_query_lenient(query);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(s),
        }
    }

    /// Parses as much as it can: the scenario built from every valid key (invalid ones keep
    /// their default), and every error found. The page uses this to run what it can.
    pub fn from_query_lenient(query: &str) -> (Scenario, Vec<ScenarioError>) {
        let query = query.strip_prefix('?').unwrap_or(query);
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut errors = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let proto = match pairs.iter().find(|(k, _)| k == "proto") {
            None => Proto::Gossip,
            Some((_, v)) => match v.as_str() {
                "gossip" => Proto::Gossip,
                "swim" => Proto::Swim,
                _ => {
                    errors.push(ScenarioError::new(
                        "proto",
                        format!("'{}' is not a protocol: accepted gossip, swim", echo(v)),
                    ));
                    Proto::Gossip
                }
            },
        };
        let profile = match pairs.iter().find(|(k, _)| k == "profile") {
            None => None,
            Some((_, v)) => match Profile::from_name(v) {
                Some(p) => Some(p),
                None => {
                    errors.push(ScenarioError::new(
                        "profile",
                        format!(
                            "'{}' is not a memberlist profile: accepted lan, wan, local",
                            echo(v)
                        ),
                    ));
                    None
                }
            },
        };
        let mut s = Scenario::defaults_for(proto, profile);
        for (k, v) in &pairs {
            if let Some(key) = KEYS.iter().find(|key| **key == k.as_str()) {
                if seen.contains(key) {
                    errors.push(ScenarioError::new(k, "is given more than once"));
                    continue;
                }
                seen.push(key);
            }
            if k == "ev" {
                // One bad event must not discard the good ones.
                for part in v.split(',') {
                    if part.is_empty() {
                        errors.push(empty_event(v));
                        continue;
                    }
                    match TimedEvent::parse(part) {
                        Ok(ev) => s.events.push(ev),
                        Err(e) => errors.push(e),
                    }
                }
                s.events.sort_by_key(|e| e.at_ms);
            } else if let Err(e) = s.set(k, v) {
                errors.push(e);
            }
        }
        let events = std::mem::take(&mut s.events);
        // Range checks, one key at a time, so one bad key does not discard the others. Each
        // reset fixes its key for good, so this ends; the bound is a second guard.
        for _ in 0..=KEYS.len() {
            let Err(e) = s.validate() else { break };
            let fallback = Scenario::defaults_for(s.proto, s.profile);
            let fixed = s.reset_key(&e.key, &fallback);
            errors.push(e);
            if !fixed {
                break;
            }
        }
        // Keep each event that is valid after the ones kept before it.
        for ev in events {
            s.events.push(ev);
            if let Err(e) = s.validate() {
                s.events.pop();
                errors.push(e);
            }
        }
        (s, errors)
    }

    /// Resets `key` to its value in `fallback`; false for an unknown key.
    fn reset_key(&mut self, key: &str, fallback: &Scenario) -> bool {
        match key {
            "nodes" => self.nodes = fallback.nodes,
            "degree" => self.degree = fallback.degree,
            "period" => {
                // `period` is checked against `latency` and `fanout` too (gossip's tables in
                // flight): if its default does not fit them, they go back to theirs.
                self.period_ms = fallback.period_ms;
                if self.validate().is_err_and(|e| e.key == "period") {
                    self.latency_ms = fallback.latency_ms;
                    self.fanout = fallback.fanout;
                }
            }
            "t" => {
                // `t` is checked against `period` and `latency`: if its default does not fit
                // them either, they go back to their defaults too.
                self.t_ms = fallback.t_ms;
                if self.validate().is_err_and(|e| e.key == "t") {
                    self.period_ms = fallback.period_ms;
                    self.latency_ms = fallback.latency_ms;
                }
            }
            "n" => self.n = fallback.n,
            "fanout" => self.fanout = fallback.fanout,
            "k" => self.k = fallback.k,
            "lambda" => self.lambda = fallback.lambda,
            "loss" => self.loss_pct = fallback.loss_pct,
            "latency" => self.latency_ms = fallback.latency_ms,
            "profile" => {
                // Only a profile given for gossip is refused: drop it and its values.
                let fallback = Scenario::defaults(self.proto);
                self.profile = None;
                self.period_ms = fallback.period_ms;
                self.t_ms = fallback.t_ms;
                self.n = fallback.n;
                self.k = fallback.k;
                self.lambda = fallback.lambda;
                self.fanout = fallback.fanout;
                self.gossip_interval_ms = fallback.gossip_interval_ms;
                self.push_pull_ms = fallback.push_pull_ms;
                self.lifeguard = fallback.lifeguard;
                self.tcp_ping = fallback.tcp_ping;
                self.gossip_to_dead_ms = fallback.gossip_to_dead_ms;
            }
            "gossip_interval" => self.gossip_interval_ms = fallback.gossip_interval_ms,
            "pushpull" => self.push_pull_ms = fallback.push_pull_ms,
            "lifeguard" => self.lifeguard = fallback.lifeguard,
            "tcp_ping" => self.tcp_ping = fallback.tcp_ping,
            "gossip_to_dead" => self.gossip_to_dead_ms = fallback.gossip_to_dead_ms,
            "burst" => self.burst = fallback.burst,
            "burst_ms" => self.burst_ms = fallback.burst_ms,
            "detector" => {
                self.detector = fallback.detector;
                self.phi = fallback.phi;
                self.phi_model = fallback.phi_model;
                self.phi_min_std_ms = fallback.phi_min_std_ms;
                self.phi_pause_ms = fallback.phi_pause_ms;
            }
            "phi" => self.phi = fallback.phi,
            "phi_model" => {
                self.phi_model = fallback.phi_model;
                self.phi_min_std_ms = fallback.phi_min_std_ms;
                self.phi_pause_ms = fallback.phi_pause_ms;
            }
            "phi_min_std" => self.phi_min_std_ms = fallback.phi_min_std_ms,
            "phi_pause" => self.phi_pause_ms = fallback.phi_pause_ms,
            "exchange" => {
                self.exchange = fallback.exchange;
                self.mtu = fallback.mtu;
            }
            "mtu" => self.mtu = fallback.mtu,
            "ev" => self.events.clear(),
            _ => return false,
        }
        true
    }

    /// Sets one key from its query value (no cross-key range checks: see `validate`).
    pub fn set(&mut self, key: &str, v: &str) -> Result<(), ScenarioError> {
        const WHOLE: &str = "a whole number";
        match key {
            "proto" | "profile" => {} // read first, before every other key
            "gossip_interval" => self.gossip_interval_ms = num(key, v, "a whole number of ms")?,
            "pushpull" => self.push_pull_ms = Some(num(key, v, "a whole number of ms")?),
            "lifeguard" => {
                self.lifeguard =
                    profile::parse_lifeguard(v).map_err(|m| ScenarioError::new(key, m))?;
            }
            "tcp_ping" => {
                self.tcp_ping = match v {
                    "on" => true,
                    "off" => false,
                    _ => {
                        return Err(ScenarioError::new(
                            key,
                            format!("'{}' is not accepted: accepted on, off", echo(v)),
                        ));
                    }
                }
            }
            "gossip_to_dead" => self.gossip_to_dead_ms = num(key, v, "a whole number of ms")?,
            "burst" => self.burst = num(key, v, "a whole number of messages")?,
            "burst_ms" => self.burst_ms = num(key, v, "a whole number of ms (0..=3600000)")?,
            "detector" => {
                self.detector = match v {
                    "fixed" => Detector::Fixed,
                    "phi" => Detector::Phi,
                    _ => {
                        return Err(ScenarioError::new(
                            key,
                            format!(
                                "'{}' is not a failure detector: accepted fixed, phi",
                                echo(v)
                            ),
                        ));
                    }
                }
            }
            "phi" => self.phi = num(key, v, "a whole number (the φ threshold, 1..=32)")?,
            "phi_model" => {
                self.phi_model = match v {
                    "exponential" => PhiModel::Exponential,
                    "normal" => PhiModel::Normal,
                    _ => {
                        return Err(ScenarioError::new(
                            key,
                            format!(
                                "'{}' is not a phi model: accepted exponential, normal",
                                echo(v)
                            ),
                        ));
                    }
                }
            }
            "phi_min_std" => {
                self.phi_min_std_ms = num(key, v, "a whole number of ms (1..=60000)")?;
            }
            "phi_pause" => self.phi_pause_ms = num(key, v, "a whole number of ms (0..=3600000)")?,
            "exchange" => {
                self.exchange = match v {
                    "full" => Exchange::Full,
                    "scuttlebutt" => Exchange::Scuttlebutt,
                    _ => {
                        return Err(ScenarioError::new(
                            key,
                            format!(
                                "'{}' is not an exchange: accepted full, scuttlebutt",
                                echo(v)
                            ),
                        ));
                    }
                }
            }
            "mtu" => self.mtu = num(key, v, "a whole number of bytes (512..=65507)")?,
            "nodes" => self.nodes = num(key, v, WHOLE)?,
            "topo" => {
                self.topo = match v {
                    "ring" => Topo::Ring,
                    "mesh" => Topo::Mesh,
                    "full" => Topo::Full,
                    _ => {
                        return Err(ScenarioError::new(
                            key,
                            format!("'{}' is not a topology: accepted ring, mesh, full", echo(v)),
                        ));
                    }
                }
            }
            "degree" => self.degree = num(key, v, WHOLE)?,
            "period" => self.period_ms = num(key, v, "a whole number of ms")?,
            "t" => self.t_ms = num(key, v, "a whole number of ms")?,
            "n" => self.n = num(key, v, WHOLE)?,
            "fanout" => self.fanout = num(key, v, WHOLE)?,
            "k" => self.k = num(key, v, WHOLE)?,
            "lambda" => self.lambda = num(key, v, WHOLE)?,
            "loss" => self.loss_pct = num(key, v, "a whole percentage")?,
            "latency" => self.latency_ms = num(key, v, "a whole number of ms")?,
            "seed" => self.seed = num(key, v, "an unsigned 64-bit integer")?,
            "ev" => {
                let mut events = Vec::new();
                for part in v.split(',') {
                    if part.is_empty() {
                        return Err(empty_event(v));
                    }
                    events.push(TimedEvent::parse(part)?);
                }
                events.sort_by_key(|e| e.at_ms); // stable: same-time events keep their order
                self.events = events;
            }
            "" => {
                return Err(ScenarioError::new(
                    "query",
                    format!(
                        "'={}' has no key before '=': accepted keys: {}",
                        echo(v),
                        KEYS.join(", ")
                    ),
                ));
            }
            _ => {
                return Err(ScenarioError::new(
                    echo(key),
                    format!("unknown key; accepted keys: {}", KEYS.join(", ")),
                ));
            }
        }
        Ok(())
    }

    /// The canonical query: fixed key order, defaults omitted (empty for the default scenario).
    pub fn to_query(&self) -> String {
        self.query(false)
    }

    /// The canonical query with `seed` always written, even at its default (a sweep's run
    /// names its seed).
    pub fn to_query_with_seed(&self) -> String {
        self.query(true)
    }

    /// The value of `key` as the query writes it (defaults included; `ev` comma-separated,
    /// empty without events); `None` for an unknown key.
    pub fn value_of(&self, key: &str) -> Option<String> {
        Some(match key {
            "proto" => self.proto.name().to_string(),
            "nodes" => self.nodes.to_string(),
            "topo" => self.topo.name().to_string(),
            "degree" => self.degree.to_string(),
            "period" => self.period_ms.to_string(),
            "t" => self.t_ms.to_string(),
            "n" => self.n.to_string(),
            "fanout" => self.fanout.to_string(),
            "k" => self.k.to_string(),
            "lambda" => self.lambda.to_string(),
            "loss" => self.loss_pct.to_string(),
            "latency" => self.latency_ms.to_string(),
            "seed" => self.seed.to_string(),
            "profile" => self
                .profile
                .map_or_else(String::new, |p| p.name().to_string()),
            "gossip_interval" => self.gossip_interval_ms.to_string(),
            "pushpull" => self
                .push_pull_ms
                .map_or_else(String::new, |ms| ms.to_string()),
            "lifeguard" => super::profile::lifeguard_name(self.lifeguard).to_string(),
            "tcp_ping" => on_off(self.tcp_ping).to_string(),
            "gossip_to_dead" => self.gossip_to_dead_ms.to_string(),
            "burst" => self.burst.to_string(),
            "burst_ms" => self.burst_ms.to_string(),
            "detector" => detector_name(self.detector).to_string(),
            "phi" => self.phi.to_string(),
            "phi_model" => phi_model_name(self.phi_model).to_string(),
            "phi_min_std" => self.phi_min_std_ms.to_string(),
            "phi_pause" => self.phi_pause_ms.to_string(),
            "exchange" => exchange_name(self.exchange).to_string(),
            "mtu" => self.mtu.to_string(),
            "ev" => {
                let ev: Vec<String> = self.events.iter().map(ToString::to_string).collect();
                ev.join(",")
            }
            _ => return None,
        })
    }

    fn query(&self, with_seed: bool) -> String {
        let d = Scenario::defaults_for(self.proto, self.profile);
        let mut q = String::new();
        let mut put = |k: &str, v: &dyn std::fmt::Display| {
            if !q.is_empty() {
                q.push('&');
            }
            let _ = write!(q, "{k}={v}");
        };
        if self.proto != Proto::Gossip {
            put("proto", &self.proto.name());
        }
        if let Some(p) = self.profile {
            put("profile", &p.name());
        }
        macro_rules! field {
            ($key:literal, $f:ident) => {
                if self.$f != d.$f {
                    put($key, &self.$f);
                }
            };
        }
        field!("nodes", nodes);
        if self.topo != d.topo {
            put("topo", &self.topo.name());
        }
        field!("degree", degree);
        field!("period", period_ms);
        field!("t", t_ms);
        field!("n", n);
        field!("fanout", fanout);
        field!("k", k);
        field!("lambda", lambda);
        field!("gossip_interval", gossip_interval_ms);
        if self.push_pull_ms != d.push_pull_ms
            && let Some(ms) = self.push_pull_ms
        {
            put("pushpull", &ms);
        }
        if self.lifeguard != d.lifeguard {
            put("lifeguard", &profile::lifeguard_name(self.lifeguard));
        }
        if self.tcp_ping != d.tcp_ping {
            put("tcp_ping", &on_off(self.tcp_ping));
        }
        field!("gossip_to_dead", gossip_to_dead_ms);
        if self.detector != d.detector {
            put("detector", &detector_name(self.detector));
        }
        field!("phi", phi);
        if self.phi_model != d.phi_model {
            put("phi_model", &phi_model_name(self.phi_model));
        }
        field!("phi_min_std", phi_min_std_ms);
        field!("phi_pause", phi_pause_ms);
        if self.exchange != d.exchange {
            put("exchange", &exchange_name(self.exchange));
        }
        field!("mtu", mtu);
        field!("loss", loss_pct);
        field!("burst", burst);
        field!("burst_ms", burst_ms);
        field!("latency", latency_ms);
        if with_seed {
            put("seed", &self.seed);
        } else {
            field!("seed", seed);
        }
        if !self.events.is_empty() {
            let ev: Vec<String> = self.events.iter().map(ToString::to_string).collect();
            put("ev", &ev.join(","));
        }
        q
    }
}
