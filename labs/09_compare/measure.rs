//! How lab 09 measures: the clocks it reads, the figures of one trial, the
//! summary of many trials (median and spread), and the shuffle that decides
//! in which order the mechanisms take their turns.
//!
//! Wall time is CLOCK_MONOTONIC (std's `Instant`), which the C library reads
//! in user space (the vDSO, vdso(7)): no system call, so it is not in the
//! trace. CPU time is the time the processes really ran, in user space and
//! in the kernel: clock_gettime(2) with CLOCK_PROCESS_CPUTIME_ID for the
//! parent, and for the echo child the CPU-time clock clock_getcpuclockid(3)
//! gives for its pid. These are system calls, so the trace shows them.
//! getrusage(2) would not do for the child: RUSAGE_CHILDREN counts only
//! children that have ended and been waited for.

use std::ops::AddAssign;
use std::time::{Duration, Instant};

use nix::time::ClockId;
use nix::unistd::Pid;

use common::{Context, Result};

/// The clocks of one trial: wall time, and the CPU time of the parent and of
/// one echo child.
pub struct Clocks {
    child: ClockId,
}

/// What the clocks said at one moment.
#[derive(Clone, Copy)]
pub struct Reading {
    wall: Instant,
    /// CPU time of the parent and the child together.
    cpu: Duration,
}

/// The time between two readings.
#[derive(Clone, Copy, Debug, Default)]
pub struct Span {
    pub wall: Duration,
    pub cpu: Duration,
}

impl Clocks {
    pub fn of_child(child: Pid) -> Result<Clocks> {
        Ok(Clocks { child: ClockId::pid_cpu_clock_id(child).context("clock_getcpuclockid")? })
    }

    pub fn read(&self) -> Result<Reading> {
        let own = ClockId::CLOCK_PROCESS_CPUTIME_ID.now().context("clock_gettime")?;
        let child = self.child.now().context("clock_gettime (the child's CPU clock)")?;
        Ok(Reading { wall: Instant::now(), cpu: Duration::from(own) + Duration::from(child) })
    }
}

impl Reading {
    pub fn until(&self, later: &Reading) -> Span {
        Span { wall: later.wall - self.wall, cpu: later.cpu.saturating_sub(self.cpu) }
    }
}

/// System calls made by one process: to send, and to receive.
#[derive(Clone, Copy, Debug, Default)]
pub struct Calls {
    pub send: u64,
    pub receive: u64,
}

impl AddAssign for Calls {
    fn add_assign(&mut self, other: Calls) {
        self.send += other.send;
        self.receive += other.receive;
    }
}

/// The figures of one trial of one mechanism.
pub struct Trial {
    /// All the timed round trips, wall and CPU time of both processes.
    pub round_trips: Span,
    /// The parent's calls during the round trips.
    pub round_trip_calls: Calls,
    /// The stream of LARGE messages and the reply, wall and CPU time.
    pub stream: Span,
    /// The parent's calls during the stream.
    pub stream_calls: Calls,
}

/// A median and the spread around it: the 10th and 90th percentiles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
}

impl Spread {
    /// The median and the 10th and 90th percentiles of `values` (at least
    /// one), each interpolated between the two nearest values, as
    /// spreadsheets and numpy do.
    pub fn of(values: &[f64]) -> Spread {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let at = |p: f64| {
            let pos = p * (sorted.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
        };
        Spread { p10: at(0.1), median: at(0.5), p90: at(0.9) }
    }
}

/// What the table and the chart show of one mechanism: each figure once per
/// trial, summed up over the trials.
pub struct Summary {
    /// Wall time per round trip, µs.
    pub round_trip: Spread,
    /// CPU time of both processes per round trip, µs.
    pub round_trip_cpu: Spread,
    /// Wall time per LARGE message of the stream, µs.
    pub stream: Spread,
    /// CPU time of both processes per LARGE message, µs.
    pub stream_cpu: Spread,
    /// The parent's calls per round trip: to send, to receive.
    pub round_trip_calls: (f64, f64),
    /// The parent's calls per LARGE message it sends.
    pub stream_send_calls: f64,
}

impl Summary {
    /// Sums up `trials`, each of `rounds` round trips and `rounds` stream messages.
    pub fn of(trials: &[Trial], rounds: usize) -> Summary {
        let n = rounds as f64;
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        let spread = |f: &dyn Fn(&Trial) -> f64| Spread::of(&trials.iter().map(f).collect::<Vec<_>>());
        let total = trials.iter().fold(Calls::default(), |mut sum, t| {
            sum += t.round_trip_calls;
            sum
        });
        let stream_sends: u64 = trials.iter().map(|t| t.stream_calls.send).sum();
        let messages = n * trials.len() as f64;
        Summary {
            round_trip: spread(&|t| us(t.round_trips.wall) / n),
            round_trip_cpu: spread(&|t| us(t.round_trips.cpu) / n),
            stream: spread(&|t| us(t.stream.wall) / n),
            stream_cpu: spread(&|t| us(t.stream.cpu) / n),
            round_trip_calls: (total.send as f64 / messages, total.receive as f64 / messages),
            stream_send_calls: stream_sends as f64 / messages,
        }
    }
}

/// A small pseudo-random generator (SplitMix64), seeded, so that an order of
/// trials can be repeated with `--seed`.
pub struct Shuffler(u64);

impl Shuffler {
    pub fn new(seed: u64) -> Shuffler {
        Shuffler(seed)
    }

    /// A seed from the clock and the pid, for runs that give none.
    pub fn any_seed() -> u64 {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        (now.as_nanos() as u64 ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Puts `items` in a random order (Fisher and Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
