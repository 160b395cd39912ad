//! Saying warnings without burying what matters: a big batch can leave thousands of SKUs
//! without a warehouse in some region — true, worth knowing, and not worth thousands of
//! lines that push the real refusals off the screen. The first few are said as they are, the
//! rest counted per region; `--report FILE` keeps every one.

use std::collections::BTreeMap;

use super::Driver;
use crate::domain::checks::region_gap_of;
use crate::report::words::plural;

/// How many region-cover warnings are said one by one.
const SHOWN: usize = 5;

pub fn say(d: &dyn Driver, warnings: &[String]) {
    for line in lines(warnings) {
        d.say(&line);
    }
}

/// The lines said for `warnings`, in order. Pure.
fn lines(warnings: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut gaps = 0;
    let mut by_region: BTreeMap<&str, u64> = BTreeMap::new();
    for w in warnings {
        match region_gap_of(w) {
            Some(region) => {
                if gaps < SHOWN {
                    out.push(format!("warning: {w}"));
                }
                gaps += 1;
                *by_region.entry(region).or_default() += 1;
            }
            None => out.push(format!("warning: {w}")),
        }
    }
    if gaps > SHOWN {
        let regions: Vec<String> = by_region.iter().map(|(r, n)| format!("{r} {n}")).collect();
        out.push(format!(
            "warning: … {} in all leave a SKU with no active warehouse in a region ({}); --report FILE lists every one",
            plural(gaps as u64, "pair"),
            regions.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_region_gaps_are_counted_per_region() {
        let mut w: Vec<String> = (0..8)
            .map(|i| {
                format!("SKU-{i} @ SH01: the SKU will have no active warehouse in region East")
            })
            .collect();
        w.push("SKU-9 @ BJ01: SKU-9 will have no active warehouse in region North".into());
        w.push("something else".into());
        let said = lines(&w);
        assert_eq!(said.len(), 5 + 1 + 1, "{said:#?}");
        assert_eq!(said[5], "warning: something else");
        assert_eq!(
            said[6],
            "warning: … 9 pairs in all leave a SKU with no active warehouse in a region (East 8, North 1); --report FILE lists every one"
        );
    }

    #[test]
    fn a_few_are_said_as_they_are() {
        let w =
            vec!["SKU-1 @ SH01: the SKU will have no active warehouse in region East".to_string()];
        assert_eq!(lines(&w).len(), 1);
    }
}
