//! Zola's `ignored_content` and `ignored_static`: glob patterns of files a build leaves out.

use globset::{Glob, GlobSet, GlobSetBuilder};

/// A compiled list of glob patterns (`*.{graphml,xlsx}`, `temp.*`, `**/build_folder`), matched
/// against a file's path below its folder (`content/` or `static/`, with `/` between parts) and
/// against its file name alone, so `temp.*` leaves out `blog/temp.txt` as it does in Zola.
/// As in Zola, `*` also crosses `/`: `*/ignored.md` leaves out `ignored.md` in any subfolder.
#[derive(Debug, Clone, Default)]
pub struct PathGlobs {
    set: Option<GlobSet>,
}

impl PathGlobs {
    /// Compiles `patterns`; the error names the first pattern that is not a glob, and why.
    pub fn new(patterns: &[String]) -> Result<PathGlobs, String> {
        if patterns.is_empty() {
            return Ok(PathGlobs::default());
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let glob = Glob::new(pattern).map_err(|e| format!("`{pattern}` is not a glob: {e}"))?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| e.to_string())?;
        Ok(PathGlobs { set: Some(set) })
    }

    /// Whether the file or folder at `relative` (`blog/temp.txt`) is left out.
    pub fn matches(&self, relative: &str) -> bool {
        let Some(set) = &self.set else {
            return false;
        };
        let name = relative.rsplit('/').next().unwrap_or(relative);
        set.is_match(relative) || set.is_match(name)
    }

    /// Whether `relative` or a folder it is in is left out: what a walk that prunes left-out
    /// folders would never reach.
    pub fn covers(&self, relative: &str) -> bool {
        self.set.is_some()
            && relative
                .match_indices('/')
                .map(|(i, _)| &relative[..i])
                .chain([relative])
                .any(|prefix| self.matches(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(patterns: &[&str]) -> PathGlobs {
        PathGlobs::new(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn patterns_match_paths_and_file_names_as_in_zola() {
        let g = globs(&[
            "*/ignored.md",
            "*.{graphml,xlsx}",
            "temp.*",
            "**/build_folder",
        ]);
        for left_out in [
            "posts/ignored.md",
            "a/b/ignored.md",
            "data.xlsx",
            "blog/chart.graphml",
            "blog/temp.txt",
            "build_folder",
            "x/build_folder",
        ] {
            assert!(g.matches(left_out), "{left_out}");
        }
        for kept in [
            "ignored.md.bak",
            "posts/kept.md",
            "xlsx",
            "blog/attempt.txt",
            "build_folder2",
        ] {
            assert!(!g.matches(kept), "{kept}");
        }
        assert!(!PathGlobs::default().matches("anything"));
        assert!(g.covers("x/build_folder/deep/page.md"));
        assert!(!g.covers("x/kept/page.md"));
    }

    #[test]
    fn a_broken_pattern_is_named() {
        let err = PathGlobs::new(&["a[".to_string()]).unwrap_err();
        assert!(err.contains("`a[`"), "{err}");
    }
}
