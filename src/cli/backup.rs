//! `invmap backup -o FILE.db|FILE.csv` and `invmap restore FILE`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::Ctx;
use super::import::MAPPING_FIELDS;
use crate::csvio::atomic::AtomicFile;
use crate::csvio::read::{CsvInput, ReadOptions};
use crate::csvio::write::CsvOut;
use crate::domain::problem::Problems;
use crate::error::{InputError, UsageError};
use crate::store::backup::{self, RestoreCounts};
use crate::store::{OpenMode, Store, Tx};

/// Back up the store: a verified snapshot to restore from.
///
/// `FILE.db`: the whole store as one consistent snapshot (others can keep working), with a
/// manifest inside. `FILE.csv`: every link, in the mappings template. Either
/// way a `FILE.sha256` is written beside it so `invmap restore` can prove the file is intact.
/// Files are written to a temp name and renamed, so a crash never leaves half a backup.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write: a path ending in .db or .csv
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
}

/// Make the live links equal to a backup's, as one change (which can be rolled back).
///
/// The file is verified first — its .sha256, integrity, manifest and schema — and a damaged or
/// foreign file is refused without touching the live store.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A .db or .csv file written by `invmap backup`
    pub file: PathBuf,
    /// Show what would change; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Db,
    Csv,
}

fn kind(path: &Path) -> Result<Kind> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("db" | "sqlite" | "sqlite3") => Ok(Kind::Db),
        Some("csv") => Ok(Kind::Csv),
        _ => Err(UsageError(format!(
            "{}: give a file name ending in .db or .csv",
            path.display()
        ))
        .into()),
    }
}

pub fn backup(ctx: &Ctx, args: BackupArgs) -> Result<u8> {
    let kind = kind(&args.output)?;
    let mut phases = crate::ops::phases::Phases::new(false);
    phases.start("open");
    let store = ctx.open(OpenMode::Existing)?;
    let links = match kind {
        Kind::Db => {
            let mut file = AtomicFile::create(&args.output)?;
            phases.start("copy");
            let manifest = store
                .backup_to(file.temp_path(), ctx.now_text())
                .with_context(|| {
                    format!(
                        "nothing was written under {}; free space or choose another place, and retry",
                        args.output.display()
                    )
                })?;
            phases.start("checksum+sync");
            // Hashing is CPU work and fsync is waiting for the disk: do both at once.
            let temp = file.temp_path().to_path_buf();
            let sha = std::thread::scope(|s| {
                let hashing = s.spawn(|| sha256_file(&temp));
                file.sync()?;
                hashing.join().expect("hashing thread panicked")
            })?;
            write_checksum(&args.output, &sha)?;
            phases.start("commit");
            file.commit()?;
            phases.finish();
            manifest.links
        }
        Kind::Csv => {
            let mut out = CsvOut::create(Some(&args.output), false)?;
            let n = super::export::export_mappings(&store, &mut out)?;
            out.finish()?;
            write_checksum(&args.output, &sha256_file(&args.output)?)?;
            n as i64
        }
    };
    ctx.say(&format!(
        "Backed up {links} links to {} (checksum in {}). Check it any time with `invmap restore {} --dry-run`.",
        args.output.display(),
        checksum_path(&args.output).display(),
        args.output.display()
    ));
    Ok(0)
}

pub fn restore(ctx: &Ctx, args: RestoreArgs) -> Result<u8> {
    let kind = kind(&args.file)?;
    if !args.file.is_file() {
        return Err(InputError::single(
            &args.file.display().to_string(),
            "",
            "",
            "no such backup file",
        )
        .into());
    }
    verify_checksum(ctx, &args.file)?;
    let mut store = ctx.open(OpenMode::Existing)?;
    let mut meta = ctx.change_meta("restore", args.reason.as_deref());
    meta.source_file = Some(args.file.display().to_string());
    meta.source_sha256 = Some(sha256_file(&args.file)?);
    let counts = match kind {
        Kind::Db => {
            let manifest = backup::verify_db_backup(&args.file)?;
            ctx.say(&format!(
                "{} is intact: {} links, made {} from {}.",
                args.file.display(),
                manifest.links,
                manifest.created_at,
                manifest.source
            ));
            store.attach_backup(&args.file)?;
            let result = restore_staged(ctx, &mut store, meta, args.dry_run, |tx| {
                backup::stage_from_backup(tx)
            });
            store.detach_backup()?;
            result?
        }
        Kind::Csv => {
            let mut input = CsvInput::open(&args.file, MAPPING_FIELDS, &ReadOptions::default())?;
            let known = store.warehouse_code_set()?;
            restore_staged(ctx, &mut store, meta, args.dry_run, |tx| {
                stage_csv(tx, &mut input, &known)
            })?
        }
    };
    let _ = counts;
    Ok(0)
}

/// Stages, counts, and applies (or only reports, for a dry run) the restore.
fn restore_staged(
    ctx: &Ctx,
    store: &mut Store,
    meta: crate::store::changes::ChangeMeta,
    dry_run: bool,
    stage: impl FnOnce(&dyn Tx) -> Result<()>,
) -> Result<RestoreCounts> {
    let describe = |c: &RestoreCounts| {
        format!(
            "{} removed, {} added, {} updated{}",
            crate::report::words::plural(c.removed, "link"),
            c.added,
            c.updated,
            if c.warehouses_added > 0 {
                format!(", {} warehouses added", c.warehouses_added)
            } else {
                String::new()
            }
        )
    };
    if dry_run {
        let tx = store.begin_read()?;
        stage(&tx)?;
        let counts = backup::restore_counts(&tx)?;
        ctx.say(&format!(
            "Dry run: restoring would make the links equal to the backup's: {}. Nothing was changed.",
            describe(&counts)
        ));
        return Ok(counts);
    }
    let mut phases = crate::ops::phases::Phases::new(false);
    phases.start("stage");
    let tx = store.begin_change(meta)?;
    stage(&tx)?;
    phases.start("apply");
    let counts = tx.apply_restore()?;
    tx.audit_items()?;
    phases.start("commit");
    let landed = tx.finish(&serde_json::to_value(counts)?)?;
    phases.finish();
    ctx.report_change(
        landed,
        &format!("Restored the links: {}.", describe(&counts)),
    );
    Ok(counts)
}

/// A `.csv` backup, validated like an import; any bad row refuses the whole restore.
fn stage_csv(
    tx: &dyn Tx,
    input: &mut CsvInput,
    known: &std::collections::HashSet<String>,
) -> Result<()> {
    backup::stage_table(tx)?;
    let mut problems = Problems::new(input.display_name());
    while let Some(row) = input.next_row(&mut problems)? {
        let mut cells = super::cells::Cells::new(&row, input, &mut problems);
        let sku = cells.sku(0);
        let wh = cells.warehouse(1);
        // A backup puts back what was, negative stock included (`check` reports it).
        let qty = cells.opt_int(2, i64::MIN);
        let prio = cells.opt_int(3, 0);
        if let Some(w) = wh.as_ref().filter(|w| !known.contains(w.as_str())) {
            let w = w.clone();
            cells.fail(1, format!("unknown warehouse {w}: add it before restoring"));
        }
        if let (Some(sku), Some(wh), true) = (sku, wh, cells.ok()) {
            backup::stage_link(tx, &sku, &wh, qty, prio)?;
        }
    }
    problems.into_result()?;
    Ok(())
}

fn checksum_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".sha256");
    PathBuf::from(name)
}

/// `FILE.sha256` in sha256sum's format, so `sha256sum -c` can check it too.
fn write_checksum(path: &Path, sha: &str) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut file = AtomicFile::create(&checksum_path(path))?;
    use std::io::Write;
    writeln!(file, "{sha}  {name}")?;
    file.commit()
}

/// Refuses a file whose checksum does not match; warns when there is none to check.
fn verify_checksum(ctx: &Ctx, path: &Path) -> Result<()> {
    let sums = checksum_path(path);
    let Ok(text) = std::fs::read_to_string(&sums) else {
        ctx.say(&format!(
            "warning: no {} beside the backup: checking its structure only",
            sums.display()
        ));
        return Ok(());
    };
    let expected = text.split_whitespace().next().unwrap_or_default();
    let actual = sha256_file(path)?;
    if expected != actual {
        return Err(InputError::single(
            &path.display().to_string(),
            "",
            "",
            &format!(
                "the file does not match its checksum {} (sha256 {} expected, {} found): it is damaged or was changed; the live store was not touched — use another backup",
                sums.display(),
                &expected.get(..12).unwrap_or(expected),
                &actual[..12]
            ),
        )
        .into());
    }
    Ok(())
}

pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(crate::store::audit::hex(&hasher.finalize()))
}
