//! Candidate company names from a document's structure, the same for every shape: the header
//! field that names the subject, the title's "Name - ..." / "Name: ..." prefix, and list
//! entries led by a link (a company list's `[Name](homepage) - what it does`, a migration
//! list's `[Name: how we moved](story)`).
//!
//! A candidate is only a name and where it stands; [`super::evidence`] weighs it. Phrase cues
//! (sentences, "Go at X", roll calls) are found by `extract`, and go through the same weighing.

use super::normalize::Normalized;
use super::text::{Block, BlockKind};

/// Where a structural candidate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A header field that names the document's subject (`company: Dropbox`).
    SubjectField,
    /// The title's prefix: "Dropbox - Open sourcing our Go libraries".
    TitlePrefix,
    /// A list entry led by a link whose text is the name.
    ListEntry,
    /// A list entry led by a link whose text is "Name: title" or "Name - title".
    LinkTitlePrefix,
}

/// One candidate name.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The name as written.
    pub name: String,
    /// Where it stands.
    pub origin: Origin,
    /// The text that shows it (the entry's line, the header's quote, the description).
    pub quote: String,
    /// The link it leads, if any.
    pub link: Option<String>,
    /// The innermost heading above it, if any.
    pub group: Option<String>,
    /// For list entries: the index of the group (entries under the same heading share one).
    pub group_index: Option<usize>,
    /// For list entries: whether text follows the leading link (what the entry is).
    pub described: bool,
}

/// The structural candidates of `doc`, whose markdown reads as `blocks`.
pub fn structural(doc: &Normalized, blocks: &[Block]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let description = doc.description.clone().unwrap_or_default();
    if let Some(subject) = &doc.subject {
        out.push(Candidate {
            name: subject.name.clone(),
            origin: Origin::SubjectField,
            quote: subject
                .quote
                .clone()
                .filter(|q| !q.is_empty())
                .unwrap_or_else(|| description.clone()),
            link: subject.link.clone(),
            group: None,
            group_index: None,
            described: false,
        });
    }
    if let Some((name, _)) = split_title(&doc.title) {
        out.push(Candidate {
            name,
            origin: Origin::TitlePrefix,
            quote: if description.is_empty() {
                doc.title.clone()
            } else {
                description.clone()
            },
            // Where the document was published: a host that spells the name is evidence.
            link: doc.source_url.clone(),
            group: None,
            group_index: None,
            described: false,
        });
    }
    let mut group_index = 0;
    let mut last_group: Option<&str> = None;
    for b in blocks {
        if b.kind != BlockKind::ListItem {
            continue;
        }
        let group = b.context.last().map(|(_, h)| h.as_str());
        if group != last_group {
            group_index += 1;
            last_group = group;
        }
        let Some(lead) = b.links.first() else {
            continue;
        };
        // Led by the link: the entry's text starts with the link's text.
        let lead_text = lead.text.trim();
        if lead_text.is_empty() || !b.text.trim_start().starts_with(lead_text) {
            continue;
        }
        let (name, origin) = match split_title(lead_text) {
            Some((name, _)) => (name, Origin::LinkTitlePrefix),
            None => (lead_text.to_string(), Origin::ListEntry),
        };
        out.push(Candidate {
            name,
            origin,
            quote: b.text.clone(),
            link: Some(lead.url.clone()),
            group: group.map(str::to_string),
            group_index: Some(group_index),
            described: b.text.trim().len() > lead_text.len() + 3,
        });
    }
    out
}

/// "Name - rest", "Name: rest", "Name — rest" with a short name: `(name, rest)`.
pub fn split_title(title: &str) -> Option<(String, String)> {
    let (name, rest) = [" - ", " – ", " — ", ": "]
        .iter()
        .filter_map(|sep| title.split_once(sep))
        .min_by_key(|(name, _)| name.len())?;
    let name = name.trim();
    let words = name.split_whitespace().count();
    (words > 0 && words <= 4 && !rest.trim().is_empty())
        .then(|| (name.to_string(), rest.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_prefixes_split_on_the_first_separator_with_a_short_name() {
        assert_eq!(
            split_title("Dropbox - Open sourcing our Go libraries"),
            Some(("Dropbox".into(), "Open sourcing our Go libraries".into()))
        );
        assert_eq!(
            split_title("Disqus: Trying out this Go thing"),
            Some(("Disqus".into(), "Trying out this Go thing".into()))
        );
        assert_eq!(
            split_title("How we moved five services to Go - part 2"),
            None
        );
        assert_eq!(split_title("No separator here"), None);
    }
}
