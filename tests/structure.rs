//! The page's shape, checked on its source (issue 21's structure targets): no two files of
//! `src/` import each other, directly or in a loop; no folder of `src/` imports from a folder
//! that imports it back; no function of `src/` over 80 lines; `App::update` a dispatch of a
//! few lines. Test code (`#[cfg(test)]` modules at a file's end, `*tests.rs` files) is left
//! out; so are doc comments (a link is not an import).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a function of `src/` may be, lines (its signature to its closing brace).
const MAX_FN_LINES: usize = 80;
/// The longest `App::update` may be: a dispatch.
const MAX_UPDATE_LINES: usize = 25;

/// A source file: its path under `src/`, its module path, and its code without comments and
/// without its test module.
struct Source {
    rel: String,
    module: Vec<String>,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let skip = rel.starts_with("bin/") || rel == "main.rs" || rel.ends_with("tests.rs");
            if skip {
                return None;
            }
            let code = std::fs::read_to_string(&p).expect("a source file reads");
            Some(Source {
                module: module_of(&rel),
                code: without_tests(&without_comments(&code)),
                rel,
            })
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `model/view.rs` → `[model, view]`; `lesson/mod.rs` → `[lesson]`; `lib.rs` → `[]`.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code with `//` comments dropped (strings that hold `//` are rare in this code and
/// only shorten what is scanned).
fn without_comments(code: &str) -> String {
    code.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code before its `#[cfg(test)]` module, which by the house style ends a file.
fn without_tests(code: &str) -> String {
    match code
        .find("#[cfg(test)]\nmod ")
        .or_else(|| code.find("#[cfg(all(test, not(target_arch = \"wasm32\")))]\nmod "))
    {
        Some(i) => code[..i].to_string(),
        None => code.to_string(),
    }
}

/// Every path a file names that starts at `crate::` or `super::`, group imports spread
/// (`use crate::a::{b, c::d}` names `a::b` and `a::c::d`), as absolute module paths.
fn named_paths(s: &Source) -> Vec<Vec<String>> {
    let parent: Vec<String> = s.module[..s.module.len().saturating_sub(1)].to_vec();
    let bytes = s.code.as_bytes();
    let mut out = Vec::new();
    for (start, base) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut from = 0;
        while let Some(i) = s.code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            let before = at.checked_sub(1).map(|j| bytes[j]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                continue;
            }
            tree(&s.code[from..], base.clone(), &mut out);
        }
    }
    out
}

/// Reads one use-tree at the start of `text` (`a::b`, `a::{b, c::d}`) onto `prefix`.
fn tree(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix;
    let mut i = 0;
    let b = text.as_bytes();
    loop {
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        if i > start {
            let seg = &text[start..i];
            if seg != "self" && seg != "super" {
                path.push(seg.to_string());
            } else if seg == "super" {
                path.pop();
            }
        }
        if text[i..].starts_with("::{") {
            i += 3;
            loop {
                while i < b.len() && (b[i] == b' ' || b[i] == b'\n' || b[i] == b',') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'}' {
                    return i + 1;
                }
                i += tree(&text[i..], path.clone(), out);
            }
        }
        if text[i..].starts_with("::") {
            i += 2;
            continue;
        }
        out.push(path);
        return i;
    }
}

/// The file a module path lands in: the longest prefix that is a file's module.
fn owner<'a>(path: &[String], modules: &'a BTreeMap<Vec<String>, String>) -> Option<&'a String> {
    (0..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// Each file's imports of other files (a parent's `pub use` of its children aside: a child
/// is part of its parent's folder).
fn file_graph(srcs: &[Source]) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeMap<Vec<String>, String> = srcs
        .iter()
        .map(|s| (s.module.clone(), s.rel.clone()))
        .collect();
    srcs.iter()
        .map(|s| {
            let to = named_paths(s)
                .iter()
                .filter_map(|p| owner(p, &modules))
                .filter(|f| **f != s.rel && !f.ends_with("lib.rs"))
                .cloned()
                .collect();
            (s.rel.clone(), to)
        })
        .collect()
}

/// The strongly connected groups of more than one node (Tarjan's algorithm).
fn loops(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(st: &mut State<'a>, v: &'a str) {
        let n = st.index.len();
        st.index.insert(v, n);
        st.low.insert(v, n);
        st.stack.push(v);
        st.on.insert(v);
        let graph = st.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !st.index.contains_key(w) {
                visit(st, w);
                let lw = st.low[w];
                let lv = st.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if st.on.contains(w) {
                let iw = st.index[w];
                let lv = st.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if st.low[v] == st.index[v] {
            let mut group = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                st.found.push(group);
            }
        }
    }
    let mut st = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !st.index.contains_key(v.as_str()) {
            visit(&mut st, v);
        }
    }
    st.found
}

/// A file's folder: `render/draw.rs` and `render.rs` are both in `render`.
fn folder(rel: &str) -> String {
    rel.split('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".rs")
        .to_string()
}

/// Each function of `code`: its name, first line (1-based) and length in lines.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let indent = &line[..line.len() - t.len()];
        let sig = ["pub ", "pub(crate) ", "pub(super) ", "const ", "async "]
            .iter()
            .fold(t, |t, p| t.strip_prefix(p).unwrap_or(t));
        let Some(rest) = sig.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        let end = lines[i..].iter().position(|l| {
            *l == close || (l.trim_end().ends_with(';') && !l.contains('{') && l == line)
        });
        if let Some(n) = end {
            out.push((name, i + 1, n + 1));
        }
    }
    out
}

#[test]
fn no_two_files_of_the_page_import_each_other_directly_or_in_a_loop() {
    let srcs = sources();
    assert!(srcs.len() > 50, "read {} files", srcs.len());
    let graph = file_graph(&srcs);
    assert!(
        graph["app.rs"].contains("page/mod.rs"),
        "the scan sees app.rs's imports: {:?}",
        graph["app.rs"]
    );
    assert_eq!(loops(&graph), Vec::<Vec<String>>::new());
}

#[test]
fn no_folder_of_the_page_imports_from_a_folder_that_imports_it_back() {
    let graph = file_graph(&sources());
    let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in &graph {
        for to in tos {
            let (a, b) = (folder(from), folder(to));
            if a != b {
                folders.entry(a).or_default().insert(b);
            }
        }
    }
    assert!(folders["components"].contains("model"), "{folders:?}");
    assert_eq!(loops(&folders), Vec::<Vec<String>>::new(), "{folders:#?}");
}

#[test]
fn no_function_of_the_page_is_over_eighty_lines() {
    let mut long = Vec::new();
    let mut seen = 0;
    for s in sources() {
        for (name, line, len) in functions(&s.code) {
            seen += 1;
            if len > MAX_FN_LINES {
                long.push(format!("{}:{line} {name}: {len} lines", s.rel));
            }
        }
    }
    assert!(seen > 500, "found {seen} functions");
    assert_eq!(long, Vec::<String>::new());
}

#[test]
fn the_apps_update_is_a_dispatch_of_a_few_lines() {
    let app = sources().into_iter().find(|s| s.rel == "app.rs").unwrap();
    let update = functions(&app.code)
        .into_iter()
        .find(|(name, ..)| name == "update")
        .expect("App::update");
    assert!(
        update.2 <= MAX_UPDATE_LINES,
        "App::update is {} lines",
        update.2
    );
}

#[test]
fn the_scan_finds_a_loop_and_a_long_function_where_there_are_some() {
    let a = Source {
        rel: "a.rs".into(),
        module: vec!["a".into()],
        code: "use crate::b::{X, y::Z};\nfn f() {}\n".into(),
    };
    let b = Source {
        rel: "b.rs".into(),
        module: vec!["b".into()],
        code: "use crate::a::F;\n".into(),
    };
    let c = Source {
        rel: "b/y.rs".into(),
        module: vec!["b".into(), "y".into()],
        code: "use super::super::a;\n".into(),
    };
    let graph = file_graph(&[a, b, c]);
    assert_eq!(
        graph["a.rs"],
        BTreeSet::from(["b.rs".into(), "b/y.rs".into()])
    );
    assert_eq!(graph["b/y.rs"], BTreeSet::from(["a.rs".into()]));
    assert_eq!(
        loops(&graph),
        vec![vec!["a.rs".to_string(), "b.rs".into(), "b/y.rs".into()]]
    );
    let body = format!("fn long() {{\n{}}}\n", "    x();\n".repeat(90));
    assert_eq!(functions(&body), vec![("long".to_string(), 1, 92)]);
}
