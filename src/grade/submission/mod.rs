//! `ipclab grade --submission DIR`: grades one student's submission with
//! this build's graders.
//!
//! Only the lab sources are taken from the submission: for each lab ipclab
//! grades, `DIR/labs/NN_name/main.rs` and the other `.rs` files beside it
//! (lab 09 has modules), and only when every part of each path is a real
//! directory or a regular file (never a symbolic link, which could point at
//! the reference solution). A file of the lab without a solution region
//! (scaffold the student was given) that the submission lacks is taken
//! from this build; one with a solution region must be submitted. The submission's own
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
use crate::i18n::tr;

/// The most a lab's sources may weigh, all files together: ten times the largest lab.
const MAX_SOURCE: u64 = 512 << 10;

/// How long building a submission may take when no deadline is given.
const BUILD_LIMIT: Duration = Duration::from_secs(600);

/// The source files of a lab, relative to its folder.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// Each of `labs`, with the student's sources or why there are none.
pub fn sources(root: &Path, dir: &Path, labs: &[&'static LabSpec]) -> Vec<(&'static LabSpec, Result<Files, String>)> {
    labs.iter().map(|&spec| (spec, lab_sources(root, dir, spec.dir()))).collect()
}

/// How deep a lab's source tree may go (`labs/09_compare/mechanisms/ring.rs` is 2).
const MAX_DEPTH: usize = 3;

/// The `.rs` files under `dir` (relative paths), refusing symbolic links:
/// `Err(path)` names the first one found.
fn rust_files(dir: &Path, rel: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), PathBuf> {
    let Ok(entries) = fs::read_dir(dir.join(rel)) else { return Ok(()) };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = rel.join(e.file_name());
        let Ok(kind) = e.file_type() else { continue };
        let is_rs = path.extension().is_some_and(|x| x == "rs");
        if kind.is_symlink() && (is_rs || depth < MAX_DEPTH) {
            return Err(path);
        }
        if kind.is_dir() && depth < MAX_DEPTH {
            rust_files(dir, &path, depth + 1, out)?;
        } else if kind.is_file() && is_rs {
            out.push(path);
        }
    }
    Ok(())
}

/// The student's sources of lab FOLDER: `labs/FOLDER/main.rs` and every
/// other `.rs` file under the folder, each a regular file reached through
/// real directories. A file of the lab that has no solution region (its
/// scaffold) and that the submission lacks is taken from this build's lab;
/// a file with a solution region must come from the submission.
fn lab_sources(root: &Path, dir: &Path, folder: &str) -> Result<Files, String> {
    let shown = |rel: &Path| format!("labs/{folder}/{}", rel.display());
    let main = PathBuf::from("main.rs");
    let labs = dir.join("labs");
    let parts = [
        (labs.clone(), "labs".to_string()),
        (labs.join(folder), tr!("sub-lab-folder")),
        (labs.join(folder).join(&main), "main.rs".to_string()),
    ];
    for (i, (path, what)) in parts.iter().enumerate() {
        let meta = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(_) => return Err(missing(dir, folder, &shown(&main))),
        };
        let last = i == parts.len() - 1;
        if meta.file_type().is_symlink() {
            return Err(tr!("sub-symlink", path = shown(&main), what = what));
        }
        if (last && !meta.is_file()) || (!last && !meta.is_dir()) {
            return Err(match last {
                true => tr!("sub-not-file", path = shown(&main), what = what),
                false => tr!("sub-not-dir", path = shown(&main), what = what),
            });
        }
    }
    let mut theirs = Vec::new();
    if let Err(link) = rust_files(&labs.join(folder), Path::new(""), 1, &mut theirs) {
        return Err(tr!("sub-link", path = shown(&link)));
    }
    let mut ours = Vec::new();
    let _ = rust_files(&root.join("labs").join(folder), Path::new(""), 1, &mut ours);
    let mut files = Files::new();
    let mut total = 0;
    for rel in &theirs {
        let text = read_regular(&labs.join(folder).join(rel))
            .map_err(|why| tr!("sub-unreadable", path = shown(rel), why = why))?;
        total += text.len() as u64;
        if total > MAX_SOURCE {
            return Err(tr!("sub-too-large", folder = folder, kib = (MAX_SOURCE >> 10).to_string()));
        }
        files.push((rel.clone(), text));
    }
    for rel in ours.iter().filter(|r| !theirs.contains(r)) {
        let text = fs::read(root.join("labs").join(folder).join(rel)).unwrap_or_default();
        if String::from_utf8_lossy(&text).contains("// BEGIN SOLUTION") {
            return Err(tr!("sub-missing", path = shown(rel)));
        }
        files.push((rel.clone(), text));
    }
    Ok(files)
}

/// A regular file's bytes, read without following a symbolic link.
fn read_regular(path: &Path) -> Result<Vec<u8>, String> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::File::options()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| tr!("sub-cannot-read", error = e.to_string()))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(tr!("sub-not-regular"));
    }
    let mut text = Vec::new();
    file.take(MAX_SOURCE + 1).read_to_end(&mut text).map_err(|e| tr!("sub-cannot-read", error = e.to_string()))?;
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
        Some(name) => tr!("sub-missing-other", path = shown, other = name),
        None => tr!("sub-missing", path = shown),
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
            .map_err(|e| tr!("err-create", path = path.display().to_string(), error = e.to_string()))?;
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
    let found = sources(root, dir, labs);
    let present: Vec<package::Source> = found
        .iter()
        .filter_map(|(spec, s)| {
            s.as_ref().ok().map(|files| package::Source { folder: spec.dir().into(), files: files.clone() })
        })
        .collect();
    let fail = |why: String| Failure::failed(tr!("err-build-submission", dir = dir.display().to_string(), why = why));
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
                    format!("{}\n{errors}", tr!("sub-does-not-compile", lab = spec.dir())),
                    start.elapsed(),
                )),
                None => Err(LabResult::unrunnable(spec, tr!("sub-no-program"), start.elapsed())),
            },
        };
        programs.push((spec, program));
    }
    grading.grade_all(programs)
}
