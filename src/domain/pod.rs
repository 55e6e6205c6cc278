//! Proof of delivery (SPEC 12): a driver's photos, decoded and re-encoded as JPEG no
//! larger than [`MAX_SIDE`] (which drops every EXIF field: camera, time, location), with
//! the GPS position carried over only when staff tick "keep the photo's location"; and
//! the recipient's signature, a PNG drawn on a canvas, checked and re-encoded.
//!
//! Pure: bytes in, bytes out.

use std::io::Cursor;

use base64::Engine as _;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder as _, ImageEncoder as _, ImageFormat, ImageReader};

use super::lists::ListError;

/// Longest side of a stored photo, in pixels.
pub const MAX_SIDE: u32 = 2048;
/// JPEG quality of a stored photo.
pub const JPEG_QUALITY: u8 = 85;
/// Largest image side a photo may have before decoding (a decompression bomb is refused).
const MAX_DECODE_SIDE: u32 = 16_384;
/// Largest signature PNG accepted, in bytes.
pub const MAX_SIGNATURE_BYTES: usize = 1024 * 1024;
/// Largest side of a signature, in pixels.
pub const MAX_SIGNATURE_SIDE: u32 = 4096;

fn refused(field: &str, message: impl Into<String>) -> ListError {
    ListError {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// Where a photo was taken, in decimal degrees (north and east positive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ns = if self.lat < 0.0 { 'S' } else { 'N' };
        let ew = if self.lon < 0.0 { 'W' } else { 'E' };
        write!(
            f,
            "{:.5}° {ns}, {:.5}° {ew}",
            self.lat.abs(),
            self.lon.abs()
        )
    }
}

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The position kept in the photo (only when asked for and present).
    pub location: Option<Location>,
}

fn limits(max_side: u32) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(max_side);
    l.max_image_height = Some(max_side);
    l
}

/// The GPS fields of an image's EXIF, if it has any.
fn gps_fields(bytes: &[u8]) -> Vec<exif::Field> {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .map(|e| {
            e.fields()
                .filter(|f| f.ifd_num == exif::In::PRIMARY && f.tag.context() == exif::Context::Gps)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Degrees from a GPS degrees/minutes/seconds field and its N/S or E/W reference.
fn degrees(fields: &[exif::Field], value: exif::Tag, reference: exif::Tag) -> Option<f64> {
    let v = fields.iter().find(|f| f.tag == value)?;
    let exif::Value::Rational(parts) = &v.value else {
        return None;
    };
    let [d, m, s] = parts.as_slice() else {
        return None;
    };
    let deg = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
    let negative = fields
        .iter()
        .find(|f| f.tag == reference)
        .and_then(|f| match &f.value {
            exif::Value::Ascii(a) => a.first().and_then(|s| s.first().copied()),
            _ => None,
        })
        .is_some_and(|c| c == b'S' || c == b'W');
    deg.is_finite().then_some(if negative { -deg } else { deg })
}

/// The position the GPS fields hold, if they hold one.
#[must_use]
pub fn location_of(fields: &[exif::Field]) -> Option<Location> {
    let lat = degrees(fields, exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef)?;
    let lon = degrees(fields, exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef)?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        .then_some(Location { lat, lon })
}

/// EXIF (TIFF bytes) holding only `fields`, for a JPEG's APP1 segment.
fn exif_of(fields: &[exif::Field]) -> Option<Vec<u8>> {
    let mut w = exif::experimental::Writer::new();
    for f in fields {
        w.push_field(f);
    }
    let mut out = Cursor::new(Vec::new());
    w.write(&mut out, false).ok()?;
    Some(out.into_inner())
}

/// Whether a JPEG reaches its end: the decoder fills a cut-off photo with grey, so the
/// end-of-image marker must follow the start of the scan (marker bytes cannot occur
/// inside the compressed data, where `FF` is always stuffed).
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let find = |from: usize, marker: [u8; 2]| {
        bytes
            .get(from..)
            .and_then(|rest| rest.windows(2).position(|w| w == marker))
            .map(|i| from + i)
    };
    find(0, [0xFF, 0xDA]).is_some_and(|sos| find(sos + 2, [0xFF, 0xD9]).is_some())
}

/// Decode a photo (JPEG, PNG, WebP or GIF), turn it upright, shrink it to at most
/// [`MAX_SIDE`] on its longest side and encode it as JPEG. Nothing of its metadata
/// survives, except its GPS position when `keep_location` is set.
///
/// # Errors
/// Bytes that are not such an image, or cannot be decoded whole.
pub fn photo(bytes: &[u8], keep_location: bool) -> Result<Photo, ListError> {
    let not_photo = || refused("photos", "is not a photo (JPEG, PNG, WebP or GIF)");
    let format = image::guess_format(bytes).map_err(|_| not_photo())?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(not_photo());
    }
    let unreadable = || {
        refused(
            "photos",
            "could not be read: the image is damaged or cut off",
        )
    };
    if format == ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        return Err(unreadable());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits(MAX_DECODE_SIDE));
    let mut decoder = reader.into_decoder().map_err(|_| unreadable())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| unreadable())?;
    img.apply_orientation(orientation);
    if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, FilterType::Triangle);
    }
    let rgb = img.to_rgb8();
    let gps = if keep_location {
        gps_fields(bytes)
    } else {
        Vec::new()
    };
    let location = location_of(&gps);
    let mut jpeg = Vec::new();
    let mut enc = JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY);
    if location.is_some()
        && let Some(exif) = exif_of(&gps)
    {
        enc.set_exif_metadata(exif)
            .map_err(|_| refused("photos", "could not keep the location"))?;
    }
    enc.write_image(
        rgb.as_raw(),
        rgb.width(),
        rgb.height(),
        image::ExtendedColorType::Rgb8,
    )
    .map_err(|_| refused("photos", "could not be stored as JPEG"))?;
    Ok(Photo {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
        location,
    })
}

/// The PNG bytes of a canvas's `data:image/png;base64,...` URL.
///
/// # Errors
/// Anything else, or one larger than [`MAX_SIGNATURE_BYTES`].
pub fn signature_data_url(url: &str) -> Result<Vec<u8>, ListError> {
    let bad = || refused("signature", "must be a drawn signature (a PNG image)");
    let b64 = url
        .trim()
        .strip_prefix("data:image/png;base64,")
        .ok_or_else(bad)?;
    if b64.len() > MAX_SIGNATURE_BYTES / 3 * 4 + 4 {
        return Err(refused("signature", "is too large"));
    }
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| bad())
}

/// Check a signature: a PNG within [`MAX_SIGNATURE_BYTES`] and [`MAX_SIGNATURE_SIDE`]
/// that decodes whole; it is re-encoded so no chunk but the pixels is kept.
///
/// # Errors
/// Anything else.
pub fn signature(png: &[u8]) -> Result<Vec<u8>, ListError> {
    let bad = || refused("signature", "must be a drawn signature (a PNG image)");
    if png.len() > MAX_SIGNATURE_BYTES {
        return Err(refused("signature", "is too large"));
    }
    if image::guess_format(png).ok() != Some(ImageFormat::Png) {
        return Err(bad());
    }
    let mut reader = ImageReader::with_format(Cursor::new(png), ImageFormat::Png);
    reader.limits(limits(MAX_SIGNATURE_SIDE));
    let img = reader.decode().map_err(|_| bad())?.to_rgba8();
    if img.width() == 0 || img.height() == 0 {
        return Err(bad());
    }
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|_| bad())?;
    Ok(out)
}

/// A photo with a GPS position in its EXIF: for tests and the demo.
///
/// # Errors
/// Only if encoding fails.
pub fn jpeg_with_location(img: &DynamicImage, at: Location) -> Result<Vec<u8>, ListError> {
    fn dms(v: f64) -> Vec<exif::Rational> {
        let v = v.abs();
        let d = v.trunc();
        let m = ((v - d) * 60.0).trunc();
        let s = ((v - d) * 60.0 - m) * 60.0;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let r = |x: f64, den: u32| exif::Rational {
            num: (x * f64::from(den)).round() as u32,
            denom: den,
        };
        vec![r(d, 1), r(m, 1), r(s, 1000)]
    }
    let ascii = |s: &str| exif::Value::Ascii(vec![s.as_bytes().to_vec()]);
    let field = |tag, value| exif::Field {
        tag,
        ifd_num: exif::In::PRIMARY,
        value,
    };
    let fields = [
        field(
            exif::Tag::GPSLatitudeRef,
            ascii(if at.lat < 0.0 { "S" } else { "N" }),
        ),
        field(exif::Tag::GPSLatitude, exif::Value::Rational(dms(at.lat))),
        field(
            exif::Tag::GPSLongitudeRef,
            ascii(if at.lon < 0.0 { "W" } else { "E" }),
        ),
        field(exif::Tag::GPSLongitude, exif::Value::Rational(dms(at.lon))),
    ];
    let exif = exif_of(&fields).ok_or_else(|| refused("photos", "could not write EXIF"))?;
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    let mut enc = JpegEncoder::new_with_quality(&mut out, 90);
    enc.set_exif_metadata(exif)
        .map_err(|_| refused("photos", "could not write EXIF"))?;
    enc.write_image(
        rgb.as_raw(),
        rgb.width(),
        rgb.height(),
        image::ExtendedColorType::Rgb8,
    )
    .map_err(|_| refused("photos", "could not be encoded"))?;
    Ok(out)
}

/// The GPS position in a stored image's EXIF, if any (what staff and tests read back).
#[must_use]
pub fn stored_location(bytes: &[u8]) -> Option<Location> {
    location_of(&gps_fields(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }))
    }

    const BERLIN: Location = Location {
        lat: 52.520_08,
        lon: 13.404_95,
    };

    #[test]
    fn the_location_survives_only_when_kept() {
        let jpeg = jpeg_with_location(&sample(64, 48), BERLIN).expect("jpeg");
        let at = stored_location(&jpeg).expect("written");
        assert!((at.lat - BERLIN.lat).abs() < 1e-4 && (at.lon - BERLIN.lon).abs() < 1e-4);
        let dropped = photo(&jpeg, false).expect("photo");
        assert_eq!(dropped.location, None);
        assert_eq!(stored_location(&dropped.jpeg), None);
        let kept = photo(&jpeg, true).expect("photo");
        let at = stored_location(&kept.jpeg).expect("kept");
        assert!((at.lat - BERLIN.lat).abs() < 1e-4, "{at}");
        assert_eq!(kept.location.map(|l| l.to_string()), Some(at.to_string()));
    }

    #[test]
    fn large_photos_shrink_and_junk_is_refused() {
        let mut png = Vec::new();
        sample(3000, 1000)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .expect("png");
        let p = photo(&png, false).expect("photo");
        assert_eq!((p.width, p.height), (MAX_SIDE, 683));
        assert!(photo(b"%PDF-1.7 not an image", false).is_err());
        assert!(photo(&png[..png.len() / 2], false).is_err());
        let jpeg = jpeg_with_location(&sample(300, 200), BERLIN).expect("jpeg");
        assert!(photo(&jpeg[..jpeg.len() / 2], false).is_err());
    }

    #[test]
    fn a_signature_is_a_png_within_limits() {
        let mut png = Vec::new();
        sample(300, 120)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .expect("png");
        let url = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&png)
        );
        let bytes = signature_data_url(&url).expect("url");
        assert!(signature(&bytes).is_ok());
        assert!(signature_data_url("data:image/jpeg;base64,AAAA").is_err());
        assert!(signature(b"\x89PNG\r\n\x1a\nbroken").is_err());
        let jpeg = jpeg_with_location(&sample(10, 10), BERLIN).expect("jpeg");
        assert!(signature(&jpeg).is_err());
    }
}
