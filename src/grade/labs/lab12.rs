//! Lab 12's checks: the receiver is exec'd with none of the server's
//! descriptors and connects by path; the server learns who connected from
//! the kernel (SO_PEERCRED), the receiver who sent (SCM_CREDENTIALS); the
//! pipe's write end travels in an SCM_RIGHTS message and arrives whole; the
//! receiver writes through the number the kernel gave it; the server lets
//! go of its copy once sent and reads to end of file; the receiver is
//! reaped and the socket file removed.

use syscalls::Sysno;
use tracer::decode::Value;
use tracer::event::Pid;

use super::LabSpec;
use super::common::{io_on, quotes, reaps, tables_at, text_moved, write_holders};
use crate::grade::check::{self, Check, Finding, Verdict, calls_or, fail, listing, missing, removed};
use crate::grade::model::{CallRef, HeldFd, ResourceKind, Trace, calls, fd_of, fd_pair, rights_fds, socket_path};
use crate::i18n::tr;
use crate::labs::course;

/// What the receiver writes into the pipe (labs/12_fd_passing/main.rs).
const LINE: &str = "hello from a program that inherited nothing\n";

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB12,
    checks: &[
        check::RUNS,
        Check {
            name: "receiver_unrelated",
            points: 1,
            description: "the receiver is a program the server execs holding none of the server's pipes or sockets (close-on-exec); it reaches the server by connecting to its socket's path",
            verify: receiver_unrelated,
        },
        Check {
            name: "peer_credentials",
            points: 2,
            description: "the server asks the kernel who connected (getsockopt SO_PEERCRED: the receiver's pid); the receiver turns SO_PASSCRED on before the message comes and gets the server's pid in SCM_CREDENTIALS",
            verify: peer_credentials,
        },
        Check {
            name: "passes_write_end",
            points: 2,
            description: "the server's sendmsg carries its write end of the pipe in SCM_RIGHTS; the receiver's recvmsg gets it, whole (no MSG_CTRUNC), as a descriptor of its own on the same pipe",
            verify: passes_write_end,
        },
        Check {
            name: "uses_received_number",
            points: 1,
            description: "the receiver writes its line into the pipe through the number recvmsg gave it, not the number the end had in the server",
            verify: uses_received_number,
        },
        Check {
            name: "closes_after_sending",
            points: 2,
            description: "the server closes its own copy of the write end after sendmsg returned, then reads the receiver's line until end of file",
            verify: closes_after_sending,
        },
        Check {
            name: "cleaned_up",
            points: 1,
            description: "the server reaps the receiver and removes the socket file",
            verify: cleaned_up,
        },
    ],
};

/// The server's pipe: its pipe2 call, the read end, the write end, and
/// what the trace names it (`pipe:[N]`).
struct ThePipe<'a> {
    call: CallRef<'a>,
    write: i32,
    target: String,
}

fn the_pipe(t: &Trace) -> Result<ThePipe<'_>, Finding> {
    let Some(call) = t.named(t.root, calls::PIPE).find(|c| c.ok()) else {
        return missing(t.root, tr!("lab12-pipe-expected"), tr!("lab12-no-pipe2"));
    };
    let (r, w) = fd_pair(call.call, "pipefd").ok_or_else(|| Finding::new(tr!("lab12-two-fds"), call.quote()))?;
    let target = r.target.as_deref().map(str::to_string).unwrap_or_else(|| "pipe".into());
    Ok(ThePipe { call, write: w.fd, target })
}

/// The process the server started as its receiver.
fn receiver(t: &Trace) -> Result<Pid, Finding> {
    t.role("receiver").ok_or_else(|| {
        Finding::new(tr!("lab12-start-receiver"), tr!("lab12-no-receiver", n = t.children().len())).missing_in(t.root)
    })
}

/// The server's accepted connection: the accept call and its descriptor.
fn connection(t: &Trace) -> Result<(CallRef<'_>, i32), Finding> {
    let accept = t.named(t.root, calls::ACCEPT).find(|c| c.ok());
    let Some(accept) = accept else {
        let tried: Vec<CallRef> =
            t.named(t.root, &[Sysno::socket, Sysno::bind, Sysno::listen, Sysno::accept4]).collect();
        // An accept the kernel refused is the server's doing; one still
        // waiting for a client, or none made, is a part never reached.
        let refused = tried.iter().find(|c| c.is_any(calls::ACCEPT) && c.returned() && !c.ok());
        return Err(Finding::new(tr!("lab12-accept-expected"), listing(&tr!("lab12-no-accept"), &quotes(&tried)))
            .missing_before(t.root, refused.map(|c| c.index)));
    };
    Ok((accept, accept.ret().unwrap_or(-1) as i32))
}

/// The server's successful sendmsg on its connection.
fn the_send(t: &Trace, conn: i32) -> Option<CallRef<'_>> {
    t.named(t.root, &[Sysno::sendmsg]).find(|c| c.ok() && c.call.raw.args[0] as i32 == conn)
}

/// The receiver's first recvmsg that brought a message (more than 0 bytes).
fn the_receive(t: &Trace, receiver: Pid) -> Option<CallRef<'_>> {
    t.named(receiver, &[Sysno::recvmsg]).find(|c| c.ok() && c.ret() > Some(0))
}

/// The write end of `target` that `recv` installed in its process, if it
/// installed one: its number (which end a received descriptor is comes
/// from the kernel view's `passage` event right after the call).
fn received_write_end(t: &Trace, recv: &CallRef, target: &str) -> Option<i32> {
    let after = (recv.index + 1..t.events.len())
        .find(|&i| !matches!(t.events[i].kind, tracer::event::EventKind::Kernel(_)))
        .unwrap_or(t.events.len());
    let tables = t.fds_before(after);
    let table = tables.get(&recv.pid)?;
    rights_fds(recv.call)
        .into_iter()
        .filter(|f| f.target.as_deref() == Some(target))
        .find(|f| table.get(&f.fd).is_some_and(|h| h.access.can_write()))
        .map(|f| f.fd)
}

/// What the receiver's receiving calls show when none brought a message.
fn nothing_received(t: &Trace, receiver: Pid) -> String {
    let on_socket =
        |c: &CallRef| fd_of(c.call).and_then(|f| f.target.as_deref()).is_some_and(|p| p.starts_with("socket:"));
    let tried: Vec<CallRef> =
        t.named(receiver, &[Sysno::recvmsg, Sysno::read, Sysno::recvfrom]).filter(|c| on_socket(c)).collect();
    if tried.iter().any(|c| c.is(Sysno::recvmsg) && c.ret() == Some(0)) {
        listing(&tr!("lab12-closed-before-message"), &quotes(&tried))
    } else {
        listing(&tr!("lab12-no-message"), &quotes(&tried))
    }
}

/// A field of the received message header (`msg_flags`...).
fn msg_field<'a>(c: &CallRef<'a>, name: &str) -> Option<&'a Value> {
    c.call.arg("msg").and_then(|m| m.field(name))
}

/// The control messages of a message header of type `kind` (SCM_RIGHTS...).
fn cmsgs_of<'a>(c: &CallRef<'a>, kind: i32) -> Vec<&'a Value> {
    match msg_field(c, "msg_control") {
        Some(Value::Array { items, .. }) => items
            .iter()
            .filter(|m| m.field("cmsg_type").and_then(Value::as_i64) == Some(kind as i64))
            .filter(|m| m.field("cmsg_level").and_then(Value::as_i64) == Some(libc::SOL_SOCKET as i64))
            .collect(),
        _ => Vec::new(),
    }
}

fn truncated(c: &CallRef) -> bool {
    msg_field(c, "msg_flags").and_then(Value::as_i64).is_some_and(|f| f & libc::MSG_CTRUNC as i64 != 0)
}

fn receiver_unrelated(t: &Trace) -> Verdict {
    let pipe = the_pipe(t)?;
    let receiver = receiver(t)?;
    let who = t.who(receiver);
    let Some(exec) = t.named(receiver, calls::EXEC).find(|c| c.ok()) else {
        return missing(
            receiver,
            tr!("lab12-exec-expected", who = who.as_str()),
            tr!("lab12-no-execve", who = who.as_str()),
        );
    };
    // What the receiver holds once execve has closed the close-on-exec ones.
    let tables = t.fds_before(exec.index + 1);
    let server_sockets: Vec<String> = t
        .named(t.root, &[Sysno::socket, Sysno::accept, Sysno::accept4])
        .filter(|c| c.ok())
        .filter_map(|c| c.call.ret_value.as_ref().and_then(Value::as_fd).and_then(|f| f.target.as_deref()))
        .map(str::to_string)
        .collect();
    let kept: Vec<&HeldFd> = tables
        .get(&receiver)
        .map(|fds| fds.values().filter(|f| f.target == pipe.target || server_sockets.contains(&f.target)).collect())
        .unwrap_or_default();
    if !kept.is_empty() {
        let list: Vec<String> = kept.iter().map(|f| f.describe()).collect();
        return Err(Finding::new(
            tr!("lab12-holds-none", who = who.as_str()),
            tr!("lab12-still-holds", call = exec.quote(), held = list.join(", ")),
        )
        .mistake(tr!("lab12-cloexec")));
    }
    let Some(bind) = t.named(t.root, &[Sysno::bind]).find(|c| c.ok()) else {
        return missing(t.root, tr!("lab12-bind-expected"), tr!("lab12-no-bind"));
    };
    let path = socket_path(bind.call).unwrap_or_default();
    let connect = t.named(receiver, &[Sysno::connect]).find(|c| c.ok());
    match connect {
        Some(c) if socket_path(c.call).as_deref() == Some(path.as_str()) => Ok(()),
        Some(c) => fail(tr!("lab12-connect", who = who.as_str(), path = path.as_str()), c.quote()),
        None => {
            let tried: Vec<CallRef> = t.named(receiver, &[Sysno::socket, Sysno::connect]).collect();
            let expected = tr!("lab12-connect", who = who.as_str(), path = path.as_str());
            missing(receiver, expected, listing(&tr!("lab12-no-connect"), &quotes(&tried)))
        }
    }
}

fn peer_credentials(t: &Trace) -> Verdict {
    let receiver = receiver(t)?;
    let (_, conn) = connection(t)?;
    let expected = tr!("lab12-peercred-expected", conn = conn, receiver = receiver);
    let asked = t
        .named(t.root, &[Sysno::getsockopt])
        .find(|c| c.call.raw.args[0] as i32 == conn && c.call.raw.args[2] as i32 == libc::SO_PEERCRED);
    let Some(asked) = asked.filter(|c| c.ok()) else {
        let tried: Vec<CallRef> = t.named(t.root, &[Sysno::getsockopt]).collect();
        // Asked and refused, or sent without asking: the server's doing.
        // Neither: the server never got that far.
        let past = tried.iter().find(|c| c.returned()).or(the_send(t, conn).as_ref()).map(|c| c.index);
        return Err(Finding::new(expected, listing(&tr!("lab12-no-peercred"), &quotes(&tried)))
            .mistake(tr!("lab12-ask-kernel"))
            .missing_before(t.root, past));
    };
    let pid = asked.call.arg("optval").and_then(|v| v.field("pid")).and_then(Value::as_i64);
    if pid != Some(receiver as i64) {
        return fail(expected, asked.quote());
    }
    // The receiver's side: SO_PASSCRED on before the message is sent.
    let who = t.who(receiver);
    let expected = tr!("lab12-passcred-expected", who = who.as_str(), server = t.root);
    let passcred = t.named(receiver, &[Sysno::setsockopt]).find(|c| {
        c.ok() && c.call.raw.args[2] as i32 == libc::SO_PASSCRED && c.call.raw.args[1] as i32 == libc::SOL_SOCKET
    });
    let Some(passcred) = passcred else {
        // Once the message has come, it came without credentials.
        let came = the_receive(t, receiver).map(|c| c.index);
        return Err(Finding::new(expected, tr!("lab12-no-passcred", who = who.as_str()))
            .mistake(tr!("lab12-passcred-needed"))
            .missing_before(receiver, came));
    };
    if let Some(send) = the_send(t, conn)
        && send.index < passcred.index
    {
        return Err(Finding::new(expected, listing(&tr!("lab12-in-order"), &[send.quote(), passcred.quote()]))
            .mistake(tr!("lab12-passcred-late")));
    }
    let Some(recv) = the_receive(t, receiver) else {
        return missing(receiver, expected, nothing_received(t, receiver));
    };
    if truncated(&recv) {
        // The control buffer was too small: passes_write_end says so; the
        // credentials came, cut short.
        return Ok(());
    }
    let sender = cmsgs_of(&recv, libc::SCM_CREDENTIALS)
        .into_iter()
        .find_map(|m| m.field("cmsg_data").and_then(|d| d.field("pid")).and_then(Value::as_i64));
    if sender != Some(t.root as i64) {
        return fail(expected, recv.quote());
    }
    Ok(())
}

fn passes_write_end(t: &Trace) -> Verdict {
    let pipe = the_pipe(t)?;
    let (_, conn) = connection(t)?;
    let receiver = receiver(t)?;
    let expected = tr!("lab12-send-expected", fd = pipe.write, target = pipe.target.as_str(), conn = conn);
    let sends: Vec<CallRef> = t
        .named(t.root, &[Sysno::sendmsg, Sysno::sendto, Sysno::write])
        .filter(|c| c.call.raw.args[0] as i32 == conn)
        .collect();
    let Some(send) = sends.iter().find(|c| c.is(Sysno::sendmsg) && c.ok()) else {
        let mistake = if sends.iter().any(|c| !c.is(Sysno::sendmsg)) {
            tr!("lab12-sends-number")
        } else {
            tr!("lab12-never-left")
        };
        // A send that returned is the server's doing; none, and the server
        // never got that far.
        let sent = sends.iter().find(|c| c.returned()).map(|c| c.index);
        return Err(Finding::new(expected, listing(&tr!("lab12-no-sendmsg"), &quotes(&sends)))
            .mistake(mistake)
            .missing_before(t.root, sent));
    };
    let sent = rights_fds(send.call);
    let tables = t.fds_before(send.index);
    let sent_write_end = sent.iter().any(|f| {
        tables
            .get(&t.root)
            .and_then(|fds| fds.get(&f.fd))
            .is_some_and(|h| h.target == pipe.target && h.access.can_write())
    });
    if !sent_write_end {
        return Err(Finding::new(expected, send.quote()).mistake(tr!("lab12-carry-write-end")));
    }
    let who = t.who(receiver);
    let expected = tr!("lab12-recv-expected", who = who.as_str(), target = pipe.target.as_str());
    let Some(recv) = the_receive(t, receiver) else {
        return missing(receiver, expected, nothing_received(t, receiver));
    };
    if truncated(&recv) {
        let got = rights_fds(recv.call);
        return Err(Finding::new(
            expected,
            if got.is_empty() {
                tr!("lab12-ctrunc-none", call = recv.quote())
            } else {
                tr!("lab12-ctrunc-part", call = recv.quote())
            },
        )
        .mistake(tr!("lab12-buffer-small")));
    }
    let got = rights_fds(recv.call);
    match got.as_slice() {
        [one] if one.target.as_deref() == Some(pipe.target.as_str()) => Ok(()),
        [] => fail(expected, tr!("lab12-no-descriptor", call = recv.quote())),
        _ => fail(expected, recv.quote()),
    }
}

fn uses_received_number(t: &Trace) -> Verdict {
    let pipe = the_pipe(t)?;
    let receiver = receiver(t)?;
    let who = t.who(receiver);
    let line = format!("{LINE:?}");
    let expected = tr!("lab12-write-expected", who = who.as_str(), line = line.as_str());
    // Without the write end the receiver never gets to write: its part
    // was reached only if it went on to its end.
    let Some(recv) = the_receive(t, receiver) else {
        return missing(receiver, expected, tr!("lab12-nothing-to-write", received = nothing_received(t, receiver)));
    };
    let Some(new) = received_write_end(t, &recv, &pipe.target) else {
        return missing(
            receiver,
            expected,
            tr!("lab12-no-write-end", call = recv.quote(), target = pipe.target.as_str()),
        );
    };
    let expected = tr!("lab12-write-through", who = who.as_str(), line = line.as_str(), fd = new);
    let writes: Vec<CallRef> = t.named(receiver, calls::WRITE).filter(|c| c.index > recv.index).collect();
    let through: Vec<CallRef> = writes.iter().copied().filter(|c| c.call.raw.args[0] as i32 == new).collect();
    if text_moved(&through) == LINE && through.iter().all(|c| c.ok()) {
        return Ok(());
    }
    // Writes that carried the line elsewhere: the usual mistake is the
    // server's number.
    let elsewhere: Vec<CallRef> =
        writes.iter().copied().filter(|c| c.call.raw.args[0] as i32 != new && c.call.raw.args[0] > 2).collect();
    let found = if elsewhere.is_empty() {
        calls_or(
            tr!("lab12-writes-after", call = recv.quote()),
            tr!("lab12-no-write-after", call = recv.quote()),
            &quotes(&writes),
        )
    } else {
        listing(&tr!("lab12-writes-elsewhere"), &quotes(&elsewhere))
    };
    let mut f = Finding::new(expected, found);
    if elsewhere.is_empty() && through.is_empty() {
        // It wrote nothing anywhere: it never got to, unless it ended well.
        f = f.missing_in(receiver);
    }
    if writes.iter().any(|c| c.call.raw.args[0] as i32 == pipe.write && pipe.write != new) {
        f = f.mistake(tr!("lab12-server-number", fd = pipe.write, server = t.root, new = new));
    }
    Err(f)
}

fn closes_after_sending(t: &Trace) -> Verdict {
    let pipe = the_pipe(t)?;
    let (_, conn) = connection(t)?;
    let expected = tr!("lab12-close-expected", fd = pipe.write, target = pipe.target.as_str());
    let close =
        t.named(t.root, &[Sysno::close]).find(|c| c.call.raw.args[0] as i32 == pipe.write && c.index > pipe.call.index);
    let send = t.named(t.root, &[Sysno::sendmsg]).find(|c| c.call.raw.args[0] as i32 == conn);
    match (send, close) {
        (Some(s), Some(c)) if c.index < s.index => {
            return Err(Finding::new(expected, listing(&tr!("lab12-in-order"), &[c.quote(), s.quote()]))
                .mistake(tr!("lab12-closed-before-sent")));
        }
        (Some(s), _) if !s.ok() => return fail(expected, s.quote()),
        (None, _) => return missing(t.root, expected, tr!("lab12-never-sent")),
        _ => {}
    }
    let reads = io_on(t, t.root, calls::READ, &pipe.target);
    let Some(last) = reads.last() else {
        return missing(t.root, expected, tr!("lab12-never-read"));
    };
    if last.ret() != Some(0) {
        // Blocked, or stopped early: who still holds a write end?
        let tables = tables_at(t, last);
        let holders = write_holders(&tables, &pipe.target);
        let own = holders.iter().find(|(pid, _)| *pid == t.root);
        let mut f = Finding::new(expected, tr!("lab12-last-read", call = last.quote()));
        if let Some((_, held)) = own {
            f = f.mistake(tr!("lab12-still-writer", end = held.describe()));
        } else if let Some(&(other, _)) = holders.first() {
            // Another process keeps the pipe open: the server's end of file
            // waits on what that process does.
            f = f.missing_in(other);
        } else {
            f = f.missing_in(t.root);
        }
        return Err(f);
    }
    if close.is_none() {
        return Err(Finding::new(expected, tr!("lab12-never-closed", fd = pipe.write)));
    }
    let got = text_moved(&reads);
    if got != LINE {
        let f = Finding::new(
            tr!("lab12-read-line", line = format!("{LINE:?}")),
            calls_or(tr!("lab12-its-reads"), tr!("lab12-no-read"), &quotes(&reads)),
        );
        let written = t.all_calls().any(|c| {
            c.pid != t.root
                && c.ok()
                && c.is_any(calls::WRITE)
                && c.call.args.first().and_then(|a| a.value.as_fd()).and_then(|f| f.target.as_deref())
                    == Some(pipe.target.as_str())
        });
        let receiver = t.role("receiver");
        let had_it =
            receiver.and_then(|r| the_receive(t, r)).and_then(|r| received_write_end(t, &r, &pipe.target)).is_some();
        // The line is the receiver's to write: when it never came, this
        // check's last part rests on how the receiver ended.
        let f = match (written, receiver) {
            (false, Some(r)) => f.missing_in(r),
            _ => f,
        };
        return Err(match (written, had_it) {
            (true, _) => f,
            (false, true) => f.mistake(tr!("lab12-never-wrote")),
            (false, false) => f.mistake(tr!("lab12-no-other-writer")),
        });
    }
    Ok(())
}

fn cleaned_up(t: &Trace) -> Verdict {
    let receiver = receiver(t)?;
    reaps(t, t.root, receiver)?;
    removed(t, &[ResourceKind::SocketFile], &tr!("noun-socket-file"))
}
