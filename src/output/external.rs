//! `check --external`: every link to another site, fetched.
//!
//! Each URL is fetched once however many pages link it: `HEAD` first, `GET` when a server
//! refuses `HEAD`, redirects followed. Several URLs are fetched at once, but at most
//! `per_host` from one host, so one site is not hammered; every request has a time limit, and a
//! timeout, a refused connection or a 5xx is retried (`retries`) after a pause. A link that
//! worked is remembered in `.gazette-cache/external-links.json` for `cache_hours`, so a second
//! run only asks again what failed or is new. URLs under a `skip_prefixes` entry are not
//! fetched (Zola's `[link_checker]` key).

use crate::sync::Locked;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::LinkCheckerConfig;

/// What fetching a URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It answered with a success, after redirects.
    Ok,
    /// It answered, with an error status.
    Status(u16),
    /// It did not answer: a timeout, a name that does not resolve, a refused connection.
    Failed(String),
}

/// The answer for each URL, sorted; URLs under `skip_prefixes` are left out.
pub struct Report {
    /// Each URL's outcome (from the cache or fetched).
    pub outcomes: BTreeMap<String, Outcome>,
}

#[derive(Default, Serialize, Deserialize)]
struct Cache {
    /// URL -> seconds since the epoch when it last worked.
    ok: BTreeMap<String, u64>,
}

/// Where the cache lives, inside the site (a folder the content walk never reads).
pub fn cache_path(root: &Path) -> PathBuf {
    root.join(".gazette-cache/external-links.json")
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Fetches each of `urls` (deduplicated by the caller or not: each is fetched once) under the
/// limits of `config`, using and updating the cache at `cache`.
pub fn check(urls: &[String], config: &LinkCheckerConfig, cache: &Path) -> Report {
    let mut stored: Cache = std::fs::read(cache)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let fresh_after = now().saturating_sub(config.cache_hours.saturating_mul(3600));
    let mut unique: Vec<&String> = urls
        .iter()
        .filter(|u| !config.skip_prefixes.iter().any(|p| u.starts_with(p)))
        .collect();
    unique.sort();
    unique.dedup();
    let mut outcomes = BTreeMap::new();
    let mut todo = Vec::new();
    for url in unique {
        match stored.ok.get(url.as_str()) {
            Some(&at) if at >= fresh_after => {
                outcomes.insert(url.clone(), Outcome::Ok);
            }
            _ => todo.push(url.clone()),
        }
    }
    let fetched = fetch_all(&todo, config);
    let checked_at = now();
    for (url, outcome) in fetched {
        if outcome == Outcome::Ok {
            stored.ok.insert(url.clone(), checked_at);
        } else {
            stored.ok.remove(&url);
        }
        outcomes.insert(url, outcome);
    }
    if let Some(dir) = cache.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(bytes) = serde_json::to_vec_pretty(&stored) {
        // A cache that cannot be written only costs the next run some requests.
        let _ = std::fs::write(cache, bytes);
    }
    Report { outcomes }
}

/// Hosts being fetched from, and how many requests each has open.
struct HostSlots {
    open: Mutex<HashMap<String, usize>>,
    freed: Condvar,
    per_host: usize,
}

impl HostSlots {
    fn acquire(&self, host: &str) {
        let mut open = self.open.locked();
        while open.get(host).copied().unwrap_or(0) >= self.per_host {
            open = self.freed.wait(open).unwrap_or_else(|e| e.into_inner());
        }
        *open.entry(host.to_string()).or_default() += 1;
    }

    fn release(&self, host: &str) {
        let mut open = self.open.locked();
        if let Some(n) = open.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        self.freed.notify_all();
    }
}

fn fetch_all(urls: &[String], config: &LinkCheckerConfig) -> Vec<(String, Outcome)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs_f64(config.timeout.max(0.1))))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("gazette-link-checker/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let slots = HostSlots {
        open: Mutex::new(HashMap::new()),
        freed: Condvar::new(),
        per_host: config.per_host.max(1),
    };
    let next = Mutex::new(0usize);
    let results = Mutex::new(Vec::with_capacity(urls.len()));
    let workers = config.concurrency.clamp(1, 64).min(urls.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.locked();
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(url) = urls.get(i) else { break };
                    let host = url::Url::parse(url)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_string))
                        .unwrap_or_default();
                    slots.acquire(&host);
                    let outcome = fetch(&agent, url, config.retries);
                    slots.release(&host);
                    results.locked().push((url.clone(), outcome));
                }
            });
        }
    });
    results.into_value()
}

/// One URL, with retries for what may pass (no answer, or a server error).
fn fetch(agent: &ureq::Agent, url: &str, retries: u32) -> Outcome {
    let mut outcome = once(agent, url);
    for attempt in 0..retries {
        let passing = matches!(outcome, Outcome::Failed(_))
            || matches!(outcome, Outcome::Status(s) if s >= 500);
        if !passing {
            break;
        }
        std::thread::sleep(Duration::from_millis(200 << attempt.min(4)));
        outcome = once(agent, url);
    }
    outcome
}

fn once(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(response) => Ok(response.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    // Some servers refuse or mishandle HEAD (405, 403, even 404): ask again with GET before
    // calling the link broken. A server that did not answer at all is not asked twice.
    let result = match status(agent.head(url).call()) {
        Ok(s) if !(200..400).contains(&s) => status(agent.get(url).call()),
        other => other,
    };
    match result {
        Ok(s) if (200..400).contains(&s) => Outcome::Ok,
        Ok(s) => Outcome::Status(s),
        Err(e) => Outcome::Failed(e),
    }
}
