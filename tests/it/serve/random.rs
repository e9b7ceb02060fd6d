//! Random edits, each rebuilt incrementally and compared with a fresh full build.

use super::*;

/// A small deterministic random generator (no dependency needed for a test).
pub(crate) struct Lcg(pub(crate) u64);
impl Lcg {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A build result in a line: the error, or how many files.
fn describe<T: std::ops::Deref<Target = gazette::serve::http::SiteFiles>>(
    result: &Result<T, String>,
) -> String {
    match result {
        Ok(files) => format!("succeeded with {} files", files.len()),
        Err(e) => format!("failed: {e}"),
    }
}

fn pages(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && !p.ends_with("_index.md")
                && !p.ends_with("index.md")
        })
        .collect();
    v.sort();
    v
}

/// Applies one random edit; returns the paths it touched.
// Longer than 80 lines on purpose: one arm per kind of edit, the whole repertoire in one place.
pub(crate) fn random_edit(root: &Path, rng: &mut Lcg, step: usize) -> Vec<PathBuf> {
    let first = root.join("content/blog/first.md");
    let text = std::fs::read_to_string(&first).unwrap();
    if text.contains("## Set up") {
        std::fs::write(&first, text.replace("## Set up", "## Setup")).unwrap();
        return vec![first];
    }
    let all = pages(root);
    let pick = |rng: &mut Lcg| all[rng.below(all.len())].clone();
    let edit = |path: &Path, f: &dyn Fn(String) -> String| {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, f(text)).unwrap();
    };
    match rng.below(20) {
        0 | 1 => {
            let p = pick(rng);
            edit(&p, &|t| format!("{t}\nEdited body {step}.\n"));
            vec![p]
        }
        2 => {
            let p = pick(rng);
            edit(&p, &|t| {
                t.replacen("title = \"", &format!("title = \"T{step} "), 1)
                    .replacen("title: \"", &format!("title: \"T{step} "), 1)
            });
            vec![p]
        }
        3 => {
            let p = pick(rng);
            let day = 1 + step % 27;
            edit(&p, &|t| {
                let re = regex::Regex::new(r"(?m)^date = .*$").unwrap();
                if re.is_match(&t) {
                    re.replace(&t, format!("date = 2023-05-{day:02}").as_str())
                        .into_owned()
                } else {
                    t
                }
            });
            vec![p]
        }
        4 => {
            let p = pick(rng);
            edit(&p, &|t| {
                if t.starts_with("+++") && !t.contains("[taxonomies]") && !t.contains("[extra]") {
                    t.replacen(
                        "\n+++\n",
                        &format!("\n[taxonomies]\ntags = [\"t{}\"]\n+++\n", step % 3),
                        1,
                    )
                } else {
                    t.replace("\"Go\"", &format!("\"Go{}\"", step % 2))
                }
            });
            vec![p]
        }
        5 => {
            let p = root.join(format!("content/blog/new-{step}.md"));
            std::fs::write(&p, format!("+++\ntitle = \"New {step}\"\ndate = 2022-01-{:02}\n[taxonomies]\ntags = [\"Rust\"]\n+++\nNew page {step}.\n", 1 + step % 28)).unwrap();
            vec![p]
        }
        6 => {
            // Delete a page nothing links to (links are checked; a dangling one fails both builds).
            let candidates: Vec<PathBuf> = all
                .iter()
                .filter(|p| p.to_string_lossy().contains("/new-"))
                .cloned()
                .collect();
            match candidates.first() {
                Some(p) => {
                    std::fs::remove_file(p).unwrap();
                    vec![p.clone()]
                }
                None => vec![],
            }
        }
        7 => {
            // Alternately a page template and the base every template extends.
            if step.is_multiple_of(2) {
                let p = root.join("templates/page.html");
                edit(&p, &|t| {
                    t.replace("<article", &format!("<article data-v=\"{step}\""))
                        .replacen(&format!(" data-v=\"{}\"", step.saturating_sub(2)), "", 1)
                });
                vec![p]
            } else {
                let p = root.join("themes/mini/templates/base.html");
                edit(&p, &|t| {
                    t.replace("<body", &format!("<body data-b=\"{step}\""))
                });
                vec![p]
            }
        }
        8 => {
            let p = root.join("static/override.css");
            std::fs::write(&p, format!("/* v{step} */\n")).unwrap();
            vec![p]
        }
        9 => {
            // Pagination, and the section's title (which the search index shows).
            let p = root.join("content/blog/_index.md");
            edit(&p, &|t| {
                if t.contains("paginate_by = 2") {
                    t.replace("paginate_by = 2", "paginate_by = 3")
                        .replace("title = \"Blog\"", "title = \"The blog\"")
                } else {
                    t.replace("paginate_by = 3", "paginate_by = 2")
                        .replace("title = \"The blog\"", "title = \"Blog\"")
                }
            });
            vec![p]
        }
        11 => {
            // The home page links to `first.md#setup`: renaming that heading breaks the link
            // (both builds fail); the next step puts it back.
            let p = root.join("content/blog/first.md");
            edit(&p, &|t| t.replace("## Setup", "## Set up"));
            vec![p]
        }
        12 => {
            // Front matter that changes no URL and no list: the page and the lists showing it.
            let p = pick(rng);
            edit(&p, &|t| {
                let previous = regex::Regex::new("\ndescription = \"[^\"]*\"").unwrap();
                previous.replace(&t, "").replacen(
                    "\ntitle = ",
                    &format!("\ndescription = \"D{step}\"\ntitle = "),
                    1,
                )
            });
            vec![p]
        }
        13 => {
            // The docs section sorts by weight: this reorders it.
            let p = root.join("content/docs/install.md");
            edit(&p, &|t| {
                if t.contains("weight = 2") {
                    t.replace("weight = 2", "weight = 0")
                } else {
                    t.replace("weight = 0", "weight = 2")
                }
            });
            vec![p]
        }
        18 => {
            // usage.md becomes a draft (out of the site) and back.
            let p = root.join("content/docs/usage.md");
            edit(&p, &|t| {
                if t.contains("draft = true\n") {
                    t.replace("draft = true\n", "")
                } else {
                    t.replacen("weight = ", "draft = true\nweight = ", 1)
                }
            });
            vec![p]
        }
        19 => {
            // An asset beside the blog posts comes and goes.
            let p = root.join("content/blog/notes.txt");
            if p.exists() {
                std::fs::remove_file(&p).unwrap();
            } else {
                std::fs::write(&p, format!("notes {step}\n")).unwrap();
            }
            vec![p]
        }
        17 => {
            // A rename that keeps the URL (about.md sets its `path`): the page shows where it
            // comes from.
            let (a, b) = (
                root.join("content/about.md"),
                root.join("content/about-page.md"),
            );
            let (from, to) = if a.exists() { (a, b) } else { (b, a) };
            std::fs::rename(&from, &to).unwrap();
            vec![from, to]
        }
        16 => {
            // first.md moves: the pages that link to it (`@/blog/first.md`) and the home
            // page's `get_url` follow; nothing else needs rendering again.
            let p = root.join("content/blog/first.md");
            edit(&p, &|t| {
                if t.contains("slug = \"first-post\"\n") {
                    t.replace("slug = \"first-post\"\n", "")
                } else {
                    t.replacen("date = ", "slug = \"first-post\"\ndate = ", 1)
                }
            });
            vec![p]
        }
        14 => {
            // A theme stylesheet the site does not override: copied, nothing rendered.
            let p = root.join("themes/mini/static/theme.css");
            std::fs::write(&p, format!("body {{ margin: {step}px; }}\n")).unwrap();
            vec![p]
        }
        15 => {
            // The site's copy of override.css wins over the theme's; editing the theme's
            // copy must change nothing.
            let p = root.join("themes/mini/static/override.css");
            std::fs::write(&p, format!("/* theme v{step} */\n")).unwrap();
            vec![p]
        }
        _ => {
            let p = root.join("data/authors.toml");
            edit(&p, &|t| {
                t.replace("Wrote the first post.", &format!("Wrote post {step}."))
            });
            vec![p]
        }
    }
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let (mut partial, mut patched, mut failed) = (0, 0, 0);
    for seed in [0x5eed_cafe, 7, 2026] {
        let (p, q, f) = random_edits_equal_full_builds(seed, 100);
        partial += p;
        patched += q;
        failed += f;
    }
    println!("{partial} partial rebuilds, {patched} patched in place, {failed} failed in both");
    assert!(
        (3..100).contains(&failed),
        "{failed} steps failed in both: the error path must be exercised, not be the norm"
    );
    // The point of the exercise: most rebuilds rendered only part of the site, and many went
    // through the fast paths (pages patched into the kept model, static files copied).
    assert!(partial > 150, "only {partial} rebuilds were partial");
    assert!(patched > 60, "only {patched} rebuilds took a fast path");
}

/// How an incremental rebuild compared with a full build of the same files.
enum Compared {
    /// Both built the same files, byte for byte; the rebuild rendered only part of the site,
    /// or patched a page in place.
    Same { partial: bool, patched: bool },
    /// Both failed.
    FailedInBoth,
}

/// Rebuilds `session` after `changed` (edit number `step`) and builds the site afresh; panics
/// unless both give the same files, or both fail.
fn rebuild_and_compare(
    session: &mut Session,
    root: &Path,
    step: usize,
    changed: &[PathBuf],
) -> Compared {
    let incremental = session.rebuild(changed).map_err(|e| e.to_string());
    let full = full_build(root);
    match (&incremental, &full) {
        (Ok(a), Ok(b)) => {
            let keys_a: Vec<_> = a.keys().collect();
            let keys_b: Vec<_> = b.keys().collect();
            assert_eq!(
                keys_a, keys_b,
                "step {step}: different output files after {changed:?}"
            );
            for (k, v) in a.iter() {
                assert!(
                    v == &b[k],
                    "step {step}: {k} differs from a full build after {changed:?}"
                );
            }
            Compared::Same {
                partial: session.last_rendered() < b.len(),
                patched: session.patched(),
            }
        }
        (Err(_), Err(e)) => {
            if std::env::var_os("SHOW_FAILURES").is_some() {
                eprintln!("step {step}: {e}");
            }
            Compared::FailedInBoth
        }
        _ => panic!(
            "step {step}: incremental {} vs full {} after {changed:?}",
            describe(&incremental),
            describe(&full)
        ),
    }
}

/// Applies `steps` random edits to a copy of the basic fixture, rebuilding incrementally after
/// each, and compares every output with a fresh full build. Returns how many rebuilds were
/// partial, how many took a fast path, and how many failed (in both builds alike).
fn random_edits_equal_full_builds(seed: u64, steps: usize) -> (usize, usize, usize) {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    session.rebuild_all().unwrap();
    let mut rng = Lcg(seed);
    let mut partial = 0;
    let mut patched = 0;
    let mut failed = 0;
    for step in 0..steps {
        let changed = random_edit(root, &mut rng, step);
        if changed.is_empty() {
            continue;
        }
        match rebuild_and_compare(&mut session, root, step, &changed) {
            Compared::Same {
                partial: p,
                patched: q,
            } => {
                partial += usize::from(p);
                patched += usize::from(q);
            }
            Compared::FailedInBoth => failed += 1,
        }
    }
    // The point of the exercise: most rebuilds rendered only part of the site.
    assert!(partial > 20, "only {partial} rebuilds were partial");
    (partial, patched, failed)
}

/// One random edit of a Zola site (the `zola-tera1` fixture): its Tera 1 templates and macros,
/// its shortcodes and the calls of them, its Sass, its pages, sections and translations.
pub(crate) fn random_zola_edit(root: &Path, rng: &mut Lcg, step: usize) -> Vec<PathBuf> {
    let edit = |rel: &str, f: &dyn Fn(String) -> String| {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, f(text)).unwrap();
        vec![path]
    };
    // A broken state (see the last two edits) is fixed by the next edit.
    let second = std::fs::read_to_string(root.join("content/blog/second.md")).unwrap();
    if second.contains("{{ nothere() }}") {
        return edit("content/blog/second.md", &|t| {
            t.replace("{{ nothere() }}", "")
        });
    }
    let section = root.join("themes/plain/templates/section.html");
    if std::fs::read_to_string(&section)
        .unwrap()
        .contains("{% if %}")
    {
        return edit("themes/plain/templates/section.html", &|t| {
            t.replace("{% if %}", "")
        });
    }
    match rng.below(13) {
        // A script the templates hash (`get_hash`): the pages' `integrity` follows it.
        12 => edit("static/js/app.js", &|_| format!("console.log({step});\n")),
        // A translation's title shows on its other versions.
        10 => edit("content/blog/first.fr.md", &|t| {
            let title = t
                .lines()
                .find(|l| l.starts_with("title"))
                .unwrap_or("")
                .to_string();
            t.replace(&title, &format!("title = \"Premier billet {step}\""))
        }),
        11 => edit("content/blog/second.fr.md", &|_| {
            format!(
                "+++\ntitle = \"Deuxième {step}\"\ndate = 2024-03-0{}\n+++\nDeux.\n",
                step % 9 + 1
            )
        }),
        0 => edit("content/blog/first.md", &|t| {
            t.replace("Hello", &format!("Hello {step}"))
        }),
        1 => edit("content/blog/second.md", &|t| {
            format!("{t}\n{{{{ note(text=\"Call {step}\") }}}}\n")
        }),
        2 => edit("templates/shortcodes/note.html", &|_| {
            format!("<aside class=\"note v{step}\">{{{{ text }}}}</aside>\n")
        }),
        3 => edit("themes/plain/templates/macros.html", &|_| {
            format!(
                "{{% macro title_of(item) %}}<span class=\"t{step}\">{{{{ item.title | lower }}}}</span>{{% endmacro title_of %}}"
            )
        }),
        4 => edit("sass/_vars.scss", &|_| {
            format!("$accent: #{:06x};\n", step * 4099)
        }),
        5 => edit(&format!("content/blog/new-{}.md", step % 3), &|_| {
            format!(
                "+++\ntitle = \"New {step}\"\ndate = 2022-02-{:02}\n+++\nNew {step}.\n",
                step % 27 + 1
            )
        }),
        6 => edit("content/blog/_index.md", &|t| {
            if t.contains("sort_by = \"date\"") {
                t.replace("sort_by = \"date\"", "sort_by = \"title\"")
            } else {
                t.replace("sort_by = \"title\"", "sort_by = \"date\"")
            }
        }),
        7 => edit("content/blog/bundle/nested/_index.md", &|t| {
            t.replace("Nested", &format!("Nested {step}"))
        }),
        // A broken shortcode call and a broken template: both builds fail alike.
        8 => edit("content/blog/second.md", &|t| {
            format!("{t}\n{{{{ nothere() }}}}\n")
        }),
        _ => edit("themes/plain/templates/section.html", &|t| {
            t.replace("<h1>", "<h1>{% if %}")
        }),
    }
}

/// The dev server's rebuilds of a Zola site (Tera 1, shortcodes, Sass) equal full builds.
#[test]
fn zola_site_incremental_rebuilds_equal_full_builds() {
    let site = copy_fixture("zola-tera1");
    let root = site.path();
    let mut session = Session::new(root, "http://127.0.0.1:1111", false);
    session.rebuild_all().unwrap();
    let mut rng = Lcg(0x201a);
    let (mut partial, mut failed, mut compared) = (0, 0, 0);
    for step in 0..60 {
        let changed = random_zola_edit(root, &mut rng, step);
        match rebuild_and_compare(&mut session, root, step, &changed) {
            Compared::Same { partial: p, .. } => {
                compared += 1;
                partial += usize::from(p);
            }
            Compared::FailedInBoth => failed += 1,
        }
    }
    println!("{compared} compared, {partial} partial, {failed} failed in both");
    assert!(
        compared > 20 && failed > 0,
        "{compared} compared, {failed} failed"
    );
    assert!(partial > 5, "only {partial} rebuilds were partial");
}
