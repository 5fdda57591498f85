//! Lab 13: file locks, readers and writers, and a deadlock the kernel refuses.
//!
//! Four scenes, each on a file of its own in a directory of this run's own:
//! 1. Readers and a writer with fcntl record locks: two readers share the
//!    data under read locks, taking turns so that one of them always holds
//!    it, while a writer waits for a write lock. The coordinator tells each
//!    process when to act and watches /proc/locks to know that it asked.
//! 2. A logger locks its log file; a helper opens the same file, reads its
//!    size and closes it; then a second process tries the lock.
//! 3. flock: one process holds an exclusive flock on a file, another tries
//!    to take one without waiting, then takes an fcntl lock on the same file.
//! 4. Two processes each lock one account (a range of bytes) and then want
//!    the other's: a deadlock, which the kernel refuses with EDEADLK.

#![deny(unsafe_op_in_unsafe_fn)]

use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use common::{Cleanup, Context, Result, RunDir};
use nix::errno::Errno;
use nix::fcntl::{FcntlArg, Flock, FlockArg, OFlag, fcntl, open};
use nix::sys::stat::{Mode, fstat};
use nix::sys::uio::{pread, pwrite};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, close, fork, getpid, pipe2, read, unlink, write};

/// The data readers read and the writer replaces: byte 0 of the shared file.
const DATA: Range = Range { start: 0, len: 1 };
/// A byte no one reads or writes, free for the locking protocol: a writer
/// may hold it while it waits for the data, so that new readers wait
/// behind it (a turnstile).
const GATE: Range = Range { start: 1, len: 1 };
/// How many times the two readers hand the data over to each other while
/// the writer waits.
const ROUNDS: usize = 3;
/// The two accounts of scene 4: 8-byte numbers at these offsets.
const ACCOUNT_A: Range = Range { start: 0, len: 8 };
const ACCOUNT_B: Range = Range { start: 8, len: 8 };
/// How long the coordinator watches /proc/locks for a process's request.
const PATIENCE: Duration = Duration::from_secs(5);

/// A range of bytes of a file: the first byte and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    start: i64,
    len: i64,
}

fn main() -> ExitCode {
    common::begin("13_locks");
    let result = RunDir::create("13").and_then(|dir| {
        readers_and_writer(&dir)?;
        logger(&dir)?;
        whole_file_locks(&dir)?;
        crossing_transfers(&dir)
    });
    common::finish(result)
}

// ---- scene 1: readers and a writer --------------------------------------------

/// A reader process, as the coordinator drives it: its pid, the pipe it
/// takes its orders from, and the one it answers on once it has read under
/// its lock (`r`) and once it has let go (`u`).
struct Reader {
    pid: Pid,
    orders: OwnedFd,
    done: OwnedFd,
    /// It was told to read and its answer has not been read yet.
    owes: std::cell::Cell<bool>,
}

/// Scene 1: two readers keep the data read-locked between them, taking
/// turns, while the writer waits for its write lock.
fn readers_and_writer(dir: &RunDir) -> Result<()> {
    let path = dir.join("shared.txt");
    let file = create(&path, b"1")?;
    let removal = Cleanup::unlink(&path);
    let ino = fstat(&file).context("fstat")?.st_ino;
    let a = start_reader("reader A", &file)?;
    let b = start_reader("reader B", &file)?;
    order(&a, b'r')?;
    wait_for_lock(ino, a.pid, |l| l.holds && l.overlaps(DATA), "reader A to hold its read lock")?;
    // SAFETY: this program has a single thread, so the child may run any code.
    let writer = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(write_data(&file)),
        ForkResult::Parent { child } => child,
    };
    wait_for_lock(ino, writer, |l| !l.holds && l.overlaps(DATA), "the writer to wait for the data")?;
    // The readers hand the data over to each other: the next one asks for
    // its read lock before the other lets go of its own. It has asked once
    // it waits (behind the writer, at first) or holds the data; a moment's
    // hold of the gate on its way is not yet the data, and the other letting
    // go then would leave the readers never holding the data together.
    let (mut next, mut prev) = (&b, &a);
    for round in 0..ROUNDS {
        order(next, b'r')?;
        if round == 0 {
            // The writer holds the gate: the reader waits behind it.
            wait_for_lock(
                ino,
                next.pid,
                |l| !l.holds || l.overlaps(DATA),
                "a reader to hold the data or wait for its read lock",
            )?;
        } else {
            // The writer is done: the reader gets the data beside the other
            // one, and says so once it has read (its lock call over). One
            // that waits for it instead gets it once the other lets go.
            let asked = wait_for_lock(ino, next.pid, |l| l.overlaps(DATA), "a reader to ask for the data")?;
            if asked.holds {
                answered(next)?;
            }
        }
        order(prev, b'u')?;
        std::mem::swap(&mut next, &mut prev);
    }
    order(prev, b'u')?;
    for r in [&a, &b] {
        order(r, b'q')?;
    }
    wait_for(writer, "the writer")?;
    wait_for(a.pid, "reader A")?;
    wait_for(b.pid, "reader B")?;
    println!("readers and writer: done; the data is now {:?}", String::from_utf8_lossy(&read_at(&file, DATA)?));
    close(file).context("close")?;
    unlink(&path).context("unlink")?;
    removal.disarm();
    Ok(())
}

/// Starts a reader: it reads the data under a read lock when told `r`,
/// lets go of it on `u`, and exits on `q`.
fn start_reader(name: &'static str, file: &OwnedFd) -> Result<Reader> {
    let (orders_in, orders) = pipe2(OFlag::O_CLOEXEC).context("pipe2")?;
    let (done, done_out) = pipe2(OFlag::O_CLOEXEC).context("pipe2")?;
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => {
            drop((orders, done));
            common::child_done(serve_orders(name, file, &orders_in, &done_out))
        }
        ForkResult::Parent { child } => {
            close(orders_in).context("close")?;
            close(done_out).context("close")?;
            Ok(Reader { pid: child, orders, done, owes: std::cell::Cell::new(false) })
        }
    }
}

/// A reader's life: one order at a time from the coordinator.
fn serve_orders(name: &str, file: &OwnedFd, orders: &OwnedFd, done: &OwnedFd) -> Result<()> {
    let mut order = [0u8; 1];
    loop {
        if read(orders, &mut order).context("read")? == 0 {
            return Ok(());
        }
        match order[0] {
            b'r' => {
                read_lock(file)?;
                let seen = read_at(file, DATA)?;
                println!("{name}: read {:?}", String::from_utf8_lossy(&seen));
                write(done, b"r").context("write")?;
            }
            b'u' => {
                read_unlock(file)?;
                write(done, b"u").context("write")?;
            }
            _ => return Ok(()),
        }
    }
}

/// The writer: replaces the data with "2" under its write lock.
fn write_data(file: &OwnedFd) -> Result<()> {
    write_lock(file)?;
    pwrite(file, b"2", DATA.start).context("pwrite")?;
    println!("writer: wrote \"2\"");
    write_unlock(file)
}

/// Takes a read lock on the data, waiting while a writer holds it; a
/// reader that arrives while a writer waits must wait behind the writer.
fn read_lock(file: &OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: take a read lock on DATA (readers share it), but let a writer that is already waiting go first: a reader that comes after a waiting writer must not get the data before it; GATE is yours to use (fcntl(2) Advisory record locking)
    // Pass through the gate: a writer waiting for the data holds it.
    set_lock(file, GATE, libc::F_WRLCK, true)?;
    let got = set_lock(file, DATA, libc::F_RDLCK, true);
    set_lock(file, GATE, libc::F_UNLCK, false)?;
    got
    // END SOLUTION
}

/// Lets go of this process's read lock on the data.
fn read_unlock(file: &OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: release this process's read lock on DATA (fcntl(2))
    set_lock(file, DATA, libc::F_UNLCK, false)
    // END SOLUTION
}

/// Takes the write lock on the data, waiting until no reader holds it, and
/// making readers that arrive meanwhile wait behind this writer.
fn write_lock(file: &OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: take a write lock on DATA, waiting until no reader holds it; while this writer waits, a reader that arrives must not get DATA first (fcntl(2) Advisory record locking)
    // Close the gate behind the readers there are, then wait for them.
    set_lock(file, GATE, libc::F_WRLCK, true)?;
    set_lock(file, DATA, libc::F_WRLCK, true)?;
    set_lock(file, GATE, libc::F_UNLCK, false)
    // END SOLUTION
}

/// Lets go of the write lock on the data.
fn write_unlock(file: &OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: release the write lock on DATA (fcntl(2))
    set_lock(file, DATA, libc::F_UNLCK, false)
    // END SOLUTION
}

// ---- scene 2: a lock and an innocent close ------------------------------------

/// Scene 2: the logger locks its log, a helper opens and closes the same
/// file, and a second process checks whether the log is still locked.
fn logger(dir: &RunDir) -> Result<()> {
    let path = dir.join("app.log");
    let log = create(&path, b"")?;
    let removal = Cleanup::unlink(&path);
    lock_log(&log)?;
    write(&log, b"started\n").context("write")?;
    println!("logger: the log is {} bytes, says a helper that opened it by name and closed it", size_of_file(&path)?);
    // SAFETY: this program has a single thread, so the child may run any code.
    let probe = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(probe_log(&path)),
        ForkResult::Parent { child } => child,
    };
    wait_for(probe, "the probe")?;
    write(&log, b"done\n").context("write")?;
    unlock_log(&log)?;
    close(log).context("close")?;
    unlink(&path).context("unlink")?;
    removal.disarm();
    Ok(())
}

/// Locks the whole log for writing, with a lock that belongs to this open
/// file description: closing another descriptor on the same file must not
/// release it.
fn lock_log(log: &OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: lock the whole log for writing with a lock that closing some other descriptor on the same file (in this process) does not release (fcntl(2) Open file description locks)
    let whole = lock_request(libc::F_WRLCK, Range { start: 0, len: 0 });
    fcntl(log, FcntlArg::F_OFD_SETLKW(&whole)).context("fcntl F_OFD_SETLKW")?;
    Ok(())
    // END SOLUTION
}

/// Releases the log's lock.
fn unlock_log(log: &OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: release the lock lock_log took (fcntl(2))
    let whole = lock_request(libc::F_UNLCK, Range { start: 0, len: 0 });
    fcntl(log, FcntlArg::F_OFD_SETLK(&whole)).context("fcntl F_OFD_SETLK")?;
    Ok(())
    // END SOLUTION
}

/// A helper any program might call: the size of the file at `path`. It
/// opens the file, asks its size and closes it, as library code does.
fn size_of_file(path: &Path) -> Result<i64> {
    let file = open(path, OFlag::O_RDONLY | OFlag::O_CLOEXEC, Mode::empty()).context("open")?;
    let size = fstat(&file).context("fstat")?.st_size;
    close(file).context("close")?;
    Ok(size)
}

/// The probe: opens the log by name and tries to lock it, without waiting.
fn probe_log(path: &Path) -> Result<()> {
    let file = open(path, OFlag::O_RDWR | OFlag::O_CLOEXEC, Mode::empty()).context("open")?;
    let whole = lock_request(libc::F_WRLCK, Range { start: 0, len: 0 });
    let locked = match fcntl(&file, FcntlArg::F_SETLK(&whole)) {
        Ok(_) => false,
        Err(Errno::EAGAIN | Errno::EACCES) => true,
        Err(e) => return Err(format!("fcntl F_SETLK: {e}").into()),
    };
    println!("probe: the log is still locked after the helper closed its descriptor: {locked}");
    close(file).context("close")?;
    Ok(())
}

// ---- scene 3: flock -----------------------------------------------------------

/// Scene 3: an exclusive flock held by one process; another process tries
/// to take one without waiting, then takes an fcntl lock on the same file.
fn whole_file_locks(dir: &RunDir) -> Result<()> {
    let path = dir.join("whole.lock");
    let file = create(&path, b"")?;
    let removal = Cleanup::unlink(&path);
    let held = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| format!("flock: {e}"))?;
    // SAFETY: this program has a single thread, so the child may run any code.
    let other = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(other_process(&path)),
        ForkResult::Parent { child } => child,
    };
    wait_for(other, "the other process")?;
    let file = held.unlock().map_err(|(_, e)| format!("flock LOCK_UN: {e}"))?;
    close(file).context("close")?;
    unlink(&path).context("unlink")?;
    removal.disarm();
    Ok(())
}

/// The other process of scene 3, with its own open file description.
fn other_process(path: &Path) -> Result<()> {
    let file = open(path, OFlag::O_RDWR | OFlag::O_CLOEXEC, Mode::empty()).context("open")?;
    let record = open(path, OFlag::O_RDWR | OFlag::O_CLOEXEC, Mode::empty()).context("open")?;
    match try_exclusive(file)? {
        Some(_) => println!("other process: flock(LOCK_EX|LOCK_NB): granted"),
        None => println!("other process: flock(LOCK_EX|LOCK_NB): busy, another open file holds it"),
    }
    let whole = lock_request(libc::F_WRLCK, Range { start: 0, len: 0 });
    let granted = fcntl(&record, FcntlArg::F_SETLK(&whole)).is_ok();
    println!("other process: an fcntl write lock on the same file meanwhile: granted: {granted}");
    close(record).context("close")?;
    Ok(())
}

/// Takes an exclusive flock on `file` without waiting: `None` when another
/// open file description holds a lock on the file.
fn try_exclusive(file: OwnedFd) -> Result<Option<Flock<OwnedFd>>> {
    // BEGIN SOLUTION: try to take an exclusive flock on the whole file, and if another holds one say so at once instead of waiting (flock(2) LOCK_NB)
    match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
        Ok(lock) => Ok(Some(lock)),
        Err((file, Errno::EWOULDBLOCK)) => {
            close(file).context("close")?;
            Ok(None)
        }
        Err((_, e)) => Err(format!("flock: {e}").into()),
    }
    // END SOLUTION
}

// ---- scene 4: a deadlock ------------------------------------------------------

/// Scene 4: the parent moves 10 from account A to B, the child 20 from B to
/// A. Each locks its source account first, then wants the other: they
/// cross, and the kernel refuses the request that would close the circle.
fn crossing_transfers(dir: &RunDir) -> Result<()> {
    let path = dir.join("accounts");
    let mut start = 100u64.to_le_bytes().to_vec();
    start.extend_from_slice(&100u64.to_le_bytes());
    let file = create(&path, &start)?;
    let removal = Cleanup::unlink(&path);
    let ino = fstat(&file).context("fstat")?.st_ino;
    let (ready_in, ready_out) = pipe2(OFlag::O_CLOEXEC).context("pipe2")?;
    set_lock(&file, ACCOUNT_A, libc::F_WRLCK, true)?;
    let me = getpid();
    // SAFETY: this program has a single thread, so the child may run any code.
    let child = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done((|| {
            drop(ready_in);
            set_lock(&file, ACCOUNT_B, libc::F_WRLCK, true)?;
            write(&ready_out, b"!").context("write")?;
            // Ask for A only once the parent waits for B: the circle closes here.
            wait_for_lock(ino, me, |l| !l.holds && l.overlaps(ACCOUNT_B), "the parent to wait for account B")?;
            take_second(&file, ACCOUNT_B, ACCOUNT_A)?;
            transfer(&file, ACCOUNT_B, ACCOUNT_A, 20)
        })()),
        ForkResult::Parent { child } => child,
    };
    close(ready_out).context("close")?;
    let mut ready = [0u8; 1];
    read(&ready_in, &mut ready).context("read")?;
    take_second(&file, ACCOUNT_A, ACCOUNT_B)?;
    transfer(&file, ACCOUNT_A, ACCOUNT_B, 10)?;
    wait_for(child, "the child")?;
    let (a, b) = (account(&file, ACCOUNT_A)?, account(&file, ACCOUNT_B)?);
    println!("accounts: A = {a}, B = {b}, together {}", a + b);
    close(file).context("close")?;
    unlink(&path).context("unlink")?;
    removal.disarm();
    Ok(())
}

/// This process holds a write lock on `held`; takes one on `wanted` too.
/// If waiting for `wanted` would deadlock, the kernel says so (EDEADLK):
/// then give way, and end holding both.
fn take_second(file: &OwnedFd, held: Range, wanted: Range) -> Result<()> {
    // BEGIN SOLUTION: while holding `held`, take a write lock on `wanted` as well; when the kernel refuses because waiting would deadlock (EDEADLK), let the other process go first, and return only once this process holds both (fcntl(2) F_SETLKW, EDEADLK)
    let mut first = wanted;
    let mut second = held;
    match set_lock(file, wanted, libc::F_WRLCK, true) {
        Ok(()) => return Ok(()),
        Err(e) if e.downcast_ref::<Errno>() == Some(&Errno::EDEADLK) => {}
        Err(e) => return Err(e),
    }
    loop {
        // Give way: without `held`, the other process can finish.
        set_lock(file, held, libc::F_UNLCK, false)?;
        set_lock(file, first, libc::F_WRLCK, true)?;
        match set_lock(file, second, libc::F_WRLCK, true) {
            Ok(()) => return Ok(()),
            Err(e) if e.downcast_ref::<Errno>() == Some(&Errno::EDEADLK) => {
                set_lock(file, first, libc::F_UNLCK, false)?;
                std::mem::swap(&mut first, &mut second);
            }
            Err(e) => return Err(e),
        }
    }
    // END SOLUTION
}

/// Moves `amount` from account `from` to account `to`; the caller holds
/// write locks on both. Then releases both.
fn transfer(file: &OwnedFd, from: Range, to: Range, amount: u64) -> Result<()> {
    let (f, t) = (account(file, from)?, account(file, to)?);
    std::thread::yield_now();
    pwrite(file, &(f - amount).to_le_bytes(), from.start).context("pwrite")?;
    pwrite(file, &(t + amount).to_le_bytes(), to.start).context("pwrite")?;
    set_lock(file, from, libc::F_UNLCK, false)?;
    set_lock(file, to, libc::F_UNLCK, false)
}

// ---- plumbing -------------------------------------------------------------------

/// An fcntl lock request of `kind` (F_RDLCK, F_WRLCK, F_UNLCK) on `range`
/// (length 0: to the end of the file, however long it grows).
fn lock_request(kind: libc::c_int, range: Range) -> libc::flock {
    // SAFETY: flock is plain old data; all zeros is a valid value.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = kind as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = range.start;
    lock.l_len = range.len;
    lock
}

/// Sets a process-associated fcntl lock of `kind` on `range`, waiting for
/// it when `wait` (F_SETLKW), else not (F_SETLK). The error is the bare
/// Errno, so a caller can tell EDEADLK apart.
fn set_lock(file: &OwnedFd, range: Range, kind: libc::c_int, wait: bool) -> Result<()> {
    let request = lock_request(kind, range);
    let arg = if wait { FcntlArg::F_SETLKW(&request) } else { FcntlArg::F_SETLK(&request) };
    fcntl(file, arg)?;
    Ok(())
}

/// Creates the file at `path` (owner only) holding `contents`, open for
/// reading and writing.
fn create(path: &Path, contents: &[u8]) -> Result<OwnedFd> {
    let flags = OFlag::O_RDWR | OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_CLOEXEC;
    let file = open(path, flags, Mode::from_bits_truncate(0o600)).context("open")?;
    if !contents.is_empty() {
        pwrite(&file, contents, 0).context("pwrite")?;
    }
    Ok(file)
}

fn read_at(file: &OwnedFd, range: Range) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; range.len as usize];
    let n = pread(file, &mut buf, range.start).context("pread")?;
    buf.truncate(n);
    Ok(buf)
}

fn account(file: &OwnedFd, range: Range) -> Result<u64> {
    let bytes: [u8; 8] = read_at(file, range)?.try_into().map_err(|_| "an account is 8 bytes")?;
    Ok(u64::from_le_bytes(bytes))
}

/// Sends one order to a reader; after `u`, waits until it has let go
/// (having first taken its answer to the `r` before).
fn order(reader: &Reader, what: u8) -> Result<()> {
    if what == b'u' {
        answered(reader)?;
    }
    write(&reader.orders, &[what]).context("write")?;
    match what {
        b'r' => reader.owes.set(true),
        b'u' => answer(reader, b'u')?,
        _ => {}
    }
    Ok(())
}

/// Waits for a reader's answer to its last `r`, if not yet read: it has
/// its read lock and has read the data.
fn answered(reader: &Reader) -> Result<()> {
    if reader.owes.replace(false) {
        answer(reader, b'r')?;
    }
    Ok(())
}

/// Reads one answer of a reader: `expected`, or an error.
fn answer(reader: &Reader, expected: u8) -> Result<()> {
    let mut got = [0u8; 1];
    match read(&reader.done, &mut got).context("read")? {
        1 if got[0] == expected => Ok(()),
        0 => Err(format!("reader {} ended before it answered", reader.pid).into()),
        _ => Err(format!("reader {} answered {:?}, not {:?}", reader.pid, got[0] as char, expected as char).into()),
    }
}

/// One lock of /proc/locks on our file, as the coordinator looks at it.
struct Listed {
    holds: bool,
    start: i64,
    /// Last byte; None: to the end of the file.
    end: Option<i64>,
}

impl Listed {
    fn overlaps(&self, r: Range) -> bool {
        self.start < r.start + r.len && self.end.is_none_or(|e| e >= r.start)
    }
}

/// Waits until /proc/locks lists a lock of `pid` on inode `ino` for which
/// `wanted` holds: how a process here knows that another has asked for a
/// lock (it may be asleep in fcntl, which nothing else shows). Returns that lock.
fn wait_for_lock(ino: u64, pid: Pid, wanted: impl Fn(&Listed) -> bool, what: &str) -> Result<Listed> {
    let since = Instant::now();
    loop {
        let text = proc_locks()?;
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().skip(1).collect();
            let (waiting, w) = match words.first() {
                Some(&"->") => (true, &words[1..]),
                _ => (false, &words[..]),
            };
            if w.len() < 7 || w[3] != pid.as_raw().to_string() || w[4].rsplit(':').next() != Some(&ino.to_string()) {
                continue;
            }
            let start = w[5].parse().unwrap_or(0);
            let end = w[6].parse().ok();
            let listed = Listed { holds: !waiting, start, end };
            if wanted(&listed) {
                return Ok(listed);
            }
        }
        if since.elapsed() > PATIENCE {
            // An open file description lock is listed with pid -1: no
            // process to attribute it to.
            let ofd = text.lines().any(|l| l.contains("OFDLCK") && l.contains(&format!(":{ino} ")));
            let why = if ofd {
                "; /proc/locks lists only open file description locks on the file, which belong to no process: this scene's locks must be process locks (F_SETLK, F_SETLKW)"
            } else {
                ""
            };
            return Err(
                format!("waited {} s for {what} (pid {pid}): not in /proc/locks{why}", PATIENCE.as_secs()).into()
            );
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The text of /proc/locks, in one read (a few calls in the trace per look).
fn proc_locks() -> Result<String> {
    let file = open("/proc/locks", OFlag::O_RDONLY | OFlag::O_CLOEXEC, Mode::empty()).context("open /proc/locks")?;
    let mut buf = vec![0u8; 1 << 16];
    let n = read(&file, &mut buf).context("read /proc/locks")?;
    close(file).context("close")?;
    buf.truncate(n);
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Waits for a child and checks that it succeeded.
fn wait_for(child: Pid, who: &str) -> Result<()> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, 0) => Ok(()),
        WaitStatus::Exited(_, code) => Err(format!("{who} (pid {child}) exited with status {code}").into()),
        WaitStatus::Signaled(_, signal, _) => Err(format!("{who} (pid {child}) was killed by {signal}").into()),
        other => Err(format!("{who} (pid {child}) ended oddly: {other:?}").into()),
    }
}
