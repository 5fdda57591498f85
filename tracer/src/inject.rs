//! Fault injection, `--inject CALLS:WHAT[:when=...]`: the typed rule a
//! SPEC names, its parser, and the decision the loop asks at each call's
//! entry (which rule, if any, fires on the Nth matching call of a process).
//!
//! - CALLS: call names and classes, comma-separated, as `-e` takes them
//!   ([`crate::filter`]);
//! - WHAT: an errno name (`EINTR`, or strace's `error=EINTR`: the call is
//!   skipped and returns that error; never exit, exit_group, rt_sigreturn
//!   or restart_syscall, which cannot fail), `short` (a call with a count
//!   argument in the call table's `io` column runs with the count lowered
//!   to half, at least 1; `short=N`: to at most N), `delay=MS` (the call is held at its entry, then
//!   runs), `signal=SIG` (the signal is sent to the caller at the call's
//!   entry and delivered by the kernel);
//! - when: `when=N` the Nth matching call of each process only, `N+` every
//!   one from the Nth, `N+S` every S-th from the Nth; every call by default.
//!
//! What counts: the entries of the calls a rule matches, made by the
//! process (all its threads together; a child process starts from zero)
//! after its calls are shown (after the start marker under `ipclab run`).
//! A call the kernel restarts after a signal (an exit with ERESTARTSYS and
//! the like, then the same call entered again) is one call, counted once.
//! The loop keeps the counts; this module only decides.

use std::str::FromStr;
use std::time::Duration;

use syscalls::Sysno;

use crate::decode::names::{Errno, signal_name, signal_number};
use crate::decode::table;
use crate::filter;
use crate::i18n::Lang;

/// What a rule does to a call it fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// Skip the call; it returns this error.
    Error(Errno),
    /// Lower the count argument (the call table's `io.count_arg`): to
    /// half, or (`short=N`) to at most N.
    Short(Option<u64>),
    /// Hold the call at its entry this long, then let it run.
    Delay(Duration),
    /// Send this signal to the calling thread at the call's entry.
    Signal(i32),
}

/// Which of a process's matching calls a rule fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    /// The first one, counting from 1.
    pub first: u32,
    /// Then every `step`-th after it; 0: only the first.
    pub step: u32,
}

impl When {
    /// Every matching call.
    pub const ALWAYS: When = When { first: 1, step: 1 };

    /// Whether the rule fires on the `n`th matching call (from 1).
    pub fn fires(self, n: u32) -> bool {
        if n < self.first {
            return false;
        }
        match self.step {
            0 => n == self.first,
            s => (n - self.first) % s == 0,
        }
    }
}

/// One `--inject` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The calls it matches, in number order.
    pub calls: Vec<Sysno>,
    pub what: What,
    pub when: When,
    /// The SPEC as given, for messages.
    pub spec: String,
}

/// Which part of a SPEC is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub spec: String,
    pub why: Why,
}

/// Why a SPEC was refused; the words are the tracer's messages
/// (`inject-*`), in the language [`SpecError::message`] is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Not two or three parts separated by `:`.
    Shape,
    /// `short=N` with N not a whole number from 1.
    Short(String),
    /// `delay=MS` out of range.
    Delay(String),
    /// `signal=SIGKILL` or `SIGSTOP`.
    Uncatchable(String),
    /// `signal=` of no signal.
    NotASignal(String),
    WhatEmpty,
    /// A WHAT that is no errno name nor a known word.
    NotAnError(String),
    /// A third part that is not `when=...`.
    AfterWhat(String),
    /// `when=` with a bad N or S.
    When(String),
    CallsAll,
    CallsEmpty,
    /// A CALLS word that names no call and no class.
    UnknownCall(String),
    /// An error or short count on an architecture whose registers ipclab does not change.
    NeedsRegisters(String),
    /// An error into calls that never fail (their names, comma-separated).
    NeverFails(String),
    /// A short count into calls with no count argument (their names).
    NoCount(String),
    /// More than [`MAX_RULES`] rules.
    TooMany,
}

impl Why {
    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let shape = || crate::tr!(lang, "inject-shape");
        match self {
            Why::Shape => shape(),
            Why::Short(n) => crate::tr!(lang, "inject-short", n = n),
            Why::Delay(ms) => crate::tr!(lang, "inject-delay", ms = ms),
            Why::Uncatchable(sig) => crate::tr!(lang, "inject-uncatchable", signal = sig),
            Why::NotASignal(sig) => crate::tr!(lang, "inject-not-a-signal", signal = sig),
            Why::WhatEmpty => crate::tr!(lang, "inject-what-empty", shape = shape()),
            Why::NotAnError(name) => crate::tr!(lang, "inject-not-an-error", name = name),
            Why::AfterWhat(word) => crate::tr!(lang, "inject-after-what", word = word),
            Why::When(value) => crate::tr!(lang, "inject-when", value = value),
            Why::CallsAll => crate::tr!(lang, "inject-calls-all"),
            Why::CallsEmpty => crate::tr!(lang, "inject-calls-empty", shape = shape()),
            Why::UnknownCall(word) => {
                crate::tr!(lang, "inject-unknown-call", word = word, classes = filter::class_names())
            }
            Why::NeedsRegisters(what) => crate::tr!(lang, "inject-needs-registers", what = what),
            Why::NeverFails(calls) => crate::tr!(lang, "inject-never-fails", calls = calls),
            Why::NoCount(calls) => crate::tr!(lang, "inject-no-count", calls = calls),
            Why::TooMany => crate::tr!(lang, "inject-too-many", max = MAX_RULES),
        }
    }
}

impl SpecError {
    /// The error in `lang`, on one line: `--inject 'SPEC': why` (the
    /// English is its `Display`).
    pub fn message(&self, lang: Lang) -> String {
        crate::tr!(lang, "inject-spec", spec = self.spec.as_str(), why = self.why.message(lang))
    }
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SpecError {}

/// The errno a name such as `EINTR` stands for.
fn errno_named(name: &str) -> Option<Errno> {
    (1..4096).map(Errno).find(|e| !e.is_restart() && e.name() == name)
}

fn parse_what(word: &str) -> Result<What, Why> {
    if word == "short" {
        return Ok(What::Short(None));
    }
    if let Some(n) = word.strip_prefix("short=") {
        return match n.parse::<u64>() {
            Ok(n) if n >= 1 => Ok(What::Short(Some(n))),
            _ => Err(Why::Short(n.to_string())),
        };
    }
    if let Some(ms) = word.strip_prefix("delay=") {
        return match ms.parse::<u64>() {
            Ok(ms) if (1..=3_600_000).contains(&ms) => Ok(What::Delay(Duration::from_millis(ms))),
            _ => Err(Why::Delay(ms.to_string())),
        };
    }
    if let Some(sig) = word.strip_prefix("signal=") {
        let number = signal_number(sig).or_else(|| signal_number(&format!("SIG{sig}")));
        return match number {
            Some(n) if n != libc::SIGKILL && n != libc::SIGSTOP => Ok(What::Signal(n)),
            Some(_) => Err(Why::Uncatchable(sig.to_string())),
            None => Err(Why::NotASignal(sig.to_string())),
        };
    }
    let name = word.strip_prefix("error=").unwrap_or(word);
    match errno_named(name) {
        Some(e) => Ok(What::Error(e)),
        None if name.is_empty() => Err(Why::WhatEmpty),
        None => Err(Why::NotAnError(name.to_string())),
    }
}

fn parse_when(word: &str) -> Result<When, Why> {
    let Some(value) = word.strip_prefix("when=") else {
        return Err(Why::AfterWhat(word.to_string()));
    };
    let number = |s: &str| s.parse::<u32>().ok().filter(|&n| n >= 1);
    let bad = || Why::When(value.to_string());
    match value.split_once('+') {
        None => number(value).map(|first| When { first, step: 0 }).ok_or_else(bad),
        Some((first, "")) => number(first).map(|first| When { first, step: 1 }).ok_or_else(bad),
        Some((first, step)) => match (number(first), number(step)) {
            (Some(first), Some(step)) => Ok(When { first, step }),
            _ => Err(bad()),
        },
    }
}

fn parse_calls(word: &str) -> Result<Vec<Sysno>, Why> {
    match filter::parse(word) {
        Ok(Some(calls)) => Ok(calls),
        Ok(None) => Err(Why::CallsAll),
        Err(filter::ParseError::Empty) => Err(Why::CallsEmpty),
        Err(filter::ParseError::Unknown(w)) => Err(Why::UnknownCall(w)),
    }
}

impl FromStr for Rule {
    type Err = SpecError;

    fn from_str(spec: &str) -> Result<Rule, SpecError> {
        let error = |why: Why| SpecError { spec: spec.to_string(), why };
        let parts: Vec<&str> = spec.split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(error(Why::Shape));
        }
        let mut calls = parse_calls(parts[0]).map_err(error)?;
        let what = parse_what(parts[1]).map_err(error)?;
        let when = match parts.get(2) {
            Some(w) => parse_when(w).map_err(error)?,
            None => When::ALWAYS,
        };
        if matches!(what, What::Error(_) | What::Short(_)) && !EDITS_REGISTERS {
            return Err(error(Why::NeedsRegisters(parts[1].to_string())));
        }
        if matches!(what, What::Error(_)) {
            // These never fail: an error there is a state no kernel makes
            // (a process that goes on after exit_group).
            let all = calls.clone();
            calls.retain(|s| !NEVER_FAIL.contains(s));
            if calls.is_empty() {
                let names: Vec<&str> = all.iter().map(|s| s.name()).collect();
                return Err(error(Why::NeverFails(names.join(", "))));
            }
        }
        if matches!(what, What::Short(_)) {
            // Only a call whose count is a register can be made short.
            let all = calls.clone();
            calls.retain(|&s| count_arg(s).is_some());
            if calls.is_empty() {
                let names: Vec<&str> = all.iter().map(|s| s.name()).collect();
                return Err(error(Why::NoCount(names.join(", "))));
            }
        }
        Ok(Rule { calls, what, when, spec: spec.to_string() })
    }
}

/// The calls that never return an error: an error rule leaves them alone.
const NEVER_FAIL: [Sysno; 4] = [Sysno::exit, Sysno::exit_group, Sysno::rt_sigreturn, Sysno::restart_syscall];

/// Whether the loop can change a call's registers on this architecture
/// (an error or a short count; x86_64 only for now).
pub const EDITS_REGISTERS: bool = cfg!(target_arch = "x86_64");

/// The argument holding a call's count, when a short transfer can be
/// injected into it (the call table's `io` column).
pub fn count_arg(sysno: Sysno) -> Option<usize> {
    table::of(sysno).io.and_then(|io| io.count_arg).map(usize::from)
}

/// The count a short transfer gives the call: half, at least 1, or at most
/// `at_most`; None when the count is no larger (nothing shorter can be
/// transferred: the call runs untouched).
pub fn shortened(count: u64, at_most: Option<u64>) -> Option<u64> {
    match at_most {
        None => (count > 1).then_some(count / 2),
        Some(n) => (count > n).then_some(n),
    }
}

/// Every rule of a run, with a table by call number of the rules that
/// match each call.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    rules: Vec<Rule>,
    /// Per call number, a bit per rule (at most 32 rules).
    matching: Vec<u32>,
}

/// The most rules one run may have.
pub const MAX_RULES: usize = 32;

impl Rules {
    /// The rules, in the order given (the first that fires on a call wins).
    pub fn new(rules: Vec<Rule>) -> Result<Rules, SpecError> {
        if rules.len() > MAX_RULES {
            return Err(SpecError { spec: rules[MAX_RULES].spec.clone(), why: Why::TooMany });
        }
        let mut matching = vec![0u32; Sysno::table_size()];
        for (i, rule) in rules.iter().enumerate() {
            for s in &rule.calls {
                if let Some(slot) = matching.get_mut(s.id() as usize) {
                    *slot |= 1 << i;
                }
            }
        }
        Ok(Rules { rules, matching })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Every call some rule matches, in number order (they must stop the
    /// tracee under a seccomp filter).
    pub fn calls(&self) -> Vec<Sysno> {
        let mut calls: Vec<Sysno> = self.rules.iter().flat_map(|r| r.calls.iter().copied()).collect();
        calls.sort_by_key(|s| s.id());
        calls.dedup();
        calls
    }

    /// Whether some rule matches call number `nr`.
    pub fn matches(&self, nr: u64) -> bool {
        self.matching.get(nr as usize).is_some_and(|&m| m != 0)
    }

    /// Counts an entry of call `nr` in `counts` (per rule, this process's)
    /// and returns what the first rule that fires does.
    pub fn decide(&self, nr: u64, counts: &mut Vec<u32>) -> Option<What> {
        let mut bits = *self.matching.get(nr as usize)?;
        if bits == 0 {
            return None;
        }
        counts.resize(self.rules.len(), 0);
        let mut chosen = None;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            counts[i] = counts[i].saturating_add(1);
            if chosen.is_none() && self.rules[i].when.fires(counts[i]) {
                chosen = Some(self.rules[i].what);
            }
        }
        chosen
    }
}

/// How a rule is written back, for messages (`EINTR`, `signal=SIGUSR1`).
impl std::fmt::Display for What {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What::Error(e) => f.write_str(&e.name()),
            What::Short(None) => f.write_str("short"),
            What::Short(Some(n)) => write!(f, "short={n}"),
            What::Delay(d) => write!(f, "delay={}", d.as_millis()),
            What::Signal(s) => write!(f, "signal={}", signal_name(*s)),
        }
    }
}

#[cfg(test)]
mod tests;
