//! Lab 08: processes that talk through plain files.
//!
//! Three scenes, each a parent and one child, in a directory of this run's own:
//! 1. Polling: the child writes a message to a file (under a temporary name, then
//!    renamed into place, so the reader never sees half a message); the parent
//!    tries to open it again and again, sleeping in between, until it exists.
//! 2. inotify: the parent asks the kernel to watch the directory, then sleeps in
//!    one read(2) until the kernel reports that the file was moved into place.
//! 3. fcntl locks: parent and child each add 1 to a number stored in a file ROUNDS
//!    times, holding a write lock on the file from before the read until after
//!    the write, so no update is lost.

#![deny(unsafe_op_in_unsafe_fn)]

use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use common::{Cleanup, Context, Result, RunDir};
use nix::errno::Errno;
use nix::fcntl::{FcntlArg, OFlag, fcntl, open};
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
use nix::sys::stat::Mode;
use nix::sys::uio::{pread, pwrite};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, close, fork, getppid, read, unlink, write};

/// What the writer leaves for the reader.
const MESSAGE: &[u8] = b"meet me at noon\n";
/// How long the writer works before it writes, so that polling has to wait.
const WRITER_DELAY: Duration = Duration::from_millis(20);
/// How many times the polling reader must have given up its CPU since the
/// writer started before the writer publishes (see [`wait_for_looks`]).
const LOOKS: u64 = 10;
/// How long the writer waits for that at most.
const LOOK_PATIENCE: Duration = Duration::from_secs(1);
/// How long the poller sleeps between two tries.
const POLL_INTERVAL: Duration = Duration::from_millis(5);
/// How many times each process adds 1 to the number in the counter file.
const ROUNDS: u64 = 50;

fn main() -> ExitCode {
    common::begin("08_file");
    let result = RunDir::create("08").and_then(|dir| {
        polling(&dir)?;
        notified(&dir)?;
        locked_counter(&dir)
    });
    common::finish(result)
}

/// Scene 1: the reader polls for the file.
fn polling(dir: &RunDir) -> Result<()> {
    let mailbox = dir.join("mailbox.txt");
    let file = Cleanup::unlink(&mailbox);
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(write_once_looked_for(dir.path(), "mailbox.txt")),
        ForkResult::Parent { child } => {
            let text = poll_for(&mailbox)?;
            println!("reader: found by polling: {:?}", String::from_utf8_lossy(&text));
            wait_for(child)?;
            unlink(&mailbox).context("unlink")?;
            file.disarm();
            Ok(())
        }
    }
}

/// Scene 2: the kernel tells the reader when the file arrives.
fn notified(dir: &RunDir) -> Result<()> {
    let notice = dir.join("notice.txt");
    let file = Cleanup::unlink(&notice);
    // Watch before the writer exists, so its event cannot be missed.
    let inotify = watch(dir.path())?;
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(work_then_write(dir.path(), "notice.txt")),
        ForkResult::Parent { child } => {
            wait_for_arrival(&inotify, "notice.txt")?;
            let text = read_file(&notice)?;
            println!("reader: woken by inotify (IN_MOVED_TO notice.txt): {:?}", String::from_utf8_lossy(&text));
            wait_for(child)?;
            unlink(&notice).context("unlink")?;
            file.disarm();
            Ok(())
        }
    }
}

/// Scene 3: two processes update one number in a file under an fcntl lock.
fn locked_counter(dir: &RunDir) -> Result<()> {
    let path = dir.join("counter");
    let counter =
        open(&path, OFlag::O_RDWR | OFlag::O_CREAT | OFlag::O_EXCL, Mode::from_bits_truncate(0o600)).context("open")?;
    let file = Cleanup::unlink(&path);
    pwrite(&counter, &0u64.to_le_bytes(), 0).context("pwrite")?;
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(add_locked(&counter, ROUNDS)),
        ForkResult::Parent { child } => {
            add_locked(&counter, ROUNDS)?;
            wait_for(child)?;
            let total = read_number(&counter)?;
            println!("parent: two processes each added 1 to the file, {ROUNDS} times, under an fcntl lock");
            println!("parent: counter file = {total} (expected {})", 2 * ROUNDS);
            close(counter).context("close")?;
            unlink(&path).context("unlink")?;
            file.disarm();
            Ok(())
        }
    }
}

/// The writer of scene 2: works a while, then writes the message.
fn work_then_write(dir: &Path, name: &str) -> Result<()> {
    std::thread::sleep(WRITER_DELAY);
    write_message(dir, name)
}

/// The writer of scene 1: works a while, then waits until the reader has
/// looked for the file (it may have had no CPU meanwhile on a busy
/// machine), so that how it looks, with or without a sleep between two
/// tries, shows; then writes the message.
fn write_once_looked_for(dir: &Path, name: &str) -> Result<()> {
    let path = format!("/proc/{}/status", getppid());
    let status =
        open(path.as_str(), OFlag::O_RDONLY | OFlag::O_CLOEXEC, Mode::empty()).context("open /proc/PPID/status")?;
    let before = cpu_given_up(&status)?;
    std::thread::sleep(WRITER_DELAY);
    wait_for_looks(&status, before)?;
    close(status).context("close")?;
    write_message(dir, name)
}

/// Waits until the reader has given up its CPU LOOKS times since `before`
/// (at most LOOK_PATIENCE). Each of its sleeps between two tries is one;
/// under ipclab, so is each call it makes, as ipclab stops it there: by
/// then, sleeping between tries or not, it has tried to open the file at
/// least twice (a reader that does neither is left LOOK_PATIENCE).
fn wait_for_looks(status: &OwnedFd, before: u64) -> Result<()> {
    let started = std::time::Instant::now();
    while cpu_given_up(status)?.saturating_sub(before) < LOOKS && started.elapsed() < LOOK_PATIENCE {
        std::thread::sleep(Duration::from_millis(1));
    }
    Ok(())
}

/// How many times a process has given up its CPU: `voluntary_ctxt_switches`
/// in its /proc/PID/status, read again from the start.
fn cpu_given_up(status: &OwnedFd) -> Result<u64> {
    let mut buf = [0u8; 4096];
    let n = pread(status, &mut buf, 0).context("pread /proc/PPID/status")?;
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .find_map(|l| l.strip_prefix("voluntary_ctxt_switches:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| "/proc/PPID/status has no voluntary_ctxt_switches".into())
}

/// The writer: writes MESSAGE to a temporary file in `dir`, then renames it
/// to `name`, so the file appears whole or not at all.
fn write_message(dir: &Path, name: &str) -> Result<()> {
    let temporary = dir.join(format!("{name}.tmp"));
    // BEGIN SOLUTION: publish MESSAGE as dir/name so that a reader never sees it half written (rename(2))
    let file = open(&temporary, OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_EXCL, Mode::from_bits_truncate(0o600))
        .context("open")?;
    write(&file, MESSAGE).context("write")?;
    close(file).context("close")?;
    std::fs::rename(&temporary, dir.join(name)).context("rename")?;
    Ok(())
    // END SOLUTION
}

/// Polls: tries to read the file at `path`, sleeping POLL_INTERVAL between
/// tries while it does not exist yet, and returns its contents.
fn poll_for(path: &Path) -> Result<Vec<u8>> {
    // BEGIN SOLUTION: wait for the file at `path` to appear by looking again every POLL_INTERVAL, and return what it holds
    loop {
        match read_file(path) {
            Err(err) if is_enoent(&*err) => std::thread::sleep(POLL_INTERVAL),
            other => return other,
        }
    }
    // END SOLUTION
}

/// Asks the kernel to report files moved into `dir`.
fn watch(dir: &Path) -> Result<Inotify> {
    // BEGIN SOLUTION: ask the kernel to report files renamed into `dir` (inotify(7))
    let inotify = Inotify::init(InitFlags::IN_CLOEXEC).context("inotify_init1")?;
    inotify.add_watch(dir, AddWatchFlags::IN_MOVED_TO).context("inotify_add_watch")?;
    Ok(inotify)
    // END SOLUTION
}

/// Sleeps in read(2) on the inotify fd until a file called `name` is moved in.
fn wait_for_arrival(inotify: &Inotify, name: &str) -> Result<()> {
    // BEGIN SOLUTION: sleep until the kernel reports that `name` arrived (inotify(7))
    loop {
        let events = inotify.read_events().context("read inotify events")?;
        if events.iter().any(|event| event.name.as_deref() == Some(name.as_ref())) {
            return Ok(());
        }
    }
    // END SOLUTION
}

/// Adds 1 to the number in the file, `rounds` times, each time under a write lock.
fn add_locked(counter: &OwnedFd, rounds: u64) -> Result<()> {
    // BEGIN SOLUTION: add 1 to the number in the file `rounds` times, with no other process able to come between the read and the write; keep the yield_now() between them
    for _ in 0..rounds {
        lock_file(counter)?;
        let value = read_number(counter)?;
        std::thread::yield_now();
        pwrite(counter, &(value + 1).to_le_bytes(), 0).context("pwrite")?;
        unlock_file(counter)?;
    }
    Ok(())
    // END SOLUTION
}

/// Takes a write lock on the whole file, waiting while another process holds one.
fn lock_file(file: &OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: take a write lock on the whole file, waiting while another process holds one (fcntl(2), Advisory record locking)
    fcntl(file, FcntlArg::F_SETLKW(&whole_file(libc::F_WRLCK))).context("fcntl F_SETLKW")?;
    Ok(())
    // END SOLUTION
}

/// Releases this process's lock on the file.
fn unlock_file(file: &OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: release this process's lock on the whole file (fcntl(2))
    fcntl(file, FcntlArg::F_SETLK(&whole_file(libc::F_UNLCK))).context("fcntl F_SETLK")?;
    Ok(())
    // END SOLUTION
}

/// A lock request of `kind` (F_WRLCK, F_RDLCK or F_UNLCK) over the whole file.
fn whole_file(kind: libc::c_int) -> libc::flock {
    // SAFETY: flock is plain old data; all zeros is a valid value.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = kind as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = 0;
    lock.l_len = 0;
    lock
}

/// The number stored in the first 8 bytes of the file.
fn read_number(file: &OwnedFd) -> Result<u64> {
    let mut bytes = [0u8; 8];
    let n = pread(file, &mut bytes, 0).context("pread")?;
    if n != bytes.len() {
        return Err(format!("counter file holds {n} bytes, expected 8").into());
    }
    Ok(u64::from_le_bytes(bytes))
}

/// Opens the file at `path` and reads it to the end.
fn read_file(path: &Path) -> Result<Vec<u8>> {
    // No context here: poll_for looks for the bare Errno ENOENT.
    let file = open(path, OFlag::O_RDONLY, Mode::empty())?;
    let mut data = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        let n = read(&file, &mut buf).context("read")?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    close(file).context("close")?;
    Ok(data)
}

/// Whether an error from [`read_file`] is "no such file".
fn is_enoent(err: &(dyn std::error::Error + 'static)) -> bool {
    err.downcast_ref::<Errno>() == Some(&Errno::ENOENT)
}

/// Waits for a child and checks that it succeeded.
fn wait_for(child: Pid) -> Result<()> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, 0) => Ok(()),
        other => Err(format!("child failed: {other:?}").into()),
    }
}
