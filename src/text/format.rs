//! Number, percentage and calendar arithmetic, and the English month names and ranges the
//! checks' messages use (the pages' words are the catalogues'). Pure functions, no I/O.

/// English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Writes a count with comma thousands separators: `11814` → `11,814`. Takes any unsigned
/// width, so that a sum over the data is shown as it is, never wrapped.
pub fn thousands(n: impl Into<u128>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The name of a month numbered 1 to 12.
///
/// Callers hand in months that validation has already checked; anything else is a bug.
pub fn month_name(month: u8) -> &'static str {
    MONTHS[usize::from(month) - 1]
}

/// Whether `year` has a 29 February (proleptic Gregorian calendar).
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The last day of a month: 28 to 31.
pub fn last_day(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The months from January to `month`, as a reader says them: `January-December 2025`, or
/// `January 2025` when the period is a single month.
pub fn period_range(year: i32, month: u8) -> String {
    if month == 1 { format!("January {year}") } else { format!("January-{} {year}", month_name(month)) }
}

/// The UTC calendar date of a Unix timestamp (seconds), as (year, month, day).
pub fn date_from_unix(seconds: i64) -> (i32, u8, u8) {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The true sum of counts, in a width no file's figures can overflow (a 1 MiB file holds
/// fewer than a million counts, each below 2^64): for checks and the messages that show it.
pub fn sum(values: impl IntoIterator<Item = u64>) -> u128 {
    values.into_iter().map(u128::from).sum()
}

/// The sum of counts once the file has passed its checks, which bound every count by
/// [`MAX_COUNT`](crate::input::schema::MAX_COUNT) and every list by the file's size, so that the
/// sum always fits; were it not to, it saturates rather than wrapping round.
pub fn total(values: impl IntoIterator<Item = u64>) -> u64 {
    u64::try_from(sum(values)).unwrap_or(u64::MAX)
}

/// `part` as a whole percentage of `whole`, rounded half up. `None` when `whole` is zero.
pub fn percent(part: u64, whole: u64) -> Option<u64> {
    if whole == 0 {
        return None;
    }
    // Half up in integers: floor((200 * part + whole) / (2 * whole)). u128 keeps any u64 exact.
    let (p, w) = (u128::from(part), u128::from(whole));
    u64::try_from((200 * p + w) / (2 * w)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0u64), "0");
        assert_eq!(thousands(838u64), "838");
        assert_eq!(thousands(1000u64), "1,000");
        assert_eq!(thousands(11_814u64), "11,814");
        assert_eq!(thousands(134_000u64), "134,000");
        assert_eq!(thousands(1_234_567u64), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(thousands(u128::from(u64::MAX) + 1), "18,446,744,073,709,551,616");
    }

    #[test]
    fn sums_never_wrap() {
        assert_eq!(sum([u64::MAX, 1]), u128::from(u64::MAX) + 1);
        assert_eq!(total([u64::MAX, 1]), u64::MAX);
        assert_eq!(total([2, 3]), 5);
        assert_eq!(sum([]), 0);
    }

    #[test]
    fn month_names_and_abbreviations() {
        assert_eq!(month_name(1), "January");
        assert_eq!(month_name(12), "December");
    }

    #[test]
    fn last_days_including_leap_years() {
        assert_eq!(last_day(2025, 12), 31);
        assert_eq!(last_day(2025, 2), 28);
        assert_eq!(last_day(2028, 2), 29);
        assert_eq!(last_day(2100, 2), 28);
        assert_eq!(last_day(2000, 2), 29);
        assert_eq!(last_day(2026, 4), 30);
    }

    #[test]
    fn period_ranges() {
        assert_eq!(period_range(2025, 12), "January-December 2025");
        assert_eq!(period_range(2026, 3), "January-March 2026");
        assert_eq!(period_range(2026, 1), "January 2026");
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(838, 14_088), Some(6)); // 5.95%
        assert_eq!(percent(1, 200), Some(1)); // 0.5% rounds up
        assert_eq!(percent(1, 201), Some(0));
        assert_eq!(percent(5, 5), Some(100));
        assert_eq!(percent(1, 0), None);
        assert_eq!(percent(u64::MAX, u64::MAX), Some(100));
    }

    #[test]
    fn unix_timestamps_to_dates() {
        assert_eq!(date_from_unix(0), (1970, 1, 1));
        assert_eq!(date_from_unix(1_768_867_200), (2026, 1, 20));
        assert_eq!(date_from_unix(1_835_395_200), (2028, 2, 29));
        assert_eq!(date_from_unix(-1), (1969, 12, 31));
    }
}
