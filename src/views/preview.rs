//! Dev helper: writes every page and the stylesheets to `/tmp/porthole-views/` for a
//! look in a browser or a headless screenshot. Not run by default:
//! `cargo test --lib views::preview -- --ignored`.

use std::path::Path;

use super::tests::{fixtures::branding, preview_pages};
use super::{APP_CSS, app_css_href, brand_css, brand_css_href};

#[test]
#[ignore = "writes files to /tmp; run by hand"]
fn write_preview() {
    let dir = Path::new("/tmp/porthole-views");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("app.css"), APP_CSS).unwrap();
    let b = branding();
    std::fs::write(dir.join("brand.css"), brand_css(&b)).unwrap();
    let (app, brand) = (app_css_href(), brand_css_href(&b));
    for (name, html) in preview_pages() {
        // file:// cannot resolve the absolute asset routes: point them at the copies.
        let html = html.replace(&app, "app.css").replace(&brand, "brand.css");
        std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
    }
}
