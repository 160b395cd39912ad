//! The run-due lease: one row in the store, taken and released in write transactions, so
//! two run-dues on one store never work at once however they reach it.

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::Store;
use super::tx::TxConn;

/// A lease older than this is taken over whoever holds it (a crashed run on another host).
const STALE_HOURS: i64 = 6;

/// Who holds the lease, when it is not ours to take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub host: String,
    pub pid: i64,
    pub since: String,
}

impl Store {
    /// Takes the run-due lease for this process, or says who holds it. A lease whose process
    /// is gone (same host) or older than six hours is taken over.
    pub fn take_run_due_lease(&mut self, now: DateTime<Utc>) -> Result<Option<Holder>> {
        let (host, pid) = (this_host(), std::process::id() as i64);
        let tx = self.begin_plain()?;
        let conn = tx.conn();
        let held: Option<Holder> = conn
            .query_row(
                "SELECT host, pid, taken_at FROM run_due_lease WHERE id = 1",
                [],
                |r| {
                    Ok(Holder {
                        host: r.get(0)?,
                        pid: r.get(1)?,
                        since: r.get(2)?,
                    })
                },
            )
            .optional()?;
        if let Some(h) = held.filter(|h| !stale(h, &host, now)) {
            return Ok(Some(h));
        }
        conn.execute(
            "INSERT OR REPLACE INTO run_due_lease(id, host, pid, taken_at) VALUES (1, ?1, ?2, ?3)",
            params![host, pid, crate::domain::values::stored(now)],
        )?;
        tx.commit()?;
        Ok(None)
    }

    /// Gives the lease back (only this process's): one statement on its own, which a
    /// pending Ctrl-C does not stop (the run itself has been stopped and rolled back), so a
    /// cron run that was interrupted does not leave the lease behind.
    pub fn release_run_due_lease(&mut self) -> Result<()> {
        crate::signals::cleaning_up();
        self.conn.execute(
            "DELETE FROM run_due_lease WHERE host = ?1 AND pid = ?2",
            params![this_host(), std::process::id() as i64],
        )?;
        Ok(())
    }
}

/// A lease nobody works under any more.
pub(crate) fn stale(h: &Holder, host: &str, now: DateTime<Utc>) -> bool {
    let old = DateTime::parse_from_rfc3339(&h.since)
        .map(|t| now - t.with_timezone(&Utc) > chrono::Duration::hours(STALE_HOURS))
        .unwrap_or(true);
    old || (h.host == host && !alive(h.pid))
}

/// Whether a process of this host is running (Linux: its `/proc` entry; elsewhere a lease is
/// only taken over once stale).
fn alive(pid: i64) -> bool {
    let proc = std::path::Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

pub(crate) fn this_host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
}
