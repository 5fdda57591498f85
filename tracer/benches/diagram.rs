//! The diagram benchmark: how long `ipclab diagram` takes to draw a trace of
//! 100,000 events and more (the target: under 2 s).
//!
//! Run it with `cargo bench --bench diagram` (a bench of the root package,
//! so ipclab is built in release with it); without cargo bench's `--bench`
//! argument (under `cargo test --all-targets`) it makes a quick smoke run.
//! Arguments after `--`: `--runs N` (default 5), `--records N` (default
//! 100000).
//!
//! The trace is a real one: tracer/benches/workloads/sysv_msg_pingpong.c
//! (a parent and a child bouncing System V messages, eight records per
//! round trip: four calls, four kernel lines, plus the calls in progress
//! when the other process acts) traced with `ipclab trace --json`. Each
//! format is drawn with the default row limit and with no limit to speak
//! of (`--diagram-limit 1000000`: every row drawn, repeated rounds folded);
//! the table gives the median wall time of the runs, the process start
//! and the reading of the trace included.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let value = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let runs = if bench { value("--runs", 5) } else { 1 };
    let records = if bench { value("--records", 100_000) } else { 2_000 };
    match run(runs, records) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diagram bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(runs: usize, records: usize) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("ipclab-diagram-bench-{}", std::process::id()));
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = measure(&dir, runs, records);
    let _ = fs::remove_dir_all(&dir);
    result
}

fn measure(dir: &Path, runs: usize, records: usize) -> Result<(), String> {
    let ipclab = env!("CARGO_BIN_EXE_ipclab");
    let prog = dir.join("sysv_msg_pingpong");
    let src = root().join("tracer/benches/workloads/sysv_msg_pingpong.c");
    let ok = Command::new("gcc")
        .args(["-O2", "-Wall", "-Werror", "-o"])
        .arg(&prog)
        .arg(&src)
        .status()
        .map_err(|e| format!("cannot run gcc: {e}"))?;
    if !ok.success() {
        return Err(format!("gcc could not build {}", src.display()));
    }
    let trace = dir.join("trace.jsonl");
    let rounds = (records / 8 + 1).to_string();
    let out = Command::new(ipclab)
        .args(["trace", "--json", "-o"])
        .arg(&trace)
        .arg("--")
        .arg(&prog)
        .arg(&rounds)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run ipclab: {e}"))?;
    if !out.status.success() {
        return Err(format!("ipclab trace failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let text = fs::read_to_string(&trace).map_err(|e| e.to_string())?;
    let lines = text.lines().count();
    println!(
        "trace: {lines} records ({} MB) of sysv_msg_pingpong {rounds}; {runs} run(s) each, median wall time",
        text.len() / 1_000_000
    );
    println!("{:<6} {:>14} {:>10} {:>12}", "format", "limit", "time", "file");
    for ext in ["svg", "html", "mmd"] {
        for limit in ["1000", "1000000"] {
            let file = dir.join(format!("out.{ext}"));
            let mut times = Vec::new();
            for _ in 0..runs {
                let start = Instant::now();
                let out = Command::new(ipclab)
                    .arg("diagram")
                    .arg(&trace)
                    .arg("-o")
                    .arg(&file)
                    .args(["--diagram-limit", limit])
                    .output()
                    .map_err(|e| format!("cannot run ipclab: {e}"))?;
                times.push(start.elapsed());
                if !out.status.success() {
                    return Err(format!("ipclab diagram failed: {}", String::from_utf8_lossy(&out.stderr)));
                }
            }
            let size = fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            let t = median(times);
            println!("{ext:<6} {limit:>14} {:>8.3} s {:>9} kB", t.as_secs_f64(), size / 1000);
        }
    }
    Ok(())
}
