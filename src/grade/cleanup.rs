//! After a graded run: remove what the lab created and left behind, so that
//! grading a class leaves the kernel as it found it. Only objects this run
//! created are touched: System V ids its own calls returned, POSIX names and
//! paths its own calls created.

use std::path::Path;

use super::model::{ObjectKind, Trace};

/// Removes the objects the run created and did not remove; returns what was
/// removed, in words.
pub fn remove_leaks(t: &Trace, run_dir: &Path, keeps: &[&str]) -> Vec<String> {
    let mut removed = Vec::new();
    let (dirs, others): (Vec<_>, Vec<_>) = t.objects().into_iter().partition(|o| o.kind == ObjectKind::Dir);
    // Files before the directories that hold them, inner directories first.
    let kept = |name: &str| keeps.iter().any(|k| Path::new(name).file_name().is_some_and(|f| f == *k));
    for o in others.iter().chain(dirs.iter().rev()).filter(|o| o.removed.is_none() && !kept(&o.name)) {
        let done = match o.kind {
            ObjectKind::MsgQueue | ObjectKind::ShmSegment | ObjectKind::SemSet => {
                o.name.parse::<i32>().ok().is_some_and(|id| remove_sysv(o.kind, id))
            }
            ObjectKind::PosixQueue => nix::mqueue::mq_unlink(format!("/{}", o.name).as_str()).is_ok(),
            ObjectKind::PosixShm | ObjectKind::Fifo | ObjectKind::SocketFile | ObjectKind::File => {
                removable(&o.name, run_dir) && std::fs::remove_file(&o.name).is_ok()
            }
            ObjectKind::Dir => removable(&o.name, run_dir) && std::fs::remove_dir(&o.name).is_ok(),
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

/// Removes a System V object by id, if it still exists.
fn remove_sysv(kind: ObjectKind, id: i32) -> bool {
    use tracer::kernel;
    let exists = match kind {
        ObjectKind::MsgQueue => kernel::msg_queue(id).ok().flatten().is_some(),
        ObjectKind::ShmSegment => kernel::shm_segment(id).ok().flatten().is_some(),
        _ => kernel::sem_set(id).ok().flatten().is_some(),
    };
    if !exists {
        return false;
    }
    // SAFETY: IPC_RMID takes no buffer (a null pointer is allowed) and only
    // acts on the id given, which this run's own call returned.
    let res = unsafe {
        match kind {
            ObjectKind::MsgQueue => libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut()),
            ObjectKind::ShmSegment => libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut()),
            _ => libc::semctl(id, 0, libc::IPC_RMID),
        }
    };
    res == 0
}
