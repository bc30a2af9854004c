//! The generated phrases and sentences that compare figures: the direction and size of a change
//! and the sentence of country shares. Pure functions over counts, so every figure in a
//! sentence comes from the same numbers as the tables beside it.

use crate::text::format::{percent, share_label};

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

    /// The size as printed: `32%`, or `less than 1%` for a real change that rounds to zero.
    pub fn size(&self) -> String {
        if self.percent == 0 && self.direction != Direction::Unchanged {
            "less than 1%".to_owned()
        } else {
            format!("{}%", crate::text::format::thousands(self.percent))
        }
    }

    /// `32% decrease`, `5% increase` or `no change`.
    pub fn label(&self) -> String {
        match self.direction {
            Direction::Increase => format!("{} increase", self.size()),
            Direction::Decrease => format!("{} decrease", self.size()),
            Direction::Unchanged => "no change".to_owned(),
        }
    }

    /// `47% less`, `5% more` or `as many`: the change read as a comparison.
    pub fn comparative(&self) -> String {
        match self.direction {
            Direction::Increase => format!("{} more", self.size()),
            Direction::Decrease => format!("{} less", self.size()),
            Direction::Unchanged => "as many".to_owned(),
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
    pub names: Vec<String>,
}

impl ShareGroup {
    /// `Serbia (25%)` or `Albania and Montenegro (7% each)`.
    fn phrase(&self) -> String {
        let each = if self.names.len() > 1 { " each" } else { "" };
        format!("{} ({}{each})", join_and(&self.names), self.label)
    }
}

/// Groups `(name, count)` pairs by their rounded share of `total`: largest share first, and
/// within a share the larger count first, then the name. Zero counts are left out.
pub fn share_groups(parts: &[(&str, u64)], total: u64) -> Vec<ShareGroup> {
    let mut sorted: Vec<(&str, u64)> = parts.iter().copied().filter(|&(_, n)| n > 0).collect();
    // Sort by the rounded share itself, so that equal labels are adjacent, then by count.
    let key = |n: u64| percent(n, total).unwrap_or(0);
    sorted.sort_by(|a, b| key(b.1).cmp(&key(a.1)).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
    let mut groups: Vec<ShareGroup> = Vec::new();
    for (name, count) in sorted {
        let label = share_label(count, total);
        match groups.last_mut() {
            Some(group) if group.label == label => group.names.push(name.to_owned()),
            _ => groups.push(ShareGroup { label, names: vec![name.to_owned()] }),
        }
    }
    groups
}

/// The sentence of country shares: `Of these, 49% were present in Bosnia and Herzegovina,
/// followed by Serbia (25%), Kosovo (10%), Albania and Montenegro (7% each) and North Macedonia
/// (1%).` `None` when no country has a count.
pub fn share_sentence(parts: &[(&str, u64)], total: u64) -> Option<String> {
    let groups = share_groups(parts, total);
    let (first, rest) = groups.split_first()?;
    let place = join_and(&first.names);
    if rest.is_empty() && first.label == "100%" {
        return Some(format!("All of these were present in {place}."));
    }
    let each = if first.names.len() > 1 { " each" } else { "" };
    let mut sentence = format!("Of these, {}{each} were present in {place}", first.label);
    if !rest.is_empty() {
        let phrases: Vec<String> = rest.iter().map(ShareGroup::phrase).collect();
        sentence.push_str(", followed by ");
        sentence.push_str(&join_and(&phrases));
    }
    sentence.push('.');
    Some(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decrease_as_published() {
        let change = Change::between(11_814, 17_374).unwrap();
        assert_eq!(change.direction, Direction::Decrease);
        assert_eq!(change.label(), "32% decrease");
        assert_eq!(change.comparative(), "32% less");
    }

    #[test]
    fn increase_no_change_and_nothing_to_compare() {
        assert_eq!(Change::between(150, 100).unwrap().label(), "50% increase");
        assert_eq!(Change::between(100, 100).unwrap().label(), "no change");
        assert_eq!(Change::between(100, 100).unwrap().comparative(), "as many");
        assert_eq!(Change::between(1_001, 1_000).unwrap().label(), "less than 1% increase");
        assert_eq!(Change::between(0, 10).unwrap().label(), "100% decrease");
        assert_eq!(Change::between(10, 0), None);
        assert_eq!(Change::between(2_500_000, 1_000_000).unwrap().label(), "150% increase");
        assert_eq!(Change::between(123_456_789, 17_374).unwrap().label(), "710,484% increase");
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
    fn share_sentence_as_published() {
        assert_eq!(
            share_sentence(&december_2025(), 2_289).unwrap(),
            "Of these, 49% were present in Bosnia and Herzegovina, followed by Serbia (25%), \
             Kosovo (10%), Albania and Montenegro (7% each) and North Macedonia (1%)."
        );
    }

    #[test]
    fn share_sentence_without_ties() {
        let parts = [("Serbia", 60), ("Albania", 30), ("Kosovo", 10)];
        assert_eq!(
            share_sentence(&parts, 100).unwrap(),
            "Of these, 60% were present in Serbia, followed by Albania (30%) and Kosovo (10%)."
        );
    }

    #[test]
    fn share_sentence_with_three_way_tie_and_tie_first() {
        let parts = [("Serbia", 40), ("Albania", 20), ("Kosovo", 20), ("Montenegro", 20)];
        assert_eq!(
            share_sentence(&parts, 100).unwrap(),
            "Of these, 40% were present in Serbia, followed by Albania, Kosovo and Montenegro \
             (20% each)."
        );
        let parts = [("Serbia", 50), ("Albania", 50)];
        assert_eq!(
            share_sentence(&parts, 100).unwrap(),
            "Of these, 50% each were present in Albania and Serbia."
        );
    }

    #[test]
    fn share_sentence_one_country_and_tiny_shares() {
        assert_eq!(
            share_sentence(&[("Serbia", 1_234_567)], 1_234_567).unwrap(),
            "All of these were present in Serbia."
        );
        let parts = [("Serbia", 995), ("Kosovo", 4), ("Albania", 1), ("Montenegro", 0)];
        assert_eq!(
            share_sentence(&parts, 1_000).unwrap(),
            "Of these, 100% were present in Serbia, followed by Kosovo and Albania \
             (less than 1% each)."
        );
        assert_eq!(share_sentence(&[("Serbia", 0)], 10), None);
    }

    #[test]
    fn share_groups_order_equal_shares_by_count_then_name() {
        let groups = share_groups(&december_2025(), 2_289);
        let labels: Vec<&str> = groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["49%", "25%", "10%", "7%", "1%"]);
        assert_eq!(groups[3].names, ["Albania", "Montenegro"]);
    }
}
