//! The house rules of `src/`, checked on the source itself: no import
//! circle between its rooms, and no file too long to read as one room.
//!
//! A room is a module. Two rooms are compared at the level where they are
//! siblings: `grade::labs::lab01` using `grade::check` is the room `labs`
//! using the room `check` inside `grade`. A module using its own parent (its
//! front door) or its own children is not a dependency between rooms.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Longest file in `src/`, inline test modules included.
const MAX_LINES: usize = 700;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every Rust file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is: `src/grade/labs/mod.rs` is `grade::labs`, `src/main.rs` the root.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src/");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts
}

/// Expands a `use` tree (`crate::a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else { return vec![tree.to_string()] };
    let prefix = &tree[..open];
    let Some(close) = tree.rfind('}').filter(|&c| c > open) else { return vec![prefix.to_string()] };
    let inner = &tree[open + 1..close];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.iter().filter(|p| !p.trim().is_empty()).flat_map(|p| expand(&format!("{prefix}{}", p.trim()))).collect()
}

/// The paths a file names: its `use` trees expanded, and inline `crate::`
/// or `super::` paths. Inline test modules are left out.
fn paths_in(text: &str) -> Vec<String> {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
        let tree = rest[at + 4..end].trim();
        let ours = ["crate::", "super::", "self::"].iter().any(|p| tree.starts_with(p));
        if ours && before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ';') {
            out.extend(expand(tree));
        }
        rest = &rest[end..];
    }
    for start in ["crate::", "super::"] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(start) {
            let len =
                rest[at..].find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len() - at);
            out.push(rest[at..at + len].trim_end_matches(':').to_string());
            rest = &rest[at + len..];
        }
    }
    out
}

/// The module a path in `from` leads to: its longest prefix that is a module.
fn resolve(from: &[String], path: &str, modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut parts = path.split("::").map(str::trim).filter(|p| !p.is_empty());
    let mut at: Vec<String> = match parts.next()? {
        "crate" => Vec::new(),
        "super" => from[..from.len().checked_sub(1)?].to_vec(),
        "self" => from.to_vec(),
        _ => return None,
    };
    for p in parts {
        match p {
            "super" => {
                at.pop();
            }
            name => {
                let mut next = at.clone();
                next.push(name.split_whitespace().next().unwrap_or(name).to_string());
                if !modules.contains(&next) {
                    break;
                }
                at = next;
            }
        }
    }
    Some(at)
}

/// The dependencies between sibling rooms: (parent, from, to).
fn room_edges() -> BTreeSet<(String, String, String)> {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let modules: BTreeSet<Vec<String>> = all.iter().map(|f| module_of(f)).collect();
    let mut edges = BTreeSet::new();
    for file in &all {
        let from = module_of(file);
        let text = fs::read_to_string(file).expect("a source file");
        for path in paths_in(&text) {
            let Some(to) = resolve(&from, &path, &modules) else { continue };
            let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            // A module and its own parent or children are one room seen from two sides.
            if common == from.len() || common == to.len() {
                continue;
            }
            edges.insert((from[..common].join("::"), from[common].clone(), to[common].clone()));
        }
    }
    edges
}

/// A circle through `start` in `graph`, if there is one.
fn circle(graph: &BTreeMap<&str, Vec<&str>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start, vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for &next in graph.get(node).into_iter().flatten() {
            if next == start {
                let mut found = path.clone();
                found.push(start.to_string());
                return Some(found);
            }
            if seen.insert(next) {
                let mut longer = path.clone();
                longer.push(next.to_string());
                stack.push((next, longer));
            }
        }
    }
    None
}

#[test]
fn no_two_rooms_of_src_import_each_other_even_through_others() {
    let edges = room_edges();
    assert!(edges.iter().any(|(_, a, b)| a == "run" && b == "build"), "the scan sees no import at all: {edges:?}");
    let mut by_parent: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for (parent, from, to) in &edges {
        by_parent.entry(parent).or_default().entry(from).or_default().push(to);
    }
    let mut circles = Vec::new();
    for (parent, graph) in &by_parent {
        for node in graph.keys() {
            if let Some(c) = circle(graph, node) {
                circles.push(format!("in {}: {}", if parent.is_empty() { "src" } else { parent }, c.join(" -> ")));
            }
        }
    }
    assert!(circles.is_empty(), "import circles:\n{}", circles.join("\n"));
}

#[test]
fn no_file_of_src_is_longer_than_700_lines() {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let long: Vec<String> = all
        .iter()
        .filter_map(|f| {
            let n = fs::read_to_string(f).expect("a source file").lines().count();
            (n > MAX_LINES).then(|| format!("{} has {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these into rooms of one job each:\n{}", long.join("\n"));
}

#[test]
fn use_trees_expand_to_every_path() {
    assert_eq!(
        expand("crate::grade::{check::Check, model::{Trace, CallRef}}"),
        ["crate::grade::check::Check", "crate::grade::model::Trace", "crate::grade::model::CallRef"]
    );
}
