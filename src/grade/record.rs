//! One traced run of a lab for grading: the program runs under the tracer
//! with grading's limits (time, processes, memory), its standard output and
//! error captured into files, and every event kept in memory.
//!
//! The tracer's own observers ride along: the kernel view, whose ledger
//! says which objects the run created and which it leaked (and removes the
//! leaks: only objects this run created), and the hang reporter, which says,
//! when time runs out, where each process was blocked and who could have
//! woken it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tracer::event::{Event, EventKind, Sink};
use tracer::kernel::hang::HangReporter;
use tracer::kernel::journal::Journal;
use tracer::kernel::{KernelView, ViewOptions};
use tracer::ptrace::{self, Config, Observer, Observers, Outcome, Stdio};

use crate::i18n::tr;

/// The limits a lab runs under while it is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// After this long the whole traced tree is killed.
    pub timeout: Duration,
    /// More processes than this at once, and the tree is killed.
    pub max_processes: usize,
    /// More threads (besides each process's first) than this at once, and
    /// the tree is killed.
    pub max_threads: usize,
    /// The address space of each process (RLIMIT_AS), in bytes.
    pub memory: u64,
}

impl Limits {
    /// The limits for a lab that normally ends within `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Limits { timeout, max_processes: 64, max_threads: 256, memory: 1 << 30 }
    }
}

/// How long a traced string or buffer may be: long enough to compare every
/// message a lab sends and every line it prints whole.
const STRING_LIMIT: usize = 256;

/// How many calls a graded run keeps: far more than any lab makes, few
/// enough that a program spinning in calls until its time runs out cannot
/// exhaust the grader's memory. Other events are always kept.
pub const MAX_CALLS: usize = 200_000;

/// How much of the lab's standard output and error is kept.
const MAX_OUTPUT: u64 = 1 << 20;

/// Everything one traced run left for the checks.
#[derive(Debug, Clone)]
pub struct Recording {
    pub events: Vec<Event>,
    /// Calls not kept, past [`MAX_CALLS`].
    pub dropped_calls: usize,
    pub outcome: Outcome,
    pub stdout: String,
    pub stderr: String,
    pub limits: Limits,
}

/// A directory of one graded run, removed with everything in it when
/// dropped. The lab's TMPDIR points here, so the FIFOs, sockets and files a
/// lab forgets to remove are found, reported and then swept away.
#[derive(Debug)]
pub struct RunDir {
    path: PathBuf,
}

impl RunDir {
    /// A new run directory in `tmp`.
    pub fn create(tmp: &Path) -> Result<Self, String> {
        use std::os::unix::fs::DirBuilderExt;
        use std::sync::atomic::{AtomicU32, Ordering};
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let n = SEQ.fetch_add(1, Ordering::Relaxed);
        // Short, in the system's temporary directory: a socket path inside
        // it must fit in sun_path (108 bytes).
        let path = tmp.join(format!("ipclab-grade-{}-{n}", std::process::id()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| tr!("err-create", path = path.display().to_string(), error = e.to_string()))?;
        Ok(RunDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Why a lab's run could not be recorded.
#[derive(Debug)]
pub enum RecordError {
    /// This machine does not let ipclab trace (ptrace refused: a container's
    /// seccomp profile, Yama): no lab can be graded here, whatever it does.
    CannotTrace(String),
    /// The lab's program could not be started.
    Program(String),
}

/// Runs `program` with `args` under the tracer, from the lab's start marker
/// on, within `limits`, with the `inject` rules (none for a normal run). `dir` receives the captured output and is the lab's
/// TMPDIR.
pub fn record(
    program: &Path,
    args: &[OsString],
    marker: &str,
    limits: Limits,
    dir: &RunDir,
    journal: bool,
    inject: &tracer::inject::Rules,
) -> Result<Recording, RecordError> {
    let stdout_path = dir.path().join("stdout");
    let stderr_path = dir.path().join("stderr");
    let mut config = Config::new(program.as_os_str(), args.to_vec());
    config.start_marker = Some(marker.to_string());
    config.timeout = Some(limits.timeout);
    config.max_processes = Some(limits.max_processes);
    config.max_threads = Some(limits.max_threads);
    config.memory_limit = Some(limits.memory);
    config.decode.string_limit = STRING_LIMIT;
    config.stop_at_exit = true;
    config.inject = inject.clone();
    config.stdio = [Stdio::Null, Stdio::File(stdout_path.clone()), Stdio::File(stderr_path.clone())];
    config.env = vec![
        (OsString::from("TMPDIR"), dir.path().as_os_str().to_owned()),
        (OsString::from("RUST_BACKTRACE"), OsString::from("0")),
    ];

    let mut recorder = Capped::default();
    let mut hang = HangReporter::default();
    let journal = match journal {
        true => crate::clean::ledger_dir()
            .map(|d| Journal::new(d, format!("ipclab check {marker}")).in_lang(crate::lang::current())),
        false => None,
    };
    let mut view = KernelView::new(ViewOptions { shown: None, cleanup: true, journal, lang: crate::lang::current() });
    let observers: Vec<&mut dyn Observer> = vec![&mut hang, &mut view];
    let outcome = ptrace::run(&config, &mut recorder, &mut Observers(observers)).map_err(|e| match e {
        ptrace::Error::Permission(_) => RecordError::CannotTrace(e.message(crate::lang::current())),
        _ => RecordError::Program(e.message(crate::lang::current())),
    })?;
    let read = |p: &Path| {
        use std::io::Read;
        let mut bytes = Vec::new();
        if let Ok(f) = std::fs::File::open(p) {
            let _ = f.take(MAX_OUTPUT).read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Ok(Recording {
        events: recorder.events,
        dropped_calls: recorder.dropped,
        outcome,
        stdout: read(&stdout_path),
        stderr: read(&stderr_path),
        limits,
    })
}

impl Recording {
    /// The recording of a lab started by a sandbox (bubblewrap), as the
    /// lab's own: its outcome is that of the lab's first process (the first
    /// to show itself), not the sandbox's, whose exit status says less
    /// (128+N for signal N), while a timeout, a fork bomb or an
    /// interruption stays as it is; and the hang report leaves out the
    /// sandbox's own processes (never shown: they made no call of the lab),
    /// which would otherwise be in every report, waiting for the lab.
    pub fn into_lab_s_own(mut self) -> Self {
        let shown: std::collections::HashSet<i32> =
            self.events.iter().filter(|e| matches!(e.kind, EventKind::Syscall(_))).map(|e| e.pid).collect();
        for e in &mut self.events {
            if let EventKind::Hang(tasks) = &mut e.kind {
                tasks.retain(|t| shown.contains(&t.pid));
            }
        }
        if matches!(self.outcome, Outcome::Exited(_) | Outcome::Signaled { .. }) {
            let first = self.events.iter().find(|e| matches!(e.kind, EventKind::Syscall(_))).map(|e| e.pid);
            let exit = self.events.iter().find_map(|e| match e.kind {
                EventKind::Exit(x) if Some(e.pid) == first && e.tid == e.pid => Some(x),
                _ => None,
            });
            self.outcome = match exit {
                Some(tracer::event::Exit::Code(code)) => Outcome::Exited(code),
                Some(tracer::event::Exit::Signal { signal, core_dumped }) => Outcome::Signaled { signal, core_dumped },
                None => self.outcome,
            };
        }
        self
    }
}

/// A recorder that keeps at most [`MAX_CALLS`] calls (and every other event).
#[derive(Default)]
struct Capped {
    events: Vec<Event>,
    calls: usize,
    dropped: usize,
}

impl Sink for Capped {
    fn event(&mut self, event: &Event) {
        if matches!(event.kind, EventKind::Syscall(_)) {
            if self.calls >= MAX_CALLS {
                self.dropped += 1;
                return;
            }
            self.calls += 1;
        }
        self.events.push(event.clone());
    }
}
