//! The site's shortcodes: `templates/shortcodes/NAME.html` and `NAME.md` (the site's or its
//! theme's), rendered by tera for [`crate::markdown::shortcodes`]. A template sees its
//! arguments as variables, with `nth` (which call of it this is in the page), `lang`, `body`
//! (for a call with a body) and `config`. Template functions that look up the site
//! (`get_page`, `get_url`, ...) find nothing here: shortcodes render with the page's markdown,
//! before the site they would look up is complete.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, RwLock};

use super::functions::Lookup;
use super::{TemplateSources, Templates};
use crate::config::Config;
use crate::error::Error;
use crate::markdown::shortcodes::{Call, Output, Shortcodes};

/// Where shortcode templates are, by template name.
const DIR: &str = "shortcodes/";

/// The shortcodes a site's templates define.
pub struct SiteShortcodes {
    /// The templates, when there is any shortcode.
    templates: Option<Templates>,
    /// Each shortcode's output and template, by name.
    known: BTreeMap<String, (Output, String)>,
    fingerprint: u64,
    lang: String,
    /// Whether the site or theme has `anchor-link.html` (Zola's template for heading links).
    anchor_template: bool,
}

/// The template of heading anchor links, as in Zola.
const ANCHOR_TEMPLATE: &str = "anchor-link.html";

impl SiteShortcodes {
    /// The shortcodes among `sources`. A name with both an `.html` and an `.md` template
    /// renders the `.html` one.
    pub fn compile(
        sources: &TemplateSources,
        config: &Config,
        lookup: Lookup,
    ) -> Result<SiteShortcodes, Error> {
        let mut known = BTreeMap::new();
        let mut h = super::signatures::hasher();
        for (template, text) in sources.under(DIR) {
            let file = &template[DIR.len()..];
            let (name, output) = match file.rsplit_once('.') {
                Some((name, "html")) => (name, Output::Html),
                Some((name, "md")) => (name, Output::Markdown),
                _ => continue,
            };
            (template, text).hash(&mut h);
            let keep = known.get(name).is_none_or(|(o, _)| *o == Output::Markdown);
            if keep {
                known.insert(name.to_string(), (output, template.to_string()));
            }
        }
        let anchor_template = sources.contains(ANCHOR_TEMPLATE);
        if let Some((_, text)) = sources.under(ANCHOR_TEMPLATE).next() {
            (ANCHOR_TEMPLATE, text).hash(&mut h);
        }
        let templates = if known.is_empty() && !anchor_template {
            None
        } else {
            let lookup = Arc::new(RwLock::new(lookup));
            let config_value = tera::Value::from_serializable(config);
            Some(Templates::compile(sources, lookup, config_value)?)
        };
        Ok(SiteShortcodes {
            templates,
            known,
            fingerprint: h.finish(),
            lang: config.default_language.clone(),
            anchor_template,
        })
    }
}

impl std::fmt::Debug for SiteShortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteShortcodes")
            .field("known", &self.known)
            .finish_non_exhaustive()
    }
}

impl Shortcodes for SiteShortcodes {
    fn output(&self, name: &str) -> Option<Output> {
        self.known.get(name).map(|(o, _)| *o)
    }

    fn render(&self, call: &Call) -> Result<String, String> {
        let (Some(templates), Some((_, template))) = (&self.templates, self.known.get(call.name))
        else {
            return Err(format!("there is no shortcode `{}`", call.name));
        };
        let mut context = super::Context::new();
        for (key, value) in &call.args {
            context.insert(key.clone(), value);
        }
        let caller = if call.caller.is_section {
            "section"
        } else {
            "page"
        };
        context.insert(caller, call.caller);
        context.insert("nth", &call.nth);
        let lang = match call.caller.lang.as_str() {
            "" => &self.lang,
            own => own,
        };
        context.insert("lang", lang);
        if let Some(body) = call.body {
            context.insert("body", body);
        }
        templates
            .render(template, &context, &format!("shortcode `{}`", call.name))
            .map_err(|e| e.to_string())
    }

    fn names(&self) -> Vec<String> {
        self.known.keys().cloned().collect()
    }

    fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    fn anchor_link(&self, id: &str, level: u32) -> Result<String, String> {
        let Some(templates) = self.templates.as_ref().filter(|_| self.anchor_template) else {
            return Ok(crate::markdown::shortcodes::default_anchor_link(id));
        };
        let mut context = super::Context::new();
        context.insert("id", id);
        context.insert("level", &level);
        context.insert("lang", &self.lang);
        templates
            .render(ANCHOR_TEMPLATE, &context, "a heading's anchor link")
            .map_err(|e| e.to_string())
    }
}
