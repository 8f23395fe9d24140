//! The key table as text: the docs' markdown table (`gossip-sim keys --markdown`) and the key
//! list of `gossip-sim --help`, both from [`KEY_TABLE`] and the defaults.

use super::keys::{Applies, KEY_TABLE, Key, Kind};
use super::{Profile, Proto, Scenario};

/// The value of `k` in `s` for the docs: the query's spelling, or the key's name for "unset".
fn shown(k: &Key, s: &Scenario) -> String {
    let v = k.write(s);
    if v.is_empty() { k.unset.to_string() } else { v }
}

/// The default of `k`: gossip's / SWIM's (one of them for a key of one protocol), and the
/// profiles' values where they differ from SWIM's.
pub fn default_text(k: &Key) -> String {
    if k.selects_defaults {
        return shown(k, &Scenario::default());
    }
    let gossip = shown(k, &Scenario::defaults(Proto::Gossip));
    let swim = shown(k, &Scenario::defaults(Proto::Swim));
    let mut out = match k.applies {
        Applies::Gossip => gossip,
        Applies::Swim | Applies::SwimIgnoredByGossip => swim.clone(),
        Applies::Both if gossip == swim => gossip,
        Applies::Both => format!("{gossip} / {swim}"),
    };
    {
        let under: Vec<(&str, String)> = Profile::ALL
            .iter()
            .map(|p| {
                (
                    p.name(),
                    shown(k, &Scenario::defaults_for(Proto::Swim, Some(*p))),
                )
            })
            .collect();
        if under.iter().any(|(_, v)| *v != swim) {
            if under.iter().all(|(_, v)| *v == under[0].1) {
                out += &format!("; {} under a profile", under[0].1);
            } else {
                let each: Vec<String> = under.iter().map(|(p, v)| format!("{p} {v}")).collect();
                out += &format!("; under a profile: {}", each.join(", "));
            }
        }
    }
    out
}

/// What `k` accepts: its range and unit (gossip's / SWIM's where they differ), or its names,
/// then what other keys add.
pub fn range_text(k: &Key) -> String {
    let mut out = match &k.kind {
        Kind::Number(n) => {
            let range = |proto| {
                let b = k
                    .bounds(&Scenario::defaults(proto))
                    .expect("a number key has bounds");
                if (b.lo, b.hi) == (0, u64::MAX) {
                    "any u64".to_string()
                } else {
                    format!("{}..={}", b.lo, b.hi)
                }
            };
            let (g, s) = (range(Proto::Gossip), range(Proto::Swim));
            let both = match k.applies {
                Applies::Gossip => g,
                Applies::Swim | Applies::SwimIgnoredByGossip => s,
                Applies::Both if g == s => g,
                Applies::Both => format!("{g} / {s}"),
            };
            format!("{both}{}", n.unit.suffix())
        }
        Kind::Choice(c) => {
            let names: Vec<String> = c.names.iter().map(|n| format!("`{n}`")).collect();
            names.join(", ")
        }
        Kind::Text(t) => (t.accepted)(),
    };
    let note = (k.note)();
    if !note.is_empty() {
        out += "; ";
        out += &note;
    }
    out
}

/// The docs' key table in markdown: key, meaning, default (gossip / SWIM), range; one row per
/// key in canonical order. `docs/scenario.md` holds it between `<!-- keys:begin -->` and
/// `<!-- keys:end -->`.
pub fn markdown_table() -> String {
    let mut out =
        String::from("| key | meaning | default (gossip / SWIM) | range |\n|---|---|---|---|\n");
    for k in KEY_TABLE {
        out += &format!(
            "| `{}` | {} | {} | {} |\n",
            k.name,
            k.help(),
            default_text(k),
            range_text(k)
        );
    }
    out
}

/// `text` for a terminal: no backticks, ASCII operators.
fn plain(text: &str) -> String {
    text.replace('`', "")
        .replace(" × ", "*")
        .replace('·', "*")
        .replace('²', "^2")
        .replace('≤', "<=")
        .replace('→', "->")
}

/// Column of the descriptions in [`help_list`].
const INDENT: usize = 22;
/// Width [`help_list`] wraps at.
const WIDTH: usize = 96;

/// `words` wrapped to [`WIDTH`], every line after the first indented by [`INDENT`].
fn wrap(first: &str, words: &str) -> String {
    let mut out = String::from(first);
    let mut col = first.chars().count();
    if col + 2 > INDENT {
        out.push('\n');
        col = 0;
    }
    for word in words.split_whitespace() {
        let len = word.chars().count();
        if col > INDENT && col + 1 + len > WIDTH {
            out.push('\n');
            col = 0;
        }
        if col < INDENT {
            out.push_str(&" ".repeat(INDENT - col));
            col = INDENT;
        } else {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
    }
    out
}

/// The key list of `gossip-sim --help`: `KEY=VALUE`, what it means, its default and range.
pub fn help_list() -> String {
    let mut out = String::new();
    for k in KEY_TABLE {
        let text = format!(
            "{}. Default {}. Accepted: {}.",
            k.help(),
            default_text(k),
            range_text(k)
        );
        out += &wrap(&format!("  {}={}", k.name, k.metavar()), &plain(&text));
        out.push('\n');
    }
    out
}
