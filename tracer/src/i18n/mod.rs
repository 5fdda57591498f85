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
use std::cell::RefCell;
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
///
/// A trace renders the same few messages with the same arguments again and
/// again (a kernel-view line after every IPC call: the same segment's size,
/// creator and attachments at each `semop`), and Fluent's lookup and
/// formatting cost several microseconds a message, more than the system
/// calls that read what the line shows. Its result depends on nothing but
/// the language, the message and the arguments, so it is kept (`Memo`).
pub fn message(lang: Lang, id: &str, args: Option<&Args>) -> String {
    MEMO.with_borrow_mut(|memo| memo.message(lang, id, args))
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Messages formatted before, by language, id and arguments, per thread.
///
/// Only arguments that are text or numbers as [`Arg`] makes them (Fluent's
/// default number options) are keyed; a message with any other argument,
/// or whose key or text is long (a hang report's lists, a path), is
/// formatted each time. The key spells every part with its length, so two
/// different calls never share one. At most `ENTRIES` are kept: a
/// full memo is emptied and fills again with what is in use.
#[derive(Default)]
struct Memo {
    key: String,
    formatted: HashMap<Box<str>, Box<str>>,
}

impl Memo {
    /// Messages kept at most (each key and text at most `LONGEST` bytes:
    /// some 0.5 MB at worst).
    const ENTRIES: usize = 1024;
    /// The longest key, and the longest text, kept.
    const LONGEST: usize = 256;

    /// Message `id` in `lang` with `args`: kept, or formatted now.
    fn message(&mut self, lang: Lang, id: &str, args: Option<&Args>) -> String {
        if !self.make_key(lang, id, args) {
            return LOCALES.lookup_complete(lang.langid(), id, args);
        }
        if let Some(text) = self.formatted.get(self.key.as_str()) {
            return text.to_string();
        }
        let text = LOCALES.lookup_complete(lang.langid(), id, args);
        if text.len() <= Self::LONGEST {
            if self.formatted.len() >= Self::ENTRIES {
                self.formatted.clear();
            }
            self.formatted.insert(self.key.as_str().into(), text.as_str().into());
        }
        text
    }

    /// Spells the call in `self.key`: `false` when it is not to be kept.
    /// (Built by hand, not with `write!`: this runs for every message.)
    fn make_key(&mut self, lang: Lang, id: &str, args: Option<&Args>) -> bool {
        static DEFAULT_NUMBER: LazyLock<fluent_templates::fluent_bundle::types::FluentNumberOptions> =
            LazyLock::new(Default::default);
        fn spell(key: &mut String, text: &str) {
            key.push_str(itoa::Buffer::new().format(text.len()));
            key.push(':');
            key.push_str(text);
        }
        let key = &mut self.key;
        key.clear();
        key.push_str(lang.code());
        spell(key, id);
        let Some(args) = args else { return true };
        // Sorted by name (a HashMap's order is its own), on the stack.
        let mut sorted: [Option<(&str, &FluentValue<'static>)>; 8] = [None; 8];
        if args.len() > sorted.len() {
            return false;
        }
        for (slot, (name, value)) in sorted.iter_mut().zip(args) {
            *slot = Some((name.as_ref(), value));
        }
        let sorted = &mut sorted[..args.len()];
        sorted.sort_unstable_by_key(|arg| arg.map(|(name, _)| name));
        for (name, value) in sorted.iter().flatten() {
            key.push('|');
            spell(key, name);
            match value {
                FluentValue::String(s) => {
                    key.push('s');
                    spell(key, s);
                }
                FluentValue::Number(n) if n.options == *DEFAULT_NUMBER => {
                    key.push('n');
                    key.push_str(itoa::Buffer::new().format(n.value.to_bits()));
                }
                _ => return false,
            }
            if key.len() > Self::LONGEST {
                return false;
            }
        }
        true
    }
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

    fn args(pairs: &[(&'static str, FluentValue<'static>)]) -> Args {
        pairs.iter().map(|(n, v)| (Cow::Borrowed(*n), v.clone())).collect()
    }

    /// Fluent itself, with nothing kept.
    fn fresh(lang: Lang, id: &str, args: Option<&Args>) -> String {
        LOCALES.lookup_complete(lang.langid(), id, args)
    }

    #[test]
    fn a_kept_message_is_the_message_fluent_formats() {
        let mut memo = Memo::default();
        let calls: Vec<(&str, Option<Args>)> = vec![
            ("kernel-only-zeros", None),
            ("kernel-shm-attachments", Some(args(&[("count", 1.arg())]))),
            ("kernel-shm-attachments", Some(args(&[("count", 2.arg())]))),
            ("kernel-bytes-read", Some(args(&[("read", 64u64.arg()), ("size", 4096u64.arg())]))),
            // The same numbers the other way round: another line.
            ("kernel-bytes-read", Some(args(&[("read", 4096u64.arg()), ("size", 64u64.arg())]))),
            ("kernel-sem-last-changed-by", Some(args(&[("pid", "31206".arg())]))),
            ("kernel-sem-last-changed-by", Some(args(&[("pid", 31206.arg())]))),
            ("hang-pid-thread", Some(args(&[("pid", 5.arg()), ("tid", 6.arg())]))),
            ("no-such-message", Some(args(&[("pid", 5.arg())]))),
        ];
        for round in 0..3 {
            for lang in [Lang::En, Lang::Ko] {
                for (id, a) in &calls {
                    let want = fresh(lang, id, a.as_ref());
                    assert_eq!(memo.message(lang, id, a.as_ref()), want, "{id} {a:?} in {lang:?}, round {round}");
                }
            }
        }
        assert_eq!(memo.formatted.len(), 2 * calls.len(), "each call kept once, each language apart");
        assert_eq!(
            memo.message(Lang::En, "kernel-shm-attachments", Some(&args(&[("count", 1.arg())]))),
            "1 attachment"
        );
        assert_eq!(
            memo.message(Lang::En, "kernel-shm-attachments", Some(&args(&[("count", 3.arg())]))),
            "3 attachments"
        );
    }

    #[test]
    fn no_two_different_calls_share_a_key() {
        let mut memo = Memo::default();
        let mut key = |id: &str, a: &Args| {
            assert!(memo.make_key(Lang::En, id, Some(a)));
            memo.key.clone()
        };
        // What a key without lengths would spell alike.
        let split = [
            args(&[("a", "x|1:b=s1:y".arg())]),
            args(&[("a", "x".arg()), ("b", "y".arg())]),
            args(&[("a", "5".arg())]),
            args(&[("a", 5.arg())]),
            args(&[("a", (-0.0f64).arg())]),
            args(&[("a", 0.0f64.arg())]),
            args(&[("ab", "".arg())]),
            args(&[("a", "b".arg())]),
        ];
        let keys: Vec<String> = split.iter().map(|a| key("m", a)).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k:?} twice");
        }
        assert_ne!(key("m", &args(&[])), key("m1", &args(&[])));
        assert_ne!(key("m", &split[2]), {
            memo.make_key(Lang::Ko, "m", Some(&split[2]));
            memo.key.clone()
        });
    }

    #[test]
    fn the_memo_keeps_few_and_short_messages() {
        let mut memo = Memo::default();
        for pid in 0..(Memo::ENTRIES as i32 * 3) {
            let a = args(&[("pid", pid.arg())]);
            assert_eq!(memo.message(Lang::En, "hang-pid", Some(&a)), format!("pid {pid}"));
            assert!(memo.formatted.len() <= Memo::ENTRIES);
        }
        let long = "x".repeat(Memo::LONGEST);
        let a = args(&[("pid", long.clone().arg())]);
        assert_eq!(memo.message(Lang::En, "hang-pid", Some(&a)), format!("pid {long}"));
        assert!(!memo.formatted.keys().any(|k| k.contains(&long)), "a long argument is not kept");
        // An argument Fluent formats with other options is not keyed.
        let mut n = fluent_templates::fluent_bundle::types::FluentNumber::from(7);
        n.options.minimum_fraction_digits = Some(2);
        let a = args(&[("pid", FluentValue::Number(n))]);
        assert!(!memo.make_key(Lang::En, "hang-pid", Some(&a)));
        assert_eq!(memo.message(Lang::En, "hang-pid", Some(&a)), fresh(Lang::En, "hang-pid", Some(&a)));
    }
}
