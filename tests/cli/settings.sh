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
expect_err 'site\.url: not set \(set it with herald settings set site\.url VALUE\)'
h settings get no.such
expect_exit 3 "get: an unknown key is refused like set's"
expect_err '^herald: no\.such: no such setting \(see herald settings list\)$'
h settings get "$(printf 'k\033[31m')"
expect_exit 3
check "get: a hostile key is not echoed raw" sh -c \
    "! grep -q \"$(printf '\033')\" '$ERR'"
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

# An unset key another stands in for: list and get say what is used now.
h --as ada settings set publisher.name "Brightwater Systems"
expect_exit 0
h settings list
expect_out '^site\.title +-  \(now: Brightwater Systems security\)$'
expect_out '^publisher\.namespace +-  \(now: https://security\.example\.com/\)$'
h settings get site.title
expect_exit 4 "get: unset, though derived: exit 4"
expect_err '^herald: site\.title: not set; its default now is "Brightwater Systems security"$'
# The descriptions wrap before column 79.
h settings list
check "list: no line of description past column 78" sh -c \
    "! grep '^   ' '$OUT' | grep -q '.\{79\}'"
expect_out '^ {29}\(default: the first security\.contact\)$' \
    "list: a long description goes on under itself"

# Usage.
h settings set site.url
expect_exit 2
h settings set site.url ""
expect_exit 2
h settings frob
expect_exit 2
h settings --help
expect_exit 0
for code in 0 2 3 4 6; do
	expect_out "(^|[ :;])$code [a-zA-Z]" "help explains exit status $code"
done

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
