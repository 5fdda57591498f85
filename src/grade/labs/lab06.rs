//! Lab 06's checks: handlers installed with sigaction (SA_RESTART); the
//! signals blocked before the fork; SIGUSR1 sent three times and handled
//! once; each process waits in sigsuspend with only the awaited signal
//! unblocked; handlers make no system call; the child is reaped.

use syscalls::Sysno;
use tracer::decode::{Value, signal_name};
use tracer::event::{EventKind, Pid};

use super::LabSpec;
use super::common::{nth_child, quotes, reaps, signal_set, spawned_at};
use crate::grade::check::{self, Check, Finding, Verdict, calls_or, listing, missing};
use crate::grade::model::{CallRef, Trace, calls, field_int, int_arg};
use crate::i18n::tr;
use crate::labs::course;

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB06,
    checks: &[
        check::RUNS,
        Check {
            name: "handlers_installed",
            points: 1,
            description: "sigaction installs handlers with SA_RESTART: SIGCHLD in the parent before the fork, SIGUSR1 and SIGUSR2 in the child",
            verify: handlers_installed,
        },
        Check {
            name: "blocked_before_fork",
            points: 1,
            description: "the parent blocks SIGUSR1, SIGUSR2 and SIGCHLD with sigprocmask before the fork",
            verify: blocked_before_fork,
        },
        Check {
            name: "not_queued",
            points: 2,
            description: "the parent sends SIGUSR1 three times, then SIGUSR2; the blocked SIGUSR1 is delivered once (signals are not queued)",
            verify: not_queued,
        },
        Check {
            name: "waits_with_sigsuspend",
            points: 2,
            description: "each process waits in sigsuspend with only the signal it waits for unblocked",
            verify: waits_with_sigsuspend,
        },
        Check {
            name: "handlers_async_signal_safe",
            points: 2,
            description: "the handlers make no system call (no printing, no allocation): they only set atomics",
            verify: handlers_async_signal_safe,
        },
        Check {
            name: "reaps_child",
            points: 1,
            description: "after SIGCHLD the parent reaps the child with waitpid",
            verify: reaps_child,
        },
    ],
};

/// The sigaction of `pid` for `sig` that installs a handler.
fn installs<'a>(t: &'a Trace, pid: Pid, sig: i32) -> Option<CallRef<'a>> {
    t.named(pid, &[Sysno::rt_sigaction]).find(|c| {
        c.call.arg("signum").and_then(Value::as_i64) == Some(sig as i64)
            && c.call.arg("act").and_then(|a| a.field("sa_handler")).is_some_and(|h| matches!(h, Value::Hex(_)))
    })
}

fn handlers_installed(t: &Trace) -> Verdict {
    let child = nth_child(t, 0, &tr!("lab06-a-child"))?;
    for (pid, sig) in [(t.root, libc::SIGCHLD), (child, libc::SIGUSR1), (child, libc::SIGUSR2)] {
        let name = signal_name(sig);
        let expected = tr!("lab06-install", who = t.who(pid), signal = name.as_ref());
        let Some(c) = installs(t, pid, sig) else {
            let all: Vec<CallRef> = t.named(pid, &[Sysno::rt_sigaction]).collect();
            let found = calls_or(tr!("lab06-its-sigactions"), tr!("lab06-no-sigaction"), &quotes(&all));
            return Err(Finding::new(expected, found).missing_in(pid));
        };
        let flags = field_int(c.call, "act", "sa_flags").unwrap_or(0);
        if flags & libc::SA_RESTART as i64 == 0 {
            return Err(Finding::new(expected, c.quote()).mistake(tr!("lab06-sa-restart")));
        }
        if pid == t.root && c.index > spawned_at(t, child) {
            return Err(Finding::new(
                tr!("lab06-install-before-fork", who = t.who(pid), signal = name.as_ref()),
                c.quote(),
            )
            .mistake(tr!("lab06-sigchld-lost")));
        }
    }
    Ok(())
}

fn blocked_before_fork(t: &Trace) -> Verdict {
    let child = nth_child(t, 0, &tr!("lab06-a-child"))?;
    let expected = tr!("lab06-block-expected");
    let blocks: Vec<CallRef> = t
        .named(t.root, &[Sysno::rt_sigprocmask])
        .filter(|c| c.index < spawned_at(t, child) && int_arg(c.call, "how", 0) == libc::SIG_BLOCK as i64)
        .collect();
    let blocked: Vec<String> = blocks.iter().flat_map(|c| signal_set(c.call.arg("set"))).collect();
    let missing: Vec<&str> = ["USR1", "USR2", "CHLD"].into_iter().filter(|s| !blocked.iter().any(|b| b == s)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Finding::new(
        expected,
        listing(&tr!("lab06-not-blocked", signals = format!("SIG{}", missing.join(", SIG"))), &quotes(&blocks)),
    )
    .mistake(tr!("lab06-default-action")))
}

fn not_queued(t: &Trace) -> Verdict {
    let child = nth_child(t, 0, &tr!("lab06-a-child"))?;
    let kills: Vec<CallRef> = t
        .named(t.root, &[Sysno::kill])
        .filter(|c| c.call.arg("pid").and_then(Value::as_i64) == Some(child as i64))
        .collect();
    let sent: Vec<i64> = kills.iter().map(|c| int_arg(c.call, "sig", 1)).collect();
    let want = [libc::SIGUSR1, libc::SIGUSR1, libc::SIGUSR1, libc::SIGUSR2].map(i64::from);
    if sent != want {
        let f = Finding::new(
            tr!("lab06-kill-expected", child = child),
            listing(&tr!("lab06-kills", n = kills.len()), &quotes(&kills)),
        );
        // The right signals, too few of them: the parent may have stopped first.
        return Err(if want.starts_with(&sent) { f.missing_in(t.root) } else { f });
    }
    let delivered = |sig: i32| {
        t.events.iter().filter(|e| e.pid == child && matches!(&e.kind, EventKind::Signal(s) if s.signo == sig)).count()
    };
    let (usr1, usr2) = (delivered(libc::SIGUSR1), delivered(libc::SIGUSR2));
    if usr1 != 1 || usr2 != 1 {
        let f = Finding::new(tr!("lab06-delivered-expected"), tr!("lab06-delivered", usr1 = usr1, usr2 = usr2));
        // Fewer deliveries than sent: the child may have ended first.
        return Err(if usr1 <= 1 && usr2 <= 1 { f.missing_in(child) } else { f });
    }
    Ok(())
}

/// The masks `pid` suspended with.
fn suspends<'a>(t: &'a Trace, pid: Pid) -> Vec<CallRef<'a>> {
    t.named(pid, &[Sysno::rt_sigsuspend]).collect()
}

fn waits_with_sigsuspend(t: &Trace) -> Verdict {
    let child = nth_child(t, 0, &tr!("lab06-a-child"))?;
    for (pid, awaited, still_blocked) in [(child, "USR2", "USR1"), (t.root, "CHLD", "")] {
        let who = t.who(pid);
        let (awaited_name, still_name) = (format!("SIG{awaited}"), format!("SIG{still_blocked}"));
        let expected = if still_blocked.is_empty() {
            tr!("lab06-suspend-expected", who = who.as_str(), awaited = awaited_name.as_str())
        } else {
            tr!(
                "lab06-suspend-expected-blocked",
                who = who.as_str(),
                awaited = awaited_name.as_str(),
                blocked = still_name.as_str()
            )
        };
        if let Some(p) = t.named(pid, calls::PAUSE).next() {
            return Err(Finding::new(expected, p.quote()).mistake(tr!("lab06-pause")));
        }
        let calls = suspends(t, pid);
        if calls.is_empty() {
            return Err(Finding::new(expected, tr!("lab06-no-sigsuspend", who = who.as_str()))
                .mistake(tr!("lab06-spinning"))
                .missing_in(pid));
        }
        for c in &calls {
            let mask = signal_set(c.call.arg("mask"));
            if mask.iter().any(|s| s == awaited) {
                return Err(Finding::new(expected, c.quote())
                    .mistake(tr!("lab06-still-masked", awaited = awaited_name.as_str())));
            }
            if !still_blocked.is_empty() && !mask.iter().any(|s| s == still_blocked) {
                return Err(Finding::new(expected, c.quote()).mistake(tr!(
                    "lab06-stay-blocked",
                    blocked = still_name.as_str(),
                    awaited = awaited_name.as_str()
                )));
            }
        }
    }
    Ok(())
}

fn handlers_async_signal_safe(t: &Trace) -> Verdict {
    nth_child(t, 0, &tr!("lab06-a-child"))?;
    let inside = t.handler_calls();
    if let Some(first) = inside.first() {
        let made: Vec<CallRef> = inside.iter().filter_map(|h| t.call_at(h.call)).collect();
        let lines = quotes(&made);
        let printing = made.iter().any(|c| c.is_any(calls::WRITE));
        let at = &t.events[first.delivered];
        let f = Finding::new(
            tr!("lab06-handler-expected"),
            listing(
                &tr!(
                    "lab06-handler-calls",
                    pid = at.pid,
                    signal = signal_name(first.signal),
                    time = format!("{:.6}", at.time.as_secs_f64()),
                    n = inside.len()
                ),
                &lines,
            ),
        );
        return Err(f.mistake(if printing { tr!("lab06-handler-prints") } else { tr!("lab06-handler-unsafe") }));
    }
    let handled = t
        .events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Signal(s) if s.signo == libc::SIGUSR1 || s.signo == libc::SIGCHLD));
    if !handled || installs(t, t.root, libc::SIGCHLD).is_none() {
        return missing(t.root, tr!("lab06-handlers-run"), tr!("lab06-none-delivered"));
    }
    Ok(())
}

fn reaps_child(t: &Trace) -> Verdict {
    let child = nth_child(t, 0, &tr!("lab06-a-child"))?;
    reaps(t, t.root, child)
}
