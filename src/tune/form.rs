//! The tune panel's form: the base scenario (as a query, editable), the keys to vary with
//! their values, the goals (a metric, a comparison, a limit), the metric to minimise, the most
//! seeds a point, the run length and the workers. [`Form::question`] builds the engine's
//! [`Question`] with the engine's own parsers (`Vary::parse`, `Goal::parse`, `Question::new`),
//! and a refusal names the field it comes from.

use crate::sweep::form::{MAX_RUNS, MAX_WORKERS, RANDOM_CRASH, has_crash};
use gossip_sim::sweep::{Vary, parse_until};
use gossip_sim::tune::{Goal, Metric, Question};
use gossip_sim::{Proto, Scenario};

/// The recurring crash added to a base without one (latency goals need crashes).
pub const RECURRING_CRASH: &str = "10s.every.20s~40s.crash.?.10s";
/// The comparisons a goal row offers.
pub const OPS: [&str; 4] = ["<=", "<", ">=", ">"];
/// Most varied keys and goals a form holds.
pub const MAX_ROWS: usize = 4;

/// One goal as typed: `metric op value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalRow {
    /// A metric's name (see `gossip_sim::tune::METRICS`).
    pub metric: String,
    /// One of [`OPS`].
    pub op: String,
    /// The limit: `15s` for a latency, a number otherwise.
    pub value: String,
}

/// The form's fields, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// The base scenario, a query (the cluster, its network, its workload).
    pub base: String,
    /// The varied keys and their values (`3..6`, `off,on`).
    pub vary: Vec<(String, String)>,
    /// The goals.
    pub goals: Vec<GoalRow>,
    /// The metric to minimise, or empty.
    pub minimize: String,
    /// Most seeds a point.
    pub seeds: String,
    /// Virtual time each run lasts.
    pub until: String,
    /// Workers to run at once.
    pub workers: String,
}

/// A field of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The base query.
    Base,
    /// The key of varied row `i`.
    VaryKey(usize),
    /// The values of varied row `i`.
    VaryValues(usize),
    /// The metric of goal `i`.
    GoalMetric(usize),
    /// The comparison of goal `i`.
    GoalOp(usize),
    /// The limit of goal `i`.
    GoalValue(usize),
    /// The minimised metric.
    Minimize,
    /// Most seeds a point.
    Seeds,
    /// Run length.
    Until,
    /// Workers.
    Workers,
}

/// A field the question refused, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    /// The field.
    pub field: Field,
    /// What was wrong and what is accepted.
    pub message: String,
}

fn bad(field: Field, message: impl Into<String>) -> FormError {
    FormError {
        field,
        message: message.into(),
    }
}

/// A checked question and the workers to answer it with.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The question.
    pub question: Question,
    /// Workers to run at once.
    pub workers: u32,
}

impl Form {
    /// The form a scenario suggests: it is the base (its events as written when the link
    /// randomised them, plus [`RECURRING_CRASH`] when none crashes anyone), the key most worth
    /// tuning for its protocol, detection within 20 s and at most one false death a
    /// member-day, least bytes, 4 seeds, 300 s.
    pub fn suggest(scenario: &Scenario, written: Option<&Scenario>, workers: u32) -> Form {
        // The sweep's suggestion keeps a randomised link's events as written; its one random
        // crash becomes a recurring one (a 95th percentile needs dozens of crashes).
        let mut events = crate::sweep::form::Form::suggest(scenario, written, workers).events;
        if !has_crash(&scenario.value_of("ev").unwrap_or_default())
            && let Some(own) = events.strip_suffix(RANDOM_CRASH)
        {
            events = format!("{own}{RECURRING_CRASH}");
        }
        let mut base = scenario.clone();
        let _ = base.set("ev", &events);
        let (key, values) = match scenario.proto {
            Proto::Swim => ("n", "2..5"),
            Proto::Gossip => ("t", "2000..10000:2000"),
        };
        Form {
            base: base.to_query(),
            vary: vec![(key.into(), values.into())],
            goals: vec![
                goal("all_dead_p95", "<=", "20s"),
                goal("false_deaths_per_member_day", "<=", "1"),
            ],
            minimize: "bytes_per_member_s".into(),
            seeds: "4".into(),
            until: "300s".into(),
            workers: workers.clamp(1, MAX_WORKERS).to_string(),
        }
    }

    /// Builds the question, or names the first field that is wrong.
    pub fn plan(&self) -> Result<Plan, FormError> {
        let vary = self.varied()?;
        let goals = self
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| {
                Goal::parse(&format!("{}{}{}", g.metric.trim(), g.op, g.value.trim()))
                    .map_err(|e| bad(goal_field(&e, i), e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let minimize = match self.minimize.trim() {
            "" => None,
            m => Some(Metric::named(m).map_err(|e| bad(Field::Minimize, e))?),
        };
        let seeds: u64 = self
            .seeds
            .trim()
            .parse()
            .map_err(|_| bad(Field::Seeds, format!("a whole number from 2 to {MAX_RUNS}")))?;
        let until = parse_until(self.until.trim()).map_err(|e| bad(Field::Until, e))?;
        if until < 1000 {
            return Err(bad(Field::Until, "runs need some time: like 300s"));
        }
        let workers = self
            .workers
            .trim()
            .parse()
            .ok()
            .filter(|w| (1..=MAX_WORKERS).contains(w))
            .ok_or_else(|| {
                bad(
                    Field::Workers,
                    format!("a whole number from 1 to {MAX_WORKERS}"),
                )
            })?;
        let question = Question::new(self.base.trim(), vary, goals, minimize, seeds, until)
            .map_err(|e| bad(self.field_of(&e.arg, &e.message), e.message))?;
        let runs = question.sweep.len();
        if runs > MAX_RUNS {
            return Err(bad(
                Field::Seeds,
                format!(
                    "up to {runs} runs: at most {MAX_RUNS} in the page (gossip-sim tune takes more)"
                ),
            ));
        }
        Ok(Plan { question, workers })
    }

    /// The varied keys, each checked by the engine's parser.
    fn varied(&self) -> Result<Vec<Vary>, FormError> {
        self.vary
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| !k.trim().is_empty())
            .map(|(i, (k, v))| {
                let spec = format!("{}={}", k.trim(), v.trim().replace(' ', ""));
                Vary::parse(&spec).map_err(|e| {
                    let field = if e.message.contains("not a scenario key") {
                        Field::VaryKey(i)
                    } else {
                        Field::VaryValues(i)
                    };
                    bad(field, e.message)
                })
            })
            .collect()
    }

    /// The field an error of `Question::new` (named by its command-line argument) is about.
    fn field_of(&self, arg: &str, message: &str) -> Field {
        match arg {
            "--seeds" => Field::Seeds,
            "--goal" => Field::GoalMetric(0),
            "--vary" => {
                let row = self.vary.iter().position(|(k, _)| {
                    let k = k.trim();
                    !k.is_empty() && message.contains(&format!("{k}="))
                        || message.contains(&format!("'{k}'"))
                });
                Field::VaryValues(row.unwrap_or(0))
            }
            key => match self.vary.iter().position(|(k, _)| k.trim() == key) {
                Some(row) => Field::VaryValues(row),
                None => Field::Base,
            },
        }
    }

    /// The error of `field`, if the last check named it.
    pub fn error_of(error: Option<&FormError>, field: Field) -> Option<String> {
        error
            .filter(|e| e.field == field)
            .map(|e| e.message.clone())
    }
}

fn goal(metric: &str, op: &str, value: &str) -> GoalRow {
    GoalRow {
        metric: metric.into(),
        op: op.into(),
        value: value.into(),
    }
}

/// A goal's error is about its metric when the metric is unknown, else its limit.
fn goal_field(message: &str, i: usize) -> Field {
    if message.contains("is not a metric") {
        Field::GoalMetric(i)
    } else if message.contains("is not METRIC") {
        Field::GoalOp(i)
    } else {
        Field::GoalValue(i)
    }
}

impl GoalRow {
    /// A new goal row: the first metric, `<=`, no limit yet.
    pub fn blank() -> GoalRow {
        goal("all_dead_p95", "<=", "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Form {
        Form {
            base: "proto=swim&nodes=16&ev=10s.every.20s~40s.crash.?.10s".into(),
            vary: vec![
                ("n".into(), "2..3".into()),
                ("lifeguard".into(), "off,on".into()),
            ],
            goals: vec![goal("all_dead_p95", "<=", "20s")],
            minimize: "bytes_per_member_s".into(),
            seeds: "4".into(),
            until: "60s".into(),
            workers: "2".into(),
        }
    }

    #[test]
    fn a_good_form_makes_the_question_the_command_line_would() {
        let plan = small().plan().expect("valid");
        let q = plan.question;
        assert_eq!(q.sweep.point_count(), 4);
        assert_eq!(q.max_seeds(), 4);
        assert_eq!(q.until, 60_000_000);
        assert_eq!(q.goals[0].to_string(), "all_dead_p95<=20s");
        assert_eq!(q.minimize.map(|m| m.name), Some("bytes_per_member_s"));
        assert_eq!(plan.workers, 2);
    }

    #[test]
    fn each_bad_field_is_named_with_the_engines_message() {
        type Case = (fn(&mut Form), Field, &'static str);
        let cases: Vec<Case> = vec![
            (
                |f| f.vary[1].0 = "lifeguards".into(),
                Field::VaryKey(1),
                "not a scenario key",
            ),
            (
                |f| f.vary[0].1 = "9".into(),
                Field::VaryValues(0),
                "one value",
            ),
            (|f| f.vary[0].1 = "2..x".into(), Field::VaryValues(0), ""),
            (
                |f| f.goals[0].metric = "latency".into(),
                Field::GoalMetric(0),
                "not a metric",
            ),
            (
                |f| f.goals[0].value = "soon".into(),
                Field::GoalValue(0),
                "is not a time",
            ),
            (
                |f| f.minimize = "cost".into(),
                Field::Minimize,
                "not a metric",
            ),
            (|f| f.seeds = "1".into(), Field::Seeds, "at least 2"),
            (|f| f.seeds = "x".into(), Field::Seeds, "whole number"),
            (|f| f.until = "0s".into(), Field::Until, ""),
            (|f| f.workers = "0".into(), Field::Workers, "1 to"),
            (
                |f| f.base = "proto=swim&nodes=zero".into(),
                Field::Base,
                "nodes",
            ),
            (
                |f| f.goals.clear(),
                Field::GoalMetric(0),
                "at least one goal",
            ),
            (|f| f.seeds = "5000".into(), Field::Seeds, "at most 5000"),
        ];
        for (edit, field, words) in cases {
            let mut f = small();
            edit(&mut f);
            let e = f.plan().expect_err("refused");
            assert_eq!(e.field, field, "{e:?}");
            assert!(e.message.contains(words), "{e:?} should say {words}");
        }
    }

    #[test]
    fn a_base_without_crashes_gets_a_recurring_one_and_the_form_is_valid() {
        let s = Scenario::from_query("proto=swim&nodes=32").expect("valid");
        let f = Form::suggest(&s, None, 2);
        assert!(f.base.contains("crash"), "{}", f.base);
        assert!(f.plan().is_ok(), "{:?}", f.plan().err());
        let g = Scenario::from_query("proto=gossip&nodes=8&ev=10s.crash.3").expect("valid");
        let f = Form::suggest(&g, None, 4);
        assert!(f.base.contains("10s.crash.3"), "{}", f.base);
        assert_eq!(f.vary[0].0, "t");
        assert!(f.plan().is_ok(), "{:?}", f.plan().err());
    }
}
