//! `gazette init`: a new site that builds as it is and can be published as is: a blog and a
//! docs section, with the generic part of the default theme copied in so the author can read
//! and change every template. The knowledge-site templates (companies, domains, comparisons,
//! sources) and the search bundle stay with the bundled site: a blog does not use them.

use std::path::Path;

use crate::error::{Error, Result};

/// The generic part of the default theme, embedded so `init` works from an installed binary.
const THEME: &[(&str, &str)] = &[
    (
        "themes/gazette/static/favicon.svg",
        include_str!("../themes/gazette/static/favicon.svg"),
    ),
    (
        "themes/gazette/static/urls.js",
        include_str!("../themes/gazette/static/urls.js"),
    ),
    (
        "themes/gazette/static/style.css",
        include_str!("../themes/gazette/static/style.css"),
    ),
    (
        "themes/gazette/templates/404.html",
        include_str!("../themes/gazette/templates/404.html"),
    ),
    (
        "themes/gazette/templates/base.html",
        include_str!("../themes/gazette/templates/base.html"),
    ),
    (
        "themes/gazette/templates/components.html",
        include_str!("../themes/gazette/templates/components.html"),
    ),
    (
        "themes/gazette/templates/index.html",
        include_str!("../themes/gazette/templates/index.html"),
    ),
    (
        "themes/gazette/templates/page.html",
        include_str!("../themes/gazette/templates/page.html"),
    ),
    (
        "themes/gazette/templates/section.html",
        include_str!("../themes/gazette/templates/section.html"),
    ),
    (
        "themes/gazette/templates/taxonomy_list.html",
        include_str!("../themes/gazette/templates/taxonomy_list.html"),
    ),
    (
        "themes/gazette/templates/taxonomy_single.html",
        include_str!("../themes/gazette/templates/taxonomy_single.html"),
    ),
    (
        "themes/gazette/theme.toml",
        include_str!("../themes/gazette/theme.toml"),
    ),
];

const CONFIG: &str = r#"# Gazette site configuration. Every key is documented in Gazette's README.
title = "My Gazette site"
base_url = "https://example.org"
description = "Notes, articles and documentation."
theme = "gazette"
generate_feeds = true
# Relative links: public/ works from file://, any static server and base_url alike.
relative_urls = true
taxonomies = [
  { name = "tags", feed = true },
]

[markdown]
highlight_code = true

[extra]
# The main menu, after the taxonomies' lists.
nav = [
  { name = "Blog", path = "/blog/" },
  { name = "Docs", path = "/docs/" },
  { name = "About", path = "/about/" },
]
"#;

const HOME: &str = r#"+++
title = "Welcome"
+++
This is your new site. Edit `content/_index.md` to change this text, write posts in
`content/blog/` and documentation in `content/docs/`.
"#;

const BLOG: &str = r#"+++
title = "Blog"
description = "Notes and articles, newest first."
sort_by = "date"
paginate_by = 10
+++
"#;

const FIRST_POST: &str = r#"+++
title = "Hello, Gazette"
description = "The first post of a new site."
date = 2026-01-01
[taxonomies]
tags = ["meta"]
+++
Gazette turned this markdown into a page. Lists show this first paragraph: everything above
the `more` marker below is the summary.

<!-- more -->

## Code

```rust
fn main() {
    println!("highlighted at build time");
}
```

Link to another page with its content path: [the docs](@/docs/_index.md).
"#;

const SECOND_POST: &str = r#"+++
title = "Writing posts"
description = "Where posts go and what their front matter says."
date = 2026-01-08
[taxonomies]
tags = ["meta", "writing"]
+++
A post is a markdown file in `content/blog/` with a `+++` front matter block: `title`, `date`,
`description` and its tags.

<!-- more -->

Posts are listed newest first, ten to a page; each links to the one before and after it.
"#;

const DOCS: &str = r#"+++
title = "Docs"
description = "How this site is made, in order."
sort_by = "weight"
+++
"#;

const DOCS_START: &str = r#"+++
title = "Getting started"
weight = 1
+++
Build the site with `gazette build` and open `public/index.html`, or preview it with live
reload with `gazette serve`.
"#;

const DOCS_CHECK: &str = r#"+++
title = "Checking links"
weight = 2
+++
`gazette check` builds the site without writing it and lists every broken link and anchor,
with the file, line and column to fix.
"#;

const ABOUT: &str = r#"+++
title = "About"
+++
Who writes this site, and why. Edit `content/about.md`.
"#;

/// Creates a site in `dir`. Refuses to overwrite any existing file. Returns how many files it
/// wrote.
pub fn scaffold(dir: &Path) -> Result<usize> {
    let mut files: Vec<(&str, &str)> = vec![
        ("config.toml", CONFIG),
        ("content/_index.md", HOME),
        ("content/blog/_index.md", BLOG),
        ("content/blog/hello-gazette.md", FIRST_POST),
        ("content/blog/writing-posts.md", SECOND_POST),
        ("content/docs/_index.md", DOCS),
        ("content/docs/getting-started.md", DOCS_START),
        ("content/docs/checking-links.md", DOCS_CHECK),
        ("content/about.md", ABOUT),
        // What a build and `check --external` write: not sources.
        (".gitignore", "/public/\n/.gazette-cache/\n"),
    ];
    files.extend_from_slice(THEME);
    if let Some((existing, _)) = files.iter().find(|(p, _)| dir.join(p).exists()) {
        return Err(Error::in_file(
            dir.join(existing),
            "already exists; `gazette init` never overwrites files",
        )
        .with_hint("choose an empty directory: gazette init NEW_DIR"));
    }
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(parent, "create the directory", &e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, "write the file", &e))?;
    }
    for empty in ["static", "templates", "data"] {
        let path = dir.join(empty);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, "create the directory", &e))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    /// The generic part of the theme is embedded, file for file; the knowledge-site part
    /// (its templates and the search bundle) is not.
    #[test]
    fn the_starter_carries_the_generic_theme_only() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let knowledge = |p: &str| {
            ["companies/", "domains/", "comparisons/"]
                .iter()
                .any(|d| p.contains(&format!("templates/{d}")))
                || ["home.html", "search.html", "source.html", "evidence.html"]
                    .iter()
                    .any(|t| p.ends_with(&format!("templates/{t}")))
                || ["elasticlunr.min.js", "search.js", "filter.js"]
                    .iter()
                    .any(|f| p.ends_with(&format!("static/{f}")))
        };
        let mut generic: Vec<String> = walkdir::WalkDir::new(root.join("themes/gazette"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .filter(|p| !knowledge(p))
            .collect();
        generic.sort();
        let mut embedded: Vec<String> = super::THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, generic, "update THEME in src/init.rs");
    }
}
