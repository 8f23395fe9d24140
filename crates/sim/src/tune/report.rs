//! A tune question's answer as JSON, one writer for the command line and the page: the
//! document (the question, a sentence, the recommended point, the binding goal, the front,
//! and every point with its goals' estimates and the runs behind them, each replayable by its
//! query), and the shard files that `--merge` joins into the same document.
//!
//! The document is a function of the question and the points' runs only, so a merged set of
//! shards and one process give the same bytes.

use super::goal::{Estimate, Op, Verdict, sig};
use super::{Goal, Metric, PointResult, Question};
use crate::sweep::{RunStats, Shard, SweepError, Vary, parse_until};
use serde_json::{Map, Value, json};

/// Figures to 4 decimals; an upper bound rounds up (it must not print below itself).
fn round(x: f64) -> Value {
    if x.is_finite() {
        json!((x * 10_000.0).round() / 10_000.0)
    } else {
        Value::Null
    }
}

fn round_up(x: f64) -> Value {
    if x.is_finite() {
        json!((x * 10_000.0).ceil() / 10_000.0)
    } else {
        Value::Null
    }
}

/// The question's arguments as given, enough to build it again (`--merge`).
pub fn question_json(q: &Question) -> Value {
    json!({
        "query": q.query,
        "vary": q.sweep.vary.iter().map(|v| format!("{}={}", v.key, v.values.join(","))).collect::<Vec<_>>(),
        "goals": q.goals.iter().map(Goal::to_string).collect::<Vec<_>>(),
        "minimize": q.minimize.map(|m| m.name),
        "seeds": {"first": q.sweep.first_seed, "min": super::MIN_SEEDS.min(q.max_seeds()), "max": q.max_seeds()},
        "until_ms": q.until / 1000,
        "confidence": super::goal::CONFIDENCE,
    })
}

/// Builds the question a [`question_json`] describes.
pub fn question_of(v: &Value) -> Result<Question, SweepError> {
    let bad = |what: &str| SweepError {
        arg: "--merge".into(),
        message: format!("a shard file's question has no valid {what}"),
    };
    let query = v["query"].as_str().ok_or_else(|| bad("query"))?;
    let strings = |key: &str| -> Result<Vec<String>, SweepError> {
        v[key]
            .as_array()
            .ok_or_else(|| bad(key))?
            .iter()
            .map(|s| s.as_str().map(String::from).ok_or_else(|| bad(key)))
            .collect()
    };
    let vary = strings("vary")?
        .iter()
        .map(|s| Vary::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let goals = strings("goals")?
        .iter()
        .map(|s| Goal::parse(s).map_err(|_| bad("goals")))
        .collect::<Result<Vec<_>, _>>()?;
    let minimize = match v["minimize"].as_str() {
        Some(m) => Some(Metric::named(m).map_err(|_| bad("minimize"))?),
        None => None,
    };
    let seeds = v["seeds"]["max"].as_u64().ok_or_else(|| bad("seeds"))?;
    let until_ms = v["until_ms"].as_u64().ok_or_else(|| bad("until_ms"))?;
    let until = parse_until(&format!("{until_ms}ms")).map_err(|_| bad("until_ms"))?;
    Question::new(query, vary, goals, minimize, seeds, until)
}

/// One shard's file: its slice of the points with their runs.
pub fn shard_json(q: &Question, shard: Shard, points: &[PointResult]) -> String {
    let doc = json!({
        "shard": format!("{}/{}", shard.index, shard.count),
        "question": question_json(q),
        "points": points.iter().map(|p| json!({
            "index": p.point,
            "error": p.error,
            "runs": p.runs,
        })).collect::<Vec<_>>(),
    });
    format!("{doc}\n")
}

/// Joins shard files (their text) into the question and every point's results; the error
/// says which file is amiss.
pub fn merge(files: &[(String, String)]) -> Result<(Question, Vec<PointResult>), SweepError> {
    let bad = |name: &str, why: String| SweepError {
        arg: "--merge".into(),
        message: format!("{name}: {why}"),
    };
    let mut question: Option<(Value, Question)> = None;
    let mut shards_seen: Vec<usize> = Vec::new();
    let mut count = 0;
    let mut points: Vec<Option<PointResult>> = Vec::new();
    for (name, text) in files {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| bad(name, format!("not a tune shard file ({e})")))?;
        let shard = Shard::parse(v["shard"].as_str().unwrap_or(""))
            .map_err(|_| bad(name, "not a tune shard file (no \"shard\": \"I/N\")".into()))?;
        match &question {
            None => {
                let q = question_of(&v["question"])?;
                points = vec![None; q.sweep.point_count()];
                count = shard.count;
                question = Some((v["question"].clone(), q));
            }
            Some((first, _)) if *first != v["question"] => {
                return Err(bad(
                    name,
                    "its question differs from the first file's".into(),
                ));
            }
            Some(_) if shard.count != count => {
                return Err(bad(
                    name,
                    format!("it is one of {} shards, not {count}", shard.count),
                ));
            }
            Some(_) => {}
        }
        if shards_seen.contains(&shard.index) {
            return Err(bad(
                name,
                format!("shard {}/{count} is given twice", shard.index),
            ));
        }
        shards_seen.push(shard.index);
        for p in v["points"].as_array().into_iter().flatten() {
            let index = p["index"].as_u64().unwrap_or(u64::MAX) as usize;
            let runs: Vec<RunStats> = serde_json::from_value(p["runs"].clone())
                .map_err(|e| bad(name, format!("point {index}: {e}")))?;
            let slot = points
                .get_mut(index)
                .ok_or_else(|| bad(name, format!("point {index} is not in the grid")))?;
            *slot = Some(PointResult {
                point: index,
                runs,
                error: p["error"].as_str().map(String::from),
            });
        }
    }
    let Some((_, q)) = question else {
        return Err(SweepError {
            arg: "--merge".into(),
            message: "no file given".into(),
        });
    };
    let missing: Vec<String> = (1..=count)
        .filter(|i| !shards_seen.contains(i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(SweepError {
            arg: "--merge".into(),
            message: format!("missing shards: {}", missing.join(", ")),
        });
    }
    let points: Option<Vec<PointResult>> = points.into_iter().collect();
    let points = points.ok_or_else(|| SweepError {
        arg: "--merge".into(),
        message: "the shards do not cover every point".into(),
    })?;
    Ok((q, points))
}

fn estimate_json(e: &Estimate) -> Value {
    json!({
        "value": e.value.map_or(Value::Null, round),
        "lower95": round(e.lower),
        "upper95": e.upper.map_or(Value::Null, round_up),
        "basis": e.basis,
    })
}

/// A point's varied values, numbers as numbers.
fn values_json(values: &[(String, String)]) -> Value {
    let map: Map<String, Value> = values
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.parse::<u64>().map_or_else(|_| json!(v), |n| json!(n)),
            )
        })
        .collect();
    Value::Object(map)
}

fn values_text(values: &[(String, String)]) -> String {
    values
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the document says of one point.
struct Judged<'a> {
    result: &'a PointResult,
    goals: Vec<(Estimate, Verdict)>,
    verdict: Option<Verdict>,
    minimize: Option<Estimate>,
}

fn judge<'a>(q: &Question, p: &'a PointResult) -> Judged<'a> {
    let goals = p.goals(q);
    let verdict = p.error.is_none().then(|| p.verdict(q));
    Judged {
        result: p,
        goals,
        verdict,
        minimize: q
            .minimize
            .map(|m| m.estimate_within(&p.runs, minimize_horizon(q, m))),
    }
}

/// The horizon a minimised latency is judged within: a goal's limit on the same metric (so
/// that the two figures agree), else the largest latency goal's, else none (every crash
/// undetected at the end counts as later than all).
fn minimize_horizon(q: &Question, m: Metric) -> f64 {
    let same = q.goals.iter().filter(|g| g.metric == m).map(|g| g.limit);
    let any = q
        .goals
        .iter()
        .filter(|g| g.metric.is_latency())
        .map(|g| g.limit);
    same.reduce(f64::max)
        .or_else(|| any.reduce(f64::max))
        .unwrap_or(0.0)
}

fn point_json(q: &Question, j: &Judged) -> Value {
    let p = j.result;
    let base = q.scenario(p.point, q.sweep.first_seed);
    json!({
        "index": p.point,
        "point": values_json(&q.sweep.point(p.point)),
        "query": base.to_query(),
        "verdict": j.verdict.map_or(json!("error"), |v| json!(v)),
        "error": p.error,
        "seeds": p.runs.len(),
        "goals": q.goals.iter().zip(&j.goals).map(|(g, (e, v))| {
            let mut o = estimate_json(e);
            o["goal"] = json!(g.to_string());
            o["verdict"] = json!(v);
            o
        }).collect::<Vec<_>>(),
        "minimize": j.minimize.as_ref().map(estimate_json),
        "runs": p.runs.iter().enumerate().map(|(i, r)| {
            let seed = q.sweep.first_seed + i as u64;
            json!({"seed": seed, "query": q.scenario(p.point, seed).to_query_with_seed(), "stats": r})
        }).collect::<Vec<_>>(),
    })
}

/// The recommended point: among those meeting every goal, the least estimate of the
/// minimised metric, or without one the most slack on the tightest goal (ties: the first).
fn recommend(q: &Question, judged: &[Judged]) -> Option<usize> {
    let score = |j: &Judged| -> f64 {
        match &j.minimize {
            Some(e) => e.value.unwrap_or(f64::INFINITY),
            None => -min_slack(q, j),
        }
    };
    judged
        .iter()
        .enumerate()
        .filter(|(_, j)| j.verdict == Some(Verdict::Meets))
        .min_by(|a, b| score(a.1).total_cmp(&score(b.1)).then(a.0.cmp(&b.0)))
        .map(|(i, _)| i)
}

fn min_slack(q: &Question, j: &Judged) -> f64 {
    q.goals
        .iter()
        .zip(&j.goals)
        .map(|(g, (e, _))| g.slack(e))
        .fold(f64::INFINITY, f64::min)
}

/// The goal with the least slack at `j`.
fn binding(q: &Question, j: &Judged) -> Option<String> {
    q.goals
        .iter()
        .zip(&j.goals)
        .min_by(|a, b| a.0.slack(&a.1.0).total_cmp(&b.0.slack(&b.1.0)))
        .map(|(g, _)| g.to_string())
}

/// The points no other beats on every objective: the minimised metric and each goal's
/// metric, oriented so that lower is better (no value: worst).
fn front(q: &Question, judged: &[Judged]) -> Vec<usize> {
    let objectives = |j: &Judged| -> Vec<f64> {
        let mut v: Vec<f64> = q
            .goals
            .iter()
            .zip(&j.goals)
            .map(|(g, (e, _))| match (e.value, g.op.wants_low()) {
                (Some(x), true) => x,
                (Some(x), false) => -x,
                (None, _) => f64::INFINITY,
            })
            .collect();
        if let Some(e) = &j.minimize {
            v.push(e.value.unwrap_or(f64::INFINITY));
        }
        v
    };
    let objs: Vec<Option<Vec<f64>>> = judged
        .iter()
        .map(|j| j.verdict.map(|_| objectives(j)))
        .collect();
    let dominates = |a: &[f64], b: &[f64]| {
        a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y)
    };
    (0..judged.len())
        .filter(|&i| {
            let Some(a) = &objs[i] else { return false };
            !objs.iter().flatten().any(|b| dominates(b, a))
        })
        .map(|i| judged[i].result.point)
        .collect()
}

/// Why an unsure goal is unsure, and what would settle it.
fn unsure_why(g: &Goal, e: &Estimate) -> String {
    let mut s = match e.upper {
        Some(u) => format!("{g}: {} (at most {})", e.basis, sig(u)),
        None => format!("{g}: {}", e.basis),
    };
    if g.metric.name.contains("_per_member_") && g.op == Op::AtMost && g.limit > 0.0 {
        s += &rate_advice(g, e);
    }
    s
}

/// For an unsure rate goal `<= limit`: how much member time would show it at the rate seen.
fn rate_advice(g: &Goal, e: &Estimate) -> String {
    let conf = super::goal::CONFIDENCE;
    let (Some(rate), Some(seen)) = (e.value, e.basis.split(" in ").nth(1)) else {
        return String::new();
    };
    let mut words = seen.split(' ');
    let (Some(units), Some(unit)) = (
        words.next().and_then(|u| u.parse::<f64>().ok()),
        words.next(),
    ) else {
        return String::new();
    };
    let unit = unit.trim_end_matches(',');
    if rate >= g.limit {
        return "; the rate seen is not below the limit: more runs are unlikely to show it"
            .to_string();
    }
    // The least member time H at which `rate · H` events would bound the rate under the limit.
    let enough = |h: f64| crate::bounds::poisson_upper_of(rate * h, conf) / h <= g.limit;
    let mut hi = units.max(1e-9);
    while !enough(hi) {
        hi *= 2.0;
        if hi > 1e12 {
            return String::new();
        }
    }
    let mut lo = hi / 2.0;
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if enough(mid) { hi = mid } else { lo = mid }
    }
    let at = if rate == 0.0 {
        "with none at all".to_string()
    } else {
        format!("at the rate seen ({})", sig(rate))
    };
    format!(
        "; {at} it takes about {} {unit} to show it (these runs have {}): raise --until, --seeds or nodes",
        sig(hi),
        sig(units)
    )
}

fn answer(q: &Question, judged: &[Judged], rec: Option<usize>) -> String {
    if let Some(i) = rec {
        let j = &judged[i];
        let values = values_text(&q.sweep.point(j.result.point));
        let cheapest = match (&q.minimize, &j.minimize) {
            (Some(m), Some(e)) => format!(
                " with the least {} ({})",
                m.name,
                e.value.map_or("none".into(), sig)
            ),
            _ => " with the most slack".into(),
        };
        let goals: Vec<String> = q
            .goals
            .iter()
            .zip(&j.goals)
            .map(|(g, (e, _))| {
                let bound = if g.op.wants_low() {
                    format!("at most {}", e.upper.map_or("?".into(), sig))
                } else {
                    format!("at least {}", sig(e.lower))
                };
                format!(
                    "{g}: {} ({bound}; {})",
                    e.value.map_or("none".into(), sig),
                    e.basis
                )
            })
            .collect();
        let bind = binding(q, j).unwrap_or_default();
        return format!(
            "{values} meets every goal with 95 % confidence{cheapest}: {}. Binding: {bind}.",
            goals.join("; ")
        );
    }
    let errors = judged.iter().filter(|j| j.verdict.is_none()).count();
    let unsure: Vec<&Judged> = judged
        .iter()
        .filter(|j| j.verdict == Some(Verdict::Unsure))
        .collect();
    let mut text = String::from("No point is shown to meet every goal with 95 % confidence.");
    for (gi, g) in q.goals.iter().enumerate() {
        let fails = judged
            .iter()
            .filter(|j| j.goals.get(gi).is_some_and(|(_, v)| *v == Verdict::Fails))
            .count();
        if fails == judged.len() {
            text += &format!(" {g} fails at every point.");
        }
    }
    if let Some(j) = unsure.first() {
        let values = values_text(&q.sweep.point(j.result.point));
        let why: Vec<String> = q
            .goals
            .iter()
            .zip(&j.goals)
            .filter(|(_, (_, v))| *v == Verdict::Unsure)
            .map(|(g, (e, _))| unsure_why(g, e))
            .collect();
        let points = if unsure.len() == 1 {
            "point is"
        } else {
            "points are"
        };
        text += &format!(
            " {} {points} unsure after {} seeds; the first, {values}: {}.",
            unsure.len(),
            j.result.runs.len(),
            why.join("; ")
        );
    }
    if errors > 0 {
        let points = if errors == 1 { "point" } else { "points" };
        text += &format!(" {errors} {points} could not run (see their error).");
    }
    text
}

/// The answer document (one JSON object and a newline).
pub fn document(q: &Question, points: &[PointResult]) -> String {
    let judged: Vec<Judged> = points.iter().map(|p| judge(q, p)).collect();
    let rec = recommend(q, &judged);
    let doc = json!({
        "question": question_json(q),
        "answer": answer(q, &judged, rec),
        "recommended": rec.map(|i| json!({
            "index": judged[i].result.point,
            "point": values_json(&q.sweep.point(judged[i].result.point)),
            "query": q.scenario(judged[i].result.point, q.sweep.first_seed).to_query(),
        })),
        "binding": rec.and_then(|i| binding(q, &judged[i])),
        "front": front(q, &judged),
        "runs": points.iter().map(|p| p.runs.len()).sum::<usize>(),
        "points": judged.iter().map(|j| point_json(q, j)).collect::<Vec<_>>(),
    });
    format!("{doc}\n")
}
