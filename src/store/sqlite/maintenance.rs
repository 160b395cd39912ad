//! `invmap optimize`: rewrite an older store with the page size this invmap creates stores
//! with (see `set_pragmas`): a batch touches thousands of pages, and bigger ones cost less.

use anyhow::{Context, Result};

use super::{PAGE_SIZE, Store, changes::map_busy};

/// What a conversion did.
#[derive(Debug, Clone, Copy)]
pub struct Converted {
    pub page_before: i64,
    pub page_after: i64,
    pub bytes_before: u64,
    pub bytes_after: u64,
}

impl Store {
    pub fn page_size(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?)
    }

    /// Rewrites the whole file with [`PAGE_SIZE`] pages (`VACUUM`, atomic: a crash leaves the
    /// store as it was), with an audit entry. Needs the store to itself: the journal mode can
    /// only leave WAL when no one else has it open.
    pub fn convert_pages(&mut self, at: &str, operator: &str) -> Result<Converted> {
        let page_before = self.page_size()?;
        let bytes_before = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        let in_use = || {
            anyhow::anyhow!(crate::tr!(
                "store-optimize-in-use",
                path = &self.path.display()
            ))
        };
        // Leaving WAL needs the store to itself; someone else there is not worth a long wait.
        self.conn
            .busy_timeout(std::time::Duration::from_millis(500))?;
        let mode: Result<String, _> = self
            .conn
            .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0));
        self.conn
            .busy_timeout(std::time::Duration::from_millis(super::busy_timeout_ms()))?;
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("delete") => {}
            _ => return Err(in_use()),
        }
        let rewritten = self
            .conn
            .execute_batch(&format!("PRAGMA page_size={PAGE_SIZE}; VACUUM;"))
            .map_err(|e| map_busy(e, &self.path))
            .with_context(|| crate::tr!("store-optimize-rewriting"));
        // Back to WAL whatever happened: the store's readers and writers expect it.
        let _: String = self
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        rewritten?;
        let chain = std::sync::Arc::clone(&self.chain);
        let page_after = self.page_size()?;
        let tx = self.begin_plain()?;
        super::audit::append_event(
            &tx.0,
            &chain,
            at,
            operator,
            "optimize",
            // stored: the audit entry
            &format!("page size {page_before} -> {page_after}"),
        )?;
        tx.commit()?;
        let bytes_after = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        Ok(Converted {
            page_before,
            page_after,
            bytes_before,
            bytes_after,
        })
    }
}
