//! Reading the docs: README.md and docs/*.md, their fenced blocks and prose paragraphs, and
//! the command lines of a shell block.

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// README.md and docs/*.md, as (path from the root, text).
pub fn docs() -> Vec<(String, String)> {
    let mut files = vec!["README.md".to_string()];
    let mut in_docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    in_docs.sort();
    files.extend(in_docs);
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(root().join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

/// A fenced code block: its language, the line of its first line, its lines (unindented).
pub struct Block {
    pub lang: String,
    pub line: usize,
    pub lines: Vec<String>,
}

/// A paragraph of prose (lines joined by spaces) and the line it starts on.
pub struct Paragraph {
    pub line: usize,
    pub text: String,
}

/// The fenced blocks and the prose paragraphs of a markdown text.
pub fn split(text: &str) -> (Vec<Block>, Vec<Paragraph>) {
    let (mut blocks, mut paragraphs) = (Vec::new(), Vec::new());
    let mut open: Option<(usize, Block)> = None;
    let mut para: Option<Paragraph> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(fence) = trimmed.strip_prefix("```") {
            if let Some(p) = para.take() {
                paragraphs.push(p);
            }
            match open.take() {
                Some((_, block)) => blocks.push(block),
                None => {
                    let block = Block {
                        lang: fence.trim().to_string(),
                        line: i + 2,
                        lines: Vec::new(),
                    };
                    open = Some((indent, block));
                }
            }
            continue;
        }
        if let Some((indent, block)) = &mut open {
            let cut = line.len().min(*indent);
            block.lines.push(line[cut..].to_string());
        } else if trimmed.is_empty() {
            if let Some(p) = para.take() {
                paragraphs.push(p);
            }
        } else {
            let p = para.get_or_insert(Paragraph {
                line: i + 1,
                text: String::new(),
            });
            p.text.push(' ');
            p.text.push_str(trimmed);
        }
    }
    paragraphs.extend(para);
    (blocks, paragraphs)
}

/// The command lines of a shell block: continuations joined, comments and blank lines left out.
pub fn logical_lines(block: &Block) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in block.lines.iter().enumerate() {
        let (start, mut text) = current.take().unwrap_or((block.line + i, String::new()));
        if text.is_empty() && (line.trim().is_empty() || line.trim_start().starts_with('#')) {
            continue;
        }
        match line.trim_end().strip_suffix('\\') {
            Some(part) => {
                text.push_str(part);
                current = Some((start, text));
            }
            None => {
                text.push_str(line.trim_end());
                out.push((start, text.trim().to_string()));
            }
        }
    }
    out
}

#[test]
fn a_shell_block_reads_as_lines_joined_at_backslashes_without_comments() {
    let block = Block {
        lang: "sh".into(),
        line: 10,
        lines: vec![
            "# a comment".into(),
            "a \\".into(),
            "   b".into(),
            "c".into(),
        ],
    };
    assert_eq!(
        logical_lines(&block),
        [(11, "a    b".to_string()), (13, "c".to_string())]
    );
}
