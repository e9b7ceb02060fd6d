//! Files of the whole site: sitemap, robots.txt, 404, redirects, exports, the search index.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash};
use tera::Value;

use super::sign_everything;
use super::{Affected, Cx, Edit, Kind};
use crate::error::Error;
use crate::render::{Templates, base_context, output_file, signatures};
use crate::site::Site;

/// `sitemap.xml`: every URL, with the pages' dates.
#[derive(Debug)]
pub(super) struct Sitemap;

impl Kind for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn path(&self, _site: &Site) -> String {
        "sitemap.xml".into()
    }

    fn template(&self, _site: &Site, _templates: &Templates) -> String {
        "sitemap.xml".into()
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        signatures::sitemap_signature(cx.site).hash(h)
    }

    fn affected_by(&self, _site: &Site, _edit: &Edit) -> Affected {
        Affected::Maybe
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let site = cx.site;
        let mut entries = site.sitemap_entries();
        entries.sort();
        let list: Vec<Value> = entries
            .into_iter()
            .map(|(permalink, lastmod)| {
                let mut f: BTreeMap<&'static str, Value> = BTreeMap::new();
                f.insert("permalink", Value::from(permalink.as_ref()));
                f.insert("lastmod", lastmod.into());
                Value::from(f)
            })
            .collect();
        let mut c = base_context(site, "/sitemap.xml", &site.config.default_language);
        c.insert_value("entries", Value::from(list));
        cx.templates.render("sitemap.xml", &c, "sitemap.xml")
    }
}

/// A file that shows nothing of the content: `robots.txt`, `404.html`.
#[derive(Debug)]
pub(super) struct Fixed {
    file: &'static str,
}

impl Fixed {
    pub const ROBOTS: Fixed = Fixed { file: "robots.txt" };
    pub const NOT_FOUND: Fixed = Fixed { file: "404.html" };
}

impl Kind for Fixed {
    fn name(&self) -> &'static str {
        self.file
    }

    fn path(&self, _site: &Site) -> String {
        self.file.into()
    }

    fn template(&self, _site: &Site, _templates: &Templates) -> String {
        self.file.into()
    }

    fn sign(&self, _cx: &Cx, _h: &mut DefaultHasher) {}

    fn affected_by(&self, _site: &Site, _edit: &Edit) -> Affected {
        Affected::No
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let c = base_context(
            cx.site,
            &format!("/{}", self.file),
            &cx.site.config.default_language,
        );
        cx.templates.render(self.file, &c, self.file)
    }
}

/// A redirect from an old URL (a page's alias, `page/1/` of a paginated list).
#[derive(Debug)]
pub(super) struct Alias {
    pub at: String,
    pub to: String,
}

impl Kind for Alias {
    fn name(&self) -> &'static str {
        "alias"
    }

    fn path(&self, _site: &Site) -> String {
        output_file(&self.at)
    }

    fn template(&self, _site: &Site, _templates: &Templates) -> String {
        "alias.html".into()
    }

    fn sign(&self, _cx: &Cx, h: &mut DefaultHasher) {
        self.to.hash(h)
    }

    fn affected_by(&self, _site: &Site, _edit: &Edit) -> Affected {
        Affected::No
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let mut c = base_context(cx.site, &self.at, &cx.site.config.default_language);
        c.insert("permalink", &self.to);
        cx.templates
            .render("alias.html", &c, &format!("the redirect {}", self.at))
    }
}

/// A file the preprocessor writes (ingest: `data/taxonomies.json`, its entities exported).
#[derive(Debug)]
pub(super) struct ExtensionFile {
    pub path: String,
}

impl Kind for ExtensionFile {
    fn name(&self) -> &'static str {
        "extension file"
    }

    fn path(&self, _site: &Site) -> String {
        self.path.clone()
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        sign_everything(cx, h)
    }

    fn affected_by(&self, _site: &Site, _edit: &Edit) -> Affected {
        Affected::Maybe
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        cx.site.extension.file(cx.site, &self.path)
    }
}

/// The search index of one language: its entry file, with its chunks beside it.
#[derive(Debug)]
pub(super) struct SearchIndex {
    pub lang: String,
}

impl Kind for SearchIndex {
    fn name(&self) -> &'static str {
        "search index"
    }

    fn path(&self, _site: &Site) -> String {
        crate::render::search::search_index_file(&self.lang)
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        sign_everything(cx, h)
    }

    fn affected_by(&self, _site: &Site, _edit: &Edit) -> Affected {
        Affected::Maybe
    }

    fn render(&self, cx: &Cx, beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let mut files = crate::render::search::search_index(cx.site, cx.values, &self.lang);
        let entry = files.remove(0).1;
        *beside = files;
        Ok(entry)
    }
}

/// The search index of one language in the form Zola's themes load (sites with Zola's
/// `[search]` table); the first one has `elasticlunr.min.js` beside it when it is
/// elasticlunr's.
#[derive(Debug)]
pub(super) struct ZolaSearchIndex {
    pub lang: String,
    pub with_script: bool,
}

impl ZolaSearchIndex {
    fn search(&self, site: &Site) -> crate::config::SearchConfig {
        site.config
            .search_of(&self.lang)
            .cloned()
            .unwrap_or_default()
    }
}

impl Kind for ZolaSearchIndex {
    fn name(&self) -> &'static str {
        "Zola search index"
    }

    fn path(&self, site: &Site) -> String {
        crate::render::zola_search::index_file(&self.search(site), &self.lang)
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        sign_everything(cx, h)
    }

    fn affected_by(&self, _site: &Site, _edit: &Edit) -> Affected {
        Affected::Maybe
    }

    fn render(&self, cx: &Cx, beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let search = self.search(cx.site);
        let (index, files) =
            crate::render::zola_search::zola_index(cx.site, cx.values, &search, &self.lang);
        if self.with_script {
            *beside = files;
        }
        Ok(index)
    }
}
