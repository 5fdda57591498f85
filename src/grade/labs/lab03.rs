//! Lab 03's checks: one private System V queue, created once before the
//! fork; requests of type 1 and replies of type 2 flow both ways on it; it
//! is removed. The POSIX queue: created exclusively, write-only, mode 0600;
//! messages come out highest priority first; closed and unlinked.

use syscalls::Sysno;
use tracer::decode::Value;
use tracer::event::Pid;

use super::LabSpec;
use super::common::{msg_text, msg_type, nth_child, perms, quotes, spawned_at, the_only};
use super::injected;
use crate::grade::check::{self, Check, Finding, Verdict, calls_or, missing, removed};
use crate::grade::model::{CallRef, ResourceKind, Trace, int_arg, text_arg};
use crate::i18n::tr;
use crate::labs::course;

const WORDS: [&str; 3] = ["ping", "hello", "queue"];
const REQUEST: i64 = 1;
const REPLY: i64 = 2;
/// The POSIX queue's message size (the scaffold's MQ_MSGSIZE).
const MQ_MSGSIZE: usize = 64;
/// The POSIX messages in the order sent, with their priorities.
const PRIORITIZED: [(&str, u64); 3] = [("low", 1), ("urgent", 9), ("normal", 5)];

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB03,
    checks: &[
        check::RUNS,
        Check {
            name: "queue_created",
            points: 1,
            description: "one private queue (IPC_PRIVATE, IPC_CREAT, mode 0600), created once by the parent before the fork",
            verify: queue_created,
        },
        Check {
            name: "typed_both_ways",
            points: 1,
            description: "requests go to the server as type 1 and replies come back as type 2; each side receives only its type",
            verify: typed_both_ways,
        },
        Check {
            name: "queue_removed",
            points: 2,
            description: "the System V queue is removed with msgctl(IPC_RMID)",
            verify: queue_removed,
        },
        Check {
            name: "posix_priorities",
            points: 2,
            description: "the POSIX queue is created with O_CREAT|O_EXCL|O_WRONLY, mode 0600; the child opens it by name and receives highest priority first",
            verify: posix_priorities,
        },
        Check {
            name: "posix_removed",
            points: 2,
            description: "both processes close their POSIX queue descriptor and the name is removed with mq_unlink",
            verify: posix_removed,
        },
        Check {
            name: "retries_eintr",
            points: 1,
            description: "run with a msgsnd and a msgrcv of each process interrupted (--inject msgsnd:EINTR:when=2 --inject msgrcv:EINTR:when=1), each process makes the interrupted call again and the exchange completes",
            verify: retries_eintr,
        },
    ],
};

/// Judged on the run whose msgsnd and msgrcv are interrupted: System V
/// message calls are never restarted after a signal, even with SA_RESTART
/// (signal(7)), so a program must make them again itself.
fn retries_eintr(t: &Trace) -> Verdict {
    fn same(a: &CallRef, b: &CallRef) -> bool {
        let queue = |c: &CallRef| int_arg(c.call, "msqid", 0);
        let asked = |c: &CallRef| match c.call.sysno {
            Some(Sysno::msgsnd) => (msg_type(c), msg_text(c)),
            _ => (Some(int_arg(c.call, "msgtyp", 3)), None),
        };
        queue(a) == queue(b) && asked(a) == asked(b)
    }
    injected::retried(t, &[Sysno::msgsnd, Sysno::msgrcv], same, &tr!("lab03-retry-why"))?;
    // The exchange went on to its end: the client received every reply
    // (the POSIX part, which nothing interrupts here, is the other checks'
    // business). Judged from the client's msgrcv calls, not from what it
    // printed: a line can be printed without the message that it names.
    let id = the_queue(t)?.ret().unwrap_or(-1);
    let want: Vec<String> = WORDS.iter().map(|w| w.to_uppercase()).collect();
    let (got, texts) = received(t, t.root, id, Some(REPLY));
    if texts == want {
        return Ok(());
    }
    missing(
        t.root,
        tr!("lab03-go-on-expected", texts = format!("{want:?}")),
        calls_or(tr!("lab03-its-msgrcvs"), tr!("lab03-no-msgrcv"), &quotes(&got)),
    )
}

/// The messages `pid` took from queue `id` (of type `only`, if given): its
/// msgrcv calls that succeeded, and the text of each.
fn received(t: &Trace, pid: Pid, id: i64, only: Option<i64>) -> (Vec<CallRef<'_>>, Vec<String>) {
    let got: Vec<CallRef> = t
        .named(pid, &[Sysno::msgrcv])
        .filter(|c| int_arg(c.call, "msqid", 0) == id && c.ok() && only.is_none_or(|ty| msg_type(c) == Some(ty)))
        .collect();
    let texts = got.iter().map(|c| msg_text(c).unwrap_or_default()).collect();
    (got, texts)
}

fn the_queue(t: &Trace) -> Result<CallRef<'_>, Finding> {
    the_only(
        t,
        Sysno::msgget,
        &tr!("lab03-msgget-expected"),
        &tr!("lab03-one-msgget"),
        Some(&tr!("lab03-msgget-twice")),
    )
}

fn queue_created(t: &Trace) -> Verdict {
    let q = the_queue(t)?;
    let server = nth_child(t, 0, &tr!("lab03-a-server"))?;
    let expected = tr!("lab03-queue-expected");
    let private = int_arg(q.call, "key", 0) as libc::key_t == libc::IPC_PRIVATE;
    let flags = q.call.raw.args[1];
    if !private {
        return Err(Finding::new(expected, q.quote()).mistake(tr!("lab03-fixed-key")));
    }
    if flags & libc::IPC_CREAT as u64 == 0 || perms(flags) != 0o600 {
        return Err(Finding::new(expected, q.quote()).mistake(tr!("lab03-queue-flags")));
    }
    if q.pid != t.root || q.index > spawned_at(t, server) {
        return Err(Finding::new(expected, q.quote()).mistake(tr!("lab03-queue-before-fork")));
    }
    Ok(())
}

fn typed_both_ways(t: &Trace) -> Verdict {
    let q = the_queue(t)?;
    let server = nth_child(t, 0, &tr!("lab03-a-server"))?;
    let id = q.ret().unwrap_or(-1);
    let on_queue = |c: &CallRef| int_arg(c.call, "msqid", 0) == id;
    // A receive of any type, or of the wrong one, explains the rest.
    for c in t.named_all(&[Sysno::msgrcv]).filter(|c| on_queue(c)) {
        let want = if c.pid == server { REQUEST } else { REPLY };
        let asked = int_arg(c.call, "msgtyp", 3);
        if asked != want {
            let mistake = if asked == 0 {
                tr!("lab03-type-zero")
            } else {
                tr!("lab03-must-receive", who = t.who(c.pid), want = want)
            };
            return Err(
                Finding::new(tr!("lab03-receive-only", who = t.who(c.pid), want = want), c.quote()).mistake(mistake)
            );
        }
    }
    let fork_at = spawned_at(t, server);
    // A message sent with the wrong type is in the trace even when the run
    // was cut short (the side that waits for the right type then waits for
    // ever), so it is judged before what the run did not get to.
    let senders =
        [(t.root, REQUEST, fork_at, tr!("lab03-requests-expected")), (server, REPLY, 0, tr!("lab03-replies-expected"))];
    for (pid, want, after, expected) in senders {
        let wrong = t
            .named(pid, &[Sysno::msgsnd])
            .filter(|c| on_queue(c) && c.index > after)
            .find_map(|c| msg_type(&c).filter(|&ty| ty != want).map(|ty| (c, ty)));
        if let Some((c, got)) = wrong {
            return Err(Finding::new(expected, c.quote()).mistake(tr!(
                "lab03-must-send",
                who = t.who(pid),
                want = want,
                got = got
            )));
        }
    }
    let requests: Vec<CallRef> =
        t.named(t.root, &[Sysno::msgsnd]).filter(|c| on_queue(c) && c.index > fork_at).collect();
    let sent: Vec<(i64, String)> =
        requests.iter().map(|c| (msg_type(c).unwrap_or(0), msg_text(c).unwrap_or_default())).collect();
    let want_sent: Vec<(i64, String)> = WORDS.iter().map(|w| (REQUEST, w.to_string())).collect();
    if sent != want_sent {
        return Err(Finding::new(
            tr!("lab03-requests-expected"),
            calls_or(tr!("lab03-its-msgsnds"), tr!("lab03-no-msgsnd"), &quotes(&requests)),
        )
        .missing_in(t.root));
    }
    let replies: Vec<CallRef> = t.named(server, &[Sysno::msgsnd]).filter(|c| on_queue(c)).collect();
    let answered: Vec<(i64, String)> =
        replies.iter().map(|c| (msg_type(c).unwrap_or(0), msg_text(c).unwrap_or_default())).collect();
    let want_replies: Vec<(i64, String)> = WORDS.iter().map(|w| (REPLY, w.to_uppercase())).collect();
    if answered != want_replies {
        return Err(Finding::new(
            tr!("lab03-replies-expected"),
            calls_or(tr!("lab03-its-msgsnds"), tr!("lab03-no-msgsnd"), &quotes(&replies)),
        )
        .missing_in(server));
    }
    for (pid, want, texts) in
        [(server, REQUEST, WORDS.map(str::to_string)), (t.root, REPLY, WORDS.map(str::to_uppercase))]
    {
        let (got, texts_got) = received(t, pid, id, None);
        if texts_got != texts {
            return Err(Finding::new(
                tr!(
                    "lab03-receives-expected",
                    who = t.who(pid),
                    n = texts.len(),
                    want = want,
                    texts = format!("{texts:?}")
                ),
                calls_or(tr!("lab03-its-msgrcvs"), tr!("lab03-no-msgrcv"), &quotes(&got)),
            )
            .missing_in(pid));
        }
    }
    Ok(())
}

fn queue_removed(t: &Trace) -> Verdict {
    the_queue(t)?;
    removed(t, &[ResourceKind::MsgQueue], &tr!("noun-msg-queue"))
}

/// The POSIX queue's name and the parent's mq_open.
fn posix_queue(t: &Trace) -> Result<CallRef<'_>, Finding> {
    let opens: Vec<CallRef> = t.named(t.root, &[Sysno::mq_open]).collect();
    opens
        .first()
        .copied()
        .ok_or_else(|| Finding::new(tr!("lab03-mq-open-parent"), tr!("lab03-no-mq-open")).missing_in(t.root))
}

fn posix_priorities(t: &Trace) -> Verdict {
    let open = posix_queue(t)?;
    let expected = tr!(
        "lab03-mq-open-expected",
        call = "mq_open(name, O_CREAT|O_EXCL|O_WRONLY, 0600, {mq_maxmsg=4, mq_msgsize=64})"
    );
    let flags = int_arg(open.call, "oflag", 1);
    let want = (libc::O_CREAT | libc::O_EXCL | libc::O_WRONLY) as i64;
    if !open.ok() || flags & (want | libc::O_ACCMODE as i64) != want {
        return Err(Finding::new(expected, open.quote()).mistake(tr!("lab03-excl-wronly")));
    }
    if perms(int_arg(open.call, "mode", 2) as u64) != 0o600 {
        return Err(Finding::new(expected, open.quote()).mistake(tr!("lab03-mode-0600")));
    }
    let sends: Vec<CallRef> = t.named(t.root, &[Sysno::mq_timedsend]).filter(|c| c.ok()).collect();
    let sent: Vec<(String, u64)> = sends
        .iter()
        .map(|c| (text_arg(c.call, "msg_ptr").unwrap_or_default(), int_arg(c.call, "msg_prio", 3) as u64))
        .collect();
    let want_sent: Vec<(String, u64)> = PRIORITIZED.iter().map(|(m, p)| (m.to_string(), *p)).collect();
    if sent != want_sent {
        return Err(Finding::new(
            tr!("lab03-sends-expected"),
            calls_or(tr!("lab03-its-mq-sends"), tr!("lab03-no-mq-send"), &quotes(&sends)),
        )
        .missing_in(t.root));
    }
    let receiver = nth_child(t, 1, &tr!("lab03-a-receiver"))?;
    let child_open = t.named(receiver, &[Sysno::mq_open]).next();
    match child_open {
        Some(c)
            if c.ok()
                && int_arg(c.call, "oflag", 1) & (libc::O_CREAT | libc::O_ACCMODE) as i64 == libc::O_RDONLY as i64 => {}
        Some(c) => {
            return Err(Finding::new(tr!("lab03-child-open-rdonly"), c.quote()));
        }
        None => {
            return missing(receiver, tr!("lab03-child-open-expected"), tr!("lab03-never-mq-open"));
        }
    }
    let expected = tr!("lab03-receive-expected");
    // A receive into a buffer smaller than the queue's message size fails
    // with EMSGSIZE, whatever the queue holds.
    if let Some(small) =
        t.named(receiver, &[Sysno::mq_timedreceive]).find(|c| c.call.errno.map(|e| e.0) == Some(libc::EMSGSIZE))
    {
        let len = int_arg(small.call, "msg_len", 2);
        return Err(Finding::new(expected, small.quote()).mistake(tr!(
            "lab03-buffer-small",
            len = len,
            size = MQ_MSGSIZE
        )));
    }
    let receives: Vec<CallRef> = t.named(receiver, &[Sysno::mq_timedreceive]).filter(|c| c.ok()).collect();
    let got: Vec<(String, Option<u64>)> = receives
        .iter()
        .map(|c| {
            let prio = c.call.arg("msg_prio").and_then(Value::as_i64).map(|p| p as u64);
            (text_arg(c.call, "msg_ptr").unwrap_or_default(), prio)
        })
        .collect();
    let order = ["urgent", "normal", "low"];
    let texts: Vec<&str> = got.iter().map(|(m, _)| m.as_str()).collect();
    if texts != order {
        let all: Vec<CallRef> = t.named(receiver, &[Sysno::mq_timedreceive]).collect();
        return Err(Finding::new(
            expected,
            calls_or(tr!("lab03-its-mq-receives"), tr!("lab03-no-mq-receive"), &quotes(&all)),
        )
        .mistake(tr!("lab03-receive-exactly"))
        .missing_in(receiver));
    }
    Ok(())
}

fn posix_removed(t: &Trace) -> Verdict {
    posix_queue(t)?;
    removed(t, &[ResourceKind::PosixQueue], &tr!("noun-posix-queue"))?;
    let receiver = nth_child(t, 1, &tr!("lab03-a-receiver"))?;
    for pid in [t.root, receiver] {
        let Some(open) = t.named(pid, &[Sysno::mq_open]).find(|c| c.ok()) else { continue };
        let fd = open.ret().unwrap_or(-1);
        let closed = t
            .named(pid, &[Sysno::close])
            .any(|c| c.ok() && c.call.args.first().and_then(|a| a.value.as_i64()) == Some(fd));
        if !closed {
            return Err(Finding::new(
                tr!("lab03-mq-close-expected", who = t.who(pid), fd = fd),
                tr!("lab03-no-close", call = open.quote(), fd = fd),
            )
            .mistake(tr!("lab03-mq-close-forgotten"))
            .missing_in(pid));
        }
    }
    Ok(())
}
