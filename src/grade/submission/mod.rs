//! `ipclab grade --submission DIR`: grades one student's submission with
//! this build's graders.
//!
//! Only the lab sources are taken from the submission: for each lab ipclab
//! grades, `DIR/labs/NN_name/main.rs`, and only when every part of that
//! path is a real directory or a regular file (never a symbolic link, which
//! could point at the reference solution). The submission's own
//! Cargo.toml, build.rs, src/, tracer/ and tests/ are never read. A lab
//! that is missing, or whose main.rs is not a regular file, scores 0 with
//! one line saying so. The sources are built by [`package`] in a directory
//! of the submission's own and graded like any lab.

pub mod package;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::labs::{self as specs, LabSpec};
use super::{Grading, LabResult};
use crate::exit::Failure;

/// The largest main.rs a submission may have: ten times the largest lab.
const MAX_SOURCE: u64 = 512 << 10;

/// How long building a submission may take when no deadline is given.
const BUILD_LIMIT: Duration = Duration::from_secs(600);

/// Each of `labs`, with the student's source or why there is none.
pub fn sources(dir: &Path, labs: &[&'static LabSpec]) -> Vec<(&'static LabSpec, Result<Vec<u8>, String>)> {
    labs.iter().map(|&spec| (spec, source(dir, spec.dir()))).collect()
}

/// The student's `labs/FOLDER/main.rs`, if it is a regular file reached
/// through real directories.
fn source(dir: &Path, folder: &str) -> Result<Vec<u8>, String> {
    let shown = format!("labs/{folder}/main.rs");
    let labs = dir.join("labs");
    let parts = [
        (labs.clone(), "labs"),
        (labs.join(folder), "the lab's folder"),
        (labs.join(folder).join("main.rs"), "main.rs"),
    ];
    for (i, (path, what)) in parts.iter().enumerate() {
        let meta = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(_) => return Err(missing(dir, folder, &shown)),
        };
        let last = i == parts.len() - 1;
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{shown}: {what} is a symbolic link; only regular files are graded (0 points: submit the file itself)"
            ));
        }
        if (last && !meta.is_file()) || (!last && !meta.is_dir()) {
            let kind = if last { "a regular file" } else { "a directory" };
            return Err(format!("{shown}: {what} is not {kind} (0 points)"));
        }
    }
    use std::os::unix::fs::OpenOptionsExt;
    let path = &parts[2].0;
    let file = fs::File::options()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| format!("{shown}: cannot be read: {e} (0 points)"))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(format!("{shown}: main.rs is not a regular file (0 points)"));
    }
    let mut text = Vec::new();
    file.take(MAX_SOURCE + 1).read_to_end(&mut text).map_err(|e| format!("{shown}: cannot be read: {e} (0 points)"))?;
    if text.len() as u64 > MAX_SOURCE {
        return Err(format!("{shown}: larger than {} KiB (0 points)", MAX_SOURCE >> 10));
    }
    Ok(text)
}

/// Why a lab has no source: missing, perhaps under another folder name.
fn missing(dir: &Path, folder: &str, shown: &str) -> String {
    let number = &folder[..2];
    let other = fs::read_dir(dir.join("labs")).ok().and_then(|entries| {
        entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with(number) && n != folder)
    });
    match other {
        Some(name) => format!(
            "{shown} is missing from the submission (0 points); it has labs/{name}, which is not a lab's folder"
        ),
        None => format!("{shown} is missing from the submission (0 points)"),
    }
}

/// A directory of one submission's build, removed with everything in it
/// when dropped: `<tmp>/ipclab-grade-PID-bN`, so that `ipclab clean` knows
/// it for a leftover once this process is gone.
struct BuildDir(PathBuf);

impl BuildDir {
    fn create() -> Result<Self, String> {
        use std::os::unix::fs::DirBuilderExt;
        use std::sync::atomic::{AtomicU32, Ordering};
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let n = SEQ.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("ipclab-grade-{}-b{n}", std::process::id()));
        fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(BuildDir(path))
    }
}

impl Drop for BuildDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Grades the submission in `dir` with the trusted parts of the project at
/// `root`: every lab, in teaching order.
pub fn grade(root: &Path, dir: &Path, grading: &Grading) -> Result<Vec<LabResult>, Failure> {
    grade_labs(root, dir, &specs::LABS, grading)
}

/// Grades `labs` of the submission in `dir`.
pub fn grade_labs(
    root: &Path,
    dir: &Path,
    labs: &[&'static LabSpec],
    grading: &Grading,
) -> Result<Vec<LabResult>, Failure> {
    let start = Instant::now();
    let found = sources(dir, labs);
    let present: Vec<package::Source> = found
        .iter()
        .filter_map(|(spec, s)| {
            s.as_ref().ok().map(|text| package::Source { folder: spec.dir().into(), text: text.clone() })
        })
        .collect();
    let fail = |why: String| Failure::failed(format!("cannot build the submission {}: {why}", dir.display()));
    let (_dir, built) = if present.is_empty() {
        (None, package::Built::new())
    } else {
        let limit = grading.deadline.map_or(BUILD_LIMIT, |d| d.saturating_duration_since(Instant::now()));
        let b = BuildDir::create().map_err(fail)?;
        let sandboxed = grading.sandbox == super::sandbox::Mode::Sandboxed;
        let built = package::build(root, &b.0, &present, limit, sandboxed).map_err(fail)?;
        (Some(b), built)
    };
    let mut programs = Vec::new();
    for (spec, source) in found {
        let program = match source {
            Err(why) => Err(LabResult::unrunnable(spec, why, Duration::ZERO)),
            Ok(_) => match built.get(&package::bin_name(spec.dir())) {
                Some(Ok(program)) => Ok(program.clone()),
                Some(Err(errors)) => Err(LabResult::unrunnable(
                    spec,
                    format!("lab {} does not compile:\n{errors}", spec.dir()),
                    start.elapsed(),
                )),
                None => {
                    Err(LabResult::unrunnable(spec, "the build gave no program for this lab".into(), start.elapsed()))
                }
            },
        };
        programs.push((spec, program));
    }
    grading.grade_all(programs)
}
