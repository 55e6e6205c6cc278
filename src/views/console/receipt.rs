//! A printable receipt of every decision on one approval: the evidence as stored, and
//! whether the audit chain vouches for it (the event it names exists, repeats the same
//! evidence, and the chain recomputes).

use maud::{Markup, html};

use super::{Chrome, page};
use crate::ops::approvals::{CheckedDecision, Receipt};
use crate::store::ChainReport;
use crate::views::components::{Badge, Crumb, Moment, Sha, Text, Tone, decision_label};

fn verdict(c: &CheckedDecision, chain: &ChainReport) -> Markup {
    let seq = c.decision.audit_seq;
    let chain_covers = chain.ok || chain.first_broken.is_some_and(|b| b > seq);
    html! {
        @match &c.mismatched {
            None => p role="alert" { (Badge { label: "Not in the chain", key: "", tone: Tone::Danger }) " There is no audit event No. " (seq) "." },
            Some(fields) if !fields.is_empty() => p role="alert" {
                (Badge { label: "Does not match", key: "", tone: Tone::Danger })
                " Audit event No. " (seq) " differs from this record in: " (fields.join(", ")) "."
            },
            Some(_) if !chain_covers => p role="alert" {
                (Badge { label: "Chain broken", key: "", tone: Tone::Danger })
                " Audit event No. " (seq) " repeats this evidence, but the chain breaks at event No. "
                (chain.first_broken.unwrap_or(0)) ", before it."
            },
            Some(_) => p role="status" {
                (Badge { label: "Verified", key: "", tone: Tone::Success })
                " Audit event No. " (seq) " records the same evidence, and its hash and every hash before it recompute."
            },
        }
    }
}

fn decision_receipt(chrome: &Chrome, v: &Receipt, c: &CheckedDecision, n: usize) -> Markup {
    let d = &c.decision;
    let check = crate::views::verify_url(&chrome.public_url, d.audit_seq, &d.audit_hash);
    html! {
        section.card.receipt aria-labelledby=(format!("decision-{n}")) {
            div.card-head {
                h2 id=(format!("decision-{n}")) { "Decision " (n) }
                (Badge::from(d.decision.resulting_status()))
            }
            dl.receipt-list {
                dt { "Decision" } dd { (decision_label(d.decision)) }
                @if let Some(comment) = d.comment.as_deref().filter(|c| !c.trim().is_empty()) {
                    dt { "Comment" } dd { (Text(comment)) }
                }
                dt { "Name typed" } dd { (d.typed_name) }
                dt { "Contact email" } dd { (d.contact_email) }
                @if let Some(email) = &d.verified_email {
                    dt { "Code verified to" } dd { (email) }
                }
                dt { "Date and time (UTC)" } dd { (Moment { at: d.at, seconds: true }) }
                dt { "Round opened" } dd { (Moment { at: d.requested_at, seconds: true }) }
                @if let Some(n) = d.version {
                    dt { "File version" } dd {
                        (n) @if let Some(f) = &v.file { " of " (f.name) }
                    }
                }
                @if let Some(sha) = &d.sha256 { dt { "SHA-256" } dd { (Sha(sha)) } }
                dt { "Link" } dd { code { (d.grant_id) } }
                dt { "Client IP" } dd { (d.client_ip) }
                dt { "User agent" } dd { (d.user_agent) }
                dt { "Form nonce" } dd { code { (d.nonce) } }
                dt { "Audit record" } dd { "No. " (d.audit_seq) }
                dt { "Audit hash" } dd { (Sha(&d.audit_hash)) }
                dt { "Anyone can check it at" } dd.verify-link { a href=(check) { (check) } }
            }
            (verdict(c, &v.chain))
        }
    }
}

/// `GET /staff/approvals/{id}/receipt`.
#[must_use]
pub fn receipt(chrome: &Chrome, v: &Receipt) -> Markup {
    let a = &v.approval;
    page(
        chrome,
        &format!("Receipt: {}", a.title),
        &[
            Crumb::link("Dashboard", "/staff"),
            Crumb::link(
                v.client.name.clone(),
                format!("/staff/clients/{}", v.client.id),
            ),
            Crumb::link(
                v.project.name.clone(),
                format!("/staff/projects/{}#approval-{}", v.project.id, a.id),
            ),
            Crumb::here("Receipt"),
        ],
        html! {
            div.page-head {
                h1 { "Decision receipt" }
                p.lead { (a.title) " · " (v.project.name) " · " (v.client.name) }
                p.meta { "Status " (Badge::from(a.status)) " · requested " (Moment { at: a.created_at, seconds: false }) }
            }
            @if v.decisions.is_empty() {
                section.card { p { "No decision has been recorded on this approval yet." } }
            }
            @for (i, c) in v.decisions.iter().enumerate() {
                (decision_receipt(chrome, v, c, i + 1))
            }
            p.print-hint {
                strong { "Print this receipt: " }
                "use your browser's Print command (Ctrl+P, or ⌘P on a Mac) to print it or save it as a PDF."
            }
        },
    )
}
