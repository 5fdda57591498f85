//! The lab catalog: which labs exist (the folders `labs/NN_name/`), how a
//! student may name one (`01`, `1`, `pipe`, `01_pipe`, or an alias the
//! [`course`] gives), and where its lesson, hints and scenario live.

pub mod course;

use std::path::{Path, PathBuf};

use crate::exit::Failure;
use crate::i18n::tr;
use crate::lang::Lang;

/// One lab of the course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lab {
    /// The folder name, e.g. `01_pipe`.
    pub dir: String,
    /// The number, e.g. 1.
    pub number: u32,
    /// The part after the number, e.g. `pipe`.
    pub topic: String,
    /// The lesson's title, from the first heading of its README.md (of
    /// README.ko.md in Korean, when there is one).
    pub title: String,
    /// The folder.
    pub path: PathBuf,
}

impl Lab {
    /// The cargo binary target that builds the lab's scenario.
    pub fn bin_name(&self) -> String {
        format!("lab{}", self.dir)
    }

    pub fn lesson_path(&self) -> PathBuf {
        self.path.join("README.md")
    }

    pub fn hints_path(&self) -> PathBuf {
        self.path.join("HINTS.md")
    }

    /// The lesson in `lang`: `README.ko.md` in Korean, or `README.md` when
    /// the lab has no Korean lesson yet.
    pub fn lesson_in(&self, lang: Lang) -> Edition {
        edition(self.lesson_path(), lang)
    }

    /// The hints in `lang`: `HINTS.ko.md` in Korean, or `HINTS.md` when the
    /// lab has no Korean hints yet.
    pub fn hints_in(&self, lang: Lang) -> Edition {
        edition(self.hints_path(), lang)
    }

    pub fn source_path(&self) -> PathBuf {
        self.path.join("main.rs")
    }
}

/// A course text of a lab (its lesson or its hints) in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// The file to read.
    pub path: PathBuf,
    /// The language asked for, when the lab has no edition in it yet and
    /// `path` is the English one.
    pub missing: Option<Lang>,
}

/// The edition in `lang` of the English course file `english`, if it exists.
fn edition(english: PathBuf, lang: Lang) -> Edition {
    let name = english.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let wanted = english.with_file_name(crate::lang::file_name(lang, &name));
    if lang == Lang::En || wanted.is_file() {
        Edition { path: wanted, missing: None }
    } else {
        Edition { path: english, missing: Some(lang) }
    }
}

/// A path as the student sees it: relative to the current directory when it is inside it.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}

/// The project the labs belong to: where ipclab was built from, unless
/// IPCLAB_ROOT names another copy (a student's handout, a submission).
pub fn project_root() -> PathBuf {
    match std::env::var_os("IPCLAB_ROOT") {
        Some(root) if !root.is_empty() => PathBuf::from(root),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    }
}

/// All labs under `root/labs`, in teaching order.
pub fn catalog(root: &Path) -> Result<Vec<Lab>, Failure> {
    let dir = root.join("labs");
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| Failure::failed(tr!("err-read-labs", dir = dir.display().to_string(), error = e.to_string())))?;
    let mut labs = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((num, topic)) = name.split_once('_') else { continue };
        let Ok(number) = num.parse::<u32>() else { continue };
        if num.len() != 2 || !entry.path().join("main.rs").is_file() {
            continue;
        }
        let path = entry.path();
        // The title in the language of this run: its edition's first heading
        // (`# 실습 01: ...` in README.ko.md), else the English one's.
        let lang = crate::lang::current();
        let title = lesson_title(&path.join(crate::lang::file_name(lang, "README.md")))
            .or_else(|| lesson_title(&path.join("README.md")))
            .unwrap_or_else(|| topic.replace('_', " "));
        labs.push(Lab { dir: name.clone(), number, topic: topic.to_string(), title, path });
    }
    labs.sort_by_key(|l| l.number);
    Ok(labs)
}

/// The first Markdown heading of a lesson, without its `#`s.
fn lesson_title(readme: &Path) -> Option<String> {
    let text = std::fs::read_to_string(readme).ok()?;
    text.lines().find_map(|l| l.strip_prefix('#')).map(|t| t.trim_start_matches('#').trim().to_string())
}

/// Finds the lab a student named: `01`, `1`, `pipe`, `01_pipe`, `lab01_pipe`,
/// or one of its aliases (`shm`).
pub fn find<'a>(labs: &'a [Lab], name: &str) -> Result<&'a Lab, Failure> {
    let wanted = name.trim().to_ascii_lowercase();
    let wanted = wanted.strip_prefix("lab").unwrap_or(&wanted).trim_start_matches(['_', '-']);
    let by_number = wanted.parse::<u32>().ok();
    let found = labs.iter().find(|lab| {
        by_number == Some(lab.number)
            || wanted == lab.dir
            || wanted == lab.topic
            || wanted.replace('-', "_") == lab.topic
            || course::descriptor(&lab.dir).is_some_and(|d| d.aliases.contains(&wanted))
    });
    found.ok_or_else(|| {
        let names: Vec<String> = labs.iter().map(|l| l.dir.clone()).collect();
        Failure::usage(tr!("err-no-lab", name = name, labs = names.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labs() -> Vec<Lab> {
        ["01_pipe", "02_fifo", "03_message_queue"]
            .iter()
            .map(|d| {
                let (n, t) = d.split_once('_').unwrap();
                Lab {
                    dir: d.to_string(),
                    number: n.parse().unwrap(),
                    topic: t.to_string(),
                    title: t.to_string(),
                    path: PathBuf::from(d),
                }
            })
            .collect()
    }

    #[test]
    fn a_lab_is_found_by_number_topic_or_folder() {
        let labs = labs();
        for name in ["01", "1", "pipe", "01_pipe", "lab01_pipe", "PIPE"] {
            assert_eq!(find(&labs, name).unwrap().dir, "01_pipe", "{name}");
        }
        assert_eq!(find(&labs, "message-queue").unwrap().dir, "03_message_queue");
        assert_eq!(find(&labs, "mq").unwrap().dir, "03_message_queue", "an alias the course gives");
    }

    #[test]
    fn a_korean_edition_is_read_when_it_exists_and_english_stands_in_otherwise() {
        let dir = std::env::temp_dir().join(format!("ipclab-unit-edition-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("README.md"), "# Lab").unwrap();
        std::fs::write(dir.join("README.ko.md"), "# 실습").unwrap();
        std::fs::write(dir.join("HINTS.md"), "# Hints").unwrap();
        let lab = Lab { path: dir.clone(), ..labs()[0].clone() };
        assert_eq!(lab.lesson_in(Lang::Ko), Edition { path: dir.join("README.ko.md"), missing: None });
        assert_eq!(lab.lesson_in(Lang::En), Edition { path: dir.join("README.md"), missing: None });
        assert_eq!(lab.hints_in(Lang::Ko), Edition { path: dir.join("HINTS.md"), missing: Some(Lang::Ko) });
        assert_eq!(lab.hints_in(Lang::En), Edition { path: dir.join("HINTS.md"), missing: None });
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unknown_lab_lists_the_labs() {
        let err = find(&labs(), "sockets").unwrap_err();
        assert_eq!(err.exit, crate::exit::Exit::Usage);
        assert!(err.message.contains("01_pipe, 02_fifo, 03_message_queue"), "{}", err.message);
    }
}
