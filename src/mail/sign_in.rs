//! The staff sign-in mail. One seam: [`queue_staff_sign_in`]. Until the outbox lands it
//! writes the message as an `.eml` file under `data_dir/outbox/` (temp file, then
//! rename, so a reader never sees half a message).

use std::io::Write as _;

use time::format_description::well_known::Rfc2822;

use crate::app::AppState;
use crate::domain::{Staff, new_id};
use crate::store::StoreResult;

/// Queue the mail that carries a staff member's sign-in link.
///
/// # Errors
/// When the message cannot be written.
pub fn queue_staff_sign_in(state: &AppState, staff: &Staff, url: &str) -> StoreResult<()> {
    let now = state.clock.now();
    let settings = &state.settings;
    let id = new_id();
    let domain = settings
        .mail
        .from
        .rsplit_once('@')
        .map_or("porthole.invalid", |(_, d)| d.trim_end_matches('>'));
    let date = now.format(&Rfc2822).unwrap_or_default();
    let brand = &settings.branding.name;
    let message = format!(
        "From: {from}\r\n\
         To: {to}\r\n\
         Subject: Your sign-in link for {brand}\r\n\
         Date: {date}\r\n\
         Message-ID: <{id}@{domain}>\r\n\
         Auto-Submitted: auto-generated\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Hello {name},\r\n\
         \r\n\
         Someone (we hope you) asked to sign in to the {brand} staff console.\r\n\
         Open this link within 15 minutes to sign in. It works once:\r\n\
         \r\n\
         {url}\r\n\
         \r\n\
         If you did not ask for it, ignore this mail: nobody can sign in without it.\r\n",
        from = settings.mail.from,
        to = staff.email,
        name = staff.name,
    );
    let dir = settings.data_dir.join("outbox");
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!(".{id}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(message.as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, dir.join(format!("{}-{id}.eml", now.unix_timestamp())))?;
    Ok(())
}
