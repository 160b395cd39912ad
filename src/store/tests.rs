//! The store-level suite: imports, unbind, rollback, changes, backup and the audit chain,
//! written against the seam only (typed operations, no SQL, no driver type), so the same
//! functions run on every backend. Each `#[test]` at the bottom runs one scenario on a fresh
//! in-memory SQLite store; a server backend adds its own opener and calls the same scenarios.

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::changes::ChangeMeta;
use super::effect::Effect;
use super::imports::{MappingLoader, WarehouseLoader};
use super::{Store, backup};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::records::{Loaded, MappingRec, WarehouseRec};
use crate::domain::values::Qty;
use crate::ops::Driver;
use crate::ops::unbind::{self, Mode, Options, Source};
use crate::store::unbind::PairInput;

const AT: &str = "2026-11-27T09:00:00Z";

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

fn wh(s: &str) -> WarehouseCode {
    WarehouseCode::parse(s).unwrap()
}

fn qty(n: i64) -> Qty {
    Qty::new(n).unwrap()
}

fn meta(kind: &str) -> ChangeMeta {
    ChangeMeta {
        kind: kind.into(),
        operator: "ana".into(),
        command_line: format!("invmap {kind}"),
        at: AT.into(),
        ..ChangeMeta::default()
    }
}

/// Warehouses SH01 and BJ01 (two regions), then the links given, as one import change.
fn seed(store: &mut Store, links: &[(&str, &str, i64)]) -> Result<i64> {
    let tx = store.begin_plain()?;
    let mut loader = WarehouseLoader::new(&tx)?;
    for (code, region) in [("SH01", "east"), ("BJ01", "north")] {
        loader.load(&WarehouseRec {
            code: wh(code),
            name: None,
            region: Some(region.into()),
            status: None,
            storage_cost_micros: None,
        })?;
    }
    drop(loader);
    tx.commit()?;
    let tx = store.begin_change(meta("import-mappings"))?;
    let mut loader = MappingLoader::new(&tx)?;
    for (s, w, q) in links {
        let loaded = loader.load(&MappingRec {
            product_id: sku(s),
            warehouse_code: wh(w),
            stock_quantity: Some(qty(*q)),
            priority: None,
        })?;
        assert_eq!(loaded, Loaded::Inserted);
    }
    loader.flush()?;
    drop(loader);
    tx.audit_items()?;
    let (id, _head) = tx
        .finish(&serde_json::json!({}))?
        .expect("links were added");
    Ok(id)
}

/// The links as `(sku, warehouse, qty)`, in key order.
fn links(store: &Store) -> Result<Vec<(String, String, Option<i64>)>> {
    let mut all = Vec::new();
    store.each_link(|l| {
        all.push((
            l.product_id.clone(),
            l.warehouse_code.clone(),
            l.stock_quantity,
        ));
        Ok(())
    })?;
    Ok(all)
}

/// A driver with a fixed clock that keeps what the engine says.
#[derive(Default)]
struct Quiet(std::cell::RefCell<Vec<String>>);

impl Driver for Quiet {
    fn now(&self) -> DateTime<Utc> {
        AT.parse().unwrap()
    }
    fn operator(&self) -> &str {
        "ana"
    }
    fn override_window(&self) -> bool {
        false
    }
    fn say(&self, message: &str) {
        self.0.borrow_mut().push(message.to_string());
    }
    fn show_progress(&self) -> bool {
        false
    }
    fn change_meta(&self, kind: &str, _reason: Option<&str>) -> ChangeMeta {
        meta(kind)
    }
    fn report_change(&self, landed: Option<(i64, String)>, what: crate::i18n::Text) {
        self.say(&format!("{what} {landed:?}"));
    }
}

fn pairs(list: &[(&str, &str)]) -> Source {
    Source::Pairs(
        list.iter()
            .enumerate()
            .map(|(i, (s, w))| PairInput {
                line: i as u64 + 1,
                sku: sku(s),
                warehouse: wh(w),
                transfer_to: None,
                reason: None,
                priority: None,
            })
            .collect(),
    )
}

fn unbind(store: &mut Store, list: &[(&str, &str)], o: &Options) -> Result<unbind::Outcome> {
    unbind::execute(
        &Quiet::default(),
        store,
        &mut pairs(list),
        o,
        Mode::Apply(Box::new(meta("unbind"))),
    )
}

pub fn imports_record_one_change_and_tell_duplicates(store: &mut Store) -> Result<()> {
    let id = seed(store, &[("SKU-1", "SH01", 5), ("SKU-1", "BJ01", 0)])?;
    let change = store.change(id)?.expect("the import is a change");
    assert_eq!((change.kind.as_str(), change.pairs), ("import-mappings", 2));
    assert_eq!(store.change_items(id, -1)?.len(), 2);
    // The same key twice in one load is a duplicate; an unchanged row records nothing.
    let tx = store.begin_change(meta("import-mappings"))?;
    let mut loader = MappingLoader::new(&tx)?;
    let rec = MappingRec {
        product_id: sku("SKU-1"),
        warehouse_code: wh("SH01"),
        stock_quantity: Some(qty(5)),
        priority: None,
    };
    assert_eq!(loader.load(&rec)?, Loaded::Unchanged);
    assert_eq!(loader.load(&rec)?, Loaded::Duplicate);
    drop(loader);
    assert!(
        tx.finish(&serde_json::json!({}))?.is_none(),
        "nothing changed"
    );
    assert_eq!(store.changes(None)?.len(), 1);
    Ok(())
}

pub fn unbind_removes_links_with_before_images_and_audit(store: &mut Store) -> Result<()> {
    seed(store, &[("SKU-1", "SH01", 0), ("SKU-1", "BJ01", 0)])?;
    let out = unbind(store, &[("SKU-1", "SH01")], &Options::default())?;
    let (id, head) = out.landed.expect("the unbind landed");
    assert_eq!(out.counts.unbind, 1);
    assert_eq!(
        links(store)?,
        vec![("SKU-1".into(), "BJ01".into(), Some(0))]
    );
    let items = store.change_items(id, -1)?;
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].before.as_str(), items[0].after.as_str()),
        ("qty 0 active", "absent")
    );
    assert_eq!(store.audit_head()?, head);
    Ok(())
}

pub fn unbind_refuses_the_last_warehouse_and_changes_nothing(store: &mut Store) -> Result<()> {
    seed(store, &[("SKU-1", "SH01", 0)])?;
    let before = links(store)?;
    let err = unbind(store, &[("SKU-1", "SH01")], &Options::default()).unwrap_err();
    assert!(
        err.downcast_ref::<crate::error::Refused>().is_some(),
        "{err:#}"
    );
    assert!(err.to_string().contains("[last-warehouse]"), "{err:#}");
    assert_eq!(links(store)?, before);
    assert_eq!(store.changes(None)?.len(), 1, "only the import");
    Ok(())
}

pub fn rollback_puts_back_what_a_change_removed(store: &mut Store) -> Result<()> {
    seed(store, &[("SKU-1", "SH01", 0), ("SKU-1", "BJ01", 0)])?;
    let before = links(store)?;
    let (target, _) = unbind(store, &[("SKU-1", "SH01")], &Options::default())?
        .landed
        .unwrap();
    assert_eq!(store.last_undoable_change()?, Some(target));
    let mut m = meta("rollback");
    m.rolls_back = Some(target);
    let tx = store.begin_change(m)?;
    let effect = Effect::new(&tx)?;
    effect.stage_rollback(target)?;
    assert_eq!(effect.counts()?.conflicts, 0);
    assert!(
        effect.facts()?.is_empty(),
        "nothing to judge: the link comes back"
    );
    assert_eq!(tx.apply_effect(false)?, 1);
    tx.audit_items()?;
    let (undo, _) = tx.finish(&serde_json::json!({}))?.unwrap();
    assert_eq!(links(store)?, before);
    assert_eq!(store.change(target)?.unwrap().rolled_back_by, Some(undo));
    assert_eq!(store.audit_verify()?.first_broken, None);
    Ok(())
}

pub fn rollback_finds_rows_changed_again(store: &mut Store) -> Result<()> {
    seed(store, &[("SKU-1", "SH01", 0), ("SKU-1", "BJ01", 0)])?;
    let (target, _) = unbind(store, &[("SKU-1", "SH01")], &Options::default())?
        .landed
        .unwrap();
    let tx = store.begin_change(meta("bind"))?;
    Effect::new(&tx)?.stage_bind(&sku("SKU-1"), &wh("SH01"), Some(qty(3)), None)?;
    tx.apply_effect(false)?;
    tx.audit_items()?;
    let (later, _) = tx.finish(&serde_json::json!({}))?.unwrap();
    let tx = store.begin_read()?;
    let effect = Effect::new(&tx)?;
    effect.stage_rollback(target)?;
    assert_eq!(effect.counts()?.conflicts, 1);
    let facts = effect.facts()?;
    assert!(facts[0].conflict);
    assert_eq!(facts[0].changed_by, Some(later));
    assert_eq!(
        effect.overwrites(10)?[0].now,
        Some(3),
        "a forced undo would overwrite the 3 units bound later"
    );
    Ok(())
}

pub fn backup_and_restore_round_trip(store: &mut Store) -> Result<()> {
    seed(store, &[("SKU-1", "SH01", 4), ("SKU-2", "BJ01", 1)])?;
    let before = links(store)?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("b.db");
    let manifest = store.backup_to(&file, AT)?;
    assert_eq!(manifest.links, 2);
    assert_eq!(backup::verify_db_backup(&file)?.links, 2);
    unbind(
        store,
        &[("SKU-2", "BJ01")],
        &Options {
            rules: crate::domain::checks::UnbindOptions {
                allow_orphan: true,
                write_off: true,
                ..Default::default()
            },
            ..Options::default()
        },
    )?;
    assert_eq!(links(store)?.len(), 1);
    store.attach_backup(&file)?;
    let tx = store.begin_change(meta("restore"))?;
    let effect = Effect::new(&tx)?;
    backup::stage_from_backup(&tx)?;
    effect.stage_restore()?;
    let counts = effect.counts()?;
    assert_eq!((counts.added, counts.removed), (1, 0));
    tx.apply_effect(true)?;
    tx.audit_items()?;
    tx.finish(&serde_json::json!({}))?.unwrap();
    store.detach_backup()?;
    assert_eq!(links(store)?, before);
    Ok(())
}

pub fn the_audit_chain_grows_with_every_change(store: &mut Store) -> Result<()> {
    let empty = store.audit_head()?;
    seed(store, &[("SKU-1", "SH01", 0), ("SKU-1", "BJ01", 0)])?;
    let after_import = store.audit_verify()?;
    assert_ne!(after_import.head, empty);
    assert_eq!(after_import.entries, 2, "one entry per imported link");
    unbind(store, &[("SKU-1", "SH01")], &Options::default())?;
    let after_unbind = store.audit_verify()?;
    assert_eq!(after_unbind.entries, 3);
    assert_eq!(after_unbind.first_broken, None);
    assert_eq!(after_unbind.head, store.audit_head()?);
    let mut actions = Vec::new();
    store.audit_entries(None, None, |e| {
        actions.push(e.action);
        Ok(())
    })?;
    assert_eq!(actions, ["insert", "insert", "unbind"]);
    Ok(())
}

/// A decision lands only on the status it was read in: a reject racing an approval (or an
/// apply) cannot overwrite it.
pub fn plan_decisions_are_guarded_by_the_status_read(store: &mut Store) -> Result<()> {
    use super::plans::{NewPlan, PlanDecision, PlanPairs};
    let id = store.create_plan(&NewPlan {
        at: AT.into(),
        creator: "ana".into(),
        reason: String::new(),
        ticket: None,
        source_file: None,
        source_sha256: None,
        options: serde_json::json!({}),
        status: "pending",
        effective_at: None,
        pairs: PlanPairs::Count(0),
    })?;
    let audit = (AT, "bo", "plan-approve", "approved");
    store.decide_plan(
        id,
        "pending",
        PlanDecision::Approve { by: "bo", at: AT },
        audit,
    )?;
    let late = store.decide_plan(
        id,
        "pending",
        PlanDecision::Reject {
            by: "cy",
            at: AT,
            reason: "no",
        },
        (AT, "cy", "plan-reject", "rejected"),
    );
    let err = late.unwrap_err();
    assert!(err.to_string().contains("it is now approved"), "{err:#}");
    assert_eq!(store.plan(id)?.unwrap().status, "approved");
    Ok(())
}

/// "Already rolled back" is read inside the change's transaction.
pub fn a_change_is_rolled_back_once(store: &mut Store) -> Result<()> {
    seed(store, &[("SKU-1", "SH01", 0), ("SKU-1", "BJ01", 0)])?;
    let (target, _) = unbind(store, &[("SKU-1", "SH01")], &Options::default())?
        .landed
        .unwrap();
    let mut m = meta("rollback");
    m.rolls_back = Some(target);
    let tx = store.begin_change(m.clone())?;
    Effect::new(&tx)?.stage_rollback(target)?;
    tx.apply_effect(false)?;
    tx.audit_items()?;
    let (undo, _) = tx.finish(&serde_json::json!({}))?.unwrap();
    let again = store.begin_change(m).err().expect("refused");
    assert!(
        again
            .to_string()
            .contains(&format!("already rolled back by change {undo}")),
        "{again:#}"
    );
    Ok(())
}

/// Runs one scenario on a fresh in-memory SQLite store.
fn on_sqlite(scenario: fn(&mut Store) -> Result<()>) {
    let mut store = Store::open_in_memory().unwrap();
    scenario(&mut store).unwrap();
}

#[test]
fn sqlite_imports() {
    on_sqlite(imports_record_one_change_and_tell_duplicates);
}

#[test]
fn sqlite_unbind() {
    on_sqlite(unbind_removes_links_with_before_images_and_audit);
}

#[test]
fn sqlite_unbind_refusal() {
    on_sqlite(unbind_refuses_the_last_warehouse_and_changes_nothing);
}

#[test]
fn sqlite_rollback() {
    on_sqlite(rollback_puts_back_what_a_change_removed);
}

#[test]
fn sqlite_rollback_conflict() {
    on_sqlite(rollback_finds_rows_changed_again);
}

#[test]
fn sqlite_backup_restore() {
    on_sqlite(backup_and_restore_round_trip);
}

#[test]
fn sqlite_audit_chain() {
    on_sqlite(the_audit_chain_grows_with_every_change);
}

#[test]
fn sqlite_plan_decisions() {
    on_sqlite(plan_decisions_are_guarded_by_the_status_read);
}

#[test]
fn sqlite_rolled_back_once() {
    on_sqlite(a_change_is_rolled_back_once);
}
