//! The two page shells: [`page`] for client pages (a valid link, client data) and
//! [`bare_page`] for error pages (no client data at all).

use maud::{DOCTYPE, Markup, html};

use crate::config::Branding;

use super::assets::{app_css_href, brand_css_href};
use super::client::PageContext;
use super::components::Crumb;
use crate::i18n::{Locale, s};

pub(super) fn head(title: &str, branding: &Branding) -> Markup {
    head_marked(title, branding, None)
}

/// [`head`] whose `app.css` link carries a grant's view mark.
fn head_marked(title: &str, branding: &Branding, marker: Option<&str>) -> Markup {
    let app_css = match marker {
        Some(m) => format!("{}&seen={m}", app_css_href()),
        None => app_css_href(),
    };
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            // Belt and braces with the Referrer-Policy header: the token is in the URL,
            // and the logo may come from another host.
            meta name="referrer" content="no-referrer";
            meta name="robots" content="noindex, nofollow";
            meta name="color-scheme" content="light";
            title { (title) }
            link rel="stylesheet" href=(app_css);
            link rel="stylesheet" href=(brand_css_href(branding));
        }
    }
}

pub(super) fn brand_mark(branding: &Branding) -> Markup {
    html! {
        @if !branding.logo_url.is_empty() {
            img.brand-logo src=(branding.logo_url) alt="" referrerpolicy="no-referrer";
        }
        span.brand-name { (branding.name) }
    }
}

/// A client page: header with the brand, client and "signed in as" notice, breadcrumb
/// navigation, main content, footer with a privacy line.
pub fn page(ctx: &PageContext, title: &str, crumbs: &[Crumb], body: Markup) -> Markup {
    let full_title = format!("{title} · {} · {}", ctx.client_name, ctx.branding.name);
    html! {
        (DOCTYPE)
        html lang=(ctx.loc.lang.tag()) {
            (head_marked(&full_title, &ctx.branding, ctx.view_marker.as_deref()))
            body {
                a.skip-link href="#main" { (ctx.t("skip-to-content")) }
                header.site-header {
                    div.wrap.site-header-inner {
                        a.brand href=(ctx.base) { (brand_mark(&ctx.branding)) }
                        div.who {
                            p.client-name { (ctx.client_name) }
                            p.signed-in {
                                (ctx.t("signed-in-as")) " " strong { (ctx.contact_name) }
                                " " (ctx.t("via-private-link"))
                            }
                        }
                    }
                }
                @if !crumbs.is_empty() {
                    nav.crumbs aria-label=(ctx.t("breadcrumb")) {
                        ol.wrap {
                            @for c in crumbs {
                                li {
                                    @if let Some(h) = &c.href {
                                        a href=(h) { (c.label) }
                                    } @else {
                                        span aria-current="page" { (c.label) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main .wrap tabindex="-1" { (body) }
                footer.site-footer {
                    div.wrap {
                        p.footer-brand { (ctx.branding.name) }
                        p.privacy {
                            (one_full_stop(&ctx.ta("private-to", &[("client", s(ctx.client_name.clone()))]), &ctx.client_name))
                        }
                    }
                }
            }
        }
    }
}

/// An error or notice page that shows nothing of any client: brand, message, footer.
pub fn bare_page(branding: &Branding, loc: &Locale, title: &str, body: Markup) -> Markup {
    let full_title = format!("{title} · {}", branding.name);
    html! {
        (DOCTYPE)
        html lang=(loc.lang.tag()) {
            (head(&full_title, branding))
            body.bare {
                a.skip-link href="#main" { (loc.t("skip-to-content")) }
                header.site-header {
                    div.wrap.site-header-inner {
                        span.brand { (brand_mark(branding)) }
                    }
                }
                main #main .wrap.narrow tabindex="-1" { (body) }
                footer.site-footer {
                    div.wrap {
                        p.footer-brand { (branding.name) }
                        p.privacy {
                            (loc.t("bare-privacy"))
                        }
                    }
                }
            }
        }
    }
}

/// `text` with a name that ends in a full stop ("Northgate Supply Co.") not followed by
/// the sentence's own ("Co.."), in whichever language put the name last.
fn one_full_stop(text: &str, name: &str) -> String {
    if name.ends_with('.') {
        text.replace(&format!("{name}."), name)
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::one_full_stop;

    #[test]
    fn a_name_ending_in_a_full_stop_ends_the_sentence_once() {
        let name = "Northgate Supply Co.";
        assert_eq!(
            one_full_stop(
                "Private to Northgate Supply Co.. Visits are recorded.",
                name
            ),
            "Private to Northgate Supply Co. Visits are recorded."
        );
        // Mid-sentence (German puts a verb after the name) nothing changes.
        let de = "Nur für Northgate Supply Co. bestimmt.";
        assert_eq!(one_full_stop(de, name), de);
        assert_eq!(
            one_full_stop("Private to Acme.", "Acme"),
            "Private to Acme."
        );
    }
}
