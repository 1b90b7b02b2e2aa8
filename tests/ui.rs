//! The app clicked through the way an owner would, with egui_kittest: the welcome page, the demo
//! shop, pages, the language, a dropped file and a changed column role. No renderer is needed:
//! these tests read the UI's accessibility tree.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::accesskit::Role as A11yRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fidelio::i18n::Lang;
use fidelio::settings::{Settings, load_from};
use fidelio::ui::FidelioApp;
use fidelio::ui::commands::Page;
use serde_json::Value;

mod common;

struct TestApp {
    harness: Harness<'static, FidelioApp>,
    settings_file: PathBuf,
    _dir: tempfile::TempDir,
}

/// The one place UI tests are set up: window size, English, a private settings file.
fn open_app(lang: Lang) -> TestApp {
    open_app_sized(lang, [1400.0, 1000.0])
}

/// The app in a window of `size`.
fn open_app_sized(lang: Lang, size: [f32; 2]) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let settings_file = dir.path().join("settings.json");
    let settings = Settings {
        language: Some(lang),
        ..Settings::default()
    };
    let app = FidelioApp::with_settings(settings, Some(settings_file.clone()), || {});
    harness_sized(app, settings_file, dir, size)
}

/// The app as the window starts it: settings read from `settings_file` in the background.
fn open_app_loading(settings_file: PathBuf, dir: tempfile::TempDir) -> TestApp {
    let app = FidelioApp::loading_settings(Some(settings_file.clone()), || {});
    harness_for(app, settings_file, dir)
}

fn harness_for(app: FidelioApp, settings_file: PathBuf, dir: tempfile::TempDir) -> TestApp {
    harness_sized(app, settings_file, dir, [1400.0, 1000.0])
}

fn harness_sized(
    mut app: FidelioApp,
    settings_file: PathBuf,
    dir: tempfile::TempDir,
    size: [f32; 2],
) -> TestApp {
    // Saves without a dialog go here, never into the Documents of whoever runs the tests.
    app.fallback_folder = Some(dir.path().join("Documents").join("Fidelio"));
    let harness = Harness::builder().with_size(size).build_ui_state(
        |ui, app: &mut FidelioApp| {
            app.logic();
            fidelio::ui::draw(app, ui);
        },
        app,
    );
    TestApp {
        harness,
        settings_file,
        _dir: dir,
    }
}

impl TestApp {
    /// Steps frames until background work is done (imports, analyses and exports run on
    /// threads). Generous: a debug build on a busy CI machine renders images slowly.
    fn settle(&mut self) {
        for _ in 0..12_000 {
            self.harness.step();
            if !self.harness.state().is_busy() {
                self.harness.run_steps(3);
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the app stayed busy");
    }

    fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).click();
        self.harness.run_steps(2);
        self.settle();
    }

    /// Clicks the first widget with this label, in drawing order (a segment's name is also in
    /// the customers table below it), through accessibility: it may be scrolled out of view.
    fn click_first(&mut self, label: &str) {
        self.harness
            .get_all_by_label(label)
            .next()
            .unwrap_or_else(|| panic!("no {label}"))
            .click_accesskit();
        self.harness.run_steps(2);
        self.settle();
    }

    /// Types a goal into the Goals page's form, as the owner would, ready for "Add goal".
    fn fill_goal_form(
        &mut self,
        figure: fidelio::analysis::goals::GoalKpi,
        target: &str,
        period: &str,
    ) {
        let form = &mut self.harness.state_mut().goals_page;
        form.figure = figure;
        form.target = target.to_string();
        form.period = period.to_string();
        self.harness.run_steps(2);
    }

    /// Drops a fixture (a path from the repository root) on the window and waits for it.
    fn drop_file(&mut self, path: &str) {
        self.drop_files(&[path]);
    }

    /// Drops `paths` in one frame, as one batch.
    fn drop_files(&mut self, paths: &[&str]) {
        for path in paths {
            let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
            self.harness
                .input_mut()
                .dropped_files
                .push(std::sync::Arc::new(DroppedPath(file)));
        }
        self.harness.step();
        self.settle();
    }

    fn has(&self, label: &str) -> bool {
        self.harness
            .query_all_by_label_contains(label)
            .next()
            .is_some()
    }
}

/// A file dropped on the window, as the windowing layer hands it to egui.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn demo_expected() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_welcome_page_offers_every_way_in() {
    let mut app = open_app(Lang::En);
    app.settle();
    for label in [
        "Open files…",
        "Explore the demo shop",
        "Drop files here",
        "Recent files",
    ] {
        assert!(app.has(label), "welcome page lacks {label}");
    }
    for page in [
        "Start",
        "Data",
        "NPS",
        "Loyalty",
        "Engagement",
        "Goals",
        "Settings",
    ] {
        app.harness.get_by_label(page);
    }
}

#[test]
fn without_a_native_dialog_the_app_says_so_and_points_to_drag_and_drop() {
    let mut app = open_app(Lang::En);
    app.harness.state_mut().native_dialog = false;
    app.click("Open files…");
    assert!(
        app.has(
            "No file dialog is available on this system. Drag the files onto the Fidelio window"
        )
    );
}

#[test]
fn without_a_dialog_images_and_reports_go_to_the_fidelio_folder_in_documents_and_say_where() {
    let mut app = open_app(Lang::En);
    app.harness.state_mut().native_dialog = false;
    app.click("Explore the demo shop");
    let folder = app.harness.state().fallback_folder.clone().unwrap();
    for _ in 0..2 {
        app.harness
            .get_all_by_label("Save image…")
            .next()
            .unwrap()
            .click();
        app.harness.run_steps(2);
        app.settle();
    }
    // The second save does not replace the first.
    assert!(
        folder.join("nps_trend.png").is_file(),
        "{:?}",
        app.harness.state().notices
    );
    assert!(folder.join("nps_trend (2).png").is_file());
    assert!(app.has(&format!("saving into {}", folder.display())));
    app.click("Export report…");
    let reports: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(reports.len(), 1, "a new folder beside the images");
    assert!(reports[0].join("report.html").is_file());
    assert!(app.has("Report written"));
}

#[test]
fn the_demo_shop_opens_on_the_nps_page_with_the_generator_s_figures() {
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    assert_eq!(app.harness.state().page, Page::Nps);
    let overall = &demo_expected()["overall"];
    // The generator computed NPS and MoE in Python: the headline must show the same.
    let headline = format!(
        "{:+.1} ± {:.1}",
        overall["nps"].as_f64().unwrap(),
        overall["moe"].as_f64().unwrap()
    );
    assert!(app.has(&headline), "no headline {headline}");
    assert!(app.has("Who to call back"));
    assert!(app.has("NPS by"));
    app.harness
        .get_by_label_contains("How these figures are computed")
        .click();
    app.harness.run_steps(3);
    assert!(app.has("NPS = % promoters − % detractors"));

    app.click("Data");
    assert!(
        !app.harness
            .get_all_by_label("survey_verona.csv")
            .collect::<Vec<_>>()
            .is_empty()
    );
    assert!(app.has("Rows not used"));
    app.click("Loyalty");
    // The generator counted 403 customers, 171 of them with two orders or more: 42.4 %.
    let orders = &demo_expected()["ordini.csv"];
    let repeat = 100.0 * orders["customers_with_2_or_more_orders"].as_f64().unwrap()
        / orders["customers"].as_f64().unwrap();
    assert!(
        app.has(&format!("{repeat:.1} %")),
        "repeat purchase rate {repeat:.1} %"
    );
    assert!(app.has("Cohorts by first purchase"));
}

#[test]
fn the_loyalty_page_switches_measures_filters_by_store_and_opens_segments_and_customers() {
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Loyalty");
    let orders = &demo_expected()["ordini.csv"];

    // Retention cells are percentages; revenue per customer cells are amounts.
    assert!(app.has("100 %"));
    app.click("Revenue per customer");
    assert!(app.has("cohort LTV"));
    assert!(!app.has("100 %"), "retention cells still shown");
    app.click("Customer retention");
    assert!(app.has("100 %"));

    // A segment lists exactly its customers, beside the click: right under the segments
    // table, biggest spenders first, and in full in the customers table.
    let clicked = app
        .harness
        .get_all_by_label("Champions")
        .next()
        .unwrap()
        .rect();
    app.click_first("Champions");
    let (view, champions) = {
        let view = app.harness.state().figures.loyalty.clone().unwrap();
        let champions = view
            .segments
            .iter()
            .find(|s| s.segment == fidelio::analysis::rfm::Segment::Champions)
            .unwrap()
            .customers;
        (view, champions)
    };
    let preview = app
        .harness
        .get_all_by_label("Segment: Champions")
        .next()
        .unwrap()
        .rect();
    assert!(
        preview.min.y > clicked.max.y && preview.min.y - clicked.max.y < 300.0,
        "the list opens at {preview:?}, not just under the segment clicked at {clicked:?}"
    );
    assert!(app.has(&format!("{champions} customers, biggest spenders first")));
    let biggest = view
        .customers
        .iter()
        .filter(|c| c.segment == fidelio::analysis::rfm::Segment::Champions)
        .max_by(|a, b| a.net_revenue.total_cmp(&b.net_revenue))
        .unwrap();
    let first_link = app
        .harness
        .get_all_by_label_contains(&biggest.customer)
        .next()
        .unwrap()
        .rect();
    assert!(first_link.min.y > preview.max.y && first_link.min.y - preview.max.y < 60.0);
    assert!(app.has(&format!("{champions} customers · click")));
    // "See all" brings the full list into view.
    if champions as usize > 8 {
        app.click_first(&format!("See all {champions} in the customers table"));
        let heading = app
            .harness
            .get_all_by_label("Segment: Champions")
            .last()
            .unwrap()
            .rect();
        assert!(
            heading.min.y >= 0.0 && heading.max.y <= 1000.0,
            "the customers' heading is at {heading:?}, outside the 1000 px window"
        );
    }
    // The listed customers export as shown: a header and one row per champion.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("champions.csv");
    app.harness.state_mut().next_save_path = Some(csv.clone());
    app.harness
        .state_mut()
        .send(fidelio::ui::commands::Command::ExportTable(
            fidelio::ui::commands::TableChoice::Customers,
            fidelio::ui::commands::TableFormat::Csv,
        ));
    app.settle();
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len() as u32, champions + 1);
    assert!(lines[1..].iter().all(|l| l.contains("Champions")));
    // The curves chart and the cohort table's exports are on the page.
    assert!(app.has("Curves for"));
    app.click_first("Show all customers");
    assert!(app.has("All customers"));

    // The store filter: the generator's net revenue of Verona Centro.
    let open_stores = |app: &mut TestApp| {
        let combos: Vec<_> = app.harness.get_all_by_role(A11yRole::ComboBox).collect();
        assert_eq!(combos.len(), 2, "store and channel filters");
        combos[0].click();
        app.harness.run_steps(2);
    };
    open_stores(&mut app);
    app.click("Verona Centro");
    let verona = &orders["by_store"]["Verona Centro"];
    let revenue = verona["net_revenue_eur"].as_f64().unwrap();
    let text = format!("{revenue:.2}");
    let (whole, cents) = text.split_once('.').unwrap();
    let grouped = format!(
        "{},{}.{cents}",
        &whole[..whole.len() - 3],
        &whole[whole.len() - 3..]
    );
    assert!(app.has(&grouped), "Verona net revenue {grouped}");
    assert_eq!(
        app.harness
            .state()
            .figures
            .loyalty
            .as_ref()
            .unwrap()
            .summary
            .customers,
        verona["customers"].as_u64().unwrap() as u32
    );
    open_stores(&mut app);
    app.click("All stores");

    // The best customer's card: their orders and what they bought.
    let best = &orders["best_customer"];
    let email = best["email"].as_str().unwrap();
    app.click_first(email);
    assert!(app.has(&format!("Customer: {email}")));
    let card = app.harness.state().loyalty_page.card.clone().unwrap();
    let card = card.1.expect("card computed");
    assert_eq!(
        card.card.orders.len() as u64,
        best["orders"].as_u64().unwrap()
    );
    assert!(app.has("Products bought most"));
}

#[test]
fn the_lapse_window_and_tenure_buckets_can_be_changed() {
    use fidelio::ui::commands::{Command, CustomerList};
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Loyalty");
    let default_window = app
        .harness
        .state()
        .figures
        .loyalty
        .as_ref()
        .unwrap()
        .lapse_window;
    assert!(app.has(&format!("no order for over {default_window} days")));

    app.harness
        .state_mut()
        .send(Command::SetLapseWindow(Some(30)));
    app.settle();
    let view = app.harness.state().figures.loyalty.clone().unwrap();
    assert_eq!(view.lapse_window, 30);
    assert!(app.has("no order for over 30 days"));
    // Lapsed means more than 30 days without an order, counted from the customers table.
    let expected = view
        .customers
        .iter()
        .filter(|c| c.days_since_last_order > 30)
        .count();
    assert_eq!(view.lapsed.len(), expected);
    assert!(app.has("Use the default"));

    // Buckets typed as "0, 6" give 0-6 months and 6 months +, together every customer.
    let starts = fidelio::figures::parse_tenure_starts("6").unwrap();
    app.harness
        .state_mut()
        .send(Command::SetTenureStarts(starts));
    app.settle();
    assert!(app.has("0-6 months"));
    assert!(app.has("6 months +"));
    let view = app.harness.state().figures.loyalty.clone().unwrap();
    let total: u32 = view.tenure.iter().map(|b| b.customers).sum();
    assert_eq!(total, view.summary.customers);
    app.click_first("6 months +");
    assert_eq!(
        app.harness.state().loyalty_page.list,
        CustomerList::Tenure(1)
    );
    assert!(app.has(&format!("{} customers · click", view.tenure[1].customers)));
}

#[test]
fn switching_to_italian_changes_labels_and_numbers_and_is_remembered() {
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Settings");
    app.click("Italiano");
    assert_eq!(app.harness.state().lang(), Lang::It);
    for label in ["Inizio", "Dati", "Fedeltà", "Impostazioni", "Lingua"] {
        assert!(app.has(label), "no Italian label {label}");
    }
    app.click("NPS");
    let overall = &demo_expected()["overall"];
    let headline = format!(
        "{:+.1} ± {:.1}",
        overall["nps"].as_f64().unwrap(),
        overall["moe"].as_f64().unwrap()
    )
    .replace('.', ",");
    assert!(app.has(&headline), "no Italian headline {headline}");
    assert!(app.has("Chi richiamare"));
    let (saved, warning) = load_from(&app.settings_file);
    assert!(warning.is_none());
    assert_eq!(saved.language, Some(Lang::It));
}

#[test]
fn saved_settings_are_read_in_the_background_and_taken_when_they_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let settings_file = dir.path().join("settings.json");
    std::fs::write(&settings_file, r#"{"language": "it"}"#).unwrap();
    let mut app = open_app_loading(settings_file, dir);
    app.settle();
    assert_eq!(app.harness.state().lang(), Lang::It);
    assert!(
        app.has("Esplora il negozio demo"),
        "the welcome page in Italian"
    );
    // A change is written by the writer thread, and is on disk once the app is idle.
    app.click("Impostazioni");
    app.click("English");
    let (saved, warning) = load_from(&app.settings_file);
    assert!(warning.is_none());
    assert_eq!(saved.language, Some(Lang::En));
    // The largest file to read: automatic until the owner sets a size.
    assert_eq!(saved.max_file_mb, None);
    app.click("Automatic: a third of the memory free when a file is read");
    let (saved, _) = load_from(&app.settings_file);
    assert_eq!(saved.max_file_mb, Some(1000));
}

#[cfg(unix)]
#[test]
fn a_pipe_in_place_of_the_settings_file_opens_the_window_with_defaults_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let settings_file = dir.path().join("settings.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&settings_file)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let mut app = open_app_loading(settings_file, dir);
    app.settle();
    assert_eq!(app.harness.state().lang(), Lang::En);
    let notices = &app.harness.state().notices;
    assert!(
        notices
            .iter()
            .any(|n| n.text.contains("not a regular file")),
        "{:?}",
        notices.iter().map(|n| &n.text).collect::<Vec<_>>()
    );
}

#[test]
fn hostile_files_dropped_with_a_good_one_are_refused_one_by_one_and_the_good_one_stays() {
    let mut app = open_app(Lang::En);
    app.drop_files(&[
        "tests/fixtures/hostile/corner_cell_xfd1048576.xlsx",
        "tests/fixtures/hostile/sector_chain_loop.xls",
        "tests/fixtures/survey/two_scores.csv",
        "tests/fixtures/hostile/row_repeated_a_million_times.ods",
    ]);
    // 4 promoters, 1 passive, 1 detractor of 6 (as in the test below): the batch was not lost.
    assert!(app.has("+50.0 ±"), "the good file's NPS");
    let notices: Vec<&str> = app
        .harness
        .state()
        .notices
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(
        notices[0].starts_with("corner_cell_xfd1048576.xlsx: row 1048576 reaches column 16384")
    );
    assert!(notices[1].contains("a chain of sectors loops back on itself"));
    assert!(notices[2].contains("this sheet declares 201,000,201 cells"));
}

#[test]
fn a_dropped_file_is_imported_and_changing_its_score_column_changes_the_nps() {
    let mut app = open_app(Lang::En);
    app.drop_file("tests/fixtures/survey/two_scores.csv");
    // Detection takes the recommendation question: 4 promoters, 1 passive, 1 detractor of 6
    // gives 100 * (4 - 1) / 6 = +50.0.
    assert!(app.has("+50.0 ±"), "NPS of the recommend column");
    assert!(app.has("Small sample"));

    app.click("Data");
    // The roles grid has one dropdown per column, in column order: make column 3 the score.
    let combos: Vec<_> = app.harness.get_all_by_role(A11yRole::ComboBox).collect();
    assert_eq!(combos.len(), 4);
    combos[2].click();
    app.harness.run_steps(2);
    app.harness
        .get_all_by_label("Score 0-10")
        .last()
        .unwrap()
        .click();
    app.harness.run_steps(2);
    app.settle();
    app.click("NPS");
    // The online-shop column: 2 promoters, 0 passives, 4 detractors: 100 * (2 - 4) / 6 = -33.3.
    assert!(app.has("-33.3 ±"), "NPS of the newly chosen column");

    // The mapping is remembered for the next file with the same headers.
    let (saved, _) = load_from(&app.settings_file);
    assert_eq!(saved.mappings.len(), 1);
}

#[test]
fn another_sheet_can_be_chosen_and_the_file_keeps_its_place() {
    let mut app = open_app(Lang::It);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/survey");
    for name in ["survey.xlsx", "problems.csv"] {
        app.harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(DroppedPath(fixtures.join(name))));
    }
    app.harness.step();
    app.settle();
    app.click("Dati");
    app.harness
        .get_all_by_label("survey.xlsx")
        .next()
        .unwrap()
        .click();
    app.harness.run_steps(2);
    // Italian dates in the preview, from the spreadsheet's date cells.
    assert!(app.has("02/03/2026 09:15:00"));
    // The sheet dropdown comes before the role dropdowns (after the Same meaning panel's).
    let sheet = app.harness.state().workspace.files[0]
        .format
        .as_ref()
        .and_then(|f| match f {
            fidelio::import::read::SourceFormat::Spreadsheet { sheet, .. } => Some(sheet.clone()),
            _ => None,
        })
        .expect("a spreadsheet");
    app.harness
        .get_all_by_role(A11yRole::ComboBox)
        .find(|combo| combo.value().is_some_and(|v| v == sheet))
        .expect("the sheet dropdown shows the sheet read")
        .click();
    app.harness.run_steps(2);
    app.click("Altro");
    let state = app.harness.state();
    assert_eq!(state.workspace.files[0].name, "survey.xlsx");
    assert_ne!(
        state.workspace.files[0].kind,
        fidelio::import::roles::FileKind::Survey
    );
    // Only problems.csv's 7 answers are left.
    assert_eq!(state.answer_count(), 7);
}

#[test]
fn charts_tables_and_the_report_are_saved_from_the_nps_page() {
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    let dir = tempfile::tempdir().unwrap();

    // The first chart is the NPS trend; the image is made off-screen at 1600x900.
    app.harness.state_mut().next_save_path = Some(dir.path().join("trend.png"));
    app.harness
        .get_all_by_label("Save image…")
        .next()
        .unwrap()
        .click();
    app.harness.run_steps(2);
    app.settle();
    let image = image::open(dir.path().join("trend.png")).unwrap();
    assert_eq!((image.width(), image.height()), (1600, 900));
    assert!(app.has("Saved"));

    app.harness.state_mut().next_save_path = Some(dir.path().join("comments.xlsx"));
    // Through accessibility: the comments are further down the page than the window shows.
    app.harness
        .get_all_by_label("Export XLSX…")
        .next()
        .unwrap()
        .click_accesskit();
    app.harness.run_steps(2);
    app.settle();
    assert!(
        std::fs::metadata(dir.path().join("comments.xlsx"))
            .unwrap()
            .len()
            > 1000
    );

    // A folder that already holds files gets a new dated subfolder, never overwritten files.
    app.harness.state_mut().next_save_path = Some(dir.path().to_path_buf());
    app.click("Export report…");
    let reports: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(reports.len(), 1);
    assert!(reports[0].join("report.html").is_file());
    assert!(reports[0].join("charts/nps_trend.png").is_file());
    assert!(app.has("Report written"));
}

#[test]
fn a_failed_save_says_why_and_the_app_goes_on() {
    let mut app = open_app(Lang::It);
    app.click("Esplora il negozio demo");
    app.harness.state_mut().next_save_path =
        Some(PathBuf::from("/nonexistent-folder/fidelio/trend.png"));
    app.harness
        .get_all_by_label("Salva immagine…")
        .next()
        .unwrap()
        .click();
    app.harness.run_steps(2);
    app.settle();
    assert!(app.has("Impossibile salvare /nonexistent-folder/fidelio/trend.png"));
    // Still working: another page opens.
    app.click("Dati");
    assert!(app.has("Righe non usate"));
}

#[test]
fn image_settings_are_remembered_and_used_for_saved_charts() {
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Settings");
    app.click("Dark background");
    let (saved, _) = load_from(&app.settings_file);
    assert!(saved.images.dark);
    app.click("NPS");
    let dir = tempfile::tempdir().unwrap();
    app.harness.state_mut().next_save_path = Some(dir.path().join("dark.png"));
    app.harness
        .get_all_by_label("Save image…")
        .next()
        .unwrap()
        .click();
    app.harness.run_steps(2);
    app.settle();
    let image = image::open(dir.path().join("dark.png")).unwrap().to_rgb8();
    let corner = image.get_pixel(2, 2).0;
    assert!(
        corner.iter().all(|c| *c < 64),
        "background {corner:?} is not dark"
    );
}

#[test]
fn moving_a_weight_slider_changes_the_engagement_scores_and_chart() {
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Engagement");
    let before = app.harness.state().figures.engagement.clone().unwrap();
    let loyalty_before = app.harness.state().figures.loyalty.clone().unwrap();
    assert!(app.has("How engaged customers are"));
    // The generator's 341 reviews, on the page.
    let reviews = demo_expected()["recensioni.csv"]["reviews"]
        .as_u64()
        .unwrap();
    // Its headline card says how many.
    assert!(app.has("Mean stars"));
    assert!(
        app.harness
            .get_all_by_label(&Lang::En.count(reviews))
            .next()
            .is_some(),
        "{reviews} reviews on a card"
    );
    let bins = |view: &fidelio::workspace::EngagementView| {
        fidelio::charts::engagement::score_bins(&view.scores)
    };

    // Sliders follow the weights' order: comment, like, points earned, points redeemed,
    // referral, review, share, sign-up.
    let sliders: Vec<_> = app.harness.get_all_by_role(A11yRole::Slider).collect();
    assert_eq!(sliders.len(), 8);
    sliders[5].set_value_accesskit(0.0);
    app.harness.run_steps(2);
    app.settle();
    let after = app.harness.state().figures.engagement.clone().unwrap();
    assert_eq!(after.weights["review"], 0.0);
    // Only the engagement figures were computed again: the Loyalty figures are the same ones.
    let loyalty_after = app.harness.state().figures.loyalty.clone().unwrap();
    assert!(std::sync::Arc::ptr_eq(&loyalty_before, &loyalty_after));
    // Reviews weigh nothing now: a customer with only reviews scores 0, and the most engaged
    // customer is a card member.
    let only_reviews = after
        .scores
        .iter()
        .find(|s| s.events.keys().all(|k| k == "review"))
        .unwrap();
    assert_eq!(only_reviews.score, 0.0);
    assert!(after.scores[0].events.contains_key("sign_up"));
    assert_eq!(after.scores[0].score, 100.0);
    assert_ne!(bins(&before), bins(&after), "the distribution chart moved");

    app.click("Default weights");
    let reset = app.harness.state().figures.engagement.clone().unwrap();
    assert_eq!(bins(&reset), bins(&before));

    // Review search: counted here straight from the demo file.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/recensioni.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let texts: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[4].trim().to_lowercase())
        .collect();
    let with_text = texts.iter().filter(|t| !t.is_empty()).count();
    let kind = texts.iter().filter(|t| t.contains("gentil")).count();
    assert!(app.has(&format!("{with_text} reviews with text")));
    app.harness.state_mut().review_search = "Gentil".to_string();
    app.harness.run_steps(2);
    assert!(app.has(&format!("{kind} reviews with text")));

    // A customer card shows the customer's engagement.
    let scored = reset
        .scores
        .iter()
        .find(|s| s.events.contains_key("sign_up"))
        .unwrap()
        .customer
        .clone();
    app.click("Loyalty");
    app.harness
        .state_mut()
        .send(fidelio::ui::commands::Command::OpenCustomer(scored));
    app.settle();
    assert!(app.has("Loyalty card sign-up × 1"));
}

#[test]
fn a_file_with_two_unnamed_amounts_asks_which_is_paid_and_the_answer_gives_the_figures() {
    let mut app = open_app(Lang::En);
    app.drop_file("tests/fixtures/questions/which_amount.csv");
    app.click_first("Data");
    assert!(app.has("Which column is the amount paid?"));
    // Both money columns are offered, with their first values to recognise them by.
    assert!(app.has("12,50 · 30,00"));
    assert!(app.has("1,00 · 0,00"));
    assert!(app.has("needs one answer"), "the problem is told");
    app.click_first("Pagato");
    assert!(!app.has("Which column is the amount paid?"));
    assert!(!app.has("needs one answer"), "the answered problem is gone");
    // Only the answered column reads as the owner's choice; the rest is explained.
    assert_eq!(app.harness.query_all_by_label("your choice").count(), 1);
    assert!(app.has("a date in 100 % of rows; header says 'Giorno'"));
    let file = &app.harness.state().workspace.files[0];
    assert_eq!(file.kind, fidelio::import::roles::FileKind::Orders);
    assert!(file.error.is_none());
    // Counted by hand (tests/fixtures/questions/README.md): 4 orders, 3 customers, 57.00.
    let view = app.harness.state().figures.loyalty.clone().unwrap();
    assert_eq!(view.summary.orders, 4);
    assert_eq!(view.summary.customers, 3);
    assert!((view.summary.revenue - 57.0).abs() < 1e-9);
    // The answer is remembered for the next export with the same headers.
    let (saved, _) = load_from(&app.settings_file);
    assert_eq!(saved.mappings.len(), 1);
}

#[test]
fn a_store_chosen_on_the_nps_page_selects_the_answers_and_the_orders_of_that_store() {
    let mut app = open_app(Lang::It);
    app.click("Esplora il negozio demo");
    let all = app.harness.state().figures.nps.clone().unwrap();
    let combos: Vec<_> = app.harness.get_all_by_role(A11yRole::ComboBox).collect();
    assert!(
        combos.len() >= 2,
        "store and channel filters on the NPS page"
    );
    combos[0].click();
    app.harness.run_steps(2);
    app.click("Verona Centro");
    // The generator's figures for the Verona survey, the only one of that store.
    let expected = &demo_expected()["survey_verona.csv"];
    let nps = app.harness.state().figures.nps.clone().unwrap();
    assert_eq!(
        u64::from(nps.figures.summary.responses),
        expected["responses"].as_u64().unwrap()
    );
    assert!((nps.figures.summary.nps - expected["nps"].as_f64().unwrap()).abs() < 0.01);
    assert!(nps.figures.summary.responses < all.figures.summary.responses);
    assert!(app.has("Verona Centro ·"), "the subtitle names the store");
    // One scope: the Loyalty page shows that store's orders, with the store chosen.
    app.click("Fedeltà");
    let verona = &demo_expected()["ordini.csv"]["by_store"]["Verona Centro"];
    let loyalty = app.harness.state().figures.loyalty.clone().unwrap();
    assert_eq!(
        u64::from(loyalty.summary.customers),
        verona["customers"].as_u64().unwrap()
    );
    assert!(app.has("Verona Centro"));
}

#[test]
fn a_channel_merged_on_the_data_page_is_one_channel_everywhere_and_is_remembered() {
    use fidelio::ui::commands::Command;
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Data");
    assert!(app.has("Same meaning"));
    let channels = |app: &TestApp| {
        app.harness
            .state()
            .figures
            .channels()
            .iter()
            .map(|c| c.to_lowercase())
            .collect::<Vec<_>>()
    };
    assert_eq!(channels(&app), ["in store", "negozio", "online"]);
    // The panel's "counts as" choice sends this command.
    let merge = fidelio::analysis::merge::Merge {
        column: "channel".to_string(),
        from: "In store".to_string(),
        into: "negozio".to_string(),
    };
    app.harness.state_mut().send(Command::Merge(merge.clone()));
    app.harness.run_steps(2);
    app.settle();
    assert_eq!(channels(&app), ["negozio", "online"]);
    assert!(app.has("In store counts as negozio"));
    let (saved, _) = load_from(&app.settings_file);
    assert_eq!(saved.merges, [merge]);
    // The NPS page compares two channels now.
    app.click("NPS");
    let nps = app.harness.state().figures.nps.clone().unwrap();
    let (_, by_channel) = nps
        .figures
        .by_category
        .iter()
        .find(|(c, _)| c.column == "channel")
        .unwrap();
    assert_eq!(by_channel.segments.len(), 2);
    // And undone from the Data page.
    app.click("Data");
    app.click("Undo");
    assert_eq!(channels(&app), ["in store", "negozio", "online"]);
    let (saved, _) = load_from(&app.settings_file);
    assert!(saved.merges.is_empty());
}

/// The headline cards wrap to new rows instead of squeezing: at 1024 px and at 1920 px, in
/// both languages, every Loyalty and NPS card's title is on one line inside the window, and at
/// 1024 px the ten Loyalty cards take more than one row.
#[test]
fn kpi_cards_wrap_and_no_title_is_squeezed_at_either_size() {
    use fidelio::pages::PageId;
    for lang in [Lang::It, Lang::En] {
        for (width, height) in [(1024.0, 700.0), (1920.0, 1080.0)] {
            let mut app = open_app_sized(lang, [width, height]);
            app.harness
                .state_mut()
                .send(fidelio::ui::commands::Command::LoadDemo);
            app.settle();
            let harness = &mut app.harness;
            for (page, id) in [(Page::Loyalty, PageId::Loyalty), (Page::Nps, PageId::Nps)] {
                harness
                    .state_mut()
                    .send(fidelio::ui::commands::Command::ShowPage(page));
                harness.run_steps(3);
                let model = harness.state().page_model(id).unwrap();
                let mut rows = Vec::new();
                for kpi in model.kpis() {
                    let title = harness
                        .get_all_by_label(&kpi.title)
                        .next()
                        .unwrap_or_else(|| panic!("no card {}", kpi.title))
                        .rect();
                    let where_ =
                        format!("{} at {width}×{height} in {lang:?}: {title:?}", kpi.title);
                    assert!(title.height() < 24.0, "title broken over lines: {where_}");
                    assert!(title.max.x <= width, "past the edge: {where_}");
                    if !rows.iter().any(|y: &f32| (y - title.min.y).abs() < 4.0) {
                        rows.push(title.min.y);
                    }
                }
                if id == PageId::Loyalty && width < 1100.0 {
                    assert!(
                        rows.len() > 1,
                        "ten cards in one row at {width} px in {lang:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_goal_set_on_the_goals_page_shows_on_its_card_and_chart_and_is_remembered() {
    use fidelio::analysis::goals::{GoalKpi, Status};
    use fidelio::pages::PageId;
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Goals");
    assert!(app.has("No goals yet."));
    // The form, as typed: at least 400 orders in the demo's last quarter.
    app.fill_goal_form(GoalKpi::Orders, "400", "2026-Q4");
    app.click("Add goal");
    let reports = app.harness.state().figures.goals.clone();
    assert_eq!(reports.len(), 1);
    // 184 orders in 51 of 92 days (tests/goals.rs counts them from the file): off track.
    assert_eq!(reports[0].judged.status, Status::OffTrack);
    assert!(app.has("Goal: at least 400 in"));
    assert!(app.has("off track (forecast 332)"));
    let (saved, _) = load_from(&app.settings_file);
    assert_eq!(saved.goals.len(), 1);
    assert_eq!(saved.goals[0].target, 400.0);
    // On the Orders card of the Loyalty page.
    let loyalty = app.harness.state().page_model(PageId::Loyalty).unwrap();
    let orders = loyalty.kpis().find(|k| k.title == "Orders").unwrap();
    assert!(
        orders
            .lines
            .iter()
            .any(|(t, _)| t.contains("Goal: at least 400"))
    );

    // An NPS goal is a line on the NPS trend, shares are typed in percent.
    {
        let form = &mut app.harness.state_mut().goals_page;
        form.figure = GoalKpi::Nps;
        form.target = "40".to_string();
    }
    app.harness.run_steps(2);
    app.click("Add goal");
    let nps = app.harness.state().page_model(PageId::Nps).unwrap();
    let trend = nps.charts().find(|c| c.id == "nps_trend").unwrap();
    assert!(trend.reference_lines.iter().any(|l| l.value == 40.0));
    {
        let form = &mut app.harness.state_mut().goals_page;
        form.figure = GoalKpi::DetractorShare;
        form.direction = fidelio::analysis::goals::Direction::AtMost;
        form.target = "25".to_string();
    }
    app.harness.run_steps(2);
    app.click("Add goal");
    let reports = app.harness.state().figures.goals.clone();
    assert_eq!(reports[2].goal.target, 0.25);

    // Removed from the page.
    app.click_first("Remove");
    assert_eq!(app.harness.state().figures.goals.len(), 2);
    let (saved, _) = load_from(&app.settings_file);
    assert_eq!(saved.goals.len(), 2);
    // Edited: back in the form (a share in percent), changed, added again.
    app.click_first("Edit");
    assert_eq!(app.harness.state().figures.goals.len(), 1);
    let form = app.harness.state().goals_page.clone();
    assert_eq!((form.figure, form.target.as_str()), (GoalKpi::Nps, "40"));
    app.harness.state_mut().goals_page.target = "45".to_string();
    app.harness.run_steps(2);
    app.click("Add goal");
    let targets: Vec<f64> = app
        .harness
        .state()
        .figures
        .goals
        .iter()
        .map(|r| r.goal.target)
        .collect();
    assert_eq!(targets, vec![0.25, 45.0]);
}

#[test]
fn with_data_loaded_start_is_an_overview_of_every_page_that_opens_each() {
    use fidelio::pages::PageId;
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.harness
        .state_mut()
        .send(fidelio::ui::commands::Command::ShowPage(Page::Welcome));
    app.harness.run_steps(2);
    app.settle();
    assert!(app.has("Overview"));
    assert!(!app.has("Welcome to Fidelio"));
    // The Loyalty headline as the page model has it: customers, and net revenue.
    let loyalty = app.harness.state().page_model(PageId::Loyalty).unwrap();
    for title in ["Customers", "Net revenue", "Lapsed customers"] {
        let card = loyalty.kpis().find(|k| k.title == title).unwrap();
        assert!(app.has(&card.value), "{title} {}", card.value);
    }
    assert!(app.has("No goals yet"));
    // Each card beside the last month the data cover whole (they end on 20/11/2026): October,
    // against September, the orders counted from the file.
    let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let october = common::demo_orders(day(10, 1), day(10, 31), None) as i64;
    let september = common::demo_orders(day(9, 1), day(9, 30), None) as i64;
    let change = october - september;
    let sign = if change >= 0 { "+" } else { "-" };
    let line = format!("Oct 2026: {october} ({sign}{})", change.abs());
    assert!(app.has(&line), "{line}");
    assert!(app.has("Changed most in Oct 2026 against Sep 2026:"));
    // Each section opens its page: NPS, Loyalty, Engagement in order.
    app.harness.get_all_by_label("Open").nth(1).unwrap().click();
    app.harness.run_steps(2);
    assert_eq!(app.harness.state().page, Page::Loyalty);
}

/// Waits until `done` holds, stepping the app (the workspace is written on a thread of its own).
fn wait_for(app: &mut TestApp, what: &str, done: impl Fn(&TestApp) -> bool) {
    for _ in 0..2_000 {
        if done(app) {
            return;
        }
        app.harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("waited in vain for {what}");
}

#[test]
fn a_review_is_due_prepared_saved_and_read_again_from_the_reopened_workspace() {
    use fidelio::analysis::goals::GoalKpi;
    use fidelio::pages::PageId;
    use fidelio::ui::commands::Command;
    let mut app = open_app(Lang::En);
    app.harness.state_mut().today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7);
    app.click("Explore the demo shop");
    app.click("Goals");
    {
        let form = &mut app.harness.state_mut().goals_page;
        form.figure = GoalKpi::Nps;
        form.target = "40".to_string();
        form.period = "2026-Q4".to_string();
    }
    app.harness.run_steps(2);
    app.click("Add goal");
    // Its line on the NPS trend.
    let nps_page = app.harness.state().page_model(PageId::Nps).unwrap();
    let trend = nps_page.charts().find(|c| c.id == "nps_trend").unwrap();
    assert!(trend.reference_lines.iter().any(|l| l.value == 40.0));

    // Monday 7 December: November's review is due, and the Overview says so.
    app.click("Start");
    assert!(app.has("Review due: Nov 2026 (monthly)."));
    app.click("Review now");
    assert_eq!(app.harness.state().page, Page::Goals);
    let draft = app.harness.state().review_page.draft.clone().unwrap();
    assert_eq!(draft.period.label, "2026-11");
    assert_eq!(draft.rows.len(), 1);
    let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let (p, d, n) = common::demo_nps_counts(day(11, 1), day(11, 30));
    assert!((draft.rows[0].this.unwrap() - 100.0 * (p - d) / n).abs() < 1e-9);
    let (p, d, n) = common::demo_nps_counts(day(10, 1), day(10, 31));
    assert!((draft.rows[0].previous.unwrap() - 100.0 * (p - d) / n).abs() < 1e-9);
    assert!(app.has("Prepare the review of Nov 2026"));

    app.harness
        .state_mut()
        .review_page
        .draft
        .as_mut()
        .unwrap()
        .notes = "Call the detractors of Verona".to_string();
    app.click("Save review");
    let log = app.harness.state().review.log.clone();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].notes, "Call the detractors of Verona");
    app.click("Start");
    assert!(app.has("Last review: 2026-12-07 (monthly)."));
    let (saved, _) = load_from(&app.settings_file);
    assert_eq!(saved.review.log, log);

    // The demo's own workspace, beside the settings, keeps the files, the goal and the log.
    let workspace = app.settings_file.with_file_name("demo-shop.fidelio");
    wait_for(&mut app, "the workspace file", |_| {
        fidelio::workspace_file::read(&workspace).is_ok_and(|w| w.review.log.len() == 1)
    });
    let nps = app
        .harness
        .state()
        .figures
        .nps
        .as_ref()
        .unwrap()
        .figures
        .summary
        .nps;

    // Opened in another window with other settings: everything is back.
    let mut other = open_app(Lang::En);
    other.harness.state_mut().today = chrono::NaiveDate::from_ymd_opt(2026, 12, 8);
    other
        .harness
        .state_mut()
        .send(Command::OpenWorkspace(workspace.clone()));
    other.harness.run_steps(2);
    other.settle();
    let state = other.harness.state();
    assert_eq!(state.workspace.files.len(), 5);
    assert_eq!(state.figures.goals.len(), 1);
    assert_eq!(state.review.log, log);
    assert_eq!(state.figures.nps.as_ref().unwrap().figures.summary.nps, nps);
    assert_eq!(state.workspace_file.as_deref(), Some(workspace.as_path()));
    assert!(other.has("Last review: 2026-12-07 (monthly)."));
    // The log keeps its figures when the files behind them are gone.
    other.harness.state_mut().send(Command::ClearFiles);
    other.harness.run_steps(2);
    other.settle();
    assert_eq!(other.harness.state().review.log, log);
}

#[test]
fn a_damaged_workspace_is_said_and_never_written_over() {
    use fidelio::ui::commands::Command;
    let mut app = open_app(Lang::En);
    let damaged = app.settings_file.with_file_name("shop.fidelio");
    let text = "{\"format\": \"fidelio-workspace\", \"version\": 1, \"files\": [";
    std::fs::write(&damaged, text).unwrap();
    app.harness
        .state_mut()
        .send(Command::OpenWorkspace(damaged.clone()));
    app.harness.run_steps(2);
    app.settle();
    assert!(app.has("shop.fidelio is damaged (it breaks off at line 1)"));
    assert_eq!(app.harness.state().workspace_file, None);
    // Saving the demo's workspace as that file is refused, and the file stays as it was.
    app.click("Explore the demo shop");
    app.harness.state_mut().next_save_path = Some(damaged.clone());
    app.harness.state_mut().send(Command::SaveWorkspaceAs);
    app.harness.run_steps(2);
    wait_for(&mut app, "the refusal", |app| {
        app.harness
            .state()
            .notices
            .iter()
            .any(|n| n.text.contains("The workspace was not saved"))
    });
    assert_eq!(std::fs::read_to_string(&damaged).unwrap(), text);
}

#[test]
fn exports_dropped_into_the_watched_folder_are_read_as_they_arrive() {
    use fidelio::ui::commands::Command;
    let mut app = open_app(Lang::En);
    let folder = app.settings_file.with_file_name("exports");
    std::fs::create_dir(&folder).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("assets/demo/ordini.csv"),
        folder.join("ordini.csv"),
    )
    .unwrap();
    app.harness
        .state_mut()
        .send(Command::SetFolder(Some(folder.clone())));
    wait_for(&mut app, "the export already there", |app| {
        app.harness.state().workspace.files.len() == 1 && !app.harness.state().is_busy()
    });
    // A new export appears while the window is open.
    std::fs::copy(
        root.join("assets/demo/sondaggio_milano.csv"),
        folder.join("sondaggio.csv"),
    )
    .unwrap();
    wait_for(&mut app, "the new export", |app| {
        app.harness.state().workspace.files.len() == 2
    });
    app.settle();
    assert!(app.harness.state().figures.nps.is_some());
    // Read once: the next listings do not add it again.
    std::thread::sleep(Duration::from_millis(2_500));
    app.harness.run_steps(3);
    app.settle();
    assert_eq!(app.harness.state().workspace.files.len(), 2);
}

#[test]
fn started_without_files_the_window_opens_the_workspace_used_last() {
    let dir = tempfile::tempdir().unwrap();
    let settings_file = dir.path().join("settings.json");
    let saved = fidelio::workspace_file::SavedWorkspace::of(
        &common::demo_workspace().files,
        &fidelio::figures::Scope::default(),
        &Default::default(),
        None,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        None,
        None,
    );
    fidelio::workspace_file::write_atomic(
        &dir.path().join("last-session.fidelio"),
        &saved.to_json(),
    )
    .unwrap();
    let mut app = FidelioApp::loading_settings(Some(settings_file.clone()), || {});
    app.resume_last_workspace = true;
    let mut app = harness_for(app, settings_file, dir);
    app.harness.run_steps(3);
    app.settle();
    assert_eq!(app.harness.state().workspace.files.len(), 5);
    assert!(app.has("Overview") || app.has("Panoramica"));
    assert!(!app.has("The last session"));
}

#[test]
fn a_customer_card_says_what_comes_next_or_why_it_cannot_be_told() {
    use fidelio::ui::commands::Command;
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Loyalty");
    let predictions = app.harness.state().figures.predictions.clone().unwrap();
    // The demo's orders run the purchase model to the edge: no model figures, the rhythm.
    assert!(predictions.not_used.is_some());
    let repeat = predictions
        .customers
        .iter()
        .find(|c| c.history.frequency >= 2)
        .unwrap()
        .clone();
    app.harness
        .state_mut()
        .send(Command::OpenCustomer(repeat.customer.clone()));
    app.harness.run_steps(2);
    app.settle();
    assert!(app.has("This shop's orders do not fit the prediction model."));
    assert!(app.has("times their usual interval"));
    // A one-time buyer is not judged.
    let once = predictions
        .customers
        .iter()
        .find(|c| c.history.frequency == 0)
        .unwrap()
        .clone();
    app.harness
        .state_mut()
        .send(Command::OpenCustomer(once.customer.clone()));
    app.harness.run_steps(2);
    app.settle();
    assert!(app.has("One purchase so far: whether they come back cannot be judged yet."));
}

#[test]
fn actions_on_the_demo_are_marked_done_and_the_reopened_workspace_still_has_them_done() {
    use fidelio::analysis::actions::{ActionKind, Marked};
    use fidelio::ui::commands::Command;
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    app.click("Actions");
    assert_eq!(app.harness.state().page, Page::Actions);
    assert!(app.has("What to do this week"));
    let list = app.harness.state().figures.actions.clone().unwrap();
    // The most valuable customer with a win-back, marked done with its button.
    let (first_win_back, _) = list
        .open(&app.harness.state().actions, Some(ActionKind::WinBack))
        .next()
        .map(|(row, action)| (row.customer.clone(), action.kind))
        .unwrap();
    app.harness
        .state_mut()
        .send(Command::FilterActions(Some(ActionKind::WinBack)));
    app.harness.run_steps(2);
    app.click_first("Done");
    let state = app.harness.state();
    assert_eq!(state.actions.records.len(), 1);
    let record = &state.actions.records[0];
    assert_eq!(
        (record.customer.as_str(), record.kind, record.marked),
        (first_win_back.as_str(), ActionKind::WinBack, Marked::Done)
    );
    assert_eq!(record.day, list.today);
    // The list that day remembered who else it proposed a win-back to.
    assert_eq!(
        state.actions.lists[0].customers,
        list.listed(&Default::default(), ActionKind::WinBack)
    );
    // Off the open list, and said among the marked.
    assert!(
        state
            .figures
            .actions
            .as_ref()
            .unwrap()
            .open(&state.actions, Some(ActionKind::WinBack))
            .all(|(row, _)| row.customer != first_win_back)
    );
    assert!(app.has("Marked on this list (1)"));
    // What followed is counted in the background, then said: the one customer contacted today
    // waits for the 30 days after the list's day to be in the data.
    app.settle();
    let counted = app.harness.state().actions_page.outcomes.clone().unwrap();
    assert_eq!(counted.generation, app.harness.state().actions_generation);
    let win_back = counted
        .outcomes
        .iter()
        .find(|o| o.kind == ActionKind::WinBack)
        .unwrap();
    assert_eq!((win_back.contacted, win_back.waiting), (0, 1));
    assert!(app.has("1 more contacted, their 30 days not in the data yet"));

    let workspace = app.settings_file.with_file_name("demo-shop.fidelio");
    wait_for(&mut app, "the workspace file with the action", |_| {
        fidelio::workspace_file::read(&workspace).is_ok_and(|w| w.actions.records.len() == 1)
    });
    let mut other = open_app(Lang::En);
    other
        .harness
        .state_mut()
        .send(Command::OpenWorkspace(workspace.clone()));
    other.harness.run_steps(2);
    other.settle();
    other.click("Actions");
    let state = other.harness.state();
    assert_eq!(state.actions.records.len(), 1);
    assert_eq!(state.actions.records[0].customer, first_win_back);
    let reopened = state.figures.actions.as_ref().unwrap();
    assert!(
        reopened
            .open(&state.actions, None)
            .all(|(row, a)| !(row.customer == first_win_back && a.kind == ActionKind::WinBack))
    );
    assert!(other.has("Marked on this list (1)"));
}

/// Two shops' exports of the same name are two files on the Data page, named by their folders.
#[test]
fn two_dropped_files_of_the_same_name_are_told_apart_by_their_folders() {
    let mut app = open_app(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orders/shopify_orders.csv");
    let mut paths = Vec::new();
    for shop in ["milano", "verona"] {
        std::fs::create_dir_all(dir.path().join(shop)).unwrap();
        let path = dir.path().join(shop).join("orders_export_1.csv");
        std::fs::copy(&source, &path).unwrap();
        paths.push(path.display().to_string());
    }
    app.drop_files(&[&paths[0], &paths[1]]);
    app.harness
        .state_mut()
        .send(fidelio::ui::commands::Command::ShowPage(Page::Data));
    app.harness.run_steps(2);
    assert_eq!(app.harness.state().workspace.files.len(), 2);
    assert!(app.has("milano/orders_export_1.csv"));
    assert!(app.has("verona/orders_export_1.csv"));
}

/// A goal of one store, edited while all stores are shown, stays that store's goal: the filter
/// becomes the goal's while its form is open.
#[test]
fn an_edited_goal_keeps_its_store() {
    use fidelio::analysis::goals::GoalKpi;
    use fidelio::ui::commands::Command;
    let mut app = open_app(Lang::En);
    app.click("Explore the demo shop");
    let store = app.harness.state().figures.stores()[0].clone();
    app.harness
        .state_mut()
        .send(Command::SetStore(Some(store.clone())));
    app.harness.run_steps(2);
    app.settle();
    app.harness.state_mut().send(Command::ShowPage(Page::Goals));
    app.harness.run_steps(2);
    app.fill_goal_form(GoalKpi::Nps, "40", "2026-Q4");
    app.click("Add goal");
    assert_eq!(
        app.harness.state().settings.goals[0].store.as_deref(),
        Some(store.as_str())
    );
    app.harness.state_mut().send(Command::SetStore(None));
    app.harness.run_steps(2);
    app.settle();
    app.click_first("Edit");
    assert_eq!(
        app.harness.state().scope.store.as_deref(),
        Some(store.as_str())
    );
    app.harness.state_mut().goals_page.target = "45".to_string();
    app.harness.run_steps(2);
    app.click("Add goal");
    let goals = &app.harness.state().settings.goals;
    assert_eq!(goals.len(), 1);
    assert_eq!(
        (goals[0].store.as_deref(), goals[0].target),
        (Some(store.as_str()), 45.0)
    );
}
