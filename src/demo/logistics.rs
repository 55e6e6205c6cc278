//! The demo's second client: a logistics customer whose jobs move through goods-in,
//! kitting, dispatch and delivery, with its stock lines, invoices, quotes (one waiting
//! for acceptance) and a delivered job with photos and a signature.

use image::{DynamicImage, Rgb, RgbImage, Rgba, RgbaImage};
use serde_json::{Value, json};
use time::Duration;

use crate::domain::lists::{Column, ColumnKind, NewList};
use crate::error::AppError;
use crate::ops::OpResult;
use crate::ops::delivery::Delivery;
use crate::ops::lists::BulkRow;
use crate::state::AppState;
use crate::store::lists::NewRowApproval;
use crate::store::{Actor, ContactInput, NewClient, NewProject};

/// The logistics client's contact (its printed link is theirs).
pub const CONTACT: &str = "sam@northgate-supply.example";
/// The contact's name.
pub const CONTACT_NAME: &str = "Sam Okafor";

fn col(key: &str, label: &str, kind: ColumnKind, visible: bool) -> Column {
    Column {
        key: key.into(),
        label: label.into(),
        kind,
        client_visible: visible,
        stages: Vec::new(),
    }
}

fn stage(key: &str, label: &str, stages: &[&str]) -> Column {
    Column {
        stages: stages.iter().map(|s| (*s).to_owned()).collect(),
        ..col(key, label, ColumnKind::Stage, true)
    }
}

/// The list, defined now or by an earlier demo.
fn list(state: &AppState, dana: &Actor, new: NewList) -> OpResult<()> {
    let slug = new.slug.clone();
    match state.create_list(dana, new) {
        Ok(_) => Ok(()),
        Err(AppError::Conflict(_)) => state.list(&slug).map(|_| ()),
        Err(e) => Err(e),
    }
}

fn row(id: &str, client: &str, project: Option<&str>, values: Value) -> BulkRow {
    BulkRow {
        external_id: id.into(),
        client_id: client.into(),
        project_id: project.map(str::to_owned),
        values: values.as_object().cloned().unwrap_or_default(),
    }
}

fn money(amount: &str) -> Value {
    json!({"amount": amount, "currency": "EUR"})
}

/// A photo of a delivered pallet: a wrapped stack of boxes on a loading dock.
fn pallet_photo(shade: u8) -> OpResult<Vec<u8>> {
    let (w, h) = (1600u32, 1200u32);
    let img = RgbImage::from_fn(w, h, |x, y| {
        let floor = y > h * 2 / 3;
        let in_box = (w / 4..w * 3 / 4).contains(&x) && (h / 4..h * 3 / 4).contains(&y);
        let pallet = (w / 5..w * 4 / 5).contains(&x) && (h * 3 / 4..h * 3 / 4 + 60).contains(&y);
        let strap = in_box && ((x / 8) % 20 == 0 || (y / 8) % 18 == 0);
        let [r, g, b] = if strap {
            [40, 40, 40]
        } else if in_box {
            [196, 150 - u8::try_from(y % 40).unwrap_or(0), 95]
        } else if pallet {
            [160, 120, 70]
        } else if floor {
            [120 + shade, 122 + shade, 125 + shade]
        } else {
            [200, 210, 222]
        };
        Rgb([r, g, b])
    });
    // PNG in, as a phone's photo may arrive in any format: the delivery shrinks and
    // re-encodes it as JPEG.
    png(&DynamicImage::ImageRgb8(img))
}

fn png(img: &DynamicImage) -> OpResult<Vec<u8>> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(AppError::internal)?;
    Ok(out)
}

/// A signature: a few loops of ink on white, as the canvas would send it.
fn signature_png() -> OpResult<Vec<u8>> {
    let (w, h) = (600u32, 220u32);
    let mut img = RgbaImage::from_pixel(w, h, Rgba([255, 255, 255, 255]));
    for step in 0..4000u32 {
        let t = f64::from(step) / 4000.0;
        let x = 40.0 + t * 520.0;
        let y = 110.0 + (t * 22.0).sin() * 45.0 * (1.0 - t) + (t * 7.0).cos() * 15.0;
        for dx in 0..3u32 {
            for dy in 0..3u32 {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let (px, py) = (x as u32 + dx, y as u32 + dy);
                if px < w && py < h {
                    img.put_pixel(px, py, Rgba([17, 17, 17, 255]));
                }
            }
        }
    }
    png(&DynamicImage::ImageRgba8(img))
}

/// Seed the logistics client: its lists (defined once), rows, a quote waiting for
/// acceptance, and the proof of delivery of one job. Returns the client's id.
///
/// # Errors
/// A store failure.
pub fn seed(state: &AppState, dana: &Actor) -> OpResult<String> {
    let today = state.clock.now().date();
    let day = |d: i64| (today + Duration::days(d)).to_string();
    let client = state.create_client(
        dana,
        NewClient {
            name: "Northgate Supply Co.".into(),
            contacts: vec![ContactInput::new(CONTACT_NAME, CONTACT)],
            language: Some("en".into()),
            timezone: None,
        },
    )?;
    let project = state.create_project(
        dana,
        &client.id,
        NewProject {
            name: "Warehousing and distribution".into(),
            summary: Some(
                "Goods-in, kitting and delivery of Northgate's retail kits across the region."
                    .into(),
            ),
            status: None,
            next_step: Some("Three kits ship on Thursday's run.".into()),
        },
    )?;
    let stages = ["goods-in", "kitting", "dispatched", "delivered"];
    list(
        state,
        dana,
        NewList {
            slug: "jobs".into(),
            name: "Jobs".into(),
            columns: vec![
                col("title", "Job", ColumnKind::Text, true),
                stage("stage", "Stage", &stages),
                col("site", "Delivery site", ColumnKind::Text, true),
                col("due", "Due", ColumnKind::Date, true),
                col("parcels", "Parcels", ColumnKind::Number, true),
                col("photos", "Delivery photos", ColumnKind::Photos, true),
                col("signature", "Signature", ColumnKind::Signature, true),
                col("signed_by", "Signed by", ColumnKind::Text, true),
                col("driver_notes", "Driver notes", ColumnKind::Text, false),
                col("cost", "Our cost", ColumnKind::Money, false),
            ],
        },
    )?;
    list(
        state,
        dana,
        NewList {
            slug: "stock".into(),
            name: "Stock held".into(),
            columns: vec![
                col("item", "Item", ColumnKind::Text, true),
                col("on_hand", "On hand", ColumnKind::Number, true),
                col("bay", "Bay", ColumnKind::Text, true),
                col("reorder_at", "Reorder point", ColumnKind::Number, false),
            ],
        },
    )?;
    list(
        state,
        dana,
        NewList {
            slug: "invoices".into(),
            name: "Invoices".into(),
            columns: vec![
                col("title", "Invoice", ColumnKind::Text, true),
                col("issued", "Issued", ColumnKind::Date, true),
                col("due", "Due", ColumnKind::Date, true),
                col("amount", "Amount", ColumnKind::Money, true),
                stage("status", "Payment", &["open", "paid"]),
            ],
        },
    )?;
    list(
        state,
        dana,
        NewList {
            slug: "quotes".into(),
            name: "Quotes".into(),
            columns: vec![
                col("title", "Quote", ColumnKind::Text, true),
                col("amount", "Amount", ColumnKind::Money, true),
                col("valid_until", "Valid until", ColumnKind::Date, true),
                stage("status", "Status", &["sent", "accepted", "declined"]),
                col("margin", "Margin", ColumnKind::Number, false),
            ],
        },
    )?;
    let (c, p) = (client.id.as_str(), Some(project.id.as_str()));
    state.put_rows(
        dana,
        "jobs",
        vec![
            row("NG-1041", c, p, json!({"title": "Spring window kits, 12 stores", "stage": "delivered", "site": "Riverside Mall, dock 3", "due": day(-3), "parcels": 24, "driver_notes": "Gate code 4471", "cost": money("380.00")})),
            row("NG-1042", c, p, json!({"title": "Till-point displays", "stage": "dispatched", "site": "High Street store", "due": day(1), "parcels": 6, "cost": money("95.00")})),
            row("NG-1043", c, p, json!({"title": "Staff uniforms, summer", "stage": "kitting", "site": "Head office", "due": day(4), "parcels": 40, "cost": money("210.00")})),
            row("NG-1044", c, p, json!({"title": "Seasonal signage", "stage": "goods-in", "site": "Northgate depot", "due": day(9), "parcels": 15})),
        ],
    )?;
    state.put_rows(
        dana,
        "stock",
        vec![
            row("SKU-0107", c, None, json!({"item": "Window kit, large", "on_hand": 140, "bay": "A-03", "reorder_at": 60})),
            row("SKU-0112", c, None, json!({"item": "Till-point display", "on_hand": 38, "bay": "B-11", "reorder_at": 40})),
            row("SKU-0203", c, None, json!({"item": "Uniform polo, M", "on_hand": 420, "bay": "C-02", "reorder_at": 150})),
        ],
    )?;
    state.put_rows(
        dana,
        "invoices",
        vec![
            row("INV-2026-031", c, None, json!({"title": "Storage and handling, last month", "issued": day(-40), "due": day(-10), "amount": money("1840.00"), "status": "paid"})),
            row("INV-2026-044", c, None, json!({"title": "Distribution, this month", "issued": day(-5), "due": day(25), "amount": money("2315.50"), "status": "open"})),
        ],
    )?;
    state.put_rows(
        dana,
        "quotes",
        vec![
            row("Q-0318", c, None, json!({"title": "Autumn returns handling", "amount": money("960.00"), "valid_until": day(21), "status": "sent", "margin": 22})),
            row("Q-0301", c, None, json!({"title": "Extra racking, bay D", "amount": money("4200.00"), "valid_until": day(-20), "status": "accepted", "margin": 18})),
        ],
    )?;
    state.request_row_approval(
        dana,
        "quotes",
        "Q-0318",
        NewRowApproval {
            title: "Accept the quote for autumn returns handling".into(),
            description: Some("We start on the first of next month once accepted.".into()),
            due_on: Some(today + Duration::days(14)),
        },
    )?;
    state.record_delivery(
        dana,
        "jobs",
        "NG-1041",
        Delivery {
            photos: vec![pallet_photo(0)?, pallet_photo(30)?],
            keep_location: false,
            signature: Some(signature_png()?),
            signed_by: Some("Priya Shah".into()),
        },
    )?;
    Ok(client.id)
}
