#!/bin/sh
# tests/cli/customer.sh - herald customer: customers, contacts, their
# subscriber addresses and deployments; CSV imports all or nothing.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

test_db
add_users "bob author"
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
t = "2026-01-01T00:00:00Z"
c.execute("INSERT INTO products (id, slug, name, created_at, updated_at)"
    " VALUES (1, 'gateway', 'Gateway', ?, ?)", (t, t))
for n in ("3.1", "4.0"):
    c.execute("INSERT INTO cycles (product_id, cycle, eol, created_at,"
        " updated_at) VALUES (1, ?, '2027-01-31', ?, ?)", (n, t, t))
c.commit()
PY

h customer list
expect_exit 0
expect_out '^No customers'
h customer add "Acme, Inc." --email sec@acme.example --contract C-1 --sla 24
expect_exit 0
expect_out '^Added Acme, Inc. \(customer:1\)'
h customer add Kestrel
expect_exit 0
h customer add Bad --email nobody
expect_exit 3
expect_err 'contact-email: nobody'
h customer add Slow --sla 9999
expect_exit 3
as bob customer add Nope
expect_exit 6

h customer contact add "acme, inc." --name "Jo Doe" --email jo@acme.example --role security
expect_exit 0
h customer contact add Acme --name X --email x@acme.example
expect_exit 4
expect_err 'no customer Acme'
h customer contact add 1 --name X --email bad
expect_exit 3
h customer deploy 1 gateway 3.1 --version 3.1.4
expect_exit 0
expect_out 'customer:1 runs gateway 3.1'
h customer deploy customer:1 gateway
expect_exit 0
h customer deploy 1 gateway 9.9
expect_exit 4
expect_err 'cycle: gateway has no release cycle 9.9'
h customer deploy 1 nope 1.0
expect_exit 4
expect_err 'product: no product nope'
h customer undeploy 1 gateway
expect_exit 0
h customer undeploy 1 gateway
expect_exit 4
expect_err 'is not recorded as running gateway'
h subscriber add ops@acme.example --list 'advisories:*' --confirmed --customer 1
expect_exit 0

h customer show "Acme, Inc."
expect_exit 0
expect_out '^SLA: +24 hours'
expect_out '^  Jo Doe <jo@acme.example>, security'
expect_out '^  ops@acme.example \(confirmed\)'
expect_out '^  gateway 3.1 \(3.1.4\)'
h customer show 1 --json
expect_json_is 'd["sla_hours"]' 24
expect_json_is '[c["email"] for c in d["contacts"]]' '["jo@acme.example"]'
expect_json_is '[s["address"] for s in d["subscribers"]]' '["ops@acme.example"]'
expect_json_is '[(x["product"], x["cycle"], x["version"]) for x in d["deployments"]]' '[["gateway", "3.1", "3.1.4"]]'
h customer list --json
expect_json_is '[c["name"] for c in d]' '["Acme, Inc.", "Kestrel"]'

# Imports: each bad row named, nothing half-imported.
cat >"$TEST_DIR/c.csv" <<'CSV'
name,email,sla_hours
"Zeta, Ltd",z@zeta.example,12
kestrel,,
Bad,not-an-address,
"ZETA, LTD",,
CSV
h customer import "$TEST_DIR/c.csv"
expect_exit 3
expect_err "c.csv:3: name: customer kestrel exists already"
expect_err "c.csv:4: contact-email: not-an-address"
expect_err "c.csv:5: name: ZETA, LTD is on line 2 already"
expect_err "3 problems in 4 rows; nothing was imported"
h customer list --json
expect_json_is 'len(d)' 2
printf 'name,email,contract,sla_hours\n"Zeta, Ltd",z@zeta.example,Z-9,12\nYps,,,\n' >"$TEST_DIR/c2.csv"
h customer import "$TEST_DIR/c2.csv"
expect_exit 0
expect_out 'Imported 2 customers'

cat >"$TEST_DIR/d.csv" <<'CSV'
customer,product,cycle,version
"Zeta, Ltd",gateway,4.0,4.0.2
Yps,nope,1,
Nobody,gateway,,
Kestrel,gateway,3.1,
CSV
h customer import-deployments "$TEST_DIR/d.csv"
expect_exit 3
expect_err "d.csv:3: product: no product nope"
expect_err "d.csv:4: customer: no customer Nobody"
expect_err "2 problems in 4 rows; nothing was imported"
h customer show Kestrel --json
expect_json_is 'len(d["deployments"])' 0
sed -e '3,4d' "$TEST_DIR/d.csv" >"$TEST_DIR/d2.csv"
h customer import-deployments "$TEST_DIR/d2.csv"
expect_exit 0
expect_out 'Imported 2 deployments'
h customer import-deployments "$TEST_DIR/d2.csv"
expect_exit 3
expect_err 'runs gateway 4.0 already'
h customer show Kestrel --json
expect_json_is '[x["cycle"] for x in d["deployments"]]' '["3.1"]'

python3 - "$db" <<'PY' && pass "customers audited by number, no names or addresses" || fail "customers audited by number, no names or addresses"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT action, detail FROM audit WHERE action LIKE"
    " 'customer.%' OR action LIKE 'deployment.%'").fetchall()
acts = [a for a, _ in rows]
assert acts.count("customer.create") == 4, acts
assert acts.count("customer.contact.add") == 1, acts
assert acts.count("deployment.add") == 4 and acts.count("deployment.remove") == 1, acts
for _, d in rows:
    assert "acme" not in d.lower() and "Jo Doe" not in d and "Zeta" not in d, d
PY
run herald --db "$db" audit verify
expect_exit 0
finish
