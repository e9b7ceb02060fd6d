//! Zola's image functions for templates and shortcodes: `resize_image` (its five operations,
//! JPEG, PNG or WebP output, JPEG quality) and `get_image_metadata`.
//!
//! A resized image is named by a hash of its source's bytes and of the resize, so the same
//! request gives the same file, and a changed source a new one. Each is made once: it is kept
//! in `.gazette-cache/processed_images/` between builds (written to a temporary name and
//! renamed, so a killed build leaves no half image there), and the build copies the images its
//! templates asked for to `processed_images/` in the output. A dev session keeps one
//! [`Images`] across rebuilds, so the images of outputs and markdown it reuses (and does not
//! render again) are still served. Sources are found as Zola finds
//! them (see [`find_site_file`]), never outside the site.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use image::{DynamicImage, GenericImageView, ImageFormat, imageops::FilterType};

use super::tera1::find_site_file;

/// Where resized images go, in the output and in the cache.
const DIR: &str = "processed_images";

/// The largest side a resized image may have: a typo (`width=50000`) must not take the
/// memory of the machine.
const MAX_SIDE: u32 = 20_000;

/// The most pixels a resized image may have (160 MB as RGBA), whatever its sides: a 1-pixel
/// wide source fitted to a width would otherwise ask for billions.
const MAX_PIXELS: u64 = 40_000_000;

/// What `resize_image` does to fit the image to `width` and `height`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Exactly `width` x `height`, the aspect ratio ignored.
    Scale,
    /// `width` wide, the height in proportion.
    FitWidth,
    /// `height` high, the width in proportion.
    FitHeight,
    /// Within `width` x `height`, in proportion; an image already inside is left as it is.
    Fit,
    /// Exactly `width` x `height`, in proportion, cropped about the centre.
    Fill,
}

impl Op {
    fn parse(op: &str) -> Result<Op, String> {
        Ok(match op {
            "scale" => Op::Scale,
            "fit_width" => Op::FitWidth,
            "fit_height" => Op::FitHeight,
            "fit" => Op::Fit,
            "fill" => Op::Fill,
            _ => {
                return Err(format!(
                    "resize_image: unknown op `{op}`: use scale, fit_width, fit_height, fit or fill"
                ));
            }
        })
    }
}

/// A `resize_image` call's arguments.
#[derive(Debug, Clone)]
pub struct Resize {
    /// The source, as the template gave it.
    pub path: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// `scale`, `fit_width`, `fit_height`, `fit` or `fill` (Zola's default).
    pub op: String,
    /// `auto` (JPEG for a JPEG source, else PNG), `jpg`, `png` or `webp`.
    pub format: String,
    /// JPEG quality, 1 to 100 (75 by default).
    pub quality: Option<u8>,
}

/// What `resize_image` answers.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Resized {
    pub url: String,
    pub static_path: String,
    pub width: u32,
    pub height: u32,
    pub orig_width: u32,
    pub orig_height: u32,
}

/// What `get_image_metadata` answers.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Metadata {
    pub width: u32,
    pub height: u32,
    pub format: &'static str,
    pub mime: &'static str,
}

/// The image functions of one build, and the images they made.
#[derive(Debug, Default)]
pub struct Images {
    root: PathBuf,
    theme: Option<String>,
    base_url: String,
    /// Output path (`processed_images/x.0123456789abcdef.png`) to the cached file.
    made: Mutex<BTreeMap<String, PathBuf>>,
}

impl Images {
    /// The image functions for the site at `root`, with URLs under `base_url`.
    pub fn new(root: &Path, theme: Option<&str>, base_url: &str) -> Images {
        Images {
            root: root.to_path_buf(),
            theme: theme.map(str::to_string),
            base_url: base_url.trim_end_matches('/').to_string(),
            made: Mutex::default(),
        }
    }

    /// Whether these are the image functions of that site (a dev session keeps them between
    /// builds while the site's folder, theme and base URL stay).
    pub fn serves(&self, root: &Path, theme: Option<&str>, base_url: &str) -> bool {
        self.root == root
            && self.theme.as_deref() == theme
            && self.base_url == base_url.trim_end_matches('/')
    }

    /// The images made so far, by output path, with the file that holds each.
    pub fn made(&self) -> Vec<(String, PathBuf)> {
        let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// `get_image_metadata(path)`: the image's size and format, read from its header.
    pub fn metadata(&self, path: &str) -> Result<Metadata, String> {
        let file = self.source(path, "get_image_metadata")?;
        let reader = image::ImageReader::open(&file)
            .and_then(|r| r.with_guessed_format())
            .map_err(|e| format!("get_image_metadata: cannot read `{path}`: {e}"))?;
        let format = reader.format();
        let (width, height) = reader
            .into_dimensions()
            .map_err(|e| format!("get_image_metadata: `{path}` is not an image I can read: {e}"))?;
        let (format, mime) = match format {
            Some(ImageFormat::Jpeg) => ("jpg", "image/jpeg"),
            Some(ImageFormat::Png) => ("png", "image/png"),
            Some(ImageFormat::WebP) => ("webp", "image/webp"),
            Some(ImageFormat::Gif) => ("gif", "image/gif"),
            _ => ("unknown", "application/octet-stream"),
        };
        Ok(Metadata {
            width,
            height,
            format,
            mime,
        })
    }

    /// `resize_image(...)`: makes the resized image (or finds it made) and says where it is.
    pub fn resize(&self, r: &Resize) -> Result<Resized, String> {
        let op = Op::parse(&r.op)?;
        let needs = |w: bool, h: bool| match (w && r.width.is_none(), h && r.height.is_none()) {
            (false, false) => Ok(()),
            _ => Err(format!(
                "resize_image: op `{}` needs {}",
                r.op,
                match (w, h) {
                    (true, true) => "`width` and `height`",
                    (true, false) => "`width`",
                    _ => "`height`",
                }
            )),
        };
        match op {
            Op::Scale | Op::Fit | Op::Fill => needs(true, true)?,
            Op::FitWidth => needs(true, false)?,
            Op::FitHeight => needs(false, true)?,
        }
        if let Some(big) = [r.width, r.height]
            .into_iter()
            .flatten()
            .find(|&s| s > MAX_SIDE)
        {
            return Err(format!(
                "resize_image: {big} pixels is more than the {MAX_SIDE} a side may have"
            ));
        }
        let quality = r.quality.unwrap_or(75);
        if !(1..=100).contains(&quality) {
            return Err(format!(
                "resize_image: `quality` must be from 1 to 100, not {quality}"
            ));
        }
        let file = self.source(&r.path, "resize_image")?;
        let bytes = std::fs::read(&file)
            .map_err(|e| format!("resize_image: cannot read `{}`: {e}", r.path))?;
        let source_format = image::guess_format(&bytes).ok();
        let format = match r.format.as_str() {
            "auto" if source_format == Some(ImageFormat::Jpeg) => ImageFormat::Jpeg,
            "auto" | "png" => ImageFormat::Png,
            "jpg" | "jpeg" => ImageFormat::Jpeg,
            "webp" => ImageFormat::WebP,
            other => {
                return Err(format!(
                    "resize_image: unknown format `{other}`: use auto, jpg, png or webp"
                ));
            }
        };
        let source = image::load_from_memory(&bytes)
            .map_err(|e| format!("resize_image: `{}` is not an image I can read: {e}", r.path))?;
        let (orig_width, orig_height) = source.dimensions();
        let (width, height) = target_size(op, (orig_width, orig_height), r.width, r.height);
        if width > MAX_SIDE
            || height > MAX_SIDE
            || u64::from(width) * u64::from(height) > MAX_PIXELS
        {
            return Err(format!(
                "resize_image: `{}` ({orig_width}x{orig_height}) would be {width}x{height}, more than the {MAX_SIDE} pixels a side or {MAX_PIXELS} pixels in all a resized image may have",
                r.path
            ));
        }
        let name = output_name(&file, &bytes, (op, r.width, r.height), format, quality);
        let output = format!("{DIR}/{name}");
        let cached = self.cache_dir()?.join(&name);
        // Only a file this build or an earlier one wrote: a link put there could point
        // anywhere, and would be copied into the output.
        let made_before = std::fs::symlink_metadata(&cached).is_ok_and(|m| m.file_type().is_file());
        if !made_before {
            let resized = resize(&source, op, (width, height));
            write_cached(&cached, &encode(&resized, format, quality)?)
                .map_err(|e| format!("resize_image: cannot write {}: {e}", cached.display()))?;
        }
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(output.clone(), cached);
        Ok(Resized {
            url: format!("{}/{output}", self.base_url),
            static_path: format!("static/{output}"),
            width,
            height,
            orig_width,
            orig_height,
        })
    }

    /// `.gazette-cache/processed_images/` in the site, made if needed; refused when either
    /// folder is a link, which could lead the images out of the site.
    fn cache_dir(&self) -> Result<PathBuf, String> {
        crate::cache::site_folder(&self.root, DIR).map_err(|e| format!("resize_image: {e}"))
    }

    fn source(&self, path: &str, function: &str) -> Result<PathBuf, String> {
        find_site_file(&self.root, self.theme.as_deref(), path)
            .map_err(|e| format!("{function}: {e}"))
    }
}

/// The size the image will have.
fn target_size(
    op: Op,
    (w0, h0): (u32, u32),
    width: Option<u32>,
    height: Option<u32>,
) -> (u32, u32) {
    let (w, h) = (width.unwrap_or(0), height.unwrap_or(0));
    let ratio = |num: u32, a: u32, b: u32| -> u32 {
        ((u64::from(num) * u64::from(a)) as f64 / f64::from(b.max(1)))
            .round()
            .max(1.0) as u32
    };
    match op {
        Op::Scale | Op::Fill => (w.max(1), h.max(1)),
        Op::FitWidth => (w.max(1), ratio(w, h0, w0)),
        Op::FitHeight => (ratio(h, w0, h0), h.max(1)),
        Op::Fit if w0 <= w && h0 <= h => (w0, h0),
        Op::Fit => {
            // The side that must shrink most decides.
            if u64::from(w0) * u64::from(h) > u64::from(h0) * u64::from(w) {
                (w.max(1), ratio(w, h0, w0))
            } else {
                (ratio(h, w0, h0), h.max(1))
            }
        }
    }
}

fn resize(source: &DynamicImage, op: Op, (width, height): (u32, u32)) -> DynamicImage {
    if source.dimensions() == (width, height) {
        return source.clone();
    }
    if op != Op::Fill {
        return source.resize_exact(width, height, FilterType::Lanczos3);
    }
    // Fill: the centre of the source in the target's proportions, then resized. (Resizing
    // first, as `resize_to_fill` does, makes an image as long as the source's long side
    // scaled: billions of pixels for a thin source.)
    let (w0, h0) = (u64::from(source.width()), u64::from(source.height()));
    let (w, h) = (u64::from(width), u64::from(height));
    let (cw, ch) = if w0 * h > h0 * w {
        ((h0 * w / h).max(1), h0)
    } else {
        (w0, (w0 * h / w).max(1))
    };
    let cropped = source.crop_imm(
        ((w0 - cw) / 2) as u32,
        ((h0 - ch) / 2) as u32,
        cw as u32,
        ch as u32,
    );
    cropped.resize_exact(width, height, FilterType::Lanczos3)
}

fn encode(image: &DynamicImage, format: ImageFormat, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    let result = match format {
        ImageFormat::Jpeg => {
            // JPEG has no alpha channel.
            let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
            rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out, quality,
            ))
        }
        ImageFormat::WebP => DynamicImage::ImageRgba8(image.to_rgba8())
            .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out)),
        _ => image.write_to(&mut out, ImageFormat::Png),
    };
    result.map_err(|e| format!("resize_image: cannot encode the image: {e}"))?;
    Ok(out.into_inner())
}

/// `<stem>.<16 hex digits>.<ext>`: the hash covers the source's bytes and the resize.
fn output_name(
    file: &Path,
    bytes: &[u8],
    resize: (Op, Option<u32>, Option<u32>),
    format: ImageFormat,
    quality: u8,
) -> String {
    let mut h = super::signatures::hasher();
    crate::content::fingerprint(bytes).hash(&mut h);
    resize.hash(&mut h);
    format!("{format:?}").hash(&mut h);
    quality.hash(&mut h);
    let stem = file
        .file_stem()
        .map(|s| slug::slugify(s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "image".to_string());
    let ext = match format {
        ImageFormat::Jpeg => "jpg",
        ImageFormat::WebP => "webp",
        _ => "png",
    };
    format!("{stem}.{:016x}.{ext}", h.finish())
}

fn write_cached(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with_image(w: u32, h: u32) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 9])
        });
        img.save(dir.path().join("static/photo.png")).unwrap();
        dir
    }

    fn call(path: &str, w: Option<u32>, h: Option<u32>, op: &str, format: &str) -> Resize {
        Resize {
            path: path.into(),
            width: w,
            height: h,
            op: op.into(),
            format: format.into(),
            quality: None,
        }
    }

    #[test]
    fn each_op_gives_zolas_sizes() {
        let site = site_with_image(400, 200);
        let images = Images::new(site.path(), None, "https://x.org/");
        let size = |w, h, op| {
            let r = images.resize(&call("photo.png", w, h, op, "auto")).unwrap();
            (r.width, r.height)
        };
        assert_eq!(size(Some(100), Some(100), "scale"), (100, 100));
        assert_eq!(size(Some(100), None, "fit_width"), (100, 50));
        assert_eq!(size(None, Some(100), "fit_height"), (200, 100));
        assert_eq!(size(Some(100), Some(100), "fit"), (100, 50));
        assert_eq!(size(Some(1000), Some(1000), "fit"), (400, 200));
        assert_eq!(size(Some(50), Some(80), "fill"), (50, 80));
        let made = images.made();
        assert_eq!(made.len(), 6, "{made:?}");
        for (path, file) in &made {
            assert!(path.starts_with("processed_images/photo."), "{path}");
            let real = image::open(file).unwrap();
            assert!(real.width() > 0);
        }
        let r = images
            .resize(&call("photo.png", Some(10), Some(10), "fill", "jpg"))
            .unwrap();
        assert!(
            r.url.starts_with("https://x.org/processed_images/photo."),
            "{}",
            r.url
        );
        assert!(r.url.ends_with(".jpg"), "{}", r.url);
        let file = &images
            .made()
            .into_iter()
            .find(|(p, _)| r.url.ends_with(p))
            .unwrap()
            .1;
        assert_eq!(image::open(file).unwrap().dimensions(), (10, 10));
    }

    #[test]
    fn metadata_and_refusals() {
        let site = site_with_image(30, 20);
        let images = Images::new(site.path(), None, "/");
        let m = images.metadata("photo.png").unwrap();
        assert_eq!(
            (m.width, m.height, m.format, m.mime),
            (30, 20, "png", "image/png")
        );
        assert!(images.metadata("../etc/passwd").is_err());
        let e = images
            .resize(&call("photo.png", None, None, "fit_width", "auto"))
            .unwrap_err();
        assert!(e.contains("`width`"), "{e}");
        let e = images
            .resize(&call("photo.png", Some(5), Some(5), "stretch", "auto"))
            .unwrap_err();
        assert!(e.contains("unknown op"), "{e}");
        let e = images
            .resize(&call("photo.png", Some(50_000), Some(5), "scale", "auto"))
            .unwrap_err();
        assert!(e.contains("more than"), "{e}");
        // A thin source fitted to a width would be billions of pixels; filled, it is cropped
        // first.
        image::GrayImage::new(1, 60_000)
            .save(site.path().join("static/thin.png"))
            .unwrap();
        let e = images
            .resize(&call("thin.png", Some(20_000), None, "fit_width", "auto"))
            .unwrap_err();
        assert!(e.contains("would be 20000x"), "{e}");
        let r = images
            .resize(&call("thin.png", Some(50), Some(50), "fill", "auto"))
            .unwrap();
        assert_eq!((r.width, r.height), (50, 50));
        // The cache is never a link: what a link points at would be copied into the output.
        #[cfg(unix)]
        {
            let out = tempfile::tempdir().unwrap();
            std::fs::remove_dir_all(site.path().join(".gazette-cache")).unwrap();
            std::os::unix::fs::symlink(out.path(), site.path().join(".gazette-cache")).unwrap();
            let e = images
                .resize(&call("photo.png", Some(5), Some(5), "scale", "auto"))
                .unwrap_err();
            assert!(e.contains("not a folder"), "{e}");
            assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
            std::fs::remove_file(site.path().join(".gazette-cache")).unwrap();
            let r = images
                .resize(&call("photo.png", Some(6), Some(6), "scale", "auto"))
                .unwrap();
            let name = r.url.rsplit('/').next().unwrap().to_string();
            let cached = site
                .path()
                .join(".gazette-cache/processed_images")
                .join(&name);
            std::fs::remove_file(&cached).unwrap();
            std::fs::write(out.path().join("secret"), "SECRET").unwrap();
            std::os::unix::fs::symlink(out.path().join("secret"), &cached).unwrap();
            images
                .resize(&call("photo.png", Some(6), Some(6), "scale", "auto"))
                .unwrap();
            assert!(std::fs::symlink_metadata(&cached).unwrap().is_file());
            assert_ne!(std::fs::read(&cached).unwrap(), b"SECRET");
        }
        std::fs::write(site.path().join("static/fake.png"), "not an image").unwrap();
        assert!(
            images
                .resize(&call("fake.png", Some(5), Some(5), "scale", "auto"))
                .is_err()
        );
    }
}
