//! ipclab's messages in Korean and English, as Fluent files
//! (`locales/en-US/*.ftl`, `locales/ko/*.ftl`) compiled into the program by
//! `fluent-templates`: what `run`, `check`, `grade`, `hint` and `lesson`
//! tell a student (the checks' descriptions and findings, the run's notices,
//! the report's headings, the diagram's own words in `diagram.ftl`). The tracer's own words (the hang report, the
//! kernel view) are in `tracer::i18n`.
//!
//! [`tr!`] looks a message up in the language of this run
//! ([`crate::lang::current`]); [`tr_in!`] in a language given. Values go in
//! as Fluent arguments, never glued to translated fragments; English is the
//! fallback, and `tests/messages.rs` keeps both languages with the same
//! messages and arguments.

use fluent_templates::Loader;

pub use tracer::i18n::Args;

use crate::lang::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en-US",
        // No Unicode isolation marks around arguments: the text goes to a
        // terminal, into JSON reports and into tests that compare it.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Message `id` in `lang`, with `args`.
pub fn message(lang: Lang, id: &str, args: Option<&Args>) -> String {
    LOCALES.lookup_complete(lang.langid(), id, args)
}

/// Message `id` in `lang`, if the catalogue has it (an id made at run time:
/// the command line's help, `cli-*`).
pub fn try_message(lang: Lang, id: &str) -> Option<String> {
    LOCALES.try_lookup(lang.langid(), id)
}

/// A check's one-line description in the language of this run: the
/// message `check-NN-NAME` of lab `NN_...` (`check-01-closes-unused-ends`),
/// else `check-NAME` (the checks every lab shares), else `english`, the
/// description the check is declared with (a test keeps the English
/// messages equal to it).
pub fn description(lab: &str, name: &str, english: &str) -> String {
    match crate::lang::current() {
        // The declaration is the English text (a test keeps the catalogue's equal to it).
        Lang::En => english.to_string(),
        lang => description_in(lang, lab, name).unwrap_or_else(|| english.to_string()),
    }
}

/// A check's description in `lang`, if a catalogue has it (`check-NN-NAME`,
/// then `check-NAME`).
pub fn description_in(lang: Lang, lab: &str, name: &str) -> Option<String> {
    let name = name.replace('_', "-");
    let number = lab.split('_').next().unwrap_or(lab);
    [format!("check-{number}-{name}"), format!("check-{name}")]
        .iter()
        .find_map(|id| LOCALES.try_lookup(lang.langid(), id))
}

/// Message `id` in the language of this run, with named arguments:
/// `tr!("run-failed", lab = lab.dir, code = code)`.
macro_rules! tr {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::tr_in!($crate::lang::current(), $id $(, $name = $value)*)
    };
}

/// Message `id` in `lang`, with named arguments.
macro_rules! tr_in {
    ($lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        tracer::tr_with!($crate::i18n::message, $lang, $id $(, $name = $value)*)
    };
}

pub(crate) use {tr, tr_in};
