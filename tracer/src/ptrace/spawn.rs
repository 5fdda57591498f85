//! Starting the traced program: find it as a shell would, fork, stop the
//! child before it runs anything, attach with PTRACE_SEIZE, then let it
//! install the seccomp filter (if any) and exec.

use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;

use crate::proc::process_status;

use super::config::{Error, Fault, NotRunnable, Refusal, Refused, Stdio};
use super::requests;

/// Finds `program` the way a shell does: a name with a slash is a path;
/// otherwise each directory of PATH is tried.
pub fn resolve(program: &OsStr) -> Result<PathBuf, Error> {
    let shown = program.to_string_lossy().into_owned();
    if program.is_empty() {
        return Err(Error::NotFound(shown));
    }
    let candidates: Vec<PathBuf> = if program.as_bytes().contains(&b'/') {
        vec![PathBuf::from(program)]
    } else {
        let path = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/local/bin:/usr/bin:/bin"));
        std::env::split_paths(&path).map(|dir| dir.join(program)).collect()
    };
    let mut denied = None;
    for candidate in candidates {
        let Ok(meta) = std::fs::metadata(&candidate) else { continue };
        if meta.is_dir() {
            denied.get_or_insert((candidate, NotRunnable::Directory));
            continue;
        }
        if meta.permissions().mode() & 0o111 == 0 || !executable(&candidate) {
            denied.get_or_insert((candidate, NotRunnable::NoPermission));
            continue;
        }
        return Ok(candidate);
    }
    match denied {
        Some((path, why)) => Err(Error::NotExecutable(path.display().to_string(), why)),
        None => Err(Error::NotFound(shown)),
    }
}

fn executable(path: &Path) -> bool {
    nix::unistd::access(path, nix::unistd::AccessFlags::X_OK).is_ok()
}

fn cstring(s: &OsStr) -> Result<CString, Error> {
    CString::new(s.as_bytes()).map_err(|_| Error::Usage(Fault::NulByte(format!("{s:?}"))))
}

/// How the child is set up between fork and exec.
pub struct ChildSetup<'a> {
    pub filter: Option<&'a [libc::sock_filter]>,
    pub trace_exit: bool,
    pub stdio: [&'a Stdio; 3],
    /// RLIMIT_AS for the program, in bytes.
    pub memory_limit: Option<u64>,
    /// Variables to set in the program's environment.
    pub env: &'a [(OsString, OsString)],
}

fn open_stdio(which: usize, stdio: &Stdio) -> Result<Option<std::fs::File>, Error> {
    let (path, write) = match stdio {
        Stdio::Inherit => return Ok(None),
        Stdio::Null => (Path::new("/dev/null"), which != 0),
        Stdio::File(p) => (p.as_path(), which != 0),
    };
    let file = if write {
        std::fs::OpenOptions::new().write(true).create(true).truncate(true).open(path)
    } else {
        std::fs::File::open(path)
    };
    // std opens with O_CLOEXEC: no other thread's child inherits it.
    file.map(Some).map_err(|e| {
        let errno = Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO));
        Error::Sys(Fault::OpenForProgram(path.display().to_string()), errno)
    })
}

/// Forks the program at `path` with `argv`, attached and about to exec.
/// Returns its pid. The child stops itself so that it is attached before it
/// runs a single instruction of the program.
pub fn spawn(path: &Path, argv: &[OsString], setup: &ChildSetup) -> Result<i32, Error> {
    use std::os::fd::AsRawFd;
    // Everything the child needs is allocated before fork: after fork it
    // may only make async-signal-safe calls.
    let c_path = cstring(path.as_os_str())?;
    let c_args = argv.iter().map(|a| cstring(a)).collect::<Result<Vec<_>, _>>()?;
    let mut c_argv: Vec<*const libc::c_char> = c_args.iter().map(|a| a.as_ptr()).collect();
    c_argv.push(std::ptr::null());
    let mut env: Vec<(OsString, OsString)> =
        std::env::vars_os().filter(|(k, _)| !setup.env.iter().any(|(o, _)| o == k)).collect();
    env.extend(setup.env.iter().cloned());
    let c_env = env
        .iter()
        .map(|(k, v)| {
            let mut kv = k.clone();
            kv.push("=");
            kv.push(v);
            cstring(&kv)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut c_envp: Vec<*const libc::c_char> = c_env.iter().map(|a| a.as_ptr()).collect();
    c_envp.push(std::ptr::null());
    let files = [open_stdio(0, setup.stdio[0])?, open_stdio(1, setup.stdio[1])?, open_stdio(2, setup.stdio[2])?];
    let fds: [i32; 3] = std::array::from_fn(|i| files[i].as_ref().map_or(-1, |f| f.as_raw_fd()));
    let limit = setup.memory_limit.map(|bytes| libc::rlimit { rlim_cur: bytes, rlim_max: bytes });
    let filter = setup.filter;

    // SAFETY: the child only makes raw system calls (signal, sigprocmask,
    // dup2, setrlimit, kill, seccomp, prctl, execve, _exit) until it execs
    // or exits.
    let pid = unsafe { libc::fork() };
    if pid == -1 {
        return Err(Error::Sys(Fault::Fork, Errno::last()));
    }
    if pid == 0 {
        // SAFETY: raw system calls on our own process; execve gets valid
        // NUL-terminated strings kept alive by the parent's copies.
        unsafe {
            // The Rust runtime ignores SIGPIPE in ipclab, and an ignored
            // signal stays ignored across exec: give the program the default
            // a shell would, and an empty signal mask, as Command does.
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            let mut empty: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut empty);
            libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut());
            for (target, fd) in fds.iter().enumerate() {
                if *fd >= 0 && libc::dup2(*fd, target as i32) == -1 {
                    libc::_exit(126);
                }
            }
            if let Some(limit) = limit {
                libc::setrlimit(libc::RLIMIT_AS, &limit);
            }
            libc::kill(libc::getpid(), libc::SIGSTOP);
            if let Some(prog) = filter {
                if super::seccomp::install(prog).is_err() {
                    libc::_exit(126);
                }
            }
            libc::execve(c_path.as_ptr(), c_argv.as_ptr(), c_envp.as_ptr());
            libc::_exit(if Errno::last() == Errno::ENOENT { 127 } else { 126 });
        }
    }
    drop(files);

    match requests::wait_stopped(pid) {
        Ok(requests::Status::Signal(libc::SIGSTOP)) => {}
        other => {
            kill_and_reap(pid);
            return Err(Error::Start(Fault::StoppedBeforeExec(format!("{other:?}"))));
        }
    }
    if let Err(e) = requests::seize(pid, requests::options(setup.trace_exit)) {
        // A tracer of ipclab that follows forks (an outer ipclab, strace
        // -f) took the child first.
        let why = match process_status(nix::unistd::Pid::from_raw(pid)).ok().and_then(|s| s.tracer) {
            Some(tracer) => already_traced(tracer),
            None => diagnose_ptrace_denied(e),
        };
        kill_and_reap(pid);
        return Err(Error::Permission(Refused { errno: e, why }));
    }
    let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGCONT);
    Ok(pid)
}

fn kill_and_reap(pid: i32) {
    requests::kill(pid);
    let _ = crate::sys::waitpid(pid, libc::__WALL);
}

/// Why a program cannot be traced when ipclab itself is: its children are
/// the outer tracer's.
fn already_traced(tracer: nix::unistd::Pid) -> Refusal {
    let name = process_status(tracer).map(|s| s.name).ok();
    let me = process_status(nix::unistd::Pid::this()).ok().and_then(|s| s.tracer);
    Refusal::AlreadyTraced { tracer: tracer.as_raw(), name, itself: me == Some(tracer) }
}

/// Explains why the kernel refused PTRACE_SEIZE and what to do about it.
pub fn diagnose_ptrace_denied(e: Errno) -> Refusal {
    if e == Errno::ENOSYS {
        return Refusal::NoPtrace;
    }
    let yama = std::fs::read_to_string("/proc/sys/kernel/yama/ptrace_scope").ok();
    let status = process_status(nix::unistd::Pid::this()).ok();
    let cap_eff = status.as_ref().and_then(|s| s.cap_effective).unwrap_or(0);
    const CAP_SYS_PTRACE: u32 = 19;
    let has_cap_sys_ptrace = cap_eff & (1 << CAP_SYS_PTRACE) != 0;
    match yama.as_deref().map(str::trim) {
        Some("3") => return Refusal::YamaDisabled,
        Some("2") if !has_cap_sys_ptrace => return Refusal::YamaNeedsCap,
        _ => {}
    }
    if status.is_some_and(|s| s.seccomp == Some(2)) {
        return Refusal::Seccomp;
    }
    Refusal::Kernel { error: e.desc().to_string(), needs_cap: !has_cap_sys_ptrace }
}
