#!/bin/sh
# tests/cli/settings.sh - herald settings: list with defaults, set and get,
# bad values refused naming the key (nothing saved lost), unset, admins
# only, every change in the audit chain.
. "$top_srcdir/tests/lib.sh"

db="$TEST_DIR/h.db"
h() { run "$HERALD" --db "$db" "$@"; }

run herald --as ada --db "$db" init --testing
expect_exit 0

h settings list
expect_exit 0
expect_out '^site\.url +-$'
expect_out '^security\.expires-days +365$'
expect_out 'the address the exported site is served from'
h settings list --json
expect_exit 0
[ "$(json_get 'len(d)')" -ge 10 ] && pass "list --json: every key" ||
    fail "list --json: every key"

h settings get site.url
expect_exit 4
expect_err 'site.url: not set'
h --as ada settings set site.url https://security.example.com/
expect_exit 0
h settings get site.url
expect_exit 0
expect_out '^https://security\.example\.com/$'

# Bad values: a clear error naming the key; what was saved stays.
h --as ada settings set site.url http://security.example.com/
expect_exit 3
expect_err 'site\.url: .* is not an https URL'
h --as ada settings set security.contact "mailto:a@b.example, ftp://x"
expect_exit 3
expect_err 'security\.contact: "ftp://x" is not a contact'
h --as ada settings set publisher.name "$(printf 'two\nlines')"
expect_exit 3
expect_err 'publisher\.name'
h --as ada settings set no.such thing
expect_exit 3
expect_err 'no\.such: no such setting'
h settings get site.url
expect_out '^https://security\.example\.com/$'

# Usage.
h settings set site.url
expect_exit 2
h settings set site.url ""
expect_exit 2
h settings frob
expect_exit 2

# Admins only; every change audited.
h --as ada user add bob --role author
expect_exit 0
h --as bob settings set publisher.name Bob
expect_exit 6
h --as ada settings unset site.url
expect_exit 0
h settings get site.url
expect_exit 4
h audit log
expect_out 'setting\.set'
expect_out 'setting\.unset'
h audit verify
expect_exit 0

finish
