//! A policy's benefits as loaded ([`crate::load::policy_terms`] checks them) and how their sums read.

/// Kinds of benefit.
pub const KINDS: [&str; 7] = ["subsidy", "reward", "training", "insurance", "startup", "loan", "service"];
/// What an amount is counted per.
pub const PERS: [&str; 4] = ["total", "once", "month", "year"];

/// A benefit, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Benefit {
    /// One of [`KINDS`].
    pub kind: String,
    /// What it is called.
    pub name: String,
    /// CNY: a fixed sum (`false`) or a cap (`true`).
    pub amount: Option<(u64, bool)>,
    /// One of [`PERS`].
    pub per: String,
    /// How many months it runs.
    pub months: Option<u32>,
    /// How to apply.
    pub apply: Option<String>,
}

/// An amount in Chinese: 元 below 10,000, 万元 above (`515000` → `51.5万元`).
pub fn yuan(n: u64) -> String {
    if n >= 10_000 && n.is_multiple_of(100) {
        let wan = n as f64 / 10_000.0;
        let s = format!("{wan:.2}");
        format!("{}万元", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("{n}元")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_in_wan() {
        assert_eq!(yuan(515_000), "51.5万元");
        assert_eq!(yuan(4_500_000), "450万元");
        assert_eq!(yuan(1500), "1500元");
        assert_eq!(yuan(12_345), "12345元");
        assert_eq!(yuan(30_000), "3万元");
    }
}
