//! Questions the robustness checks ask of a run made under `--inject`
//! (the lab descriptor's scenarios): which calls were made to fail, and
//! whether each process tried an interrupted call again.

use syscalls::Sysno;
use tracer::decode::{Errno, Injected};

use crate::grade::check::{Finding, Verdict, missing};
use crate::grade::model::{CallRef, Trace};

/// The calls among `calls` that grading made fail with EINTR.
pub fn interrupted<'a>(t: &'a Trace, calls: &[Sysno]) -> Vec<CallRef<'a>> {
    t.named_all(calls).filter(|c| c.call.injected == Some(Injected::Error(Errno(libc::EINTR)))).collect()
}

/// After each call among `calls` that failed with an injected EINTR, the
/// same process's next call among them is the same call again (`same`
/// compares what it asks: the object, the message type, the operations);
/// `why` says why a retry is needed, for the likely mistake.
pub fn retried(t: &Trace, calls: &[Sysno], same: fn(&CallRef, &CallRef) -> bool, why: &str) -> Verdict {
    let names: Vec<&str> = calls.iter().map(|s| s.name()).collect();
    let hit = interrupted(t, calls);
    if hit.is_empty() {
        // Not reached when the first process was cut short before it.
        return missing(
            t.root,
            format!("a {} the grader interrupts with EINTR, then the same call again", names.join(" or ")),
            format!("no {} was made to fail: {}", names.join(" or "), ran_until(t)),
        );
    }
    for c in hit {
        let next = t.named(c.pid, calls).find(|n| n.index > c.index);
        let expected = format!("{} to make its interrupted {} again", t.who(c.pid), c.call.name);
        match next {
            Some(n) if n.call.sysno == c.call.sysno && same(&c, &n) => {}
            Some(n) => {
                return Err(Finding::new(expected, format!("{}\nthen {}", c.quote(), n.quote())).mistake(format!(
                    "the interrupted call did nothing, and the process went on as if it had worked: {why}"
                )));
            }
            None => {
                let after = match t.exit_of(c.pid) {
                    Some(tracer::event::Exit::Code(code)) => format!("then it exited with status {code}"),
                    Some(tracer::event::Exit::Signal { signal, .. }) => {
                        format!("then it was killed by {}", tracer::decode::signal_name(signal))
                    }
                    None => "and no such call after it".to_string(),
                };
                return Err(Finding::new(expected, format!("{}\n{after}", c.quote()))
                    .mistake(format!("the EINTR was treated as a failure: {why}")));
            }
        }
    }
    Ok(())
}

/// How far a run got, for a finding about a call it never made.
fn ran_until(t: &Trace) -> String {
    match crate::grade::check::outcome_problem(t) {
        Some(f) => f.found,
        None => "the lab ran without making one".to_string(),
    }
}
