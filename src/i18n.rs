//! The two languages Fidelio speaks, and numbers and dates written the way each language writes
//! them. Every visible string is written in both languages at the place it is used
//! (`lang.t("Open files…", "Apri file…")`), so a missing translation cannot compile.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Italian.
    It,
}

impl Lang {
    /// Both languages, in the order the settings list them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::It];

    /// Picks the string for this language.
    pub fn t<'a>(self, en: &'a str, it: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::It => it,
        }
    }

    /// The language's own name, as the language switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
        }
    }

    /// The two-letter code (`en`, `it`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    /// Reads a locale or language tag such as `it-IT`, `it_IT.UTF-8` or `en`.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let primary = locale.split(['-', '_', '.']).next()?.to_lowercase();
        match primary.as_str() {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The system's language when Fidelio speaks it, else English.
    pub fn from_system() -> Lang {
        // Asked once: the locale does not change while Fidelio runs, and the UI asks every frame.
        static SYSTEM: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();
        *SYSTEM.get_or_init(|| {
            sys_locale::get_locale()
                .and_then(|l| Lang::from_locale(&l))
                .unwrap_or_default()
        })
    }

    fn separators(self) -> (char, char) {
        match self {
            Lang::En => ('.', ','),
            Lang::It => (',', '.'),
        }
    }

    /// A number with `decimals` decimals and grouped thousands: `1,234.5` or `1.234,5`.
    pub fn number(self, value: f64, decimals: usize) -> String {
        if !value.is_finite() {
            return "–".to_string();
        }
        let (decimal_mark, group_mark) = self.separators();
        let text = format!("{:.*}", decimals, value.abs());
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i.to_string(), Some(f.to_string())),
            None => (text, None),
        };
        let mut grouped = String::new();
        for (i, ch) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                grouped.push(group_mark);
            }
            grouped.push(ch);
        }
        let negative = value < 0.0
            && grouped
                .chars()
                .chain(frac_part.iter().flat_map(|f| f.chars()))
                .any(|c| c != '0' && c != group_mark);
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        out.push_str(&grouped);
        if let Some(frac) = frac_part {
            out.push(decimal_mark);
            out.push_str(&frac);
        }
        out
    }

    /// An amount of money with two decimals in `currency` (an ISO code), the sign where the
    /// language puts it: `€1,234.50` and `1.234,50 €`, `CHF 7.00` and `7,00 CHF`; without a
    /// currency, the number alone.
    pub fn money(self, value: f64, currency: Option<&str>) -> String {
        let number = self.number(value, 2);
        let Some(code) = currency else {
            return number;
        };
        let sign = match code {
            "EUR" => "€",
            "USD" => "$",
            "GBP" => "£",
            "JPY" => "¥",
            other => other,
        };
        match self {
            Lang::It => format!("{number} {sign}"),
            Lang::En => {
                let (minus, digits) = match number.strip_prefix('-') {
                    Some(rest) => ("-", rest),
                    None => ("", number.as_str()),
                };
                // A code is a word and takes a space; a sign sits on the figure.
                let gap = if sign.chars().count() > 1 { " " } else { "" };
                format!("{minus}{sign}{gap}{digits}")
            }
        }
    }

    /// A number typed in the language: `2,5` or `2.5` in Italian (a lone point is a decimal
    /// point too, as people type it), `2.5` in English; grouping marks are left out.
    pub fn parse_number(self, text: &str) -> Option<f64> {
        let text = text.trim();
        let (decimal_mark, group_mark) = self.separators();
        let plain: String = if self == Lang::It && !text.contains(decimal_mark) {
            text.to_string()
        } else {
            text.replace(group_mark, "").replace(decimal_mark, ".")
        };
        plain.parse::<f64>().ok().filter(|v| v.is_finite())
    }

    /// A whole count with grouped thousands.
    pub fn count(self, value: impl Into<u64>) -> String {
        self.number(value.into() as f64, 0)
    }

    /// A fraction shown as a percentage: 0.366 -> `36.6 %` / `36,6 %`.
    pub fn percent(self, fraction: f64, decimals: usize) -> String {
        format!("{} %", self.number(fraction * 100.0, decimals))
    }

    /// An NPS in points with its sign: `+53.4`, `-12.0`.
    pub fn signed(self, value: f64, decimals: usize) -> String {
        let text = self.number(value, decimals);
        if value > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("+{text}")
        } else {
            text
        }
    }

    /// A date as the language writes it: `2026-11-22` in English (unambiguous for every English
    /// reader), `22/11/2026` in Italian.
    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Lang::En => date.format("%Y-%m-%d").to_string(),
            Lang::It => date.format("%d/%m/%Y").to_string(),
        }
    }

    /// A period label (`2026-02`, `2026-Q1`, `2026-W07`, as the figures and exports name
    /// periods) as the language says it: `Feb 2026` / `feb 2026`, `Q1 2026` / `T1 2026`,
    /// `W7 2026` / `sett. 7 2026`. Anything else is returned as it is.
    pub fn period(self, label: &str) -> String {
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        const IT: [&str; 12] = [
            "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
        ];
        let Some((year, rest)) = label.split_once('-') else {
            return label.to_string();
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return label.to_string();
        }
        let number = |text: &str| text.parse::<usize>().ok();
        match (rest.as_bytes().first(), self) {
            (Some(b'Q'), _) => match number(&rest[1..]) {
                Some(q @ 1..=4) => format!("{}{q} {year}", self.t("Q", "T")),
                _ => label.to_string(),
            },
            (Some(b'W'), _) => match number(&rest[1..]) {
                Some(w @ 1..=53) => format!("{}{w} {year}", self.t("W", "sett. ")),
                _ => label.to_string(),
            },
            (_, lang) => match number(rest) {
                Some(m @ 1..=12) if rest.len() == 2 => {
                    let names = if lang == Lang::En { EN } else { IT };
                    format!("{} {year}", names[m - 1])
                }
                _ => label.to_string(),
            },
        }
    }

    /// Reads a date the owner typed, in this language's format or ISO.
    pub fn parse_date(self, text: &str) -> Option<NaiveDate> {
        let text = text.trim();
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .or_else(|| match self {
                Lang::It => NaiveDate::parse_from_str(text, "%d/%m/%Y").ok(),
                Lang::En => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_said_in_the_language_and_other_text_is_left_alone() {
        assert_eq!(Lang::It.period("2025-10"), "ott 2025");
        assert_eq!(Lang::En.period("2025-10"), "Oct 2025");
        assert_eq!(Lang::It.period("2026-Q1"), "T1 2026");
        assert_eq!(Lang::En.period("2026-Q4"), "Q4 2026");
        assert_eq!(Lang::It.period("2026-W07"), "sett. 7 2026");
        assert_eq!(Lang::En.period("2025-W53"), "W53 2025");
        for text in [
            "2025-13", "2026-Q5", "2026-W54", "Milano", "26-10", "2026-1", "",
        ] {
            assert_eq!(Lang::It.period(text), text);
        }
    }

    #[test]
    fn numbers_typed_in_the_language_are_read() {
        assert_eq!(Lang::It.parse_number("2,5"), Some(2.5));
        assert_eq!(Lang::It.parse_number("2.5"), Some(2.5));
        assert_eq!(Lang::It.parse_number("1.234,5"), Some(1234.5));
        assert_eq!(Lang::En.parse_number("1,234.5"), Some(1234.5));
        assert_eq!(Lang::En.parse_number("x"), None);
        assert_eq!(Lang::En.parse_number("inf"), None);
    }

    #[test]
    fn money_carries_its_currency_where_the_language_puts_it() {
        assert_eq!(Lang::En.money(1234.5, Some("EUR")), "€1,234.50");
        assert_eq!(Lang::It.money(1234.5, Some("EUR")), "1.234,50 €");
        assert_eq!(Lang::En.money(-12.0, Some("USD")), "-$12.00");
        assert_eq!(Lang::It.money(-12.0, Some("USD")), "-12,00 $");
        assert_eq!(Lang::En.money(7.0, Some("CHF")), "CHF 7.00");
        assert_eq!(Lang::It.money(7.0, Some("CHF")), "7,00 CHF");
        assert_eq!(Lang::It.money(7.0, None), "7,00");
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::It.number(1234.5, 1), "1.234,5");
        assert_eq!(Lang::En.number(1234.5, 1), "1,234.5");
        assert_eq!(Lang::En.number(1234567.0, 0), "1,234,567");
        assert_eq!(Lang::It.number(-0.04, 1), "0,0");
        assert_eq!(Lang::It.number(-12.26, 1), "-12,3");
        assert_eq!(Lang::En.number(999.0, 0), "999");
        assert_eq!(Lang::It.percent(0.3661, 1), "36,6 %");
        assert_eq!(Lang::En.signed(53.416, 1), "+53.4");
        assert_eq!(Lang::En.signed(0.0, 1), "0.0");
    }

    #[test]
    fn dates_follow_the_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(Lang::It.date(d), "22/11/2026");
        assert_eq!(Lang::En.date(d), "2026-11-22");
        assert_eq!(Lang::It.parse_date("22/11/2026"), Some(d));
        assert_eq!(Lang::En.parse_date("2026-11-22"), Some(d));
        assert_eq!(Lang::En.parse_date("22/11/2026"), None);
    }

    #[test]
    fn locales_map_to_languages() {
        assert_eq!(Lang::from_locale("it-IT"), Some(Lang::It));
        assert_eq!(Lang::from_locale("it_CH.UTF-8"), Some(Lang::It));
        assert_eq!(Lang::from_locale("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_locale("de-DE"), None);
    }
}
