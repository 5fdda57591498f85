//! Helpers shared by the integration tests (`mod common;`): building the
//! small C programs of `tests/progs` that the tracer is tested on, running a
//! command with a deadline, and strace as the reference tracer our own one is
//! compared with (`strace` submodule). `corpus` lists the programs with their
//! arguments, expected endings and the calls a tracer must record for them.

// Each test binary compiles this module and uses a different part of it.
#![allow(dead_code)]

/// Invokes `$tests!(...)` with the id of every program of the corpus, so that
/// each test file lists the corpus once, the same way (`r#static` is
/// `static`; every file also checks its list against [`CORPUS`]).
#[allow(unused_macros)] // each test binary uses a different part
macro_rules! with_corpus_ids {
    ($tests:ident) => {
        $tests!(
            pipe_fork,
            pipe2_dup,
            fd_reuse,
            fifo,
            files,
            sysv_msg,
            sysv_shm,
            sysv_sem,
            posix_mq,
            signals,
            sigpipe,
            sigpipe_ignore,
            sockets,
            memory,
            threads,
            vfork_exec,
            exec_argv,
            stopcont,
            segv,
            children64,
            forkbomb,
            many_threads,
            sigkill_self,
            closeall,
            selfptrace,
            r#static,
            getppid_loop,
            hang_pipe,
            unlinked_fd,
        );
    };
}

pub mod corpus;
pub mod strace;

#[allow(unused_imports)] // each test binary uses a different part
pub use corpus::{CORPUS, Count, Ending, Prog};
#[allow(unused_imports)]
pub use strace::{
    Call, StraceRun, collapse_restarts, differences, parse_strace, per_process, show, strace_available, strace_calls,
    strace_run, strace_run_until_blocked, task_names,
};

use std::collections::HashMap;
use std::env;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use nix::sys::signal::{Signal, killpg};
use nix::sys::wait::{Id, WaitPidFlag, waitid};
use nix::unistd::Pid;
use std::os::unix::process::{CommandExt, ExitStatusExt};

/// The directory holding the C sources: `tests/progs`.
pub fn progs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("progs")
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` when set, else the nearest
/// ancestor of this test executable that holds cargo's `CACHEDIR.TAG`
/// (`<target>/debug/deps/<test>-<hash>` or `<target>/<triple>/debug/deps/...`).
pub fn target_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(dir) = env::var_os("CARGO_TARGET_DIR") {
        return manifest.join(dir); // join keeps an absolute dir as it is
    }
    let exe = env::current_exe().expect("the test executable has a path");
    if let Some(dir) = exe.ancestors().find(|d| d.join("CACHEDIR.TAG").is_file()) {
        return dir.to_path_buf();
    }
    match exe.ancestors().find(|d| d.file_name().is_some_and(|n| n == "deps")) {
        Some(deps) => deps.parent().and_then(Path::parent).unwrap_or(deps).to_path_buf(),
        None => manifest.join("target"),
    }
}

/// tests/sandbox/deny_ptrace.c compiled: `deny_ptrace ERRNO PROGRAM...` runs
/// PROGRAM where every ptrace(2) fails with ERRNO, as in a container whose
/// seccomp profile forbids it.
pub fn deny_ptrace() -> PathBuf {
    prog_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sandbox"), "deny_ptrace")
}

/// Whether a process whose command line holds `needle` is running.
pub fn running_with_arg(needle: &str) -> bool {
    let Ok(procs) = fs::read_dir("/proc") else { return false };
    procs.flatten().any(|p| {
        let cmdline = fs::read(p.path().join("cmdline")).unwrap_or_default();
        cmdline.split(|&b| b == 0).any(|arg| arg == needle.as_bytes())
    })
}

/// The path of tests/progs/NAME.c compiled, building it first if needed.
///
/// Panics with gcc's message when the program does not compile.
pub fn prog(name: &str) -> PathBuf {
    try_prog(name).unwrap_or_else(|e| panic!("{e}"))
}

/// Compiles tests/progs/NAME.c into `<target>/test-progs/NAME` unless a build
/// newer than every source in tests/progs is already there.
///
/// Flags: `-O1 -g -Wall -Werror -pthread`, then the program's own flags from a
/// `build:` line in its header comment (e.g. `-static`, `-lrt`). Safe to call
/// from many threads and test binaries at once: each build goes to a unique
/// temporary file that is then renamed into place, which is atomic.
pub fn try_prog(name: &str) -> Result<PathBuf, String> {
    try_prog_in(&progs_dir(), name)
}

/// The path of DIR/NAME.c compiled, as [`prog`] does for tests/progs (for
/// programs kept apart from the corpus, e.g. tests/kview). Names must not
/// clash with those of tests/progs: all are built into `<target>/test-progs`.
pub fn prog_in(dir: &Path, name: &str) -> PathBuf {
    try_prog_in(dir, name).unwrap_or_else(|e| panic!("{e}"))
}

/// [`try_prog`] for a program in `dir`.
pub fn try_prog_in(dir: &Path, name: &str) -> Result<PathBuf, String> {
    build_prog(dir, name, "", &[])
}

/// tests/progs/NAME.c compiled as a 32-bit program (`gcc -m32`, the i386
/// ABI) into `<target>/test-progs/NAME-m32`; an error where gcc cannot
/// build one (gcc-multilib not installed): callers skip with its message.
pub fn try_prog_m32(name: &str) -> Result<PathBuf, String> {
    try_prog_m32_in(&progs_dir(), name)
}

/// [`try_prog_m32`] for a program in `dir`.
pub fn try_prog_m32_in(dir: &Path, name: &str) -> Result<PathBuf, String> {
    if !m32_available() {
        return Err("skipped: gcc -m32 cannot link a program here (install gcc-multilib)".into());
    }
    build_prog(dir, name, "-m32", &["-m32"])
}

/// Whether gcc can build and link a 32-bit x86 program here.
pub fn m32_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        if !cfg!(target_arch = "x86_64") {
            return false;
        }
        let dir = ScratchDir::new("m32");
        let src = dir.path().join("probe.c");
        let out = dir.path().join("probe");
        fs::write(&src, "#include <stdio.h>\nint main(void) { return puts(\"\") < 0; }\n").is_ok()
            && Command::new("gcc")
                .arg("-m32")
                .arg("-o")
                .arg(&out)
                .arg(&src)
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
    })
}

/// Builds DIR/NAME.c with `extra` flags into `<target>/test-progs/NAME{suffix}`.
fn build_prog(dir: &Path, name: &str, suffix: &str, extra: &[&str]) -> Result<PathBuf, String> {
    let name_out = format!("{name}{suffix}");
    static LOCKS: OnceLock<Mutex<HashMap<String, Arc<Mutex<()>>>>> = OnceLock::new();
    let lock = {
        let mut locks = LOCKS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(locks.entry(name_out.clone()).or_default())
    };
    // One build per name at a time in this process; other processes race
    // harmlessly thanks to the rename.
    let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());

    let src = dir.join(format!("{name}.c"));
    let source = fs::read_to_string(&src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
    let out_dir = target_dir().join("test-progs");
    let out = out_dir.join(&name_out);
    if is_fresh(&out, dir)? && is_fresh(&out, &progs_dir())? {
        return Ok(out);
    }
    fs::create_dir_all(&out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;

    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let tmp = out_dir.join(format!(".{name_out}.tmp-{}-{}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed)));
    let output = Command::new("gcc")
        .args(extra)
        .args(["-O1", "-g", "-Wall", "-Werror", "-pthread", "-o"])
        .arg(&tmp)
        .arg(&src)
        .args(build_flags(&source))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run gcc to build {name}: {e} (install gcc)"))?;
    if !output.status.success() {
        let _ = fs::remove_file(&tmp);
        return Err(format!(
            "gcc failed to build {} ({}):\n{}",
            src.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    fs::rename(&tmp, &out).map_err(|e| format!("cannot rename {} to {}: {e}", tmp.display(), out.display()))?;
    Ok(out)
}

/// The extra gcc flags a program asks for on a ` * build: ...` line.
fn build_flags(source: &str) -> Vec<String> {
    source
        .lines()
        .find_map(|l| l.trim_start_matches([' ', '*', '/']).strip_prefix("build:"))
        .map(|flags| flags.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Whether `out` exists and is newer than every .c and .h file in `dir`
/// (programs may include each other and share progs.h).
fn is_fresh(out: &Path, dir: &Path) -> Result<bool, String> {
    let Ok(built) = fs::metadata(out).and_then(|m| m.modified()) else {
        return Ok(false);
    };
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut newest = SystemTime::UNIX_EPOCH;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "c" || e == "h") {
            if let Ok(t) = entry.metadata().and_then(|m| m.modified()) {
                newest = newest.max(t);
            }
        }
    }
    Ok(built >= newest)
}

/// Whether gcc can link statically here (`libc.a` installed); the `static`
/// program is skipped where it is not.
pub fn static_libc_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("gcc")
            .arg("-print-file-name=libc.a")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
            .is_some_and(|p| p.is_absolute() && p.is_file())
    })
}

/// How a command run by [`run_with_deadline`] ended.
#[derive(Debug)]
pub struct Finished {
    /// The exit status of the command itself (its children are not reported).
    pub status: ExitStatus,
    /// True when the deadline passed and the command's process group was killed.
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    /// The exit code, or None when a signal ended the command.
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// The signal that ended the command, if one did.
    pub fn signal(&self) -> Option<i32> {
        self.status.signal()
    }
}

/// Runs `cmd` in a process group of its own, with stdin from /dev/null and
/// stdout and stderr captured. If it has not ended when `deadline` passes,
/// the whole group is killed with SIGKILL and `timed_out` is set. Either way
/// whatever is left of the group (children the command did not reap) is
/// killed before returning, so nothing it started outlives the call.
///
/// No sleeping: a helper thread waits for the command with
/// `waitid(WNOWAIT)`, which leaves it unreaped, so its pid and process group
/// id cannot be reused before the group is killed.
pub fn run_with_deadline(cmd: &mut Command, deadline: Duration) -> Finished {
    run_group(cmd, deadline, None)
}

/// Runs `cmd` (an ipclab tracing a program that gets stuck) as
/// [`run_with_deadline`] does and, once the processes under it all sleep in
/// the kernel (state S: neither running nor stopped by the tracer) inside
/// the calls `blocked_in` names (for each process, in any order, the system
/// call numbers it may sleep in, as /proc/PID/syscall gives them: a 32-bit
/// program's are i386 numbers), sends SIGINT to its process
/// group, as Ctrl-C on a terminal does. ipclab's report of where each
/// thread waits then finds every one inside its call however loaded the
/// machine is, where a short `--timeout` may expire before the program got
/// there. If they never get there, the deadline kills the group and the
/// test's assertions say what the report lacks.
pub fn interrupt_once_blocked(cmd: &mut Command, blocked_in: &[&[i64]], deadline: Duration) -> Finished {
    run_group(cmd, deadline, Some(Blocked { calls: blocked_in, with_cmd: false }))
}

/// As [`interrupt_once_blocked`], for a stuck program run on its own: the
/// command's own process is the first of `blocked_in`, its descendants the
/// others.
pub fn interrupt_program_once_blocked(cmd: &mut Command, blocked_in: &[&[i64]], deadline: Duration) -> Finished {
    run_group(cmd, deadline, Some(Blocked { calls: blocked_in, with_cmd: true }))
}

/// The calls a stuck command's processes must all sleep in before it is interrupted.
struct Blocked<'a> {
    calls: &'a [&'a [i64]],
    /// Whether the command's own process is one of them (a program run
    /// on its own), or only the processes under it (ipclab's, strace's).
    with_cmd: bool,
}

/// Whether each of `now` is a call of one of `sets`, each set taken once.
fn each_in_its_own(now: &[Option<i64>], sets: &[&[i64]]) -> bool {
    let mut free = vec![true; sets.len()];
    now.iter().all(|n| {
        let slot = (0..sets.len()).find(|&i| free[i] && n.is_some_and(|n| sets[i].contains(&n)));
        slot.map(|i| free[i] = false).is_some()
    })
}

/// The system call `pid` sleeps in: its number, if its state is S (not
/// running, not stopped by a tracer).
pub fn sleeping_in(pid: i32) -> Option<i64> {
    if state_of(pid) != Some('S') {
        return None;
    }
    let syscall = fs::read_to_string(format!("/proc/{pid}/syscall")).ok()?;
    syscall.split_whitespace().next()?.parse().ok()
}

/// The state letter of `pid` in /proc/PID/stat (`S`, `R`, `t`...).
pub fn state_of(pid: i32) -> Option<char> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Every process under `pid`: its children, theirs, and so on.
pub fn descendants(pid: i32) -> Vec<i32> {
    let mut all = children(pid);
    let mut i = 0;
    while i < all.len() {
        let more = children(all[i]);
        all.extend(more);
        i += 1;
    }
    all
}

fn run_group(cmd: &mut Command, deadline: Duration, interrupt_when_blocked: Option<Blocked<'_>>) -> Finished {
    let started = Instant::now();
    cmd.process_group(0).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let pid = Pid::from_raw(i32::try_from(child.id()).expect("pids fit in i32"));
    let stdout = read_all(child.stdout.take().expect("stdout is piped"));
    let stderr = read_all(child.stderr.take().expect("stderr is piped"));

    let (ended_tx, ended_rx) = mpsc::channel();
    thread::spawn(move || {
        let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT;
        loop {
            match waitid(Id::Pid(pid), flags) {
                Err(nix::errno::Errno::EINTR) => continue,
                other => {
                    let _ = ended_tx.send(other.is_ok());
                    return;
                }
            }
        }
    });
    if let Some(Blocked { calls, with_cmd }) = interrupt_when_blocked {
        while started.elapsed() < deadline {
            let mut tree = descendants(pid.as_raw());
            if with_cmd {
                tree.insert(0, pid.as_raw());
            }
            let now: Vec<Option<i64>> = tree.into_iter().map(sleeping_in).collect();
            if now.len() == calls.len() && each_in_its_own(&now, calls) {
                let _ = killpg(pid, Signal::SIGINT);
                break;
            }
            if waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT | WaitPidFlag::WNOHANG)
                .is_ok_and(|s| s.pid().is_some())
            {
                break; // it ended on its own
            }
            thread::yield_now();
        }
    }
    let timed_out = match ended_rx.recv_timeout(deadline.saturating_sub(started.elapsed())) {
        Ok(_) => false,
        Err(RecvTimeoutError::Timeout) => true,
        Err(RecvTimeoutError::Disconnected) => panic!("the waiting thread for {cmd:?} died"),
    };
    // The command is still unreaped here, so the group id is still ours.
    let _ = killpg(pid, Signal::SIGKILL);
    if timed_out {
        let _ = ended_rx.recv();
    }
    let status = child.wait().unwrap_or_else(|e| panic!("cannot reap {cmd:?}: {e}"));
    Finished {
        status,
        timed_out,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// Reads a pipe to its end on a thread of its own.
fn read_all(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// A directory of its own for one test, removed (with its contents) on drop.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    /// Creates `<target>/tmp/ipclab-TAG-PID-N`.
    pub fn new(tag: &str) -> ScratchDir {
        ScratchDir::under(&target_dir().join("tmp"), tag)
    }

    /// Creates `<system temporary directory>/ipclab-TAG-PID-N`: a short
    /// path, for a program that binds a socket in it (a socket's path has
    /// at most 107 bytes).
    pub fn short(tag: &str) -> ScratchDir {
        ScratchDir::under(&std::env::temp_dir(), tag)
    }

    fn under(parent: &Path, tag: &str) -> ScratchDir {
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let dir = parent.join(format!("ipclab-{tag}-{}-{}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed)));
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        ScratchDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The course's labs (`labs/NN_name` folders with a lesson), in order: the
/// list every test that goes over all labs reads, so a new lab is covered
/// by adding its folder.
pub fn course_labs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("labs");
    let mut labs: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().join("README.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.len() > 3 && name.as_bytes()[..2].iter().all(u8::is_ascii_digit) && &name[2..3] == "_")
        .collect();
    labs.sort();
    labs
}

/// The children of `pid` (of all its threads), from /proc.
pub fn children(pid: i32) -> Vec<i32> {
    let mut out = Vec::new();
    for task in fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten() {
        let text = fs::read_to_string(task.path().join("children")).unwrap_or_default();
        out.extend(text.split_whitespace().filter_map(|p| p.parse::<i32>().ok()));
    }
    out
}

/// Three lowercase English words in a row, outside quoted strings and
/// code: what a sentence left in English looks like. Call names, flags,
/// errno names, paths and the quoted calls of the trace are allowed in a
/// Korean line (`read()가`, `O_RDWR`, `ENXIO`, `"/tmp/x.fifo"`), a run of
/// plain words such as `the reader waits` is not. The `(INJECTED: ...)`
/// mark after a call the grader made fail is trace syntax, as strace
/// writes it, and stays as it is in every language.
pub fn english_sentence(line: &str) -> Option<String> {
    let mut line = line.to_string();
    while let Some(at) = line.find("(INJECTED: ") {
        let end = line[at..].find(')').map_or(line.len(), |e| at + e + 1);
        line.replace_range(at..end, "");
    }
    let mut plain = String::new();
    let (mut quoted, mut code) = (false, false);
    for ch in line.chars() {
        match ch {
            '"' if !code => quoted = !quoted,
            '`' if !quoted => code = !code,
            _ if quoted || code => {}
            _ => plain.push(ch),
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let is_word = |w: &&str| {
        let w = w.trim_end_matches([',', '.', ':', ';']);
        w.len() > 1 && w.chars().all(|c| c.is_ascii_lowercase())
    };
    words.windows(3).find(|run| run.iter().all(is_word)).map(|run| run.join(" "))
}
