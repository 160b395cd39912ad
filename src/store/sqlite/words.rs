//! Arguments of the store's messages that are not plain numbers: a stock that may be NULL
//! (a row written by the seed's three columns) is a number for the plural rules when there is
//! one, and the word `null` otherwise — as the store's own texts have always shown it.

use fluent_bundle::FluentValue;

use crate::i18n::{Arg, IntoArg, IntoTextArg};

/// A quantity as a message argument: `5` (plural rules see it) or `null`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Units(pub Option<i64>);

impl<'a> IntoArg<'a> for Units {
    fn into_arg(self) -> FluentValue<'a> {
        match self.0 {
            Some(n) => FluentValue::from(n),
            None => FluentValue::from("null"),
        }
    }
}

impl IntoTextArg for Units {
    fn into_text_arg(self) -> Arg {
        match self.0 {
            Some(n) => Arg::Num(n as f64),
            None => Arg::Str("null".to_string()),
        }
    }
}

/// Items of a list in one line, in the language messages are worded in: `a, b` or `a、b`.
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    items.join(separator())
}

/// [`list`] of the first few of `total` items, with `…` when some were left out.
pub(crate) fn list_of<S: AsRef<str>>(total: i64, shown: &[S]) -> String {
    let mut out = list(shown);
    if total > 0 && total as usize > shown.len() {
        out.push_str(separator());
        out.push('…');
    }
    out
}

fn separator() -> &'static str {
    match crate::i18n::output_lang() {
        crate::i18n::Lang::En => ", ",
        crate::i18n::Lang::Zh => "、",
    }
}
