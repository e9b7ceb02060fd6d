//! `gazette init`: a new site that builds as it is, with the default theme copied in so the
//! author can read and change every template.

use std::path::Path;

use crate::error::{Error, Result};

/// The default theme, embedded so `init` works from an installed binary.
const THEME: &[(&str, &str)] = &[
    (
        "themes/gazette/static/elasticlunr.min.js",
        include_str!("../themes/gazette/static/elasticlunr.min.js"),
    ),
    (
        "themes/gazette/static/filter.js",
        include_str!("../themes/gazette/static/filter.js"),
    ),
    (
        "themes/gazette/static/search.js",
        include_str!("../themes/gazette/static/search.js"),
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
        "themes/gazette/templates/companies/list.html",
        include_str!("../themes/gazette/templates/companies/list.html"),
    ),
    (
        "themes/gazette/templates/companies/single.html",
        include_str!("../themes/gazette/templates/companies/single.html"),
    ),
    (
        "themes/gazette/templates/comparisons/list.html",
        include_str!("../themes/gazette/templates/comparisons/list.html"),
    ),
    (
        "themes/gazette/templates/comparisons/single.html",
        include_str!("../themes/gazette/templates/comparisons/single.html"),
    ),
    (
        "themes/gazette/templates/components.html",
        include_str!("../themes/gazette/templates/components.html"),
    ),
    (
        "themes/gazette/templates/domains/list.html",
        include_str!("../themes/gazette/templates/domains/list.html"),
    ),
    (
        "themes/gazette/templates/domains/single.html",
        include_str!("../themes/gazette/templates/domains/single.html"),
    ),
    (
        "themes/gazette/templates/home.html",
        include_str!("../themes/gazette/templates/home.html"),
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
        "themes/gazette/templates/search.html",
        include_str!("../themes/gazette/templates/search.html"),
    ),
    (
        "themes/gazette/templates/section.html",
        include_str!("../themes/gazette/templates/section.html"),
    ),
    (
        "themes/gazette/templates/source.html",
        include_str!("../themes/gazette/templates/source.html"),
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
description = "A site built with Gazette."
theme = "gazette"
generate_feeds = true
taxonomies = [
  { name = "tags", feed = true },
]

[markdown]
highlight_code = true

[extra]
"#;

const HOME: &str = r#"+++
title = "Welcome"
+++
This is your new site. Edit `content/_index.md` to change this text, and add pages under
`content/blog/`.
"#;

const BLOG: &str = r#"+++
title = "Blog"
description = "Notes and articles."
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
Gazette turned this markdown into a page.

<!-- more -->

## Code

```rust
fn main() {
    println!("highlighted at build time");
}
```

Link to another page with its content path: [the blog](@/blog/_index.md).
"#;

/// Creates a site in `dir`. Refuses to overwrite any existing file. Returns how many files it
/// wrote.
pub fn scaffold(dir: &Path) -> Result<usize> {
    let mut files: Vec<(&str, &str)> = vec![
        ("config.toml", CONFIG),
        ("content/_index.md", HOME),
        ("content/blog/_index.md", BLOG),
        ("content/blog/hello-gazette.md", FIRST_POST),
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
    /// Every file of the theme is embedded, so an initialized site gets the whole theme.
    #[test]
    fn the_embedded_theme_is_complete() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let on_disk: Vec<String> = walkdir::WalkDir::new(root.join("themes/gazette"))
            .sort_by_file_name()
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
            .collect();
        let mut embedded: Vec<String> = super::THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(embedded, on_disk, "update THEME in src/init.rs");
    }
}
