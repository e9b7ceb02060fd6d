//! The search index in the form Zola's themes load, for sites with Zola's `[search]` table:
//! an elasticlunr index of the pages and sections (`search_index.<lang>.json`, or a script
//! setting `window.searchIndex`), with `elasticlunr.min.js` beside it, or Fuse.js's list of
//! documents. Gazette's own fragmented index (`search.rs`) is written as well.

use elasticlunr::IndexBuilder;

use super::SiteValues;
use super::search::text_of;
use crate::config::SearchConfig;
use crate::site::Site;

/// elasticlunr.js 0.9.5, which Zola writes beside an elasticlunr index (MIT licence).
const ELASTICLUNR_JS: &str = include_str!("../../themes/gazette/static/elasticlunr.min.js");

/// The index file's path: `search_index.en.js` or `search_index.en.json`.
pub fn index_file(search: &SearchConfig, lang: &str) -> String {
    let ext = if search.index_format.is_script() {
        "js"
    } else {
        "json"
    };
    format!("search_index.{lang}.{ext}")
}

/// One indexed document: its permalink and its fields, in Zola's order.
struct Doc {
    permalink: String,
    title: String,
    description: String,
    date: String,
    path: String,
    body: String,
}

/// The index, and the files written beside it (`elasticlunr.min.js`).
pub fn zola_index(
    site: &Site,
    values: &SiteValues,
    search: &SearchConfig,
    lang: &str,
) -> (String, Vec<(String, String)>) {
    let docs = documents(site, values, search, lang);
    let fields: Vec<(&str, bool)> = vec![
        ("title", search.include_title),
        ("description", search.include_description),
        ("date", search.include_date),
        ("path", search.include_path),
        ("body", search.include_content),
    ];
    let row = |d: &Doc| -> Vec<String> {
        let all = [&d.title, &d.description, &d.date, &d.path, &d.body];
        (fields.iter().zip(all))
            .filter(|((_, on), _)| *on)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let names: Vec<&str> = (fields.iter())
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect();
    let data = if search.index_format.is_elasticlunr() {
        let mut builder = IndexBuilder::new();
        for n in &names {
            builder = builder.add_field(n);
        }
        let mut index = builder.build();
        for d in &docs {
            index.add_doc(&d.permalink, row(d));
        }
        index.to_json()
    } else {
        let list: Vec<serde_json::Value> = (docs.iter())
            .map(|d| {
                let mut doc = serde_json::Map::new();
                doc.insert("url".into(), d.permalink.clone().into());
                for (n, v) in names.iter().zip(row(d)) {
                    doc.insert((*n).into(), v.into());
                }
                serde_json::Value::Object(doc)
            })
            .collect();
        serde_json::Value::from(list).to_string()
    };
    let index = if search.index_format.is_script() {
        format!("window.searchIndex = {data};")
    } else {
        data
    };
    let beside = if search.index_format.is_elasticlunr() {
        vec![("elasticlunr.min.js".to_string(), ELASTICLUNR_JS.to_string())]
    } else {
        Vec::new()
    };
    (index, beside)
}

/// The pages and sections of language `lang` the index holds, as Zola indexes them: their text without tags,
/// cut at `truncate_content_length` characters.
fn documents(site: &Site, values: &SiteValues, search: &SearchConfig, lang: &str) -> Vec<Doc> {
    let body = |value: &tera::Value| {
        let text = text_of(
            value
                .get_from_path("content")
                .and_then(|v| v.as_str())
                .unwrap_or_default(),
        );
        match search.truncate_content_length {
            Some(n) => text.chars().take(n).collect(),
            None => text,
        }
    };
    let mut docs = Vec::new();
    for (id, s) in site.sections.iter().enumerate() {
        if site.section_is_searchable(id) && s.lang == lang {
            docs.push(Doc {
                permalink: s.permalink.clone(),
                title: s.file.meta.title.clone().unwrap_or_default(),
                description: s.file.meta.description.clone().unwrap_or_default(),
                date: String::new(),
                path: s.path.clone(),
                body: if search.include_content {
                    body(&values.sections[id])
                } else {
                    String::new()
                },
            });
        }
    }
    for (i, p) in site.pages.iter().enumerate() {
        if site.page_is_searchable(i) && p.lang == lang {
            docs.push(Doc {
                permalink: p.permalink.clone(),
                title: p.file.meta.title.clone().unwrap_or_default(),
                description: p.file.meta.description.clone().unwrap_or_default(),
                date: (p.file.meta.date.as_ref())
                    .map(|d| d.instant().format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                path: p.path.clone(),
                body: if search.include_content {
                    body(&values.pages[i])
                } else {
                    String::new()
                },
            });
        }
    }
    docs
}
