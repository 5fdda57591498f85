//! The tracer's words in Korean and English: the hang report's diagnoses
//! and the kernel view's phrases, as Fluent messages (`locales/en-US/*.ftl`
//! and `locales/ko/*.ftl`), compiled into the library by `fluent-templates`.
//!
//! A renderer is told the language ([`Lang`]); nothing here reads the
//! environment (the program that uses the tracer chooses). Messages with
//! values take Fluent arguments ([`tr!`]), so a translation may put them in
//! its own order and pick its own plural forms; English is the fallback for
//! a message a translation lacks (a test keeps both files with the same
//! messages and the same arguments). The JSON lines never carry these words.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en-US",
        // No Unicode isolation marks around arguments: the text goes to a
        // terminal and into tests that compare it byte for byte.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language ipclab has messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    /// The language's code (`en`, `ko`), as `--lang` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The Fluent language identifier of the language's messages.
    pub fn langid(self) -> &'static LanguageIdentifier {
        static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| fluent_templates::langid!("en-US"));
        static KO: LazyLock<LanguageIdentifier> = LazyLock::new(|| fluent_templates::langid!("ko"));
        match self {
            Lang::En => &EN,
            Lang::Ko => &KO,
        }
    }
}

/// A message's arguments, by name.
pub type Args = HashMap<Cow<'static, str>, FluentValue<'static>>;

/// The tracer's message `id` in `lang`, with `args`.
pub fn message(lang: Lang, id: &str, args: Option<&Args>) -> String {
    LOCALES.lookup_complete(lang.langid(), id, args)
}

/// A message of a [`fluent_templates::Loader`] in `lang`, with `args`: the
/// one lookup both ipclab's messages and the tracer's go through.
pub fn lookup(loader: &impl Loader, lang: Lang, id: &str, args: Option<&Args>) -> String {
    loader.lookup_complete(lang.langid(), id, args)
}

/// A value as a Fluent argument: numbers stay numbers (for plural rules),
/// everything else is its text.
pub trait Arg {
    fn arg(self) -> FluentValue<'static>;
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn arg(self) -> FluentValue<'static> {
                FluentValue::from(self)
            }
        }
    )*};
}
number_args!(i8, i16, i32, i64, u8, u16, u32, usize, isize, f64);

// u64 beyond 2^53 would lose digits as a Fluent number (an f64): its text.
impl Arg for u64 {
    fn arg(self) -> FluentValue<'static> {
        if self < (1 << 53) { FluentValue::from(self) } else { FluentValue::from(self.to_string()) }
    }
}

impl Arg for String {
    fn arg(self) -> FluentValue<'static> {
        FluentValue::from(self)
    }
}

impl Arg for &String {
    fn arg(self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

impl Arg for &str {
    fn arg(self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

impl Arg for Cow<'_, str> {
    fn arg(self) -> FluentValue<'static> {
        FluentValue::from(self.into_owned())
    }
}

/// Message `id` in a language, looked up with `$message` (each crate's
/// catalogue has its own `message(lang, id, args)`), the named arguments
/// made Fluent arguments: what the tracer's [`tr!`] and the app's `tr_in!`
/// both expand to.
#[macro_export]
macro_rules! tr_with {
    ($message:path, $lang:expr, $id:literal $(,)?) => {
        $message($lang, $id, None)
    };
    ($message:path, $lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.insert(stringify!($name).into(), $crate::i18n::Arg::arg($value)); )+
        $message($lang, $id, Some(&args))
    }};
}

/// The tracer's message `id` in a language, with named arguments:
/// `tr!(lang, "hang-blocked-in", pid = task.pid, call = call)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::tr_with!($crate::i18n::message, $lang, $id $(, $name = $value)*)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_has_no_isolation_marks_and_numbers_print_as_rust_prints_them() {
        let text = crate::tr!(Lang::En, "hang-pid", pid = 48213);
        assert_eq!(text, "pid 48213");
        assert!(!text.contains(['\u{2068}', '\u{2069}']));
        assert_eq!(crate::tr!(Lang::Ko, "hang-pid", pid = 7), "pid 7");
    }
}
