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
use crate::i18n::Text;
use crate::metrics::comparison::Comparison;
use crate::metrics::stock::Class;
use crate::metrics::verdict::alert_kind;
use crate::metrics::{Metrics, number, percent};
use crate::{text, tr};

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
                &tr!(
                    "metrics-heading",
                    since = &w.since,
                    until = &w.until,
                    days = w.days,
                    timezone = &w.timezone
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
                heading(out, &tr!("metrics-heading-all"))?;
            }
            print_list(out, format, &comparison_rows(c))?;
            heading(
                out,
                &tr!("metrics-verdict-line", verdict = &verdict_text(c)),
            )?;
            print_alerts(out, &c.alerts, colour)?;
            for note in &c.notes {
                heading(out, &tr!("metrics-note-line", note = note))?;
            }
            Ok(())
        }
    }
}

/// JSON straight from the struct: a million-product store is not copied into a
/// `serde_json::Value` first (that would double the memory). Its sentences in English, the
/// same in every language.
fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    let mut out = std::io::BufWriter::new(out);
    crate::i18n::in_lang(crate::i18n::Lang::En, || {
        serde_json::to_writer_pretty(&mut out, value)
    })?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// The verdict as people read it: its times in the store's time zone.
pub(crate) fn verdict_text(c: &Comparison) -> String {
    let verdict = c.verdict.to_string();
    match crate::domain::zone::Zone::parse(&c.after.window.timezone) {
        Ok(z) => z.show_in_text(&verdict),
        Err(_) => verdict,
    }
}

/// What was compared: the change, its scope, and the complete days on each side.
pub(crate) fn comparison_heading(c: &Comparison) -> String {
    let scope = if c.scope == "all" {
        tr!("metrics-scope-all")
    } else {
        tr!("metrics-scope-change", pairs = c.pairs)
    };
    let sides = if c.complete_days == 0 {
        tr!("metrics-sides-none")
    } else {
        let (b, a) = (&c.before.window, &c.after.window);
        tr!(
            "metrics-sides",
            days = c.complete_days,
            before_since = &b.since,
            before_until = &b.until,
            after_since = &a.since,
            after_until = &a.until,
            timezone = &a.timezone
        )
    };
    // Shown in the store's time zone, the one its windows are in.
    let applied = crate::domain::zone::Zone::parse(&c.after.window.timezone)
        .map(|z| z.show_stored(&c.applied_at))
        .unwrap_or_else(|_| c.applied_at.clone());
    tr!(
        "metrics-comparison-heading",
        change = c.change,
        applied = &applied,
        scope = &scope,
        sides = &sides
    )
}

/// One line of the headline table.
#[derive(Serialize)]
struct Line {
    metric: String,
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
    let has = |kind: &str| m.alerts.iter().any(|a| alert_kind(a) == Some(kind));
    let line = |metric, value, basis| Line {
        metric,
        value,
        basis,
    };
    vec![
        line(
            tr!("metrics-headline-accuracy"),
            flag(has("accuracy"), percent(m.inventory_accuracy)),
            tr!("metrics-basis-counts", count = b.counts),
        ),
        line(
            tr!("metrics-headline-fulfilment"),
            percent(m.fulfilment_now()),
            tr!("metrics-basis-fulfilment"),
        ),
        line(
            tr!("metrics-headline-stockout"),
            flag(has("stockout"), percent(m.stockout_rate)),
            tr!(
                "metrics-basis-stockout",
                unfulfilled = o.unfulfilled,
                settled = o.settled
            ),
        ),
        line(
            tr!("metrics-headline-complaints"),
            percent(m.complaint_rate),
            tr!(
                "metrics-basis-complaints",
                complaints = b.complaints,
                orders = o.placed
            ),
        ),
        line(
            tr!("metrics-headline-delivery"),
            number(m.delivery_days, 2),
            tr!("metrics-basis-delivered", count = o.delivered),
        ),
        line(
            tr!("metrics-headline-turnover"),
            number(m.turnover_days, 1),
            tr!(
                "metrics-basis-turnover",
                stock = b.total_stock,
                sold = o.units_sold
            ),
        ),
        line(
            tr!("metrics-headline-below"),
            flag(below > 0, below.to_string()),
            tr!("metrics-basis-products", count = m.products.len()),
        ),
    ]
}

/// The alerts, in red when `colour` (the command's call: a terminal, and NO_COLOR unset).
fn print_alerts(out: &mut dyn Write, alerts: &[Text], colour: bool) -> Result<()> {
    if alerts.is_empty() {
        writeln!(out, "{}", tr!("metrics-no-alerts"))?;
        return Ok(());
    }
    writeln!(out, "{}", tr!("metrics-alerts-heading"))?;
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
                "\n{}",
                tr!("metrics-below-heading", shown = short.len(), total = total)
            ),
        )?;
        print_list(out, Format::Table, &short)?;
    }
    heading(out, &format!("\n{}", tr!("metrics-classes-heading")))?;
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
            &format!("\n{}", tr!("metrics-top-heading", count = best.len())),
        )?;
        print_list(out, Format::Table, &best)?;
    }
    heading(out, &format!("\n{}", tr!("metrics-formats-hint")))
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

/// One line of the before/after table (words in the operator's language in a table, in
/// English in csv).
#[derive(Serialize)]
pub(crate) struct Versus {
    pub metric: Text,
    pub before: Text,
    pub after: Text,
    /// After − before with its 95 % interval (tested rates).
    pub difference: Text,
    /// The orders (or counts) behind each side.
    pub sample: Text,
    pub finding: Text,
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
    let none = || Text::plain("");
    let count = |metric, f: &dyn Fn(&Metrics) -> i64| Versus {
        metric,
        before: Text::plain(f(b).to_string()),
        after: Text::plain(f(a).to_string()),
        difference: none(),
        sample: none(),
        finding: none(),
    };
    // Each side's own fulfilment (sold ÷ settled in its days; the 7-day curve would look back
    // across the change).
    let own = |m: &Metrics| {
        let o = &m.basis.orders;
        Text::plain(percent(crate::metrics::rates::ratio(o.sold, o.settled)))
    };
    rows.push(Versus {
        metric: text!("metrics-row-fulfilment"),
        before: own(b),
        after: own(a),
        difference: none(),
        sample: none(),
        finding: none(),
    });
    rows.push(count(text!("metrics-row-settled"), &|m| {
        m.basis.orders.settled
    }));
    rows.push(count(text!("metrics-row-complaints"), &|m| {
        m.basis.complaints
    }));
    rows.push(count(text!("metrics-row-counts"), &|m| m.basis.counts));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every header of the metrics tables has its Chinese name (`locales/zh-CN/columns.ftl`).
    #[test]
    fn every_column_has_a_chinese_name() {
        let rows = [
            serde_json::to_value(Line {
                metric: String::new(),
                value: String::new(),
                basis: String::new(),
            }),
            serde_json::to_value(Shortfall {
                product_id: "A",
                stock: 0,
                safety_stock: String::new(),
                units_sold: 0,
                replenishment_days: 0,
            }),
            serde_json::to_value(TopLine {
                product_id: "A",
                class: "A",
                units_sold: 0,
                sales_value: String::new(),
                share_before: String::new(),
            }),
            serde_json::to_value(ClassLine {
                class: "A",
                products: 0,
                sales_value: String::new(),
                links: 0,
                stock: 0,
                storage_cost: String::new(),
            }),
            serde_json::to_value(Versus {
                metric: Text::plain(""),
                before: Text::plain(""),
                after: Text::plain(""),
                difference: Text::plain(""),
                sample: Text::plain(""),
                finding: Text::plain(""),
            }),
        ];
        let mut missing = Vec::new();
        for row in rows {
            for key in row.unwrap().as_object().unwrap().keys() {
                if crate::i18n::catalogue()
                    .name_zh(&format!("col-{key}"), &[])
                    .is_none()
                {
                    missing.push(key.clone());
                }
            }
        }
        assert!(missing.is_empty(), "no Chinese header for {missing:?}");
    }

    /// A finding's sentence and its table cells in both languages: the same values, each
    /// language's words.
    #[test]
    fn a_finding_reads_in_both_languages() {
        use crate::i18n::Lang;
        use crate::metrics::findings::Finding;
        let f = Finding {
            metric: "delivery_days",
            before: Some(2.45),
            after: Some(1.99),
            n_before: 1,
            n_after: 1,
            enough_data: true,
            difference: None,
            finding: "incomplete",
            rule: text!("metrics-rule-delivery"),
            alert: false,
            delivered_share: Some((0.99, 0.61)),
        };
        assert_eq!(
            f.sentence().render(Lang::En),
            "delivery time: incomplete (before: 99 % of orders delivered, after: 61 %); judged once 95 % are"
        );
        assert_eq!(
            f.sentence().render(Lang::Zh),
            "配送时长：订单尚未签收完（变更前已签收 99 %，变更后 61 %）；达到 95 % 后再判定"
        );
        assert_eq!(f.sample_text().render(Lang::En), "1 → 1 delivered order");
        assert_eq!(f.sample_text().render(Lang::Zh), "1 → 1 单已签收");
        assert_eq!(f.show(f.after).render(Lang::Zh), "1.99 天");
        assert_eq!(
            f.finding_text().render(Lang::En),
            "incomplete (delivered: 99 % / 61 %)"
        );
        assert_eq!(
            f.finding_text().render(Lang::Zh),
            "未签收完（已签收：99 % / 61 %）"
        );
    }
}
