//! The hang report in words: for each thread, a line saying what it is
//! blocked in, the facts the kernel gave about the object it waits on, and
//! the likely mistake.

use std::fmt::Write as _;

use crate::event::hang::BlockedTask;
use crate::event::kernel::ProcState;
use crate::i18n::Lang;
use crate::tr;

/// The report for one thread as text lines in `lang` (without the tracer's
/// prefix): its head line, its facts, and `likely mistake: ...` when there
/// is one.
pub fn task_lines(task: &BlockedTask, lang: Lang) -> Vec<String> {
    let mut lines = head_and_facts(task, lang);
    if let Some(d) = &task.diagnosis {
        let mistake = tr!(lang, "hang-likely-mistake", mistake = d.message(lang));
        lines.push(format!("    {mistake}"));
    }
    lines
}

/// The report for one thread without its likely mistake, for a grader that
/// gives the mistake in a place of its own.
pub fn head_and_facts(task: &BlockedTask, lang: Lang) -> Vec<String> {
    let who = if task.pid == task.tid {
        tr!(lang, "hang-pid", pid = task.pid)
    } else {
        tr!(lang, "hang-pid-thread", pid = task.pid, tid = task.tid)
    };
    let mut first = match &task.call {
        Some(call) => tr!(lang, "hang-blocked-in", who = who, call = call),
        None => tr!(lang, "hang-not-in-call", who = who),
    };
    let mut extra: Vec<String> =
        task.state.map(|s| format!("{} ({})", s.letter(), state_word(s, lang))).into_iter().collect();
    if let Some(w) = &task.wchan {
        extra.push(tr!(lang, "hang-sleeping-in", wchan = w));
    }
    if !extra.is_empty() {
        let _ = write!(first, " [{}]", extra.join(", "));
    }
    let mut lines = vec![first];
    lines.extend(task.facts.iter().map(|f| format!("    {}", f.message(lang))));
    lines
}

fn state_word(state: ProcState, lang: Lang) -> String {
    match state {
        ProcState::Running => tr!(lang, "hang-state-running"),
        ProcState::Sleeping => tr!(lang, "hang-state-sleeping"),
        ProcState::DiskSleep => tr!(lang, "hang-state-disk-sleep"),
        ProcState::Stopped => tr!(lang, "hang-state-stopped"),
        ProcState::TracingStop => tr!(lang, "hang-state-tracing-stop"),
        ProcState::Zombie => tr!(lang, "hang-state-zombie"),
        _ => tr!(lang, "hang-state-other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::hang::{Diagnosis, Fact};

    #[test]
    fn a_blocked_reader_reads_as_head_facts_and_mistake() {
        let task = BlockedTask {
            pid: 1205,
            tid: 1205,
            call: Some("read(3<pipe:[9]>, ..., 64)".into()),
            state: Some(ProcState::Sleeping),
            wchan: Some("pipe_read".into()),
            facts: vec![Fact::PipeEmpty { object: "pipe:[9]".into() }].into(),
            diagnosis: Some(Diagnosis::PipeOwnWriteEnd { pid: 1205, object: "pipe:[9]".into(), fd: 4 }),
            ..Default::default()
        };
        let lines = task_lines(&task, Lang::En);
        assert_eq!(lines[0], "pid 1205: blocked in read(3<pipe:[9]>, ..., 64) [S (sleeping), sleeping in pipe_read]");
        assert_eq!(lines[1], "    pipe:[9] is empty");
        assert!(lines[2].starts_with("    likely mistake: pid 1205 still holds the write end fd 4"), "{}", lines[2]);
        assert_eq!(head_and_facts(&task, Lang::En), lines[..2]);
        let thread = BlockedTask { pid: 7, tid: 8, ..Default::default() };
        assert_eq!(task_lines(&thread, Lang::En), ["pid 7 thread 8: not in a system call"]);
        let ko = task_lines(&task, Lang::Ko);
        assert_eq!(ko[0], "pid 1205: read(3<pipe:[9]>, ..., 64)에서 블록됨 [S (잠듦), 커널의 pipe_read에서 잠듦]");
        assert_eq!(ko[1], "    pipe:[9] 안이 비어 있습니다");
        assert!(
            ko[2].starts_with("    짐작되는 실수: pid 1205 프로세스가 아직 pipe:[9]의 쓰기 끝(fd 4)을"),
            "{}",
            ko[2]
        );
    }
}
