//! Lab 11: waiting on many descriptors at once.
//!
//! Part 1 measures how much a pipe holds: the write end made non-blocking,
//! writes go in until one fails with EAGAIN; then a blocking write into
//! the full pipe waits until a reader makes room.
//!
//! Part 2 has two children write into one pipe through non-blocking ends:
//! first records of PIPE_BUF (4096) bytes, which the kernel writes whole or
//! not at all, then one message of 64 KiB each, which goes in pieces as room
//! appears, the pieces of the two messages interleaved. A writer that finds
//! the pipe full waits for room with poll(2) instead of trying again at once.
//!
//! Part 3 is one loop for everything: epoll(7) watches a pipe and a socket
//! (two children write lines to them in bursts), an eventfd the children
//! count their lines on, and a signalfd through which SIGCHLD arrives as
//! data, so that the loop reaps each child when it ends.

#![deny(unsafe_op_in_unsafe_fn)]

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use common::{Context, Result};
use nix::errno::Errno;
use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::epoll::{Epoll, EpollCreateFlags, EpollEvent, EpollFlags, EpollTimeout};
use nix::sys::eventfd::{EfdFlags, EventFd};
use nix::sys::signal::{SigSet, SigmaskHow, Signal, sigprocmask};
use nix::sys::signalfd::{SfdFlags, SignalFd};
use nix::sys::socket::{AddressFamily, SockFlag, SockType, socketpair};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, pipe2, read, write};

/// What goes into a pipe in one write in parts 1 and 2: PIPE_BUF bytes.
const RECORD: usize = 4096;
/// Records each writer of part 2 sends.
const RECORDS: usize = 8;
/// The message each writer of part 2 sends after its records.
const MESSAGE: usize = 64 * 1024;
/// Part 3: bursts each child writes (each burst in one write), lines per
/// burst, and a line.
const BURSTS: usize = 3;
const LINES: usize = 4;
const LINE_LEN: usize = 32;
/// How much part 3's loop reads at once: two lines.
const READ_SIZE: usize = 64;
/// The pause between bursts, and the reader's delay in part 1.
const BETWEEN_BURSTS: Duration = Duration::from_millis(5);
const READER_DELAY: Duration = Duration::from_millis(50);
/// Part 2's reader takes a record at a time, this often.
const READ_PAUSE: Duration = Duration::from_millis(1);

fn main() -> ExitCode {
    common::begin("11_poll");
    common::finish(scenario())
}

fn scenario() -> Result<()> {
    let (held, capacity, waited) = part1()?;
    println!("part 1: the pipe took {held} bytes before write returned EAGAIN; F_GETPIPE_SZ says it holds {capacity}");
    println!(
        "part 1: a blocking write of {RECORD} bytes into the full pipe waited {} ms, until the reader made room",
        waited.as_millis()
    );
    let two = part2()?;
    println!("part 2: {} records of {RECORD} bytes arrived whole, {} torn", two.whole_records, two.torn_records);
    println!("part 2: the two messages of {MESSAGE} bytes arrived in {} and {} pieces", two.pieces[0], two.pieces[1]);
    let three = part3()?;
    println!(
        "part 3: {} lines through the pipe, {} through the socket; the eventfd counted {}; {} children reaped through the signalfd",
        three.pipe_lines, three.socket_lines, three.counted, three.reaped
    );
    Ok(())
}

// ---- Part 1: how much a pipe holds ----

/// Measures the pipe's capacity, then shows a blocking write waiting for room.
fn part1() -> Result<(usize, usize, Duration)> {
    let (r, w) = pipe2(OFlag::O_CLOEXEC).context("pipe2")?;
    let held = fill_until_full(w.as_fd())?;
    let capacity = fcntl(&w, FcntlArg::F_GETPIPE_SZ).context("fcntl F_GETPIPE_SZ")? as usize;
    // Blocking again: the next write must wait for room.
    let flags = OFlag::from_bits_truncate(fcntl(&w, FcntlArg::F_GETFL).context("fcntl F_GETFL")?);
    fcntl(&w, FcntlArg::F_SETFL(flags - OFlag::O_NONBLOCK)).context("fcntl F_SETFL")?;
    // SAFETY: this program has a single thread, so the child may run any code.
    let reader = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => {
            drop(w);
            common::child_done(drain_later(r))
        }
        ForkResult::Parent { child } => child,
    };
    drop(r);
    let started = Instant::now();
    write_all_blocking(w.as_fd(), &[b'x'; RECORD])?;
    let waited = started.elapsed();
    drop(w);
    wait_for(reader)?;
    Ok((held, capacity, waited))
}

/// Makes `fd` non-blocking: a read or write that would wait fails with
/// EAGAIN instead. The other flags of the open file stay as they were.
fn set_nonblocking(fd: BorrowedFd) -> Result<()> {
    // BEGIN SOLUTION: make the descriptor non-blocking without changing its other status flags (fcntl(2): F_GETFL, F_SETFL, O_NONBLOCK)
    let flags = OFlag::from_bits_truncate(fcntl(fd, FcntlArg::F_GETFL).context("fcntl F_GETFL")?);
    fcntl(fd, FcntlArg::F_SETFL(flags | OFlag::O_NONBLOCK)).context("fcntl F_SETFL")?;
    Ok(())
    // END SOLUTION
}

/// Fills the pipe whose write end is `w` without ever blocking, RECORD
/// bytes at a time, and returns how many bytes it took.
fn fill_until_full(w: BorrowedFd) -> Result<usize> {
    // BEGIN SOLUTION: find out how many bytes the pipe holds by writing RECORD bytes at a time until the kernel says it is full, never blocking (pipe(7): "Pipe capacity", O_NONBLOCK, EAGAIN)
    set_nonblocking(w)?;
    let mut held = 0;
    loop {
        match write(w, &[b'p'; RECORD]) {
            Ok(n) => held += n,
            Err(Errno::EAGAIN) => return Ok(held),
            Err(e) => return Err(format!("write: {e}").into()),
        }
    }
    // END SOLUTION
}

/// The reader of part 1: waits a while, so that the parent's write finds
/// the pipe full, then reads until end of file.
fn drain_later(r: OwnedFd) -> Result<()> {
    std::thread::sleep(READER_DELAY);
    let mut buf = [0u8; RECORD];
    while read(r.as_fd(), &mut buf).context("read")? > 0 {}
    Ok(())
}

/// Writes all of `bytes` to a blocking descriptor.
fn write_all_blocking(fd: BorrowedFd, mut bytes: &[u8]) -> Result<()> {
    while !bytes.is_empty() {
        match write(fd, bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(Errno::EINTR) => {}
            Err(e) => return Err(format!("write: {e}").into()),
        }
    }
    Ok(())
}

// ---- Part 2: two writers, one pipe ----

/// What the reader of part 2 found in the stream.
struct Stream {
    whole_records: usize,
    torn_records: usize,
    /// How many pieces each writer's message arrived in.
    pieces: [usize; 2],
}

/// Two writers, each with a non-blocking write end, send RECORDS records
/// then one MESSAGE into one pipe; the parent reads it all and looks at how
/// the bytes arrived.
fn part2() -> Result<Stream> {
    let (r, w) = pipe2(OFlag::O_CLOEXEC).context("pipe2")?;
    let mut writers = Vec::new();
    for (small, big) in [(b'a', b'A'), (b'b', b'B')] {
        // SAFETY: this program has a single thread, so the child may run any code.
        match unsafe { fork() }.context("fork")? {
            ForkResult::Child => {
                drop(r);
                common::child_done(write_records_and_message(w, small, big))
            }
            ForkResult::Parent { child } => writers.push(child),
        }
    }
    drop(w);
    let mut stream = Vec::with_capacity(2 * (RECORDS * RECORD + MESSAGE));
    let mut buf = vec![0u8; RECORD];
    loop {
        // A slow reader: both writers find the pipe full, and wait for room.
        std::thread::sleep(READ_PAUSE);
        let n = read(r.as_fd(), &mut buf).context("read")?;
        if n == 0 {
            break;
        }
        stream.extend_from_slice(&buf[..n]);
    }
    for w in writers {
        wait_for(w)?;
    }
    Ok(look_at(&stream))
}

/// One writer of part 2: RECORDS records of `small` bytes, then a message
/// of `big` bytes, through a non-blocking write end.
fn write_records_and_message(w: OwnedFd, small: u8, big: u8) -> Result<()> {
    set_nonblocking(w.as_fd())?;
    for _ in 0..RECORDS {
        send_all(w.as_fd(), &[small; RECORD])?;
    }
    send_all(w.as_fd(), &vec![big; MESSAGE])
}

/// Writes all of `bytes` to the non-blocking descriptor `fd`, taking up
/// where a partial write stopped, and waiting for room whenever the pipe is
/// full.
fn send_all(fd: BorrowedFd, bytes: &[u8]) -> Result<()> {
    // BEGIN SOLUTION: send every byte through the non-blocking descriptor: a write may take only part of them, or none (EAGAIN) when the pipe is full; then wait in the kernel until there is room, never by trying again at once (write(2), poll(2), POLLOUT)
    let mut rest = bytes;
    while !rest.is_empty() {
        match write(fd, rest) {
            Ok(n) => rest = &rest[n..],
            Err(Errno::EAGAIN) => {
                let mut fds = [PollFd::new(fd, PollFlags::POLLOUT)];
                poll(&mut fds, PollTimeout::NONE).context("poll")?;
            }
            Err(Errno::EINTR) => {}
            Err(e) => return Err(format!("write: {e}").into()),
        }
    }
    Ok(())
    // END SOLUTION
}

/// Splits the stream into runs of one byte value: a record is whole when
/// its run is a whole number of records long; a message arrived in as many
/// pieces as it has runs.
fn look_at(stream: &[u8]) -> Stream {
    let mut out = Stream { whole_records: 0, torn_records: 0, pieces: [0, 0] };
    for run in stream.chunk_by(|a, b| a == b) {
        match run[0] {
            b'a' | b'b' if run.len() % RECORD == 0 => out.whole_records += run.len() / RECORD,
            b'a' | b'b' => out.torn_records += run.len().div_ceil(RECORD),
            b'A' => out.pieces[0] += 1,
            b'B' => out.pieces[1] += 1,
            _ => {}
        }
    }
    out
}

// ---- Part 3: one loop for everything ----

/// What part 3's loop received.
#[derive(Default)]
struct Tally {
    pipe_lines: usize,
    socket_lines: usize,
    /// The sum of what the eventfd's reads returned.
    counted: u64,
    reaped: usize,
}

/// The descriptors part 3's loop watches.
struct Sources {
    pipe: OwnedFd,
    socket: OwnedFd,
    counter: EventFd,
    signals: SignalFd,
    children: Vec<Pid>,
}

/// Two children write lines in bursts, one to a pipe, one to a socket, and
/// count each line on an eventfd; the parent's loop takes it all in.
fn part3() -> Result<Tally> {
    let signals = sigchld_as_data()?;
    let counter = EventFd::from_flags(EfdFlags::EFD_CLOEXEC | EfdFlags::EFD_NONBLOCK).context("eventfd")?;
    let (pipe_r, pipe_w) = pipe2(OFlag::O_CLOEXEC).context("pipe2")?;
    // The loop is set up before the first burst; the socket's writer starts
    // half a pause later, so that the two streams take turns, and ends a
    // pause after its last burst, so that the pipe hangs up first.
    let pipe_times = [BETWEEN_BURSTS, Duration::ZERO];
    let mut children = vec![spawn_writer(pipe_w, &counter, pipe_times, &[pipe_r.as_fd(), signals.as_fd()])?];
    let (sock_mine, sock_theirs) =
        socketpair(AddressFamily::Unix, SockType::Stream, None, SockFlag::SOCK_CLOEXEC).context("socketpair")?;
    let others = [pipe_r.as_fd(), sock_mine.as_fd(), signals.as_fd()];
    let socket_times = [BETWEEN_BURSTS + BETWEEN_BURSTS / 2, BETWEEN_BURSTS];
    children.push(spawn_writer(sock_theirs, &counter, socket_times, &others)?);
    for fd in [pipe_r.as_fd(), sock_mine.as_fd()] {
        set_nonblocking(fd)?;
    }
    event_loop(Sources { pipe: pipe_r, socket: sock_mine, counter, signals, children })
}

/// Forks a writer of part 3 that writes to `end` (which only it keeps) and
/// closes the parent's descriptors in `others` first.
fn spawn_writer(end: OwnedFd, counter: &EventFd, times: [Duration; 2], others: &[BorrowedFd]) -> Result<Pid> {
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => {
            for fd in others {
                // SAFETY: the child never uses these again, and the parent's
                // owners are never dropped in the child (it ends with _exit).
                unsafe { libc::close(fd.as_raw_fd()) };
            }
            common::child_done(write_bursts(end, counter, times[0], times[1]))
        }
        ForkResult::Parent { child } => Ok(child),
    }
}

/// One writer of part 3: after `start`, BURSTS bursts of LINES lines, each
/// burst one write (whole: it is less than PIPE_BUF), each line counted on
/// the eventfd, a pause between bursts; then, after `linger`, it exits,
/// which closes its end.
fn write_bursts(end: OwnedFd, counter: &EventFd, start: Duration, linger: Duration) -> Result<()> {
    std::thread::sleep(start);
    for burst in 0..BURSTS {
        if burst > 0 {
            std::thread::sleep(BETWEEN_BURSTS);
        }
        let text: String = (0..LINES)
            .map(|line| format!("{:<width$}\n", format!("burst {burst} line {line}"), width = LINE_LEN - 1))
            .collect();
        write_all_blocking(end.as_fd(), text.as_bytes())?;
        for _ in 0..LINES {
            counter.write(1).context("eventfd write")?;
        }
    }
    std::thread::sleep(linger);
    Ok(())
}

/// Blocks SIGCHLD, so that it stays pending instead of being delivered, and
/// makes a signalfd that reads it as data.
fn sigchld_as_data() -> Result<SignalFd> {
    // BEGIN SOLUTION: make SIGCHLD arrive as data to read instead of as a signal: it must stay pending for the descriptor, never be delivered (signalfd(2), sigprocmask(2))
    let mut mask = SigSet::empty();
    mask.add(Signal::SIGCHLD);
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&mask), None).context("sigprocmask")?;
    SignalFd::with_flags(&mask, SfdFlags::SFD_CLOEXEC | SfdFlags::SFD_NONBLOCK).context("signalfd")
    // END SOLUTION
}

/// The loop: waits with epoll until one of the sources is ready, takes in
/// what it has, and ends when the pipe and the socket have both hung up and
/// both children are reaped.
fn event_loop(s: Sources) -> Result<Tally> {
    // BEGIN SOLUTION: watch the pipe and the socket edge-triggered, and the eventfd and the signalfd, in one epoll instance; take in what each has when it is ready; stop watching a stream when its writer hangs up; reap the children as the signalfd reports them; return when all is done (epoll(7), epoll_ctl(2), epoll_wait(2))
    let epoll = Epoll::new(EpollCreateFlags::EPOLL_CLOEXEC).context("epoll_create1")?;
    let edge = EpollFlags::EPOLLIN | EpollFlags::EPOLLET;
    let (pipe, socket) = (s.pipe.as_raw_fd(), s.socket.as_raw_fd());
    let (counter, signals) = (s.counter.as_fd().as_raw_fd(), s.signals.as_raw_fd());
    epoll.add(&s.pipe, EpollEvent::new(edge, pipe as u64)).context("epoll_ctl ADD pipe")?;
    epoll.add(&s.socket, EpollEvent::new(edge, socket as u64)).context("epoll_ctl ADD socket")?;
    epoll.add(&s.counter, EpollEvent::new(EpollFlags::EPOLLIN, counter as u64)).context("epoll_ctl ADD eventfd")?;
    epoll.add(&s.signals, EpollEvent::new(EpollFlags::EPOLLIN, signals as u64)).context("epoll_ctl ADD signalfd")?;
    let mut streams = [(pipe, Some(s.pipe)), (socket, Some(s.socket))];
    let mut tally = Tally::default();
    let mut events = [EpollEvent::empty(); 8];
    // Each line was counted on the eventfd: done when every count is in too.
    let lines = |t: &Tally| (t.pipe_lines + t.socket_lines) as u64;
    while streams.iter().any(|(_, open)| open.is_some())
        || tally.reaped < s.children.len()
        || tally.counted < lines(&tally)
    {
        let n = epoll.wait(&mut events, EpollTimeout::NONE).context("epoll_wait")?;
        for ev in &events[..n] {
            let fd = ev.data() as RawFd;
            if fd == counter {
                tally.counted += s.counter.read().context("eventfd read")?;
            } else if fd == signals {
                tally.reaped += reap_reported(&s.signals)?;
            } else if let Some((_, slot)) = streams.iter_mut().find(|(f, _)| *f == fd) {
                let Some(stream) = slot.as_ref() else { continue };
                let drained = drain(stream.as_fd())?;
                if fd == pipe {
                    tally.pipe_lines += drained.lines
                } else {
                    tally.socket_lines += drained.lines
                }
                if drained.hung_up || ev.events().contains(EpollFlags::EPOLLHUP) {
                    if let Some(gone) = slot.take() {
                        epoll.delete(&gone).context("epoll_ctl DEL")?;
                    }
                }
            }
        }
    }
    Ok(tally)
    // END SOLUTION
}

/// What one round of reads took from a stream.
struct Drained {
    lines: usize,
    /// A read returned 0: the other end is closed and nothing is left.
    hung_up: bool,
}

/// Reads READ_SIZE bytes at a time from the non-blocking, edge-triggered
/// stream `fd`, for as long as it has any, and counts the lines.
fn drain(fd: BorrowedFd) -> Result<Drained> {
    // BEGIN SOLUTION: take in everything the stream has now, READ_SIZE bytes at a time: edge-triggered epoll reports it again only when new bytes arrive, so stop only when the kernel says there is nothing left (read(2), EAGAIN) or the writer is gone
    let mut buf = [0u8; READ_SIZE];
    let mut lines = 0;
    loop {
        match read(fd, &mut buf) {
            Ok(0) => return Ok(Drained { lines, hung_up: true }),
            Ok(n) => lines += buf[..n].iter().filter(|&&b| b == b'\n').count(),
            Err(Errno::EAGAIN) => return Ok(Drained { lines, hung_up: false }),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(format!("read: {e}").into()),
        }
    }
    // END SOLUTION
}

/// Reads what the signalfd has (each SIGCHLD it reports), then reaps every
/// child that has ended: two children ending at once may leave one SIGCHLD,
/// as signals of one kind are not queued. Returns how many it reaped.
fn reap_reported(signals: &SignalFd) -> Result<usize> {
    while signals.read_signal().context("read signalfd")?.is_some() {}
    let mut reaped = 0;
    loop {
        match waitpid(None, Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) | Err(Errno::ECHILD) => return Ok(reaped),
            Ok(WaitStatus::Exited(_, 0)) => reaped += 1,
            Ok(other) => return Err(format!("a child failed: {other:?}").into()),
            Err(e) => return Err(format!("waitpid: {e}").into()),
        }
    }
}

/// Waits for a child and checks that it succeeded.
fn wait_for(child: Pid) -> Result<()> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, 0) => Ok(()),
        other => Err(format!("child failed: {other:?}").into()),
    }
}
