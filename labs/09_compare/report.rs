//! The tables lab 09 prints: one for the round trips, one for the stream.
//! Every time is in µs, as `median (p10–p90)` over the trials.

use crate::measure::{Spread, Summary};
use crate::mechanisms::{Depth, LARGE, Mechanism};

/// One mechanism's results.
pub struct Row {
    pub mechanism: Mechanism,
    /// The depth in each trial.
    pub depths: Vec<Depth>,
    pub summary: Summary,
}

impl Row {
    /// The depth, or its range if it was not the same in every trial.
    fn depth(&self) -> String {
        let first = self.depths.first().map(|d| d.to_string()).unwrap_or_default();
        let (Some(low), Some(high)) = (self.depths.iter().min(), self.depths.iter().max()) else { return first };
        if low == high { first } else { format!("{low}–{high}") }
    }
}

/// Prints both tables and what the depth column means (`depth`: what every
/// mechanism was asked for).
pub fn print(rows: &[Row], trials: usize, depth: usize) {
    println!();
    println!("round trip of 64 bytes, in µs: median (10th–90th percentile) over {trials} trials");
    println!("{:<14} {:<25} {:<25} calls by the parent", "mechanism", "wall", "CPU, both processes");
    for row in rows {
        let s = &row.summary;
        println!(
            "{:<14} {:<25} {:<25} {:.2} + {:.2}",
            row.mechanism.name(),
            spread(s.round_trip),
            spread(s.round_trip_cpu),
            s.round_trip_calls.0,
            s.round_trip_calls.1
        );
    }
    println!();
    println!("stream of 4 KiB messages one way, in µs per message: median (10th–90th percentile) over {trials} trials");
    println!(
        "{:<14} {:>5}  {:<25} {:<25} {:>6}  calls by the sender",
        "mechanism", "depth", "wall", "CPU, both processes", "MB/s"
    );
    for row in rows {
        let s = &row.summary;
        println!(
            "{:<14} {:>5}  {:<25} {:<25} {:>6.0}  {:.2}",
            row.mechanism.name(),
            row.depth(),
            spread(s.stream),
            spread(s.stream_cpu),
            LARGE as f64 / s.stream.median,
            s.stream_send_calls
        );
    }
    println!();
    let names = |pick: fn(&Depth) -> bool| {
        rows.iter()
            .filter(|r| r.depths.first().is_some_and(pick))
            .map(|r| r.mechanism.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "depth: the 4 KiB messages a sender can queue before it waits (each was asked for {depth}); stated by the kernel for {}; counted by filling for {}; none for {}",
        names(|d| matches!(d, Depth::Stated(_))),
        names(|d| matches!(d, Depth::Counted(_))),
        names(|d| matches!(d, Depth::Unbounded)),
    );
    let short: Vec<String> = rows
        .iter()
        .filter(|r| r.depths.iter().any(|d| matches!(d, Depth::Stated(n) if *n < depth)))
        .map(|r| format!("{} holds {}", r.mechanism.name(), r.depth()))
        .collect();
    if !short.is_empty() {
        println!(
            "note: {}: a deeper queue needs privilege (CAP_SYS_RESOURCE: above /proc/sys/kernel/msgmnb, /proc/sys/fs/mqueue/msg_max)",
            short.join(", ")
        );
    }
}

/// `6.12 (5.80–7.01)`.
fn spread(s: Spread) -> String {
    format!("{:.2} ({:.2}–{:.2})", s.median, s.p10, s.p90)
}
