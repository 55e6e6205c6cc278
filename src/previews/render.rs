//! Rendering previews: bytes in, PNG pages out. Pure (no I/O), bounded in what it will
//! decode, and run by the worker on a thread of its own under a time limit.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::store::previews::PageSize;

/// Longest edge of a preview, in pixels: sharp at 360 CSS px on a 2x phone screen and in
/// the approval page's column on a desktop.
pub const MAX_EDGE: u32 = 1200;
/// Largest image decoded (width × height): a decompression bomb is refused before a
/// single pixel is allocated.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Memory the image decoder may allocate.
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// Pages of a PDF rendered.
pub const MAX_PAGES: usize = 3;
/// Largest source read for a preview; bigger versions get none.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// What a version's bytes are, for previews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Image(ImageFormat),
    Pdf,
}

/// Why a version has no preview.
#[derive(Debug, thiserror::Error)]
pub enum NoPreview {
    #[error("not an image or PDF")]
    Unsupported,
    #[error("{0} × {1} pixels is more than the preview limit")]
    TooManyPixels(u32, u32),
    #[error("image: {0}")]
    Image(#[from] image::ImageError),
    #[error("PDF: {0}")]
    Pdf(String),
}

/// The kind of `bytes` by their first bytes (never by the name they were uploaded under).
#[must_use]
pub fn kind(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(Kind::Pdf);
    }
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP | ImageFormat::Gif)) => {
            Some(Kind::Image(f))
        }
        _ => None,
    }
}

/// The preview pages of `bytes`: one for an image (the first frame of a GIF), up to
/// [`MAX_PAGES`] for a PDF; each PNG fits in [`MAX_EDGE`] × [`MAX_EDGE`].
///
/// # Errors
/// [`NoPreview`] for anything else, a corrupt file, or one past the limits.
pub fn render(bytes: &[u8]) -> Result<Vec<(PageSize, Vec<u8>)>, NoPreview> {
    match kind(bytes).ok_or(NoPreview::Unsupported)? {
        Kind::Image(format) => Ok(vec![image_page(bytes, format)?]),
        Kind::Pdf => pdf_pages(bytes),
    }
}

fn image_page(bytes: &[u8], format: ImageFormat) -> Result<(PageSize, Vec<u8>), NoPreview> {
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format).into_dimensions()?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(NoPreview::TooManyPixels(w, h));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let img = reader.decode()?;
    let img = if img.width() > MAX_EDGE || img.height() > MAX_EDGE {
        img.resize(MAX_EDGE, MAX_EDGE, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    Ok(png(&img)?)
}

fn png(img: &DynamicImage) -> Result<(PageSize, Vec<u8>), image::ImageError> {
    // 8-bit RGBA keeps transparency and drops 16-bit depth nobody sees in a preview.
    let rgba = DynamicImage::ImageRgba8(img.to_rgba8());
    let mut out = Cursor::new(Vec::new());
    rgba.write_to(&mut out, ImageFormat::Png)?;
    Ok((
        PageSize {
            width: rgba.width(),
            height: rgba.height(),
        },
        out.into_inner(),
    ))
}

fn pdf_pages(bytes: &[u8]) -> Result<Vec<(PageSize, Vec<u8>)>, NoPreview> {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;
    use hayro::vello_cpu::color::palette::css::WHITE;
    use hayro::{PixmapSettings, RenderCache, RenderSettings};

    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| NoPreview::Pdf(format!("{e:?}")))?;
    let cache = RenderCache::new();
    let interpreter = InterpreterSettings::default();
    let settings = RenderSettings::default();
    let mut out = Vec::new();
    for page in pdf.pages().iter().take(MAX_PAGES) {
        let (w, h) = page.render_dimensions();
        if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0) {
            return Err(NoPreview::Pdf("a page has no size".into()));
        }
        #[allow(clippy::cast_precision_loss)]
        let scale = (MAX_EDGE as f32 / w.max(h)).min(4.0);
        let pixmap = hayro::render(
            page,
            &cache,
            &interpreter,
            &settings,
            &PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: WHITE,
            },
        );
        let size = PageSize {
            width: u32::from(pixmap.width()),
            height: u32::from(pixmap.height()),
        };
        if size.width == 0 || size.height == 0 {
            return Err(NoPreview::Pdf("a page rendered empty".into()));
        }
        let png = pixmap
            .into_png()
            .map_err(|e| NoPreview::Pdf(e.to_string()))?;
        out.push((size, png));
    }
    if out.is_empty() {
        return Err(NoPreview::Pdf("no pages".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(w: u32, h: u32) -> Vec<u8> {
        let img =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([200, 60, 40])));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn an_image_becomes_one_png_page_no_larger_than_the_edge() {
        let pages = render(&png_of(64, 48)).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(
            pages[0].0,
            PageSize {
                width: 64,
                height: 48
            }
        );
        assert!(pages[0].1.starts_with(b"\x89PNG\r\n\x1a\n"));
        let pages = render(&png_of(2400, 600)).unwrap();
        assert_eq!(
            pages[0].0,
            PageSize {
                width: 1200,
                height: 300
            }
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_decoding() {
        // A PNG header claiming 100000 × 100000 pixels, nothing behind it.
        let mut bomb = png_of(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32fast::hash(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(
            matches!(render(&bomb), Err(NoPreview::TooManyPixels(..))),
            "{:?}",
            render(&bomb).err()
        );
    }

    #[test]
    fn corrupt_and_other_files_have_no_preview() {
        assert!(matches!(render(b"hello"), Err(NoPreview::Unsupported)));
        assert!(render(&b"%PDF-1.4 mockup bytes".repeat(50)).is_err());
        let mut cut = png_of(64, 48);
        cut.truncate(60);
        assert!(render(&cut).is_err());
    }
}
