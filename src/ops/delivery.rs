//! Proof of delivery from the console (SPEC 12): photos decoded, turned upright, shrunk
//! and re-encoded (EXIF dropped; the GPS position kept only when asked), a drawn
//! signature checked as a PNG, and the recipient's typed name; recorded on the row in
//! one transaction with its audit event.

use super::OpResult;
use crate::domain::lists::{ListError, ListRow};
use crate::domain::pod;
use crate::domain::validate;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::Actor;
use crate::store::lists::{DeliveryPhoto, DeliveryWrite};

/// A proof of delivery as the console form sent it.
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    /// Each photo's bytes as uploaded.
    pub photos: Vec<Vec<u8>>,
    /// Keep each photo's GPS position (in the stored photo and on its version note).
    pub keep_location: bool,
    /// The canvas's PNG, if one was drawn.
    pub signature: Option<Vec<u8>>,
    /// The recipient's name as typed.
    pub signed_by: Option<String>,
}

fn refused(e: ListError) -> AppError {
    AppError::invalid(e.field, e.message)
}

impl AppState {
    /// Record a proof of delivery on a row.
    ///
    /// # Errors
    /// `NotFound` list or row; `Invalid` for a photo that is no image or is damaged, a
    /// signature that is no PNG, a row without a project, or nothing to record.
    pub fn record_delivery(
        &self,
        actor: &Actor,
        slug: &str,
        external_id: &str,
        d: Delivery,
    ) -> OpResult<ListRow> {
        let signed_by = d
            .signed_by
            .as_deref()
            .map(|n| validate::line("signed_by", n))
            .transpose()
            .map_err(|e| AppError::invalid(e.field, e.message))?
            .filter(|n| !n.is_empty());
        let blobs = self.store.blobs();
        let mut photos = Vec::with_capacity(d.photos.len());
        for (i, bytes) in d.photos.iter().enumerate() {
            let p = pod::photo(bytes, d.keep_location).map_err(|e| {
                let n = i + 1;
                AppError::invalid("photos", format!("photo {n} {}", e.message))
            })?;
            let blob = blobs.put_bytes(&p.jpeg).map_err(AppError::internal)?;
            photos.push(DeliveryPhoto {
                blob,
                note: p.location.map(|l| format!("Taken at {l}")),
                located: p.location.is_some(),
            });
        }
        let signature = match &d.signature {
            Some(png) => {
                let png = pod::signature(png).map_err(refused)?;
                Some(blobs.put_bytes(&png).map_err(AppError::internal)?)
            }
            None => None,
        };
        let shas: Vec<String> = photos
            .iter()
            .map(|p| p.blob.sha256.clone())
            .chain(signature.iter().map(|s| s.sha256.clone()))
            .collect();
        let row = self.store.record_delivery(
            actor,
            self.clock.now(),
            slug,
            external_id,
            DeliveryWrite {
                photos,
                signature,
                signed_by,
            },
        )?;
        for sha in &shas {
            self.previews.enqueue(sha);
        }
        self.webhooks.wake();
        Ok(row)
    }
}
