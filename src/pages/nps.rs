//! The NPS page as data: the score with its margin of error and the three groups, the
//! small-sample warning, the trend, groups, scores and category charts, and the tables of
//! periods, categories, comments and detractors to call back.

use crate::analysis::goals::GoalKpi;
use crate::analysis::nps::{NpsGroup, NpsSummary};
use crate::charts::nps::group_label;
use crate::i18n::Lang;
use crate::pages::{Block, Kpi, Page, PageId, Tone, note, nps_tables};
use crate::workspace::NpsView;

/// How the figures are computed, in the owner's words (the definitions in docs/metrics.md).
pub fn method_text(lang: Lang) -> &'static str {
    lang.t(
        "Each answer from 0 to 10 counts once. Promoters answered 9-10, passives 7-8, detractors 0-6. NPS = % promoters − % detractors, from −100 to +100. The margin of error is the 95 % range: with n answers, p promoters and d detractors (as fractions), 1.96 × 100 × √((p + d − (p − d)²) / n). Under 30 answers the figure is marked as a small sample. Blank scores are not answers; they are listed on the Data page. Dates are the answer's date; when the export gives a time zone, the date is taken in UTC. Weeks are ISO weeks (2026-W07), starting on Monday.",
        "Ogni risposta da 0 a 10 conta una volta. I promotori hanno risposto 9-10, i passivi 7-8, i detrattori 0-6. NPS = % promotori − % detrattori, da −100 a +100. Il margine di errore è l'intervallo al 95 %: con n risposte, p promotori e d detrattori (come frazioni), 1,96 × 100 × √((p + d − (p − d)²) / n). Sotto le 30 risposte il valore è segnalato come campione piccolo. I voti vuoti non sono risposte; sono elencati nella pagina Dati. Le date sono quelle della risposta; se l'esportazione indica un fuso orario, la data è presa in UTC. Le settimane sono ISO (2026-W07) e iniziano il lunedì.",
    )
}

/// The headline cards: NPS ± margin of error, responses, and each group with its share.
pub fn headline(lang: Lang, s: &NpsSummary) -> Vec<Kpi> {
    let mut nps = Kpi::new(
        "NPS",
        format!(
            "{} ± {}",
            lang.signed(s.nps, 1),
            lang.number(s.margin_of_error, 1)
        ),
    )
    .line(
        lang.t("95 % margin of error", "margine di errore al 95 %"),
        Tone::Plain,
    )
    .of(GoalKpi::Nps);
    nps.main = true;
    let mut kpis = vec![
        nps,
        Kpi::new(lang.t("Responses", "Risposte"), lang.count(s.responses)).of(GoalKpi::Responses),
    ];
    for (group, count, tone, figure) in [
        (
            NpsGroup::Promoter,
            s.promoters,
            Tone::Promoter,
            Some(GoalKpi::PromoterShare),
        ),
        (NpsGroup::Passive, s.passives, Tone::Passive, None),
        (
            NpsGroup::Detractor,
            s.detractors,
            Tone::Detractor,
            Some(GoalKpi::DetractorShare),
        ),
    ] {
        let share = if s.responses == 0 {
            0.0
        } else {
            f64::from(count) / f64::from(s.responses)
        };
        let mut card = Kpi::new(group_label(lang, group), lang.count(count))
            .line(lang.percent(share, 1), tone);
        card.figure = figure;
        kpis.push(card);
    }
    kpis
}

/// The warning under the headline when the answers are too few to trust the score.
pub fn small_sample(lang: Lang, s: &NpsSummary) -> Option<Block> {
    (s.responses > 0 && s.is_small_sample()).then(|| Block::Note {
        text: lang
            .t(
                "Small sample: fewer than 30 responses, so this NPS can move a lot with a few more answers.",
                "Campione piccolo: meno di 30 risposte, quindi questo NPS può cambiare molto con poche risposte in più.",
            )
            .to_string(),
        warning: true,
    })
}

/// The NPS page of `view`.
pub fn page(lang: Lang, view: &NpsView) -> Page {
    let s = &view.figures.summary;
    let subtitle = crate::charts::nps::subtitle(lang, view);
    let mut blocks = vec![Block::Kpis(headline(lang, s))];
    blocks.extend(small_sample(lang, s));
    if s.responses == 0 {
        blocks.push(note(lang.t(
            "No answers in the chosen dates.",
            "Nessuna risposta nelle date scelte.",
        )));
    } else {
        if view.figures.by_period.is_empty() {
            blocks.push(note(lang.t(
                "These answers have no dates: no trend to show.",
                "Queste risposte non hanno date: nessun andamento da mostrare.",
            )));
        }
        blocks.extend(
            crate::charts::nps::page_charts(lang, view, &subtitle)
                .into_iter()
                .map(Block::Chart),
        );
    }
    blocks.extend(
        nps_tables::page_tables(lang, view)
            .into_iter()
            .map(Block::Table),
    );
    Page {
        id: PageId::Nps,
        title: "Net Promoter Score".to_string(),
        subtitle,
        blocks,
    }
}
