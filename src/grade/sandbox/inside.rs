//! `ipclab __grade-lab`: grades one lab from inside namespaces of its own.
//!
//! It reads the request (which lab, which program, the limits) on its
//! standard input, makes new user, mount, IPC, network and PID namespaces
//! (nix's `unshare`), maps the grading user to root there (so it may mount),
//! and forks: the child is PID 1 of the new PID namespace, the parent only
//! waits for it. The child mounts a /proc of its namespace, a private /tmp
//! and /dev/shm (tmpfs, gone with the namespace), copies the lab's program
//! into its /tmp, and grades it there under the tracer, the lab itself
//! started by bubblewrap. The reply (one JSON document) goes to a copy of
//! the standard output made before any lab process exists, close-on-exec:
//! no lab process can hold it.
//!
//! Why the lab cannot reach this process: it is PID 1 of its namespace, to
//! which no process inside may send a signal it does not handle (SIGKILL
//! and SIGSTOP included); it holds capabilities in its user namespace and
//! the lab, in a user namespace below it, holds none there, so the kernel
//! refuses the lab's ptrace and its reads of this process's /proc files
//! (`exe`, `fd`, `root`, `mem`, `environ`); and the lab's mount namespace
//! has none of the machine's directories but the system's libraries.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use nix::mount::{MsFlags, mount};
use nix::sched::{CloneFlags, unshare};
use nix::sys::signal::Signal;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, fork};
use serde_json::{Value, json};

use super::{bwrap, to_json};
use crate::grade::record::RunDir;
use crate::grade::{Limits, Wrapper, labs};
use crate::i18n::tr;

/// Runs `ipclab __grade-lab`. Its exit status is 0 once a reply is written.
pub fn serve() -> ExitCode {
    let mut input = String::new();
    let _ = std::io::stdin().take(1 << 20).read_to_string(&mut input);
    let Some(mut reply) = reply_channel() else { return ExitCode::FAILURE };
    let answer = match serde_json::from_str::<Value>(&input) {
        Ok(req) => serve_request(&req),
        Err(e) => json!({ "refused": tr!("fault-request-not-json", error = e.to_string()) }),
    };
    match reply.write_all(answer.to_string().as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// The reply goes to a close-on-exec copy of the standard output; the
/// standard output itself then points to standard error, so that nothing
/// else (and no process started from here) can write into the reply.
fn reply_channel() -> Option<File> {
    // SAFETY: fcntl and dup2 on this process's own descriptors 1 and 2.
    let copy = unsafe { libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 3) };
    if copy < 0 {
        return None;
    }
    // SAFETY: as above; 2 stays open.
    unsafe { libc::dup2(2, 1) };
    // SAFETY: `copy` was just made and nothing else owns it.
    Some(unsafe { File::from_raw_fd(copy) })
}

fn serve_request(req: &Value) -> Value {
    // If the grader dies, so does this process, and with it the namespace.
    let _ = nix::sys::prctl::set_pdeathsig(Signal::SIGKILL);
    let probe = req["probe"] == true;
    let lab = req["lab"].as_str().unwrap_or_default();
    let spec = labs::spec(lab);
    let program = req["program"].as_str().map(PathBuf::from);
    // The program is opened while the machine's files are still in view.
    let opened = match (&program, probe) {
        (_, true) => None,
        (Some(p), false) => match File::open(p) {
            Ok(f) => Some(f),
            Err(e) => {
                return json!({ "refused": tr!("fault-open", path = p.display().to_string(), error = e.to_string()) });
            }
        },
        (None, false) => return json!({ "refused": tr!("fault-request-no-program") }),
    };
    if !probe && spec.is_none() {
        return json!({ "refused": tr!("fault-no-checks", lab = format!("{lab:?}")) });
    }
    if let Err(why) = enter_namespaces() {
        return json!({ "refused": why });
    }
    // From here on this is PID 1 of the new namespaces.
    let _ = nix::sys::prctl::set_pdeathsig(Signal::SIGKILL);
    if let Err(why) = private_mounts().and_then(|()| loopback_up()) {
        return json!({ "refused": why });
    }
    let bwrap = match bwrap::program() {
        Ok(b) => b,
        Err(why) => return json!({ "refused": why }),
    };
    if probe {
        return match probe_bwrap(&bwrap) {
            Ok(()) => json!({ "probe": true }),
            Err(why) => json!({ "refused": why }),
        };
    }
    let (Some(spec), Some(mut opened), Some(program)) = (spec, opened, program) else {
        return json!({ "refused": tr!("fault-request-incomplete") });
    };
    let name = program.file_name().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("lab"));
    let bin = match copy_program(&mut opened, &name) {
        Ok(b) => b,
        Err(why) => return json!({ "refused": why }),
    };
    let secs = req["timeout"].as_f64().filter(|s| s.is_finite() && *s > 0.0).unwrap_or(20.0);
    let mut limits = Limits::new(Duration::from_secs_f64(secs));
    if let Some(n) = req["max_processes"].as_u64() {
        limits.max_processes = n as usize;
    }
    if let Some(n) = req["max_threads"].as_u64() {
        limits.max_threads = n as usize;
    }
    if let Some(m) = req["memory"].as_u64() {
        limits.memory = m;
    }
    let dir = match RunDir::create(Path::new("/tmp")) {
        Ok(d) => d,
        Err(why) => return json!({ "refused": why }),
    };
    let wrapper = Wrapper { args: bwrap::lab(&bwrap, &super::bin_dir(), dir.path()), program: bwrap };
    match crate::grade::grade_run(spec, &bin, limits, dir, Some(&wrapper)) {
        Ok(result) => json!({ "result": to_json(&result) }),
        Err(f) if f.exit == crate::exit::Exit::CannotTrace => json!({ "cannot_trace": f.message }),
        Err(f) => json!({ "refused": f.message }),
    }
}

/// New user, mount, IPC, network and PID namespaces, the grading user
/// mapped to root in the first; then a fork, whose child (PID 1 of the new
/// PID namespace) returns, while this process waits for it and exits with
/// its status.
fn enter_namespaces() -> Result<(), String> {
    let (uid, gid) = (nix::unistd::geteuid(), nix::unistd::getegid());
    let flags = CloneFlags::CLONE_NEWUSER
        | CloneFlags::CLONE_NEWNS
        | CloneFlags::CLONE_NEWIPC
        | CloneFlags::CLONE_NEWNET
        | CloneFlags::CLONE_NEWPID;
    unshare(flags).map_err(|e| tr!("fault-unshare", error = e.to_string()))?;
    let write = |file: &str, text: String| {
        std::fs::write(format!("/proc/self/{file}"), text)
            .map_err(|e| tr!("err-write-file", path = format!("/proc/self/{file}"), error = e.to_string()))
    };
    write("setgroups", "deny".into())?;
    write("uid_map", format!("0 {uid} 1"))?;
    write("gid_map", format!("0 {gid} 1"))?;
    // SAFETY: this process has one thread (it has started none), so the
    // child may go on running ordinary code.
    match unsafe { fork() }.map_err(|e| tr!("fault-fork-namespaces", error = e.to_string()))? {
        ForkResult::Child => Ok(()),
        ForkResult::Parent { child } => {
            let code = loop {
                match waitpid(child, None) {
                    Ok(WaitStatus::Exited(_, code)) => break code,
                    Ok(WaitStatus::Signaled(_, sig, _)) => break 128 + sig as i32,
                    Ok(_) | Err(nix::errno::Errno::EINTR) => continue,
                    Err(_) => break 1,
                }
            };
            std::process::exit(code)
        }
    }
}

/// Mounts of this namespace only: a /proc of the new PID namespace, and
/// a /tmp and /dev/shm of its own (tmpfs, bounded), which vanish with it.
fn private_mounts() -> Result<(), String> {
    let none: Option<&str> = None;
    let fail = |what: &str, e: nix::Error| tr!("fault-mount", what = what, error = e.to_string());
    mount(none, "/", none, MsFlags::MS_REC | MsFlags::MS_PRIVATE, none).map_err(|e| fail("/ private", e))?;
    let plain = MsFlags::MS_NOSUID | MsFlags::MS_NODEV;
    mount(Some("proc"), "/proc", Some("proc"), plain | MsFlags::MS_NOEXEC, none).map_err(|e| fail("/proc", e))?;
    mount(Some("tmpfs"), "/tmp", Some("tmpfs"), plain, Some("size=512m,mode=1777")).map_err(|e| fail("/tmp", e))?;
    if Path::new("/dev/shm").is_dir() {
        mount(Some("tmpfs"), "/dev/shm", Some("tmpfs"), plain, Some("size=64m,mode=1777"))
            .map_err(|e| fail("/dev/shm", e))?;
    }
    Ok(())
}

/// Brings up the loopback interface of the new network namespace (it starts
/// down), so that a lab may talk to itself over TCP on 127.0.0.1 (lab 09);
/// the namespace has no other interface: no way out.
fn loopback_up() -> Result<(), String> {
    let fail = |what: &str| tr!("fault-loopback", call = what, error = nix::errno::Errno::last().to_string());
    // SAFETY: a socket of our own, closed below; an ifreq zeroed, then named
    // "lo" (NUL-terminated by the zeroing); ioctls that read and set its
    // flags through that ifreq, which outlives them.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(fail("socket"));
        }
        let mut req: libc::ifreq = std::mem::zeroed();
        for (i, b) in b"lo".iter().enumerate() {
            req.ifr_name[i] = *b as libc::c_char;
        }
        let result = if libc::ioctl(fd, libc::SIOCGIFFLAGS, &mut req) != 0 {
            Err(fail("SIOCGIFFLAGS"))
        } else {
            req.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
            if libc::ioctl(fd, libc::SIOCSIFFLAGS, &req) != 0 { Err(fail("SIOCSIFFLAGS")) } else { Ok(()) }
        };
        libc::close(fd);
        result
    }
}

/// Copies the lab's program into this namespace's /tmp, read-only for the lab.
fn copy_program(opened: &mut File, name: &Path) -> Result<PathBuf, String> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = super::bin_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| tr!("err-create", path = dir.display().to_string(), error = e.to_string()))?;
    let path = dir.join(name);
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o755)
        .open(&path)
        .map_err(|e| tr!("err-create", path = path.display().to_string(), error = e.to_string()))?;
    std::io::copy(opened, &mut out).map_err(|e| tr!("fault-copy-program", error = e.to_string()))?;
    drop(out);
    let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755));
    Ok(path)
}

/// Runs `true` in a lab's sandbox: bubblewrap works here.
fn probe_bwrap(bwrap: &Path) -> Result<(), String> {
    let run = Path::new("/tmp/ipclab-probe");
    std::fs::create_dir_all(run)
        .map_err(|e| tr!("err-create", path = run.display().to_string(), error = e.to_string()))?;
    std::fs::create_dir_all(super::bin_dir()).map_err(|e| tr!("fault-program-dir", error = e.to_string()))?;
    let out = std::process::Command::new(bwrap)
        .args(bwrap::lab(bwrap, &super::bin_dir(), run))
        .arg("true")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| tr!("fault-run", path = bwrap.display().to_string(), error = e.to_string()))?;
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    match err.lines().next().map(str::trim) {
        Some(first) => Err(tr!("fault-bwrap-fails", error = first)),
        None => Err(tr!("fault-bwrap-fails-silently")),
    }
}
