//! The lessons' trace excerpts are what ipclab prints now.
//!
//! Every trace block of `labs/NN_*/README.md` is marked with the command
//! that produced it (`<!-- excerpt: run 01 ... -->`, see
//! `tests/lessons/excerpt.rs` for the clauses). This test runs that command
//! as a student would (under a terminal, the lab as it is in the repository,
//! or with one planted mistake), keeps the lines the marker names, and
//! compares them with the lesson, pids, ids, inode numbers and addresses
//! normalised and process by process (two processes' lines interleave
//! differently from run to run). A run whose lines depend on timing is
//! tried up to five times.
//!
//! The Korean edition (`README.ko.md`, `HINTS.ko.md`) is checked against
//! the English one: its excerpts are compared with the same runs, and its
//! shape (sections, code blocks, markers, hint anchors) must be the English
//! one's (`tests/lessons/parity.rs`). A lab with no Korean files yet must be
//! listed in [`AWAITING_TRANSLATION`].
//!
//! When the tracer's output changes on purpose, regenerate the excerpts
//! (of both editions):
//!
//! ```text
//! IPCLAB_BLESS=1 cargo test --test lessons
//! ```
//!
//! then read the diff of the lessons: the text around an excerpt may need
//! to change too. `IPCLAB_LESSON_DUMP=DIR` also writes each whole run to
//! DIR, to choose which lines a marker should keep.

mod common;
mod grade_support;

#[path = "lessons/excerpt.rs"]
mod excerpt;
#[path = "lessons/parity.rs"]
mod parity;

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use excerpt::Marker;
use grade_support::{PackageLab, apply_mutant, build_package, root, work_dir, write_package};

/// The labs whose lessons this test covers, with their programs as cargo
/// built them for the tests.
fn lab_program(lab: &str) -> PathBuf {
    PathBuf::from(match lab {
        "01_pipe" => env!("CARGO_BIN_EXE_lab01_pipe"),
        "02_fifo" => env!("CARGO_BIN_EXE_lab02_fifo"),
        "03_message_queue" => env!("CARGO_BIN_EXE_lab03_message_queue"),
        "04_shared_memory" => env!("CARGO_BIN_EXE_lab04_shared_memory"),
        "05_semaphore" => env!("CARGO_BIN_EXE_lab05_semaphore"),
        "06_signal" => env!("CARGO_BIN_EXE_lab06_signal"),
        "07_socket" => env!("CARGO_BIN_EXE_lab07_socket"),
        "08_file" => env!("CARGO_BIN_EXE_lab08_file"),
        "09_compare" => env!("CARGO_BIN_EXE_lab09_compare"),
        "10_bounded_buffer" => env!("CARGO_BIN_EXE_lab10_bounded_buffer"),
        "11_poll" => env!("CARGO_BIN_EXE_lab11_poll"),
        "12_fd_passing" => env!("CARGO_BIN_EXE_lab12_fd_passing"),
        "13_locks" => env!("CARGO_BIN_EXE_lab13_locks"),
        other => panic!("no program for lab {other}"),
    })
}

/// How many runs an excerpt gets before it is declared stale.
const TRIES: usize = 5;

fn bless() -> bool {
    std::env::var_os("IPCLAB_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// One edition of the course: its files, and the words each of its hints
/// uses to give the man page and the trace line.
struct Edition {
    readme: &'static str,
    hints: &'static str,
    /// Before a hint's man pages ("Man page: ..." or "Man pages: ...").
    man_page: &'static str,
    /// Before a hint's trace line.
    in_the_trace: &'static str,
}

const ENGLISH: Edition =
    Edition { readme: "README.md", hints: "HINTS.md", man_page: "Man page", in_the_trace: "In the trace:" };

/// The Korean edition: "매뉴얼 페이지: mkfifo(3), fifo(7)." and "트레이스에서: ...".
const KOREAN: Edition =
    Edition {
        readme: "README.ko.md", hints: "HINTS.ko.md", man_page: "매뉴얼 페이지", in_the_trace: "트레이스에서:"
    };

/// The labs whose README.ko.md and HINTS.ko.md are not written yet. Every
/// other lab must have both; a lab here that has them must leave the list.
/// Empty once the Korean edition is complete.
const AWAITING_TRANSLATION: &[&str] = &[];

fn lesson_path(lab: &str) -> PathBuf {
    lesson_in(lab, &ENGLISH)
}

fn lesson_in(lab: &str, edition: &Edition) -> PathBuf {
    root().join("labs").join(lab).join(edition.readme)
}

/// The `.mutant` file of a planted mistake: the lesson's own
/// (`tests/lessons/mutants`) or the graders' (`tests/mutants`).
fn mutant_file(lab: &str, name: &str) -> PathBuf {
    let own = root().join("tests").join("lessons").join("mutants").join(lab).join(format!("{name}.mutant"));
    if own.is_file() {
        return own;
    }
    let graders = root().join("tests").join("mutants").join(lab).join(format!("{name}.mutant"));
    assert!(graders.is_file(), "no mutant {name} for lab {lab} in tests/lessons/mutants or tests/mutants");
    graders
}

fn mutant_bin(lab: &str, name: &str) -> String {
    format!("l{}_{name}", &lab[..2])
}

/// Every planted mistake the lessons name, built once, in one package.
fn mutant_programs() -> &'static BTreeMap<String, PathBuf> {
    static BUILT: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut labs = Vec::new();
        for lab in &common::course_labs() {
            let text = std::fs::read_to_string(lesson_path(lab)).expect("a lesson");
            for m in excerpt::markers(&text).unwrap_or_default() {
                let Some(name) = &m.mutant else { continue };
                let bin = mutant_bin(lab, name);
                if labs.iter().any(|l: &PackageLab| l.bin == bin) {
                    continue;
                }
                let source = std::fs::read_to_string(root().join("labs").join(lab).join("main.rs")).expect("main.rs");
                let spec = std::fs::read_to_string(mutant_file(lab, name)).expect("a mutant");
                let source = apply_mutant(&source, &spec).unwrap_or_else(|e| panic!("mutant {lab}/{name}: {e}"));
                labs.push(PackageLab { folder: bin.clone(), bin, source });
            }
        }
        if labs.is_empty() {
            return BTreeMap::new();
        }
        let dir = work_dir("lesson-mutants").join("package");
        write_package(&dir, &labs);
        build_package(&dir)
    })
}

/// One run at a time: a lesson's run is timed as a student's would be, not
/// squeezed between seven others or beside the build of the planted mistakes.
static RUNS: Mutex<()> = Mutex::new(());

/// Runs `ipclab ARGS` with its standard output and error on one terminal, as
/// a student sees it, and returns what it printed.
fn run_in_terminal(args: &[String], ledger_dir: &Path) -> String {
    let pty = nix::pty::openpty(None, None).expect("a pseudo-terminal (is /dev/pts mounted?)");
    // openpty(3) leaves both sides inheritable: only stdout and stderr may
    // reach ipclab and the lab, as in a shell.
    for fd in [&pty.master, &pty.slave] {
        nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC)).expect("FD_CLOEXEC");
    }
    let out = std::fs::File::from(pty.slave.try_clone().expect("dup"));
    let err = std::fs::File::from(pty.slave);
    let mut command = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    command.env("IPCLAB_LANG", "en");
    // SAFETY: between fork and exec the closure only calls rt_sigaction(2) and
    // sigprocmask(2), which are async-signal-safe. A shell starts a program
    // with every signal at its default action and none blocked; the test
    // harness may have changed both, and the lesson shows a student's run.
    unsafe {
        command.pre_exec(|| {
            // The kernel's rt_sigaction, not the C library's: glibc refuses
            // its own signals 32 and 33, which a test harness may ignore.
            let default_action = [0u64; 4];
            for signal in 1..=libc::SIGRTMAX() {
                if signal != libc::SIGKILL && signal != libc::SIGSTOP {
                    libc::syscall(
                        libc::SYS_rt_sigaction,
                        signal,
                        default_action.as_ptr(),
                        std::ptr::null_mut::<u64>(),
                        std::mem::size_of::<libc::sigset_t>().min(8),
                    );
                }
            }
            let mut none = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
            libc::sigemptyset(none.as_mut_ptr());
            libc::sigprocmask(libc::SIG_SETMASK, none.as_ptr(), std::ptr::null_mut());
            Ok(())
        });
    }
    let mut child = command
        .args(args)
        .env("NO_COLOR", "1")
        .env("IPCLAB_LEDGER_DIR", ledger_dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("IPCLAB_LANG")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("ipclab runs");
    // The command holds our copies of the terminal's slave side: drop them,
    // or the master never reads end of file.
    drop(command);
    // Our copies of the terminal's slave side went into the child; read the
    // master until every process holding the slave is gone (EIO).
    let mut master = std::fs::File::from(pty.master);
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match master.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
            }
        }
        bytes
    });
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().expect("wait for ipclab").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ipclab {} ran for more than 90 s", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let bytes = reader.join().expect("the reader");
    // What a run with --keep-leaks left, and anything a killed run could
    // not remove, goes now (only this run's ledger is read).
    let _ = Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .arg("clean")
        .env("IPCLAB_LEDGER_DIR", ledger_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    remove_run_dirs(&text);
    text
}

/// Removes the labs' run directories (`<tmp>/ipclab-PID-NN`) a run names and
/// left behind, with what a planted mistake left in them (lab 08's
/// `notice.txt` is no IPC object, so `ipclab clean` leaves it), once their
/// process is gone.
fn remove_run_dirs(text: &str) {
    let tmp = std::env::temp_dir().display().to_string();
    let prefix = format!("{tmp}/ipclab-");
    for (at, _) in text.match_indices(&prefix) {
        let rest = &text[at + prefix.len()..];
        let pid: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let lab: String =
            rest[pid.len()..].strip_prefix('-').unwrap_or("").chars().take_while(char::is_ascii_digit).collect();
        if pid.is_empty() || lab.len() != 2 {
            continue;
        }
        let dir = PathBuf::from(format!("{prefix}{pid}-{lab}"));
        if dir.is_dir() && !Path::new("/proc").join(&pid).exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// The ipclab command line for a marker: its words, with the program to run
/// (the lab, or its mutant) and no colours.
fn command_for(lab: &str, m: &Marker) -> Vec<String> {
    assert_eq!(
        m.command.first().map(String::as_str),
        Some("run"),
        "line {}: only `run` excerpts are supported",
        m.line
    );
    let program = match &m.mutant {
        Some(name) => mutant_programs()
            .get(&mutant_bin(lab, name))
            .unwrap_or_else(|| panic!("mutant {name} of lab {lab} was not built"))
            .clone(),
        None => lab_program(lab),
    };
    let split = m.command.iter().position(|w| w == "--").unwrap_or(m.command.len());
    let mut args: Vec<String> = m.command[..split].to_vec();
    args.extend(["--color".into(), "never".into(), "--program".into(), program.display().to_string()]);
    args.extend(m.command[split..].iter().cloned());
    args
}

/// A marker's command for its `attempt`-th run (0 first). A hang excerpt
/// (`--timeout N`) shows where each process waits when the time runs out;
/// on a loaded machine a program may not have got there within N seconds,
/// so each retry gives it twice as long as the one before, and the
/// "did not finish within" line is put back to the N seconds the lesson
/// shows. Returns the arguments and the seconds to put back (given, used).
fn command_for_attempt(lab: &str, m: &Marker, attempt: usize) -> (Vec<String>, Option<(String, String)>) {
    let mut args = command_for(lab, m);
    let Some(at) = args.iter().position(|w| w == "--timeout") else { return (args, None) };
    let Some(given) = args.get(at + 1).cloned() else { return (args, None) };
    let Ok(secs) = given.parse::<u64>() else { return (args, None) };
    if attempt == 0 {
        return (args, None);
    }
    let longer = (secs << attempt.min(4)).to_string();
    args[at + 1] = longer.clone();
    (args, Some((given, longer)))
}

/// One run of a marker's command: its selection, as the lesson would show it.
fn selection(lab: &str, m: &Marker, attempt: usize) -> String {
    let ledger = work_dir("lesson-ledgers").join(format!("{lab}-{}", m.line));
    let (raw, longer) = {
        let _one = RUNS.lock().unwrap_or_else(|e| e.into_inner());
        // Every planted mistake is built (a cargo build of its own) before
        // the first run, under the same lock: no run overlaps the build.
        mutant_programs();
        let (args, longer) = command_for_attempt(lab, m, attempt);
        (run_in_terminal(&args, &ledger), longer)
    };
    let raw = match longer {
        Some((given, used)) => {
            raw.replace(&format!(" did not finish within {used} s:"), &format!(" did not finish within {given} s:"))
        }
        None => raw,
    };
    let root = root().canonicalize().expect("the project's path");
    let text = excerpt::clean_run(&raw, &root.display().to_string());
    // IPCLAB_LESSON_DUMP=DIR keeps each whole run, to choose what to keep.
    if let Some(dir) = std::env::var_os("IPCLAB_LESSON_DUMP") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(Path::new(&dir).join(format!("{lab}-{}.txt", m.line)), &text);
    }
    excerpt::select(&text, m)
}

/// One edition of a lesson: its file, text and excerpt markers.
struct Lesson {
    path: PathBuf,
    name: String,
    text: String,
    markers: Vec<Marker>,
}

impl Lesson {
    fn read(lab: &str, edition: &Edition) -> Option<Lesson> {
        let path = lesson_in(lab, edition);
        let text = std::fs::read_to_string(&path).ok()?;
        let markers = excerpt::markers(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Some(Lesson { path, name: format!("labs/{lab}/{}", edition.readme), text, markers })
    }

    /// Rewrites the excerpts with what the runs printed (one per marker;
    /// None keeps an excerpt a run still matches, so pids and inodes do not
    /// churn), from the last block up so that earlier line numbers stay right.
    fn bless(mut self, runs: &[Option<String>]) {
        for (m, got) in self.markers.iter().zip(runs).rev() {
            if let Some(got) = got {
                self.text = excerpt::replace_block(&self.text, m, got);
            }
        }
        std::fs::write(&self.path, self.text).expect("write the lesson");
    }
}

/// Checks (or, with IPCLAB_BLESS, rewrites) every excerpt of one lesson, in
/// both editions: each marker runs once, and the English excerpt and the
/// Korean one must both be what it printed.
fn lesson_excerpts_match(lab: &str) {
    let english = Lesson::read(lab, &ENGLISH).expect("a lesson");
    assert!(!english.markers.is_empty(), "{}: no excerpt marker", english.name);
    let korean = Lesson::read(lab, &KOREAN);
    if let Some(ko) = &korean {
        let same = ko.markers.len() == english.markers.len()
            && english.markers.iter().zip(&ko.markers).all(|(a, b)| a.same_selection(b));
        assert!(
            same,
            "{} and {} have different excerpt markers: the translation keeps every marker as it is (the parity test says where they part)",
            english.name, ko.name
        );
    }
    let editions: Vec<&Lesson> = std::iter::once(&english).chain(korean.as_ref()).collect();
    let mut stale = Vec::new();
    let mut runs = Vec::new();
    for (i, m) in english.markers.iter().enumerate() {
        let mut last = String::new();
        let mut matched = false;
        for attempt in 0..TRIES {
            let got = selection(lab, m, attempt);
            let diffs: Vec<String> = editions
                .iter()
                .filter_map(|e| {
                    let marker = &e.markers[i];
                    let shown = excerpt::block_text(&e.text, marker);
                    excerpt::compare(&shown, &got, marker).map(|d| format!("{}:{}: {d}", e.name, marker.line))
                })
                .collect();
            if bless() {
                runs.push((!diffs.is_empty()).then_some(got));
                matched = true;
                break;
            }
            if diffs.is_empty() {
                matched = true;
                break;
            }
            last = diffs.join("\n");
        }
        if !matched {
            stale.push(format!("`{}` no longer prints what the lesson shows:\n{last}", m.shown()));
        }
    }
    if bless() {
        english.bless(&runs);
        if let Some(ko) = korean {
            ko.bless(&runs);
        }
        return;
    }
    assert!(
        stale.is_empty(),
        "{} excerpt(s) of lab {lab} are stale (regenerate with `IPCLAB_BLESS=1 cargo test --test lessons`, then reread both editions of the lesson):\n\n{}",
        stale.len(),
        stale.join("\n")
    );
}

#[test]
fn lab01_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("01_pipe");
}

#[test]
fn lab02_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("02_fifo");
}

#[test]
fn lab03_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("03_message_queue");
}

#[test]
fn lab04_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("04_shared_memory");
}

#[test]
fn lab05_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("05_semaphore");
}

#[test]
fn lab06_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("06_signal");
}

#[test]
fn lab07_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("07_socket");
}

#[test]
fn lab08_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("08_file");
}

#[test]
fn lab09_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("09_compare");
}

#[test]
fn lab10_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("10_bounded_buffer");
}

#[test]
fn lab11_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("11_poll");
}

#[test]
fn lab12_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("12_fd_passing");
}

#[test]
fn lab13_lesson_excerpts_match_real_runs() {
    lesson_excerpts_match("13_locks");
}

/// Whether a fenced block looks like ipclab's output: trace lines,
/// `kernel:` lines, the ledger or a report.
fn looks_like_a_trace(block: &str) -> bool {
    excerpt::entries(block).iter().any(|e| match e.kind {
        excerpt::Kind::Output => false,
        // `100 times:` in a scenario's drawing is not a call.
        excerpt::Kind::Call => {
            let first = &e.lines[0].1;
            first.contains(") = ")
                || first.contains("<unfinished")
                || first.contains(" --- ")
                || first.contains(" +++ ")
        }
        _ => true,
    })
}

#[test]
fn every_trace_block_of_a_lesson_is_an_excerpt_or_a_marked_illustration() {
    for (lab, edition) in common::course_labs().iter().flat_map(|lab| [(lab, &ENGLISH), (lab, &KOREAN)]) {
        let path = lesson_in(lab, edition);
        let Ok(text) = std::fs::read_to_string(&path) else {
            assert!(edition.readme != ENGLISH.readme, "{}: no lesson", path.display());
            // A missing translation is the parity test's to report.
            continue;
        };
        let lines: Vec<&str> = text.lines().collect();
        let marked: Vec<usize> = excerpt::markers(&text).expect("markers").iter().map(|m| m.block.0).collect();
        let mut i = 0;
        while i < lines.len() {
            if !lines[i].trim_start().starts_with("```") {
                i += 1;
                continue;
            }
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].trim_start().starts_with("```") {
                end += 1;
            }
            let block = lines[start..end.min(lines.len())].join("\n");
            if looks_like_a_trace(&block) && !marked.contains(&start) {
                // An illustration says so in a comment right before it.
                let before = lines[..i].iter().rev().find(|l| !l.trim().is_empty()).copied().unwrap_or_default();
                assert!(
                    before.trim_start().starts_with("<!-- illustration:"),
                    "{}:{}: a trace block with no `<!-- excerpt: ... -->` marker (or `<!-- illustration: why -->` when no run can print it)",
                    path.display(),
                    i + 1
                );
            }
            i = end + 1;
        }
    }
}

#[test]
fn an_excerpt_compares_equal_across_pids_ids_and_interleavings() {
    let lesson = "$ ipclab run 01\n  6201 pipe2([3<pipe:[362552]>, 4<pipe:[362552]>], 0) = 0\n       kernel: pipe:[362552] empty; read end: 6201 fd 3; write end: 6201 fd 4\n  6201 clone(NULL, SIGCHLD, NULL, 0x7f8fe728fa50, 0) = 6202\n  6202 read(3<pipe:[362552]>,  <unfinished ...>\n  6201 write(4<pipe:[362552]>, \"hi\", 2) = 2\n  6202 <... read resumed>\"hi\", 64) = 2\n...\nchild: done";
    let run = "$ ipclab run 01\n 24380 pipe2([3<pipe:[29423]>, 4<pipe:[29423]>], 0) = 0\n       kernel: pipe:[29423] empty; read end: 24380 fd 3; write end: 24380 fd 4\n 24380 clone(NULL, SIGCHLD, NULL, 0x7f0899535a50, 0) = 24381\n 24380 write(4<pipe:[29423]>, \"hi\", 2) = 2\n 24381 read(3<pipe:[29423]>, \"hi\", 64) = 2\nchild: done";
    assert_eq!(excerpt::compare(lesson, run, &Marker::default()), None);
}

#[test]
fn an_excerpt_differs_when_a_kernel_line_changes() {
    let lesson = " 100 close(3<pipe:[7]>) = 0\n     kernel: pipe:[7] closed: no process holds it any more";
    let run = " 200 close(3<pipe:[9]>) = 0\n     kernel: pipe:[9] closed: the kernel freed it";
    let diff = excerpt::compare(lesson, run, &Marker::default()).expect("a difference");
    assert!(diff.contains("no process holds it any more") && diff.contains("the kernel freed it"), "{diff}");
}

#[test]
fn an_excerpt_differs_when_a_process_makes_another_call() {
    let lesson = " 100 close(3) = 0\n 101 read(4, \"\", 64) = 0";
    let run = " 300 close(3) = 0\n 301 write(4, \"\", 64) = 0";
    assert!(excerpt::compare(lesson, run, &Marker::default()).is_some());
}

#[test]
fn a_string_cut_in_one_run_and_whole_in_another_compares_equal() {
    // A 5-digit pid made the trace cut the path; a 4-digit one left it whole.
    let lesson = " 12345 execve(\"x\", [\"reader\", \"/tmp/ipclab-12345-02/channel.fif\"...], 0x7ffd00000000) = 0";
    let run = " 1234 execve(\"x\", [\"reader\", \"/tmp/ipclab-1234-02/channel.fifo\"], 0x7ffd00000000) = 0";
    assert_eq!(excerpt::compare(lesson, run, &Marker::default()), None);
    // A short string is still compared whole.
    let other = " 1234 execve(\"y\", [\"reader\", \"/tmp/ipclab-1234-02/channel.fifo\"], 0x7ffd00000000) = 0";
    assert!(excerpt::compare(lesson, other, &Marker::default()).is_some());
    // And a long one by its first 20 characters.
    let moved = " 1234 execve(\"x\", [\"reader\", \"/tmp/ipclab-1234-03/channel.fifo\"], 0x7ffd00000000) = 0";
    assert!(excerpt::compare(lesson, moved, &Marker::default()).is_some());
}

#[test]
fn a_unix_socket_address_whose_path_holds_a_pid_compares_whatever_the_pid_length() {
    let lesson =
        " 23806 bind(3<socket:[7]>, {sa_family=AF_UNIX, sun_path=\"/tmp/ipclab-23806-07/server.sock\"}, 34) = 0";
    let run = " 2380 bind(3<socket:[9]>, {sa_family=AF_UNIX, sun_path=\"/tmp/ipclab-2380-07/server.sock\"}, 33) = 0";
    assert_eq!(excerpt::compare(lesson, run, &Marker::default()), None);
    let elsewhere = run.replace("server.sock", "client.sock");
    assert!(excerpt::compare(lesson, &elsewhere, &Marker::default()).is_some());
}

#[test]
fn pids_are_numbered_in_numeric_order_and_objects_in_order_of_appearance() {
    let text = " 502 msgget(IPC_PRIVATE, IPC_CREAT|0600) = 98304\n       kernel: msg queue 98304 (key IPC_PRIVATE, mode 0600): 0 messages\n 501 read(3<pipe:[77]>, \"\", 1) = 0\n  ledger: the kernel objects this run created\n    msg queue 98304: created by 502 (msgget), used by 502, 503";
    let n = excerpt::normalise(text, &[]);
    assert!(n.contains(" P2 msgget(IPC_PRIVATE, IPC_CREAT|0600) = I1"), "{n}");
    assert!(n.contains("msg queue I1 (key"), "{n}");
    assert!(n.contains(" P1 read(3<pipe:[I2]>"), "{n}");
    assert!(n.contains("used by P2, P3"), "{n}");
}

#[test]
fn a_mask_hides_what_varies_and_only_that() {
    let m = Marker { masks: vec![("holds \"".to_string(), "\" then".to_string())], ..Default::default() };
    let a = " 100 shmdt(0x7f00aa000000) = 0\n     kernel: shm segment 5 holds \"\\x02\\xed\" then zeros";
    let b = " 100 shmdt(0x7f00bb000000) = 0\n     kernel: shm segment 5 holds \"\\x02\\x0f\\x03\" then zeros";
    assert_eq!(excerpt::compare(a, b, &m), None);
    let c = " 100 shmdt(0x7f00bb000000) = 0\n     kernel: shm segment 5 holds \"\\x02\" then ones";
    assert!(excerpt::compare(a, c, &m).is_some());
}

#[test]
fn an_optional_kernel_line_may_be_missing_from_either_side() {
    let m = Marker { optional: vec!["is a zombie".into()], ..Default::default() };
    let a = " 1001 +++ exited with 0 +++\n     kernel: 1001 is a zombie: it exited\n 1000 wait4(1001, NULL) = 1001";
    let b = " 3001 +++ exited with 0 +++\n 3000 wait4(3001, NULL) = 3001";
    assert_eq!(excerpt::compare(a, b, &m), None);
    assert!(excerpt::compare(a, b, &Marker::default()).is_some());
}

#[test]
fn a_marker_keeps_the_entries_it_names_and_marks_the_cuts() {
    let m =
        excerpt::markers("<!-- excerpt: run 01\n     only: read\n     drop: \"\"\n-->\n```\n```\n").expect("a marker");
    let run = " 10 pipe2([3, 4], 0) = 0\n 10 read(3, \"a\", 1) = 1\n       kernel: pipe:[5] empty\n 10 read(3, \"\", 1) = 0\n 10 close(3) = 0";
    assert_eq!(
        excerpt::select(run, &m[0]),
        "$ ipclab run 01\n...\n 10 read(3, \"a\", 1) = 1\n       kernel: pipe:[5] empty\n..."
    );
}

#[test]
fn a_broken_marker_is_refused_with_its_line() {
    let err = excerpt::markers("text\n<!-- excerpt: run 01\n     keep: everything\n-->\n```\n```\n").unwrap_err();
    assert!(err.contains("line 2") && err.contains("unknown clause `keep`"), "{err}");
    let err = excerpt::markers("<!-- excerpt: run 01 -->\nno block\n").unwrap_err();
    assert!(err.contains("no fenced block"), "{err}");
}

/// The check names of lab `lab` (`01_pipe`), from its grader's source:
/// its own, and `runs` where it takes the common check (`..check::RUNS`).
fn check_names(lab: &str) -> Vec<String> {
    let path = root().join("src").join("grade").join("labs").join(format!("lab{}.rs", &lab[..2]));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // `name: "pipe",` on a line of its own, or inside a one-line
    // `Check { name: "fifo", ... }`.
    let mut names: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_once("name: \"").map(|(_, rest)| rest))
        .filter_map(|l| l.split('"').next())
        .map(String::from)
        .collect();
    if text.contains("check::RUNS") {
        names.push("runs".into());
    }
    names
}

#[test]
fn every_hint_names_a_check_of_its_lab_teaches_and_pastes_no_code() {
    for (lab, edition) in common::course_labs().iter().flat_map(|lab| [(lab, &ENGLISH), (lab, &KOREAN)]) {
        let path = root().join("labs").join(lab).join(edition.hints);
        let Ok(text) = std::fs::read_to_string(&path) else {
            assert!(edition.hints != ENGLISH.hints, "{}: no hints", path.display());
            // A missing translation is the parity test's to report.
            continue;
        };
        let checks = check_names(lab);
        assert!(checks.len() > 1, "{}: no checks found in the grader", lab);
        let mut covered = Vec::new();
        let sections: Vec<&str> = text.split("\n## ").skip(1).collect();
        assert!(!sections.is_empty(), "{}: no `## Hint N` sections", path.display());
        for section in sections {
            let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
            let check =
                heading.split("<!-- check: ").nth(1).and_then(|r| r.split(" -->").next()).unwrap_or_else(|| {
                    panic!("{}: `## {heading}` names no check (`<!-- check: NAME -->`)", path.display())
                });
            assert!(
                checks.iter().any(|c| c == check),
                "{}: `## {heading}` names {check:?}, not a check of the lab: {checks:?}",
                path.display()
            );
            covered.push(check.to_string());
            assert!(
                !body.contains("```"),
                "{}: `## {heading}` has a code block: a hint teaches, it does not paste the solution",
                path.display()
            );
            for part in [edition.man_page, edition.in_the_trace] {
                assert!(body.contains(part), "{}: `## {heading}` has no {part:?}", path.display());
            }
        }
        for check in checks.iter().filter(|c| *c != "runs") {
            assert!(covered.contains(check), "{}: no hint for the check {check:?}", path.display());
        }
    }
}

#[test]
fn ipclab_hint_shows_the_first_hint_without_its_check_anchor() {
    let state = work_dir("lesson-hint-state");
    for lab in &common::course_labs() {
        let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
            .env("IPCLAB_LANG", "en")
            .args(["hint", &lab[..2], "--reset"])
            .env("NO_COLOR", "1")
            // English whatever the machine's locale.
            .env_remove("IPCLAB_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .env("CARGO_TARGET_DIR", &state)
            .output()
            .expect("ipclab runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "ipclab hint {lab}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(text.starts_with("Hint 1 of "), "ipclab hint {lab} printed:\n{text}");
        assert!(!text.contains("<!--") && !text.contains("## Hint"), "ipclab hint {lab} shows the anchor:\n{text}");
        assert!(text.contains("In the trace:"), "ipclab hint {lab} printed:\n{text}");
    }
}

#[test]
fn ipclab_hint_in_korean_shows_the_korean_hint() {
    let state = work_dir("lesson-hint-state-ko");
    for lab in common::course_labs().iter().filter(|lab| root().join("labs").join(lab).join(KOREAN.hints).is_file()) {
        let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
            .env("IPCLAB_LANG", "en")
            .args(["hint", &lab[..2], "--reset", "--lang", "ko"])
            .env("NO_COLOR", "1")
            .env("CARGO_TARGET_DIR", &state)
            .output()
            .expect("ipclab runs");
        let (text, err) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "ipclab hint {lab} --lang ko: {err}");
        assert!(err.is_empty(), "ipclab hint {lab} --lang ko said on stderr: {err}");
        assert!(!text.contains("<!--") && !text.contains("## 힌트"), "ipclab hint {lab} shows the anchor:\n{text}");
        assert!(
            text.contains(KOREAN.in_the_trace) && !text.contains(ENGLISH.in_the_trace),
            "ipclab hint {lab} --lang ko printed:\n{text}"
        );
    }
}

/// The Korean edition has the English one's shape, lab by lab; a lab with
/// no Korean lesson or hints is allowed only while it is listed in
/// [`AWAITING_TRANSLATION`].
#[test]
fn both_editions_of_every_lesson_and_its_hints_have_the_same_sections_code_and_markers() {
    let labs = common::course_labs();
    assert!(labs.len() >= 13, "the labs are {labs:?}");
    let mut problems = Vec::new();
    let mut awaiting = Vec::new();
    for stale in AWAITING_TRANSLATION.iter().filter(|l| !labs.iter().any(|lab| lab == *l)) {
        problems.push(format!("AWAITING_TRANSLATION names {stale}, which is not a lab"));
    }
    for lab in &labs {
        let listed = AWAITING_TRANSLATION.contains(&lab.as_str());
        for (english, korean) in [(ENGLISH.readme, KOREAN.readme), (ENGLISH.hints, KOREAN.hints)] {
            let dir = root().join("labs").join(lab);
            let Ok(original) = std::fs::read_to_string(dir.join(english)) else { continue };
            let translation = std::fs::read_to_string(dir.join(korean));
            match (translation, listed) {
                (Err(_), true) => awaiting.push(format!("labs/{lab}/{korean}")),
                (Err(_), false) => problems.push(format!(
                    "labs/{lab}/{korean} is missing: translate {english} (following docs/glossary.ko.md), or list {lab} in AWAITING_TRANSLATION"
                )),
                (Ok(_), true) => problems.push(format!(
                    "labs/{lab}/{korean} exists, yet {lab} is listed in AWAITING_TRANSLATION: take it off the list"
                )),
                (Ok(translation), false) => {
                    let (a, b) = (format!("labs/{lab}/{english}"), format!("labs/{lab}/{korean}"));
                    problems.extend(parity::compare(&original, &a, &translation, &b));
                }
            }
        }
    }
    if !awaiting.is_empty() {
        eprintln!("the Korean edition still misses {} files: {}", awaiting.len(), awaiting.join(", "));
    }
    assert!(problems.is_empty(), "the Korean edition departs from the English one:\n\n{}", problems.join("\n\n"));
}

#[test]
fn the_parity_test_sees_a_changed_code_block_a_missing_section_and_a_moved_anchor() {
    let english =
        "# Lab\n\n## One\n\ntext\n\n```\n 10 read(3) = 0\n```\n\n## Two <!-- check: a -->\n\n![pic](diagram.svg)\n";
    let korean = "# 실습\n\n## 하나\n\n본문\n\n```\n 10 read(3) = 0\n```\n\n## 둘 <!-- check: a -->\n\n![그림](diagram.ko.svg)\n";
    assert_eq!(parity::compare(english, "en", korean, "ko"), None);
    let changed = korean.replace("read(3) = 0", "read(3) = 1");
    let diff = parity::compare(english, "en", &changed, "ko").expect("a changed block");
    assert!(diff.contains("ko:7") && diff.contains("en:7") && diff.contains("read(3) = 1"), "{diff}");
    let missing = korean.replace("## 하나\n", "");
    assert!(parity::compare(english, "en", &missing, "ko").is_some());
    let deeper = korean.replace("## 하나", "### 하나");
    assert!(parity::compare(english, "en", &deeper, "ko").expect("a level").contains("level-3"));
    let moved = korean.replace("check: a", "check: b");
    assert!(parity::compare(english, "en", &moved, "ko").expect("an anchor").contains("check b"));
    let short = korean.replace("\n![그림](diagram.ko.svg)\n", "\n");
    assert!(parity::compare(english, "en", &short, "ko").expect("a picture").contains("diagram.svg"));
    // The Korean lesson shows the diagram drawn in Korean, not the English one.
    let english_picture = korean.replace("](diagram.ko.svg)", "](diagram.svg)");
    let diff = parity::compare(english, "en", &english_picture, "ko").expect("the English diagram");
    assert!(diff.contains("ko:13") && diff.contains("the translation must show diagram.ko.svg"), "{diff}");
    // Any other picture is the same file in both editions.
    let (chart_en, chart_ko) =
        (english.replace("diagram.svg", "chart.svg"), korean.replace("diagram.ko.svg", "chart.svg"));
    assert_eq!(parity::compare(&chart_en, "en", &chart_ko, "ko"), None);
    let chart_ko = korean.replace("diagram.ko.svg", "chart.ko.svg");
    assert!(parity::compare(&chart_en, "en", &chart_ko, "ko").expect("another picture").contains("chart.ko.svg"));
    let marker = "<!-- excerpt: run 01\n     only: read\n-->\n";
    let with_marker = english.replace("```\n 10", &format!("{marker}```\n 10"));
    let other_marker =
        korean.replace("```\n 10", &marker.replace("read", "write")).replace("-->\n 10", "-->\n```\n 10");
    assert!(parity::compare(&with_marker, "en", &other_marker, "ko").expect("a marker").contains("excerpt marker"));
}

#[test]
fn only_comments_may_differ_in_a_rust_block() {
    let english =
        "```rust\nlet x = 1; // one\n// a whole line\nlet s = \"// not a comment\";\nlet c = '\"'; // quote\n```\n";
    let korean = "```rust\nlet x = 1; // 하나\n// 한 줄 전체\n// 두 줄로 옮긴 설명\nlet s = \"// not a comment\";\nlet c = '\"';\n```\n";
    assert_eq!(parity::compare(english, "en", korean, "ko"), None);
    let translated_string = korean.replace("// not a comment", "// 주석 아님");
    assert!(parity::compare(english, "en", &translated_string, "ko").is_some(), "a string is code");
    // Outside Rust blocks, every character counts.
    let plain = (english.replace("```rust", "```"), korean.replace("```rust", "```"));
    assert!(parity::compare(&plain.0, "en", &plain.1, "ko").is_some());
}

/// A lab tree of its own (`IPCLAB_ROOT`): lab 01 has a Korean lesson and
/// English hints only; lab 02 is English only. One tree per test (`name`):
/// tests run in parallel, and one rewriting a file another is reading would
/// show it an empty lesson.
fn small_course(name: &str) -> PathBuf {
    let root = work_dir("lesson-lang").join(name);
    let files = [
        ("01_demo/main.rs", "fn main() {}\n"),
        ("01_demo/README.md", "# Lab 01: demo\n\nThe English lesson.\n"),
        ("01_demo/README.ko.md", "# 실습 01: 데모\n\n한국어 강의입니다.\n"),
        ("01_demo/HINTS.md", "# Hints\n\n## Hint 1 <!-- check: x -->\n\nThe English hint.\n"),
        ("02_other/main.rs", "fn main() {}\n"),
        ("02_other/README.md", "# Lab 02: other\n\nThe other English lesson.\n"),
    ];
    for (path, text) in files {
        let path = root.join("labs").join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("a folder");
        std::fs::write(path, text).expect("a file");
    }
    root
}

/// `ipclab ARGS` on the small course with only the variables `env` set among
/// IPCLAB_LANG, LC_ALL, LC_MESSAGES and LANG: its stdout, its stderr.
fn ipclab_in(course: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    command.env("IPCLAB_LANG", "en");
    command.args(args).env("IPCLAB_ROOT", course).env("CARGO_TARGET_DIR", course.join("target")).env("NO_COLOR", "1");
    for name in ["IPCLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let out = command.output().expect("ipclab runs");
    assert!(out.status.success(), "ipclab {args:?} {env:?}: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn the_lesson_is_korean_by_flag_variable_or_locale_in_that_order() {
    let course = small_course("flag_variable_or_locale");
    let korean = "한국어 강의입니다.";
    // The command line, the variables set, and whether the lesson is Korean.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], bool);
    let cases: &[Case] = &[
        (&["lesson", "01"], &[], false),
        (&["lesson", "01", "--lang", "ko"], &[], true),
        (&["--lang", "ko", "lesson", "01"], &[("LC_ALL", "C")], true),
        (&["lesson", "01", "--lang", "en"], &[("IPCLAB_LANG", "ko"), ("LANG", "ko_KR.UTF-8")], false),
        (&["lesson", "01"], &[("IPCLAB_LANG", "ko"), ("LC_ALL", "en_US.UTF-8")], true),
        (&["lesson", "01"], &[("IPCLAB_LANG", "en"), ("LANG", "ko_KR.UTF-8")], false),
        (&["lesson", "01"], &[("IPCLAB_LANG", ""), ("LANG", "ko_KR.UTF-8")], true),
        (&["lesson", "01"], &[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")], false),
        (&["lesson", "01"], &[("LC_ALL", ""), ("LC_MESSAGES", "ko_KR.UTF-8"), ("LANG", "C")], true),
        (&["lesson", "01"], &[("LANG", "POSIX")], false),
    ];
    for (args, env, want_korean) in cases {
        let (out, err) = ipclab_in(&course, args, env);
        assert_eq!(out.contains(korean), *want_korean, "ipclab {args:?} with {env:?} printed:\n{out}");
        assert_eq!(out.contains("The English lesson."), !want_korean, "ipclab {args:?} with {env:?} printed:\n{out}");
        assert!(err.is_empty(), "ipclab {args:?} with {env:?} said on stderr: {err}");
    }
}

#[test]
fn a_lab_not_translated_yet_shows_english_with_a_one_line_note() {
    let course = small_course("not_translated_yet");
    let (out, err) = ipclab_in(&course, &["lesson", "02", "--lang", "ko"], &[]);
    assert!(out.contains("The other English lesson."), "{out}");
    assert_eq!(err.lines().count(), 1, "one line, not:\n{err}");
    assert!(err.contains("02_other") && err.contains("README.ko.md") && err.contains("영어판"), "{err}");
    let (out, err) = ipclab_in(&course, &["hint", "01", "--reset"], &[("LANG", "ko_KR.UTF-8")]);
    assert!(out.contains("The English hint."), "{out}");
    assert_eq!(err.lines().count(), 1, "one line, not:\n{err}");
    assert!(err.contains("01_demo") && err.contains("HINTS.ko.md"), "{err}");
    // In English nothing is missing, and nothing is said.
    let (_, err) = ipclab_in(&course, &["lesson", "02"], &[]);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn an_ipclab_lang_that_names_no_language_is_english_and_said_once() {
    let course = small_course("lang_names_no_language");
    let (out, err) = ipclab_in(&course, &["lesson", "01"], &[("IPCLAB_LANG", "kr"), ("LANG", "ko_KR.UTF-8")]);
    assert!(out.contains("The English lesson."), "{out}");
    assert_eq!(err.trim(), "ipclab: IPCLAB_LANG=kr names no language ipclab has (ko or en): using English");
}
