//! A/B: a second run of the same scenario with some keys changed, kept in lockstep with the
//! page's run. Both share the seed and the event script; every command given to A is recorded
//! in B too, and B follows A's clock (advance, seek, step back). Pure Rust, tested natively.
//!
//! B is always "A's scenario with B's overrides": when A restarts (a restart key, the restart
//! button, a new seed), B is rebuilt from A's new scenario and the same `b.` overrides.

mod diff;

pub use diff::{DiffRow, Side, diff};

use crate::model::{Banner, Model};
use gossip_protocol::Micros;
use gossip_sim::{NodeState, ScenarioError, ScenarioPair, TimedEvent};

/// The A/B preset "SWIM with and without indirect probes" (its text's figures are checked by
/// a test).
pub const PRESET_INDIRECT_PROBES: &str =
    "proto=swim&nodes=32&topo=full&loss=15&ev=20s.crash.5&b.k=0";

/// The A/B preset "gossip ring vs mesh, same crashes" (its text's figures are checked by a
/// test).
pub const PRESET_RING_VS_MESH: &str = "nodes=32&ev=10s.crash.3,20s.crash.17&b.topo=mesh&b.degree=4";

/// The A/B preset "slow member, SWIM vs Lifeguard" (its text's figures are checked by a test).
pub const PRESET_SLOW_LIFEGUARD: &str =
    "proto=swim&profile=lan&nodes=32&topo=full&lifeguard=off&ev=5s.slow.3.1200ms&b.lifeguard=on";

/// The A/B preset "phi accrual vs fixed t under jitter" (figures checked by a test).
pub const PRESET_PHI_VS_FIXED: &str =
    "nodes=32&topo=full&t=4000&loss=10&latency=300&ev=20s.crash.5&b.detector=phi&b.phi=3";

/// The A/B preset "Scuttlebutt vs full tables, 500 members" (figures checked by a test).
pub const PRESET_SCUTTLEBUTT: &str = "nodes=500&topo=full&ev=20s.crash.5&b.exchange=scuttlebutt";

/// The prefix of B's keys in a query (as `gossip_sim::ScenarioPair` reads them).
pub const B_PREFIX: &str = "b.";

/// The second run and what makes it differ from the first.
pub struct Compare {
    /// Run B.
    pub b: Model,
    /// B's overrides, `(KEY, VALUE)` without the prefix, as the canonical pair query writes
    /// them (only keys where B differs from what it would inherit from A).
    overrides: Vec<(String, String)>,
    /// A's restart count when B was last built.
    epoch: u64,
}

/// `KEY=VALUE` pairs of a query, still encoded (split at `&` only: event lists hold commas).
fn query_pairs(query: &str) -> Vec<(String, String)> {
    split_pairs(query, &['&'])
}

/// `KEY=VALUE` pairs of a "B differs in" text (`k=0&loss=5`, `k=0, loss=5`; `b.` optional).
fn text_pairs(text: &str) -> Vec<(String, String)> {
    split_pairs(text, &['&', ',', ' '])
}

fn split_pairs(text: &str, separators: &[char]) -> Vec<(String, String)> {
    text.trim()
        .trim_start_matches('?')
        .split(separators)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
            None => (p.trim().to_string(), String::new()),
        })
        .collect()
}

/// `query` with `b.KEY=VALUE` appended for each override.
fn with_overrides(query: &str, overrides: &[(String, String)]) -> String {
    let mut q = query.to_string();
    for (k, v) in overrides {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&format!("{B_PREFIX}{k}={v}"));
    }
    q
}

impl Compare {
    /// Both runs of an A/B query (one with `b.` keys): A and B, from 0 s.
    pub fn load(query: &str) -> Result<(Model, Compare), ScenarioError> {
        let pair = ScenarioPair::from_query(query)?;
        let canonical = pair.to_query();
        // The canonical pair query also writes keys where B equals A (what a memberlist
        // profile implies, for one): under one protocol those are not B's, and pinning them
        // would keep B from following A's changes to them.
        let same_proto = pair.a.proto == pair.b.proto;
        let overrides = query_pairs(&canonical)
            .into_iter()
            .filter_map(|(k, v)| k.strip_prefix(B_PREFIX).map(|k| (k.to_string(), v)))
            .filter(|(k, _)| !same_proto || pair.a.value_of(k) != pair.b.value_of(k))
            .collect();
        let a = Model::new(pair.a);
        let b = Model::new(pair.b);
        let epoch = a.epoch;
        Ok((
            a,
            Compare {
                b,
                overrides,
                epoch,
            },
        ))
    }

    /// Opens a link: two runs when it has `b.` keys, one run otherwise. A pair that does not
    /// parse runs A alone (its keys read leniently) with a banner saying why.
    pub fn open(query: &str) -> (Model, Option<Compare>) {
        if !ScenarioPair::is_pair_query(query) {
            return (Model::from_query(query), None);
        }
        match Compare::load(query) {
            Ok((a, c)) => (a, Some(c)),
            Err(e) => {
                let only_a: Vec<(String, String)> = query_pairs(query)
                    .into_iter()
                    .filter(|(k, _)| !k.starts_with(B_PREFIX))
                    .collect();
                let q = only_a
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("&");
                let mut a = Model::from_query(&q);
                a.banners.push(Banner {
                    error: true,
                    text: format!("A/B not started, running A alone: {e}"),
                });
                (a, None)
            }
        }
    }

    /// Starts comparing the scenario of `a` with a B that differs in the keys of `text`
    /// (`k=0`, `proto=gossip&topo=ring`; the `b.` prefix is optional). Both runs start again
    /// from 0 s. Refused when B would equal A.
    pub fn start(a: &Model, text: &str) -> Result<(Model, Compare), ScenarioError> {
        let over: Vec<(String, String)> = text_pairs(text)
            .into_iter()
            .map(|(k, v)| (k.strip_prefix(B_PREFIX).unwrap_or(&k).to_string(), v))
            .collect();
        let (a, c) = Compare::load(&with_overrides(&a.query(), &over))?;
        if c.differences(&a).is_empty() {
            return Err(ScenarioError {
                key: "b.".into(),
                message: format!(
                    "'{}' leaves B equal to A: name a key and a different value, e.g. k=0",
                    text.trim()
                ),
            });
        }
        Ok((a, c))
    }

    /// B's keys whose value differs from A's now, `(KEY, B's VALUE)`: B's overrides, less
    /// those A has since been given the same value.
    pub fn differences(&self, a: &Model) -> Vec<(String, String)> {
        let (sa, sb) = (a.scenario(), self.b.scenario());
        self.overrides
            .iter()
            .filter(|(k, _)| sa.value_of(k) != sb.value_of(k))
            .map(|(k, _)| (k.clone(), sb.value_of(k).unwrap_or_default()))
            .collect()
    }

    /// B's own value of `key` when B pins it to a value other than A's (a change of `key`
    /// in the panel then does not carry over to B as it is).
    pub fn pinned(&self, a: &Model, key: &str) -> Option<String> {
        self.differences(a)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The keys where B differs, `KEY=VALUE` joined by `&` (the text of the compare field).
    pub fn overrides_text(&self, a: &Model) -> String {
        self.differences(a)
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Short labels of the two runs: the differing keys with A's and B's values
    /// (`k=3` / `k=0`).
    pub fn labels(&self, a: &Model) -> (String, String) {
        let mut la = Vec::new();
        let mut lb = Vec::new();
        for (k, v) in self.differences(a) {
            la.push(format!(
                "{k}={}",
                a.scenario().value_of(&k).unwrap_or_default()
            ));
            lb.push(format!("{k}={v}"));
        }
        (la.join(" "), lb.join(" "))
    }

    /// The address bar's query: A's canonical query plus B's `b.` overrides.
    pub fn query(&self, a: &Model) -> String {
        ScenarioPair {
            a: a.scenario().clone(),
            b: self.b.scenario().clone(),
        }
        .to_query()
    }

    /// Brings B to A's state after anything A did: rebuilds B if A restarted, then follows
    /// A's clock (replaying forward or seeking back), play state, speed, selection and zoom.
    pub fn follow(&mut self, a: &Model) -> Result<(), ScenarioError> {
        if a.epoch != self.epoch {
            self.rebuild(a)?;
        }
        self.go_to(a.sim().now());
        self.b.playing = a.playing;
        self.b.speed = a.speed;
        self.look_like(a);
        Ok(())
    }

    /// B shows what A shows: the same selected node (if B has it) and the same zoom.
    pub fn look_like(&mut self, a: &Model) {
        self.b.selected = a.selected.filter(|&s| s < self.b.sim().node_count());
        self.b.view = a.view;
    }

    fn rebuild(&mut self, a: &Model) -> Result<(), ScenarioError> {
        let pair = ScenarioPair::from_query(&with_overrides(&a.query(), &self.overrides))?;
        self.b = Model::new(pair.b);
        self.epoch = a.epoch;
        Ok(())
    }

    /// Runs or seeks B to virtual time `t`, without a frame budget.
    fn go_to(&mut self, t: Micros) {
        let now = self.b.sim().now();
        if now > t {
            let playing = self.b.playing;
            self.b.seek(t);
            self.b.playing = playing;
            self.b.status = None;
        } else if now < t {
            self.b.run_to(t, &mut || false);
        }
    }

    /// One animation frame of both runs. While B is behind A (it is the heavier run, or a
    /// frame ran out of time), A waits and B catches up, so the two clocks stay together.
    pub fn advance(&mut self, a: &mut Model, real_ms: f64, out_of_time: &mut dyn FnMut() -> bool) {
        if self.b.sim().now() >= a.sim().now() {
            a.advance(real_ms, out_of_time);
        }
        let t = a.sim().now();
        if self.b.sim().now() < t {
            self.b.run_to(t, out_of_time);
        }
    }

    /// True while B has not caught up with A's clock.
    pub fn behind(&self, a: &Model) -> bool {
        self.b.sim().now() < a.sim().now()
    }

    /// Gives a command to A and records what it recorded in B too: `command` runs on A (a
    /// click, a key, a parameter change; it may record several events, such as the joins of a
    /// larger `nodes`), then each event it added to A's script is given to B at the same
    /// virtual time, so both scripts hold it at the same millisecond. B's errors are shown as
    /// A's banners, prefixed "Run B:"; B's notices are dropped (A says the same).
    pub fn both(&mut self, a: &mut Model, command: impl FnOnce(&mut Model) -> bool) -> bool {
        self.go_to(a.sim().now());
        let result = command(a);
        for ev in added(&self.b.scenario().events, &a.scenario().events) {
            match self.b.record(ev.action.clone()) {
                Ok(got) if got.at_ms == ev.at_ms => {}
                Ok(got) => a.banners.push(Banner {
                    error: true,
                    text: format!("Run B: recorded {got}, not at the time of A's {ev}"),
                }),
                Err(e) => a.banners.push(Banner {
                    error: true,
                    text: format!("Run B: command refused: {e}"),
                }),
            }
        }
        self.b.forked = None;
        self.b.banners.clear();
        // A command runs its run to the next whole millisecond; B follows.
        self.go_to(a.sim().now());
        result
    }
}

/// The events of `a` that `b` does not hold (counting repeats), in `a`'s order.
fn added(b: &[TimedEvent], a: &[TimedEvent]) -> Vec<TimedEvent> {
    let mut left: Vec<&TimedEvent> = b.iter().collect();
    a.iter()
        .filter(|e| match left.iter().position(|r| r == e) {
            Some(i) => {
                left.remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

/// The small metrics line under a run's canvas: members up and crashed, false suspicions and
/// deaths (events), messages per member per second so far.
pub fn summary(m: &Model) -> String {
    let sim = m.sim();
    let met = sim.metrics();
    let n = sim.node_count();
    let crashed = (0..n)
        .filter(|&i| sim.state(i) == NodeState::Crashed)
        .count();
    let secs = sim.now() as f64 / 1e6;
    let rate = if secs > 0.0 && n > 0 {
        met.messages.sent as f64 / n as f64 / secs
    } else {
        0.0
    };
    format!(
        "{} up · {crashed} crashed · {} false suspicions · {} false deaths · {rate:.2} msg/member/s",
        met.live(),
        met.false_suspicions,
        met.false_deaths
    )
}

#[cfg(test)]
mod tests;
