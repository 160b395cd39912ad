//! The demo's warehouses: a fixed list of ten in five regions, and `warehouses.csv`.

use std::path::PathBuf;

use anyhow::Result;

use crate::csvio::{Cell::Text, CsvOut};

pub(super) struct Warehouse {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) region: &'static str,
    pub(super) active: bool,
    /// Per unit per day, as written (exact decimal, no float round trip).
    pub(super) storage_cost: &'static str,
    /// Relative share of SKUs stocked here (0 = none: the closed warehouse gets its
    /// leftover links separately).
    pub(super) share: u64,
}

const fn wh(
    code: &'static str,
    name: &'static str,
    region: &'static str,
    storage_cost: &'static str,
    share: u64,
) -> Warehouse {
    Warehouse {
        code,
        name,
        region,
        active: share > 0,
        storage_cost,
        share,
    }
}

/// Ten warehouses in five regions; Tianjin was closed and still has a few links — the kind
/// of leftover `invmap check` exists to find.
pub(super) const WAREHOUSES: [Warehouse; 10] = [
    wh("SH01", "Shanghai Pudong DC", "East", "0.0350", 22),
    wh("SH02", "Shanghai Jiading Hub", "East", "0.0310", 10),
    wh("HZ01", "Hangzhou Xiaoshan DC", "East", "0.0290", 8),
    wh("BJ01", "Beijing Daxing DC", "North", "0.0420", 16),
    wh("TJ01", "Tianjin Port Overflow", "North", "0.0240", 0),
    wh("GZ01", "Guangzhou Baiyun DC", "South", "0.0330", 14),
    wh("SZ01", "Shenzhen Longhua DC", "South", "0.0380", 10),
    wh("CD01", "Chengdu Shuangliu DC", "West", "0.0260", 8),
    wh("CQ01", "Chongqing Liangjiang DC", "West", "0.0250", 4),
    wh("WH01", "Wuhan Dongxihu DC", "Central", "0.0270", 8),
];

/// Index of the closed warehouse in [`WAREHOUSES`].
pub(super) const CLOSED_WAREHOUSE: usize = 4;

/// Writes `warehouses.csv` to `path` and returns the path.
pub(super) fn write(path: PathBuf) -> Result<PathBuf> {
    let mut out = CsvOut::to_file(&path, false)?;
    out.header(&["code", "name", "region", "status", "storage_cost"])?;
    for wh in &WAREHOUSES {
        let status = if wh.active { "active" } else { "closed" };
        let (code, name, region) = (Text(wh.code), Text(wh.name), Text(wh.region));
        out.row(&[code, name, region, Text(status), Text(wh.storage_cost)])?;
    }
    out.finish()?;
    Ok(path)
}
