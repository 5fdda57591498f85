//! The checks of every lab, one module per lab, and the table that finds a
//! lab's checks by its folder name.
//!
//! A check named in a scenario of the lab's descriptor (its robustness
//! checks) is judged on the run made under that scenario's `--inject`
//! rules; `injected` holds what those checks ask.
//!
//! Each check judges something the student writes (a call the solution
//! regions make, an object they remove), so that a starter, where every
//! region is a `todo!()`, fails them all.

mod common;
mod injected;
mod lab01;
mod lab02;
mod lab03;
mod lab04;
mod lab05;
mod lab06;
mod lab07;
mod lab08;
mod lab09;
mod lab10;
mod lab11;
mod lab12;
mod lab13;

use super::check::Check;
use crate::labs::course::Descriptor;

/// How one lab is graded: the course's descriptor of the lab (its grading
/// run, the lines its output must include) and its checks.
pub struct LabSpec {
    pub lab: &'static Descriptor,
    pub checks: &'static [Check],
}

impl LabSpec {
    /// The lab's folder name, e.g. `01_pipe`.
    pub fn dir(&self) -> &'static str {
        self.lab.dir
    }
}

/// Every lab's grading, in teaching order.
pub static LABS: [&LabSpec; 13] = [
    &lab01::SPEC,
    &lab02::SPEC,
    &lab03::SPEC,
    &lab04::SPEC,
    &lab05::SPEC,
    &lab06::SPEC,
    &lab07::SPEC,
    &lab08::SPEC,
    &lab09::SPEC,
    &lab10::SPEC,
    &lab11::SPEC,
    &lab12::SPEC,
    &lab13::SPEC,
];

/// The grading of the lab in folder `dir`.
pub fn spec(dir: &str) -> Option<&'static LabSpec> {
    LABS.iter().copied().find(|s| s.dir() == dir)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_check_is_listed_in_the_instructor_guide() {
        let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/instructors.md")).unwrap();
        for spec in LABS {
            let section = guide
                .split(&format!("### {}\n", spec.dir()))
                .nth(1)
                .unwrap_or_else(|| panic!("no section {}", spec.dir()));
            let section = section.split("\n### ").next().unwrap_or_default();
            for c in spec.checks {
                assert!(
                    section.contains(&format!("| `{}` | {} |", c.name, c.points)),
                    "{}/{} is not in docs/instructors.md",
                    spec.dir(),
                    c.name
                );
            }
        }
    }

    #[test]
    fn every_lab_of_the_course_is_graded_in_order() {
        let graded: Vec<&str> = LABS.iter().map(|s| s.dir()).collect();
        let course: Vec<&str> = crate::labs::course::COURSE.iter().map(|d| d.dir).collect();
        assert_eq!(graded, course);
    }

    #[test]
    fn every_lab_is_checked_to_run_and_print_what_its_descriptor_expects() {
        for spec in LABS {
            let runs = &spec.checks[0];
            assert_eq!((runs.name, runs.points), ("runs", 1), "{}", spec.dir());
            assert!(std::ptr::fn_addr_eq(runs.verify, crate::grade::check::RUNS.verify), "{}", spec.dir());
            assert!(!spec.lab.expected.is_empty(), "{}", spec.dir());
        }
    }

    #[test]
    fn lab09_is_graded_on_the_run_its_checks_count() {
        use crate::labs::course::{Arg, LAB09};
        let value = |option: &'static str| {
            let at =
                LAB09.grade_args.iter().position(|a| *a == Arg::Text(option)).unwrap_or_else(|| panic!("{option}"));
            LAB09.grade_args[at + 1]
        };
        let number = |option: &'static str| match value(option) {
            Arg::Text(t) => t.parse::<usize>().unwrap_or_else(|_| panic!("{option} {t}")),
            other => panic!("{option} {other:?}"),
        };
        assert_eq!(number("--trials"), lab09::TRIALS);
        assert_eq!(number("--rounds"), lab09::ROUNDS);
        assert_eq!(number("--warmup"), lab09::WARMUP);
        assert_eq!(number("--depth"), lab09::DEPTH);
        assert_eq!(value("--chart"), Arg::InRunDir(lab09::CHART));
        assert!(LAB09.expected[0].contains(&format!("{} times: {} round trips", lab09::TRIALS, lab09::ROUNDS)));
        assert_eq!(LAB09.keeps, [lab09::CHART]);
    }

    /// Every lab's checks speak both languages: each description is in
    /// both catalogues, the English equal to the declaration and the
    /// Korean in Korean.
    #[test]
    fn a_check_described_in_the_catalogues_says_what_it_is_declared_with() {
        use crate::i18n::description_in;
        use crate::lang::Lang;
        for spec in LABS {
            for c in spec.checks {
                let english = description_in(Lang::En, spec.dir(), c.name);
                let korean = description_in(Lang::Ko, spec.dir(), c.name);
                let english = english.unwrap_or_else(|| panic!("{}/{}: no English message", spec.dir(), c.name));
                assert_eq!(english, c.description, "{}/{}: the English message differs", spec.dir(), c.name);
                let korean = korean.unwrap_or_else(|| panic!("{}/{}: no Korean description", spec.dir(), c.name));
                assert!(korean.chars().any(|ch| ('\u{ac00}'..='\u{d7a3}').contains(&ch)), "{korean}");
            }
        }
    }

    #[test]
    fn every_robustness_scenario_parses_and_names_checks_of_its_lab() {
        let mut scenarios = 0;
        for spec in LABS {
            for scenario in spec.lab.robustness {
                scenarios += 1;
                scenario.rules().unwrap_or_else(|e| panic!("{}: {e}", spec.dir()));
                for name in scenario.checks {
                    assert!(spec.checks.iter().any(|c| c.name == *name), "{}: no check {name}", spec.dir());
                    assert_ne!(*name, "runs", "{}: `runs` is judged on the normal run", spec.dir());
                }
            }
        }
        assert!(scenarios >= 4, "labs 01, 03, 05 and 07 have robustness scenarios");
    }

    #[test]
    fn every_lab_has_checks_with_unique_names_and_ten_points() {
        for spec in LABS {
            let names: HashSet<&str> = spec.checks.iter().map(|c| c.name).collect();
            assert_eq!(names.len(), spec.checks.len(), "{}: check names repeat", spec.dir());
            let points: u32 = spec.checks.iter().map(|c| c.points).sum();
            assert_eq!(points, 10, "{}: points", spec.dir());
        }
    }
}
