//! Client pages and mail in the client's language (SPEC 13): every client page and every
//! client mail, walked in German, French, Spanish and Dutch, keeps no English phrase of
//! the English bundle; dates are the locale's, times the client's zone with the zone
//! named; the contact's language beats the client's, and the browser's counts only when
//! neither is set.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, approve_over_http, eventually};

/// The English bundle, as the phrases a reader would see: the literal text of every
/// message and variant, split at its placeables.
fn english_phrases() -> Vec<String> {
    let en = [
        include_str!("../../locales/en/client.ftl"),
        include_str!("../../locales/en/mail.ftl"),
    ];
    let mut out: Vec<String> = Vec::new();
    for line in en.iter().flat_map(|f| f.lines()) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t == "}" {
            continue;
        }
        // `id = text`, a variant `[key] text` / `*[key] text`, or text after a select.
        let text = if let Some(rest) = t.strip_prefix('}') {
            rest
        } else if let Some((_, v)) = t.split_once(" = ").filter(|_| !t.starts_with(['[', '*'])) {
            v
        } else if let Some((_, v)) = t.split_once(']') {
            v
        } else {
            continue;
        };
        for piece in text.split(['{', '}']).step_by(2) {
            let p = piece
                .trim()
                .trim_end_matches([':', '.', ',', ';', '(', ')'])
                .trim();
            let words = p
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            // Single words only when long enough to mean something ("Approve", "Files").
            if words >= 2 || (words == 1 && p.chars().count() >= 5) {
                out.push(p.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The phrases of `english` found in `text` as whole words, leaving out those the
/// language's own bundle uses too (loan words such as "Team" or "Version").
fn english_left(text: &str, english: &[String], lang: &str) -> Vec<String> {
    let own = [bundle(lang, "client"), bundle(lang, "mail")].concat();
    english
        .iter()
        .filter(|p| !contains_word(&own, p))
        .filter(|p| contains_word(text, p))
        .cloned()
        .collect()
}

fn bundle(lang: &str, name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/locales/{lang}/{name}.ftl",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn contains_word(haystack: &str, phrase: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    haystack.match_indices(phrase).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + phrase.len()..].chars().next();
        !is_word(before) && !is_word(after)
    })
}

/// What a reader sees of a page: text without tags, plus the labels read out.
fn visible(html: &str) -> String {
    let mut body = html.to_owned();
    for tag in ["head", "style", "script"] {
        while let (Some(a), Some(b)) = (
            body.find(&format!("<{tag}")),
            body.find(&format!("</{tag}>")),
        ) {
            if b < a {
                break;
            }
            body.replace_range(a..b + tag.len() + 3, " ");
        }
    }
    let mut labels = String::new();
    for attr in ["aria-label=\"", "alt=\"", "title=\"", "placeholder=\""] {
        for part in html.split(attr).skip(1) {
            labels.push(' ');
            labels.push_str(part.split('"').next().unwrap_or_default());
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    format!("{text} {labels}")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn html_lang(html: &str) -> &str {
    html.split("<html lang=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
}

/// Subject, plain text and HTML of every message to `address`.
fn mails_to(app: &TestApp, address: &str) -> Vec<(String, String, String)> {
    let Ok(entries) = std::fs::read_dir(app.data_dir.join("outbox")) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| {
            let raw = std::fs::read(e.path()).ok()?;
            let m = mail_parser::MessageParser::default().parse(&raw)?;
            let to = m.to()?.first()?.address()?.to_owned();
            to.eq_ignore_ascii_case(address).then(|| {
                (
                    m.subject().unwrap_or_default().to_owned(),
                    m.body_text(0).unwrap_or_default().into_owned(),
                    m.body_html(0).unwrap_or_default().into_owned(),
                )
            })
        })
        .collect()
}

/// One client in `lang` (zone `Europe/Berlin`), with a contact, a project with milestones,
/// an update, a file, a pending approval due on 4 May 2031, a file request and a request;
/// returns (project id, approval id, file request id, the contact's link path).
async fn portal(app: &TestApp, lang: &str, email: &str) -> (String, String, String, String) {
    let (s, c) = app
        .call(
            Method::POST,
            "/clients",
            Some(json!({"name": format!("Kunde {lang}"), "language": lang, "timezone": "Europe/Berlin",
                "contacts": [{"name": "Ana Lima", "email": email}]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let client = c["id"].as_str().unwrap().to_owned();
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/clients/{client}"),
            Some(json!({"clients_may_invite": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, p) = app
        .call(
            Method::POST,
            &format!("/clients/{client}/projects"),
            Some(json!({"name": "Alpha 2031", "summary": "Omega", "next_step": "Gamma"})),
        )
        .await;
    let project = p["id"].as_str().unwrap().to_owned();
    let (_, m) = app
        .call(
            Method::POST,
            &format!("/projects/{project}/milestones"),
            Some(json!({"title": "Beta", "status": "in_progress", "due_on": "2031-05-04"})),
        )
        .await;
    app.call(
        Method::POST,
        &format!("/projects/{project}/milestones"),
        Some(json!({"title": "Delta", "status": "done"})),
    )
    .await;
    app.call(
        Method::POST,
        &format!("/projects/{project}/milestones"),
        Some(json!({"title": "Epsilon", "status": "planned", "due_on": "2031-06-01"})),
    )
    .await;
    app.call(
        Method::POST,
        &format!("/milestones/{}/updates", m["id"].as_str().unwrap()),
        Some(json!({"body": "Zeta"})),
    )
    .await;
    let (s, f) = app
        .upload(&project, "alpha.pdf", b"%PDF-1.4 alpha".repeat(40))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    let (_, a) = app
        .call(
            Method::POST,
            &format!("/projects/{project}/approvals"),
            Some(json!({"title": "Kappa", "file_id": f["id"], "due_on": "2031-05-04"})),
        )
        .await;
    let approval = a["id"].as_str().unwrap().to_owned();
    let file_request = app.file_request(&project, "Lambda").await;
    let (s, l) = app
        .call(
            Method::POST,
            &format!("/clients/{client}/links"),
            Some(json!({"email": email})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
    let path = l["url"]
        .as_str()
        .unwrap()
        .strip_prefix(&app.url(""))
        .unwrap()
        .to_owned();
    (project, approval, file_request, path)
}

#[tokio::test]
async fn every_client_page_and_mail_is_in_the_clients_language() {
    let app = TestApp::spawn().await;
    let english = english_phrases();
    assert!(english.len() > 150, "{}", english.len());
    // The detector finds English where there is English.
    let (_, _, _, en_path) = portal(&app, "en", "ana@en.test").await;
    let en_page = visible(&app.page(&en_path).await.body);
    assert!(
        english_left(&en_page, &english, "de").len() >= 10,
        "{en_page}"
    );
    assert!(en_page.contains("4 May 2031"), "{en_page}");
    // The due date, written each locale's way.
    let due = [
        ("de", "4. Mai 2031"),
        ("fr", "4 mai 2031"),
        ("es", "4 de mayo de 2031"),
        ("nl", "4 mei 2031"),
    ];
    // A record list, for the reports page.
    omicron_list(&app).await;
    for (lang, due) in due {
        let email = format!("ana@{lang}.test");
        let (project, approval, file_request, path) = portal(&app, lang, &email).await;
        let request = app.open_request(&path, "Iota", &project).await;
        omicron_row(&app, &project, &format!("o-{lang}")).await;
        let mut pages = vec![
            ("overview", path.clone()),
            ("project", format!("{path}/projects/{project}")),
            ("approval", format!("{path}/approvals/{approval}")),
            ("requests", format!("{path}/requests")),
            ("request", request),
            ("invite", format!("{path}/invite")),
            ("reports", format!("{path}/reports")),
            ("list", format!("{path}/lists/omicron")),
            (
                "not found with a valid link",
                format!("{path}/approvals/nothing-here"),
            ),
        ];
        pages.push((
            "file request",
            format!("{path}/file_requests/{file_request}"),
        ));
        for (name, url) in &pages {
            let page = app.page(url).await;
            assert!(
                page.status == StatusCode::OK || page.status == StatusCode::NOT_FOUND,
                "{lang} {name}: {}",
                page.status
            );
            assert_eq!(html_lang(&page.body), lang, "{lang} {name}");
            let left = english_left(&visible(&page.body), &english, lang);
            assert!(left.is_empty(), "{lang} {name} keeps English: {left:?}");
        }
        let overview = app.page(&path).await.body;
        assert!(overview.contains(due), "{lang}: no {due:?} in the overview");

        // A decision: its receipt page and mail name the client's zone.
        assert_eq!(
            approve_over_http(&app, &path, &approval).await,
            StatusCode::SEE_OTHER
        );
        let decided = app.page(&format!("{path}/approvals/{approval}")).await.body;
        assert!(
            decided.contains("(Europe/Berlin)"),
            "{lang}: receipt without the zone"
        );
        let left = english_left(&visible(&decided), &english, lang);
        assert!(
            left.is_empty(),
            "{lang} decided approval keeps English: {left:?}"
        );

        // Its mails: the invitation, the approval request and the receipt.
        eventually("three mails", async || mails_to(&app, &email).len() >= 3).await;
        for (subject, text, html) in mails_to(&app, &email) {
            assert_eq!(html_lang(&html), lang, "{subject}");
            let left = english_left(
                &format!("{subject}\n{text}\n{}", visible(&html)),
                &english,
                lang,
            );
            assert!(
                left.is_empty(),
                "{lang} mail {subject:?} keeps English: {left:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_contact_then_the_client_then_the_browser_picks_the_language() {
    let app = TestApp::spawn().await;
    let (s, c) = app
        .call(
            Method::POST,
            "/clients",
            Some(json!({"name": "Nordlicht", "contacts": [
            {"name": "Hans", "email": "hans@n.test", "language": "de"},
            {"name": "Eva", "email": "eva@n.test"}]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert!(c["language"].is_null(), "{c}");
    let client = c["id"].as_str().unwrap();
    let link = |email: &'static str| {
        let app = &app;
        async move {
            let (s, l) = app
                .call(
                    Method::POST,
                    &format!("/clients/{client}/links"),
                    Some(json!({"email": email, "send": false})),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{l}");
            l["url"]
                .as_str()
                .unwrap()
                .strip_prefix(&app.url(""))
                .unwrap()
                .to_owned()
        }
    };
    let (hans, eva) = (link("hans@n.test").await, link("eva@n.test").await);
    let lang_of = |path: String, accept: Option<&'static str>| {
        let app = &app;
        async move {
            let mut req = app.http.get(app.url(&path));
            if let Some(a) = accept {
                req = req.header("accept-language", a);
            }
            let body = req.send().await.unwrap().text().await.unwrap();
            html_lang(&body).to_owned()
        }
    };
    // Hans has his own language: the browser does not change it.
    assert_eq!(lang_of(hans.clone(), Some("fr")).await, "de");
    // Eva has none and neither has the client: her browser decides, else English.
    assert_eq!(lang_of(eva.clone(), Some("nl-BE, fr;q=0.5")).await, "nl");
    assert_eq!(lang_of(eva.clone(), Some("fr")).await, "fr");
    assert_eq!(lang_of(eva.clone(), Some("ja")).await, "en");
    assert_eq!(lang_of(eva.clone(), None).await, "en");
    // Once the client has a language, it is Eva's; Hans keeps his own.
    let (s, c) = app
        .call(
            Method::PATCH,
            &format!("/clients/{client}"),
            Some(json!({"language": "es"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(lang_of(eva.clone(), Some("fr")).await, "es");
    assert_eq!(lang_of(hans, None).await, "de");
}

#[tokio::test]
async fn unknown_languages_and_zones_are_refused() {
    let app = TestApp::spawn().await;
    for body in [
        json!({"name": "X", "language": "xx"}),
        json!({"name": "X", "language": "de-CH"}),
        json!({"name": "X", "timezone": "Europe/Nowhere"}),
        json!({"name": "X", "contacts": [{"name": "A", "email": "a@x.test", "language": "klingon"}]}),
    ] {
        let (s, e) = app.call(Method::POST, "/clients", Some(body.clone())).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {e}");
    }
    let client = app.new_client("Acme", &[]).await;
    let (s, _) = app
        .call(
            Method::PATCH,
            &format!("/clients/{client}"),
            Some(json!({"timezone": "Mars/Olympus"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, c) = app
        .call(
            Method::PATCH,
            &format!("/clients/{client}"),
            Some(json!({"timezone": "America/New_York", "language": "nl"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["timezone"], "America/New_York");
    assert_eq!(c["language"], "nl");
}

/// What a reader sees of `html` that came from no language bundle: the visible text (and
/// the labels read out) with every marked message taken out, then the test's own data,
/// then what is no word (numbers, hashes, ids). Anything left is a string the bundles
/// never saw.
fn unmarked(html: &str, data: &[&str]) -> Vec<String> {
    let (open, close) = (porthole::i18n::MARK_OPEN, porthole::i18n::MARK_CLOSE);
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in visible(html).chars() {
        match c {
            c if c == open => depth += 1,
            c if c == close => depth = depth.saturating_sub(1),
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    for d in data {
        outside = outside.replace(d, " ");
    }
    // Technical names shown as they are in every language.
    const AS_IS: [&str; 3] = ["SHA-256", "UTC", "Europe/Berlin"];
    outside
        .split_whitespace()
        // Addresses (the link in a mail) are no words.
        .filter(|w| !w.contains("://"))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !AS_IS.contains(w))
        // Hashes, ids and tokens: long runs of letters mixed with digits.
        .filter(|w| !(w.len() >= 16 && w.chars().any(|c| c.is_ascii_digit())))
        .map(str::to_owned)
        .collect()
}

/// The pseudo-locale: every bundle message wrapped in markers; every client page (before
/// and after deciding, the refusal pages, /verify) and every client mail is walked, and
/// nothing a client reads may stand outside the markers but the test's own data.
#[tokio::test]
async fn the_pseudo_locale_finds_no_string_outside_the_bundles() {
    let app = TestApp::spawn_with(|s| s.pseudo_locale = true).await;
    let (project, approval, file_request, path) = portal(&app, "en", "ana@en.test").await;
    let request = app.open_request(&path, "Iota", &project).await;
    let form = app.company_form(&project).await;
    // A record list with a row, for the list, row and reports pages.
    omicron_list(&app).await;
    omicron_row(&app, &project, "o-1").await;
    let brand = app.state.settings.branding.name.clone();
    let data = [
        "Omicron",
        "Pi",
        "Tau",
        "Phi",
        "rho",
        "sigma",
        "o-1",
        "EUR",
        "Kunde en",
        "Ana Lima",
        "ana@en.test",
        "Alpha 2031",
        "Omega",
        "Gamma",
        "Beta",
        "Delta",
        "Epsilon",
        "Zeta",
        "alpha.pdf",
        "Kappa",
        "Lambda",
        "Iota",
        "Kick-off questions",
        "Company",
        brand.as_str(),
        "127.0.0.1",
        "Tess Tester",
        "Cleo Client",
        "Could it be darker?",
    ];
    // The detector finds what is not marked.
    assert_eq!(
        unmarked("<p>\u{27E6}Fine\u{27E7} Stray</p>", &data),
        ["Stray"]
    );

    let mut pages = vec![
        ("overview", path.clone()),
        ("project", format!("{path}/projects/{project}")),
        ("approval", format!("{path}/approvals/{approval}")),
        ("requests", format!("{path}/requests")),
        ("request", request),
        ("invite", format!("{path}/invite")),
        (
            "file request",
            format!("{path}/file_requests/{file_request}"),
        ),
        ("form", format!("{path}/forms/{form}")),
        ("list", format!("{path}/lists/omicron")),
        ("list row", format!("{path}/lists/omicron/o-1")),
        ("reports", format!("{path}/reports")),
        ("404 in a link", format!("{path}/approvals/nothing-here")),
        ("404", "/p/not-a-token".to_owned()),
        ("verify", "/verify".to_owned()),
        ("verify refused", "/verify?seq=1&hash=00".to_owned()),
    ];
    let mut seen = Vec::new();
    for (name, url) in &pages {
        let page = app.page(url).await;
        if !name.starts_with("404") && !name.starts_with("verify") {
            assert_eq!(page.status, StatusCode::OK, "{name}");
        }
        seen.push((name.to_string(), page.status, unmarked(&page.body, &data)));
    }
    // Refused answers say what to fix, from the bundles too.
    let approval_path = format!("{path}/approvals/{approval}");
    let before = app.page(&approval_path).await.body;
    let refused = app
        .post_form(
            &approval_path,
            &[
                ("nonce", &crate::helpers::hidden(&before, "nonce")),
                (
                    "version_sha256",
                    &crate::helpers::hidden(&before, "version_sha256"),
                ),
                ("decision", "approve"),
                ("name", ""),
            ],
        )
        .await;
    seen.push((
        "refused decision".to_owned(),
        refused.status,
        unmarked(&refused.body, &data),
    ));
    let refused = app
        .post_form(&format!("{path}/forms/{form}"), &[("company", "")])
        .await;
    seen.push((
        "refused form".to_owned(),
        refused.status,
        unmarked(&refused.body, &data),
    ));
    let refused = app
        .post_form(
            &format!("{path}/requests"),
            &[("subject", ""), ("body", "")],
        )
        .await;
    seen.push((
        "refused request".to_owned(),
        refused.status,
        unmarked(&refused.body, &data),
    ));
    assert_eq!(
        approve_over_http(&app, &path, &approval).await,
        StatusCode::SEE_OTHER
    );
    pages.clear();
    for (name, url) in [
        ("decided approval", format!("{path}/approvals/{approval}")),
        ("overview after deciding", path.clone()),
    ] {
        let page = app.page(&url).await;
        seen.push((name.to_owned(), page.status, unmarked(&page.body, &data)));
    }
    // A link taken back: 410.
    let (s, links) = app
        .call(
            Method::GET,
            &format!("/clients/{}/links", client_of(&app, &project).await),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{links}");
    for l in links.as_array().unwrap() {
        let grant = l["grant_id"].as_str().or(l["id"].as_str()).unwrap();
        app.call(Method::DELETE, &format!("/links/{grant}"), None)
            .await;
    }
    let gone = app.page(&path).await;
    assert_eq!(gone.status, StatusCode::GONE);
    seen.push(("410".to_owned(), gone.status, unmarked(&gone.body, &data)));

    eventually("three mails", async || {
        mails_to(&app, "ana@en.test").len() >= 3
    })
    .await;
    for (subject, text, html) in mails_to(&app, "ana@en.test") {
        let subject_left = unmarked(&subject, &data);
        let text_left = unmarked(&text.replace('<', " "), &data);
        seen.push((
            format!("mail {subject:?}"),
            StatusCode::OK,
            [subject_left, text_left, unmarked(&html, &data)].concat(),
        ));
    }
    let bad: Vec<_> = seen
        .iter()
        .filter(|(_, _, left)| !left.is_empty())
        .collect();
    assert!(bad.is_empty(), "strings outside the bundles: {bad:#?}");
}

/// The record list "Omicron": a stage, a money and a number column, all client-visible.
async fn omicron_list(app: &TestApp) {
    let (s, l) = app
        .call(
            Method::POST,
            "/lists",
            Some(json!({"slug": "omicron", "name": "Omicron", "columns": [
                {"key": "pi", "label": "Pi", "kind": "stage", "client_visible": true,
                 "stages": ["rho", "sigma"]},
                {"key": "tau", "label": "Tau", "kind": "money", "client_visible": true},
                {"key": "phi", "label": "Phi", "kind": "number", "client_visible": true},
            ]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
}

/// A row `id` of "Omicron" for the client of `project`.
async fn omicron_row(app: &TestApp, project: &str, id: &str) {
    let client = client_of(app, project).await;
    let (s, row) = app
        .call(
            Method::PUT,
            &format!("/lists/omicron/rows/{id}"),
            Some(json!({"client_id": client, "values": {"pi": "rho",
                "tau": {"amount": "1234.5", "currency": "EUR"}, "phi": "2.5"}})),
        )
        .await;
    assert!(s.is_success(), "{row}");
}

/// The client a project belongs to.
async fn client_of(app: &TestApp, project: &str) -> String {
    let (_, p) = app
        .call(Method::GET, &format!("/projects/{project}"), None)
        .await;
    p["client_id"]
        .as_str()
        .or(p["project"]["client_id"].as_str())
        .unwrap()
        .to_owned()
}
