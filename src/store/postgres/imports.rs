//! Imports on a server: warehouses (few: a row at a time, their status and region changes
//! through the door), and links — streamed in with COPY, then inserted, updated, counted and
//! given their before-images with a handful of set-based statements, never a query per row.

use std::collections::HashSet;

use anyhow::Result;

use super::Server;
use super::effect::ServerEffect;
use crate::domain::records::{LoadCounts, Loaded, MappingRec, WarehouseRec};
use crate::domain::values::Qty;
use crate::store::changes::ChangeMeta;
use crate::store::door::EffectTx;

/// How much COPY text is gathered before it is sent.
const COPY_CHUNK: usize = 1 << 20;

/// An import on a server: a change (with the door's tables, for warehouse statuses).
pub struct ServerImport<'a> {
    effect: ServerEffect<'a>,
    links: Vec<u8>,
    staged: bool,
    seen: HashSet<String>,
    statuses: Vec<(String, String, String)>,
    regions: Vec<(String, String, String)>,
}

impl Server {
    /// Starts an import as a change (the lock, the rules read inside it).
    pub fn begin_import(&mut self, meta: ChangeMeta) -> Result<ServerImport<'_>> {
        let mut tx = self.client.transaction()?;
        let state = super::change::begin(&mut tx, meta)?;
        Ok(ServerImport {
            effect: ServerEffect::new(tx, Some(state))?,
            links: Vec::with_capacity(COPY_CHUNK),
            staged: false,
            seen: HashSet::new(),
            statuses: Vec::new(),
            regions: Vec::new(),
        })
    }
}

impl<'a> ServerImport<'a> {
    /// One warehouse row: new, renamed, re-costed — written now; a status or region that
    /// changes is kept for the door (see [`ServerImport::loaded_changes`]).
    pub fn load_warehouse(&mut self, r: &WarehouseRec) -> Result<Loaded> {
        if !self.seen.insert(r.code.to_string()) {
            return Ok(Loaded::Duplicate);
        }
        let tx = &mut self.effect.tx;
        let old = tx
            .query_opt(
                "SELECT name::text, region::text, status::text, storage_cost_micros
                 FROM warehouses WHERE code = $1",
                &[&r.code.as_str()],
            )?
            .map(|x| -> crate::store::imports::WarehouseValues {
                (x.get(0), x.get(1), x.get(2), x.get(3))
            });
        let m = crate::store::imports::merge_warehouse(r, old.as_ref());
        if m.unchanged {
            return Ok(Loaded::Unchanged);
        }
        self.statuses.extend(m.status);
        self.regions.extend(m.region);
        let write = m.write;
        tx.execute(
            "INSERT INTO warehouses(code, name, region, status, storage_cost_micros)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region,
                 status = excluded.status, storage_cost_micros = excluded.storage_cost_micros",
            &[&r.code.as_str(), &write.0, &write.1, &write.2, &write.3],
        )?;
        Ok(if old.is_some() {
            Loaded::Updated
        } else {
            Loaded::Inserted
        })
    }

    /// The statuses and regions the file changes: (code, before, after) each.
    #[allow(clippy::type_complexity)]
    pub fn loaded_changes(&self) -> (Vec<(String, String, String)>, Vec<(String, String, String)>) {
        (self.statuses.clone(), self.regions.clone())
    }

    /// One link row, gathered for COPY (what it does is settled once all are in).
    pub fn load_link(&mut self, line: u64, r: &MappingRec) -> Result<Loaded> {
        if !self.staged {
            self.effect.tx.batch_execute(
                r#"DROP TABLE IF EXISTS pg_temp.import_links, pg_temp.import_plan;
                   CREATE TEMP TABLE import_links(line BIGINT NOT NULL,
                       product_id TEXT COLLATE "C" NOT NULL, warehouse_code TEXT COLLATE "C" NOT NULL,
                       qty BIGINT, priority BIGINT);"#,
            )?;
            self.staged = true;
        }
        let (line, qty, priority) = (
            line.to_string(),
            r.stock_quantity.map(|q| Qty::get(q).to_string()),
            r.priority.map(|p| p.to_string()),
        );
        super::unbind::copy_line(
            &mut self.links,
            &[
                Some(&line),
                Some(r.product_id.as_str()),
                Some(r.warehouse_code.as_str()),
                qty.as_deref(),
                priority.as_deref(),
            ],
        );
        if self.links.len() >= COPY_CHUNK {
            self.send_links()?;
        }
        Ok(Loaded::Inserted)
    }

    fn send_links(&mut self) -> Result<()> {
        if self.links.is_empty() {
            return Ok(());
        }
        super::send_copy(
            &mut self.effect.tx,
            "COPY pg_temp.import_links(line, product_id, warehouse_code, qty, priority) FROM STDIN",
            &self.links,
        )?;
        self.links.clear();
        Ok(())
    }

    /// The lines whose pair came earlier in the file (line, "SKU @ WH"); none: the links are
    /// written — new ones inserted, changed ones updated, each with its before-image — and
    /// counted.
    pub fn settle_links(&mut self) -> Result<(LoadCounts, Vec<(u64, String)>)> {
        if !self.staged {
            return Ok((LoadCounts::default(), Vec::new()));
        }
        self.send_links()?;
        let id = self.effect.change.as_ref().map_or(0, |c| c.id);
        let tx = &mut self.effect.tx;
        tx.batch_execute("ANALYZE pg_temp.import_links")?;
        let dups: Vec<(u64, String)> = tx
            .query(
                "SELECT line, product_id || ' @ ' || warehouse_code FROM (
                   SELECT line, product_id, warehouse_code,
                          min(line) OVER (PARTITION BY product_id, warehouse_code) AS first
                   FROM pg_temp.import_links) x
                 WHERE line > first ORDER BY line",
                &[],
            )?
            .iter()
            .map(|r| (r.get::<_, i64>(0) as u64, r.get(1)))
            .collect();
        if !dups.is_empty() {
            return Ok((LoadCounts::default(), dups));
        }
        tx.batch_execute(
            "CREATE TEMP TABLE import_plan AS
             SELECT i.product_id, i.warehouse_code, m.product_id IS NOT NULL AS existed,
                    m.stock_quantity::bigint AS old_qty, m.priority AS old_priority,
                    m.state AS old_state, m.drain_started_at AS old_drain, m.last_change AS old_mark,
                    CASE WHEN m.product_id IS NULL THEN coalesce(i.qty, 0)
                         ELSE coalesce(i.qty, m.stock_quantity) END AS qty,
                    coalesce(i.priority, m.priority, 100) AS priority
             FROM pg_temp.import_links i
             LEFT JOIN inventory_mapping m
               ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code;
             DELETE FROM pg_temp.import_plan
             WHERE existed AND qty IS NOT DISTINCT FROM old_qty AND priority = old_priority;",
        )?;
        super::effect::refuse_too_large(
            tx,
            "SELECT product_id, warehouse_code, qty FROM pg_temp.import_plan WHERE qty > $1 LIMIT 1",
        )?;
        let r = tx.query_one(
            "SELECT count(*) FILTER (WHERE NOT existed), count(*) FILTER (WHERE existed),
                    (SELECT count(*) FROM pg_temp.import_links)
             FROM pg_temp.import_plan",
            &[],
        )?;
        let (inserted, updated, rows): (i64, i64, i64) = (r.get(0), r.get(1), r.get(2));
        tx.execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
                 before_present, before_qty, before_priority, before_state,
                 before_drain_started_at, before_last_change, after_present, after_qty)
             SELECT $1, product_id, warehouse_code,
                    CASE WHEN existed THEN 'update' ELSE 'insert' END, existed::int,
                    old_qty, old_priority, old_state, old_drain, old_mark, 1, qty
             FROM pg_temp.import_plan",
            &[&id],
        )?;
        tx.execute(
            "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority,
                                           last_change)
             SELECT product_id, warehouse_code, qty::int, priority, $1 FROM pg_temp.import_plan
             ON CONFLICT (product_id, warehouse_code) DO UPDATE SET
                 stock_quantity = excluded.stock_quantity, priority = excluded.priority,
                 last_change = excluded.last_change",
            &[&id],
        )?;
        let counts = LoadCounts {
            inserted: inserted as u64,
            updated: updated as u64,
            unchanged: (rows - inserted - updated) as u64,
        };
        Ok((counts, Vec::new()))
    }

    /// The closed warehouses this change put links at, with how many.
    pub fn links_at_closed_warehouses(&mut self) -> Result<Vec<(String, i64)>> {
        let id = self.effect.change.as_ref().map_or(0, |c| c.id);
        Ok(self
            .effect
            .tx
            .query(
                "SELECT w.code::text, count(*) FROM warehouses w
                 JOIN inventory_mapping m ON m.warehouse_code = w.code
                 WHERE w.status = 'closed' AND m.last_change = $1
                 GROUP BY w.code ORDER BY w.code",
                &[&id],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    /// The change, as the door goes on with it.
    pub fn door(&mut self) -> &mut dyn EffectTx {
        &mut self.effect
    }

    pub fn into_door(self) -> Box<dyn EffectTx + 'a> {
        Box::new(self.effect)
    }
}
