//! `porthole demo`: a realistic agency sample, served at once, with a working client link
//! and a staff token printed for the person trying it.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use time::{Duration, OffsetDateTime};
use tokio::net::TcpListener;

mod logistics;

use crate::app::serve;
use crate::clock::SystemClock;
use crate::config::Settings;
use crate::domain::approval::DecisionInput;
use crate::domain::{DecisionKind, MilestoneStatus};
use crate::ops::IssueLink;
use crate::state::AppState;
use crate::store::ContactInput;
use crate::store::{
    Actor, DecisionEvidence, MilestonePatch, NewApproval, NewClient, NewFileVersion, NewMilestone,
    NewProject, NewStaff, Store, StoreResult,
};

/// Seed, serve, print. Runs until Ctrl-C / SIGTERM.
///
/// # Errors
/// When the data dir or listen address is unusable.
pub async fn run(
    mut settings: Settings,
    listen: Option<&str>,
    data_dir: Option<PathBuf>,
) -> anyhow::Result<()> {
    let (data_dir, _temp) = match data_dir {
        Some(d) => (d, None),
        None => {
            let t = tempfile::Builder::new()
                .prefix("porthole-demo-")
                .tempdir()
                .context("cannot create a temp data dir")?;
            (t.path().join("data"), Some(t))
        }
    };
    settings.data_dir = data_dir;
    if let Some(l) = listen {
        settings.listen = l
            .parse()
            .with_context(|| format!("--listen {l:?} is not an address such as 127.0.0.1:8080"))?;
    }
    let listener = TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    // Links must open where the demo really listens, unless a public URL was configured.
    settings.follow_bound_address(addr);
    let state = AppState::open(settings, Arc::new(SystemClock))?;
    let st = state.clone();
    // A kept data dir from an earlier demo is served again as it is.
    let seeded = tokio::task::spawn_blocking(move || match reuse(&st)? {
        Some(kept) => Ok(kept),
        None => seed(&st),
    })
    .await??;
    if seeded.reused {
        println!(
            "(the sample kept in this data dir from an earlier demo; a new staff token and client link)"
        );
    }
    println!("porthole demo listening on http://{addr}");
    println!("data dir: {}", state.settings.data_dir.display());
    println!();
    println!("Staff API token (Authorization: Bearer ...):");
    println!("  {}", seeded.staff_token);
    println!(
        "Try:  curl -H 'Authorization: Bearer {}' http://{addr}/api/v1/clients",
        seeded.staff_token
    );
    println!();
    println!("Client link for {} (open it in a browser):", seeded.contact);
    println!("{}", seeded.client_link);
    if let Some((contact, link)) = &seeded.logistics {
        println!();
        println!(
            "Client link for {contact}, a logistics customer (jobs, stock, invoices, quotes, proof of delivery):"
        );
        println!("{link}");
    }
    let st = state.clone();
    let staff_id = seeded.staff_id.clone();
    let (staff, sign_in) = tokio::task::spawn_blocking(move || {
        st.issue_staff_sign_in(&staff_id, crate::ops::SIGN_IN_TTL)
    })
    .await??;
    println!();
    println!(
        "Staff console: signs you in as {}, works once within 15 minutes:",
        staff.name
    );
    println!("{sign_in}");
    println!(
        "Another one later: PORTHOLE__STORAGE__DATA_DIR={} porthole staff signin-link --email {}",
        state.settings.data_dir.display(),
        staff.email
    );
    serve(listener, state, crate::server::shutdown_signal()).await?;
    Ok(())
}

/// What the demo printed.
pub struct Seeded {
    pub staff_id: String,
    pub staff_token: String,
    pub client_link: String,
    pub contact: String,
    /// Whether the sample was already there (an earlier demo on the same data dir).
    pub reused: bool,
    /// The logistics client's contact and link.
    pub logistics: Option<(String, String)>,
}

const DEMO_STAFF: &str = "dana@northwind.studio";
const DEMO_CONTACT: &str = "maya@harborfinch.example";

/// The sample an earlier demo left in this data dir, if any, with a new staff token (the
/// first is stored only as a hash) and a new link for the client contact.
///
/// # Errors
/// A store failure, or a data dir holding the demo's staff member but not its client.
pub fn reuse(state: &AppState) -> crate::ops::OpResult<Option<Seeded>> {
    let Some(staff) = state.store.staff_by_email(DEMO_STAFF)? else {
        return Ok(None);
    };
    let client = state
        .clients()?
        .into_iter()
        .find(|c| c.contacts.iter().any(|k| k.email == DEMO_CONTACT))
        .ok_or_else(|| {
            crate::error::AppError::invalid(
                "--data-dir",
                format!("holds the demo's staff member {DEMO_STAFF} but not its sample client; give a new one"),
            )
        })?;
    let (_, staff_token) =
        state
            .store
            .rotate_staff_token(&Actor::System, state.clock.now(), &staff.id)?;
    let dana = Actor::Staff {
        id: staff.id.clone(),
        name: staff.name.clone(),
    };
    let link = contact_link(state, &dana, &client.id)?;
    // A data dir from a demo before the logistics client gets it now.
    let logistics_id = match state
        .clients()?
        .into_iter()
        .find(|c| c.contacts.iter().any(|k| k.email == logistics::CONTACT))
    {
        Some(c) => c.id,
        None => logistics::seed(state, &dana)?,
    };
    Ok(Some(Seeded {
        staff_id: staff.id,
        staff_token,
        client_link: link,
        contact: format!("Maya Finch <{DEMO_CONTACT}>"),
        reused: true,
        logistics: Some(logistics_link(state, &dana, &logistics_id)?),
    }))
}

/// The logistics client's contact with a fresh link.
fn logistics_link(
    state: &AppState,
    dana: &Actor,
    client: &str,
) -> crate::ops::OpResult<(String, String)> {
    Ok((
        format!("{} <{}>", logistics::CONTACT_NAME, logistics::CONTACT),
        link_for(state, dana, client, logistics::CONTACT)?,
    ))
}

/// A fresh week-long link for the demo's client contact, not mailed.
fn contact_link(state: &AppState, dana: &Actor, client: &str) -> crate::ops::OpResult<String> {
    link_for(state, dana, client, DEMO_CONTACT)
}

/// A fresh week-long link for a contact, not mailed.
fn link_for(
    state: &AppState,
    dana: &Actor,
    client: &str,
    email: &str,
) -> crate::ops::OpResult<String> {
    Ok(state
        .issue_link(
            dana,
            client,
            &IssueLink {
                email: email.into(),
                ttl: Some("7d".into()),
                project_id: None,
                send: Some(false),
                can: None,
            },
        )?
        .url)
}

#[allow(clippy::too_many_arguments)]
fn upload(
    store: &Store,
    actor: &Actor,
    now: OffsetDateTime,
    project: &str,
    name: &str,
    milestone: Option<&str>,
    note: &str,
    bytes: &[u8],
) -> StoreResult<String> {
    let blob = store.blobs().put_bytes(bytes)?;
    let content_type = mime_guess::from_path(name)
        .first_or_octet_stream()
        .essence_str()
        .to_owned();
    let (file, _) = store.add_file_version(
        actor,
        now,
        project,
        NewFileVersion {
            name: name.into(),
            milestone_id: milestone.map(str::to_owned),
            note: Some(note.into()),
            content_type,
            blob,
        },
    )?;
    Ok(file.id)
}

/// Seed a sample agency record: one client with two contacts, two projects, milestones
/// with public and internal updates, files with two versions, two pending approvals and
/// one decided.
///
/// # Errors
/// A store failure.
pub fn seed(state: &AppState) -> crate::ops::OpResult<Seeded> {
    let store = &state.store;
    let now = state.clock.now();
    let ago = |days: i64| now - Duration::days(days);
    let today = now.date();
    let (staff, staff_token) = store.create_staff(
        &Actor::System,
        ago(30),
        NewStaff {
            name: "Dana Lee".into(),
            email: DEMO_STAFF.into(),
        },
    )?;
    let dana = Actor::Staff {
        id: staff.id.clone(),
        name: staff.name.clone(),
    };
    let client = store.create_client(
        &dana,
        ago(30),
        NewClient {
            name: "Harbor & Finch Bakery".into(),
            contacts: vec![
                ContactInput::new("Maya Finch", DEMO_CONTACT),
                ContactInput::new("Tom Harbor", "tom@harborfinch.example"),
            ],
            language: Some("en".into()),
            timezone: None,
        },
    )?;
    let web = store.create_project(
        &dana,
        ago(28),
        &client.id,
        NewProject {
            name: "Website relaunch".into(),
            summary: Some(
                "A faster, friendlier site with online pre-orders for the two shops.".into(),
            ),
            status: None,
            next_step: Some(
                "Once the homepage design is approved, we build the pre-order flow.".into(),
            ),
        },
    )?;
    let brand = store.create_project(
        &dana,
        ago(20),
        &client.id,
        NewProject {
            name: "Packaging refresh".into(),
            summary: Some("New boxes and bags for the holiday season.".into()),
            status: None,
            next_step: Some("Print proofs go to the printer on approval.".into()),
        },
    )?;
    let ms = |project: &str,
              title: &str,
              desc: &str,
              status: MilestoneStatus,
              due: i64,
              at: OffsetDateTime| {
        store.create_milestone(
            &dana,
            at,
            project,
            NewMilestone {
                title: title.into(),
                description: Some(desc.into()),
                status: Some(status),
                due_on: Some(today + Duration::days(due)),
            },
        )
    };
    let discovery = ms(
        &web.id,
        "Discovery workshop",
        "Goals, audiences and the must-haves for launch.",
        MilestoneStatus::Done,
        -21,
        ago(27),
    )?;
    let sitemap = ms(
        &web.id,
        "Sitemap and content plan",
        "Which pages exist and who writes what.",
        MilestoneStatus::Done,
        -10,
        ago(26),
    )?;
    let design = ms(
        &web.id,
        "Homepage design",
        "Mockups for desktop and phone.",
        MilestoneStatus::InProgress,
        3,
        ago(25),
    )?;
    let preorder = ms(
        &web.id,
        "Pre-order flow",
        "Choose a shop, a pick-up time, pay online.",
        MilestoneStatus::Planned,
        17,
        ago(25),
    )?;
    ms(
        &web.id,
        "Launch",
        "Switch the domain over and announce it.",
        MilestoneStatus::Planned,
        31,
        ago(25),
    )?;
    let concepts = ms(
        &brand.id,
        "Concepts",
        "Three directions for the new boxes.",
        MilestoneStatus::Done,
        -6,
        ago(19),
    )?;
    let proofs = ms(
        &brand.id,
        "Print proofs",
        "Final artwork ready for the printer.",
        MilestoneStatus::InProgress,
        5,
        ago(19),
    )?;
    ms(
        &brand.id,
        "Production",
        "Printing and delivery to both shops.",
        MilestoneStatus::Blocked,
        20,
        ago(19),
    )?;
    store.patch_milestone(
        &dana,
        ago(20),
        &discovery.id,
        MilestonePatch {
            status: Some(MilestoneStatus::Done),
            ..MilestonePatch::default()
        },
    )?;
    store.add_update(&dana, ago(21), &discovery.id, "Thanks for a great workshop! Notes and the priorities we agreed on are in the files section.", false)?;
    store.add_update(
        &dana,
        ago(10),
        &sitemap.id,
        "Sitemap signed off in our call. Copy deadlines:\n\n- About page: Maya\n- Menu: Tom",
        false,
    )?;
    store.add_update(&dana, ago(4), &design.id, "First homepage mockup is ready for your review. The phone layout puts the pre-order button first.", false)?;
    store.add_update(
        &dana,
        ago(3),
        &design.id,
        "Client prefers the warmer palette; keep an eye on contrast of the gold.",
        true,
    )?;
    store.add_update(
        &dana,
        ago(1),
        &design.id,
        "Version 2 uses larger photos of the sourdough, as you asked.",
        false,
    )?;
    store.add_update(
        &dana,
        ago(6),
        &concepts.id,
        "Concept B (the harbour line drawing) was the favourite.",
        false,
    )?;
    store.add_update(
        &dana,
        ago(2),
        &proofs.id,
        "Proofs for the cake box and the bread bag are attached.",
        false,
    )?;
    store.add_update(
        &dana,
        ago(2),
        &preorder.id,
        "We will start once the homepage is approved.",
        false,
    )?;
    upload(
        store,
        &dana,
        ago(21),
        &web.id,
        "discovery-notes.pdf",
        Some(&discovery.id),
        "Workshop notes",
        &sample_pdf("Discovery workshop notes", "0.2 0.45 0.35"),
    )?;
    let mockup = upload(
        store,
        &dana,
        ago(4),
        &web.id,
        "homepage-mockup.pdf",
        Some(&design.id),
        "First draft",
        &sample_pdf("Homepage mockup, version 1", "0.14 0.34 0.77"),
    )?;
    upload(
        store,
        &dana,
        ago(1),
        &web.id,
        "homepage-mockup.pdf",
        Some(&design.id),
        "Larger photos",
        &sample_pdf("Homepage mockup, version 2", "0.14 0.34 0.77"),
    )?;
    let proof = upload(
        store,
        &dana,
        ago(3),
        &brand.id,
        "cake-box-proof.pdf",
        Some(&proofs.id),
        "Proof 1",
        &sample_pdf("Cake box proof 1", "0.55 0.3 0.6"),
    )?;
    upload(
        store,
        &dana,
        ago(2),
        &brand.id,
        "cake-box-proof.pdf",
        Some(&proofs.id),
        "Proof 2: darker blue",
        &sample_pdf("Cake box proof 2: darker blue", "0.1 0.2 0.5"),
    )?;
    let concept_file = upload(
        store,
        &dana,
        ago(7),
        &brand.id,
        "packaging-concepts.pdf",
        Some(&concepts.id),
        "Three directions",
        &sample_pdf("Packaging concepts", "0.8 0.45 0.1"),
    )?;
    store.create_approval(
        &dana,
        ago(1),
        &web.id,
        NewApproval {
            approvers: None,
            rule: crate::domain::ApprovalRule::Any,
            title: "Approve the homepage design".into(),
            description: Some(
                "Version 2 with larger photos. Approve it or tell us what to change.".into(),
            ),
            file_id: Some(mockup),
            milestone_id: Some(design.id.clone()),
            due_on: Some(today + Duration::days(3)),
        },
    )?;
    store.create_approval(
        &dana,
        ago(2),
        &brand.id,
        NewApproval {
            // Both owners sign the print proof off: two approvers, rule "all".
            approvers: Some(client.contacts.iter().map(|c| c.id.clone()).collect()),
            rule: crate::domain::ApprovalRule::All,
            title: "Approve the cake box print proof".into(),
            description: Some("Once approved, the printer starts production.".into()),
            file_id: Some(proof),
            milestone_id: Some(proofs.id.clone()),
            due_on: Some(today + Duration::days(5)),
        },
    )?;
    let decided = store.create_approval(
        &dana,
        ago(7),
        &brand.id,
        NewApproval {
            approvers: None,
            rule: crate::domain::ApprovalRule::Any,
            title: "Choose a packaging concept".into(),
            description: Some("Pick the direction we develop into print artwork.".into()),
            file_id: Some(concept_file),
            milestone_id: Some(concepts.id.clone()),
            due_on: None,
        },
    )?;
    // One decision already made through Tom's link, so the receipt page has something to show.
    let tom = state.issue_link(
        &dana,
        &client.id,
        &IssueLink {
            email: "tom@harborfinch.example".into(),
            ttl: Some("30d".into()),
            project_id: None,
            send: Some(false),
            can: None,
        },
    )?;
    let grant = store.grant(&tom.grant_id)?;
    store.record_decision(
        ago(6),
        &grant,
        &decided.id,
        &DecisionInput {
            decision: DecisionKind::Approve,
            typed_name: "Tom Harbor".into(),
            comment: None,
            confirm: true,
            version_sha256: decided.target_sha256.clone().unwrap_or_default(),
            nonce: crate::domain::new_id(),
        },
        &DecisionEvidence {
            verified_email: None,
            client_ip: "198.51.100.23".into(),
            user_agent: "Mozilla/5.0 (iPhone; demo)".into(),
        },
    )?;
    seed_client_replies(state, &dana, &client.id, &web.id, &brand.id, &tom.grant_id)?;
    let client_link = contact_link(state, &dana, &client.id)?;
    let logistics_id = logistics::seed(state, &dana)?;
    let logistics = Some(logistics_link(state, &dana, &logistics_id)?);
    // Previews of the sample files: made by the worker, as for any upload.
    for sha in state.preview_backlog()? {
        state.previews.enqueue(&sha);
    }
    Ok(Seeded {
        staff_id: staff.id.clone(),
        staff_token,
        client_link,
        contact: format!("Maya Finch <{DEMO_CONTACT}>"),
        reused: false,
        logistics,
    })
}

/// One of each thing clients send back: an open file request, a form to answer, and a
/// request Tom opened that the studio answered and now waits on the client.
fn seed_client_replies(
    state: &AppState,
    dana: &Actor,
    client_id: &str,
    web: &str,
    brand: &str,
    tom_grant: &str,
) -> crate::ops::OpResult<()> {
    use crate::domain::{Author, Question, QuestionKind, RequestStatus};
    use crate::store::requests::{add_reply_in, open_request_in, set_request_status_in};

    let today = state.clock.now().date();
    state.create_file_request(
        dana,
        brand,
        crate::ops::file_requests::NewFileRequest {
            title: "Your logo as a vector file".into(),
            description: Some(
                "For the box print we need the logo as PDF or SVG, or a PNG of at least 3000 px."
                    .into(),
            ),
            milestone_id: None,
            accept: vec!["application/pdf".into(), "image/*".into()],
            max_bytes: Some(50 * 1024 * 1024),
            due_on: Some(today + Duration::days(4)),
        },
    )?;
    let q = |key: &str, label: &str, kind, required, options: &[&str]| Question {
        key: key.into(),
        label: label.into(),
        kind,
        required,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    };
    state.create_form(
        dana,
        web,
        crate::ops::forms::NewForm {
            title: "Online shop questions".into(),
            questions: vec![
                q(
                    "shop_name",
                    "Name of the shop as customers see it",
                    QuestionKind::Text,
                    true,
                    &[],
                ),
                q(
                    "products",
                    "How many products do you sell online?",
                    QuestionKind::Number,
                    true,
                    &[],
                ),
                q(
                    "launch",
                    "When would you like to open the shop?",
                    QuestionKind::Date,
                    false,
                    &[],
                ),
                q(
                    "delivery",
                    "Do you deliver?",
                    QuestionKind::YesNo,
                    true,
                    &[],
                ),
                q(
                    "payment",
                    "Preferred payment provider",
                    QuestionKind::Choice,
                    false,
                    &["Stripe", "Mollie", "PayPal"],
                ),
                q(
                    "pages",
                    "Pages you need",
                    QuestionKind::MultiChoice,
                    false,
                    &["Shop", "Blog", "Catering", "Jobs"],
                ),
                q(
                    "notes",
                    "Anything else we should know",
                    QuestionKind::LongText,
                    false,
                    &[],
                ),
            ],
        },
    )?;
    let tom = state.store.grant(tom_grant)?;
    let at = state.clock.now() - Duration::days(2);
    let link = Actor::Link {
        grant_id: tom.grant_id.clone(),
    };
    let (request, _) = state.store.write(&link, at, |tx| {
        open_request_in(
            tx,
            client_id,
            Some(web.to_owned()),
            "Opening hours on the website".into(),
            "We open an hour earlier on Saturdays from next month. Can the site say 7:00?".into(),
            Author::Link {
                grant_id: tom.grant_id.clone(),
                name: tom.contact.name.clone(),
                email: tom.contact.email.clone(),
            },
            &crate::domain::new_id(),
        )
    })?;
    if let Actor::Staff { id, name } = dana {
        state.store.write(dana, at + Duration::hours(3), |tx| {
            let id_of = request.id.clone();
            add_reply_in(
                tx,
                request.clone(),
                Author::Staff {
                    id: id.clone(),
                    name: name.clone(),
                },
                "Happy to. Should 7:00 show on Saturdays only, or on holidays too?".into(),
                false,
                None,
            )?;
            set_request_status_in(tx, &id_of, RequestStatus::WaitingOnClient)
        })?;
    }
    Ok(())
}

/// A one-page sample PDF (A4 landscape): a coloured band, a picture area and `title` in
/// Helvetica, so that the demo's files have real previews. `rgb` is the band's colour as
/// PDF operands (`"0.14 0.34 0.77"`); `title` holds no parentheses or backslashes.
fn sample_pdf(title: &str, rgb: &str) -> Vec<u8> {
    let content = format!(
        "{rgb} rg\n0 515 842 80 re\nf\n0.93 0.94 0.96 rg\n60 80 722 360 re\nf\n\
         {rgb} rg\n100 120 300 280 re\nf\n0.8 0.82 0.86 rg\n440 360 300 24 re\nf\n\
         440 320 260 16 re\nf\n440 290 280 16 re\nf\n\
         BT /F1 30 Tf 1 1 1 rg 60 545 Td ({title}) Tj ET\n"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] \
         /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>".to_owned(),
    ];
    pdf_from_objects(&objects)
}

/// A PDF file of `objects` (numbered from 1, the first the catalog), with its xref table
/// and trailer computed.
#[must_use]
pub fn pdf_from_objects(objects: &[String]) -> Vec<u8> {
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

#[cfg(test)]
mod sample_tests {
    #[test]
    fn the_sample_pdfs_render_with_their_title() {
        let pages = crate::previews::render::render(&super::sample_pdf(
            "Homepage mockup, version 1",
            "0.14 0.34 0.77",
        ))
        .unwrap();
        assert_eq!(pages.len(), 1);
        let img = image::load_from_memory(&pages[0].1).unwrap().to_rgb8();
        assert!(img.width() > img.height(), "landscape");
        // The title is white text on the blue band: some band pixels are light.
        let band = (0..img.width() / 2)
            .map(|x| img.get_pixel(x, img.height() / 14))
            .filter(|p| p[0] > 200 && p[1] > 200 && p[2] > 200)
            .count();
        assert!(band > 5, "no title drawn on the band");
    }
}
