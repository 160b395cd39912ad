//! The store's half of "did you mean …?" (see `domain::near`): warehouses are few, so each is
//! compared; SKUs may be millions, so only the likely spellings are looked up, by key.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};

use super::Store;
use crate::domain::near;

/// A warehouse code the operator probably meant by `typed`.
pub(super) fn warehouse(conn: &Connection, typed: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT code FROM warehouses ORDER BY code")?;
    let codes = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for code in codes {
        let code = code?;
        if near::likely(typed, &code) {
            return Ok(Some(code));
        }
    }
    Ok(None)
}

/// A SKU of the store (linked, or in `products`) the operator probably meant by `typed`.
pub(super) fn sku(conn: &Connection, typed: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ?1 WHERE EXISTS (SELECT 1 FROM inventory_mapping WHERE product_id = ?1)
                      OR EXISTS (SELECT 1 FROM products WHERE product_id = ?1)",
    )?;
    for v in near::variants(typed) {
        if let Some(found) = stmt.query_row([&v], |r| r.get(0)).optional()? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

impl Store {
    /// " (did you mean SH01? …)" for a warehouse code the store does not have, or "".
    pub fn suggest_warehouse(&self, typed: &str) -> Result<String> {
        Ok(warehouse(&self.conn, typed)?
            .map(|c| near::did_you_mean(typed, &c))
            .unwrap_or_default())
    }

    /// " (did you mean SKU-A020? …)" for a SKU the store does not have, or "".
    pub fn suggest_sku(&self, typed: &str) -> Result<String> {
        Ok(sku(&self.conn, typed)?
            .map(|c| near::did_you_mean(typed, &c))
            .unwrap_or_default())
    }
}
