//! The columns of every template invmap reads (SPEC §8): the canonical name first, then the
//! aliases spreadsheets from Chinese shops and ERPs use. One place, so an import, a restore
//! and an unbind template agree on what a column is called.

use super::read::Field;

const SKU_ALIASES: &[&str] = &["sku", "商品编码", "商家编码", "货品编码"];
const WH_ALIASES: &[&str] = &["warehouse", "仓库编码", "仓库"];

const fn req(name: &'static str, aliases: &'static [&'static str]) -> Field {
    Field {
        name,
        aliases,
        required: true,
    }
}
const fn opt(name: &'static str, aliases: &'static [&'static str]) -> Field {
    Field {
        name,
        aliases,
        required: false,
    }
}

pub const WAREHOUSE_FIELDS: &[Field] = &[
    req("code", &["仓库编码", "warehouse_code"]),
    opt("name", &["仓库名称", "名称"]),
    opt("region", &["区域", "地区"]),
    opt("status", &["状态"]),
    opt(
        "storage_cost",
        &["仓储成本", "存储成本", "storage_cost_per_day"],
    ),
];
pub const PRODUCT_FIELDS: &[Field] = &[
    req("product_id", SKU_ALIASES),
    opt("name", &["商品名称", "名称"]),
    opt("category", &["类目", "分类"]),
    opt("unit_cost", &["成本", "单位成本", "cost"]),
    opt(
        "replenishment_days",
        &["补货周期", "补货天数", "lead_time_days"],
    ),
];
pub const MAPPING_FIELDS: &[Field] = &[
    req("product_id", SKU_ALIASES),
    req("warehouse_code", WH_ALIASES),
    opt("stock_quantity", &["qty", "库存", "库存数量", "数量"]),
    opt("priority", &["优先级"]),
];
pub const ORDER_FIELDS: &[Field] = &[
    req("order_id", &["订单号", "订单编号"]),
    req("product_id", SKU_ALIASES),
    opt("warehouse_code", WH_ALIASES),
    req("quantity", &["qty", "数量"]),
    req("status", &["状态", "订单状态"]),
    req("created_at", &["下单时间", "创建时间"]),
    opt("shipped_at", &["发货时间"]),
    opt("delivered_at", &["签收时间", "送达时间"]),
];
pub const COUNT_FIELDS: &[Field] = &[
    req("product_id", SKU_ALIASES),
    req("warehouse_code", WH_ALIASES),
    req("counted_at", &["盘点时间"]),
    req("system_quantity", &["系统数量", "账面数量"]),
    req("counted_quantity", &["实盘数量", "盘点数量"]),
];
pub const COMPLAINT_FIELDS: &[Field] = &[
    req("complaint_id", &["投诉编号", "投诉单号"]),
    opt("order_id", &["订单号"]),
    opt("product_id", SKU_ALIASES),
    req("created_at", &["投诉时间", "创建时间"]),
    opt("category", &["投诉类型", "类型"]),
];

/// The unbind template (`unbind --from-csv`).
pub const UNBIND_FIELDS: &[Field] = &[
    req("product_id", SKU_ALIASES),
    req("warehouse_code", WH_ALIASES),
    opt("transfer_to", &["转入仓库", "调入仓库"]),
    opt("reason", &["原因"]),
    opt("priority", &["优先级"]),
];

/// The move template (`move --from-csv`): stock from one warehouse of a SKU to another;
/// an empty quantity moves all of it; `priority` is the target link's when it is created.
pub const MOVE_FIELDS: &[Field] = &[
    req("product_id", SKU_ALIASES),
    req("from", &["from_warehouse", "调出仓库", "原仓库"]),
    req(
        "to",
        &["to_warehouse", "transfer_to", "调入仓库", "目标仓库"],
    ),
    opt("quantity", &["qty", "数量", "调拨数量"]),
    opt("priority", &["优先级"]),
];

/// Another system's export of SKU–warehouse stock (`reconcile FILE`): the mappings columns,
/// and the names Chinese ERPs and WMSs give them (旺店通 `spec_no`/`warehouse_no`/`stock_num`,
/// 聚水潭 商品编码/仓库/库存数).
pub const RECONCILE_FIELDS: &[Field] = &[
    req(
        "product_id",
        &[
            "sku",
            "商品编码",
            "商家编码",
            "货品编码",
            "spec_no",
            "goods_no",
            "规格编码",
        ],
    ),
    req(
        "warehouse_code",
        &["warehouse", "仓库编码", "仓库", "warehouse_no", "仓库编号"],
    ),
    req(
        "stock_quantity",
        &[
            "qty",
            "库存",
            "库存数量",
            "数量",
            "stock_num",
            "库存数",
            "实际库存",
        ],
    ),
];

/// Every template, for looking a column up by name.
const ALL: &[&[Field]] = &[
    MAPPING_FIELDS,
    WAREHOUSE_FIELDS,
    PRODUCT_FIELDS,
    ORDER_FIELDS,
    COUNT_FIELDS,
    COMPLAINT_FIELDS,
    UNBIND_FIELDS,
    MOVE_FIELDS,
];

/// The first Chinese alias the templates give column `name` (`product_id` → `商品编码`): the
/// name `export --headers zh` writes, which every import reads back.
pub fn zh_alias(name: &str) -> Option<&'static str> {
    ALL.iter()
        .flat_map(|fields| fields.iter())
        .filter(|f| f.name == name)
        .flat_map(|f| f.aliases.iter())
        .find(|a| !a.is_ascii())
        .copied()
}
