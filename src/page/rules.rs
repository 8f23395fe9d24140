//! The page's small rules, each a pure function: what a button or a typed text means as a
//! scenario action, and the texts the page answers with when it refuses one.

use super::command::CanvasCmd;
use super::command::{ClusterCmd, Command, Fault, LessonCmd, PanelCmd, RunCmd, TimelineCmd, Zoom};
use gossip_protocol::NodeId;
use gossip_sim::{Action, TimedEvent};
use std::ops::RangeInclusive;

/// The speeds the page runs at, virtual seconds per real second.
pub const SPEED_RANGE: RangeInclusive<f64> = 0.1..=1000.0;

/// Most lanes a custom sequence diagram draws.
pub const MAX_DIAGRAM_LANES: usize = 16;

/// What the custom diagram spans, µs: the last ten seconds.
pub const DIAGRAM_SPAN_US: u64 = 10_000_000;

/// The speed asked for, brought into [`SPEED_RANGE`].
pub fn clamp_speed(s: f64) -> f64 {
    s.clamp(*SPEED_RANGE.start(), *SPEED_RANGE.end())
}

/// A message should take about this long to cross the canvas in a lesson, ms of wall time.
pub const LESSON_CROSSING_MS: f64 = 500.0;

/// The speed a lesson plays at: slow enough that a message of the mean latency crosses in
/// [`LESSON_CROSSING_MS`] of wall time, never faster than 1× nor slower than the slider's
/// 0.1×. The lessons' 50 ms mean latency gives 0.1×: each message (uniform in ½–1½ × the
/// mean) crosses in 250–750 ms, and a 500 ms gossip period lasts 5 s.
pub fn lesson_speed(latency_ms: u64) -> f64 {
    clamp_speed(latency_ms as f64 / LESSON_CROSSING_MS).min(1.0)
}

/// The seed "new seed" gives from a random number: six digits at most, short enough to read
/// out and type.
pub fn seed_of(random: u64) -> u64 {
    random % 1_000_000
}

/// "Split in two" on a cluster of `n`: members `0..=(n-1)/2` on one side, the rest on the
/// other (the lower half, with the middle one when `n` is odd).
pub fn split_in_two(n: u32) -> Action {
    Action::Partition(vec![(0, n.saturating_sub(1) / 2)])
}

/// The partition a groups text asks for (`0-3|4-7`, as the scenario's `partition` event
/// writes it), or the banner's text saying why not.
pub fn partition_of(text: &str) -> Result<Action, String> {
    TimedEvent::parse(&format!("0ms.partition.{}", text.trim()))
        .map(|ev| ev.action)
        .map_err(|e| format!("Partition not applied: {}", e.message))
}

/// The pauses the node panel offers, ms (a short stall, the default, a long GC pause, a
/// minute).
pub const PAUSE_CHOICES_MS: [u64; 4] = [1_000, 5_000, 20_000, 60_000];

/// The node panel's pause unless another is chosen, ms.
pub const DEFAULT_PAUSE_MS: u64 = 5_000;

/// The slowdowns the node panel offers: how late each message is read, ms.
pub const SLOW_DELAY_CHOICES_MS: [u64; 4] = [200, 800, 1_200, 3_000];

/// The node panel's slowdown unless another is chosen, ms.
pub const DEFAULT_SLOW_DELAY_MS: u64 = 1_200;

/// How long a slowdown lasts, ms: None is until Fast.
pub const SLOW_FOR_CHOICES_MS: [Option<u64>; 4] = [None, Some(10_000), Some(30_000), Some(60_000)];

/// A span as the node panel writes it: `800 ms`, `1.2 s`, `20 s`.
pub fn span_words(ms: u64) -> String {
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(1_000) {
        format!("{} s", ms / 1_000)
    } else {
        format!("{} s", ms as f64 / 1_000.0)
    }
}

/// The scenario action of a fault button on member `sel`, with how long after it the fault
/// ends itself (a slowdown for a while); None when a cut's other end is not an id.
pub fn fault_action(sel: NodeId, fault: &Fault) -> Option<(Action, Option<u64>)> {
    Some(match fault {
        Fault::Slow { delay_ms, for_ms } => (Action::Slow(sel, *delay_ms), *for_ms),
        Fault::Fast => (Action::Fast(sel), None),
        Fault::Pause { ms } => (Action::Pause(sel, *ms), None),
        Fault::Cut { to, both } => (
            Action::Cut {
                from: sel,
                to: to.trim().parse().ok()?,
                both: *both,
            },
            None,
        ),
    })
}

/// The banner of a fault whose link has no id at its other end.
pub fn fault_refused(fault: &Fault) -> String {
    let to = match fault {
        Fault::Cut { to, .. } => to.as_str(),
        _ => "",
    };
    format!(
        "Not applied: a cut needs the id of the member at the other end of the link ('{to}' is not one)."
    )
}

/// The lanes of a custom diagram (`3,5,7` or `3 5 7`): 1 to [`MAX_DIAGRAM_LANES`] ids below
/// `nodes`; or the banner's text saying what was expected.
pub fn lanes_of(text: &str, nodes: u32) -> Result<Vec<NodeId>, String> {
    let lanes: Result<Vec<NodeId>, _> = text
        .split([',', ' '])
        .filter(|t| !t.is_empty())
        .map(|t| t.trim().parse::<NodeId>())
        .collect();
    match lanes {
        Ok(l) if !l.is_empty() && l.len() <= MAX_DIAGRAM_LANES && l.iter().all(|&x| x < nodes) => {
            Ok(l)
        }
        _ => Err(format!(
            "Diagram not drawn: '{text}' is not 1 to {MAX_DIAGRAM_LANES} node ids below {nodes}, comma-separated."
        )),
    }
}

/// What the page says when the panel changes a key that run B holds at a value of its own:
/// a key that restarts changes A only (B keeps its value); a live one is recorded in the
/// script both runs share, so B takes it too from now on.
pub fn pinned_notice(key: &str, value: &str, b_value: &str, restarts: bool) -> String {
    if restarts {
        format!(
            "A/B: {key}={value} applies to run A only; run B keeps its own {key}={b_value}. \
             To change B, edit \"B differs in\"."
        )
    } else {
        format!(
            "A/B: {key}={value} applies to both runs from now (they share one event script); \
             run B started with {key}={b_value}."
        )
    }
}

/// The command of a key pressed on the page (outside a field, without Ctrl, Meta or Alt),
/// by `KeyboardEvent.key`; None for keys the page leaves alone.
pub fn key_command(key: &str) -> Option<Command> {
    Some(match key {
        " " => Command::Run(RunCmd::Toggle),
        "." | "ArrowRight" => Command::Run(RunCmd::StepEvent),
        "," | "ArrowLeft" => Command::Timeline(TimelineCmd::BackEvent),
        "[" => Command::Timeline(TimelineCmd::BackPeriod),
        "?" => Command::Lesson(LessonCmd::Guide),
        "+" | "=" => Command::Canvas(CanvasCmd::Zoom(Zoom::In)),
        "-" => Command::Canvas(CanvasCmd::Zoom(Zoom::Out)),
        "0" => Command::Canvas(CanvasCmd::Zoom(Zoom::Whole)),
        "p" | "P" => Command::Run(RunCmd::StepPeriod),
        "c" | "C" => Command::Cluster(ClusterCmd::CrashToggle),
        "j" | "J" => Command::Cluster(ClusterCmd::Join),
        "h" | "H" => Command::Cluster(ClusterCmd::Heal),
        "r" | "R" => Command::Run(RunCmd::Restart),
        "Escape" => Command::Panel(PanelCmd::Select(None)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_in_two_puts_the_lower_half_on_one_side() {
        assert_eq!(split_in_two(8), Action::Partition(vec![(0, 3)]));
        // Odd: the middle member goes with the lower half.
        assert_eq!(split_in_two(7), Action::Partition(vec![(0, 3)]));
        assert_eq!(split_in_two(2), Action::Partition(vec![(0, 0)]));
        // No members: no underflow.
        assert_eq!(split_in_two(0), Action::Partition(vec![(0, 0)]));
    }

    #[test]
    fn a_partition_text_reads_like_the_scenarios_partition_event() {
        let typed = partition_of(" 0-3 ").expect("a range is a group");
        let scripted = TimedEvent::parse("0ms.partition.0-3").unwrap().action;
        assert_eq!(typed, scripted);
    }

    #[test]
    fn a_bad_partition_text_is_refused_with_the_parsers_reason() {
        let e = partition_of("zero-three").unwrap_err();
        assert!(e.starts_with("Partition not applied: "), "{e}");
        assert!(e.len() > "Partition not applied: ".len(), "{e}");
    }

    #[test]
    fn fault_buttons_name_their_actions_on_the_selected_member() {
        let cut = |to: &str, both| Fault::Cut {
            to: to.into(),
            both,
        };
        let slow = Fault::Slow {
            delay_ms: 800,
            for_ms: Some(30_000),
        };
        assert_eq!(
            fault_action(4, &slow),
            Some((Action::Slow(4, 800), Some(30_000)))
        );
        let until_fast = Fault::Slow {
            delay_ms: 1200,
            for_ms: None,
        };
        assert_eq!(
            fault_action(4, &until_fast),
            Some((Action::Slow(4, 1200), None))
        );
        assert_eq!(fault_action(4, &Fault::Fast), Some((Action::Fast(4), None)));
        assert_eq!(
            fault_action(4, &Fault::Pause { ms: 20_000 }),
            Some((Action::Pause(4, 20_000), None))
        );
        assert_eq!(
            fault_action(4, &cut("7", false)),
            Some((
                Action::Cut {
                    from: 4,
                    to: 7,
                    both: false
                },
                None
            ))
        );
        assert_eq!(
            fault_action(4, &cut(" 7", true)),
            Some((
                Action::Cut {
                    from: 4,
                    to: 7,
                    both: true
                },
                None
            ))
        );
    }

    #[test]
    fn spans_read_in_milliseconds_below_a_second_and_in_seconds_above() {
        assert_eq!(span_words(800), "800 ms");
        assert_eq!(span_words(1200), "1.2 s");
        assert_eq!(span_words(20_000), "20 s");
        assert!(PAUSE_CHOICES_MS.contains(&DEFAULT_PAUSE_MS));
        assert!(SLOW_DELAY_CHOICES_MS.contains(&DEFAULT_SLOW_DELAY_MS));
    }

    #[test]
    fn a_cut_without_an_id_at_the_other_end_is_no_action() {
        let cut = |to: &str| Fault::Cut {
            to: to.into(),
            both: false,
        };
        assert_eq!(fault_action(4, &cut("")), None);
        assert_eq!(fault_action(4, &cut("x")), None);
        assert_eq!(fault_action(4, &cut("-1")), None);
        assert!(fault_refused(&cut("x")).contains("('x' is not one)"));
    }

    #[test]
    fn lanes_are_one_to_sixteen_ids_below_the_cluster_size() {
        assert_eq!(lanes_of("3,5,7", 8), Ok(vec![3, 5, 7]));
        assert_eq!(lanes_of("3 5, 7", 8), Ok(vec![3, 5, 7]));
        let many: Vec<String> = (0..17).map(|i| i.to_string()).collect();
        assert_eq!(lanes_of(&many[..16].join(","), 32).map(|l| l.len()), Ok(16));
        for bad in [
            many.join(","),
            "".into(),
            "3,8".into(),
            "a".into(),
            "-1".into(),
        ] {
            let e = lanes_of(&bad, 8).unwrap_err();
            assert!(e.contains("1 to 16 node ids below 8"), "{bad}: {e}");
        }
    }

    #[test]
    fn speed_is_clamped_to_a_tenth_and_a_thousand() {
        assert_eq!(clamp_speed(0.01), 0.1);
        assert_eq!(clamp_speed(4.8), 4.8);
        assert_eq!(clamp_speed(5000.0), 1000.0);
    }

    #[test]
    fn a_lesson_plays_slowly_enough_for_a_message_to_cross_in_about_half_a_second() {
        assert_eq!(lesson_speed(50), 0.1);
        assert_eq!(lesson_speed(0), 0.1, "never below the slider");
        assert_eq!(lesson_speed(300), 0.6);
        assert_eq!(lesson_speed(2000), 1.0, "never faster than real time");
    }

    #[test]
    fn a_new_seed_has_at_most_six_digits() {
        assert_eq!(seed_of(u64::MAX), u64::MAX % 1_000_000);
        assert!(seed_of(123_456_789) < 1_000_000);
    }

    #[test]
    fn keys_map_to_commands_and_others_are_left_alone() {
        assert_eq!(key_command(" "), Some(Command::Run(RunCmd::Toggle)));
        assert_eq!(
            key_command("ArrowLeft"),
            Some(Command::Timeline(TimelineCmd::BackEvent))
        );
        assert_eq!(
            key_command("="),
            Some(Command::Canvas(CanvasCmd::Zoom(Zoom::In)))
        );
        assert_eq!(
            key_command("Escape"),
            Some(Command::Panel(PanelCmd::Select(None)))
        );
        assert_eq!(key_command("x"), None);
        assert_eq!(key_command("Enter"), None);
    }

    #[test]
    fn a_pinned_key_that_restarts_changes_run_a_only() {
        let t = pinned_notice("k", "3", "0", true);
        assert!(t.contains("run A only") && t.contains("k=0"), "{t}");
        let t = pinned_notice("loss", "5", "10", false);
        assert!(t.contains("both runs") && t.contains("loss=10"), "{t}");
    }
}
