//! Any text as one cell through every value reader: amounts in both styles, scores, stars,
//! dates in every order, times, serials, Unix times.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    use fidelio::import::table::CellRef;
    use fidelio::import::values::*;
    let cell = CellRef::Text(text);
    for style in [NumberStyle::DecimalPoint, NumberStyle::DecimalComma] {
        let _ = parse_number(cell, style);
        let _ = parse_stars(cell, style);
        let _ = number_and_evidence(cell, style);
    }
    let _ = parse_score(cell);
    for order in [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy] {
        let _ = parse_datetime(cell, order);
    }
    let _ = best_date_order(std::iter::once(cell));
    let _ = excel_serial(cell);
    let _ = parse_time_of_day(cell);
    let _ = unix_time(text);
    if let Ok(n) = text.trim().parse::<f64>() {
        let _ = excel_serial(CellRef::Number(n));
        let _ = parse_score(CellRef::Number(n));
    }
});
