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
    let mut gaps = 0;
    let mut by_region: BTreeMap<&str, u64> = BTreeMap::new();
    for w in warnings {
        match region_gap_of(w) {
            Some(region) => {
                if gaps < SHOWN {
                    d.say(&format!("warning: {w}"));
                }
                gaps += 1;
                *by_region.entry(region).or_default() += 1;
            }
            None => d.say(&format!("warning: {w}")),
        }
    }
    if gaps > SHOWN {
        let regions: Vec<String> = by_region.iter().map(|(r, n)| format!("{r} {n}")).collect();
        d.say(&format!(
            "warning: … {} in all leave a SKU with no active warehouse in a region ({}); --report FILE lists every one",
            plural(gaps as u64, "pair"),
            regions.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Said(std::cell::RefCell<Vec<String>>);

    impl Driver for Said {
        fn now(&self) -> chrono::DateTime<chrono::Utc> {
            chrono::Utc::now()
        }
        fn operator(&self) -> &str {
            "t"
        }
        fn override_window(&self) -> bool {
            false
        }
        fn say(&self, line: &str) {
            self.0.borrow_mut().push(line.to_string());
        }
        fn show_progress(&self) -> bool {
            false
        }
        fn change_meta(&self, _: &str, _: Option<&str>) -> crate::store::changes::ChangeMeta {
            unimplemented!()
        }
        fn report_change(&self, _: Option<(i64, String)>, _: &str) {}
    }

    #[test]
    fn many_region_gaps_are_counted_per_region() {
        let mut w: Vec<String> = (0..8)
            .map(|i| {
                format!("SKU-{i} @ SH01: the SKU will have no active warehouse in region East")
            })
            .collect();
        w.push("SKU-9 @ BJ01: SKU-9 will have no active warehouse in region North".into());
        w.push("something else".into());
        let d = Said(Default::default());
        say(&d, &w);
        let said = d.0.into_inner();
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
        let d = Said(Default::default());
        say(&d, &w);
        assert_eq!(d.0.into_inner().len(), 1);
    }
}
