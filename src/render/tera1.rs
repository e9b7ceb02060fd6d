//! Tera 1, the template engine of Zola 0.22, for Zola sites and themes: their templates use
//! macros, `{% set_global %}`, `is matching` and Tera 1's filters, which Tera 2 does not have.
//!
//! The same values and the same functions as Gazette's Tera 2 templates (`get_page`, `get_url`,
//! ... over the same [`Lookup`], recording what they read for the dev server), plus the
//! functions and filters Zola adds to Tera 1's own: `get_hash`, `markdown`, `base64_encode`,
//! `base64_decode`, `regex_replace`, `num_format`. Values cross from Tera 2's form to Tera 1's
//! (serde_json) at each render, as Zola serializes its pages at each render too.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use tera1::{Context as Tera1Context, Tera};

use super::Context;
use super::functions::{self, Read, SharedLookup};
use super::images::Resize;
use super::zola_filters;

/// Gazette's built-in templates in Tera 1's syntax, by name (see `builtins/tera1/`).
const BUILTINS: &[(&str, &str)] = &[
    ("atom.xml", include_str!("builtins/tera1/atom.xml")),
    ("rss.xml", include_str!("builtins/tera1/rss.xml")),
    ("sitemap.xml", include_str!("builtins/tera1/sitemap.xml")),
    ("robots.txt", include_str!("builtins/tera1/robots.txt")),
    ("404.html", include_str!("builtins/tera1/404.html")),
    ("alias.html", include_str!("builtins/tera1/alias.html")),
];

/// The Tera 1 version of built-in template `name`.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A site's templates, compiled by Tera 1.
pub struct Tera1 {
    tera: Tera,
    config: Json,
}

impl Tera1 {
    /// Compiles `templates` (name, text) with the functions bound to `lookup`.
    pub fn compile(
        templates: &[(&str, &str)],
        lookup: SharedLookup,
        config: &tera::Value,
    ) -> Result<Tera1, tera1::Error> {
        let mut tera = Tera::default();
        register(&mut tera, lookup);
        tera.add_raw_templates(templates.iter().copied())?;
        Ok(Tera1 {
            tera,
            config: serde_json::to_value(config).unwrap_or(Json::Null),
        })
    }

    /// Whether a template of that name is loaded.
    pub fn contains(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders `name` with `context` and `config`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, tera1::Error> {
        let mut c = Tera1Context::new();
        c.insert("config", &self.config);
        for (key, value) in context.iter() {
            match key {
                "section" => c.insert(key, &zola_section(json(value.clone()))),
                _ => c.insert(key, value),
            }
        }
        self.tera.render(name, &c)
    }
}

/// A Tera 1 error, as Gazette reports it.
pub enum Explained {
    /// A syntax error at a place in a template.
    At {
        template: String,
        line: usize,
        col: usize,
        message: String,
    },
    /// Any other error, in a template when Tera says which.
    In {
        template: Option<String>,
        message: String,
    },
}

/// What went wrong, from Tera 1's chain of errors ("Failed to render 'page.html'" caused by
/// "Variable `x` not found in context ...").
pub fn explain(e: &tera1::Error) -> Explained {
    let mut chain = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    static PARSE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?s)Failed to parse '([^']+)'.*?--> (\d+):(\d+)").expect("valid regex")
    });
    static NAMED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:Failed to render|while rendering|Failed to parse) '([^']+)'")
            .expect("valid regex")
    });
    let all = chain.join("\n");
    if let Some(c) = PARSE.captures(&all) {
        // Tera 1's own message is its `= expected ...` line (the others repeat the source).
        let message = (all.lines())
            .filter_map(|l| l.trim().strip_prefix("= "))
            .collect::<Vec<_>>()
            .join("; ");
        return Explained::At {
            template: c[1].to_string(),
            line: c[2].parse().unwrap_or(1),
            col: c[3].parse().unwrap_or(1),
            message,
        };
    }
    let template = NAMED.captures(&all).map(|c| c[1].to_string());
    let message = (chain.iter())
        .filter(|m| !m.starts_with("Failed to render"))
        .cloned()
        .collect::<Vec<_>>();
    Explained::In {
        template,
        message: if message.is_empty() {
            chain.join(": ")
        } else {
            message.join(": ")
        },
    }
}

fn fail(message: String) -> tera1::Error {
    tera1::Error::msg(message)
}

/// A string argument, required.
fn string_arg(args: &HashMap<String, Json>, function: &str, name: &str) -> tera1::Result<String> {
    match args.get(name) {
        Some(Json::String(s)) => Ok(s.clone()),
        Some(other) => Err(fail(format!(
            "{function}: `{name}` must be a string, got {other}"
        ))),
        None => Err(fail(format!(
            "{function}: the argument `{name}` is missing"
        ))),
    }
}

/// A boolean argument, `default` when absent.
fn bool_arg(args: &HashMap<String, Json>, name: &str, default: bool) -> bool {
    args.get(name).and_then(Json::as_bool).unwrap_or(default)
}

/// A value of the lookup, in Tera 1's form.
fn json(value: tera::Value) -> Json {
    serde_json::to_value(&value).unwrap_or(Json::Null)
}

/// A section as Zola gives it to templates: its `subsections` are their `_index.md` paths (for
/// `get_section`), not the sections themselves.
fn zola_section(mut section: Json) -> Json {
    if let Some(Json::Array(subsections)) = section.get_mut("subsections") {
        for s in subsections.iter_mut() {
            if let Some(path) = s.get("relative_path").cloned() {
                *s = path;
            }
        }
    }
    section
}

/// Registers Zola's functions and filters on `tera`.
fn register(tera: &mut Tera, lookup: SharedLookup) {
    let l = lookup.clone();
    tera.register_function("get_url", move |args: &HashMap<String, Json>| {
        let path = string_arg(args, "get_url", "path")?;
        let lang = args.get("lang").and_then(Json::as_str);
        let (slash, cachebust) = (
            bool_arg(args, "trailing_slash", false),
            bool_arg(args, "cachebust", false),
        );
        (functions::read(&l).url_with(&path, lang, slash, cachebust))
            .map(Json::String)
            .map_err(fail)
    });
    let l = lookup.clone();
    tera.register_function("get_page", move |args: &HashMap<String, Json>| {
        let path = string_arg(args, "get_page", "path")?;
        functions::read(&l).page(&path).map(json).map_err(fail)
    });
    let l = lookup.clone();
    tera.register_function("get_section", move |args: &HashMap<String, Json>| {
        let path = string_arg(args, "get_section", "path")?;
        let section = functions::read(&l).section(&path).map_err(fail)?;
        let mut section = zola_section(json(section));
        if bool_arg(args, "metadata_only", false)
            && let Some(fields) = section.as_object_mut()
        {
            fields.remove("pages");
            fields.remove("subsections");
        }
        Ok(section)
    });
    let l = lookup.clone();
    tera.register_function("get_taxonomy", move |args: &HashMap<String, Json>| {
        let kind = string_arg(args, "get_taxonomy", "kind")?;
        let lang = args.get("lang").and_then(Json::as_str);
        match functions::read(&l).taxonomy(&kind, lang) {
            Ok(t) => Ok(json(t)),
            Err(_) if !bool_arg(args, "required", true) => Ok(Json::Null),
            Err(e) => Err(fail(e)),
        }
    });
    let l = lookup.clone();
    tera.register_function("get_taxonomy_term", move |args: &HashMap<String, Json>| {
        let kind = string_arg(args, "get_taxonomy_term", "kind")?;
        let term = string_arg(args, "get_taxonomy_term", "term")?;
        let lang = args.get("lang").and_then(Json::as_str);
        match functions::read(&l).taxonomy_term(&kind, &term, lang) {
            Ok(t) => Ok(json(t)),
            Err(_) if !bool_arg(args, "required", true) => Ok(Json::Null),
            Err(e) => Err(fail(e)),
        }
    });
    let l = lookup.clone();
    tera.register_function("get_taxonomy_url", move |args: &HashMap<String, Json>| {
        let kind = string_arg(args, "get_taxonomy_url", "kind")?;
        let name = string_arg(args, "get_taxonomy_url", "name")?;
        let lang = args.get("lang").and_then(Json::as_str);
        match functions::read(&l).term_url(&kind, &name, lang) {
            Ok(url) => Ok(Json::String(url)),
            Err(_) if !bool_arg(args, "required", true) => Ok(Json::Null),
            Err(e) => Err(fail(e)),
        }
    });
    let l = lookup.clone();
    tera.register_function("load_data", move |args: &HashMap<String, Json>| {
        let path = string_arg(args, "load_data", "path")?;
        match functions::read(&l).data(&path) {
            Ok(v) => Ok(json(v)),
            Err(_) if !bool_arg(args, "required", true) => Ok(Json::Null),
            Err(e) => Err(fail(e)),
        }
    });
    let l = lookup.clone();
    tera.register_function("resize_image", move |args: &HashMap<String, Json>| {
        let size = |name: &str| {
            args.get(name)
                .and_then(Json::as_f64)
                .map(|n| n.clamp(0.0, f64::from(u32::MAX)) as u32)
        };
        let text = |name: &str, default: &str| {
            args.get(name)
                .and_then(Json::as_str)
                .unwrap_or(default)
                .to_string()
        };
        let resize = Resize {
            path: string_arg(args, "resize_image", "path")?,
            width: size("width"),
            height: size("height"),
            op: text("op", "fill"),
            format: text("format", "auto"),
            quality: size("quality").map(|q| q.min(255) as u8),
        };
        let resized = functions::read(&l).resize_image(&resize).map_err(fail)?;
        serde_json::to_value(resized).map_err(|e| fail(e.to_string()))
    });
    let l = lookup.clone();
    tera.register_function("get_image_metadata", move |args: &HashMap<String, Json>| {
        let path = string_arg(args, "get_image_metadata", "path")?;
        let metadata = functions::read(&l).image_metadata(&path).map_err(fail)?;
        serde_json::to_value(metadata).map_err(|e| fail(e.to_string()))
    });
    let l = lookup.clone();
    tera.register_function("trans", move |args: &HashMap<String, Json>| {
        let key = string_arg(args, "trans", "key")?;
        let lang = args.get("lang").and_then(Json::as_str);
        functions::read(&l)
            .trans(&key, lang)
            .map(Json::String)
            .map_err(fail)
    });
    let l = lookup;
    let get_hash = move |args: &HashMap<String, Json>| {
        let sha = args.get("sha_type").and_then(Json::as_u64).unwrap_or(384);
        let text = |name: &str| args.get(name).and_then(Json::as_str);
        functions::read(&l)
            .hash(
                text("path"),
                text("literal"),
                sha,
                bool_arg(args, "base64", true),
            )
            .map(Json::String)
            .map_err(fail)
    };
    // `get_file_hash` is its name before Zola 0.15.
    tera.register_function("get_file_hash", get_hash.clone());
    tera.register_function("get_hash", get_hash);
    register_filters(tera);
}

/// Zola's filters beside Tera 1's own (see `zola_filters`).
fn register_filters(tera: &mut Tera) {
    fn text<'a>(filter: &str, value: &'a Json) -> tera1::Result<&'a str> {
        value
            .as_str()
            .ok_or_else(|| fail(format!("{filter}: expects a string, got {value}")))
    }
    tera.register_filter("markdown", |value: &Json, args: &HashMap<String, Json>| {
        let inline = bool_arg(args, "inline", false);
        Ok(Json::String(zola_filters::markdown(
            text("markdown", value)?,
            inline,
        )))
    });
    tera.register_filter(
        "base64_encode",
        |value: &Json, _: &HashMap<String, Json>| {
            Ok(Json::String(zola_filters::base64_encode(text(
                "base64_encode",
                value,
            )?)))
        },
    );
    tera.register_filter(
        "base64_decode",
        |value: &Json, _: &HashMap<String, Json>| {
            zola_filters::base64_decode(text("base64_decode", value)?)
                .map(Json::String)
                .map_err(fail)
        },
    );
    tera.register_filter(
        "regex_replace",
        |value: &Json, args: &HashMap<String, Json>| {
            let pattern = string_arg(args, "regex_replace", "pattern")?;
            let rep = string_arg(args, "regex_replace", "rep")?;
            zola_filters::regex_replace(text("regex_replace", value)?, &pattern, &rep)
                .map(Json::String)
                .map_err(fail)
        },
    );
    tera.register_filter("num_format", |value: &Json, _: &HashMap<String, Json>| {
        let n = value
            .as_i64()
            .ok_or_else(|| fail(format!("num_format: expects an integer, got {value}")))?;
        Ok(Json::String(zola_filters::num_format(n)))
    });
}

/// Where Zola's file functions (`get_hash`, `get_url(cachebust)`) find `path`: the site's
/// folder, then `static/`, `content/`, the theme's `static/` (`@/` means `content/`). Only
/// inside the site: a path that leaves it is an error.
pub fn find_site_file(root: &Path, theme: Option<&str>, path: &str) -> Result<PathBuf, String> {
    let relative = match path.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => path.trim_start_matches('/').to_string(),
    };
    let rel = Path::new(&relative);
    if rel
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(format!(
            "`{path}` leaves the site: give a path inside it, e.g. static/style.css"
        ));
    }
    let mut dirs = vec![
        root.to_path_buf(),
        root.join("static"),
        root.join("content"),
    ];
    if let Some(theme) = theme {
        dirs.push(root.join("themes").join(theme).join("static"));
    }
    let site = root.canonicalize().map_err(|e| e.to_string())?;
    for dir in dirs {
        let candidate = dir.join(rel);
        if candidate.is_file() {
            // A symbolic link may still point out of the site.
            let real = candidate.canonicalize().map_err(|e| e.to_string())?;
            if !real.starts_with(&site) {
                return Err(format!("`{path}` is a link to a file outside the site"));
            }
            functions::record(Read::File(real.to_string_lossy().into_owned()));
            return Ok(real);
        }
    }
    Err(format!(
        "no file `{path}` in the site, its static/ or content/ folders, or its theme's static/"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(templates: &[(&str, &str)], name: &str) -> Result<String, String> {
        let t = Tera1::compile(
            templates,
            SharedLookup::default(),
            &tera::Value::from_serializable(&serde_json::json!({"title": "T"})),
        )
        .map_err(|e| e.to_string())?;
        t.render(name, &Context::new())
            .map_err(|e| match explain(&e) {
                Explained::In { message, .. } | Explained::At { message, .. } => message,
            })
    }

    #[test]
    fn zolas_templates_render_with_macros_and_zolas_filters() {
        let out = render(
            &[
                ("macros.html", "{% macro twice(s) %}{{ s }}-{{ s }}{% endmacro twice %}"),
                (
                    "page.html",
                    r##"{% import "macros.html" as m %}{{ m::twice(s="hey") }} {{ config.title }} {{ "a1b22" | regex_replace(pattern="[0-9]+", rep="#") }} {{ 1234567 | num_format }} {{ "hi" | base64_encode }} {{ "*x*" | markdown(inline=true) | safe }}{% set s = "abc" %}{% if s is matching("^a") %} yes{% endif %}"##,
                ),
            ],
            "page.html",
        )
        .unwrap();
        assert_eq!(out, "hey-hey T a#b# 1,234,567 aGk= <em>x</em> yes");
    }

    #[test]
    fn a_missing_variable_names_it() {
        let e = render(&[("page.html", "{{ nothing.here }}")], "page.html").unwrap_err();
        assert!(e.contains("nothing.here"), "{e}");
    }

    #[test]
    fn a_syntax_error_has_its_place() {
        let t = Tera1::compile(
            &[("page.html", "line one\n{% if %}")],
            SharedLookup::default(),
            &tera::Value::from_serializable(&serde_json::json!({})),
        );
        let Err(e) = t else { panic!("compiled") };
        match explain(&e) {
            Explained::At { template, line, .. } => {
                assert_eq!(template, "page.html");
                assert_eq!(line, 2);
            }
            Explained::In { message, .. } => panic!("no place: {message}"),
        }
    }

    #[test]
    fn site_files_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static/js")).unwrap();
        std::fs::write(dir.path().join("static/js/a.js"), "x").unwrap();
        assert!(find_site_file(dir.path(), None, "js/a.js").is_ok());
        assert!(find_site_file(dir.path(), None, "/static/js/a.js").is_ok());
        assert!(find_site_file(dir.path(), None, "../etc/passwd").is_err());
        assert!(find_site_file(dir.path(), None, "js/none.js").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("static/out")).unwrap();
            assert!(find_site_file(dir.path(), None, "out").is_err());
        }
    }
}
