//! The ledger on disk: what a run created that can outlive it, written as it
//! happens, so that the leftovers of a run that was killed (even with
//! SIGKILL, when it can print nothing) can be found and removed later by
//! `ipclab clean`.
//!
//! Each run that creates a lasting object (a System V queue, segment or set,
//! a POSIX queue, a FIFO, a socket file) writes one file,
//! `run-PID-START.jsonl`, in a directory the caller chooses: a first line
//! naming the run (the tracer's pid and start time, so a live run is told
//! from a dead one), then one line per creation, change of evidence and
//! removal, each appended with a single `write`. A run that ends normally
//! deletes its file when nothing it created is left, and otherwise marks it
//! finished. Objects that cannot outlive their processes (pipes, sockets)
//! are not written.
//!
//! [`clean`] reads every file whose run is over, and removes each object
//! still there, but only if it still matches the evidence recorded at its
//! creation ([`Evidence::remove`]): an id or a path reused by someone else
//! is left alone.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ledger::{Evidence, Identity, Mismatch, Presence};
use crate::event::kernel::ByCall;

/// One line of a journal file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    /// The first line: which run wrote the file.
    Run(RunId),
    /// The run created an object.
    Created { evidence: Evidence, pid: i32, call: String },
    /// What identifies it changed (a `semctl(SETVAL)` moved its ctime).
    Updated { evidence: Evidence },
    /// The run removed it.
    Removed { evidence: Evidence },
    /// The run ended; what is not removed above was left behind.
    Finished,
}

/// A tracer process, as /proc knows it: pid and start time (clock ticks
/// after boot, field 22 of /proc/PID/stat), with the boot it ran in. A pid is
/// reused; the three together are not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunId {
    pub pid: i32,
    pub start: u64,
    pub boot: String,
    /// The traced command, for people.
    pub command: String,
    /// When the run started, seconds since 1970.
    pub time: u64,
}

impl RunId {
    /// The current process.
    pub fn current(command: String) -> RunId {
        let pid = std::process::id() as i32;
        let time = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        RunId { pid, start: start_time(pid).unwrap_or(0), boot: boot_id(), command, time }
    }

    /// Whether the run is still going (its tracer process is alive).
    pub fn is_alive(&self) -> bool {
        self.boot == boot_id() && start_time(self.pid).is_some_and(|s| s == self.start)
    }
}

/// Field 22 of /proc/PID/stat: when the process started, in clock ticks.
fn start_time(pid: i32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    super::status::stat_fields_after_comm(&stat)?.nth(19)?.parse().ok()
}

fn boot_id() -> String {
    fs::read_to_string("/proc/sys/kernel/random/boot_id").map(|s| s.trim().to_string()).unwrap_or_default()
}

/// A run's journal file, created when the first lasting object is.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    run: RunId,
    file: Option<(PathBuf, File)>,
    /// Set after a write failed: the note is given once, the run goes on.
    failed: Option<String>,
    /// The language of that note.
    lang: crate::i18n::Lang,
}

impl Journal {
    /// A journal for the current run in `dir` (created when needed).
    pub fn new(dir: PathBuf, command: String) -> Journal {
        Journal { dir, run: RunId::current(command), file: None, failed: None, lang: crate::i18n::Lang::En }
    }

    /// The same journal, its note (a write that failed) in `lang`.
    pub fn in_lang(self, lang: crate::i18n::Lang) -> Journal {
        Journal { lang, ..self }
    }

    /// The file, once anything was written.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|(p, _)| p.as_path())
    }

    /// Appends a record; returns an error message the first time writing fails.
    pub fn append(&mut self, record: &Record) -> Option<String> {
        if self.failed.is_some() {
            return None;
        }
        match self.try_append(record) {
            Ok(()) => None,
            Err(e) => {
                let dir = self.dir.display().to_string();
                let msg = crate::tr!(self.lang, "note-ledger-unwritable", dir = dir, error = e.to_string());
                self.failed = Some(msg.clone());
                Some(msg)
            }
        }
    }

    fn try_append(&mut self, record: &Record) -> std::io::Result<()> {
        if self.file.is_none() {
            if !matches!(record, Record::Created { .. }) {
                return Ok(()); // nothing lasting created yet: no file needed
            }
            fs::create_dir_all(&self.dir)?;
            let path = self.dir.join(format!("run-{}-{}.jsonl", self.run.pid, self.run.start));
            let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
            file.write_all(&line(&Record::Run(self.run.clone())))?;
            self.file = Some((path, file));
        }
        let (_, file) = self.file.as_mut().expect("opened above");
        file.write_all(&line(record))
    }

    /// The run ended: delete the file if nothing is left, else mark it finished.
    pub fn finish(&mut self, anything_left: bool) {
        if anything_left {
            self.append(&Record::Finished);
        } else if let Some((path, _)) = self.file.take() {
            let _ = fs::remove_file(path);
        }
    }
}

fn line(record: &Record) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(record).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// What one journal file says the run left: each object created and not
/// removed, with its latest evidence and its creator.
#[derive(Debug, Clone)]
pub struct Leftovers {
    pub file: PathBuf,
    pub run: Option<RunId>,
    pub objects: Vec<(Evidence, ByCall)>,
}

/// Reads a journal file. Lines that do not parse (a line cut short by a
/// crash) are skipped.
pub fn read_journal(path: &Path) -> std::io::Result<Leftovers> {
    let text = fs::read_to_string(path)?;
    let mut run = None;
    let mut objects: BTreeMap<Identity, (Evidence, ByCall)> = BTreeMap::new();
    for l in text.lines() {
        match serde_json::from_str::<Record>(l) {
            Ok(Record::Run(r)) => run = Some(r),
            Ok(Record::Created { evidence, pid, call }) => {
                objects.insert(evidence.identity(), (evidence, ByCall { pid, call }));
            }
            Ok(Record::Updated { evidence }) => {
                if let Some(o) = objects.get_mut(&evidence.identity()) {
                    o.0 = evidence;
                }
            }
            Ok(Record::Removed { evidence }) => {
                objects.remove(&evidence.identity());
            }
            Ok(Record::Finished) | Err(_) => {}
        }
    }
    Ok(Leftovers { file: path.to_path_buf(), run, objects: objects.into_values().collect() })
}

/// What `clean` did with one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CleanOutcome {
    /// Removed (or would be, with `dry_run`).
    Removed,
    /// Already gone.
    AlreadyGone,
    /// Something is there that is not proven the run's (another object with
    /// the id, path or inode number): left alone. Why.
    NotTheRuns(Mismatch),
    /// Could not be checked or removed: the error, one line.
    Failed(String),
}

/// One line of `clean`'s report.
#[derive(Debug, Clone)]
pub struct CleanReport {
    pub evidence: Evidence,
    pub created_by: ByCall,
    pub run: Option<RunId>,
    pub outcome: CleanOutcome,
}

/// What [`clean`] found in the directory.
#[derive(Debug, Default)]
pub struct CleanSummary {
    pub objects: Vec<CleanReport>,
    /// Journals of runs still going, left alone.
    pub live_runs: Vec<RunId>,
}

/// Removes what finished or killed runs left, as recorded in the journals
/// of `dir`; deletes each journal once nothing in it is left. With
/// `dry_run`, only reports. A directory that does not exist holds nothing.
pub fn clean(dir: &Path, dry_run: bool) -> std::io::Result<CleanSummary> {
    let mut summary = CleanSummary::default();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(summary),
        Err(e) => return Err(e),
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("run-"))
                && p.extension().is_some_and(|x| x == "jsonl")
        })
        .collect();
    files.sort();
    for file in files {
        let Ok(left) = read_journal(&file) else { continue };
        if let Some(run) = left.run.as_ref().filter(|r| r.is_alive()) {
            summary.live_runs.push(run.clone());
            continue;
        }
        let mut all_done = true;
        for (evidence, created_by) in left.objects {
            let found = if dry_run { evidence.presence() } else { evidence.remove() };
            let outcome = match found {
                Ok(Presence::Same) => CleanOutcome::Removed,
                Ok(Presence::Gone) => CleanOutcome::AlreadyGone,
                Ok(Presence::Other(why)) => CleanOutcome::NotTheRuns(why),
                Err(e) => CleanOutcome::Failed(e.to_string()),
            };
            all_done &= !matches!(outcome, CleanOutcome::Failed(_));
            summary.objects.push(CleanReport { evidence, created_by, run: left.run.clone(), outcome });
        }
        if all_done && !dry_run {
            let _ = fs::remove_file(&file);
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ipclab-journal-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn journal_file_is_created_only_with_a_lasting_object() {
        let dir = scratch("lazy");
        let mut j = Journal::new(dir.clone(), "prog".into());
        j.append(&Record::Finished);
        assert!(j.path().is_none());
        let ev = Evidence::Fifo { path: "/nonexistent/f".into(), dev: 1, ino: 2, born: None };
        j.append(&Record::Created { evidence: ev, pid: 7, call: "mknodat".into() });
        assert!(j.path().is_some_and(Path::exists));
        j.finish(false);
        assert!(fs::read_dir(&dir).unwrap().next().is_none(), "the file of a clean run is deleted");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn read_journal_keeps_created_not_removed_with_latest_evidence() {
        let dir = scratch("replay");
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("run-1-2.jsonl");
        let q1 = Evidence::MsgQueue { id: 1, key: 0, cuid: 0, ctime: 10 };
        let s1 = Evidence::SemSet { id: 2, key: 0, cuid: 0, ctime: 10 };
        let s1b = Evidence::SemSet { id: 2, key: 0, cuid: 0, ctime: 11 };
        let mut text = Vec::new();
        text.extend(line(&Record::Run(RunId { pid: 1, start: 2, boot: "b".into(), command: "c".into(), time: 0 })));
        text.extend(line(&Record::Created { evidence: q1.clone(), pid: 5, call: "msgget".into() }));
        text.extend(line(&Record::Created { evidence: s1, pid: 5, call: "semget".into() }));
        text.extend(line(&Record::Updated { evidence: s1b.clone() }));
        text.extend(line(&Record::Removed { evidence: q1 }));
        text.extend(b"{\"created\":{\"evid"); // cut short by a crash
        fs::write(&path, text).unwrap();
        let left = read_journal(&path).unwrap();
        assert_eq!(left.objects.len(), 1);
        assert_eq!(left.objects[0].0, s1b);
        assert_eq!(left.objects[0].1, ByCall { pid: 5, call: "semget".into() });
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_current_run_is_alive_and_a_made_up_one_is_not() {
        assert!(RunId::current("x".into()).is_alive());
        let dead = RunId { pid: i32::MAX, start: 1, boot: boot_id(), command: "x".into(), time: 0 };
        assert!(!dead.is_alive());
    }

    #[test]
    fn clean_of_a_missing_directory_finds_nothing() {
        let s = clean(Path::new("/nonexistent/ipclab-ledger"), false).unwrap();
        assert!(s.objects.is_empty() && s.live_runs.is_empty());
    }
}
