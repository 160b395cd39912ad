//! `invmap route --sku S`: where the next order for a SKU goes.

use anyhow::Result;

use super::Ctx;
use super::flag;
use crate::domain::code::Sku;
use crate::error::InputError;
use crate::report::print_list;
use crate::store::OpenMode;
use crate::tr;

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

pub fn route(ctx: &Ctx, args: RouteArgs) -> Result<u8> {
    let sku = flag("--sku", args.sku.trim(), Sku::parse)?;
    let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
    let store = opened.routing();
    if !store.sku_known(sku.as_str())? {
        return Err(InputError::single(
            "command line",
            "--sku",
            sku.as_str(),
            &tr!(
                "cli-route-unknown-sku",
                hint = &store.suggest_sku(sku.as_str())?
            ),
        )
        .into());
    }
    let (route, closed) = store.route(sku.as_str())?;
    let draining: Vec<String> = store
        .draining_warehouses(sku.as_str())?
        .into_iter()
        .filter(|w| !route.iter().any(|r| &r.warehouse_code == w))
        .collect();
    print_list(&mut std::io::stdout().lock(), ctx.format, &route)?;
    if route.is_empty() {
        ctx.say(&tr!("cli-route-none", sku = &sku));
    }
    if !draining.is_empty() {
        ctx.say(&tr!(
            "cli-route-skipped-draining",
            warehouses = super::join_list(&draining)
        ));
    }
    if !closed.is_empty() {
        ctx.say(&tr!(
            "cli-route-left-out-closed",
            warehouses = super::join_list(&closed)
        ));
    }
    Ok(0)
}
