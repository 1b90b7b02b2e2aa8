//! The Loyalty page: shop totals, retention by first-purchase month, RFM segments and the best
//! customers, from the order exports. Figures cover all orders loaded.

use egui::{Color32, RichText};

use crate::analysis::rfm::Segment;
use crate::i18n::Lang;
use crate::ui::FidelioApp;
use crate::workspace::LoyaltyView;

const CUSTOMERS_SHOWN: usize = 25;

/// A segment's name in the language.
pub fn segment_label(lang: Lang, segment: Segment) -> &'static str {
    match segment {
        Segment::Champions => lang.t("Champions", "Campioni"),
        Segment::Loyal => lang.t("Loyal", "Fedeli"),
        Segment::PotentialLoyalists => lang.t("Potential loyalists", "Potenziali fedeli"),
        Segment::NewCustomers => lang.t("New customers", "Nuovi clienti"),
        Segment::Promising => lang.t("Promising", "Promettenti"),
        Segment::NeedsAttention => lang.t("Needs attention", "Da seguire"),
        Segment::AboutToSleep => lang.t("About to sleep", "Si stanno allontanando"),
        Segment::CantLoseThem => lang.t("Can't lose them", "Da non perdere"),
        Segment::AtRisk => lang.t("At risk", "A rischio"),
        Segment::Hibernating => lang.t("Hibernating", "Dormienti"),
    }
}

fn stat(ui: &mut egui::Ui, title: &str, value: String, note: Option<String>) {
    egui::Frame::new()
        .inner_margin(10.0)
        .corner_radius(6.0)
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.label(RichText::new(title).strong());
                ui.label(RichText::new(value).size(22.0));
                if let Some(note) = note {
                    ui.weak(note);
                }
            });
        });
}

/// Draws the Loyalty page, or says what it needs.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.heading(lang.t("Loyalty", "Fedeltà"));
    let Some(view) = app.loyalty.clone() else {
        if app.workspace.order_files().next().is_some() {
            ui.spinner();
        } else {
            ui.label(lang.t(
                "No orders loaded yet. Open what your till or webshop exports (Shopify, WooCommerce, Square, SumUp, Etsy, an accountant's sheet) to see whether customers come back.",
                "Nessun ordine caricato. Apri quello che esporta la cassa o il negozio online (Shopify, WooCommerce, Square, SumUp, Etsy, il foglio del commercialista) per vedere se i clienti tornano.",
            ));
        }
        return;
    };
    ui.weak(format!(
        "{} {} · {}",
        lang.t("All orders up to", "Tutti gli ordini fino al"),
        lang.date(view.as_of - chrono::Duration::days(1)),
        lang.t(
            "date and store filters, charts and the customer card come next.",
            "filtri per data e negozio, grafici e scheda cliente arriveranno."
        )
    ));
    egui::ScrollArea::vertical()
        .id_salt("loyalty_page")
        .show(ui, |ui| {
            kpis(lang, &view, ui);
            ui.add_space(12.0);
            retention(lang, &view, ui);
            ui.add_space(12.0);
            ui.columns(2, |cols| {
                segments(lang, &view, &mut cols[0]);
                best_customers(lang, &view, &mut cols[1]);
            });
        });
}

fn kpis(lang: Lang, view: &LoyaltyView, ui: &mut egui::Ui) {
    let s = &view.summary;
    ui.horizontal_wrapped(|ui| {
        stat(
            ui,
            lang.t("Customers", "Clienti"),
            lang.count(s.customers),
            None,
        );
        stat(ui, lang.t("Orders", "Ordini"), lang.count(s.orders), None);
        stat(
            ui,
            lang.t("Net revenue", "Ricavi netti"),
            lang.number(s.revenue, 2),
            Some(format!(
                "{} {}",
                lang.t("refunds", "resi"),
                lang.number(s.refunds, 2)
            )),
        );
        stat(
            ui,
            lang.t("Average order", "Scontrino medio"),
            lang.number(s.average_order_value, 2),
            None,
        );
        stat(
            ui,
            lang.t("Orders per customer", "Ordini per cliente"),
            lang.number(s.purchase_frequency, 2),
            None,
        );
        stat(
            ui,
            lang.t("Repeat purchase rate", "Tasso di riacquisto"),
            lang.percent(s.repeat_purchase_rate, 1),
            Some(format!(
                "{} {}",
                lang.count(s.repeat_customers),
                lang.t("bought twice or more", "hanno comprato più volte")
            )),
        );
        stat(
            ui,
            lang.t("Days between orders", "Giorni tra due ordini"),
            s.median_days_between_orders
                .map_or("–".to_string(), |d| lang.number(d, 0)),
            Some(
                lang.t("median, repeat customers", "mediana, clienti abituali")
                    .to_string(),
            ),
        );
        stat(
            ui,
            lang.t("Lapsed customers", "Clienti persi"),
            lang.count(view.lapsed.len() as u64),
            Some(format!(
                "{} {} {}",
                lang.t("no order for over", "nessun ordine da oltre"),
                view.lapse_window,
                lang.t("days", "giorni")
            )),
        );
    });
    if view.lines_without_customer > 0 {
        ui.weak(format!(
            "{} {}",
            lang.count(view.lines_without_customer as u64),
            lang.t(
                "order lines have no customer: they count in revenue, not in customer figures.",
                "righe d'ordine non hanno un cliente: contano nei ricavi, non nei dati per cliente."
            )
        ));
    }
}

fn retention(lang: Lang, view: &LoyaltyView, ui: &mut egui::Ui) {
    ui.label(
        RichText::new(lang.t(
            "Retention by first-purchase month",
            "Fidelizzazione per mese del primo acquisto",
        ))
        .strong()
        .size(18.0),
    );
    ui.weak(lang.t(
        "Share of each month's new customers who bought again 0, 1, 2… months later. Months still to come are empty; cohorts under 30 customers are marked *.",
        "Quota dei nuovi clienti di ogni mese che hanno comprato di nuovo 0, 1, 2… mesi dopo. I mesi futuri sono vuoti; le coorti sotto i 30 clienti sono segnate con *.",
    ));
    let width = view
        .cohorts
        .iter()
        .map(|c| c.retention.len())
        .max()
        .unwrap_or(0);
    egui::ScrollArea::horizontal()
        .id_salt("retention")
        .show(ui, |ui| {
            egui::Grid::new("retention_grid")
                .spacing([2.0, 2.0])
                .show(ui, |ui| {
                    ui.strong(lang.t("Cohort", "Coorte"));
                    ui.strong(lang.t("Customers", "Clienti"));
                    for k in 0..width {
                        ui.strong(format!("+{k}"));
                    }
                    ui.end_row();
                    for cohort in &view.cohorts {
                        let mark = if cohort.small { " *" } else { "" };
                        ui.label(format!("{}{mark}", cohort.cohort));
                        ui.label(lang.count(cohort.customers));
                        for value in &cohort.retention {
                            // Deeper blue for higher retention; text stays readable on both ends.
                            let strength = value.clamp(0.0, 1.0) as f32;
                            let fill = Color32::from_rgb(0x2b, 0x6c, 0xb0)
                                .gamma_multiply(0.15 + 0.85 * strength);
                            let text = if strength > 0.45 {
                                Color32::WHITE
                            } else {
                                ui.visuals().text_color()
                            };
                            ui.label(
                                RichText::new(format!(" {:>5} ", lang.percent(*value, 0)))
                                    .monospace()
                                    .color(text)
                                    .background_color(fill),
                            );
                        }
                        ui.end_row();
                    }
                });
        });
}

fn segments(lang: Lang, view: &LoyaltyView, ui: &mut egui::Ui) {
    ui.label(
        RichText::new(lang.t("RFM segments", "Segmenti RFM"))
            .strong()
            .size(18.0),
    );
    egui::Grid::new("segments_grid")
        .striped(true)
        .show(ui, |ui| {
            ui.strong(lang.t("Segment", "Segmento"));
            ui.strong(lang.t("Customers", "Clienti"));
            ui.strong(lang.t("Net revenue", "Ricavi netti"));
            ui.end_row();
            for segment in &view.segments {
                ui.label(segment_label(lang, segment.segment));
                ui.label(lang.count(segment.customers));
                ui.label(lang.number(segment.revenue + 0.0, 2));
                ui.end_row();
            }
        });
}

fn best_customers(lang: Lang, view: &LoyaltyView, ui: &mut egui::Ui) {
    ui.label(
        RichText::new(lang.t("Best customers", "Migliori clienti"))
            .strong()
            .size(18.0),
    );
    egui::Grid::new("customers_grid")
        .striped(true)
        .show(ui, |ui| {
            for title in [
                lang.t("Customer", "Cliente"),
                lang.t("Orders", "Ordini"),
                lang.t("Net revenue", "Ricavi netti"),
                lang.t("Last order", "Ultimo ordine"),
                "R F M",
                lang.t("Segment", "Segmento"),
            ] {
                ui.strong(title);
            }
            ui.end_row();
            for customer in view.customers.iter().take(CUSTOMERS_SHOWN) {
                ui.label(&customer.customer);
                ui.label(lang.count(customer.orders));
                ui.label(lang.number(customer.net_revenue, 2));
                ui.label(lang.date(customer.last_order));
                ui.label(format!(
                    "{} {} {}",
                    customer.recency_score, customer.frequency_score, customer.monetary_score
                ));
                ui.label(segment_label(lang, customer.segment));
                ui.end_row();
            }
        });
}
