//! What `reconcile` needs of a store, on either backend: another system's rows staged beside
//! the links, the differences counted and listed, and (adopted) staged into the door's effect.

use anyhow::Result;

use crate::store::ChangeDesk;
use crate::store::reconcile::{Difference, TheirRow, Totals};

/// Another system's rows, handed one at a time to the sink the store gives.
pub type TheirFeed<'a> = dyn FnMut(&mut dyn FnMut(&TheirRow) -> Result<()>) -> Result<()> + 'a;

pub trait Reconciling: ChangeDesk {
    /// Stages the rows `feed` hands over; returns the rows whose pair came earlier in the
    /// file: (line, the first line, "SKU @ WH").
    fn load_theirs(&mut self, feed: &mut TheirFeed<'_>) -> Result<Vec<(u64, u64, String)>>;
    fn reconcile_totals(&mut self) -> Result<Totals>;
    /// The differences in key order, at most `limit` (-1: all).
    fn reconcile_differences(
        &mut self,
        limit: i64,
        each: &mut dyn FnMut(Difference) -> Result<()>,
    ) -> Result<()>;
}

impl Reconciling for crate::store::Store {
    fn load_theirs(&mut self, feed: &mut TheirFeed<'_>) -> Result<Vec<(u64, u64, String)>> {
        let mut loader = self.theirs_loader()?;
        let mut twice = Vec::new();
        feed(&mut |r| {
            if let Some(first) = loader.load(r)? {
                twice.push((r.line, first, format!("{} @ {}", r.sku, r.warehouse)));
            }
            Ok(())
        })?;
        loader.finish()?;
        Ok(twice)
    }

    fn reconcile_totals(&mut self) -> Result<Totals> {
        crate::store::Store::reconcile_totals(self)
    }

    fn reconcile_differences(
        &mut self,
        limit: i64,
        each: &mut dyn FnMut(Difference) -> Result<()>,
    ) -> Result<()> {
        crate::store::Store::reconcile_differences(self, limit, each)
    }
}
