#!/usr/bin/env python3
"""duckdb_sales.py FILE [--customers OUT.csv]: the sales summary in DuckDB SQL, definitions as in
polars_sales.py's docstring. CSV via read_csv; .xlsx via the excel extension's read_xlsx when it
can be loaded (it cannot offline), else, with --via-fastexcel, the sheet is read by fastexcel
(calamine) into Arrow and queried from there (not DuckDB reading the file itself)."""
import time
t0 = time.perf_counter()
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf_common as pc
duckdb = pc.require("duckdb_sales.py", "duckdb", install="duckdb pyarrow")
t_imported = time.perf_counter()

path = sys.argv[1]
customers_out = sys.argv[sys.argv.index("--customers") + 1] if "--customers" in sys.argv else None
con = duckdb.connect()
q = lambda s: '"' + s.replace('"', '""') + '"'

if path.endswith(".xlsx"):
    try:
        con.execute("LOAD excel")
        source = f"read_xlsx('{path}')"
    except duckdb.Error:
        if "--via-fastexcel" not in sys.argv:
            sys.exit("duckdb: the excel extension is not available offline (try --via-fastexcel)")
        # pyarrow for con.register of the Arrow sheet.
        fastexcel, _ = pc.require("duckdb_sales.py", "fastexcel", "pyarrow", install="fastexcel pyarrow")
        sheet = fastexcel.read_excel(path).load_sheet(0).to_arrow()
        con.register("sheet", sheet)
        source = "sheet"
    cols = pc.shape_of([d[0] for d in con.execute(f"SELECT * FROM {source} LIMIT 0").description])
else:
    cols = pc.shape_of(pc.csv_header(path))
    source = (f"read_csv('{path}', header=true, "
              f"types={{'{cols['order']}': 'VARCHAR', '{cols['customer']}': 'VARCHAR'}})")

key = f"trim(CAST({q(cols['customer'])} AS VARCHAR))"
if cols["email"]:
    key = f"lower({key})"
con.execute(f"""
CREATE TEMP TABLE lines AS
SELECT trim(CAST({q(cols['order'])} AS VARCHAR)) AS inv,
       CAST({q(cols['date'])} AS DATE) AS d,
       NULLIF({key}, '') AS cust,
       {q(cols['qty'])} * {q(cols['price'])} AS v
FROM {source};
CREATE TEMP TABLE orders AS
SELECT inv, min(d) AS d, any_value(cust) AS cust, sum(greatest(v, 0)) AS gross
FROM lines WHERE NOT starts_with(inv, 'C')
GROUP BY inv HAVING sum(greatest(v, 0)) > 0;
CREATE TEMP TABLE custs AS
SELECT cust, count(*) AS n, min(d) AS first, max(d) AS last,
       year(min(d)) * 12 + month(min(d)) - 1 AS c
FROM orders WHERE cust IS NOT NULL GROUP BY cust;
CREATE TEMP TABLE money AS
SELECT cust, year(d) * 12 + month(d) - 1 AS m, sum(v) AS v
FROM lines WHERE cust IS NOT NULL GROUP BY ALL;
""")
revenue, last_day = con.execute("SELECT sum(v), max(d) FROM lines").fetchone()
last_month = last_day.year * 12 + last_day.month - 1
n_orders, gross = con.execute("SELECT count(*), sum(gross) FROM orders").fetchone()
n_customers, identified, repeat = con.execute(
    "SELECT count(*), sum(n), count(*) FILTER (WHERE n >= 2) FROM custs").fetchone()
(median_gap,) = con.execute("""
SELECT median(gap) FROM (
  SELECT d - lag(d) OVER (PARTITION BY cust ORDER BY d) AS gap FROM orders WHERE cust IS NOT NULL)
WHERE gap IS NOT NULL""").fetchone()
act = {(c, k): a for c, k, a in con.execute("""
SELECT c.c, year(o.d) * 12 + month(o.d) - 1 - c.c AS k, count(DISTINCT o.cust)
FROM orders o JOIN custs c USING (cust) GROUP BY ALL""").fetchall()}
mon = {(c, k): v for c, k, v in con.execute("""
SELECT c.c, greatest(m.m - c.c, 0) AS k, sum(m.v)
FROM money m JOIN custs c USING (cust) GROUP BY ALL""").fetchall()}
sizes = dict(con.execute("SELECT c, count(*) FROM custs GROUP BY c ORDER BY c").fetchall())
cohorts = []
for c, size in sizes.items():
    cum, ret, rev = 0.0, [], []
    for k in range(last_month - c + 1):
        ret.append(act.get((c, k), 0) / size)
        cum += mon.get((c, k), 0.0)
        rev.append(cum / size)
    cohorts.append({"cohort": pc.month_label(c), "customers": size, "retention": ret,
                    "revenue_per_customer": rev})

seg_values = ", ".join(f"({r}, {f}, '{s}')" for r, f, s in pc.SEGMENT_TABLE)
con.execute(f"""
CREATE TEMP TABLE rfm AS
WITH base AS (
  SELECT c.cust, c.n, DATE '{last_day}' + 1 - c.last AS recency, coalesce(t.net, 0) AS net
  FROM custs c LEFT JOIN (SELECT cust, sum(v) AS net FROM money GROUP BY cust) t USING (cust)),
scored AS (
  SELECT *,
    5 - least(4, (row_number() OVER (ORDER BY recency, cust) - 1) * 5 // count(*) OVER ()) AS R,
    5 - least(4, (row_number() OVER (ORDER BY n DESC, cust) - 1) * 5 // count(*) OVER ()) AS F,
    5 - least(4, (row_number() OVER (ORDER BY net DESC, cust) - 1) * 5 // count(*) OVER ()) AS M
  FROM base)
SELECT s.*, t.segment FROM scored s JOIN (VALUES {seg_values}) t(R, F, segment) USING (R, F)
""")
segs = {s: (n, r) for s, n, r in con.execute(
    "SELECT segment, count(*), sum(net) FROM rfm GROUP BY segment").fetchall()}
sales = {
    "customers": n_customers, "orders": n_orders, "revenue": revenue,
    "average_order_value": gross / n_orders, "purchase_frequency": float(identified) / n_customers,
    "repeat_purchase_rate": repeat / n_customers, "median_days_between_orders": float(median_gap),
    "cohorts": cohorts,
    "rfm_segments": [{"segment": s, "customers": segs.get(s, (0, 0.0))[0], "revenue": segs.get(s, (0, 0.0))[1]}
                     for s in pc.SEGMENTS],
}
if customers_out:
    con.execute(f"COPY (SELECT cust, n, net, recency, R, F, M, segment FROM rfm ORDER BY cust) TO '{customers_out}' (HEADER)")
pc.finish(t0, t_imported, sales, "duckdb")
