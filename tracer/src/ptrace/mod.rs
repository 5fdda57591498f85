//! The ptrace loop, the only user of ptrace in ipclab: it starts the program
//! attached, follows every process and thread it creates, pairs each call's
//! entry and exit per thread, and turns every stop into [`Event`]s.
//!
//! Attachment uses PTRACE_SEIZE with EXITKILL (if ipclab dies, so does the
//! traced tree) and TRACESYSGOOD; forks, clones and execs are followed with
//! ptrace events; group-stops are left stopped with PTRACE_LISTEN so that a
//! program that stops itself and is continued behaves as untraced. Calls are
//! read with PTRACE_GET_SYSCALL_INFO. With a filter, a seccomp-bpf program
//! makes only the chosen calls stop the tracee.
//!
//! The rooms: [`Config`], [`Outcome`] and [`Error`] (`config`); the
//! [`Observer`] hook (`observer`); the filter plan (`plan`: what stops,
//! what is reported); the task model (`task`); the loop (`tracer`) and the
//! tasks' births, execs, signals and deaths (`lifecycle`), `--inject` at a call's entry and exit (`faults`); starting the
//! program (`spawn`), reading its memory ([`ProcessMemory`]), the fd cache
//! (`fd_targets`), the seccomp program ([`seccomp`]), the tick (`tick`).
//!
//! [`Event`]: crate::event::Event

mod config;
mod faults;
mod fd_targets;
mod lifecycle;
mod memory;
mod observer;
mod plan;
mod requests;
pub mod seccomp;
mod spawn;
mod task;
mod tick;
mod tracer;

use std::time::Instant;

use nix::errno::Errno;

use crate::event::Sink;
use crate::idmap::IdMap;

pub use config::{Budget, Config, Error, Fault, NotRunnable, Outcome, Refusal, Refused, Stdio};
pub use fd_targets::FdTargets;
pub use memory::ProcessMemory;
pub use observer::{Blocked, NoObserver, Observer, Observers, TaskRef};
pub use spawn::{diagnose_ptrace_denied, resolve};
pub use tick::{catch_termination_signals, termination_requested};

use plan::Plan;
use task::{Task, Visibility};
use tracer::Tracer;

/// Runs `config`'s program under the tracer, sending every event to `sink`.
///
/// Returns how the program ended, or why it could not be traced. The whole
/// traced tree is gone when this returns.
pub fn run(config: &Config, sink: &mut dyn Sink, observer: &mut dyn Observer) -> Result<Outcome, Error> {
    let path = spawn::resolve(&config.program)?;
    let mut argv = vec![config.program.clone()];
    argv.extend(config.args.iter().cloned());

    let plan = Plan::new(config, observer);

    let ticker = tick::Ticker::start().map_err(|e| Error::Sys(Fault::Timer, e))?;
    let setup = spawn::ChildSetup {
        filter: plan.bpf.as_deref(),
        trace_exit: config.stop_at_exit,
        stdio: [&config.stdio[0], &config.stdio[1], &config.stdio[2]],
        memory_limit: config.memory_limit,
        env: &config.env,
    };
    let root = spawn::spawn(&path, &argv, &setup)?;
    let start = Instant::now();
    let timed = sink.needs_time();
    let mut tracer = Tracer {
        config,
        sink,
        observer,
        start,
        timed,
        tasks: IdMap::default(),
        processes: 0,
        threads: 0,
        traced_ever: Default::default(),
        announced: Default::default(),
        root,
        root_exit: None,
        killing: None,
        root_ended_first: false,
        interrupt: None,
        requests: tick::Requests::from_now(),
        term_delivered: IdMap::default(),
        exec_error: None,
        prestart_exit: None,
        program_path: None,
        filter: plan.filter,
        observed: plan.observed,
        use_seccomp: plan.use_seccomp,
        trust_fds: plan.trust_fds,
        deadline: config.timeout.map(|t| start + t),
        spare_args: Vec::new(),
        held: Vec::new(),
        wake: None,
    };
    tracer.add_task(root, Task::new(root, Visibility::PreExec));
    let outcome = tracer.run_loop();
    drop(ticker);
    let mut out = Vec::new();
    tracer.observer.finished(&mut out);
    tracer.emit_all(root, root, out);
    tracer.sink.idle();
    if let Some(e) = tracer.exec_error {
        let shown = config.program.to_string_lossy().into_owned();
        return Err(if e == Errno::ENOENT {
            Error::NotFound(shown)
        } else {
            Error::NotExecutable(shown, NotRunnable::Exec(e))
        });
    }
    if let Some(exit) = tracer.prestart_exit {
        return Err(Error::Start(Fault::NotStarted {
            program: config.program.to_string_lossy().into_owned(),
            exit: format!("{exit:?}"),
        }));
    }
    Ok(outcome)
}
