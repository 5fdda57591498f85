//! strace as the reference tracer: run a program under `strace -f`, parse
//! what it wrote into the calls each task made, and name the tasks by their
//! place in the process tree so that two runs (or strace and ipclab) can be
//! compared although their pids differ.
//!
//! strace is run as `strace -f -qq -o FILE -- PROG ARGS`: `-f` follows every
//! fork, vfork and clone; `-qq` drops attach/detach and "exited with" notes;
//! `-o` writes one line per event prefixed by the tid, apart from the
//! program's own output. Arguments keep strace's default decoding: the parser
//! skips them by matching quotes and brackets, so decoded strings and
//! structures cannot confuse it, and only the name and return value are kept.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use super::{Finished, ScratchDir, interrupt_once_blocked, run_with_deadline};

/// Calls that create a task; their return value is the new task's tid.
pub const CREATING_CALLS: [&str; 4] = ["fork", "vfork", "clone", "clone3"];

/// One completed (or abandoned) system call of one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The task (thread) id that made the call.
    pub tid: i32,
    /// The kernel's name of the call, e.g. "msgsnd", "clone3", "exit_group".
    pub name: String,
    /// The return value as strace prints it (-1 on error); None when the call
    /// never returned (exit_group, a task killed while blocked) or returned
    /// only to be restarted ("= ? ERESTARTSYS").
    pub ret: Option<i64>,
    /// The errno name on failure, e.g. "ENOMSG", "ERESTARTNOHAND".
    pub errno: Option<String>,
}

impl Call {
    /// A successful call.
    pub fn new(tid: i32, name: &str, ret: Option<i64>) -> Call {
        Call { tid, name: name.to_string(), ret, errno: None }
    }
}

/// Whether an `strace` that runs is on PATH.
pub fn strace_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| Command::new("strace").arg("-V").output().is_ok_and(|o| o.status.success()))
}

/// What one run under strace gave: how it ended and the calls it made.
#[derive(Debug)]
pub struct StraceRun {
    /// strace's own ending, which mirrors the program's (strace exits with
    /// its code, or 128+N after a signal N killed it).
    pub finished: Finished,
    pub calls: Vec<Call>,
}

/// Runs `strace -f -qq -o FILE -- prog args` with a deadline (after which
/// strace and everything it traces are killed; the calls seen so far are
/// still returned) and parses FILE.
pub fn strace_run(prog: &Path, args: &[&str], deadline: Duration) -> StraceRun {
    strace_until(prog, args, deadline, None)
}

/// Runs a program that hangs under `strace -f` as [`strace_run`] does, and
/// interrupts strace (Ctrl-C) once the program's processes all sleep in the
/// calls `blocked_in` names (see [`super::interrupt_once_blocked`]).
pub fn strace_run_until_blocked(prog: &Path, args: &[&str], blocked_in: &[&[i64]], deadline: Duration) -> StraceRun {
    strace_until(prog, args, deadline, Some(blocked_in))
}

fn strace_until(prog: &Path, args: &[&str], deadline: Duration, blocked_in: Option<&[&[i64]]>) -> StraceRun {
    let dir = ScratchDir::new("strace");
    let log = dir.path().join("strace.txt");
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-o"]).arg(&log).env_remove("LD_LIBRARY_PATH").arg("--").arg(prog).args(args);
    let finished = match blocked_in {
        Some(calls) => interrupt_once_blocked(&mut cmd, calls, deadline),
        None => run_with_deadline(&mut cmd, deadline),
    };
    let text = fs::read_to_string(&log).unwrap_or_else(|e| {
        panic!("strace wrote no log for {} ({e}); its stderr: {}", prog.display(), finished.stderr)
    });
    StraceRun { finished, calls: parse_strace(&text) }
}

/// The calls `strace -f` records for `prog args`, in order of completion.
/// The program is killed after 60 s.
pub fn strace_calls(prog: &Path, args: &[&str]) -> Vec<Call> {
    strace_run(prog, args, Duration::from_secs(60)).calls
}

/// Parses the output of `strace -f` (lines prefixed `TID ` as with `-o`, or
/// `[pid TID] ` as on stderr; lines without a prefix belong to tid 0) into
/// calls in order of completion.
///
/// A call split by another task's line (`read(3,  <unfinished ...>` ...
/// `<... read resumed>"hi", 64) = 2`) is one call, placed where it resumed.
/// A call that is still open when its task is killed or exits, or when the
/// log ends (strace itself killed mid-line), is kept with `ret: None`.
/// Signal deliveries (`--- SIGCHLD ... ---`), stops and exit notes
/// (`+++ killed by SIGSEGV +++`) are not calls and are skipped.
pub fn parse_strace(text: &str) -> Vec<Call> {
    let mut calls = Vec::new();
    // Each task's open call, with the line number it was entered on.
    let mut open: HashMap<i32, (usize, String)> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let (tid, rest) = split_tid(line);
        let rest = rest.trim();
        if rest.starts_with("+++") {
            // The task is gone: a call it had open will never return.
            if let Some((_, name)) = open.remove(&tid) {
                calls.push(Call::new(tid, &name, None));
            }
            continue;
        }
        if rest.starts_with("---") || rest.is_empty() {
            continue;
        }
        if let Some(resumed) = rest.strip_prefix("<... ") {
            let Some((name, tail)) = resumed.split_once(" resumed>") else {
                continue;
            };
            open.remove(&tid);
            let (ret, errno) = parse_return(tail, 1);
            calls.push(Call { tid, name: name.to_string(), ret, errno });
            continue;
        }
        let Some(paren) = rest.find('(') else {
            continue; // not a call line (an strace warning, say)
        };
        let name = &rest[..paren];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '?') {
            continue;
        }
        if rest.ends_with("<unfinished ...>") {
            open.insert(tid, (n, name.to_string()));
            continue;
        }
        match find_return(&rest[paren..], 0) {
            Some(tail) => {
                let (ret, errno) = parse_value(tail);
                calls.push(Call { tid, name: name.to_string(), ret, errno });
            }
            // A line cut short: strace was killed while the call was open.
            None => {
                open.insert(tid, (n, name.to_string()));
            }
        }
    }
    // Calls still open when the log ended, in the order they were entered.
    let mut left: Vec<_> = open.into_iter().collect();
    left.sort_by_key(|(_, (n, _))| *n);
    calls.extend(left.into_iter().map(|(tid, (_, name))| Call::new(tid, &name, None)));
    calls
}

/// Splits `"1234  read(..."` or `"[pid  1234] read(..."` into the tid and the rest.
fn split_tid(line: &str) -> (i32, &str) {
    if let Some(rest) = line.strip_prefix("[pid") {
        if let Some((num, after)) = rest.split_once(']') {
            if let Ok(tid) = num.trim().parse() {
                return (tid, after);
            }
        }
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && line[digits..].starts_with(' ') {
        if let Ok(tid) = line[..digits].parse() {
            return (tid, &line[digits..]);
        }
    }
    (0, line)
}

/// The return value and errno after the argument list of a line, which is
/// entered `depth` brackets deep (0 at the call's opening parenthesis, 1 in
/// a resumed tail).
fn parse_return(tail: &str, depth: usize) -> (Option<i64>, Option<String>) {
    match find_return(tail, depth) {
        Some(value) => parse_value(value),
        None => (None, None),
    }
}

/// Finds the text after `= ` that follows the argument list, skipping
/// quoted strings (with their `\"` escapes) and nested `()`, `[]`, `{}`.
fn find_return(text: &str, mut depth: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && b == b')' {
                        let after = text[i + 1..].trim_start();
                        return after.strip_prefix('=').map(str::trim_start);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Parses `5`, `0x7f12...`, `-1 ENOENT (No such file...)`, `? ERESTARTSYS (...)`,
/// `10 (SIGUSR1)` into the value and the errno name.
fn parse_value(value: &str) -> (Option<i64>, Option<String>) {
    let mut words = value.split_whitespace();
    let ret = words.next().and_then(|w| {
        // -y style annotations: `3</tmp/x>`.
        let w = w.split('<').next().unwrap_or(w);
        match w.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16).ok().map(|v| v as i64),
            None => w.parse().ok(),
        }
    });
    let errno = words
        .next()
        .filter(|w| {
            w.len() > 1
                && w.starts_with('E')
                && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_string);
    (ret, errno)
}

/// Names every task by its place in the process tree: the first task in the
/// log (the traced program) is "0", and the k-th task (from 1) that task "T"
/// created with fork, vfork, clone or clone3 (the call's return value being
/// the new tid) is "T.k". Threads are tasks too. A task nothing created
/// keeps "?TID", which makes a comparison fail visibly.
///
/// Assumes tids are not reused within one run (pid_max is large).
pub fn task_names(calls: &[Call]) -> BTreeMap<i32, String> {
    let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
    for call in calls {
        if CREATING_CALLS.contains(&call.name.as_str()) {
            if let Some(child) = call.ret.filter(|&r| r > 0) {
                children.entry(call.tid).or_default().push(child as i32);
            }
        }
    }
    let mut names = BTreeMap::new();
    let Some(root) = calls.first().map(|c| c.tid) else {
        return names;
    };
    let mut queue = vec![(root, "0".to_string())];
    while let Some((tid, name)) = queue.pop() {
        for (k, &child) in children.get(&tid).into_iter().flatten().enumerate() {
            queue.push((child, format!("{name}.{}", k + 1)));
        }
        names.insert(tid, name);
    }
    for call in calls {
        names.entry(call.tid).or_insert_with(|| format!("?{}", call.tid));
    }
    names
}

/// The sequence of call names of each task, keyed by the task's name from
/// [`task_names`], so that two runs of one program compare equal although
/// their tids differ.
pub fn per_process(calls: &[Call]) -> BTreeMap<String, Vec<String>> {
    let names = task_names(calls);
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for call in calls {
        map.entry(names[&call.tid].clone()).or_default().push(call.name.clone());
    }
    map
}

/// Per-task call sequences, one line per task, for failure messages.
pub fn show(map: &BTreeMap<String, Vec<String>>) -> String {
    map.iter().map(|(task, calls)| format!("  {task}: {}\n", calls.join(" "))).collect()
}

/// The tasks whose sequences differ between `a` (labelled `left`) and `b`
/// (`right`), both sequences shown; empty when they agree.
pub fn differences(
    a: &BTreeMap<String, Vec<String>>,
    b: &BTreeMap<String, Vec<String>>,
    left: &str,
    right: &str,
) -> String {
    let tasks: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    tasks
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| format!("task {k}:\n  {left}: {:?}\n  {right}: {:?}\n", a.get(k), b.get(k)))
        .collect()
}

/// Errors with which the kernel interrupts a call to restart it once a
/// signal has been dealt with; a tracer sees them, the program never does.
pub const RESTART_ERRNOS: [&str; 4] = ["ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ERESTART_RESTARTBLOCK"];

/// The calls with every interrupted-and-restarted call counted once.
///
/// Under ptrace every signal, even an ignored SIGCHLD, interrupts a blocking
/// call; the kernel restarts it and a tracer records two calls
/// (`wait4(...) = ? ERESTARTSYS`, `--- SIGCHLD ---`, `wait4(...) = 1234`),
/// or the second one as `restart_syscall`. Whether that happens depends on
/// timing, so comparisons use this form: an interrupted call whose task's
/// next call is the same call or `restart_syscall` is dropped, and a
/// `restart_syscall` takes the name of the call it continues. Calls that
/// return EINTR to the program (rt_sigsuspend, pause, anything interrupted
/// by a handler, whose rt_sigreturn comes next) stay.
pub fn collapse_restarts(calls: &[Call]) -> Vec<Call> {
    // The index of each call's task's next call.
    let mut next = vec![None; calls.len()];
    let mut last: HashMap<i32, usize> = HashMap::new();
    for (i, call) in calls.iter().enumerate() {
        if let Some(prev) = last.insert(call.tid, i) {
            next[prev] = Some(i);
        }
    }
    let mut renamed: HashMap<usize, String> = HashMap::new();
    let mut out = Vec::with_capacity(calls.len());
    for (i, call) in calls.iter().enumerate() {
        let name = renamed.remove(&i).unwrap_or_else(|| call.name.clone());
        // strace shows `= ? ERESTARTSYS`; a tracer may give -1 with the errno.
        let restarted = call.errno.as_deref().is_some_and(|e| RESTART_ERRNOS.contains(&e));
        if let Some(j) = next[i].filter(|_| restarted) {
            if calls[j].name == name {
                continue;
            }
            if calls[j].name == "restart_syscall" {
                renamed.insert(j, name);
                continue;
            }
        }
        out.push(Call { name, ..call.clone() });
    }
    out
}

/// One completed call with its whole text, as a tracer printed it:
/// `name(arguments) = result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallLine {
    pub tid: i32,
    pub text: String,
}

/// The calls of a trace in strace's text format (strace's own `-f -o`
/// output, or ipclab's text trace) with their argument text kept, in order
/// of completion: a call split by another task's line (`read(3,
/// <unfinished ...>` ... `<... read resumed>"hi", 64) = 2`) is joined into
/// one line. Signal, exit and kernel-view lines are not calls and are
/// skipped; so is a call that never completed.
pub fn call_lines(text: &str) -> Vec<CallLine> {
    let mut out = Vec::new();
    let mut open: HashMap<i32, String> = HashMap::new();
    for line in text.lines() {
        let (tid, rest) = split_tid(line.trim_start());
        let rest = rest.trim();
        if rest.starts_with("+++") || rest.starts_with("---") || rest.is_empty() {
            continue;
        }
        if let Some(resumed) = rest.strip_prefix("<... ") {
            let Some((_, tail)) = resumed.split_once(" resumed>") else { continue };
            if let Some(head) = open.remove(&tid) {
                out.push(CallLine { tid, text: format!("{head}{tail}") });
            }
            continue;
        }
        let Some(paren) = rest.find('(') else { continue };
        let name = &rest[..paren];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(head) = rest.strip_suffix("<unfinished ...>") {
            open.insert(tid, head.trim_end().to_string() + " ");
            continue;
        }
        out.push(CallLine { tid, text: rest.to_string() });
    }
    out
}
