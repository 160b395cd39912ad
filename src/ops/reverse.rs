//! `invmap reverse CHANGE`: the way back from a move or a migration (unbinds with transfers),
//! as templates — the links to bind again, the stock to move back. Pure: computed from the
//! change's per-link deltas.

use std::collections::BTreeMap;

use crate::store::reverse::LinkDelta;

/// A link to bind again (stock comes back by the moves, or the operator sets it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindBack {
    pub sku: String,
    pub warehouse: String,
    pub priority: Option<i64>,
}

/// Stock to move back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveBack {
    pub sku: String,
    pub from: String,
    pub to: String,
    pub qty: i64,
}

/// The way back: binds, moves, and the units that left the books (written off) and so have
/// nowhere to come back from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WayBack {
    pub binds: Vec<BindBack>,
    pub moves: Vec<MoveBack>,
    pub written_off: i64,
}

/// The deltas of several changes (the stages of one batch) as one change's: per link, the
/// stock deltas add up and a link removed by any of them is bound again. Pure.
pub fn merged(deltas: Vec<LinkDelta>) -> Vec<LinkDelta> {
    let mut by_link: BTreeMap<(String, String), LinkDelta> = BTreeMap::new();
    for d in deltas {
        match by_link.entry((d.sku.clone(), d.warehouse.clone())) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(d);
            }
            std::collections::btree_map::Entry::Occupied(mut e) => {
                let m = e.get_mut();
                m.delta += d.delta;
                m.removed |= d.removed;
                m.before_priority = m.before_priority.or(d.before_priority);
            }
        }
    }
    by_link.into_values().collect()
}

/// Per SKU, the links that gained stock give it back to those that lost it, largest first
/// (a gain and a loss of one SKU pair off in key order when equal).
pub fn way_back(deltas: &[LinkDelta]) -> WayBack {
    let mut out = WayBack::default();
    let mut by_sku: BTreeMap<&str, Vec<&LinkDelta>> = BTreeMap::new();
    for d in deltas {
        if d.removed {
            out.binds.push(BindBack {
                sku: d.sku.clone(),
                warehouse: d.warehouse.clone(),
                priority: d.before_priority,
            });
        }
        by_sku.entry(&d.sku).or_default().push(d);
    }
    for (sku, links) in by_sku {
        let mut gained: Vec<(String, i64)> = links
            .iter()
            .filter(|d| d.delta > 0)
            .map(|d| (d.warehouse.clone(), d.delta))
            .collect();
        let mut lost: Vec<(String, i64)> = links
            .iter()
            .filter(|d| d.delta < 0)
            .map(|d| (d.warehouse.clone(), -d.delta))
            .collect();
        gained.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        lost.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let (mut g, mut l) = (0, 0);
        while g < gained.len() && l < lost.len() {
            let qty = gained[g].1.min(lost[l].1);
            out.moves.push(MoveBack {
                sku: sku.to_string(),
                from: gained[g].0.clone(),
                to: lost[l].0.clone(),
                qty,
            });
            gained[g].1 -= qty;
            lost[l].1 -= qty;
            if gained[g].1 == 0 {
                g += 1;
            }
            if lost[l].1 == 0 {
                l += 1;
            }
        }
        out.written_off += lost[l.min(lost.len())..].iter().map(|x| x.1).sum::<i64>();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(sku: &str, wh: &str, removed: bool, delta: i64) -> LinkDelta {
        LinkDelta {
            sku: sku.into(),
            warehouse: wh.into(),
            removed,
            before_priority: Some(2),
            delta,
            action: String::new(),
        }
    }

    #[test]
    fn a_transfer_comes_back_as_a_bind_and_a_move() {
        // SKU-1 left BJ01 (40 units) for SH01.
        let w = way_back(&[d("SKU-1", "BJ01", true, -40), d("SKU-1", "SH01", false, 40)]);
        assert_eq!(
            w.binds,
            [BindBack {
                sku: "SKU-1".into(),
                warehouse: "BJ01".into(),
                priority: Some(2)
            }]
        );
        assert_eq!(
            w.moves,
            [MoveBack {
                sku: "SKU-1".into(),
                from: "SH01".into(),
                to: "BJ01".into(),
                qty: 40
            }]
        );
        assert_eq!(w.written_off, 0);
    }

    #[test]
    fn two_stages_into_one_link_come_back_as_one_move() {
        let w = way_back(&merged(vec![
            d("S", "A", false, -10),
            d("S", "B", false, 10),
            d("S", "A", false, -5),
            d("S", "B", false, 5),
        ]));
        assert_eq!(w.moves.len(), 1);
        assert_eq!((w.moves[0].qty, w.moves[0].from.as_str()), (15, "B"));
    }

    #[test]
    fn split_moves_pair_off_and_write_offs_are_counted() {
        // 100 units left A: 60 to B, 30 to C, 10 written off.
        let w = way_back(&[
            d("S", "A", false, -100),
            d("S", "B", false, 60),
            d("S", "C", false, 30),
        ]);
        let moves: Vec<(String, String, i64)> = w
            .moves
            .iter()
            .map(|m| (m.from.clone(), m.to.clone(), m.qty))
            .collect();
        assert_eq!(
            moves,
            [("B".into(), "A".into(), 60), ("C".into(), "A".into(), 30)]
        );
        assert_eq!(w.written_off, 10);
    }
}
