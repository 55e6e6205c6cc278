//! `GET /verify`: the public page where anyone checks a decision receipt (audit record
//! number and hash) or a file against the audit chain. No token, no JavaScript, and the
//! answer shows the decision, file name, version and date only.

use maud::{Markup, html};

use crate::config::Branding;
use crate::domain::DecisionKind;
use crate::i18n::{Locale, s};
use crate::ops::verify::{Verdict, VerifiedDecision};
use crate::views::components::{MomentIn, Sha};
use crate::views::layout::bare_page;

/// Where a receipt is checked, with its record number and hash filled in.
#[must_use]
pub fn verify_url(public_url: &str, seq: u64, hash: &str) -> String {
    format!(
        "{}/verify?seq={seq}&hash={hash}",
        public_url.trim_end_matches('/')
    )
}

/// What the page shows besides its forms.
#[derive(Debug, Clone, Default)]
pub struct VerifyPage {
    pub answer: Option<Verdict>,
    /// The form's values, kept.
    pub seq: String,
    pub hash: String,
    /// Why the fields could not be read.
    pub error: Option<String>,
}

fn decision_facts(loc: &Locale, d: &VerifiedDecision) -> Markup {
    let label = loc.t(match d.decision {
        DecisionKind::Approve => "status-approved",
        DecisionKind::RequestChanges => "status-changes-requested",
    });
    html! {
        dl.receipt-list {
            dt { (loc.t("decision")) } dd { (label) }
            @if let Some(name) = &d.file_name { dt { (loc.t("file")) } dd { (name) } }
            @if let Some(v) = d.version { dt { (loc.t("version")) } dd { (v) } }
            dt { (loc.ta("date-in-zone", &[("zone", s(loc.zone_name().to_owned()))])) } dd { (MomentIn { loc, at: d.at, seconds: true }) }
            dt { (loc.t("audit-record")) } dd { (loc.ta("audit-no", &[("seq", s(d.seq.to_string()))])) }
        }
    }
}

fn answer(loc: &Locale, v: &Verdict) -> Markup {
    html! {
        @match v {
            Verdict::Genuine(d) => div.alert.alert-success role="status" {
                h2 { (loc.t("verify-genuine")) }
                p { (loc.t("verify-genuine-receipt")) }
                (decision_facts(loc, d))
            },
            Verdict::GenuineOther { seq } => div.alert.alert-success role="status" {
                h2 { (loc.t("verify-genuine")) }
                p { (loc.ta("verify-genuine-other", &[("seq", s(seq.to_string()))])) }
            },
            Verdict::Altered { seq } => div.alert.alert-error role="alert" {
                h2 { (loc.t("verify-altered")) }
                p { (loc.ta("verify-altered-why", &[("seq", s(seq.to_string()))])) }
            },
            Verdict::NotFound { seq } => div.alert.alert-error role="alert" {
                h2 { (loc.t("verify-not-found")) }
                p { (loc.ta("verify-no-record", &[("seq", s(seq.to_string()))])) }
            },
            Verdict::File { sha256, decisions } if decisions.is_empty() => div.alert.alert-error role="alert" {
                h2 { (loc.t("verify-not-found")) }
                p { (loc.t("verify-no-file")) }
                p { "SHA-256 " (Sha(sha256)) }
            },
            Verdict::File { sha256, decisions } => div.alert.alert-success role="status" {
                h2 { (loc.t("verify-found")) }
                p { (loc.t("verify-file-decided")) }
                p { "SHA-256 " (Sha(sha256)) }
                @for d in decisions { (decision_facts(loc, d)) }
            },
        }
    }
}

/// The page, with an answer when one was asked for.
#[must_use]
pub fn verify(branding: &Branding, loc: &Locale, v: &VerifyPage) -> Markup {
    bare_page(
        branding,
        loc,
        &loc.t("verify-title"),
        html! {
            div.page-head {
                h1 { (loc.t("verify-title")) }
                p.lead { (loc.ta("verify-lead", &[("brand", s(branding.name.clone()))])) }
            }
            @if let Some(e) = &v.error {
                div.alert.alert-error role="alert" { p { (e) } }
            }
            @if let Some(a) = &v.answer { (answer(loc, a)) }
            form.card.verify-form method="get" action="/verify" {
                h2 { (loc.t("verify-a-receipt")) }
                div.field {
                    label for="verify-seq" { (loc.t("verify-seq")) }
                    input #verify-seq type="text" name="seq" value=(v.seq) inputmode="numeric" pattern="[0-9]{1,19}" required maxlength="19" autocomplete="off";
                }
                div.field {
                    label for="verify-hash" { (loc.t("verify-hash")) }
                    input #verify-hash type="text" name="hash" value=(v.hash) pattern="[0-9a-fA-F]{64}" required maxlength="64" spellcheck="false" autocomplete="off";
                }
                button.button type="submit" { (loc.t("verify-check-receipt")) }
            }
            form.card.verify-form method="post" action="/verify" enctype="multipart/form-data" {
                h2 { (loc.t("verify-a-file")) }
                div.field {
                    label for="verify-file" { (loc.t("verify-the-file")) }
                    input #verify-file type="file" name="file" required;
                }
                p { (loc.t("verify-file-not-kept")) }
                button.button type="submit" { (loc.t("verify-check-file")) }
            }
        },
    )
}
