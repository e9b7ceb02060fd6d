//! The site-wide search index, in fragments: a reader's browser loads the small entry file,
//! then only the word chunks a query's words fall in and the result chunks of the hits it
//! shows, so one query costs a few dozen kilobytes however big the site is (Pagefind's idea).
//!
//! Every file is a script that hands its data to `gazetteSearchLoaded(name, data)`, not JSON
//! to fetch: browsers refuse `fetch` from `file://`, but load scripts, so search works from a
//! folder opened on disk as well as on any static host. The data is JSON, which is a valid
//! script expression, and the theme shows it with `textContent` only.
//!
//! Words go through elasticlunr's English pipeline (trimmer, stop words, Porter stemmer) here
//! and, from `elasticlunr.min.js`, in the browser, so a query's words match the index's.
//!
//! Why not the `pagefind` crate: it brings its own web server (actix-web, tokio: about 300
//! crates, more than Gazette's whole tree), and its browser side fetches a WebAssembly module
//! and binary fragments, which `file://` forbids.

use std::collections::HashMap;
use std::sync::Arc;

use elasticlunr::Language;
use rayon::prelude::*;

use crate::render::SiteValues;
use crate::site::{Site, TermSearch};

/// The folder the index is written to, per language (`search/en/`, `search/pt-br/`); the
/// config only takes plain language tags.
pub fn search_dir(language: &str) -> String {
    format!("search/{}/", language.trim().to_ascii_lowercase())
}

/// The entry file of the index, the one the search page loads first.
pub fn search_index_file(language: &str) -> String {
    format!("{}index.js", search_dir(language))
}

/// How long a result's snippet is, at most, in characters.
const SNIPPET: usize = 160;

/// A word chunk is closed once it holds this many bytes (a word's list is never split, so a
/// chunk is at most this plus one list: about 24 KB). The search page loads at most 6 words'
/// chunks and 3 more for the last word's prefix, so a query stays under 300 KB.
const WORD_CHUNK_BYTES: usize = 16 * 1024;

/// Results per result chunk: a page of 20 hits loads at most 20 small files.
const DOCS_PER_CHUNK: usize = 8;

/// The most documents one word lists: those where it weighs most. A word on nearly every page
/// ("go") ranks nothing, and listing all 10,000 pages would cost every query that uses it.
const MAX_POSTINGS: usize = 1000;

/// How much more a word in the title counts than one in the body.
const TITLE_BOOST: f64 = 10.0;

/// The first words of `text`, up to [`SNIPPET`] characters, cut at a word.
fn snippet(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > SNIPPET {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// What a result shows of a document.
struct Shown {
    title: String,
    kind: String,
    url: String,
    /// The first words of its body.
    snippet: String,
}

/// One searchable document: what is searched and what a result shows.
struct Doc {
    title: String,
    kind: String,
    url: String,
    /// Shown under the title; searched.
    body: String,
    /// Searched but not shown (a company's domains).
    also: String,
}

/// The documents of the site, pages, sections and taxonomy terms in the site's order,
/// indexed. A page's text is counted as soon as it is extracted, in parallel, and its words
/// go into the index at once: neither the texts of all pages nor their word lists are ever
/// held together.
fn documents(site: &Site, values: &SiteValues, lang: &str) -> Index {
    let pages: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.page_is_searchable(i) && site.pages[i].lang == lang)
        .collect();
    let mut index = (pages.par_iter().enumerate())
        .map_init(Indexer::new, |indexer, (number, &i)| {
            let p = &site.pages[i];
            let html = values.pages[i]
                .get_from_path("content")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let kind = site.extension.made(&p.file).unwrap_or("Page");
            let doc = Doc {
                title: p.title().to_string(),
                kind: kind.into(),
                url: p.permalink.clone(),
                body: text_of(html),
                also: String::new(),
            };
            (number as u32, indexed(indexer, doc))
        })
        .fold(Index::default, |mut index, (number, (shown, words))| {
            index.add(number, shown, words);
            index
        })
        .reduce(Index::default, Index::merge);
    let mut others = Vec::new();
    for (id, s) in site.sections.iter().enumerate() {
        if !site.section_is_searchable(id) || s.lang != lang {
            continue;
        }
        others.push(Doc {
            title: s.title(),
            kind: "Section".into(),
            url: s.permalink.clone(),
            body: s.file.meta.description.clone().unwrap_or_default(),
            also: String::new(),
        });
    }
    others.extend(term_documents(site, lang));
    let mut indexer = Indexer::new();
    for (k, doc) in others.into_iter().enumerate() {
        let (shown, words) = indexed(&mut indexer, doc);
        index.add((pages.len() + k) as u32, shown, words);
    }
    index
}

/// The index being built: every word's postings, and what each document shows.
#[derive(Default)]
struct Index {
    /// Word ids by word, and words by id (shared with the workers' vocabularies).
    ids: HashMap<Arc<str>, u32, foldhash::fast::FixedState>,
    vocabulary: Vec<Arc<str>>,
    /// By word id: the documents it is in (by number, in order) with its counts there. A
    /// 10k-page site has two million of these, 12 bytes each.
    postings: Vec<Vec<(u32, Counts)>>,
    /// The documents, in order: number, what a result shows, lengths.
    docs: Vec<(u32, Shown, Lengths)>,
}

impl Index {
    /// Adds document `number` (numbers come in increasing order).
    fn add(&mut self, number: u32, shown: Shown, words: Words) {
        for (word, counts) in words.counts {
            let id = self.id_of(word);
            self.postings[id].push((number, counts));
        }
        let lengths = Lengths {
            title: words.title_len,
            body: words.body_len,
        };
        self.docs.push((number, shown, lengths));
    }

    fn id_of(&mut self, word: Arc<str>) -> usize {
        if let Some(&id) = self.ids.get(&word) {
            return id as usize;
        }
        let id = self.vocabulary.len();
        self.ids.insert(word.clone(), id as u32);
        self.vocabulary.push(word);
        self.postings.push(Vec::new());
        id
    }

    /// `self` with `later`'s documents added, which come after its own (rayon reduces
    /// neighbouring pieces in order). Checked: every list must be in document order.
    fn merge(mut self, later: Index) -> Index {
        let ordered = match (self.docs.last(), later.docs.first()) {
            (Some(last), Some(next)) => last.0 < next.0,
            _ => true,
        };
        for (word, list) in later.vocabulary.into_iter().zip(later.postings) {
            let id = self.id_of(word);
            self.postings[id].extend(list);
        }
        self.docs.extend(later.docs);
        if !ordered {
            self.docs.sort_by_key(|d| d.0);
            for list in &mut self.postings {
                list.sort_by_key(|p| p.0);
            }
        }
        self
    }
}

/// How many words a document's title and body have: a word's weight in a document is its
/// count relative to these.
#[derive(Clone, Copy)]
struct Lengths {
    title: u32,
    body: u32,
}

/// What a result shows of `doc`, and its words.
fn indexed(indexer: &mut Indexer, doc: Doc) -> (Shown, Words) {
    let words = count_words(indexer, &doc);
    let shown = Shown {
        snippet: snippet(&doc.body),
        title: doc.title,
        kind: doc.kind,
        url: doc.url,
    };
    (shown, words)
}

/// The documents of the taxonomy terms: what the preprocessor says of its terms (ingest gives a
/// company its evidence as body, so a search for it finds its page before the articles that
/// mention it), the name alone for the others.
fn term_documents(site: &Site, lang: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    for t in site.taxonomies.iter().filter(|t| t.lang == lang) {
        for term in &t.terms {
            let found = site.extension.term_search(&t.config.name, &term.slug);
            let (kind, body, also) = match found {
                Some(TermSearch { kind, body, also }) => (kind, body, also),
                None => (capitalize(&t.config.name), String::new(), String::new()),
            };
            docs.push(Doc {
                title: term.name.clone(),
                kind,
                url: term.permalink.clone(),
                body,
                also,
            });
        }
    }
    docs
}

/// One file of the index: its path under the site and its script.
pub type SearchFile = (String, String);

/// How often a word occurs in a document's title and body.
#[derive(Default, Clone, Copy)]
struct Counts {
    title: u32,
    body: u32,
}

/// Values by word. A word's hash needs no defence against collisions here (the words are the
/// site's own), and SipHash was a tenth of the index's time; nothing depends on the order.
type WordMap<V> = HashMap<String, V, foldhash::fast::FixedState>;

/// A document's words with their counts, and how many words its title and body have (on its
/// way into the [`Index`]). The words are shared with the vocabulary of the worker that
/// counted them, not copied.
struct Words {
    counts: Vec<(Arc<str>, Counts)>,
    title_len: u32,
    body_len: u32,
}

/// The index words of `text`, through elasticlunr's English pipeline, each handed to `each`
/// by its id in `indexer`'s vocabulary. The words already seen are cached by the word as
/// written, so a word seen before costs one lookup: no copy, no lowercasing. What a word
/// becomes is elasticlunr's `tokenize` (split at white space and `-`, trimmed, lowercased),
/// then ours ([`index_word`]), then its pipeline.
fn words_of(text: &str, indexer: &mut Indexer, mut each: impl FnMut(u32)) {
    let split = |c: char| c.is_whitespace() || c == '-';
    // ASCII text (nearly all of it) is split by bytes, not by decoded characters: the same
    // cuts, several times faster.
    let ascii_words = text.is_ascii().then(|| {
        let cut = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r' | b'-');
        (text.as_bytes().split(cut)).filter_map(|w| std::str::from_utf8(w).ok())
    });
    let words: Box<dyn Iterator<Item = &str>> = match ascii_words {
        Some(words) => Box::new(words),
        None => Box::new(text.split(split)),
    };
    for raw in words.filter(|s| !s.is_empty()) {
        let id = match indexer.seen.get(raw) {
            Some(id) => *id,
            None => {
                let word = index_word(raw.trim().to_lowercase(), &indexer.pipeline);
                let id = word.map(|w| indexer.id_of(w));
                indexer.seen.insert(raw.to_string(), id);
                id
            }
        };
        if let Some(id) = id {
            each(id);
        }
    }
}

/// What one token (as elasticlunr's `tokenize` gives it) is indexed as, if anything.
fn index_word(mut token: String, pipeline: &elasticlunr::Pipeline) -> Option<String> {
    if token.chars().count() > MAX_INDEXED_WORD {
        return None;
    }
    // "Dropbox's" is Dropbox (the search page does the same to a query).
    let end = token.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    for possessive in ["'s", "’s"] {
        if end > possessive.len() + 1 && token[..end].ends_with(possessive) {
            token.truncate(end - possessive.len());
            break;
        }
    }
    (pipeline.run(vec![token]).into_iter().next()).filter(|w| !w.is_empty())
}

/// What the documents of one worker share: the pipeline, what each word as written became (a
/// site's vocabulary is small: each word goes through the stemmer once per worker), and the
/// tally of the document being counted, by word id.
struct Indexer {
    pipeline: elasticlunr::Pipeline,
    seen: WordMap<Option<u32>>,
    /// Index words by id, and ids by index word.
    vocabulary: Vec<Arc<str>>,
    ids: WordMap<u32>,
    /// Counts by word id, and the ids the current document touched.
    tally: Vec<Counts>,
    touched: Vec<u32>,
}

impl Indexer {
    fn new() -> Indexer {
        Indexer {
            pipeline: elasticlunr::lang::English::new().make_pipeline(),
            seen: WordMap::default(),
            vocabulary: Vec::new(),
            ids: WordMap::default(),
            tally: Vec::new(),
            touched: Vec::new(),
        }
    }

    fn id_of(&mut self, word: String) -> u32 {
        if let Some(&id) = self.ids.get(&word) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.push(Arc::from(word.as_str()));
        self.ids.insert(word, id);
        self.tally.push(Counts::default());
        id
    }

    /// Adds one occurrence of word `id`, in the title or the body.
    fn count(&mut self, id: u32, in_title: bool) {
        let counts = &mut self.tally[id as usize];
        if counts.title == 0 && counts.body == 0 {
            self.touched.push(id);
        }
        match in_title {
            true => counts.title += 1,
            false => counts.body += 1,
        }
    }
}

fn count_words(indexer: &mut Indexer, doc: &Doc) -> Words {
    let (mut title_len, mut body_len) = (0, 0);
    let mut found = Vec::new();
    words_of(&doc.title, indexer, |id| found.push(id));
    title_len += found.len() as u32;
    for id in found.drain(..) {
        indexer.count(id, true);
    }
    for text in [&doc.body, &doc.also] {
        words_of(text, indexer, |id| found.push(id));
        body_len += found.len() as u32;
        for id in found.drain(..) {
            indexer.count(id, false);
        }
    }
    let touched = std::mem::take(&mut indexer.touched);
    let counts: Vec<(Arc<str>, Counts)> = (touched.iter())
        .map(|&id| {
            let c = std::mem::take(&mut indexer.tally[id as usize]);
            (indexer.vocabulary[id as usize].clone(), c)
        })
        .collect();
    indexer.touched = touched;
    indexer.touched.clear();
    Words {
        counts,
        title_len,
        body_len,
    }
}

/// A script that hands `data` (JSON) to the search page under `name`.
fn script(name: &str, data: &str) -> String {
    format!(
        "gazetteSearchLoaded({},{data});\n",
        serde_json::Value::from(name)
    )
}

/// Builds the index: the entry file first (its path is [`search_index_file`]), then the word
/// chunks `w0.js`, `w1.js`, ... and the result chunks `r0.js`, `r1.js`, ...
///
/// A word's list holds, per document, the document's number and the word's weight there (an
/// integer: tf-idf with the title boosted, as elasticlunr scores), the numbers as gaps from the
/// previous one. The entry lists each word chunk's first and last word, so the browser knows
/// which chunk holds a word and which hold the words starting with a prefix. Each language has
/// its own index, of its pages, sections and terms.
pub fn search_index(site: &Site, values: &SiteValues, lang: &str) -> Vec<SearchFile> {
    let dir = search_dir(lang);
    let index = documents(site, values, lang);
    let lengths: Vec<Lengths> = index.docs.iter().map(|d| d.2).collect();
    let mut sorted: Vec<(&str, &[(u32, Counts)])> = (index.vocabulary.iter())
        .zip(&index.postings)
        .map(|(word, found)| (&**word, found.as_slice()))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let lists: Vec<(&str, String)> = sorted
        .par_iter()
        .map(|(word, found)| (*word, posting_list(found, &lengths)))
        .collect();
    let docs: Vec<&Shown> = index.docs.iter().map(|d| &d.1).collect();
    let (mut files, ranges) = word_chunks(&lists, &dir);
    for (k, group) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let rows: Vec<serde_json::Value> = group
            .iter()
            .map(|d| serde_json::json!([d.title, d.kind, d.url, d.snippet]))
            .collect();
        let name = format!("r{k}");
        files.push((
            format!("{dir}{name}.js"),
            script(&name, &serde_json::Value::from(rows).to_string()),
        ));
    }
    let entry = serde_json::json!({
        "docs": docs.len(),
        "perChunk": DOCS_PER_CHUNK,
        "cap": MAX_POSTINGS,
        "words": ranges,
    });
    files.insert(
        0,
        (
            format!("{dir}index.js"),
            script("index", &entry.to_string()),
        ),
    );
    files
}

/// The list of a word found in `found` (document, counts): `[gap, weight, gap, weight, ...]`,
/// the [`MAX_POSTINGS`] documents where it weighs most, in document order.
fn posting_list(found: &[(u32, Counts)], lengths: &[Lengths]) -> String {
    let idf = 1.0 + (lengths.len() as f64 / (found.len() as f64 + 1.0)).ln();
    let field = |count: u32, len: u32| {
        if count == 0 {
            0.0
        } else {
            (count as f64).sqrt() / (len.max(1) as f64).sqrt()
        }
    };
    let mut weighted: Vec<(u32, u32)> = found
        .iter()
        .map(|&(d, c)| {
            let l = &lengths[d as usize];
            let score = idf * (TITLE_BOOST * field(c.title, l.title) + field(c.body, l.body));
            (d, ((score * 1000.0).round() as u32).max(1))
        })
        .collect();
    if weighted.len() > MAX_POSTINGS {
        weighted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        weighted.truncate(MAX_POSTINGS);
        weighted.sort_unstable();
    }
    use std::fmt::Write;
    let mut out = String::from("[");
    let mut previous = 0;
    for (k, (d, w)) in weighted.into_iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        let _ = write!(out, "{},{w}", d - previous);
        previous = d;
    }
    out.push(']');
    out
}

/// The word chunks `w0.js`, `w1.js`, ... of `lists` (in word order), each closed once it is
/// [`WORD_CHUNK_BYTES`] long, and each chunk's first and last word.
fn word_chunks<'a>(
    lists: &[(&'a str, String)],
    dir: &str,
) -> (Vec<SearchFile>, Vec<(&'a str, &'a str)>) {
    let mut files = Vec::new();
    let mut ranges = Vec::new();
    let mut chunk = String::new();
    let mut first = "";
    for (k, (word, list)) in lists.iter().enumerate() {
        if chunk.is_empty() {
            first = word;
        } else {
            chunk.push(',');
        }
        chunk.push_str(&serde_json::Value::from(*word).to_string());
        chunk.push(':');
        chunk.push_str(list);
        if chunk.len() >= WORD_CHUNK_BYTES || k + 1 == lists.len() {
            let name = format!("w{}", ranges.len());
            files.push((
                format!("{dir}{name}.js"),
                script(&name, &format!("{{{chunk}}}")),
            ));
            ranges.push((first, *word));
            chunk.clear();
        }
    }
    (files, ranges)
}

/// The longest word the index takes, in characters. Nobody searches for a base64 blob, a long
/// URL or a run of brackets, and one such "word" of megabytes would sit in some chunk.
pub const MAX_INDEXED_WORD: usize = 64;

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The text of an HTML fragment: tags dropped, common entities decoded, code kept, runs of
/// white space made one space. One pass over the bytes, with ASCII bytes copied as they are:
/// the index reads every page's HTML through it.
pub fn text_of(html: &str) -> String {
    const ENTITIES: [(&str, u8); 6] = [
        ("&lt;", b'<'),
        ("&gt;", b'>'),
        ("&quot;", b'"'),
        ("&#39;", b'\''),
        ("&#x27;", b'\''),
        ("&amp;", b'&'),
    ];
    let bytes = html.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(html.len());
    let (mut in_tag, mut space) = (false, false);
    // Text starts: a space first if white space (or a tag) came before, but not at the start.
    let start = |out: &mut Vec<u8>, space: &mut bool| {
        if std::mem::take(space) && !out.is_empty() {
            out.push(b' ');
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_tag {
            in_tag = b != b'>';
            i += 1;
            continue;
        }
        if !b.is_ascii() {
            let c = html[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if c.is_whitespace() {
                space = true;
            } else {
                start(&mut out, &mut space);
                out.extend_from_slice(&bytes[i..i + len]);
            }
            i += len;
            continue;
        }
        match b {
            b'<' => (in_tag, space) = (true, true),
            b'>' => {}
            // What `char::is_whitespace` is true of below 128.
            b' ' | b'\t'..=b'\r' => space = true,
            b'&' => {
                let entity = ENTITIES
                    .iter()
                    .find(|(e, _)| bytes[i..].starts_with(e.as_bytes()));
                start(&mut out, &mut space);
                match entity {
                    Some((e, decoded)) => {
                        out.push(*decoded);
                        i += e.len() - 1;
                    }
                    None => out.push(b'&'),
                }
            }
            _ => {
                start(&mut out, &mut space);
                out.push(b);
            }
        }
        i += 1;
    }
    // Whole characters and ASCII bytes were copied: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `text_of` gave before it was one pass: the oracle it must still agree with.
    fn text_of_by_replacing(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    out.push(' ');
                }
                '>' => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        let out = (out
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\""))
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn text_of_agrees_with_replacing_entities_one_by_one() {
        for html in [
            "",
            "  <p>Hello,\n  <em>world</em>!</p>  ",
            "<pre><code>a &lt; b &amp;&amp; c &gt; d</code></pre>",
            "&amp;lt; &amp;amp; &quot;q&quot; &#39;s &#x27;t &unknown; & alone &",
            "tab\there\u{a0}nbsp é <br/>x<img alt=\"a>b\">",
            "&&lt;&&gt;&amp",
        ] {
            assert_eq!(text_of(html), text_of_by_replacing(html), "{html:?}");
        }
    }

    /// Whichever order rayon hands two pieces of the index over in, the merged index lists
    /// documents, and each word's documents, in document order.
    #[test]
    fn merged_indexes_keep_documents_in_order() {
        let piece = |numbers: &[u32]| {
            let mut indexer = Indexer::new();
            let mut index = Index::default();
            for &n in numbers {
                let doc = Doc {
                    title: format!("Title{n}"),
                    kind: "Page".into(),
                    url: format!("/d{n}/"),
                    body: "shared platform words".into(),
                    also: String::new(),
                };
                let (shown, words) = indexed(&mut indexer, doc);
                index.add(n, shown, words);
            }
            index
        };
        for merged in [
            piece(&[0, 1]).merge(piece(&[2, 3])),
            piece(&[2, 3]).merge(piece(&[0, 1])),
        ] {
            let numbers: Vec<u32> = merged.docs.iter().map(|d| d.0).collect();
            assert_eq!(numbers, [0, 1, 2, 3]);
            let urls: Vec<&str> = merged.docs.iter().map(|d| d.1.url.as_str()).collect();
            assert_eq!(urls, ["/d0/", "/d1/", "/d2/", "/d3/"]);
            let platform = merged.ids[&*Arc::<str>::from("platform")] as usize;
            let found: Vec<u32> = merged.postings[platform].iter().map(|p| p.0).collect();
            assert_eq!(found, [0, 1, 2, 3]);
        }
    }

    fn words(text: &str) -> Vec<String> {
        let mut indexer = Indexer::new();
        let mut ids = Vec::new();
        words_of(text, &mut indexer, |id| ids.push(id));
        (ids.iter())
            .map(|&id| indexer.vocabulary[id as usize].to_string())
            .collect()
    }

    #[test]
    fn words_are_stemmed_without_stop_words_and_long_ones_are_left_out() {
        let long = "x".repeat(MAX_INDEXED_WORD + 1);
        let just = "z".repeat(MAX_INDEXED_WORD);
        assert_eq!(
            words(&format!(
                "The payments {long} of {just} Dropbox's, fast-moving"
            )),
            ["payment", just.as_str(), "dropbox", "fast", "move"]
        );
    }

    #[test]
    fn text_of_drops_tags_and_decodes_entities() {
        assert_eq!(
            text_of("<p>Go &amp; <em>Rust</em></p>\n<pre><code>a &lt; b</code></pre>"),
            "Go & Rust a < b"
        );
    }
}
