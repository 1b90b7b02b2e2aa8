//! The `orders` and `refunds` frames read once into plain rows, with customer keys interned
//! to small numbers.
//!
//! Every per-customer figure (summary, cohorts, RFM) walks these rows, so they all agree on
//! which rows belong to which customer, and none of them hashes key strings per figure: on
//! a million orders that is the difference between milliseconds and seconds. The keys are
//! hashed with polars' hasher: the standard one (SipHash, made to resist attacks on servers)
//! took a third of the analysis time of a 5-million-line file.

use chrono::NaiveDate;
use polars::prelude::*;

use super::nps::{non_blank, text_column};
use super::sales::{AMOUNT, CUSTOMER, CUSTOMER_NUMBER, DATE, GROSS, ORDER_ID};

/// Index of a customer key in [`Ledger::keys`].
pub(crate) type CustomerId = u32;

/// One order: its date, its customer if known and its gross value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct OrderRow {
    pub date: NaiveDate,
    pub customer: Option<CustomerId>,
    pub gross: f64,
}

/// One refund or return: its date, its customer if known and the money given back (> 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RefundRow {
    pub date: NaiveDate,
    pub customer: Option<CustomerId>,
    pub amount: f64,
}

/// The orders and refunds of a data set, in frame order.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Customer keys; a row's `customer` indexes into this.
    pub keys: Vec<String>,
    pub orders: Vec<OrderRow>,
    pub refunds: Vec<RefundRow>,
    /// The id of each key in `keys`.
    ids: PlHashMap<String, CustomerId>,
}

impl Ledger {
    /// Reads both frames (columns as in docs/frames.md).
    ///
    /// A refund without a customer but with the id of a known order is the customer's of that
    /// order: a refund event often names only the order it gives money back on.
    pub(crate) fn read(orders: &DataFrame, refunds: &DataFrame) -> PolarsResult<Ledger> {
        let mut keys = CustomerKeys::of(&[orders, refunds])?;
        let mut ledger = Ledger::read_orders_with(orders, &mut keys)?;
        let dates = date_column(refunds, DATE, "refunds")?;
        let customers = text_column(refunds, CUSTOMER)?;
        let numbers = keys.numbers(refunds)?;
        let order_ids = text_column(refunds, ORDER_ID)?;
        let amounts = money_column(refunds, AMOUNT)?;
        let order_id_column = text_column(orders, ORDER_ID)?;
        // Only the order ids named by refunds without a customer are looked up: hashing every
        // order id would cost more than the rest of the reading.
        let wanted: PlHashSet<&str> = customers
            .iter()
            .zip(order_ids.iter())
            .filter(|(customer, _)| non_blank(*customer).is_none())
            .filter_map(|(_, order_id)| non_blank(order_id))
            .collect();
        let customer_of_order = ledger.customer_of_order(&order_id_column, &wanted);
        ledger.refunds.reserve(refunds.height());
        for (row, ((((date, customer), number), order_id), amount)) in dates
            .physical()
            .iter()
            .zip(customers.iter())
            .zip(numbers)
            .zip(order_ids.iter())
            .zip(amounts.iter())
            .enumerate()
        {
            let date = row_date(date, "refunds", row)?;
            let amount = row_money(amount, "refunds", AMOUNT, row)?;
            let customer = match (non_blank(customer), non_blank(order_id)) {
                (Some(key), _) => Some(ledger.customer(&mut keys, number, key)),
                (None, Some(order_id)) => customer_of_order.get(order_id).copied(),
                (None, None) => None,
            };
            ledger.refunds.push(RefundRow {
                date,
                customer,
                amount,
            });
        }
        Ok(ledger)
    }

    /// Reads the orders frame only, for figures that do not involve refunds.
    pub(crate) fn read_orders(orders: &DataFrame) -> PolarsResult<Ledger> {
        Ledger::read_orders_with(orders, &mut CustomerKeys::of(&[orders])?)
    }

    fn read_orders_with(orders: &DataFrame, keys: &mut CustomerKeys) -> PolarsResult<Ledger> {
        if keys.numbered
            && let Some((ledger, ids)) = Ledger::read_numbered_orders(orders, keys)?
        {
            keys.ids = ids;
            return Ok(ledger);
        }
        Ledger::read_orders_one_by_one(orders, keys)
    }

    /// [`Ledger::read_orders_with`] of numbered orders on all cores (a million orders took a
    /// fifth of a second on one). The ids are handed out first, in row order, to the first row
    /// of each customer number; then the rows are read in runs at once, each checking that its
    /// number names its key. `None` when one does not (frames numbered apart, or put together
    /// by hand): then only reading one by one gives each row the id it would get.
    fn read_numbered_orders(
        orders: &DataFrame,
        keys: &CustomerKeys,
    ) -> PolarsResult<Option<(Ledger, Vec<Option<CustomerId>>)>> {
        let dates = date_column(orders, DATE, "orders")?;
        let customers = text_column(orders, CUSTOMER)?;
        let numbers = orders.column(CUSTOMER_NUMBER)?.u32()?.clone();
        let gross = money_column(orders, GROSS)?;
        let mut ledger = Ledger::default();
        let mut ids = keys.ids.clone();
        for (row, number) in numbers.iter().enumerate() {
            match number.and_then(|n| ids.get_mut(n as usize)) {
                Some(Some(_)) => {}
                Some(slot @ None) => {
                    if let Some(key) = non_blank(customers.get(row)) {
                        *slot = Some(ledger.intern(key));
                    }
                }
                None => {
                    if let Some(key) = non_blank(customers.get(row)) {
                        ledger.intern(key);
                    }
                }
            }
        }
        let (ledger_ref, ids_ref) = (&ledger, &ids);
        let runs = crate::parallel::split_ranges(orders.height());
        let read = crate::parallel::run_each("ledger", runs, |run| {
            let (offset, len) = (run.start as i64, run.len());
            let mut rows = Vec::with_capacity(len);
            for (i, (((date, customer), number), gross)) in dates
                .physical()
                .slice(offset, len)
                .iter()
                .zip(customers.slice(offset, len).iter())
                .zip(numbers.slice(offset, len).iter())
                .zip(gross.slice(offset, len).iter())
                .enumerate()
            {
                let row = run.start + i;
                let date = row_date(date, "orders", row)?;
                let gross = row_money(gross, "orders", GROSS, row)?;
                let customer = match non_blank(customer) {
                    None => None,
                    Some(key) => {
                        match number.and_then(|n| ids_ref.get(n as usize).copied().flatten()) {
                            Some(id) if ledger_ref.keys[id as usize] == key => Some(id),
                            Some(_) => return Ok(None),
                            None => match ledger_ref.ids.get(key) {
                                Some(&id) => Some(id),
                                None => return Ok(None),
                            },
                        }
                    }
                };
                rows.push(OrderRow {
                    date,
                    customer,
                    gross,
                });
            }
            PolarsResult::Ok(Some(rows))
        });
        // The first error, in row order, is the one reading one by one stops at (a number
        // naming another key is no error); a run that found such a number sends the read
        // back one by one, which alone gives each row the id it would get.
        let mut runs_read = Vec::with_capacity(read.len());
        for run in read {
            match run? {
                Some(rows) => runs_read.push(rows),
                None => return Ok(None),
            }
        }
        ledger.orders = runs_read.concat();
        Ok(Some((ledger, ids)))
    }

    fn read_orders_one_by_one(orders: &DataFrame, keys: &mut CustomerKeys) -> PolarsResult<Ledger> {
        let dates = date_column(orders, DATE, "orders")?;
        let customers = text_column(orders, CUSTOMER)?;
        let numbers = keys.numbers(orders)?;
        let gross = money_column(orders, GROSS)?;
        let mut ledger = Ledger {
            orders: Vec::with_capacity(orders.height()),
            ..Ledger::default()
        };
        for (row, (((date, customer), number), gross)) in dates
            .physical()
            .iter()
            .zip(customers.iter())
            .zip(numbers)
            .zip(gross.iter())
            .enumerate()
        {
            let date = row_date(date, "orders", row)?;
            let gross = row_money(gross, "orders", GROSS, row)?;
            let customer = non_blank(customer).map(|key| ledger.customer(keys, number, key));
            ledger.orders.push(OrderRow {
                date,
                customer,
                gross,
            });
        }
        Ok(ledger)
    }

    /// The orders dated before `as_of`: figures "as of" a day count what happened before it.
    pub(crate) fn orders_before(&self, as_of: NaiveDate) -> impl Iterator<Item = &OrderRow> {
        self.orders.iter().filter(move |order| order.date < as_of)
    }

    /// The refunds dated before `as_of`.
    pub(crate) fn refunds_before(&self, as_of: NaiveDate) -> impl Iterator<Item = &RefundRow> {
        self.refunds
            .iter()
            .filter(move |refund| refund.date < as_of)
    }

    /// The customer of each wanted order id, for refunds that name only the order.
    fn customer_of_order<'a>(
        &self,
        order_ids: &'a StringChunked,
        wanted: &PlHashSet<&str>,
    ) -> PlHashMap<&'a str, CustomerId> {
        if wanted.is_empty() {
            return PlHashMap::new();
        }
        order_ids
            .iter()
            .zip(&self.orders)
            .filter_map(|(id, order)| Some((non_blank(id)?, order.customer?)))
            .filter(|(id, _)| wanted.contains(id))
            .collect()
    }

    /// The id of a row's customer: by its number when the frames have them, else by its key.
    /// The number is a hint, checked against the key (one comparison, no hashing): frames
    /// numbered by two different calls, or put together by hand, still read right.
    fn customer(&mut self, keys: &mut CustomerKeys, number: Option<u32>, key: &str) -> CustomerId {
        match number.and_then(|n| keys.ids.get_mut(n as usize)) {
            Some(&mut Some(id)) if self.keys[id as usize] == key => id,
            Some(slot @ &mut None) => {
                let id = self.intern(key);
                *slot = Some(id);
                id
            }
            _ => self.intern(key),
        }
    }

    /// The id of a key, adding it when new.
    fn intern(&mut self, key: &str) -> CustomerId {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as CustomerId;
        self.keys.push(key.to_owned());
        self.ids.insert(key.to_owned(), id);
        id
    }
}

/// The ledger id of each customer number seen so far, when every frame read numbers its
/// customers ([`CUSTOMER_NUMBER`]); empty when one does not, and keys are hashed instead.
struct CustomerKeys {
    numbered: bool,
    ids: Vec<Option<CustomerId>>,
}

impl CustomerKeys {
    fn of(frames: &[&DataFrame]) -> PolarsResult<CustomerKeys> {
        let numbered = frames.iter().all(|f| {
            f.column(CUSTOMER_NUMBER)
                .is_ok_and(|c| c.dtype() == &DataType::UInt32)
        });
        let mut largest = None;
        if numbered {
            for frame in frames {
                largest = largest.max(frame.column(CUSTOMER_NUMBER)?.u32()?.max());
            }
        }
        Ok(CustomerKeys {
            numbered,
            ids: vec![None; largest.map_or(0, |n| n as usize + 1)],
        })
    }

    /// Each row's customer number, or `None`s when the frames are not numbered.
    fn numbers<'a>(
        &self,
        frame: &'a DataFrame,
    ) -> PolarsResult<Box<dyn Iterator<Item = Option<u32>> + 'a>> {
        Ok(if self.numbered {
            Box::new(frame.column(CUSTOMER_NUMBER)?.u32()?.iter())
        } else {
            Box::new(std::iter::repeat_n(None, frame.height()))
        })
    }
}

/// Reads a date column; an empty frame may come with a `Null`-typed column.
fn date_column(frame: &DataFrame, name: &str, frame_name: &str) -> PolarsResult<DateChunked> {
    let column = frame.column(name)?;
    match column.dtype() {
        DataType::Date => Ok(column.date()?.clone()),
        DataType::Null => Ok(column.cast(&DataType::Date)?.date()?.clone()),
        other => polars_bail!(
            SchemaMismatch: "{} column '{}' should hold dates but holds {}", frame_name, name, other
        ),
    }
}

/// Reads a money column as `f64`, accepting whole numbers too.
fn money_column(frame: &DataFrame, name: &str) -> PolarsResult<Float64Chunked> {
    Ok(frame.column(name)?.cast(&DataType::Float64)?.f64()?.clone())
}

fn row_date(days: Option<i32>, frame_name: &str, row: usize) -> PolarsResult<NaiveDate> {
    match days.and_then(NaiveDate::from_epoch_days) {
        Some(date) => Ok(date),
        None => polars_bail!(
            ComputeError: "{} row {} has no date; the import step should have set one",
            frame_name, row + 1
        ),
    }
}

fn row_money(value: Option<f64>, frame_name: &str, column: &str, row: usize) -> PolarsResult<f64> {
    match value {
        Some(value) if value.is_finite() => Ok(value),
        _ => polars_bail!(
            ComputeError: "{} row {} has no '{}' amount; the import step should have set one",
            frame_name, row + 1, column
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Orders of many customers, numbered as the analysis frames number them (by first
    /// appearance of the trimmed key), with blank customers, customers without a number and
    /// keys written with spaces round them.
    fn numbered_orders(rows: usize) -> DataFrame {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut numbering: std::collections::HashMap<String, u32> = Default::default();
        let (mut dates, mut customers, mut numbers, mut gross) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rows {
            let r = next();
            let key = format!("c{}@example.it", r % 5_000);
            let (customer, number) = match r % 50 {
                0 => (None, None),
                1 => (Some("  ".to_string()), None),
                2 => (Some(key), None),
                3 => (Some(format!(" {key} ")), None),
                _ => {
                    let count = numbering.len() as u32;
                    let number = *numbering.entry(key.clone()).or_insert(count);
                    (Some(key), Some(number))
                }
            };
            dates.push(19_000 + (r >> 20) as i32 % 700);
            customers.push(customer);
            numbers.push(number);
            gross.push(Some(((r >> 8) % 10_000) as f64 / 100.0 + 1.0));
        }
        let dates = Column::new(DATE.into(), dates)
            .cast(&DataType::Date)
            .unwrap();
        DataFrame::new_infer_height(vec![
            dates,
            Column::new(CUSTOMER.into(), customers),
            Column::new(CUSTOMER_NUMBER.into(), numbers),
            Column::new(GROSS.into(), gross),
        ])
        .unwrap()
    }

    fn one_by_one(orders: &DataFrame) -> PolarsResult<Ledger> {
        Ledger::read_orders_one_by_one(orders, &mut CustomerKeys::of(&[orders])?)
    }

    #[test]
    fn numbered_orders_read_at_once_are_the_orders_read_one_by_one() {
        let orders = numbered_orders(150_000);
        let at_once = Ledger::read_orders(&orders).unwrap();
        let alone = one_by_one(&orders).unwrap();
        let by_key = Ledger::read_orders(&orders.drop(CUSTOMER_NUMBER).unwrap()).unwrap();
        let keys = CustomerKeys::of(&[&orders]).unwrap();
        assert!(
            Ledger::read_numbered_orders(&orders, &keys)
                .unwrap()
                .is_some()
        );
        assert_eq!(at_once.orders.len(), 150_000);
        assert!(at_once.orders.iter().any(|o| o.customer.is_none()));
        assert_eq!(
            (&at_once.keys, &at_once.orders),
            (&alone.keys, &alone.orders)
        );
        assert_eq!(
            (&at_once.keys, &at_once.orders),
            (&by_key.keys, &by_key.orders)
        );
    }

    #[test]
    fn a_number_naming_another_key_is_read_by_its_key() {
        let orders = numbered_orders(150_000);
        // Two rows far apart swap numbers: each number now names the other's customer.
        let mut numbers: Vec<Option<u32>> = orders
            .column(CUSTOMER_NUMBER)
            .unwrap()
            .u32()
            .unwrap()
            .iter()
            .collect();
        let customers = text_column(&orders, CUSTOMER).unwrap();
        let a = (10..).find(|&r| numbers[r].is_some()).unwrap();
        let b = (140_000..150_000)
            .find(|&b| numbers[b].is_some() && customers.get(b) != customers.get(a))
            .unwrap();
        numbers.swap(a, b);
        let mut swapped = orders.clone();
        swapped
            .with_column(Column::new(CUSTOMER_NUMBER.into(), numbers))
            .unwrap();
        let keys = CustomerKeys::of(&[&swapped]).unwrap();
        assert!(
            Ledger::read_numbered_orders(&swapped, &keys)
                .unwrap()
                .is_none()
        );
        let read = Ledger::read_orders(&swapped).unwrap();
        let by_key = Ledger::read_orders(&orders.drop(CUSTOMER_NUMBER).unwrap()).unwrap();
        assert_eq!((&read.keys, &read.orders), (&by_key.keys, &by_key.orders));
    }

    #[test]
    fn an_order_without_an_amount_is_the_same_error_read_at_once_or_one_by_one() {
        let orders = numbered_orders(150_000);
        let mut gross: Vec<Option<f64>> = orders
            .column(GROSS)
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .collect();
        gross[120_000] = None;
        gross[130_000] = None;
        let mut broken = orders.clone();
        broken
            .with_column(Column::new(GROSS.into(), gross))
            .unwrap();
        let at_once = Ledger::read_orders(&broken).unwrap_err().to_string();
        assert_eq!(at_once, one_by_one(&broken).unwrap_err().to_string());
        assert!(at_once.contains("row 120001"), "{at_once}");
    }
}
