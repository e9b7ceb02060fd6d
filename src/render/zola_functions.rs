//! Zola's functions and filters for Gazette's Tera 2 templates: the same answers Tera 1 gives
//! Zola's sites (see `tera1.rs`), from the same [`Lookup`](super::functions::Lookup) and
//! `zola_filters`.

use tera::{Kwargs, State, Tera, Value};

use super::functions::{SharedLookup, fail, read};
use super::images::Resize;

/// Registers `resize_image`, `get_image_metadata`, `get_hash` and `get_taxonomy_term`.
pub(super) fn register(tera: &mut Tera, lookup: SharedLookup) {
    register_images(tera, lookup.clone());
    register_zola_functions(tera, lookup);
}

/// Zola's `resize_image` and `get_image_metadata`.
fn register_images(tera: &mut Tera, lookup: SharedLookup) {
    let l = lookup.clone();
    tera.register_function(
        "resize_image",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let size = |name| -> tera::TeraResult<Option<u32>> {
                Ok(kwargs
                    .get::<i64>(name)?
                    .map(|n| n.clamp(0, i64::from(u32::MAX)) as u32))
            };
            let resize = Resize {
                path: kwargs.must_get("path")?,
                width: size("width")?,
                height: size("height")?,
                op: kwargs.get("op")?.unwrap_or_else(|| "fill".to_string()),
                format: kwargs.get("format")?.unwrap_or_else(|| "auto".to_string()),
                quality: size("quality")?.map(|q| q.min(255) as u8),
            };
            let resized = read(&l).resize_image(&resize).map_err(fail)?;
            Ok(Value::from_serializable(&resized))
        },
    );
    let l = lookup;
    tera.register_function(
        "get_image_metadata",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: String = kwargs.must_get("path")?;
            let metadata = read(&l).image_metadata(&path).map_err(fail)?;
            Ok(Value::from_serializable(&metadata))
        },
    );
}

/// Zola's `get_hash` and `get_taxonomy_term`, as in Tera 1 (see `tera1.rs`).
fn register_zola_functions(tera: &mut Tera, lookup: SharedLookup) {
    let l = lookup.clone();
    tera.register_function(
        "get_hash",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let sha = kwargs.get::<u64>("sha_type")?.unwrap_or(384);
            let base64 = kwargs.get::<bool>("base64")?.unwrap_or(true);
            let (path, literal) = (kwargs.get::<&str>("path")?, kwargs.get::<&str>("literal")?);
            read(&l).hash(path, literal, sha, base64).map_err(fail)
        },
    );
    let l = lookup;
    tera.register_function(
        "get_taxonomy_term",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let kind: &str = kwargs.must_get("kind")?;
            let term: &str = kwargs.must_get("term")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            read(&l).taxonomy_term(kind, term, lang).map_err(fail)
        },
    );
}

/// Zola's filters (see `zola_filters`), for Gazette's Tera 2 templates too.
pub(super) fn register_filters(tera: &mut Tera) {
    use super::zola_filters as z;
    tera.register_filter("markdown", |value: &str, kwargs: Kwargs, _: &State| {
        let inline = kwargs.get::<bool>("inline")?.unwrap_or(false);
        // Not marked safe, as in Zola: a template says `| safe` when the text is its own.
        Ok::<_, tera::Error>(z::markdown(value, inline))
    });
    tera.register_filter("base64_encode", |value: &str, _: Kwargs, _: &State| {
        z::base64_encode(value)
    });
    tera.register_filter("base64_decode", |value: &str, _: Kwargs, _: &State| {
        z::base64_decode(value).map_err(fail)
    });
    tera.register_filter("regex_replace", |value: &str, kwargs: Kwargs, _: &State| {
        let pattern: &str = kwargs.must_get("pattern")?;
        let rep: &str = kwargs.must_get("rep")?;
        z::regex_replace(value, pattern, rep).map_err(fail)
    });
    tera.register_filter("num_format", |value: Value, _: Kwargs, _: &State| {
        let n = value
            .as_i64()
            .ok_or_else(|| fail(format!("num_format: expects an integer, got {value}")))?;
        Ok::<_, tera::Error>(z::num_format(n))
    });
    tera.register_filter("striptags", |value: &str, _: Kwargs, _: &State| {
        z::striptags(value)
    });
    tera.register_filter("urlencode", |value: &str, _: Kwargs, _: &State| {
        z::urlencode(value)
    });
    tera.register_filter("json_encode", |value: Value, kwargs: Kwargs, _: &State| {
        let pretty = kwargs.get::<bool>("pretty")?.unwrap_or(false);
        let json = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        };
        json.map_err(|e| fail(format!("json_encode: {e}")))
    });
    // `slice(start, end)`: negative indices count from the end, as in Tera 1.
    tera.register_filter("slice", |value: &[Value], kwargs: Kwargs, _: &State| {
        let len = value.len() as i64;
        let at = |i: i64| (if i < 0 { len + i } else { i }).clamp(0, len) as usize;
        let start = at(kwargs.get::<i64>("start")?.unwrap_or(0));
        let end = at(kwargs.get::<i64>("end")?.unwrap_or(len));
        Ok::<_, tera::Error>(Value::from(value[start..end.max(start)].to_vec()))
    });
    tera.register_filter("concat", |value: Value, kwargs: Kwargs, _: &State| {
        let mut all: Vec<Value> = value
            .as_array()
            .map(<[Value]>::to_vec)
            .unwrap_or_else(|| vec![value.clone()]);
        let with: Value = kwargs.must_get("with")?;
        match with.as_array() {
            Some(items) => all.extend(items.iter().cloned()),
            None => all.push(with.clone()),
        }
        Ok::<_, tera::Error>(Value::from(all))
    });
    // `filter(attribute, value)`: the items whose attribute is that value (or is not none).
    tera.register_filter("filter", |value: &[Value], kwargs: Kwargs, _: &State| {
        let attribute: &str = kwargs.must_get("attribute")?;
        let wanted: Option<Value> = kwargs.get("value")?;
        let kept: Vec<Value> = (value.iter())
            .filter(|item| match (item.get_from_path(attribute), &wanted) {
                (Some(v), Some(w)) => v == w,
                (Some(v), None) => !v.is_none() && !v.is_undefined(),
                (None, _) => false,
            })
            .cloned()
            .collect();
        Ok::<_, tera::Error>(Value::from(kept))
    });
}
