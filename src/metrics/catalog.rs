//! The product catalog of one command: every `products` row, held compactly — the only part
//! of `metrics` whose memory grows with the number of products, shared by every window a
//! command measures.
//!
//! Ids are back to back in one string, numbers in parallel vectors, all indexed by position;
//! ids come in byte order (the store's `ORDER BY product_id`), so positions sort like ids:
//! links, streamed in key order, are matched by walking forward ([`Catalog::seek`]), and
//! orders, which come in no order, by binary search ([`Catalog::find`]).
//!
//! Bytes per product (ids of L bytes): L + 4 (id end) + 3 × 8 (unit cost, replenishment days,
//! stock), and nothing more while orders are read.
//!
//! Why no hash index for the orders: the catalog is already a sorted vector, and searching it
//! measured no slower than the open-addressing index it replaced, with less memory (`cargo run
//! --release --example bench -- --sizes 10m --only metrics`, 2M products, 2 shared cores,
//! medians of 3 runs: 1.84–2.02 s and 112.8 MiB against 2.14–2.28 s and 116.2 MiB). With the
//! same store's orders shuffled out of product order, the worst case for a search, 2.43 s
//! against 2.38 s (medians of 6, within the noise); at 1M links no difference (0.30 s, 22
//! MiB). A std `HashMap<&str, u32>` was slower than both and peaked at 200.0 MiB at 10M links.

use std::cmp::Ordering;
use std::fmt;

/// Every row of `products`, by product id (byte order), with each product's current stock.
#[derive(Default, Clone)]
pub struct Catalog {
    /// every id, back to back
    text: String,
    /// `ends[i]`: where id `i` ends in `text` (it starts where id `i − 1` ends)
    ends: Vec<u32>,
    unit_cost_cents: Vec<i64>,
    replenishment_days: Vec<i64>,
    /// Σ stock over all its links, now (empty until [`Catalog::set_stock`])
    stock: Vec<i64>,
}

impl Catalog {
    /// Adds the next product. Ids must come in strictly increasing byte order (the store's
    /// `ORDER BY product_id`): positions then sort like ids, and links stream in the same
    /// order (see [`Catalog::seek`]).
    pub fn push(&mut self, id: &str, unit_cost_cents: i64, replenishment_days: i64) {
        assert!(
            self.ends.is_empty() || self.id_bytes(self.len() - 1) < id.as_bytes(),
            "products must come sorted by id"
        );
        self.text.push_str(id);
        let end = u32::try_from(self.text.len()).expect("product ids beyond 4 GiB");
        self.ends.push(end);
        self.unit_cost_cents.push(unit_cost_cents);
        self.replenishment_days.push(replenishment_days);
    }

    /// Gives back what the vectors reserved beyond their length.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.unit_cost_cents.shrink_to_fit();
        self.replenishment_days.shrink_to_fit();
        self.stock.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn id(&self, i: usize) -> &str {
        &self.text[self.span(i)]
    }

    /// The id's bytes, for comparing (no char-boundary checks: the hot loops only compare).
    fn id_bytes(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.span(i)]
    }

    fn span(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        start..self.ends[i] as usize
    }

    pub fn unit_cost_cents(&self, i: usize) -> i64 {
        self.unit_cost_cents[i]
    }

    pub fn replenishment_days(&self, i: usize) -> i64 {
        self.replenishment_days[i]
    }

    /// Current stock of the product at position `i` (0 before [`Catalog::set_stock`]).
    pub fn stock(&self, i: usize) -> i64 {
        self.stock.get(i).copied().unwrap_or(0)
    }

    /// Sets every product's current stock, by position (summed from the link stream).
    pub fn set_stock(&mut self, stock: Vec<i64>) {
        assert_eq!(stock.len(), self.len());
        self.stock = stock;
    }

    /// The position of `id`, by binary search (positions sort like ids).
    pub fn find(&self, id: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.id_bytes(mid).cmp(id.as_bytes()) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The position of `id` for a stream of ids in nondecreasing order (the links, in key
    /// order): `*cursor` only moves forward, so a whole stream costs one walk of the catalog.
    /// `None` for an id the catalog does not have.
    pub fn seek(&self, cursor: &mut usize, id: &str) -> Option<usize> {
        while *cursor < self.len() {
            match self.id_bytes(*cursor).cmp(id.as_bytes()) {
                Ordering::Less => *cursor += 1,
                Ordering::Equal => return Some(*cursor),
                Ordering::Greater => return None,
            }
        }
        None
    }
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // data: a Debug form, for developers
        write!(f, "Catalog({} products)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(ids: &[&str]) -> Catalog {
        let mut c = Catalog::default();
        for id in ids {
            c.push(id, 100, 7);
        }
        c
    }

    #[test]
    fn ids_are_found_by_binary_search_and_forward_seek() {
        let ids = ["", "A", "AB", "B", "SKU-1", "SKU-10", "中文"];
        let c = catalog(&ids);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(c.id(i), *id);
            assert_eq!(c.find(id), Some(i));
        }
        for missing in ["AA", "C", "SKU-2", "z"] {
            assert_eq!(c.find(missing), None);
        }
        // Links in key order, some of products the catalog does not have.
        let mut at = 0;
        let seen: Vec<Option<usize>> = ["A", "A", "AA", "B", "SKU-10", "SKU-10", "zz"]
            .iter()
            .map(|id| c.seek(&mut at, id))
            .collect();
        assert_eq!(
            seen,
            [Some(1), Some(1), None, Some(3), Some(5), Some(5), None]
        );
        assert!(Catalog::default().find("A").is_none());
    }

    #[test]
    #[should_panic(expected = "sorted")]
    fn products_must_come_sorted() {
        catalog(&["B", "A"]);
    }

    #[test]
    fn stock_is_summed_per_product_over_its_links() {
        let mut c = catalog(&["A", "B"]);
        assert_eq!(c.stock(1), 0, "no stock before the links are read");
        let (mut at, mut stock) = (0, vec![0; c.len()]);
        for (id, qty) in [("B", 4), ("B", 5), ("Z", 100)] {
            if let Some(i) = c.seek(&mut at, id) {
                stock[i] += qty;
            }
        }
        c.set_stock(stock);
        assert_eq!((c.stock(0), c.stock(1)), (0, 9));
    }
}
