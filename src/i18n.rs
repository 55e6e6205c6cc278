//! The client's language and time zone (SPEC 13): every word a client reads on a page
//! or in a mail comes from the Fluent bundles under `locales/<lang>/`, embedded at
//! compile time; dates, times and sizes are written the locale's way, times in the
//! client's zone with the zone named. Stored times stay UTC.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader as _};
use time::{Date, OffsetDateTime};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Placeables are not wrapped in Unicode isolation marks: the text goes into
        // HTML and plain-text mail, where the marks would only show as stray characters.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language porthole speaks to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
    Nl,
}

impl Lang {
    pub const ALL: [Self; 5] = [Self::En, Self::De, Self::Fr, Self::Es, Self::Nl];

    /// The tag written into `<html lang>`, `Content-Language` and stored records.
    #[must_use]
    pub const fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Fr => "fr",
            Self::Es => "es",
            Self::Nl => "nl",
        }
    }

    /// The language's own name for itself (for the console's choice).
    #[must_use]
    pub const fn endonym(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
            Self::Fr => "Français",
            Self::Es => "Español",
            Self::Nl => "Nederlands",
        }
    }

    /// Exactly one of the tags porthole speaks (`en`, `de`, `fr`, `es`, `nl`; any case).
    #[must_use]
    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The language of a stored tag, by its primary subtag (`de-CH` reads as German);
    /// English for anything else.
    #[must_use]
    pub fn of_tag(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        Self::parse(primary).unwrap_or_default()
    }

    /// The best language a browser's `Accept-Language` asks for, by its q-values; `None`
    /// when it names none porthole speaks.
    #[must_use]
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(Self, u16)> = None;
        for item in header.split(',').take(32) {
            let mut parts = item.split(';');
            let range = parts.next().unwrap_or("").trim();
            let mut q = 1000u16;
            for p in parts {
                if let Some(v) = p.trim().strip_prefix("q=") {
                    q = v
                        .trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|x| (0.0..=1.0).contains(x))
                        // q is between 0 and 1 with at most 3 decimals.
                        .map_or(0, |x| {
                            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                            let v = (x * 1000.0).round() as u16;
                            v
                        });
                }
            }
            let primary = range.split(['-', '_']).next().unwrap_or("");
            let Some(lang) = Self::parse(primary) else {
                continue;
            };
            if q > 0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }

    fn id(self) -> LanguageIdentifier {
        // The five tags are valid identifiers; English if parsing ever failed.
        self.tag()
            .parse()
            .unwrap_or_else(|_| LanguageIdentifier::default())
    }
}

/// The language a contact reads: their own, else their client's; when neither is set,
/// the browser's `Accept-Language` (only then), else English.
#[must_use]
pub fn reader_lang(contact: Option<&str>, client: Option<&str>, accept: Option<&str>) -> Lang {
    contact
        .or(client)
        .map(Lang::of_tag)
        .or_else(|| accept.and_then(Lang::from_accept_language))
        .unwrap_or_default()
}

/// The language of mail to a contact (no browser to ask): their own, else the client's,
/// else English.
#[must_use]
pub fn mail_lang(contact: Option<&str>, client: Option<&str>) -> Lang {
    reader_lang(contact, client, None)
}

/// The zone a client's times are shown in: its own, else the deployment's default.
#[must_use]
pub fn client_zone<'a>(client: Option<&'a str>, default: &'a str) -> &'a str {
    client.filter(|z| valid_timezone(z)).unwrap_or(default)
}

/// The tags a client or contact `language` may take.
pub const LANGUAGE_TAGS: [&str; 5] = ["en", "de", "fr", "es", "nl"];

/// Whether `name` is an IANA time zone name porthole knows (`Europe/Berlin`, `UTC`).
#[must_use]
pub fn valid_timezone(name: &str) -> bool {
    !name.trim().is_empty() && jiff::tz::TimeZone::get(name.trim()).is_ok()
}

/// One argument of a message.
pub type Arg = FluentValue<'static>;

/// A string argument.
#[must_use]
pub fn s(v: impl Into<String>) -> Arg {
    FluentValue::from(v.into())
}

/// A number argument (picks plural forms).
#[must_use]
pub fn n(v: usize) -> Arg {
    FluentValue::from(v)
}

/// How one reader sees words and times: their language and their client's time zone.
#[derive(Debug, Clone)]
pub struct Locale {
    pub lang: Lang,
    tz: jiff::tz::TimeZone,
    tz_name: String,
    /// Wrap every message in [`MARK_OPEN`] and [`MARK_CLOSE`] (the pseudo-locale of the
    /// tests: whatever a page shows unwrapped did not come from the bundles).
    marked: bool,
}

/// Opens a message of a marked [`Locale`].
pub const MARK_OPEN: char = '\u{27E6}';
/// Closes a message of a marked [`Locale`].
pub const MARK_CLOSE: char = '\u{27E7}';

impl Default for Locale {
    fn default() -> Self {
        Self::english_utc()
    }
}

impl Locale {
    /// `lang` in the zone named `tz` (UTC when the name is unknown).
    #[must_use]
    pub fn new(lang: Lang, tz: &str) -> Self {
        match jiff::tz::TimeZone::get(tz.trim()) {
            Ok(zone) if !tz.trim().eq_ignore_ascii_case("utc") => Self {
                lang,
                tz: zone,
                tz_name: tz.trim().to_owned(),
                marked: false,
            },
            _ => Self {
                lang,
                tz: jiff::tz::TimeZone::UTC,
                tz_name: "UTC".to_owned(),
                marked: false,
            },
        }
    }

    /// English in UTC: staff mail and pages that know no client.
    #[must_use]
    pub fn english_utc() -> Self {
        Self {
            lang: Lang::En,
            tz: jiff::tz::TimeZone::UTC,
            tz_name: "UTC".to_owned(),
            marked: false,
        }
    }

    /// This locale with every message wrapped in markers when `on` (see
    /// `Settings::pseudo_locale`).
    #[must_use]
    pub fn marked(mut self, on: bool) -> Self {
        self.marked = on;
        self
    }

    fn mark(&self, text: String) -> String {
        if self.marked {
            format!("{MARK_OPEN}{text}{MARK_CLOSE}")
        } else {
            text
        }
    }

    /// The zone's name as shown beside times.
    #[must_use]
    pub fn zone_name(&self) -> &str {
        &self.tz_name
    }

    /// The zone as written after a time: "UTC", or the IANA name in brackets.
    fn zone_label(&self) -> String {
        if self.tz_name == "UTC" {
            "UTC".to_owned()
        } else {
            format!("({})", self.tz_name)
        }
    }

    /// The message `id` (the English one when this language lacks it).
    #[must_use]
    pub fn t(&self, id: &str) -> String {
        self.mark(LOCALES.lookup(&self.lang.id(), id))
    }

    /// The message `id` with its arguments.
    #[must_use]
    pub fn ta(&self, id: &str, args: &[(&'static str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        self.mark(LOCALES.lookup_with_args(&self.lang.id(), id, &map))
    }

    /// A calendar day: "3 Dec 2026", "3. Dezember 2026", "3 décembre 2026".
    #[must_use]
    pub fn date(&self, d: Date) -> String {
        let month = self.t(&format!("month-{}", u8::from(d.month())));
        self.ta(
            "date",
            &[
                ("day", n(usize::from(d.day()))),
                ("month", s(month)),
                ("year", s(d.year().to_string())),
            ],
        )
    }

    /// An instant in the reader's zone.
    fn zoned(&self, t: OffsetDateTime) -> Option<jiff::ZonedDateTime> {
        let ts = jiff::Timestamp::from_second(t.unix_timestamp()).ok()?;
        Some(ts.to_zoned_datetime(self.tz.clone()))
    }

    /// The day an instant falls on in the reader's zone.
    #[must_use]
    pub fn day_of(&self, t: OffsetDateTime) -> Date {
        self.zoned(t)
            .and_then(|z| {
                let d = z.date();
                let month = time::Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
                Date::from_calendar_date(i32::from(d.year()), month, u8::try_from(d.day()).ok()?)
                    .ok()
            })
            .unwrap_or_else(|| t.date())
    }

    /// A moment in the reader's zone, with the zone named: "3 Dec 2026, 14:05 UTC",
    /// "3. Dezember 2026, 15:05 Europe/Berlin".
    #[must_use]
    pub fn datetime(&self, t: OffsetDateTime, seconds: bool) -> String {
        let Some(z) = self.zoned(t) else {
            return crate::views::human_datetime(t);
        };
        let clock = if seconds {
            format!("{:02}:{:02}:{:02}", z.hour(), z.minute(), z.second())
        } else {
            format!("{:02}:{:02}", z.hour(), z.minute())
        };
        self.ta(
            "datetime",
            &[
                ("date", s(self.date(self.day_of(t)))),
                ("time", s(clock)),
                ("zone", s(self.zone_label())),
            ],
        )
    }

    /// A decimal number with one digit after the separator: "1.5" or "1,5".
    fn decimal(&self, v: f64, digits: usize) -> String {
        let out = format!("{v:.digits$}");
        match self.lang {
            Lang::En => out,
            _ => out.replace('.', ","),
        }
    }

    /// A decimal number with the locale's separators, every digit kept: "12,345.50"
    /// (en), "12.345,50" (de, es, nl), "12 345,50" (fr, with a narrow no-break space).
    #[must_use]
    pub fn number(&self, d: rust_decimal::Decimal) -> String {
        let (group, point) = match self.lang {
            Lang::En => (",", "."),
            Lang::Fr => ("\u{202f}", ","),
            _ => (".", ","),
        };
        let text = d.to_string();
        let (sign, digits) = text
            .strip_prefix('-')
            .map_or(("", text.as_str()), |rest| ("-", rest));
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut grouped = String::with_capacity(int.len() + int.len() / 3);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(ch);
        }
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{point}{frac}")
        }
    }

    /// A file size in the locale's words and separators: "1.2 MB", "1,2 Mo".
    #[must_use]
    pub fn size(&self, bytes: u64) -> String {
        const UNITS: [&str; 5] = ["size-kb", "size-mb", "size-gb", "size-tb", "size-pb"];
        if bytes < 1000 {
            return self.ta("size-bytes", &[("n", FluentValue::from(bytes))]);
        }
        #[allow(clippy::cast_precision_loss)]
        let mut value = bytes as f64 / 1000.0;
        let mut unit = 0;
        while value >= 999.95 && unit < UNITS.len() - 1 {
            value /= 1000.0;
            unit += 1;
        }
        let number = if value < 99.95 {
            self.decimal(value, 1)
        } else {
            self.decimal(value, 0)
        };
        format!("{number} {}", self.t(UNITS[unit]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_are_written_the_locales_way() {
        let d = date!(2026 - 12 - 03);
        assert_eq!(Locale::new(Lang::En, "UTC").date(d), "3 Dec 2026");
        assert_eq!(Locale::new(Lang::De, "UTC").date(d), "3. Dezember 2026");
        assert_eq!(Locale::new(Lang::Fr, "UTC").date(d), "3 décembre 2026");
        assert_eq!(
            Locale::new(Lang::Es, "UTC").date(d),
            "3 de diciembre de 2026"
        );
        assert_eq!(Locale::new(Lang::Nl, "UTC").date(d), "3 december 2026");
    }

    #[test]
    fn times_are_in_the_clients_zone_with_the_zone_named() {
        let t = datetime!(2026-12-03 23:30 UTC);
        assert_eq!(
            Locale::new(Lang::En, "UTC").datetime(t, false),
            "3 Dec 2026, 23:30 UTC"
        );
        let berlin = Locale::new(Lang::De, "Europe/Berlin");
        assert_eq!(
            berlin.datetime(t, false),
            "4. Dezember 2026, 00:30 Uhr (Europe/Berlin)"
        );
        assert_eq!(berlin.day_of(t), date!(2026 - 12 - 04));
        // Summer time is the zone's own business.
        let summer = datetime!(2026-07-01 12:00:05 UTC);
        assert_eq!(
            Locale::new(Lang::Fr, "Europe/Paris").datetime(summer, true),
            "1er juillet 2026 à 14:00:05 (Europe/Paris)"
        );
        // An unknown zone reads as UTC rather than failing.
        assert_eq!(Locale::new(Lang::En, "Mars/Olympus").zone_name(), "UTC");
    }

    #[test]
    fn sizes_use_the_locales_separator_and_units() {
        let d = rust_decimal::Decimal::new(-1_234_550, 2);
        assert_eq!(Locale::new(Lang::En, "UTC").number(d), "-12,345.50");
        assert_eq!(Locale::new(Lang::De, "UTC").number(d), "-12.345,50");
        assert_eq!(Locale::new(Lang::Fr, "UTC").number(d), "-12\u{202f}345,50");
        assert_eq!(
            Locale::new(Lang::Nl, "UTC").number(rust_decimal::Decimal::from(999)),
            "999"
        );
        assert_eq!(Locale::new(Lang::En, "UTC").size(1_234_567), "1.2 MB");
        assert_eq!(Locale::new(Lang::De, "UTC").size(1_234_567), "1,2 MB");
        assert_eq!(Locale::new(Lang::Fr, "UTC").size(1_234_567), "1,2 Mo");
        assert_eq!(Locale::new(Lang::En, "UTC").size(1), "1 byte");
        assert_eq!(Locale::new(Lang::Nl, "UTC").size(12), "12 bytes");
        assert_eq!(Locale::new(Lang::Es, "UTC").size(12), "12 bytes");
    }

    #[test]
    fn accept_language_picks_the_best_language_spoken() {
        assert_eq!(
            Lang::from_accept_language("de-CH, fr;q=0.9"),
            Some(Lang::De)
        );
        assert_eq!(
            Lang::from_accept_language("ja, fr;q=0.5, nl;q=0.8"),
            Some(Lang::Nl)
        );
        assert_eq!(Lang::from_accept_language("ja, zh;q=0.5"), None);
        assert_eq!(Lang::from_accept_language("de;q=0, es"), Some(Lang::Es));
        assert_eq!(Lang::from_accept_language(""), None);
    }

    #[test]
    fn the_contact_then_the_client_then_the_browser_decides() {
        let browser = Some("fr-CH, de;q=0.5");
        assert_eq!(reader_lang(Some("nl"), Some("de"), browser), Lang::Nl);
        assert_eq!(reader_lang(None, Some("de"), browser), Lang::De);
        assert_eq!(reader_lang(None, None, browser), Lang::Fr);
        assert_eq!(reader_lang(None, None, Some("ja")), Lang::En);
        assert_eq!(reader_lang(None, None, None), Lang::En);
        assert_eq!(mail_lang(None, Some("es")), Lang::Es);
        assert_eq!(client_zone(Some("Europe/Berlin"), "UTC"), "Europe/Berlin");
        assert_eq!(client_zone(Some("Nowhere/Else"), "UTC"), "UTC");
        assert_eq!(client_zone(None, "Europe/Paris"), "Europe/Paris");
    }

    #[test]
    fn only_the_five_tags_parse() {
        assert_eq!(Lang::parse("DE"), Some(Lang::De));
        assert_eq!(Lang::parse("de-CH"), None);
        assert_eq!(Lang::of_tag("de-CH"), Lang::De);
        assert_eq!(Lang::of_tag("xx"), Lang::En);
        assert!(valid_timezone("Europe/Berlin") && valid_timezone("UTC"));
        assert!(!valid_timezone("Europe/Nowhere") && !valid_timezone(""));
    }

    /// The message ids of one language's bundle files.
    fn ids(text: &str) -> std::collections::BTreeSet<String> {
        text.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    /// Every language has exactly the messages the English bundle has.
    #[test]
    fn every_language_has_every_message() {
        let bundles = [
            (
                "en",
                include_str!("../locales/en/client.ftl"),
                include_str!("../locales/en/mail.ftl"),
            ),
            (
                "de",
                include_str!("../locales/de/client.ftl"),
                include_str!("../locales/de/mail.ftl"),
            ),
            (
                "fr",
                include_str!("../locales/fr/client.ftl"),
                include_str!("../locales/fr/mail.ftl"),
            ),
            (
                "es",
                include_str!("../locales/es/client.ftl"),
                include_str!("../locales/es/mail.ftl"),
            ),
            (
                "nl",
                include_str!("../locales/nl/client.ftl"),
                include_str!("../locales/nl/mail.ftl"),
            ),
        ];
        let en = ids(&format!("{}{}", bundles[0].1, bundles[0].2));
        assert!(en.len() > 50, "{en:?}");
        for (tag, client, mail) in bundles {
            let other = ids(&format!("{client}{mail}"));
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{tag}: lacks {missing:?}, has extra {extra:?}"
            );
        }
    }
}
