//! After a graded run: what the lab created and left behind is removed, so
//! that grading a class leaves the kernel as it found it. The kernel view
//! removes the objects of its ledger (System V objects, POSIX queues, FIFOs,
//! socket files) after checking each is still the one the run created; the
//! files and POSIX shared memory objects the run created are removed here.
//! Only what this run created is touched.

use std::path::Path;

use tracer::kernel::objects::Fate;

use super::model::{Resource, ResourceKind, Trace, ledger_object};

/// Removes the files the run created and did not remove; returns, in words,
/// everything that was removed after the run (the kernel view's share too).
/// `keeps` names the lab's outputs, which are not leaks.
pub fn remove_leaks(t: &Trace, run_dir: &Path, keeps: &[&str]) -> Vec<String> {
    let mut removed: Vec<String> = t
        .ledger()
        .into_iter()
        .filter(|e| matches!(e.fate, Fate::Leaked { cleaned: true }))
        .filter_map(ledger_object)
        .map(|(kind, name)| Resource { kind, name, created: 0, removed: None, private: false }.describe())
        .collect();
    let kept = |name: &str| keeps.iter().any(|k| Path::new(name).file_name().is_some_and(|f| f == *k));
    let (dirs, files): (Vec<Resource>, Vec<Resource>) = t
        .objects()
        .into_iter()
        .filter(|o| o.removed.is_none() && !o.kind.in_ledger() && !kept(&o.name))
        .partition(|o| o.kind == ResourceKind::Dir);
    // Files before the directories that hold them, inner directories first.
    for o in files.iter().chain(dirs.iter().rev()) {
        if !removable(&o.name, run_dir) {
            continue;
        }
        let done = if o.kind == ResourceKind::Dir {
            std::fs::remove_dir(&o.name).is_ok()
        } else {
            std::fs::remove_file(&o.name).is_ok()
        };
        if done {
            removed.push(o.describe());
        }
    }
    removed
}

/// Paths a lab may leave that grading removes: in its own temporary
/// directory, or a POSIX shared memory object. A path elsewhere (a student
/// who created a file next to the sources) is reported, not deleted.
fn removable(path: &str, run_dir: &Path) -> bool {
    let p = Path::new(path);
    p.starts_with(run_dir) || p.starts_with("/dev/shm")
}
