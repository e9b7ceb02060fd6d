//! Changed content files taken into the last loaded content, so an edit does not walk the
//! whole `content/` folder again.

use std::path::{Path, PathBuf};

use crate::config::PathGlobs;
use crate::content::{self, Asset, CONTENT_DIR, Content};
use crate::error::Errors;

/// Takes in the content files among `changed`: edited, added or removed pages and assets,
/// edited section indexes. Returns false when a change needs a full walk instead (any
/// directory or symlink, a section index or bundle `index.md` coming or going, a raw source
/// appearing or vanishing, a file where a directory was): the caller then loads from scratch.
/// The result is what `content::load` would give, in the same order.
pub fn refresh(
    content: &mut Content,
    root: &Path,
    changed: &[PathBuf],
    drafts: bool,
    raw_dirs: &[String],
    ignored: &PathGlobs,
) -> Result<bool, Errors> {
    // A rename that only changes case names one file twice on some file systems.
    let mut lower: Vec<String> = changed
        .iter()
        .map(|p| p.to_string_lossy().to_lowercase())
        .collect();
    lower.sort();
    if lower.windows(2).any(|w| w[0] == w[1]) {
        return Ok(false);
    }
    let content_dir = root.join(CONTENT_DIR);
    let change = Change {
        root,
        drafts,
        raw_dirs,
    };
    for path in changed {
        if !path.starts_with(&content_dir) {
            continue;
        }
        let relative = content::relative_slash(&content_dir, path);
        if relative.split('/').any(content::is_ignored) || ignored.covers(&relative) {
            continue; // never content (see `content::load`)
        }
        if !change.take_in(content, path, relative)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// What every changed path is taken in with.
struct Change<'a> {
    root: &'a Path,
    drafts: bool,
    raw_dirs: &'a [String],
}

impl Change<'_> {
    /// Takes one changed file into `content`; false when the change needs a full walk.
    fn take_in(
        &self,
        content: &mut Content,
        path: &Path,
        relative: String,
    ) -> Result<bool, Errors> {
        let name = relative
            .rsplit_once('/')
            .map_or(relative.as_str(), |(_, n)| n);
        // A symlink is for the walk to judge (see `content::load`): it may be followed or
        // refused.
        let meta = std::fs::symlink_metadata(path).ok();
        let is_dir_or_link = meta
            .as_ref()
            .is_some_and(|m| m.is_dir() || m.file_type().is_symlink());
        let page = content.pages.iter().position(|p| p.relative == relative);
        // Directories (their files may have come or gone unreported), bundles forming or
        // breaking up (a draft's `index.md` too), links: walk again. A published bundle page
        // edited in place is fine.
        let bundle_page = content::bundle_of(&relative).is_some();
        let bundle_edit = bundle_page && page.is_some() && meta.is_some();
        // A translated section (`_index.fr.md`) comes, goes or changes: walk again.
        let translated_index = matches!(content::section_index_language(name), Some(Some(_)));
        if is_dir_or_link || (bundle_page && !bundle_edit) || translated_index {
            return Ok(false);
        }
        let asset = content.assets.iter().position(|a| a.relative == relative);
        let section_index = content
            .sections
            .values()
            .find(|s| s.index_relative.as_deref() == Some(relative.as_str()))
            .map(|s| s.dir.clone());
        if meta.is_none() {
            return Ok(vanished(
                content,
                &relative,
                page,
                asset,
                section_index.is_some(),
            ));
        }
        let raw = content.raw.iter().any(|r| r.relative == relative);
        if raw || asset.is_some() {
            // Raw sources are read again by every build, assets copied again.
            Ok(true)
        } else if let Some(dir) = section_index {
            let section = content::parse_section(self.root, path.to_path_buf(), relative)
                .map_err(|e| Errors(vec![e]))?;
            if section.meta.draft && !self.drafts {
                return Ok(false); // the section and all it holds leave: `load` does that
            }
            content.sections.insert(dir, section);
            Ok(true)
        } else if let Some(i) = page {
            self.edited_page(content, path, relative, i, bundle_edit)
        } else {
            self.added(content, path, relative)
        }
    }

    /// A page read again: replaced, or gone if it became a draft.
    fn edited_page(
        &self,
        content: &mut Content,
        path: &Path,
        relative: String,
        i: usize,
        bundle: bool,
    ) -> Result<bool, Errors> {
        let parsed = content::load_page(self.root, path, &relative).map_err(|e| Errors(vec![e]))?;
        if self.drafts || !parsed.meta.draft {
            content.pages[i] = parsed;
        } else if bundle {
            return Ok(false); // a draft bundle is still a bundle: let `load` decide
        } else {
            content.pages.remove(i);
        }
        Ok(true)
    }

    /// A file that was not content before: a page or an asset in an existing section.
    fn added(&self, content: &mut Content, path: &Path, relative: String) -> Result<bool, Errors> {
        let (dir, name) = relative.rsplit_once('/').unwrap_or(("", &relative));
        if content::is_raw(&relative, self.raw_dirs)
            || name == "_index.md"
            || !(content.sections.contains_key(dir) || content.is_bundle(dir))
            // A file where a directory was.
            || content.has_at_or_under(&relative)
        {
            return Ok(false);
        }
        if relative.ends_with(".md") {
            if content.is_bundle(dir) {
                return Ok(false); // markdown inside a bundle: `load` explains the error
            }
            let parsed =
                content::load_page(self.root, path, &relative).map_err(|e| Errors(vec![e]))?;
            if self.drafts || !parsed.meta.draft {
                let at = content.pages.partition_point(|p| {
                    content::walk_order(&p.relative, &parsed.relative).is_lt()
                });
                content.pages.insert(at, parsed);
            }
        } else {
            let at = content
                .assets
                .partition_point(|a| content::walk_order(&a.relative, &relative).is_lt());
            let source = path.to_path_buf();
            content.assets.insert(at, Asset { source, relative });
        }
        Ok(true)
    }
}

/// A file that is gone: a page or asset removed, or a walk asked for when it held more.
fn vanished(
    content: &mut Content,
    relative: &str,
    page: Option<usize>,
    asset: Option<usize>,
    section_index: bool,
) -> bool {
    match (page, asset) {
        (Some(i), _) => {
            content.pages.remove(i);
        }
        (_, Some(i)) => {
            content.assets.remove(i);
        }
        _ if section_index || content.has_at_or_under(relative) => return false,
        _ => {} // an editor's temporary file, never loaded
    }
    true
}

#[cfg(test)]
mod tests;
