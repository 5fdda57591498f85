//! The tracer's house rules, read from its sources: the modules import each
//! other without a circle (the event model is the leaf, the loop does not
//! import the kernel view that observes it), no source file grows past 700
//! lines, and `unsafe` stays in a few files.
//!
//! A module's imports are the `crate::...` paths its files name outside
//! comments (a `use`, or a path written out), and, from a module's own
//! files, `super::x` for a sibling module `x`. Names the crate root
//! re-exports (`crate::Event`) count as imports of the module they come
//! from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest source file, counting its inline tests.
const MAX_LINES: usize = 700;
/// Most files of tracer/src that may hold `unsafe` code.
const MAX_UNSAFE_FILES: usize = 7;

struct Source {
    /// Module path from the crate root: `["kernel", "view", "pipe"]`.
    module: Vec<String>,
    path: PathBuf,
    text: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let root = src_dir();
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap();
            let mut module: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            let file = module.pop().unwrap();
            match file.as_str() {
                "lib.rs" | "mod.rs" => {}
                f => module.push(f.trim_end_matches(".rs").to_string()),
            }
            let text = std::fs::read_to_string(&path).unwrap();
            Source { module, path, text }
        })
        .collect()
}

/// The text without comments (line comments, doc comments).
fn code(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

fn ident_at(s: &str) -> Option<&str> {
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    (end > 0).then(|| &s[..end])
}

/// Every `crate::a::b` in `code` as its first two segments; `crate::{a, b::c}` too.
fn crate_paths(code: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let close = group.find('}').unwrap_or(group.len());
            for item in group[..close].split(',') {
                let item = item.trim();
                if let Some(first) = ident_at(item) {
                    let second = item[first.len()..].strip_prefix("::").and_then(ident_at).map(str::to_string);
                    out.push((first.to_string(), second));
                }
            }
        } else if let Some(first) = ident_at(after) {
            let second = after[first.len()..].strip_prefix("::").and_then(ident_at).map(str::to_string);
            out.push((first.to_string(), second));
        }
        rest = after;
    }
    out
}

/// Every `super::x` in `code`.
fn super_names(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("super::") {
        let after = &rest[at + "super::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let close = group.find('}').unwrap_or(group.len());
            out.extend(group[..close].split(',').filter_map(|i| ident_at(i.trim())).map(str::to_string));
        } else if let Some(x) = ident_at(after) {
            out.push(x.to_string());
        }
        rest = after;
    }
    out
}

/// Which modules each module imports.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// A cycle in `graph`, if it has one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(n: &str, graph: &Graph, state: &mut BTreeMap<String, u8>, stack: &mut Vec<String>) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == m).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if !state.contains_key(n.as_str()) {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// The modules of the crate: top-level names, and for each its children.
fn module_tree(sources: &[Source]) -> Graph {
    let mut tree = Graph::new();
    for s in sources {
        if let Some(top) = s.module.first() {
            let children = tree.entry(top.clone()).or_default();
            if let Some(child) = s.module.get(1) {
                children.insert(child.clone());
            }
        }
    }
    tree
}

/// What the crate root re-exports, name -> module (`Event` -> `event`).
fn root_reexports(sources: &[Source]) -> BTreeMap<String, String> {
    let lib = sources.iter().find(|s| s.module.is_empty()).expect("lib.rs");
    let mut out = BTreeMap::new();
    for line in code(&lib.text).lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else { continue };
        let Some(module) = ident_at(rest) else { continue };
        let tail = &rest[module.len()..];
        let names: Vec<&str> = match tail.find('{') {
            Some(open) => tail[open + 1..].trim_end_matches(['}', ';']).split(',').collect(),
            None => vec![tail.trim_end_matches(';').rsplit("::").next().unwrap_or_default()],
        };
        for name in names {
            let name = name.trim();
            let name = name.rsplit(" as ").next().unwrap_or(name).trim();
            if let Some(n) = ident_at(name) {
                out.insert(n.to_string(), module.to_string());
            }
        }
    }
    out
}

/// The imports between top-level modules, and between the children of each.
fn graphs(sources: &[Source]) -> (Graph, BTreeMap<String, Graph>) {
    let tree = module_tree(sources);
    let reexports = root_reexports(sources);
    let mut top: Graph = tree.keys().map(|k| (k.clone(), BTreeSet::new())).collect();
    let mut inner: BTreeMap<String, Graph> = BTreeMap::new();
    for s in sources {
        let Some(me) = s.module.first() else { continue };
        let code = code(&s.text);
        let my_child = s.module.get(1);
        for (first, second) in crate_paths(&code) {
            let target =
                if tree.contains_key(&first) { first.clone() } else { reexports.get(&first).cloned().unwrap_or(first) };
            if !tree.contains_key(&target) {
                continue;
            }
            if &target != me {
                top.get_mut(me).unwrap().insert(target);
            } else if let (Some(mine), Some(theirs)) = (my_child, second) {
                if tree[me].contains(&theirs) && mine != &theirs {
                    inner.entry(me.clone()).or_default().entry(mine.clone()).or_default().insert(theirs);
                }
            }
        }
        // From a child's own file (me/child.rs or me/child/mod.rs), `super::x` is a sibling.
        let own_file = s.module.len() == 2;
        if let (Some(mine), true) = (my_child, own_file) {
            for x in super_names(&code) {
                if tree[me].contains(&x) && &x != mine {
                    inner.entry(me.clone()).or_default().entry(mine.clone()).or_default().insert(x);
                }
            }
        }
    }
    (top, inner)
}

#[test]
fn the_modules_import_each_other_without_a_circle() {
    let sources = sources();
    let (top, inner) = graphs(&sources);
    let shown: Vec<String> = top.iter().map(|(m, deps)| format!("{m} -> {deps:?}")).collect();
    if let Some(cycle) = find_cycle(&top) {
        panic!("an import circle between modules: {}\nthe imports:\n{}", cycle.join(" -> "), shown.join("\n"));
    }
    for (parent, g) in &inner {
        if let Some(cycle) = find_cycle(g) {
            panic!("an import circle inside {parent}: {}", cycle.join(" -> "));
        }
    }
    // The event model is the leaf: it reads decoded calls and nothing that
    // looks at processes; beside it, the messages (a diagnosis's sentence in
    // a language), which import nothing.
    let event = &top["event"];
    assert!(event.iter().all(|m| m == "decode" || m == "i18n"), "event imports {event:?}");
    let i18n = top.get("i18n").cloned().unwrap_or_default();
    assert!(i18n.is_empty(), "i18n imports {i18n:?}");
    println!("{}", shown.join("\n"));
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let g: Graph = [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec![])]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into_iter().map(str::to_string).collect()))
        .collect();
    assert_eq!(find_cycle(&g), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    let mut dag = g.clone();
    dag.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&dag), None);
    assert_eq!(
        crate_paths("use crate::{decode::Value, event};\nlet x = crate::kernel::view::X;"),
        [
            ("decode".to_string(), Some("Value".to_string())),
            ("event".to_string(), None),
            ("kernel".to_string(), Some("view".to_string()))
        ]
    );
}

#[test]
fn no_source_file_is_longer_than_700_lines() {
    let long: Vec<String> = sources()
        .iter()
        .map(|s| (s.path.strip_prefix(src_dir()).unwrap().display().to_string(), s.text.lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(p, n)| format!("{p}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "longer than {MAX_LINES} lines: {long:?}");
}

#[test]
fn unsafe_code_stays_in_a_few_files() {
    let with_unsafe: Vec<String> = sources()
        .iter()
        .filter(|s| code(&s.text).contains("unsafe"))
        .map(|s| s.path.strip_prefix(src_dir()).unwrap().display().to_string())
        .collect();
    assert!(with_unsafe.len() <= MAX_UNSAFE_FILES, "unsafe in {} files: {with_unsafe:?}", with_unsafe.len());
    println!("unsafe in: {with_unsafe:?}");
}
