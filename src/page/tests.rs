//! The page's rules through its commands, natively: what a command does to the runs and which
//! effects it asks of the shell.

use super::*;
use gossip_sim::NodeState;

fn setup() -> Setup {
    Setup {
        dark: false,
        guide: false,
        clock: || 0.0,
    }
}

fn page(query: &str) -> Page {
    Page::open(query, setup()).0
}

fn run_to(p: &mut Page, t: u64) {
    while p.a().sim().now() < t {
        p.frame(100.0, 0, &mut || false);
    }
}

fn banners(p: &Page) -> Vec<String> {
    p.a().banners.iter().map(|b| b.text.clone()).collect()
}

#[test]
fn an_empty_link_opens_the_welcome_run_and_writes_its_query() {
    let (p, fx) = Page::open("", setup());
    assert_eq!(p.opened(), WELCOME);
    assert!(banners(&p)[0].starts_with("Welcome"));
    assert_eq!(fx, vec![Effect::SetUrl(p.url_query())]);
    assert!(p.url_query().contains("crash.3"), "{}", p.url_query());
}

#[test]
fn a_command_settles_with_a_redraw_and_a_render() {
    let mut p = page("nodes=8");
    let fx = p.apply(Command::Run(RunCmd::Toggle));
    assert!(!p.a().playing);
    assert_eq!(fx, vec![Effect::Redraw, Effect::Render]);
}

#[test]
fn changing_a_key_rewrites_the_address_bar() {
    let mut p = page("nodes=8");
    let fx = p.apply(Command::Tune(TuneCmd::Set("loss".into(), "5".into())));
    assert_eq!(
        fx,
        vec![
            Effect::SetUrl(p.url_query()),
            Effect::Redraw,
            Effect::Render
        ]
    );
    // A live key is recorded in the script at the time it changed.
    assert!(p.url_query().contains("set.loss.5"), "{}", p.url_query());
}

#[test]
fn a_new_seed_is_the_random_number_cut_to_six_digits() {
    let mut p = page("nodes=8");
    p.apply(Command::Tune(TuneCmd::NewSeed(9_123_456_789)));
    assert_eq!(p.a().scenario().seed, 456_789);
}

#[test]
fn the_speed_command_is_clamped() {
    let mut p = page("nodes=8");
    p.apply(Command::Run(RunCmd::Speed(1e6)));
    assert_eq!(p.a().speed, 1000.0);
}

#[test]
fn split_in_two_partitions_the_running_cluster() {
    let mut p = page("proto=swim&nodes=8&topo=full");
    run_to(&mut p, 1_000_000);
    p.apply(Command::Cluster(ClusterCmd::Split));
    assert!(p.a().sim().partitioned());
    assert_eq!(p.a().sim().side(0), p.a().sim().side(3));
    assert_ne!(p.a().sim().side(3), p.a().sim().side(4));
}

#[test]
fn a_bad_partition_text_leaves_an_error_banner_and_no_event() {
    let mut p = page("nodes=8");
    let before = p.a().scenario().events.len();
    p.apply(Command::Cluster(ClusterCmd::Partition("x".into())));
    assert_eq!(p.a().scenario().events.len(), before);
    let b = p.a().banners.last().expect("a banner");
    assert!(
        b.error && b.text.starts_with("Partition not applied"),
        "{b:?}"
    );
}

#[test]
fn commands_on_a_member_need_a_selection() {
    let mut p = page("nodes=8");
    let before = p.a().scenario().events.len();
    for c in [
        ClusterCmd::CrashToggle,
        ClusterCmd::Leave,
        ClusterCmd::Fault(Fault::Pause { ms: 5000 }),
    ] {
        p.apply(Command::Cluster(c));
    }
    assert_eq!(p.a().scenario().events.len(), before);
    p.apply(Command::Panel(PanelCmd::Select(Some(3))));
    p.apply(Command::Cluster(ClusterCmd::CrashToggle));
    assert_eq!(p.a().sim().state(3), NodeState::Crashed);
    p.apply(Command::Cluster(ClusterCmd::CrashToggle));
    assert_eq!(p.a().sim().state(3), NodeState::Up);
}

#[test]
fn fault_buttons_write_their_chosen_spans_into_the_link() {
    let mut p = page("proto=swim&nodes=8");
    run_to(&mut p, 2_000_000);
    p.apply(Command::Panel(PanelCmd::Select(Some(3))));
    // A command applies at the next whole millisecond (and the run goes there at once).
    let paused_at = p.a().sim().now() / 1000 + 1;
    p.apply(Command::Cluster(ClusterCmd::Fault(Fault::Pause {
        ms: 20_000,
    })));
    let at = p.a().sim().now() / 1000 + 1;
    p.apply(Command::Cluster(ClusterCmd::Fault(Fault::Slow {
        delay_ms: 800,
        for_ms: Some(30_000),
    })));
    let q = p.url_query();
    for ev in [
        format!("{paused_at}ms.pause.3.20s"),
        format!("{at}ms.slow.3.800ms"),
        format!("{}ms.fast.3", at + 30_000),
    ] {
        assert!(q.contains(&ev), "{ev} in {q}");
    }
    assert_eq!(p.a().sim().fault_of(3).slow, Some(800_000));
    assert!(p.a().sim().fault_of(3).paused_until.is_some());
    // Fast before the 30 s are up: the scheduled fast is dropped, not refused.
    p.apply(Command::Cluster(ClusterCmd::Fault(Fault::Fast)));
    assert!(
        banners(&p).iter().all(|b| !b.contains("refused")),
        "{:?}",
        banners(&p)
    );
    let q = p.url_query();
    assert!(!q.contains(&format!("{}ms.fast.3", at + 30_000)), "{q}");
    assert_eq!(p.a().sim().fault_of(3).slow, None, "fast at once");
}

#[test]
fn a_slowdown_until_fast_records_no_end() {
    let mut p = page("proto=swim&nodes=8");
    run_to(&mut p, 1_000_000);
    p.apply(Command::Panel(PanelCmd::Select(Some(5))));
    p.apply(Command::Cluster(ClusterCmd::Fault(Fault::Slow {
        delay_ms: 1200,
        for_ms: None,
    })));
    let q = p.url_query();
    assert!(q.contains(".slow.5.1200ms"), "{q}");
    assert!(!q.contains("fast.5"), "{q}");
}

#[test]
fn selecting_a_member_past_the_cluster_selects_none() {
    let mut p = page("nodes=8");
    p.apply(Command::Panel(PanelCmd::Select(Some(8))));
    assert_eq!(p.a().selected, None);
}

#[test]
fn a_cut_without_an_id_says_what_it_needs() {
    let mut p = page("nodes=8");
    p.apply(Command::Panel(PanelCmd::Select(Some(2))));
    p.apply(Command::Cluster(ClusterCmd::Fault(Fault::Cut {
        to: String::new(),
        both: false,
    })));
    assert!(banners(&p).last().unwrap().contains("needs the id"));
}

#[test]
fn a_command_in_the_past_forks_and_pushes_a_history_entry() {
    let mut p = page("nodes=8");
    run_to(&mut p, 3_000_000);
    p.apply(Command::Cluster(ClusterCmd::Join));
    p.apply(Command::Timeline(TimelineCmd::Seek(1_000_000)));
    let fx = p.apply(Command::Cluster(ClusterCmd::Heal));
    assert_eq!(
        fx,
        vec![
            Effect::PushUrl(p.url_query()),
            Effect::Redraw,
            Effect::Render
        ]
    );
    assert!(banners(&p).iter().any(|b| b.starts_with("Forked at")));
    // Taken once: the next command does not push again.
    let fx = p.apply(Command::Run(RunCmd::Toggle));
    assert!(!fx.iter().any(|e| matches!(e, Effect::PushUrl(_))));
}

#[test]
fn copying_the_link_writes_the_address_bar_first() {
    let mut p = page("nodes=8");
    let fx = p.apply(Command::Link(LinkCmd::Copy));
    assert_eq!(fx[..2], [Effect::SetUrl(p.url_query()), Effect::CopyLink]);
}

#[test]
fn the_guide_toggles_and_is_remembered_as_seen() {
    let mut p = page("nodes=8");
    let fx = p.apply(Command::Lesson(LessonCmd::Guide));
    assert!(p.guide());
    assert_eq!(fx[0], Effect::GuideSeen);
}

#[test]
fn a_preset_opens_its_link_with_its_story() {
    let mut p = page("nodes=8");
    let fx = p.apply(Command::Lesson(LessonCmd::Preset(0)));
    assert_eq!(p.opened(), presets::PRESETS[0].query);
    assert!(
        banners(&p)
            .last()
            .unwrap()
            .starts_with(presets::PRESETS[0].name)
    );
    assert_eq!(fx[0], Effect::SetUrl(p.url_query()));
    // Past the table: nothing opens.
    p.apply(Command::Lesson(LessonCmd::Preset(usize::MAX)));
    assert_eq!(p.opened(), presets::PRESETS[0].query);
}

#[test]
fn going_back_in_history_loads_that_scenario_from_zero() {
    let mut p = page("nodes=8");
    run_to(&mut p, 2_000_000);
    p.apply(Command::Link(LinkCmd::Opened("nodes=5".into())));
    assert_eq!(p.a().sim().node_count(), 5);
    assert!(p.a().sim().now() < 1_000_000);
    assert!(
        banners(&p)
            .last()
            .unwrap()
            .starts_with("Loaded the scenario")
    );
}

#[test]
fn a_history_entry_of_the_same_scenario_keeps_the_run_where_it_is() {
    // Following `#sweep` or a tune question's link fires popstate with the same query.
    let mut p = page("nodes=8&ev=1s.crash.3");
    run_to(&mut p, 2_000_000);
    p.apply(Command::Panel(PanelCmd::Select(Some(4))));
    let (now, trace) = (p.a().sim().now(), p.a().sim().trace_hash());
    let banners_before = banners(&p).len();
    p.apply(Command::Link(LinkCmd::Opened(p.url_query())));
    assert_eq!(banners(&p).len(), banners_before, "no notice of a load");
    assert_eq!((p.a().sim().now(), p.a().sim().trace_hash()), (now, trace));
    assert_eq!(p.a().selected, Some(4));
    assert!(p.a().playing);
}

#[test]
fn loading_the_tune_recommendation_opens_it_as_a_new_history_entry() {
    let mut p = page("nodes=8");
    run_to(&mut p, 2_000_000);
    let fx = p.apply(Command::Link(LinkCmd::Load(
        "proto=swim&nodes=12&n=6".into(),
    )));
    assert_eq!(p.a().sim().node_count(), 12);
    assert!(p.a().sim().now() < 1_000_000);
    assert!(p.url_query().contains("n=6"), "{}", p.url_query());
    assert!(fx.contains(&Effect::PushUrl(p.url_query())), "{fx:?}");
    assert!(banners(&p).last().unwrap().contains("tune panel"));
}

#[test]
fn a_click_selects_the_node_drawn_under_it_but_not_at_the_end_of_a_drag() {
    let mut p = page("nodes=8");
    let size = (800.0, 600.0);
    p.measure(Some(size), None);
    let vp = Viewport::of(size.0, size.1, &p.a().view);
    let q = p.a().layout.points[5];
    let at = vp.to_px(q.x, q.y);
    p.apply(Command::Canvas(CanvasCmd::Click(at)));
    assert_eq!(p.a().selected, Some(5));
    // A drag from elsewhere that ends over node 5: no new selection, and the (zoomed) view
    // panned.
    p.apply(Command::Panel(PanelCmd::Select(None)));
    p.apply(Command::Canvas(CanvasCmd::Zoom(Zoom::In)));
    let zoomed = p.a().view;
    p.apply(Command::Canvas(CanvasCmd::Down((10.0, 10.0))));
    let fx = p.apply(Command::Canvas(CanvasCmd::Move((40.0, 10.0), true)));
    assert_eq!(fx, vec![Effect::Redraw]);
    p.apply(Command::Canvas(CanvasCmd::Up));
    let vp = Viewport::of(size.0, size.1, &p.a().view);
    let at = vp.to_px(q.x, q.y);
    p.apply(Command::Canvas(CanvasCmd::Click(at)));
    assert_eq!(p.a().selected, None);
    // The next click is a click again.
    p.apply(Command::Canvas(CanvasCmd::Click(at)));
    assert_eq!(p.a().selected, Some(5));
    assert_ne!(p.a().view, zoomed);
}

#[test]
fn hovering_a_node_renders_once_and_leaving_forgets_it() {
    let mut p = page("nodes=8");
    let size = (800.0, 600.0);
    p.measure(Some(size), None);
    let vp = Viewport::of(size.0, size.1, &p.a().view);
    let q = p.a().layout.points[2];
    let at = vp.to_px(q.x, q.y);
    let fx = p.apply(Command::Canvas(CanvasCmd::Move(at, false)));
    assert_eq!(fx, vec![Effect::Redraw, Effect::Render]);
    assert_eq!((p.a().hover, p.hover_at()), (Some(2), Some(at)));
    let fx = p.apply(Command::Canvas(CanvasCmd::Move((at.0 + 1.0, at.1), false)));
    assert!(fx.is_empty(), "same node: {fx:?}");
    p.apply(Command::Canvas(CanvasCmd::Leave));
    assert_eq!((p.a().hover, p.hover_at()), (None, None));
}

#[test]
fn zoom_needs_a_measured_canvas_and_zero_goes_back_to_the_whole_cluster() {
    let mut p = page("nodes=8");
    assert!(
        p.apply(Command::Canvas(CanvasCmd::Zoom(Zoom::In)))
            .is_empty()
    );
    assert_eq!(p.a().view, Default::default());
    p.measure(Some((800.0, 600.0)), None);
    assert_eq!(
        p.apply(Command::Canvas(CanvasCmd::Zoom(Zoom::In))),
        vec![Effect::Redraw]
    );
    assert!(p.a().view.zoom > 1.0);
    p.apply(Command::Canvas(CanvasCmd::Zoom(Zoom::Whole)));
    assert_eq!(p.a().view, Default::default());
}

#[test]
fn a_pinch_zooms_by_the_change_of_the_fingers_distance() {
    let mut p = page("nodes=8");
    p.measure(Some((800.0, 600.0)), None);
    p.apply(Command::Canvas(CanvasCmd::Pinch(Some((
        100.0,
        (400.0, 300.0),
    )))));
    assert_eq!(p.a().view, Default::default());
    p.apply(Command::Canvas(CanvasCmd::Pinch(Some((
        200.0,
        (400.0, 300.0),
    )))));
    assert!((p.a().view.zoom - 2.0).abs() < 1e-9, "{:?}", p.a().view);
    p.apply(Command::Canvas(CanvasCmd::Pinch(None)));
}

#[test]
fn a_compare_starts_both_runs_and_commands_reach_both() {
    let mut p = page("proto=swim&nodes=8&topo=full");
    p.apply(Command::Run(RunCmd::Speed(4.0)));
    let fx = p.apply(Command::Compare(CompareCmd::Start("k=0".into())));
    assert_eq!(fx[0], Effect::SetUrl(p.url_query()));
    assert!(p.url_query().contains("b.k=0"), "{}", p.url_query());
    assert_eq!(p.a().speed, 4.0);
    p.apply(Command::Panel(PanelCmd::Select(Some(3))));
    p.apply(Command::Cluster(ClusterCmd::CrashToggle));
    let b = &p.compare().expect("comparing").b;
    assert_eq!(b.sim().state(3), NodeState::Crashed);
    assert_eq!(b.selected, Some(3));
    let fx = p.apply(Command::Compare(CompareCmd::Stop));
    assert!(p.compare().is_none());
    assert_eq!(fx[0], Effect::SetUrl(p.url_query()));
}

#[test]
fn a_compare_that_leaves_b_equal_is_refused_with_a_banner() {
    let mut p = page("proto=swim&nodes=8");
    p.apply(Command::Compare(CompareCmd::Start("nodes=8".into())));
    assert!(p.compare().is_none());
    assert!(banners(&p).last().unwrap().starts_with("A/B not started"));
}

#[test]
fn changing_a_key_b_pins_says_which_run_it_applies_to() {
    let mut p = page("proto=swim&nodes=8&topo=full&b.k=0");
    assert!(p.compare().is_some());
    p.apply(Command::Tune(TuneCmd::Set("k".into(), "2".into())));
    assert!(
        banners(&p).last().unwrap().contains("k=0"),
        "{:?}",
        banners(&p)
    );
}

#[test]
fn lanes_past_the_cluster_are_refused_and_good_ones_draw_a_diagram() {
    let mut p = page("proto=swim&nodes=8&topo=full");
    run_to(&mut p, 3_000_000);
    p.apply(Command::Panel(PanelCmd::Lanes("1,9".into())));
    assert!(banners(&p).last().unwrap().starts_with("Diagram not drawn"));
    p.apply(Command::Panel(PanelCmd::Lanes("1,2".into())));
    assert!(p.a().why.is_some());
}

#[test]
fn a_page_near_the_memory_limit_pauses_and_asks_for_a_render() {
    let mut p = page("nodes=8");
    let fx = p.frame(16.0, crate::model::memory::GUARD_BYTES, &mut || false);
    assert_eq!(fx, vec![Effect::Render, Effect::Redraw]);
    assert!(!p.a().playing);
    assert!(p.a().banners.last().unwrap().error);
}

#[test]
fn a_lesson_link_opens_the_lesson_at_its_step_and_the_address_bar_keeps_it() {
    let (p, fx) = Page::open("lesson=1&step=2", setup());
    let v = p.lesson_view().expect("a lesson is open");
    assert_eq!((v.number, v.step, v.steps), (1, 2, 6));
    assert_eq!(p.url_query(), "lesson=heartbeats&step=2");
    assert_eq!(fx, vec![Effect::SetUrl(p.url_query())]);
    assert_eq!(p.a().sim().now(), 8_000_000);
    assert_eq!(
        p.run_query(),
        "",
        "lesson 1 runs the defaults: the footer shows the run"
    );
    let p = page("lesson=3");
    assert!(
        p.url_query().starts_with("lesson=probing"),
        "{}",
        p.url_query()
    );
    assert!(p.run_query().contains("proto=swim"), "{}", p.run_query());
    assert!(!p.run_query().contains("lesson"), "{}", p.run_query());
}

#[test]
fn an_unknown_lesson_is_an_error_that_names_the_lessons_and_the_rest_of_the_link_opens() {
    let p = page("lesson=9&nodes=12");
    assert!(p.lesson_view().is_none());
    assert_eq!(p.a().sim().node_count(), 12);
    let b = banners(&p);
    assert!(
        b.iter()
            .any(|t| t.contains("lesson=9") && t.contains("1 (heartbeats)")),
        "{b:?}"
    );
}

#[test]
fn next_waits_for_the_asked_crash_and_arrow_keys_move_between_steps() {
    let mut p = page("lesson=heartbeats&step=3");
    assert_eq!(
        p.key_command("ArrowRight"),
        Some(Command::Lesson(LessonCmd::Next))
    );
    p.apply(Command::Lesson(LessonCmd::Next));
    assert_eq!(
        p.lesson_view().unwrap().step,
        3,
        "Next is locked until node 2 and 4 are down"
    );
    for id in [2, 4] {
        p.apply(Command::Panel(PanelCmd::Select(Some(id))));
        p.apply(Command::Cluster(ClusterCmd::CrashToggle));
    }
    assert!(p.lesson_view().unwrap().done);
    let fx = p.apply(Command::Lesson(LessonCmd::Next));
    assert!(
        fx.contains(&Effect::SetUrl("lesson=heartbeats&step=4".into())),
        "{fx:?}"
    );
    assert!(p.lesson_view().unwrap().text.contains("it suspected node"));
    p.apply(p.key_command("ArrowLeft").unwrap());
    assert_eq!(p.lesson_view().unwrap().step, 3);
}

#[test]
fn leaving_a_lesson_keeps_the_run_as_a_plain_scenario_link() {
    let mut p = page("lesson=1&step=4");
    let now = p.a().sim().now();
    let fx = p.apply(Command::Lesson(LessonCmd::Leave));
    assert!(p.lesson_view().is_none());
    assert_eq!(p.a().sim().now(), now, "the run stays where it was");
    let q = p.url_query();
    assert!(q.contains("crash.2") && q.contains("crash.4"), "{q}");
    assert!(fx.contains(&Effect::SetUrl(q)));
    assert_eq!(p.key_command("ArrowRight"), key_command("ArrowRight"));
}

#[test]
fn the_learn_entry_opens_a_lesson_and_a_preset_ends_it() {
    let mut p = page("");
    p.apply(Command::Lesson(LessonCmd::Open(0)));
    assert_eq!(p.lesson_view().unwrap().step, 1);
    assert_eq!(p.url_query(), "lesson=heartbeats&step=1");
    p.apply(Command::Lesson(LessonCmd::Preset(0)));
    assert!(p.lesson_view().is_none());
}

#[test]
fn a_lesson_step_the_reader_leaves_takes_its_notices_along() {
    let mut p = page("lesson=production&step=3");
    p.apply(Command::Tune(TuneCmd::Set(
        "lifeguard".into(),
        "yes".into(),
    )));
    assert!(
        p.a().banners.iter().any(|b| b.error),
        "a bad Lifeguard value is an error: {:?}",
        p.a().banners
    );
    p.apply(Command::Tune(TuneCmd::Set("lifeguard".into(), "on".into())));
    p.apply(Command::Lesson(LessonCmd::Next));
    assert_eq!(p.lesson_view().map(|v| v.step), Some(4));
    assert!(p.a().banners.is_empty(), "{:?}", p.a().banners);
}

#[test]
fn a_lesson_plays_at_lesson_speed_through_its_steps_and_leaving_gives_the_speed_back() {
    let mut p = page("nodes=8");
    p.apply(Command::Run(RunCmd::Speed(4.8)));
    p.apply(Command::Lesson(LessonCmd::Open(0)));
    assert!(p.in_lesson());
    assert_eq!(
        p.a().speed,
        0.1,
        "50 ms messages cross in about half a second"
    );
    p.apply(Command::Lesson(LessonCmd::Next));
    assert_eq!(p.a().speed, 0.1, "kept from step to step");
    p.apply(Command::Lesson(LessonCmd::Leave));
    assert_eq!(p.a().speed, 4.8);
    // A reader who picked a speed in the lesson keeps it.
    p.apply(Command::Lesson(LessonCmd::Open(0)));
    p.apply(Command::Run(RunCmd::Speed(2.0)));
    p.apply(Command::Lesson(LessonCmd::Leave));
    assert_eq!(p.a().speed, 2.0);
    // Opened by a link, too.
    assert_eq!(page("lesson=1").a().speed, 0.1);
}
