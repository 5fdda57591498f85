//! `ipclab clean`: removes the IPC objects that earlier traced runs left
//! behind, from the ledgers those runs kept on disk (see
//! `tracer::kernel::journal`), including runs that were killed before they
//! could report. Only objects a run recorded creating are touched, and only
//! while they still match what was recorded at their creation.

use std::path::PathBuf;

use tracer::kernel::journal::{self, CleanOutcome};

use crate::cli::CleanArgs;
use crate::exit::{CommandResult, Exit, Failure};
use crate::i18n::tr;

/// Where traced runs keep their ledgers: `$IPCLAB_LEDGER_DIR` when set;
/// else, for an ipclab built in a cargo target directory (the project's
/// own build), `<target>/ipclab-ledger`; else the user's cache directory,
/// `$XDG_CACHE_HOME/ipclab/ledger` or `~/.cache/ipclab/ledger`.
pub fn ledger_dir() -> Option<PathBuf> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = set("IPCLAB_LEDGER_DIR") {
        return Some(dir);
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(target) = exe.ancestors().find(|d| d.join("CACHEDIR.TAG").is_file()) {
            return Some(target.join("ipclab-ledger"));
        }
    }
    let cache = set("XDG_CACHE_HOME").or_else(|| set("HOME").map(|h| h.join(".cache")))?;
    Some(cache.join("ipclab").join("ledger"))
}

/// Removes the per-run directories of lab runs that are over and left them
/// empty, and returns their paths.
///
/// A lab keeps its FIFOs and socket files in `<tmp>/ipclab-PID-NN` (see
/// `labs/common`) and removes the directory as it ends, if it is empty. A
/// lab killed at its timeout cannot; one that leaked a file cannot either,
/// and `ipclab run` then removes the file. What is left is an empty
/// directory whose process is gone. Only such directories are removed:
/// rmdir(2) refuses one that holds anything, and one whose process still
/// runs (another run of the lab) is left alone.
pub fn remove_empty_run_dirs() -> Vec<PathBuf> {
    let tmp = std::env::temp_dir();
    let Ok(entries) = std::fs::read_dir(&tmp) else { return Vec::new() };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(run_dir_pid) else { continue };
        if entry.file_type().is_ok_and(|t| t.is_dir())
            && !tracer::kernel::process_exists(nix::unistd::Pid::from_raw(pid))
            && std::fs::remove_dir(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

/// The pid in a lab's run directory name, `ipclab-PID-NN`.
fn run_dir_pid(name: &str) -> Option<i32> {
    let (pid, lab) = name.strip_prefix("ipclab-")?.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && lab.len() == 2 && digits(lab)).then(|| pid.parse().ok()).flatten()
}

/// Removes the directories of grading runs whose grader is gone:
/// `<tmp>/ipclab-grade-PID-...`, a lab's run directory (unsandboxed) or a
/// submission's build directory, left by a grader that was killed. Each is
/// removed whole, only when no process PID exists any more; the paths of
/// those removed (or, with `dry_run`, that would be).
pub fn remove_grading_dirs(dry_run: bool) -> Vec<PathBuf> {
    let tmp = std::env::temp_dir();
    let Ok(entries) = std::fs::read_dir(&tmp) else { return Vec::new() };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(grading_dir_pid) else { continue };
        let ours = entry.metadata().is_ok_and(|m| {
            use std::os::unix::fs::MetadataExt;
            m.is_dir() && m.uid() == nix::unistd::geteuid().as_raw()
        });
        if ours
            && !tracer::kernel::process_exists(nix::unistd::Pid::from_raw(pid))
            && (dry_run || std::fs::remove_dir_all(entry.path()).is_ok())
        {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

/// The grader's pid in a grading directory's name, `ipclab-grade-PID-REST`.
fn grading_dir_pid(name: &str) -> Option<i32> {
    let (pid, rest) = name.strip_prefix("ipclab-grade-")?.split_once('-')?;
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    (digits && !rest.is_empty()).then(|| pid.parse().ok()).flatten()
}

/// Removes what killed runs left behind and says so in a line each (for
/// `ipclab run`, before it starts a lab); says nothing when there is nothing.
pub fn clean_leftovers_quietly() {
    let Some(dir) = ledger_dir() else { return };
    let Ok(summary) = journal::clean(&dir, false) else { return };
    for r in &summary.objects {
        let from = match &r.run {
            Some(run) => tr!("leftover-from-command", command = &run.command),
            None => tr!("leftover-from-run"),
        };
        let object = r.evidence.to_string();
        match &r.outcome {
            CleanOutcome::Removed => eprintln!("ipclab: {}", tr!("leftover-removed", object = object, from = from)),
            CleanOutcome::AlreadyGone => {}
            CleanOutcome::NotTheRuns(why) => {
                let why = why.message(crate::lang::current());
                eprintln!("ipclab: {}", tr!("leftover-left-alone", object = object, from = from, why = why))
            }
            CleanOutcome::Failed(why) => eprintln!(
                "ipclab: {}",
                tr!(
                    "leftover-not-removed",
                    object = object,
                    from = from,
                    why = why,
                    command = r.evidence.cleanup_command()
                )
            ),
        }
    }
}

pub fn clean_command(args: CleanArgs) -> CommandResult {
    let dir = ledger_dir().ok_or_else(|| Failure::failed(tr!("err-no-ledger-dir")))?;
    let summary = journal::clean(&dir, args.dry_run).map_err(|e| {
        Failure::failed(tr!("err-read-ledgers", dir = dir.display().to_string(), error = e.to_string()))
    })?;
    let mut failed = 0;
    for r in &summary.objects {
        let from = match &r.run {
            Some(run) => tr!("clean-from-run", command = &run.command, pid = run.pid.to_string()),
            None => tr!("clean-from-unknown"),
        };
        let created = tr!("clean-created", pid = r.created_by.pid.to_string(), call = &r.created_by.call);
        let object = r.evidence.to_string();
        let line = match &r.outcome {
            CleanOutcome::Removed if args.dry_run => {
                tr!("clean-would-remove", object = object, created = created, from = from)
            }
            CleanOutcome::Removed => tr!("clean-removed", object = object, created = created, from = from),
            CleanOutcome::AlreadyGone => tr!("clean-already-gone", object = object, created = created, from = from),
            CleanOutcome::NotTheRuns(why) => tr!(
                "clean-left-alone",
                object = object,
                created = created,
                from = from,
                why = why.message(crate::lang::current())
            ),
            CleanOutcome::Failed(why) => {
                failed += 1;
                tr!("clean-not-removed", object = object, why = why, command = r.evidence.cleanup_command())
            }
        };
        println!("{line}");
    }
    for run in &summary.live_runs {
        println!("{}", tr!("clean-still-running", command = &run.command, pid = run.pid.to_string()));
    }
    let dirs = if args.dry_run { Vec::new() } else { remove_empty_run_dirs() };
    for dir in &dirs {
        println!("{}", tr!("clean-run-dir", dir = dir.display().to_string()));
    }
    let grading = remove_grading_dirs(args.dry_run);
    for dir in &grading {
        let dir = dir.display().to_string();
        let line =
            if args.dry_run { tr!("clean-grading-dir-dry", dir = dir) } else { tr!("clean-grading-dir", dir = dir) };
        println!("{line}");
    }
    if summary.objects.is_empty() && summary.live_runs.is_empty() && dirs.is_empty() && grading.is_empty() {
        println!("{}", tr!("clean-nothing"));
    }
    Ok(Exit::success_if(failed == 0))
}
