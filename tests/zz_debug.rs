use fidelio::import::pipeline::{ImportOptions, import_path};
#[test]
fn debug() {
    let Ok(files) = std::env::var("FILES") else {
        return;
    };
    for f in files.split(',') {
        let file = import_path(std::path::Path::new(f), &ImportOptions::default());
        println!(
            "== {f} kind {:?} error {:?}",
            file.kind,
            file.error.as_ref().map(|e| e.to_string())
        );
        for (i, h) in file.headers().iter().enumerate() {
            println!("  {h:40} {:?} {:?}", file.roles[i], file.evidence.get(i));
        }
        for p in file.problems.iter().take(20) {
            println!("  row {} {} {:?}", p.row, p.column, p.reason);
        }
        if let Some(o) = &file.orders {
            for x in &o.orders {
                println!(
                    "  order {} {} {:?} {}",
                    x.order_id, x.date, x.customer, x.gross
                );
            }
            for r in &o.refunds {
                println!("  refund {:?}", r);
            }
        }
    }
}
