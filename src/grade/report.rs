//! Grading results as people and autograders read them: the checks of one
//! lab for a student, a score table for an instructor, and JSON in the
//! shape GitHub Classroom's reporter and Exercism's test runners read.

use std::io::{self, Write};

use owo_colors::OwoColorize;
use serde_json::{Value, json};

use super::LabResult;
use crate::i18n::tr;

/// One lab's checks, for the student: what stopped the run first (the root
/// cause), then pass or fail, points, and for each failure what was
/// expected, what the trace shows and the likely mistake; a check whose part
/// of the run was never reached is marked `----` and says why.
pub fn write_checks(out: &mut impl Write, result: &LabResult, title: &str, color: bool) -> io::Result<()> {
    writeln!(out, "{title} ({})", result.lab)?;
    if let Some(error) = &result.error {
        writeln!(out, "  {error}")?;
    }
    if let Some(stopped) = &result.stopped {
        let end = if stopped.ends_with(['.', '?', '!']) { "" } else { "." };
        let first = tr!("report-stopped-early", why = format!("{stopped}{end}"));
        if color {
            writeln!(out, "  {}", first.yellow().bold())?;
        } else {
            writeln!(out, "  {first}")?;
        }
        if result.checks.iter().any(|c| c.not_reached) {
            writeln!(out, "  {}", tr!("report-unreached-legend"))?;
        }
    }
    let width = result.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut last_why: Option<&str> = None;
    for c in &result.checks {
        let mark = match (c.passed, c.not_reached, color) {
            (true, _, true) => "pass".green().bold().to_string(),
            (true, _, false) => "pass".to_string(),
            (false, true, true) => "----".dimmed().to_string(),
            (false, true, false) => "----".to_string(),
            (false, false, true) => "FAIL".red().bold().to_string(),
            (false, false, false) => "FAIL".to_string(),
        };
        let got = if c.passed { c.points } else { 0 };
        writeln!(
            out,
            "  {mark}  {:<width$}  {got}/{}  {}",
            c.name,
            c.points,
            crate::i18n::description(&result.lab, c.name, c.description)
        )?;
        let Some(message) = c.message.as_ref().filter(|_| result.error.is_none()) else { continue };
        if c.not_reached {
            // Why, once; the next check stopped by the same thing says so.
            let why = message.lines().next().unwrap_or_default();
            if last_why == Some(why) {
                writeln!(out, "        {}", tr!("report-not-reached-as-above"))?;
            } else {
                writeln!(out, "        {why}")?;
            }
            last_why = Some(why);
            continue;
        }
        for line in message.lines() {
            writeln!(out, "        {line}")?;
        }
    }
    if !result.cleaned.is_empty() {
        writeln!(out, "  {}", tr!("report-cleaned", objects = result.cleaned.join(", ")))?;
    }
    let score = tr!("report-score", score = result.score(), max = result.max_score());
    if color {
        writeln!(out, "{}", score.bold())?;
    } else {
        writeln!(out, "{score}")?;
    }
    Ok(())
}

/// Every lab's score in a table, and the total.
pub fn write_table(out: &mut impl Write, results: &[LabResult], color: bool) -> io::Result<()> {
    let (lab, score, checks, time) = (tr!("table-lab"), tr!("table-score"), tr!("table-checks"), tr!("table-time"));
    writeln!(
        out,
        "{} {} {} {}  {}",
        pad_right(&lab, 20),
        pad_left(&score, 7),
        pad_left(&checks, 8),
        pad_left(&time, 8),
        tr!("table-failed-checks")
    )?;
    for r in results {
        let passed = r.checks.iter().filter(|c| c.passed).count();
        let failed: Vec<&str> = r.checks.iter().filter(|c| !c.passed).map(|c| c.name).collect();
        let failed = match &r.error {
            // The first line says why (missing, a symbolic link, does not compile).
            Some(error) => error.lines().next().unwrap_or_default().trim_end_matches(':').to_string(),
            None => failed.join(", "),
        };
        let score = format!("{}/{}", r.score(), r.max_score());
        let score = match (color, r.passed()) {
            (true, true) => format!("{:>7}", score).green().to_string(),
            (true, false) => format!("{:>7}", score).red().to_string(),
            _ => format!("{score:>7}"),
        };
        writeln!(
            out,
            "{:<20} {score} {:>8} {:>7.2}s  {failed}",
            r.lab,
            format!("{passed}/{}", r.checks.len()),
            r.elapsed.as_secs_f64()
        )?;
    }
    let score: u32 = results.iter().map(LabResult::score).sum();
    let max: u32 = results.iter().map(LabResult::max_score).sum();
    writeln!(out, "{} {:>7}", pad_right(&tr!("table-total"), 20), format!("{score}/{max}"))
}

/// How many terminal columns `s` takes: a Hangul syllable or jamo takes two.
pub fn columns(s: &str) -> usize {
    let wide = |c: char| matches!(c, '\u{1100}'..='\u{115f}' | '\u{3130}'..='\u{318f}' | '\u{ac00}'..='\u{d7a3}');
    s.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

/// `s` padded with spaces on the right to `width` columns.
pub fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(columns(s))))
}

/// `s` padded with spaces on the left to `width` columns.
pub fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(columns(s))))
}

/// The results as one JSON document (see docs/instructors.md):
/// `{"version":1,"status":"pass"|"fail"|"error","score":S,"max_score":M,
/// "tests":[{"name","status","score","max_score","message",...}],"labs":[...]}`.
pub fn json(results: &[LabResult]) -> Value {
    let mut tests = Vec::new();
    for r in results {
        for c in &r.checks {
            let status = if c.passed {
                "pass"
            } else if r.error.is_some() {
                "error"
            } else {
                "fail"
            };
            tests.push(json!({
                "name": format!("{}/{}", r.lab, c.name),
                "status": status,
                "reached": !c.not_reached,
                "score": if c.passed { c.points } else { 0 },
                "max_score": c.points,
                "message": c.message,
                "test_code": c.description,
                "filename": format!("labs/{}/main.rs", r.lab),
                "line_no": null,
                "execution_time": format!("{:.2}s", r.elapsed.as_secs_f64()),
            }));
        }
    }
    let labs: Vec<Value> = results
        .iter()
        .map(|r| {
            json!({
                "lab": r.lab,
                "status": if r.passed() { "pass" } else if r.error.is_some() { "error" } else { "fail" },
                "score": r.score(),
                "max_score": r.max_score(),
                "error": r.error,
                "stopped": r.stopped,
                "cleaned": r.cleaned,
                "seconds": (r.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    let score: u32 = results.iter().map(LabResult::score).sum();
    let max: u32 = results.iter().map(LabResult::max_score).sum();
    let status = if results.is_empty() {
        "error"
    } else if results.iter().all(LabResult::passed) {
        "pass"
    } else {
        "fail"
    };
    json!({
        "version": 1,
        "status": status,
        "score": score,
        "max_score": max,
        "tests": tests,
        "labs": labs,
    })
}

/// How `ipclab grade` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The score table.
    Table,
    /// The JSON document ([`json`]).
    Json,
    /// The JSON document with one test per point ([`classroom_json`]).
    Classroom,
}

/// Prints `results` as `format` asks.
pub fn print(out: &mut impl Write, results: &[LabResult], format: Format, color: bool) -> io::Result<()> {
    match format {
        Format::Table => write_table(out, results, color),
        Format::Json => writeln!(out, "{}", json(results)),
        Format::Classroom => writeln!(out, "{}", classroom_json(results)),
    }
}

/// [`json`] for GitHub Classroom's reporter, which shows on its console the
/// tests passed out of the tests run, and posts the tests' scores summed:
/// each check becomes one test per point (`LAB/CHECK (1 of 2)`), all
/// passing or failing together, so that the two agree.
pub fn classroom_json(results: &[LabResult]) -> Value {
    let mut doc = json(results);
    let mut tests = Vec::new();
    for t in doc["tests"].as_array().cloned().unwrap_or_default() {
        let points = t["max_score"].as_u64().unwrap_or(1).max(1);
        for k in 1..=points {
            let mut one = t.clone();
            if points > 1 {
                one["name"] = json!(format!("{} ({k} of {points})", t["name"].as_str().unwrap_or_default()));
            }
            one["max_score"] = json!(1);
            one["score"] = json!(u64::from(t["status"] == "pass"));
            tests.push(one);
        }
    }
    doc["tests"] = Value::Array(tests);
    doc
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::grade::CheckResult;

    fn result() -> LabResult {
        LabResult {
            lab: "01_pipe".into(),
            checks: vec![
                CheckResult {
                    name: "runs",
                    description: "it runs",
                    points: 1,
                    passed: true,
                    not_reached: false,
                    message: None,
                },
                CheckResult {
                    name: "reader_sees_eof",
                    description: "EOF",
                    points: 2,
                    passed: false,
                    not_reached: false,
                    message: Some("Expected EOF.".into()),
                },
            ],
            error: None,
            stopped: None,
            cleaned: Vec::new(),
            elapsed: Duration::from_millis(420),
        }
    }

    #[test]
    fn the_json_has_a_status_a_score_and_one_test_per_check() {
        let v = json(&[result()]);
        assert_eq!(v["status"], "fail");
        assert_eq!(v["score"], 1);
        assert_eq!(v["max_score"], 3);
        assert_eq!(v["tests"][1]["name"], "01_pipe/reader_sees_eof");
        assert_eq!(v["tests"][1]["status"], "fail");
        assert_eq!(v["tests"][1]["score"], 0);
        assert_eq!(v["tests"][1]["message"], "Expected EOF.");
        assert_eq!(v["tests"][0]["message"], Value::Null);
    }

    #[test]
    fn the_classroom_shape_has_one_test_per_point_so_tests_passed_and_points_agree() {
        let v = classroom_json(&[result()]);
        let tests = v["tests"].as_array().unwrap();
        let names: Vec<&str> = tests.iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["01_pipe/runs", "01_pipe/reader_sees_eof (1 of 2)", "01_pipe/reader_sees_eof (2 of 2)"]);
        let passed = tests.iter().filter(|t| t["status"] == "pass").count() as u64;
        let points: u64 = tests.iter().map(|t| t["score"].as_u64().unwrap()).sum();
        assert_eq!((passed, tests.len() as u64), (points, v["max_score"].as_u64().unwrap()));
        assert_eq!((v["score"].as_u64(), v["max_score"].as_u64()), (Some(1), Some(3)));
    }

    #[test]
    fn a_student_sees_each_check_its_points_and_why_it_failed() {
        let mut out = Vec::new();
        write_checks(&mut out, &result(), "A pipe", false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("  pass  runs             1/1  it runs"), "{text}");
        assert!(text.contains("  FAIL  reader_sees_eof  0/2  EOF\n        Expected EOF."), "{text}");
        assert!(text.ends_with("Score: 1/3\n"), "{text}");
    }

    #[test]
    fn a_run_that_stopped_early_leads_with_why_and_marks_what_it_never_reached() {
        let mut stopped = result();
        stopped.stopped = Some("it hung, and was killed after 20 s. Likely cause: pid 7 holds fd 4".into());
        stopped.checks[1].not_reached = true;
        stopped.checks[1].message = Some("Not reached: pid 7 was still blocked in read(3, ...).".into());
        let mut out = Vec::new();
        write_checks(&mut out, &stopped, "A pipe", false).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            "  The run stopped early: it hung, and was killed after 20 s. Likely cause: pid 7 holds fd 4."
        );
        assert!(text.contains("  ----  reader_sees_eof  0/2  EOF\n        Not reached: pid 7"), "{text}");
        assert!(!text.contains("FAIL  reader_sees_eof"), "{text}");
        let v = json(&[stopped]);
        assert_eq!((v["tests"][1]["status"].as_str(), v["tests"][1]["reached"].as_bool()), (Some("fail"), Some(false)));
        assert_eq!(v["tests"][0]["reached"], true);
        assert!(v["labs"][0]["stopped"].as_str().unwrap().starts_with("it hung"));
    }
}
