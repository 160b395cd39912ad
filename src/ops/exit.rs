//! A warehouse exit (leaving a region, SPEC §3): every link at the warehouse leaves as one
//! change through the unbind engine — its stock transferred to the SKU's next warehouse by
//! route (or to one named warehouse), links with open orders drained, SKUs with nowhere else
//! to go refused — and the warehouse closes, as a change of its own, once its last link is
//! gone: at once when nothing drains, else when `run-due` finishes the last drain.

use anyhow::Result;

use super::Driver;
use super::unbind::{Rules, Source};
use super::warehouse::{self, StatusRequest};
use crate::domain::code::WarehouseCode;
use crate::error::{InputError, Refused};
use crate::i18n::Text;
use crate::store::exits::PendingExit;
use crate::{text, tr};

/// Where the stock of the leaving links goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// Every link's stock to this warehouse (the SKU's link there is created when needed).
    To(WarehouseCode),
    /// Each SKU's stock to its next warehouse by route.
    ByRoute,
}

/// The batch of an exit: every link at `warehouse`, with its target.
pub fn source(warehouse: &WarehouseCode, target: &Target) -> Source {
    Source::Exit {
        warehouse: warehouse.clone(),
        to: match target {
            Target::To(w) => Some(w.clone()),
            Target::ByRoute => None,
        },
        by_route: matches!(target, Target::ByRoute),
    }
}

/// The rules of an exit: links with open orders drain rather than refuse, and the batch
/// remembers its warehouse so that it is closed at the end.
pub fn rules(warehouse: &WarehouseCode, allow_orphan: bool, allow_region_gap: bool) -> Rules {
    Rules {
        drain: true,
        allow_orphan,
        allow_region_gap,
        exit: Some(warehouse.to_string()),
        ..Rules::default()
    }
}

/// The warehouse must exist; its links are counted for the caller (0: nothing to move).
pub fn links_at(store: &mut dyn crate::store::DueDesk, code: &WarehouseCode) -> Result<i64> {
    match store.warehouse_links(code.as_str())? {
        Some((_, links)) => Ok(links),
        None => Err(InputError::single(
            crate::domain::problem::COMMAND_LINE,
            "WAREHOUSE",
            code.as_str(),
            &tr!(
                "ops-exit-unknown-warehouse",
                suggestion = &store.suggest_warehouse(code.as_str())?
            ),
        )
        .into()),
    }
}

/// The way out of an exit's refusals, said after them (the refusals' own `--transfer-to` is
/// the exit's `--to`).
pub fn way_out(code: &WarehouseCode) -> String {
    tr!("ops-exit-way-out", code = code)
}

/// What happens to the warehouse after its exit lands, said to the operator. A [`Text`]: it is
/// part of the message of the exit's change, which `--format json` writes in English.
pub fn closing_note(code: &WarehouseCode, draining: u64) -> Text {
    text!("ops-exit-closing-note", code = code, count = draining)
}

/// Closes every warehouse whose exit has finished (no link left), each as a change through
/// the door, and returns what still waits, for `run-due` to list. `only`: just this one.
pub fn close_finished(
    d: &dyn Driver,
    store: &mut dyn crate::store::due::DueDesk,
    only: Option<&str>,
) -> Result<Vec<String>> {
    let mut waiting = Vec::new();
    for exit in store.pending_exits()? {
        if only.is_some_and(|w| w != exit.warehouse_code) {
            continue;
        }
        if let Some(why) = close_one(d, store, &exit)? {
            waiting.push(why);
        }
    }
    Ok(waiting)
}

/// One exit: closed if it can be; otherwise why it waits (`None` while drains run).
fn close_one(
    d: &dyn Driver,
    store: &mut dyn crate::store::due::DueDesk,
    exit: &PendingExit,
) -> Result<Option<String>> {
    let code = &exit.warehouse_code;
    if exit.links > exit.draining {
        let staying = exit.links - exit.draining;
        let mut examples = exit.staying.clone();
        if staying > exit.staying.len() as i64 {
            examples.push("…".to_string());
        }
        return Ok(Some(tr!(
            "ops-exit-waits-staying",
            code = code,
            change = exit.change_id,
            count = staying,
            examples = &super::list(&examples)
        )));
    }
    if exit.links > 0 {
        return Ok(None);
    }
    if exit.closed {
        store.settle_exit(code)?;
        d.say(&tr!("ops-exit-finished-closed-already", code = code));
        return Ok(None);
    }
    let req = StatusRequest {
        code: Some(WarehouseCode::parse(code).map_err(anyhow::Error::msg)?),
        after: "closed",
        reason: Some(format!(
            "exit of {code} (change {}): its last link is gone",
            exit.change_id
        )),
        // The exit itself passed approval; closing the emptied warehouse is its last step.
        exit_of: Some(exit.change_id),
        ..StatusRequest::default()
    };
    match warehouse::set_status(d, store, &req) {
        Ok(done) => {
            d.report_change(
                done.passed.landed,
                text!("ops-exit-closed", code = code, change = exit.change_id),
            );
            Ok(None)
        }
        // Closed meanwhile (another run-due, or by hand): nothing left to do.
        Err(e) if e.downcast_ref::<Refused>().is_some() && store.exit_of(code)?.is_none() => {
            Ok(None)
        }
        Err(e) if e.downcast_ref::<Refused>().is_some() => Ok(Some(tr!(
            "ops-exit-closing-waits",
            code = code,
            change = exit.change_id,
            error = &format!("{e:#}")
        ))),
        Err(e) => Err(e),
    }
}
