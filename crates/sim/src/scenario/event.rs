//! Scripted events: `TIME.ACTION[.ARG...]`, e.g. `5s.crash.3` or `10s.partition.0-3.4-7`.

use super::{MAX_EVENT_MS, MAX_EVENTS, ScenarioError};
use gossip_protocol::NodeId;
use std::fmt;

/// What happens.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The node stops: it neither sends nor receives, and loses its state.
    Crash(NodeId),
    /// A crashed (or departed) node starts a new life.
    Recover(NodeId),
    /// A new node joins with the next free id.
    Join,
    /// The node leaves gracefully.
    Leave(NodeId),
    /// The cluster splits: each inclusive id range is one side; ids in no range form one more.
    Partition(Vec<(NodeId, NodeId)>),
    /// Every partition ends.
    Heal,
    /// The loss rate becomes this many percent.
    Loss(u32),
}

/// An action at a time (milliseconds of virtual time).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TimedEvent {
    /// When, in ms since the start.
    pub at_ms: u64,
    /// What.
    pub action: Action,
}

const ACCEPTED: &str = "accepted: TIME.crash.ID, TIME.recover.ID, TIME.join, TIME.leave.ID, \
                        TIME.partition.A-B.C-D, TIME.heal, TIME.loss.PCT, with TIME like 1500ms or 5s";

fn bad(event: &str, why: impl fmt::Display) -> ScenarioError {
    ScenarioError::new("ev", format!("event '{event}': {why}"))
}

fn parse_time(s: &str, event: &str) -> Result<u64, ScenarioError> {
    let (digits, scale) = if let Some(d) = s.strip_suffix("ms") {
        (d, 1)
    } else if let Some(d) = s.strip_suffix('s') {
        (d, 1000)
    } else {
        return Err(bad(event, "the time needs a unit, like 1500ms or 5s"));
    };
    let v: u64 = digits
        .parse()
        .ok()
        .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| bad(event, format!("'{s}' is not a whole number of ms or s")))?;
    v.checked_mul(scale)
        .filter(|&ms| ms <= MAX_EVENT_MS)
        .ok_or_else(|| bad(event, format!("time {s} is past the limit of 86400s")))
}

fn parse_id(s: Option<&str>, event: &str) -> Result<NodeId, ScenarioError> {
    let s = s.ok_or_else(|| bad(event, "a node id is missing"))?;
    s.parse()
        .ok()
        .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| bad(event, format!("'{s}' is not a node id")))
}

fn parse_range(s: &str, event: &str) -> Result<(NodeId, NodeId), ScenarioError> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b) = (parse_id(Some(a), event)?, parse_id(Some(b), event)?);
    if a > b {
        return Err(bad(event, format!("range {s} runs backwards")));
    }
    Ok((a, b))
}

impl TimedEvent {
    /// Parses one event.
    pub fn parse(s: &str) -> Result<TimedEvent, ScenarioError> {
        let mut parts = s.split('.');
        let time = parts.next().unwrap_or_default();
        let at_ms = parse_time(time, s)?;
        let name = parts.next().ok_or_else(|| bad(s, ACCEPTED))?;
        let action = match name {
            "crash" => Action::Crash(parse_id(parts.next(), s)?),
            "recover" => Action::Recover(parse_id(parts.next(), s)?),
            "leave" => Action::Leave(parse_id(parts.next(), s)?),
            "join" => Action::Join,
            "heal" => Action::Heal,
            "loss" => {
                let pct = parts
                    .next()
                    .and_then(|p| p.parse::<u32>().ok())
                    .filter(|p| *p <= 100)
                    .ok_or_else(|| bad(s, "loss needs a whole percentage in 0..=100"))?;
                Action::Loss(pct)
            }
            "partition" => {
                let groups = parts
                    .by_ref()
                    .map(|g| parse_range(g, s))
                    .collect::<Result<Vec<_>, _>>()?;
                if groups.is_empty() {
                    return Err(bad(s, "partition needs at least one id range, like 0-3"));
                }
                Action::Partition(groups)
            }
            other => return Err(bad(s, format!("unknown action '{other}'; {ACCEPTED}"))),
        };
        if parts.next().is_some() {
            return Err(bad(s, format!("too many parts; {ACCEPTED}")));
        }
        Ok(TimedEvent { at_ms, action })
    }
}

impl fmt::Display for TimedEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at_ms.is_multiple_of(1000) {
            write!(f, "{}s", self.at_ms / 1000)?;
        } else {
            write!(f, "{}ms", self.at_ms)?;
        }
        match &self.action {
            Action::Crash(n) => write!(f, ".crash.{n}"),
            Action::Recover(n) => write!(f, ".recover.{n}"),
            Action::Leave(n) => write!(f, ".leave.{n}"),
            Action::Join => write!(f, ".join"),
            Action::Heal => write!(f, ".heal"),
            Action::Loss(p) => write!(f, ".loss.{p}"),
            Action::Partition(groups) => {
                write!(f, ".partition")?;
                for (a, b) in groups {
                    if a == b {
                        write!(f, ".{a}")?;
                    } else {
                        write!(f, ".{a}-{b}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Checks the event list against the node count: ids must exist when the event happens, the
/// cluster must stay within `max_nodes`, partition ranges must not overlap.
pub(super) fn validate_events(
    events: &[TimedEvent],
    nodes: u32,
    max_nodes: u32,
) -> Result<(), ScenarioError> {
    if events.len() > MAX_EVENTS {
        return Err(ScenarioError::new(
            "ev",
            format!("{} events is too many: at most {MAX_EVENTS}", events.len()),
        ));
    }
    let mut count = nodes;
    for ev in events {
        let check = |id: NodeId| {
            if id < count {
                Ok(())
            } else {
                Err(bad(
                    &ev.to_string(),
                    format!("node {id} does not exist then (ids 0..={})", count - 1),
                ))
            }
        };
        match &ev.action {
            Action::Crash(id) | Action::Recover(id) | Action::Leave(id) => check(*id)?,
            Action::Join => {
                count += 1;
                if count > max_nodes {
                    return Err(bad(
                        &ev.to_string(),
                        format!("the cluster would exceed {max_nodes} nodes"),
                    ));
                }
            }
            Action::Partition(groups) => {
                let mut sorted = groups.clone();
                sorted.sort_unstable();
                for w in sorted.windows(2) {
                    if w[1].0 <= w[0].1 {
                        return Err(bad(&ev.to_string(), "partition ranges overlap"));
                    }
                }
                for &(_, b) in groups {
                    check(b)?;
                }
            }
            Action::Heal | Action::Loss(_) => {}
        }
    }
    Ok(())
}
