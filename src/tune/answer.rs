//! The answer as the panel shows it, read from the answer document (`report::document`, the
//! bytes "Export JSON" gives and `gossip-sim tune` prints), so the card, the plots and the
//! export cannot disagree: the page draws what the document says, nothing computed beside it.

use serde_json::Value;

/// A metric's estimate at a point, with its one-sided 95 % bounds.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Est {
    /// The estimate (None: no data).
    pub value: Option<f64>,
    /// At least this (95 %).
    pub lower: f64,
    /// At most this (95 %); None: nothing bounds it above yet.
    pub upper: Option<f64>,
    /// `meets`, `fails` or `unsure` (a goal's), or empty (the minimised metric's).
    pub verdict: String,
    /// What it rests on, in words.
    pub basis: String,
}

/// One point of the grid.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PointAnswer {
    /// Its index in the grid.
    pub index: usize,
    /// Its varied values: `n=3, lifeguard=on`.
    pub label: String,
    /// `meets`, `fails`, `unsure` or `error`.
    pub verdict: String,
    /// Seeds run.
    pub seeds: u64,
    /// Each goal's estimate, in the question's order.
    pub goals: Vec<Est>,
    /// The minimised metric's estimate.
    pub minimize: Option<Est>,
}

/// See the module documentation.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    /// The answer in one sentence.
    pub text: String,
    /// The goals as written (`all_dead_p95<=20s`).
    pub goals: Vec<String>,
    /// The minimised metric's name.
    pub minimize: Option<String>,
    /// The recommended point's grid index.
    pub recommended: Option<usize>,
    /// Its scenario (the canonical query, without a seed).
    pub recommended_query: Option<String>,
    /// The binding goal there.
    pub binding: Option<String>,
    /// Grid indices of the front.
    pub front: Vec<usize>,
    /// Runs behind the answer.
    pub runs: u64,
    /// Every point, in grid order.
    pub points: Vec<PointAnswer>,
}

fn est(v: &Value) -> Est {
    Est {
        value: v["value"].as_f64(),
        lower: v["lower95"].as_f64().unwrap_or(0.0),
        upper: v["upper95"].as_f64(),
        verdict: v["verdict"].as_str().unwrap_or_default().to_string(),
        basis: v["basis"].as_str().unwrap_or_default().to_string(),
    }
}

fn label(point: &Value) -> String {
    point
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| match v {
                    Value::String(s) => format!("{k}={s}"),
                    other => format!("{k}={other}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(String::from))
        .collect()
}

/// True when the goal written `goal` bounds a latency (its values are ms).
pub fn is_latency(goal: &str) -> bool {
    gossip_sim::tune::Goal::parse(goal).is_ok_and(|g| g.metric.is_latency())
}

impl Answer {
    /// Reads a document; None if it is not one.
    pub fn of(document: &str) -> Option<Answer> {
        let d: Value = serde_json::from_str(document).ok()?;
        let points = d["points"]
            .as_array()?
            .iter()
            .map(|p| PointAnswer {
                index: p["index"].as_u64().unwrap_or(0) as usize,
                label: label(&p["point"]),
                verdict: p["verdict"].as_str().unwrap_or_default().to_string(),
                seeds: p["seeds"].as_u64().unwrap_or(0),
                goals: p["goals"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(est)
                    .collect(),
                minimize: (!p["minimize"].is_null()).then(|| est(&p["minimize"])),
            })
            .collect();
        Some(Answer {
            text: d["answer"].as_str()?.to_string(),
            goals: strings(&d["question"]["goals"]),
            minimize: d["question"]["minimize"].as_str().map(String::from),
            recommended: d["recommended"]["index"].as_u64().map(|i| i as usize),
            recommended_query: d["recommended"]["query"].as_str().map(String::from),
            binding: d["binding"].as_str().map(String::from),
            front: d["front"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i.as_u64().map(|i| i as usize))
                .collect(),
            runs: d["runs"].as_u64().unwrap_or(0),
            points,
        })
    }

    /// The recommended point.
    pub fn recommended_point(&self) -> Option<&PointAnswer> {
        let i = self.recommended?;
        self.points.iter().find(|p| p.index == i)
    }

    /// The index (in [`Answer::goals`]) of the binding goal, or else the first.
    pub fn binding_goal(&self) -> usize {
        self.binding
            .as_ref()
            .and_then(|b| self.goals.iter().position(|g| g == b))
            .unwrap_or(0)
    }
}
