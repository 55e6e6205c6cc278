//! `GET /verify`: the public page where anyone checks a decision receipt (audit record
//! number and hash) or a file against the audit chain. No token, no JavaScript, and the
//! answer shows the decision, file name, version and date only.

use maud::{Markup, html};

use crate::config::Branding;
use crate::ops::verify::{Verdict, VerifiedDecision};
use crate::views::components::{Moment, Sha, decision_label};
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

fn decision_facts(d: &VerifiedDecision) -> Markup {
    html! {
        dl.receipt-list {
            dt { "Decision" } dd { (decision_label(d.decision)) }
            @if let Some(name) = &d.file_name { dt { "File" } dd { (name) } }
            @if let Some(v) = d.version { dt { "Version" } dd { (v) } }
            dt { "Date (UTC)" } dd { (Moment { at: d.at, seconds: true }) }
            dt { "Audit record" } dd { "No. " (d.seq) }
        }
    }
}

fn answer(v: &Verdict) -> Markup {
    html! {
        @match v {
            Verdict::Genuine(d) => div.alert.alert-success role="status" {
                h2 { "Genuine" }
                p { "This receipt is in the chain, unaltered. It records this decision:" }
                (decision_facts(d))
            },
            Verdict::GenuineOther { seq } => div.alert.alert-success role="status" {
                h2 { "Genuine" }
                p { "Audit record No. " (seq) " is in the chain, unaltered. It is not a decision, so there is nothing more to show." }
            },
            Verdict::Altered { seq } => div.alert.alert-error role="alert" {
                h2 { "Altered" }
                p { "This receipt does not match the chain: audit record No. " (seq) " exists, but its hash is different. Either the receipt or the record has been changed." }
            },
            Verdict::NotFound { seq } => div.alert.alert-error role="alert" {
                h2 { "Not found" }
                p { "There is no audit record No. " (seq) " in the chain." }
            },
            Verdict::File { sha256, decisions } if decisions.is_empty() => div.alert.alert-error role="alert" {
                h2 { "Not found" }
                p { "No decision in the chain was made on a file with this content." }
                p { "SHA-256 " (Sha(sha256)) }
            },
            Verdict::File { sha256, decisions } => div.alert.alert-success role="status" {
                h2 { "Found in the chain" }
                p { "This exact file was decided on, unaltered:" }
                p { "SHA-256 " (Sha(sha256)) }
                @for d in decisions { (decision_facts(d)) }
            },
        }
    }
}

/// The page, with an answer when one was asked for.
#[must_use]
pub fn verify(branding: &Branding, v: &VerifyPage) -> Markup {
    bare_page(
        branding,
        "Check a decision receipt",
        html! {
            div.page-head {
                h1 { "Check a decision receipt" }
                p.lead {
                    "Every decision made through " (branding.name) " is written into a hash chain, and its "
                    "receipt names the record number and hash. Enter them here, or choose the file that "
                    "was decided on, to see whether the record still says what the receipt says."
                }
            }
            @if let Some(e) = &v.error {
                div.alert.alert-error role="alert" { p { (e) } }
            }
            @if let Some(a) = &v.answer { (answer(a)) }
            form.card.verify-form method="get" action="/verify" {
                h2 { "A receipt" }
                div.field {
                    label for="verify-seq" { "Audit record number" }
                    input #verify-seq type="text" name="seq" value=(v.seq) inputmode="numeric" pattern="[0-9]{1,19}" required maxlength="19" autocomplete="off";
                }
                div.field {
                    label for="verify-hash" { "Audit hash (64 characters)" }
                    input #verify-hash type="text" name="hash" value=(v.hash) pattern="[0-9a-fA-F]{64}" required maxlength="64" spellcheck="false" autocomplete="off";
                }
                button.button type="submit" { "Check the receipt" }
            }
            form.card.verify-form method="post" action="/verify" enctype="multipart/form-data" {
                h2 { "A file" }
                div.field {
                    label for="verify-file" { "The file that was decided on" }
                    input #verify-file type="file" name="file" required;
                }
                p { "The file is read to compute its SHA-256 and is not kept." }
                button.button type="submit" { "Check the file" }
            }
        },
    )
}
