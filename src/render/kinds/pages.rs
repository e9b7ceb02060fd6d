//! Content pages.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash};
use tera::Value;

use super::{Affected, Cx, Edit, Kind};
use crate::error::Error;
use crate::render::{Templates, base_context, output_file};
use crate::site::{PageId, Site};

/// A content page.
#[derive(Debug)]
pub(super) struct PageOutput {
    pub id: PageId,
}

impl Kind for PageOutput {
    fn name(&self) -> &'static str {
        "page"
    }

    fn path(&self, site: &Site) -> String {
        output_file(&site.pages[self.id].path)
    }

    fn template(&self, site: &Site, _templates: &Templates) -> String {
        let page = &site.pages[self.id];
        let section = &site.sections[page.section];
        page.file
            .meta
            .template
            .as_deref()
            .or(section.file.meta.page_template.as_deref())
            .unwrap_or("page.html")
            .to_string()
    }

    fn sign(&self, cx: &Cx, h: &mut DefaultHasher) {
        let site = cx.site;
        let p = &site.pages[self.id];
        (
            p.render_key,
            &p.path,
            &site.sections[p.section].file.meta.page_template,
        )
            .hash(h);
        // `page.lower` and `page.higher` show the neighbours' titles and links.
        if let Some(&(lower, higher)) = cx.neighbours.get(self.id) {
            for n in [lower, higher] {
                n.map(|n| (site.pages[n].render_key, &site.pages[n].path))
                    .hash(h);
            }
        }
    }

    fn affected_by(&self, site: &Site, edit: &Edit) -> Affected {
        if edit.pages.contains(&self.id) {
            return Affected::Itself;
        }
        // Its neighbours show their titles and links (`page.lower`, `page.higher`), and a
        // re-sort changes who they are: every page of an edited section is a candidate, and
        // the signature (which covers the neighbours) says which really changed.
        Affected::maybe(
            edit.neighbours_shown && edit.sections.contains(&site.pages[self.id].section),
        )
    }

    fn render(&self, cx: &Cx, _beside: &mut Vec<(String, String)>) -> Result<String, Error> {
        let (site, templates) = (cx.site, cx.templates);
        let page = &site.pages[self.id];
        let template = &self.template(site, templates);
        let mut c = base_context(site, &page.path, &page.lang);
        match cx.neighbours.get(self.id) {
            Some(&(lower, higher)) => {
                let mut value = cx.values.pages[self.id]
                    .as_map()
                    .cloned()
                    .unwrap_or_default();
                for (key, n) in [("lower", lower), ("higher", higher)] {
                    value.insert(key.into(), n.map(|n| neighbour_value(site, n)).into());
                }
                c.insert_value("page", Value::from(value));
            }
            None => c.insert_value("page", cx.values.pages[self.id].clone()),
        }
        let what = page.file.display_path.display().to_string();
        // A template the page's own front matter names: point at that field.
        if !templates.contains(template)
            && page.file.meta.template.as_deref() == Some(template.as_str())
        {
            let (line, col) = crate::content::front_matter::position_of(
                &page.file.front_matter,
                page.file.front_matter_line,
                "template",
                template,
            );
            let missing = templates.missing(template, &what);
            let mut e = Error::at(&page.file.display_path, line, col, missing.message);
            e.hint = missing.hint;
            return Err(e);
        }
        templates.render(template, &c, &what)
    }
}

/// What `page.lower` and `page.higher` show of a neighbour.
fn neighbour_value(site: &Site, id: PageId) -> Value {
    let p = &site.pages[id];
    let mut f = BTreeMap::new();
    f.insert("title", Value::from(p.title()));
    f.insert("permalink", Value::from(p.permalink.as_str()));
    f.insert("path", Value::from(p.path.as_str()));
    f.insert(
        "date",
        Value::from(p.file.meta.date.as_ref().map(|d| d.as_str().to_string())),
    );
    Value::from(f)
}
