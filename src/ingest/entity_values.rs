//! Template values for ingested entities: what a company, domain or comparison page shows
//! beyond its list of pages (evidence with source links, domains, migrations, tables), and the
//! machine-readable export `data/taxonomies.json`.

use serde::Serialize;
use std::collections::BTreeMap;
use tera::Value;

use super::entities::{
    COMPANIES, COMPARISONS, Company, Comparison, DOMAINS, Domain, Entities, Evidence,
};
use crate::markdown::{self, MarkdownOptions};
use crate::site::Site;

type Fields = BTreeMap<&'static str, Value>;

/// The site as these values see it: the model, and the entities ingest merged for it.
pub struct View<'a> {
    pub site: &'a Site,
    pub entities: &'a Entities,
}

/// The model's fields read through the view (`site.pages`, `site.config`), so the functions
/// below read as they would on the site itself.
impl std::ops::Deref for View<'_> {
    type Target = Site;
    fn deref(&self) -> &Site {
        self.site
    }
}

/// A link to an entity page: name, slug, permalink.
fn entity_link(site: &View, taxonomy: &str, name: &str, slug: &str) -> Value {
    let mut f = Fields::new();
    f.insert("name", name.into());
    f.insert("slug", slug.into());
    f.insert(
        "permalink",
        site.config
            .permalink(&crate::site::urls::term_path(taxonomy, slug))
            .into(),
    );
    Value::from(f)
}

/// A source page as evidence points to it.
fn source_value(site: &View, relative: &str) -> Value {
    let mut f = Fields::new();
    f.insert("relative_path", relative.into());
    if let Some(&i) = site.page_by_relative.get(relative) {
        let p = &site.pages[i];
        f.insert("title", p.title().into());
        f.insert("permalink", p.permalink.as_str().into());
        f.insert("date", p.file.meta.date.as_ref().map(|d| d.ymd()).into());
        // What ingest put in the page's `extra`: how to label its date, where it came from.
        for key in ["date_label", "original_url"] {
            let value = p.file.meta.extra.get(key).and_then(|v| v.as_str());
            f.insert(key, value.map(String::from).into());
        }
    }
    Value::from(f)
}

/// A URL text fragment (`#:~:text=start,end`) that makes a browser scroll to `quote` and
/// highlight it: the first and last four words of a long quote, the whole of a short one.
fn text_fragment(quote: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let words: Vec<&str> = quote.split_whitespace().collect();
    let encode = |w: &[&str]| utf8_percent_encode(&w.join(" "), NON_ALPHANUMERIC).to_string();
    if words.is_empty() {
        String::new()
    } else if words.len() <= 8 {
        format!("#:~:text={}", encode(&words))
    } else {
        let end = words.len() - 4;
        format!("#:~:text={},{}", encode(&words[..4]), encode(&words[end..]))
    }
}

fn evidence_value(site: &View, e: &Evidence) -> Value {
    let mut f = Fields::new();
    f.insert("quote", e.quote.as_str().into());
    f.insert("fragment", text_fragment(&e.quote).into());
    f.insert("kind", e.kind.as_str().into());
    f.insert("titled", e.titled.into());
    f.insert("source", source_value(site, &e.source));
    let companies: Vec<Value> = e
        .companies
        .iter()
        .map(|c| entity_link(site, COMPANIES, c, &company_slug(site, c)))
        .collect();
    f.insert("companies", Value::from(companies));
    Value::from(f)
}

/// The slug of the company named `name`: its slugified name, unless the merge gave the
/// company another (looked up by name only then, so a page with many companies stays linear).
fn company_slug(site: &View, name: &str) -> String {
    let companies = &site.entities.companies;
    let slug = slug::slugify(name);
    if companies.get(&slug).is_some_and(|c| c.name == name) {
        return slug;
    }
    companies
        .values()
        .find(|x| x.name == name)
        .map_or(slug, |x| x.slug.clone())
}

fn source_list(site: &View, sources: &[String]) -> Value {
    Value::from(
        sources
            .iter()
            .map(|s| source_value(site, s))
            .collect::<Vec<_>>(),
    )
}

fn evidence_list(site: &View, items: &[Evidence]) -> Value {
    Value::from(
        items
            .iter()
            .map(|m| evidence_value(site, m))
            .collect::<Vec<_>>(),
    )
}

fn language_link(site: &View, slug: &str) -> Value {
    match site.entities.comparisons.get(slug) {
        Some(c) => entity_link(site, COMPARISONS, &c.language, slug),
        None => entity_link(site, COMPARISONS, slug.trim_start_matches("go-vs-"), slug),
    }
}

/// The `entity` value of a term page in one of the entity taxonomies, if it has one.
pub(super) fn entity_value(site: &View, taxonomy: &str, slug: &str) -> Option<Value> {
    let e = &site.entities;
    let mut f = match taxonomy {
        COMPANIES => company_fields(site, e.companies.get(slug)?),
        DOMAINS => domain_fields(site, e.domains.get(slug)?),
        COMPARISONS => comparison_fields(site, e.comparisons.get(slug)?),
        _ => return None,
    };
    f.insert("slug", slug.into());
    Some(Value::from(f))
}

/// A company page's `entity`.
fn company_fields(site: &View, c: &Company) -> Fields {
    let (e, slug) = (&site.entities, c.slug.as_str());
    let mut f = Fields::new();
    f.insert("name", c.name.as_str().into());
    f.insert("mention_count", c.mentions.len().into());
    f.insert("homepage", c.homepage.clone().into());
    f.insert(
        "listed_under",
        Value::from(
            c.listed_under
                .iter()
                .map(|g| Value::from(g.as_str()))
                .collect::<Vec<_>>(),
        ),
    );
    f.insert("case_study", c.case_study.clone().into());
    let domains: Vec<Value> = c
        .domains
        .iter()
        .filter_map(|d| e.domains.get(d))
        .map(|d| entity_link(site, DOMAINS, &d.name, &d.slug))
        .collect();
    f.insert("domains", Value::from(domains));
    f.insert("mentions", evidence_list(site, &c.mentions));
    f.insert(
        "moved_from",
        Value::from(
            c.moved_from
                .iter()
                .map(|l| language_link(site, l))
                .collect::<Vec<_>>(),
        ),
    );
    // The leading companies of its domains, not every company in them: a page
    // listing its whole domain makes the site grow with the square of its size.
    let mut related: Vec<(&String, &String)> = c
        .domains
        .iter()
        .filter_map(|d| e.domains.get(d))
        .flat_map(|d| d.leading.iter())
        .filter(|s| *s != slug)
        .filter_map(|s| e.companies.get(s).map(|x| (&x.name, &x.slug)))
        .collect();
    related.sort();
    related.dedup();
    related.truncate(crate::ingest::entities::LEADING_COMPANIES);
    f.insert(
        "related",
        Value::from(
            related
                .into_iter()
                .map(|(n, s)| entity_link(site, COMPANIES, n, s))
                .collect::<Vec<_>>(),
        ),
    );
    f.insert("sources", source_list(site, &c.sources));
    f
}

/// A domain page's `entity`.
fn domain_fields(site: &View, d: &Domain) -> Fields {
    let e = &site.entities;
    let mut f = Fields::new();
    f.insert("name", d.name.as_str().into());
    f.insert("company_count", d.companies.len().into());
    let companies: Vec<Value> = d
        .companies
        .iter()
        .filter_map(|s| e.companies.get(s))
        .map(|c| {
            let mut cf = Fields::new();
            cf.insert("name", c.name.as_str().into());
            cf.insert("slug", c.slug.as_str().into());
            cf.insert(
                "permalink",
                site.config
                    .permalink(&crate::site::urls::term_path(COMPANIES, &c.slug))
                    .into(),
            );
            cf.insert(
                "evidence",
                c.mentions.first().map(|m| evidence_value(site, m)).into(),
            );
            Value::from(cf)
        })
        .collect();
    f.insert("companies", Value::from(companies));
    f.insert("sources", source_list(site, &d.sources));
    f
}

/// A comparison page's `entity`.
fn comparison_fields(site: &View, c: &Comparison) -> Fields {
    let mut f = Fields::new();
    f.insert("name", c.name.as_str().into());
    f.insert("language", c.language.as_str().into());
    f.insert("claim_count", (c.claims.len() + c.migrations.len()).into());
    let mut by_theme: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for claim in &c.claims {
        by_theme
            .entry(claim.kind.as_str())
            .or_default()
            .push(evidence_value(site, claim));
    }
    let themes: Vec<Value> = THEME_ORDER
        .iter()
        .filter_map(|(key, title)| {
            by_theme.remove(key).map(|claims| {
                let mut tf = Fields::new();
                tf.insert("theme", (*key).into());
                tf.insert("title", title.replace("{lang}", &c.language).into());
                tf.insert("claims", Value::from(claims));
                Value::from(tf)
            })
        })
        .collect();
    f.insert("claims_by_theme", Value::from(themes));
    f.insert("claims", evidence_list(site, &c.claims));
    f.insert("migrations", evidence_list(site, &c.migrations));
    let options = MarkdownOptions::default();
    let tables: Vec<Value> = c
        .tables
        .iter()
        .map(|t| {
            let mut tf = Fields::new();
            tf.insert(
                "html",
                markdown::render(&t.quote, 1, &options, &|_| None)
                    .html
                    .into(),
            );
            tf.insert("source", source_value(site, &t.source));
            Value::from(tf)
        })
        .collect();
    f.insert("tables", Value::from(tables));
    f.insert("sources", source_list(site, &c.sources));
    // How diverse the evidence is: claims from many sources weigh more than many
    // claims from one article, and the page says which it is.
    let mut per_source: BTreeMap<&str, usize> = BTreeMap::new();
    for claim in &c.claims {
        *per_source.entry(claim.source.as_str()).or_default() += 1;
    }
    let top = per_source
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(source, n)| {
            let mut tf = Fields::new();
            tf.insert("claims", (*n).into());
            tf.insert("source", source_value(site, source));
            Value::from(tf)
        });
    f.insert("claim_only_count", c.claims.len().into());
    f.insert("claim_source_count", per_source.len().into());
    f.insert("migration_count", c.migrations.len().into());
    f.insert("top_source", top.into());
    f
}

/// Claim themes in display order, with their headings.
const THEME_ORDER: &[(&str, &str)] = &[
    ("performance", "Performance"),
    ("memory", "Memory"),
    ("concurrency", "Concurrency"),
    ("deployment", "Deployment"),
    ("productivity", "Productivity"),
    ("where-the-other-language-wins", "Where {lang} wins"),
    ("general", "Other claims"),
];

/// `data/taxonomies.json`, sorted by slug.
#[derive(Debug, Serialize)]
pub struct Export {
    companies: Vec<ExportCompany>,
    domains: Vec<ExportDomain>,
    comparisons: Vec<ExportComparison>,
}

#[derive(Debug, Serialize)]
struct ExportCompany {
    name: String,
    slug: String,
    permalink: String,
    domains: Vec<String>,
    sources: Vec<String>,
    mentions: usize,
}

#[derive(Debug, Serialize)]
struct ExportDomain {
    name: String,
    slug: String,
    permalink: String,
    companies: Vec<String>,
    sources: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ExportComparison {
    name: String,
    slug: String,
    permalink: String,
    sources: Vec<String>,
    claims: usize,
}

/// Builds the export. Sources are paths relative to the site root (`content/sources/x.txt`).
pub(super) fn export(site: &View) -> Export {
    let e = &site.entities;
    let site_path = |s: &String| format!("content/{s}");
    let link = |tax: &str, slug: &str| {
        site.config
            .permalink(&crate::site::urls::term_path(tax, slug))
    };
    Export {
        companies: e
            .companies
            .values()
            .map(|c| ExportCompany {
                name: c.name.clone(),
                slug: c.slug.clone(),
                permalink: link(COMPANIES, &c.slug),
                domains: c.domains.clone(),
                sources: c.sources.iter().map(site_path).collect(),
                mentions: c.mentions.len(),
            })
            .collect(),
        domains: e
            .domains
            .values()
            .map(|d| ExportDomain {
                name: d.name.clone(),
                slug: d.slug.clone(),
                permalink: link(DOMAINS, &d.slug),
                companies: d.companies.clone(),
                sources: d.sources.iter().map(site_path).collect(),
            })
            .collect(),
        comparisons: e
            .comparisons
            .values()
            .map(|c| ExportComparison {
                name: c.name.clone(),
                slug: c.slug.clone(),
                permalink: link(COMPARISONS, &c.slug),
                sources: c.sources.iter().map(site_path).collect(),
                claims: c.claims.len() + c.migrations.len(),
            })
            .collect(),
    }
}
