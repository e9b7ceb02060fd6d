//! Sass: the `.scss` and `.sass` files of the theme's `sass/` (always, as in Zola) and of the
//! site's `sass/` (with `compile_sass = true`) compiled to CSS at the same relative path
//! (`sass/nested/style.scss` becomes `nested/style.css`), compressed, as Zola writes them.
//!
//! Files and folders whose name starts with `_` are partials: other files import them, they are
//! never written. A site file wins over a theme file of the same output path, and a static file
//! over both (Zola copies `static/` last). Imports are read through [`SiteFs`], which sees no
//! file outside the site, and compiler errors become errors at file:line:col.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::walk::files as files_under;
use crate::error::{Error, Errors};

/// One compiled stylesheet.
#[derive(Debug, Clone)]
pub struct Stylesheet {
    /// Output path, `/`-separated: `nested/style.css`.
    pub path: String,
    /// The Sass file it was compiled from.
    pub source: PathBuf,
    /// The CSS.
    pub css: Vec<u8>,
}

/// The folders Sass is compiled from, the theme's first (so the site's wins on one output
/// path). Only those that exist.
pub fn dirs(root: &Path, config: &Config) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(theme) = &config.theme {
        dirs.push(root.join("themes").join(theme).join("sass"));
    }
    if config.compile_sass {
        dirs.push(root.join("sass"));
    }
    dirs.retain(|d| d.is_dir());
    dirs
}

/// Compiles every stylesheet of [`dirs`], sorted by output path. Every error comes at once:
/// each file that does not compile, and two files of one folder that would write one CSS file.
pub fn compile(root: &Path, config: &Config) -> Result<Vec<Stylesheet>, Errors> {
    let mut errors = Vec::new();
    let mut sources: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in dirs(root, config) {
        let mut here: BTreeMap<String, PathBuf> = BTreeMap::new();
        let (found, refused) = files_under(root, &dir, is_partial);
        errors.extend(refused);
        for (key, file) in found {
            let Some(path) = css_path(&key) else {
                continue;
            };
            if let Some(other) = here.insert(path.clone(), file.clone()) {
                errors.push(
                    Error::in_file(
                        crate::content::display(root, &file),
                        format!(
                            "this file and {} both compile to {path}",
                            crate::content::display(root, &other).display()
                        ),
                    )
                    .with_hint("rename or remove one of them"),
                );
            }
        }
        sources.extend(here);
    }
    let fs = SiteFs::new(root);
    let compiled: Vec<Result<Stylesheet, Error>> = sources
        .into_par_iter()
        .map(|(path, source)| {
            compile_one(root, &fs, &source).map(|css| Stylesheet { path, source, css })
        })
        .collect();
    let mut sheets = Vec::with_capacity(compiled.len());
    for result in compiled {
        match result {
            Ok(sheet) => sheets.push(sheet),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(sheets)
    } else {
        Err(Errors(errors))
    }
}

/// Whether a walked entry is a partial (or in a partial folder): never compiled on its own.
fn is_partial(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('_')
}

/// The CSS path a Sass file compiles to, from its key below its folder (`a/b.scss` is
/// `a/b.css`); `None` for other files.
fn css_path(key: &str) -> Option<String> {
    let stem = key
        .strip_suffix(".scss")
        .or_else(|| key.strip_suffix(".sass"))
        .filter(|stem| !stem.is_empty() && !stem.ends_with('/'))?;
    Some(format!("{stem}.css"))
}

/// Compiles one file; an error points at the file, line and column grass reports (which may
/// be an imported file).
fn compile_one(root: &Path, fs: &SiteFs, source: &Path) -> Result<Vec<u8>, Error> {
    let indented = source.extension().is_some_and(|e| e == "sass");
    let options = grass::Options::default()
        .fs(fs)
        .style(grass::OutputStyle::Compressed)
        .input_syntax(if indented {
            grass::InputSyntax::Sass
        } else {
            grass::InputSyntax::Scss
        });
    let shown = crate::content::display(root, source);
    grass::from_path(source, &options)
        .map(String::into_bytes)
        .map_err(|e| {
            let shown_error = e.to_string();
            match e.kind() {
                grass::ErrorKind::ParseError { message, loc, .. } => {
                    let file = crate::content::display(root, Path::new(loc.file.name()));
                    Error::at(file, loc.begin.line + 1, loc.begin.column + 1, message).with_hint(
                        format!(
                            "fix the Sass there (compiling {}); imports are looked up beside the \
                         importing file, inside the site only",
                            shown.display()
                        ),
                    )
                }
                grass::ErrorKind::IoError(io) => Error::io(&shown, "read the Sass file", &io),
                _ => Error::in_file(&shown, format!("Sass could not compile it: {shown_error}")),
            }
        })
}

/// What grass may read: files inside the site only, whatever an `@import`, `@use` or
/// `@forward` names (`../../../etc/passwd` or a link out of the site are not there for it).
#[derive(Debug)]
struct SiteFs {
    /// The site root, resolved.
    root: PathBuf,
}

impl SiteFs {
    fn new(root: &Path) -> SiteFs {
        SiteFs {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    fn inside(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|p| p.starts_with(&self.root))
    }
}

impl grass::Fs for SiteFs {
    fn is_dir(&self, path: &Path) -> bool {
        self.inside(path) && path.is_dir()
    }

    fn is_file(&self, path: &Path) -> bool {
        self.inside(path) && path.is_file()
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if !self.inside(path) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the file is outside the site",
            ));
        }
        std::fs::read(path)
    }

    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        path.canonicalize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn config(theme: Option<&str>, compile_sass: bool) -> Config {
        let mut text = String::from("base_url = \"https://e.org\"\n");
        if let Some(theme) = theme {
            text.push_str(&format!("theme = \"{theme}\"\n"));
        }
        text.push_str(&format!("compile_sass = {compile_sass}\n"));
        Config::parse(&text, Path::new("config.toml")).unwrap()
    }

    #[test]
    fn both_syntaxes_compile_partials_are_imported_and_never_written() {
        let dir = site(&[
            ("sass/_vars.scss", "$c: #123456;"),
            ("sass/style.scss", "@import 'vars';\na { b { color: $c; } }"),
            ("sass/nested/plain.sass", "p\n  margin: 0\n"),
            ("sass/_partials/x.scss", "broken {"),
            ("themes/t/sass/theme.scss", "t { u: v }"),
            ("themes/t/sass/style.scss", "from-theme { x: y }"),
        ]);
        let sheets = compile(dir.path(), &config(Some("t"), true)).unwrap();
        let got: Vec<(&str, String)> = sheets
            .iter()
            .map(|s| {
                (
                    s.path.as_str(),
                    String::from_utf8_lossy(&s.css).into_owned(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("nested/plain.css", "p{margin:0}".to_string()),
                ("style.css", "a b{color:#123456}".to_string()),
                ("theme.css", "t{u:v}".to_string()),
            ]
        );
    }

    #[test]
    fn the_sites_sass_needs_compile_sass_the_themes_does_not() {
        let dir = site(&[
            ("sass/style.scss", "a { b: c }"),
            ("themes/t/sass/theme.scss", "t { u: v }"),
        ]);
        let sheets = compile(dir.path(), &config(Some("t"), false)).unwrap();
        let paths: Vec<&str> = sheets.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, ["theme.css"]);
    }

    #[test]
    fn an_error_names_the_file_line_and_column_and_a_clash_both_files() {
        let dir = site(&[
            ("sass/ok.scss", "a { b: c }"),
            ("sass/bad.scss", "a {\n  color: $missing;\n}\n"),
            ("sass/same.scss", "a { b: c }"),
            ("sass/same.sass", "a\n  b: c\n"),
        ]);
        let errors = compile(dir.path(), &config(None, true)).unwrap_err();
        let shown: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown.iter().any(|e| e.contains("sass/same.sass")
                && e.contains("sass/same.scss")
                && e.contains("both compile to same.css")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.contains("sass/bad.scss:2:10") && e.contains("Undefined variable")),
            "{shown:?}"
        );
    }

    #[test]
    fn imports_cannot_read_outside_the_site() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.scss"), "secret { x: y }").unwrap();
        let escape = format!("{}/secret", outside.path().display());
        let dir = site(&[("sass/style.scss", &format!("@import '{escape}';"))]);
        let errors = compile(dir.path(), &config(None, true)).unwrap_err();
        let shown = errors.0[0].to_string();
        assert!(shown.contains("sass/style.scss:1:"), "{shown}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path(), dir.path().join("sass/link")).unwrap();
            std::fs::write(dir.path().join("sass/style.scss"), "@import 'link/secret';").unwrap();
            let errors = compile(dir.path(), &config(None, true)).unwrap_err();
            assert!(
                errors.0.iter().all(|e| !e.to_string().contains("secret{")),
                "{errors:?}"
            );
        }
    }
}
