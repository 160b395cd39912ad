//! The store's transactions as the layers above see them: a plain write transaction (orders,
//! products, settings, plans — data that is not a link) and a read transaction (a dry run's
//! consistent view), both [`Tx`]. The connection inside never leaves the store: `Tx` is
//! sealed by [`TxConn`], which only the store can name.

use anyhow::Result;
use rusqlite::{Connection, TransactionBehavior};

use super::Store;
use super::changes::{ChangeTx, map_busy};

/// A write transaction that records no change (orders, products, counts, … are not links).
///
/// The guard (write transactions only) makes a signal interrupt the transaction rather than
/// end the process (see `crate::signals`).
pub struct PlainTx<'s>(
    pub(super) rusqlite::Transaction<'s>,
    Option<crate::signals::WriteGuard>,
);

impl Store {
    pub fn begin_plain(&mut self) -> Result<PlainTx<'_>> {
        let path = self.path.clone();
        let guard = crate::signals::WriteGuard::new();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| map_busy(e, &path))?;
        Ok(PlainTx(tx, Some(guard)))
    }

    /// A read transaction (deferred): a consistent view for a dry run; writes only to
    /// temporary tables, so it never holds the store's write lock.
    pub fn begin_read(&mut self) -> Result<PlainTx<'_>> {
        Ok(PlainTx(
            self.conn
                .transaction_with_behavior(TransactionBehavior::Deferred)?,
            None,
        ))
    }
}

impl PlainTx<'_> {
    pub fn commit(self) -> Result<()> {
        if self.1.is_some() {
            crate::signals::check()?;
        }
        self.0.commit()?;
        if self.1.is_some() {
            crate::signals::note_committed();
        }
        Ok(())
    }
}

/// Any open transaction on the store (plain, read or change), for the loaders and the
/// batch engine. Sealed: only the store reaches the connection.
pub trait Tx: TxConn {}

/// The connection of a transaction. `store::sqlite` is private to `store`, so nothing above
/// the seam can name this trait or call its method.
pub trait TxConn {
    fn conn(&self) -> &Connection;
}

impl TxConn for PlainTx<'_> {
    fn conn(&self) -> &Connection {
        &self.0
    }
}

impl TxConn for ChangeTx<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }
}

impl Tx for PlainTx<'_> {}
impl Tx for ChangeTx<'_> {}
