//! Times in the report's zone (`--tz`, else the system's): the database keeps UTC.

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The zone asked for, else the system's, else UTC.
pub(crate) fn zone(asked: Option<&str>) -> anyhow::Result<Tz> {
    if let Some(name) = asked {
        return name.parse::<Tz>().map_err(|_| {
            anyhow::anyhow!(
                "{}",
                crate::tr!("unknown time zone {name} (for example Europe/Paris)", name = format!("{name:?}"))
            )
        });
    }
    Ok(iana_time_zone::get_timezone().ok().and_then(|name| name.parse::<Tz>().ok()).unwrap_or(Tz::UTC))
}

/// A stored time (RFC 3339, UTC) in the zone, as ISO 8601 with its offset, to the second.
pub(crate) fn local(at: &str, zone: Tz) -> anyhow::Result<String> {
    let utc = DateTime::parse_from_rfc3339(at)
        .with_context(|| crate::tr!("a time in the database is damaged: {}", format!("{at:?}")))?;
    Ok(utc.with_timezone(&zone).format("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// Milliseconds since 1970 in the zone, as [`local`] writes them.
pub(crate) fn local_millis(ms: i64, zone: Tz) -> Option<String> {
    let utc = DateTime::<Utc>::from_timestamp_millis(ms)?;
    Some(utc.with_timezone(&zone).format("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// A shown time as French spreadsheets read it: `jj/mm/aaaa hh:mm`.
pub(crate) fn excel_fr(iso: &str) -> String {
    match DateTime::parse_from_rfc3339(iso) {
        Ok(t) => t.format("%d/%m/%Y %H:%M").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// A stored time in milliseconds since 1970, for comparisons.
pub(crate) fn millis(at: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(at).ok().map(|t| t.with_timezone(&Utc).timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_zone() {
        let paris = zone(Some("Europe/Paris")).unwrap();
        assert_eq!(local("2026-11-30T19:53:00.000Z", paris).unwrap(), "2026-11-30T20:53:00+01:00");
        assert_eq!(local("2026-07-01T10:00:00.000Z", paris).unwrap(), "2026-07-01T12:00:00+02:00");
        assert_eq!(excel_fr("2026-11-30T20:53:00+01:00"), "30/11/2026 20:53");
        assert!(zone(Some("Mars/Olympus")).is_err());
    }
}
