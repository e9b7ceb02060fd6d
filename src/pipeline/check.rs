//! `gazette check`: the whole pipeline into memory, then every link of the rendered pages
//! checked ([`crate::output::links`]) and, on request, every link to another site fetched
//! ([`crate::output::external`]). Each broken link becomes one error at the place to fix it:
//! the content file's line and column when it writes the link, else a page that shows it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::{BuildOptions, BuildReport, load_config, run_with};
use crate::config::LinkLevel;
use crate::error::{Error, Errors};
use crate::incremental::Caches;
use crate::output::external::{self, Outcome};
use crate::output::links::{self, CheckSink};
use crate::render;

/// `gazette check`: runs the whole pipeline without writing and returns every broken link or
/// anchor (an empty list means the site is fine); with `external`, links to other sites too.
/// Links at `"warn"` level (`[link_checker]`) go to the report's warnings instead.
pub fn check(options: &BuildOptions, external: bool) -> Result<(BuildReport, Vec<Error>), Errors> {
    let mut config = load_config(options)?;
    // Links are checked as written, so each broken one can be found in its content file:
    // `relative_urls` would have rewritten `/blog/nope/` into `../blog/nope/index.html`.
    config.relative_urls = false;
    let base_url = config.base_url.clone();
    let checker = config.link_checker.clone();
    let sink = CheckSink::default();
    let mut caches = Caches::default();
    let (report, mut broken) = run_with(options, config, &sink, false, Some(&mut caches))?;
    let documents: Vec<(&String, &Path, &crate::markdown::Rendered)> = caches
        .site()
        .into_iter()
        .flat_map(|site| {
            let pages = (site.pages.iter()).map(|p| (&p.path, &p.file.display_path, &p.rendered));
            let sections =
                (site.sections.iter()).map(|s| (&s.path, &s.file.display_path, &s.rendered));
            pages.chain(sections)
        })
        .map(|(url, file, rendered)| (url, file.as_path(), rendered.as_ref()))
        .collect();
    let origins: HashMap<String, &Path> = documents
        .iter()
        .map(|(url, file, _)| (render::output_file(url), *file))
        .collect();
    // An `@/` link with a broken anchor was reported above, at its position: not again here.
    let reported: HashSet<String> = documents
        .iter()
        .flat_map(|(_, _, rendered)| &rendered.internal_links)
        .filter_map(|l| Some(format!("{}#{}", l.permalink.as_ref()?, l.anchor.as_ref()?)))
        .collect();
    let scan = links::scan_site(sink, &base_url);
    let skip_anchor = |url: &str| {
        url.contains('#')
            && checker
                .skip_anchor_prefixes
                .iter()
                .any(|p| url.starts_with(p))
    };
    let rendered_links: Vec<links::BrokenLink> = scan
        .broken
        .into_iter()
        .filter(|l| !reported.contains(&l.url))
        .filter(|l| !l.anchor_missing || !skip_anchor(&l.url))
        .collect();
    broken.extend(link_errors(&rendered_links, &origins, &options.root));
    let mut external_broken = Vec::new();
    if external {
        external_broken = external_errors(&scan.external, &checker, &origins, &options.root);
    }
    // `"warn"` levels print the broken links of their kind and let the check pass.
    let mut report = report;
    for (level, errors) in [
        (checker.internal_level, &mut broken),
        (checker.external_level, &mut external_broken),
    ] {
        if level == LinkLevel::Warn {
            report.warnings.append(errors);
        }
    }
    broken.append(&mut external_broken);
    broken.sort_by(|a, b| {
        let key = |e: &Error| {
            e.location
                .as_ref()
                .map(|l| (l.path.clone(), l.line, l.column))
        };
        // Errors without a file (template links) come last.
        (key(a).is_none(), key(a), &a.message).cmp(&(key(b).is_none(), key(b), &b.message))
    });
    Ok((report, broken))
}

/// One error per external link that does not work, at its first position in a content file
/// when it is written in one, else naming a page that shows it.
fn external_errors(
    found: &[links::ExternalLink],
    checker: &crate::config::LinkCheckerConfig,
    origins: &HashMap<String, &Path>,
    root: &Path,
) -> Vec<Error> {
    let urls: Vec<String> = found.iter().map(|l| l.url.clone()).collect();
    let report = external::check(&urls, checker, &external::cache_path(root));
    let mut errors = Vec::new();
    for (url, outcome) in &report.outcomes {
        let problem = match outcome {
            Outcome::Ok => continue,
            Outcome::Status(s) => format!("the server answered {s}"),
            Outcome::Failed(e) => format!("no answer ({e})"),
        };
        let on: Vec<&links::ExternalLink> = found.iter().filter(|l| &l.url == url).collect();
        let Some(first) = on.first() else { continue };
        let message = format!("external link `{}`: {problem}", first.written);
        let written = on.iter().find_map(|l| {
            let (file, line, column) = written_at(origins, root, &l.page, &l.written)?;
            Some(Error::at(file, line, column, message.clone()))
        });
        let more = match on.len() {
            1 => String::new(),
            n => format!(" (linked from {n} places)"),
        };
        errors.push(
            written
                .unwrap_or_else(|| {
                    Error::new(format!("{message} on {} (line {})", first.page, first.line))
                })
                .with_hint(format!(
                    "fix or remove the link{more}, or add its prefix to `skip_prefixes` in `[link_checker]`"
                )),
        );
    }
    errors
}

/// One error per broken link written in a content file, at its line and column there; one per
/// broken link a template writes (it is the same on every page that shows it), naming a page.
fn link_errors(
    broken: &[links::BrokenLink],
    origins: &HashMap<String, &Path>,
    root: &Path,
) -> Vec<Error> {
    let mut errors = Vec::new();
    let mut from_templates: BTreeMap<(&str, &str), Vec<&links::BrokenLink>> = BTreeMap::new();
    for link in broken {
        let written =
            written_at(origins, root, &link.page, &link.url).map(|(file, line, column)| {
                let error = Error::at(
                    file,
                    line,
                    column,
                    format!("broken link `{}`: {}", link.url, link.problem),
                );
                match &link.nearest {
                    Some(near) => error.with_hint(format!("did you mean `{near}`?")),
                    None => error.with_hint("fix the link, or publish something at that path"),
                }
            });
        match written {
            Some(e) => errors.push(e),
            None => from_templates
                .entry((link.url.as_str(), link.problem.as_str()))
                .or_default()
                .push(link),
        }
    }
    for ((url, problem), links) in from_templates {
        let first = links[0];
        let more = match links.len() {
            1 => String::new(),
            n => format!(" and {} other page{}", n - 1, if n == 2 { "" } else { "s" }),
        };
        errors.push(
            Error::new(format!(
                "broken link `{url}` on {} (line {}){more}: {problem}",
                first.page, first.line
            ))
            .with_hint("the link is not in a content file: it comes from a template, a shortcode or a raw source"),
        );
    }
    errors
}

/// Where the content file behind output `page` writes `url`: as a markdown link destination
/// (`](url`), an attribute value (`"url"`), or anywhere; `None` when no content file made the
/// page or it does not write the URL (a template did).
fn written_at<'a>(
    origins: &HashMap<String, &'a Path>,
    root: &Path,
    page: &str,
    url: &str,
) -> Option<(&'a Path, usize, usize)> {
    let file = *origins.get(page)?;
    let text = std::fs::read_to_string(root.join(file)).ok()?;
    let at = text
        .find(&format!("]({url}"))
        .map(|i| i + 2)
        .or_else(|| text.find(&format!("\"{url}\"")).map(|i| i + 1))
        .or_else(|| text.find(url))?;
    let (line, column) = crate::error::line_col(&text, at);
    Some((file, line, column))
}
