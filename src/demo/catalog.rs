//! The generated catalogue: the demo's products and their links to warehouses, the data
//! orders, counts, complaints and the walkthrough picks are all drawn from.

use super::products::Product;
use super::warehouses::WAREHOUSES;
use super::{DemoSpec, mappings, products};
use mappings::Link;

/// Mean orders per SKU per day: 2,000 SKUs × 90 days gives about 17,000 orders.
pub(super) const ORDERS_PER_SKU_DAY: f64 = 0.095;
/// Mean units per order (see `orders::draw_quantity`); used to size stock to demand.
pub(super) const MEAN_QUANTITY: f64 = 1.41;

pub(super) struct Catalog {
    pub(super) products: Vec<Product>,
    /// Grouped by SKU, in priority order within a SKU.
    pub(super) links: Vec<Link>,
    /// Links of SKU `i` are `links[first_link[i]..first_link[i + 1]]`.
    pub(super) first_link: Vec<usize>,
    /// Σ demand, for sampling and for sizing stock.
    pub(super) total_demand: u64,
}

impl Catalog {
    pub(super) fn generate(spec: &DemoSpec) -> Self {
        let mut products = products::generate(spec);
        products::assign_demand(spec, &mut products);
        let total_demand = products.iter().map(|p| p.demand).sum();
        let mut catalog = Catalog {
            products,
            links: Vec::new(),
            first_link: Vec::new(),
            total_demand,
        };
        mappings::generate(spec, &mut catalog);
        mappings::plant_unbind_candidates(&mut catalog);
        catalog
    }

    pub(super) fn links_of(&self, sku: usize) -> std::ops::Range<usize> {
        self.first_link[sku]..self.first_link[sku + 1]
    }

    /// Expected units sold per day of a SKU.
    pub(super) fn daily_units(&self, sku: usize) -> f64 {
        let orders_per_day = self.products.len() as f64 * ORDERS_PER_SKU_DAY;
        orders_per_day * MEAN_QUANTITY * self.products[sku].demand as f64 / self.total_demand as f64
    }

    /// The last backup link of `sku` at an active warehouse when the SKU has at least two
    /// active links; with `empty_only` only if that link has no stock.
    pub(super) fn safe_backup_link(&self, sku: usize, empty_only: bool) -> Option<usize> {
        let active: Vec<usize> = self
            .links_of(sku)
            .filter(|&l| WAREHOUSES[self.links[l].wh].active)
            .collect();
        let &last = active.last()?;
        let ok = active.len() >= 2 && (!empty_only || self.links[last].stock == 0);
        ok.then_some(last)
    }
}
