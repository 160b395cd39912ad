//! [`Text`]: a message not yet worded — its key and arguments — so that one value can be
//! shown to a person in their language and written into JSON in English.
//!
//! JSON (and CSV) output must be byte-identical in every language (SPEC §11): a sentence in a
//! field of a serialized struct is a `Text`, and [`in_lang`] renders it in English while
//! `--format json|csv` writes; a table renders it in the operator's language.

use std::cell::Cell;
use std::fmt;

use fluent_bundle::FluentValue;

use super::{Lang, catalogue, lang};

/// A message to word later: `text!("key", name = value)`, plain data, or several in a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Message {
        key: &'static str,
        args: Vec<(&'static str, Arg)>,
    },
    /// Words that are data (a name, a note the operator typed): the same in every language.
    Plain(String),
    /// Parts shown one after another (each part carries its own spaces or punctuation).
    Concat(Vec<Text>),
}

/// An argument of a [`Text`]: owned, so the text can outlive what it was made from.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
    Text(Box<Text>),
}

impl Text {
    pub fn plain(text: impl Into<String>) -> Text {
        Text::Plain(text.into())
    }

    /// The words in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Concat(parts) => parts.iter().map(|p| p.render(lang)).collect(),
            Text::Message { key, args } => {
                let args: Vec<(&str, FluentValue<'_>)> = args
                    .iter()
                    .map(|(name, arg)| {
                        let value = match arg {
                            Arg::Str(s) => FluentValue::from(s.as_str()),
                            Arg::Num(n) => FluentValue::from(*n),
                            Arg::Text(t) => FluentValue::from(t.render(lang)),
                        };
                        (*name, value)
                    })
                    .collect();
                catalogue().format(lang, key, &args)
            }
        }
    }

    /// The words in the language output is being written in (see [`in_lang`]).
    pub fn words(&self) -> String {
        self.render(output_lang())
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Text::Plain(s) => s.is_empty(),
            Text::Concat(parts) => parts.iter().all(Text::is_empty),
            Text::Message { .. } => false,
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words())
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.words())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Plain(s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::Plain(s.clone())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Plain(s.to_string())
    }
}

/// One argument for [`Text`]: numbers by value (plural rules see them), a `Text` (worded in
/// the same language), anything else that displays, by reference.
pub trait IntoTextArg {
    fn into_text_arg(self) -> Arg;
}

impl<T: fmt::Display + ?Sized> IntoTextArg for &T {
    fn into_text_arg(self) -> Arg {
        Arg::Str(self.to_string())
    }
}

impl IntoTextArg for String {
    fn into_text_arg(self) -> Arg {
        Arg::Str(self)
    }
}

impl IntoTextArg for Text {
    fn into_text_arg(self) -> Arg {
        Arg::Text(Box::new(self))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl IntoTextArg for $t {
            fn into_text_arg(self) -> Arg {
                Arg::Num(self as f64)
            }
        }
    )*};
}
number_args!(i32, i64, u32, u64, usize, f64);

thread_local! {
    static OUTPUT: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The language [`Text`]s are worded in on this thread: English inside [`in_lang`]`(En, …)`,
/// else the operator's.
pub fn output_lang() -> Lang {
    OUTPUT.with(|o| o.get()).unwrap_or_else(lang)
}

/// Runs `f` with [`Text`]s worded in `lang` (`--format json|csv`: English, whatever the
/// operator reads).
pub fn in_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    /// Puts the language back however `f` ends (a panic unwinding through it too).
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OUTPUT.with(|o| o.set(self.0));
        }
    }
    let _restore = Restore(OUTPUT.with(|o| o.replace(Some(lang))));
    f()
}

/// `text!("key")` or `text!("key", name = value, …)`: a [`Text`] to word later.
#[macro_export]
macro_rules! text {
    ($key:literal $(,)?) => {
        $crate::i18n::Text::Message { key: $key, args: Vec::new() }
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Text::Message {
            key: $key,
            args: vec![$((stringify!($name), $crate::i18n::IntoTextArg::into_text_arg($value))),+],
        }
    };
}
