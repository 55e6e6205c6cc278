//! Which audit events a reader asked to see: by kind (exact, or a prefix ending in `.`),
//! by who (part of the actor), by record id (one of the subjects), by UTC day range.
//! Pure: the console parses a query into it and the store applies it while walking the
//! chain.

use time::Date;

use super::AuditEvent;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// `approval.decided`, or `approval.` for every approval event.
    pub kind: Option<String>,
    /// Part of the actor, e.g. a staff id, `link:` or `system`.
    pub actor: Option<String>,
    /// A record id that must be among the event's subjects.
    pub subject: Option<String>,
    /// First and last UTC day, both included.
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl AuditFilter {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    #[must_use]
    pub fn matches(&self, e: &AuditEvent) -> bool {
        let kind_ok = self.kind.as_deref().is_none_or(|k| {
            if k.ends_with('.') {
                e.kind.starts_with(k)
            } else {
                e.kind == k
            }
        });
        let day = e.at.date();
        kind_ok
            && self
                .actor
                .as_deref()
                .is_none_or(|a| e.actor.to_lowercase().contains(&a.to_lowercase()))
            && self
                .subject
                .as_deref()
                .is_none_or(|s| e.subjects.iter().any(|x| x == s))
            && self.from.is_none_or(|f| day >= f)
            && self.to.is_none_or(|t| day <= t)
    }

    /// The filter as query pairs (for links that must keep it, such as sort headers).
    #[must_use]
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let text = [
            ("kind", &self.kind),
            ("actor", &self.actor),
            ("subject", &self.subject),
        ];
        for (name, value) in text {
            if let Some(v) = value {
                out.push((name, v.clone()));
            }
        }
        for (name, day) in [("from", self.from), ("to", self.to)] {
            if let Some(d) = day {
                // `Date` displays as ISO 8601: 2026-11-30.
                out.push((name, d.to_string()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::{date, datetime};

    use super::*;

    fn event(kind: &str, actor: &str, subjects: &[&str]) -> AuditEvent {
        AuditEvent {
            seq: 1,
            at: datetime!(2026-11-20 10:00 UTC),
            actor: actor.into(),
            kind: kind.into(),
            subjects: subjects.iter().map(|s| (*s).to_owned()).collect(),
            details: json!({}),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn kinds_match_exactly_or_by_a_dotted_prefix() {
        let e = event("approval.decided", "link:g1", &["c1", "a1"]);
        let by = |k: &str| AuditFilter {
            kind: Some(k.into()),
            ..AuditFilter::default()
        };
        assert!(by("approval.decided").matches(&e));
        assert!(by("approval.").matches(&e));
        assert!(!by("approval").matches(&e), "no prefix without the dot");
        assert!(!by("link.").matches(&e));
    }

    #[test]
    fn actor_subject_and_days_narrow_it_down() {
        let e = event("link.issued", "staff:Ab12 (Dana Lee)", &["c1", "g1"]);
        assert!(AuditFilter::default().matches(&e));
        let f = AuditFilter {
            actor: Some("dana".into()),
            subject: Some("g1".into()),
            from: Some(date!(2026 - 11 - 20)),
            to: Some(date!(2026 - 11 - 20)),
            ..AuditFilter::default()
        };
        assert!(f.matches(&e));
        for wrong in [
            AuditFilter {
                subject: Some("g2".into()),
                ..f.clone()
            },
            AuditFilter {
                from: Some(date!(2026 - 11 - 21)),
                ..f.clone()
            },
            AuditFilter {
                to: Some(date!(2026 - 11 - 19)),
                ..f.clone()
            },
            AuditFilter {
                actor: Some("system".into()),
                ..f.clone()
            },
        ] {
            assert!(!wrong.matches(&e), "{wrong:?}");
        }
    }

    #[test]
    fn pairs_round_trip_what_was_set() {
        let f = AuditFilter {
            kind: Some("approval.".into()),
            from: Some(date!(2026 - 11 - 01)),
            ..AuditFilter::default()
        };
        assert_eq!(
            f.pairs(),
            vec![("kind", "approval.".into()), ("from", "2026-11-01".into())]
        );
        assert!(AuditFilter::default().is_empty() && !f.is_empty());
    }
}
