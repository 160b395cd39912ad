//! Saying warnings without burying what matters: a big batch can leave thousands of SKUs
//! without a warehouse in some region, or a closing warehouse with hundreds of links whose
//! open orders still ship from it — true, worth knowing, and not worth thousands of lines that
//! push the real refusals off the screen. Per rule, the first few are said as they are and the
//! rest counted (per region where the rule has one); `-v` lists every one, and so does an
//! unbind's `--report FILE`.

use std::collections::BTreeMap;

use super::Driver;
use crate::domain::checks::{Rule, Warning};
use crate::tr;

/// How many warnings of one rule are said one by one.
const SHOWN: usize = 5;

pub fn say(d: &dyn Driver, warnings: &[Warning]) {
    for line in lines(warnings) {
        d.say(&line);
    }
    // `-v` lists every one (the count line says so).
    if warnings.len() > SHOWN {
        for w in warnings {
            tracing::info!(
                rule = w.rule.as_str(),
                "{}",
                tr!("ops-warning-line", text = &w.text)
            );
        }
    }
}

/// What the count line says a rule's warnings are about.
fn about(rule: Rule) -> String {
    match rule {
        Rule::RegionCover => tr!("ops-warnings-about-region-cover"),
        Rule::OpenOrders => tr!("ops-warnings-about-open-orders"),
        Rule::ClosedTarget => tr!("ops-warnings-about-closed-target"),
        Rule::StockOnHand | Rule::LastWarehouse => tr!("ops-warnings-about-other"),
    }
}

/// The lines said for `warnings`, in order: each rule's first few as they are, then a count
/// line per rule that had more. Pure.
fn lines(warnings: &[Warning]) -> Vec<String> {
    let mut out = Vec::new();
    // rule → (how many, per region)
    let mut seen: Vec<(Rule, usize, BTreeMap<&str, u64>)> = Vec::new();
    for w in warnings {
        let i = match seen.iter().position(|(r, ..)| *r == w.rule) {
            Some(i) => i,
            None => {
                seen.push((w.rule, 0, BTreeMap::new()));
                seen.len() - 1
            }
        };
        let (_, n, regions) = &mut seen[i];
        if *n < SHOWN {
            out.push(tr!("ops-warning-line", text = &w.text));
        }
        *n += 1;
        if let Some(region) = &w.region {
            *regions.entry(region.as_str()).or_default() += 1;
        }
    }
    for (rule, n, regions) in seen.into_iter().filter(|(_, n, _)| *n > SHOWN) {
        let (about, rule) = (about(rule), rule.as_str());
        out.push(if regions.is_empty() {
            tr!("ops-warnings-more", count = n, about = &about, rule = rule)
        } else {
            let parts: Vec<String> = regions.iter().map(|(r, n)| format!("{r} {n}")).collect();
            tr!(
                "ops-warnings-more-by-region",
                count = n,
                about = &about,
                rule = rule,
                regions = &super::list(&parts)
            )
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(i: usize, region: &str) -> Warning {
        Warning::region_gap(&format!("SKU-{i} @ SH01"), "the SKU".into(), region)
    }

    fn open_at_close(i: usize) -> Warning {
        Warning {
            rule: Rule::OpenOrders,
            region: None,
            text: format!("SKU-{i} @ GZ01: 1 open order can still ship from GZ01 after it closes")
                .into(),
        }
    }

    #[test]
    fn many_warnings_are_counted_per_rule_and_region() {
        let mut w: Vec<Warning> = (0..8).map(|i| gap(i, "East")).collect();
        w.push(gap(9, "North"));
        w.extend((0..7).map(open_at_close));
        let said = lines(&w);
        assert_eq!(said.len(), 5 + 5 + 2, "{said:#?}");
        assert_eq!(
            said[5],
            "warning: SKU-0 @ GZ01: 1 open order can still ship from GZ01 after it closes"
        );
        assert_eq!(
            said[10],
            "warning: … 9 pairs in all leave a SKU with no active warehouse in a region [region-cover] (East 8, North 1); -v lists every one"
        );
        assert_eq!(
            said[11],
            "warning: … 7 pairs in all keep open orders at a warehouse that closes [open-orders]; -v lists every one"
        );
    }

    #[test]
    fn a_few_are_said_as_they_are() {
        let w = vec![gap(1, "East"), open_at_close(2)];
        assert_eq!(
            lines(&w),
            [
                "warning: SKU-1 @ SH01: the SKU will have no active warehouse in region East",
                "warning: SKU-2 @ GZ01: 1 open order can still ship from GZ01 after it closes"
            ]
        );
    }
}
