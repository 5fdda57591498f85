//! The student handout: a copy of the project in which every solution
//! region of a lab, marker lines included, becomes `todo!("<TODO text>")`.
//!
//! A region is the lines from `// BEGIN SOLUTION: <TODO text>` to
//! `// END SOLUTION`; it is always a whole function body, so `todo!()`
//! (of type `!`) stands in for it whatever the function returns. Each lab
//! also gets `#![allow(unused_imports, unused_variables, dead_code)]`: its
//! imports, constants and helpers may be used only inside the regions, and a
//! `todo!()` body leaves its parameters unused, so the handout builds without
//! warnings. Nothing else is allowed: `unused_must_use` (an ignored `write`
//! result), `unused_mut` and the rest warn as they do in any crate. What would give the solutions away (the graders' mutants and
//! the lesson tests' planted mistakes, which are solutions with one mistake)
//! is left out.

use std::path::{Path, PathBuf};

use crate::i18n::tr;

const BEGIN: &str = "// BEGIN SOLUTION:";
const END: &str = "// END SOLUTION";

/// The comment and attribute added to each lab of the handout.
const ALLOW_UNUSED: &str = "// Handout: some imports and helpers are used only by the parts you write, and\n// a todo!() body leaves its parameters unused; this keeps the compiler quiet\n// about those until you write them (and only those: an ignored Result still warns).\n#![allow(unused_imports, unused_variables, dead_code)]\n";

/// The README a student finds at the top of the handout.
const HANDOUT_README: &str = include_str!("handout-README.md");

/// Where the project's own README goes in the handout.
const OVERVIEW: &str = "docs/overview.md";

/// The project's README as `docs/overview.md`: its links into `docs/` now
/// start from there.
fn overview(readme: &str) -> String {
    readme.replace("](docs/", "](").replace("](labs/", "](../labs/")
}

/// What the starter generator wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub labs: usize,
    pub regions: usize,
}

/// Replaces every solution region of `source` (the text of `name`) by
/// `todo!("<TODO text>")` and adds [`ALLOW_UNUSED`]. Returns the new text
/// and the number of regions, or an error naming the line of a broken marker.
pub fn strip_solutions(source: &str, name: &str) -> Result<(String, usize), String> {
    let mut out = String::with_capacity(source.len());
    let mut open: Option<usize> = None;
    let mut regions = 0;
    for (i, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(text) = trimmed.strip_prefix(BEGIN) {
            if let Some(at) = open {
                return Err(tr!("starter-region-nested", file = name, line = i + 1, open = at + 1));
            }
            open = Some(i);
            regions += 1;
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(&format!("{indent}todo!({})\n", literal(text.trim())));
        } else if trimmed.starts_with(END) {
            if open.take().is_none() {
                return Err(tr!("starter-region-unopened", file = name, line = i + 1, end = END));
            }
        } else if open.is_none() {
            out.push_str(line);
            out.push('\n');
        }
    }
    if let Some(at) = open {
        return Err(tr!("starter-region-unclosed", file = name, line = at + 1, end = END));
    }
    if regions > 0 {
        out = insert_allow(&out);
    }
    Ok((out, regions))
}

/// A Rust string literal that `todo!` prints as `text` (braces doubled, as
/// the first argument of a panic macro is a format string).
fn literal(text: &str) -> String {
    format!("{:?}", text.replace('{', "{{").replace('}', "}}"))
}

/// Puts [`ALLOW_UNUSED`] after the module doc comment (inner attributes
/// must come before any item).
fn insert_allow(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + ALLOW_UNUSED.len());
    let mut inserted = false;
    for line in source.lines() {
        if !inserted && !line.starts_with("//!") {
            out.push_str(ALLOW_UNUSED);
            inserted = true;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Files of the project that are not part of the handout: build output,
/// version control, and the graders' own tests (mutants are solutions).
fn skipped(relative: &Path) -> bool {
    let first = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    if first == "target" || first.starts_with('.') {
        return true;
    }
    if let Ok(rest) = relative.strip_prefix("tests") {
        let name = rest.to_string_lossy();
        // The lesson tests run the reference solution, and their planted
        // mistakes are solutions with one mistake, like the mutants.
        return name.starts_with("mutants")
            || name.starts_with("grade")
            || name.starts_with("lessons")
            || name == "starter.rs";
    }
    relative.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Writes the handout of the project at `root` into `out`, which must not
/// exist or be empty.
pub fn write(root: &Path, out: &Path) -> Result<Written, String> {
    if out.exists() {
        let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !out.is_dir() || !empty {
            return Err(tr!("err-starter-exists", dir = out.display().to_string()));
        }
    }
    let root = root
        .canonicalize()
        .map_err(|e| tr!("err-read-project", dir = root.display().to_string(), error = e.to_string()))?;
    let mut files = Vec::new();
    collect(&root, &root, &mut files)?;
    if let Ok(out_abs) = out.canonicalize().or_else(|_| std::path::absolute(out)) {
        if out_abs.starts_with(&root) && !out_abs.starts_with(root.join("target")) {
            return Err(tr!("err-starter-inside", dir = out.display().to_string()));
        }
    }
    let mut written = Written::default();
    let mut labs_with_regions = std::collections::BTreeSet::new();
    for relative in files {
        let from = root.join(&relative);
        let to = out.join(&relative);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| tr!("err-create", path = dir.display().to_string(), error = e.to_string()))?;
        }
        let is_lab_source = relative.starts_with("labs") && relative.extension().is_some_and(|e| e == "rs");
        if relative == Path::new("README.md") {
            let text = std::fs::read_to_string(&from)
                .map_err(|e| tr!("err-read", name = from.display().to_string(), error = e.to_string()))?;
            let moved = out.join(OVERVIEW);
            if let Some(dir) = moved.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| tr!("err-create", path = dir.display().to_string(), error = e.to_string()))?;
            }
            std::fs::write(&moved, overview(&text))
                .map_err(|e| tr!("err-write-file", path = moved.display().to_string(), error = e.to_string()))?;
            std::fs::write(&to, HANDOUT_README)
                .map_err(|e| tr!("err-write-file", path = to.display().to_string(), error = e.to_string()))?;
            written.files += 1;
        } else if is_lab_source {
            let text = std::fs::read_to_string(&from)
                .map_err(|e| tr!("err-read", name = from.display().to_string(), error = e.to_string()))?;
            let (text, regions) = strip_solutions(&text, &relative.display().to_string())?;
            if regions > 0 {
                // A lab may have regions in several files (lab 09's modules).
                labs_with_regions.insert(relative.components().nth(1).map(|c| c.as_os_str().to_owned()));
                written.regions += regions;
            }
            std::fs::write(&to, text)
                .map_err(|e| tr!("err-write-file", path = to.display().to_string(), error = e.to_string()))?;
        } else {
            std::fs::copy(&from, &to).map_err(|e| {
                tr!(
                    "fault-copy",
                    from = from.display().to_string(),
                    to = to.display().to_string(),
                    error = e.to_string()
                )
            })?;
        }
        written.files += 1;
    }
    written.labs = labs_with_regions.len();
    Ok(written)
}

/// Every file under `dir`, relative to `root`, in a stable order.
fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| tr!("err-read", name = dir.display().to_string(), error = e.to_string()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        if skipped(&relative) {
            continue;
        }
        let kind =
            entry.file_type().map_err(|e| tr!("err-read", name = path.display().to_string(), error = e.to_string()))?;
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else if kind.is_file() {
            out.push(relative);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAB: &str = "//! A lab.\n\nuse x;\n\nfn f() -> u32 {\n    // BEGIN SOLUTION: return {the} \"answer\"\n    42\n    // END SOLUTION\n}\n";

    #[test]
    fn a_region_becomes_todo_with_its_text_and_the_lab_allows_unused() {
        let (text, n) = strip_solutions(LAB, "lab.rs").unwrap();
        assert_eq!(n, 1);
        assert_eq!(
            text,
            format!(
                "//! A lab.\n{ALLOW_UNUSED}\nuse x;\n\nfn f() -> u32 {{\n    todo!(\"return {{{{the}}}} \\\"answer\\\"\")\n}}\n"
            )
        );
    }

    #[test]
    fn an_unclosed_region_names_its_line() {
        let err = strip_solutions("fn f() {\n// BEGIN SOLUTION: x\n}\n", "lab.rs").unwrap_err();
        assert_eq!(err, "lab.rs:2: a solution region is never closed with `// END SOLUTION`");
    }

    #[test]
    fn a_file_without_regions_is_unchanged() {
        let text = "//! common\nfn g() {}\n";
        assert_eq!(strip_solutions(text, "common.rs").unwrap(), (text.to_string(), 0));
    }

    #[test]
    fn the_handout_readme_opens_with_where_to_start_and_the_loop() {
        let start = HANDOUT_README.find("## Where to start").expect("a start");
        let the_loop = HANDOUT_README.find("## The loop").expect("the loop");
        assert!(start < the_loop && the_loop < 2000, "where to start, then the loop, near the top");
        let steps: Vec<usize> = ["ipclab lesson 01", "ipclab run 01", "ipclab check 01", "ipclab hint 01"]
            .iter()
            .map(|s| HANDOUT_README[the_loop..].find(s).unwrap_or_else(|| panic!("{s}")))
            .collect();
        assert!(steps.windows(2).all(|w| w[0] < w[1]), "lesson, run, check, hint in that order");
        assert!(HANDOUT_README.contains("](docs/overview.md)"), "the project's README a link away");
        assert!(!HANDOUT_README.contains("--class"), "grading a class is for the instructor's README");
    }

    #[test]
    fn the_handout_readme_counts_the_labs_the_course_has() {
        const WORDS: [&str; 21] = [
            "Zero",
            "One",
            "Two",
            "Three",
            "Four",
            "Five",
            "Six",
            "Seven",
            "Eight",
            "Nine",
            "Ten",
            "Eleven",
            "Twelve",
            "Thirteen",
            "Fourteen",
            "Fifteen",
            "Sixteen",
            "Seventeen",
            "Eighteen",
            "Nineteen",
            "Twenty",
        ];
        let n = crate::grade::labs::LABS.len();
        let opening = HANDOUT_README.lines().nth(2).unwrap_or_default();
        assert!(opening.starts_with(&format!("{} labs", WORDS[n])), "{n} labs, but the handout opens: {opening}");
    }

    #[test]
    fn the_project_readme_in_docs_keeps_its_links() {
        assert_eq!(
            overview("see [docs/course.md](docs/course.md) and [lab 01](labs/01_pipe/README.md)"),
            "see [docs/course.md](course.md) and [lab 01](../labs/01_pipe/README.md)"
        );
    }

    #[test]
    fn the_graders_mutants_and_build_output_stay_out_of_the_handout() {
        assert!(skipped(Path::new("tests/mutants/01_pipe/no_waitpid.mutant")));
        assert!(skipped(Path::new("tests/grade_mutants.rs")));
        assert!(!skipped(Path::new("tests/labs.rs")), "the graders of every lab go to the student");
        assert!(skipped(Path::new("target/debug/ipclab")));
        assert!(skipped(Path::new(".git/HEAD")));
        assert!(!skipped(Path::new("tests/cli_trace.rs")));
        assert!(!skipped(Path::new("labs/01_pipe/main.rs")));
    }
}
