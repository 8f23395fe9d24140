//! The sweep panel's form: what a person types (a key and its values, optionally a second,
//! seeds a point, the workload's events, the horizon, the workers) and the plan it makes,
//! built and checked by the engine's [`Sweep`] before any run starts.

use super::job::Job;
use gossip_sim::sweep::{Sweep, Vary, parse_until};
use gossip_sim::{Proto, Scenario};

/// Most runs one sweep may ask for in the page.
pub const MAX_RUNS: usize = 5000;
/// Most workers (the field's range; the default is the browser's core count).
pub const MAX_WORKERS: u32 = 16;
/// The crash added to a workload that has none, so that detection can be measured.
pub const RANDOM_CRASH: &str = "10s~20s.crash.?";

/// The form's fields, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// The varied key.
    pub key: String,
    /// Its values: `0,1,3`, `1..5` or `100..1000:100`, or a mix.
    pub values: String,
    /// A second varied key, or empty.
    pub key2: String,
    /// Its values.
    pub values2: String,
    /// Seeds per point.
    pub seeds: String,
    /// Virtual time each run lasts, `60s` or `1500ms`.
    pub until: String,
    /// The workload: the events every run plays (`ev`).
    pub events: String,
    /// Workers to run at once.
    pub workers: String,
}

/// A field the plan refused, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    /// The field (`values`, `seeds`, ...; `scenario` for the base scenario).
    pub field: &'static str,
    /// What was wrong and what is accepted.
    pub message: String,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn bad(field: &'static str, message: impl Into<String>) -> FormError {
    FormError {
        field,
        message: message.into(),
    }
}

/// A checked sweep, ready to hand out as jobs.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The grid, its seeds and every run's scenario.
    pub sweep: Sweep,
    /// Virtual time each run lasts, ms.
    pub until_ms: u64,
    /// Workers to run at once.
    pub workers: u32,
}

impl Plan {
    /// The job for run `index` of sweep number `sweep`.
    pub fn job(&self, sweep: u32, index: usize) -> Job {
        Job {
            sweep,
            index: index as u32,
            query: self.sweep.run(index).scenario.to_query_with_seed(),
            until_ms: self.until_ms,
        }
    }
}

/// Whether the events (`ev`, as written) crash anyone.
pub fn has_crash(events: &str) -> bool {
    events.split(',').any(|e| e.contains(".crash."))
}

impl Form {
    /// The form a scenario suggests: the key most worth sweeping for its protocol, seeds 10,
    /// its events (plus [`RANDOM_CRASH`] when none crashes anyone), a horizon 40 s past its
    /// last event (at least 60 s), and `workers` workers.
    ///
    /// The page runs a randomised link in its drawn form (one crash of node 7 at 13.4 s rather
    /// than `10s~20s.crash.?`); `written`, the scenario as its link wrote it, gives the
    /// randomised events back when they are what the page runs (drawn for its seed), so that
    /// each seed of the sweep draws its own.
    pub fn suggest(scenario: &Scenario, written: Option<&Scenario>, workers: u32) -> Form {
        let (key, values) = match scenario.proto {
            Proto::Swim => ("k", "0,1,2,3"),
            Proto::Gossip => ("t", "2000..10000:2000"),
        };
        let as_written = written.filter(|w| {
            w.events != scenario.events && w.resolved().is_ok_and(|r| r.events == scenario.events)
        });
        let mut events = as_written
            .unwrap_or(scenario)
            .value_of("ev")
            .unwrap_or_default();
        if !has_crash(&events) {
            if !events.is_empty() {
                events.push(',');
            }
            events.push_str(RANDOM_CRASH);
        }
        let last_s = scenario.events.last().map_or(0, |e| e.at_ms / 1000);
        let until_s = (last_s + 40).max(if has_crash(&events) { 60 } else { 0 });
        Form {
            key: key.into(),
            values: values.into(),
            key2: String::new(),
            values2: String::new(),
            seeds: "10".into(),
            until: format!("{until_s}s"),
            events,
            workers: workers.clamp(1, MAX_WORKERS).to_string(),
        }
    }

    /// The page's scenario changed while the form stayed (a live edit or a click recorded as
    /// an event): the workload and the run length follow, from the suggestion `before` to the
    /// suggestion `after`, unless the person has changed them since.
    pub fn follow(&mut self, before: &Form, after: &Form) {
        if self.events == before.events {
            self.events.clone_from(&after.events);
        }
        if self.until == before.until {
            self.until.clone_from(&after.until);
        }
    }

    /// What Run would start, in a few words (`40 runs: 4 points × 10 seeds, 64 members, 60s
    /// each`), from the fields alone (cheap: nothing is checked beyond the counts); `None` while
    /// a count cannot be read.
    pub fn describe(&self, scenario: &Scenario) -> Option<String> {
        let count = |key: &str, values: &str| {
            let spec = format!("{}={}", key.trim(), values.trim().replace(' ', ""));
            Vary::parse(&spec).ok().map(|v| v.values.len())
        };
        let mut points = count(&self.key, &self.values)?;
        if !self.key2.trim().is_empty() {
            points *= count(&self.key2, &self.values2)?;
        }
        let seeds: usize = self.seeds.trim().parse().ok()?;
        let nodes = if self.key == "nodes" || self.key2 == "nodes" {
            "members as varied".to_string()
        } else {
            format!("{} members", scenario.nodes)
        };
        Some(format!(
            "{} runs: {points} points × {seeds} seeds, {nodes}, {} each",
            points * seeds,
            self.until.trim()
        ))
    }

    /// The plan for `scenario` (its keys and seed; the form's events replace its own), or the
    /// first field that is wrong.
    pub fn plan(&self, scenario: &Scenario) -> Result<Plan, FormError> {
        let mut base = scenario.clone();
        base.set("ev", self.events.trim())
            .map_err(|e| bad("events", e.to_string()))?;
        let mut varied = vec![vary(&base, "values", &self.key, &self.values)?];
        if !self.key2.trim().is_empty() {
            varied.push(vary(&base, "values2", &self.key2, &self.values2)?);
        }
        let seeds: u64 = self
            .seeds
            .trim()
            .parse()
            .ok()
            .filter(|s| (1..=MAX_RUNS as u64).contains(s))
            .ok_or_else(|| bad("seeds", format!("a whole number from 1 to {MAX_RUNS}")))?;
        let runs: usize = varied.iter().map(|v| v.values.len()).product::<usize>() * seeds as usize;
        if runs > MAX_RUNS {
            return Err(bad(
                "seeds",
                format!(
                    "{runs} runs: at most {MAX_RUNS} in the page (gossip-sim sweep takes more)"
                ),
            ));
        }
        let until_ms = parse_until(self.until.trim()).map_err(|e| bad("until", e))? / 1000;
        if until_ms == 0 {
            return Err(bad("until", "runs need some time: like 60s"));
        }
        let workers: u32 = self
            .workers
            .trim()
            .parse()
            .ok()
            .filter(|w| (1..=MAX_WORKERS).contains(w))
            .ok_or_else(|| bad("workers", format!("a whole number from 1 to {MAX_WORKERS}")))?;
        let sweep = Sweep::new(&base.to_query_with_seed(), varied, seeds).map_err(|e| {
            let field = match e.arg.as_str() {
                "--seeds" => "seeds",
                "--vary" => "values",
                _ => "scenario",
            };
            bad(field, e.message)
        })?;
        Ok(Plan {
            sweep,
            until_ms,
            workers,
        })
    }
}

/// One varied key, each value checked alone on `base` so that a bad one is blamed on its own
/// field (values that only fail together are blamed on the first key's field).
fn vary(base: &Scenario, field: &'static str, key: &str, values: &str) -> Result<Vary, FormError> {
    let spec = format!("{}={}", key.trim(), values.trim().replace(' ', ""));
    let vary = Vary::parse(&spec).map_err(|e| bad(field, e.message))?;
    for value in &vary.values {
        base.clone()
            .set(&vary.key, value)
            .map_err(|e| bad(field, e.to_string()))?;
    }
    Ok(vary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(q: &str) -> Scenario {
        Scenario::from_query(q).unwrap()
    }

    #[test]
    fn a_workload_without_a_crash_gets_a_random_one_and_time_to_see_it() {
        let f = Form::suggest(&scenario("proto=swim&nodes=64&topo=full"), None, 4);
        assert_eq!(f.events, RANDOM_CRASH);
        assert_eq!((f.key.as_str(), f.until.as_str()), ("k", "60s"));
        let f = Form::suggest(&scenario("nodes=8&ev=5s.partition.0-3,90s.heal"), None, 2);
        assert_eq!(
            f.events,
            format!("5s.partition.0-3,90s.heal,{RANDOM_CRASH}")
        );
        assert_eq!(f.until, "130s");
        let f = Form::suggest(&scenario("nodes=8&ev=5s.crash.3"), None, 99);
        assert_eq!(
            (f.events.as_str(), f.workers.as_str()),
            ("5s.crash.3", "16")
        );
    }

    #[test]
    fn a_randomised_link_is_swept_as_written_while_the_page_runs_its_draw() {
        let written = scenario("proto=swim&nodes=16&ev=10s~20s.crash.?");
        let drawn = written.resolved().unwrap();
        assert_ne!(drawn.value_of("ev"), written.value_of("ev"));
        let f = Form::suggest(&drawn, Some(&written), 2);
        assert_eq!(f.events, "10s~20s.crash.?");
        // Once the page's script has changed (a click recorded), its own events are swept.
        let mut clicked = drawn.clone();
        clicked
            .set(
                "ev",
                &format!("{},30s.crash.1", drawn.value_of("ev").unwrap()),
            )
            .unwrap();
        let f = Form::suggest(&clicked, Some(&written), 2);
        assert_eq!(f.events, clicked.value_of("ev").unwrap());
    }

    #[test]
    fn a_live_change_of_the_page_follows_into_a_workload_nobody_changed() {
        let before = Form::suggest(&scenario("proto=swim&nodes=16&topo=full"), None, 2);
        let live = scenario("proto=swim&nodes=16&topo=full&ev=2617ms.set.loss.15");
        let after = Form::suggest(&live, None, 2);
        let mut f = before.clone();
        f.seeds = "3".into();
        f.follow(&before, &after);
        assert_eq!(f.events, "2617ms.set.loss.15,10s~20s.crash.?");
        assert_eq!(f.seeds, "3", "the person's other fields stay");
        // A workload the person wrote stays theirs.
        let mut mine = before.clone();
        mine.events = "5s.crash.2".into();
        mine.follow(&before, &after);
        assert_eq!(mine.events, "5s.crash.2");
    }

    #[test]
    fn the_form_says_what_run_would_start() {
        let s = scenario("proto=swim&nodes=64&topo=full");
        let mut f = Form::suggest(&s, None, 2);
        assert_eq!(
            f.describe(&s).unwrap(),
            "40 runs: 4 points × 10 seeds, 64 members, 60s each"
        );
        f.key2 = "loss".into();
        f.values2 = "0..10:5".into();
        assert_eq!(
            f.describe(&s).unwrap(),
            "120 runs: 12 points × 10 seeds, 64 members, 60s each"
        );
        f.seeds = "x".into();
        assert_eq!(f.describe(&s), None);
    }

    #[test]
    fn a_plan_runs_every_point_and_seed_of_the_base_scenario_with_the_forms_events() {
        let s = scenario("proto=swim&nodes=16&topo=full&seed=7&ev=5s.crash.1");
        let mut f = Form::suggest(&s, None, 2);
        f.values = "0..2".into();
        f.seeds = "3".into();
        f.events = "4s~6s.crash.?".into();
        let plan = f.plan(&s).unwrap();
        assert_eq!((plan.sweep.point_count(), plan.sweep.len()), (3, 9));
        let job = plan.job(5, 4);
        assert_eq!((job.sweep, job.index, job.until_ms), (5, 4, 60_000));
        assert_eq!(
            job.query,
            "proto=swim&nodes=16&topo=full&k=1&seed=8&ev=4s~6s.crash.?"
        );
    }

    #[test]
    fn each_bad_field_is_named_with_what_it_accepts() {
        let s = scenario("proto=swim&nodes=16");
        let base = Form::suggest(&s, None, 2);
        let case = |edit: fn(&mut Form), field: &'static str| {
            let mut form = base.clone();
            edit(&mut form);
            (form, field)
        };
        let cases: Vec<(Form, &str)> = vec![
            case(|f| f.key = "colour".into(), "values"),
            case(|f| f.values = "3..1".into(), "values"),
            case(|f| f.values = "0,,1".into(), "values"),
            case(
                |f| {
                    f.key2 = "loss".into();
                    f.values2 = "x".into()
                },
                "values2",
            ),
            case(
                |f| {
                    f.key2 = "k".into();
                    f.values2 = "1".into()
                },
                "values",
            ),
            case(|f| f.seeds = "0".into(), "seeds"),
            case(|f| f.seeds = "5000".into(), "seeds"),
            case(|f| f.until = "60".into(), "until"),
            case(|f| f.until = "0s".into(), "until"),
            case(|f| f.events = "5s.crash.99".into(), "scenario"),
            case(|f| f.events = "nonsense".into(), "events"),
            case(|f| f.workers = "0".into(), "workers"),
        ];
        for (form, field) in cases {
            let e = form.plan(&s).unwrap_err();
            assert_eq!(e.field, field, "{form:?}: {e}");
            assert!(e.message.len() > 10, "{e}");
        }
    }
}
