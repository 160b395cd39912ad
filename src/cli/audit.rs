//! `invmap audit [--sku S] [--since T]` and `invmap audit verify`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Ctx;
use crate::csvio::atomic::AtomicFile;
use crate::domain::values::{parse_time, stored};
use crate::error::{InputError, Refused};
use crate::report::words::plural;
use crate::report::{print_list, print_object};
use crate::store::OpenMode;
use crate::store::Store;

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
    let store = ctx.open(OpenMode::ReadOnly)?;
    match args.verify {
        Some(Verify::Verify {
            head,
            anchor,
            state,
        }) => return verify(ctx, &store, head, anchor, state),
        Some(Verify::Anchor { output }) => return write_anchor(ctx, &store, &output),
        None => {}
    }
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
        |mut e| {
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
    store: &Store,
    head: Option<String>,
    anchor: Option<PathBuf>,
    state: bool,
) -> Result<u8> {
    let v = store.audit_verify()?;
    if let Some(id) = v.first_broken {
        return Err(Refused(format!(
            "audit chain broken at entry {id} ({} entries checked): it was changed after it was written; restore the store from a backup you trust",
            v.entries
        ))
        .into());
    }
    if let Some(after) = v.gap_after {
        return Err(Refused(format!(
            "audit chain broken: entries after {after} are missing (deleted behind invmap's back)"
        ))
        .into());
    }
    let mut problems = Vec::new();
    let r = store.audit_reconcile()?;
    if r.changes_missing_entries > 0 {
        problems.push(format!(
            "{} without their audit entries ({}): entries were deleted behind invmap's back",
            plural(r.changes_missing_entries as u64, "change"),
            r.missing_examples.join(", ")
        ));
    }
    if r.entries_without_change > 0 {
        problems.push(format!(
            "{} without their change ({}): a change was deleted behind invmap's back",
            plural(r.entries_without_change as u64, "audit entry"),
            r.orphan_examples.join(", ")
        ));
    }
    let (forged, rows) = store.forged_items(None)?;
    if forged > 0 {
        problems.push(format!(
            "rows of changes that no longer say what their audit entries say: {forged} ({}): changed behind invmap's back",
            rows.join(", ")
        ));
    }
    if state {
        let (drifted, links) = store.drifted_links()?;
        if drifted > 0 {
            problems.push(format!(
                "links not as their last change left them: {drifted} ({}{}): edited, added or deleted behind invmap's back; if what is there is right, record it with `invmap adopt --reason TEXT`",
                links.join(", "),
                if drifted as usize > links.len() { ", …" } else { "" }
            ));
        }
    }
    let guards = store.missing_guards()?;
    if !guards.is_empty() {
        problems.push(format!(
            "the append-only guards are missing ({}): anyone could have rewritten entries since; `invmap init` puts them back",
            guards.join(", ")
        ));
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
            problems.push(format!(
                "the head you kept ({}…) is not in the trail: entries were cut from its end or it was rewritten; restore the store from a backup you trust",
                kept.get(..12).unwrap_or(kept)
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Refused(format!(
            "audit trail does not hold: {}",
            problems.join("; ")
        ))
        .into());
    }
    print_object(&mut std::io::stdout().lock(), ctx.format, &v)?;
    ctx.say(&format!(
        "Audit chain intact: {} entries, head {}.",
        v.entries, v.head
    ));
    if let Some(kept) = kept {
        let at = store.audit_entry_with_hash(&kept)?.unwrap_or(0);
        ctx.say(&format!(
            "The head you kept is entry {at}; {} written since: nothing was cut from the end.",
            plural((end.entries - at).max(0) as u64, "entry")
        ));
    }
    if state {
        ctx.say("Every link is as its last change left it.");
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

fn write_anchor(ctx: &Ctx, store: &Store, output: &Path) -> Result<u8> {
    let end = store.audit_end()?;
    let anchor = Anchor {
        store: ctx.db.display().to_string(),
        head: end.clone(),
        at: ctx.now_text().to_string(),
    };
    let mut file = AtomicFile::create(output)?;
    use std::io::Write;
    writeln!(file, "{}", serde_json::to_string_pretty(&anchor)?)?;
    file.commit()?;
    ctx.say(&format!(
        "Wrote the audit head to {}: entry {}, head {}. Keep it where the store's writers cannot change it; `invmap audit verify --anchor {}` proves nothing was cut since.",
        output.display(),
        end.entries,
        end.head,
        output.display()
    ));
    Ok(0)
}

fn read_anchor(path: &Path) -> Result<crate::store::evidence::Head> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the anchor {}", path.display()))?;
    let anchor: Anchor = serde_json::from_str(&text).map_err(|e| {
        InputError::single(
            &path.display().to_string(),
            "",
            "",
            &format!("not an anchor written by `invmap audit anchor`: {e}"),
        )
    })?;
    Ok(anchor.head)
}
