//! Curated knowledge users edit (`data/companies.toml`): canonical company names and their
//! aliases, domains with their keywords, the languages comparisons are made with, and names
//! that look like companies but are not.
//!
//! Extraction must work without it (a new document's companies are found from structure), but
//! it turns spellings into one entity and gives known companies their domains.

use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

use crate::config::IngestConfig;
use crate::content::read_utf8;
use crate::error::Error;
use crate::formats::{self, Format};

/// A company the data file knows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyInfo {
    /// Canonical name (the term name).
    pub name: String,
    /// Other spellings of the same entity.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Domain slugs.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Home page.
    #[serde(default)]
    pub homepage: Option<String>,
}

/// An industry or use-case area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainInfo {
    /// URL slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Lowercase words or phrases that are evidence for the domain.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A language Go is compared with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageInfo {
    /// `go-vs-<lang>`.
    pub slug: String,
    /// Display name (`Node.js`).
    pub name: String,
    /// Spellings in text.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotCompanies {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    non_users: Vec<String>,
}

/// Hosts that say what a link is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkHosts {
    /// Third-party platforms (`medium.com`, `twitter.com`): a link with a path there is a
    /// post, a profile or an event, not an organisation's own site.
    #[serde(default)]
    pub platforms: Vec<String>,
    /// Code hosts (`github.com`): `host/owner` is an organisation, `host/owner/repo` a
    /// project.
    #[serde(default)]
    pub code_hosts: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    domain: Vec<DomainInfo>,
    #[serde(default)]
    company: Vec<CompanyInfo>,
    #[serde(default)]
    language: Vec<LanguageInfo>,
    #[serde(default)]
    not_companies: NotCompanies,
    #[serde(default)]
    links: LinkHosts,
}

/// The curated knowledge, indexed for lookups.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    /// Known companies.
    pub companies: Vec<CompanyInfo>,
    /// Domains, in file order.
    pub domains: Vec<DomainInfo>,
    /// Languages, in file order.
    pub languages: Vec<LanguageInfo>,
    /// Platform and code hosts (lowercase, without `www.`).
    pub links: LinkHosts,
    by_alias: HashMap<String, usize>,
    rejected: std::collections::HashSet<String>,
}

/// The fallback domain for a company with no evidence at all.
pub const FALLBACK_DOMAIN: &str = "software-and-internet";

fn lowercase_hosts(hosts: Vec<String>) -> Vec<String> {
    hosts
        .into_iter()
        .map(|h| {
            let h = h.trim().to_ascii_lowercase();
            h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
        })
        .collect()
}

/// The knowledge file when `[ingest]` names none, relative to the site root.
pub const DEFAULT_FILE: &str = "data/companies.toml";

impl Knowledge {
    /// The knowledge file `[ingest]` names (`knowledge = ...`), else [`DEFAULT_FILE`].
    pub fn for_config(root: &Path, ingest: Option<&IngestConfig>) -> Result<Knowledge, Error> {
        let relative = ingest.and_then(|i| i.knowledge.as_deref());
        Knowledge::load(root, relative.unwrap_or(DEFAULT_FILE))
    }

    /// Reads the knowledge file at `relative` under `root` (a TOML file; see
    /// `data/companies.toml`). A missing file is no knowledge.
    pub fn load(root: &Path, relative: &str) -> Result<Knowledge, Error> {
        let path = root.join(relative);
        if !path.is_file() {
            return Ok(Knowledge::default());
        }
        let text = read_utf8(&path, Path::new(relative))?;
        let file: File = formats::parse(Format::Toml, &text, Path::new(relative), 1)?;
        Ok(Knowledge::from_parts(file))
    }

    /// Builds the indexes from TOML text (used by tests).
    pub fn parse(text: &str) -> Result<Knowledge, Error> {
        let file: File = formats::parse(Format::Toml, text, Path::new("companies.toml"), 1)?;
        Ok(Knowledge::from_parts(file))
    }

    fn from_parts(file: File) -> Knowledge {
        let mut by_alias = HashMap::new();
        for (i, c) in file.company.iter().enumerate() {
            for name in std::iter::once(&c.name).chain(&c.aliases) {
                by_alias.entry(name.to_lowercase()).or_insert(i);
            }
        }
        let mut rejected: std::collections::HashSet<String> = file
            .not_companies
            .names
            .iter()
            .chain(&file.not_companies.non_users)
            .map(|n| n.to_lowercase())
            .collect();
        for l in &file.language {
            rejected.extend(l.aliases.iter().map(|a| a.to_lowercase()));
            rejected.insert(l.name.to_lowercase());
        }
        rejected.extend(["go", "golang"].map(String::from));
        Knowledge {
            companies: file.company,
            domains: file.domain,
            languages: file.language,
            links: LinkHosts {
                platforms: lowercase_hosts(file.links.platforms),
                code_hosts: lowercase_hosts(file.links.code_hosts),
            },
            by_alias,
            rejected,
        }
    }

    /// The known company a spelling refers to.
    pub fn company(&self, name: &str) -> Option<&CompanyInfo> {
        self.by_alias
            .get(&name.to_lowercase())
            .map(|&i| &self.companies[i])
    }

    /// Whether a name is known not to be a Go-using company (library, product, person,
    /// language, conference, or a company never shown using Go).
    pub fn is_rejected(&self, name: &str) -> bool {
        self.rejected.contains(&name.to_lowercase())
    }

    /// The display name of a domain slug.
    pub fn domain_name(&self, slug: &str) -> String {
        self.domains
            .iter()
            .find(|d| d.slug == slug)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| {
                if slug == FALLBACK_DOMAIN {
                    "Software and internet".into()
                } else {
                    slug.replace('-', " ")
                }
            })
    }
}
