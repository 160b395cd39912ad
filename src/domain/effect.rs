//! The rules of SPEC §4 for a change that is not an unbind — a rollback, a restore, a bind,
//! a warehouse that closes or reopens — judged on the state the change would leave: the
//! store gathers the facts of each touched link set-based, these functions decide. Pure.

use super::checks::{Refusal, Rule, Warning, region_gap_text};
use crate::i18n::Text;
use crate::text;

/// What the store found about one touched link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EffectFacts {
    pub sku: String,
    pub warehouse: String,
    /// The link goes.
    pub removed: bool,
    /// The stock it holds now (when it goes).
    pub qty: i64,
    /// The units the SKU loses over the whole change (what goes minus what comes back
    /// elsewhere, e.g. the undo of a transfer loses none).
    pub sku_drop: i64,
    pub open_orders: i64,
    pub oldest_open: Option<String>,
    /// After the change the SKU has no link that takes orders (named on one of its links).
    pub orphan: bool,
    /// After the change the SKU has no link that takes orders in this region.
    pub region_gap: Option<String>,
    /// The change creates the link at a closed warehouse.
    pub closed_target: bool,
    /// Rollback: the row is not as the undone change left it.
    pub conflict: bool,
    /// The change that touched the row last (for a conflict).
    pub changed_by: Option<i64>,
    /// Open orders at a link whose warehouse closes (they can still ship from it).
    pub open_at_closing: i64,
}

/// How the rules apply to this change.
#[derive(Debug, Clone)]
pub struct EffectRules {
    /// How messages name the change: "this rollback", "the restore" (a [`Text`], worded in
    /// the language of the message it is part of).
    pub what: Text,
    pub allow_orphan: bool,
    pub allow_region_gap: bool,
    /// The `require_region_cover` setting.
    pub require_region_cover: bool,
    /// A closed warehouse may not receive a new link (bind); elsewhere it is a warning.
    pub refuse_closed_target: bool,
    /// How the operator passes the last-warehouse rule for this change (`--allow-orphan`);
    /// empty: `--force --reason TEXT`.
    pub orphan_override: Text,
}

impl Default for EffectRules {
    fn default() -> Self {
        EffectRules {
            what: Text::plain(""),
            allow_orphan: false,
            allow_region_gap: false,
            require_region_cover: false,
            refuse_closed_target: false,
            orphan_override: Text::plain(""),
        }
    }
}

/// What the rules decided for one link.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EffectVerdict {
    pub refusals: Vec<Refusal>,
    pub warnings: Vec<Warning>,
}

/// Every rule that fires for one link (not only the first, so one pass shows them all).
pub fn judge(f: &EffectFacts, r: &EffectRules) -> EffectVerdict {
    let pair = format!("{} @ {}", f.sku, f.warehouse);
    let mut v = EffectVerdict::default();
    let refusal = |rule: Rule, message: Text| Refusal {
        line: 0,
        sku: f.sku.clone(),
        warehouse: f.warehouse.clone(),
        rule,
        message,
    };
    let refused = |what: Text| text!("domain-refused", pair = &pair, what = what);
    let what = &r.what;
    if f.removed && f.open_orders > 0 {
        v.refusals.push(refusal(
            Rule::OpenOrders,
            refused(text!(
                "domain-effect-open-orders",
                count = f.open_orders,
                oldest = f.oldest_open.as_deref().unwrap_or("?"),
                what = what.clone()
            )),
        ));
    }
    if f.removed && f.qty > 0 && f.sku_drop > 0 {
        v.refusals.push(refusal(
            Rule::StockOnHand,
            refused(text!(
                "domain-effect-stock",
                qty = f.qty,
                what = what.clone(),
                drop = f.sku_drop.min(f.qty),
                sku = &f.sku
            )),
        ));
    }
    if f.orphan && !r.allow_orphan {
        let way_out = if r.orphan_override.is_empty() {
            Text::plain("--force --reason TEXT")
        } else {
            r.orphan_override.clone()
        };
        v.refusals.push(refusal(
            Rule::LastWarehouse,
            refused(text!(
                "domain-effect-last-warehouse",
                sku = &f.sku,
                what = what.clone(),
                way_out = way_out
            )),
        ));
    }
    if f.closed_target && r.refuse_closed_target {
        v.refusals.push(refusal(
            Rule::ClosedTarget,
            refused(text!(
                "domain-effect-closed-target",
                warehouse = &f.warehouse
            )),
        ));
    }
    if let Some(region) = &f.region_gap {
        if r.require_region_cover && !r.allow_region_gap {
            v.refusals.push(refusal(
                Rule::RegionCover,
                text!(
                    "domain-effect-region-cover",
                    gap = region_gap_text(&pair, Text::plain(f.sku.as_str()), region)
                ),
            ));
        } else {
            v.warnings.push(Warning::region_gap(
                &pair,
                Text::plain(f.sku.as_str()),
                region,
            ));
        }
    }
    let mut warn = |rule: Rule, text: crate::i18n::Text| {
        v.warnings.push(Warning {
            rule,
            region: None,
            text,
        })
    };
    if f.closed_target && !r.refuse_closed_target {
        warn(
            Rule::ClosedTarget,
            crate::text!(
                "domain-effect-closed-warning",
                pair = &pair,
                what = what,
                warehouse = &f.warehouse
            ),
        );
    }
    if f.open_at_closing > 0 {
        warn(
            Rule::OpenOrders,
            crate::text!(
                "domain-effect-open-at-closing",
                pair = &pair,
                count = f.open_at_closing,
                warehouse = &f.warehouse
            ),
        );
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> EffectRules {
        EffectRules {
            what: Text::plain("this rollback"),
            ..EffectRules::default()
        }
    }

    fn link() -> EffectFacts {
        EffectFacts {
            sku: "SKU-1".into(),
            warehouse: "SH01".into(),
            ..EffectFacts::default()
        }
    }

    fn rules_of(v: &EffectVerdict) -> Vec<Rule> {
        v.refusals.iter().map(|r| r.rule).collect()
    }

    #[test]
    fn a_link_that_stays_and_keeps_its_sku_routable_passes() {
        let v = judge(&link(), &rules());
        assert_eq!(v, EffectVerdict::default());
    }

    #[test]
    fn removing_a_link_with_orders_and_stock_fires_both_rules() {
        let f = EffectFacts {
            removed: true,
            qty: 12,
            sku_drop: 12,
            open_orders: 2,
            oldest_open: Some("2026-11-20T08:00:00Z".into()),
            ..link()
        };
        let v = judge(&f, &rules());
        assert_eq!(rules_of(&v), [Rule::OpenOrders, Rule::StockOnHand]);
        assert!(
            v.refusals[0]
                .message
                .to_string()
                .contains("has 2 open orders (oldest 2026-11-20")
        );
        assert!(
            v.refusals[1]
                .message
                .to_string()
                .contains("holds 12 units and this rollback would take 12")
        );
    }

    #[test]
    fn stock_that_comes_back_elsewhere_in_the_change_is_not_dropped() {
        let f = EffectFacts {
            removed: true,
            qty: 75,
            sku_drop: 0,
            ..link()
        };
        assert!(judge(&f, &rules()).refusals.is_empty());
    }

    #[test]
    fn the_last_warehouse_is_refused_unless_allowed() {
        let f = EffectFacts {
            orphan: true,
            ..link()
        };
        assert_eq!(rules_of(&judge(&f, &rules())), [Rule::LastWarehouse]);
        let allowed = EffectRules {
            allow_orphan: true,
            ..rules()
        };
        assert!(judge(&f, &allowed).refusals.is_empty());
    }

    #[test]
    fn a_region_gap_warns_or_refuses_by_setting() {
        let f = EffectFacts {
            region_gap: Some("East".into()),
            ..link()
        };
        let v = judge(&f, &rules());
        assert!(v.refusals.is_empty());
        assert_eq!(v.warnings.len(), 1);
        let strict = EffectRules {
            require_region_cover: true,
            ..rules()
        };
        assert_eq!(rules_of(&judge(&f, &strict)), [Rule::RegionCover]);
        let gap_ok = EffectRules {
            allow_region_gap: true,
            ..strict
        };
        assert!(judge(&f, &gap_ok).refusals.is_empty());
    }

    #[test]
    fn a_closed_target_refuses_a_bind_and_warns_a_rollback() {
        let f = EffectFacts {
            closed_target: true,
            ..link()
        };
        assert!(judge(&f, &rules()).refusals.is_empty());
        let bind = EffectRules {
            refuse_closed_target: true,
            ..rules()
        };
        assert_eq!(rules_of(&judge(&f, &bind)), [Rule::ClosedTarget]);
    }

    #[test]
    fn open_orders_at_a_closing_warehouse_are_listed_not_refused() {
        let f = EffectFacts {
            open_at_closing: 3,
            ..link()
        };
        let v = judge(&f, &rules());
        assert!(v.refusals.is_empty());
        assert!(
            v.warnings[0]
                .text
                .to_string()
                .contains("3 open orders can still ship from SH01")
        );
    }
}
