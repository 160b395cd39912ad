//! Settings stored in the store (`settings` table).

use anyhow::Result;
use rusqlite::OptionalExtension;

use super::Store;

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = ?2",
            [key, value],
        )?;
        Ok(())
    }

    /// Warehouse codes that exist, for validating a file's references in memory.
    pub fn warehouse_code_set(&self) -> Result<std::collections::HashSet<String>> {
        super::imports::warehouse_codes(&self.conn)
    }
}
