//! A server behind the door's traits (`store/door.rs`): its batches and effects on a
//! transaction that is either a change (under the advisory change lock, every rule read
//! inside it) or a dry run (REPEATABLE READ: one consistent view, no lock, nobody waits).

use anyhow::Result;
use postgres::{Client, Transaction};

use super::Server;
use super::change::{self, ChangeState};
use super::effect::ServerEffect;
use super::unbind::ServerBatch;
use crate::domain::windows::Window;
use crate::store::batch::BatchTx;
use crate::store::changes::ChangeMeta;
use crate::store::door::{ChangeDesk, EffectTx, not_on_server};
use crate::store::plans::NewPlan;

/// A change's transaction (`meta`) or a dry run's.
fn begin(
    client: &mut Client,
    meta: Option<ChangeMeta>,
) -> Result<(Transaction<'_>, Option<ChangeState>)> {
    Ok(match meta {
        Some(meta) => {
            let mut tx = client.transaction()?;
            let state = change::begin(&mut tx, meta)?;
            (tx, Some(state))
        }
        None => {
            let tx = client
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .start()?;
            (tx, None)
        }
    })
}

impl ChangeDesk for Server {
    fn window_at(&mut self, now: chrono::DateTime<chrono::Utc>) -> Result<Option<Window>> {
        super::blackout::window_at(&mut self.client, now)
    }

    fn begin_batch(&mut self, meta: Option<ChangeMeta>) -> Result<Box<dyn BatchTx + '_>> {
        let (tx, change) = begin(&mut self.client, meta)?;
        Ok(Box::new(ServerBatch::new(tx, change)))
    }

    fn begin_effect(&mut self, meta: Option<ChangeMeta>) -> Result<Box<dyn EffectTx + '_>> {
        let (tx, change) = begin(&mut self.client, meta)?;
        Ok(Box::new(ServerEffect::new(tx, change)?))
    }

    fn last_undoable_change(&mut self) -> Result<Option<i64>> {
        Ok(self
            .client
            .query_opt(
                "SELECT c.id FROM changes c
                 WHERE c.rolls_back IS NULL
                   AND NOT EXISTS (SELECT 1 FROM changes r WHERE r.rolls_back = c.id)
                 ORDER BY c.id DESC LIMIT 1",
                &[],
            )?
            .map(|r| r.get(0)))
    }

    fn change(&mut self, id: i64) -> Result<Option<crate::store::changes::ChangeRow>> {
        Server::change(self, id)
    }

    fn warehouse_codes(&mut self) -> Result<Vec<String>> {
        Server::warehouse_codes(self)
    }

    fn as_server(&mut self) -> Option<&mut Server> {
        Some(self)
    }

    fn file_store(&mut self) -> Result<&mut crate::store::Store> {
        not_on_server()
    }

    fn reapplied(&mut self, sha256: &str) -> Result<Option<crate::error::Refused>> {
        super::change::reapplied(&mut self.client, sha256)
    }

    fn create_plan(&mut self, p: &NewPlan) -> Result<i64> {
        Server::create_plan(self, p)
    }

    fn settings(&mut self) -> Result<crate::domain::settings::Settings> {
        super::plans::settings(&mut self.client)
    }
}
