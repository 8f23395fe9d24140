//! Reading and running a command line: words as sh splits them (the little the docs use),
//! which of this package's binaries it runs, the edits of `SHORTENED`, and the run itself.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A change to a command before it runs.
#[derive(Debug)]
pub enum Edit {
    /// The value after this flag becomes this.
    Flag(&'static str, &'static str),
    /// In every argument, this text becomes that.
    Text(&'static str, &'static str),
    /// The argument at this position becomes this.
    Arg(usize, &'static str),
    /// The arguments become these.
    Args(&'static [&'static str]),
    /// `--help` goes last: clap checks every argument before it prints the help (an unknown
    /// flag or a bad value still fails), so the arguments are validated without the run.
    Help,
    /// A shell variable the command expects from its surroundings.
    Var(&'static str, &'static str),
}

/// A command longer than this fails: shorten it in `SHORTENED` (main.rs).
pub const LIMIT: Duration = Duration::from_secs(60);

/// Splits a command line into words as sh does, for the little the docs use: quotes, `$NAME`
/// from `vars`, comments, and `> FILE` (left out: the test reads the output).
pub fn words(line: &str, vars: &BTreeMap<String, String>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    let mut redirect = false;
    let expand = |chars: &mut std::iter::Peekable<std::str::Chars>| -> Result<String, String> {
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                name.push(c);
                chars.next();
            } else {
                break;
            }
        }
        vars.get(&name)
            .cloned()
            .ok_or_else(|| format!("${name} is not set (set it in the block, or in SHORTENED)"))
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if let Some(w) = word.take() {
                    if redirect {
                        redirect = false;
                    } else {
                        out.push(w);
                    }
                }
            }
            '#' if word.is_none() => break,
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err("an unclosed '".into()),
                    }
                }
            }
            '"' => {
                word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('$') => {
                            let v = expand(&mut chars)?;
                            word.as_mut().unwrap().push_str(&v);
                        }
                        Some('\\') => {
                            let c = chars.next().ok_or("a \\ at the end")?;
                            word.as_mut().unwrap().push(c);
                        }
                        Some(c) => word.as_mut().unwrap().push(c),
                        None => return Err("an unclosed \"".into()),
                    }
                }
            }
            '$' => {
                if chars.peek() == Some(&'(') {
                    return Err("$(...) is not supported".into());
                }
                let v = expand(&mut chars)?;
                word.get_or_insert_with(String::new).push_str(&v);
            }
            '>' if word.is_none() => redirect = true,
            '|' | ';' | '&' | '<' | '`' => return Err(format!("'{c}' is not supported")),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    if let Some(w) = word {
        if !redirect {
            out.push(w);
        }
    } else if redirect {
        return Err("> without a file".into());
    }
    Ok(out)
}

pub fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// A command the test runs: a binary of this package and its arguments.
#[derive(Debug)]
pub struct Run {
    pub bin: String,
    pub args: Vec<String>,
}

/// The path of one of this package's binaries.
pub fn binary(name: &str) -> Option<&'static str> {
    Some(match name {
        "gossip-sim" => env!("CARGO_BIN_EXE_gossip-sim"),
        "gossip-bench" => env!("CARGO_BIN_EXE_gossip-bench"),
        "lifeguard-bench" => env!("CARGO_BIN_EXE_lifeguard-bench"),
        "phi-bench" => env!("CARGO_BIN_EXE_phi-bench"),
        "travel-bench" => env!("CARGO_BIN_EXE_travel-bench"),
        _ => return None,
    })
}

/// `gossip-sim ARGS` or `cargo run [--release] -p gossip-sim --bin NAME [-- ARGS]` (after
/// `time`), as the binary and its arguments; None for another program.
pub fn command(words: &[String]) -> Result<Option<Run>, String> {
    let words = match words.first().map(String::as_str) {
        Some("time") => &words[1..],
        _ => words,
    };
    let Some(program) = words.first() else {
        return Ok(None);
    };
    if program == "gossip-sim" {
        return Ok(Some(Run {
            bin: program.clone(),
            args: words[1..].to_vec(),
        }));
    }
    if program != "cargo" || words.get(1).map(String::as_str) != Some("run") {
        return Ok(None);
    }
    let split = words.iter().position(|w| w == "--").unwrap_or(words.len());
    let (cargo, args) = (&words[2..split], words.get(split + 1..).unwrap_or(&[]));
    let value = |flag: &str| {
        cargo
            .iter()
            .position(|w| w == flag)
            .and_then(|i| cargo.get(i + 1))
    };
    if value("-p").map(String::as_str) != Some("gossip-sim") {
        return Err("cargo run without -p gossip-sim".into());
    }
    let bin = value("--bin").ok_or("cargo run without --bin")?;
    binary(bin).ok_or_else(|| format!("gossip-sim has no binary {bin}"))?;
    Ok(Some(Run {
        bin: bin.clone(),
        args: args.to_vec(),
    }))
}

/// Applies the edits to `run`; an edit that finds nothing to change is an error.
pub fn edit(run: &mut Run, edits: &[Edit]) -> Result<(), String> {
    for e in edits {
        match e {
            Edit::Flag(flag, value) => {
                let i = run.args.iter().position(|a| a == flag);
                let v = i
                    .and_then(|i| run.args.get_mut(i + 1))
                    .ok_or(format!("no {flag} to shorten"))?;
                *v = value.to_string();
            }
            Edit::Text(from, to) => {
                if !run.args.iter().any(|a| a.contains(from)) {
                    return Err(format!("no {from} to replace"));
                }
                for a in &mut run.args {
                    *a = a.replace(from, to);
                }
            }
            Edit::Arg(i, value) => {
                let a = run.args.get_mut(*i).ok_or(format!("no argument {i}"))?;
                *a = value.to_string();
            }
            Edit::Args(args) => run.args = args.iter().map(|a| a.to_string()).collect(),
            Edit::Help => run.args.push("--help".into()),
            Edit::Var(..) => {}
        }
    }
    Ok(())
}

/// Runs `run` (at most [`LIMIT`]); its standard output, or why it failed.
pub fn execute(run: &Run) -> Result<String, String> {
    let path = binary(&run.bin).expect("checked in command()");
    let mut child = Command::new(path)
        .args(&run.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            r.read_to_string(&mut s).map(|_| s).unwrap_or_default()
        })
    };
    let (out, err) = (read(Box::new(stdout)), read(Box::new(stderr)));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > LIMIT {
            child.kill().ok();
            child.wait().ok();
            return Err(format!("ran over {LIMIT:?}: shorten it in SHORTENED"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    if status.success() {
        Ok(out)
    } else {
        Err(format!("{status}: {}", err.trim()))
    }
}

#[test]
fn the_shell_reader_splits_quotes_variables_and_comments() {
    let vars = BTreeMap::from([("Q".to_string(), "nodes=4&ev=1s.crash.?".to_string())]);
    assert_eq!(
        words(
            r#"time gossip-sim sweep "$Q&k=1" 'a b' --x 1 > /dev/null # why"#,
            &vars
        )
        .unwrap(),
        [
            "time",
            "gossip-sim",
            "sweep",
            "nodes=4&ev=1s.crash.?&k=1",
            "a b",
            "--x",
            "1"
        ]
    );
    assert!(words("gossip-sim \"$NOPE\"", &vars).is_err());
    assert!(words("a | b", &vars).is_err());
}
