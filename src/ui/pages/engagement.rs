//! The Engagement page: the engagement score with its weights on screen, reviews, the loyalty
//! programme and social posts, and NPS and repeat purchase by how engaged customers are.

use egui::RichText;

use crate::charts::Chart;
use crate::charts::engagement::{self as charts, event_label};
use crate::i18n::Lang;
use crate::pages::PageId;
use crate::pages::engagement::{programme_kpis, reviews_kpis, scores_subtitle, social_kpis};
use crate::ui::FidelioApp;
use crate::ui::commands::{Command, TableChoice};
use crate::ui::pages::widgets::{chart_block, date_range, kpi_row, start_buttons, table_buttons};
use crate::workspace::EngagementView;

const CHART_HEIGHT: f32 = 220.0;

/// A row of the members table: its name and how a group's figure is written.
type GroupRow<'a> = (
    &'a str,
    fn(&crate::analysis::engagement::BuyerGroup, Lang) -> String,
);
/// Most engaged customers listed.
const TOP_CUSTOMERS: usize = 25;
/// Reviews listed under the search box.
const REVIEWS_SHOWN: usize = 100;

/// Draws the Engagement page, or says what it needs.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.heading(lang.t("Engagement", "Coinvolgimento"));
    if app.workspace.engagement_files().next().is_none() {
        ui.label(lang.t(
            "No engagement files loaded yet. Open your reviews, loyalty-card members, a list of customer events or your social posts' export (Facebook, Instagram).",
            "Nessun file di coinvolgimento caricato. Apri le recensioni, gli iscritti alla tessera fedeltà, un elenco di eventi dei clienti o l'esportazione dei post social (Facebook, Instagram).",
        ));
        start_buttons(app, ui);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.t("Trend by", "Andamento per"));
        for period in crate::analysis::period::Period::ALL {
            if ui
                .selectable_label(
                    app.scope.period == period,
                    crate::charts::nps::period_name(lang, period),
                )
                .clicked()
            {
                app.send(Command::SetPeriod(period));
            }
        }
        ui.separator();
        let span = app
            .figures
            .nps
            .as_ref()
            .and_then(|v| v.date_span)
            .or_else(|| app.figures.loyalty.as_ref().map(|v| v.date_span));
        date_range(app, ui, span);
    });
    let (Some(view), Some(page)) = (
        app.figures.engagement.clone(),
        app.page_model(PageId::Engagement),
    ) else {
        ui.spinner();
        return;
    };
    // The charts as the page model built them, the same the report exports.
    let chart = |id: &str| page.charts().find(|c| c.id == id).cloned();
    egui::ScrollArea::vertical()
        .id_salt("engagement_page")
        .show(ui, |ui| {
            let mut commands = Vec::new();
            scores(app, &view, chart("engagement_scores"), ui, &mut commands);
            ui.add_space(16.0);
            ui.columns(2, |cols| {
                reviews(
                    app,
                    &view,
                    chart("engagement_reviews"),
                    &mut cols[0],
                    &mut commands,
                );
                loyalty(lang, &view, &mut cols[1]);
            });
            ui.add_space(16.0);
            social(lang, &view, chart("engagement_social"), ui, &mut commands);
            ui.add_space(16.0);
            quartiles(lang, &view, ui, &mut commands);
            for command in commands {
                app.send(command);
            }
        });
}

fn title(ui: &mut egui::Ui, text: &str) {
    ui.label(RichText::new(text).strong().size(18.0));
}

fn scores(
    app: &mut FidelioApp,
    view: &EngagementView,
    chart: Option<Chart>,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let lang = app.lang();
    title(
        ui,
        lang.t("Engagement score", "Punteggio di coinvolgimento"),
    );
    if view.scores.is_empty() {
        ui.weak(lang.t(
            "The score needs what customers did, by customer: reviews with an email, loyalty-card members or a list of customer events. Page-level social exports count for the shop, not for a customer.",
            "Il punteggio richiede cosa hanno fatto i clienti, cliente per cliente: recensioni con email, iscritti alla tessera o un elenco di eventi dei clienti. Le esportazioni social della pagina contano per il negozio, non per un cliente.",
        ));
        return;
    }
    ui.weak(lang.t(
        "Each customer's events, each weighted as set below, summed and scaled so the most engaged customer scores 100. Reviews, loyalty-card sign-ups and points count as events too.",
        "Gli eventi di ogni cliente, ciascuno pesato come scelto qui sotto, sommati e riportati in scala così che il cliente più coinvolto abbia 100. Anche recensioni, iscrizioni alla tessera e punti contano come eventi.",
    ));
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.strong(lang.t("Weights", "Pesi"));
        let defaults = crate::analysis::engagement::default_weights();
        egui::Grid::new("weights").show(ui, |ui| {
            for (event, weight) in &app.scope.weights {
                ui.label(event_label(lang, event));
                let mut value = *weight;
                // Points weigh per point, so their weights are small.
                let per_point = defaults.get(event).is_some_and(|d| *d < 1.0);
                let (range, step) = if per_point {
                    (0.0..=0.2, 0.005)
                } else {
                    (0.0..=20.0, 0.5)
                };
                let decimals = if per_point { 3 } else { 1 };
                let slider = ui.add(
                    egui::Slider::new(&mut value, range)
                        .step_by(step)
                        .custom_formatter(move |v, _| lang.number(v, decimals))
                        .custom_parser(move |text| lang.parse_number(text)),
                );
                if slider.changed() && value != *weight {
                    commands.push(Command::SetWeight(event.clone(), value));
                }
                if let Some(default) = defaults.get(event) {
                    ui.weak(format!(
                        "{} {}",
                        lang.t("default", "predefinito"),
                        lang.number(*default, if per_point { 3 } else { 1 })
                    ));
                }
                ui.end_row();
            }
        });
        if ui
            .button(lang.t("Default weights", "Pesi predefiniti"))
            .clicked()
        {
            commands.push(Command::ResetWeights);
        }
        let mut decay = app.scope.half_life_days.is_some();
        if ui
            .checkbox(
                &mut decay,
                lang.t(
                    "Older events count less (time decay)",
                    "Gli eventi più vecchi contano meno (decadimento)",
                ),
            )
            .changed()
        {
            commands.push(Command::SetHalfLife(decay.then_some(90.0)));
        }
        if let Some(half_life) = app.scope.half_life_days {
            let mut days = half_life;
            ui.horizontal(|ui| {
                ui.label(lang.t("Half-life (days)", "Emivita (giorni)"));
                if ui
                    .add(
                        egui::DragValue::new(&mut days)
                            .range(1.0..=3650.0)
                            .custom_formatter(move |v, _| lang.number(v, 0))
                            .custom_parser(move |text| lang.parse_number(text)),
                    )
                    .changed()
                {
                    commands.push(Command::SetHalfLife(Some(days)));
                }
            });
        }
        ui.weak(scores_subtitle(lang, view));
        let ui = &mut cols[1];
        if let Some(chart) = &chart {
            chart_block(lang, ui, chart, CHART_HEIGHT, commands);
        }
    });
    ui.horizontal(|ui| {
        ui.strong(lang.t("Most engaged customers", "Clienti più coinvolti"));
        table_buttons(
            lang,
            ui,
            TableChoice::Engagement("engagement_scores"),
            commands,
        );
    });
    egui::Grid::new("top_engaged").striped(true).show(ui, |ui| {
        ui.strong(lang.t("Customer", "Cliente"));
        ui.strong(lang.t("Score", "Punteggio"));
        ui.strong(lang.t("Events", "Eventi"));
        ui.end_row();
        for customer in view.scores.iter().take(TOP_CUSTOMERS) {
            ui.label(&customer.customer);
            ui.label(lang.number(customer.score, 0));
            ui.label(charts::events_text(lang, &customer.events));
            ui.end_row();
        }
    });
}

fn reviews(
    app: &mut FidelioApp,
    view: &EngagementView,
    chart: Option<Chart>,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let lang = app.lang();
    title(ui, lang.t("Reviews", "Recensioni"));
    let Some(reviews) = &view.reviews else {
        ui.weak(lang.t(
            "No reviews file loaded.",
            "Nessun file di recensioni caricato.",
        ));
        return;
    };
    kpi_row(ui, &reviews_kpis(lang, reviews));
    if let Some(chart) = &chart {
        chart_block(lang, ui, chart, CHART_HEIGHT, commands);
    }
    ui.horizontal(|ui| {
        ui.label(lang.t("Per period:", "Per periodo:"));
        let id = "engagement_reviews_by_period";
        table_buttons(lang, ui, TableChoice::Engagement(id), commands);
    });
    if !reviews.by_store.is_empty() {
        egui::Grid::new("reviews_by_store")
            .striped(true)
            .show(ui, |ui| {
                ui.strong(lang.t("Store", "Negozio"));
                ui.strong(lang.t("Reviews", "Recensioni"));
                ui.strong(lang.t("Mean stars", "Media stelle"));
                ui.end_row();
                for store in &reviews.by_store {
                    ui.label(&store.period);
                    ui.label(lang.count(store.count));
                    ui.label(lang.number(store.mean_rating, 2));
                    ui.end_row();
                }
            });
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(lang.t("Search reviews", "Cerca nelle recensioni"));
        ui.add(egui::TextEdit::singleline(&mut app.review_search).desired_width(200.0));
    });
    let needle = crate::text::fold_for_search(app.review_search.trim());
    let matching: Vec<&crate::analysis::engagement::ReviewRow> = view
        .review_texts
        .iter()
        .filter(|r| needle.is_empty() || crate::text::fold_for_search(&r.text).contains(&needle))
        .collect();
    ui.horizontal(|ui| {
        ui.weak(format!(
            "{} {}",
            lang.count(matching.len() as u64),
            lang.t("reviews with text", "recensioni con testo")
        ));
        let id = "engagement_review_texts";
        table_buttons(lang, ui, TableChoice::Engagement(id), commands);
    });
    // As tall as the window allows, less the navigation, status bar and this list's header:
    // a fixed 240 px showed five reviews on a 1080 px screen.
    let tall = (ui.ctx().content_rect().height() - 200.0).max(240.0);
    egui::ScrollArea::vertical()
        .id_salt("review_texts")
        .max_height(tall)
        .show(ui, |ui| {
            for review in matching.iter().take(REVIEWS_SHOWN) {
                ui.horizontal_wrapped(|ui| {
                    ui.strong(format!(
                        "{}/5",
                        lang.number(review.rating, usize::from(review.rating.fract() != 0.0))
                    ));
                    ui.weak(
                        [review.date.map(|d| lang.date(d)), review.store.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · "),
                    );
                    ui.label(&review.text);
                });
            }
        });
}

fn loyalty(lang: Lang, view: &EngagementView, ui: &mut egui::Ui) {
    title(ui, lang.t("Loyalty programme", "Programma fedeltà"));
    let Some(loyalty) = &view.loyalty else {
        ui.weak(lang.t(
            "No loyalty-card file loaded.",
            "Nessun file della tessera fedeltà caricato.",
        ));
        return;
    };
    kpi_row(ui, &programme_kpis(lang, loyalty));
    if let Some((members, others)) = &view.members_vs_others {
        ui.add_space(8.0);
        ui.strong(lang.t(
            "Members against other buying customers",
            "Iscritti e altri clienti che hanno comprato",
        ));
        egui::Grid::new("members_vs").striped(true).show(ui, |ui| {
            ui.label("");
            ui.strong(lang.t("Members", "Iscritti"));
            ui.strong(lang.t("Others", "Altri"));
            ui.end_row();
            let rows: [GroupRow; 4] = [
                (lang.t("Customers", "Clienti"), |g, lang| {
                    lang.count(g.customers)
                }),
                (
                    lang.t("Orders per customer", "Ordini per cliente"),
                    |g, lang| lang.number(g.orders_per_customer, 2),
                ),
                (
                    lang.t("Revenue per customer", "Ricavi per cliente"),
                    |g, lang| lang.number(g.revenue_per_customer, 2),
                ),
                (
                    lang.t("Repeat purchase rate", "Tasso di riacquisto"),
                    |g, lang| lang.percent(g.repeat_rate, 1),
                ),
            ];
            for (name, figure) in rows {
                ui.label(name);
                ui.label(figure(members, lang));
                ui.label(figure(others, lang));
                ui.end_row();
            }
        });
    }
}

fn social(
    lang: Lang,
    view: &EngagementView,
    chart: Option<Chart>,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    title(ui, lang.t("Social posts", "Post social"));
    let Some(social) = &view.social else {
        ui.weak(lang.t(
            "No social posts file loaded.",
            "Nessun file di post social caricato.",
        ));
        return;
    };
    kpi_row(ui, &social_kpis(lang, social));
    ui.columns(2, |cols| {
        if let Some(chart) = &chart {
            chart_block(lang, &mut cols[0], chart, CHART_HEIGHT, commands);
        }
        cols[0].horizontal(|ui| {
            ui.label(lang.t("Per period:", "Per periodo:"));
            let id = "engagement_social_by_period";
            table_buttons(lang, ui, TableChoice::Engagement(id), commands);
        });
        let ui = &mut cols[1];
        ui.strong(lang.t("Best posts", "Post migliori"));
        egui::Grid::new("best_posts").striped(true).show(ui, |ui| {
            ui.strong(lang.t("Date", "Data"));
            ui.strong(lang.t("Type", "Tipo"));
            ui.strong(lang.t("Reach", "Copertura"));
            ui.strong(lang.t("Interactions", "Interazioni"));
            ui.strong(lang.t("Engagement rate", "Tasso di coinvolgimento"));
            ui.end_row();
            for post in view.best_posts.iter().take(5) {
                // A month-only export gives the month, not a day: show what is known.
                let when = post.date.map(|d| {
                    if post.month_only {
                        crate::analysis::period::Period::Month.label(d)
                    } else {
                        lang.date(d)
                    }
                });
                ui.label(when.unwrap_or_default());
                ui.label(post.post_type.clone().unwrap_or_default());
                ui.label(lang.number(post.reach, 0));
                ui.label(lang.number(post.interactions, 0));
                ui.label(lang.percent(post.engagement_rate, 2));
                ui.end_row();
            }
        });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.strong(lang.t("By post type", "Per tipo di post"));
            let id = "engagement_social_by_type";
            table_buttons(lang, ui, TableChoice::Engagement(id), commands);
        });
        egui::Grid::new("post_types").striped(true).show(ui, |ui| {
            ui.strong(lang.t("Type", "Tipo"));
            ui.strong(lang.t("Posts", "Post"));
            ui.strong(lang.t("Interactions", "Interazioni"));
            ui.strong(lang.t("Engagement rate", "Tasso di coinvolgimento"));
            ui.end_row();
            for group in &social.by_type {
                ui.label(&group.period);
                ui.label(lang.count(group.posts));
                ui.label(lang.number(group.interactions, 0));
                ui.label(lang.percent(group.engagement_rate, 2));
                ui.end_row();
            }
        });
    });
}

fn quartiles(lang: Lang, view: &EngagementView, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if view.quartiles.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        title(
            ui,
            lang.t(
                "NPS and repeat purchase by engagement",
                "NPS e riacquisto per coinvolgimento",
            ),
        );
        let id = "engagement_quartiles";
        table_buttons(lang, ui, TableChoice::Engagement(id), commands);
    });
    egui::Grid::new("quartiles").striped(true).show(ui, |ui| {
        for name in [
            lang.t(
                "Quartile (4 = most engaged)",
                "Quartile (4 = i più coinvolti)",
            ),
            lang.t("Customers", "Clienti"),
            "NPS",
            lang.t("Answers", "Risposte"),
            lang.t("Buyers", "Acquirenti"),
            lang.t("Repeat purchase rate", "Tasso di riacquisto"),
        ] {
            ui.strong(name);
        }
        ui.end_row();
        for q in &view.quartiles {
            ui.label(format!("Q{}", q.quartile));
            ui.label(lang.count(q.customers));
            ui.label(q.nps.map_or("–".to_string(), |n| lang.signed(n.nps, 0)));
            ui.label(q.nps.map_or("0".to_string(), |n| lang.count(n.responses)));
            ui.label(lang.count(q.buyers));
            ui.label(if q.buyers > 0 {
                lang.percent(q.repeat_rate, 1)
            } else {
                "–".to_string()
            });
            ui.end_row();
        }
    });
}
