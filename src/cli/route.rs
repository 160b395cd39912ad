//! `invmap route --sku S` and `invmap check`.

use anyhow::Result;

use super::Ctx;
use crate::error::{InputError, Refused};
use crate::report::print_list;
use crate::store::OpenMode;

/// Which warehouses the next order for a SKU goes to, in order.
///
/// Active links by priority (lower first) and stock (more first); draining links only when
/// no active link is left. Closed warehouses take no orders.
#[derive(Debug, clap::Args)]
pub struct RouteArgs {
    /// The SKU (product id)
    #[arg(long)]
    pub sku: String,
}

/// Consistency report: links to closed warehouses, SKUs with stock but no active link,
/// negative stock, open orders at unlinked warehouses, overdue drains, SQLite's integrity and
/// foreign-key checks, the audit chain. Exit 3 when anything is found.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

pub fn route(ctx: &Ctx, args: RouteArgs) -> Result<u8> {
    let store = ctx.open(OpenMode::Existing)?;
    let sku = args.sku.trim();
    if !store.sku_known(sku)? {
        return Err(InputError::single(
            "command line",
            "--sku",
            sku,
            "unknown SKU: not in the store",
        )
        .into());
    }
    let (route, closed) = store.route(sku)?;
    let draining: Vec<String> = store
        .draining_warehouses(sku)?
        .into_iter()
        .filter(|w| !route.iter().any(|r| &r.warehouse_code == w))
        .collect();
    print_list(&mut std::io::stdout().lock(), ctx.format, &route)?;
    if route.is_empty() {
        ctx.say(&format!(
            "warning: {sku} has no warehouse that takes orders"
        ));
    }
    if !draining.is_empty() {
        ctx.say(&format!("Skipped (draining): {}", draining.join(", ")));
    }
    if !closed.is_empty() {
        ctx.say(&format!(
            "Left out (warehouse closed): {}",
            closed.join(", ")
        ));
    }
    Ok(0)
}

pub fn check(ctx: &Ctx, _args: CheckArgs) -> Result<u8> {
    let store = ctx.open(OpenMode::Existing)?;
    let buffer = store.settings()?.drain_buffer_hours;
    let buffer_start = crate::domain::values::stored(ctx.now - chrono::Duration::hours(buffer));
    let findings = store.check(&buffer_start)?;
    print_list(&mut std::io::stdout().lock(), ctx.format, &findings)?;
    let problems: i64 = findings.iter().filter(|f| f.count > 0).count() as i64;
    if problems > 0 {
        return Err(Refused(format!(
            "check found {problems} kind{} of problem (listed above)",
            if problems == 1 { "" } else { "s" }
        ))
        .into());
    }
    ctx.say("All checks passed.");
    Ok(0)
}
