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
    cust_rows = []
    for i in range(1, n_cust + 1):
        signed = date(2023, 1, 1) + timedelta(days=rnd.randrange(0, 540))
        cust_rows.append(
            (i, f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", rnd.choice(COUNTRIES), signed.isoformat())
        )
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
                round(rnd.uniform(lo, hi), 2),
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


def datasets() -> dict[str, str]:
    return {
        "base": build(11, n_emp=18, n_cust=14, n_prod=12, n_orders=30),
        "variant": build(24, n_emp=26, n_cust=20, n_prod=15, n_orders=45),
    }
