//! Lab 09: the same exchange over every mechanism of the course, measured.
//!
//! For each mechanism (pipe, FIFO, System V message queue, POSIX message queue,
//! shared memory with semaphores, Unix socket, plain file) the parent sets up the
//! objects, forks an echo child, and measures two things on this machine:
//! - round-trip latency: ROUNDS messages of SMALL bytes sent and echoed back
//!   (the median of the ROUNDS round trips);
//! - throughput: ROUNDS messages of LARGE bytes sent one way, then one reply.
//!
//! The send and receive functions return how many system calls they made, so
//! the table can report the calls per message of each mechanism; the trace of a
//! run (`ipclab run 09 -- 20`) shows the same calls. The results are printed as a
//! table and drawn as an SVG bar chart.
//!
//! Usage: `lab09_compare [--unpinned] [ROUNDS] [SVG_PATH]` (default 500 rounds,
//! both processes on one CPU, and the chart in the system's temporary directory).

#![deny(unsafe_op_in_unsafe_fn)]

use std::fmt::Write as _;
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use common::sysv::{self, Attached, MsqId, SemId};
use common::{Cleanup, Context, Result, RunDir};
use nix::fcntl::{OFlag, open};
use nix::mqueue::{MQ_OFlag, MqAttr, MqdT, mq_close, mq_open, mq_receive, mq_send, mq_unlink};
use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity, sched_yield};
use nix::sys::socket::{AddressFamily, SockFlag, SockType, socketpair};
use nix::sys::stat::Mode;
use nix::sys::uio::{pread, pwrite};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, close, fork, mkfifo, pipe, read, unlink, write};

/// Size of a latency message, in bytes.
const SMALL: usize = 64;
/// Size of a throughput message, in bytes (fits every mechanism's default limit).
const LARGE: usize = 4096;
/// Round trips and throughput messages per mechanism, unless given as argument.
const DEFAULT_ROUNDS: usize = 500;

/// The mechanisms, in the order of the course.
const MECHANISMS: [Mechanism; 7] = [
    Mechanism::Pipe,
    Mechanism::Fifo,
    Mechanism::SysvMsg,
    Mechanism::PosixMq,
    Mechanism::ShmSem,
    Mechanism::Socket,
    Mechanism::File,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mechanism {
    Pipe,
    Fifo,
    SysvMsg,
    PosixMq,
    ShmSem,
    Socket,
    File,
}

impl Mechanism {
    fn name(self) -> &'static str {
        match self {
            Mechanism::Pipe => "pipe",
            Mechanism::Fifo => "FIFO",
            Mechanism::SysvMsg => "System V msg",
            Mechanism::PosixMq => "POSIX mq",
            Mechanism::ShmSem => "shm + sem",
            Mechanism::Socket => "Unix socket",
            Mechanism::File => "file",
        }
    }
}

/// Which side of the exchange a process plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Parent,
    Child,
}

/// One process's end of a mechanism: what it sends on and receives from.
enum End {
    /// pipe, FIFO, Unix socket: bytes through file descriptors (`tx` None: the
    /// socket, one fd both ways).
    Stream { rx: OwnedFd, tx: Option<OwnedFd> },
    /// One System V queue both ways; the direction is the message type.
    SysvMsg { queue: MsqId, rx_type: i64, tx_type: i64 },
    /// Two POSIX queues, one per direction.
    PosixMq { rx: MqdT, tx: MqdT },
    /// Two slots in a shared segment, each guarded by an "empty" and a "full"
    /// semaphore.
    ShmSem { attached: Attached, sems: SemId, rx_slot: u16, tx_slot: u16 },
    /// Two files, one per direction; messages are appended, the reader polls.
    File { rx: OwnedFd, tx: OwnedFd, rx_offset: i64, tx_offset: i64 },
}

/// One row of the results.
struct Row {
    mechanism: Mechanism,
    round_trip: Duration,
    megabytes_per_second: f64,
    send_calls: f64,
    receive_calls: f64,
}

fn main() -> ExitCode {
    common::begin("09_compare");
    common::finish(run(std::env::args().skip(1).collect()))
}

fn run(args: Vec<String>) -> Result<()> {
    let usage = "usage: lab09_compare [--unpinned] [ROUNDS] [SVG_PATH]";
    let unpinned = args.iter().any(|arg| arg == "--unpinned");
    let args: Vec<&String> = args.iter().filter(|arg| *arg != "--unpinned").collect();
    if args.len() > 2 || args.iter().any(|arg| arg.starts_with('-')) {
        return Err(usage.into());
    }
    let rounds = match args.first() {
        Some(text) => match text.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => {
                return Err(format!("ROUNDS must be a positive number, not {text:?} ({usage})").into());
            }
        },
        None => DEFAULT_ROUNDS,
    };
    let svg_path = match args.get(1) {
        Some(path) => PathBuf::from(path),
        None => std::env::temp_dir().join(format!("ipclab-compare-{}.svg", nix::unistd::getpid())),
    };
    if !unpinned {
        pin_to_one_cpu()?;
    }
    let dir = RunDir::create("09")?;
    let placement = if unpinned { "wherever the scheduler puts them" } else { "on one shared CPU" };
    println!("lab 09: parent and child run {placement}");
    println!(
        "lab 09: per mechanism, {rounds} round trips of {SMALL} bytes, then {rounds} messages of {LARGE} bytes one way"
    );
    let mut rows = Vec::new();
    for mechanism in MECHANISMS {
        rows.push(measure(mechanism, rounds, &dir)?);
    }
    print_table(&rows);
    std::fs::write(&svg_path, svg(&rows, rounds)).context(&format!("write {}", svg_path.display()))?;
    println!("chart written to {}", svg_path.display());
    Ok(())
}

/// Keeps this process, and the children it forks, on the first CPU it may use:
/// on a virtual machine a wake-up sent to another CPU can cost tens of µs and
/// would swamp the differences between mechanisms (try `--unpinned`).
fn pin_to_one_cpu() -> Result<()> {
    let me = Pid::from_raw(0);
    let allowed = sched_getaffinity(me).context("sched_getaffinity")?;
    let first = (0..CpuSet::count())
        .find(|&cpu| allowed.is_set(cpu).unwrap_or(false))
        .ok_or("no CPU in this process's affinity mask")?;
    let mut only = CpuSet::new();
    only.set(first).context("CpuSet::set")?;
    sched_setaffinity(me, &only).context("sched_setaffinity")?;
    Ok(())
}

/// Sets up one mechanism, runs the echo child against the parent, removes it all.
fn measure(mechanism: Mechanism, rounds: usize, dir: &RunDir) -> Result<Row> {
    let (setup, _removal) = Setup::create(mechanism, dir)?;
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(setup.into_end(Role::Child).and_then(|end| echo(end, rounds))),
        ForkResult::Parent { child } => {
            let mut end = setup.into_end(Role::Parent)?;
            let (round_trip, latency_calls) = round_trips(&mut end, rounds)?;
            let (elapsed, stream_calls) = stream(&mut end, rounds)?;
            end.close()?;
            wait_for(child)?;
            let messages = rounds as f64;
            Ok(Row {
                mechanism,
                round_trip,
                megabytes_per_second: (rounds * LARGE) as f64 / elapsed.as_secs_f64() / 1e6,
                send_calls: (latency_calls.0 + stream_calls.0) as f64 / (2.0 * messages),
                receive_calls: (latency_calls.1 + stream_calls.1) as f64 / (messages + 1.0),
            })
        }
    }
}

/// The parent's latency test: `rounds` times, send SMALL bytes and wait for them to
/// come back. Returns the median round trip (robust against the odd slow wake-up)
/// and the calls made (send, receive).
fn round_trips(end: &mut End, rounds: usize) -> Result<(Duration, (u64, u64))> {
    // BEGIN SOLUTION: `rounds` times: note Instant::now(), send a SMALL message, receive a SMALL one, keep the elapsed time; add up the calls each returns; return the median time and the two totals
    let message = [b'p'; SMALL];
    let mut reply = [0u8; SMALL];
    let (mut sent, mut received) = (0, 0);
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        sent += send(end, &message)?;
        received += receive(end, &mut reply)?;
        samples.push(start.elapsed());
    }
    samples.sort();
    Ok((samples[samples.len() / 2], (sent, received)))
    // END SOLUTION
}

/// The parent's throughput test: send `rounds` LARGE messages, then wait for the
/// child's SMALL reply. Returns the elapsed time and the calls made.
fn stream(end: &mut End, rounds: usize) -> Result<(Duration, (u64, u64))> {
    // BEGIN SOLUTION: start a clock, send `rounds` LARGE messages, receive one SMALL reply; return the elapsed time and the calls made (send, receive)
    let message = [b's'; LARGE];
    let mut reply = [0u8; SMALL];
    let mut sent = 0;
    let start = Instant::now();
    for _ in 0..rounds {
        sent += send(end, &message)?;
    }
    let received = receive(end, &mut reply)?;
    Ok((start.elapsed(), (sent, received)))
    // END SOLUTION
}

/// The child: echoes `rounds` SMALL messages, then takes `rounds` LARGE messages
/// and answers once.
fn echo(mut end: End, rounds: usize) -> Result<()> {
    let mut small = [0u8; SMALL];
    for _ in 0..rounds {
        receive(&mut end, &mut small)?;
        send(&mut end, &small)?;
    }
    let mut large = [0u8; LARGE];
    for _ in 0..rounds {
        receive(&mut end, &mut large)?;
    }
    send(&mut end, &small)?;
    end.close()
}

/// Sends one message of `message.len()` bytes; returns the system calls made.
fn send(end: &mut End, message: &[u8]) -> Result<u64> {
    // BEGIN SOLUTION: per mechanism: write(2) until all is written; msgsnd(2) with tx_type; mq_send(3); semop(2) -1 on the slot's `empty` (2 * tx_slot), copy into the slot, semop +1 on its `full` (2 * tx_slot + 1); pwrite(2) at tx_offset. Count every call.
    match end {
        End::Stream { rx, tx } => {
            let fd = tx.as_ref().unwrap_or(rx);
            let mut calls = 0;
            let mut rest = message;
            while !rest.is_empty() {
                rest = &rest[write(fd, rest).context("write")?..];
                calls += 1;
            }
            Ok(calls)
        }
        End::SysvMsg { queue, tx_type, .. } => {
            sysv::msgsnd(*queue, *tx_type, message, 0).context("msgsnd")?;
            Ok(1)
        }
        End::PosixMq { tx, .. } => {
            mq_send(tx, message, 0).context("mq_send")?;
            Ok(1)
        }
        End::ShmSem { attached, sems, tx_slot, .. } => {
            sysv::semop(*sems, &[sysv::sembuf(2 * *tx_slot, -1, 0)]).context("semop")?;
            slot_write(attached, *tx_slot, message);
            sysv::semop(*sems, &[sysv::sembuf(2 * *tx_slot + 1, 1, 0)]).context("semop")?;
            Ok(2)
        }
        End::File { tx, tx_offset, .. } => {
            let mut calls = 0;
            let mut done = 0;
            while done < message.len() {
                done += pwrite(&*tx, &message[done..], *tx_offset + done as i64).context("pwrite")?;
                calls += 1;
            }
            *tx_offset += message.len() as i64;
            Ok(calls)
        }
    }
    // END SOLUTION
}

/// Receives one message of exactly `buf.len()` bytes; returns the system calls made.
fn receive(end: &mut End, buf: &mut [u8]) -> Result<u64> {
    // BEGIN SOLUTION: per mechanism: read(2) until buf is full; msgrcv(2) with rx_type; mq_receive(3) into a LARGE buffer; semop(2) -1 on the slot's `full`, copy out, semop +1 on its `empty`; pread(2) at rx_offset until buf is full, sched_yield(2) when nothing new. Count every call.
    match end {
        End::Stream { rx, .. } => {
            let mut calls = 0;
            let mut got = 0;
            while got < buf.len() {
                let n = read(&*rx, &mut buf[got..]).context("read")?;
                calls += 1;
                if n == 0 {
                    return Err("the other process closed its end".into());
                }
                got += n;
            }
            Ok(calls)
        }
        End::SysvMsg { queue, rx_type, .. } => {
            sysv::msgrcv(*queue, *rx_type, buf, 0).context("msgrcv")?;
            Ok(1)
        }
        End::PosixMq { rx, .. } => {
            let mut whole = [0u8; LARGE];
            let mut priority = 0;
            let n = mq_receive(rx, &mut whole, &mut priority).context("mq_receive")?;
            buf[..n].copy_from_slice(&whole[..n]);
            Ok(1)
        }
        End::ShmSem { attached, sems, rx_slot, .. } => {
            sysv::semop(*sems, &[sysv::sembuf(2 * *rx_slot + 1, -1, 0)]).context("semop")?;
            slot_read(attached, *rx_slot, buf);
            sysv::semop(*sems, &[sysv::sembuf(2 * *rx_slot, 1, 0)]).context("semop")?;
            Ok(2)
        }
        End::File { rx, rx_offset, .. } => {
            let mut calls = 0;
            let mut got = 0;
            while got < buf.len() {
                let n = pread(&*rx, &mut buf[got..], *rx_offset + got as i64).context("pread")?;
                calls += 1;
                if n == 0 {
                    sched_yield().context("sched_yield")?;
                    calls += 1;
                }
                got += n;
            }
            *rx_offset += buf.len() as i64;
            Ok(calls)
        }
    }
    // END SOLUTION
}

/// A mechanism's objects, made by the parent before fork.
enum Setup {
    Pipe { to_child: (OwnedFd, OwnedFd), to_parent: (OwnedFd, OwnedFd) },
    Fifo { to_child: PathBuf, to_parent: PathBuf },
    SysvMsg { queue: MsqId },
    PosixMq { to_child: MqdT, to_parent: MqdT },
    ShmSem { segment: sysv::ShmId, sems: SemId },
    Socket { parent: OwnedFd, child: OwnedFd },
    File { to_child: OwnedFd, to_parent: OwnedFd },
}

/// Bytes per shared memory slot: a length, then up to LARGE bytes.
const SLOT: usize = 8 + LARGE;

impl Setup {
    /// Creates the objects of `mechanism`, and a guard that removes them when the
    /// measurement is over (or fails).
    fn create(mechanism: Mechanism, dir: &RunDir) -> Result<(Setup, Cleanup)> {
        let nothing = || Cleanup::new(|| {});
        Ok(match mechanism {
            Mechanism::Pipe => {
                let to_child = pipe().context("pipe")?;
                let to_parent = pipe().context("pipe")?;
                (Setup::Pipe { to_child, to_parent }, nothing())
            }
            Mechanism::Fifo => {
                let to_child = dir.join("to_child.fifo");
                let to_parent = dir.join("to_parent.fifo");
                let mode = Mode::from_bits_truncate(0o600);
                mkfifo(&to_child, mode).context("mkfifo")?;
                let first = Cleanup::unlink(&to_child);
                mkfifo(&to_parent, mode).context("mkfifo")?;
                first.disarm();
                let paths = (to_child.clone(), to_parent.clone());
                let removal = Cleanup::new(move || {
                    let _ = unlink(&paths.0);
                    let _ = unlink(&paths.1);
                });
                (Setup::Fifo { to_child, to_parent }, removal)
            }
            Mechanism::SysvMsg => {
                let queue = sysv::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600).context("msgget")?;
                let removal = Cleanup::new(move || {
                    let _ = sysv::msgctl_rmid(queue);
                });
                (Setup::SysvMsg { queue }, removal)
            }
            Mechanism::PosixMq => {
                let names = [common::posix_name("09-to-child"), common::posix_name("09-to-parent")];
                let attr = MqAttr::new(0, 10, LARGE as _, 0);
                let flags = MQ_OFlag::O_CREAT | MQ_OFlag::O_EXCL | MQ_OFlag::O_RDWR;
                let mode = Mode::from_bits_truncate(0o600);
                let to_child = mq_open(names[0].as_str(), flags, mode, Some(&attr)).context("mq_open")?;
                let first = names[0].clone();
                let first = Cleanup::new(move || {
                    let _ = mq_unlink(first.as_str());
                });
                let to_parent = mq_open(names[1].as_str(), flags, mode, Some(&attr)).context("mq_open")?;
                first.disarm();
                // The names can go at once: the open descriptors keep both queues.
                let removal = Cleanup::new(move || {
                    for name in &names {
                        let _ = mq_unlink(name.as_str());
                    }
                });
                (Setup::PosixMq { to_child, to_parent }, removal)
            }
            Mechanism::ShmSem => {
                let segment = sysv::shmget(libc::IPC_PRIVATE, 2 * SLOT, libc::IPC_CREAT | 0o600).context("shmget")?;
                let shm_removal = Cleanup::new(move || {
                    let _ = sysv::shmctl_rmid(segment);
                });
                // Semaphores 2s and 2s+1: slot s is empty, slot s is full.
                let sems = sysv::semget(libc::IPC_PRIVATE, 4, libc::IPC_CREAT | 0o600).context("semget")?;
                shm_removal.disarm();
                let removal = Cleanup::new(move || {
                    let _ = sysv::shmctl_rmid(segment);
                    let _ = sysv::semctl_rmid(sems);
                });
                for slot in 0..2 {
                    sysv::semctl_setval(sems, 2 * slot, 1).context("semctl SETVAL")?;
                }
                (Setup::ShmSem { segment, sems }, removal)
            }
            Mechanism::Socket => {
                let (parent, child) =
                    socketpair(AddressFamily::Unix, SockType::Stream, None, SockFlag::empty()).context("socketpair")?;
                (Setup::Socket { parent, child }, nothing())
            }
            Mechanism::File => {
                let paths = [dir.join("to_child.data"), dir.join("to_parent.data")];
                let flags = OFlag::O_RDWR | OFlag::O_CREAT | OFlag::O_EXCL;
                let mode = Mode::from_bits_truncate(0o600);
                let to_child = open(&paths[0], flags, mode).context("open")?;
                let first = Cleanup::unlink(&paths[0]);
                let to_parent = open(&paths[1], flags, mode).context("open")?;
                first.disarm();
                let removal = Cleanup::new(move || {
                    for path in &paths {
                        let _ = unlink(path);
                    }
                });
                (Setup::File { to_child, to_parent }, removal)
            }
        })
    }

    /// This process's end; the other side's fds are closed on the way.
    fn into_end(self, role: Role) -> Result<End> {
        let parent = role == Role::Parent;
        Ok(match self {
            Setup::Pipe { to_child, to_parent } => {
                let (rx, tx, unused) = if parent {
                    (to_parent.0, to_child.1, [to_child.0, to_parent.1])
                } else {
                    (to_child.0, to_parent.1, [to_parent.0, to_child.1])
                };
                for fd in unused {
                    close(fd).context("close")?;
                }
                End::Stream { rx, tx: Some(tx) }
            }
            Setup::Fifo { to_child, to_parent } => {
                // Both open to_child first, so neither waits for the other forever.
                if parent {
                    let tx = open(&to_child, OFlag::O_WRONLY, Mode::empty()).context("open")?;
                    let rx = open(&to_parent, OFlag::O_RDONLY, Mode::empty()).context("open")?;
                    End::Stream { rx, tx: Some(tx) }
                } else {
                    let rx = open(&to_child, OFlag::O_RDONLY, Mode::empty()).context("open")?;
                    let tx = open(&to_parent, OFlag::O_WRONLY, Mode::empty()).context("open")?;
                    End::Stream { rx, tx: Some(tx) }
                }
            }
            Setup::SysvMsg { queue } => {
                let (rx_type, tx_type) = if parent { (2, 1) } else { (1, 2) };
                End::SysvMsg { queue, rx_type, tx_type }
            }
            Setup::PosixMq { to_child, to_parent } => {
                if parent {
                    End::PosixMq { rx: to_parent, tx: to_child }
                } else {
                    End::PosixMq { rx: to_child, tx: to_parent }
                }
            }
            Setup::ShmSem { segment, sems } => {
                let attached = sysv::shmat(segment, 0).context("shmat")?;
                let (rx_slot, tx_slot) = if parent { (1, 0) } else { (0, 1) };
                End::ShmSem { attached, sems, rx_slot, tx_slot }
            }
            Setup::Socket { parent: parent_end, child: child_end } => {
                let (mine, theirs) = if parent { (parent_end, child_end) } else { (child_end, parent_end) };
                close(theirs).context("close")?;
                End::Stream { rx: mine, tx: None }
            }
            Setup::File { to_child, to_parent } => {
                let (rx, tx) = if parent { (to_parent, to_child) } else { (to_child, to_parent) };
                End::File { rx, tx, rx_offset: 0, tx_offset: 0 }
            }
        })
    }
}

impl End {
    /// Lets go of this end: closes fds and queue descriptors, detaches memory.
    fn close(self) -> Result<()> {
        match self {
            End::Stream { rx, tx } => {
                close(rx).context("close")?;
                if let Some(tx) = tx {
                    close(tx).context("close")?;
                }
            }
            End::SysvMsg { .. } => {}
            End::PosixMq { rx, tx } => {
                mq_close(rx).context("mq_close")?;
                mq_close(tx).context("mq_close")?;
            }
            End::ShmSem { attached, .. } => sysv::shmdt(attached).context("shmdt")?,
            End::File { rx, tx, .. } => {
                close(rx).context("close")?;
                close(tx).context("close")?;
            }
        }
        Ok(())
    }
}

/// Copies `message` into shared memory slot `slot`, length first.
fn slot_write(attached: &Attached, slot: u16, message: &[u8]) {
    assert!(message.len() <= LARGE, "message larger than a slot");
    // SAFETY: the segment is 2 * SLOT bytes, so slot 0 or 1 is in bounds, and the
    // message fits after the length. The "empty" semaphore this process holds
    // gives it the slot alone until it posts "full".
    unsafe {
        let base = attached.as_ptr().add(usize::from(slot) * SLOT);
        base.cast::<u64>().write_unaligned(message.len() as u64);
        std::ptr::copy_nonoverlapping(message.as_ptr(), base.add(8), message.len());
    }
}

/// Copies the message in shared memory slot `slot` into `buf`.
fn slot_read(attached: &Attached, slot: u16, buf: &mut [u8]) {
    // SAFETY: as in slot_write; the "full" semaphore this process took gives it
    // the slot alone until it posts "empty". The length is clamped to `buf`.
    unsafe {
        let base = attached.as_ptr().add(usize::from(slot) * SLOT);
        let len = (base.cast::<u64>().read_unaligned() as usize).min(buf.len()).min(LARGE);
        std::ptr::copy_nonoverlapping(base.add(8), buf.as_mut_ptr(), len);
    }
}

/// Waits for a child and checks that it succeeded.
fn wait_for(child: Pid) -> Result<()> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, 0) => Ok(()),
        other => Err(format!("child failed: {other:?}").into()),
    }
}

/// Prints the results as a table.
fn print_table(rows: &[Row]) {
    println!();
    println!(
        "{:<14} {:>16} {:>18} {:>26}",
        "mechanism", "round trip (µs)", "throughput (MB/s)", "calls/message (send+recv)"
    );
    for row in rows {
        println!(
            "{:<14} {:>16.1} {:>18.1} {:>26}",
            row.mechanism.name(),
            row.round_trip.as_secs_f64() * 1e6,
            row.megabytes_per_second,
            format!("{:.1} + {:.1}", row.send_calls, row.receive_calls),
        );
    }
    println!();
}

/// One bar chart of the SVG: a title, where it starts, what it shows.
struct Chart {
    title: &'static str,
    x0: f64,
    value: fn(&Row) -> f64,
    colour: &'static str,
}

/// Draws two bar charts, round trip and throughput, as a standalone SVG document.
fn svg(rows: &[Row], rounds: usize) -> String {
    const WIDTH: f64 = 760.0;
    const LABEL: f64 = 120.0;
    const BAR_SPACE: f64 = 220.0;
    const ROW: f64 = 26.0;
    const TOP: f64 = 70.0;
    let height = TOP + ROW * rows.len() as f64 + 40.0;
    let charts = [
        Chart {
            title: "round trip, µs (shorter is better)",
            x0: LABEL,
            value: |r: &Row| r.round_trip.as_secs_f64() * 1e6,
            colour: "#4e79a7",
        },
        Chart {
            title: "throughput, MB/s (longer is better)",
            x0: LABEL + BAR_SPACE + 140.0,
            value: |r: &Row| r.megabytes_per_second,
            colour: "#f28e2b",
        },
    ];
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="10" y="24" font-size="16">ipclab lab 09: one exchange over seven mechanisms ({rounds} rounds)</text>"#
    );
    for Chart { title, x0, value, colour } in &charts {
        let max = rows.iter().map(value).fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
        let _ = writeln!(out, r#"<text x="{x0}" y="{}">{title}</text>"#, TOP - 14.0);
        for (i, row) in rows.iter().enumerate() {
            let y = TOP + ROW * i as f64;
            let v = value(row);
            let w = (v / max * BAR_SPACE).max(1.0);
            let _ = writeln!(out, r#"<rect x="{x0}" y="{y}" width="{w:.1}" height="{}" fill="{colour}"/>"#, ROW - 8.0);
            let _ = writeln!(out, r#"<text x="{:.1}" y="{:.1}">{v:.1}</text>"#, x0 + w + 4.0, y + ROW - 12.0);
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64 + ROW - 12.0;
        let _ = writeln!(out, r#"<text x="10" y="{y}">{}</text>"#, row.mechanism.name());
    }
    out.push_str("</svg>\n");
    out
}
