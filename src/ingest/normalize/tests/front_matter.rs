//! Front matter.

use super::*;

#[test]
fn front_matter_errors_point_at_file_and_line() {
    let cases: [(&str, usize); 4] = [
        ("---\ntitle: A\nbody without a closing line\n", 1),
        ("---\ntitle: [unclosed\n---\nbody\n", 2),
        ("+++\ntitle = \"A\"\ndate = \n+++\nbody\n", 3),
        ("\n\n---\ntitle: ok\n  bad: indentation: here\n---\n", 5),
    ];
    for (text, line) in cases {
        let err = normalize(text, Path::new("src/a.md")).unwrap_err();
        let loc = err.location.as_ref().expect("a location");
        assert_eq!(loc.path, Path::new("src/a.md"), "{err}");
        assert_eq!(loc.line, Some(line), "{text:?}: {err}");
    }
}

#[test]
fn unknown_front_matter_keys_and_odd_values_are_fine() {
    let text = "---\ntitle: 2024\ndescription: true\ndate: not a date\nresources:\n- name: x\n  params: {a: 1}\nfoo: [1, 2]\n---\nBody.\n";
    let n = norm(text, "odd.md");
    assert_eq!(n.title, "2024");
    assert_eq!(n.description.as_deref(), Some("true"));
    assert_eq!(n.date, None);
}

#[test]
fn dates_are_normalized() {
    for (input, want) in [
        ("2025-07-25", Some("2025-07-25")),
        ("2025-07-25T12:08:27.703201", Some("2025-07-25T12:08:27Z")),
        ("2025-07-25 12:08:27", Some("2025-07-25T12:08:27Z")),
        (
            "2019-10-04T15:26:31-04:00",
            Some("2019-10-04T15:26:31-04:00"),
        ),
        (
            "2019-10-04 15:26:31 +0200",
            Some("2019-10-04T15:26:31+02:00"),
        ),
        ("July 4, 2021", Some("2021-07-04")),
        ("2024-02-30", None),
        ("yesterday", None),
    ] {
        let got = front::normalize_date(input);
        assert_eq!(got.as_deref(), want, "{input}");
        if let Some(d) = got {
            assert!(crate::content::Date::parse(&d).is_ok(), "{d}");
        }
    }
}
