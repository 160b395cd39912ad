//! Tests of the generated files as a whole: determinism, sizes, realism, consistency, and
//! that the walkthrough picks do what they promise.

use super::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A scratch directory removed on drop (std only, so the module needs no dev-deps).
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("invmap-demo-test-{}-{n}", std::process::id()));
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
}

fn spec(seed: u64, skus: usize) -> DemoSpec {
    DemoSpec {
        skus,
        ..DemoSpec::new(seed, today())
    }
}

/// End of `today`, as the text the files use (text order is time order).
fn end() -> String {
    "2025-04-01T00:00:00Z".to_string()
}

/// A parsed file: header and rows. The generated files never quote (checked here).
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Table {
        let text = fs::read_to_string(path).unwrap();
        assert!(!text.contains('\r'), "{} has CR", path.display());
        assert!(!text.contains('"'), "{} needs quoting", path.display());
        assert!(text.ends_with('\n'));
        let mut lines = text
            .lines()
            .map(|l| l.split(',').map(str::to_string).collect());
        let header: Vec<String> = lines.next().unwrap();
        let rows: Vec<Vec<String>> = lines.collect();
        for r in &rows {
            assert_eq!(r.len(), header.len(), "{}: {r:?}", path.display());
            // The export writer's formula guard would have prefixed a `'`.
            assert!(r.iter().all(|c| !c.starts_with('\'')), "{r:?}");
        }
        Table { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap()
    }
}

struct Demo {
    _dir: Scratch,
    files: DemoFiles,
    warehouses: Table,
    products: Table,
    mappings: Table,
    orders: Table,
    counts: Table,
    complaints: Table,
}

fn demo(spec: &DemoSpec) -> Demo {
    let dir = Scratch::new();
    let files = generate(spec, &dir.0).unwrap();
    Demo {
        warehouses: Table::read(&files.warehouses),
        products: Table::read(&files.products),
        mappings: Table::read(&files.mappings),
        orders: Table::read(&files.orders),
        counts: Table::read(&files.counts),
        complaints: Table::read(&files.complaints),
        files,
        _dir: dir,
    }
}

impl Demo {
    /// (product, warehouse) -> stock.
    fn links(&self) -> BTreeMap<(String, String), u32> {
        self.mappings
            .rows
            .iter()
            .map(|r| ((r[0].clone(), r[1].clone()), r[2].parse().unwrap()))
            .collect()
    }

    fn active_warehouses(&self) -> HashSet<String> {
        let status = self.warehouses.col("status");
        self.warehouses
            .rows
            .iter()
            .filter(|r| r[status] == "active")
            .map(|r| r[0].clone())
            .collect()
    }

    fn open_orders(&self) -> HashMap<(String, String), usize> {
        let mut open = HashMap::new();
        for r in self.orders.rows.iter().filter(|r| r[4] == "open") {
            *open.entry((r[1].clone(), r[2].clone())).or_default() += 1;
        }
        open
    }
}

fn read_all(files: &DemoFiles) -> Vec<Vec<u8>> {
    [
        &files.warehouses,
        &files.products,
        &files.mappings,
        &files.orders,
        &files.counts,
        &files.complaints,
    ]
    .iter()
    .map(|p| fs::read(p).unwrap())
    .collect()
}

#[test]
fn same_seed_gives_identical_bytes_and_another_seed_does_not() {
    let (a, b, c) = (Scratch::new(), Scratch::new(), Scratch::new());
    let fa = generate(&spec(7, 300), &a.0).unwrap();
    let fb = generate(&spec(7, 300), &b.0).unwrap();
    let fc = generate(&spec(8, 300), &c.0).unwrap();
    assert_eq!(read_all(&fa), read_all(&fb));
    assert_eq!(fa.stats, fb.stats);
    assert_eq!(fa.walkthrough, fb.walkthrough);
    let (ra, rc) = (read_all(&fa), read_all(&fc));
    for i in 1..6 {
        assert_ne!(ra[i], rc[i], "file {i} did not change with the seed");
    }
}

#[test]
fn default_spec_meets_the_minimums() {
    let d = demo(&DemoSpec::new(42, today()));
    let s = d.files.stats;
    assert!(s.warehouses >= 6 && s.regions >= 3, "{s:?}");
    assert_eq!(s.skus, 2000);
    assert!(s.orders >= 10_000, "{s:?}");
    assert_eq!(d.warehouses.rows.len(), s.warehouses);
    assert_eq!(d.products.rows.len(), s.skus);
    assert_eq!(d.mappings.rows.len(), s.links);
    assert_eq!(d.orders.rows.len(), s.orders);
    assert_eq!(d.counts.rows.len(), s.counts);
    assert_eq!(d.complaints.rows.len(), s.complaints);
    assert_eq!(d.open_orders().values().sum::<usize>(), s.open_orders);

    let closed = d
        .warehouses
        .rows
        .iter()
        .filter(|r| r[3] == "closed")
        .count();
    assert_eq!(closed, 1);
    let mut per_sku: HashMap<&str, usize> = HashMap::new();
    for r in &d.mappings.rows {
        *per_sku.entry(&r[0]).or_default() += 1;
    }
    assert_eq!(per_sku.len(), 2000);
    assert!(per_sku.values().all(|&n| (1..=3).contains(&n)));

    // 90 days of history ending today, every status present.
    let first = d.orders.rows.first().unwrap()[5].clone();
    assert!(first.as_str() < "2025-01-02T00:00:00Z", "{first}");
    assert!(d.orders.rows.last().unwrap()[5].starts_with("2025-03-31"));
    let statuses: BTreeSet<&str> = d.orders.rows.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["cancelled", "delivered", "open", "shipped", "unfulfilled"])
    );
}

#[test]
fn statuses_and_times_are_realistic() {
    let d = demo(&DemoSpec::new(1, today()));
    let end = end();
    let three_days_before = "2025-03-29T00:00:00Z";
    let ten_days_before = "2025-03-22T00:00:00Z";
    let mut old: BTreeMap<&str, usize> = BTreeMap::new();
    let mut open = 0;
    for r in &d.orders.rows {
        let (status, created, shipped, delivered) = (&r[4], &r[5], &r[6], &r[7]);
        assert!(created < &end);
        match status.as_str() {
            "open" => {
                open += 1;
                assert!(
                    created.as_str() >= three_days_before,
                    "old open order {r:?}"
                );
                assert!(shipped.is_empty() && delivered.is_empty());
            }
            "shipped" => assert!(shipped > created && shipped < &end && delivered.is_empty()),
            "delivered" => {
                assert!(
                    shipped > created && delivered > shipped && delivered < &end,
                    "{r:?}"
                )
            }
            _ => assert!(shipped.is_empty() && delivered.is_empty()),
        }
        if created.as_str() < ten_days_before {
            *old.entry(status).or_default() += 1;
        }
        let q: u32 = r[3].parse().unwrap();
        assert!((1..=5).contains(&q));
    }
    let total: usize = old.values().sum();
    let share = |s: &str| old.get(s).copied().unwrap_or(0) as f64 / total as f64;
    assert!(share("delivered") > 0.85, "{old:?}");
    assert!((0.03..0.055).contains(&share("cancelled")), "{old:?}");
    assert!((0.015..0.04).contains(&share("unfulfilled")), "{old:?}");
    assert_eq!(share("open") + share("shipped"), 0.0, "{old:?}");
    assert!((100..1000).contains(&open), "{open} open orders");
    let unallocated = d.orders.rows.iter().filter(|r| r[2].is_empty()).count();
    let share = unallocated as f64 / d.orders.rows.len() as f64;
    assert!((0.005..0.02).contains(&share), "{share}");
}

#[test]
fn references_are_consistent_and_ids_unique() {
    let d = demo(&DemoSpec::new(3, today()));
    let codes: HashSet<&str> = d.warehouses.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(codes.len(), d.warehouses.rows.len());
    for c in &codes {
        assert!((1..=10).contains(&c.len()));
        assert!(c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'));
    }
    let skus: HashSet<&str> = d.products.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(skus.len(), d.products.rows.len());
    for r in &d.products.rows {
        assert!(r[0].len() <= 20);
        let (units, cents) = r[3].split_once('.').unwrap();
        assert!(units.parse::<u32>().is_ok() && cents.len() == 2, "{r:?}");
        let days: u32 = r[4].parse().unwrap();
        assert!((3..=21).contains(&days));
    }
    let links = d.links();
    assert_eq!(links.len(), d.mappings.rows.len(), "duplicate link");
    for ((p, w), stock) in &links {
        assert!(skus.contains(p.as_str()) && codes.contains(w.as_str()));
        assert!(*stock <= 500);
    }
    let mut order_sku = HashMap::new();
    for r in &d.orders.rows {
        assert!(
            order_sku.insert(r[0].as_str(), r[1].as_str()).is_none(),
            "dup {}",
            r[0]
        );
        assert!(skus.contains(r[1].as_str()));
        if !r[2].is_empty() {
            assert!(links.contains_key(&(r[1].clone(), r[2].clone())), "{r:?}");
        }
    }
    let mut counted = HashSet::new();
    for r in &d.counts.rows {
        assert!(links.contains_key(&(r[0].clone(), r[1].clone())), "{r:?}");
        assert!(
            counted.insert((&r[0], &r[1], &r[2])),
            "duplicate count {r:?}"
        );
        assert!(r[2] < end());
    }
    let mut complaint_ids = HashSet::new();
    for r in &d.complaints.rows {
        assert!(complaint_ids.insert(r[0].as_str()));
        assert!(skus.contains(r[2].as_str()));
        if !r[1].is_empty() {
            assert_eq!(order_sku.get(r[1].as_str()), Some(&r[2].as_str()), "{r:?}");
        }
        assert!(r[3] < end());
    }
    let without_order = d.complaints.rows.iter().filter(|r| r[1].is_empty()).count();
    assert!(without_order >= 3);
}

#[test]
fn headers_are_the_canonical_names() {
    let d = demo(&spec(5, 50));
    let header = |t: &Table| t.header.join(",");
    assert_eq!(
        header(&d.warehouses),
        "code,name,region,status,storage_cost"
    );
    assert_eq!(
        header(&d.products),
        "product_id,name,category,unit_cost,replenishment_days"
    );
    assert_eq!(
        header(&d.mappings),
        "product_id,warehouse_code,stock_quantity,priority"
    );
    assert_eq!(
        header(&d.orders),
        "order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at,delivered_at"
    );
    assert_eq!(
        header(&d.counts),
        "product_id,warehouse_code,counted_at,system_quantity,counted_quantity"
    );
    assert_eq!(
        header(&d.complaints),
        "complaint_id,order_id,product_id,created_at,category"
    );
}

/// SPEC §7: 1 − Σ|counted − system| ÷ Σ system.
fn accuracy<'a>(rows: impl Iterator<Item = &'a Vec<String>>) -> f64 {
    let (mut diff, mut system) = (0i64, 0i64);
    for r in rows {
        let s: i64 = r[3].parse().unwrap();
        let c: i64 = r[4].parse().unwrap();
        diff += (c - s).abs();
        system += s;
    }
    1.0 - diff as f64 / system as f64
}

#[test]
fn inventory_accuracy_is_near_the_target() {
    for seed in 0..4 {
        let d = demo(&DemoSpec::new(seed, today()));
        let all = accuracy(d.counts.rows.iter());
        assert!((0.993..=0.998).contains(&all), "seed {seed}: {all}");
        let last_30 = accuracy(
            d.counts
                .rows
                .iter()
                .filter(|r| r[2].as_str() >= "2025-03-02"),
        );
        assert!((0.992..=0.999).contains(&last_30), "seed {seed}: {last_30}");
        let links = d.mappings.rows.len() as f64;
        let share = d.counts.rows.len() as f64 / links;
        assert!((0.25..0.35).contains(&share), "{share}");
    }
}

/// SPEC §7's ABC over all sold orders of the window.
#[test]
fn abc_classes_come_out_near_20_30_50() {
    let d = demo(&DemoSpec::new(11, today()));
    let cost: HashMap<&str, i64> = d
        .products
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[3].replace('.', "").parse().unwrap()))
        .collect();
    let mut value: BTreeMap<&str, i64> = cost.keys().map(|&p| (p, 0)).collect();
    for r in d
        .orders
        .rows
        .iter()
        .filter(|r| r[4] == "shipped" || r[4] == "delivered")
    {
        *value.get_mut(r[1].as_str()).unwrap() +=
            r[3].parse::<i64>().unwrap() * cost[r[1].as_str()];
    }
    let mut ranked: Vec<(&str, i64)> = value.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: i64 = ranked.iter().map(|r| r.1).sum();
    let (mut before, mut classes) = (0i64, [0usize; 3]);
    for (_, v) in &ranked {
        let class = if *v == 0 || before * 100 >= total * 95 {
            2
        } else if before * 100 < total * 80 {
            0
        } else {
            1
        };
        classes[class] += 1;
        before += v;
    }
    let n = ranked.len() as f64;
    let share = classes.map(|c| c as f64 / n);
    assert!((0.15..0.27).contains(&share[0]), "{share:?}");
    assert!((0.22..0.35).contains(&share[1]), "{share:?}");
    assert!((0.42..0.60).contains(&share[2]), "{share:?}");
}

#[test]
fn walkthrough_pairs_do_what_they_promise() {
    for (seed, skus) in [(42, 2000), (0, 50), (1, 50), (2, 50), (3, 60), (9, 51)] {
        let d = demo(&spec(seed, skus));
        let wt = walkthrough(&spec(seed, skus), &d.files);
        let links = d.links();
        let active = d.active_warehouses();
        let open = d.open_orders();
        let other_active = |p: &str, w: &str| {
            links
                .keys()
                .any(|(p2, w2)| p2 == p && w2 != w && active.contains(w2))
        };
        assert!(!wt.safe_pairs.is_empty(), "seed {seed}");
        let skus_used: HashSet<&String> = wt.safe_pairs.iter().map(|p| &p.0).collect();
        assert_eq!(skus_used.len(), wt.safe_pairs.len(), "one pair per SKU");
        for pair in &wt.safe_pairs {
            assert_eq!(links.get(pair), Some(&0), "{pair:?}");
            assert!(!open.contains_key(pair), "{pair:?}");
            assert!(active.contains(&pair.1) && other_active(&pair.0, &pair.1));
        }
        assert!(open.get(&wt.open_order_pair).copied().unwrap_or(0) > 0);
        if skus >= 2000 {
            let (p, w) = &wt.open_order_pair;
            assert!(other_active(p, w), "open pair should not be the last link");
        }
        let (p, w, to) = &wt.stocked_pair;
        let key = (p.clone(), w.clone());
        assert!(links[&key] > 0 && !open.contains_key(&key));
        assert!(links.contains_key(&(p.clone(), to.clone())) && active.contains(to) && to != w);
    }
}

#[test]
fn small_specs_are_raised_to_the_minimum() {
    let d = demo(&DemoSpec {
        skus: 3,
        days: 0,
        ..DemoSpec::new(0, today())
    });
    assert_eq!(d.files.stats.skus, MIN_SKUS);
    assert!(d.orders.rows.iter().all(|r| r[5].starts_with("2025-03-31")));
}

/// The files go through the export writer, which prefixes text that starts like a formula;
/// a word list starting that way would make the demo import a changed name. Names start
/// with an adjective, and every other text cell is an id, a date, a number or a code.
#[test]
fn no_fixed_text_looks_like_a_formula() {
    use super::categories::{CATEGORIES, COLOURS};
    use super::warehouses::WAREHOUSES;
    use crate::csvio::inert;
    let mut texts: Vec<&str> = COLOURS.to_vec();
    for w in &WAREHOUSES {
        texts.extend([w.code, w.name, w.region, w.storage_cost]);
    }
    for c in &CATEGORIES {
        texts.push(c.name);
        texts.extend(c.adjectives.split('|'));
    }
    for t in texts {
        assert_eq!(inert(t), t);
    }
}
