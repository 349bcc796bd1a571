#!/bin/sh
# tests/cli/subscriber.sh - herald subscriber: add, confirm by token or by
# an admin, CSV import all or nothing, search, unsubscribe, remove; herald
# never mails an unconfirmed or unsubscribed address.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

test_db
add_users "bob author"
export_settings
# Products for the lists: herald has no command to add one.
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for slug in ("acme-server", "acme-client"):
    c.execute("INSERT INTO products (slug, name, created_at, updated_at)"
        " VALUES (?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        (slug, slug))
c.commit()
PY
sql()
{
	python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in r))' "$db" "$1"
}

# Without an e-mail channel nothing is queued.
h subscriber add First@Example.ORG --list 'advisories:*'
expect_exit 0
expect_out '^Added First@example.org \(subscriber:1\), unconfirmed'
check "no channel: no confirmation queued" test "$(sql 'SELECT count(*) FROM outbox')" = 0

h channel add mail email --settings '{"url": "smtp://127.0.0.1:9",
    "from": "Security <security@example.org>"}'
expect_exit 0
h subscriber add ann@example.org --list advisories:acme-server --list 'lifecycle:*'
expect_exit 0
expect_out 'unconfirmed'
row=$(sql "SELECT purpose, subscriber_id, target, state FROM outbox")
check "a confirmation is queued for ann" test "$row" = "confirmation|2|ann@example.org|pending"
token=$(sql "SELECT token FROM subscribers WHERE id = 2")
check "it links to site.url/confirm?token=" test "$(sql "SELECT instr(payload,
    'https://example.org/confirm?token=$token') > 0 FROM outbox")" = 1
h subscriber add bob@example.org --list 'advisories:*' --confirmed
expect_exit 0
expect_out 'confirmed$'
check "confirmed by an admin: no message" test "$(sql 'SELECT count(*) FROM outbox')" = 1
check "confirmed by an admin: audited so" test "$(sql "SELECT count(*) FROM audit
    WHERE action = 'subscriber.add' AND detail LIKE '%\"confirmed_by\":\"admin\"%'")" = 1

# Refused.
h subscriber add x@example.org --list advisories:nosuch
expect_exit 3
expect_err 'list advisories:nosuch: no product nosuch'
h subscriber add ann@example.org --list 'advisories:*'
expect_exit 5
h subscriber add 'not an address' --list 'advisories:*'
expect_exit 3
expect_err '^herald: address: '
h subscriber add y@example.org
expect_exit 3
expect_err 'lists: choose at least one'
as bob subscriber add z@example.org --list 'advisories:*'
expect_exit 6
h subscriber add c@example.org --list 'advisories:*' --customer 7
expect_exit 4
expect_err 'customer: no customer with id 7'

# Import: every bad row named, nothing half-imported.
cat >"$TEST_DIR/bad.csv" <<'CSV'
address,lists,confirmed
"Smith, J <smith@example.org>",advisories:*,yes
good@example.org,"advisories:acme-server;lifecycle:acme-client",yes
u1@example.org,advisories:nosuch,no
ann@example.org,advisories:*,yes
dup@example.org,advisories:*,no
dup@example.org,lifecycle:*,no
CSV
before=$(sql 'SELECT count(*) FROM subscribers')
audits=$(sql 'SELECT count(*) FROM audit')
h subscriber import "$TEST_DIR/bad.csv"
expect_exit 3
expect_err "^$TEST_DIR/bad.csv:2: address: an e-mail address has no spaces"
expect_err "^$TEST_DIR/bad.csv:4: list advisories:nosuch: no product nosuch"
expect_err "^$TEST_DIR/bad.csv:5: address: ann@example.org is already a subscriber"
expect_err "^$TEST_DIR/bad.csv:7: address: dup@example.org is on line 6 already"
expect_err "4 problems in 6 rows; nothing was imported"
check "nothing half-imported" test "$(sql 'SELECT count(*) FROM subscribers')" = "$before"
check "nothing audited" test "$(sql 'SELECT count(*) FROM audit')" = "$audits"
h subscriber show good@example.org
expect_exit 4

cat >"$TEST_DIR/good.csv" <<'CSV'
address,lists,confirmed,customer
good@example.org,"advisories:acme-server; lifecycle:acme-client",yes,
"quoted@example.org","advisories:*",no,
CSV
h subscriber import "$TEST_DIR/good.csv"
expect_exit 0
expect_out 'Imported 2 subscribers'
h subscriber show good@example.org --json
expect_json_is 'd["state"]' confirmed
expect_json_is 'd["lists"]' '["advisories:acme-server", "lifecycle:acme-client"]'

# 1,000 rows in one go, fast.
python3 -c 'print("address,lists,confirmed")
for i in range(1000): print("bulk%d@example.net,advisories:*,%s" % (i, "yes" if i % 2 else "no"))' >"$TEST_DIR/bulk.csv"
start=$(date +%s)
h subscriber import "$TEST_DIR/bulk.csv"
expect_exit 0
end=$(date +%s)
check "1,000 rows within 10 s" test $((end - start)) -le 10
h subscriber list --search bulk --json
expect_json_is 'len(d)' 1000
expect_json_is 'sum(1 for s in d if s["state"] == "confirmed")' 500

# Confirm by token; unsubscribe by token or by address.
h subscriber confirm "$token"
expect_exit 0
h subscriber confirm 0123456789abcdef0123456789abcdef
expect_exit 4
h subscriber confirm nonsense
expect_exit 3
h subscriber unsubscribe quoted@example.org
expect_exit 0
h subscriber list --search example.org --json
expect_json_is '{s["address"]: s["state"] for s in d}' \
    '{"First@example.org": "unconfirmed", "ann@example.org": "confirmed", "bob@example.org": "confirmed", "good@example.org": "confirmed", "quoted@example.org": "unsubscribed"}'

# Nobody unconfirmed or unsubscribed is a recipient, whatever the list.
h subscriber list --list 'advisories:*' --json
expect_json_is 'sorted(s["address"] for s in d if s["state"] == "confirmed" and not s["address"].startswith("bulk"))' '["bob@example.org"]'
h subscriber lists
expect_exit 0
expect_out '^advisories:\* +501 +501 +1$'
h subscriber lists --json
expect_json_is '[l["confirmed"] for l in d if l["list"] == "advisories:acme-server"]' '[2]'

# History: what went to an address.
h subscriber show ann@example.org
expect_exit 0
expect_out '^State: +confirmed'
expect_out '^  1 +confirmation +pending'
h subscriber show 2 --json
expect_json_is 'd["history"][0]["purpose"]' confirmation

# Remove: the address is gone, the chain keeps only the number.
h subscriber remove ann@example.org
expect_exit 0
h subscriber show 2 --json
expect_json_is 'd["state"]' erased
expect_json_is 'd["address"]' null
h subscriber unsubscribe "$token"
expect_exit 4
check "no address in the audit chain" test "$(sql "SELECT count(*) FROM audit
    WHERE (action LIKE 'subscriber.%' OR action LIKE 'outbox.%') AND
    (detail LIKE '%@example.%' OR subject LIKE '%@example.%')")" = 0
run herald --db "$db" audit verify
expect_exit 0
finish
