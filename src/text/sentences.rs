//! The generated phrases and sentences that compare figures: the direction and size of a change
//! and the sentence of country shares. Pure functions over counts, so every figure in a
//! sentence comes from the same numbers as the tables beside it.

use crate::text::format::percent;

/// Which way a figure moved against its comparison period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Increase,
    Decrease,
    Unchanged,
}

/// The change of a figure against the same period of an earlier year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub direction: Direction,
    /// Size of the change in whole percent of the earlier figure, rounded half up.
    pub percent: u64,
}

impl Change {
    /// Compares `current` with `previous`. `None` when there is nothing to compare with
    /// (`previous` is zero), because a percentage of nothing means nothing.
    pub fn between(current: u64, previous: u64) -> Option<Change> {
        let (direction, diff) = match current.cmp(&previous) {
            std::cmp::Ordering::Greater => (Direction::Increase, current - previous),
            std::cmp::Ordering::Less => (Direction::Decrease, previous - current),
            std::cmp::Ordering::Equal => (Direction::Unchanged, 0),
        };
        Some(Change { direction, percent: percent(diff, previous)? })
    }
}

impl Direction {
    /// The word a message selects its variant on: `increase`, `decrease` or `unchanged`.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Unchanged => "unchanged",
        }
    }
}

/// Joins names as a reader lists them: `A`, `A and B`, `A, B and C`.
pub fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    join_with(items, "and")
}

/// Joins alternatives as a reader lists them: `A`, `A or B`, `A, B or C`.
pub fn join_or<S: AsRef<str>>(items: &[S]) -> String {
    join_with(items, "or")
}

fn join_with<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", init.join(", "), last.as_ref())
        }
    }
}

/// Countries that share the same rounded percentage, largest count first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareGroup {
    pub label: String,
    /// The rounded share itself.
    pub percent: Option<u64>,
    pub names: Vec<String>,
}

/// Groups `(name, count)` pairs by their rounded share of `total`: largest share first, and
/// within a share the larger count first, then the name. Zero counts are left out.
/// `label` writes a part's share as printed.
pub fn share_groups(parts: &[(&str, u64)], total: u64, label: impl Fn(u64) -> String) -> Vec<ShareGroup> {
    let mut sorted: Vec<(&str, u64)> = parts.iter().copied().filter(|&(_, n)| n > 0).collect();
    // Sort by the rounded share itself, so that equal labels are adjacent, then by count.
    let key = |n: u64| percent(n, total).unwrap_or(0);
    sorted.sort_by(|a, b| key(b.1).cmp(&key(a.1)).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
    let mut groups: Vec<ShareGroup> = Vec::new();
    for (name, count) in sorted {
        let label = label(count);
        match groups.last_mut() {
            Some(group) if group.label == label => group.names.push(name.to_owned()),
            _ => groups.push(ShareGroup { label, percent: percent(count, total), names: vec![name.to_owned()] }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decrease_as_published() {
        let change = Change::between(11_814, 17_374).unwrap();
        assert_eq!(change.direction, Direction::Decrease);
        assert_eq!(change.percent, 32);
    }

    #[test]
    fn increase_no_change_and_nothing_to_compare() {
        let change = |a, b| Change::between(a, b).map(|c| (c.direction.word(), c.percent));
        assert_eq!(change(150, 100), Some(("increase", 50)));
        assert_eq!(change(100, 100), Some(("unchanged", 0)));
        assert_eq!(change(1_001, 1_000), Some(("increase", 0)));
        assert_eq!(change(0, 10), Some(("decrease", 100)));
        assert_eq!(change(10, 0), None);
        assert_eq!(change(2_500_000, 1_000_000), Some(("increase", 150)));
        assert_eq!(change(123_456_789, 17_374), Some(("increase", 710_484)));
    }

    #[test]
    fn join_lists() {
        assert_eq!(join_and::<&str>(&[]), "");
        assert_eq!(join_and(&["A"]), "A");
        assert_eq!(join_and(&["A", "B"]), "A and B");
        assert_eq!(join_and(&["A", "B", "C"]), "A, B and C");
        assert_eq!(join_or(&["A", "B", "C"]), "A, B or C");
        assert_eq!(join_or(&["A"]), "A");
    }

    fn december_2025() -> Vec<(&'static str, u64)> {
        vec![
            ("Albania", 168),
            ("Bosnia and Herzegovina", 1_128),
            ("Kosovo", 236),
            ("Montenegro", 150),
            ("North Macedonia", 27),
            ("Serbia", 580),
        ]
    }

    #[test]
    fn share_groups_order_equal_shares_by_count_then_name() {
        let groups = share_groups(&december_2025(), 2_289, |n| format!("{}%", percent(n, 2_289).unwrap_or(0)));
        let labels: Vec<&str> = groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["49%", "25%", "10%", "7%", "1%"]);
        assert_eq!(groups[3].names, ["Albania", "Montenegro"]);
    }
}
