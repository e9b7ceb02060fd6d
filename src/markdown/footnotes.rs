//! `bottom_footnotes`: footnotes gathered at the end of the document, numbered in the order
//! they are first referred to, each with a link back to where it was referred to, the way
//! GitHub (and Zola with this switch) shows them.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;
use std::collections::HashMap;

/// `events` with every footnote definition taken out of the flow and written at the end in a
/// `<footer class="footnotes">`, and every reference a numbered link to its note. A note that
/// nothing refers to is kept, after the others, without a link back.
pub fn to_bottom(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let has_footnotes = events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::FootnoteDefinition(_)) | Event::FootnoteReference(_)
        )
    });
    if !has_footnotes {
        return events;
    }
    let mut flow = Vec::with_capacity(events.len());
    let mut notes: Vec<(CowStr, Vec<Event>)> = Vec::new();
    let mut number: HashMap<String, usize> = HashMap::new();
    let mut refs: HashMap<String, usize> = HashMap::new();
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let mut body = Vec::new();
                let mut depth = 0usize;
                for inner in iter.by_ref() {
                    match &inner {
                        Event::Start(_) => depth += 1,
                        Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                        Event::End(_) => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    body.push(inner);
                }
                notes.push((label, body));
            }
            Event::FootnoteReference(label) => {
                let next = number.len() + 1;
                let n = *number.entry(label.to_string()).or_insert(next);
                let seen = refs.entry(label.to_string()).or_insert(0);
                *seen += 1;
                let id = escaped(&label);
                flow.push(Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\" id=\"fr-{id}-{seen}\"><a href=\"#fn-{id}\">[{n}]</a></sup>"
                    )
                    .into(),
                ));
            }
            other => flow.push(other),
        }
    }
    // A summary refers to notes that come after it: its references link to the whole page's.
    if notes.is_empty() {
        return flow;
    }
    // Referred notes in the order of their numbers, then the others as they came.
    notes.sort_by_key(|(label, _)| number.get(label.as_ref()).copied().unwrap_or(usize::MAX));
    flow.push(Event::Html(
        "<footer class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".into(),
    ));
    for (label, mut body) in notes {
        let id = escaped(&label);
        flow.push(Event::Html(format!("<li id=\"fn-{id}\">\n").into()));
        let backs: String = (1..=refs.get(label.as_ref()).copied().unwrap_or(0))
            .map(|i| format!(" <a href=\"#fr-{id}-{i}\">↩</a>"))
            .collect();
        // The links back go inside the note's last paragraph, as GitHub puts them.
        match body.last() {
            Some(Event::End(TagEnd::Paragraph)) => {
                let end = body.pop();
                body.push(Event::Html(backs.into()));
                body.extend(end);
            }
            _ => body.push(Event::Html(backs.into())),
        }
        flow.extend(body);
        flow.push(Event::Html("</li>\n".into()));
    }
    flow.push(Event::Html("</ol>\n</footer>\n".into()));
    flow
}

fn escaped(label: &str) -> String {
    let mut out = String::new();
    escape_html(&mut out, label).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn html(text: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(text, Options::ENABLE_FOOTNOTES).collect();
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, to_bottom(events).into_iter());
        out
    }

    #[test]
    fn notes_move_to_the_end_numbered_by_first_reference() {
        let out = html("[^b]: Bee.\n\nOne[^a] two[^b] again[^a].\n\n[^a]: Ay.\n\n[^c]: Unused.\n");
        let body_at = out.find("One").unwrap();
        let footer_at = out.find("<footer class=\"footnotes\">").unwrap();
        assert!(body_at < footer_at, "{out}");
        assert!(
            out.contains("id=\"fr-a-1\"><a href=\"#fn-a\">[1]</a>"),
            "{out}"
        );
        assert!(
            out.contains("id=\"fr-b-1\"><a href=\"#fn-b\">[2]</a>"),
            "{out}"
        );
        assert!(
            out.contains("id=\"fr-a-2\"><a href=\"#fn-a\">[1]</a>"),
            "{out}"
        );
        let (a, b, c) = (
            out.find("<li id=\"fn-a\">").unwrap(),
            out.find("<li id=\"fn-b\">").unwrap(),
            out.find("<li id=\"fn-c\">").unwrap(),
        );
        assert!(a < b && b < c, "{out}");
        assert!(
            out.contains("<p>Ay. <a href=\"#fr-a-1\">↩</a> <a href=\"#fr-a-2\">↩</a></p>"),
            "{out}"
        );
        assert!(out.contains("<p>Unused.</p>"), "{out}");
    }

    #[test]
    fn labels_are_escaped_and_text_without_notes_is_unchanged() {
        let out = html("x[^\"q]\n\n[^\"q]: n\n");
        assert!(out.contains("id=\"fn-&quot;q\""), "{out}");
        assert_eq!(html("plain\n"), "<p>plain</p>\n");
    }
}
