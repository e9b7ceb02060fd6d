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
        let instant = if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
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
        self.instant.format("%Y-%m-%d").to_string()
    }

    /// RFC 3339, as feeds and sitemaps want.
    pub fn rfc3339(&self) -> String {
        self.instant
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
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
        assert_eq!(
            Date::parse("2024-05-01T10:00:00+02:00").unwrap().rfc3339(),
            "2024-05-01T08:00:00Z"
        );
        assert!(Date::parse("2024-05-01T10:00:00").is_ok());
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
