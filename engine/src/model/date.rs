//! Calendar dates as exports write them: UK `dd/mm/yyyy` and ISO `yyyy-mm-dd`.
//!
//! Dates reach checks, reports and the config as ISO strings. An impossible date (31/02/2025) is
//! an error, not a guess.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        (1..=12)
            .contains(&month)
            .then(|| days_in_month(year, month))
            .filter(|days| (1..=*days).contains(&day))
            .map(|_| Date { year, month, day })
    }

    /// Parses `dd/mm/yyyy` (one-digit day and month allowed) or `yyyy-mm-dd`.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Some((day, rest)) = text.split_once('/') {
            let (month, year) = rest.split_once('/')?;
            if year.len() != 4
                || day.is_empty()
                || day.len() > 2
                || month.is_empty()
                || month.len() > 2
            {
                return None;
            }
            return Date::new(number(year)? as i32, number(month)?, number(day)?);
        }
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        Date::new(number(year)? as i32, number(month)?, number(day)?)
    }

    /// `yyyy-mm-dd`.
    pub fn iso(self) -> String {
        self.to_string()
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Parses `yyyy-mm-dd` only: what the config and reports write.
    pub fn parse_iso(text: &str) -> Option<Date> {
        Date::parse(text).filter(|_| text.contains('-'))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // YAML reads an unquoted 2026-06-30 as a string; a number or list is a type error.
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a date; write yyyy-mm-dd"))
        })
    }
}

fn number(digits: &str) -> Option<u32> {
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_and_iso_dates_parse() {
        assert_eq!(Date::parse("05/04/2026").unwrap().iso(), "2026-04-05");
        assert_eq!(Date::parse("5/4/2026").unwrap().iso(), "2026-04-05");
        assert_eq!(Date::parse("2026-04-05").unwrap().iso(), "2026-04-05");
        assert_eq!(Date::parse("29/02/2024").unwrap().iso(), "2024-02-29");
    }

    #[test]
    fn impossible_and_ambiguous_dates_do_not() {
        for text in [
            "31/02/2025",
            "29/02/2025",
            "2025-13-01",
            "04/05/26",
            "2026/04/05",
            "tomorrow",
            "",
            "1/1/20251",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }

    #[test]
    fn days_since_epoch_counts_from_1970() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2026, 6, 30).unwrap().days_since_epoch(), 20_634);
        for days in [-800_000, -1, 0, 59, 60, 20_634, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(20_634).iso(), "2026-06-30");
    }

    #[test]
    fn serde_reads_and_writes_iso_only() {
        let date: Date = serde_json::from_str("\"2026-06-30\"").unwrap();
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2026-06-30\"");
        let error = serde_json::from_str::<Date>("\"30/06/2026\"").unwrap_err();
        assert!(error.to_string().contains("write yyyy-mm-dd"), "{error}");
    }
}
