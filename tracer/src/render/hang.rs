//! The hang report in words: for each thread, a line saying what it is
//! blocked in, the facts the kernel gave about the object it waits on, and
//! the likely mistake.

use std::fmt::Write as _;

use crate::event::hang::BlockedTask;
use crate::event::kernel::ProcState;

/// The report for one thread as text lines (without the tracer's prefix):
/// its head line, its facts, and `likely mistake: ...` when there is one.
pub fn task_lines(task: &BlockedTask) -> Vec<String> {
    let mut lines = head_and_facts(task);
    if let Some(d) = &task.diagnosis {
        lines.push(format!("    likely mistake: {d}"));
    }
    lines
}

/// The report for one thread without its likely mistake, for a grader that
/// gives the mistake in a place of its own.
pub fn head_and_facts(task: &BlockedTask) -> Vec<String> {
    let mut first = if task.pid == task.tid {
        format!("pid {}", task.pid)
    } else {
        format!("pid {} thread {}", task.pid, task.tid)
    };
    match &task.call {
        Some(call) => {
            let _ = write!(first, ": blocked in {call}");
        }
        None => first.push_str(": not in a system call"),
    }
    let mut extra: Vec<String> =
        task.state.map(|s| format!("{} ({})", s.letter(), state_word(s))).into_iter().collect();
    if let Some(w) = &task.wchan {
        extra.push(format!("sleeping in {w}"));
    }
    if !extra.is_empty() {
        let _ = write!(first, " [{}]", extra.join(", "));
    }
    let mut lines = vec![first];
    lines.extend(task.facts.iter().map(|f| format!("    {f}")));
    lines
}

fn state_word(state: ProcState) -> &'static str {
    match state {
        ProcState::Running => "running",
        ProcState::Sleeping => "sleeping",
        ProcState::DiskSleep => "in uninterruptible sleep",
        ProcState::Stopped => "stopped",
        ProcState::TracingStop => "stopped by the tracer",
        ProcState::Zombie => "zombie",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::hang::Diagnosis;

    #[test]
    fn a_blocked_reader_reads_as_head_facts_and_mistake() {
        let task = BlockedTask {
            pid: 1205,
            tid: 1205,
            call: Some("read(3<pipe:[9]>, ..., 64)".into()),
            state: Some(ProcState::Sleeping),
            wchan: Some("pipe_read".into()),
            facts: vec!["pipe:[9] is empty".into()],
            diagnosis: Some(Diagnosis::PipeOwnWriteEnd { pid: 1205, object: "pipe:[9]".into(), fd: 4 }),
            ..Default::default()
        };
        let lines = task_lines(&task);
        assert_eq!(lines[0], "pid 1205: blocked in read(3<pipe:[9]>, ..., 64) [S (sleeping), sleeping in pipe_read]");
        assert_eq!(lines[1], "    pipe:[9] is empty");
        assert!(lines[2].starts_with("    likely mistake: pid 1205 still holds the write end fd 4"), "{}", lines[2]);
        assert_eq!(head_and_facts(&task), lines[..2]);
        let thread = BlockedTask { pid: 7, tid: 8, ..Default::default() };
        assert_eq!(task_lines(&thread), ["pid 7 thread 8: not in a system call"]);
    }
}
