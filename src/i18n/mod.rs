//! Languages (SPEC §11): every sentence a person reads comes from a message catalogue.
//!
//! Code names a message and its arguments — `tr!("unbind-done", pairs = 5)` — and the
//! catalogue of the chosen language words it: `locales/en/*.ftl` and `locales/zh-CN/*.ftl`,
//! Fluent files embedded in the binary, one file per area of the tool. Fluent gives each
//! language its own plural rules ("1 row", "2 rows"; Chinese has no plural). What stays the
//! same in every language is data, not words: JSON keys, exit codes, rule ids, CSV columns.
//!
//! The language is chosen once per process ([`choose`]): `--lang`, else `INVMAP_LANG`, else
//! the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`: `zh*` is Chinese), else English. Nothing is
//! chosen in a library test: those read English.
//!
//! The words of the trade both catalogues follow are in `locales/GLOSSARY.md`.

mod catalogue;
pub mod clap_zh;
mod text;

use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentValue};

pub use catalogue::{Catalogue, catalogue};
pub use text::{Arg, IntoTextArg, Text, in_lang, output_lang};

/// A language invmap speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The language a `--lang` / `INVMAP_LANG` value or a locale names, if any: `zh`,
    /// `zh-CN`, `zh_CN.UTF-8`… are Chinese; `en…`, `C` and `POSIX` are English.
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") || t == "c" || t == "posix" || t.starts_with("c.") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The BCP 47 tag (`<html lang>`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
}

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// The language of this process: the first call decides (the binary calls it before parsing
/// the command line, with the `--lang` it finds there).
pub fn choose(flag: Option<&str>) -> Lang {
    *CHOSEN.get_or_init(|| from_env(flag, |name| std::env::var(name).ok()))
}

/// The language chosen for this process; English where none was chosen (library tests).
pub fn lang() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::En)
}

/// `--lang`, else `INVMAP_LANG`, else the POSIX locale variables in their order of strength
/// (the first one set decides, as for every program), else English.
pub fn from_env(flag: Option<&str>, var: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = flag.and_then(Lang::parse) {
        return lang;
    }
    if let Some(lang) = var("INVMAP_LANG").as_deref().and_then(Lang::parse) {
        return lang;
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name).filter(|v| !v.trim().is_empty()))
        .map(|v| Lang::parse(&v).unwrap_or(Lang::En))
        .next()
        .unwrap_or(Lang::En)
}

/// The `--lang` value on a command line, read before clap parses it (clap's own errors and
/// `--help` are already in the operator's language).
pub fn flag_in(args: &[String]) -> Option<&str> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            return words.next().map(String::as_str);
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            return Some(value);
        }
    }
    None
}

/// One argument of a message: text, or a number (which plural rules can select on).
pub trait IntoArg<'a> {
    fn into_arg(self) -> FluentValue<'a>;
}

impl<'a, T: std::fmt::Display + ?Sized> IntoArg<'a> for &'a T {
    fn into_arg(self) -> FluentValue<'a> {
        FluentValue::from(self.to_string())
    }
}

impl<'a> IntoArg<'a> for String {
    fn into_arg(self) -> FluentValue<'a> {
        FluentValue::from(self)
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl<'a> IntoArg<'a> for $t {
            fn into_arg(self) -> FluentValue<'a> {
                FluentValue::from(self)
            }
        }
    )*};
}
number_args!(i32, i64, u32, u64, usize, f64);

/// The message `key` in the chosen language (English while `--format json|csv` writes), with
/// `args`. Used through [`tr!`].
pub fn message(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    catalogue().format(output_lang(), key, args)
}

/// An error and its causes as `main` prints them (`{err:#}`: joined by ": "), with the
/// operating system's words for a file error in the operator's language (the OS speaks
/// English whatever the locale).
pub fn error_chain(err: &anyhow::Error) -> String {
    let from_server = err
        .chain()
        .any(|c| c.downcast_ref::<postgres::Error>().is_some());
    if lang() == Lang::En && !from_server {
        return format!("{err:#}");
    }
    let sep = if lang() == Lang::En { ": " } else { "：" };
    err.chain()
        // A server's error carries its words already (`store::postgres::reason`).
        .filter(|c| c.downcast_ref::<postgres::error::DbError>().is_none())
        .map(words_of)
        .collect::<Vec<_>>()
        .join(sep)
}

/// One error's own words, in the operator's language where they are a library's or the
/// operating system's (English in every locale): for an error quoted inside a message.
pub fn words_of(cause: &(dyn std::error::Error + 'static)) -> String {
    if let Some(pg) = cause.downcast_ref::<postgres::Error>() {
        return crate::store::postgres::reason(pg);
    }
    if output_lang() == Lang::En {
        return cause.to_string();
    }
    if let Some(io) = cause.downcast_ref::<std::io::Error>() {
        io_error(io)
    } else if let Some(words) = cause
        .downcast_ref::<rusqlite::Error>()
        .and_then(sqlite_error)
    {
        words
    } else if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
        crate::tr!(
            "common-bad-json",
            line = json.line(),
            column = json.column()
        )
    } else {
        cause.to_string()
    }
}

/// SQLite's words for the errors an operator meets (a file that is no database, a damaged
/// one, a busy or read-only one), in the operator's language; `None` for the others.
fn sqlite_error(e: &rusqlite::Error) -> Option<String> {
    use rusqlite::ErrorCode as C;
    Some(match e.sqlite_error_code()? {
        C::NotADatabase => crate::tr!("common-sqlite-not-a-database"),
        C::DatabaseCorrupt => crate::tr!("common-sqlite-corrupt"),
        C::DatabaseBusy | C::DatabaseLocked => crate::tr!("common-sqlite-busy"),
        C::ReadOnly => crate::tr!("common-sqlite-read-only"),
        C::DiskFull => crate::tr!("common-io-storage-full"),
        C::CannotOpen => crate::tr!("common-sqlite-cannot-open"),
        C::PermissionDenied => crate::tr!("common-io-permission-denied"),
        _ => return None,
    })
}

fn io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => crate::tr!("common-io-not-found"),
        K::PermissionDenied => crate::tr!("common-io-permission-denied"),
        K::AlreadyExists => crate::tr!("common-io-already-exists"),
        K::StorageFull | K::QuotaExceeded => crate::tr!("common-io-storage-full"),
        K::ReadOnlyFilesystem => crate::tr!("common-io-read-only"),
        K::IsADirectory => crate::tr!("common-io-is-a-directory"),
        K::NotADirectory => crate::tr!("common-io-not-a-directory"),
        K::InvalidData => crate::tr!("common-io-invalid-data"),
        K::UnexpectedEof => crate::tr!("common-io-unexpected-eof"),
        K::BrokenPipe => crate::tr!("common-io-broken-pipe"),
        _ => return e.to_string(),
    };
    match e.raw_os_error() {
        Some(code) => crate::tr!("common-io-os-error", words = &words, code = code),
        None => words,
    }
}

/// A table column's header for the JSON key `key`: English shows the key (underscores as
/// spaces), Chinese its name from `locales/zh-CN/columns.ftl`.
pub fn column_name(key: &str) -> String {
    let english = || key.replace('_', " ");
    match lang() {
        Lang::En => english(),
        Lang::Zh => catalogue()
            .name_zh(&format!("col-{key}"), &[])
            .unwrap_or_else(english),
    }
}

/// A table cell whose value is one of a column's fixed words (a warehouse's `status`, a
/// reconcile difference's `kind`, a planned `action`): its name in Chinese from
/// `locales/zh-CN/columns.ftl` (`val-COLUMN-VALUE`, spaces as `_`). JSON and CSV keep the word.
pub fn value_name(column: &str, value: &str) -> String {
    if lang() == Lang::En || value.is_empty() || value.len() > 24 {
        return value.to_string();
    }
    let key = format!("val-{column}-{}", value.replace(' ', "_"));
    catalogue()
        .name_zh(&key, &[])
        .unwrap_or_else(|| value.to_string())
}

/// Fluent arguments from the macro's pairs.
pub(crate) fn fluent_args<'a>(args: &[(&str, FluentValue<'a>)]) -> FluentArgs<'a> {
    let mut out = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        out.set(name.to_string(), value.clone());
    }
    out
}

/// `tr!("key")` or `tr!("key", name = value, …)`: the message in the operator's language.
/// Numbers are passed by value (so plural rules see them), anything else that displays by
/// reference.
#[macro_export]
macro_rules! tr {
    ($key:literal $(,)?) => {
        $crate::i18n::message($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $key,
            &[$((stringify!($name), $crate::i18n::IntoArg::into_arg($value))),+],
        )
    };
}

#[cfg(test)]
mod tests;
