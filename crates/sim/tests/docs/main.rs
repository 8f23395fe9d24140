//! The docs' commands, run: every `gossip-sim ...` and `cargo run -p gossip-sim --bin ...`
//! command in a shell code block of README.md and docs/*.md, and every such command quoted
//! inline in their prose, runs against the binaries this test builds and must exit 0 (so its
//! arguments parse and its scenario is valid). A command that would run for minutes is run
//! shortened, each listed in [`SHORTENED`] with the reason; a command that is not one of ours
//! (an installer, a script, GNU parallel) is listed in [`NOT_RUN`] with the reason; anything
//! else found in a shell block fails the test until it is run or listed. Blocks in other
//! languages are not read (the Kubernetes recipe's YAML in docs/cli.md runs the sweep of the
//! Slurm recipe, which is run).
//!
//! Figures the docs quote next to a command are checked where that is cheap and deterministic,
//! reading them from the doc: a JSON block that names its `scenario` and `until_ms` is compared
//! field by field with what `gossip-sim` prints for them, and times in seconds with three
//! decimals in the paragraph of an inline command must each be a time in its output.
#![cfg(not(target_arch = "wasm32"))]

mod markdown;
mod shell;

use markdown::{docs, logical_lines, split};
use serde_json::Value;
use shell::{Edit, Run, command, edit, execute, is_assignment, words};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A command run with changes: (file, a piece of the command, the changes, why).
type Shortened = (&'static str, &'static str, &'static [Edit], &'static str);

/// The commands run changed, with why. Every entry must match a command (no stale entries).
const SHORTENED: &[Shortened] = &[
    (
        "docs/cli.md",
        "--vary k=0,1,3 --seeds 20 --until 60s",
        &[Edit::Flag("--seeds", "2"), Edit::Flag("--until", "20s")],
        "60 runs of 64 members for 60 s",
    ),
    (
        "docs/cli.md",
        "$SLURM_ARRAY_TASK_ID",
        &[
            Edit::Var("SLURM_CPUS_PER_TASK", "2"),
            Edit::Var("SLURM_ARRAY_TASK_ID", "1"),
            Edit::Flag("--seeds", "8"),
        ],
        "Slurm sets the two variables in each task (here the first task's); a shard of 600 runs is 75, one of 24 is 3",
    ),
    (
        "docs/scuttlebutt.md",
        "--seeds 5 --until 90s",
        &[Edit::Flag("--seeds", "1"), Edit::Flag("--until", "2s")],
        "5 runs of 500 or 1,000 members for 90 s (gossip's whole tables: minutes in a debug build)",
    ),
    (
        "docs/phi.md",
        "--seeds 200 --until 300s",
        &[Edit::Flag("--seeds", "2"), Edit::Flag("--until", "30s")],
        "1,200 runs of 300 s",
    ),
    (
        "docs/results.md",
        "--seeds 200 --until 300s",
        &[Edit::Flag("--seeds", "2"), Edit::Flag("--until", "30s")],
        "400 to 1,200 runs of 300 s",
    ),
    (
        "docs/results.md",
        "nodes=1000&topo=full",
        &[Edit::Flag("--seeds", "1"), Edit::Flag("--until", "2s")],
        "10 runs of 1,000 members for 90 s (26 s in release; gossip's tables fill in the first seconds, and 12 s take 45 s in a debug build)",
    ),
    (
        "docs/results.md",
        "--seeds 2 --until 60s --jobs 1 --shard 1/8",
        &[Edit::Flag("--until", "2s")],
        "a shard of 2,000-member runs for 60 s (7 s a run in release)",
    ),
    (
        "docs/results.md",
        "--minimize bytes_per_member_s --seeds 4 --until 300s --jobs 2",
        &[Edit::Flag("--seeds", "2"), Edit::Flag("--until", "20s")],
        "32 to 64 runs of 256 members for 300 s (10 s in release on 2 cores)",
    ),
    (
        "docs/results.md",
        "--vary k=0,1,2,3 --seeds 8 --until 120s",
        &[Edit::Flag("--seeds", "1"), Edit::Flag("--until", "5s")],
        "32 runs of 256 members for 120 s, timed",
    ),
    (
        "docs/results.md",
        "nodes=N'",
        &[Edit::Text("nodes=N", "nodes=50")],
        "N stands for each member count of the table; 50 is one of them",
    ),
    (
        "docs/results.md",
        "--bin gossip-bench -- --analysis --seeds 2000",
        &[Edit::Help],
        "2,000 runs a measurement (2 runs still take 20 s in a debug build)",
    ),
    (
        "docs/results.md",
        "--bin gossip-bench",
        &[Edit::Help],
        "the speed table times ten configurations for seconds each, up to 10,000 members",
    ),
    (
        "docs/cli.md",
        "--bin gossip-bench",
        &[Edit::Help],
        "the speed table times ten configurations for seconds each, up to 10,000 members",
    ),
    (
        "docs/results.md",
        "--bin lifeguard-bench -- 20 300",
        &[Edit::Arg(0, "1"), Edit::Arg(1, "10")],
        "6 settings × 20 seeds × 300 s of 64 members",
    ),
    (
        "docs/phi.md",
        "--bin phi-bench -- 5 600",
        &[Edit::Arg(0, "2"), Edit::Arg(1, "30")],
        "5 seeds × 600 s of 32 members watched by two extra detectors each",
    ),
    (
        "docs/results.md",
        "--bin travel-bench",
        &[Edit::Args(&["proto=swim&nodes=50&topo=full", "60"])],
        "1,000 members for 10 simulated minutes, then timed seeks",
    ),
];

/// Commands in shell blocks that are not run: (a piece of the command, why).
const NOT_RUN: &[(&str, &str)] = &[
    (
        "apt-get install",
        "installs system packages (Go and memberlist for the bench)",
    ),
    (
        "bench/memberlist/run.sh",
        "runs the real memberlist in Go: needs Go and takes minutes",
    ),
    (
        "bench/memberlist/table.py",
        "reads the output directory of bench/memberlist/run.sh",
    ),
    (
        "cargo build --release -p gossip-sim && export PATH",
        "builds the binary the test runs already (its own build)",
    ),
    (
        "mkdir -p /tmp/mlt",
        "builds the real memberlist bench in Go",
    ),
    (
        "for seed in 1 2 3 4 5 6 7 8",
        "runs the real memberlist in Go, one run at a time in real time (minutes)",
    ),
    (
        "/tmp/mlt/memberlist-bench",
        "the real memberlist in Go (the loop's body)",
    ),
    (
        "done                                  # and seeds",
        "the end of the memberlist loop",
    ),
    (
        "bench/memberlist/goals.py",
        "reads the memberlist bench's reports",
    ),
    (
        "bench/memberlist/tune_check.sh",
        "runs the real memberlist in Go: needs Go and takes minutes",
    ),
    (
        "parallel -k -S",
        "GNU parallel over ssh hosts; the sweep it runs is the Slurm recipe's, which is run",
    ),
];

/// A command line of a doc, before it is read.
struct Line {
    line: usize,
    text: String,
    /// The paragraph an inline command is quoted in; None in a code block.
    paragraph: Option<String>,
}

/// A command found in a doc.
struct Found {
    at: String,
    text: String,
    run: Run,
    /// Run as the doc writes it (not shortened): its figures can be checked.
    as_written: bool,
    /// The paragraph it is quoted in (inline commands).
    paragraph: Option<String>,
}

/// Every command of every doc, edited as [`SHORTENED`] says; what is wrong in the docs or in
/// the lists goes to `errors`; `used` counts the uses of each list entry.
fn found(errors: &mut Vec<String>, used: &mut BTreeMap<String, usize>) -> Vec<Found> {
    let mut out = Vec::new();
    for (file, text) in docs() {
        let (blocks, paragraphs) = split(&text);
        // Each block is one scope of shell variables (`Q='...'`, then `"$Q&..."`); each
        // inline command is a scope of its own.
        let mut scopes: Vec<Vec<Line>> = blocks
            .iter()
            .filter(|b| matches!(b.lang.as_str(), "sh" | "bash" | "shell" | "console"))
            .map(|block| {
                logical_lines(block)
                    .into_iter()
                    .map(|(line, text)| Line {
                        line,
                        text,
                        paragraph: None,
                    })
                    .collect()
            })
            .collect();
        for p in &paragraphs {
            for span in p.text.split('`').skip(1).step_by(2) {
                let span = span.trim();
                let is_command = span.starts_with("cargo run ")
                    || (span.starts_with("gossip-sim ")
                        && span
                            .split_whitespace()
                            .skip(1)
                            .any(|w| w.starts_with(['\'', '"', '-'])));
                if is_command {
                    scopes.push(vec![Line {
                        line: p.line,
                        text: span.to_string(),
                        paragraph: Some(p.text.clone()),
                    }]);
                }
            }
        }
        for scope in scopes {
            let mut vars = BTreeMap::new();
            for Line {
                line,
                text: cmd,
                paragraph,
            } in scope
            {
                let in_block = paragraph.is_none();
                let at = format!("{file}:{line}");
                if let Some((piece, _)) = NOT_RUN.iter().find(|(p, _)| cmd.contains(p)) {
                    *used.entry(format!("NOT_RUN {piece}")).or_default() += 1;
                    continue;
                }
                let shortened = SHORTENED
                    .iter()
                    .find(|(f, piece, _, _)| *f == file && cmd.contains(piece));
                let mut line_vars = vars.clone();
                if let Some((_, piece, edits, _)) = shortened {
                    *used.entry(format!("SHORTENED {file} {piece}")).or_default() += 1;
                    for e in edits.iter() {
                        if let Edit::Var(name, value) = e {
                            line_vars.insert(name.to_string(), value.to_string());
                        }
                    }
                }
                let ws = match words(&cmd, &line_vars) {
                    Ok(ws) => ws,
                    Err(e) => {
                        errors.push(format!("{at}: {cmd}\n    {e}"));
                        continue;
                    }
                };
                let assignments = ws.iter().take_while(|w| is_assignment(w)).count();
                if assignments == ws.len() {
                    for w in ws {
                        let (name, value) = w.split_once('=').unwrap();
                        vars.insert(name.to_string(), value.to_string());
                    }
                    continue;
                }
                match command(&ws[assignments..]) {
                    Ok(Some(mut run)) => {
                        if let Some((_, _, edits, _)) = shortened
                            && let Err(e) = edit(&mut run, edits)
                        {
                            errors.push(format!("{at}: {cmd}\n    SHORTENED: {e}"));
                            continue;
                        }
                        out.push(Found {
                            at,
                            text: cmd,
                            run,
                            as_written: shortened.is_none(),
                            paragraph,
                        });
                    }
                    Ok(None) if in_block => errors.push(format!(
                        "{at}: {cmd}\n    neither gossip-sim nor cargo run -p gossip-sim: run it, \
                         or list it in NOT_RUN with why"
                    )),
                    Ok(None) => {}
                    Err(e) => errors.push(format!("{at}: {cmd}\n    {e}")),
                }
            }
        }
    }
    out
}

/// Every number in a JSON value.
fn numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.extend(n.as_f64()),
        Value::Array(a) => a.iter().for_each(|v| numbers(v, out)),
        Value::Object(o) => o.values().for_each(|v| numbers(v, out)),
        _ => {}
    }
}

/// Times like `10.220 s` in a paragraph, in ms.
fn quoted_times(text: &str) -> Vec<(String, u64)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let (number, unit) = (pair[0], pair[1]);
        if !unit.starts_with('s') || unit.trim_end_matches([',', '.', ';', ')', ':']) != "s" {
            continue;
        }
        if let Some((whole, frac)) = number.split_once('.')
            && frac.len() == 3
            && [whole, frac]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            let ms = whole.parse::<u64>().unwrap() * 1000 + frac.parse::<u64>().unwrap();
            out.push((format!("{number} s"), ms));
        }
    }
    out
}

/// Where `doc` (a figure quoted in the docs) differs from `actual`: every field the doc shows
/// must be in the output with the same value (the doc may leave fields out).
fn differences(path: &str, doc: &Value, actual: &Value, out: &mut Vec<String>) {
    match (doc, actual) {
        (Value::Object(d), Value::Object(a)) => {
            for (k, v) in d {
                match a.get(k) {
                    Some(av) => differences(&format!("{path}.{k}"), v, av, out),
                    None => out.push(format!("{path}.{k}: not in the output")),
                }
            }
        }
        (Value::Array(d), Value::Array(a)) if d.len() == a.len() => {
            for (i, (dv, av)) in d.iter().zip(a).enumerate() {
                differences(&format!("{path}[{i}]"), dv, av, out);
            }
        }
        _ if doc == actual => {}
        _ => out.push(format!("{path}: the doc says {doc}, the run {actual}")),
    }
}

#[test]
fn every_command_in_the_docs_runs() {
    let (mut errors, mut used) = (Vec::new(), BTreeMap::new());
    let commands = found(&mut errors, &mut used);
    assert!(
        commands.len() >= 10,
        "only {} commands found",
        commands.len()
    );
    // Two at a time: the machine's other users keep the rest.
    let results: Vec<(usize, Result<String, String>, Duration)> = std::thread::scope(|scope| {
        let chunks: Vec<Vec<(usize, &Found)>> = [0, 1]
            .iter()
            .map(|k| commands.iter().enumerate().skip(*k).step_by(2).collect())
            .collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(i, f)| {
                            let start = Instant::now();
                            (i, execute(&f.run), start.elapsed())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<_> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        all.sort_by_key(|r| r.0);
        all
    });
    for (i, result, took) in results {
        let f = &commands[i];
        println!(
            "{:>6.2} s  {}  {} {:?}",
            took.as_secs_f64(),
            f.at,
            f.run.bin,
            f.run.args
        );
        match result {
            Err(e) => errors.push(format!("{}: {}\n    {e}", f.at, f.text)),
            Ok(out) => {
                if let (true, Some(p)) = (f.as_written, &f.paragraph) {
                    let mut values = Vec::new();
                    for line in out.lines() {
                        if let Ok(v) = serde_json::from_str::<Value>(line) {
                            numbers(&v, &mut values);
                        }
                    }
                    for (figure, ms) in quoted_times(p) {
                        if !values.iter().any(|v| v.round() as u64 == ms) {
                            errors.push(format!(
                                "{}: {}\n    the doc quotes {figure}, which is no time in its output",
                                f.at, f.text
                            ));
                        }
                    }
                }
            }
        }
    }
    for (what, n) in SHORTENED
        .iter()
        .map(|(f, p, _, _)| format!("SHORTENED {f} {p}"))
        .chain(NOT_RUN.iter().map(|(p, _)| format!("NOT_RUN {p}")))
        .map(|k| (k.clone(), used.get(&k).copied().unwrap_or(0)))
    {
        if n == 0 {
            errors.push(format!("{what}: matches no command in the docs (stale)"));
        }
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}

#[test]
fn every_output_quoted_in_the_docs_is_what_gossip_sim_prints() {
    let mut checked = 0;
    let mut errors = Vec::new();
    for (file, text) in docs() {
        let (blocks, _) = split(&text);
        for block in blocks.iter().filter(|b| b.lang == "json") {
            let Ok(doc) = serde_json::from_str::<Value>(&block.lines.join("\n")) else {
                continue;
            };
            let (Some(scenario), Some(until_ms)) =
                (doc["scenario"].as_str(), doc["until_ms"].as_u64())
            else {
                continue;
            };
            let run = Run {
                bin: "gossip-sim".into(),
                args: vec![scenario.into(), "--until".into(), format!("{until_ms}ms")],
            };
            let at = format!("{file}:{}", block.line);
            match execute(&run) {
                Ok(out) => {
                    let actual: Value = serde_json::from_str(&out).unwrap();
                    let mut diffs = Vec::new();
                    differences("", &doc, &actual, &mut diffs);
                    for d in diffs {
                        errors.push(format!(
                            "{at} (gossip-sim '{scenario}' --until {until_ms}ms): {d}"
                        ));
                    }
                }
                Err(e) => errors.push(format!("{at}: {e}")),
            }
            checked += 1;
        }
    }
    assert!(checked >= 1, "no quoted output found (docs/cli.md has one)");
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}

#[test]
fn times_in_seconds_with_three_decimals_are_read_as_ms() {
    assert_eq!(
        quoted_times("a ping at 10.220 s, then 1.5 s and 11.342 s."),
        [
            ("10.220 s".to_string(), 10220),
            ("11.342 s".to_string(), 11342)
        ]
    );
}
