//! The embedded Fluent catalogues, parsed once per process.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentResource, FluentValue};

use super::Lang;

/// Each area's catalogue in both languages: (area, English, Chinese). A new area is one line
/// here and one file in each of `locales/en/` and `locales/zh-CN/`.
macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        &[$((
            $area,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en/", $area, ".ftl")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/zh-CN/", $area, ".ftl")),
        )),*]
    };
}

pub const AREAS: &[(&str, &str, &str)] = areas!(
    "common", "store", "domain", "csv", "ops", "cli", "door", "demo", "metrics", "report"
);

/// Names that English takes from the code itself, in Chinese: `--help` keyed by the command's
/// path (English help is the doc comments on the clap types; `clap_zh` checks the two match
/// one to one) and table headers keyed by the JSON key (English shows the key).
pub const NAMES_ZH: &[(&str, &str)] = &[
    (
        "help",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/zh-CN/help.ftl"
        )),
    ),
    (
        "columns",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/zh-CN/columns.ftl"
        )),
    ),
];

/// Both languages' bundles.
pub struct Catalogue {
    en: FluentBundle<FluentResource>,
    zh: FluentBundle<FluentResource>,
    names_zh: FluentBundle<FluentResource>,
}

/// The catalogues, parsed on first use. A catalogue that does not parse is a bug the unit
/// tests catch, so it panics here.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue {
        en: bundle("en", AREAS.iter().map(|(area, en, _)| (*area, *en))),
        zh: bundle("zh-CN", AREAS.iter().map(|(area, _, zh)| (*area, *zh))),
        names_zh: bundle("zh-CN", NAMES_ZH.iter().copied()),
    })
}

fn bundle<'a>(
    tag: &str,
    sources: impl Iterator<Item = (&'a str, &'a str)>,
) -> FluentBundle<FluentResource> {
    let lang = tag.parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Fluent wraps arguments in Unicode isolation marks for right-to-left scripts; a terminal
    // shows them as noise and they would break copy-pasted codes.
    bundle.set_use_isolating(false);
    for (area, source) in sources {
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("locales/{tag}/{area}.ftl: {errors:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/{tag}/{area}.ftl: {errors:?}"));
    }
    bundle
}

impl Catalogue {
    fn of(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// The message `key` in `lang` (English if `lang` lacks it, the key itself if both do —
    /// the catalogue tests make both impossible).
    pub fn format(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let found = [self.of(lang), &self.en]
            .into_iter()
            .find_map(|b| b.get_message(key).and_then(|m| m.value()).map(|p| (b, p)));
        let Some((bundle, pattern)) = found else {
            return key.to_string();
        };
        let args = (!args.is_empty()).then(|| super::fluent_args(args));
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args.as_ref(), &mut errors)
            .into_owned()
    }

    /// The Chinese name `key` (`cmd-…`, `arg-…`, `col-…`, `clap-…`), if the catalogue has one.
    pub fn name_zh(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
        let pattern = self.names_zh.get_message(key)?.value()?;
        let args = (!args.is_empty()).then(|| super::fluent_args(args));
        let mut errors = Vec::new();
        Some(
            self.names_zh
                .format_pattern(pattern, args.as_ref(), &mut errors)
                .into_owned(),
        )
    }
}
