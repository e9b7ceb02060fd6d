//! Reading on past a bad key: the entry serde stopped at is blanked (keeping every position)
//! so the rest of the file can be read, and every problem comes in one run.

/// The byte offset of 1-based `line` and `col` (in chars) in `text`.
pub(super) fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Blanks (with spaces, keeping every position) the innermost `key = value` entry of `text`
/// whose key or value holds byte `at`. False when no entry holds it.
pub(super) fn set_entry_aside(text: &mut String, at: usize) -> bool {
    let Ok(table) = toml::de::DeTable::parse(text) else {
        return false;
    };
    // serde points at the key of an unknown field and at the value of a wrong one. A table's
    // own span may not cover its keys ([markdown] ... on later lines), so tables are searched
    // whatever their span.
    fn find(table: &toml::de::DeTable<'_>, at: usize) -> Option<std::ops::Range<usize>> {
        for (key, value) in table.iter() {
            let nested = match value.get_ref() {
                toml::de::DeValue::Table(t) => find(t, at),
                toml::de::DeValue::Array(items) => {
                    items.iter().find_map(|item| match item.get_ref() {
                        toml::de::DeValue::Table(t) => find(t, at),
                        _ => None,
                    })
                }
                _ => None,
            };
            if nested.is_some() {
                return nested;
            }
            if key.span().contains(&at) || value.span().contains(&at) {
                return Some(key.span().start..value.span().end);
            }
        }
        None
    }
    let Some(mut range) = find(table.get_ref(), at) else {
        return false;
    };
    // A table given by a header (`[markdown.highlighting]`): the header and the keys under it,
    // up to the next header, go together; blanking the name alone would leave `[markdown.]`.
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..range.start].trim_start().starts_with('[') {
        let after_header = text[range.start..]
            .find('\n')
            .map_or(text.len(), |i| range.start + i + 1);
        let next_header = text[after_header..]
            .match_indices('\n')
            .map(|(i, _)| after_header + i + 1)
            .chain(std::iter::once(after_header))
            .filter(|&i| i <= text.len() && text[i..].trim_start().starts_with('['))
            .min()
            .unwrap_or(text.len());
        range = line_start..next_header.max(range.end);
    }
    let blanked: String = text[range.clone()]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    text.replace_range(range, &blanked);
    true
}
