//! `invmap audit [--sku S] [--since T]` and `invmap audit verify`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{Ctx, join_list};
use crate::csvio::atomic::AtomicFile;
use crate::domain::values::{parse_time, stored};
use crate::error::{InputError, Refused};
use crate::report::{print_list, print_object};
use crate::store::AuditProof;
use crate::store::OpenMode;
use crate::tr;

/// Read the audit trail, or prove it is unbroken.
///
/// The trail is append-only (the store refuses UPDATE and DELETE on it) and hash-chained:
/// each entry's hash covers the previous one. `audit verify` recomputes the chain and names
/// the first entry that does not match. Keep the printed chain head somewhere else (a ticket,
/// a chat message): an attacker who rewrites the whole chain cannot make it match that.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub verify: Option<Verify>,
    /// Only entries about this SKU
    #[arg(long)]
    pub sku: Option<String>,
    /// Only entries at or after this time (RFC 3339 or YYYY-MM-DD [HH:MM])
    #[arg(long)]
    pub since: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Verify {
    /// Prove the trail: recompute the hash chain, reconcile it with the changes, check its
    /// append-only guards; exit 3 naming what does not hold.
    ///
    /// With --head or --anchor it also proves that nothing was cut from the end since the
    /// head was kept (the chain alone cannot: a trail cut short is still a valid chain).
    Verify {
        /// A head you kept (printed by every change, or `audit anchor`): it must still be in
        /// the trail
        #[arg(long, value_name = "HASH", conflicts_with = "anchor")]
        head: Option<String>,
        /// A file written by `invmap audit anchor`: the trail must still end at or after it
        #[arg(long, value_name = "FILE")]
        anchor: Option<PathBuf>,
        /// Also prove the live links: each must be as its last change left it (links edited,
        /// added or deleted behind invmap's back are named; `invmap adopt` records them)
        #[arg(long)]
        state: bool,
    },
    /// Write the trail's head (hash, entry count, last change, time) to FILE, to keep
    /// somewhere the store's writers cannot reach (another machine, a ticket, a chat).
    Anchor {
        /// Where to write the anchor (JSON)
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
    match args.verify {
        Some(Verify::Verify {
            head,
            anchor,
            state,
        }) => return verify(ctx, opened.proof(), head, anchor, state),
        Some(Verify::Anchor { output }) => return write_anchor(ctx, opened.proof(), &output),
        None => {}
    }
    let store = opened.listings();
    let since = match &args.since {
        None => None,
        Some(t) => {
            let tz = store.settings()?.timezone;
            Some(stored(parse_time(t.trim(), &tz).map_err(|m| {
                InputError::single("command line", "--since", t, &m)
            })?))
        }
    };
    let mut entries = Vec::new();
    // People read the times in the store's time zone; json and csv keep UTC.
    let zone = (ctx.format == crate::report::Format::Table).then_some(store.settings()?.timezone);
    store.audit_entries(
        args.sku.as_deref().map(str::trim),
        since.as_deref(),
        &mut |mut e| {
            if let Some(z) = &zone {
                e.at = z.show_stored(&e.at);
            }
            entries.push(e);
            Ok(())
        },
    )?;
    print_list(&mut std::io::stdout().lock(), ctx.format, &entries)?;
    Ok(0)
}

fn verify(
    ctx: &Ctx,
    store: &mut dyn AuditProof,
    head: Option<String>,
    anchor: Option<PathBuf>,
    state: bool,
) -> Result<u8> {
    let v = store.audit_verify()?;
    if let Some(id) = v.first_broken {
        return Err(Refused(tr!("cli-audit-broken-at", id = id, entries = v.entries)).into());
    }
    if let Some(after) = v.gap_after {
        return Err(Refused(tr!("cli-audit-gap", after = after)).into());
    }
    let mut problems = Vec::new();
    let r = store.audit_reconcile()?;
    if r.changes_missing_entries > 0 {
        problems.push(tr!(
            "cli-audit-changes-without-entries",
            count = r.changes_missing_entries,
            examples = join_list(&r.missing_examples),
        ));
    }
    if r.entries_without_change > 0 {
        problems.push(tr!(
            "cli-audit-entries-without-change",
            count = r.entries_without_change,
            examples = join_list(&r.orphan_examples),
        ));
    }
    let (forged, rows) = store.forged_items()?;
    if forged > 0 {
        problems.push(tr!(
            "cli-audit-forged-rows",
            count = forged,
            rows = join_list(&rows),
        ));
    }
    if state {
        let (drifted, links) = store.drifted_links()?;
        if drifted > 0 {
            let mut named = links.clone();
            if drifted as usize > links.len() {
                named.push("…".to_string());
            }
            problems.push(tr!(
                "cli-audit-drifted-links",
                count = drifted,
                links = join_list(&named),
            ));
        }
    }
    let guards = store.missing_guards()?;
    if !guards.is_empty() {
        problems.push(tr!("cli-audit-guards-missing", guards = join_list(&guards)));
    }
    let kept = match (head, anchor) {
        (Some(h), _) => Some(h.trim().to_string()),
        (None, Some(file)) => Some(read_anchor(&file)?.head),
        _ => None,
    };
    let end = store.audit_end()?;
    if let Some(kept) = &kept {
        let found = store.audit_entry_with_hash(kept)?;
        let empty_ok = end.entries == 0 && kept == &end.head;
        if found.is_none() && !empty_ok {
            problems.push(tr!(
                "cli-audit-kept-head-missing",
                head = kept.get(..12).unwrap_or(kept),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Refused(tr!(
            "cli-audit-does-not-hold",
            problems = problems.join(match crate::i18n::output_lang() {
                crate::i18n::Lang::En => "; ",
                crate::i18n::Lang::Zh => "；",
            }),
        ))
        .into());
    }
    print_object(&mut std::io::stdout().lock(), ctx.format, &v)?;
    ctx.say(&tr!(
        "cli-audit-intact",
        entries = v.entries,
        head = &v.head
    ));
    if let Some(kept) = kept {
        let at = store.audit_entry_with_hash(&kept)?.unwrap_or(0);
        ctx.say(&tr!(
            "cli-audit-kept-head-found",
            at = at,
            count = (end.entries - at).max(0),
        ));
    }
    if state {
        ctx.say(&tr!("cli-audit-state-holds"));
    }
    Ok(0)
}

/// What `audit anchor` writes (and `audit verify --anchor` reads).
#[derive(serde::Serialize, serde::Deserialize)]
struct Anchor {
    store: String,
    #[serde(flatten)]
    head: crate::store::evidence::Head,
    at: String,
}

fn write_anchor(ctx: &Ctx, store: &mut dyn AuditProof, output: &Path) -> Result<u8> {
    let end = store.audit_end()?;
    let anchor = Anchor {
        // A server's URL without its password.
        store: crate::store::postgres::redact(&ctx.db.display().to_string()),
        head: end.clone(),
        at: ctx.now_text().to_string(),
    };
    let mut file = AtomicFile::create(output)?;
    use std::io::Write;
    writeln!(file, "{}", serde_json::to_string_pretty(&anchor)?)?;
    file.commit()?;
    ctx.say(&tr!(
        "cli-audit-anchor-written",
        path = &output.display(),
        entry = end.entries,
        head = &end.head,
    ));
    Ok(0)
}

fn read_anchor(path: &Path) -> Result<crate::store::evidence::Head> {
    let text = std::fs::read_to_string(path)
        .with_context(|| tr!("cli-audit-cannot-read-anchor", path = &path.display()))?;
    let anchor: Anchor = serde_json::from_str(&text).map_err(|e| {
        InputError::single(
            &path.display().to_string(),
            "",
            "",
            &tr!(
                "cli-audit-not-an-anchor",
                error = &crate::i18n::words_of(&e)
            ),
        )
    })?;
    Ok(anchor.head)
}
