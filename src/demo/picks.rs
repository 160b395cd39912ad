//! The pairs the demo walkthrough shows: safe ones to unbind, one refused for its open
//! orders, one whose stock is transferred. Picked from the generated data in memory.

use std::collections::BTreeSet;

use anyhow::{Context, Result};

use super::catalog::Catalog;
use super::orders::{Order, Status};
use super::warehouses::WAREHOUSES;

/// (product_id, warehouse_code) pairs for the demo walkthrough, picked from the generated data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walkthrough {
    /// Up to five pairs that unbind without any flag: zero stock, no open orders, the
    /// warehouse is active and the SKU keeps another link at an active warehouse (preferably
    /// in the same region, so no region-cover warning). At most one pair per SKU, so they
    /// can be unbound together. Never empty.
    pub safe_pairs: Vec<(String, String)>,
    /// A pair with open orders: unbinding it is refused (or drained with `--drain`).
    pub open_order_pair: (String, String),
    /// (product_id, warehouse_code, transfer_to): stock on hand, no open orders, and the
    /// SKU has a link at the active warehouse `transfer_to` to move the stock to.
    pub stocked_pair: (String, String, String),
}

const SAFE_PAIRS: usize = 5;

/// Chooses the walkthrough pairs (see [`Walkthrough`]). May give the stocked pair some
/// stock when a tiny catalogue has no suitable link.
pub(super) fn pick_walkthrough(catalog: &mut Catalog, orders: &[Order]) -> Result<Walkthrough> {
    let mut open = vec![0u32; catalog.links.len()];
    for o in orders.iter().filter(|o| o.status == Status::Open) {
        if let Some(l) = o.link {
            open[l] += 1;
        }
    }
    let pair = |c: &Catalog, l: usize| {
        let link = &c.links[l];
        (
            c.products[link.sku].id.clone(),
            WAREHOUSES[link.wh].code.to_string(),
        )
    };

    let safe = pick_safe_links(catalog, &open);
    let mut used_skus: BTreeSet<usize> = safe.iter().map(|&l| catalog.links[l].sku).collect();

    // The pair with the most open orders (first in file order on ties), preferring SKUs
    // with another active link so open orders are the refusal to see, and `--drain` fits.
    let has_other_active = |l: usize| {
        let sku = catalog.links[l].sku;
        catalog
            .links_of(sku)
            .any(|o| o != l && WAREHOUSES[catalog.links[o].wh].active)
    };
    let open_link = (0..catalog.links.len())
        .filter(|&l| open[l] > 0)
        .max_by_key(|&l| (has_other_active(l), open[l], std::cmp::Reverse(l)))
        .with_context(|| crate::tr!("demo-no-open-order"))?;
    used_skus.insert(catalog.links[open_link].sku);

    let (stocked, target) = pick_stocked_link(catalog, &open, &used_skus)
        .with_context(|| crate::tr!("demo-no-two-links"))?;
    let (sku, wh) = pair(catalog, stocked);
    Ok(Walkthrough {
        safe_pairs: safe.iter().map(|&l| pair(catalog, l)).collect(),
        open_order_pair: pair(catalog, open_link),
        stocked_pair: (
            sku,
            wh,
            WAREHOUSES[catalog.links[target].wh].code.to_string(),
        ),
    })
}

/// Safe links (one per SKU), those that leave the SKU covered in their region first,
/// spread evenly over the catalogue.
fn pick_safe_links(catalog: &Catalog, open: &[u32]) -> Vec<usize> {
    let mut covered = Vec::new();
    let mut gap = Vec::new();
    for sku in 0..catalog.products.len() {
        let Some(l) = catalog.safe_backup_link(sku, true) else {
            continue;
        };
        if open[l] > 0 {
            continue;
        }
        let region = WAREHOUSES[catalog.links[l].wh].region;
        let keeps_region = catalog.links_of(sku).any(|o| {
            let w = &WAREHOUSES[catalog.links[o].wh];
            o != l && w.active && w.region == region
        });
        if keeps_region { &mut covered } else { &mut gap }.push(l);
    }
    let mut picked = spread(&covered, SAFE_PAIRS);
    picked.extend(spread(&gap, SAFE_PAIRS - picked.len()));
    picked
}

/// Up to `n` items evenly spaced over `items`.
fn spread(items: &[usize], n: usize) -> Vec<usize> {
    let n = n.min(items.len());
    (0..n).map(|i| items[i * items.len() / n]).collect()
}

/// A link with stock, no open orders, at an active warehouse, whose SKU (not in `used`) has
/// another active link to transfer to. Prefers a moderate quantity (10–200) so the transfer
/// is easy to follow; gives a backup link 25 units if no link qualifies at all.
fn pick_stocked_link(
    catalog: &mut Catalog,
    open: &[u32],
    used: &BTreeSet<usize>,
) -> Option<(usize, usize)> {
    let candidates: Vec<(usize, usize)> = (0..catalog.products.len())
        .filter(|sku| !used.contains(sku))
        .filter_map(|sku| {
            let l = catalog.safe_backup_link(sku, false)?;
            let target = catalog
                .links_of(sku)
                .find(|&o| o != l && WAREHOUSES[catalog.links[o].wh].active)?;
            (open[l] == 0).then_some((l, target))
        })
        .collect();
    let moderate = |&&(l, _): &&(usize, usize)| (10..=200).contains(&catalog.links[l].stock);
    let any_stock = |&&(l, _): &&(usize, usize)| catalog.links[l].stock > 0;
    let chosen = candidates
        .iter()
        .find(moderate)
        .or_else(|| candidates.iter().find(any_stock))
        .or(candidates.first())
        .copied()?;
    let link = &mut catalog.links[chosen.0];
    if link.stock == 0 {
        link.stock = 25;
    }
    Some(chosen)
}
