//! The diagrams: each lab's lesson shows its lab's diagram (labs/NN_*/diagram.svg,
//! and the Korean lesson labs/NN_*/diagram.ko.svg, the same trace drawn under
//! `--lang ko`), drawn from a trace of the lab kept in tests/fixtures/diagrams (pids, ids,
//! inodes and addresses normalised), and the drawings of a hang and a leak
//! are golden files. The tests fail when a drawing is out of date: when the
//! renderer draws a committed trace differently, or when a lab no longer
//! does what its recorded trace shows.
//!
//! ```text
//! IPCLAB_BLESS=1 cargo test --test diagrams        draw every diagram again from the traces (both languages)
//! IPCLAB_BLESS=record cargo test --test diagrams   record the traces again too (runs every lab)
//! IPCLAB_BLESS=record:04,05 cargo test --test diagrams   record only these labs' traces, draw all
//! ```
//!
//! The browser test renders a page in Debian's chromium (headless) and
//! skips, saying so, where chromium is not installed.

mod common;
mod grade_support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::ScratchDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests").join("fixtures").join("diagrams")
}

fn bless() -> Option<String> {
    std::env::var("IPCLAB_BLESS").ok().filter(|v| !v.is_empty() && v != "0")
}

/// Whether this run records the trace of `name` (a lab's directory or a
/// mutant's trace) again: `record` records every one, `record:04,05`
/// those whose name starts with one of the numbers.
fn records(name: &str) -> bool {
    match bless().as_deref() {
        Some("record") => true,
        Some(b) => b
            .strip_prefix("record:")
            .is_some_and(|list| list.split(',').any(|n| !n.is_empty() && name.starts_with(n.trim()))),
        None => false,
    }
}

/// Whether this run records traces at all (then the check against a fresh run is left out).
fn recording() -> bool {
    bless().is_some_and(|b| b == "record" || b.starts_with("record:"))
}

fn ipclab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("ipclab runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The labs (tests/common's one list of them).
fn labs() -> Vec<String> {
    common::course_labs()
}

// ---- normalising a recorded trace ----

/// Maps numbers (pids, inodes, System V ids, addresses) to stable ones in
/// order of first appearance, and the checkout's path to `/src/ipclab`, in
/// the text of a JSON trace; keys keep their order.
fn normalise(text: &str) -> String {
    let root = root().display().to_string();
    let text = text.replace(&root, "/src/ipclab");
    let mut pids: BTreeMap<String, String> = BTreeMap::new();
    let mut inodes: BTreeMap<String, String> = BTreeMap::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut addrs: BTreeMap<String, String> = BTreeMap::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        for key in ["pid", "tid", "child"] {
            if let Some(p) = v[key].as_i64() {
                let n = pids.len();
                pids.entry(p.to_string()).or_insert_with(|| (4001 + n).to_string());
            }
        }
        if matches!(v["name"].as_str(), Some("msgget" | "semget" | "shmget")) {
            if let Some(id) = v["ret"].as_i64().filter(|&r| r >= 0) {
                let n = ids.len();
                ids.entry(id.to_string()).or_insert_with(|| (7 + n).to_string());
            }
        }
    }
    // Inodes: pipe:[N], socket:[N], "ino":N, "peer":N; addresses: long hex.
    let collect_after = |prefix: &str, map: &mut BTreeMap<String, String>, base: u64| {
        let mut rest = text.as_str();
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                let n = map.len() as u64;
                map.entry(digits).or_insert_with(|| (base + n).to_string());
            }
        }
    };
    for prefix in ["pipe:[", "socket:[", "\"ino\":", "\"peer\":", "socket:[", "\"id\":"] {
        collect_after(prefix, &mut inodes, 90001);
    }
    let mut rest = text.as_str();
    while let Some(at) = rest.find("0x") {
        rest = &rest[at + 2..];
        let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        if hex.len() >= 9 {
            let n = addrs.len() as u64;
            let new = 0x7f00_0000_0000u64 + n * 0x10_0000;
            let old = u64::from_str_radix(&hex, 16).unwrap_or(0);
            addrs.entry(format!("0x{hex}")).or_insert_with(|| format!("{new:#x}"));
            addrs.entry(old.to_string()).or_insert_with(|| new.to_string());
        }
    }
    // One pass over the text: each token replaced once.
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let boundary = k == 0 || !word(chars[k - 1].1);
        if boundary && c.is_ascii_digit() {
            let hex = c == '0' && chars.get(k + 1).is_some_and(|&(_, x)| x == 'x');
            let mut e = if hex { k + 2 } else { k };
            while e < chars.len() && (if hex { chars[e].1.is_ascii_hexdigit() } else { chars[e].1.is_ascii_digit() }) {
                e += 1;
            }
            let end = chars.get(e).map_or(text.len(), |&(b, _)| b);
            let after_ok = chars.get(e).is_none_or(|&(_, x)| !word(x));
            let token = &text[i..end];
            let before = &text[..i];
            let sysv_context =
                ["\"msqid\":", "\"semid\":", "\"shmid\":", "queue ", " set ", "segment ", "\"id\":", "\"ret\":"]
                    .iter()
                    .any(|p| before.ends_with(p));
            let replacement = if !after_ok {
                None
            } else if hex {
                addrs.get(token)
            } else {
                pids.get(token)
                    .or_else(|| inodes.get(token))
                    .or_else(|| addrs.get(token))
                    .or_else(|| ids.get(token).filter(|_| sysv_context))
            };
            out.push_str(replacement.map_or(token, String::as_str));
            k = e;
            continue;
        }
        out.push(c);
        k += 1;
    }
    out
}

/// What a trace shows a lab doing, whatever the pids and the timing: the
/// calls that succeeded on kernel objects (by kind or normalised path),
/// the signals sent and delivered, the kinds of object the kernel view
/// reported and the ledger's fates.
fn shape(text: &str) -> BTreeSet<String> {
    // Numbers (pids in run directories) as `#`.
    let digits = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if !c.is_ascii_digit() {
                out.push(c);
            } else if !out.ends_with('#') {
                out.push('#');
            }
        }
        out
    };
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        match v["type"].as_str() {
            // Rust's standard library asks F_GETFD before each close in a
            // debug build only: not what the lab does.
            Some("syscall") if v["name"] == "fcntl" && v["args"]["cmd"] == "F_GETFD" => {}
            Some("syscall") if v["errno"].is_null() && !v["ret"].is_null() => {
                let name = v["name"].as_str().unwrap_or("");
                let target = v["args"]
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values())
                    .find_map(|a| a["target"].as_str().map(str::to_string));
                let object = match target.as_deref() {
                    Some(t) if t.starts_with("pipe:") => Some("pipe".to_string()),
                    Some(t) if t.starts_with("socket:") => Some("socket".to_string()),
                    Some(t) if t.starts_with('/') && !t.starts_with("/dev/") && !t.starts_with("/proc/") => {
                        Some(digits(t))
                    }
                    _ => None,
                };
                if let Some(o) = object {
                    out.insert(format!("{name} on {o}"));
                } else if ["msg", "sem", "shm", "mq_", "kill", "tgkill", "pipe", "socket", "mknod"]
                    .iter()
                    .any(|p| name.starts_with(p))
                {
                    out.insert(name.to_string());
                }
            }
            Some("signal") => {
                out.insert(format!("signal {}", v["signal"].as_str().unwrap_or("")));
            }
            Some("kernel") => {
                out.insert(format!("kernel {}", v["object"].as_str().unwrap_or("")));
            }
            Some("ledger") => {
                out.insert(format!("ledger {} {}", v["kind"].as_str().unwrap_or(""), v["fate"].as_str().unwrap_or("")));
            }
            _ => {}
        }
    }
    // Whether a child is a zombie for a while depends on who runs first.
    for timing in ["kernel unavailable", "kernel zombie", "kernel reaped"] {
        out.remove(timing);
    }
    out
}

/// What a lab's recorded run passes it: lab 09 measures each mechanism once
/// (its lesson's picture shows one of each), over a few rounds, in a fixed
/// order, and writes its chart into the test's own directory.
fn lab_args(dir: &str, scratch: &Path) -> Vec<String> {
    if dir.starts_with("09") {
        let chart = scratch.join("chart.svg").display().to_string();
        ["--", "--trials", "1", "--rounds", "4", "--seed", "1", "--chart", &chart].map(String::from).to_vec()
    } else {
        Vec::new()
    }
}

/// Runs lab `dir` as a student does (`ipclab run NN`) and returns its JSON trace.
fn record_lab(dir: &str) -> String {
    let scratch = ScratchDir::new("diagram");
    let trace = scratch.path().join("trace.jsonl");
    let number = &dir[..2];
    let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(["run", number, "--json", "-o"])
        .arg(&trace)
        .args(lab_args(dir, scratch.path()))
        .env("NO_COLOR", "1")
        .env("IPCLAB_ROOT", root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("ipclab run");
    assert!(out.status.success(), "ipclab run {number} failed: {}", stderr(&out));
    fs::read_to_string(&trace).expect("the trace")
}

/// Draws `trace` into `file` with `ipclab diagram`, and returns the text.
fn draw(trace: &Path, file: &Path, extra: &[&str]) -> String {
    let mut args = vec![trace.to_str().unwrap(), "-o", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = ipclab(&[&["diagram"], &args[..]].concat());
    assert!(out.status.success(), "ipclab diagram {}: {}", trace.display(), stderr(&out));
    fs::read_to_string(file).expect("the diagram")
}

/// Compares a drawing with its committed file, or writes it when blessing.
fn check_golden(drawn: &str, golden: &Path) {
    if bless().is_some() {
        fs::write(golden, drawn).expect("write the golden file");
        return;
    }
    let name = golden.strip_prefix(root()).unwrap_or(golden).display().to_string();
    let Ok(committed) = fs::read_to_string(golden) else {
        panic!("{name} is missing; draw it with: IPCLAB_BLESS=1 cargo test --test diagrams");
    };
    if committed != drawn {
        let line = committed.lines().zip(drawn.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{} is out of date (first difference at line {}: expected {:?}, drawn {:?}); \
             draw it again with: IPCLAB_BLESS=1 cargo test --test diagrams",
            name,
            line + 1,
            committed.lines().nth(line).unwrap_or(""),
            drawn.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn every_lesson_shows_its_labs_diagram_drawn_from_its_recorded_trace() {
    let scratch = ScratchDir::new("diagram");
    for dir in labs() {
        let fixture = fixtures().join(format!("{dir}.jsonl"));
        if records(&dir) {
            fs::write(&fixture, normalise(&record_lab(&dir))).expect("write the trace");
        }
        assert!(
            fixture.exists(),
            "no recorded trace {}: run IPCLAB_BLESS=record cargo test --test diagrams",
            fixture.display()
        );
        let lab = root().join("labs").join(&dir);
        // The English lesson shows diagram.svg, the Korean one the same
        // trace drawn under Korean, diagram.ko.svg: one run draws both.
        let english = draw(&fixture, &scratch.path().join("d.svg"), &[]);
        check_golden(&english, &lab.join("diagram.svg"));
        let korean = draw_korean(&fixture, &scratch.path().join("d.ko.svg"));
        check_golden(&korean, &lab.join("diagram.ko.svg"));
        // What the Korean lesson's picture says in its own words is Korean
        // (the payloads it quotes and the program's name, `12_fd_passing`,
        // `lab12_fd_passing receiver`, are the program's).
        let own = without_payloads(&korean_chrome(&korean, "svg")).replace(dir.as_str(), "");
        if let Some(english) = ENGLISH_CHROME.iter().find(|e| own.contains(*e)) {
            panic!("labs/{dir}/diagram.ko.svg still says {english:?} in English");
        }
        for (readme, svg, other) in
            [("README.md", "diagram.svg", "diagram.ko.svg"), ("README.ko.md", "diagram.ko.svg", "diagram.svg")]
        {
            let lesson = fs::read_to_string(lab.join(readme)).expect("the lesson");
            assert!(lesson.contains(&format!("]({svg})")), "labs/{dir}/{readme} does not show its diagram ({svg})");
            assert!(
                !lesson.contains(&format!("]({other})")),
                "labs/{dir}/{readme} shows {other}, the other language's diagram: show {svg}"
            );
        }
    }
}

#[test]
fn each_lab_still_does_what_its_recorded_trace_shows() {
    if recording() {
        return; // the test above records them
    }
    for dir in labs() {
        let fixture = fs::read_to_string(fixtures().join(format!("{dir}.jsonl"))).expect("the recorded trace");
        let live = record_lab(&dir).replace(&root().display().to_string(), "/src/ipclab");
        let (was, now) = (shape(&fixture), shape(&live));
        let gone: Vec<&String> = was.difference(&now).collect();
        let new: Vec<&String> = now.difference(&was).collect();
        assert!(
            gone.is_empty() && new.is_empty(),
            "lab {dir} no longer does what its diagram shows (no longer: {gone:?}; new: {new:?}); \
             record it and draw it again: IPCLAB_BLESS=record cargo test --test diagrams"
        );
    }
}

#[test]
fn what_shared_memory_held_is_drawn_on_its_lane_for_a_segment_and_a_posix_object() {
    let scratch = ScratchDir::new("diagram");
    let trace = scratch.path().join("trace.jsonl");
    fs::write(&trace, record_lab("04_shared_memory")).expect("write the trace");
    let drawn = draw(&trace, &scratch.path().join("d.mmd"), &[]);
    // The POSIX object's greeting, read before each munmap.
    assert!(drawn.contains("holds \"greetings from the child"), "{drawn}");
    // The segment's counter, binary: shown as bytes.
    assert!(drawn.matches("holds ").count() >= 3, "{drawn}");
}

#[test]
fn a_counter_stored_between_semaphore_operations_is_drawn_going_up_before_any_detach() {
    let scratch = ScratchDir::new("diagram");
    let trace = scratch.path().join("trace.jsonl");
    fs::write(&trace, record_lab("05_semaphore")).expect("write the trace");
    let drawn = draw(&trace, &scratch.path().join("d.mmd"), &[]);
    // Lab 05's segment: 2 (the processes), then the counter at byte 8.
    let first_detach = drawn.find(": shmdt").expect("a shmdt");
    let before: Vec<&str> =
        drawn[..first_detach].lines().filter(|l| l.contains("holds bytes 02 00 00 00 00 00 00 00 ")).collect();
    assert!(before.len() >= 3, "the counter is seen at the semaphore operations, before any detach:\n{drawn}");
    // Exact bytes: the last detach shows 200 as c8, not as a lost byte.
    assert!(drawn.contains("holds bytes 02 00 00 00 00 00 00 00 c8"), "{drawn}");
    assert!(!drawn.contains("??"), "{drawn}");
}

/// A mutant's trace: the lab with one classic mistake, run under `ipclab trace`.
fn record_mutant(lab: &str, name: &str) -> String {
    let m = grade_support::mutants().into_iter().find(|m| m.lab == lab && m.name == name).expect("the mutant");
    let exe = grade_support::mutant_executables()[&m.bin()].clone();
    let scratch = ScratchDir::new("diagram");
    let trace = scratch.path().join("trace.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(["trace", "--json", "--cleanup", "--timeout", "2", "-o"])
        .arg(&trace)
        .arg("--")
        .arg(&exe)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("ipclab trace");
    let _ = out;
    let text = fs::read_to_string(&trace).expect("the trace");
    // The mutant's build directory is no part of the picture.
    text.replace(&exe.display().to_string(), &format!("/src/ipclab/target/debug/{}", m.bin()))
}

#[test]
fn a_hang_and_a_leak_are_drawn_as_their_golden_files() {
    let scratch = ScratchDir::new("diagram");
    for (lab, mutant, file) in [
        ("01_pipe", "child_keeps_write_end", "01_pipe_hang"),
        ("03_message_queue", "no_ipc_rmid", "03_message_queue_leak"),
    ] {
        let fixture = fixtures().join(format!("{file}.jsonl"));
        if records(file) {
            fs::write(&fixture, normalise(&record_mutant(lab, mutant))).expect("write the trace");
        }
        for ext in ["svg", "html", "mmd"] {
            let drawn = draw(&fixture, &scratch.path().join(format!("d.{ext}")), &[]);
            check_golden(&drawn, &fixtures().join(format!("{file}.{ext}")));
        }
    }
    let hang = fs::read_to_string(fixtures().join("01_pipe_hang.svg")).unwrap();
    for needle in ["time ran out", "blocked in read: never returned", "still holds the write end", "killed by SIGKILL"]
    {
        assert!(hang.contains(needle), "the hang's drawing shows {needle:?}");
    }
    let leak = fs::read_to_string(fixtures().join("03_message_queue_leak.svg")).unwrap();
    assert!(leak.contains("LEAKED: still in the kernel after the run"), "the leak is drawn");
    assert!(leak.contains(r##"stroke="#f76707""##), "in the warning colour");
}

// ---- the diagram in Korean ----

/// Draws `trace` into `file` with `ipclab --lang ko diagram`.
fn draw_korean(trace: &Path, file: &Path) -> String {
    let out = ipclab(&["--lang", "ko", "diagram", trace.to_str().unwrap(), "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "ipclab --lang ko diagram {}: {}", trace.display(), stderr(&out));
    fs::read_to_string(file).expect("the diagram")
}

/// The diagram's own English words (diagram.ftl's en-US), any one of which
/// in a Korean drawing is a message left untranslated. Quoted trace (call
/// names, payloads, the kernel lines and hang facts a JSON trace carries in
/// English) is left out of what is searched, by [`korean_chrome`].
const ENGLISH_CHROME: &[&str] = &[
    "blocked in",
    "sleeping in",
    "never returned",
    "waits in",
    "time ran out",
    "where each thread",
    "between calls",
    "LEAKED: still",
    "still in the kernel",
    "removed it",
    "remove it",
    "rounds",
    "drawn once",
    "exit 0",
    "killed by",
    "freed",
    "name removed",
    "gone by",
    "diagram of",
    "processes",
    "kernel object",
    "trace record",
    "Time runs down",
    "hover",
    "data into",
    "signal handler",
    "leaked object",
    "held by",
    "held 200 ms",
    "did not run",
    "made to fail",
    "(read)",
    "B (read",
    "(write)",
    "read end",
    "write end",
    "end of file",
    "child gets",
    "reaps",
    "arrives",
    "ended",
    "ignored",
    "handler runs",
    "zombie",
    "listening socket",
    "connection",
    "socket pair",
    "Unix socket",
    "SysV",
    "msg queue",
    "interrupted by",
    "returns",
    "at the entry of",
    "cut short",
    "passing",
    "receiving",
    "wait for 0",
    "(program)",
    "more step",
    "not drawn",
    "none left",
    "from ipclab",
    "default action",
    "starts (",
    "ends (",
    "Show",
    "every lane",
    "back<",
    "forward",
    "\"row \"",
    "\" rows\"",
];

/// What a Korean drawing says in its own words: an SVG's visible text (not
/// the hover titles, which quote the trace, nor the hang report's indented
/// fact and diagnosis lines, which a JSON trace carries in English); the
/// HTML page's controls and script around it; a Mermaid text's
/// participants, loops and notes (the hang note's head lines only).
fn korean_chrome(text: &str, ext: &str) -> String {
    let mut out = String::new();
    let svg_text = |svg: &str, out: &mut String| {
        for piece in svg.split("<text ").skip(1) {
            let Some(start) = piece.find('>') else { continue };
            let Some(end) = piece.find("</text>") else { continue };
            let shown = &piece[start + 1..end];
            if !shown.starts_with(' ') {
                out.push_str(shown);
                out.push('\n');
            }
        }
    };
    match ext {
        "svg" => svg_text(text, &mut out),
        "html" => {
            // The header's controls, the help line, what the script writes.
            let header = text.split_once("<header>").and_then(|(_, h)| h.split_once("</header>")).expect("a header");
            out.push_str(header.0);
            let svg = text.split_once("<svg ").and_then(|(_, s)| s.split_once("</svg>")).expect("the drawing");
            svg_text(svg.0, &mut out);
            for line in text.lines().filter(|l| l.starts_with("<pre id=\"info\">") || l.contains("textContent = ")) {
                out.push_str(line);
                out.push('\n');
            }
        }
        _ => {
            for line in text.lines() {
                match line.split_once(": ") {
                    Some((head, notes)) if head.trim_start().starts_with("Note over") && notes.contains("<br/>") => {
                        let heads = notes.split("<br/>").filter(|l| {
                            l.starts_with("pid ")
                                || l.chars().next().is_some_and(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c))
                        });
                        out.extend(heads.map(|l| format!("{l}\n")));
                    }
                    _ if line.trim_start().starts_with("participant ") => {
                        out.push_str(line.split_once(" as ").unwrap().1)
                    }
                    _ => out.push_str(line),
                }
                out.push('\n');
            }
        }
    }
    out
}

/// An SVG's text, line by line, without the payloads its labels quote
/// (`&quot;...&quot;`, an escaped quote `\&quot;` inside one kept in it;
/// one the drawing cut off, with no closing quote, to the end of its line).
fn without_payloads(text: &str) -> String {
    const QUOTE: &str = "&quot;";
    let mut out = String::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(open) = rest.find(QUOTE) {
            out.push_str(&rest[..open]);
            let inside = &rest[open + QUOTE.len()..];
            let mut at = 0;
            rest = "";
            while let Some(i) = inside[at..].find(QUOTE) {
                if inside[..at + i].ends_with('\\') {
                    at += i + QUOTE.len();
                    continue;
                }
                out.push_str("\"…\"");
                rest = &inside[at + i + QUOTE.len()..];
                break;
            }
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

#[test]
fn a_payload_is_left_out_of_what_a_korean_drawing_says_in_its_own_words() {
    let text = r#"sendmsg 건넴: &quot;the write end&quot; (쓰기 끝) &quot;a \&quot;quoted\&quot; end&quot; 끝"#;
    assert_eq!(without_payloads(text), "sendmsg 건넴: \"…\" (쓰기 끝) \"…\" 끝\n");
    assert_eq!(without_payloads("read end"), "read end\n");
    // A payload the drawing cut off (no closing quote) goes to the end of its line only.
    assert_eq!(without_payloads("write &quot;the write end…\nclose (write end)"), "write \nclose (write end)\n");
}

#[test]
fn under_korean_a_diagram_speaks_korean_in_every_format() {
    let scratch = ScratchDir::new("diagram");
    let traces = [
        "01_pipe_hang",
        "03_message_queue_leak",
        "05_semaphore",
        "06_signal",
        "07_socket",
        "13_locks",
        "diagram_sockets",
        "diagram_threads",
        "diagram_inject",
    ];
    for name in traces {
        let fixture = fixtures().join(format!("{name}.jsonl"));
        for ext in ["svg", "html", "mmd"] {
            let drawn = draw_korean(&fixture, &scratch.path().join(format!("ko.{ext}")));
            if matches!(name, "01_pipe_hang" | "03_message_queue_leak") {
                check_golden(&drawn, &fixtures().join(format!("{name}.ko.{ext}")));
            }
            let own = korean_chrome(&drawn, ext);
            for english in ENGLISH_CHROME {
                let at = own.find(english).map(|i| &own[own[..i].rfind('\n').map_or(0, |n| n + 1)..]);
                assert!(
                    at.is_none(),
                    "{name}.{ext} under --lang ko still says {english:?}: {:?}",
                    at.unwrap_or("").lines().next().unwrap_or("")
                );
            }
            assert!(own.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "{name}.{ext} has Hangul");
        }
    }
    let hang = fs::read_to_string(fixtures().join("01_pipe_hang.ko.svg")).unwrap();
    for korean in ["시간이 다 되어", "read에서 블록됨: 끝내 돌아오지 않음", "SIGKILL 시그널로 종료됨", "파이프"]
    {
        assert!(hang.contains(korean), "the hang's Korean drawing says {korean:?}");
    }
    // The trace read from a file is English by contract: its facts stay so.
    assert!(hang.contains("still holds the write end"), "the JSON's hang facts are quoted as they are");
    let leak = fs::read_to_string(fixtures().join("03_message_queue_leak.ko.mmd")).unwrap();
    assert!(leak.contains("LEAKED(누수): 실행이 끝난 뒤에도 커널에 남음"), "{leak}");
    let page = fs::read_to_string(fixtures().join("01_pipe_hang.ko.html")).unwrap();
    assert!(page.contains("<html lang=\"ko\">"), "the page says its language");
    assert!(page.contains(r#"pos.textContent = steps.length + "줄 중 " + (i + 1) + "번째 줄";"#), "the script's words");
    let english = fs::read_to_string(fixtures().join("01_pipe_hang.html")).unwrap();
    assert!(english.contains("<html lang=\"en\">"), "and English says English");
}

#[test]
fn a_live_run_under_korean_draws_the_kernel_lines_and_the_hang_report_the_text_trace_prints() {
    let prog = common::prog("hang_pipe");
    let scratch = ScratchDir::new("diagram");
    let (text, svg) = (scratch.path().join("trace.txt"), scratch.path().join("live.svg"));
    let path = |p: &std::path::Path| p.to_str().expect("a UTF-8 path").to_string();
    let (text_arg, svg_arg, prog_arg) = (path(&text), path(&svg), path(&prog));
    let out =
        ipclab(&["--lang", "ko", "trace", "--timeout", "1", "-o", &text_arg, "--diagram", &svg_arg, "--", &prog_arg]);
    assert_eq!(out.status.code(), Some(124), "{}", stderr(&out));
    let text = fs::read_to_string(&text).expect("the text trace");
    let svg = fs::read_to_string(&svg).expect("the live diagram");
    let unescape = |s: &str| {
        s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
    };
    let printed: BTreeSet<String> =
        text.lines().filter_map(|l| l.split_once("kernel: ")).map(|(_, k)| k.trim_end().to_string()).collect();
    let drawn: BTreeSet<String> = svg
        .split("\nkernel: ")
        .skip(1)
        .map(|k| unescape(k.split(['\n', '<']).next().unwrap_or("")).trim_end().to_string())
        .collect();
    assert!(!drawn.is_empty(), "the hover shows kernel lines");
    let korean = |s: &String| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
    assert!(drawn.iter().any(korean), "in Korean: {drawn:?}");
    let missing: Vec<&String> = drawn.difference(&printed).collect();
    assert!(missing.is_empty(), "kernel lines the text trace does not print: {missing:?}\n{printed:?}");
    // The hang report: the facts and the likely mistake as the text trace says them.
    assert!(svg.contains("안이 비어 있습니다") && !svg.contains(" is empty"), "the facts are Korean");
    assert!(text.contains("안이 비어 있습니다"), "as in the text trace");
}

/// A program of tests/diagram_progs traced with `ipclab trace --json` and
/// `options`; the run's directory (its one argument, for those that take
/// one) and the program's path written as fixed ones.
fn record_prog(name: &str, options: &[&str]) -> String {
    let exe = common::prog_in(&root().join("tests").join("diagram_progs"), name);
    let scratch = ScratchDir::new("diagram");
    let trace = scratch.path().join("trace.jsonl");
    let run = scratch.path().join("run");
    fs::create_dir(&run).expect("the run's directory");
    let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(["trace", "--json", "--timeout", "20", "-o"])
        .arg(&trace)
        .args(options)
        .arg("--")
        .arg(&exe)
        .args((name == "diagram_sockets").then_some(&run))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("ipclab trace");
    assert!(out.status.success(), "{name} failed under ipclab trace: {}", stderr(&out));
    fs::read_to_string(&trace)
        .expect("the trace")
        .replace(&run.display().to_string(), "/tmp/run")
        .replace(&exe.display().to_string(), &format!("/src/ipclab/target/test-progs/{name}"))
}

/// The `--inject` rules the golden drawing of diagram_inject was recorded with.
const INJECTED: [&str; 8] = [
    "--inject",
    "write:EINTR:when=1",
    "--inject",
    "read:short=5:when=1",
    "--inject",
    "write:delay=200:when=2",
    "--inject",
    "read:signal=SIGUSR1:when=2",
];

/// The participant id (`L3`) of the lane whose header starts with `header`.
fn participant(mmd: &str, header: &str) -> String {
    mmd.lines()
        .find_map(|l| l.trim().strip_prefix("participant ")?.split_once(" as ").filter(|(_, h)| h.starts_with(header)))
        .map(|(id, _)| id.to_string())
        .unwrap_or_else(|| panic!("no lane {header:?} in:\n{mmd}"))
}

#[test]
fn sockets_threads_and_injected_faults_are_drawn_as_their_golden_files() {
    let scratch = ScratchDir::new("diagram");
    let mut drawn = BTreeMap::new();
    for (name, options) in [("diagram_sockets", &[][..]), ("diagram_threads", &[]), ("diagram_inject", &INJECTED[..])] {
        let fixture = fixtures().join(format!("{name}.jsonl"));
        if records(name) {
            fs::write(&fixture, normalise(&record_prog(name, options))).expect("write the trace");
        }
        let mmd = draw(&fixture, &scratch.path().join("d.mmd"), &[]);
        check_golden(&mmd, &fixtures().join(format!("{name}.mmd")));
        let svg = draw(&fixture, &scratch.path().join("d.svg"), &[]);
        drawn.insert(name, (mmd, svg));
    }

    // Sockets: a lane per listening name, per connection, per bound datagram socket.
    let (mmd, _) = &drawn["diagram_sockets"];
    let listener = participant(mmd, "listening socket: /tmp/run/server.sock");
    for n in 1..=3 {
        let conn = participant(mmd, &format!("connection {n} to server.sock: socket:["));
        assert!(
            mmd.contains(&format!("->>{conn}: write \"client ")),
            "a client's line goes into connection {n}:\n{mmd}"
        );
        assert!(mmd.contains(&format!("{conn}->>")), "the server reads connection {n}:\n{mmd}");
    }
    assert_eq!(
        mmd.matches(&format!("->>{listener}: accept → fd ")).count(),
        3,
        "three accepts on the listener:\n{mmd}"
    );
    assert!(!mmd.contains(&format!("->>{listener}: write")), "no data through the listening socket:\n{mmd}");
    let abstract_conn = participant(mmd, "connection to @ipclab-diagram-");
    participant(mmd, "listening socket: @ipclab-diagram-");
    assert!(
        mmd.contains(&format!("L0->>{abstract_conn}: read = -1 ECONNRESET")),
        "the reset read, no data arrow:\n{mmd}"
    );
    let dgram = participant(mmd, "Unix socket, bound: /tmp/run/dgram.sock");
    assert!(mmd.contains(&format!("->>{dgram}: sendto \"datagram\"")), "the datagram goes to the bound name:\n{mmd}");
    assert!(mmd.contains(&format!("{dgram}->>L0: recvfrom \"datagram\"")), "{mmd}");

    // Threads: a mark where each starts and ends, each call labelled with its thread.
    let (mmd, svg) = &drawn["diagram_threads"];
    assert_eq!(mmd.matches("Note right of L0: thread ").count(), 6, "three starts, three ends:\n{mmd}");
    assert_eq!(mmd.lines().filter(|l| l.contains(" starts (clone") && l.contains("CLONE_THREAD)")).count(), 3, "{mmd}");
    for n in 0..3 {
        assert!(
            mmd.lines().any(|l| l.contains(": write \"thread ")
                && l.contains(&format!("\"thread {n}\\n\""))
                && l.contains("L0->>L1: thread ")),
            "thread {n}'s write says which thread made it:\n{mmd}"
        );
    }
    assert!(mmd.contains("L1->>L0: read \"thread 0\\n\""), "the main thread's read has no thread label:\n{mmd}");
    assert!(svg.contains("class=\"step s-thread\""), "thread marks are drawn");

    // Injected faults: the skipped write moves nothing, the short read says
    // how short, the delay is a bar, the signal comes from ipclab.
    let (mmd, svg) = &drawn["diagram_inject"];
    let skipped: Vec<&str> = mmd.lines().filter(|l| l.contains("did not run (--inject EINTR)")).collect();
    assert_eq!(skipped.len(), 1, "{mmd}");
    assert!(skipped[0].trim().starts_with("Note right of"), "a skipped call is no arrow: {}", skipped[0]);
    assert!(mmd.contains("read 5 of 64 B, cut short by --inject \"hello\""), "{mmd}");
    assert!(mmd.contains("write (held 200 ms by --inject) \"hello through the pipe\\n\""), "{mmd}");
    let ipclab_lane = participant(mmd, "ipclab: --inject");
    assert!(mmd.contains(&format!("{ipclab_lane}-)L0: SIGUSR1 at the entry of read (--inject)")), "{mmd}");
    assert!(mmd.contains("SIGUSR1 arrives (from ipclab): handler runs"), "{mmd}");
    assert!(svg.contains("<g class=\"span delayed\""), "the delay is a bar");
    assert!(svg.contains("held by --inject") && svg.contains("did not run"), "the legend says what they are");
}

#[test]
fn a_run_drawn_live_and_its_trace_drawn_afterwards_are_the_same_picture() {
    let prog = common::prog("pipe_fork");
    let scratch = ScratchDir::new("diagram");
    let (trace, live) = (scratch.path().join("t.jsonl"), scratch.path().join("live.svg"));
    let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(["trace", "--json", "-o"])
        .arg(&trace)
        .arg("--diagram")
        .arg(&live)
        .arg("--")
        .arg(&prog)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .expect("ipclab trace");
    assert!(out.status.success(), "{}", stderr(&out));
    let later = draw(&trace, &scratch.path().join("later.svg"), &[]);
    let live = fs::read_to_string(&live).expect("the live diagram");
    assert_eq!(live, later, "the live drawing and the drawing of its trace differ");
    assert!(live.contains("write &quot;hello&quot;"), "the pipe's write is drawn with its payload");
    assert!(live.contains("read → 0: end of file"), "the reader's EOF is drawn");
}

#[test]
fn a_diagram_file_of_an_unknown_kind_is_a_one_line_usage_error_before_anything_runs() {
    let scratch = ScratchDir::new("diagram");
    let marker = scratch.path().join("ran");
    let png = scratch.path().join("d.png");
    for args in [
        vec!["trace", "--diagram", png.to_str().unwrap(), "--", "touch", marker.to_str().unwrap()],
        vec!["diagram", "-", "-o", png.to_str().unwrap()],
    ] {
        let out = ipclab(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(".svg, .html or .mmd"), "names the formats: {err}");
    }
    assert!(!marker.exists(), "the program did not run");
    assert!(!png.exists(), "no file was made");
}

#[test]
fn a_trace_that_is_not_json_lines_is_refused_with_the_line_that_is_wrong() {
    let scratch = ScratchDir::new("diagram");
    let text = scratch.path().join("trace.txt");
    fs::write(&text, "{\"type\":\"syscall\",\"pid\":1,\"name\":\"getpid\",\"args\":{},\"ret\":1,\"errno\":null}\n 14312 pipe2([3, 4], 0) = 0\n").unwrap();
    let out = ipclab(&["diagram", text.to_str().unwrap(), "-o", scratch.path().join("d.svg").to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("line 2: not JSON") && err.contains("--json"), "{err}");
    let out = ipclab(&["diagram", scratch.path().join("none.jsonl").to_str().unwrap(), "-o", "d.svg"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read the trace"), "{}", stderr(&out));
    let empty = scratch.path().join("empty.jsonl");
    fs::write(&empty, "\n").unwrap();
    let out = ipclab(&["diagram", empty.to_str().unwrap(), "-o", scratch.path().join("d.svg").to_str().unwrap()]);
    assert!(stderr(&out).contains("no trace records"), "{}", stderr(&out));
}

#[test]
fn long_runs_fold_repeated_rounds_and_stop_at_the_limit() {
    let scratch = ScratchDir::new("diagram");
    let fixture = fixtures().join("05_semaphore.jsonl");
    let svg = draw(&fixture, &scratch.path().join("d.svg"), &[]);
    assert!(svg.contains("class=\"fold-times\">× "), "rounds of P and V fold");
    let short = draw(&fixture, &scratch.path().join("short.svg"), &["--diagram-limit", "12"]);
    assert_eq!(short.matches("<g class=\"step ").count(), 12, "twelve rows drawn");
    assert!(short.contains("more steps not drawn: the drawing stops after 12 rows"), "the gap says so");
    let out = ipclab(&["diagram", fixture.to_str().unwrap(), "-o", "x.svg", "--diagram-limit", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn an_svg_refers_to_nothing_outside_itself() {
    let scratch = ScratchDir::new("diagram");
    for (fixture, ext) in [("01_pipe_hang", "svg"), ("01_pipe_hang", "html"), ("07_socket", "html")] {
        let text = draw(&fixtures().join(format!("{fixture}.jsonl")), &scratch.path().join(format!("d.{ext}")), &[]);
        for bad in ["href=", "src=", "@import", "url(http", "@font-face", "<link", "<image", "fetch(", "XMLHttpRequest"]
        {
            assert!(!text.contains(bad), "{fixture}.{ext} refers outside itself: {bad}");
        }
        let outside: Vec<&str> = text.match_indices("http").map(|(i, _)| &text[i..(i + 30).min(text.len())]).collect();
        assert!(
            outside.iter().all(|u| u.starts_with("http://www.w3.org/2000/svg") || u.starts_with("http-equiv")),
            "{outside:?}"
        );
        assert!(text.contains("Malgun Gothic") && text.contains("Noto Sans CJK KR"), "a Hangul font is named");
    }
}

// ---- the Mermaid text, read by Mermaid ----

/// The `mermaid` package: `$IPCLAB_MERMAID`, or where .ci/run installs it
/// (`npm install --prefix target/mermaid mermaid@11.17.2`).
fn mermaid_package() -> Option<PathBuf> {
    let dir = std::env::var_os("IPCLAB_MERMAID")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target").join("mermaid").join("node_modules").join("mermaid"));
    dir.join("dist").join("mermaid.core.mjs").is_file().then_some(dir)
}

fn node() -> Option<PathBuf> {
    ["node", "nodejs"].iter().find_map(|name| {
        std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
    })
}

#[test]
fn every_mermaid_drawing_is_read_by_mermaids_own_parser() {
    let (Some(node), Some(package)) = (node(), mermaid_package()) else {
        eprintln!(
            "SKIPPED: node or the mermaid package is missing (.ci/run installs both: apt-get install nodejs npm, \
             npm install --prefix target/mermaid mermaid@11.17.2); no .mmd drawing was parsed"
        );
        return;
    };
    let scratch = ScratchDir::new("diagram");
    let mut files = Vec::new();
    let mut traces: Vec<PathBuf> = fs::read_dir(fixtures())
        .expect("the fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    traces.sort();
    for trace in &traces {
        let file = scratch.path().join(trace.with_extension("mmd").file_name().unwrap());
        draw(trace, &file, &[]);
        files.push(file);
        // And in Korean: the same keywords, the words Korean.
        let korean = scratch.path().join(trace.with_extension("ko.mmd").file_name().unwrap());
        draw_korean(trace, &korean);
        files.push(korean);
    }
    // A drawing the limit cut (its gap is a note across every lane).
    let cut = scratch.path().join("cut.mmd");
    draw(&fixtures().join("05_semaphore.jsonl"), &cut, &["--diagram-limit", "12"]);
    files.push(cut);
    let mut cmd = Command::new(node);
    cmd.arg(root().join("tests").join("mermaid").join("parse.mjs")).arg(&package).args(&files).stdin(Stdio::null());
    let out = common::run_with_deadline(&mut cmd, std::time::Duration::from_secs(120));
    let failed: Vec<&str> =
        out.stdout.lines().filter(|l| !l.starts_with("ok ") && !l.starts_with("mermaid ")).collect();
    assert!(
        out.status.success() && failed.is_empty(),
        "Mermaid's parser refused a drawing: {failed:#?}\n{}",
        out.stderr
    );
    assert_eq!(out.stdout.lines().filter(|l| l.starts_with("ok ")).count(), files.len(), "{}", out.stdout);
    assert!(traces.len() >= 18, "every fixture drawn: {}", traces.len());
}

// ---- the page in a real browser ----

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
    })
}

/// Runs the browser on `page` with its profile in `profile`. Chromium keeps
/// its shared memory in files it names `.org.chromium.Chromium.*`, in
/// /dev/shm by default, and leaves them there when it is killed or loaded
/// (the deadline, a CI machine under load): the tests must leave /dev/shm as
/// they found it, so those files go into a directory of this run's (removed
/// when this returns) through `--disable-dev-shm-usage` and TMPDIR. That
/// directory has a short path under the system's temporary directory: the
/// browser binds a socket in it, and a socket's path has at most 107 bytes.
fn run_chromium(browser: &Path, profile: &Path, extra: &[&str], page: &Path) -> Output {
    let tmp = ScratchDir::short("chromium");
    let url = format!("file://{}", page.display());
    let mut cmd = Command::new(browser);
    cmd.env("TMPDIR", tmp.path())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null());
    let finished = common::run_with_deadline(&mut cmd, std::time::Duration::from_secs(60));
    Output { status: finished.status, stdout: finished.stdout.into_bytes(), stderr: finished.stderr.into_bytes() }
}

#[test]
fn the_page_runs_its_script_in_a_real_browser_and_draws_the_lanes_and_arrows() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED: chromium is not installed (apt-get install -y chromium); the page was not rendered");
        return;
    };
    let scratch = ScratchDir::new("diagram");
    let page = scratch.path().join("hang.html");
    draw(&fixtures().join("01_pipe_hang.jsonl"), &page, &[]);
    let profile = scratch.path().join("profile");
    let dom = run_chromium(&browser, &profile, &["--dump-dom"], &page);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(dom_text.contains("data-ready=\"yes\""), "the script ran: {:?} {} {}", dom.status, dom_text, stderr(&dom));
    for lane in ["pid 4001", "pipe pipe:[90001]", "pid 4002"] {
        assert!(dom_text.contains(&format!(">{lane}")), "the lane filter lists {lane}");
    }
    let steps = dom_text.matches("<g class=\"step ").count();
    assert!(dom_text.contains(&format!("data-steps=\"{steps}\"")), "the script found every row ({steps})");
    assert!(dom_text.contains("data-detail=\""), "the rows carry their full calls");
    assert!(
        dom_text.contains("waits in read") && dom_text.contains("write &amp;quot;hello")
            || dom_text.contains("write \"hello")
    );

    let shot = scratch.path().join("shot.png");
    let profile = scratch.path().join("profile2");
    let out = run_chromium(
        &browser,
        &profile,
        &[&format!("--screenshot={}", shot.display()), "--window-size=1200,900"],
        &page,
    );
    assert!(shot.exists(), "chromium took a screenshot: {}", stderr(&out));
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let mut colours = BTreeSet::new();
    let mut ink = 0usize;
    for px in pixels.chunks(channels) {
        let rgb = (px[0], px[1], px[2 % channels]);
        if rgb.0 < 200 || rgb.1 < 200 || rgb.2 < 200 {
            ink += 1;
        }
        colours.insert((rgb.0 / 32, rgb.1 / 32, rgb.2 / 32));
    }
    let total = pixels.len() / channels;
    assert!(ink * 100 > total, "the screenshot is not blank: {ink} of {total} pixels drawn");
    assert!(colours.len() >= 6, "the screenshot has colours (lanes, arrows, the hang): {}", colours.len());
}

// ---- layout: what a student sees drawn over what ----

/// One text of a drawing as the reader sees it: where its glyphs (and its
/// white outline, for a label that has one) are, and what it says.
#[derive(Debug)]
struct TextBox {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    text: String,
}

impl TextBox {
    fn overlaps(&self, o: &TextBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// An attribute of an SVG tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The diagram's rule for how wide text is drawn, with no font at hand: a
/// Latin letter 0.6 of the font size, Hangul and CJK (two columns) a whole.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| {
            let wide = matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xA960..=0xA97F | 0xAC00..=0xD7A3
                | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x20000..=0x3FFFD);
            if wide { size } else { 0.6 * size }
        })
        .sum()
}

/// Every `<text>` of an SVG drawing as a box: its glyphs reach 0.9 of the
/// font size above the baseline (Hangul is that tall) and 0.25 below; a
/// label (`lbl`) has a white outline 1.75 pixels wide around them; a text
/// turned a quarter (a bar's label) runs down from its point.
fn text_boxes(svg: &str) -> Vec<TextBox> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<text ") {
        rest = &rest[at..];
        let close = rest.find('>').expect("a text tag ends");
        let tag = &rest[..close];
        let end = rest.find("</text>").expect("a text ends");
        let text = unescape(&rest[close + 1..end]);
        rest = &rest[end..];
        let class = attr(tag, "class").unwrap_or("");
        let has = |c: &str| class.split(' ').any(|k| k == c);
        let size = match attr(tag, "font-size") {
            Some(s) => s.parse().expect("a font size"),
            None if has("hdr-title") => 12.5,
            None if has("hdr-name") => 11.5,
            None if has("fold-times") => 14.0,
            None if has("small") || has("span-label") => 10.5,
            None => 12.0,
        };
        let num = |n: &str| attr(tag, n).map(|v| v.parse::<f64>().expect("a number")).unwrap_or(0.0);
        let (x, y) = (num("x"), num("y"));
        let w = text_width(&text, size);
        let halo = if has("lbl") { 1.75 } else { 0.0 };
        let (x0, x1, y0, y1) = if attr(tag, "transform").is_some_and(|t| t.starts_with("rotate(90")) {
            (x - 0.25 * size, x + 0.9 * size, y, y + w)
        } else {
            let x0 = match attr(tag, "text-anchor") {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            (x0, x0 + w, y - 0.9 * size, y + 0.25 * size)
        };
        out.push(TextBox { x0: x0 - halo, x1: x1 + halo, y0: y0 - halo, y1: y1 + halo, text });
    }
    out
}

/// Each lab's lesson diagram drawn now from its recorded trace, in both
/// languages, with the hang's and the leak's: (name, SVG).
fn lesson_drawings(scratch: &ScratchDir) -> Vec<(String, String)> {
    let mut traces: Vec<(String, PathBuf)> =
        labs().into_iter().map(|dir| (dir.clone(), fixtures().join(format!("{dir}.jsonl")))).collect();
    for extra in ["01_pipe_hang", "03_message_queue_leak"] {
        traces.push((extra.to_string(), fixtures().join(format!("{extra}.jsonl"))));
    }
    let mut out = Vec::new();
    for (name, trace) in traces {
        out.push((format!("{name} (English)"), draw(&trace, &scratch.path().join("l.svg"), &[])));
        out.push((format!("{name} (Korean)"), draw_korean(&trace, &scratch.path().join("l.ko.svg"))));
    }
    out
}

#[test]
fn no_text_of_a_lesson_diagram_is_drawn_over_another() {
    // A bar's vertical label across the arrows' labels (lab 13), a lane's
    // end note on the next row's label (lab 12): the reader sees neither.
    let scratch = ScratchDir::new("diagram-layout");
    let mut clashes = Vec::new();
    for (name, svg) in lesson_drawings(&scratch) {
        let boxes = text_boxes(&svg);
        assert!(boxes.len() > 10, "{name}: only {} texts found", boxes.len());
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                if a.overlaps(b) {
                    clashes.push(format!("{name}: {:?} over {:?}", a.text, b.text));
                }
            }
        }
    }
    assert!(clashes.is_empty(), "{} texts drawn over others:\n{}", clashes.len(), clashes.join("\n"));
}

#[test]
fn a_content_box_holds_its_text_with_room_above_and_below() {
    let scratch = ScratchDir::new("diagram-contents");
    let mut seen = 0;
    for (name, svg) in lesson_drawings(&scratch) {
        for step in svg.split("<g class=\"step s-contents").skip(1) {
            let step = &step[..step.find("</g>").expect("a step ends")];
            let rect = &step[step.find("<rect ").expect("a content box")..];
            let num = |n: &str| attr(rect, n).unwrap().parse::<f64>().unwrap();
            let (top, bottom) = (num("y"), num("y") + num("height"));
            let text = &text_boxes(step)[0];
            // The border (1 pixel) clears the glyphs and any outline they have.
            assert!(
                text.y0 >= top + 1.5 && text.y1 <= bottom - 1.5,
                "{name}: the box {top}..{bottom} runs through its text {:?} ({}..{})",
                text.text,
                text.y0,
                text.y1
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "no content box drawn in any lesson diagram (lab 04 has them)");
}

#[test]
fn every_row_says_what_happened_in_its_hover_text() {
    // `0.009746 s  pid 4002  ` and nothing more: an exit, a fork or an exec
    // drawn from its event record says the event as the text trace does.
    let scratch = ScratchDir::new("diagram-hover");
    let mut seen = BTreeSet::new();
    for (name, svg) in lesson_drawings(&scratch) {
        for step in svg.split("<g class=\"step ").skip(1) {
            let kind = step.split(['"', ' ']).next().unwrap_or("").to_string();
            let at = step.find("<title>").expect("a step has its hover text") + 7;
            let title = unescape(&step[at..at + step[at..].find("</title>").unwrap()]);
            let first = title.lines().next().unwrap_or("");
            // `TIME s  pid N  WHAT`, or `TIME s  WHAT` for the kernel view's.
            let mut said = first.split_once("  ").map_or("", |(_, rest)| rest);
            if said.starts_with("pid ") {
                said = said.split_once("  ").map_or("", |(_, rest)| rest);
            }
            assert!(
                !said.trim().is_empty() && first == first.trim_end(),
                "{name}: a {kind} row's hover text says nothing after the pid: {title:?}"
            );
            if kind == "s-exit" {
                assert!(
                    said.starts_with("+++ exited with ") || said.starts_with("+++ killed by "),
                    "{name}: {title:?}"
                );
            }
            seen.insert(kind);
        }
    }
    assert!(seen.contains("s-exit") && seen.contains("s-spawn"), "rows seen: {seen:?}");
}
