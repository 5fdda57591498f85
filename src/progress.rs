//! What a student has done with each lab, kept between commands under the
//! project's target directory (`target/ipclab/`): the checks the last
//! `ipclab check` of a lab failed, so that `ipclab hint` gives the hint for
//! the first of them, and which hints were shown already.
//!
//! Nothing here is a verdict: losing these files (`cargo clean`) only makes
//! `ipclab hint` start again from the first hint.

use std::path::{Path, PathBuf};

/// Where ipclab keeps what it remembers of the project at `root`.
fn state_dir(root: &Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    target.join("ipclab")
}

/// Writes `text` to `path` whole (a rename), creating its folder; a
/// failure only loses what would have been remembered.
fn save(path: &Path, text: &str) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(".{}.{}", path.file_name().unwrap_or_default().to_string_lossy(), std::process::id()));
    if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

fn checks_file(root: &Path, lab: &str) -> PathBuf {
    state_dir(root).join("checks").join(lab)
}

fn hints_file(root: &Path, lab: &str) -> PathBuf {
    state_dir(root).join("hints").join(lab)
}

/// Remembers the checks lab `lab` failed in its last `ipclab check`, the
/// ones to look at first first (none: it passed).
pub fn record_failed_checks(root: &Path, lab: &str, failed: &[&str]) {
    let mut text = failed.join("\n");
    text.push('\n');
    save(&checks_file(root, lab), &text);
}

/// The checks lab `lab` failed in its last `ipclab check`, in the order
/// [`record_failed_checks`] was given them.
pub fn failed_checks(root: &Path, lab: &str) -> Vec<String> {
    let text = std::fs::read_to_string(checks_file(root, lab)).unwrap_or_default();
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The hints of lab `lab` shown already (their numbers, from 1).
pub fn hints_shown(root: &Path, lab: &str) -> Vec<usize> {
    let text = std::fs::read_to_string(hints_file(root, lab)).unwrap_or_default();
    text.split_whitespace().filter_map(|w| w.parse().ok()).collect()
}

/// Remembers that hint `number` of lab `lab` was shown.
pub fn hint_shown(root: &Path, lab: &str, number: usize) {
    let mut shown = hints_shown(root, lab);
    if !shown.contains(&number) {
        shown.push(number);
    }
    let text: Vec<String> = shown.iter().map(usize::to_string).collect();
    save(&hints_file(root, lab), &text.join(" "));
}

/// Forgets which hints of lab `lab` were shown (`ipclab hint --reset`).
pub fn reset_hints(root: &Path, lab: &str) {
    let _ = std::fs::remove_file(hints_file(root, lab));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project root of its own, so that tests do not share state.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ipclab-progress-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn failed_checks_and_shown_hints_are_remembered_per_lab() {
        // CARGO_TARGET_DIR, when the test runs under cargo, is the same for
        // both labs: the lab's name keeps them apart.
        let root = scratch("remember");
        let a = format!("01_pipe_{}", std::process::id());
        let b = format!("02_fifo_{}", std::process::id());
        record_failed_checks(&root, &a, &["reaps_child", "no_fd_leak"]);
        assert_eq!(failed_checks(&root, &a), ["reaps_child", "no_fd_leak"]);
        assert!(failed_checks(&root, &b).is_empty());
        hint_shown(&root, &a, 4);
        hint_shown(&root, &a, 4);
        hint_shown(&root, &a, 1);
        assert_eq!(hints_shown(&root, &a), [4, 1]);
        reset_hints(&root, &a);
        assert!(hints_shown(&root, &a).is_empty());
        record_failed_checks(&root, &a, &[]);
        assert!(failed_checks(&root, &a).is_empty());
        let _ = std::fs::remove_file(checks_file(&root, &a));
        let _ = std::fs::remove_dir_all(&root);
    }
}
