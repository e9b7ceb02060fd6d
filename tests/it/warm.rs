//! Warm `gazette build`s, which reuse what the build before left in `.gazette-cache/build/`,
//! against cold ones (`--no-cache`) after random edits: the same files, byte for byte, or the
//! same failure. The edits are the dev server's random test's (`serve::random`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;
use crate::serve::random::{Lcg, random_edit, random_zola_edit};
use gazette::pipeline::{BuildOptions, BuildReport, build};

/// Every file under `dir`, by path relative to it.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn build_into(root: &Path, output: &Path, no_cache: bool) -> Result<BuildReport, String> {
    build(&BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(output.to_path_buf()),
        no_cache,
        ..BuildOptions::default()
    })
    .map_err(|e| e.to_string())
}

/// What the warm builds of one run did.
#[derive(Default, Debug)]
struct Tally {
    /// Warm builds that matched a cold one, and those of them that reused some outputs.
    compared: usize,
    partial: usize,
    /// Steps where both builds failed.
    failed: usize,
}

/// Applies `steps` edits made by `edit` to a copy of fixture `name`, builds warm and cold after
/// each, and panics at the first difference.
fn warm_equals_cold(
    name: &str,
    seed: u64,
    steps: usize,
    edit: fn(&Path, &mut Lcg, usize) -> Vec<PathBuf>,
) -> Tally {
    let site = copy_fixture(name);
    let root = site.path();
    let cold_dir = tempfile::tempdir().unwrap();
    let (warm_out, cold_out) = (root.join("public"), cold_dir.path().join("public"));
    build_into(root, &warm_out, false).unwrap();
    let mut rng = Lcg(seed);
    let mut tally = Tally::default();
    for step in 0..steps {
        let changed = edit(root, &mut rng, step);
        let warm = build_into(root, &warm_out, false);
        let cold = build_into(root, &cold_out, true);
        match (&warm, &cold) {
            (Ok(w), Ok(_)) => {
                let (a, b) = (tree(&warm_out), tree(&cold_out));
                let names = |t: &BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
                assert_eq!(
                    names(&a),
                    names(&b),
                    "step {step}: other files after {changed:?}"
                );
                for (path, bytes) in &a {
                    assert!(
                        bytes == &b[path],
                        "step {step}: {} differs from a cold build after {changed:?}",
                        path.display()
                    );
                }
                tally.compared += 1;
                tally.partial += usize::from(w.reused > 0);
            }
            (Err(_), Err(_)) => tally.failed += 1,
            _ => panic!("step {step}: warm {warm:?} vs cold {cold:?} after {changed:?}"),
        }
    }
    println!("{name}: {tally:?}");
    tally
}

#[test]
fn warm_builds_equal_cold_builds() {
    let mut all = Tally::default();
    for seed in [0x3a11, 99] {
        let t = warm_equals_cold("basic", seed, 50, random_edit);
        all.compared += t.compared;
        all.partial += t.partial;
        all.failed += t.failed;
    }
    // The point: most warm builds reused outputs, and failures were exercised, not the norm.
    assert!(
        all.partial > 30,
        "only {} warm builds reused outputs: {all:?}",
        all.partial
    );
    assert!((1..50).contains(&all.failed), "{all:?}");
}

#[test]
fn warm_builds_of_a_zola_site_equal_cold_builds() {
    let t = warm_equals_cold("zola-tera1", 0x201b, 40, random_zola_edit);
    assert!(t.partial > 5 && t.failed > 0, "{t:?}");
}

/// A build reuses only what is still in the output as it wrote it, and the cache never follows
/// a link out of the site.
#[test]
fn an_output_changed_by_hand_is_rendered_again_and_a_linked_cache_is_not_used() {
    let site = copy_fixture("basic");
    let root = site.path();
    let out = root.join("public");
    build_into(root, &out, false).unwrap();
    let again = build_into(root, &out, false).unwrap();
    // Nothing changed: every page, section and list is reused.
    assert!(again.reused > again.pages + again.sections, "{again:?}");
    let page = out.join("index.html");
    let original = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"tampered").unwrap();
    let third = build_into(root, &out, false).unwrap();
    assert_eq!(std::fs::read(&page).unwrap(), original);
    assert_eq!(third.reused + 1, again.reused, "{third:?}");
    std::fs::remove_file(out.join("404.html")).unwrap();
    build_into(root, &out, false).unwrap();
    assert!(out.join("404.html").is_file());
    // A link put in an output's place is not taken over, even to a file of the same size
    // and time: the output is rendered again.
    let outside = tempfile::tempdir().unwrap();
    let twin = outside.path().join("twin.html");
    let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
    std::fs::write(&twin, &original).unwrap();
    let file = std::fs::File::options().write(true).open(&twin).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&twin, &page).unwrap();
    build_into(root, &out, false).unwrap();
    assert!(!std::fs::symlink_metadata(&page).unwrap().is_symlink());
    assert_eq!(std::fs::read(&page).unwrap(), original);

    // A cache folder or a file in it that is a link is neither read nor written through.
    let markdown = root.join(".gazette-cache/build/markdown");
    let elsewhere_md = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(&markdown).unwrap();
    std::os::unix::fs::symlink(elsewhere_md.path(), &markdown).unwrap();
    build_into(root, &out, false).unwrap();
    assert_eq!(std::fs::read_dir(elsewhere_md.path()).unwrap().count(), 0);
    let memo = root.join(".gazette-cache/build/outputs.bin");
    let memo_elsewhere = elsewhere_md.path().join("outputs.bin");
    std::fs::rename(&memo, &memo_elsewhere).unwrap();
    std::os::unix::fs::symlink(&memo_elsewhere, &memo).unwrap();
    let through_link = build_into(root, &out, false).unwrap();
    assert_eq!(through_link.reused, 0, "the memo was read through a link");
    // A cache folder that is a link is neither read nor written.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(root.join(".gazette-cache")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join(".gazette-cache")).unwrap();
    let linked = build_into(root, &out, false).unwrap();
    assert_eq!(linked.reused, 0);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

/// What a shortcode reads (a file it hashes) is not in a body's cache key: editing the file
/// must still show on a warm build.
#[test]
fn a_file_a_shortcode_reads_is_seen_by_a_warm_build() {
    let site = copy_fixture("basic");
    let root = site.path();
    let out = root.join("public");
    write(
        root,
        "templates/shortcodes/stamp.html",
        r#"<span class="stamp">{{ get_hash(path="notes.txt", sha_type=256, base64=false) }}</span>"#,
    );
    write(root, "static/notes.txt", "one");
    let second = root.join("content/blog/second.md");
    let text = std::fs::read_to_string(&second).unwrap();
    std::fs::write(&second, format!("{text}\n\nStamp: {{{{ stamp() }}}}.\n")).unwrap();
    build_into(root, &out, false).unwrap();
    let page = || std::fs::read_to_string(out.join("blog/second/index.html")).unwrap();
    let before = page();
    assert!(before.contains(r#"<span class="stamp">"#), "{before}");
    write(root, "static/notes.txt", "two");
    let warm = build_into(root, &out, false).unwrap();
    assert_ne!(page(), before);
    build_into(root, &root.join("cold"), true).unwrap();
    let cold = std::fs::read_to_string(root.join("cold/blog/second/index.html")).unwrap();
    assert_eq!(page(), cold, "{warm:?}");
}

/// A template that asks for a term no page has yet (`required = false`, Tera 1) shows its URL
/// once a page gets it, though nothing else of that template's output changed.
#[test]
fn a_term_a_template_asks_for_shows_once_a_page_has_it() {
    let site = copy_fixture("zola-tera1");
    let root = site.path();
    let out = root.join("public");
    write(
        root,
        "templates/index.html",
        r#"{% extends "plain/templates/index.html" %}
{% block title %}Home [{{ get_taxonomy_url(kind="tags", name="Fresh", lang="fr", required=false) }}]{% endblock title %}"#,
    );
    build_into(root, &out, false).unwrap();
    let home = || std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home().contains("Home []"), "{}", home());
    let first = root.join("content/blog/first.fr.md");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(
        &first,
        text.replace(r#"["bonjour"]"#, r#"["bonjour", "Fresh"]"#),
    )
    .unwrap();
    let warm = build_into(root, &out, false).unwrap();
    assert!(warm.reused > 0, "{warm:?}");
    assert!(
        home().contains("&#x2F;fr&#x2F;tags&#x2F;fresh&#x2F;]"),
        "{}",
        home()
    );
}

/// Files of other tools' build folders (a CACHEDIR.TAG, `node_modules`) are not the site's
/// inputs: a change there keeps the cache; a change in any other folder of the site drops it.
#[test]
fn only_the_sites_own_files_set_the_cache_aside() {
    let site = copy_fixture("basic");
    let root = site.path();
    let out = root.join("public");
    write(
        root,
        "target/CACHEDIR.TAG",
        "Signature: 8a477f597d28d172789f06886806bc55",
    );
    write(root, "target/build.log", "one");
    write(root, "node_modules/x/index.js", "one");
    write(root, "notes/todo.txt", "one");
    build_into(root, &out, false).unwrap();
    write(root, "target/build.log", "two, longer");
    write(root, "node_modules/x/index.js", "two, longer");
    assert!(build_into(root, &out, false).unwrap().reused > 0);
    write(root, "notes/todo.txt", "two, longer");
    assert_eq!(build_into(root, &out, false).unwrap().reused, 0);
}

/// As a user runs it: from the site's own folder, no `--root`. The second build says what it
/// reused; `--no-cache` renders everything.
#[test]
fn the_command_line_reuses_and_no_cache_renders_everything() {
    let site = copy_fixture("basic");
    let root = site.path();
    let summary = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!summary(&["build"]).contains("unchanged"));
    assert!(summary(&["build"]).contains("unchanged since the last build"));
    assert!(!summary(&["build", "--no-cache"]).contains("unchanged"));
}
