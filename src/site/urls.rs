//! Every URL path of the site, and the file each is written to, made here and nowhere else:
//! pages' aliases, section and taxonomy paths, term paths, pagers and the redirect from each
//! list's first pager. The site model stores the paths it computes with these; rendering and
//! the URL-collision check read them back.

use crate::config::SlugStrategy;

/// The path of the section in content folder `dir` (`blog/rust`): `/blog/rust/`; `/` for the
/// root. As in Zola, a folder name is kept as it is (`applying_page_template`, `Notes`); only
/// a name with characters that need escaping in a URL goes through `slugs`.
pub fn section_path(dir: &str, slugs: SlugStrategy) -> String {
    if dir.is_empty() {
        return "/".to_string();
    }
    let url_safe = |part: &str| {
        part.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
    };
    let parts: Vec<String> = dir
        .split('/')
        .map(|part| {
            if url_safe(part) {
                part.to_string()
            } else {
                slugs.path(part)
            }
        })
        .collect();
    format!("/{}/", parts.join("/"))
}

/// `path` (`/blog/`) in language `lang`: under `/<lang>` (`/fr/blog/`) for any language but
/// the site's default one.
pub fn in_language(default_language: &str, lang: &str, path: &str) -> String {
    if lang == default_language {
        path.to_string()
    } else {
        format!("/{lang}{path}")
    }
}

/// The path of a page: its front matter `path` when it has one, else its slug under its
/// section's path.
pub fn page_path(path: Option<&str>, section_path: &str, slug: &str) -> String {
    match path {
        Some(p) => normalize_path(p),
        None => format!("{section_path}{slug}/"),
    }
}

/// The URL segment of a taxonomy: its name's slug, as Zola makes it (`podcast_authors` is at
/// `/podcast-authors/`).
pub fn taxonomy_segment(name: &str, slugs: SlugStrategy) -> String {
    slugs.path(name)
}

/// The path of a taxonomy's list: `/tags/` (`segment` is [`taxonomy_segment`]).
pub fn taxonomy_path(segment: &str) -> String {
    format!("/{segment}/")
}

/// The path of a term's page: `/tags/rust/` (`segment` is [`taxonomy_segment`]).
pub fn term_path(segment: &str, slug: &str) -> String {
    term_path_under(&taxonomy_path(segment), slug)
}

/// The path of a term's page under its taxonomy's path (`/fr/tags/` gives `/fr/tags/rust/`).
pub fn term_path_under(taxonomy_path: &str, slug: &str) -> String {
    format!("{taxonomy_path}{slug}/")
}

/// How many pagers a list of `items` has with `per` items a pager (1 when not paginated).
pub fn pager_count(items: usize, per: Option<usize>) -> usize {
    match per {
        Some(n) if n > 0 => items.div_ceil(n).max(1),
        _ => 1,
    }
}

/// The URL of pager `n` (1-based) under `base`; pager 1 is `base` itself.
pub fn pager_path(base: &str, segment: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}{segment}/{n}/")
    }
}

/// The redirect from a paginated list's `page/1/` to the list itself.
pub fn first_pager_redirect(base: &str, segment: &str) -> String {
    format!("{base}{segment}/1/")
}

/// `about` or `/about` becomes `/about/`.
pub fn normalize_path(p: &str) -> String {
    let trimmed = p.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// An alias is a URL path; one ending in `.html` names a file, any other a directory.
pub fn normalize_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.ends_with(".html") {
        format!("/{trimmed}")
    } else {
        normalize_path(trimmed)
    }
}

/// The output file a URL path is written to: `/blog/post/` is `blog/post/index.html`,
/// `/old.html` is `old.html`.
pub fn output_file(url_path: &str) -> String {
    let p = url_path.trim_start_matches('/');
    if p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".txt") {
        p.to_string()
    } else {
        format!("{p}index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_folders_keep_their_names_unless_a_url_needs_escaping() {
        assert_eq!(
            section_path("applying_page_template/Notes", SlugStrategy::On),
            "/applying_page_template/Notes/"
        );
        assert_eq!(section_path("My Posts", SlugStrategy::On), "/my-posts/");
        assert_eq!(section_path("Été", SlugStrategy::Safe), "/Été/");
        assert_eq!(section_path("", SlugStrategy::On), "/");
    }

    #[test]
    fn paths_and_files() {
        assert_eq!(term_path("tags", "rust"), "/tags/rust/");
        assert_eq!(pager_path("/blog/", "page", 1), "/blog/");
        assert_eq!(pager_path("/blog/", "page", 3), "/blog/page/3/");
        assert_eq!(first_pager_redirect("/blog/", "p"), "/blog/p/1/");
        assert_eq!(normalize_alias("old.html"), "/old.html");
        assert_eq!(normalize_alias("/old/"), "/old/");
        assert_eq!(output_file("/blog/post/"), "blog/post/index.html");
        assert_eq!(output_file("/old.html"), "old.html");
        assert_eq!(pager_count(0, Some(10)), 1);
        assert_eq!(pager_count(21, Some(10)), 3);
    }
}
