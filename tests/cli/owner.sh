#!/bin/sh
# tests/cli/owner.sh - herald owner: naming who answers for each product,
# policy and playbook; refusals first, then set, list, unset and the
# audit chain.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

test_db
add_users "bob author" "olivia sro" "gone author"
sql "INSERT INTO products (slug, name, created_at, updated_at) VALUES
    ('gateway', 'Gateway', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
sql "UPDATE users SET erased_at = '2026-02-01T00:00:00Z', name = NULL
    WHERE login = 'gone'"

# Nothing owned yet: every product, policy and playbook, each with "-".
h owner list
expect_exit 0
expect_out '^KIND +NAME +OWNER$'
expect_out '^product +gateway +-$'
for p in disclosure-policy lifecycle-policy breach-procedure trust-page; do
	expect_out "^policy +$p +-\$" "list shows policy $p"
done
for f in "$top_srcdir"/share/playbooks/*.yaml; do
	n=$(basename "$f" .yaml)
	expect_out "^playbook +$n +-\$" "list shows playbook $n"
done

# Bad input.
h owner set
expect_exit 2
expect_err 'owner set takes a KIND, a NAME and a LOGIN'
expect_err '^usage: herald owner'
h owner set policy trust-page
expect_exit 2
h owner unset policy
expect_exit 2
h owner list extra
expect_exit 2
h owner frob
expect_exit 2
h owner set team trust-page bob
expect_exit 3
expect_err 'kind: "team" is not one of product, policy, playbook'
h owner set policy cookie-policy bob
expect_exit 3
expect_err 'policy: "cookie-policy" is not one of'
h owner set policy trust-page nobody
expect_exit 4
expect_err 'nobody'
h owner set policy trust-page gone
expect_exit 3
expect_err 'owner: user gone was erased'
h owner set product nosuch bob
expect_exit 4
h owner set playbook no-such-playbook bob
expect_exit 4
expect_err 'no-such-playbook'
# A playbook herald cannot load cannot be owned.
pb=$(playbook_dir)
printf 'playbook: broken\nsteps: [\n' >"$pb/broken.yaml"
h owner set playbook broken bob
expect_exit 3
expect_err 'playbook broken cannot be loaded'
rm -f "$pb/broken.yaml"
# Not an admin or the SRO.
as bob owner set policy trust-page bob
expect_exit 6
expect_err 'bob needs the admin or sro role'
as bob owner unset policy trust-page
expect_exit 6
[ "$(sql_row 'SELECT count(*) FROM owners')" = 0 ] &&
    pass "refusals wrote nothing" || fail "refusals wrote nothing"

# Set: admins and the SRO; audited.
h owner set policy trust-page bob
expect_exit 0
expect_out '^policy trust-page is owned by bob$'
as olivia owner set playbook breach-notification olivia
expect_exit 0
h owner set product gateway olivia
expect_exit 0
[ "$(sql_row "SELECT u.login FROM products p JOIN users u ON u.id = p.owner_id
    WHERE p.slug = 'gateway'")" = olivia ] &&
    pass "a product's owner is products.owner_id" ||
    fail "a product's owner is products.owner_id"
[ "$(sql_row "SELECT count(*) FROM audit WHERE action = 'owner.set'")" = 3 ] &&
    pass "each set is audited" || fail "each set is audited"
# The same owner again writes nothing.
h owner set policy trust-page bob
expect_exit 0
[ "$(sql_row "SELECT count(*) FROM audit WHERE action = 'owner.set'")" = 3 ] &&
    pass "setting the same owner writes nothing" ||
    fail "setting the same owner writes nothing"

h owner list
expect_exit 0
expect_out '^product +gateway +olivia$'
expect_out '^policy +trust-page +bob$'
expect_out '^policy +disclosure-policy +-$'
expect_out '^playbook +breach-notification +olivia$'
h owner list --json
expect_exit 0
expect_json
expect_json_is 'd[0]' '{"kind": "product", "name": "gateway", "owner": "olivia", "set_at": null}'
expect_json_is '[o["owner"] for o in d if o["name"] == "trust-page"]' '["bob"]'
expect_json_is '[o["set_at"] for o in d if o["name"] == "trust-page"]' '["2026-03-01T12:00:00Z"]'
expect_json_is '[o["kind"] for o in d][1:5]' '["policy", "policy", "policy", "policy"]'

# An erased owner owns nothing.
sql "UPDATE users SET erased_at = '2026-02-15T00:00:00Z' WHERE login = 'bob'"
h owner list
expect_out '^policy +trust-page +-$'

# Unset.
h owner unset policy trust-page
expect_exit 0
expect_out '^policy trust-page has no owner now$'
h owner unset policy trust-page
expect_exit 4
expect_err 'policy trust-page has no owner'
h owner unset product gateway
expect_exit 0
h owner unset product gateway
expect_exit 4
[ "$(sql_row "SELECT count(*) FROM audit WHERE action = 'owner.unset'")" = 2 ] &&
    pass "each unset is audited" || fail "each unset is audited"
h audit verify
expect_exit 0

h owner --help
expect_exit 0
expect_out '^usage: herald owner set KIND NAME LOGIN'
expect_out 'Exit status'

finish
