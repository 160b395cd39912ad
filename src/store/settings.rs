//! Settings stored in the store (`settings` table).

use anyhow::Result;
use rusqlite::OptionalExtension;

use super::Store;

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
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

/// The settings an unbind reads.
#[derive(Debug, Clone)]
pub struct UnbindSettings {
    pub require_region_cover: bool,
    pub drain_buffer_hours: i64,
}

impl Store {
    pub fn unbind_settings(&self) -> Result<UnbindSettings> {
        let on = |v: Option<String>| {
            v.is_some_and(|v| {
                matches!(v.to_ascii_lowercase().as_str(), "on" | "true" | "1" | "yes")
            })
        };
        Ok(UnbindSettings {
            require_region_cover: on(self.setting("require_region_cover")?),
            drain_buffer_hours: self
                .setting("drain_buffer_hours")?
                .and_then(|v| v.parse().ok())
                .unwrap_or(48),
        })
    }
}
