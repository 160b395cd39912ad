//! The safety rules of an unbind (SPEC §4): given the facts about one pair and the operator's
//! options, decide what happens to it — or refuse it, naming the rule and the way out.
//!
//! Pure: the store gathers the facts set-based; these functions decide, and are unit-tested.

use serde::Serialize;

use crate::i18n::Text;
use crate::text;

/// A warning: true and worth knowing, but no refusal. Its rule (and region, for region
/// cover) let a long list be summarised, so the warnings never bury the refusals.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub rule: Rule,
    pub region: Option<String>,
    /// Worded when shown (the `--report` file keeps English, as CSV does).
    pub text: Text,
}

impl Warning {
    /// `SKU @ W: the SKU will have no active warehouse in region R` (the unbind and the door
    /// say it alike).
    pub fn region_gap(pair: &str, sku_words: Text, region: &str) -> Warning {
        Warning {
            rule: Rule::RegionCover,
            region: Some(region.to_string()),
            text: region_gap_text(pair, sku_words, region),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.text)
    }
}

/// The words of [`Warning::region_gap`], also part of a region-cover refusal.
pub fn region_gap_text(pair: &str, sku_words: Text, region: &str) -> Text {
    text!(
        "domain-region-gap",
        pair = pair,
        sku = sku_words,
        region = region
    )
}

/// The options that change how a pair is treated.
#[derive(Debug, Clone, Default)]
pub struct UnbindOptions {
    pub drain: bool,
    pub write_off: bool,
    pub allow_orphan: bool,
    pub allow_region_gap: bool,
    /// The `require_region_cover` setting.
    pub require_region_cover: bool,
    /// The `drain_buffer_hours` setting, for the message.
    pub drain_buffer_hours: i64,
}

/// What the facts of one pair are, as the store found them.
#[derive(Debug, Clone, Default)]
pub struct PairFacts {
    pub line: u64,
    pub sku: String,
    pub warehouse: String,
    pub qty: i64,
    pub open_orders: i64,
    pub oldest_open: Option<String>,
    /// Where the stock would go (`transfer_to` column or `--transfer-to`).
    pub transfer_to: Option<String>,
    /// The transfer target's status (`active` / `closed`).
    pub target_status: Option<String>,
    /// Removing it leaves the SKU with no active link in an active warehouse.
    pub leaves_orphan: bool,
    /// Removing it leaves the SKU with no active link in this region.
    pub region_gap: Option<String>,
}

/// What happens to a pair that passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Delete the link (no stock, no open orders).
    Unbind,
    /// Move the stock to the SKU's link at the target, then delete.
    Transfer,
    /// Record the stock as written off, then delete.
    WriteOff,
    /// Mark the link draining; `run-due` removes it later.
    Drain,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Unbind => "unbind",
            Action::Transfer => "transfer",
            Action::WriteOff => "write-off",
            Action::Drain => "drain",
        }
    }

    /// The outcome word of the `--report` file.
    pub fn outcome(self) -> &'static str {
        match self {
            Action::Unbind => "unbound",
            Action::Transfer => "transferred",
            Action::WriteOff => "written off",
            Action::Drain => "drained",
        }
    }
}

/// The rule that refused a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    OpenOrders,
    StockOnHand,
    ClosedTarget,
    LastWarehouse,
    RegionCover,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::OpenOrders => "open-orders",
            Rule::StockOnHand => "stock-on-hand",
            Rule::ClosedTarget => "closed-target",
            Rule::LastWarehouse => "last-warehouse",
            Rule::RegionCover => "region-cover",
        }
    }
}

/// A refusal: the pair, the rule, and the way out. The message is a [`Text`]: English in
/// JSON, the operator's language on the terminal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal {
    pub line: u64,
    pub sku: String,
    pub warehouse: String,
    pub rule: Rule,
    pub message: Text,
}

/// The decision for one pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub action: Action,
    pub refusals: Vec<Refusal>,
    pub warnings: Vec<Warning>,
}

/// Decides one pair. Every rule that fires is reported (not only the first), so the operator
/// can fix a template in one pass.
pub fn judge(f: &PairFacts, o: &UnbindOptions) -> Verdict {
    let pair = format!("{} @ {}", f.sku, f.warehouse);
    let mut refusals = Vec::new();
    let mut refuse = |rule: Rule, what: Text| {
        refusals.push(Refusal {
            line: f.line,
            sku: f.sku.clone(),
            warehouse: f.warehouse.clone(),
            rule,
            message: text!("domain-refused", pair = &pair, what = what),
        })
    };
    let mut action = Action::Unbind;
    if f.open_orders > 0 {
        if o.drain {
            action = Action::Drain;
        } else {
            let since = match f.oldest_open.as_deref() {
                Some(t) => text!("domain-oldest", at = t),
                None => Text::plain(""),
            };
            refuse(
                Rule::OpenOrders,
                text!(
                    "domain-refuse-open-orders",
                    count = f.open_orders,
                    since = since,
                    hours = o.drain_buffer_hours
                ),
            );
        }
    }
    if action != Action::Drain && f.qty > 0 {
        match (&f.transfer_to, o.write_off) {
            (Some(target), _) if f.target_status.as_deref() == Some("closed") => refuse(
                Rule::ClosedTarget,
                text!("domain-refuse-closed-target", qty = f.qty, target = target),
            ),
            (Some(_), _) => action = Action::Transfer,
            (None, true) => action = Action::WriteOff,
            (None, false) => refuse(Rule::StockOnHand, text!("domain-refuse-stock", qty = f.qty)),
        }
    }
    if f.leaves_orphan && !o.allow_orphan {
        refuse(Rule::LastWarehouse, text!("domain-refuse-last-warehouse"));
    }
    let mut warnings = Vec::new();
    if let Some(region) = &f.region_gap {
        if o.require_region_cover && !o.allow_region_gap {
            refuse(
                Rule::RegionCover,
                text!("domain-refuse-region-cover", region = region),
            );
        } else {
            warnings.push(Warning::region_gap(&pair, text!("domain-the-sku"), region));
        }
    }
    Verdict {
        action,
        refusals,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> PairFacts {
        PairFacts {
            line: 2,
            sku: "SKU-1".into(),
            warehouse: "SH01".into(),
            ..PairFacts::default()
        }
    }

    fn opts() -> UnbindOptions {
        UnbindOptions {
            drain_buffer_hours: 48,
            ..UnbindOptions::default()
        }
    }

    #[test]
    fn clean_pair_is_unbound() {
        let v = judge(&facts(), &opts());
        assert_eq!(v.action, Action::Unbind);
        assert!(v.refusals.is_empty() && v.warnings.is_empty());
    }

    #[test]
    fn open_orders_refuse_unless_drain() {
        let f = PairFacts {
            open_orders: 3,
            oldest_open: Some("2026-11-20T08:00:00Z".into()),
            ..facts()
        };
        let v = judge(&f, &opts());
        assert_eq!(v.refusals.len(), 1);
        assert_eq!(v.refusals[0].rule, Rule::OpenOrders);
        assert!(
            v.refusals[0]
                .message
                .to_string()
                .contains("3 open orders (oldest 2026-11-20T08:00:00Z)")
        );
        assert!(v.refusals[0].message.to_string().contains("--drain"));
        let drained = judge(
            &f,
            &UnbindOptions {
                drain: true,
                ..opts()
            },
        );
        assert_eq!(drained.action, Action::Drain);
        assert!(drained.refusals.is_empty());
    }

    /// JSON carries the English; the terminal the operator's language, rule ids and flags
    /// as they are. One unit is "1 unit … move it".
    #[test]
    fn a_refusal_is_worded_in_either_language() {
        use crate::i18n::Lang;
        let f = PairFacts {
            qty: 1,
            open_orders: 1,
            oldest_open: Some("2026-11-20T08:00:00Z".into()),
            ..facts()
        };
        let v = judge(&f, &opts());
        assert_eq!(
            v.refusals[0].message.render(Lang::En),
            "refused: SKU-1 @ SH01 has 1 open order (oldest 2026-11-20T08:00:00Z); use --drain to stop new orders and remove the link once they are done and 48h have passed"
        );
        assert_eq!(
            v.refusals[0].message.render(Lang::Zh),
            "拒绝：SKU-1 @ SH01 有 1 个未发货订单（最早 2026-11-20T08:00:00Z）；请用 --drain 停止接收新订单，待这些订单完成且过了 48 小时后再移除绑定关系"
        );
        assert_eq!(
            v.refusals[1].message.render(Lang::En),
            "refused: SKU-1 @ SH01 holds 1 unit; use --transfer-to WAREHOUSE to move it, or --write-off to record it as written off"
        );
        assert_eq!(
            serde_json::to_value(&v.refusals[1]).unwrap()["message"],
            v.refusals[1].message.render(Lang::En)
        );
    }

    #[test]
    fn stock_needs_transfer_or_write_off() {
        let f = PairFacts { qty: 5, ..facts() };
        assert_eq!(judge(&f, &opts()).refusals[0].rule, Rule::StockOnHand);
        let w = judge(
            &f,
            &UnbindOptions {
                write_off: true,
                ..opts()
            },
        );
        assert_eq!(w.action, Action::WriteOff);
        let t = PairFacts {
            transfer_to: Some("BJ01".into()),
            target_status: Some("active".into()),
            ..f.clone()
        };
        assert_eq!(judge(&t, &opts()).action, Action::Transfer);
        let closed = PairFacts {
            target_status: Some("closed".into()),
            ..t
        };
        assert_eq!(judge(&closed, &opts()).refusals[0].rule, Rule::ClosedTarget);
    }

    #[test]
    fn draining_keeps_the_stock_where_it_is() {
        let f = PairFacts {
            qty: 5,
            open_orders: 1,
            ..facts()
        };
        let v = judge(
            &f,
            &UnbindOptions {
                drain: true,
                ..opts()
            },
        );
        assert_eq!(v.action, Action::Drain);
        assert!(v.refusals.is_empty());
    }

    #[test]
    fn last_warehouse_needs_allow_orphan() {
        let f = PairFacts {
            leaves_orphan: true,
            ..facts()
        };
        assert_eq!(judge(&f, &opts()).refusals[0].rule, Rule::LastWarehouse);
        assert!(
            judge(
                &f,
                &UnbindOptions {
                    allow_orphan: true,
                    ..opts()
                }
            )
            .refusals
            .is_empty()
        );
    }

    #[test]
    fn region_gap_warns_or_refuses_by_setting() {
        let f = PairFacts {
            region_gap: Some("East".into()),
            ..facts()
        };
        let v = judge(&f, &opts());
        assert!(v.refusals.is_empty());
        assert_eq!(v.warnings.len(), 1);
        let strict = UnbindOptions {
            require_region_cover: true,
            ..opts()
        };
        assert_eq!(judge(&f, &strict).refusals[0].rule, Rule::RegionCover);
        let allowed = UnbindOptions {
            allow_region_gap: true,
            ..strict
        };
        assert!(judge(&f, &allowed).refusals.is_empty());
    }

    #[test]
    fn every_rule_that_fires_is_reported() {
        let f = PairFacts {
            qty: 2,
            open_orders: 1,
            leaves_orphan: true,
            ..facts()
        };
        let rules: Vec<Rule> = judge(&f, &opts()).refusals.iter().map(|r| r.rule).collect();
        assert_eq!(
            rules,
            vec![Rule::OpenOrders, Rule::StockOnHand, Rule::LastWarehouse]
        );
    }
}
