//! `invmap report`: one self-contained HTML page — inline CSS, hand-written SVG charts, no
//! script, no fonts or images from the network — that reads offline and prints cleanly.
//!
//! The charts are small enough to write by hand (a polyline, some rectangles), which keeps the
//! page free of a plotting dependency and its fonts. Every text taken from the store is
//! escaped: product ids and reasons are operator data, not markup.

use std::fmt::Write as _;

use crate::domain::values::format_decimal;
use crate::i18n::Text;
use crate::metrics::abc::ClassTotal;
use crate::metrics::comparison::{Comparison, Mark};
use crate::metrics::stock::{Class, format_micros};
use crate::metrics::verdict::alert_kind;
use crate::metrics::{Metrics, number, percent};
use crate::tr;

/// Everything the page shows.
pub struct Page<'a> {
    pub store: String,
    pub generated_at: String,
    pub metrics: &'a Metrics,
    pub marks: Vec<Mark>,
    pub comparison: Option<&'a Comparison>,
    /// how many products the lists show
    pub top: usize,
}

/// Fonts that show Chinese as well as Latin on every desktop (the page names them; it loads
/// none).
const FONTS: &str = "system-ui,-apple-system,'Segoe UI',Roboto,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif";

const CSS: &str = "
body{color:#1f2933;margin:0;background:#f5f7fa}
main{max-width:1100px;margin:0 auto;padding:24px 32px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
.sub{color:#52606d;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.card{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:10px 12px;break-inside:avoid}
.card .v{font-size:22px;font-weight:600}.card .l{font-size:12px;color:#52606d;text-transform:uppercase;letter-spacing:.04em}
.card .b{font-size:12px;color:#7b8794}
.card.alert{border:2px solid #c62828;background:#fff5f5}.card.alert .v{color:#c62828}
.alerts{background:#fff5f5;border-left:4px solid #c62828;padding:8px 14px;margin:14px 0}
.alerts li{color:#8e1b1b}.ok{background:#effcf6;border-left:4px solid #2f855a;padding:8px 14px;margin:14px 0}
table{border-collapse:collapse;background:#fff;font-size:13px;margin-bottom:8px}
th,td{border:1px solid #d9e2ec;padding:4px 10px;text-align:right}th{background:#f0f4f8}
td:first-child,th:first-child{text-align:left}
svg{background:#fff;border:1px solid #d9e2ec;border-radius:6px;max-width:100%;height:auto}
.row{display:flex;gap:24px;flex-wrap:wrap}.row>div{flex:1;min-width:320px}
@media print{body{background:#fff}main{padding:0}h2{break-after:avoid}svg,table{break-inside:avoid}}
";

/// Renders the page.
pub fn render(p: &Page<'_>) -> String {
    let m = p.metrics;
    let w = &m.window;
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>body{{font-family:{FONTS}}}{CSS}</style></head><body><main>\
         <h1>{heading}</h1><div class=\"sub\">{sub}</div>",
        lang = crate::i18n::lang().tag(),
        title = esc(&tr!("report-title", since = &w.since, until = &w.until)),
        heading = esc(&tr!("report-heading")),
        sub = esc(&tr!(
            "report-subtitle",
            store = &p.store,
            since = &w.since,
            until = &w.until,
            days = w.days,
            timezone = &w.timezone,
            generated = &zone(m).show_in_text(&p.generated_at)
        )),
    );
    headline(&mut h, m);
    h2(&mut h, &tr!("report-fulfilment-heading"));
    h.push_str(&curve_svg(m, &p.marks));
    h.push_str("<div class=\"row\"><div>");
    h2(&mut h, &tr!("report-stock-heading"));
    h.push_str(&stock_svg(&m.basis.stock_by_warehouse));
    h.push_str("</div><div>");
    h2(&mut h, &tr!("report-abc-heading"));
    abc_section(&mut h, m);
    h.push_str("</div></div>");
    storage_table(&mut h, m);
    match p.comparison {
        Some(c) => comparison(&mut h, c),
        None => {
            h2(&mut h, &tr!("report-latest-change"));
            let _ = write!(h, "<p class=\"sub\">{}</p>", esc(&tr!("report-no-change")));
        }
    }
    safety_table(&mut h, m, p.top);
    let _ = writeln!(
        h,
        "<p class=\"sub\">{}</p></main></body></html>",
        esc(&tr!("report-footer"))
    );
    h
}

/// A section heading.
fn h2(h: &mut String, text: &str) {
    let _ = write!(h, "<h2>{}</h2>", esc(text));
}

/// A table's header row.
fn header_row(h: &mut String, names: &[String]) {
    h.push_str("<tr>");
    for name in names {
        let _ = write!(h, "<th>{}</th>", esc(name));
    }
    h.push_str("</tr>");
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn headline(h: &mut String, m: &Metrics) {
    let has = |kind: &str| m.alerts.iter().any(|a| alert_kind(a) == Some(kind));
    let b = &m.basis;
    let below = m.below_safety().count();
    let cards = [
        (
            tr!("report-card-accuracy"),
            percent(m.inventory_accuracy),
            tr!("metrics-basis-counts", count = b.counts),
            has("accuracy"),
        ),
        (
            tr!("report-card-fulfilment"),
            percent(m.fulfilment_now()),
            tr!("report-basis-fulfilment"),
            false,
        ),
        (
            tr!("report-card-stockout"),
            percent(m.stockout_rate),
            tr!(
                "report-basis-stockout",
                unfulfilled = b.orders.unfulfilled,
                settled = b.orders.settled
            ),
            has("stockout"),
        ),
        (
            tr!("report-card-complaints"),
            percent(m.complaint_rate),
            tr!("report-basis-complaints", count = b.complaints),
            false,
        ),
        (
            tr!("report-card-delivery"),
            number(m.delivery_days, 2),
            tr!("metrics-basis-delivered", count = b.orders.delivered),
            false,
        ),
        (
            tr!("report-card-turnover"),
            number(m.turnover_days, 1),
            tr!("report-basis-stock", count = b.total_stock),
            false,
        ),
        (
            tr!("report-card-below"),
            below.to_string(),
            tr!("metrics-basis-products", count = m.products.len()),
            below > 0,
        ),
        (
            tr!("report-card-sold"),
            b.orders.units_sold.to_string(),
            tr!("report-basis-settled", count = b.orders.settled),
            false,
        ),
    ];
    h2(h, &tr!("report-headline"));
    h.push_str("<div class=\"cards\">");
    for (label, value, basis, alert) in cards {
        let class = if alert { "card alert" } else { "card" };
        let _ = write!(
            h,
            "<div class=\"{class}\"><div class=\"l\">{}</div><div class=\"v\">{}</div><div class=\"b\">{}</div></div>",
            esc(&label),
            esc(&value),
            esc(&basis)
        );
    }
    h.push_str("</div>");
    alert_list(h, &m.alerts, &tr!("report-no-alerts"));
}

fn alert_list(h: &mut String, alerts: &[Text], none: &str) {
    if alerts.is_empty() {
        let _ = write!(h, "<div class=\"ok\">{}</div>", esc(none));
        return;
    }
    let _ = write!(
        h,
        "<div class=\"alerts\"><strong>{}</strong><ul>",
        esc(&tr!("report-alerts"))
    );
    for a in alerts {
        let _ = write!(h, "<li>{}</li>", esc(&a.to_string()));
    }
    h.push_str("</ul></div>");
}

/// The curve as a polyline per run of non-null points, with the changes as dashed lines.
fn curve_svg(m: &Metrics, marks: &[Mark]) -> String {
    let (w, ht, left, right, top, bottom) = (1000.0, 280.0, 56.0, 16.0, 16.0, 40.0);
    let zone_of = zone(m);
    let points = &m.fulfilment_rate_7d;
    let n = points.len().max(2) as f64;
    let lowest = points.iter().filter_map(|p| p.rate).fold(1.0_f64, f64::min);
    // The y axis starts at the lowest 5 % step below the data, so small moves stay visible.
    let floor = ((lowest * 20.0).floor() / 20.0).clamp(0.0, 0.95);
    let x = |d: f64| left + d / (n - 1.0) * (w - left - right);
    let y = |r: f64| top + (1.0 - (r - floor) / (1.0 - floor)) * (ht - top - bottom);
    let mut s = svg_open(w, ht, &tr!("report-aria-curve"));
    for i in 0..=4 {
        let r = floor + (1.0 - floor) * f64::from(i) / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e4e7eb\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#52606d\">{} %</text>",
            w - right,
            left - 6.0,
            y(r) + 4.0,
            axis_label(r * 100.0),
            y = y(r)
        );
    }
    let step = (points.len() / 8).max(1);
    for (i, p) in points.iter().enumerate().step_by(step) {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#52606d\">{}</text>",
            x(i as f64),
            ht - 18.0,
            esc(p.date.get(5..10).unwrap_or(&p.date))
        );
    }
    // Changes close together share one label (they would overprint); each keeps its line.
    for (i, group) in mark_groups(marks, x).iter().enumerate() {
        for mark in group {
            // A change late on the window's last day stays on the plot.
            let mx = x(mark.day).min(w - right);
            let _ = write!(
                s,
                "<line x1=\"{mx:.1}\" x2=\"{mx:.1}\" y1=\"{top}\" y2=\"{}\" stroke=\"#d97706\" stroke-dasharray=\"5 4\"><title>{}</title></line>",
                ht - bottom,
                esc(&tr!(
                    "report-mark-title",
                    id = mark.id,
                    at = &zone_of.show(mark.at)
                )),
            );
        }
        let mx = x(group[0].day).min(w - right);
        // Labels near the right edge go left of their line; neighbours are staggered.
        let (tx, anchor) = if mx > w - 160.0 {
            (x(group[group.len() - 1].day) - 4.0, "end")
        } else {
            (mx + 4.0, "start")
        };
        let _ = write!(
            s,
            "<text x=\"{tx:.1}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#b45309\">{}</text>",
            top + 12.0 + (i % 3) as f64 * 14.0,
            esc(&group_label(group))
        );
    }
    let mut run: Vec<String> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p.rate {
            Some(r) => run.push(format!("{:.1},{:.1}", x(i as f64), y(r))),
            None => draw_run(&mut s, &mut run),
        }
    }
    draw_run(&mut s, &mut run);
    s.push_str("</svg>");
    s
}

/// An `<svg>` of `w` × `ht` with its accessible name, in the page's fonts.
fn svg_open(w: f64, ht: f64, label: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {w} {ht}\" width=\"{w}\" height=\"{ht}\" role=\"img\" aria-label=\"{}\" font-size=\"12\" font-family=\"{FONTS}\">",
        esc(label)
    )
}

/// The store's time zone, as the window names it.
fn zone(m: &Metrics) -> crate::domain::zone::Zone {
    crate::domain::zone::Zone::parse(&m.window.timezone)
        .unwrap_or_else(|_| crate::domain::zone::Zone::utc())
}

/// A gridline's value as exactly as it is (`96.25`, `97.5`, `100`): a rounded label would
/// name another line.
fn axis_label(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Marks within 90 px of the one before them, grouped (in time order).
fn mark_groups(marks: &[Mark], x: impl Fn(f64) -> f64) -> Vec<Vec<&Mark>> {
    let mut sorted: Vec<&Mark> = marks.iter().collect();
    sorted.sort_by(|a, b| a.day.total_cmp(&b.day));
    let mut groups: Vec<Vec<&Mark>> = Vec::new();
    for m in sorted {
        match groups.last_mut() {
            Some(g) if x(m.day) - x(g[g.len() - 1].day) < 90.0 => g.push(m),
            _ => groups.push(vec![m]),
        }
    }
    groups
}

/// `change 4`, `changes 3, 4`, `changes 3–9 (7)`.
fn group_label(group: &[&Mark]) -> String {
    let ids: Vec<i64> = group.iter().map(|m| m.id).collect();
    match ids.as_slice() {
        [one] => tr!("report-mark-one", id = *one),
        few if few.len() <= 3 => tr!(
            "report-mark-few",
            ids = &few
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(&tr!("metrics-list-separator"))
        ),
        many => {
            let (lo, hi) = (
                many.iter().min().unwrap_or(&0),
                many.iter().max().unwrap_or(&0),
            );
            tr!(
                "report-mark-many",
                low = *lo,
                high = *hi,
                count = many.len()
            )
        }
    }
}

/// One unbroken stretch of the curve (a dot when it is a single day).
fn draw_run(s: &mut String, run: &mut Vec<String>) {
    match run.as_slice() {
        [] => {}
        [one] => {
            let (cx, cy) = one.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(
                s,
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"3\" fill=\"#2563eb\"/>"
            );
        }
        many => {
            let _ = write!(
                s,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2.5\"/>",
                many.join(" ")
            );
        }
    }
    run.clear();
}

/// Horizontal bars, one per warehouse; a closed one grey and marked "closed".
fn stock_svg(rows: &[crate::metrics::stock::WarehouseStock]) -> String {
    let (w, bar, gap, label) = (520.0, 20.0, 8.0, 80.0);
    let ht = 16.0 + rows.len() as f64 * (bar + gap);
    let max = rows.iter().map(|r| r.stock).max().unwrap_or(0).max(1) as f64;
    let mut s = svg_open(w, ht, &tr!("report-aria-stock"));
    for (i, row) in rows.iter().enumerate() {
        let top = 8.0 + i as f64 * (bar + gap);
        let len = row.stock.max(0) as f64 / max * (w - label - 150.0);
        let (fill, amount) = if row.closed {
            ("#a0aec0", tr!("report-closed", stock = row.stock))
        } else {
            ("#3e7cb1", row.stock.to_string())
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label}\" y=\"{top:.1}\" width=\"{len:.1}\" height=\"{bar}\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#52606d\">{}</text>",
            label - 8.0,
            top + 14.0,
            esc(&row.code),
            label + len + 6.0,
            top + 14.0,
            esc(&amount)
        );
    }
    s.push_str("</svg>");
    s
}

const CLASS_COLOURS: [(Class, &str); 3] = [
    (Class::A, "#2f855a"),
    (Class::B, "#d69e2e"),
    (Class::C, "#a0aec0"),
];

/// A stacked bar of sales value by class, and the class table with storage cost.
fn abc_section(h: &mut String, m: &Metrics) {
    let by_class = |class| m.products.class_total(class);
    let total: i64 = [Class::A, Class::B, Class::C]
        .map(|c| by_class(c).value_cents)
        .iter()
        .sum();
    h.push_str(&svg_open(520.0, 44.0, &tr!("report-aria-abc")));
    let mut x = 10.0;
    for (class, colour) in CLASS_COLOURS {
        let value = by_class(class).value_cents;
        let width = if total > 0 {
            value as f64 / total as f64 * 500.0
        } else {
            0.0
        };
        if width > 0.0 {
            let _ = write!(
                h,
                "<rect x=\"{x:.1}\" y=\"8\" width=\"{width:.1}\" height=\"28\" fill=\"{colour}\"/>"
            );
            if width > 40.0 {
                let _ = write!(
                    h,
                    "<text x=\"{:.1}\" y=\"27\" fill=\"#fff\">{} {:.0} %</text>",
                    x + 6.0,
                    class.as_str(),
                    width / 5.0
                );
            }
        }
        x += width;
    }
    h.push_str("</svg><table>");
    header_row(
        h,
        &[
            tr!("report-col-class"),
            tr!("report-col-products"),
            tr!("report-col-sales-value"),
            tr!("report-col-stock"),
            tr!("report-col-storage-cost"),
        ],
    );
    for (class, colour) in CLASS_COLOURS {
        let ClassTotal {
            products,
            value_cents: value,
        } = by_class(class);
        let cells = m.storage_cost.iter().filter(|c| c.class == class);
        let stock: i64 = cells.clone().map(|c| c.stock).sum();
        let cost: i128 = cells.map(|c| c.cost_micros).sum();
        let _ = write!(
            h,
            "<tr><td><span style=\"color:{colour}\">■</span> {}</td><td>{products}</td><td>{}</td><td>{stock}</td><td>{}</td></tr>",
            class.as_str(),
            format_decimal(value, 2, 2),
            format_micros(cost)
        );
    }
    h.push_str("</table>");
}

/// One row per warehouse, one column per class: the cost of holding stock over the window.
fn storage_table(h: &mut String, m: &Metrics) {
    h2(h, &tr!("report-storage-heading"));
    h.push_str("<table>");
    header_row(
        h,
        &[
            tr!("report-col-warehouse"),
            "A".into(),
            "B".into(),
            "C".into(),
            tr!("report-col-total"),
            tr!("report-col-links"),
            tr!("report-col-stock"),
        ],
    );
    for group in m
        .storage_cost
        .chunk_by(|a, b| a.warehouse_code == b.warehouse_code)
    {
        let cost = |class| {
            group
                .iter()
                .find(|c| c.class == class)
                .map_or("—".to_string(), |c| esc(&c.cost))
        };
        let total: i128 = group.iter().map(|c| c.cost_micros).sum();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><strong>{}</strong></td><td>{}</td><td>{}</td></tr>",
            esc(&group[0].warehouse_code),
            cost(Class::A),
            cost(Class::B),
            cost(Class::C),
            format_micros(total),
            group.iter().map(|c| c.links).sum::<i64>(),
            group.iter().map(|c| c.stock).sum::<i64>(),
        );
    }
    h.push_str("</table>");
}

fn comparison(h: &mut String, c: &Comparison) {
    h2(h, &tr!("report-comparison-heading", change = c.change));
    let _ = write!(
        h,
        "<p class=\"sub\">{}</p>",
        esc(&super::metrics::comparison_heading(c))
    );
    h.push_str("<table>");
    header_row(
        h,
        &[
            tr!("report-col-metric"),
            tr!("report-col-before"),
            tr!("report-col-after"),
            tr!("report-col-difference"),
            tr!("report-col-sample"),
            tr!("report-col-finding"),
        ],
    );
    for v in super::metrics::comparison_rows(c) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&v.metric.to_string()),
            esc(&v.before.to_string()),
            esc(&v.after.to_string()),
            esc(&v.difference.to_string()),
            esc(&v.sample.to_string()),
            esc(&v.finding.to_string())
        );
    }
    let _ = write!(
        h,
        "</table><p><strong>{}</strong> {}</p>",
        esc(&tr!("report-verdict")),
        esc(&super::metrics::verdict_text(c))
    );
    if !c.alerts.is_empty() {
        alert_list(h, &c.alerts, "");
    }
    for note in &c.notes {
        let _ = write!(h, "<p class=\"sub\">{}</p>", esc(&note.to_string()));
    }
}

fn safety_table(h: &mut String, m: &Metrics, top: usize) {
    let (total, below) = m.products.shortfalls(top);
    if total == 0 {
        return;
    }
    let heading = if below.len() < total {
        tr!(
            "report-below-heading-cut",
            shown = below.len(),
            total = total
        )
    } else {
        tr!("report-below-heading", total = total)
    };
    h2(h, &heading);
    h.push_str("<table>");
    header_row(
        h,
        &[
            tr!("report-col-product"),
            tr!("report-col-stock"),
            tr!("report-col-safety-stock"),
            tr!("report-col-units-sold"),
            tr!("report-col-replenishment"),
        ],
    );
    for s in &below {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td></tr>",
            esc(s.product_id),
            s.stock,
            s.safety_stock,
            s.units_sold,
            s.replenishment_days
        );
    }
    h.push_str("</table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 13: a cut list says how much it shows ("20 of 30"), a whole one does not.
    #[test]
    fn a_cut_list_says_how_much_it_shows() {
        use crate::metrics::products::ProductFigures;
        let ids: Vec<String> = (0..30).map(|i| format!("SKU-{i:02}")).collect();
        // Each sold 10 in 7 days with 7 days to replenish and 1 in stock: all below.
        let rows: Vec<(&str, i64, i64, i64, i64)> =
            ids.iter().map(|id| (id.as_str(), 100, 10, 1, 7)).collect();
        let w = crate::metrics::window::Window::last_days(
            "2026-11-27T09:00:00Z".parse().unwrap(),
            7,
            crate::domain::zone::Zone::utc(),
        );
        let m = Metrics {
            window: w.info(),
            inventory_accuracy: None,
            fulfilment_rate_7d: vec![],
            stockout_rate: None,
            complaint_rate: None,
            delivery_days: None,
            turnover_days: None,
            products: ProductFigures::from_rows(&rows, 7),
            storage_cost: vec![],
            alerts: vec![],
            basis: crate::metrics::Basis::default(),
        };
        let mut h = String::new();
        safety_table(&mut h, &m, 20);
        assert!(h.contains("Below safety stock (20 of 30 products;"), "{h}");
        let mut whole = String::new();
        safety_table(&mut whole, &m, 50);
        assert!(
            whole.contains("Below safety stock (30 products;"),
            "{whole}"
        );
    }

    #[test]
    fn axis_labels_are_exact() {
        let labels: Vec<String> = [95.0, 96.25, 97.5, 98.75, 100.0]
            .into_iter()
            .map(axis_label)
            .collect();
        assert_eq!(labels, ["95", "96.25", "97.5", "98.75", "100"]);
    }

    /// Issue 13: five changes at one time share one label instead of overprinting five.
    #[test]
    fn close_changes_share_a_label() {
        let at = "2026-11-27T09:00:00Z".parse().unwrap();
        let mark = |id, day| Mark { id, at, day };
        let marks = [
            mark(3, 5.0),
            mark(4, 5.0),
            mark(5, 5.0),
            mark(6, 5.0),
            mark(7, 5.01),
            mark(2, 20.0),
        ];
        let groups = mark_groups(&marks, |d| d * 30.0);
        let labels: Vec<String> = groups.iter().map(|g| group_label(g)).collect();
        assert_eq!(labels, ["changes 3–7 (5)", "change 2"]);
    }
}
