#!/bin/sh
# tests/cli/template.sh - herald template: render a file with partials and
# each escaping (hostile data included), errors as file:line:col (template,
# partial, JSON data), import from the configuration directory (a version
# only when a body changes, all or nothing, admins only), list, show, and
# `herald init` importing the shipped templates.
. "$top_srcdir/tests/lib.sh"

: "${HERALD_DATADIR:=$top_srcdir/share}"
export HERALD_DATADIR

db="$TEST_DIR/h.db"
h() { run "$HERALD" --db "$db" "$@"; }
ha() { run "$HERALD" --db "$db" --as ada "$@"; }
conf="$XDG_CONFIG_HOME/herald/templates"
t="$TEST_DIR/t"
mkdir -p "$t/parts" "$conf"

# Whether the last command's stdout is exactly the file $1.
expect_out_file()
{
	cmp -s "$OUT" "$1"
	_result $? "$_last: stdout is exactly $(basename "$1")"
}

# --- render: no database needed --------------------------------------------

printf '# {{title}}\n\n{{> header}}\n{{#items}}\n  {{> parts/item.md}}\n{{/items}}\n{{^items}}none{{/items}}\n' >"$t/page.md"
printf 'By {{publisher}}\n' >"$t/header.md"
printf -- '- {{name}}: {{{name}}}\n' >"$t/parts/item.md"
cat >"$t/data.json" <<'EOF'
{"title": "<b>*Fix*</b> & \"quotes\" ]]> 'x'",
 "publisher": "Brightwater_Systems [BW]",
 "items": [{"name": "a_b"}, {"name": "1. <i>"}]}
EOF
run herald template render "$t/page.md" --data "$t/data.json"
expect_exit 0
cat >"$t/want.md" <<'EOF'
# &lt;b&gt;\*Fix\*&lt;/b&gt; &amp; "quotes" \]\]&gt; 'x'

By Brightwater\_Systems \[BW\]
  - a\_b: a_b
  - 1\. &lt;i&gt;: 1. <i>

EOF
expect_out_file "$t/want.md"
[ -s "$ERR" ] && fail "render: nothing on stderr" || pass "render: nothing on stderr"

# Markdown escaping leaves nothing for a Markdown reader to act on.
if python3 -c 'import markdown' 2>/dev/null; then
	printf '{{title}}\n{{publisher}}\n\n{{#items}}\n{{name}}\n\n{{/items}}\n' \
	    >"$t/plain.md"
	run herald template render "$t/plain.md" --data "$t/data.json"
	python3 -c 'import markdown, sys; print(markdown.markdown(open(sys.argv[1]).read()))' \
	    "$OUT" >"$TEST_DIR/md.html"
	grep -Eq '<(b|i|em|strong|ol|li|a)[ >]' "$TEST_DIR/md.html" &&
	    fail "render: Python-Markdown makes no markup of values" ||
	    pass "render: Python-Markdown makes no markup of values"
else
	note "no Python-Markdown: its check skipped"
fi

run herald template render "$t/page.md" --data "$t/data.json" --escape none
expect_exit 0
expect_out '^# <b>\*Fix\*</b> & "quotes" \]\]> '"'x'"'$'
run herald template render "$t/page.md" --data "$t/data.json" --escape html
expect_exit 0
expect_out '^# &lt;b&gt;\*Fix\*&lt;/b&gt; &amp; &quot;quotes&quot; \]\]&gt; '"'x'"'$'

# By extension: .html escapes HTML, others nothing.
printf '<h1 title="{{title}}">{{title}}</h1>{{{title}}}\n' >"$t/page.html"
run herald template render "$t/page.html" --data "$t/data.json"
expect_exit 0
expect_out '^<h1 title="&lt;b&gt;\*Fix\*&lt;/b&gt; &amp; &quot;quotes&quot; \]\]&gt; '"'x'"'">'
expect_out '</h1><b>\*Fix\*</b> & "quotes"'
printf 'Subject: {{title}}\n' >"$t/mail.txt"
run herald template render "$t/mail.txt" --data "$t/data.json"
expect_exit 0
expect_out '^Subject: <b>\*Fix\*</b> & "quotes" \]\]> '"'x'"'$'

# No data: an empty object; the inverted section shows.
run herald template render "$t/page.md"
expect_exit 0
expect_out '^none$'

# Hostile data: control characters, RTL and zero-width characters, emoji,
# 100,000 characters, all through untouched with --escape none.
python3 - "$t/hostile.json" <<'PY'
import json, sys
v = "\u202eevil\u200b \U0001F512 \x01\x1b[31m" + "x" * 100000
json.dump({"v": v}, open(sys.argv[1], "w"))
PY
printf '{{v}}' >"$t/v.txt"
run herald template render "$t/v.txt" --data "$t/hostile.json"
expect_exit 0
python3 -c '
import json, sys
want = json.load(open(sys.argv[1]))["v"].encode()
sys.exit(open(sys.argv[2], "rb").read() != want)' "$t/hostile.json" "$OUT" &&
    pass "render: hostile value byte for byte" ||
    fail "render: hostile value byte for byte"

# Invalid UTF-8 in a template passes through untouched.
printf '\377\376{{a}}\303(\n' >"$t/bin.txt"
printf '{"a": "\\u00e9"}' >"$t/a.json"
run herald template render "$t/bin.txt" --data "$t/a.json"
expect_exit 0
printf '\377\376\303\251\303(\n' >"$t/bin.want"
expect_out_file "$t/bin.want"

# A missing partial renders as nothing, with a warning.
printf 'a{{> nowhere}}b\n' >"$t/miss.md"
run herald template render "$t/miss.md"
expect_exit 0
expect_out '^ab$'
expect_err "warning: $t/miss.md: no partial nowhere"

# Errors: exit 3 and FILE:LINE:COL on stderr, nothing on stdout.
printf 'ok\n  {{#open}}\n' >"$t/broken.md"
run herald template render "$t/broken.md" --data "$t/data.json"
expect_exit 3
expect_err "^herald: $t/broken.md:3:1: section \"open\" opened at 2:3 is never closed\$"
[ -s "$OUT" ] && fail "broken: nothing on stdout" || pass "broken: nothing on stdout"
printf 'x {{name\n' >"$t/unclosed.md"
run herald template render "$t/unclosed.md"
expect_exit 3
expect_err "^herald: $t/unclosed.md:1:3: tag is never closed"
printf '{{#a}}\n{{/b}}\n' >"$t/mismatch.md"
run herald template render "$t/mismatch.md"
expect_exit 3
expect_err "^herald: $t/mismatch.md:2:1: closing tag \"b\" does not match section \"a\" opened at 1:1\$"
printf '%s\n' '{{=<% =}}' >"$t/delim.md"
run herald template render "$t/delim.md"
expect_exit 3
expect_err "^herald: $t/delim.md:1:1: bad delimiters"
printf 'x\n{{>bad}}\n' >"$t/usesbad.md"
printf '\n\n{{ }}\n' >"$t/bad.md"
run herald template render "$t/usesbad.md"
expect_exit 3
expect_err "^herald: $t/bad.md:3:1: tag has no name\$"
printf 'x{{>../secret}}\n' >"$t/escape.md"
run herald template render "$t/escape.md"
expect_exit 3
expect_err 'partial "\.\./secret"'
printf '{{>self}}' >"$t/self.md"
run herald template render "$t/self.md"
expect_exit 3
expect_err "self.md:1:1: partial \"self\" nested more than 32 deep"

# Bad data: the data file's line and column.
printf '{"title": "x",\n  "items" [1]}\n' >"$t/bad.json"
run herald template render "$t/page.md" --data "$t/bad.json"
expect_exit 3
expect_err "^herald: $t/bad.json:2:[0-9]+: "
printf '{"a": "\377"}\n' >"$t/badutf.json"
run herald template render "$t/page.md" --data "$t/badutf.json"
expect_exit 3
expect_err "^herald: $t/badutf.json:1:[0-9]+: .*0xff"
run herald template render "$t/page.md" --data "$t/none.json"
expect_exit 4
expect_err 'none\.json'
run herald template render "$t/none.md"
expect_exit 4
expect_err 'none\.md'

# Bad arguments: exit 2 with the usage.
run herald template render
expect_exit 2
expect_err '^usage: herald template import'
run herald template render "$t/page.md" --escape latex
expect_exit 2
expect_err 'html, markdown or none'
run herald template render "$t/page.md" --bogus
expect_exit 2
run herald template render "$t/page.md" "$t/page.md"
expect_exit 2
run herald template
expect_exit 2
run herald template frobnicate
expect_exit 2
run herald template --help
expect_exit 0
expect_out '^usage: herald template import'
for code in 0 2 3 4 6 10; do
	expect_out "(^|[ :;])$code [a-zA-Z]" "help explains exit status $code"
done

# Not a file, and a file it may not read: the path and why.
run herald template render "$t"
expect_exit 3 "a directory to render: exit 3"
expect_err "^herald: $t: not a regular file\$"
if [ "$(id -u)" = 0 ] && have setpriv && id nobody >/dev/null 2>&1; then
	printf 'secret {{x}}\n' >"$t/private.md"
	chmod 0600 "$t/private.md"
	run setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups \
	    "$HERALD" template render "$t/private.md"
	expect_exit 10 "a template nobody may read: exit 10"
	expect_err "^herald: $t/private.md: Permission denied\$"
	rm -f "$t/private.md"
else
	note "not root or no setpriv: the unreadable-file check is skipped"
fi

# --- herald init imports the shipped templates -----------------------------

shipped=$(cd "$HERALD_DATADIR/templates" 2>/dev/null &&
    find . -name '.*' ! -name . -prune -o -type f ! -name '*~' ! -name '#*#' \
    -print | wc -l)
shipped=${shipped:-0}
note "$shipped shipped templates"
run herald --as ada --db "$db" init --testing
expect_exit 0
expect_out "^  templates: +$shipped imported\$"
h template list --json
expect_exit 0
expect_json
[ "$(json_get 'len(d)')" = "$shipped" ] &&
    pass "init imported every shipped template" ||
    fail "init imported every shipped template"
[ "$(json_get 'sorted(set(t["version"] for t in d))' | tr -d ' ')" = \
    "$([ "$shipped" -gt 0 ] && echo '[1]' || echo '[]')" ] &&
    pass "init: each at version 1" || fail "init: each at version 1"
first=$(json_get 'd[0]["name"] if d else ""')
ha template import
expect_exit 0
expect_out "^$shipped templates? imported, 0 new versions\$"

# --- import from the configuration directory --------------------------------

printf '# {{title}}\n{{> partials/box.md}}\n' >"$conf/mine.md"
mkdir -p "$conf/partials"
printf '> {{note}}\n' >"$conf/partials/box.md"
printf '{{#broken}}' >"$conf/.hidden.md"
printf '{{#broken}}' >"$conf/mine.md~"
ha template import
expect_exit 0
expect_out "^$((shipped + 2)) templates imported, 2 new versions\$"
ha template import
expect_exit 0
expect_out "^$((shipped + 2)) templates imported, 0 new versions\$"
h template list
expect_exit 0
expect_out '^NAME +VERSION +HASH +IMPORTED +SOURCE$'
expect_out "^mine\\.md +1 +[0-9a-f]{12} +2026-03-01 12:00 +$conf/mine\\.md\$"
expect_out "^partials/box\\.md +1 "
expect_no_out 'hidden|~'

# A changed file is version 2; show gives either.
printf '# {{title}} (changed)\n{{> partials/box.md}}\n' >"$conf/mine.md"
ha template import
expect_exit 0
expect_out "^$((shipped + 2)) templates imported, 1 new version\$"
h template show mine.md
expect_exit 0
expect_out '^# \{\{title\}\} \(changed\)$'
h template show mine.md --version 1
expect_exit 0
expect_out '^# \{\{title\}\}$'
h template list --json
expect_exit 0
expect_json
[ "$(json_get '[t["version"] for t in d if t["name"] == "mine.md"][0]')" = 2 ] &&
    pass "list --json: mine.md at version 2" ||
    fail "list --json: mine.md at version 2"
[ "$(json_get '[len(t["hash"]) for t in d if t["name"] == "mine.md"][0]')" = 64 ] &&
    pass "list --json: the whole hash" || fail "list --json: the whole hash"
h template show mine.md --version 3
expect_exit 4
h template show mine.md --version 0
expect_exit 3
h template show no-such.md
expect_exit 4
expect_err 'no-such\.md'
h template show
expect_exit 2

# One's own file wins over a shipped one of the same name.
if [ -n "$first" ]; then
	mkdir -p "$(dirname "$conf/$first")"
	printf 'my own {{x}}\n' >"$conf/$first"
	ha template import
	expect_exit 0
	expect_out ", 1 new version\$"
	h template show "$first"
	expect_out '^my own \{\{x\}\}$'
	rm "$conf/$first"
	ha template import
	expect_out ", 1 new version\$"
fi

# A broken template refuses the whole import, naming its place.
h template list --json
cp "$OUT" "$TEST_DIR/before.json"
printf 'fine {{x}}\n' >"$conf/another.md"
printf 'line one\n{{#a}}\n{{/b}}\n' >"$conf/zbad.md"
ha template import
expect_exit 3
expect_err "^herald: $conf/zbad\\.md:3:1: closing tag \"b\" does not match section \"a\" opened at 2:1\$"
h template list --json
cmp -s "$OUT" "$TEST_DIR/before.json" && pass "refused import: nothing saved" ||
    fail "refused import: nothing saved"
printf 'ok \377\n' >"$conf/zbad.md"
ha template import
expect_exit 3
expect_err "zbad\\.md:1:4: not UTF-8"
rm "$conf/zbad.md" "$conf/another.md"

# Files and folders named on the command line.
own="$TEST_DIR/own"
mkdir -p "$own/parts"
printf 'own {{a}}\n' >"$own/own.md"
printf 'part {{a}}\n' >"$own/parts/p.md"
ha template import "$own"
expect_exit 0
expect_out '^2 templates imported, 2 new versions$'
h template show parts/p.md
expect_exit 0
expect_out '^part \{\{a\}\}$'
ha template import "$own/parts/p.md"
expect_exit 0
h template show p.md
expect_exit 0
ha template import --base "$own" "$own/parts/p.md"
expect_exit 0
expect_out '^1 template imported, 0 new versions$'
ha template import --base "$own/parts" "$own/own.md"
expect_exit 3
expect_err 'not inside'
ha template import "$own/own.md" "$own/none.md"
expect_exit 4
ha template import --base "$own"
expect_exit 2

# Only admins import; anyone may read.
h --as ada user add bob --role author
expect_exit 0
h --as bob template import
expect_exit 6
expect_err 'admin'
h --as bob template import "$own"
expect_exit 6
h template import
expect_exit 6
h --as bob template list
expect_exit 0
expect_out '^mine\.md '
h --as bob template show mine.md
expect_exit 0

h audit verify
expect_exit 0

finish
