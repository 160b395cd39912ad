//! The backup and restore engines: a verified snapshot out (the store file copied under a
//! read snapshot, or every link as CSV, with a `.sha256` beside it), and the live links made
//! equal to a snapshot's as one change, after the file has been proven intact.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::Driver;
use super::change::{self, Gate, Passed};
use super::phases::Phases;
use crate::csvio::atomic::AtomicFile;
use crate::csvio::cells::Cells;
use crate::csvio::read::{CsvInput, ReadOptions};
use crate::csvio::templates::MAPPING_FIELDS;
use crate::csvio::write::CsvOut;
use crate::domain::effect::EffectRules;
use crate::domain::problem::Problems;
use crate::error::{InputError, UsageError};
use crate::store::Store;
use crate::store::backup;
use crate::tr;

/// What a backup file holds, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `.db`: the whole store, with a manifest inside.
    Db,
    /// `.csv`: every link, in the mappings template.
    Csv,
}

impl Kind {
    pub fn of(path: &Path) -> Result<Kind> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("db" | "sqlite" | "sqlite3") => Ok(Kind::Db),
            Some("csv") => Ok(Kind::Csv),
            _ => Err(UsageError(tr!("ops-backup-kind", path = &path.display())).into()),
        }
    }
}

/// Writes the backup and its checksum; returns how many links it holds.
pub fn backup(d: &dyn Driver, store: &Store, output: &Path, kind: Kind) -> Result<i64> {
    let mut phases = Phases::new(false);
    phases.start("open");
    let links = match kind {
        Kind::Db => {
            let mut file = AtomicFile::create(output)?;
            phases.start("copy");
            let manifest = store
                .backup_to(file.temp_path(), &crate::domain::values::stored(d.now()))
                .with_context(|| tr!("ops-backup-failed", path = &output.display()))?;
            phases.start("checksum+sync");
            // Hashing is CPU work and fsync is waiting for the disk: do both at once.
            let temp = file.temp_path().to_path_buf();
            let sha = std::thread::scope(|s| {
                let hashing = s.spawn(|| sha256_file(&temp));
                file.sync()?;
                hashing.join().expect("hashing thread panicked")
            })?;
            write_checksum(output, &sha)?;
            phases.start("commit");
            file.commit()?;
            phases.finish();
            manifest.links
        }
        Kind::Csv => {
            let mut out = CsvOut::to_file(output, false)?;
            let n = super::export::mappings(&mut &*store, &mut out)?;
            out.finish()?;
            write_checksum(output, &sha256_file(output)?)?;
            n as i64
        }
    };
    Ok(links)
}

/// `backup` of a server store: the same two kinds of file as from a store file — `.db`, an
/// SQLite copy made as `copy` makes it (the audit chain checked on both sides) with the
/// manifest inside, or `.csv`, every link — each with its checksum beside it. `restore` takes
/// either.
pub fn backup_server(
    d: &dyn Driver,
    server: &mut crate::store::postgres::Server,
    output: &Path,
    kind: Kind,
) -> Result<i64> {
    match kind {
        Kind::Db => {
            let mut file = AtomicFile::create(output)?;
            crate::store::copy::server_to_file(server, file.temp_path())
                .with_context(|| tr!("ops-backup-failed", path = &output.display()))?;
            let manifest = crate::store::backup::seal_copy_as_backup(
                file.temp_path(),
                server.url().shown(),
                &crate::domain::values::stored(d.now()),
            )?;
            let sha = sha256_file(file.temp_path())?;
            file.sync()?;
            write_checksum(output, &sha)?;
            file.commit()?;
            Ok(manifest.links)
        }
        Kind::Csv => {
            let mut out = CsvOut::to_file(output, false)?;
            let n = super::export::mappings(server, &mut out)?;
            out.finish()?;
            write_checksum(output, &sha256_file(output)?)?;
            Ok(n as i64)
        }
    }
}

/// What a restore did, or (dry run) would do.
#[derive(Debug)]
pub struct Restored {
    pub gate: Gate,
    pub passed: Passed,
}

/// The first proof, before the store is even opened: the file exists, has a known kind, and
/// matches its checksum (a missing checksum is said, and the structure check must do).
pub fn verify_file(d: &dyn Driver, file: &Path) -> Result<Kind> {
    let kind = Kind::of(file)?;
    if !file.is_file() {
        return Err(InputError::single(
            &file.display().to_string(),
            "",
            "",
            &tr!("ops-no-backup-file"),
        )
        .into());
    }
    verify_checksum(d, file)?;
    Ok(kind)
}

/// How a restore is asked for.
#[derive(Debug, Clone, Default)]
pub struct RestoreRequest {
    pub dry_run: bool,
    pub force: bool,
    pub reason: Option<String>,
    /// Applying an approved plan (the threshold is met; the plan is marked applied).
    pub plan: Option<crate::store::plans::PlanRow>,
}

/// Makes the live links equal to the links of `file` (proven by [`verify_file`]) as one
/// change through the guarded door, after checking its structure — or, for a dry run,
/// judges what that would do.
pub fn restore(
    d: &dyn Driver,
    store: &mut dyn crate::store::ChangeDesk,
    file: &Path,
    kind: Kind,
    req: &RestoreRequest,
) -> Result<Restored> {
    let settings = store.settings()?;
    let mut meta = match &req.plan {
        Some(plan) => super::plans::plan_meta(d, plan, "restore"),
        None => d.change_meta("restore", req.reason.as_deref()),
    };
    meta.source_file = Some(file.display().to_string());
    meta.source_sha256 = Some(sha256_file(file)?);
    let gate = Gate {
        rules: EffectRules {
            what: crate::text!("ops-what-restore"),
            require_region_cover: settings.require_region_cover,
            ..EffectRules::default()
        },
        threshold: settings.approval_threshold.filter(|_| req.plan.is_none()),
        force: req.force,
        dry_run: req.dry_run,
        plan_hint: format!("invmap plan create --restore {}", file.display()),
        undoing: None,
        from_file: true,
    };
    let plan_id = req.plan.as_ref().map(|p| p.id);
    let mark_plan = |tx: &mut dyn crate::store::door::EffectTx| tx.mark_plan_if_any(plan_id);
    let passed = match kind {
        Kind::Db => {
            let manifest = backup::verify_db_backup(file)?;
            // Say what was proven, and what was not.
            let (path, links) = (file.display(), manifest.links);
            let (made, source) = (&manifest.created_at, &manifest.source);
            if checksum_path(file).exists() {
                d.say(&tr!(
                    "ops-backup-intact",
                    path = &path,
                    links = links,
                    made = made,
                    source = source
                ));
            } else {
                d.say(&tr!(
                    "ops-backup-unchecked",
                    path = &path,
                    links = links,
                    made = made,
                    source = source
                ));
            }
            match store.file_store() {
                // A file attaches the backup and copies its rows with one statement each.
                Ok(store) => {
                    store.attach_backup(file)?;
                    if store.backup_from_this_store()? == Some(false) {
                        d.say(&tr!("ops-backup-other-store", path = &path));
                    }
                    let result = change::run(
                        d,
                        store,
                        meta,
                        &gate,
                        |effect| {
                            let effect = effect.file()?;
                            backup::stage_from_backup(effect.tx())?;
                            effect.stage_restore()
                        },
                        mark_plan,
                    );
                    store.detach_backup()?;
                    result?
                }
                // A server is sent the backup's rows.
                Err(_) => {
                    let warehouses = backup::warehouses_of_db(file)?;
                    change::run(
                        d,
                        store,
                        meta,
                        &gate,
                        |effect| {
                            let mut feed = |sink: &mut dyn FnMut(_) -> Result<()>| {
                                backup::feed_from_db(file, sink)
                            };
                            effect.stage_restore_from(&mut feed, &warehouses)
                        },
                        mark_plan,
                    )?
                }
            }
        }
        Kind::Csv => {
            let mut input = CsvInput::open(file, MAPPING_FIELDS, &ReadOptions::default())?;
            let known: HashSet<String> = store.warehouse_codes()?.into_iter().collect();
            change::run(
                d,
                store,
                meta,
                &gate,
                |effect| {
                    let mut problems = Problems::new(input.display_name());
                    let mut feed = |sink: &mut dyn FnMut(_) -> Result<()>| {
                        csv_links(&mut input, &known, &mut problems, sink)
                    };
                    effect.stage_restore_from(&mut feed, &[])?;
                    problems.into_result()?;
                    Ok(())
                },
                mark_plan,
            )?
        }
    };
    Ok(Restored { gate, passed })
}

/// A `.csv` backup, validated like an import; any bad row refuses the whole restore.
fn csv_links(
    input: &mut CsvInput,
    known: &HashSet<String>,
    problems: &mut Problems,
    sink: &mut dyn FnMut(crate::store::door::RestoreLink) -> Result<()>,
) -> Result<()> {
    while let Some(row) = input.next_row(problems)? {
        let mut cells = Cells::new(&row, input, problems);
        let sku = cells.sku(0);
        let wh = cells.warehouse(1);
        let qty = cells.opt_qty(2).map(|q| q.get());
        let prio = cells.opt_int(3, 0);
        if let Some(w) = wh.as_ref().filter(|w| !known.contains(w.as_str())) {
            let w = w.clone();
            cells.fail(1, tr!("ops-restore-unknown-warehouse", warehouse = &w));
        }
        if let (Some(sku), Some(wh), true) = (sku, wh, cells.ok()) {
            sink(crate::store::door::RestoreLink {
                sku: sku.to_string(),
                warehouse: wh.to_string(),
                qty,
                priority: prio.unwrap_or(100),
                state: "active".to_string(),
                drain_started_at: None,
            })?;
        }
    }
    Ok(())
}

pub fn checksum_path(path: &Path) -> PathBuf {
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
fn verify_checksum(d: &dyn Driver, path: &Path) -> Result<()> {
    let sums = checksum_path(path);
    let Ok(text) = std::fs::read_to_string(&sums) else {
        d.say(&tr!("ops-backup-no-checksum", path = &sums.display()));
        return Ok(());
    };
    let expected = text.split_whitespace().next().unwrap_or_default();
    let actual = sha256_file(path)?;
    if expected != actual {
        return Err(InputError::single(
            &path.display().to_string(),
            "",
            "",
            &tr!(
                "ops-backup-checksum-mismatch",
                path = &sums.display(),
                expected = expected.get(..12).unwrap_or(expected),
                found = &actual[..12]
            ),
        )
        .into());
    }
    Ok(())
}

pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = std::fs::File::open(path)
        .with_context(|| tr!("ops-cannot-read", path = &path.display()))?;
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
