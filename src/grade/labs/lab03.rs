//! Lab 03's checks: one private System V queue, created once before the
//! fork; requests of type 1 and replies of type 2 flow both ways on it; it
//! is removed. The POSIX queue: created exclusively, write-only, mode 0600;
//! messages come out highest priority first; closed and unlinked.

use syscalls::Sysno;
use tracer::decode::Value;

use super::LabSpec;
use super::common::{msg_text, msg_type, nth_child, perms, quotes, spawned_at, the_only};
use super::injected;
use crate::grade::check::{self, Check, Finding, Verdict, listing, missing, removed};
use crate::grade::model::{CallRef, ResourceKind, Trace, int_arg, text_arg};
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
    injected::retried(
        t,
        &[Sysno::msgsnd, Sysno::msgrcv],
        same,
        "a signal may interrupt msgsnd or msgrcv (EINTR), and the kernel never restarts them: make the same call again",
    )?;
    // The exchange went on to its end: every reply came back (the POSIX
    // part, which nothing interrupts here, is the other checks' business).
    let replies: Vec<&str> = t.lab.expected.iter().copied().filter(|l| l.starts_with("client: reply")).collect();
    match replies.iter().find(|l| !t.stdout.contains(**l)) {
        None => Ok(()),
        Some(line) => missing(
            t.root,
            format!("the client to go on after the retries and print {line:?}"),
            format!("the lab printed:\n{}", crate::grade::quote::short(&t.stdout, 600)),
        ),
    }
}

fn the_queue(t: &Trace) -> Result<CallRef<'_>, Finding> {
    the_only(
        t,
        Sysno::msgget,
        "the parent to create a queue with msgget",
        "exactly one msgget: one queue carries both directions",
        Some("the queue is created more than once (by each process, or once per message)"),
    )
}

fn queue_created(t: &Trace) -> Verdict {
    let q = the_queue(t)?;
    let server = nth_child(t, 0, "a server")?;
    let expected = "msgget(IPC_PRIVATE, IPC_CREAT|0600) in the parent, before the fork";
    let private = int_arg(q.call, "key", 0) as libc::key_t == libc::IPC_PRIVATE;
    let flags = q.call.raw.args[1];
    if !private {
        return Err(Finding::new(expected, q.quote())
            .mistake("a fixed key: two runs (or two students) share the queue and read each other's messages"));
    }
    if flags & libc::IPC_CREAT as u64 == 0 || perms(flags) != 0o600 {
        return Err(Finding::new(expected, q.quote()).mistake("the flags need IPC_CREAT and the mode 0600"));
    }
    if q.pid != t.root || q.index > spawned_at(t, server) {
        return Err(
            Finding::new(expected, q.quote()).mistake("the queue must exist before fork so both processes know its id")
        );
    }
    Ok(())
}

fn typed_both_ways(t: &Trace) -> Verdict {
    let q = the_queue(t)?;
    let server = nth_child(t, 0, "a server")?;
    let id = q.ret().unwrap_or(-1);
    let on_queue = |c: &CallRef| int_arg(c.call, "msqid", 0) == id;
    // A receive of any type, or of the wrong one, explains the rest.
    for c in t.named_all(&[Sysno::msgrcv]).filter(|c| on_queue(c)) {
        let want = if c.pid == server { REQUEST } else { REPLY };
        let asked = int_arg(c.call, "msgtyp", 3);
        if asked != want {
            let mistake = if asked == 0 {
                "receiving type 0 takes any message: the server takes the note, or a process reads back its own message"
                    .to_string()
            } else {
                format!("{} must receive type {want}", t.who(c.pid))
            };
            return Err(
                Finding::new(format!("{} to receive only type {want}", t.who(c.pid)), c.quote()).mistake(mistake)
            );
        }
    }
    let fork_at = spawned_at(t, server);
    let requests: Vec<CallRef> =
        t.named(t.root, &[Sysno::msgsnd]).filter(|c| on_queue(c) && c.index > fork_at).collect();
    let sent: Vec<(i64, String)> =
        requests.iter().map(|c| (msg_type(c).unwrap_or(0), msg_text(c).unwrap_or_default())).collect();
    let want_sent: Vec<(i64, String)> = WORDS.iter().map(|w| (REQUEST, w.to_string())).collect();
    if sent != want_sent {
        return Err(Finding::new(
            "the client to send \"ping\", \"hello\", \"queue\" as messages of type 1",
            listing("its msgsnd calls", &quotes(&requests)),
        )
        .missing_in(t.root));
    }
    let replies: Vec<CallRef> = t.named(server, &[Sysno::msgsnd]).filter(|c| on_queue(c)).collect();
    let answered: Vec<(i64, String)> =
        replies.iter().map(|c| (msg_type(c).unwrap_or(0), msg_text(c).unwrap_or_default())).collect();
    let want_replies: Vec<(i64, String)> = WORDS.iter().map(|w| (REPLY, w.to_uppercase())).collect();
    if answered != want_replies {
        return Err(Finding::new(
            "the server to answer each request in capitals as type 2",
            listing("its msgsnd calls", &quotes(&replies)),
        )
        .missing_in(server));
    }
    for (pid, want, texts) in
        [(server, REQUEST, WORDS.map(str::to_string)), (t.root, REPLY, WORDS.map(str::to_uppercase))]
    {
        let got: Vec<CallRef> = t.named(pid, &[Sysno::msgrcv]).filter(|c| on_queue(c) && c.ok()).collect();
        let texts_got: Vec<String> = got.iter().map(|c| msg_text(c).unwrap_or_default()).collect();
        if texts_got != texts {
            return Err(Finding::new(
                format!("{} to receive {} message(s) of type {want}: {:?}", t.who(pid), texts.len(), texts),
                listing("its msgrcv calls", &quotes(&got)),
            )
            .missing_in(pid));
        }
    }
    Ok(())
}

fn queue_removed(t: &Trace) -> Verdict {
    the_queue(t)?;
    removed(t, &[ResourceKind::MsgQueue], "System V message queue")
}

/// The POSIX queue's name and the parent's mq_open.
fn posix_queue(t: &Trace) -> Result<CallRef<'_>, Finding> {
    let opens: Vec<CallRef> = t.named(t.root, &[Sysno::mq_open]).collect();
    opens.first().copied().ok_or_else(|| {
        Finding::new("the parent to create a POSIX queue with mq_open", "no mq_open call").missing_in(t.root)
    })
}

fn posix_priorities(t: &Trace) -> Verdict {
    let open = posix_queue(t)?;
    let expected = "mq_open(name, O_CREAT|O_EXCL|O_WRONLY, 0600, {mq_maxmsg=4, mq_msgsize=64}) in the parent";
    let flags = int_arg(open.call, "oflag", 1);
    let want = (libc::O_CREAT | libc::O_EXCL | libc::O_WRONLY) as i64;
    if !open.ok() || flags & (want | libc::O_ACCMODE as i64) != want {
        return Err(Finding::new(expected, open.quote())
            .mistake("O_EXCL makes sure the queue is new; the parent only sends, so O_WRONLY"));
    }
    if perms(int_arg(open.call, "mode", 2) as u64) != 0o600 {
        return Err(Finding::new(expected, open.quote()).mistake("the mode must be 0600"));
    }
    let sends: Vec<CallRef> = t.named(t.root, &[Sysno::mq_timedsend]).filter(|c| c.ok()).collect();
    let sent: Vec<(String, u64)> = sends
        .iter()
        .map(|c| (text_arg(c.call, "msg_ptr").unwrap_or_default(), int_arg(c.call, "msg_prio", 3) as u64))
        .collect();
    let want_sent: Vec<(String, u64)> = PRIORITIZED.iter().map(|(m, p)| (m.to_string(), *p)).collect();
    if sent != want_sent {
        return Err(Finding::new(
            "the parent to send \"low\" (priority 1), \"urgent\" (9), \"normal\" (5), in that order",
            listing("its mq_send calls", &quotes(&sends)),
        )
        .missing_in(t.root));
    }
    let receiver = nth_child(t, 1, "a receiver for the POSIX queue")?;
    let child_open = t.named(receiver, &[Sysno::mq_open]).next();
    match child_open {
        Some(c)
            if c.ok()
                && int_arg(c.call, "oflag", 1) & (libc::O_CREAT | libc::O_ACCMODE) as i64 == libc::O_RDONLY as i64 => {}
        Some(c) => {
            return Err(Finding::new("the child to open the queue by its name, read-only, without O_CREAT", c.quote()));
        }
        None => {
            return missing(
                receiver,
                "the child to open the queue by its name with mq_open",
                "it never called mq_open",
            );
        }
    }
    let expected = "the child to receive three messages: \"urgent\", \"normal\", \"low\" (highest priority first)";
    // A receive into a buffer smaller than the queue's message size fails
    // with EMSGSIZE, whatever the queue holds.
    if let Some(small) =
        t.named(receiver, &[Sysno::mq_timedreceive]).find(|c| c.call.errno.map(|e| e.0) == Some(libc::EMSGSIZE))
    {
        let len = int_arg(small.call, "msg_len", 2);
        return Err(Finding::new(expected, small.quote()).mistake(format!(
            "the receive buffer ({len} bytes) is smaller than the queue's message size (mq_msgsize {MQ_MSGSIZE}): \
             mq_receive fails with EMSGSIZE however short the message is; receive into a buffer of mq_msgsize bytes"
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
        return Err(Finding::new(expected, listing("its mq_receive calls", &quotes(&all)))
            .mistake("receive exactly PRIORITIZED.len() messages, into a buffer of mq_msgsize bytes")
            .missing_in(receiver));
    }
    Ok(())
}

fn posix_removed(t: &Trace) -> Verdict {
    posix_queue(t)?;
    removed(t, &[ResourceKind::PosixQueue], "POSIX message queue")?;
    let receiver = nth_child(t, 1, "a receiver for the POSIX queue")?;
    for pid in [t.root, receiver] {
        let Some(open) = t.named(pid, &[Sysno::mq_open]).find(|c| c.ok()) else { continue };
        let fd = open.ret().unwrap_or(-1);
        let closed = t
            .named(pid, &[Sysno::close])
            .any(|c| c.ok() && c.call.args.first().and_then(|a| a.value.as_i64()) == Some(fd));
        if !closed {
            return Err(Finding::new(
                format!("{} to close its queue descriptor {fd} with mq_close", t.who(pid)),
                format!("{} and no close({fd})", open.quote()),
            )
            .mistake("mq_close was forgotten")
            .missing_in(pid));
        }
    }
    Ok(())
}
