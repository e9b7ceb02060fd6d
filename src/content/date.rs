//! Dates in front matter: `YYYY-MM-DD` or RFC 3339, from TOML date values or strings.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A validated date as the user wrote it, plus a UTC instant to sort and format by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    text: String,
    instant: DateTime<Utc>,
}

impl Date {
    /// Parses `YYYY-MM-DD`, RFC 3339 (`2024-05-01T10:00:00Z`), or a local date-time
    /// (`2024-05-01T10:00:00`, taken as UTC).
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let day = plain_day(text).or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok());
        let instant = if let Some(d) = day {
            d.and_hms_opt(0, 0, 0).map(|t| t.and_utc())
        } else if let Ok(d) = DateTime::parse_from_rfc3339(text) {
            Some(d.with_timezone(&Utc))
        } else {
            [
                "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M:%S%.f",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .map(|t| t.and_utc())
        };
        match instant {
            Some(instant) => Ok(Date {
                text: text.to_string(),
                instant,
            }),
            None => Err(format!(
                "invalid date `{text}`: expected YYYY-MM-DD or RFC 3339 such as 2024-05-01T10:00:00Z"
            )),
        }
    }

    /// The date as written (normalized by trimming).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant, in UTC.
    pub fn instant(&self) -> DateTime<Utc> {
        self.instant
    }

    /// `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        use chrono::Datelike;
        let day = self.instant.date_naive();
        match day.year() {
            // chrono's `%Y` (which interprets its format string on every call, a sitemap's
            // worth of times per build) writes these years as four digits too.
            year @ 0..=9999 => format!("{year:04}-{:02}-{:02}", day.month(), day.day()),
            _ => self.instant.format("%Y-%m-%d").to_string(),
        }
    }

    /// RFC 3339, as feeds and sitemaps want.
    pub fn rfc3339(&self) -> String {
        self.instant
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

/// `YYYY-MM-DD` read without chrono's format parser (templates' `date` filter parses every
/// listed page's date); `None` for any other shape, which chrono then reads.
fn plain_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && (b[4], b[7]) == (b'-', b'-')
        && (b.iter().enumerate()).all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return None;
    }
    let number = |from: usize, to: usize| text[from..to].parse::<u32>().ok();
    let year = i32::try_from(number(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)
}

/// The date a file or folder name starts with, as Zola reads it: `YYYY-MM-DD` or an RFC 3339
/// date-time (`2016-10-08T10:00:00Z`), optionally followed by a space, then `_` or `-` and the
/// rest of the name. Returns the date and how many bytes the date and its separator take
/// (0 when no rest follows: the whole name stays the slug). `None` when the name does not
/// start with a date.
pub fn in_file_name(name: &str) -> Option<(usize, Date)> {
    let bytes = name.as_bytes();
    let digits_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let date_shape = (0..10).all(|i| {
        if i == 4 || i == 7 {
            bytes.get(i) == Some(&b'-')
        } else {
            digits_at(i)
        }
    });
    if !date_shape {
        return None;
    }
    // The longest prefix that is a date: a date-time ends at a `Z` or at the minutes of its
    // offset, so every end is tried, from the longest.
    let (end, date) = (10..=name.len().min(40))
        .rev()
        .filter(|&end| name.is_char_boundary(end))
        .filter(|&end| end == 10 || bytes[10] == b'T')
        .find_map(|end| Some((end, Date::parse(&name[..end]).ok()?)))?;
    let mut rest = &name[end..];
    rest = rest.strip_prefix(char::is_whitespace).unwrap_or(rest);
    let prefix = match rest.strip_prefix(['_', '-']) {
        Some(slug) if !slug.is_empty() => name.len() - slug.len(),
        _ => 0,
    };
    Some((prefix, date))
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant
            .cmp(&other.instant)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2024-05-01 or 2024-05-01T10:00:00Z")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        Date::parse(v).map_err(E::custom)
    }

    /// TOML hands its native date values over as a one-entry map; let toml decode it.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
        let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Date::parse(&dt.to_string()).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_forms() {
        assert_eq!(Date::parse("2024-05-01").unwrap().ymd(), "2024-05-01");
        assert_eq!(Date::parse("0099-12-31").unwrap().ymd(), "0099-12-31");
        // The fast reading of YYYY-MM-DD agrees with chrono's, invalid days included.
        for text in [
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "0000-01-01",
            "2024-1-01",
        ] {
            assert_eq!(
                plain_day(text).or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text}"
            );
        }
        // Past year 9999, chrono's sign and five digits.
        let far = NaiveDate::from_ymd_opt(10000, 1, 2).unwrap();
        let far = Date {
            text: String::new(),
            instant: far.and_hms_opt(0, 0, 0).unwrap().and_utc(),
        };
        assert_eq!(far.ymd(), "+10000-01-02");
        assert_eq!(
            Date::parse("2024-05-01T10:00:00+02:00").unwrap().rfc3339(),
            "2024-05-01T08:00:00Z"
        );
        assert!(Date::parse("2024-05-01T10:00:00").is_ok());
    }

    #[test]
    fn a_date_at_the_start_of_a_file_name() {
        let (len, date) = in_file_name("2016-10-08_a-post-with-dates").unwrap();
        assert_eq!((len, date.ymd()), (11, "2016-10-08".to_string()));
        let (len, date) = in_file_name("2016-10-08T10:00:00Z-later").unwrap();
        assert_eq!(len, 21);
        assert_eq!(date.rfc3339(), "2016-10-08T10:00:00Z");
        assert_eq!(in_file_name("2016-10-08 - x").unwrap().0, 12);
        // A date with nothing after it is the page's date; the name stays its slug.
        for whole in ["2016-10-08", "2016-10-08_", "2016-10-08 post"] {
            assert_eq!(in_file_name(whole).unwrap().0, 0, "{whole}");
        }
        for not_dated in ["2016-13-08_x", "20161008_x", "post", "2016-10-0"] {
            assert!(in_file_name(not_dated).is_none(), "{not_dated}");
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        let err = Date::parse("2024-13-01").unwrap_err();
        assert!(
            err.contains("2024-13-01") && err.contains("YYYY-MM-DD"),
            "{err}"
        );
    }

    #[test]
    fn toml_native_dates_work() {
        #[derive(Deserialize)]
        struct F {
            date: Date,
        }
        let f: F = toml::from_str("date = 2023-01-02").unwrap();
        assert_eq!(f.date.as_str(), "2023-01-02");
        let f: F = toml::from_str("date = 2023-01-02T03:04:05Z").unwrap();
        assert_eq!(f.date.ymd(), "2023-01-02");
    }
}
