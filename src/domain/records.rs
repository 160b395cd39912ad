//! The validated rows each import hands to the store. `None` means "not given": a new row
//! takes the default, an existing row keeps what it has.

use chrono::{DateTime, Utc};

use super::code::{Sku, WarehouseCode};
use super::values::{Cents, OrderStatus, Qty, WarehouseStatus};

#[derive(Debug, Clone)]
pub struct WarehouseRec {
    pub code: WarehouseCode,
    pub name: Option<String>,
    pub region: Option<String>,
    pub status: Option<WarehouseStatus>,
    /// Storage cost per unit per day, in millionths.
    pub storage_cost_micros: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct ProductRec {
    pub product_id: Sku,
    pub name: Option<String>,
    pub category: Option<String>,
    pub unit_cost_cents: Option<Cents>,
    pub replenishment_days: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct MappingRec {
    pub product_id: Sku,
    pub warehouse_code: WarehouseCode,
    pub stock_quantity: Option<Qty>,
    pub priority: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct OrderRec {
    pub order_id: String,
    pub product_id: Sku,
    pub warehouse_code: Option<WarehouseCode>,
    pub quantity: i64,
    pub status: OrderStatus,
    pub created_at: DateTime<Utc>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct CountRec {
    pub product_id: Sku,
    pub warehouse_code: WarehouseCode,
    pub counted_at: DateTime<Utc>,
    pub system_quantity: Qty,
    pub counted_quantity: Qty,
}

#[derive(Debug, Clone)]
pub struct ComplaintRec {
    pub complaint_id: String,
    pub order_id: Option<String>,
    pub product_id: Option<Sku>,
    pub created_at: DateTime<Utc>,
    pub category: Option<String>,
}

/// What loading one row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loaded {
    Inserted,
    Updated,
    Unchanged,
    /// The same key appeared earlier in the same file.
    Duplicate,
}

/// Rows inserted, updated and unchanged by one import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl LoadCounts {
    pub fn add(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Inserted => self.inserted += 1,
            Loaded::Updated => self.updated += 1,
            Loaded::Unchanged => self.unchanged += 1,
            Loaded::Duplicate => {}
        }
    }
}
