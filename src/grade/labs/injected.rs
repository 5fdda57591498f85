//! Questions the robustness checks ask of a run made under `--inject`
//! (the lab descriptor's scenarios): which calls were made to fail, and
//! whether each process tried an interrupted call again.

use syscalls::Sysno;
use tracer::decode::{Errno, Injected};

use crate::grade::check::{Finding, Verdict, missing};
use crate::grade::model::{CallRef, Trace};
use crate::i18n::tr;

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
    let names = names.join(&tr!("inject-or"));
    let hit = interrupted(t, calls);
    if hit.is_empty() {
        // Not reached when the first process was cut short before it.
        return missing(
            t.root,
            tr!("inject-retry-expected", calls = names.as_str()),
            tr!("inject-none-failed", calls = names.as_str(), why = ran_until(t)),
        );
    }
    for c in hit {
        let next = t.named(c.pid, calls).find(|n| n.index > c.index);
        let expected = tr!("inject-again-expected", who = t.who(c.pid), call = c.call.name.as_ref());
        match next {
            Some(n) if n.call.sysno == c.call.sysno && same(&c, &n) => {}
            Some(n) => {
                return Err(Finding::new(expected, tr!("inject-then", call = c.quote(), next = n.quote()))
                    .mistake(tr!("inject-went-on", why = why)));
            }
            None => {
                let after = match t.exit_of(c.pid) {
                    Some(tracer::event::Exit::Code(code)) => tr!("inject-then-exited", code = code),
                    Some(tracer::event::Exit::Signal { signal, .. }) => {
                        tr!("inject-then-killed", signal = tracer::decode::signal_name(signal))
                    }
                    None => tr!("inject-no-such-call"),
                };
                return Err(Finding::new(expected, format!("{}\n{after}", c.quote()))
                    .mistake(tr!("inject-as-failure", why = why)));
            }
        }
    }
    Ok(())
}

/// How far a run got, for a finding about a call it never made.
fn ran_until(t: &Trace) -> String {
    match crate::grade::check::outcome_problem(t) {
        Some(f) => f.found,
        None => tr!("inject-ran-without"),
    }
}
