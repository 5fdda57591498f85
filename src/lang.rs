//! Which language ipclab speaks: Korean or English.
//!
//! The course has two editions (`README.md` and `README.ko.md`, `HINTS.md`
//! and `HINTS.ko.md`), and whatever shows text to a student asks
//! [`current`] which one to use. The choice, first that applies:
//!
//! 1. `--lang ko|en` on the command line (a global option);
//! 2. the environment variable `IPCLAB_LANG` (`ko` or `en`, or a locale name
//!    such as `ko_KR.UTF-8`), when set and not empty;
//! 3. the locale, in gettext's order: the first of `LC_ALL`, `LC_MESSAGES`
//!    and `LANG` that is set and not empty decides (`LC_ALL=C` with
//!    `LANG=ko_KR.UTF-8` is English, as it is for every gettext program);
//!    a locale whose language is `ko` (`ko`, `ko_KR`, `ko_KR.UTF-8`,
//!    `ko_KR.eucKR@euro`...) is Korean, anything else (`C`, `POSIX`,
//!    `en_US.UTF-8`, `fr_FR`...) is English;
//! 4. English.
//!
//! `LANGUAGE`, gettext's list of fallbacks, is not read: ipclab has one
//! edition besides English, so the locale's language is enough.
//!
//! [`resolve`] is pure (it reads the environment through a function), so
//! the order is tested without touching the process's environment; `main`
//! records the result once with [`choose`].

use std::sync::OnceLock;

/// A language ipclab has an edition in (the tracer's, whose messages
/// come in the same two languages).
pub use tracer::i18n::Lang;

/// Which edition of a course file to read: `README.md` stays `README.md`
/// in English and is `README.ko.md` in Korean.
pub fn file_name(lang: Lang, english: &str) -> String {
    match (lang, english.rsplit_once('.')) {
        (Lang::En, _) => english.to_string(),
        (lang, Some((stem, ext))) => format!("{stem}.{}.{ext}", lang.code()),
        (lang, None) => format!("{english}.{}", lang.code()),
    }
}

/// Where the choice came from (for a warning, and for the tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    /// `IPCLAB_LANG`; `known` is false for a value that names no language
    /// ipclab knows (`IPCLAB_LANG=kr`), which then means English.
    IpclabLang {
        value: String,
        known: bool,
    },
    /// The locale variable that decided: `LC_ALL`, `LC_MESSAGES` or `LANG`.
    Locale(&'static str),
    Default,
}

/// The language and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub lang: Lang,
    pub source: Source,
}

/// The locale variables, in the order gettext reads them for messages.
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// The language of a locale name: its part before `_`, `.` or `@`.
/// `ko_KR.UTF-8` is Korean; `C`, `POSIX` and every other language are English.
pub fn from_locale(locale: &str) -> Lang {
    let language = locale.split(['_', '.', '@']).next().unwrap_or("");
    if language.eq_ignore_ascii_case("ko") { Lang::Ko } else { Lang::En }
}

/// The language an `IPCLAB_LANG` value names, if it names one: `ko`, `en`,
/// a locale name of either, or `C`/`POSIX` (English).
fn from_ipclab_lang(value: &str) -> Option<Lang> {
    let language = value.split(['_', '.', '@']).next().unwrap_or("");
    if language.eq_ignore_ascii_case("ko") {
        Some(Lang::Ko)
    } else if language.eq_ignore_ascii_case("en") || value == "C" || value == "POSIX" {
        Some(Lang::En)
    } else {
        None
    }
}

/// The language for `flag` (the `--lang` given, if any) and an environment
/// read through `var` (`None` for a variable that is not set).
pub fn resolve(flag: Option<Lang>, var: impl Fn(&str) -> Option<String>) -> Choice {
    if let Some(lang) = flag {
        return Choice { lang, source: Source::Flag };
    }
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if let Some(value) = set("IPCLAB_LANG") {
        let known = from_ipclab_lang(&value);
        return Choice {
            lang: known.unwrap_or(Lang::En),
            source: Source::IpclabLang { value, known: known.is_some() },
        };
    }
    for name in LOCALE_VARS {
        if let Some(value) = set(name) {
            return Choice { lang: from_locale(&value), source: Source::Locale(name) };
        }
    }
    Choice { lang: Lang::En, source: Source::Default }
}

/// The language `flag` and the environment choose, without recording it
/// (for the help clap shows before [`choose`] runs).
pub fn resolve_now(flag: Option<Lang>) -> Lang {
    resolve(flag, env_var).lang
}

fn env_var(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

/// The language of this run of ipclab.
static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Records the language from `--lang` and the environment, once, before any
/// command runs; returns a one-line warning when `IPCLAB_LANG` names no
/// language ipclab knows.
pub fn choose(flag: Option<Lang>) -> Option<String> {
    let choice = resolve(flag, env_var);
    let _ = CHOSEN.set(choice.lang);
    match choice.source {
        Source::IpclabLang { value, known: false } => {
            Some(format!("IPCLAB_LANG={value} names no language ipclab has (ko or en): using English"))
        }
        _ => None,
    }
}

/// The language chosen by [`choose`] (English when nothing chose).
pub fn current() -> Lang {
    CHOSEN.get().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn the_flag_wins_over_every_variable() {
        let env = with(&[("IPCLAB_LANG", "ko"), ("LC_ALL", "ko_KR.UTF-8"), ("LANG", "ko_KR.UTF-8")]);
        assert_eq!(resolve(Some(Lang::En), &env), Choice { lang: Lang::En, source: Source::Flag });
        let env = with(&[("IPCLAB_LANG", "en"), ("LC_ALL", "C")]);
        assert_eq!(resolve(Some(Lang::Ko), &env).lang, Lang::Ko);
    }

    #[test]
    fn ipclab_lang_wins_over_the_locale() {
        let env = with(&[("IPCLAB_LANG", "ko"), ("LC_ALL", "en_US.UTF-8")]);
        assert_eq!(
            resolve(None, &env),
            Choice { lang: Lang::Ko, source: Source::IpclabLang { value: "ko".into(), known: true } }
        );
        let env = with(&[("IPCLAB_LANG", "en"), ("LANG", "ko_KR.UTF-8")]);
        assert_eq!(resolve(None, &env).lang, Lang::En);
        let env = with(&[("IPCLAB_LANG", "ko_KR.UTF-8")]);
        assert_eq!(resolve(None, &env).lang, Lang::Ko);
    }

    #[test]
    fn an_empty_variable_counts_as_unset() {
        let env = with(&[("IPCLAB_LANG", ""), ("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "ko_KR.UTF-8")]);
        assert_eq!(resolve(None, &env), Choice { lang: Lang::Ko, source: Source::Locale("LANG") });
    }

    #[test]
    fn the_first_locale_variable_set_decides_in_gettext_order() {
        // LC_ALL=C silences a Korean LANG, as it does for every gettext program.
        let env = with(&[("LC_ALL", "C"), ("LC_MESSAGES", "ko_KR.UTF-8"), ("LANG", "ko_KR.UTF-8")]);
        assert_eq!(resolve(None, &env), Choice { lang: Lang::En, source: Source::Locale("LC_ALL") });
        let env = with(&[("LC_MESSAGES", "ko_KR.UTF-8"), ("LANG", "en_US.UTF-8")]);
        assert_eq!(resolve(None, &env), Choice { lang: Lang::Ko, source: Source::Locale("LC_MESSAGES") });
        let env = with(&[("LC_MESSAGES", "POSIX"), ("LANG", "ko_KR.UTF-8")]);
        assert_eq!(resolve(None, &env), Choice { lang: Lang::En, source: Source::Locale("LC_MESSAGES") });
        let env = with(&[("LANG", "ko")]);
        assert_eq!(resolve(None, &env), Choice { lang: Lang::Ko, source: Source::Locale("LANG") });
    }

    #[test]
    fn nothing_set_is_english() {
        assert_eq!(resolve(None, with(&[])), Choice { lang: Lang::En, source: Source::Default });
        // Other categories (LC_CTYPE...) do not choose the language of messages.
        assert_eq!(resolve(None, with(&[("LC_CTYPE", "ko_KR.UTF-8")])).lang, Lang::En);
    }

    #[test]
    fn a_locale_is_korean_by_its_language_part_only() {
        for ko in ["ko", "ko_KR", "ko_KR.UTF-8", "ko_KR.utf8", "ko_KR.eucKR", "ko@latin", "KO_KR.UTF-8"] {
            assert_eq!(from_locale(ko), Lang::Ko, "{ko}");
        }
        for en in ["C", "C.UTF-8", "POSIX", "en_US.UTF-8", "fr_FR", "kok_IN", "kor", "", "_KR"] {
            assert_eq!(from_locale(en), Lang::En, "{en}");
        }
    }

    #[test]
    fn an_unknown_ipclab_lang_is_english_and_said_so() {
        let choice = resolve(None, with(&[("IPCLAB_LANG", "kr"), ("LANG", "ko_KR.UTF-8")]));
        assert_eq!(choice, Choice { lang: Lang::En, source: Source::IpclabLang { value: "kr".into(), known: false } });
        let choice = resolve(None, with(&[("IPCLAB_LANG", "C")]));
        assert_eq!(choice.source, Source::IpclabLang { value: "C".into(), known: true });
    }

    #[test]
    fn a_course_file_in_korean_has_ko_before_its_extension() {
        assert_eq!(file_name(Lang::Ko, "README.md"), "README.ko.md");
        assert_eq!(file_name(Lang::Ko, "HINTS.md"), "HINTS.ko.md");
        assert_eq!(file_name(Lang::En, "README.md"), "README.md");
    }

    #[test]
    fn lang_is_a_global_option_of_every_command() {
        use clap::Parser;

        use crate::cli::{Cli, LangChoice};
        for args in [
            &["ipclab", "--lang", "ko", "lesson", "02"][..],
            &["ipclab", "lesson", "02", "--lang", "ko"],
            &["ipclab", "hint", "--lang", "ko", "02"],
            &["ipclab", "list", "--lang", "ko"],
            &["ipclab", "check", "02", "--lang", "ko"],
            &["ipclab", "run", "02", "--lang", "ko"],
            &["ipclab", "trace", "--lang", "ko", "true"],
        ] {
            let cli = Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            assert_eq!(cli.lang, Some(LangChoice::Ko), "{args:?}");
        }
        assert_eq!(Cli::try_parse_from(["ipclab", "list"]).expect("parses").lang, None);
        let err = Cli::try_parse_from(["ipclab", "--lang", "fr", "list"]).expect_err("fr is refused");
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
    }
}
