"""Writes the SQL practice fixture: one schema, two datasets (base and variant).

The base dataset is small and readable; the variant is the same shape with different values
and extra edge cases, so a query that matches the base by coincidence still fails. Both are
generated deterministically (fixed seeds) and committed as .sql files in the package.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

SCHEMA = """
CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL, budget INTEGER NOT NULL);
CREATE TABLE employees (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, department_id INTEGER REFERENCES departments(id),
  manager_id INTEGER REFERENCES employees(id), title TEXT NOT NULL, salary INTEGER NOT NULL,
  hire_date TEXT NOT NULL
);
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, signup_date TEXT NOT NULL);
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price REAL NOT NULL);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), order_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('paid', 'pending', 'refunded'))
);
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL, unit_price REAL NOT NULL, PRIMARY KEY (order_id, product_id)
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), event_name TEXT NOT NULL,
  occurred_at TEXT NOT NULL
);
""".strip()

SCHEMA_DOC = """departments(id, name, budget)
employees(id, name, department_id -> departments.id nullable, manager_id -> employees.id nullable, title, salary, hire_date 'YYYY-MM-DD')
customers(id, name, country, signup_date 'YYYY-MM-DD')
products(id, name, category, price)
orders(id, customer_id -> customers.id, order_date 'YYYY-MM-DD', status in ('paid','pending','refunded'))
order_items(order_id -> orders.id, product_id -> products.id, quantity, unit_price)
events(id, customer_id -> customers.id, event_name in ('visit','signup','add_to_cart','checkout','purchase'), occurred_at 'YYYY-MM-DD HH:MM:SS')"""

FIRST = [
    "Ada",
    "Bilal",
    "Chen",
    "Dara",
    "Eve",
    "Farah",
    "Goran",
    "Hana",
    "Ivo",
    "Jun",
    "Kemi",
    "Luis",
    "Mira",
    "Nils",
    "Oona",
    "Pavel",
    "Qi",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Viktor",
    "Wen",
    "Xavi",
    "Yara",
    "Zane",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Silva",
    "Novak",
    "Haddad",
    "Kowalski",
    "Brennan",
    "Iyer",
    "Osei",
    "Petrov",
    "Quinn",
    "Rahman",
    "Santos",
    "Weber",
]
COUNTRIES = ["Germany", "India", "Brazil", "Canada", "Japan", "France", "Nigeria"]
CATEGORIES = {
    "books": (8, 40),
    "electronics": (25, 400),
    "garden": (5, 90),
    "toys": (4, 60),
    "office": (2, 30),
}
PRODUCT_WORDS = [
    "Atlas",
    "Beacon",
    "Cinder",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meadow",
    "Nimbus",
    "Orbit",
    "Pebble",
    "Quarry",
    "Ridge",
]
EVENTS = ["visit", "signup", "add_to_cart", "checkout", "purchase"]


def _q(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _insert(table: str, rows: list[tuple[object, ...]]) -> str:
    lines = [f"INSERT INTO {table} VALUES ({', '.join(_q(v) for v in row)});" for row in rows]
    return "\n".join(lines)


def build(seed: int, *, n_emp: int, n_cust: int, n_prod: int, n_orders: int) -> str:
    rnd = random.Random(seed)
    depts = ["Engineering", "Sales", "Marketing", "Finance", "Support", "Research"]
    if seed % 2 == 0:
        depts.append("Legal")
    dept_rows = [(i + 1, name, rnd.randrange(200, 2000) * 1000) for i, name in enumerate(depts)]
    # The last department deliberately has no employees (LEFT JOIN questions depend on it).
    staffed = len(depts) - 1
    emp_rows: list[tuple[object, ...]] = []
    used_names: set[str] = set()
    for i in range(1, n_emp + 1):
        while True:
            name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
            if name not in used_names:
                used_names.add(name)
                break
        dept = None if i == n_emp else (i - 1) % staffed + 1  # one contractor without a department
        manager = None if i <= staffed else (dept or 1)
        title = "Manager" if i <= staffed else rnd.choice(["Engineer", "Analyst", "Specialist", "Associate"])
        salary = rnd.randrange(40, 160) * 1000
        if i == staffed + 2:
            salary = emp_rows[staffed][5]  # a salary tie within the first department
        hired = date(2015, 1, 1) + timedelta(days=rnd.randrange(0, 3300))
        emp_rows.append((i, name, dept, manager, title, salary, hired.isoformat()))
    # The department-2 tie is the company maximum in one dataset only, so "the second row" and
    # "the second distinct value" give different answers on at least one of them.
    _plant_employee_edges(emp_rows, staffed, tie_salary=170000 if seed % 2 else 125000)
    cust_rows = []
    # Boundary sign-up dates catch off-by-one date ranges (> vs >=, < '2023-12-31').
    boundary_dates = {1: "2023-01-01", 2: "2024-01-01", 3: "2023-12-31"}
    for i in range(1, n_cust + 1):
        signed = date(2023, 1, 1) + timedelta(days=rnd.randrange(0, 540))
        signup = boundary_dates.get(i, signed.isoformat())
        cust_rows.append((i, f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", rnd.choice(COUNTRIES), signup))
    prod_rows = []
    cats = list(CATEGORIES)
    for i in range(1, n_prod + 1):
        cat = cats[(i - 1) % len(cats)] if i <= len(cats) else rnd.choice(cats)
        lo, hi = CATEGORIES[cat]
        prod_rows.append(
            (
                i,
                f"{PRODUCT_WORDS[(i * 7 + seed) % len(PRODUCT_WORDS)]} {cat[:-1].title()} {i}",
                cat,
                20.0 if i == 1 else round(rnd.uniform(lo, hi), 2),  # a book at exactly 20 (< vs <=)
            )
        )
    order_rows = []
    item_rows = []
    # The last two customers never order (anti-join questions depend on it).
    buyers = list(range(1, n_cust - 1))
    unsold = {n_prod}  # one product is never sold
    for oid in range(1, n_orders + 1):
        cust = rnd.choice(buyers)
        signup = date.fromisoformat(cust_rows[cust - 1][3])
        day = signup + timedelta(days=rnd.randrange(0, 200))
        status = rnd.choices(["paid", "pending", "refunded"], weights=[7, 2, 1])[0]
        order_rows.append((oid, cust, day.isoformat(), status))
        for pid in rnd.sample([p for p in range(1, n_prod + 1) if p not in unsold], rnd.randrange(1, 4)):
            price = prod_rows[pid - 1][3]
            item_rows.append((oid, pid, rnd.randrange(1, 5), price))
    _plant_order_edges(order_rows, cust_rows)
    _plant_units_tie(item_rows)
    event_rows = []
    eid = 1
    for cust in range(1, n_cust + 1):
        depth = rnd.randrange(1, len(EVENTS) + 1)
        start = date.fromisoformat(cust_rows[cust - 1][3])
        for step in range(depth):
            ts = f"{(start + timedelta(days=step)).isoformat()} {rnd.randrange(8, 23):02d}:{rnd.randrange(60):02d}:00"
            event_rows.append((eid, cust, EVENTS[step], ts))
            eid += 1
        if depth >= 1 and rnd.random() < 0.4:  # repeat visits
            ts = f"{(start + timedelta(days=depth + 3)).isoformat()} 09:15:00"
            event_rows.append((eid, cust, "visit", ts))
            eid += 1
    parts = [
        _insert("departments", dept_rows),
        _insert("employees", emp_rows),
        _insert("customers", cust_rows),
        _insert("products", prod_rows),
        _insert("orders", order_rows),
        _insert("order_items", item_rows),
        _insert("events", event_rows),
    ]
    return SCHEMA + "\n" + "\n".join(parts) + "\n"


def _plant_employee_edges(emp: list[tuple[object, ...]], staffed: int, *, tie_salary: int) -> None:
    """Ties and boundaries that separate near-miss queries from correct ones."""

    def setf(idx: int, **kw: object) -> None:
        row = list(emp[idx - 1])
        cols = {"salary": 5, "hire_date": 6}
        for key, value in kw.items():
            row[cols[key]] = value
        emp[idx - 1] = tuple(row)

    # Department 2: two top earners tied, one more below them (RANK vs DENSE_RANK vs ROW_NUMBER).
    setf(2, salary=tie_salary)
    setf(2 + staffed, salary=tie_salary)
    setf(2 + 2 * staffed, salary=90000)
    # Exactly 100000 (> vs >=) and a report paid exactly as much as the manager (> vs >=).
    setf(staffed + 3, salary=100000)
    manager = emp[staffed + 4 - 1][3]
    assert isinstance(manager, int)
    setf(staffed + 4, salary=emp[manager - 1][5])
    # Hired exactly on 2020-01-01, two of them, named in reverse id order (tie-breaker by name).
    setf(staffed + 5, hire_date="2020-01-01")
    setf(staffed + 6, hire_date="2020-01-01")
    a, b = emp[staffed + 5 - 1], emp[staffed + 6 - 1]
    if str(a[1]) < str(b[1]):
        emp[staffed + 5 - 1] = (a[0], b[1], *a[2:])
        emp[staffed + 6 - 1] = (b[0], a[1], *b[2:])


def _plant_order_edges(orders: list[tuple[object, ...]], customers: list[tuple[object, ...]]) -> None:
    # An order exactly 30 days after sign-up (<= 30 vs < 30).
    cust = int(str(orders[2][1]))
    signup = date.fromisoformat(str(customers[cust - 1][3]))
    orders[2] = (orders[2][0], cust, (signup + timedelta(days=30)).isoformat(), "paid")
    # One customer with two orders in each of two months (GROUP BY customer, month needs DISTINCT).
    cust = int(str(orders[3][1]))
    signup = date.fromisoformat(str(customers[cust - 1][3]))
    first = date(signup.year + signup.month // 12, signup.month % 12 + 1, 3)
    later = date(first.year + first.month // 12, first.month % 12 + 1, 3)
    days = (first, first + timedelta(days=1), later, later + timedelta(days=1))
    for k, day in zip((3, 4, 5, 6), days, strict=True):
        orders[k] = (orders[k][0], cust, day.isoformat(), orders[k][3])


def _plant_units_tie(items: list[tuple[object, ...]]) -> None:
    """Make the 4th best-selling product tie with the 3rd (ROW_NUMBER vs RANK in a top 3)."""
    units: dict[int, int] = {}
    for _, pid, qty, _price in items:
        units[int(str(pid))] = units.get(int(str(pid)), 0) + int(str(qty))
    ranked = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))
    (_, third), (fourth_pid, fourth) = ranked[2], ranked[3]
    if third == fourth:
        return
    for i, (oid, pid, qty, price) in enumerate(items):
        if pid == fourth_pid:
            items[i] = (oid, pid, int(str(qty)) + third - fourth, price)
            return


def datasets() -> dict[str, str]:
    return {
        "base": build(11, n_emp=18, n_cust=14, n_prod=12, n_orders=30),
        "variant": build(24, n_emp=26, n_cust=20, n_prod=15, n_orders=45),
    }
