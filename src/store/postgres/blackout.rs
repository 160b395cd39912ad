//! Blackout windows on a server: adding, listing, removing (as `store/sqlite/blackout.rs`),
//! each change with its audit entry under the change lock.

use anyhow::Result;
use chrono::{DateTime, NaiveTime, Utc};
use postgres::GenericClient;

use super::plans::{append_event, settings};
use super::{CHANGE_LOCK, Server};
use crate::domain::values::stored;
use crate::domain::windows::Window;
use crate::store::blackout::window_of;

const COLUMNS: &str = "id, starts_at::text, ends_at::text, daily_from::text, daily_to::text,
    reason::text";

fn row(r: &postgres::Row) -> Window {
    window_of(r.get(0), [r.get(1), r.get(2), r.get(3), r.get(4)], r.get(5))
}

fn one(c: &mut impl GenericClient, id: i64) -> Result<Window> {
    let mut w = row(&c.query_one(
        &format!("SELECT {COLUMNS} FROM blackout_windows WHERE id = $1"),
        &[&id],
    )?);
    w.zone = settings(c)?.timezone;
    Ok(w)
}

impl Server {
    /// Adds a window (one-off `span` or `daily` clock times); returns its id.
    pub fn add_window(
        &mut self,
        span: Option<(DateTime<Utc>, DateTime<Utc>)>,
        daily: Option<(NaiveTime, NaiveTime)>,
        reason: &str,
        at: &str,
        operator: &str,
    ) -> Result<i64> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        let (starts, ends) = (span.map(|s| stored(s.0)), span.map(|s| stored(s.1)));
        let (from, to) = (
            daily.map(|d| d.0.format("%H:%M").to_string()),
            daily.map(|d| d.1.format("%H:%M").to_string()),
        );
        // Ids follow the table's own (a store copied here keeps counting where it was).
        let id: i64 = tx
            .query_one(
                "INSERT INTO blackout_windows(starts_at, ends_at, daily_from, daily_to, reason,
                                              created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[&starts, &ends, &from, &to, &reason, &operator, &at],
            )?
            .get(0);
        let w = one(&mut tx, id)?;
        append_event(&mut tx, at, operator, "blackout-add", &w.describe())?;
        tx.commit()?;
        Ok(id)
    }

    /// Windows not removed, oldest first, in the store's time zone.
    pub fn windows(&mut self) -> Result<Vec<Window>> {
        windows(&mut self.client)
    }

    /// Removes a window (kept with who removed it, and in the audit trail); false when there
    /// is no such window.
    pub fn remove_window(&mut self, id: i64, at: &str, operator: &str) -> Result<bool> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        let n = tx.execute(
            "UPDATE blackout_windows SET removed_by = $2, removed_at = $3
             WHERE id = $1 AND removed_at IS NULL",
            &[&id, &operator, &at],
        )?;
        if n == 0 {
            return Ok(false);
        }
        let w = one(&mut tx, id)?;
        append_event(&mut tx, at, operator, "blackout-remove", &w.describe())?;
        tx.commit()?;
        Ok(true)
    }
}

/// Windows not removed, oldest first, in the store's time zone, as `c` sees them (inside a
/// change: read in its transaction, so a window added meanwhile is not missed).
pub(super) fn windows(c: &mut impl GenericClient) -> Result<Vec<Window>> {
    let zone = settings(c)?.timezone;
    Ok(c.query(
        &format!("SELECT {COLUMNS} FROM blackout_windows WHERE removed_at IS NULL ORDER BY id"),
        &[],
    )?
    .iter()
    .map(|r| Window { zone, ..row(r) })
    .collect())
}

/// The first window `now` falls in, if any.
pub(super) fn window_at(c: &mut impl GenericClient, now: DateTime<Utc>) -> Result<Option<Window>> {
    Ok(windows(c)?.into_iter().find(|w| w.contains(now)))
}
