//! How `invmap metrics` renders: json is the [`Metrics`] / [`Comparison`] structs as they are;
//! the table is for people (headline figures, alerts highlighted, the top products of each
//! list); csv is the per-product part, one row per product. Everything goes to the writer the
//! command passes; whether alerts may be coloured is the command's to say (it knows whether
//! that writer is a terminal).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{Format, print_list};
use crate::csvio::write::Cell;
use crate::csvio::write::CsvOut;
use crate::domain::values::format_decimal;
use crate::metrics::comparison::Comparison;
use crate::metrics::stock::Class;
use crate::metrics::{Metrics, number, percent};

/// Writes one window's metrics to `out`; `colour`: alerts in red (table only).
pub fn print_metrics(
    out: &mut dyn Write,
    format: Format,
    m: &Metrics,
    top: usize,
    colour: bool,
) -> Result<()> {
    match format {
        Format::Json => write_json(out, m),
        Format::Csv => write_product_csv(out, m),
        Format::Table => {
            let w = &m.window;
            heading(
                out,
                &format!(
                    "Metrics for {} … {} ({} days, {})",
                    w.since, w.until, w.days, w.timezone
                ),
            )?;
            print_list(out, format, &headline(m))?;
            print_alerts(out, &m.alerts, colour)?;
            print_details(out, m, top)
        }
    }
}

/// Writes a before/after comparison to `out`; `colour`: alerts in red (table only).
pub fn print_comparison(
    out: &mut dyn Write,
    format: Format,
    c: &Comparison,
    colour: bool,
) -> Result<()> {
    match format {
        Format::Json => write_json(out, c),
        Format::Csv => print_list(out, format, &comparison_rows(c)),
        Format::Table => {
            heading(out, &comparison_heading(c))?;
            if c.scope == "all" {
                heading(out, "Rates over the whole store (--all).")?;
            }
            print_list(out, format, &comparison_rows(c))?;
            heading(out, &format!("Verdict: {}", verdict_text(c)))?;
            print_alerts(out, &c.alerts, colour)?;
            for note in &c.notes {
                heading(out, &format!("note: {note}"))?;
            }
            Ok(())
        }
    }
}

/// JSON straight from the struct: a million-product store is not copied into a
/// `serde_json::Value` first (that would double the memory).
fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// The verdict as people read it: its times in the store's time zone.
pub(crate) fn verdict_text(c: &Comparison) -> String {
    match crate::domain::zone::Zone::parse(&c.after.window.timezone) {
        Ok(z) => z.show_in_text(&c.verdict),
        Err(_) => c.verdict.clone(),
    }
}

/// What was compared: the change, its scope, and the complete days on each side.
pub(crate) fn comparison_heading(c: &Comparison) -> String {
    let scope = if c.scope == "all" {
        "the whole store".to_string()
    } else {
        format!(
            "the SKUs of its {} {} at every warehouse",
            c.pairs,
            if c.pairs == 1 { "pair" } else { "pairs" }
        )
    };
    let sides = if c.complete_days == 0 {
        "no complete day after it yet".to_string()
    } else {
        format!(
            "{} complete {} each side: {} … {} before, {} … {} after ({}; the change's own day in neither)",
            c.complete_days,
            if c.complete_days == 1 { "day" } else { "days" },
            c.before.window.since,
            c.before.window.until,
            c.after.window.since,
            c.after.window.until,
            c.after.window.timezone
        )
    };
    // Shown in the store's time zone, the one its windows are in.
    let applied = crate::domain::zone::Zone::parse(&c.after.window.timezone)
        .map(|z| z.show_stored(&c.applied_at))
        .unwrap_or_else(|_| c.applied_at.clone());
    format!("Change {} (applied {applied}), {scope}; {sides}", c.change)
}

/// One line of the headline table.
#[derive(Serialize)]
struct Line {
    metric: &'static str,
    value: String,
    basis: String,
}

fn flag(alert: bool, text: String) -> String {
    if alert { format!("⚠ {text}") } else { text }
}

fn headline(m: &Metrics) -> Vec<Line> {
    let b = &m.basis;
    let o = &b.orders;
    let below = m.below_safety().count();
    let has = |needle: &str| m.alerts.iter().any(|a| a.contains(needle));
    let line = |metric, value, basis| Line {
        metric,
        value,
        basis,
    };
    vec![
        line(
            "inventory accuracy",
            flag(has("inventory accuracy"), percent(m.inventory_accuracy)),
            format!("{} counts", b.counts),
        ),
        line(
            "fulfilment, 7-day",
            percent(m.fulfilment_now()),
            "mean daily rate, last 7 days".into(),
        ),
        line(
            "stockout rate",
            flag(has("stockout"), percent(m.stockout_rate)),
            format!(
                "{} unfulfilled of {} settled orders",
                o.unfulfilled, o.settled
            ),
        ),
        line(
            "complaint rate",
            percent(m.complaint_rate),
            format!(
                "{} complaints, {} orders (not cancelled)",
                b.complaints, o.placed
            ),
        ),
        line(
            "delivery days",
            number(m.delivery_days, 2),
            format!("{} delivered orders", o.delivered),
        ),
        line(
            "turnover days",
            number(m.turnover_days, 1),
            format!("{} units in stock, {} sold", b.total_stock, o.units_sold),
        ),
        line(
            "below safety stock",
            flag(below > 0, below.to_string()),
            format!("of {} products", m.products.len()),
        ),
    ]
}

/// The alerts, in red when `colour` (the command's call: a terminal, and NO_COLOR unset).
fn print_alerts(out: &mut dyn Write, alerts: &[String], colour: bool) -> Result<()> {
    if alerts.is_empty() {
        writeln!(out, "No alerts.")?;
        return Ok(());
    }
    writeln!(out, "Alerts:")?;
    for a in alerts {
        if colour {
            writeln!(out, "  \x1b[1;31m⚠ {a}\x1b[0m")?;
        } else {
            writeln!(out, "  ⚠ {a}")?;
        }
    }
    Ok(())
}

fn heading(out: &mut dyn Write, text: &str) -> Result<()> {
    writeln!(out, "{text}")?;
    Ok(())
}

#[derive(Serialize)]
struct Shortfall<'a> {
    product_id: &'a str,
    stock: i64,
    safety_stock: String,
    units_sold: i64,
    replenishment_days: i64,
}

#[derive(Serialize)]
struct TopLine<'a> {
    product_id: &'a str,
    class: &'static str,
    units_sold: i64,
    sales_value: String,
    share_before: String,
}

#[derive(Serialize)]
struct ClassLine {
    class: &'static str,
    products: usize,
    sales_value: String,
    links: i64,
    stock: i64,
    storage_cost: String,
}

/// The per-product lists, cut to `top` rows each.
fn print_details(out: &mut dyn Write, m: &Metrics, top: usize) -> Result<()> {
    // Largest shortfall first: those run out first.
    let (total, short) = m.products.shortfalls(top);
    let short: Vec<Shortfall<'_>> = short
        .into_iter()
        .map(|s| Shortfall {
            product_id: s.product_id,
            stock: s.stock,
            safety_stock: format!("{:.1}", s.safety_stock),
            units_sold: s.units_sold,
            replenishment_days: s.replenishment_days,
        })
        .collect();
    if total > 0 {
        heading(
            out,
            &format!(
                "\nBelow safety stock (largest shortfall first, {} of {total}):",
                short.len()
            ),
        )?;
        print_list(out, Format::Table, &short)?;
    }
    heading(out, "\nABC classes and storage cost over the window:")?;
    print_list(out, Format::Table, &class_lines(m))?;
    let best: Vec<TopLine<'_>> = m
        .products
        .abc()
        .filter(|e| e.value_cents > 0)
        .take(top)
        .map(|e| TopLine {
            product_id: e.product_id,
            class: e.class.as_str(),
            units_sold: e.units_sold,
            sales_value: e.sales_value(),
            share_before: percent(e.share_before),
        })
        .collect();
    if !best.is_empty() {
        heading(
            out,
            &format!("\nTop {} products by sales value:", best.len()),
        )?;
        print_list(out, Format::Table, &best)?;
    }
    heading(
        out,
        "\n(--format json for every figure; --format csv for one row per product)",
    )
}

fn class_lines(m: &Metrics) -> Vec<ClassLine> {
    [Class::A, Class::B, Class::C]
        .into_iter()
        .map(|class| {
            let total = m.products.class_total(class);
            let cells = m.storage_cost.iter().filter(|c| c.class == class);
            ClassLine {
                class: class.as_str(),
                products: total.products,
                sales_value: crate::domain::values::format_decimal(total.value_cents, 2, 2),
                links: cells.clone().map(|c| c.links).sum(),
                stock: cells.clone().map(|c| c.stock).sum(),
                storage_cost: crate::metrics::stock::format_micros(
                    cells.map(|c| c.cost_micros).sum(),
                ),
            }
        })
        .collect()
}

/// `--format csv`: one row per product, by product id — its ABC class and its safety stock.
/// Written row by row (a store's products would not fit in memory as a list of rows); the
/// cells are those `print_list` would write for the same rows, including its `value` header
/// when there is no product at all.
fn write_product_csv(out: &mut dyn Write, m: &Metrics) -> Result<()> {
    let p = &m.products;
    let mut out = CsvOut::to_writer(out, false)?;
    if p.is_empty() {
        out.header(&["value"])?;
        return out.finish();
    }
    out.header(&[
        "product_id",
        "class",
        "units_sold",
        "sales_value",
        "stock",
        "replenishment_days",
        "safety_stock",
        "below_safety_stock",
    ])?;
    for i in 0..p.len() {
        let s = p.safety(i);
        let sales_value = format_decimal(p.value_cents(i), 2, 2);
        let safety = format!("{:.2}", s.safety_stock);
        out.row(&[
            Cell::Text(s.product_id),
            Cell::Text(p.class(i).as_str()),
            Cell::Int(s.units_sold),
            Cell::Text(&sales_value),
            Cell::Int(s.stock),
            Cell::Int(s.replenishment_days),
            Cell::Text(&safety),
            Cell::Text(if s.below { "yes" } else { "no" }),
        ])?;
    }
    out.finish()
}

/// One line of the before/after table.
#[derive(Serialize)]
pub(crate) struct Versus {
    pub metric: &'static str,
    pub before: String,
    pub after: String,
    /// After − before with its 95 % interval (tested rates).
    pub difference: String,
    /// The orders (or counts) behind each side.
    pub sample: String,
    pub finding: String,
}

pub(crate) fn comparison_rows(c: &Comparison) -> Vec<Versus> {
    let (b, a) = (&c.before, &c.after);
    let mut rows: Vec<Versus> = c
        .tests
        .iter()
        .map(|f| Versus {
            metric: f.name(),
            before: f.show(f.before),
            after: f.show(f.after),
            difference: f.difference_text(),
            sample: f.sample_text(),
            finding: f.finding_text(),
        })
        .collect();
    let count = |metric, f: &dyn Fn(&Metrics) -> i64| Versus {
        metric,
        before: f(b).to_string(),
        after: f(a).to_string(),
        difference: String::new(),
        sample: String::new(),
        finding: String::new(),
    };
    // Each side's own fulfilment (sold ÷ settled in its days; the 7-day curve would look back
    // across the change).
    let own = |m: &Metrics| {
        let o = &m.basis.orders;
        percent(crate::metrics::rates::ratio(o.sold, o.settled))
    };
    rows.push(Versus {
        metric: "fulfilment rate",
        before: own(b),
        after: own(a),
        difference: String::new(),
        sample: String::new(),
        finding: String::new(),
    });
    rows.push(count("settled orders", &|m| m.basis.orders.settled));
    rows.push(count("complaints", &|m| m.basis.complaints));
    rows.push(count("counts", &|m| m.basis.counts));
    rows
}
