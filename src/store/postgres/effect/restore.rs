//! A restore onto a server: the backup's links and warehouses streamed in with COPY, then
//! the live links made equal to them, staged into the effect (`Effect::stage_restore` of a
//! file store, in PostgreSQL's dialect).

use anyhow::Result;
use postgres::Transaction;

use crate::store::door::{Feed, RestoreWarehouse};
use crate::store::postgres::unbind::copy_line;

/// How much COPY text is gathered before it is sent.
const CHUNK: usize = 1 << 20;

pub fn stage(
    tx: &mut Transaction<'_>,
    feed: &mut Feed<'_>,
    warehouses: &[RestoreWarehouse],
) -> Result<()> {
    tx.batch_execute(
        r#"DROP TABLE IF EXISTS pg_temp.restore_links, pg_temp.restore_warehouses;
           CREATE TEMP TABLE restore_links(product_id TEXT COLLATE "C" NOT NULL,
               warehouse_code TEXT COLLATE "C" NOT NULL, stock_quantity BIGINT,
               priority BIGINT NOT NULL DEFAULT 100, state TEXT COLLATE "C" NOT NULL DEFAULT 'active',
               drain_started_at TEXT COLLATE "C", PRIMARY KEY (product_id, warehouse_code));
           CREATE TEMP TABLE restore_warehouses(code TEXT COLLATE "C" PRIMARY KEY, name TEXT,
               region TEXT, status TEXT, storage_cost_micros BIGINT);"#,
    )?;
    // The links gathered as COPY text and sent a slice at a time (never held whole).
    let send = |tx: &mut Transaction<'_>, buf: &mut Vec<u8>| -> Result<()> {
        crate::store::postgres::send_copy(
            tx,
            "COPY pg_temp.restore_links(product_id, warehouse_code, stock_quantity, priority,
                                        state, drain_started_at) FROM STDIN",
            buf,
        )?;
        buf.clear();
        Ok(())
    };
    let mut buf = Vec::with_capacity(CHUNK);
    feed(&mut |l| {
        let (qty, priority) = (l.qty.map(|q| q.to_string()), l.priority.to_string());
        copy_line(
            &mut buf,
            &[
                Some(&l.sku),
                Some(&l.warehouse),
                qty.as_deref(),
                Some(&priority),
                Some(&l.state),
                l.drain_started_at.as_deref(),
            ],
        );
        if buf.len() >= CHUNK {
            send(tx, &mut buf)?;
        }
        Ok(())
    })?;
    send(tx, &mut buf)?;
    for w in warehouses {
        tx.execute(
            "INSERT INTO pg_temp.restore_warehouses VALUES ($1, $2, $3, $4, $5)",
            &[
                &w.code,
                &w.name,
                &w.region,
                &w.status,
                &w.storage_cost_micros,
            ],
        )?;
    }
    tx.batch_execute(
        "ANALYZE pg_temp.restore_links;
         INSERT INTO pg_temp.effect_new_wh
         SELECT code, name, region, status, storage_cost_micros FROM pg_temp.restore_warehouses b
         WHERE NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.code = b.code);
         INSERT INTO pg_temp.effect
         SELECT m.product_id, m.warehouse_code, 'restore', true, m.stock_quantity, m.priority,
                m.state, m.drain_started_at, m.last_change,
                false, NULL, NULL, NULL, NULL, NULL, false
         FROM inventory_mapping m
         WHERE NOT EXISTS (SELECT 1 FROM pg_temp.restore_links b
             WHERE b.product_id = m.product_id AND b.warehouse_code = m.warehouse_code);
         INSERT INTO pg_temp.effect
         SELECT b.product_id, b.warehouse_code, 'restore', m.product_id IS NOT NULL,
                m.stock_quantity, m.priority, m.state, m.drain_started_at, m.last_change,
                true, b.stock_quantity, b.priority, b.state, b.drain_started_at, NULL, false
         FROM pg_temp.restore_links b
         LEFT JOIN inventory_mapping m
           ON m.product_id = b.product_id AND m.warehouse_code = b.warehouse_code
         WHERE m.product_id IS NULL OR m.stock_quantity IS DISTINCT FROM b.stock_quantity
            OR m.priority <> b.priority OR m.state <> b.state;",
    )?;
    Ok(())
}
