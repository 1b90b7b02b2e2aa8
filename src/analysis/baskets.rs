//! Products bought together: an order is a basket, and for each pair of products the orders
//! with both, the confidence and the lift (docs/metrics.md, "Cross-sell"). Pure: the order
//! lines and the orders kept by the scope in, pairs out.

use std::collections::HashMap;

use polars::prelude::*;

use crate::analysis::sales::{ORDER_ID, SOURCE_FILE};

/// The products of a basket counted in pairs, at most: an order of hundreds of lines (a
/// wholesaler's) would otherwise cost a pair count per pair of its lines. A basket with more
/// counts the pairs of its most common products.
pub const MAX_PAIRED_PRODUCTS: usize = 60;

/// Pair cells counted in one table at most (64 MB): up to about 5,600 products that can be
/// in a pair.
const DENSE_PAIR_CELLS: usize = 16_000_000;

/// "Orders with X also had Y".
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The product bought (shared: one product is in many pairs).
    pub if_product: std::sync::Arc<str>,
    /// The product that goes with it.
    pub then_product: std::sync::Arc<str>,
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
    /// Product names by number.
    pub names: Vec<std::sync::Arc<str>>,
    /// Each product's category, when the orders give one.
    pub categories: Vec<Option<std::sync::Arc<str>>>,
    /// Each product's mean unit price, when its lines have one.
    pub mean_prices: Vec<Option<f64>>,
    /// Orders with each product, by number.
    pub with_product: Vec<u32>,
    /// The products each customer bought, by number, sorted and distinct: what a suggestion
    /// must not propose again.
    pub bought: PlHashMap<std::sync::Arc<str>, Vec<u32>>,
    /// The baskets the pairs were counted in, when the caller keeps them (the hold-out
    /// check splits them by day instead of reading every line again).
    pub source: Option<std::sync::Arc<Baskets>>,
}

/// Each basket's products, numbered: what the pairs are counted from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baskets {
    /// Product names (trimmed), by number.
    pub names: Vec<std::sync::Arc<str>>,
    /// Each basket's distinct product numbers.
    pub baskets: Vec<Vec<u32>>,
    /// Each basket's customer, when known.
    pub customers: Vec<Option<std::sync::Arc<str>>>,
    /// Each basket's day (the earliest day for baskets read without dates).
    pub days: Vec<chrono::NaiveDate>,
    /// Each product's category, as its first line with one writes it.
    pub categories: Vec<Option<std::sync::Arc<str>>>,
    /// Each product's unit prices (line value / quantity), summed, and the lines counted.
    pub prices: Vec<(f64, u32)>,
}

impl Baskets {
    /// Adds `product` (as written) to the basket numbered `basket`, numbering it if new.
    pub fn add(
        &mut self,
        number: &mut PlHashMap<String, u32>,
        basket: usize,
        product: &str,
    ) -> Option<u32> {
        let product = product.trim();
        if product.is_empty() {
            return None;
        }
        let n = match number.get(product) {
            Some(&n) => n,
            None => {
                self.names.push(product.into());
                self.categories.push(None);
                self.prices.push((0.0, 0));
                let n = (self.names.len() - 1) as u32;
                number.insert(product.to_string(), n);
                n
            }
        };
        let basket = &mut self.baskets[basket];
        if !basket.contains(&n) {
            basket.push(n);
        }
        Some(n)
    }

    /// Notes a line of product `n`: its category (the first one written stays) and its unit
    /// price, when the line has a positive value.
    pub fn note_line(&mut self, n: u32, category: Option<&str>, unit_price: Option<f64>) {
        let n = n as usize;
        if self.categories[n].is_none()
            && let Some(category) = category.map(str::trim).filter(|c| !c.is_empty())
        {
            self.categories[n] = Some(category.into());
        }
        if let Some(price) = unit_price.filter(|p| p.is_finite() && *p > 0.0) {
            self.prices[n].0 += price;
            self.prices[n].1 += 1;
        }
    }

    /// Product `n`'s mean unit price, when its lines have one.
    pub fn mean_price(&self, n: u32) -> Option<f64> {
        let (sum, lines) = *self.prices.get(n as usize)?;
        (lines > 0).then(|| sum / f64::from(lines))
    }

    /// The baskets of the orders in `orders` from a lines frame (docs/frames.md).
    pub fn of_lines(lines: &DataFrame, orders: &DataFrame) -> PolarsResult<Baskets> {
        let ids = orders.column(ORDER_ID)?.cast(&DataType::String)?;
        let files = orders.column(SOURCE_FILE)?.cast(&DataType::String)?;
        let mut out = Baskets::default();
        let mut place: HashMap<(String, String), usize> = HashMap::new();
        for (file, id) in files.str()?.iter().zip(ids.str()?.iter()) {
            if let (Some(file), Some(id)) = (file, id) {
                place.insert((file.to_string(), id.to_string()), out.baskets.len());
                out.baskets.push(Vec::new());
                out.customers.push(None);
                out.days.push(chrono::NaiveDate::MIN);
            }
        }
        let ids = lines.column(ORDER_ID)?.cast(&DataType::String)?;
        let files = lines.column(SOURCE_FILE)?.cast(&DataType::String)?;
        let products = lines.column("product")?.cast(&DataType::String)?;
        let mut number = PlHashMap::default();
        for ((id, file), product) in ids
            .str()?
            .iter()
            .zip(files.str()?.iter())
            .zip(products.str()?.iter())
        {
            let (Some(id), Some(file), Some(product)) = (id, file, product) else {
                continue;
            };
            if let Some(&basket) = place.get(&(file.to_string(), id.to_string())) {
                out.add(&mut number, basket, product);
            }
        }
        out.drop_empty();
        Ok(out)
    }

    /// The products each customer bought, by number, sorted and distinct.
    pub fn bought(&self) -> PlHashMap<std::sync::Arc<str>, Vec<u32>> {
        let baskets = self;
        let mut bought: PlHashMap<std::sync::Arc<str>, Vec<u32>> = PlHashMap::default();
        for (basket, customer) in baskets.baskets.iter().zip(&baskets.customers) {
            if let Some(customer) = customer {
                match bought.get_mut(customer) {
                    Some(products) => products.extend_from_slice(basket),
                    None => {
                        bought.insert(customer.clone(), basket.clone());
                    }
                }
            }
        }
        for products in bought.values_mut() {
            products.sort_unstable();
            products.dedup();
        }
        bought
    }

    /// Orders without a named product are no baskets.
    pub fn drop_empty(&mut self) {
        let mut keep = self.baskets.iter().map(|b| !b.is_empty());
        self.customers.retain(|_| keep.next().unwrap_or(false));
        let mut keep = self.baskets.iter().map(|b| !b.is_empty());
        self.days.retain(|_| keep.next().unwrap_or(false));
        self.baskets.retain(|b| !b.is_empty());
    }

    /// The baskets up to `last` and those after it, numbering products as these do.
    pub fn split(&self, last: chrono::NaiveDate) -> (Baskets, Baskets) {
        let empty = || Baskets {
            names: self.names.clone(),
            categories: self.categories.clone(),
            prices: self.prices.clone(),
            ..Baskets::default()
        };
        let (mut before, mut after) = (empty(), empty());
        for ((basket, customer), day) in self.baskets.iter().zip(&self.customers).zip(&self.days) {
            let side = if *day <= last {
                &mut before
            } else {
                &mut after
            };
            side.baskets.push(basket.clone());
            side.customers.push(customer.clone());
            side.days.push(*day);
        }
        (before, after)
    }
}

/// The pairs of `baskets` in at least `min_baskets` of them.
pub fn cross_sell(baskets: &Baskets, min_baskets: u32) -> CrossSell {
    cross_sell_counted(baskets, min_baskets, DENSE_PAIR_CELLS)
}

/// [`cross_sell`], counting pairs in one table when they fit in `dense_cells`.
fn cross_sell_counted(baskets: &Baskets, min_baskets: u32, dense_cells: usize) -> CrossSell {
    let names = &baskets.names;
    let mut with_product = vec![0u32; names.len()];
    for basket in &baskets.baskets {
        for &p in basket {
            with_product[p as usize] += 1;
        }
    }
    let total = baskets.baskets.len() as u32;
    let min = min_baskets.max(1);
    // A pair is at most as common as its rarer product: products in fewer orders than the
    // minimum cannot be in a pair shown. Each basket keeps its most common such products.
    let mut kept_baskets: Vec<Vec<u32>> = Vec::with_capacity(baskets.baskets.len());
    for basket in &baskets.baskets {
        let mut common: Vec<u32> = basket
            .iter()
            .copied()
            .filter(|&p| with_product[p as usize] >= min)
            .collect();
        if common.len() < 2 {
            continue;
        }
        common.sort_by_key(|&p| (std::cmp::Reverse(with_product[p as usize]), p));
        common.truncate(MAX_PAIRED_PRODUCTS);
        common.sort_unstable();
        kept_baskets.push(common);
    }
    let mut pairs = Vec::new();
    let mut emit = |x: u32, y: u32, count: u32| {
        if count < min {
            return;
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
    };
    // The products that can be in a pair, numbered densely.
    let common: Vec<u32> = (0..names.len() as u32)
        .filter(|&p| with_product[p as usize] >= min)
        .collect();
    let m = common.len();
    if m * m.saturating_sub(1) / 2 <= dense_cells {
        // Few products (a shop's hundreds): every pair has its cell, and the baskets are read
        // in order, which the memory caches keep up with.
        let mut dense = vec![u32::MAX; names.len()];
        for (i, &p) in common.iter().enumerate() {
            dense[p as usize] = i as u32;
        }
        // Row i holds the pairs (i, j > i), from i (m - 1) - i (i - 1) / 2 on.
        let start = |i: usize| i * (m - 1) - i * i.saturating_sub(1) / 2;
        let mut cells = vec![0u32; m * m.saturating_sub(1) / 2];
        for basket in &kept_baskets {
            for (k, &x) in basket.iter().enumerate() {
                let i = dense[x as usize] as usize;
                for &y in &basket[k + 1..] {
                    let j = dense[y as usize] as usize;
                    cells[start(i) + (j - i - 1)] += 1;
                }
            }
        }
        for i in 0..m {
            for j in i + 1..m {
                let count = cells[start(i) + (j - i - 1)];
                if count > 0 {
                    emit(common[i], common[j], count);
                }
            }
        }
    } else {
        // Many products (a wholesaler's thousands): the pairs of one product are counted in
        // one row over its baskets and forgotten, never a table of every pair ever seen (over
        // a gigabyte on twenty thousand orders, most pairs seen once).
        let mut baskets_of: Vec<Vec<u32>> = vec![Vec::new(); names.len()];
        for (b, basket) in kept_baskets.iter().enumerate() {
            for &p in basket {
                baskets_of[p as usize].push(b as u32);
            }
        }
        let mut row = vec![0u32; names.len()];
        let mut touched: Vec<u32> = Vec::new();
        for x in 0..names.len() as u32 {
            for &b in &baskets_of[x as usize] {
                // Baskets are sorted: the products after x are the pairs (x, y > x).
                let basket = &kept_baskets[b as usize];
                let from = basket.partition_point(|&p| p <= x);
                for &y in &basket[from..] {
                    if row[y as usize] == 0 {
                        touched.push(y);
                    }
                    row[y as usize] += 1;
                }
            }
            for &y in &touched {
                let count = std::mem::take(&mut row[y as usize]);
                emit(x, y, count);
            }
            touched.clear();
        }
    }
    pairs.sort_by(|a, b| {
        b.lift
            .total_cmp(&a.lift)
            .then(b.baskets_both.cmp(&a.baskets_both))
            .then_with(|| a.if_product.cmp(&b.if_product))
            .then_with(|| a.then_product.cmp(&b.then_product))
    });
    let mut popular: Vec<(String, u32)> = names
        .iter()
        .map(|n| n.to_string())
        .zip(with_product.iter().copied())
        .collect();
    popular.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let bought = baskets.bought();
    CrossSell {
        source: None,
        categories: baskets.categories.clone(),
        mean_prices: (0..names.len() as u32)
            .map(|n| baskets.mean_price(n))
            .collect(),
        with_product: with_product.clone(),
        names: names.clone(),
        bought,
        baskets: total,
        min_baskets: min,
        pairs,
        popular,
    }
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
        let out = cross_sell(&Baskets::of_lines(&lines, &orders).unwrap(), 2);
        assert_eq!(out.baskets, 4);
        // Only moka-coffee is in 2 baskets. moka -> coffee: 2 of 2 moka baskets, coffee in 3 of
        // 4: lift 1 / 0.75. coffee -> moka: 2 of 3, moka in 2 of 4: lift (2/3) / 0.5.
        assert_eq!(out.pairs.len(), 2);
        let first = &out.pairs[0];
        assert_eq!(
            (&*first.if_product, &*first.then_product),
            ("coffee", "moka")
        );
        assert!((first.confidence - 2.0 / 3.0).abs() < 1e-12);
        assert!((first.lift - 4.0 / 3.0).abs() < 1e-12);
        let second = &out.pairs[1];
        assert_eq!((second.confidence, second.baskets_both), (1.0, 2));
        assert!((second.lift - 4.0 / 3.0).abs() < 1e-12);
        assert_eq!(out.popular[0], ("coffee".to_string(), 3));
        // Counted in one table or product by product, the same pairs.
        let baskets = Baskets::of_lines(&lines, &orders).unwrap();
        assert_eq!(
            cross_sell_counted(&baskets, 1, 0).pairs,
            cross_sell_counted(&baskets, 1, usize::MAX).pairs
        );
        // An order the scope leaves out is no basket.
        let fewer = orders.slice(0, 3);
        assert_eq!(
            cross_sell(&Baskets::of_lines(&lines, &fewer).unwrap(), 2).baskets,
            3
        );
    }
}
