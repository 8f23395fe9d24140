use super::*;
use crate::sweep::form::Form;
use crate::sweep::job::{Job, answer};
use gossip_sim::Scenario;

fn plan(q: &str, values: &str, key2: Option<(&str, &str)>, seeds: u32) -> Plan {
    let s = Scenario::from_query(q).unwrap();
    let mut f = Form::suggest(&s, None, 2);
    f.values = values.into();
    if let Some((k, v)) = key2 {
        f.key2 = k.into();
        f.values2 = v.into();
    }
    f.seeds = seeds.to_string();
    f.until = "40s".into();
    f.plan(&s).unwrap()
}

fn run_all(plan: &Plan, id: u32) -> Results {
    let mut r = Results::new(id, plan);
    // Answers come back in any order: record them backwards.
    for i in (0..plan.sweep.len()).rev() {
        let job: Job = plan.job(id, i);
        assert!(r.record(answer(&job, || 0.0)));
    }
    r.refresh();
    r
}

#[test]
fn every_run_lands_in_its_point_and_the_summary_is_the_engines() {
    let plan = plan("proto=swim&nodes=16&topo=full", "0,3", None, 3);
    let r = run_all(&plan, 1);
    assert!(r.finished() && r.errors.is_empty());
    assert_eq!(r.points.len(), 2);
    for (p, point) in r.points.iter().enumerate() {
        let runs: Vec<RunStats> = point.runs.iter().flatten().cloned().collect();
        assert_eq!(runs.len(), 3);
        assert_eq!(point.summary, Summary::of(&runs));
        assert_eq!(point.summary.first_suspect.failures, 3, "point {p}");
        assert!(point.fp_prediction.is_some());
    }
    assert!(r.message_events > 0);
}

#[test]
fn answers_of_another_sweep_or_twice_the_same_run_are_not_counted() {
    let plan = plan("proto=swim&nodes=8&topo=full", "1", None, 2);
    let mut r = Results::new(2, &plan);
    let stale = answer(&plan.job(1, 0), || 0.0);
    assert!(!r.record(stale));
    let fresh = answer(&plan.job(2, 0), || 0.0);
    assert!(r.record(fresh.clone()));
    assert!(!r.record(fresh));
    assert_eq!(r.done, 1);
    let mut broken = plan.job(2, 1);
    broken.query = "nodes=banana".into();
    let failed = answer(&broken, || 0.0);
    assert!(failed.stats.is_err());
    assert!(r.record(failed));
    assert_eq!((r.done, r.errors.len(), r.finished()), (2, 1, true));
}

#[test]
fn the_exports_hold_every_run_with_the_link_that_replays_it() {
    let plan = plan(
        "proto=swim&nodes=8&topo=full",
        "0,1",
        Some(("loss", "0,10")),
        2,
    );
    let r = run_all(&plan, 3);
    let csv = r.csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 8);
    assert!(lines[0].starts_with("run,point,k,loss,seed,scenario,"));
    assert!(
        lines[8].starts_with(
            "7,3,1,10,2,\"proto=swim&topo=full&k=1&loss=10&seed=2&ev=10s~20s.crash.?\",40000,"
        ),
        "{}",
        lines[8]
    );
    let json: serde_json::Value = serde_json::from_str(&r.json()).unwrap();
    assert_eq!(json["runs"].as_array().unwrap().len(), 8);
    assert_eq!(json["points"].as_array().unwrap().len(), 4);
    assert_eq!(json["keys"], serde_json::json!(["k", "loss"]));
    let last = &json["runs"][7];
    assert_eq!(last["point"], serde_json::json!({"k": 1, "loss": 10}));
    let query = last["scenario"].as_str().unwrap();
    // The link replays the run: the same stats again.
    let again = answer(
        &Job {
            sweep: 0,
            index: 0,
            query: query.into(),
            until_ms: r.until_ms,
        },
        || 0.0,
    );
    assert_eq!(again.stats.unwrap(), *r.runs().last().unwrap().2);
}

#[test]
fn a_categorical_key_is_placed_by_index_and_a_second_key_makes_series() {
    let plan = plan(
        "proto=swim&nodes=8&topo=full",
        "0",
        Some(("lifeguard", "off,on")),
        1,
    );
    let r = Results::new(0, &plan);
    assert_eq!(r.x_positions(), [0.0]);
    assert_eq!(r.x_labels(), None);
    let series = r.series();
    assert_eq!(series.len(), 2);
    assert_eq!(series[1].0.as_deref(), Some("lifeguard=on"));
    assert_eq!(series[1].1, [(0.0, 1)]);
    let s = Scenario::from_query("proto=swim&nodes=8").unwrap();
    let mut f = Form::suggest(&s, None, 1);
    f.key = "lifeguard".into();
    f.values = "off,on".into();
    let r = Results::new(0, &f.plan(&s).unwrap());
    assert_eq!(r.x_positions(), [0.0, 1.0]);
    assert_eq!(r.x_labels().unwrap(), ["off", "on"]);
}

#[test]
fn the_pareto_front_keeps_the_points_no_other_beats_on_both_axes() {
    let plan = plan("proto=swim&nodes=8&topo=full", "0..4", None, 1);
    let mut r = Results::new(0, &plan);
    // (false suspicions per member-hour, median first suspicion ms); point 4 has none.
    let xy = [(5.0, 1000.0), (1.0, 3000.0), (5.0, 1500.0), (0.5, 3000.0)];
    for (p, (x, y)) in xy.into_iter().enumerate() {
        r.points[p].summary.false_suspicions_per_member_hour = x;
        r.points[p].summary.first_suspect.median_ms = Some(y);
    }
    assert_eq!(r.pareto(Tradeoff::FirstSuspicion), [3, 0]);
    assert_eq!(r.pareto(Tradeoff::AllDead), Vec::<usize>::new());
}

#[test]
fn the_false_death_choices_read_their_own_summary_fields_and_skip_points_without_a_rate() {
    let plan = plan("proto=swim&nodes=8&topo=full", "0..1", None, 1);
    let mut r = Results::new(0, &plan);
    let s = &mut r.points[0].summary;
    s.all_dead.median_ms = Some(4000.0);
    s.false_deaths_per_member_hour = 0.5;
    s.false_deaths_of_healthy_per_member_hour = 0.1;
    s.false_deaths_of_faulty_per_member_hour = Some(7.0);
    s.false_deaths_per_member_day_upper95 = Some(30.0);
    let s = r.points[0].summary.clone();
    assert_eq!(Tradeoff::AllDead.xy(&s), Some((0.5, 4000.0)));
    assert_eq!(Tradeoff::AllDeadHealthy.xy(&s), Some((0.1, 4000.0)));
    assert_eq!(Tradeoff::AllDeadFaulty.xy(&s), Some((7.0, 4000.0)));
    assert_eq!(Tradeoff::AllDeadUpper95.xy(&s), Some((30.0, 4000.0)));
    let no_faults = Summary {
        false_deaths_of_faulty_per_member_hour: None,
        ..s.clone()
    };
    assert_eq!(
        Tradeoff::AllDeadFaulty.xy(&no_faults),
        None,
        "no faulty time"
    );
    for t in Tradeoff::ALL {
        assert_eq!(Tradeoff::of_value(t.value()), t);
        assert!(t.x_title().ends_with("(log scale)"));
    }
}

#[test]
fn values_typed_out_of_order_are_drawn_left_to_right() {
    let plan = plan("proto=swim&nodes=8&topo=full", "3,0,1", None, 1);
    let r = Results::new(0, &plan);
    assert_eq!(r.x_positions(), [3.0, 0.0, 1.0]);
    assert_eq!(r.series()[0].1, [(0.0, 1), (1.0, 2), (3.0, 0)]);
}

#[test]
fn a_points_summary_is_made_again_only_on_refresh() {
    let plan = plan("proto=swim&nodes=8&topo=full", "1", None, 2);
    let mut r = Results::new(4, &plan);
    assert!(r.record(answer(&plan.job(4, 0), || 0.0)));
    assert_eq!(r.points[0].summary.runs, 0);
    r.refresh();
    assert_eq!(r.points[0].summary.runs, 1);
    assert!(r.record(answer(&plan.job(4, 1), || 0.0)));
    r.refresh();
    assert_eq!(r.points[0].summary.runs, 2);
}

#[test]
fn with_a_second_key_each_of_its_values_has_its_own_pareto_front_and_labels_carry_units() {
    // k = 0, 1, 2 against loss = 0 % and 20 %: point i * 2 + j has k = i and the j-th loss.
    let plan = plan(
        "proto=swim&nodes=8&topo=full",
        "0..2",
        Some(("loss", "0,20")),
        1,
    );
    let mut r = Results::new(0, &plan);
    assert_eq!(r.keys(), ["k", "loss"]);
    // Every lossy point is beaten by some lossless one: one front over all would drop them.
    let xy = [
        (1.0, 2000.0),
        (9.0, 4000.0),
        (2.0, 1500.0),
        (8.0, 3000.0),
        (0.5, 3000.0),
        (9.5, 2500.0),
    ];
    for (p, (x, y)) in xy.into_iter().enumerate() {
        r.points[p].summary.false_suspicions_per_member_hour = x;
        r.points[p].summary.first_suspect.median_ms = Some(y);
    }
    assert_eq!(
        r.pareto_by_series(Tradeoff::FirstSuspicion),
        [vec![4, 0, 2], vec![3, 5]]
    );
    let series = r.series();
    assert_eq!(series[1].0.as_deref(), Some("loss=20 %"));
    assert_eq!(r.label(3), "k=1, loss=20 %");
}

#[test]
fn the_json_export_is_the_engines_document_of_the_same_runs_replayed_by_their_links() {
    let plan = plan("proto=swim&nodes=8&topo=full", "0,1", None, 2);
    let r = run_all(&plan, 4);
    // Each run again from its own link, outside the page's job path.
    let replayed: Vec<(usize, RunStats)> = r
        .runs()
        .map(|(i, _, _)| {
            let s = Scenario::from_query(&r.run_query(i)).unwrap();
            let until = r.until_ms * 1000;
            let stats = gossip_sim::run_then(&s, until, |s, m| RunStats::of(s, m, until));
            (i, stats.unwrap())
        })
        .collect();
    let runs: Vec<(usize, &RunStats)> = replayed.iter().map(|(i, s)| (*i, s)).collect();
    let doc = gossip_sim::sweep::json::document(&r.sweep, r.until_ms, &runs);
    assert_eq!(r.json(), doc);
    let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(v["points"][1]["point"], serde_json::json!({"k": 1}));
    assert_eq!(v["points"][1]["seeds"], serde_json::json!([1, 2]));
    assert!(
        v["points"][0]["predicted_first_suspect_ms"]
            .as_f64()
            .unwrap()
            > 0.0
    );
}
