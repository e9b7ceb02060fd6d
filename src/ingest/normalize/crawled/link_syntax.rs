//! Link syntax scanning (byte-wise; the delimiters are ASCII): where `[text](dest)` and
//! `![alt](src)` start and end in a crawled line. Separate from the chrome and card rules that
//! use it, because it is the part that must stay linear on hostile lines.

/// Index just past the delimiter closing the one at `open` (backslash escapes honoured).
fn matching(s: &str, open: usize, o: u8, c: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            x if x == o => depth += 1,
            x if x == c => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the parts of a link written at some byte are: the text between the brackets, the
/// inside of the parentheses, and the end (just past `)`).
pub(super) struct LinkSpan {
    pub(super) text: std::ops::Range<usize>,
    inside: std::ops::Range<usize>,
    pub(super) end: usize,
}

impl LinkSpan {
    /// The destination: the first word inside the parentheses (or the `<…>` form).
    pub(super) fn dest<'a>(&self, s: &'a str) -> &'a str {
        let inside = s[self.inside.clone()].trim();
        if let Some(rest) = inside.strip_prefix('<') {
            rest.split('>').next().unwrap_or_default()
        } else {
            inside.split(char::is_whitespace).next().unwrap_or_default()
        }
    }
}

/// The span of `[text](dest)` or `![alt](src)` starting at byte `at`, with `close(open, o, c)`
/// answering what [`matching`] would.
fn link_span(
    s: &str,
    at: usize,
    close: impl Fn(usize, u8, u8) -> Option<usize>,
) -> Option<LinkSpan> {
    let b = s.as_bytes();
    let open = if b.get(at) == Some(&b'!') { at + 1 } else { at };
    if b.get(open) != Some(&b'[') {
        return None;
    }
    let text_end = close(open, b'[', b']')?;
    if b.get(text_end) != Some(&b'(') {
        return None;
    }
    let end = close(text_end, b'(', b')')?;
    Some(LinkSpan {
        text: open + 1..text_end - 1,
        inside: text_end + 1..end - 1,
        end,
    })
}

/// `[text](dest)` or `![alt](src)` starting at byte `at`: (text, destination, end).
pub(super) fn link_at(s: &str, at: usize) -> Option<(&str, &str, usize)> {
    let span = link_span(s, at, |open, o, c| matching(s, open, o, c))?;
    Some((&s[span.text.clone()], span.dest(s), span.end))
}

/// What [`matching`] returns for every opening delimiter of one line, found in one pass, for
/// the scans that try a link at many places of a line: calling [`matching`] at each would
/// rescan the rest of the line every time (quadratic on a line of `[` or `![`).
pub(super) struct Matches {
    brackets: Vec<usize>,
    parens: Vec<usize>,
}

impl Matches {
    pub(super) fn new(s: &str) -> Matches {
        Matches {
            brackets: all_matching(s, b'[', b']'),
            parens: all_matching(s, b'(', b')'),
        }
    }

    /// [`link_span`] at `at`, in constant time.
    pub(super) fn span(&self, s: &str, at: usize) -> Option<LinkSpan> {
        link_span(s, at, |open, o, _| {
            let table = if o == b'[' {
                &self.brackets
            } else {
                &self.parens
            };
            table.get(open).copied().filter(|&e| e != usize::MAX)
        })
    }
}

/// For each byte `p` of `s` that is `o`, `matching(s, p, o, c)` (`usize::MAX` for `None` and
/// for other bytes).
///
/// Scanning from `p` tokenizes the rest of the line as one scan from the start does (after the
/// delimiter at `p`, escaped or not, both go on at `p + 1`), so with `level[q]` the balance of
/// the unescaped delimiters up to `q`, the match of `p` is the first unescaped `c` after `p`
/// where the level drops to `level[p] - 1`. One sweep from the right keeps, per level, the
/// nearest such closer.
fn all_matching(s: &str, o: u8, c: u8) -> Vec<usize> {
    let b = s.as_bytes();
    let n = b.len();
    let mut level = vec![0isize; n];
    let mut closer = vec![false; n];
    let mut depth = 0isize;
    let mut i = 0;
    while i < n {
        if b[i] == b'\\' {
            level[i] = depth;
            if i + 1 < n {
                level[i + 1] = depth;
            }
            i += 2;
            continue;
        }
        if b[i] == o {
            depth += 1;
        } else if b[i] == c {
            depth -= 1;
            closer[i] = true;
        }
        level[i] = depth;
        i += 1;
    }
    let lo = level.iter().copied().min().unwrap_or(0).min(0) - 1;
    let hi = level.iter().copied().max().unwrap_or(0).max(0);
    let mut nearest = vec![usize::MAX; (hi - lo + 1) as usize];
    let mut out = vec![usize::MAX; n];
    for q in (0..n).rev() {
        if b[q] == o {
            let at = nearest[(level[q] - 1 - lo) as usize];
            if at != usize::MAX {
                out[q] = at + 1;
            }
        }
        if closer[q] {
            nearest[(level[q] - lo) as usize] = q;
        }
    }
    out
}
