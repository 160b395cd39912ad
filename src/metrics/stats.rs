//! Is a difference between before and after a signal or noise? The two tests SPEC §7 names,
//! at the 95 % level: two proportions (a rate of orders) and Welch's t-test (a mean of
//! delivery days with unequal variances). Pure arithmetic; a difference comes with its
//! interval so the verdict can show how sure it is.

use serde::Serialize;

/// The two-sided 95 % point of the standard normal.
const Z_95: f64 = 1.959_963_985;

/// After minus before, its 95 % interval, and whether it is significant at that level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Difference {
    pub difference: f64,
    pub low: f64,
    pub high: f64,
    pub significant: bool,
}

/// `x2/n2 − x1/n1` by the two-proportion z-test (pooled variance for the test, unpooled for
/// the interval). `None` when a side has no orders.
pub fn two_proportions(x1: i64, n1: i64, x2: i64, n2: i64) -> Option<Difference> {
    if n1 <= 0 || n2 <= 0 {
        return None;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let (p1, p2) = (x1 as f64 / n1f, x2 as f64 / n2f);
    let diff = p2 - p1;
    let pooled = (x1 + x2) as f64 / (n1f + n2f);
    let se_test = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    let se = (p1 * (1.0 - p1) / n1f + p2 * (1.0 - p2) / n2f).sqrt();
    Some(Difference {
        difference: diff,
        low: diff - Z_95 * se,
        high: diff + Z_95 * se,
        significant: se_test > 0.0 && (diff / se_test).abs() > Z_95 && excludes_zero(diff, se),
    })
}

/// The test and the interval shown must agree before a difference is called real: near
/// the edge they can differ (pooled and unpooled variances), and the cautious reading wins.
fn excludes_zero(diff: f64, se: f64) -> bool {
    diff - Z_95 * se > 0.0 || diff + Z_95 * se < 0.0
}

/// Events per unit (complaints per order): `c2/n2 − c1/n1` compared as two Poisson rates —
/// the conditional test (given c1 + c2, c2 is binomial with p = n2 ÷ (n1 + n2)) — with the
/// interval from each rate's own variance. A count may exceed its exposure (one order, two
/// complaints). `None` when a side has no exposure.
pub fn poisson_rates(c1: i64, n1: i64, c2: i64, n2: i64) -> Option<Difference> {
    if n1 <= 0 || n2 <= 0 {
        return None;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let diff = c2 as f64 / n2f - c1 as f64 / n1f;
    let total = (c1 + c2) as f64;
    let p = n2f / (n1f + n2f);
    let se_test = (total * p * (1.0 - p)).sqrt();
    let z = if se_test > 0.0 {
        (c2 as f64 - total * p) / se_test
    } else {
        0.0
    };
    let se = (c1 as f64 / (n1f * n1f) + c2 as f64 / (n2f * n2f)).sqrt();
    Some(Difference {
        difference: diff,
        low: diff - Z_95 * se,
        high: diff + Z_95 * se,
        significant: z.abs() > Z_95 && excludes_zero(diff, se),
    })
}

/// Two counts of events over equal spans (units sold before and after) differ at 95 %: the
/// conditional test of two Poisson rates, by its normal approximation.
pub fn counts_differ(before: i64, after: i64) -> bool {
    let total = (before + after) as f64;
    total > 0.0 && ((after - before) as f64).abs() > Z_95 * total.sqrt()
}

/// A sample's size, mean and (unbiased) variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub n: i64,
    pub mean: f64,
    pub variance: f64,
}

impl Sample {
    /// From Σx and Σx² over `n` values; `None` when empty.
    pub fn from_sums(n: i64, sum: f64, sum_sq: f64) -> Option<Sample> {
        if n <= 0 {
            return None;
        }
        let nf = n as f64;
        let mean = sum / nf;
        let variance = if n > 1 {
            ((sum_sq - nf * mean * mean) / (nf - 1.0)).max(0.0)
        } else {
            0.0
        };
        Some(Sample { n, mean, variance })
    }
}

/// `after.mean − before.mean` by Welch's t-test. `None` when a side has fewer than two values.
pub fn welch(before: &Sample, after: &Sample) -> Option<Difference> {
    if before.n < 2 || after.n < 2 {
        return None;
    }
    let (a, b) = (
        before.variance / before.n as f64,
        after.variance / after.n as f64,
    );
    let se = (a + b).sqrt();
    let diff = after.mean - before.mean;
    if se == 0.0 {
        return Some(Difference {
            difference: diff,
            low: diff,
            high: diff,
            significant: diff != 0.0,
        });
    }
    let df = (a + b).powi(2) / (a * a / (before.n - 1) as f64 + b * b / (after.n - 1) as f64);
    let t = t_975(df);
    Some(Difference {
        difference: diff,
        low: diff - t * se,
        high: diff + t * se,
        significant: (diff / se).abs() > t,
    })
}

/// Student's t, two-sided 95 %, for 1 to 30 degrees of freedom (the usual table).
const T_TABLE: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// The two-sided 95 % point of Student's t with `df` degrees of freedom: the table up to 30
/// (a fractional df rounds down, the cautious side), the Cornish–Fisher expansion beyond
/// (within 0.01 % there, exact in the limit).
fn t_975(df: f64) -> f64 {
    if df < 31.0 {
        return T_TABLE[(df.floor().max(1.0) as usize) - 1];
    }
    let z = Z_95;
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * df.powi(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_points_match_the_tables() {
        for (df, t) in [
            (3.0, 3.182),
            (5.5, 2.571),
            (10.0, 2.228),
            (31.0, 2.040),
            (60.0, 2.000),
            (1e6, 1.960),
        ] {
            assert!(
                (t_975(df) - t).abs() < 0.01,
                "df {df}: {} vs {t}",
                t_975(df)
            );
        }
    }

    /// A steady shop: 3.0 % then 3.2 % stockouts over ~1,000 orders a side is noise.
    #[test]
    fn a_small_wobble_is_not_significant() {
        let d = two_proportions(30, 1000, 32, 1000).unwrap();
        assert!(!d.significant);
        assert!(d.low < 0.0 && d.high > 0.0);
        assert!((d.difference - 0.002).abs() < 1e-12);
    }

    /// 3 % → 8 % over 1,000 orders a side is a real rise (z ≈ 4.9).
    #[test]
    fn a_real_rise_is_significant() {
        let d = two_proportions(30, 1000, 80, 1000).unwrap();
        assert!(d.significant && d.low > 0.0);
        // By hand: se = sqrt(.03·.97/1000 + .08·.92/1000) = 0.010 20; 0.05 ± 0.0200.
        assert!((d.low - 0.0300).abs() < 0.001 && (d.high - 0.0700).abs() < 0.001);
    }

    #[test]
    fn no_orders_no_test() {
        assert_eq!(two_proportions(0, 0, 1, 10), None);
        let zero = two_proportions(0, 100, 0, 100).unwrap();
        assert!(!zero.significant);
    }

    /// Welch by hand: means 2.0 and 3.0, variances 1 and 4, 20 and 25 values:
    /// se = sqrt(1/20 + 4/25) = 0.4583, t = 2.18; df = 0.21² / (0.05²/19 + 0.16²/24) = 36.8.
    #[test]
    fn welch_matches_a_hand_computation() {
        let before = Sample {
            n: 20,
            mean: 2.0,
            variance: 1.0,
        };
        let after = Sample {
            n: 25,
            mean: 3.0,
            variance: 4.0,
        };
        let d = welch(&before, &after).unwrap();
        assert!(d.significant);
        let half = (d.high - d.low) / 2.0;
        assert!((half - 2.027 * 0.4583).abs() < 0.01, "{half}");
    }

    /// Complaints may outnumber orders; 41 of 40 then 90 of 40 is a real rise.
    #[test]
    fn complaints_per_order_as_rates() {
        let d = poisson_rates(41, 40, 90, 40).unwrap();
        assert!(d.significant && d.difference > 1.2);
        assert!(!poisson_rates(21, 2883, 24, 2892).unwrap().significant);
    }

    #[test]
    fn counts_on_equal_days() {
        assert!(!counts_differ(961, 964), "a steady shop");
        assert!(counts_differ(449, 552));
        assert!(!counts_differ(0, 0));
    }

    #[test]
    fn a_sample_from_its_sums() {
        // 1, 2, 3: mean 2, variance 1.
        let s = Sample::from_sums(3, 6.0, 14.0).unwrap();
        assert_eq!((s.mean, s.variance), (2.0, 1.0));
        assert_eq!(Sample::from_sums(0, 0.0, 0.0), None);
    }
}
