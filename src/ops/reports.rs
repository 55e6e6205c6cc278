//! Reports for a client link (SPEC 12): per record list the link sees, rows per month
//! and per stage and the month sums of its money and number columns, over the rows the
//! access policy lets the link see. The figures come from `domain::reports`.

use super::OpResult;
use super::portal::LiveLink;
use crate::domain::access::{Action, Subject};
use crate::domain::lists::{ListDef, ListRow};
use crate::domain::reports::{ListReport, Month, list_report};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::store::ReadRecords as _;
use crate::store::lists::client_rows;

impl AppState {
    /// The reports of every list this link sees (`only`: of that one list), in the
    /// months of the reader's time zone.
    ///
    /// # Errors
    /// `NotFound` when `only` names a list outside the link (unknown, or switched off);
    /// a database failure.
    pub fn portal_reports(
        &self,
        link: &LiveLink,
        only: Option<&str>,
        loc: &Locale,
    ) -> OpResult<Vec<ListReport>> {
        let access = link.access();
        access.check(&Subject::portal(&link.client), Action::View)?;
        let sees_list =
            |def: &ListDef| access.check(&Subject::list(&link.client, &def.slug), Action::View);
        let this_month = Month::of(loc.day_of(self.clock.now()));
        let created_day = |t| loc.day_of(t);
        let lists: Vec<(ListDef, Vec<ListRow>)> = self.store.read(|rx| {
            let defs: Vec<ListDef> = match only {
                Some(slug) => vec![rx.get(slug)?],
                None => rx.all::<ListDef>()?,
            };
            let mut out = Vec::new();
            for def in defs {
                if sees_list(&def).is_err() {
                    continue;
                }
                let rows = client_rows(rx, &def.slug, &link.client.id)?
                    .into_iter()
                    .filter(|r| access.check(&Subject::list_row(r), Action::View).is_ok())
                    .collect();
                out.push((def, rows));
            }
            Ok(out)
        })?;
        if only.is_some() && lists.is_empty() {
            return Err(AppError::NotFound("page"));
        }
        let mut reports: Vec<ListReport> = lists
            .iter()
            .map(|(def, rows)| list_report(def, rows, this_month, &created_day))
            .collect();
        reports.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.slug.cmp(&b.slug)));
        Ok(reports)
    }
}
