//! What a check is, what it says when it fails, and the checks every lab
//! shares (the run completes; what it created is removed).

use std::fmt::Write as _;

use tracer::decode::signal_name;
use tracer::event::{Exit, Pid};
use tracer::ptrace::Outcome;

use tracer::kernel::LedgerEntry;
use tracer::kernel::objects::Fate;

use super::model::ends::End;
pub use super::model::ends::panic_message;
use super::model::{Resource, ResourceKind, Trace, ledger_object};
use super::quote;
use crate::i18n::tr;

/// One named check of a lab, worth `points`.
pub struct Check {
    /// A short identifier (`closes_unused_ends`), stable across versions:
    /// tests and the JSON report use it.
    pub name: &'static str,
    pub points: u32,
    /// What it verifies, in one line for the student.
    pub description: &'static str,
    pub verify: fn(&Trace) -> Verdict,
}

/// A check passes, or fails with a finding.
pub type Verdict = Result<(), Finding>;

/// Why a check failed: what was expected, what the trace shows instead
/// (quoting the calls), and the likely mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub expected: String,
    pub found: String,
    pub mistake: Option<String>,
    /// What the finding's blame rests on.
    pub needs: Needs,
}

/// What a finding rests on, and so when it may be believed.
///
/// A finding that quotes what a process did (a wrong argument, a call in the
/// wrong order, a read while it held the write end) stands however the run
/// ended. A finding that something never happened (no `waitpid`, no
/// `shmdt`, an object never removed, a child never forked) is only true of a
/// process that had its chance: one that ran to its own end. When that
/// process was cut short (killed at the time limit, panicked, stopped on an
/// error), the check was not reached, and says so and why instead of
/// blaming ([`crate::grade::judge`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Needs {
    /// The calls the finding quotes: it stands whatever happened later.
    #[default]
    Shown,
    /// Something this process did not do before it ended.
    EndOf(Pid),
}

impl Finding {
    pub fn new(expected: impl Into<String>, found: impl Into<String>) -> Self {
        Finding { expected: expected.into(), found: found.into(), mistake: None, needs: Needs::Shown }
    }

    pub fn mistake(mut self, mistake: impl Into<String>) -> Self {
        self.mistake = Some(mistake.into());
        self
    }

    /// The finding says `pid` never did something: it holds only if `pid`
    /// ran to its own end.
    pub fn missing_in(mut self, pid: Pid) -> Self {
        self.needs = Needs::EndOf(pid);
        self
    }

    /// The finding says `pid` did not do something by a point of its run
    /// (`landmark`: the call by which it had to be done, if `pid` made it).
    /// Past that point the finding quotes what `pid` did and stands; short
    /// of it, it holds only if `pid` ran to its end ([`Finding::missing_in`]).
    pub fn missing_before(self, pid: Pid, landmark: Option<usize>) -> Self {
        match landmark {
            Some(_) => self,
            None => self.missing_in(pid),
        }
    }

    /// The finding as the student reads it when the process it needs was
    /// cut short (`why`): not reached, never a mistake of its own.
    pub fn not_reached(&self, why: &str) -> String {
        let end = if why.ends_with(['.', '?', '!']) { "" } else { "." };
        let why = tr!("finding-not-reached", why = format!("{why}{end}"));
        format!("{why}\n{}", tr!("finding-not-reached-expects", expected = &self.expected))
    }

    /// The finding as the student reads it, on a few lines.
    pub fn message(&self) -> String {
        let mut out = format!(
            "{}\n{}",
            tr!("finding-expected", expected = &self.expected),
            tr!("finding-found", found = &self.found)
        );
        if !out.ends_with(['.', '?', '!', '\n']) {
            out.push('.');
        }
        if let Some(m) = &self.mistake {
            let _ = write!(out, "\n{}", tr!("finding-mistake", mistake = m));
            if !out.ends_with(['.', '?', '!']) {
                out.push('.');
            }
        }
        out
    }
}

/// The check every lab has first: the lab runs to completion, every
/// process ends well, and its output has each line its course descriptor
/// expects (what the lesson shows).
pub const RUNS: Check = Check {
    name: "runs",
    points: 1,
    description: "the lab runs to completion and prints what the lesson shows",
    verify: runs,
};

fn runs(t: &Trace) -> Verdict {
    completes(t, t.lab.expected)?;
    made_ipc(t)
}

/// The run communicated through the kernel: one of the calls of the lab's
/// descriptor succeeded. Printing the lines the lesson shows is not enough.
pub fn made_ipc(t: &Trace) -> Verdict {
    if t.lab.ipc.is_empty() || t.all_calls().any(|c| c.ok() && c.is_any(t.lab.ipc)) {
        return Ok(());
    }
    let names: Vec<&str> = t.lab.ipc.iter().map(|s| s.name()).collect();
    Err(Finding::new(tr!("runs-ipc-expected", calls = names.join(", ")), tr!("runs-ipc-found"))
        .mistake(tr!("runs-ipc-mistake")))
}

/// A failure with no more to say than the expectation and what came.
pub fn fail<T>(expected: impl Into<String>, found: impl Into<String>) -> Result<T, Finding> {
    Err(Finding::new(expected, found))
}

/// A failure because `pid` never did what was expected: not reached if
/// `pid` was cut short ([`Needs::EndOf`]).
pub fn missing<T>(pid: Pid, expected: impl Into<String>, found: impl Into<String>) -> Result<T, Finding> {
    Err(Finding::new(expected, found).missing_in(pid))
}

/// Quoted calls on their own lines, for a finding's `found` part. An
/// intro that names the calls (`its mq_receive calls`) says there were none
/// when the list is empty (`no mq_receive call`), so a finding never
/// promises calls it does not show.
pub fn listing(intro: &str, calls: &[String]) -> String {
    if calls.is_empty() {
        return match intro.strip_prefix("its ") {
            Some(what) => format!("no {}", what.strip_suffix('s').unwrap_or(what)),
            None => intro.to_string(),
        };
    }
    format!("{intro}:\n{}", quote::calls_list(calls, 8))
}

/// Quoted calls under `intro`, or `none` when there are none: both in the
/// language of the run (the Korean of "its mq_receive calls" does not turn
/// into "no mq_receive call" by dropping words, as [`listing`]'s does).
pub fn calls_or(intro: String, none: String, calls: &[String]) -> String {
    if calls.is_empty() { none } else { format!("{intro}:\n{}", quote::calls_list(calls, 8)) }
}

/// The tracer's hang report, indented under a finding.
fn killed_report(t: &Trace) -> String {
    // The diagnosis goes into the finding's own "likely mistake".
    let lang = crate::lang::current();
    let lines: Vec<String> =
        t.hang().iter().flat_map(|task| tracer::render::hang::head_and_facts(task, lang)).collect();
    let mut report = if lines.is_empty() { tr!("hang-no-blocked") } else { lines.join("\n  ") };
    if t.dropped_calls > 0 {
        let kept = t.events.iter().filter(|e| e.syscall().is_some()).count();
        report.push_str(&format!("\n  {}", tr!("hang-calls-dropped", kept = kept)));
    }
    report
}

/// The likely mistake behind a hang, from the hang report.
fn hang_mistake(t: &Trace) -> String {
    if let Some(d) = t.hang().iter().find_map(|b| b.diagnosis.as_ref()) {
        return d.message(crate::lang::current());
    }
    if t.hang().iter().any(|b| b.call.is_none()) {
        return tr!("hang-cause-spins");
    }
    tr!("hang-cause-waits")
}

/// What stopped the run before its end, in one line: the root cause of
/// every check it kept from being reached, which the student reads first.
/// None when every process ran to its end with status 0.
pub fn stopped_early(t: &Trace) -> Option<String> {
    let secs = t.limits.timeout.as_secs_f64();
    let first_failure = first_failure(t);
    match t.outcome {
        // A process that failed first is the root cause: the rest waited
        // for what it was to do.
        Outcome::TimedOut if first_failure.is_some() => {
            return first_failure.map(|why| tr!("stopped-failed-then-hung", why = why, secs = secs));
        }
        Outcome::TimedOut => return Some(tr!("stopped-hung", secs = secs, cause = hang_mistake(t))),
        Outcome::TooManyTasks(n) => return Some(tr!("stopped-too-many-tasks", n = super::model::ends::budget(n))),
        Outcome::Interrupted(sig) => return Some(tr!("stopped-interrupted", signal = signal_name(sig))),
        _ => {}
    }
    // The first process to end badly: a parent that fails because its child
    // did ends after it.
    first_failure.or_else(|| ending_order(t).into_iter().find_map(|pid| t.cut_short(pid)))
}

/// The processes that ended, in the order they began to end (a panic
/// unwinds and closes what another process then fails on, before the
/// tracer sees the panicking one exit).
fn ending_order(t: &Trace) -> Vec<Pid> {
    let mut ended: Vec<(usize, Pid)> =
        t.procs.values().filter_map(|p| p.exit.map(|(i, _)| (t.ending_at(p.pid).unwrap_or(i), p.pid))).collect();
    ended.sort();
    ended.into_iter().map(|(_, pid)| pid).collect()
}

/// Why the first process that ended badly by itself (panicked, failed,
/// killed by a signal) ended, or None when none did.
fn first_failure(t: &Trace) -> Option<String> {
    ending_order(t).into_iter().find_map(|pid| match t.end_of(pid) {
        End::Finished | End::Killed { .. } | End::Running => None,
        _ => t.cut_short(pid),
    })
}

/// How the lab's first process ended, in words, or None for status 0.
pub fn outcome_problem(t: &Trace) -> Option<Finding> {
    let secs = t.limits.timeout.as_secs_f64();
    Some(match t.outcome {
        Outcome::Exited(0) => return None,
        Outcome::TimedOut => Finding::new(
            tr!("runs-timeout-expected", secs = secs),
            tr!("runs-timeout-found", secs = secs, report = killed_report(t)),
        )
        .mistake(match first_failure(t) {
            // The rest waited for what the failed process was to do.
            Some(why) => tr!("runs-timeout-mistake-failed", why = why),
            None => hang_mistake(t),
        }),
        Outcome::TooManyTasks(n) => Finding::new(
            tr!("runs-tasks-expected", n = super::model::ends::budget(n)),
            tr!("runs-tasks-found", n = super::model::ends::budget(n)),
        )
        .mistake(tr!("runs-tasks-mistake")),
        Outcome::Exited(101) => Finding::new(
            tr!("runs-complete-expected"),
            tr!(
                "runs-panicked-found",
                message = panic_message(&t.stderr).unwrap_or_else(|| quote::short(t.stderr.trim(), 300))
            ),
        )
        .mistake(match panic_message(&t.stderr) {
            Some(m) if m.starts_with("not yet implemented") => tr!("runs-todo-mistake"),
            _ => tr!("runs-panic-mistake"),
        }),
        Outcome::Exited(code) => Finding::new(
            tr!("runs-status-expected"),
            tr!("runs-status-found", code = code, stderr = quote::short(t.stderr.trim(), 300)),
        ),
        Outcome::Signaled { signal, .. } => {
            let out_of_memory = t.stderr.contains("memory allocation of");
            let signal = signal_name(signal);
            let found = if out_of_memory {
                tr!("runs-signal-found-said", signal = signal, stderr = quote::short(t.stderr.trim(), 200))
            } else {
                tr!("runs-signal-found", signal = signal)
            };
            let f = Finding::new(tr!("runs-complete-expected"), found);
            if out_of_memory { f.mistake(tr!("runs-oom-mistake", mib = t.limits.memory >> 20)) } else { f }
        }
        Outcome::Interrupted(sig) => {
            Finding::new(tr!("runs-complete-expected"), tr!("runs-interrupted-found", signal = signal_name(sig)))
        }
    })
}

/// A process other than the first that did not exit with status 0.
pub fn child_problem(t: &Trace) -> Option<Finding> {
    for p in t.procs.values().filter(|p| p.pid != t.root) {
        let detail = || {
            panic_message(&t.stderr)
                .or_else(|| t.stderr.lines().find(|l| l.contains("error")).map(str::to_string))
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        };
        let who = t.who(p.pid);
        let found = match p.exit {
            Some((_, Exit::Code(0))) | None => continue,
            Some((_, Exit::Code(101))) => tr!("child-panicked", who = who, detail = detail()),
            Some((_, Exit::Code(code))) => tr!("child-status", who = who, code = code, detail = detail()),
            Some((_, Exit::Signal { signal, .. })) => tr!("child-signal", who = who, signal = signal_name(signal)),
        };
        return Some(Finding::new(tr!("child-expected"), found));
    }
    None
}

/// The lab ran to completion, every process ended well, and its output
/// has each of `lines`.
pub fn completes(t: &Trace, lines: &[&str]) -> super::check::Verdict {
    if let Some(mut f) = outcome_problem(t) {
        // A parent that failed because its child did: say what the child did.
        if f.mistake.is_none()
            && let Some(child) = child_problem(t)
        {
            f.mistake = Some(tr!("child-parent-failed", child = child.found, parent = t.who(t.root)));
        }
        return Err(f);
    }
    if let Some(f) = child_problem(t) {
        return Err(f);
    }
    let missing: Vec<&&str> = lines.iter().filter(|l| !t.stdout.contains(**l)).collect();
    if let Some(first) = missing.first() {
        return fail(
            tr!("output-expected", line = format!("{first:?}")),
            tr!("output-found", output = indent(&quote::short(&t.stdout, 800))),
        );
    }
    Ok(())
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

/// Every object of `kinds` the run created is removed; at least one was
/// created (else the check would pass on a lab that did nothing).
pub fn removed(t: &Trace, kinds: &[ResourceKind], what: &str) -> super::check::Verdict {
    removed_where(t, what, |o| kinds.contains(&o.kind))
}

/// Every object the run created for which `which` holds is removed; at
/// least one was created.
///
/// The objects come from the calls (with the call that made each, to quote
/// it); the kernel view's ledger, which looked at the kernel itself, has the
/// last word on the kinds it keeps: a leak it saw is a leak even if the
/// calls seemed to remove the object.
pub fn removed_where(t: &Trace, what: &str, which: impl Fn(&Resource) -> bool) -> super::check::Verdict {
    let objects: Vec<Resource> = t.objects().into_iter().filter(|o| which(o)).collect();
    let ledger: Vec<(Resource, &LedgerEntry)> = t
        .ledger()
        .into_iter()
        .filter_map(|e| {
            let (kind, name) = ledger_object(e)?;
            Some((Resource { kind, name, created: 0, removed: None, private: false }, e))
        })
        .filter(|(o, _)| which(o))
        .collect();
    if objects.is_empty() && ledger.is_empty() {
        return missing(t.root, tr!("removed-expected-create", what = what), tr!("removed-found-none", what = what));
    }
    let leaked: Vec<&Resource> = objects.iter().filter(|o| o.removed.is_none()).collect();
    // Each leak: what it says, the kind, and who made the object (the
    // process expected to remove it).
    let mut leaks: Vec<(String, ResourceKind, Option<Pid>)> = leaked
        .iter()
        .map(|o| {
            let creator = t.call_at(o.created);
            let quoted = creator.map(|c| c.quote()).unwrap_or_default();
            let line = tr!("removed-leak", object = o.describe(), call = quoted, remover = o.kind.remover());
            (line, o.kind, creator.map(|c| c.pid))
        })
        .collect();
    for (o, entry) in &ledger {
        let seen = leaked.iter().any(|l| l.kind == o.kind && l.name == o.name);
        if matches!(entry.fate, Fate::Leaked { .. }) && !seen {
            let line = tr!(
                "removed-leak-ledger",
                object = o.describe(),
                pid = entry.created_by.pid,
                call = &entry.created_by.call,
                remover = o.kind.remover()
            );
            leaks.push((line, o.kind, Some(entry.created_by.pid)));
        }
    }
    // A leak is its creator's forgetting only if the creator ran to its
    // end: those are reported; if every creator was cut short, the removal
    // was not reached.
    let cut_short = |p: &Option<Pid>| p.is_some_and(|p| t.cut_short(p).is_some());
    let (unreached, forgotten): (Vec<_>, Vec<_>) = leaks.into_iter().partition(|(_, _, p)| cut_short(p));
    let (chosen, needs) = match (forgotten.is_empty(), unreached.first()) {
        (false, _) => (forgotten, None),
        (true, Some(&(_, _, creator))) => (unreached, creator),
        (true, None) => return Ok(()),
    };
    let first = chosen[0].1;
    let lines: Vec<&str> = chosen.iter().map(|(l, _, _)| l.as_str()).collect();
    let finding = Finding::new(tr!("removed-expected", what = what), lines.join("\n  "));
    let finding = match needs {
        Some(pid) => finding.missing_in(pid),
        None => finding,
    };
    let (remover, noun) = (first.remover(), first.noun());
    Err(finding.mistake(match first {
        ResourceKind::MsgQueue | ResourceKind::ShmSegment | ResourceKind::SemSet => {
            tr!("removed-mistake-ipc", remover = remover, noun = noun)
        }
        ResourceKind::PosixQueue | ResourceKind::PosixShm => {
            tr!("removed-mistake-posix", remover = remover, noun = noun)
        }
        _ => tr!("removed-mistake-file", remover = remover, noun = noun),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::model::synthetic;

    #[test]
    fn a_panic_message_names_what_and_where() {
        let stderr = "thread 'main' (4242) panicked at labs/01_pipe/main.rs:71:5:\nnot yet implemented: close this end\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            panic_message(stderr).as_deref(),
            Some("not yet implemented: close this end (at labs/01_pipe/main.rs:71:5)")
        );
        let ours = "\nthread 'main' (4242) panicked in close_unused at labs/01_pipe/main.rs:71:5:\nnot yet implemented: close this end\n";
        assert_eq!(
            panic_message(ours).as_deref(),
            Some("not yet implemented: close this end (in close_unused, at labs/01_pipe/main.rs:71:5)")
        );
    }

    fn trace_with_ledger(fate: Fate) -> Trace {
        use tracer::event::EventKind;
        use tracer::kernel::objects::{ByCall, ObjectKind as K};
        let entry = LedgerEntry {
            kind: K::MsgQueue,
            name: "msg queue 7".into(),
            id: 7,
            key: Some(0),
            path: None,
            created_by: ByCall { pid: 10, call: "msgget(IPC_PRIVATE, IPC_CREAT|0600)".into() },
            used_by: vec![10],
            fate,
            cleanup: None,
            passed: vec![],
        };
        synthetic::trace(vec![synthetic::event(10, EventKind::Ledger(entry))], &crate::labs::course::LAB03)
    }

    /// A run of lab 01 that printed `stdout`, having made a pipe or not.
    fn finished_with_output(stdout: &str, piped: bool) -> Trace {
        use syscalls::Sysno;
        use tracer::event::EventKind;
        let pipe = synthetic::event(10, EventKind::Syscall(synthetic::syscall(Sysno::pipe2, Vec::new(), 0)));
        let events = if piped { vec![pipe] } else { Vec::new() };
        Trace::new(
            super::super::record::Recording { stdout: stdout.to_string(), ..synthetic::recording(events) },
            &crate::labs::course::LAB01,
        )
    }

    #[test]
    fn a_run_past_the_calls_grading_keeps_is_not_blamed_for_what_it_did_after_them() {
        // A lab whose pipe came after 200,000 other calls: the kept calls
        // show no pipe, which is not what the lab did.
        let spec = crate::grade::labs::spec("01_pipe").unwrap();
        let all = crate::labs::course::LAB01.expected.join("\n");
        let mut t = finished_with_output(&all, false);
        let kept = crate::grade::judge(spec, &t, &[]);
        assert!(kept.iter().any(|c| !c.passed && !c.not_reached), "a complete trace with no pipe fails checks");
        t.dropped_calls = 10_000;
        let judged = crate::grade::judge(spec, &t, &[]);
        for c in judged.iter().filter(|c| !c.passed) {
            let message = c.message.as_deref().unwrap_or_default();
            assert!(c.not_reached, "{}: blamed on a trace missing 10000 calls: {message}", c.name);
        }
        let runs = judged.iter().find(|c| c.name == "runs").unwrap().message.as_deref().unwrap_or_default();
        assert!(runs.starts_with("Not reached: the lab made 10000 system calls more than"), "{runs}");
    }

    #[test]
    fn the_runs_check_asks_for_the_lines_the_labs_descriptor_expects() {
        let lines = crate::labs::course::LAB01.expected;
        let all = lines.join("\n");
        assert_eq!((RUNS.verify)(&finished_with_output(&all, true)), Ok(()));
        let short = lines[1..].join("\n");
        let f = (RUNS.verify)(&finished_with_output(&short, true)).unwrap_err();
        assert_eq!(f.expected, format!("the output to include the line {:?}", lines[0]));
    }

    #[test]
    fn printing_the_expected_lines_without_ipc_fails_the_runs_check() {
        let all = crate::labs::course::LAB01.expected.join("\n");
        let f = (RUNS.verify)(&finished_with_output(&all, false)).unwrap_err();
        assert!(f.expected.contains("to communicate through the kernel (pipe"), "{}", f.expected);
        assert!(f.found.contains("no IPC happened"), "{}", f.found);
    }

    #[test]
    fn a_leak_only_the_ledger_saw_fails_the_removal_check() {
        let t = trace_with_ledger(Fate::Leaked { cleaned: true });
        let f = removed(&t, &[ResourceKind::MsgQueue], "queue").unwrap_err();
        assert!(f.found.contains("System V message queue 7 was created by pid 10 msgget"), "{}", f.found);
        assert!(f.mistake.unwrap().contains("msgctl(IPC_RMID)"));
    }

    #[test]
    fn an_object_the_ledger_saw_removed_passes_the_removal_check() {
        use tracer::kernel::objects::ByCall;
        let t = trace_with_ledger(Fate::Removed { by: ByCall { pid: 10, call: "msgctl(7, IPC_RMID)".into() } });
        assert_eq!(removed(&t, &[ResourceKind::MsgQueue], "queue"), Ok(()));
    }

    #[test]
    fn a_listing_of_no_calls_says_there_were_none() {
        assert_eq!(listing("its mq_receive calls", &[]), "no mq_receive call");
        assert_eq!(listing("its reads", &[]), "no read");
        assert_eq!(listing("its reads", &["read(3, \"\", 64) = 0".into()]), "its reads:\n  read(3, \"\", 64) = 0");
    }

    #[test]
    fn a_finding_reads_expected_then_found_then_mistake() {
        let f = Finding::new("one pipe", "two pipes").mistake("pipe() called twice");
        assert_eq!(f.message(), "Expected one pipe.\nThe trace shows two pipes.\nLikely mistake: pipe() called twice.");
    }
}
