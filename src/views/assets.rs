//! The two stylesheets every page links: the fixed `app.css` (compiled in, versioned by
//! its hash so it can be cached forever) and the per-deployment `brand.css` (accent colour).

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

use crate::config::Branding;

/// The whole stylesheet of the client pages, served at [`APP_CSS_PATH`].
pub const APP_CSS: &str = include_str!("app.css");

/// Route the HTTP layer serves [`APP_CSS`] at (`text/css`, cacheable for a year: the link
/// carries the content hash).
pub const APP_CSS_PATH: &str = "/assets/app.css";

/// The console's one script: the signature canvas of the proof-of-delivery page.
pub const SIGNATURE_JS: &str = include_str!("signature.js");

/// Route the HTTP layer serves [`SIGNATURE_JS`] at (`text/javascript`, cacheable: the
/// page links it with its hash).
pub const SIGNATURE_JS_PATH: &str = "/assets/signature.js";

static SIGNATURE_JS_VERSION: LazyLock<String> =
    LazyLock::new(|| short_hash(SIGNATURE_JS.as_bytes()));

/// Short content hash of [`SIGNATURE_JS`].
#[must_use]
pub fn signature_js_version() -> &'static str {
    &SIGNATURE_JS_VERSION
}

/// Route the HTTP layer serves [`brand_css`] at (`text/css`).
pub const BRAND_CSS_PATH: &str = "/assets/brand.css";

/// First 12 hex digits of a SHA-256: enough to bust caches, short enough for a URL.
fn short_hash(bytes: &[u8]) -> String {
    let mut h = hex::encode(Sha256::digest(bytes));
    h.truncate(12);
    h
}

static APP_CSS_VERSION: LazyLock<String> = LazyLock::new(|| short_hash(APP_CSS.as_bytes()));

/// Short content hash of [`APP_CSS`], computed once.
#[must_use]
pub fn app_css_version() -> &'static str {
    &APP_CSS_VERSION
}

/// `/assets/app.css?v=<hash>`: the href every page links.
#[must_use]
pub fn app_css_href() -> String {
    format!("{APP_CSS_PATH}?v={}", app_css_version())
}

/// `/assets/brand.css?v=<hash of the brand stylesheet>`.
#[must_use]
pub fn brand_css_href(branding: &Branding) -> String {
    format!(
        "{BRAND_CSS_PATH}?v={}",
        short_hash(brand_css(branding).as_bytes())
    )
}

/// The deployment's colours as CSS custom properties, for [`BRAND_CSS_PATH`]:
/// `:root{--accent:#rrggbb;--accent-strong:#rrggbb}`.
///
/// `--accent` is the configured colour (used for bars and borders); `--accent-strong` is
/// the same hue darkened until white text on it and it on white reach 4.5:1, so a pale
/// brand colour never makes links or buttons unreadable. A malformed accent (config
/// validation should have refused it) falls back to the default blue rather than being
/// written into CSS.
#[must_use]
pub fn brand_css(branding: &Branding) -> String {
    let rgb = parse_hex(&branding.accent).unwrap_or(DEFAULT_ACCENT);
    let strong = readable_on_white(rgb);
    format!(
        ":root{{--accent:{};--accent-strong:{}}}",
        to_hex(rgb),
        to_hex(strong)
    )
}

const DEFAULT_ACCENT: [u8; 3] = [0x24, 0x57, 0xc5];

fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let hex = s.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn to_hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// WCAG relative luminance.
fn luminance(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

/// Contrast ratio of a colour against white.
fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    1.05 / (luminance(rgb) + 0.05)
}

/// `rgb`, darkened in small steps until it reaches 4.5:1 against white.
fn readable_on_white(rgb: [u8; 3]) -> [u8; 3] {
    let mut c = rgb;
    let mut factor = 1.0_f64;
    while contrast_with_white(c) < 4.5 && factor > 0.0 {
        factor -= 0.05;
        c = rgb.map(|v| scale(v, factor));
    }
    c
}

fn scale(v: u8, factor: f64) -> u8 {
    // Clamped to 0..=255 before the cast, so it cannot wrap.
    (f64::from(v) * factor.clamp(0.0, 1.0))
        .round()
        .clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branding(accent: &str) -> Branding {
        Branding {
            name: "Studio".into(),
            accent: accent.into(),
            logo_url: String::new(),
            timezone: "UTC".into(),
        }
    }

    #[test]
    fn brand_css_carries_the_accent() {
        let css = brand_css(&branding("#2457c5"));
        assert!(css.starts_with(":root{--accent:#2457c5;"), "{css}");
        assert!(
            css.contains("--accent-strong:#2457c5"),
            "dark enough already: {css}"
        );
    }

    #[test]
    fn pale_accents_get_a_readable_strong_variant() {
        let css = brand_css(&branding("#ffd400"));
        assert!(css.contains("--accent:#ffd400"));
        let strong = css
            .split("--accent-strong:")
            .nth(1)
            .unwrap()
            .trim_end_matches('}');
        let rgb = parse_hex(strong).unwrap();
        assert!(contrast_with_white(rgb) >= 4.5, "{strong}");
    }

    #[test]
    fn junk_accent_never_reaches_css() {
        let css = brand_css(&branding("red;}body{display:none"));
        assert_eq!(css, ":root{--accent:#2457c5;--accent-strong:#2457c5}");
    }

    #[test]
    fn css_href_is_versioned_by_content() {
        let href = app_css_href();
        assert!(href.starts_with("/assets/app.css?v="));
        assert_eq!(app_css_version().len(), 12);
        assert_ne!(
            brand_css_href(&branding("#2457c5")),
            brand_css_href(&branding("#aa0000"))
        );
    }
}
