//! Field rules shared by the staff API, the CLI and the client forms.

use std::time::Duration;

/// Longest single-line field (names, titles, emails) we accept.
pub const MAX_LINE: usize = 200;
/// Longest free text (descriptions, update bodies, comments) we accept.
pub const MAX_TEXT: usize = 20_000;

/// A field that failed its rule: which field, and what is wrong, in words for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    #[must_use]
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// A required single-line field: trimmed, non-empty, no control characters, bounded.
///
/// # Errors
/// When the value is empty, too long or holds control characters.
pub fn line(field: &'static str, value: &str) -> Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    if v.chars().count() > MAX_LINE {
        return Err(FieldError::new(
            field,
            format!("is longer than {MAX_LINE} characters"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(FieldError::new(field, "must be a single line of text"));
    }
    if v.chars().any(is_bidi_control) {
        return Err(FieldError::new(
            field,
            "holds a hidden text-direction character (U+202A-U+202E or U+2066-U+2069)",
        ));
    }
    Ok(v.to_owned())
}

/// Unicode's embedding, override and isolate controls: invisible, yet they reorder what a
/// reader sees (a file called `invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`).
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Optional free text: trimmed, bounded; control characters other than newlines and tabs refused.
///
/// # Errors
/// When the value is too long or holds control characters.
pub fn text(field: &'static str, value: &str) -> Result<String, FieldError> {
    let v = value.trim();
    if v.chars().count() > MAX_TEXT {
        return Err(FieldError::new(
            field,
            format!("is longer than {MAX_TEXT} characters"),
        ));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(field, "holds control characters"));
    }
    Ok(v.to_owned())
}

/// An email address: one `@`, a dotted domain, no spaces. Deliberately simple: the mail
/// transport is the final judge, this only keeps obvious junk out of the record.
///
/// # Errors
/// When the value does not look like an address.
pub fn email(field: &'static str, value: &str) -> Result<String, FieldError> {
    let v = line(field, value)?;
    let bad = || FieldError::new(field, "is not an email address");
    let (local, domain) = v.split_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';' | '"'));
    if ok {
        Ok(v.to_ascii_lowercase())
    } else {
        Err(bad())
    }
}

/// A duration written as `90s`, `30m`, `12h`, `7d` (anything `humantime` reads).
///
/// # Errors
/// When the text is not a duration.
pub fn duration(field: &'static str, value: &str) -> Result<Duration, FieldError> {
    humantime::parse_duration(value.trim()).map_err(|_| {
        FieldError::new(
            field,
            format!("{value:?} is not a duration such as 90s, 30m, 12h or 7d"),
        )
    })
}

/// A link lifetime: a duration from one second up to `max`.
///
/// # Errors
/// When the text is not a duration or lies outside the allowed range.
pub fn ttl(value: &str, max: Duration) -> Result<Duration, FieldError> {
    let d = duration("ttl", value)?;
    if d < Duration::from_secs(1) {
        return Err(FieldError::new("ttl", "must be at least 1 second"));
    }
    if d > max {
        return Err(FieldError::new(
            "ttl",
            format!("must be at most {}", duration_text(max)),
        ));
    }
    Ok(d)
}

/// A duration the way it is written in settings and on the command line: in its largest
/// whole unit (`90d`, `36h`, `90m`, `45s`).
#[must_use]
pub fn duration_text(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0 => "0s".to_owned(),
        _ if s.is_multiple_of(86_400) => format!("{}d", s / 86_400),
        _ if s.is_multiple_of(3_600) => format!("{}h", s / 3_600),
        _ if s.is_multiple_of(60) => format!("{}m", s / 60),
        _ => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_they_are_written() {
        assert_eq!(duration_text(Duration::from_secs(90 * 86_400)), "90d");
        assert_eq!(duration_text(Duration::from_secs(36 * 3_600)), "36h");
        assert_eq!(duration_text(Duration::from_secs(90 * 60)), "90m");
        assert_eq!(duration_text(Duration::from_secs(45)), "45s");
        let e = ttl("365d", Duration::from_secs(90 * 86_400)).unwrap_err();
        assert_eq!(e.message, "must be at most 90d");
    }

    #[test]
    fn emails() {
        assert_eq!(
            email("email", " Cleo@Client.Test ").unwrap(),
            "cleo@client.test"
        );
        for bad in [
            "",
            "nope",
            "a@b",
            "a@@b.c",
            "a b@c.d",
            "@c.d",
            "a@.c",
            "x@y.z,evil@z.z",
        ] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ttls() {
        let max = Duration::from_secs(90 * 86_400);
        assert_eq!(ttl("7d", max).unwrap(), Duration::from_secs(7 * 86_400));
        assert_eq!(ttl("90s", max).unwrap(), Duration::from_secs(90));
        assert!(ttl("0s", max).is_err());
        assert!(ttl("91d", max).is_err());
        assert!(ttl("soon", max).is_err());
    }

    #[test]
    fn lines() {
        assert!(line("name", "  ").is_err());
        assert!(line("name", "a\nb").is_err());
        assert!(line("name", &"x".repeat(201)).is_err());
        assert_eq!(line("name", " Acme ").unwrap(), "Acme");
    }
}
