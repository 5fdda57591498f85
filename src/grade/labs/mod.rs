//! The checks of every lab, one module per lab, and the table that finds a
//! lab's checks by its folder name.
//!
//! Each check judges something the student writes (a call the solution
//! regions make, an object they remove), so that a starter, where every
//! region is a `todo!()`, fails them all.

mod common;
mod lab01;
mod lab02;
mod lab03;
mod lab04;
mod lab05;
mod lab06;
mod lab07;
mod lab08;
mod lab09;

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use super::check::Check;

/// How one lab is graded.
pub struct LabSpec {
    /// The lab's folder name, e.g. `01_pipe` (also its start marker).
    pub dir: &'static str,
    /// The program's arguments, given the run's own directory.
    pub args: fn(&Path) -> Vec<OsString>,
    /// How long the lab may run while graded.
    pub timeout: Duration,
    /// Names of files the lab is meant to leave (its outputs, not leaks).
    pub keeps: &'static [&'static str],
    pub checks: &'static [Check],
}

/// Every lab's grading, in teaching order.
pub static LABS: [&LabSpec; 9] = [
    &lab01::SPEC,
    &lab02::SPEC,
    &lab03::SPEC,
    &lab04::SPEC,
    &lab05::SPEC,
    &lab06::SPEC,
    &lab07::SPEC,
    &lab08::SPEC,
    &lab09::SPEC,
];

/// The grading of the lab in folder `dir`.
pub fn spec(dir: &str) -> Option<&'static LabSpec> {
    LABS.iter().copied().find(|s| s.dir == dir)
}

/// No arguments: the lab's default scenario.
fn no_args(_: &Path) -> Vec<OsString> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_check_is_listed_in_the_instructor_guide() {
        let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/instructors.md")).unwrap();
        for spec in LABS {
            let section =
                guide.split(&format!("### {}\n", spec.dir)).nth(1).unwrap_or_else(|| panic!("no section {}", spec.dir));
            let section = section.split("\n### ").next().unwrap_or_default();
            for c in spec.checks {
                assert!(
                    section.contains(&format!("| `{}` | {} |", c.name, c.points)),
                    "{}/{} is not in docs/instructors.md",
                    spec.dir,
                    c.name
                );
            }
        }
    }

    #[test]
    fn every_lab_has_checks_with_unique_names_and_ten_points() {
        for spec in LABS {
            let names: HashSet<&str> = spec.checks.iter().map(|c| c.name).collect();
            assert_eq!(names.len(), spec.checks.len(), "{}: check names repeat", spec.dir);
            let points: u32 = spec.checks.iter().map(|c| c.points).sum();
            assert_eq!(points, 10, "{}: points", spec.dir);
        }
    }
}
