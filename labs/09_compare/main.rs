//! Lab 09: the same exchange over every mechanism of the course, measured
//! fairly.
//!
//! The mechanisms (pipe, FIFO, System V message queue, POSIX message queues,
//! a ring in shared memory with futexes, Unix socket, plain file, and TCP over
//! loopback as a reference) take turns, in trials. In a trial the parent sets
//! up the mechanism's objects, with the same queue depth wherever the kernel
//! lets it, forks an echo child, and measures:
//! - round trip: `rounds` messages of 64 bytes, each sent and echoed back;
//! - stream: `rounds` messages of 4 KiB sent one way, then one reply;
//!
//! each after a warm-up that is not timed; then it removes everything. Every
//! mechanism has `trials` turns, and each round of turns goes in a new random
//! order, so that whatever else the machine is doing falls on all mechanisms
//! alike.
//! Every figure is taken once per trial; the tables give the median over the
//! trials and the spread (10th to 90th percentile), wall time and CPU time
//! (of both processes) side by side, and the calls per message.
//!
//! This file is the scenario. `mechanisms/` holds each mechanism's calls,
//! `measure.rs` the clocks and the statistics, `report.rs` the tables and
//! `chart.rs` the SVG chart.
//!
//! Usage: see `options.rs` (`lab09_compare --help`). Under the tracer use a
//! few rounds (`ipclab run 09` passes `--trials 2 --rounds 3`): every call
//! then stops for the tracer, and the times measure ptrace, not the mechanisms.

#![deny(unsafe_op_in_unsafe_fn)]

mod chart;
mod measure;
mod mechanisms;
mod options;
mod report;

use std::process::ExitCode;

use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};

use common::{Context, Result, RunDir};
use measure::{Calls, Clocks, Shuffler, Summary, Trial};
use mechanisms::{Depth, End, LARGE, Mechanism, Role, SMALL, Setup};
use options::{Options, USAGE};
use report::Row;

fn main() -> ExitCode {
    common::begin("09_compare");
    let args: Vec<String> = std::env::args().skip(1).collect();
    common::finish(match options::parse(&args) {
        Ok(Some(options)) => run(&options),
        Ok(None) => {
            println!("{USAGE}");
            Ok(())
        }
        Err(err) => Err(err),
    })
}

fn run(options: &Options) -> Result<()> {
    let seed = options.seed.unwrap_or_else(Shuffler::any_seed);
    if let Some(folder) = options.chart.as_deref().and_then(|p| p.parent()).filter(|f| !f.as_os_str().is_empty()) {
        if !folder.is_dir() {
            return Err(format!("--chart: the folder {} does not exist", folder.display()).into());
        }
    }
    if options.pinned {
        pin_to_one_cpu()?;
    }
    let dir = RunDir::create("09")?;
    print_plan(options, seed);

    // The trials: every mechanism once per round, in a new order each round.
    let mut results: Vec<Results> = mechanisms::ALL.iter().map(|&m| Results::new(m)).collect();
    let mut shuffler = Shuffler::new(seed);
    for number in 1..=options.trials {
        let mut order: Vec<usize> = (0..results.len()).collect();
        shuffler.shuffle(&mut order);
        for i in order {
            let mechanism = results[i].mechanism;
            let (trial, depth) =
                trial(mechanism, &dir, number, options).map_err(|err| format!("{}: {err}", mechanism.name()))?;
            results[i].trials.push(trial);
            results[i].depths.push(depth);
        }
    }

    let rows: Vec<Row> = results
        .iter()
        .map(|r| Row {
            mechanism: r.mechanism,
            depths: r.depths.clone(),
            summary: Summary::of(&r.trials, options.rounds),
        })
        .collect();
    report::print(&rows, options.trials, options.depth);

    let Some(path) = options.chart.clone().or_else(chart::default_path) else {
        println!("no chart: this program cannot tell where it is; give one with --chart FILE.svg");
        return Ok(());
    };
    let named: Vec<(&str, &Summary)> = rows.iter().map(|r| (r.mechanism.name(), &r.summary)).collect();
    let caption = format!(
        "{} trials of {} round trips and {} stream messages each, seed {seed}, {}",
        options.trials,
        options.rounds,
        options.rounds,
        if options.pinned { "on one CPU" } else { "unpinned" }
    );
    chart::write(&path, &chart::svg(&named, &caption))?;
    println!("chart written to {}", path.display());
    Ok(())
}

/// The trials of one mechanism so far.
struct Results {
    mechanism: Mechanism,
    trials: Vec<Trial>,
    depths: Vec<Depth>,
}

impl Results {
    fn new(mechanism: Mechanism) -> Results {
        Results { mechanism, trials: Vec::new(), depths: Vec::new() }
    }
}

fn print_plan(options: &Options, seed: u64) {
    println!(
        "lab 09: {} mechanisms, each measured {}: {} round trips of {SMALL} bytes, then {} messages of {LARGE} bytes one way; before each, {} of each not timed",
        mechanisms::ALL.len(),
        if options.trials == 1 { "once".to_string() } else { format!("{} times", options.trials) },
        options.rounds,
        options.rounds,
        options.warmup
    );
    println!(
        "lab 09: the mechanisms take turns in a new random order each time: seed {seed} (--seed {seed} repeats it)"
    );
    if options.pinned {
        println!(
            "lab 09: the parent and its children run on one shared CPU (--unpinned lets the scheduler place them)"
        );
    } else {
        println!("lab 09: the processes run wherever the scheduler puts them");
    }
    println!(
        "lab 09: every mechanism that has a queue is given room for {} messages of {LARGE} bytes (the depth column says what each really holds)",
        options.depth
    );
}

/// Trial `number` of `mechanism`: sets up its objects (FIFOs and files in `dir`),
/// forks an echo child, runs a warm-up, the timed round trips, a warm-up
/// stream and the timed stream, reading the clocks around each timed part;
/// then lets go of everything. Returns the figures and the depth.
fn trial(mechanism: Mechanism, dir: &RunDir, number: usize, options: &Options) -> Result<(Trial, Depth)> {
    let (setup, _removal) = Setup::create(mechanism, dir, number, options.depth)?;
    // SAFETY: this program has a single thread, so the child may run any code.
    let child = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(setup.into_end(Role::Child).and_then(|(end, _)| echo(end, options))),
        ForkResult::Parent { child } => EchoChild::new(child),
    };
    let (mut end, depth) = setup.into_end(Role::Parent)?;
    let clocks = Clocks::of_child(child.pid)?;
    round_trips(&mut end, options.warmup)?;
    let start = clocks.read()?;
    let round_trip_calls = round_trips(&mut end, options.rounds)?;
    let done = clocks.read()?;
    stream(&mut end, options.warmup)?;
    let stream_start = clocks.read()?;
    let stream_calls = stream(&mut end, options.rounds)?;
    let stream_done = clocks.read()?;
    end.close()?;
    child.wait()?;
    let trial = Trial {
        round_trips: start.until(&done),
        round_trip_calls,
        stream: stream_start.until(&stream_done),
        stream_calls,
    };
    Ok((trial, depth))
}

/// `rounds` round trips: send a SMALL message with its number in it, wait for
/// it to come back, check that it is the same one. Returns the calls made.
fn round_trips(end: &mut End, rounds: usize) -> Result<Calls> {
    // BEGIN SOLUTION: for each round i: stamp a SMALL message with i, send it, receive the echo into a SMALL buffer, expect(echo, i); add up the calls send and receive return
    let mut message = [b'p'; SMALL];
    let mut echo = [0u8; SMALL];
    let mut calls = Calls::default();
    for i in 0..rounds {
        stamp(&mut message, i);
        calls.send += end.send(&message)?;
        calls.receive += end.receive(&mut echo)?;
        expect(&echo, i, "echo")?;
    }
    Ok(calls)
    // END SOLUTION
}

/// `count` LARGE messages one way, each with its number, then the child's
/// SMALL reply, which it sends once it has them all. Returns the calls made.
fn stream(end: &mut End, count: usize) -> Result<Calls> {
    // BEGIN SOLUTION: send `count` LARGE messages, message i stamped with i, then receive one SMALL reply; add up the calls
    let mut message = [b's'; LARGE];
    let mut reply = [0u8; SMALL];
    let mut calls = Calls::default();
    for i in 0..count {
        stamp(&mut message, i);
        calls.send += end.send(&message)?;
    }
    calls.receive += end.receive(&mut reply)?;
    Ok(calls)
    // END SOLUTION
}

/// The echo child of one trial: echoes the warm-up and timed round trips,
/// then takes the warm-up and timed streams, answering once after each.
fn echo(mut end: End, options: &Options) -> Result<()> {
    let mut small = [0u8; SMALL];
    let mut large = [0u8; LARGE];
    for _ in 0..options.warmup + options.rounds {
        end.receive(&mut small)?;
        end.send(&small)?;
    }
    for count in [options.warmup, options.rounds] {
        for i in 0..count {
            end.receive(&mut large)?;
            expect(&large, i, "stream message")?;
        }
        end.send(&small)?;
    }
    end.close()
}

/// Writes `n` into the first 8 bytes of `message`, as decimal digits (so the
/// trace shows it): every message carries its number.
fn stamp(message: &mut [u8], n: usize) {
    message[..8].copy_from_slice(format!("{:08}", n % 100_000_000).as_bytes());
}

/// Checks that `message` is number `n`: it arrived whole and in order.
fn expect(message: &[u8], n: usize, what: &str) -> Result<()> {
    let number = format!("{:08}", n % 100_000_000);
    if message[..8] != *number.as_bytes() {
        let got = String::from_utf8_lossy(&message[..8]);
        return Err(format!("{what} {n} arrived as {got:?}: a message was lost, torn or overwritten").into());
    }
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

/// The echo child of a trial. If the trial stops early (an error), dropping
/// this kills and reaps it: an echo child blocked on a queue or a futex
/// would otherwise wait for ever.
struct EchoChild {
    pid: Pid,
    waited: bool,
}

impl EchoChild {
    fn new(pid: Pid) -> EchoChild {
        EchoChild { pid, waited: false }
    }

    /// Waits for the child, which must end with status 0.
    fn wait(mut self) -> Result<()> {
        self.waited = true;
        match waitpid(self.pid, None).context("waitpid")? {
            WaitStatus::Exited(_, 0) => Ok(()),
            other => Err(format!("the echo child failed: {other:?}").into()),
        }
    }
}

impl Drop for EchoChild {
    fn drop(&mut self) {
        if !self.waited {
            let _ = kill(self.pid, Signal::SIGKILL);
            let _ = waitpid(self.pid, None);
        }
    }
}
