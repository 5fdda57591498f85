//! The tracing benchmark: how much slower programs run under `ipclab trace`
//! than untraced and than under strace, and how much memory the tracer needs.
//!
//! Run it with `cargo bench --bench trace` (it is a bench of the root
//! package, declared in the root Cargo.toml, so ipclab is built in release
//! with it); without cargo bench's `--bench` argument (under `cargo test
//! --all-targets`) it makes a quick smoke run instead. Arguments after `--`:
//!
//! ```text
//! --runs N        runs of every configuration; the table shows medians (default 5)
//! --scale F       multiply every workload's size by F (default 1)
//! --only A,B      only these workloads
//! --cpu N         pin the benchmark and everything it starts to CPU N
//! --no-strace     skip the strace rows
//! ```
//!
//! Each workload (a small C program in tracer/benches/workloads, or one of
//! tests/progs) runs untraced, under `ipclab trace -o FILE` (every call),
//! under `ipclab trace -e CLASS -o FILE` (seccomp filter), each of those with
//! and without the kernel view when ipclab has `--no-kernel`, and under
//! `strace -f -o FILE` and `strace -f --seccomp-bpf -e trace=CALLS -o FILE`
//! with the same calls. Runs are interleaved (every configuration once, then
//! again) so that a change in the machine's load hits all of them alike.
//! The ratios compare medians of the same run of the benchmark.
//!
//! With `--inject`, one more: `ipclab --no-kernel --inject (idle)`, a rule
//! on a call no workload makes, against `ipclab --no-kernel`: what having
//! rules costs a call they do not touch.
//!
//! One more setup, `ptrace floor`, runs each workload under
//! tracer/benches/workloads/ptrace_floor.c: a tracer that makes only the
//! requests every ptrace tracer must (a wait, PTRACE_GET_SYSCALL_INFO and
//! PTRACE_SYSCALL per stop) and reads the data a trace shows, and does
//! nothing with it. It is the yardstick for what ipclab's own work costs.
//! Another, `seccomp alone`, runs each workload under
//! tracer/benches/workloads/seccomp_alone.c: a filter that allows every
//! call and no tracer, the least any filtered trace costs (a task with a
//! seccomp filter enters every call by the kernel's slower path).
//!
//! The ratios are printed twice: of the medians, and run by run (each run's
//! setups one after the other, so each ratio compares times taken under the
//! same load), as the median and the spread of the runs' own ratios.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// One program the benchmark runs.
///
/// The ping-pongs are sized to run about a second untraced on one CPU. The
/// two loops of cheap calls are sized to about a tenth of that: a full
/// trace multiplies their time some 70 times (every call becomes two
/// ptrace stops), so a second untraced would take minutes per traced run.
/// `--scale` changes all sizes alike.
struct Workload {
    name: &'static str,
    /// The C source, relative to the workspace root.
    source: &'static str,
    /// Its one argument (a round count) at scale 1.
    size: u64,
    /// The class traced in the filtered rows: calls the workload makes
    /// rarely, so its hot loop runs outside the filter.
    filter: &'static str,
    about: &'static str,
}

const WORKLOADS: &[Workload] = &[
    Workload {
        name: "pipe_pingpong",
        source: "tracer/benches/workloads/pipe_pingpong.c",
        size: 300_000,
        filter: "process",
        about: "64-byte messages bounced between parent and child through two pipes (round trips)",
    },
    Workload {
        name: "sysv_msg_pingpong",
        source: "tracer/benches/workloads/sysv_msg_pingpong.c",
        size: 300_000,
        filter: "process",
        about: "64-byte System V messages bounced between parent and child (round trips)",
    },
    Workload {
        name: "shm_sem_pingpong",
        source: "tracer/benches/workloads/shm_sem_pingpong.c",
        size: 300_000,
        filter: "process",
        about: "a shared counter handed back and forth with two System V semaphores (round trips)",
    },
    Workload {
        name: "getppid_loop",
        source: "tests/progs/getppid_loop.c",
        size: 1_000_000,
        filter: "process",
        about: "the cheapest call in a loop (calls)",
    },
    Workload {
        name: "fanout64",
        source: "tracer/benches/workloads/fanout64.c",
        size: 5_000,
        filter: "process",
        about: "64 children alive at once, each making rounds of getppid, write, getpid (rounds per child)",
    },
    Workload {
        name: "pipes_made",
        source: "tracer/benches/workloads/pipes_made.c",
        size: 100_000,
        filter: "process",
        about: "pipes made and closed one after the other: the kernel view's cost per object and its memory (pipes)",
    },
];

/// How a workload is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Setup {
    Untraced,
    Strace,
    /// The least a tracer of every call does (ptrace_floor.c).
    Floor,
    /// ipclab, every call; `kernel`: None when ipclab has no kernel view
    /// switch, else whether it is on.
    Ipclab {
        kernel: Option<bool>,
    },
    StraceSeccomp,
    /// The least a tracer with a seccomp filter costs: the filter alone,
    /// no tracer (seccomp_alone.c).
    SeccompAlone,
    IpclabFiltered {
        kernel: Option<bool>,
    },
    /// ipclab, every call, no kernel view, with an `--inject` rule on a
    /// call the workloads never make: every call is asked of the rules and
    /// none is touched (what having rules costs; with no `--inject` the loop
    /// does one emptiness test per stop).
    IpclabIdleInject,
}

impl Setup {
    fn label(self) -> String {
        let k = |kernel: Option<bool>| match kernel {
            Some(false) => " --no-kernel",
            _ => "",
        };
        match self {
            Setup::Untraced => "untraced".into(),
            Setup::Strace => "strace -f".into(),
            Setup::Floor => "ptrace floor".into(),
            Setup::Ipclab { kernel } => format!("ipclab{}", k(kernel)),
            Setup::StraceSeccomp => "strace --seccomp-bpf -e".into(),
            Setup::SeccompAlone => "seccomp alone".into(),
            Setup::IpclabFiltered { kernel } => format!("ipclab -e{}", k(kernel)),
            Setup::IpclabIdleInject => "ipclab --no-kernel --inject (idle)".into(),
        }
    }
}

struct Options {
    runs: usize,
    scale: f64,
    only: Option<Vec<String>>,
    cpu: Option<usize>,
    strace: bool,
}

fn parse_args() -> Result<Options, String> {
    // cargo bench passes --bench; cargo test (with --benches or
    // --all-targets) runs this without it: then a smoke run, one of each
    // setup at a hundredth of the size, checks that every command works.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let mut o = Options { runs: 5, scale: 1.0, only: None, cpu: None, strace: true };
    if smoke {
        (o.runs, o.scale) = (1, 0.01);
    }
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--bench" => {}
            "--runs" => o.runs = value("--runs")?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--scale" => o.scale = value("--scale")?.parse().map_err(|e| format!("--scale: {e}"))?,
            "--only" => o.only = Some(value("--only")?.split(',').map(str::to_string).collect()),
            "--cpu" => o.cpu = Some(value("--cpu")?.parse().map_err(|e| format!("--cpu: {e}"))?),
            "--no-strace" => o.strace = false,
            other => {
                return Err(format!("unknown argument {other:?} (see the doc comment of tracer/benches/trace.rs)"));
            }
        }
    }
    if o.runs == 0 || !(o.scale > 0.0 && o.scale.is_finite()) {
        return Err("--runs must be at least 1 and --scale positive".into());
    }
    Ok(o)
}

fn main() -> ExitCode {
    match bench() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target directory, from this executable's path
/// (`<target>/release/deps/trace-<hash>`).
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return root().join(dir);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    exe.ancestors().find(|d| d.join("CACHEDIR.TAG").is_file()).map(Path::to_path_buf).unwrap_or(root().join("target"))
}

/// The C source of the floor tracer, relative to the workspace root.
const FLOOR_SOURCE: &str = "tracer/benches/workloads/ptrace_floor.c";
/// The C source of the seccomp yardstick, relative to the workspace root.
const SECCOMP_SOURCE: &str = "tracer/benches/workloads/seccomp_alone.c";

fn build(name: &str, source: &str, dir: &Path) -> Result<PathBuf, String> {
    let src = root().join(source);
    let out = dir.join(name);
    let status = Command::new("gcc")
        .args(["-O2", "-Wall", "-Werror", "-o"])
        .arg(&out)
        .arg(&src)
        .status()
        .map_err(|e| format!("cannot run gcc: {e}"))?;
    if !status.success() {
        return Err(format!("gcc could not build {}", src.display()));
    }
    Ok(out)
}

fn have(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// The calls of an ipclab class, by name, as strace's `-e trace=` wants them.
fn class_calls(class: &str) -> Result<String, String> {
    let calls = tracer::filter::parse(class)?.ok_or_else(|| format!("class {class} selects every call"))?;
    Ok(calls.iter().map(|s| s.name()).collect::<Vec<_>>().join(","))
}

/// What one run measured.
#[derive(Debug, Clone, Copy)]
struct Measured {
    wall: Duration,
    /// Peak resident set of the process started and of every descendant it
    /// reaped, in KiB (wait4's ru_maxrss).
    max_rss_kib: i64,
}

/// Runs `argv` to its end with stdout and stderr to files in `scratch`,
/// timing it from spawn to reaping.
fn measure(argv: &[OsString], scratch: &Path) -> Result<Measured, String> {
    let log = scratch.join("stderr.txt");
    let stderr = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let start = Instant::now();
    let child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot run {:?}: {e}", argv[0]))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the kernel to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes the status and the rusage of our own child.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r != pid {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let text = fs::read_to_string(&log).unwrap_or_default();
        return Err(format!("{argv:?} failed (wait status {status:#x}):\n{text}"));
    }
    Ok(Measured { wall, max_rss_kib: usage.ru_maxrss })
}

/// The programs that run the workloads: ipclab, and the yardsticks built
/// from C with the workloads.
struct Runners<'a> {
    ipclab: &'a Path,
    floor: &'a Path,
    seccomp: &'a Path,
}

/// The command line of `setup` for `w`.
fn command(
    setup: Setup,
    runners: &Runners<'_>,
    program: &Path,
    arg: &str,
    calls: &str,
    trace: &Path,
    w: &Workload,
) -> Vec<OsString> {
    let mut v: Vec<OsString> = Vec::new();
    let ipclab_cmd = |v: &mut Vec<OsString>, filter: bool, kernel: Option<bool>| {
        v.extend([runners.ipclab.into(), "trace".into(), "-o".into(), trace.into()]);
        if filter {
            v.extend(["-e".into(), w.filter.into()]);
        }
        if kernel == Some(false) {
            v.push("--no-kernel".into());
        }
        v.push("--".into());
    };
    match setup {
        Setup::Untraced => {}
        Setup::Strace => v.extend(["strace".into(), "-f".into(), "-o".into(), trace.into()]),
        Setup::Floor => v.push(runners.floor.into()),
        Setup::SeccompAlone => v.push(runners.seccomp.into()),
        Setup::StraceSeccomp => v.extend([
            "strace".into(),
            "-f".into(),
            "--seccomp-bpf".into(),
            format!("-etrace={calls}").into(),
            "-o".into(),
            trace.into(),
        ]),
        Setup::Ipclab { kernel } => ipclab_cmd(&mut v, false, kernel),
        Setup::IpclabFiltered { kernel } => ipclab_cmd(&mut v, true, kernel),
        Setup::IpclabIdleInject => {
            v.extend([runners.ipclab.into(), "trace".into(), "-o".into(), trace.into(), "--no-kernel".into()]);
            v.extend(["--inject".into(), IDLE_RULE.into(), "--".into()]);
        }
    }
    v.extend([program.into(), arg.into()]);
    v
}

/// An `--inject` rule no workload's call matches (none calls mq_notify).
const IDLE_RULE: &str = "mq_notify:EINTR";

/// The median of `v`, which it leaves sorted.
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn pin(cpu: usize) -> Result<(), String> {
    // SAFETY: a zeroed cpu_set_t is the empty set; CPU_SET and
    // sched_setaffinity only touch the set we own.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            return Err(format!("cannot pin to CPU {cpu}: {}", std::io::Error::last_os_error()));
        }
    }
    Ok(())
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

fn bench() -> Result<(), String> {
    let o = parse_args()?;
    if let Some(cpu) = o.cpu {
        pin(cpu)?;
    }
    let ipclab = PathBuf::from(env!("CARGO_BIN_EXE_ipclab"));
    let target = target_dir();
    let bin_dir = target.join("bench-workloads");
    let scratch = target.join("bench-scratch");
    fs::create_dir_all(&bin_dir).map_err(|e| format!("{}: {e}", bin_dir.display()))?;
    fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let trace = scratch.join("trace.out");

    let help = Command::new(&ipclab).args(["trace", "--help"]).output().map_err(|e| format!("ipclab: {e}"))?;
    let kernel_switch = String::from_utf8_lossy(&help.stdout).contains("--no-kernel");
    let strace = o.strace && have("strace", &["-V"]);
    let kernels: &[Option<bool>] = if kernel_switch { &[Some(true), Some(false)] } else { &[None] };
    let mut setups = vec![Setup::Untraced];
    if strace {
        setups.push(Setup::Strace);
    }
    setups.push(Setup::Floor);
    setups.extend(kernels.iter().map(|&kernel| Setup::Ipclab { kernel }));
    if strace {
        setups.push(Setup::StraceSeccomp);
    }
    setups.push(Setup::SeccompAlone);
    setups.extend(kernels.iter().map(|&kernel| Setup::IpclabFiltered { kernel }));
    let inject = kernel_switch && String::from_utf8_lossy(&help.stdout).contains("--inject");
    if inject {
        setups.push(Setup::IpclabIdleInject);
    }

    let workloads: Vec<&Workload> =
        WORKLOADS.iter().filter(|w| o.only.as_ref().is_none_or(|only| only.iter().any(|n| n == w.name))).collect();
    if workloads.is_empty() {
        return Err("no workload selected".into());
    }
    let mut built = BTreeMap::new();
    for w in &workloads {
        built.insert(w.name, build(w.name, w.source, &bin_dir)?);
    }
    let floor = build("ptrace_floor", FLOOR_SOURCE, &bin_dir)?;
    let seccomp = build("seccomp_alone", SECCOMP_SOURCE, &bin_dir)?;
    let runners = Runners { ipclab: &ipclab, floor: &floor, seccomp: &seccomp };

    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "# ipclab trace benchmark{}: kernel {}, {cpus} CPUs{}, {} runs, scale {}, load average at start {}",
        if std::env::args().any(|a| a == "--bench") { "" } else { " (smoke run: not under cargo bench)" },
        kernel.trim(),
        o.cpu.map(|c| format!(" (pinned to CPU {c})")).unwrap_or_default(),
        o.runs,
        o.scale,
        load_average()
    );
    for w in &workloads {
        println!("#   {} {}: {}; filter -e {}", w.name, scaled(w, o.scale), w.about, w.filter);
    }

    let mut times: BTreeMap<(&str, Setup), Vec<Duration>> = BTreeMap::new();
    for run in 1..=o.runs {
        for w in &workloads {
            let calls = class_calls(w.filter)?;
            let arg = scaled(w, o.scale).to_string();
            for &setup in &setups {
                let argv = command(setup, &runners, &built[w.name], &arg, &calls, &trace, w);
                let m = measure(&argv, &scratch)?;
                let _ = fs::remove_file(&trace);
                eprintln!("run {run}/{}: {:<18} {:<26} {:>8.3} s", o.runs, w.name, setup.label(), m.wall.as_secs_f64());
                times.entry((w.name, setup)).or_default().push(m.wall);
            }
        }
    }

    let medians: BTreeMap<(&str, Setup), f64> =
        times.iter().map(|(k, v)| (*k, median(&mut v.iter().map(Duration::as_secs_f64).collect::<Vec<_>>()))).collect();
    let secs = |w: &str, s: Setup| medians.get(&(w, s)).copied();

    println!("\nMedian wall time of {} runs, seconds:\n", o.runs);
    let header: Vec<String> = setups.iter().map(|s| s.label()).collect();
    println!("| workload | {} |", header.join(" | "));
    println!("|---|{}", "---:|".repeat(setups.len()));
    for w in &workloads {
        let cells: Vec<String> =
            setups.iter().map(|&s| secs(w.name, s).map(|t| format!("{t:.3}")).unwrap_or_default()).collect();
        println!("| {} | {} |", w.name, cells.join(" | "));
    }

    // The ratios the targets are about; with a kernel view switch the
    // tracer proper is the --no-kernel configuration.
    let full = Setup::Ipclab { kernel: kernels[0] };
    let full_bare = Setup::Ipclab { kernel: *kernels.last().expect("one") };
    let filtered = Setup::IpclabFiltered { kernel: kernels[0] };
    let filtered_bare = Setup::IpclabFiltered { kernel: *kernels.last().expect("one") };
    let ratio = |w: &str, a: Setup, b: Setup| match (secs(w, a), secs(w, b)) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".into(),
    };
    println!("\nRatios of medians (targets in brackets):\n");
    let mut cols: Vec<(String, Setup, Setup)> = Vec::new();
    if strace {
        cols.push((format!("{} / strace -f [<= 0.8]", full.label()), full, Setup::Strace));
        if kernel_switch {
            cols.push((format!("{} / strace -f [<= 0.8]", full_bare.label()), full_bare, Setup::Strace));
        }
    }
    if strace {
        cols.push(("ptrace floor / strace -f".into(), Setup::Floor, Setup::Strace));
    }
    cols.push((format!("{} / ptrace floor", full_bare.label()), full_bare, Setup::Floor));
    cols.push((format!("{} / untraced [<= 1.2]", filtered.label()), filtered, Setup::Untraced));
    cols.push(("seccomp alone / untraced".into(), Setup::SeccompAlone, Setup::Untraced));
    cols.push((format!("{} / seccomp alone", filtered_bare.label()), filtered_bare, Setup::SeccompAlone));
    if strace {
        cols.push((format!("{} / strace --seccomp-bpf -e", filtered.label()), filtered, Setup::StraceSeccomp));
    }
    if kernel_switch {
        cols.push(("ipclab / ipclab --no-kernel [<= 1.5]".into(), full, full_bare));
        cols.push(("ipclab -e / ipclab -e --no-kernel [<= 1.5]".into(), filtered, filtered_bare));
    }
    if inject {
        cols.push((
            format!("{} / {} [~ 1.0]", Setup::IpclabIdleInject.label(), full_bare.label()),
            Setup::IpclabIdleInject,
            full_bare,
        ));
    }
    cols.push((format!("{} / untraced", full.label()), full, Setup::Untraced));
    println!("| workload | {} |", cols.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join(" | "));
    println!("|---|{}", "---:|".repeat(cols.len()));
    for w in &workloads {
        let cells: Vec<String> = cols.iter().map(|(_, a, b)| ratio(w.name, *a, *b)).collect();
        println!("| {} | {} |", w.name, cells.join(" | "));
    }

    // The same ratios run by run: each run measured every setup of a
    // workload one after the other, so a run's ratio compares times taken
    // under the same load. Their spread says how far a ratio at a target's
    // limit is from it.
    let paired = |w: &str, a: Setup, b: Setup| match (times.get(&(w, a)), times.get(&(w, b))) {
        (Some(a), Some(b)) if a.len() == b.len() && !a.is_empty() => {
            let mut r: Vec<f64> = a.iter().zip(b).map(|(a, b)| a.as_secs_f64() / b.as_secs_f64().max(1e-9)).collect();
            let mid = median(&mut r);
            format!("{mid:.2} ({:.2}-{:.2})", r[0], r[r.len() - 1])
        }
        _ => "-".into(),
    };
    println!("\nRatios run by run: median (lowest-highest) of the {} runs' own ratios:\n", o.runs);
    println!("| workload | {} |", cols.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join(" | "));
    println!("|---|{}", "---:|".repeat(cols.len()));
    for w in &workloads {
        let cells: Vec<String> = cols.iter().map(|(_, a, b)| paired(w.name, *a, *b)).collect();
        println!("| {} | {} |", w.name, cells.join(" | "));
    }

    // Memory: the tracer while 64 children live at once, and after a
    // hundred thousand objects made and ended.
    for w in workloads.iter().filter(|w| w.name == "fanout64" || w.name == "pipes_made") {
        println!("\nPeak resident set (wait4 ru_maxrss: the command and every process it reaped), {}:\n", w.name);
        println!("| command | peak RSS |");
        println!("|---|---:|");
        let calls = class_calls(w.filter)?;
        let arg = scaled(w, o.scale).to_string();
        let mut rss_setups = vec![Setup::Untraced];
        rss_setups.extend(kernels.iter().map(|&kernel| Setup::Ipclab { kernel }));
        if strace {
            rss_setups.push(Setup::Strace);
        }
        for setup in rss_setups {
            let argv = command(setup, &runners, &built[w.name], &arg, &calls, &trace, w);
            let m = measure(&argv, &scratch)?;
            let _ = fs::remove_file(&trace);
            println!("| {} | {:.1} MiB |", setup.label(), m.max_rss_kib as f64 / 1024.0);
        }
    }
    println!("\n# load average at the end {}", load_average());
    let _ = fs::remove_dir_all(&scratch);
    Ok(())
}

fn scaled(w: &Workload, scale: f64) -> u64 {
    ((w.size as f64 * scale).round() as u64).max(1)
}
