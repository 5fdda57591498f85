//! Real programs behave under ipclab as they do untraced: signals a
//! program sends its own process group pass through, Ctrl-C lets its
//! handlers run (and reports where a stuck program waits), threads are not
//! taken for a fork bomb. The small programs are in tests/real.
//!
//! The signal tests run ipclab in a session of its own and signal its whole
//! process group, as a terminal does on Ctrl-C. They wait on what can be
//! observed (a line the program prints, its state in /proc), never sleep.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use std::os::unix::process::CommandExt;

const DEADLINE: Duration = Duration::from_secs(60);

fn ipclab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ipclab"))
}

/// tests/real/NAME.c, compiled.
fn real(name: &str) -> PathBuf {
    common::prog_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("real"), name)
}

/// ipclab in a session of its own (so its process group is its own, as a
/// terminal's foreground job is), its output read line by line as it comes.
struct Session {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    out_lines: Vec<String>,
    err_lines: Vec<String>,
}

fn lines_of(pipe: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Session {
    fn start(args: &[&str], program: &Path, program_args: &[&str]) -> Session {
        let mut cmd = ipclab();
        cmd.args(args).arg("--").arg(program).args(program_args);
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        // SAFETY: setsid is async-signal-safe and touches only the child.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = cmd.spawn().expect("ipclab starts");
        let stdout = lines_of(child.stdout.take().unwrap());
        let stderr = lines_of(child.stderr.take().unwrap());
        Session { child, stdout, stderr, out_lines: Vec::new(), err_lines: Vec::new() }
    }

    fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Waits for a line of the program's output starting with `prefix`.
    fn stdout_line(&mut self, prefix: &str) -> String {
        let end = Instant::now() + DEADLINE;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) => {
                    self.out_lines.push(line.clone());
                    if line.starts_with(prefix) {
                        return line;
                    }
                }
                Err(_) => panic!("no line {prefix:?} on stdout; so far {:?}", self.out_lines),
            }
        }
    }

    /// Waits for a line of ipclab's stderr containing `needle`.
    fn stderr_line(&mut self, needle: &str) -> String {
        let end = Instant::now() + DEADLINE;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) => {
                    self.err_lines.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("no line with {needle:?} on stderr; so far:\n{}", self.err_lines.join("\n")),
            }
        }
    }

    /// Signals ipclab's whole process group, as the terminal does.
    fn signal_group(&self, sig: i32) {
        // SAFETY: a signal to the process group of the ipclab this test started.
        assert_eq!(unsafe { libc::kill(-self.pid(), sig) }, 0);
    }

    /// Signals ipclab alone.
    fn signal_ipclab(&self, sig: i32) {
        // SAFETY: a signal to the ipclab this test started.
        assert_eq!(unsafe { libc::kill(self.pid(), sig) }, 0);
    }

    /// The traced processes: ipclab's children and theirs.
    fn traced(&self) -> Vec<i32> {
        let mut all = children(self.pid());
        let mut i = 0;
        while i < all.len() {
            let more = children(all[i]);
            all.extend(more);
            i += 1;
        }
        all
    }

    /// Waits until every traced process sleeps in the kernel (blocked).
    fn wait_blocked(&self, count: usize) -> Vec<i32> {
        let end = Instant::now() + DEADLINE;
        loop {
            let pids = self.traced();
            if pids.len() >= count && pids.iter().all(|&p| state_of(p) == Some('S')) {
                return pids;
            }
            assert!(Instant::now() < end, "the traced processes never all blocked: {pids:?}");
            thread::yield_now();
        }
    }

    /// Waits for ipclab to end; its status and all it printed.
    fn finish(mut self) -> (Option<i32>, String, String) {
        let end = Instant::now() + DEADLINE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > end {
                // SAFETY: the group of the ipclab this test started.
                unsafe { libc::kill(-self.pid(), libc::SIGKILL) };
                panic!("ipclab did not end; stderr so far:\n{}", self.err_lines.join("\n"));
            }
            thread::yield_now();
        };
        self.out_lines.extend(self.stdout.iter());
        self.err_lines.extend(self.stderr.iter());
        (status.code(), self.out_lines.join("\n"), self.err_lines.join("\n"))
    }
}

/// The children of `pid` (of all its threads), from /proc.
fn children(pid: i32) -> Vec<i32> {
    let mut out = Vec::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
        out.extend(text.split_whitespace().filter_map(|p| p.parse::<i32>().ok()));
    }
    out
}

/// The state letter of a process (`S` sleeping, `t` stopped by the tracer...).
fn state_of(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

fn gone(pid: i32) -> bool {
    state_of(pid).is_none_or(|s| s == 'Z')
}

#[test]
fn ctrl_c_lets_the_program_remove_its_shared_memory_and_ipclab_exits_with_its_status() {
    let mut s = Session::start(&["trace", "--cleanup"], &real("sig_cleanup"), &["int"]);
    let path = s.stdout_line("ready ").trim_start_matches("ready ").to_string();
    assert!(Path::new(&path).exists(), "{path}");
    s.wait_blocked(1);
    s.signal_group(libc::SIGINT);
    let (code, out, err) = s.finish();
    assert_eq!(code, Some(0), "the program's own status:\n{err}");
    assert!(out.contains("cleaned"), "its handler ran: {out}");
    assert!(!Path::new(&path).exists(), "the handler removed {path}");
    assert!(err.contains("ipclab: interrupted by SIGINT: the program gets it too"), "{err}");
    assert!(err.contains("--- SIGINT {si_signo=SIGINT, si_code=SI_USER"), "{err}");
    assert!(err.contains("; removed by") && !err.contains("LEAKED"), "{err}");
    assert!(err.contains("ipclab: interrupted by SIGINT: the program ended on its own (exit status 0)"), "{err}");
}

#[test]
fn sigterm_to_ipclab_alone_is_sent_on_to_the_program_whose_handler_runs() {
    let mut s = Session::start(&["trace", "--cleanup"], &real("sig_cleanup"), &["term"]);
    let path = s.stdout_line("ready ").trim_start_matches("ready ").to_string();
    s.wait_blocked(1);
    s.signal_ipclab(libc::SIGTERM);
    let (code, out, err) = s.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("cleaned"), "{out}");
    assert!(!Path::new(&path).exists(), "the handler removed {path}");
    assert!(err.contains("SIGTERM came to ipclab alone: sent it on to the program"), "{err}");
    assert_eq!(err.matches("--- SIGTERM").count(), 1, "the program got it once:\n{err}");
}

#[test]
fn a_signal_the_program_sends_its_own_process_group_passes_through() {
    let mut s = Session::start(&["trace"], &real("sig_group"), &[]);
    s.stdout_line("handled");
    let (code, _, err) = s.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("kill(0, SIGTERM) = 0"), "{err}");
    assert!(!err.contains("interrupted"), "ipclab took its tracee's signal for a stop request:\n{err}");
}

#[test]
fn a_shell_that_kills_its_group_on_exit_ends_as_it_does_untraced() {
    let script = "trap 'kill 0' EXIT; echo bye";
    let untraced = {
        let mut cmd = Command::new("bash");
        cmd.args(["-c", script]);
        common::run_with_deadline(&mut cmd, DEADLINE)
    };
    let mut s = Session::start(&["trace", "-o", "/dev/null"], Path::new("/bin/bash"), &["-c", script]);
    s.stdout_line("bye");
    let (code, out, err) = s.finish();
    let expected = untraced.code().or(untraced.signal().map(|n| 128 + n));
    assert_eq!(code, expected, "untraced: {untraced:?}\nunder ipclab: {err}");
    assert_eq!(out.trim(), untraced.stdout.trim());
    assert!(!err.contains("interrupted"), "{err}");
}

#[test]
fn ctrl_c_on_a_stuck_program_reports_where_each_process_waits_then_ends_the_run() {
    let mut s = Session::start(&["trace"], &common::prog("hang_pipe"), &[]);
    s.stdout_line("child: read 5 bytes");
    let traced = s.wait_blocked(2);
    s.signal_group(libc::SIGINT);
    let (code, _, err) = s.finish();
    assert_eq!(code, Some(130), "killed by SIGINT, as untraced:\n{err}");
    assert_eq!(err.matches("where each thread was when SIGINT came").count(), 1, "{err}");
    let report: Vec<&str> = err
        .lines()
        .skip_while(|l| !l.contains("where each thread was"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(report.iter().any(|l| l.contains("blocked in wait4(")), "{err}");
    assert!(report.iter().any(|l| l.contains("blocked in read(3<pipe:[")), "{err}");
    assert!(report.iter().any(|l| l.contains("still holds the write end fd 4")), "{err}");
    assert!(!report.iter().any(|l| l.contains("stopped by the tracer") || l.contains("running")), "{err}");
    assert_eq!(err.matches("+++ killed by SIGINT +++").count(), 2, "{err}");
    for pid in traced {
        assert!(gone(pid), "{pid} survived");
    }
}

#[test]
fn a_program_that_ignores_ctrl_c_is_killed_after_the_grace() {
    let mut s = Session::start(&["trace"], &real("sig_ignore"), &[]);
    s.stdout_line("ready");
    s.wait_blocked(1);
    let sent = Instant::now();
    s.signal_group(libc::SIGINT);
    let (code, _, err) = s.finish();
    assert_eq!(code, Some(130), "{err}");
    assert!(sent.elapsed() >= Duration::from_secs(3), "killed before its grace");
    assert!(err.contains("the program had not ended 3 s after SIGINT: killing it"), "{err}");
    assert!(err.contains("+++ killed by SIGKILL +++"), "{err}");
    assert!(err.contains("ipclab: interrupted by SIGINT: the traced program was killed"), "{err}");
}

#[test]
fn a_second_ctrl_c_kills_the_program_at_once() {
    let mut s = Session::start(&["trace"], &real("sig_ignore"), &[]);
    s.stdout_line("ready");
    let traced = s.wait_blocked(1);
    s.signal_group(libc::SIGINT);
    s.stderr_line("ipclab: interrupted by SIGINT");
    let second = Instant::now();
    s.signal_group(libc::SIGINT);
    let (code, _, err) = s.finish();
    assert_eq!(code, Some(130), "{err}");
    assert!(second.elapsed() < Duration::from_secs(3), "the second Ctrl-C waited for the grace");
    assert!(err.contains("SIGINT again: killing the program now"), "{err}");
    assert!(gone(traced[0]));
}
