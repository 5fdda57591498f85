//! The decoders against strace, call by call: small C programs of our own
//! (tests/diff; named diff_* since compiled programs share one folder with
//! the corpus of tests/progs) make the calls the decoders must get right, with their
//! edge cases (bad pointers, short lengths, invalid sizes, garbage in the
//! upper half of int arguments); each runs under `strace -f -y` and under
//! `ipclab trace`, both without address randomisation, and every call
//! between the program's two markers must print the same.
//!
//! Before comparing, both lines are put in one form: the same bytes in a
//! string escaped one way (strace escapes in octal, ipclab in hex), spacing
//! before `=`, process ids as P0, P1..., inode numbers and times as N. The
//! differences of style docs/trace-format.md lists are put in strace's
//! form (each says why ipclab's teaches better): real-time signal names,
//! a struct rusage in full, msg_cbytes, IPC keys in hex, SETVAL's value.
//! Anything else that differs is a wrong or incomplete decode.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::strace::{CallLine, call_lines};
use common::{ScratchDir, run_with_deadline, strace_available};

const DEADLINE: Duration = Duration::from_secs(60);

fn diff_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("diff")
}

/// The calls between the markers, per task in order of first appearance.
fn between_markers(lines: &[CallLine]) -> Vec<CallLine> {
    let begin = lines.iter().position(|l| l.text.contains("\"ipclab-diff-begin\""));
    let end = lines.iter().position(|l| l.text.contains("\"ipclab-diff-end\""));
    match (begin, end) {
        (Some(b), Some(e)) if b < e => lines[b + 1..e].to_vec(),
        _ => panic!("the markers were not found in:\n{lines:#?}"),
    }
}

/// Runs `prog` under strace and under ipclab, both through `setarch -R`
/// (no address randomisation: a stack or heap address is the same in both),
/// and returns every completed call of each.
fn both(prog: &Path, tracer: &Path) -> (Vec<CallLine>, Vec<CallLine>) {
    let dir = ScratchDir::new("diff");
    let strace_out = dir.path().join("strace.txt");
    let ipclab_out = dir.path().join("ipclab.txt");
    let s = run_with_deadline(
        Command::new("setarch").args(["-R", "strace", "-f", "-qq", "-y", "-o"]).arg(&strace_out).arg("--").arg(prog),
        DEADLINE,
    );
    assert!(!s.timed_out, "strace ran out of time: {}", s.stderr);
    let i = run_with_deadline(
        Command::new("setarch")
            .arg("-R")
            .arg(tracer)
            .args(["trace", "--no-kernel", "--color", "never", "-o"])
            .arg(&ipclab_out)
            .arg("--")
            .arg(prog),
        DEADLINE,
    );
    assert!(!i.timed_out, "ipclab ran out of time: {}", i.stderr);
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    (call_lines(&read(&strace_out)), call_lines(&read(&ipclab_out)))
}

/// The calls of a dynamically linked program from its `main` on: the
/// first task's calls up to the loader's last one (its `munmap` of the
/// library cache) dropped.
fn after_startup(lines: &[CallLine]) -> Vec<CallLine> {
    let Some(root) = lines.first().map(|l| l.tid) else { return Vec::new() };
    match lines.iter().position(|l| l.tid == root && l.text.starts_with("munmap(")) {
        Some(at) => {
            lines.iter().enumerate().filter(|(i, l)| l.tid != root || *i > at).map(|(_, l)| l.clone()).collect()
        }
        None => panic!("the loader's munmap was not found in:\n{lines:#?}"),
    }
}

/// Reads the C string literal at the start of `s` (after its quote) into
/// bytes, with either tool's escapes; returns the bytes and the rest.
fn c_string(s: &str) -> (Vec<u8>, &str) {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => return (out, &s[i + 1..]),
            b'\\' if i + 1 < b.len() => {
                i += 1;
                match b[i] {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'v' => out.push(0x0b),
                    b'f' => out.push(0x0c),
                    b'x' => {
                        let hex = &s[i + 1..(i + 3).min(s.len())];
                        out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                        i += 2;
                    }
                    b'0'..=b'7' => {
                        let mut v = 0u32;
                        let mut n = 0;
                        while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                            v = v * 8 + (b[i] - b'0') as u32;
                            i += 1;
                            n += 1;
                        }
                        out.push(v as u8);
                        continue;
                    }
                    c => out.push(c),
                }
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, "")
}

/// Strings re-escaped in one way (with `style`: octal and hex escapes are a
/// difference of style); runs of spaces outside strings made one.
fn canonical_strings(line: &str, style: bool) -> String {
    let mut out = String::new();
    let mut rest = if style { line } else { "" };
    if !style {
        out.push_str(line);
    }
    while let Some(q) = rest.find('"') {
        out.push_str(&rest[..q]);
        let (bytes, after) = c_string(&rest[q + 1..]);
        out.push('"');
        for b in bytes {
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                0x20..=0x7e => out.push(b as char),
                _ => out.push_str(&format!("\\x{b:02x}")),
            }
        }
        out.push('"');
        rest = after;
    }
    out.push_str(rest);
    let mut squeezed = String::new();
    let mut in_string = false;
    let mut prev = ' ';
    let mut escaped = false;
    for c in out.chars() {
        if in_string {
            squeezed.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == ' ' && prev == ' ' {
            continue;
        } else if c == ')' && prev == ' ' {
            // A call joined from its unfinished and resumed halves.
            squeezed.pop();
            squeezed.push(c);
        } else {
            if c == '"' {
                in_string = true;
            }
            squeezed.push(c);
        }
        prev = c;
    }
    squeezed.replace("( ", "(")
}

/// Replaces the digits after each `key=` (and in `:[N]`) with N.
fn mask_numbers(line: &str, keys: &[&str]) -> String {
    let mut out = line.to_string();
    for key in keys {
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(key) {
            result.push_str(&rest[..at + key.len()]);
            rest = &rest[at + key.len()..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                result.push('N');
                rest = &rest[digits..];
            }
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// Replaces the struct that starts with `{start` by `replacement`.
fn replace_struct(line: &str, start: &str, replacement: &str) -> String {
    let Some(at) = line.find(start) else { return line.to_string() };
    let mut depth = 0;
    for (i, c) in line[at..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return format!("{}{replacement}{}", &line[..at], &line[at + i + 1..]);
                }
            }
            _ => {}
        }
    }
    line.to_string()
}

/// Whole-word occurrences of `from` replaced by `to`.
fn replace_word(line: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(from) {
        let before = out.chars().last().or_else(|| rest[..at].chars().last());
        let before = if at > 0 { rest[..at].chars().last() } else { before };
        let after = rest[at + from.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(if word(before) || word(after) { from } else { to });
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

const TIMES: &[&str] = &[
    ":[",
    "tv_sec=",
    "tv_nsec=",
    "tv_usec=",
    "si_utime=",
    "si_stime=",
    "_stime=",
    "_rtime=",
    "_ctime=",
    "_atime=",
    "_dtime=",
    "_otime=",
    "shm_rss=",
    "shm_tot=",
    "used_ids=",
    "msgpool=",
    "msgtql=",
    "msgmap=",
    "semusz=",
    "semaem=",
    // An ephemeral port the kernel chose.
    "sin_port=htons(",
];

/// One line in the form both tools are compared in: what differs from run
/// to run masked and, with `style`, the differences of style
/// docs/trace-format.md lists put in one form.
fn normalise(
    line: &str,
    pids: &BTreeMap<i32, String>,
    ids: &[(String, String)],
    ipclab: bool,
    style: bool,
    m32: bool,
) -> String {
    let mut l = canonical_strings(line, style);
    if style && m32 {
        l = indirect_ipc_in_one_form(&l, ipclab);
    }
    if style {
        l = sorted_flags(&l, "sa_flags=");
        // A signal returned (rt_sigtimedwait): strace gives its number too.
        if let Some(at) = l.rfind(" = ") {
            let tail = &l[at + 3..];
            if let Some((num, name)) = tail.split_once(" (SIG") {
                if num.parse::<i32>().is_ok() && name.ends_with(')') {
                    l = format!("{} = SIG{}", &l[..at], &name[..name.len() - 1]);
                }
            }
        }
    }
    // A struct signalfd_siginfo read as bytes holds the sender's pid.
    if let Some(at) = l.find("<anon_inode:[signalfd]>, \"") {
        let start = at + "<anon_inode:[signalfd]>, \"".len();
        if let Some(len) = l[start..].find("\"...") {
            l.replace_range(start..start + len, "SIGINFO");
        }
    }
    // ipclab's styles, in strace's form (docs/trace-format.md says why).
    if style && ipclab {
        l = replace_struct(&l, "{ru_utime=", "{RUSAGE}");
        if let Some(at) = l.find("msg_cbytes=") {
            let end = l[at..].find(", ").map(|e| at + e + 2).unwrap_or(l.len());
            l.replace_range(at..end, "");
        }
        l = l.replace("key=IPC_PRIVATE", "key=0");
        while let Some(at) = l.find("key=0x") {
            let hex: String = l[at + 6..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
            let v = u64::from_str_radix(&hex, 16).unwrap_or(0);
            l.replace_range(at..at + 6 + hex.len(), &format!("key={v}"));
        }
    } else if style {
        l = replace_struct(&l, "{ru_utime=", "{RUSAGE}");
        // strace -y names the working directory after AT_FDCWD, and puts a
        // deleted file's mark after the annotation: ipclab does neither.
        while let Some(at) = l.find("AT_FDCWD<") {
            let end = l[at..].find('>').map(|e| at + e + 1).unwrap_or(l.len());
            l.replace_range(at..end, "AT_FDCWD");
        }
        l = l.replace(">(deleted)", " (deleted)>");
        // A network interface by name: decoding reads no files, so ipclab
        // shows its index (the loopback's, in the test's namespace or not).
        l = l.replace("sll_ifindex=if_nametoindex(\"lo\")", "sll_ifindex=1");
        // semctl's commands that read no fourth argument: ipclab shows the
        // call as C writes it, with three.
        for cmd in ["IPC_RMID", "GETPID", "GETVAL", "GETNCNT", "GETZCNT"] {
            if l.starts_with("semctl(") {
                l = l.replace(&format!("{cmd}, NULL)"), &format!("{cmd})"));
            }
        }
        // strace 6.1 prints unknown bits of a *get call's flags and the
        // mode with no separator between them (0xface10000600).
        l = l.replace("0xface10000600", "0xface1000|0600");
        l = l.replace("SIGRT_", "SIGRTMIN+").replace("RT_", "RTMIN+");
        if let Some(at) = l.find("SETVAL, 0x") {
            let hex: String = l[at + 10..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
            let v = u64::from_str_radix(&hex, 16).unwrap_or(0);
            l.replace_range(at + 8..at + 10 + hex.len(), &v.to_string());
        }
    }
    for (pid, name) in pids.iter().rev() {
        l = replace_word(&l, &pid.to_string(), name);
    }
    for (id, name) in ids {
        l = replace_word(&l, id, name);
    }
    // clone's arguments are a style apart (docs/trace-format.md): its
    // name and result are compared.
    if style && l.starts_with("clone(") {
        l = format!("clone(...) = {}", l.rsplit(" = ").next().unwrap_or(""));
    }
    // What IPC_INFO and the *_INFO commands return (the highest index in
    // use) depends on the rest of the machine.
    if ["IPC_INFO,", "MSG_INFO,", "SHM_INFO,", "SEM_INFO,"].iter().any(|c| l.contains(c)) {
        if let Some(at) = l.rfind(" = ") {
            l.replace_range(at.., " = N");
        }
    }
    if let Some(at) = l.find("ipclab-diff-fds") {
        let start = at + "ipclab-diff-fds".len();
        let end = l[start..].find(|c: char| !c.is_ascii_alphanumeric()).map(|e| start + e).unwrap_or(l.len());
        l.replace_range(start..end, "X");
    }
    mask_numbers(&l, TIMES)
}

/// A 32-bit program's System V calls go through ipc(2), whose sub-calls
/// strace 6.1 prints otherwise than the direct calls (docs/trace-format.md):
/// semctl's fourth argument by reference (`[0x1]`, `[NULL]`); msgrcv's
/// whole buffer (msgsz bytes, past the message's end) and, when the call
/// fails, no msgtyp. Both lines are put in one form: the reference
/// unwrapped, the text's trailing NULs dropped, a failed msgrcv's msgtyp
/// dropped.
fn indirect_ipc_in_one_form(line: &str, ipclab: bool) -> String {
    let mut l = line.to_string();
    if !ipclab && l.starts_with("semctl(") {
        if let (Some(open), Some(close)) = (l.rfind(", ["), l.rfind("]) = ")) {
            if open < close {
                l = format!("{}, {}{}", &l[..open], &l[open + 3..close], &l[close + 1..]);
            }
        }
    }
    if l.starts_with("msgrcv(") {
        if let Some(at) = l.find("mtext=\"") {
            let start = at + 7;
            if let Some(len) = l[start..].find('"') {
                let text = l[start..start + len].to_string();
                let mut trimmed = text.as_str();
                while let Some(t) = trimmed.strip_suffix("\\0").or_else(|| trimmed.strip_suffix("\\x00")) {
                    trimmed = t;
                }
                l.replace_range(start..start + len, trimmed);
            }
        }
        if l.contains(") = -1 ") {
            // msgrcv(ID, BUF, SIZE, TYPE, FLAGS): strace shows the address
            // of the ipc_kludge that holds BUF and TYPE, and no TYPE.
            let parts: Vec<&str> = l.splitn(5, ", ").collect();
            if ipclab && parts.len() == 5 {
                l = format!("{}, BUF, {}, {}", parts[0], parts[2], parts[4]);
            } else if parts.len() == 4 {
                l = format!("{}, BUF, {}, {}", parts[0], parts[2], parts[3]);
            }
        }
    }
    l
}

/// Flags of a set in one order (strace lists sa_flags in its table's
/// order, ipclab by bit value: docs/trace-format.md).
fn sorted_flags(line: &str, key: &str) -> String {
    let Some(at) = line.find(key) else { return line.to_string() };
    let start = at + key.len();
    let end = line[start..].find([',', '}']).map_or(line.len(), |e| start + e);
    let mut flags: Vec<&str> = line[start..end].split('|').collect();
    flags.sort_unstable();
    format!("{}{}{}", &line[..start], flags.join("|"), &line[end..])
}

/// The System V ids a run's *get calls returned, named by order: ID0, ...
fn ipc_ids(lines: &[CallLine]) -> Vec<(String, String)> {
    let mut ids = Vec::new();
    for l in lines {
        let made = ["msgget(", "shmget(", "semget("].iter().any(|p| l.text.starts_with(p));
        let ret = l.text.rsplit(" = ").next().and_then(|r| r.trim().parse::<i64>().ok());
        if let (true, Some(id)) = (made, ret.filter(|&r| r >= 0)) {
            ids.push((id.to_string(), format!("ID{}", ids.len())));
        }
    }
    ids
}

/// The tasks of a run named by order of appearance: P0, P1, ...
fn pid_names(lines: &[CallLine]) -> BTreeMap<i32, String> {
    let mut names = BTreeMap::new();
    for l in lines {
        let n = names.len();
        names.entry(l.tid).or_insert_with(|| format!("P{n}"));
    }
    names
}

/// How one call of a program printed under both tools.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    /// The same line, once what differs between runs is masked.
    Identical,
    /// The same once the differences of style docs/trace-format.md lists
    /// are put in one form.
    Cosmetic,
    /// A value or a part of the call that differs: a wrong or incomplete
    /// decode (or a call one tool printed and the other did not).
    Wrong,
}

/// Compares `name`'s calls under strace and under `tracer` (an ipclab
/// binary); returns each call's verdict and the wrong ones, described.
fn classify(name: &str, tracer: &Path) -> (Vec<Verdict>, String) {
    let prog = common::prog_in(&diff_dir(), name);
    let (s, i) = both(&prog, tracer);
    compare(name, &between_markers(&s), &between_markers(&i), false)
}

/// Each call's verdict, strace's lines `s` against ipclab's `i`, and the
/// wrong ones described; `m32` for a 32-bit program's.
fn compare(name: &str, s: &[CallLine], i: &[CallLine], m32: bool) -> (Vec<Verdict>, String) {
    let (sp, ip) = (pid_names(s), pid_names(i));
    let per_task = |lines: &[CallLine], pids: &BTreeMap<i32, String>, ipclab: bool, style: bool| {
        let ids = ipc_ids(lines);
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for l in lines {
            map.entry(pids[&l.tid].clone()).or_default().push(normalise(&l.text, pids, &ids, ipclab, style, m32));
        }
        map
    };
    let (s_raw, i_raw) = (per_task(s, &sp, false, false), per_task(i, &ip, true, false));
    let (s, i) = (per_task(s, &sp, false, true), per_task(i, &ip, true, true));
    let mut verdicts = Vec::new();
    let mut report = String::new();
    for task in s.keys().chain(i.keys()).collect::<std::collections::BTreeSet<_>>() {
        let empty = Vec::new();
        let (a, b) = (s.get(task).unwrap_or(&empty), i.get(task).unwrap_or(&empty));
        let (a_raw, b_raw) = (s_raw.get(task).unwrap_or(&empty), i_raw.get(task).unwrap_or(&empty));
        for k in 0..a.len().max(b.len()) {
            let (x, y) =
                (a.get(k).map(String::as_str).unwrap_or("(none)"), b.get(k).map(String::as_str).unwrap_or("(none)"));
            if x != y {
                verdicts.push(Verdict::Wrong);
                report.push_str(&format!("{name} {task} call {k}:\n  strace: {x}\n  ipclab: {y}\n"));
            } else if a_raw.get(k) == b_raw.get(k) {
                verdicts.push(Verdict::Identical);
            } else {
                verdicts.push(Verdict::Cosmetic);
            }
        }
    }
    (verdicts, report)
}

/// The ipclab under test.
fn ipclab() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ipclab"))
}

macro_rules! differential {
    ($($name:ident),* $(,)?) => { $(
        #[test]
        fn $name() {
            if !strace_available() {
                eprintln!("skipped: strace is not installed");
                return;
            }
            let (_, report) = classify(stringify!($name), ipclab());
            assert!(report.is_empty(), "ipclab and strace differ:\n{report}");
        }
    )* };
}

/// The corpus programs of tests/progs built as 32-bit programs (`gcc
/// -m32`, i386): every call from `main` on prints as under strace, System
/// V IPC and sockets through the ipc(2) and socketcall(2) multiplexers.
macro_rules! differential_m32 {
    ($($test:ident: $prog:literal),* $(,)?) => { $(
        #[test]
        fn $test() {
            if !strace_available() {
                eprintln!("skipped: strace is not installed");
                return;
            }
            let prog = match common::try_prog_m32($prog) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    return;
                }
            };
            let (s, i) = both(&prog, ipclab());
            let (verdicts, report) = compare(concat!($prog, " -m32"), &after_startup(&s), &after_startup(&i), true);
            assert!(report.is_empty(), "ipclab and strace differ on a 32-bit program:\n{report}");
            assert!(verdicts.len() >= 3, "too few calls compared: {verdicts:?}");
        }
    )* };
}

differential_m32!(
    m32_sysv_msg: "sysv_msg",
    m32_sysv_shm: "sysv_shm",
    m32_sysv_sem: "sysv_sem",
    m32_pipe_fork: "pipe_fork",
    m32_posix_mq: "posix_mq",
    m32_signals: "signals",
    m32_sockets: "sockets",
    m32_files: "files",
);

const PROGRAMS: [&str; 6] = ["diff_fds", "diff_ipc", "diff_sockets", "diff_signals", "diff_misc", "diff_more"];

differential!(diff_fds, diff_ipc, diff_sockets, diff_signals, diff_misc, diff_more);

/// A measurement, not a check (the tests above are the checks): how many
/// calls, and programs, of the suite print identically, differ only in
/// style, or differ in a value, under the ipclab of this build or the one
/// IPCLAB_DIFF_TRACER names (an earlier build, to measure a change):
///
/// ```text
/// IPCLAB_DIFF_TRACER=/path/to/ipclab cargo test --test decode_diff -- --ignored --nocapture
/// ```
#[test]
#[ignore = "a measurement: prints the figures docs/trace-format.md gives"]
fn figures() {
    if !strace_available() {
        eprintln!("skipped: strace is not installed");
        return;
    }
    let tracer = std::env::var_os("IPCLAB_DIFF_TRACER").map(PathBuf::from).unwrap_or_else(|| ipclab().into());
    let (mut calls, mut programs) = ([0usize; 3], [0usize; 3]);
    let index = |v: Verdict| v as usize;
    for name in PROGRAMS {
        let (verdicts, report) = classify(name, &tracer);
        for v in &verdicts {
            calls[index(*v)] += 1;
        }
        let worst = verdicts.iter().copied().max_by_key(|v| index(*v)).unwrap_or(Verdict::Identical);
        programs[index(worst)] += 1;
        let count = |v: Verdict| verdicts.iter().filter(|x| **x == v).count();
        println!(
            "{name}: {} calls: {} identical, {} cosmetic, {} wrong",
            verdicts.len(),
            count(Verdict::Identical),
            count(Verdict::Cosmetic),
            count(Verdict::Wrong)
        );
        print!("{report}");
    }
    println!(
        "{}: calls {} identical, {} cosmetic, {} wrong of {}; programs {} identical, {} cosmetic, {} wrong of {}",
        tracer.display(),
        calls[0],
        calls[1],
        calls[2],
        calls.iter().sum::<usize>(),
        programs[0],
        programs[1],
        programs[2],
        PROGRAMS.len()
    );
}

/// Every call the programs of the differential suite and of the corpus
/// make, traced in JSON: none may have its arguments as raw registers
/// (`arg0`..`arg5`, what a call without a decoder shows). Lists them all.
#[test]
fn no_call_is_printed_with_raw_registers() {
    let mut progs: Vec<PathBuf> = PROGRAMS.iter().map(|n| common::prog_in(&diff_dir(), n)).collect();
    progs.extend(["threads", "memory", "sockets", "signals", "posix_mq", "files"].iter().map(|n| common::prog(n)));
    let mut raw = Vec::new();
    for prog in &progs {
        let out = run_with_deadline(
            Command::new(ipclab()).args(["trace", "--json", "--no-kernel", "--"]).arg(prog),
            DEADLINE,
        );
        for line in out.stderr.lines().filter(|l| l.contains("\"type\":\"syscall\"")) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            if v["args"].get("arg0").is_some() {
                raw.push(format!("{}: {}", prog.display(), v["name"]));
            }
        }
    }
    assert!(raw.is_empty(), "calls printed with raw registers:\n{}", raw.join("\n"));
}
