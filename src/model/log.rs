//! The event log's lines, from the trace: each change of view says whether it was first-hand
//! (the observer's own probe or detector) or hearsay (and from whom), and a burst of the same
//! news about one member folds into one line ("node 27 declared dead by 31 members,
//! 12.1–13.4 s") whose details list every observer.

use gossip_protocol::{NodeId, Status};
use gossip_sim::Proto;
use gossip_sim::trace::{TraceEvent, TraceRecord};
use std::collections::HashMap;

/// What kind of line it is (the filter's unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Crash, recovery, join, leave, partition, heal, set.
    Cluster,
    /// Someone marked a member suspect.
    Suspicion,
    /// Someone declared a member dead or removed it.
    Death,
    /// Someone (re)learned a member as alive.
    Alive,
    /// A member refuted a suspicion about itself.
    Refutation,
}

impl Category {
    /// Every category, with its filter label.
    pub const ALL: [(Category, &'static str); 5] = [
        (Category::Cluster, "cluster events"),
        (Category::Suspicion, "suspicions"),
        (Category::Death, "deaths / removals"),
        (Category::Refutation, "refutations"),
        (Category::Alive, "alive again / learned"),
    ];
}

/// One line of the log (possibly many changes of view folded together).
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// Virtual time of the first folded change, ms.
    pub at_ms: f64,
    /// Virtual time of the last one, ms (= `at_ms` for a single change).
    pub until_ms: f64,
    /// Category.
    pub category: Category,
    /// Nodes it concerns (for the "selected node only" filter): (first observer, member).
    pub nodes: (u32, u32),
    /// Every observer of a folded line, for the filter.
    pub observers: Vec<u32>,
    /// Text.
    pub text: String,
    /// One line per change, first-hand or from whom (a folded line has several).
    pub details: Vec<String>,
}

/// A burst of the same news about a member folds while its changes come less than this far
/// apart, µs.
const FOLD_GAP_US: u64 = 5_000_000;
/// Details kept per folded line.
const MAX_DETAILS: usize = 200;

fn source(via: Option<NodeId>, to: Status, proto: Proto) -> String {
    match (via, to, proto) {
        (Some(z), _, _) => format!("heard from node {z}"),
        (None, Status::Suspect, Proto::Swim) => "own probe".into(),
        (None, Status::Dead, Proto::Swim) => "own suspicion timed out".into(),
        (None, _, Proto::Gossip) => "own detector".into(),
        (None, _, _) => "first-hand".into(),
    }
}

fn verb(to: Status, from: Status, proto: Proto) -> Option<(Category, &'static str, &'static str)> {
    Some(match (to, proto) {
        (Status::Suspect, _) => (Category::Suspicion, "suspects", "suspected"),
        (Status::Dead, Proto::Gossip) => (Category::Death, "removes", "removed"),
        (Status::Dead, Proto::Swim) => (Category::Death, "declares dead", "declared dead"),
        (Status::Left, _) => (Category::Cluster, "sees the departure of", "seen leaving"),
        (Status::Alive, _) if from == Status::Unknown => (Category::Alive, "learns of", "learned"),
        (Status::Alive, _) => (Category::Alive, "sees alive again", "seen alive again"),
        (Status::Unknown, _) => return None,
    })
}

fn cluster_line(r: &TraceRecord) -> Option<(Category, (u32, u32), String)> {
    let all = (u32::MAX, u32::MAX);
    Some(match &r.event {
        TraceEvent::Crash(n) => (Category::Cluster, (*n, *n), format!("node {n} crashed")),
        TraceEvent::Recover(n) => (
            Category::Cluster,
            (*n, *n),
            format!("node {n} recovered (new life)"),
        ),
        TraceEvent::Join(n) => (Category::Cluster, (*n, *n), format!("node {n} joined")),
        TraceEvent::Leave(n) => (
            Category::Cluster,
            (*n, *n),
            format!("node {n} left gracefully"),
        ),
        TraceEvent::Partition(k) => (
            Category::Cluster,
            all,
            format!("network partitioned into {k} sides"),
        ),
        TraceEvent::Heal => (Category::Cluster, all, "partition healed".into()),
        TraceEvent::Set(p, v) => (
            Category::Cluster,
            all,
            format!("{p} set to {v}{} (live)", p.unit()),
        ),
        TraceEvent::Ignored(why) => (Category::Cluster, all, format!("ignored: {why}")),
        TraceEvent::Fault(what) => (Category::Cluster, all, what.clone()),
        TraceEvent::Refuted { node, incarnation } => (
            Category::Refutation,
            (*node, *node),
            format!("node {node} refutes: alive with incarnation {incarnation}"),
        ),
        TraceEvent::View { .. } => return None,
    })
}

/// A folded line still open: its index, the time of its last change, how its first observer
/// knew, the observers so far, and how many changes it holds.
struct Open {
    line: usize,
    last: u64,
    how: String,
    seen: std::collections::HashSet<NodeId>,
    times: usize,
}

impl Open {
    fn new(line: usize, at: u64, how: String, observer: NodeId) -> Open {
        Open {
            line,
            last: at,
            how,
            seen: std::collections::HashSet::from([observer]),
            times: 1,
        }
    }

    /// One more change of the same kind about the same member, at `at` by `observer`.
    fn fold(&mut self, line: &mut LogLine, at: u64, observer: NodeId, detail: String) {
        self.last = at;
        self.times += 1;
        line.until_ms = at as f64 / 1000.0;
        if self.seen.insert(observer) {
            line.observers.push(observer);
        }
        if line.details.len() < MAX_DETAILS {
            line.details.push(detail);
        }
    }

    /// ` (295 times)` when observers changed their mind again: the line counts members, not
    /// changes.
    fn times_text(&self, members: usize) -> String {
        if self.times > members {
            format!(" ({} times)", self.times)
        } else {
            String::new()
        }
    }
}

/// The log's lines from the kept trace records, oldest first.
pub fn lines<'a>(records: impl Iterator<Item = &'a TraceRecord>, proto: Proto) -> Vec<LogLine> {
    let mut out: Vec<LogLine> = Vec::new();
    // (member, status) -> its open folded line.
    let mut open: HashMap<(NodeId, Status), Open> = HashMap::new();
    for r in records {
        let at_ms = r.at as f64 / 1000.0;
        if let Some((category, nodes, text)) = cluster_line(r) {
            out.push(LogLine {
                at_ms,
                until_ms: at_ms,
                category,
                nodes,
                observers: Vec::new(),
                text,
                details: Vec::new(),
            });
            continue;
        }
        let TraceEvent::View {
            observer,
            member,
            from,
            to,
            via,
        } = r.event
        else {
            continue;
        };
        let Some((category, verb, passive)) = verb(to, from, proto) else {
            continue;
        };
        let how = source(via, to, proto);
        let detail = format!("{:.3} s  node {observer} ({how})", at_ms / 1000.0);
        match open.get_mut(&(member, to)) {
            Some(o) if r.at.saturating_sub(o.last) <= FOLD_GAP_US => {
                o.fold(&mut out[o.line], r.at, observer, detail);
                out[o.line].text = format!(
                    "node {member} {passive} by {} members{}, {:.1}–{:.1} s (first: node {}, {})",
                    out[o.line].observers.len(),
                    o.times_text(out[o.line].observers.len()),
                    out[o.line].at_ms / 1000.0,
                    at_ms / 1000.0,
                    out[o.line].nodes.0,
                    o.how,
                );
            }
            _ => {
                open.insert(
                    (member, to),
                    Open::new(out.len(), r.at, how.clone(), observer),
                );
                out.push(LogLine {
                    at_ms,
                    until_ms: at_ms,
                    category,
                    nodes: (observer, member),
                    observers: vec![observer],
                    text: format!("node {observer} {verb} node {member} ({how})"),
                    details: vec![detail],
                });
            }
        }
    }
    out
}

/// Lines the event log shows at most.
pub const SHOWN: usize = 200;
/// Lines it shows while news arrive faster than anyone reads them ([`FAST_PER_S`]).
pub const SHOWN_FAST: usize = 40;
/// News faster than this, lines per real second, are a blur to a reader: the log then shows
/// only its newest [`SHOWN_FAST`] lines. At SWIM 10,000 with loss, about 200 new lines every
/// quarter second replaced the whole log at each refresh, and that DOM churn made the page's
/// thread miss its frames (tasks of 50–68 ms while typing, none with 40 lines; `node
/// scripts/longtasks.mjs`, 2026-12-07).
pub const FAST_PER_S: f64 = 20.0;

/// How fast news arrive, when the log trims to [`SHOWN_FAST`] lines: `lines` in the last
/// `over_ms` of the run's clock (its last second, or less when the log keeps less: it keeps
/// the last [`crate::model::LOG_CAPACITY`] changes of view).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    /// Lines in the span.
    pub lines: usize,
    /// The span, virtual ms.
    pub over_ms: f64,
}

/// How many of `lines` (the log's lines as filtered, newest first) the log shows at virtual
/// time `now_ms`, played at `speed` virtual seconds per real second (0 while paused), and the
/// pace of news when it shows fewer than it could because they come faster than
/// [`FAST_PER_S`] lines a real second. `oldest_ms` is the time of the oldest line the log
/// keeps, filtered or not.
pub fn shown(
    lines: &[&LogLine],
    oldest_ms: Option<f64>,
    now_ms: f64,
    speed: f64,
) -> (usize, Option<Pace>) {
    let kept_ms = oldest_ms.map_or(0.0, |o| now_ms - o);
    let over_ms = kept_ms.clamp(1.0, 1000.0);
    let since = now_ms - over_ms;
    let recent = lines.iter().take_while(|l| l.at_ms >= since).count();
    let per_real_s = recent as f64 / over_ms * 1000.0 * speed;
    if per_real_s > FAST_PER_S && lines.len() > SHOWN_FAST {
        let pace = Pace {
            lines: recent,
            over_ms,
        };
        (SHOWN_FAST, Some(pace))
    } else {
        (lines.len().min(SHOWN), None)
    }
}

/// The log's note while it trims: how many lines came over what span, and what pausing shows.
pub fn trimmed_note(pace: Pace, kept: usize) -> String {
    let span = if pace.over_ms >= 1000.0 {
        "second".to_string()
    } else if pace.over_ms >= 10.0 {
        format!("{:.2} s", pace.over_ms / 1000.0)
    } else {
        format!("{:.0} ms", pace.over_ms.max(1.0))
    };
    let pause = if kept > SHOWN {
        format!("the newest {SHOWN}")
    } else {
        format!("all {kept} the log keeps")
    };
    format!(
        "{} lines in the run's last {span}: too fast to read, so the newest {SHOWN_FAST} are \
         shown. Pause (Space) to see {pause}.",
        pace.lines
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gossip_sim::{Scenario, build};

    /// A run of `query` to `until` µs that keeps the last `capacity` trace records.
    fn logged(query: &str, capacity: usize, until: u64) -> Box<dyn gossip_sim::Simulation> {
        let mut sim = build(&Scenario::from_query(query).unwrap()).unwrap();
        sim.set_log_capacity(capacity);
        sim.run_until(until);
        sim
    }

    fn at(ms: f64) -> LogLine {
        LogLine {
            at_ms: ms,
            until_ms: ms,
            category: Category::Suspicion,
            nodes: (0, 1),
            observers: vec![0],
            text: String::new(),
            details: Vec::new(),
        }
    }

    /// `n` lines over the virtual second before `now_ms`, then 300 older ones, newest first.
    fn burst(n: usize, now_ms: f64) -> Vec<LogLine> {
        let recent = (0..n).map(|i| at(now_ms - i as f64 * 999.0 / n as f64));
        recent
            .chain((0..300).map(|i| at(now_ms - 5_000.0 - i as f64)))
            .collect()
    }

    fn oldest(lines: &[LogLine]) -> Option<f64> {
        lines.last().map(|l| l.at_ms)
    }

    #[test]
    fn news_faster_than_a_reader_leave_only_the_newest_lines_shown_with_their_pace() {
        let lines = burst(300, 60_000.0);
        let refs: Vec<&LogLine> = lines.iter().collect();
        let (count, pace) = shown(&refs, oldest(&lines), 60_000.0, 1.0);
        assert_eq!(count, SHOWN_FAST);
        let pace = pace.expect("a pace");
        assert_eq!(
            (pace.lines, pace.over_ms),
            (300, 1000.0),
            "counted past the 200 shown"
        );
        assert_eq!(
            trimmed_note(pace, lines.len()),
            "300 lines in the run's last second: too fast to read, so the newest 40 are shown. \
             Pause (Space) to see the newest 200."
        );
        // At a tenth of real time 100 lines a virtual second are 10 a real second: readable.
        let lines = burst(100, 60_000.0);
        let refs: Vec<&LogLine> = lines.iter().collect();
        assert_eq!(shown(&refs, oldest(&lines), 60_000.0, 0.1), (SHOWN, None));
    }

    #[test]
    fn a_log_that_keeps_less_than_the_last_second_gives_its_pace_over_what_it_keeps() {
        // 70 lines kept, over the last 0.43 s: 163 a second.
        let lines: Vec<LogLine> = (0..70).map(|i| at(14_039.0 - i as f64 * 6.0)).collect();
        let refs: Vec<&LogLine> = lines.iter().collect();
        let (count, pace) = shown(&refs, oldest(&lines), 14_041.0, 1.0);
        assert_eq!(count, SHOWN_FAST);
        let pace = pace.expect("a pace");
        assert_eq!(pace.lines, 70);
        assert!((pace.over_ms - 416.0).abs() < 1e-9, "{}", pace.over_ms);
        assert_eq!(
            trimmed_note(pace, 70),
            "70 lines in the run's last 0.42 s: too fast to read, so the newest 40 are shown. \
             Pause (Space) to see all 70 the log keeps."
        );
        // All in one instant: a span of a millisecond, not a division by zero.
        let same: Vec<LogLine> = (0..50).map(|_| at(4_188.0)).collect();
        let refs: Vec<&LogLine> = same.iter().collect();
        let (_, pace) = shown(&refs, oldest(&same), 4_188.0, 1.0);
        assert_eq!(pace.map(|p| (p.lines, p.over_ms)), Some((50, 1.0)));
    }

    #[test]
    fn a_paused_run_or_news_that_stopped_show_the_whole_log() {
        let lines = burst(100, 60_000.0);
        let refs: Vec<&LogLine> = lines.iter().collect();
        let o = oldest(&lines);
        assert_eq!(shown(&refs, o, 60_000.0, 0.0), (SHOWN, None), "paused");
        assert_eq!(
            shown(&refs, o, 61_500.0, 1.0),
            (SHOWN, None),
            "a burst 1.5 s ago"
        );
        assert_eq!(
            shown(&refs[..12], o, 60_000.0, 4.0),
            (12, None),
            "fewer lines than trimmed to"
        );
    }

    #[test]
    fn a_burst_of_deaths_of_one_member_folds_into_one_line_with_every_observer() {
        let sim = logged(
            "proto=swim&nodes=32&topo=full&ev=5s.crash.27",
            100_000,
            40_000_000,
        );
        let lines = lines(sim.log().iter(), Proto::Swim);
        let dead: Vec<_> = lines
            .iter()
            .filter(|l| l.category == Category::Death)
            .collect();
        assert_eq!(dead.len(), 1, "{dead:#?}");
        assert!(
            dead[0]
                .text
                .starts_with("node 27 declared dead by 31 members"),
            "{}",
            dead[0].text
        );
        assert_eq!(dead[0].details.len(), 31);
        assert!(
            dead[0]
                .details
                .iter()
                .any(|d| d.contains("own suspicion timed out"))
        );
        assert!(
            dead[0]
                .details
                .iter()
                .any(|d| d.contains("heard from node"))
        );
    }

    #[test]
    fn each_change_says_whether_it_was_first_hand_or_heard_and_from_whom() {
        let sim = logged(
            "proto=swim&nodes=8&topo=full&ev=5s.crash.3",
            100_000,
            10_000_000,
        );
        let lines = lines(sim.log().iter(), Proto::Swim);
        let first = lines
            .iter()
            .find(|l| l.category == Category::Suspicion)
            .unwrap();
        assert!(first.text.contains("own probe"), "{}", first.text);
        assert!(
            first.details[0].contains("(own probe)"),
            "{:?}",
            first.details
        );
        assert!(
            first.details.iter().any(|d| d.contains("heard from node")),
            "{:?}",
            first.details
        );
        assert!(first.details[0].starts_with("7."), "{:?}", first.details);
    }

    #[test]
    fn a_line_shows_its_time_to_the_ms_as_the_clock_does() {
        let sim = logged(
            "proto=swim&nodes=8&topo=full&ev=5s.crash.3",
            100_000,
            10_000_000,
        );
        let records: Vec<_> = sim.log().iter().cloned().collect();
        let lines = lines(records.iter(), Proto::Swim);
        let first = lines
            .iter()
            .find(|l| l.category == Category::Suspicion)
            .unwrap();
        let at = records
            .iter()
            .find(|r| {
                matches!(
                    r.event,
                    TraceEvent::View {
                        to: Status::Suspect,
                        ..
                    }
                )
            })
            .map(|r| r.at)
            .unwrap();
        assert_ne!(at % 1000, 0, "the suspicion falls between two ms: {at} µs");
        // The event log writes `{:.3}` seconds; the clock, the lessons and the panels the same.
        let shown = format!("{:.3}", first.at_ms / 1000.0);
        let clock = crate::model::clock(at);
        assert_eq!(clock, format!("0:{:06.3}", first.at_ms / 1000.0));
        assert_eq!(shown, crate::model::seconds(at).trim_end_matches(" s"));
    }

    #[test]
    fn an_observer_that_changes_its_mind_again_counts_once_among_the_members() {
        let q = "proto=swim&nodes=32&topo=full&lifeguard=off&seed=1&ev=5s.slow.3.1200ms";
        let sim = logged(q, 1_000_000, 60_000_000);
        let lines = lines(sim.log().iter(), Proto::Swim);
        let repeated = lines
            .iter()
            .filter(|l| l.text.contains(" times)"))
            .collect::<Vec<_>>();
        assert!(
            !repeated.is_empty(),
            "a slow member is suspected again and again"
        );
        for l in &lines {
            let mut seen = l.observers.clone();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), l.observers.len(), "{}", l.text);
            assert!(l.observers.len() <= 31, "{}", l.text);
        }
        let l = repeated[0];
        assert!(
            l.text
                .contains(&format!("by {} members (", l.observers.len())),
            "{}",
            l.text
        );
    }
}
