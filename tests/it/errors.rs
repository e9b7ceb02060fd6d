//! Every user error: one clear message naming the file (and line and column where they apply),
//! exit code 1, no panic, and the previous `public/` left exactly as it was.

use crate::common::*;
use std::path::Path;

/// Builds the basic fixture, applies `break_it`, builds again and checks the failure.
fn assert_build_fails(break_it: impl FnOnce(&Path), expected: &[&str]) -> String {
    let site = copy_fixture("basic");
    let root = site.path();
    let ok = gazette(root, &["build"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = snapshot_tree(&root.join("public"));
    break_it(root);
    let out = gazette(root, &["build"]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1, got {:?}: {err}",
        out.status
    );
    assert!(!err.contains("panicked"), "{err}");
    for needle in expected {
        assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
    }
    assert!(err.contains("help: "), "no hint in: {err}");
    assert!(
        before == snapshot_tree(&root.join("public")),
        "public/ changed after a failed build"
    );
    // The whole message, as users read it, is kept in tests/it/snapshots/ (one per case, named
    // after the test): a change of wording or position shows in review.
    let test = std::thread::current()
        .name()
        .unwrap_or("error")
        .rsplit("::")
        .next()
        .unwrap_or("error")
        .to_string();
    thread_local!(static CASES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
    let case = CASES.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let name = if case == 1 {
        test
    } else {
        format!("{test}-{case}")
    };
    let shown = err.replace(&root.display().to_string(), "[site]");
    insta::assert_snapshot!(name, shown);
    err
}

#[test]
fn malformed_toml_front_matter() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"unclosed\ndate = 2024-01-01\n+++\nbody\n",
            )
        },
        &["content/blog/bad.md:2:", "invalid TOML"],
    );
}

#[test]
fn malformed_yaml_front_matter() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "---\ntitle: ok\ntags: [a, b\n---\nbody\n",
            )
        },
        &["content/blog/bad.md:", "invalid YAML"],
    );
}

#[test]
fn front_matter_field_of_the_wrong_type() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"x\"\nweight = \"heavy\"\n+++\n",
            )
        },
        &[
            "content/blog/bad.md:3:10:",
            "invalid type: string \"heavy\", expected i64",
        ],
    );
}

#[test]
fn unknown_front_matter_field() {
    assert_build_fails(
        |r| write(r, "content/blog/bad.md", "+++\ntitel = \"x\"\n+++\n"),
        &["content/blog/bad.md:2:", "unknown field `titel`"],
    );
}

#[test]
fn bad_date() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"x\"\ndate = \"2024-02-30\"\n+++\n",
            )
        },
        &[
            "content/blog/bad.md:3:8:",
            "invalid date `2024-02-30`",
            "YYYY-MM-DD",
        ],
    );
}

#[test]
fn unknown_config_key() {
    assert_build_fails(
        |r| {
            let text = std::fs::read_to_string(r.join("config.toml")).unwrap();
            std::fs::write(
                r.join("config.toml"),
                text.replace("generate_feeds", "generate_feed"),
            )
            .unwrap();
        },
        &["config.toml:5:1:", "unknown field `generate_feed`"],
    );
}

#[test]
fn missing_template() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"x\"\ntemplate = \"nope.html\"\n+++\n",
            )
        },
        &[
            "template `nope.html` not found (needed for content/blog/bad.md)",
            "templates",
        ],
    );
}

#[test]
fn broken_template_syntax_names_template_and_line() {
    assert_build_fails(
        |r| {
            write(
                r,
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n",
            )
        },
        &["templates/page.html:", "template syntax error"],
    );
}

#[test]
fn undefined_variable_in_template() {
    let err = assert_build_fails(
        |r| {
            write(
                r,
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.titel }}</h1>\n{% endblock content %}\n",
            )
        },
        &["templates/page.html:3:", "while rendering content/"],
    );
    // Every page fails the same way: reported once, with a count.
    assert!(err.contains("more outputs with the same error"), "{err}");
}

#[test]
fn broken_internal_link() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"x\"\n+++\nSee [this](@/blog/nope.md).\n",
            )
        },
        &["content/blog/bad.md:4:5: broken internal link `@/blog/nope.md`"],
    );
}

#[test]
fn two_pages_on_one_url() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/clash.md",
                "+++\ntitle = \"x\"\npath = \"/blog/first/\"\n+++\n",
            )
        },
        &[
            "content/blog/clash.md",
            "content/blog/first.md",
            "/blog/first/",
        ],
    );
}

#[test]
fn a_page_on_a_pager_or_an_alias_on_the_404_page() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/clash.md",
                "+++\ntitle = \"x\"\npath = \"/blog/page/2/\"\naliases = [\"/404.html\"]\n+++\n",
            )
        },
        &[
            "content/blog/clash.md:3:8: the URL `/blog/page/2/` is also produced by content/blog/_index.md",
            "content/blog/clash.md:4:12: the alias `/404.html` is also produced by the 404 page",
        ],
    );
}

#[test]
fn content_file_that_is_not_utf8() {
    assert_build_fails(
        |r| {
            std::fs::write(
                r.join("content/blog/latin1.md"),
                b"+++\ntitle = \"caf\xe9\"\n+++\n",
            )
            .unwrap()
        },
        &["content/blog/latin1.md:2:13: the file is not valid UTF-8"],
    );
}

#[test]
fn unknown_taxonomy_in_front_matter() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"x\"\n[taxonomies]\ncategories = [\"a\"]\n+++\n",
            )
        },
        &[
            "content/blog/bad.md",
            "unknown taxonomy `categories`",
            "tags, authors",
        ],
    );
}

/// A slip in a taxonomy name, or in the path given to `get_page`, gets the nearest real one.
#[test]
fn slips_in_a_taxonomy_or_a_page_path_suggest_the_real_one() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"x\"\n[taxonomies]\ntag = [\"a\"]\n+++\n",
            )
        },
        &["unknown taxonomy `tag`", "did you mean `tags`?"],
    );
    assert_build_fails(
        |r| {
            let page = std::fs::read_to_string(r.join("templates/page.html")).unwrap();
            let slip = "{% set p = get_page(path=\"blog/frist.md\") %}{{ p.title }}";
            write(
                r,
                "templates/page.html",
                &page.replacen("{{ page.title }}", slip, 1),
            );
        },
        &["no page `blog/frist.md`; did you mean `blog/first.md`?"],
    );
}

#[test]
fn missing_config_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = gazette(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("config.toml: cannot read the site configuration"),
        "{}",
        stderr(&out)
    );
}

/// An unknown key near a known one is a slip: the message names it and the help suggests the
/// known key, instead of listing every key (Zola's old `generate_feed` for `generate_feeds`,
/// `titel` in front matter).
#[test]
fn an_unknown_key_suggests_the_nearest_known_one() {
    let err = assert_build_fails(
        |r| {
            let config = std::fs::read_to_string(r.join("config.toml")).unwrap();
            write(
                r,
                "config.toml",
                &config.replacen("\n", "\ngenerate_feed = true\n", 1),
            );
        },
        &[
            "config.toml:2:1: invalid TOML: unknown field `generate_feed`",
            "help: did you mean `generate_feeds`?",
        ],
    );
    assert!(!err.contains("expected one of"), "{err}");
    assert_build_fails(
        |r| write(r, "content/blog/bad.md", "+++\ntitel = \"x\"\n+++\nbody\n"),
        &[
            "content/blog/bad.md:2:1: invalid TOML: unknown field `titel`",
            "help: did you mean `title`?",
        ],
    );
    // Nothing near: the full list stays, as the only help there is.
    let err = assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ncolour_scheme = \"x\"\n+++\nbody\n",
            )
        },
        &["unknown field `colour_scheme`, expected one of"],
    );
    assert!(!err.contains("did you mean"), "{err}");
}

/// An unknown filter in a template is an error in the same form as every other: the template's
/// file under templates/, line and column, and a help line (it used to be Tera's own report,
/// "template error: error: Unknown filter ... --> page.html:2:34", with no help).
#[test]
fn an_unknown_filter_names_the_template_file_line_and_column() {
    let err = assert_build_fails(
        |r| {
            let page = std::fs::read_to_string(r.join("templates/page.html")).unwrap();
            let page = page.replacen("{{ page.title }}", "{{ page.title | shout }}", 1);
            write(r, "templates/page.html", &page);
        },
        &[
            "error: templates/page.html:2:34: unknown filter `shout`",
            "help: the filters are",
        ],
    );
    assert!(!err.contains("template error: error:"), "{err}");
    assert!(!err.contains(" --> "), "{err}");
}

/// A slip in a filter or function name gets the nearest real one.
#[test]
fn a_slip_in_a_filter_or_function_name_suggests_the_real_one() {
    for (slip, shown) in [
        ("{{ page.title | slugifi }}", "did you mean `slugify`?"),
        ("{{ get_pag(path=\"x\") }}", "did you mean `get_page`?"),
    ] {
        assert_build_fails(
            |r| {
                let page = std::fs::read_to_string(r.join("templates/page.html")).unwrap();
                write(
                    r,
                    "templates/page.html",
                    &page.replacen("{{ page.title }}", slip, 1),
                );
            },
            &["error: templates/page.html:2:", shown],
        );
    }
}

/// `| date` on a page without a date names the page and says what is missing (it said
/// "expected `&str` but got `none`").
#[test]
fn a_date_filter_on_a_page_without_a_date_names_the_page() {
    assert_build_fails(
        |r| {
            let page = std::fs::read_to_string(r.join("templates/page.html")).unwrap();
            let page = page.replacen("{{ page.title }}", "{{ page.date | date }}", 1);
            write(r, "templates/page.html", &page);
        },
        &[
            "templates/page.html:2:",
            "no date to format",
            "while rendering content/about.md",
        ],
    );
}

/// Every problem of config.toml comes in one run, in file order (they came one per run, in
/// alphabetical order of keys).
#[test]
fn config_problems_come_all_at_once_in_file_order() {
    let err = assert_build_fails(
        |r| {
            let config = std::fs::read_to_string(r.join("config.toml")).unwrap();
            write(r, "config.toml", &format!("zebra = 1\napple = 2\n{config}"));
        },
        &[
            "config.toml:1:1: invalid TOML: unknown field `zebra`",
            "config.toml:2:1: invalid TOML: unknown field `apple`",
        ],
    );
    let zebra = err.find("`zebra`").unwrap();
    let apple = err.find("`apple`").unwrap();
    assert!(zebra < apple, "not in file order:\n{err}");
}

/// An unknown table under a known one (`[markdown.highlighting]`, as Zola sites have) is one
/// problem: reading on after it finds the next one, with no made-up syntax error (the reader
/// used to blank the table's name alone and then report `[markdown.]`).
#[test]
fn an_unknown_nested_table_is_one_problem_and_the_next_is_found() {
    let err = assert_build_fails(
        |r| {
            let config = std::fs::read_to_string(r.join("config.toml")).unwrap();
            // Typos of Zola's `[markdown.highlighting]` and `[search]`.
            let tables = "\n[markdown.highlightning]\ntheme = \"x\"\nstyle = \"inline\"\n\n[serach]\nindex_format = \"elasticlunr_json\"\n";
            write(r, "config.toml", &format!("{config}{tables}"));
        },
        &["unknown field `highlightning`", "unknown field `serach`"],
    );
    assert!(!err.contains("cannot be empty"), "{err}");
    assert_eq!(err.matches("error: ").count(), 2, "{err}");
}

/// Errors caused by one front matter field or one tag point at it: a `path` or alias that
/// another page already has, a `template` that does not exist, an `extends` whose parent does
/// not exist (they named only the file).
#[test]
fn errors_point_at_the_field_or_tag_that_caused_them() {
    assert_build_fails(
        |r| {
            write(
                r,
                "content/dup.md",
                "+++\ntitle = \"x\"\npath = \"blog/first\"\n+++\nbody\n",
            )
        },
        &["content/dup.md:3:8: the URL `/blog/first/` is also produced by"],
    );
    assert_build_fails(
        |r| {
            write(
                r,
                "content/dup.md",
                "+++\ntitle = \"x\"\naliases = [\"/a/\", \"/old/first/\"]\n+++\nbody\n",
            )
        },
        &["content/dup.md:3:19: the alias `/old/first/` is also produced by"],
    );
    assert_build_fails(
        |r| {
            write(
                r,
                "content/t.md",
                "+++\ntitle = \"x\"\ntemplate = \"nope.html\"\n+++\nbody\n",
            )
        },
        &["content/t.md:3:12: template `nope.html` not found"],
    );
    assert_build_fails(
        |r| {
            let page = std::fs::read_to_string(r.join("templates/page.html")).unwrap();
            write(
                r,
                "templates/page.html",
                &page.replacen("base.html", "nobase.html", 1),
            );
        },
        &["templates/page.html:1:1: template extends `nobase.html`, which does not exist"],
    );
}

/// The README's error examples are what Gazette prints: each ```text block in README.md that
/// starts with `error:` is produced, line for line, by the input it describes.
#[test]
fn the_readme_error_examples_are_true() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let examples: Vec<&str> = readme
        .split("```text\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(block, _)| block))
        .filter(|b| b.starts_with("error: "))
        .collect();
    assert_eq!(
        examples.len(),
        2,
        "README error examples changed: update this test"
    );
    // What each example describes, in the README's words.
    let bad_date = |r: &Path| {
        write(
            r,
            "content/blog/post.md",
            "+++\ntitle = \"x\"\ndate = 2024-02-30\n+++\nbody\n",
        )
    };
    let old_key = |r: &Path| {
        let config = std::fs::read_to_string(r.join("config.toml")).unwrap();
        let (first, rest) = config.split_once('\n').unwrap();
        write(
            r,
            "config.toml",
            &format!("{first}\ngenerate_feed = true\n{rest}"),
        );
    };
    let inputs: [&dyn Fn(&Path); 2] = [&bad_date, &old_key];
    for (example, input) in examples.iter().zip(inputs) {
        let lines: Vec<&str> = example.lines().collect();
        assert_build_fails(input, &lines);
    }
}

/// A slip in a template name, an `extends` parent or an `@/` path gets the nearest real one.
#[test]
fn slips_in_names_and_paths_suggest_the_nearest() {
    let err = assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"x\"\ntemplate = \"pgae.html\"\n+++\n",
            )
        },
        &[
            "template `pgae.html` not found",
            "did you mean `page.html`?",
        ],
    );
    assert!(!err.contains("panicked"));
    assert_build_fails(
        |r| {
            write(
                r,
                "content/blog/bad.md",
                "+++\ntitle = \"x\"\n+++\nSee [the first](@/blog/frist.md).\n",
            )
        },
        &[
            "content/blog/bad.md:4:5: broken internal link `@/blog/frist.md`",
            "did you mean `@/blog/first.md`?",
        ],
    );
    assert_build_fails(
        |r| write(r, "templates/page.html", "{% extends \"bsae.html\" %}\n"),
        &["extends `bsae.html`", "did you mean `base.html`?"],
    );
}

/// `--base-url /` (a habit from Hugo) is refused with the value as typed, no made-up
/// position, and a hint that relative links already make the output work anywhere.
#[test]
fn a_base_url_flag_that_is_not_absolute_says_what_was_given() {
    let site = copy_fixture("basic");
    let root = site.path();
    assert!(gazette(root, &["build"]).status.success());
    let before = snapshot_tree(&root.join("public"));
    for (given, problem) in [
        ("/", "is not an absolute http(s) URL"),
        ("example.org", "is not an absolute http(s) URL"),
        (
            "https:///",
            "is not an absolute http(s) URL with a host name",
        ),
        (
            "https://ex ample.org",
            "is not an absolute http(s) URL with a host name",
        ),
        ("https://example.org/?q=1", "has a query or fragment"),
    ] {
        let out = gazette(root, &["build", "--base-url", given]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.starts_with(&format!("error: --base-url `{given}` {problem}")),
            "{err}"
        );
        assert!(err.contains("relative_urls"), "{err}");
        assert!(before == snapshot_tree(&root.join("public")));
        if given == "/" {
            insta::assert_snapshot!("base_url_flag_slash", err);
        }
    }
}

/// `[ingest]` fills the three knowledge taxonomies; a site that declares it without them is
/// told which are missing, at the `[ingest]` table (the check is ingest's own, made before the
/// build starts).
#[test]
fn ingest_without_its_taxonomies() {
    assert_build_fails(
        |r| {
            let config = std::fs::read_to_string(r.join("config.toml")).unwrap();
            write(
                r,
                "config.toml",
                &format!("{config}\n[ingest]\nsources = [\"sources\"]\n"),
            );
        },
        &[
            "config.toml:",
            "config.toml:19:1: [ingest] fills the `companies`, `domains`, `comparisons` taxonomies, which are not declared",
            "declare them: taxonomies = [{ name = \"companies\" }",
        ],
    );
}
