//! Settings stored in the store (`settings` table).

use anyhow::Result;
use rusqlite::OptionalExtension;

use super::Store;
use crate::domain::settings::Settings;

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

impl Store {
    /// Every setting, typed, with defaults for those not set.
    pub fn settings(&self) -> Result<Settings> {
        read(&self.conn)
    }

    /// Sets (`Some`) or clears (`None`) a setting, with an audit entry, in one transaction.
    /// The value must already be validated (`domain::settings::normalise`).
    pub fn change_setting(
        &mut self,
        key: &str,
        value: Option<&str>,
        at: &str,
        operator: &str,
    ) -> Result<()> {
        let before = self.setting(key)?;
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        match value {
            Some(v) => tx.0.execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = ?2",
                [key, v],
            )?,
            None => tx.0.execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
        let detail = change_detail(key, before.as_deref(), value);
        super::audit::append_event(&tx.0, &chain, at, operator, "setting", &detail)?;
        tx.commit()
    }
}

/// The audit entry of a setting's change (the same text on every backend: it is hashed).
pub(crate) fn change_detail(key: &str, before: Option<&str>, after: Option<&str>) -> String {
    // stored: the audit entry
    format!(
        "{key}: {} -> {}",
        before.unwrap_or("(default)"),
        after.unwrap_or("(default)")
    )
}

/// Every setting, typed, as `conn` sees them (inside a change: as that transaction sees them).
pub(super) fn read(conn: &rusqlite::Connection) -> Result<Settings> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let stored: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Settings::from_stored(&stored))
}
