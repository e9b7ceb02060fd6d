//! The site's languages (Zola's `[languages]`): which language each page is in, the sections
//! each language has, and where its URLs go. A page `blog/post.fr.md` is the French version
//! of `blog/post.md`, at `/fr/blog/post/`, in the section of `blog/_index.fr.md`. Each other
//! language has a home section (`/fr/`) even without an `_index.fr.md`, as in Zola, and a
//! section for each folder where it has pages.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::content::{PageFile, SectionFile};
use crate::error::Error;

/// A page file with its language and the name its slug comes from (without the language).
pub(super) struct PageInLanguage {
    pub file: PageFile,
    pub lang: String,
    pub stem: String,
}

/// The language of each page, and the sections of the other languages (those written, and
/// those the pages need). A file in a language the config does not list is an error.
pub(super) fn resolve(
    config: &Config,
    pages: Vec<PageFile>,
    default_sections: &mut BTreeMap<String, SectionFile>,
    translated: BTreeMap<String, SectionFile>,
) -> Result<(Vec<PageInLanguage>, Vec<SectionFile>), Vec<Error>> {
    let mut errors = Vec::new();
    let mut files = Vec::with_capacity(pages.len());
    for file in pages {
        match language_of(config, &file) {
            Ok((stem, lang)) => files.push(PageInLanguage {
                stem: stem.to_string(),
                lang: lang.to_string(),
                file,
            }),
            Err(lang) => errors.push(unknown_language(config, &file.display_path, &lang)),
        }
    }
    let mut sections: BTreeMap<(String, String), SectionFile> = BTreeMap::new();
    for section in translated.into_values() {
        let lang = section.lang.clone().unwrap_or_default();
        if lang == config.default_language {
            // `_index.en.md` on a site in English is its `_index.md`, as in Zola.
            let own = default_sections
                .get(&section.dir)
                .and_then(|s| s.index_relative.clone());
            match own {
                Some(other) => errors.push(
                    Error::in_file(
                        &section.display_path,
                        format!(
                            "`{lang}` is the default language, and the folder has {other} already"
                        ),
                    )
                    .with_hint("keep one of the two section indexes"),
                ),
                None => {
                    let dir = section.dir.clone();
                    default_sections.insert(
                        dir,
                        SectionFile {
                            lang: None,
                            ..section
                        },
                    );
                }
            }
        } else if !config.languages.contains_key(&lang) {
            errors.push(unknown_language(config, &section.display_path, &lang));
        } else {
            sections.insert((lang, section.dir.clone()), section);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Every other language's home, and a section for each folder with pages in it.
    let homes = (config.languages.keys())
        .filter(|l| **l != config.default_language)
        .map(|l| (l.clone(), String::new()));
    let folders = (files.iter())
        .filter(|p| p.lang != config.default_language)
        .map(|p| (p.lang.clone(), p.file.section.clone()));
    let needed: BTreeSet<(String, String)> = homes.chain(folders).collect();
    for (lang, dir) in needed {
        // Without an `_index.fr.md`, the folder's own settings (its sorting, templates,
        // pagination) hold in every language; not its words, nor its old URLs.
        let meta = match default_sections.get(&dir) {
            Some(s) => crate::content::SectionMeta {
                title: None,
                description: None,
                aliases: Vec::new(),
                ..s.meta.clone()
            },
            None => crate::content::SectionMeta::default(),
        };
        sections
            .entry((lang.clone(), dir.clone()))
            .or_insert_with(|| SectionFile {
                display_path: std::path::Path::new(crate::content::CONTENT_DIR).join(&dir),
                meta,
                dir,
                lang: Some(lang),
                ..SectionFile::default()
            });
    }
    Ok((files, sections.into_values().collect()))
}

/// The name without its language, and the language: `post.fr.md` is (`post`, `fr`) on a
/// site with `[languages.fr]` (and `v1.2/index.fr.md` is (`v1.2`, `fr`): a bundle's language
/// is its index file's); on a site without languages a dot is part of the name. `Err` holds a
/// language the site does not have.
fn language_of<'a>(config: &'a Config, file: &'a PageFile) -> Result<(&'a str, &'a str), String> {
    let default = config.default_language.as_str();
    let (stem, suffix) = (file.stem.as_str(), file.name_suffix.as_deref());
    let Some(lang) = suffix.filter(|_| !config.languages.is_empty()) else {
        return Ok((stem, default));
    };
    let name = stem
        .strip_suffix(lang)
        .and_then(|n| n.strip_suffix('.'))
        .unwrap_or(stem);
    if lang == default {
        return Ok((name, default));
    }
    match config.languages.get_key_value(lang) {
        Some((code, _)) => Ok((name, code.as_str())),
        None => Err(lang.to_string()),
    }
}

fn unknown_language(config: &Config, file: &std::path::Path, lang: &str) -> Error {
    let known: Vec<&str> = config.all_languages();
    let hint = match crate::error::nearest(lang, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "add a [languages.{lang}] table to config.toml, or rename the file (languages: {})",
            known.join(", ")
        ),
    };
    Error::in_file(
        file,
        format!("the file's language `{lang}` is not one of the site's languages"),
    )
    .with_hint(hint)
}

/// What the versions of one page in every language share: its file's path without the
/// language (`blog/post.fr.md` and `blog/post.md` are both `blog/post.md`, and so is
/// `blog/post.en.md` when `en` is the default language).
pub(super) fn translation_key(relative: &str, lang: &str) -> String {
    match relative.strip_suffix(&format!(".{lang}.md")) {
        Some(rest) => format!("{rest}.md"),
        None => relative.to_string(),
    }
}
