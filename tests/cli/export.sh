#!/bin/sh
# tests/cli/export.sh - herald export: usage and refusals, a whole export
# of the demo, a second run that writes nothing, and a directory it cannot
# write to or with something in the way: a clear error, nothing lost.
. "$top_srcdir/tests/lib.sh"

# Each file under DIR with its inode, size and digest: the same output
# means no file was rewritten, replaced or touched.
tree_sum()
{
	(cd "$1" && find . \( -type f -o -type l \) -printf '%i %s %p\n' |
	    sort -k 3 && tree_hash .)
}

# Each file under DIR with its digest.
tree_hash()
{
	(cd "$1" && find . -type f -exec sha256sum {} + | sort -k 2)
}

# --- usage -----------------------------------------------------------------

run herald export --help
expect_exit 0
for kind in markdown html feeds csaf cve security-txt lifecycle changelog \
    documents; do
	expect_out "^  $kind +[a-zA-Z/]" "help lists the kind $kind"
done

run herald export all
expect_exit 2 "no --out: exit 2"
expect_err 'needs --out DIR'
expect_err '^usage: herald export'

run herald export --out "$TEST_DIR/o"
expect_exit 2 "no kind: exit 2"

run herald export all html --out "$TEST_DIR/o"
expect_exit 2 "two kinds: exit 2"

run herald export nonsense --out "$TEST_DIR/o"
expect_exit 2 "unknown kind: exit 2"
expect_err 'unknown kind "nonsense"'
expect_err 'csaf +CSAF' "an unknown kind lists the kinds"

run herald export "$(printf 'x\033[31m')" --out "$TEST_DIR/o"
expect_exit 2
check "a hostile kind is not echoed raw" sh -c "! grep -q \"$(printf '\033')\" '$ERR'"

run herald export all --out "$TEST_DIR/o" --bogus
expect_exit 2 "unknown option: exit 2"

check "nothing was created by a refused command" test ! -e "$TEST_DIR/o"

# The help says where progress goes and what each exit status means.
run herald export --help
expect_out '^Progress goes to stderr when it is a terminal'
for code in 0 2 3 4 10; do
	expect_out "(^|[ :;])$code [a-zA-Z]" "help explains exit status $code"
done

# --- settings missing --------------------------------------------------------

fresh="$TEST_DIR/fresh.db"
run herald --db "$fresh" init --testing
expect_exit 0
run herald --db "$fresh" export all --out "$TEST_DIR/o"
expect_exit 3 "fresh database: exit 3"
expect_err 'site\.url'
expect_err 'publisher\.name'

# --- the demo ----------------------------------------------------------------

db="$TEST_DIR/demo.db"
demo_db "$db"
h()
{
	run herald --db "$db" "$@"
}

out="$TEST_DIR/out dir"
h export all --out "$out"
expect_exit 0 "export all of the demo"
expect_out "^exported all to $out: [1-9][0-9]* items, [1-9][0-9]* files written, 0 unchanged, 0 kept, [1-9][0-9]* bytes\$"
check "no progress line when stderr is not a terminal" test ! -s "$ERR"
for f in site/index.html site/style.css site/feed.atom mkdocs.yml \
    .herald-export.json; do
	check "export all writes $f" test -s "$out/$f"
done
check "export all writes docs/" test -d "$out/docs"
check "no temporary file is left" sh -c \
    "[ -z \"\$(find '$out' -name '.herald-tmp*')\" ]"
check "files are 0644" sh -c \
    "[ -z \"\$(find '$out' -type f ! -perm 0644)\" ]"
check "folders are 0755" sh -c \
    "[ -z \"\$(find '$out' -type d ! -perm 0755)\" ]"

tree_sum "$out" >"$TEST_DIR/sum1"
tree_hash "$out" >"$TEST_DIR/hash1"
h export all --out "$out"
expect_exit 0 "a second export"
expect_out ': [1-9][0-9]* items, 0 files written, ' \
    "a second export writes nothing"
tree_sum "$out" >"$TEST_DIR/sum2"
check "a second export touches no file" cmp -s "$TEST_DIR/sum1" \
    "$TEST_DIR/sum2"

h export all --out "$out" --json
expect_exit 0
expect_json
[ "$(json_get 'd["written"]')" = 0 ] && [ "$(json_get 'd["kind"]')" = all ] &&
    [ "$(json_get 'd["items"] > 0')" = true ] &&
    [ "$(json_get 'd["bytes"]')" = 0 ] &&
    [ "$(json_get 'd["unchanged"] + d["kept"] > 0')" = true ]
if [ $? = 0 ]; then pass "--json summary"; else fail "--json summary"; fi

# On a terminal, progress on stderr: one line drawn over itself, naming
# the kind, wiped at the end so the summary stands alone. stdout (a file
# here) gets the summary and nothing else.
if have script; then
	tty="$TEST_DIR/tty" sumf="$TEST_DIR/summary"
	script -qec "'$HERALD' --db '$db' export all --out '$TEST_DIR/tty-out' \
	    >'$sumf'" /dev/null >"$tty" 2>&1 </dev/null
	rc=$?
	check "export on a terminal: exit 0" test "$rc" = 0
	check "progress shows on a terminal" grep -q 'export all: pass 1, ' \
	    "$tty"
	check "progress counts items with a percentage" \
	    grep -Eq '[0-9]+/[0-9]+ items \([0-9]+%\)' "$tty"
	check "progress is one line drawn over (no newline)" \
	    test "$(tr -cd '\n' <"$tty" | wc -c)" -le 1
	check "the progress line is wiped at the end" \
	    sh -c 'tr "\r" "\n" <"$1" | grep -v "^\$" | tail -n 1 |
	    grep -q "^ *\$"' sh "$tty"
	check "the summary goes to stdout alone" grep -q '^exported all to ' \
	    "$sumf"
	check "no progress on stdout" sh -c '! grep -q "pass\|$(printf "\r")" "$1"' \
	    sh "$sumf"
else
	note "no script(1): the terminal progress checks are skipped"
fi

# A file edited by hand is put back, and only that one.
printf 'edited\n' >"$out/site/index.html"
h export all --out "$out"
expect_exit 0
expect_out ', 1 files written, '
tree_hash "$out" >"$TEST_DIR/hash3"
check "the edited file is put back as it was" cmp -s "$TEST_DIR/hash1" \
    "$TEST_DIR/hash3"

# One kind alone.
md="$TEST_DIR/md"
h export markdown --out "$md"
expect_exit 0 "export markdown"
expect_out "^exported markdown to $md: "
check "markdown writes mkdocs.yml" test -s "$md/mkdocs.yml"
check "markdown writes no HTML" test ! -e "$md/site/index.html"

# --- something in the way ----------------------------------------------------

printf 'not herald\n' >"$TEST_DIR/target"
rm "$out/site/index.html"
ln -s "$TEST_DIR/target" "$out/site/index.html"
h export all --out "$out"
expect_exit 10 "a symbolic link in place of a file: exit 10"
expect_err "site/index.html"
expect_err "symbolic link"
check "the link's target is untouched" grep -qx 'not herald' "$TEST_DIR/target"
check "the link stays" test -L "$out/site/index.html"

rm "$out/site/index.html"
mkdir "$out/site/index.html"
h export all --out "$out"
expect_exit 10 "a directory in place of a file: exit 10"
expect_err "site/index.html"
expect_err "directory"
rmdir "$out/site/index.html"

touch "$TEST_DIR/plain"
h export all --out "$TEST_DIR/plain"
expect_exit 10 "a file as the output directory: exit 10"
expect_err "plain"

# --- a directory the user cannot write -------------------------------------

if [ "$(id -u)" != 0 ]; then
	note "not root: the unprivileged-user checks need root to switch user"
elif ! have setpriv || ! id nobody >/dev/null 2>&1; then
	note "no setpriv or no user nobody: unprivileged checks skipped"
else
	nogroup=$(id -gn nobody)
	as_nobody()
	{
		run setpriv --reuid=nobody --regid="$nogroup" --clear-groups \
		    "$HERALD" --db "$TEST_DIR/nb/demo.db" "$@"
	}
	mkdir "$TEST_DIR/nb"
	cp "$db" "$TEST_DIR/nb/demo.db"
	chown -R nobody:"$nogroup" "$TEST_DIR/nb"

	# A new export into a folder of someone else's.
	ro="$TEST_DIR/ro"
	mkdir "$ro"
	printf 'keep\n' >"$ro/keep.txt"
	as_nobody export all --out "$ro"
	expect_exit 10 "an unwritable folder: exit 10"
	expect_err "$ro"
	expect_err 'Permission denied'
	check "what was there stays" grep -qx keep "$ro/keep.txt"
	check "nothing is added" test "$(ls -A "$ro")" = keep.txt

	# An export that must rewrite one file of an earlier one.
	h export all --out "$ro"
	expect_exit 0
	printf 'edited\n' >"$ro/site/index.html"
	tree_sum "$ro" >"$TEST_DIR/ro1"
	as_nobody export all --out "$ro"
	expect_exit 10 "an unwritable export: exit 10"
	expect_err "$ro/site"
	expect_err 'Permission denied'
	tree_sum "$ro" >"$TEST_DIR/ro2"
	check "an unwritable export loses and changes nothing" cmp -s \
	    "$TEST_DIR/ro1" "$TEST_DIR/ro2"

	# Nothing to change: no need to write, so no failure.
	h export all --out "$ro"
	expect_exit 0
	as_nobody export all --out "$ro"
	expect_exit 0 "an export that changes nothing needs no write access"
	expect_out ', 0 files written, '
fi

finish
