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
use crate::report::words::plural;
use crate::store::Store;
use crate::store::exits::PendingExit;

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
pub fn links_at(store: &Store, code: &WarehouseCode) -> Result<i64> {
    match store.warehouse_links(code.as_str())? {
        Some((_, links)) => Ok(links),
        None => Err(InputError::single(
            "command line",
            "WAREHOUSE",
            code.as_str(),
            &format!(
                "unknown warehouse: see `invmap warehouse list`{}",
                store.suggest_warehouse(code.as_str())?
            ),
        )
        .into()),
    }
}

/// The way out of an exit's refusals, said after them (the refusals' own `--transfer-to` is
/// the exit's `--to`).
pub fn way_out(code: &WarehouseCode) -> String {
    format!(
        "A SKU refused here has nowhere to go from {code}: bind it to another warehouse first (`invmap bind --sku SKU --warehouse CODE`, then run the exit again), or send every SKU's stock to one warehouse with --to CODE; a SKU with no stock left may also be let go with --allow-orphan."
    )
}

/// What happens to the warehouse after its exit lands, said to the operator.
pub fn closing_note(code: &WarehouseCode, draining: u64) -> String {
    if draining == 0 {
        format!("{code} closes now: no link is left there.")
    } else if draining == 1 {
        format!(
            "{code} closes when its draining link is removed (`invmap run-due`, once its open orders are done)."
        )
    } else {
        format!(
            "{code} closes when the last of its {} is removed (`invmap run-due`, once their open orders are done).",
            plural(draining, "draining link")
        )
    }
}

/// Closes every warehouse whose exit has finished (no link left), each as a change through
/// the door, and returns what still waits, for `run-due` to list. `only`: just this one.
pub fn close_finished(
    d: &dyn Driver,
    store: &mut Store,
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
fn close_one(d: &dyn Driver, store: &mut Store, exit: &PendingExit) -> Result<Option<String>> {
    let code = &exit.warehouse_code;
    if exit.links > exit.draining {
        let examples = exit.staying.join(", ");
        return Ok(Some(format!(
            "exit of {code} (change {}) waits: {} at {code} {} not leaving ({examples}{}); take them out with `invmap warehouse exit {code} --by-route` (or unbind them)",
            exit.change_id,
            plural((exit.links - exit.draining) as u64, "link"),
            if exit.links - exit.draining == 1 {
                "is"
            } else {
                "are"
            },
            if exit.links - exit.draining > exit.staying.len() as i64 {
                ", …"
            } else {
                ""
            },
        )));
    }
    if exit.links > 0 {
        return Ok(None);
    }
    if exit.closed {
        store.settle_exit(code)?;
        d.say(&format!("Exit of {code} finished (it was closed already)."));
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
                crate::i18n::Text::from(format!(
                    "Closed warehouse {code}: its exit (change {}) is complete.",
                    exit.change_id
                )),
            );
            Ok(None)
        }
        // Closed meanwhile (another run-due, or by hand): nothing left to do.
        Err(e) if e.downcast_ref::<Refused>().is_some() && store.exit_of(code)?.is_none() => {
            Ok(None)
        }
        Err(e) if e.downcast_ref::<Refused>().is_some() => Ok(Some(format!(
            "exit of {code} (change {}): closing waits: {e:#}",
            exit.change_id
        ))),
        Err(e) => Err(e),
    }
}
