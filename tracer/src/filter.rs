//! The classes of calls `-e/--trace` accepts (`ipc`, `pipe`, `process`, ...)
//! and the parser of a filter expression such as `ipc,kill` or `%signal`.
//! Which calls a class holds is a column of the call table
//! ([`crate::decode::table`]).

use std::str::FromStr;

use syscalls::Sysno;

use crate::decode::table::{self, Classes};
use crate::i18n::Lang;

/// A class of calls, by name: the calls are the call table's rows that
/// carry its bit ([`Classes`]).
pub struct Class {
    pub name: &'static str,
    pub about: &'static str,
    pub class: Classes,
}

impl Class {
    /// The calls of this class on this architecture, in number order.
    pub fn calls(&self) -> Vec<Sysno> {
        table::calls_where(|c| c.classes.contains(self.class))
    }
}

pub const CLASSES: &[Class] = &[
    Class {
        name: "ipc",
        about: "System V message queues, shared memory and semaphores; POSIX message queues",
        class: Classes::IPC,
    },
    Class { name: "pipe", about: "creating pipes and FIFOs and moving data through descriptors", class: Classes::PIPE },
    Class { name: "process", about: "creating, replacing, waiting for and ending processes", class: Classes::PROCESS },
    Class { name: "signal", about: "sending, catching, blocking and waiting for signals", class: Classes::SIGNAL },
    Class { name: "network", about: "sockets: Unix domain and internet", class: Classes::NETWORK },
    Class { name: "file", about: "calls that take a file name", class: Classes::FILE },
    Class { name: "desc", about: "calls that take or make a file descriptor", class: Classes::DESC },
    Class { name: "memory", about: "mapping and unmapping memory, shared or not", class: Classes::MEMORY },
];

/// Why a filter expression was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// A word that names no call of this architecture and no class.
    Unknown(String),
    /// No call or class at all (`-e ,`).
    Empty,
}

impl ParseError {
    /// The error in `lang`, on one line (the English is its `Display`).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ParseError::Unknown(word) => {
                crate::tr!(lang, "filter-unknown", word = word.as_str(), classes = class_names())
            }
            ParseError::Empty => crate::tr!(lang, "filter-empty"),
        }
    }
}

/// The names of the classes, comma-separated, for a message.
pub(crate) fn class_names() -> String {
    CLASSES.iter().map(|c| c.name).collect::<Vec<&str>>().join(", ")
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ParseError {}

impl From<ParseError> for String {
    fn from(e: ParseError) -> String {
        e.to_string()
    }
}

/// Parses a filter: comma-separated class names (with or without strace's
/// `%`) and call names, optionally after `trace=`. `all` means no filter.
///
/// Returns None for `all`, else the calls. An unknown word is an error
/// naming it.
pub fn parse(expr: &str) -> Result<Option<Vec<Sysno>>, ParseError> {
    let expr = expr.strip_prefix("trace=").unwrap_or(expr);
    let mut calls = Vec::new();
    for word in expr.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if word == "all" || word == "%all" {
            return Ok(None);
        }
        let class_name = word.strip_prefix('%').unwrap_or(word);
        if let Some(class) = CLASSES.iter().find(|c| c.name == class_name) {
            calls.extend(class.calls());
            continue;
        }
        // A 32-bit program's own name for a call (`fstat64`, `_llseek`,
        // `ugetrlimit`) selects the native call it is traced as.
        match Sysno::from_str(word).ok().or_else(|| crate::decode::compat::native_for_name(word)) {
            Some(s) => calls.push(s),
            None => return Err(ParseError::Unknown(word.to_string())),
        }
    }
    if calls.is_empty() {
        return Err(ParseError::Empty);
    }
    calls.sort_by_key(|s| s.id());
    calls.dedup();
    Ok(Some(calls))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_names_combine() {
        let calls = parse("ipc,kill").unwrap().unwrap();
        assert!(calls.contains(&Sysno::msgsnd));
        assert!(calls.contains(&Sysno::mq_timedsend));
        assert!(calls.contains(&Sysno::kill));
        assert!(!calls.contains(&Sysno::write));
    }

    #[test]
    fn strace_spellings_are_accepted() {
        assert_eq!(parse("trace=%ipc").unwrap(), parse("ipc").unwrap());
        assert_eq!(parse("all").unwrap(), None);
    }

    #[test]
    fn a_32_bit_call_name_selects_the_native_call_it_is_traced_as() {
        assert_eq!(parse("fstat64,ugetrlimit").unwrap(), Some(vec![Sysno::fstat, Sysno::getrlimit]));
        assert_eq!(parse("_llseek").unwrap(), Some(vec![Sysno::lseek]));
        assert_eq!(parse("socketcall"), Err(ParseError::Unknown("socketcall".into())));
    }

    #[test]
    fn unknown_words_are_named_in_the_error() {
        let err = parse("ipc,bogus").unwrap_err();
        assert_eq!(err, ParseError::Unknown("bogus".into()));
        let text = err.to_string();
        assert!(text.contains("'bogus'") && text.contains("network"), "{text}");
        assert_eq!(parse(","), Err(ParseError::Empty));
    }

    #[test]
    fn every_class_holds_calls_and_its_name_selects_them() {
        for class in CLASSES {
            let calls = class.calls();
            assert!(!calls.is_empty(), "{}", class.name);
            assert_eq!(parse(class.name).unwrap(), Some(calls), "{}", class.name);
        }
        assert!(parse("memory").unwrap().unwrap().contains(&Sysno::shmat));
    }
}
