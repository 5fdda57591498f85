//! The command line of lab 09.

use std::path::PathBuf;

use crate::mechanisms::ring::MAX_DEPTH;
use common::Result;

pub const USAGE: &str =
    "usage: lab09_compare [--trials N] [--rounds N] [--warmup N] [--depth N] [--seed N] [--chart FILE.svg] [--unpinned]
  --trials N    times each mechanism is measured, in a random order (default 15)
  --rounds N    round trips, and stream messages, per trial (default 1000)
  --warmup N    round trips and stream messages before each trial, not timed (default: rounds / 10)
  --depth N     4 KiB messages a mechanism may hold before its sender waits (default 4)
  --seed N      the order of the trials (default: a new one each run, printed)
  --chart FILE  where to write the SVG chart (default: beside this program, lab09_compare.svg)
  --unpinned    let the scheduler place the processes, instead of all on one CPU";

/// What the lab was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub trials: usize,
    pub rounds: usize,
    pub warmup: usize,
    pub depth: usize,
    pub seed: Option<u64>,
    pub chart: Option<PathBuf>,
    pub pinned: bool,
}

/// The options in `args` (the program's arguments, without its name); None
/// for `--help`.
pub fn parse(args: &[String]) -> Result<Option<Options>> {
    let mut options = Options { trials: 15, rounds: 1000, warmup: 0, depth: 4, seed: None, chart: None, pinned: true };
    let mut warmup = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |what: &str| -> Result<String> {
            rest.next().cloned().ok_or_else(|| format!("{arg} needs {what} ({})", first_line()).into())
        };
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--trials" => options.trials = number(arg, &value("a number")?, 1, 100_000)? as usize,
            "--rounds" => options.rounds = number(arg, &value("a number")?, 1, 100_000_000)? as usize,
            "--warmup" => warmup = Some(number(arg, &value("a number")?, 0, 100_000_000)? as usize),
            "--depth" => options.depth = number(arg, &value("a number")?, 1, MAX_DEPTH as u64)? as usize,
            "--seed" => options.seed = Some(number(arg, &value("a number")?, 0, u64::MAX)?),
            "--chart" => options.chart = Some(PathBuf::from(value("a file name")?)),
            "--unpinned" => options.pinned = false,
            other => return Err(format!("unknown argument {other:?} ({})", first_line()).into()),
        }
    }
    options.warmup = warmup.unwrap_or(options.rounds.div_ceil(10));
    Ok(Some(options))
}

fn first_line() -> &'static str {
    USAGE.lines().next().unwrap_or(USAGE)
}

fn number(option: &str, text: &str, min: u64, max: u64) -> Result<u64> {
    match text.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("{option} takes a whole number from {min} to {max}, not {text:?}").into()),
    }
}
