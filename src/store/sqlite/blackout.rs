//! Blackout windows: adding, listing, removing, and finding the one a time falls in.

use anyhow::Result;
use chrono::{DateTime, NaiveTime, Utc};
use rusqlite::params;

use super::Store;
use super::audit::append_event;
use crate::domain::values::stored;
use crate::domain::windows::Window;

fn time(v: Option<String>) -> Option<DateTime<Utc>> {
    v.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn clock(v: Option<String>) -> Option<NaiveTime> {
    v.and_then(|s| NaiveTime::parse_from_str(&s, "%H:%M").ok())
}

impl Store {
    /// Adds a window (one-off `span` or `daily` clock times); returns its id.
    pub fn add_window(
        &mut self,
        span: Option<(DateTime<Utc>, DateTime<Utc>)>,
        daily: Option<(NaiveTime, NaiveTime)>,
        reason: &str,
        at: &str,
        operator: &str,
    ) -> Result<i64> {
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        tx.0.execute(
            "INSERT INTO blackout_windows(starts_at, ends_at, daily_from, daily_to, reason, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                span.map(|s| stored(s.0)),
                span.map(|s| stored(s.1)),
                daily.map(|d| d.0.format("%H:%M").to_string()),
                daily.map(|d| d.1.format("%H:%M").to_string()),
                reason,
                operator,
                at
            ],
        )?;
        let id = tx.0.last_insert_rowid();
        let w = self_window(&tx.0, id)?;
        append_event(&tx.0, &chain, at, operator, "blackout-add", &w.describe())?;
        tx.commit()?;
        Ok(id)
    }

    /// Windows not removed, oldest first.
    pub fn windows(&self) -> Result<Vec<Window>> {
        windows(&self.conn)
    }

    /// Removes a window (kept in the table with who removed it, and in the audit trail).
    /// False when there is no such window.
    pub fn remove_window(&mut self, id: i64, at: &str, operator: &str) -> Result<bool> {
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        let n = tx.0.execute(
            "UPDATE blackout_windows SET removed_by = ?2, removed_at = ?3
             WHERE id = ?1 AND removed_at IS NULL",
            params![id, operator, at],
        )?;
        if n == 0 {
            return Ok(false);
        }
        let w = self_window(&tx.0, id)?;
        append_event(
            &tx.0,
            &chain,
            at,
            operator,
            "blackout-remove",
            &w.describe(),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The first window `now` falls in, if any.
    pub fn window_at(&self, now: DateTime<Utc>) -> Result<Option<Window>> {
        window_at(&self.conn, now)
    }
}

/// Windows not removed, oldest first, in the store's time zone.
fn windows(conn: &rusqlite::Connection) -> Result<Vec<Window>> {
    let zone = super::settings::read(conn)?.timezone;
    let mut stmt = conn.prepare_cached(
        "SELECT id, starts_at, ends_at, daily_from, daily_to, reason FROM blackout_windows
         WHERE removed_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([], window_row)?;
    let mut out: Vec<Window> = rows.collect::<rusqlite::Result<_>>()?;
    for w in &mut out {
        w.zone = zone;
    }
    Ok(out)
}

/// The first window `now` falls in, as `conn` sees them (inside a change: read in its
/// transaction, so a window added meanwhile by another operator is not missed).
pub(super) fn window_at(conn: &rusqlite::Connection, now: DateTime<Utc>) -> Result<Option<Window>> {
    Ok(windows(conn)?.into_iter().find(|w| w.contains(now)))
}

fn self_window(conn: &rusqlite::Connection, id: i64) -> Result<Window> {
    let mut w = conn.query_row(
        "SELECT id, starts_at, ends_at, daily_from, daily_to, reason FROM blackout_windows WHERE id = ?1",
        [id],
        window_row,
    )?;
    w.zone = super::settings::read(conn)?.timezone;
    Ok(w)
}

fn window_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Window> {
    Ok(window_of(
        r.get(0)?,
        [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?],
        r.get(5)?,
    ))
}

/// A window from its stored columns (`starts_at`, `ends_at`, `daily_from`, `daily_to`), on
/// any backend; in UTC until the caller gives it the store's zone.
pub(crate) fn window_of(
    id: i64,
    [starts, ends, from, to]: [Option<String>; 4],
    reason: String,
) -> Window {
    Window {
        id,
        starts_at: time(starts),
        ends_at: time(ends),
        daily_from: clock(from),
        daily_to: clock(to),
        reason,
        zone: crate::domain::zone::Zone::utc(),
    }
}
