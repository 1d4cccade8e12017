//! Pulling statements from an LRS (xAPI 1.0.3 Statements API).
//!
//! Which queries: one per module IRI, `activity=<module IRI>&related_activities=true`, and one
//! per course IRI for the LMS's `satisfied` (`verb=…satisfied`). A module's query returns every
//! statement about it: Campus's TinCan statements name the module (object or parent), Campus's
//! cmi5 statements and the LMS's own (`launched`, `abandoned`, `waived`) carry the AU's publisher
//! id, the module IRI, in their grouping (cmi5 §9.6.2.3). So each statement is read once. A query
//! for the path IRI would return Campus's statements but not the LMS's, and the module queries
//! would then read Campus's statements a second time: twice the data for the 20-odd requests
//! the module queries cost when nothing is new. What only a path query would show, statements of
//! modules no longer in the sources, is not read (and so not counted).
//!
//! Incremental: each query keeps in the database's meta its cursor, the last `stored` it read,
//! written in the same transaction as the page's statements; the next pull starts from it minus
//! [`OVERLAP`] (`since` is exclusive, and an LRS may make statements readable after later ones;
//! what is read again counts once). A pull killed midway keeps every page it committed.

use std::time::Duration;

use anyhow::{bail, Context};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::statement::utc;
use super::Intake;
use crate::report::index::PathIndex;
use crate::report::store::Store;
use crate::report::ReportOptions;

/// How far back of its cursor a query starts again.
const OVERLAP: Duration = Duration::from_secs(15 * 60);
/// Tries of one request before the LRS is declared unreachable.
const TRIES: u32 = 6;
/// The first wait between tries, doubled each time (0.5 + 1 + 2 + 4 + 8 s).
const FIRST_WAIT: Duration = Duration::from_millis(500);
/// The longest `Retry-After` honoured.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(300);
/// The largest page read.
const MAX_PAGE: u64 = 512 << 20;
const SATISFIED: &str = "https://w3id.org/xapi/adl/verbs/satisfied";

/// Pulls the path's statements stored since the last pull (or `--since`), up to `--until`.
pub(crate) fn pull(store: &Store, index: &PathIndex, url: &str, options: &ReportOptions) -> anyhow::Result<()> {
    let lrs = Lrs::new(url, options)?;
    let since = options
        .since
        .as_deref()
        .map(|t| utc(t).with_context(|| crate::tr!("--since {t}: not an RFC 3339 time", t = t)))
        .transpose()?;
    let until = options
        .until
        .as_deref()
        .map(|t| utc(t).with_context(|| crate::tr!("--until {t}: not an RFC 3339 time", t = t)))
        .transpose()?;
    let mut queries: Vec<(String, Option<&str>)> = index.module_iris().map(|m| (m.to_string(), None)).collect();
    queries.extend(index.course_iris().map(|c| (c.to_string(), Some(SATISFIED))));
    queries.sort();
    let mut intake = Intake::new(store, index, format!("lrs:{}", lrs.endpoint), options.progress)?;
    for (activity, verb) in &queries {
        let key = format!("cursor:{} {activity}{}", lrs.endpoint, verb.map(|v| format!(" {v}")).unwrap_or_default());
        let from = match &since {
            Some(since) => Some(since.clone()),
            None => intake.store().meta(&key)?.as_deref().and_then(before_overlap),
        };
        let mut query = vec![
            ("activity", activity.as_str()),
            ("related_activities", "true"),
            ("ascending", "true"),
            ("format", "exact"),
        ];
        query.extend(verb.map(|v| ("verb", v)));
        query.extend(from.as_deref().map(|t| ("since", t)));
        query.extend(until.as_deref().map(|t| ("until", t)));
        let limit = options.page_size.to_string();
        query.push(("limit", &limit));
        lrs.read_all(&mut intake, &key, &query)?;
    }
    intake.finish()?;
    Ok(())
}

/// A cursor moved back by the overlap window.
fn before_overlap(cursor: &str) -> Option<String> {
    let time = DateTime::parse_from_rfc3339(cursor).ok()?.with_timezone(&Utc);
    let back = time - chrono::Duration::from_std(OVERLAP).ok()?;
    Some(back.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// A page of the Statements API (only what is needed of it).
#[derive(Deserialize)]
struct Page<'a> {
    #[serde(borrow)]
    statements: Vec<&'a RawValue>,
    #[serde(default)]
    more: Option<String>,
}

/// The `stored` of a statement.
#[derive(Deserialize)]
struct Stored<'a> {
    #[serde(borrow)]
    stored: Option<std::borrow::Cow<'a, str>>,
}

/// An LRS endpoint and how to talk to it.
struct Lrs {
    agent: ureq::Agent,
    /// The xAPI endpoint, ending with `/`.
    endpoint: String,
    /// `scheme://host[:port]`, what `more` is resolved against.
    origin: String,
    /// The `Authorization` header's value.
    authorization: String,
    /// What must never be printed: the password, the user:password pair, their Base64.
    secrets: Vec<String>,
}

impl Lrs {
    fn new(url: &str, options: &ReportOptions) -> anyhow::Result<Lrs> {
        let url = url.trim();
        let Some((scheme, rest)) = url.split_once("://").filter(|(s, _)| matches!(*s, "http" | "https")) else {
            bail!("{}", crate::tr!("--lrs must be an http:// or https:// URL of the LRS's xAPI endpoint"));
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.contains('@') {
            bail!(
                "{}",
                crate::tr!(
                    "--lrs must not carry credentials: give them in CAMPUS_LRS_USER and CAMPUS_LRS_PASSWORD, or in --auth-file"
                )
            );
        }
        if authority.is_empty() {
            bail!("{}", crate::tr!("--lrs {url}: no host", url = url));
        }
        let path = rest[authority.len()..].split(['?', '#']).next().unwrap_or("");
        let endpoint = format!("{scheme}://{authority}{}/", path.trim_end_matches('/'));
        let (user, password) = credentials(options)?;
        let pair = format!("{user}:{password}");
        let token = base64(pair.as_bytes());
        let timeout = std::env::var("CAMPUS_LRS_TIMEOUT")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| *s > 0.0)
            .map_or(Duration::from_secs(120), Duration::from_secs_f64);
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(15).min(timeout)))
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .user_agent(concat!("campus/", env!("CARGO_PKG_VERSION")))
            .tls_config(ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::PlatformVerifier).build())
            .build();
        let mut secrets = vec![pair, token.clone()];
        if password.len() >= 4 {
            secrets.push(password);
        }
        Ok(Lrs {
            agent: config.into(),
            origin: format!("{scheme}://{authority}"),
            endpoint,
            authorization: format!("Basic {token}"),
            secrets,
        })
    }

    /// Reads every page of one query, committing each with the query's cursor.
    fn read_all(&self, intake: &mut Intake, cursor_key: &str, query: &[(&str, &str)]) -> anyhow::Result<()> {
        let encoded: Vec<String> = query.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        let mut url = format!("{}statements?{}", self.endpoint, encoded.join("&"));
        let mut page_number = 0u64;
        loop {
            page_number += 1;
            let body = self.get(&url)?;
            let page: Page = serde_json::from_slice(&body).map_err(|e| {
                anyhow::anyhow!(
                    "{}",
                    crate::tr!("{}: the LRS's answer is not a page of statements ({})", self.shown(&url), e)
                )
            })?;
            for (i, raw) in page.statements.iter().enumerate() {
                intake.take(raw.get().as_bytes(), || {
                    format!("{}, page {page_number}, statement {}", self.shown(&url), i + 1)
                })?;
            }
            let last_stored = page
                .statements
                .last()
                .and_then(|raw| serde_json::from_str::<Stored>(raw.get()).ok())
                .and_then(|s| s.stored.as_deref().and_then(utc));
            if let Some(stored) = last_stored {
                let known = intake.store().meta(cursor_key)?;
                if known.as_deref().is_none_or(|k| k < stored.as_str()) {
                    intake.store().set_meta(cursor_key, &stored)?;
                }
            }
            intake.commit()?;
            match page.more.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
                Some(more) if !page.statements.is_empty() => url = self.resolve(more)?,
                _ => return Ok(()),
            }
        }
    }

    /// `more` resolved against the endpoint's origin (xAPI: a path and query without the host).
    fn resolve(&self, more: &str) -> anyhow::Result<String> {
        let url = if more.starts_with("http://") || more.starts_with("https://") {
            let same = more.strip_prefix(&self.origin).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
            if !same {
                bail!(
                    "{}",
                    crate::tr!("the LRS's `more` link leads to another server; not followed with the credentials")
                );
            }
            more.to_string()
        } else if more.starts_with('/') {
            format!("{}{more}", self.origin)
        } else {
            format!("{}{more}", self.endpoint)
        };
        Ok(escape_uri(&url))
    }

    /// One GET, tried again on timeouts, refused or reset connections, 5xx and 429.
    fn get(&self, url: &str) -> anyhow::Result<Vec<u8>> {
        let mut wait = FIRST_WAIT;
        let mut last = String::new();
        for attempt in 1..=TRIES {
            if attempt > 1 {
                std::thread::sleep(wait);
                wait *= 2;
            }
            let request = self
                .agent
                .get(url)
                .header("X-Experience-API-Version", "1.0.3")
                .header("Authorization", &self.authorization)
                .header("Accept", "application/json");
            let mut response = match request.call() {
                Ok(response) => response,
                Err(error) if transient(&error) => {
                    last = self.scrub(&error.to_string());
                    continue;
                }
                Err(error) => bail!("{}: {}", self.shown(url), self.scrub(&error.to_string())),
            };
            let status = response.status().as_u16();
            if status == 200 {
                match response.body_mut().with_config().limit(MAX_PAGE).read_to_vec() {
                    Ok(body) => return Ok(body),
                    Err(error) if transient(&error) => {
                        last = crate::tr!("the answer was cut: {}", self.scrub(&error.to_string()));
                        continue;
                    }
                    Err(error) => bail!("{}: {}", self.shown(url), self.scrub(&error.to_string())),
                }
            }
            if status == 401 || status == 403 {
                bail!(
                    "{}",
                    crate::tr!(
                        "the LRS at {} refused the credentials (HTTP {status}): check CAMPUS_LRS_USER and CAMPUS_LRS_PASSWORD, or --auth-file, and that this key may read statements",
                        self.endpoint,
                        status = status
                    )
                );
            }
            if status == 429 || status >= 500 {
                if let Some(after) =
                    response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(retry_after)
                {
                    wait = after.min(MAX_RETRY_AFTER);
                }
                last = format!("HTTP {status}");
                continue;
            }
            let body = response.body_mut().with_config().limit(64 << 10).read_to_string().unwrap_or_default();
            let body: String = body.chars().take(2000).collect();
            bail!(
                "{}",
                crate::tr!(
                    "the LRS answered HTTP {status} to {}: {}",
                    self.shown(url),
                    self.scrub(body.trim()),
                    status = status
                )
            );
        }
        bail!(
            "{}",
            crate::tr!(
                "the LRS at {} is unreachable after {tries} tries: {last} (asking {})",
                self.endpoint,
                self.shown(url),
                tries = TRIES,
                last = last
            )
        )
    }

    /// A URL as shown in messages: the endpoint's part and the query's keys, with the query cut
    /// short (the same page can be asked again by hand from it).
    fn shown(&self, url: &str) -> String {
        let text: String = url.chars().take(300).collect();
        self.scrub(&text)
    }

    /// A text from the network or a URL with every secret masked.
    fn scrub(&self, text: &str) -> String {
        self.secrets.iter().filter(|s| !s.is_empty()).fold(text.to_string(), |t, s| t.replace(s.as_str(), "***"))
    }
}

/// Whether a failed request may succeed if tried again.
fn transient(error: &ureq::Error) -> bool {
    matches!(
        error,
        ureq::Error::Timeout(_)
            | ureq::Error::Io(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::HostNotFound
            | ureq::Error::Protocol(_)
    )
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = DateTime::parse_from_rfc2822(value.trim()).ok()?.with_timezone(&Utc);
    (when - Utc::now()).to_std().ok()
}

/// The LRS's credentials: `--auth-file` (`user:password`), else the environment.
fn credentials(options: &ReportOptions) -> anyhow::Result<(String, String)> {
    if let Some(file) = &options.auth_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| crate::tr!("cannot read the auth file {}", file.display()))?;
        let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
        let Some((user, password)) = line.split_once(':') else {
            bail!("{}", crate::tr!("the auth file {} must hold one line `user:password`", file.display()));
        };
        return Ok((user.to_string(), password.to_string()));
    }
    match (std::env::var("CAMPUS_LRS_USER"), std::env::var("CAMPUS_LRS_PASSWORD")) {
        (Ok(user), Ok(password)) if !user.is_empty() => Ok((user, password)),
        _ => bail!(
            "{}",
            crate::tr!(
                "no LRS credentials: set CAMPUS_LRS_USER and CAMPUS_LRS_PASSWORD, or give --auth-file with `user:password`"
            )
        ),
    }
}

/// A query value, percent-encoded (RFC 3986 unreserved characters kept).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A URL from the LRS made safe to send: bytes a URI may not hold are percent-encoded (some
/// LRSs write `more` links without encoding their query).
fn escape_uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Standard Base64 with padding (the Basic credentials).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_basic_auth_wants_it() {
        assert_eq!(base64(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn query_values_and_more_links_are_encoded() {
        assert_eq!(encode("https://x.org/a b+c"), "https%3A%2F%2Fx.org%2Fa%20b%2Bc");
        assert_eq!(
            escape_uri("http://h/xAPI/statements?activity=https://x.org/é&since=a b"),
            "http://h/xAPI/statements?activity=https://x.org/%C3%A9&since=a%20b"
        );
    }

    #[test]
    fn the_overlap_goes_back_fifteen_minutes() {
        assert_eq!(before_overlap("2026-12-01T00:10:00.000Z").as_deref(), Some("2026-11-30T23:55:00.000Z"));
        assert_eq!(before_overlap("nonsense"), None);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None); // in the past
        assert_eq!(retry_after("soon"), None);
    }
}
