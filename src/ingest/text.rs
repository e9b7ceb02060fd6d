//! Reading normalized markdown back as plain-text blocks with their heading context, so the
//! extractor can look at sentences, link texts, headings and tables without markup in the way.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of this level.
    Heading(u32),
    /// A paragraph (outside lists).
    Paragraph,
    /// A list item.
    ListItem,
    /// A table (see [`Block::table`]).
    Table,
}

/// A link inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// The destination.
    pub url: String,
}

/// One block of text.
#[derive(Debug, Clone)]
pub struct Block {
    /// Kind of block.
    pub kind: BlockKind,
    /// Plain text, link texts inline, URLs dropped, whitespace collapsed.
    pub text: String,
    /// Links in the block.
    pub links: Vec<Link>,
    /// Texts of the headings this block is under, outermost first (for a heading: its parents).
    pub context: Vec<(u32, String)>,
    /// Rows of cells, for tables (the header row first).
    pub table: Vec<Vec<String>>,
}

/// Splits markdown into blocks. Code blocks are skipped: code is not prose.
// Longer than 80 lines on purpose: one match over the parser's events, whose arms share the
// few pieces of state the walk keeps (the block being filled, heading context, links, table
// row and cell); split up, each piece would have to be threaded through every part.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut out = Vec::new();
    let mut context: Vec<(u32, String)> = Vec::new();
    let mut current: Option<Block> = None;
    let mut link_stack: Vec<(String, String)> = Vec::new();
    let mut in_code = false;
    let mut list_depth = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    let new = |kind, context: &Vec<(u32, String)>| Block {
        kind,
        text: String::new(),
        links: Vec::new(),
        context: context.clone(),
        table: Vec::new(),
    };
    for event in parser {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level as u32;
                context.retain(|(l, _)| *l < level);
                current = Some(new(BlockKind::Heading(level), &context));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(b) = current.take() {
                    context.push((level as u32, collapse(&b.text)));
                    out.push(finish(b));
                }
            }
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                if let Some(b) = current.take() {
                    out.push(finish(b));
                }
                current = Some(new(BlockKind::ListItem, &context));
            }
            Event::End(TagEnd::Item) => {
                if let Some(b) = current.take() {
                    out.push(finish(b));
                }
            }
            Event::Start(Tag::Paragraph) if list_depth == 0 => {
                current = Some(new(BlockKind::Paragraph, &context))
            }
            Event::End(TagEnd::Paragraph) if list_depth == 0 => {
                if let Some(b) = current.take() {
                    out.push(finish(b));
                }
            }
            Event::Start(Tag::Table(_)) => current = Some(new(BlockKind::Table, &context)),
            Event::End(TagEnd::Table) => {
                if let Some(b) = current.take() {
                    out.push(b);
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let Some(b) = current.as_mut() {
                    b.table.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(collapse(&cell.take().unwrap_or_default())),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_stack.push((String::new(), dest_url.to_string()))
            }
            Event::End(TagEnd::Link) => {
                if let (Some((text, url)), Some(b)) = (link_stack.pop(), current.as_mut()) {
                    b.links.push(Link {
                        text: collapse(&text),
                        url,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) if !in_code => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                } else if let Some(b) = current.as_mut() {
                    b.text.push_str(&t);
                }
                for (text, _) in &mut link_stack {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = current.as_mut() {
                    b.text.push(' ');
                }
            }
            _ => {}
        }
    }
    if let Some(b) = current.take() {
        out.push(finish(b));
    }
    out
}

fn finish(mut b: Block) -> Block {
    b.text = collapse(&b.text);
    b
}

/// Collapses runs of whitespace and trims.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

static MENTIONS_GO: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\bGo\b|\b[Gg]olang\b").unwrap());

/// Whether `word` (lowercase) is a question word, which opens a clause ("how Acme builds",
/// "Learn how Riot uses Go"): what follows is a clause, not the end of a name or a title.
pub fn is_question_word(word: &str) -> bool {
    matches!(
        word,
        "how" | "why" | "what" | "when" | "where" | "who" | "which" | "whether"
    )
}

/// Whether `word` is the language's name in any case ("Go", "go", "GOLANG"): in a candidate
/// name, where the verb does not occur, it is the language.
pub fn is_go_word(word: &str) -> bool {
    word.eq_ignore_ascii_case("go") || word.eq_ignore_ascii_case("golang")
}

/// Whether `text` names Go ("Go", "Golang", "golang"; not "go" the verb).
pub fn mentions_go(text: &str) -> bool {
    MENTIONS_GO.is_match(text)
}

/// Whether `needle` occurs in `haystack` as a whole word or phrase: no letter, digit or `_`
/// on either side.
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// Whether `text` ends like a sentence (a stop, a question or exclamation mark, a colon or a
/// closing quotation mark), not like a title or a heading ("Go at the BBC").
pub fn reads_as_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '…', ':', '”', '"', '’', '»'])
}

/// The first sentences of `text`, up to about 320 characters: a quote short enough for a
/// list, cut between sentences.
pub fn short_quote(text: &str) -> String {
    first_sentences(text, 320)
}

/// The sentences `text` starts with, as many as fit in about `max` bytes (at least one).
fn first_sentences(text: &str, max: usize) -> String {
    let mut out = String::new();
    for s in sentences(text) {
        if !out.is_empty() && out.len() + s.len() > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s);
    }
    out
}

/// A description for a document that has none: the first sentences of its first real
/// paragraph (40 characters or more; else its first list item or table), up to about 200
/// bytes; one long sentence is cut at a word.
pub fn summary(markdown: &str) -> Option<String> {
    let all = blocks(markdown);
    let long = |b: &&Block| b.text.chars().count() >= 40;
    let paragraph = all
        .iter()
        .filter(long)
        .find(|b| b.kind == BlockKind::Paragraph)
        .or_else(|| {
            all.iter()
                .find(|b| !matches!(b.kind, BlockKind::Heading(_)) && b.text.chars().count() >= 10)
        })?;
    let mut out = first_sentences(&paragraph.text, 200);
    if out.chars().count() > 240 {
        let cut: String = out.chars().take(200).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
        out = format!("{}…", cut.trim_end_matches([',', ';', ':']));
    }
    Some(out)
}

/// Splits text into sentences at `.`, `!` or `?` followed by a space and an uppercase letter,
/// a digit or a quote (so "vs. Java" and "e.g. this" stay whole).
pub fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?') && i + 2 < chars.len() && chars[i + 1] == ' ' {
            let next = chars[i + 2];
            let word_before: String = chars[start..i]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let abbreviation = matches!(
                word_before.to_lowercase().as_str(),
                "vs" | "e.g" | "i.e" | "inc" | "etc" | "mr" | "dr" | "st" | "no"
            );
            if !abbreviation
                && (next.is_uppercase()
                    || next.is_ascii_digit()
                    || matches!(next, '"' | '“' | '\'' | '‘' | '('))
            {
                let s: String = chars[start..=i].iter().collect();
                out.push(s.trim().to_string());
                start = i + 2;
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    let rest: String = chars[start..].iter().collect();
    if !rest.trim().is_empty() {
        out.push(rest.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_heading_context_and_links() {
        let md = "# Top\n\n## Who uses Go\n\n### Acme\n\nAcme uses [Go](https://go.dev) a lot.\n\n- [Go at Foo](https://x) by Bar\n\n| A | Go |\n|---|---|\n| 1 | 2 |\n\n```go\nfunc main() {}\n```\n";
        let b = blocks(md);
        let para = b.iter().find(|b| b.kind == BlockKind::Paragraph).unwrap();
        assert_eq!(para.text, "Acme uses Go a lot.");
        assert_eq!(
            para.context
                .iter()
                .map(|c| c.1.as_str())
                .collect::<Vec<_>>(),
            ["Top", "Who uses Go", "Acme"]
        );
        let item = b.iter().find(|b| b.kind == BlockKind::ListItem).unwrap();
        assert_eq!(item.links[0].text, "Go at Foo");
        let table = b.iter().find(|b| b.kind == BlockKind::Table).unwrap();
        assert_eq!(table.table[0], ["A", "Go"]);
        assert!(!b.iter().any(|b| b.text.contains("func main")));
    }

    #[test]
    fn sentences_split_on_terminal_punctuation_only() {
        let s =
            sentences("Go vs. Java is old news. Uber moved to Go! Is it faster? 3 teams agree.");
        assert_eq!(
            s,
            [
                "Go vs. Java is old news.",
                "Uber moved to Go!",
                "Is it faster?",
                "3 teams agree."
            ]
        );
    }
}
