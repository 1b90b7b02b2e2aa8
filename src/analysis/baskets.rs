//! Products bought together: an order is a basket, and for each pair of products the orders
//! with both, the confidence and the lift (docs/metrics.md, "Cross-sell"). Pure: the order
//! lines and the orders kept by the scope in, pairs out.

use std::collections::{BTreeMap, HashMap, HashSet};

use polars::prelude::*;

use crate::analysis::sales::{ORDER_ID, SOURCE_FILE};

/// The products of a basket counted in pairs, at most: an order of hundreds of lines (a
/// wholesaler's) would otherwise cost a pair count per pair of its lines. A basket with more
/// counts the pairs of its most common products.
pub const MAX_PAIRED_PRODUCTS: usize = 60;

/// "Orders with X also had Y".
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The product bought.
    pub if_product: String,
    /// The product that goes with it.
    pub then_product: String,
    /// Orders with both.
    pub baskets_both: u32,
    /// Orders with `if_product`.
    pub baskets_if: u32,
    /// baskets_both / orders with `if_product`.
    pub confidence: f64,
    /// confidence / (orders with `then_product` / all orders): above 1, bought together more
    /// than chance would have it.
    pub lift: f64,
}

/// The baskets of a scope and the pairs in them.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CrossSell {
    /// Orders with at least one named product.
    pub baskets: u32,
    /// The minimum of orders with both a pair had to reach.
    pub min_baskets: u32,
    /// Every pair (both ways) in at least `min_baskets` orders, highest lift first.
    pub pairs: Vec<Pair>,
    /// Products by the orders that have them, most first: the baseline a suggestion is judged
    /// against.
    pub popular: Vec<(String, u32)>,
}

/// The baskets of the orders in `orders` (the scope's, docs/frames.md) from their `lines`.
pub fn cross_sell(
    lines: &DataFrame,
    orders: &DataFrame,
    min_baskets: u32,
) -> PolarsResult<CrossSell> {
    let kept: HashSet<(String, String)> = pairs_of_columns(orders)?.into_iter().collect();
    let ids = lines.column(ORDER_ID)?.cast(&DataType::String)?;
    let ids = ids.str()?;
    let files = lines.column(SOURCE_FILE)?.cast(&DataType::String)?;
    let files = files.str()?;
    let products = lines.column("product")?.cast(&DataType::String)?;
    let products = products.str()?;
    // Products get numbers in order of first appearance; each basket is its set of numbers.
    let mut names: Vec<String> = Vec::new();
    let mut number: HashMap<String, u32> = HashMap::new();
    let mut baskets: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
    for i in 0..lines.height() {
        let (Some(id), Some(file), Some(product)) = (ids.get(i), files.get(i), products.get(i))
        else {
            continue;
        };
        let product = product.trim();
        if product.is_empty() {
            continue;
        }
        let key = (file.to_string(), id.to_string());
        if !kept.contains(&key) {
            continue;
        }
        let n = *number.entry(product.to_string()).or_insert_with(|| {
            names.push(product.to_string());
            (names.len() - 1) as u32
        });
        let basket = baskets.entry(key).or_default();
        if !basket.contains(&n) {
            basket.push(n);
        }
    }
    let mut with_product = vec![0u32; names.len()];
    for basket in baskets.values() {
        for &p in basket {
            with_product[p as usize] += 1;
        }
    }
    let total = baskets.len() as u32;
    let min = min_baskets.max(1);
    // A pair is at most as common as its rarer product: products in fewer orders than the
    // minimum cannot be in a pair shown.
    let mut both: HashMap<(u32, u32), u32> = HashMap::new();
    for basket in baskets.values() {
        let mut common: Vec<u32> = basket
            .iter()
            .copied()
            .filter(|&p| with_product[p as usize] >= min)
            .collect();
        common.sort_by_key(|&p| (std::cmp::Reverse(with_product[p as usize]), p));
        common.truncate(MAX_PAIRED_PRODUCTS);
        common.sort_unstable();
        for (i, &x) in common.iter().enumerate() {
            for &y in &common[i + 1..] {
                *both.entry((x, y)).or_insert(0) += 1;
            }
        }
    }
    let mut pairs = Vec::new();
    for (&(x, y), &count) in &both {
        if count < min {
            continue;
        }
        for (a, b) in [(x, y), (y, x)] {
            let baskets_if = with_product[a as usize];
            let confidence = f64::from(count) / f64::from(baskets_if);
            let then_share = f64::from(with_product[b as usize]) / f64::from(total);
            pairs.push(Pair {
                if_product: names[a as usize].clone(),
                then_product: names[b as usize].clone(),
                baskets_both: count,
                baskets_if,
                confidence,
                lift: confidence / then_share,
            });
        }
    }
    pairs.sort_by(|a, b| {
        b.lift
            .total_cmp(&a.lift)
            .then(b.baskets_both.cmp(&a.baskets_both))
            .then_with(|| a.if_product.cmp(&b.if_product))
            .then_with(|| a.then_product.cmp(&b.then_product))
    });
    let mut popular: Vec<(String, u32)> = names.into_iter().zip(with_product).collect();
    popular.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(CrossSell {
        baskets: total,
        min_baskets: min,
        pairs,
        popular,
    })
}

/// `(source_file, order_id)` of each row of an orders frame.
fn pairs_of_columns(orders: &DataFrame) -> PolarsResult<Vec<(String, String)>> {
    let ids = orders.column(ORDER_ID)?.cast(&DataType::String)?;
    let ids = ids.str()?;
    let files = orders.column(SOURCE_FILE)?.cast(&DataType::String)?;
    let files = files.str()?;
    Ok((0..orders.height())
        .filter_map(|i| Some((files.get(i)?.to_string(), ids.get(i)?.to_string())))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(rows: &[(&str, &str)]) -> (DataFrame, DataFrame) {
        let ids: Vec<&str> = rows.iter().map(|r| r.0).collect();
        let products: Vec<&str> = rows.iter().map(|r| r.1).collect();
        let files = vec!["till.csv"; rows.len()];
        let lines =
            df!(ORDER_ID => ids.clone(), "product" => products, SOURCE_FILE => files).unwrap();
        let mut unique = ids.clone();
        unique.dedup();
        let orders =
            df!(ORDER_ID => unique.clone(), SOURCE_FILE => vec!["till.csv"; unique.len()]).unwrap();
        (lines, orders)
    }

    #[test]
    fn confidence_and_lift_are_counted_by_hand() {
        // 4 baskets: {moka, coffee}, {moka, coffee, honey}, {coffee}, {honey}.
        let (lines, orders) = frame(&[
            ("1", "moka"),
            ("1", "coffee"),
            ("2", "moka"),
            ("2", "coffee "),
            ("2", "honey"),
            ("3", "coffee"),
            ("4", "honey"),
            // The same product twice in one basket counts once.
            ("4", "honey"),
        ]);
        let out = cross_sell(&lines, &orders, 2).unwrap();
        assert_eq!(out.baskets, 4);
        // Only moka-coffee is in 2 baskets. moka -> coffee: 2 of 2 moka baskets, coffee in 3 of
        // 4: lift 1 / 0.75. coffee -> moka: 2 of 3, moka in 2 of 4: lift (2/3) / 0.5.
        assert_eq!(out.pairs.len(), 2);
        let first = &out.pairs[0];
        assert_eq!(
            (first.if_product.as_str(), first.then_product.as_str()),
            ("coffee", "moka")
        );
        assert!((first.confidence - 2.0 / 3.0).abs() < 1e-12);
        assert!((first.lift - 4.0 / 3.0).abs() < 1e-12);
        let second = &out.pairs[1];
        assert_eq!((second.confidence, second.baskets_both), (1.0, 2));
        assert!((second.lift - 4.0 / 3.0).abs() < 1e-12);
        assert_eq!(out.popular[0], ("coffee".to_string(), 3));
        // An order the scope leaves out is no basket.
        let fewer = orders.slice(0, 3);
        assert_eq!(cross_sell(&lines, &fewer, 2).unwrap().baskets, 3);
    }
}
