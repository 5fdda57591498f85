//! The program's messages in both languages: every `.ftl` file parses, every
//! message has both an English and a Korean text with the same arguments,
//! and every message the sources look up exists.
//!
//! Two catalogues: ipclab's (`src/i18n/locales`) and the tracer's
//! (`tracer/src/i18n/locales`). A Korean text may leave out an argument that
//! English uses only to choose a plural form (Korean has none); every other
//! argument is in both.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// The arguments a message uses: in text, and as selectors only.
#[derive(Debug, Default, PartialEq, Eq)]
struct Uses {
    shown: BTreeSet<String>,
    selectors: BTreeSet<String>,
}

fn inline(e: &InlineExpression<&str>, uses: &mut Uses, selector: bool) {
    match e {
        InlineExpression::VariableReference { id } => {
            if selector {
                uses.selectors.insert(id.name.to_string());
            } else {
                uses.shown.insert(id.name.to_string());
            }
        }
        InlineExpression::Placeable { expression } => expression_uses(expression, uses),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline(a, uses, selector);
            }
        }
        _ => {}
    }
}

fn expression_uses(e: &Expression<&str>, uses: &mut Uses) {
    match e {
        Expression::Select { selector, variants } => {
            inline(selector, uses, true);
            for v in variants {
                pattern_uses(&v.value, uses);
            }
        }
        Expression::Inline(i) => inline(i, uses, false),
    }
}

fn pattern_uses(p: &Pattern<&str>, uses: &mut Uses) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expression_uses(expression, uses);
        }
    }
}

/// Every message of one language's folder: id -> arguments (and its file).
fn catalogue(dir: &Path) -> BTreeMap<String, (Uses, PathBuf)> {
    let mut out = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .ftl file in {}", dir.display());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", file.display()));
        for entry in &resource.body {
            match entry {
                Entry::Message(m) => {
                    let mut uses = Uses::default();
                    if let Some(p) = &m.value {
                        pattern_uses(p, &mut uses);
                    }
                    let id = m.id.name.to_string();
                    assert!(
                        out.insert(id.clone(), (uses, file.clone())).is_none(),
                        "{id} is defined twice in {}",
                        dir.display()
                    );
                }
                Entry::Junk { content } => panic!("{}: cannot parse {content:?}", file.display()),
                _ => {}
            }
        }
    }
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const CATALOGUES: [&str; 2] = ["src/i18n/locales", "tracer/src/i18n/locales"];

#[test]
fn every_message_has_both_languages_with_the_same_arguments() {
    for dir in CATALOGUES {
        let en = catalogue(&root().join(dir).join("en-US"));
        let ko = catalogue(&root().join(dir).join("ko"));
        let only_en: Vec<&String> = en.keys().filter(|k| !ko.contains_key(*k)).collect();
        let only_ko: Vec<&String> = ko.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty(), "{dir}: messages with no Korean text: {only_en:?}");
        assert!(only_ko.is_empty(), "{dir}: Korean messages with no English text: {only_ko:?}");
        for (id, (en_uses, _)) in &en {
            let (ko_uses, _) = &ko[id];
            let en_all: BTreeSet<&String> = en_uses.shown.iter().chain(&en_uses.selectors).collect();
            let ko_all: BTreeSet<&String> = ko_uses.shown.iter().chain(&ko_uses.selectors).collect();
            // Korean may drop an argument English only selects a plural form by.
            let dropped: Vec<&&String> = en_all.difference(&ko_all).collect();
            for arg in &dropped {
                assert!(
                    !en_uses.shown.contains(**arg),
                    "{dir}: {id}: the Korean text leaves out ${arg}, which the English shows"
                );
            }
            let extra: Vec<&&String> = ko_all.difference(&en_all).collect();
            assert!(extra.is_empty(), "{dir}: {id}: the Korean text uses {extra:?}, which the English does not");
        }
    }
}

/// The message ids the sources look up: the first string literal after
/// each `tr!(` or `tr_in!(`.
fn ids_looked_up(dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            ids_looked_up(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("readable");
            for start in ["tr!(", "tr_in!("] {
                for (at, _) in text.match_indices(start) {
                    let rest = &text[at + start.len()..];
                    let window = &rest[..rest.len().min(120)];
                    let Some(open) = window.find('"') else { continue };
                    let Some(len) = window[open + 1..].find('"') else { continue };
                    let id = &window[open + 1..open + 1 + len];
                    if id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && id.contains('-')
                    {
                        out.push((id.to_string(), path.clone()));
                    }
                }
            }
        }
    }
}

#[test]
fn every_message_the_sources_look_up_exists() {
    for (src, dir) in [("src", CATALOGUES[0]), ("tracer/src", CATALOGUES[1])] {
        let en = catalogue(&root().join(dir).join("en-US"));
        let mut ids = Vec::new();
        ids_looked_up(&root().join(src), &mut ids);
        assert!(ids.len() > 20, "{src}: only {} lookups found", ids.len());
        let missing: Vec<String> = ids
            .iter()
            .filter(|(id, _)| !en.contains_key(id))
            .map(|(id, p)| format!("{id} ({})", p.display()))
            .collect();
        assert!(missing.is_empty(), "{src}: messages looked up but not defined: {missing:?}");
    }
}

#[test]
fn korean_messages_are_korean() {
    // A message left in English in the Korean file would pass the parity
    // test: every Korean text that has words has Hangul in it.
    for dir in CATALOGUES {
        let ko_dir = root().join(dir).join("ko");
        for (id, (_, file)) in catalogue(&ko_dir) {
            let text = std::fs::read_to_string(&file).expect("readable");
            // The value with its continuation lines (`{ $call }` then, indented, the sentence).
            let mut lines = text.lines().skip_while(|l| !l.starts_with(&format!("{id} =")));
            let first = lines.next().unwrap_or_default();
            let mut value = first.split_once('=').map(|(_, v)| v.to_string()).unwrap_or_default();
            if !value.trim_end().ends_with("->") {
                for more in lines.take_while(|l| l.starts_with(' ')) {
                    value.push('\n');
                    value.push_str(more);
                }
            }
            // Argument names (`{ $call }`) are not words of the text.
            let mut bare = String::new();
            let mut depth = 0;
            for c in value.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ if depth == 0 => bare.push(c),
                    _ => {}
                }
            }
            let words = bare.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() > 3).count();
            let hangul = value.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
            // Values on several lines (selectors) are checked by their first line's words.
            let english_only =
                ["hang-pid", "hang-pid-thread", "diag-pipe-writer", "noun-fifo", "inject-spec", "diagram-lane-fifo"];
            if words > 0 && !hangul && !english_only.contains(&id.as_str()) && !value.trim().is_empty() {
                let continued = value.trim_end().ends_with("->");
                assert!(continued, "{}: {id} has no Korean: {value:?}", file.display());
            }
        }
    }
}

/// ipclab run with `args` under `--lang LANG`: (status, stdout, stderr).
/// `deny_ptrace ERRNO ipclab ...` when `args` start with `deny:ERRNO`.
fn ipclab(lang: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let (mut cmd, args) = match args.split_first() {
        Some((first, rest)) if first.starts_with("deny:") => {
            let mut cmd = std::process::Command::new(common::deny_ptrace());
            cmd.arg(&first["deny:".len()..]).arg(env!("CARGO_BIN_EXE_ipclab"));
            (cmd, rest)
        }
        _ => (std::process::Command::new(env!("CARGO_BIN_EXE_ipclab")), args),
    };
    let out = cmd
        .arg("--lang")
        .arg(lang)
        .args(args)
        .env_remove("IPCLAB_LANG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("ipclab runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (out.status.code(), text(out.stdout), text(out.stderr))
}

#[test]
fn error_lines_are_korean_under_lang_ko_with_the_english_exit_status() {
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir").join("trace.json");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir").join("out.svg");
    let (missing, out) = (missing.to_str().expect("UTF-8 path"), out.to_str().expect("UTF-8 path"));
    // The OS's own text for the missing file stays English, as the OS gives it.
    let os_text = std::fs::File::open(missing).expect_err("the trace is missing").to_string();
    let (enosys, eperm) = (format!("deny:{}", libc::ENOSYS), format!("deny:{}", libc::EPERM));
    let cases: [(&[&str], i32); 11] = [
        (&["trace", "--inject", "bogus:thing", "--", "true"], 2),
        (&["trace", "--inject", "read:EINTR:when=0", "--", "true"], 2),
        (&["lesson", "nosuchlab"], 2),
        (&["trace", "--timeout", "0", "--", "true"], 2),
        (&["diagram", missing, "-o", out], 2),
        (&["trace", "-e", "bogus", "--", "true"], 2),
        // What clap found wrong, in ipclab's words (`--lang` read by hand).
        (&["check", "--bogus"], 2),
        (&["frobnicate"], 2),
        (&["trace", "--", "/no/such/program"], 127),
        // Where the kernel refuses ptrace: the cause and the way out.
        (&[&enosys, "trace", "--", "true"], 2),
        (&[&eperm, "trace", "--", "true"], 2),
    ];
    for (args, status) in cases {
        let (en_status, en_out, en) = ipclab("en", args);
        let (ko_status, ko_out, ko) = ipclab("ko", args);
        assert_eq!(en_status, Some(status), "{args:?} in English: {en}");
        assert_eq!(ko_status, en_status, "{args:?}: Korean exits as English does: {ko}");
        assert!(en_out.is_empty() && ko_out.is_empty(), "{args:?}: nothing on stdout");
        for text in [&en, &ko] {
            assert_eq!(text.lines().count(), 1, "{args:?}: one line: {text:?}");
            assert!(text.starts_with("ipclab: "), "{args:?}: {text:?}");
        }
        assert!(en.is_ascii(), "{args:?}: English stays English: {en:?}");
        assert!(ko.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "{args:?}: no Hangul in {ko:?}");
        // So do the names -e takes (`ipc, pipe, process...`): the list of classes.
        let classes: Vec<&str> = tracer::filter::CLASSES.iter().map(|c| c.name).collect();
        let ours = ko.replace(&os_text, "").replace(&classes.join(", "), "");
        assert_eq!(common::english_sentence(&ours), None, "{args:?}: English left in {ko:?}");
    }
}

/// The commands `ipclab --help` lists (help left out).
fn commands() -> Vec<String> {
    let (_, help, _) = ipclab("en", &["--help"]);
    let listed = help.split("Commands:\n").nth(1).expect("a Commands section");
    listed
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn help_is_korean_under_lang_ko_and_english_without() {
    let commands = commands();
    assert!(commands.len() >= 10 && commands.iter().any(|c| c == "trace"), "{commands:?}");
    let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
    let mut cases: Vec<Vec<&str>> = vec![vec!["--help"], vec!["-h"], vec!["help"]];
    for c in &commands {
        cases.push(vec![c, "--help"]);
        cases.push(vec![c, "-h"]);
        cases.push(vec!["help", c]);
    }
    for args in &cases {
        let (en_status, en, _) = ipclab("en", args);
        let (ko_status, ko, ko_err) = ipclab("ko", args);
        assert_eq!((en_status, ko_status), (Some(0), Some(0)), "{args:?}: {ko_err}");
        // (English names Korean in its own script once: `ko: Korean (한국어)`.)
        assert!(en.contains("Usage: ipclab") && !en.contains("사용법"), "{args:?}: English stays English:\n{en}");
        assert!(ko.contains("사용법: ipclab"), "{args:?}:\n{ko}");
        for english in ["Usage:", "Options:", "Arguments:", "Commands:", "[default:", "[possible values:", "Print "] {
            assert!(!ko.contains(english), "{args:?}: clap's {english:?} left in:\n{ko}");
        }
        for line in ko.lines().filter(|l| !l.trim().is_empty()) {
            // The option's own name and value (`-e, --trace <EXPR>`), the values it takes
            // (`[쓸 수 있는 값: auto, always, never]`) are the command line's, not words.
            let mut words = line.trim_start();
            let first = words.split_whitespace().next().unwrap_or_default();
            let named = commands.iter().any(|c| c == first) || first == "help";
            if words.starts_with(['-', '<', '[']) || named {
                // What follows the name, two spaces on (`-h`'s one-line form), if anything.
                match words.split_once("  ") {
                    Some((_, rest)) => words = rest.trim_start(),
                    None => continue,
                }
            }
            let bare = words.split('[').next().unwrap_or_default();
            assert_eq!(common::english_sentence(bare), None, "{args:?}: English left in {line:?}");
            assert!(hangul(words) || words.starts_with("ipclab "), "{args:?}: no Korean in {line:?}");
        }
    }
    // With the language in the environment only, and `ipclab` alone (help, exit status 2).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "ko")
        .output()
        .expect("ipclab runs");
    let text = String::from_utf8(out.stderr).expect("UTF-8") + &String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("사용법: ipclab") && text.contains("명령:") && !text.contains("Usage:"), "{text}");
}
