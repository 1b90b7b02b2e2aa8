#!/usr/bin/env python3
"""pandas_sales_full.py FILE [--customers OUT.csv]: a plain pandas script
extended to the whole sales summary (median gap, cohort revenue per customer, RFM) and to the
generated export's columns, with the definitions written in polars_sales.py's docstring.

Kept as the analyst's pandas: read_csv / read_excel with their default engines (C parser,
openpyxl), every column read, as a plain pandas script does. Two changes from the simplest one:
an order's gross is its positive lines (metrics.md: gross = before refunds; the simplest script used
the invoice's net sum, the same orders here since no plain invoice has a negative line), and the
month offset is integer arithmetic instead of a Python lambda per order."""
import time
t0 = time.perf_counter()
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf_common as pc
np, pd = pc.require("pandas_sales_full.py", "numpy", "pandas", install="pandas pyarrow")
t_imported = time.perf_counter()

path = sys.argv[1]
customers_out = sys.argv[sys.argv.index("--customers") + 1] if "--customers" in sys.argv else None
if path.endswith(".xlsx"):
    pc.require("pandas_sales_full.py", "openpyxl", install="openpyxl")  # pandas' .xlsx engine
    df = pd.read_excel(path, dtype={"Invoice": str, "StockCode": str})
    cols = pc.shape_of(list(df.columns))
else:
    cols = pc.shape_of(pc.csv_header(path))
    dtype = {cols["order"]: str, cols["customer"]: str}
    if "StockCode" in pc.csv_header(path):
        dtype["StockCode"] = str
    df = pd.read_csv(path, dtype=dtype)

cust = df[cols["customer"]]
if pd.api.types.is_numeric_dtype(cust):  # Customer ID read as a number (xlsx): 13085.0 -> "13085"
    cust = cust.astype("Int64").astype(str).where(cust.notna())
cust = cust.str.strip()
if cols["email"]:
    cust = cust.str.lower()
df = pd.DataFrame({
    "inv": df[cols["order"]].astype(str).str.strip(),
    "date": pd.to_datetime(df[cols["date"]]).dt.normalize(),
    "cust": cust.where(cust != ""),
    "value": df[cols["qty"]] * df[cols["price"]],
})
df["m"] = df.date.dt.year * 12 + df.date.dt.month - 1

credit = df.inv.str.startswith("C")
inv = (df[~credit].assign(pos=df.value.clip(lower=0))
       .groupby("inv", sort=False).agg(date=("date", "min"), cust=("cust", "first"), gross=("pos", "sum")))
orders = inv[inv.gross > 0]
co = orders[orders.cust.notna()].copy()
last_day = df.date.max()
as_of = last_day + pd.Timedelta(days=1)
last_month = last_day.year * 12 + last_day.month - 1

custs = co.groupby("cust").agg(n=("date", "size"), first=("date", "min"), last=("date", "max"))
custs["c"] = custs["first"].dt.year * 12 + custs["first"].dt.month - 1

co = co.sort_values(["cust", "date"])
gap = co.date.diff().dt.days.where(co.cust.eq(co.cust.shift()))
median_gap = gap.median()

co["m"] = co.date.dt.year * 12 + co.date.dt.month - 1
co["c"] = co.cust.map(custs.c)
co["k"] = co.m - co.c
active = co.drop_duplicates(["cust", "k"]).groupby(["c", "k"]).size()

money = df[df.cust.notna()].groupby(["cust", "m"]).value.sum().reset_index()
cm = money.merge(custs[["c"]], left_on="cust", right_index=True)  # customers with orders only
cm["k"] = (cm.m - cm.c).clip(lower=0)
cohort_money = cm.groupby(["c", "k"]).value.sum()
sizes = custs.groupby("c").size()

cohorts = []
act, mon = active.to_dict(), cohort_money.to_dict()
for c, size in sizes.items():
    cum, ret, rev = 0.0, [], []
    for k in range(last_month - c + 1):
        ret.append(act.get((c, k), 0) / size)
        cum += mon.get((c, k), 0.0)
        rev.append(cum / size)
    cohorts.append({"cohort": pc.month_label(int(c)), "customers": int(size), "retention": ret,
                    "revenue_per_customer": rev})

rfm = custs.sort_index()  # by key, so rank(method="first") breaks ties by key ascending
rfm["net"] = money.groupby("cust").value.sum().reindex(rfm.index).fillna(0.0)
rfm["recency"] = (as_of - rfm["last"]).dt.days
n = len(rfm)
score = lambda s: 5 - np.minimum(4, ((s.rank(method="first").astype(np.int64) - 1) * 5) // n)
rfm["R"], rfm["F"], rfm["M"] = score(rfm.recency), score(-rfm.n), score(-rfm.net)
seg = {(r, f): s for r, f, s in pc.SEGMENT_TABLE}
rfm["segment"] = [seg[rf] for rf in zip(rfm.R, rfm.F)]
by_seg = rfm.groupby("segment").agg(customers=("n", "size"), revenue=("net", "sum"))

sales = {
    "customers": int(len(custs)), "orders": int(len(orders)), "revenue": float(df.value.sum()),
    "average_order_value": float(orders.gross.sum() / len(orders)),
    "purchase_frequency": float(custs.n.sum() / len(custs)),
    "repeat_purchase_rate": float((custs.n >= 2).mean()),
    "median_days_between_orders": float(median_gap),
    "cohorts": cohorts,
    "rfm_segments": [{"segment": s, "customers": int(by_seg.customers.get(s, 0)),
                      "revenue": float(by_seg.revenue.get(s, 0.0))} for s in pc.SEGMENTS],
}
if customers_out:
    rfm.reset_index()[["cust", "n", "net", "recency", "R", "F", "M", "segment"]].to_csv(customers_out, index=False)
pc.finish(t0, t_imported, sales, "pandas")
