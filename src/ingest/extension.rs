//! Ingest as the site's preprocessor: what the core asks of it ([`Extension`]) answered from
//! the entities merged across the raw sources. This is the only place where the site model,
//! rendering and search meet companies, domains and comparisons.

use super::entities::{COMPANIES, COMPARISONS, DOMAINS, Entities};
use super::entity_values::{self, View};
use crate::content::PageFile;
use crate::error::Error;
use crate::site::{Extension, Site, TermSearch};

/// The front matter key ingest marks its pages with.
pub const MADE_BY_INGEST: &str = "ingested";

/// The file the entities are exported to.
const EXPORT: &str = "data/taxonomies.json";

impl Extension for Entities {
    fn knows_term(&self, taxonomy: &str, slug: &str) -> Option<bool> {
        Entities::knows_term(self, taxonomy, slug)
    }

    fn term_slug(&self, taxonomy: &str, name: &str) -> Option<String> {
        Entities::term_slug(self, taxonomy, name)
    }

    fn term_value(&self, site: &Site, taxonomy: &str, slug: &str) -> Option<tera::Value> {
        entity_values::entity_value(
            &View {
                site,
                entities: self,
            },
            taxonomy,
            slug,
        )
    }

    fn term_search(&self, taxonomy: &str, slug: &str) -> Option<TermSearch> {
        let joined = |parts: Vec<&str>| parts.join(" ");
        let (kind, body, also) = match taxonomy {
            // A company's domains are searched too: "payments" finds every company in
            // payments and fintech, not only those whose quotes say the word.
            COMPANIES => {
                let c = self.companies.get(slug);
                (
                    "Company",
                    c.map(|c| joined(c.mentions.iter().map(|m| m.quote.as_str()).collect())),
                    c.map(|c| {
                        joined(
                            c.domains
                                .iter()
                                .filter_map(|d| self.domains.get(d))
                                .map(|d| d.name.as_str())
                                .collect(),
                        )
                    }),
                )
            }
            DOMAINS => (
                "Domain",
                self.domains.get(slug).map(|d| {
                    joined(
                        d.companies
                            .iter()
                            .filter_map(|c| self.companies.get(c))
                            .map(|c| c.name.as_str())
                            .collect(),
                    )
                }),
                None,
            ),
            COMPARISONS => (
                "Comparison",
                self.comparisons.get(slug).map(|c| {
                    joined(
                        c.claims
                            .iter()
                            .chain(&c.migrations)
                            .map(|m| m.quote.as_str())
                            .collect(),
                    )
                }),
                None,
            ),
            _ => return None,
        };
        Some(TermSearch {
            kind: kind.to_string(),
            body: body.unwrap_or_default(),
            also: also.unwrap_or_default(),
        })
    }

    fn made(&self, page: &PageFile) -> Option<&'static str> {
        page.meta
            .extra
            .contains_key(MADE_BY_INGEST)
            .then_some("Source")
    }

    fn file_paths(&self) -> Vec<String> {
        vec![EXPORT.to_string()]
    }

    fn file(&self, site: &Site, path: &str) -> Result<String, Error> {
        if path != EXPORT {
            return Err(Error::new(format!("ingest writes no file {path}")));
        }
        let export = entity_values::export(&View {
            site,
            entities: self,
        });
        let json = serde_json::to_string_pretty(&export)
            .map_err(|e| Error::new(format!("cannot write {EXPORT}: {e}")))?;
        Ok(json + "\n")
    }
}
