//! Lab 07's checks: a socketpair talks both ways once each process closed
//! the other's end; a server binds a Unix stream socket to a path and
//! listens before the client starts; the client connects by that path and
//! writes three times; the server accepts and reads one byte stream until
//! end of file; the socket file is unlinked.

use syscalls::Sysno;
use tracer::event::Pid;

use super::LabSpec;
use super::common::{io_on_fd, nth_child, quotes, spawned_at, text_moved};
use crate::grade::check::{self, Check, Finding, Verdict, calls_or, fail, listing, missing, removed};
use crate::grade::model::{CallRef, ResourceKind, Trace, calls, fd_pair, socket_path};
use crate::i18n::tr;
use crate::labs::course;

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB07,
    checks: &[
        check::RUNS,
        Check {
            name: "pair_both_ways",
            points: 1,
            description: "with a socketpair, each process closes the other's end; the parent sends ping and reads pong on the same socket",
            verify: pair_both_ways,
        },
        Check {
            name: "server_listens",
            points: 1,
            description: "the server makes an AF_UNIX stream socket, binds it to a path and listens, before the client starts",
            verify: server_listens,
        },
        Check {
            name: "client_connects",
            points: 2,
            description: "the client connects to the server's path and writes each part with its own write",
            verify: client_connects,
        },
        Check {
            name: "one_byte_stream",
            points: 2,
            description: "the server accepts the connection and reads it until end of file: three writes arrive as one stream",
            verify: one_byte_stream,
        },
        Check {
            name: "socket_file_removed",
            points: 2,
            description: "the socket file is removed with unlink (closing the socket does not remove it)",
            verify: socket_file_removed,
        },
        Check {
            name: "short_reads",
            points: 1,
            description: "run with every read returning at most 2 bytes (--inject read,recvfrom:short=2), ping and pong still arrive whole and the server still reads the whole stream",
            verify: short_reads,
        },
    ],
};

fn the_pair(t: &Trace) -> Result<(CallRef<'_>, i32, i32), Finding> {
    let pair = t.named(t.root, &[Sysno::socketpair]).find(|c| c.ok());
    let Some(pair) = pair else {
        return missing(t.root, tr!("lab07-pair-expected"), tr!("lab07-no-pair"));
    };
    let (a, b) = fd_pair(pair.call, "sv").ok_or_else(|| Finding::new(tr!("lab07-two-sockets"), pair.quote()))?;
    Ok((pair, a.fd, b.fd))
}

fn closed(t: &Trace, pid: Pid, fd: i32) -> Option<CallRef<'_>> {
    io_on_fd(t, pid, &[Sysno::close], fd).into_iter().find(|c| c.ok())
}

fn pair_both_ways(t: &Trace) -> Verdict {
    let (_, parent_end, child_end) = the_pair(t)?;
    let child = nth_child(t, 0, &tr!("lab07-pair-child"))?;
    // The pair's part ends where the server's begins (fd numbers are reused).
    let end = t.children().get(1).map(|&c| spawned_at(t, c)).unwrap_or(usize::MAX);
    let before = |calls: Vec<CallRef>| text_moved(&calls.into_iter().filter(|c| c.index < end).collect::<Vec<_>>());
    for (pid, theirs, mine) in [(t.root, child_end, parent_end), (child, parent_end, child_end)] {
        let first_use = t
            .named(pid, &[Sysno::read, Sysno::write])
            .find(|c| c.call.args.first().and_then(|a| a.value.as_fd()).map(|f| f.fd) == Some(mine));
        match (closed(t, pid, theirs), first_use) {
            (Some(c), Some(u)) if c.index < u.index => {}
            (Some(_), None) => {}
            (None, used) => {
                let f = Finding::new(
                    tr!("lab07-close-other-expected", who = t.who(pid), fd = theirs),
                    tr!("lab07-never-closed", who = t.who(pid), fd = theirs),
                )
                .mistake(tr!("lab07-end-kept"));
                // Using its own end first shows it skipped the close.
                return Err(if used.is_some() { f } else { f.missing_in(pid) });
            }
            (Some(c), Some(u)) => {
                return fail(
                    tr!("lab07-close-first", who = t.who(pid), fd = theirs),
                    listing(&tr!("lab07-in-order"), &[u.quote(), c.quote()]),
                );
            }
        }
    }
    let sent = before(io_on_fd(t, t.root, &[Sysno::write], parent_end));
    let got = before(io_on_fd(t, child, &[Sysno::read], child_end));
    let answer = before(io_on_fd(t, child, &[Sysno::write], child_end));
    let back = before(io_on_fd(t, t.root, &[Sysno::read], parent_end));
    if (sent.as_str(), got.as_str(), answer.as_str(), back.as_str()) != ("ping", "ping", "pong", "pong") {
        let calls: Vec<CallRef> = [t.root, child]
            .iter()
            .flat_map(|&p| {
                t.named(p, &[Sysno::read, Sysno::write])
                    .filter(|c| {
                        c.call.args.first().and_then(|a| a.value.as_fd()).is_some_and(|f| f.socket_inode().is_some())
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        // What is missing is the first process's part left undone.
        let undone = if sent != "ping" || back != "pong" { t.root } else { child };
        return Err(Finding::new(
            tr!("lab07-ping-pong-expected"),
            listing(&tr!("lab07-calls-on-pair"), &quotes(&calls)),
        )
        .missing_in(undone));
    }
    Ok(())
}

/// Judged on the run whose reads return at most 2 bytes: a stream socket
/// keeps no message boundaries, so a reader that knows a message's length
/// reads until it has all of it.
fn short_reads(t: &Trace) -> Verdict {
    let (_, parent_end, child_end) = the_pair(t)?;
    let child = nth_child(t, 0, &tr!("lab07-pair-child"))?;
    // The pair's part ends where the server's begins (fd numbers are reused).
    let end = t.children().get(1).map(|&c| spawned_at(t, c)).unwrap_or(usize::MAX);
    for (pid, fd, message) in [(child, child_end, "ping"), (t.root, parent_end, "pong")] {
        let reads: Vec<CallRef> = io_on_fd(t, pid, calls::RECV, fd).into_iter().filter(|c| c.index < end).collect();
        let got = text_moved(&reads);
        if got != message {
            return Err(Finding::new(
                tr!("lab07-read-all-expected", who = t.who(pid), message = format!("{message:?}"), fd = fd),
                listing(&tr!("lab07-it-read", text = format!("{got:?}")), &quotes(&reads)),
            )
            .mistake(tr!("lab07-one-read")));
        }
    }
    pair_both_ways(t)?;
    one_byte_stream(t)
}

/// The server's listening socket: its socket, bind and listen calls.
fn listener(t: &Trace) -> Result<(i64, CallRef<'_>), Finding> {
    let expected = tr!("lab07-listener-expected");
    let Some(bind) = t.named(t.root, &[Sysno::bind]).find(|c| c.ok()) else {
        let tried: Vec<CallRef> = t.named(t.root, &[Sysno::socket, Sysno::bind, Sysno::listen]).collect();
        return Err(Finding::new(expected, listing(&tr!("lab07-no-bind"), &quotes(&tried))).missing_in(t.root));
    };
    let fd = bind.call.raw.args[0] as i64;
    let socket = t.named(t.root, &[Sysno::socket]).filter(|c| c.index < bind.index && c.ret() == Some(fd)).last();
    match socket {
        Some(s)
            if s.call.raw.args[0] == libc::AF_UNIX as u64 && s.call.raw.args[1] & 0xf == libc::SOCK_STREAM as u64 => {}
        Some(s) => return fail(expected, s.quote()),
        None => return fail(expected, tr!("lab07-not-its-socket", call = bind.quote())),
    }
    let listen = t.named(t.root, &[Sysno::listen]).find(|c| c.ok() && c.call.raw.args[0] as i64 == fd);
    if listen.is_none() {
        return Err(Finding::new(expected, tr!("lab07-no-listen", call = bind.quote(), fd = fd))
            .mistake(tr!("lab07-without-listen"))
            .missing_in(t.root));
    }
    Ok((fd, bind))
}

fn server_listens(t: &Trace) -> Verdict {
    let (fd, bind) = listener(t)?;
    let client = nth_child(t, 1, &tr!("lab07-a-client"))?;
    let listen =
        t.named(t.root, &[Sysno::listen]).find(|c| c.ok() && c.call.raw.args[0] as i64 == fd).expect("checked");
    if listen.index > spawned_at(t, client) {
        return Err(Finding::new(tr!("lab07-listen-first"), listen.quote()).mistake(tr!("lab07-connect-early")));
    }
    if socket_path(bind.call).is_none_or(|p| p.is_empty()) {
        return fail(tr!("lab07-bound-to-path"), bind.quote());
    }
    Ok(())
}

fn client_connects(t: &Trace) -> Verdict {
    let (_, bind) = listener(t)?;
    let path = socket_path(bind.call).unwrap_or_default();
    let client = nth_child(t, 1, &tr!("lab07-a-client"))?;
    let connect = t.named(client, &[Sysno::connect]).next();
    let Some(connect) = connect.filter(|c| c.ok()) else {
        let tried: Vec<CallRef> = t.named(client, &[Sysno::socket, Sysno::connect]).collect();
        return missing(
            client,
            tr!("lab07-connect-expected", path = path.as_str()),
            listing(&tr!("lab07-no-connect"), &quotes(&tried)),
        );
    };
    if socket_path(connect.call).as_deref() != Some(path.as_str()) {
        return fail(tr!("lab07-connect-expected", path = path.as_str()), connect.quote());
    }
    let fd = connect.call.raw.args[0] as i32;
    let writes = io_on_fd(t, client, calls::WRITE, fd);
    let texts: Vec<String> = writes.iter().map(|c| text_moved(&[*c])).collect();
    if texts != ["one", "two", "three"] {
        let f = Finding::new(
            tr!("lab07-parts-expected"),
            listing(&tr!("lab07-writes", n = writes.len()), &quotes(&writes)),
        )
        .mistake(tr!("lab07-separate-writes"));
        // The right parts, too few of them: the client may have stopped first.
        let prefix = texts.iter().zip(["one", "two", "three"]).all(|(a, b)| a == b);
        return Err(if prefix && texts.len() < 3 { f.missing_in(client) } else { f });
    }
    Ok(())
}

fn one_byte_stream(t: &Trace) -> Verdict {
    let (listen_fd, _) = listener(t)?;
    let (_, bind) = listener(t)?;
    let wrong: Vec<CallRef> =
        io_on_fd(t, t.root, calls::RECV, listen_fd as i32).into_iter().filter(|c| c.index > bind.index).collect();
    if let Some(w) = wrong.first() {
        return Err(Finding::new(tr!("lab07-read-accepted"), w.quote()).mistake(tr!("lab07-reads-listener")));
    }
    let Some(accept) = t.named(t.root, calls::ACCEPT).find(|c| c.ok() && c.call.raw.args[0] as i64 == listen_fd) else {
        return missing(t.root, tr!("lab07-accept-expected"), tr!("lab07-no-accept"));
    };
    let conn = accept.ret().unwrap_or(-1) as i32;
    let reads: Vec<CallRef> =
        io_on_fd(t, t.root, calls::RECV, conn).into_iter().filter(|c| c.index > accept.index).collect();
    let expected = tr!("lab07-stream-expected");
    if text_moved(&reads) != "onetwothree" || reads.last().and_then(|r| r.ret()) != Some(0) {
        return Err(Finding::new(expected, calls_or(tr!("lab07-its-reads"), tr!("lab07-no-read"), &quotes(&reads)))
            .mistake(tr!("lab07-read-loop"))
            .missing_in(t.root));
    }
    if !io_on_fd(t, t.root, &[Sysno::close], conn).iter().any(|c| c.ok() && c.index > accept.index) {
        return missing(t.root, tr!("lab07-close-conn"), tr!("lab07-conn-open", fd = conn));
    }
    Ok(())
}

fn socket_file_removed(t: &Trace) -> Verdict {
    listener(t)?;
    removed(t, &[ResourceKind::SocketFile], &tr!("noun-socket-file"))
}
