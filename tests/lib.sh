# tests/lib.sh - shared by the command-line tests: a private directory per
# test, a pinned clock and zone, and checks that print TAP-style lines;
# then helpers for a test database and its people, communications taken
# through the command line, the loopback test servers (tests/servers/),
# and reading or changing the database behind herald's back.
#
# A test script sources this file, runs commands with `run`, checks them with
# expect_* and ends with `finish`. The exit status is 0 when every check
# passed, 1 when one failed, 77 when the script skipped itself.
#
#   . "$top_srcdir/tests/lib.sh"
#   run herald init
#   expect_exit 0
#   expect_out '^Created '
#   finish
#
# `make check` exports HERALD (the binary), top_srcdir and top_builddir.

set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${HERALD:=$top_builddir/herald}"
export top_srcdir top_builddir HERALD

if [ ! -x "$HERALD" ]; then
	echo "Bail out! no herald binary at $HERALD" >&2
	exit 99
fi

# One directory for everything the test makes; removed however it ends.
TEST_DIR=$(mktemp -d /tmp/herald-cli.XXXXXX) || exit 99
chmod 0755 "$TEST_DIR"
_cleanup=""
_on_exit()
{
	eval "$_cleanup"
	cd /
	rm -rf "$TEST_DIR"
}
trap _on_exit EXIT
trap 'exit 1' HUP INT TERM

# Run CMD when the script ends (before the directory goes), newest first.
at_exit()
{
	_cleanup="$1; $_cleanup"
}

# A pinned clock and zone, and a home of our own: nothing depends on the
# machine's date, time zone, locale or files.
HOME="$TEST_DIR/home"
XDG_DATA_HOME="$HOME/.local/share"
XDG_CONFIG_HOME="$HOME/.config"
HERALD_NOW=2026-03-01T12:00:00Z
TZ=UTC
LC_ALL=C.UTF-8
export HOME XDG_DATA_HOME XDG_CONFIG_HOME HERALD_NOW TZ LC_ALL
unset HERALD_DB NO_COLOR VISUAL EDITOR
mkdir -p "$HOME"
cd "$TEST_DIR" || exit 99

OUT="$TEST_DIR/.out"
ERR="$TEST_DIR/.err"
: >"$OUT"
: >"$ERR"
rc=0
_n=0
_failed=0
_last="(nothing run yet)"

# `herald ...` inside run runs the binary under test.
herald()
{
	"$HERALD" "$@"
}

# Run a command, keeping its stdout in $OUT, stderr in $ERR, status in $rc.
run()
{
	_last="$*"
	"$@" >"$OUT" 2>"$ERR" </dev/null
	rc=$?
	return 0
}

# Print CHECK's result as "ok N - DESC" or "not ok N - DESC".
_result()
{
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_n - $2"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $2"
		echo "#   last command: $_last"
		echo "#   its exit:     $rc"
		sed -e 's/^/#   out: /' "$OUT" | head -n 20
		sed -e 's/^/#   err: /' "$ERR" | head -n 20
	fi
}

# Pass or fail with DESC on a condition the script has computed itself.
pass()
{
	_result 0 "$1"
}

fail()
{
	_result 1 "$1"
}

# check DESC CMD...: pass when CMD (run quietly) exits 0.
check()
{
	_desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		_result 0 "$_desc"
	else
		_result 1 "$_desc"
	fi
}

# The last command exited with N.
expect_exit()
{
	[ "$rc" = "$1" ]
	_result $? "${2:-$_last: exit $1}"
}

# The last command's stdout (or stderr) matches the extended regex PATTERN.
expect_out()
{
	grep -Eq -- "$1" "$OUT"
	_result $? "${2:-$_last: stdout matches /$1/}"
}

expect_err()
{
	grep -Eq -- "$1" "$ERR"
	_result $? "${2:-$_last: stderr matches /$1/}"
}

# The last command's stdout does not match PATTERN.
expect_no_out()
{
	! grep -Eq -- "$1" "$OUT"
	_result $? "${2:-$_last: stdout does not match /$1/}"
}

# The last command's stdout is one valid JSON document.
expect_json()
{
	python3 -m json.tool "$OUT" >/dev/null 2>&1
	_result $? "${2:-$_last: stdout is valid JSON}"
}

# Print the value of the Python expression EXPR over the JSON document in
# $OUT, bound to d: json_get 'd["version"]', json_get 'len(d)'.
json_get()
{
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)' \
	    "$OUT" "$1"
}

# expect_json_is EXPR WANT: json_get EXPR prints WANT.
expect_json_is()
{
	_got=$(json_get "$1")
	[ "$_got" = "$2" ]
	_result $? "$_last: $1 is $2 (got $_got)"
}

# Whether the program NAME is installed.
have()
{
	command -v "$1" >/dev/null 2>&1
}

# Skip the whole script with REASON.
skip_all()
{
	echo "1..0 # SKIP $1"
	exit 77
}

# Note something in the log without counting it as a check.
note()
{
	echo "# $*"
}

# Print the plan and exit 1 if any check failed.
finish()
{
	echo "1..$_n"
	if [ "$_failed" -gt 0 ]; then
		echo "# $_failed of $_n checks failed"
		exit 1
	fi
	exit 0
}

# approve_by_hand DB ID: approve communication ID of database DB (in
# review) on every gate of its playbook still waiting, as approvers do:
# each role of each gate in its order, as many different people as it
# needs, none of them an editor. The approvers are users named after the
# role and a number (approver-legal-1, approver-legal-2, ..., sro-1),
# added by an admin of DB when missing (and named on the incident while
# it is under embargo); nobody approves twice. Returns 0 when the
# communication ends approved; says why on stdout when not.
approve_by_hand()
{
	python3 - "$1" "$2" <<'PY'
import json, os, subprocess, sys
db, cid = sys.argv[1], sys.argv[2]

def herald(login, *args):
    cmd = [os.environ["HERALD"], "--db", db]
    cmd += ["--as", login] if login else []
    p = subprocess.run(cmd + list(args), stdin=subprocess.DEVNULL,
        capture_output=True, text=True)
    if p.returncode != 0:
        sys.stdout.write("# approve_by_hand: herald %s: exit %d: %s" %
            (" ".join(args), p.returncode, p.stderr or "\n"))
    return p

def ok(p):
    if p.returncode != 0:
        sys.exit(1)
    return p.stdout

def as_json(p):
    return json.loads(ok(p))

users = {u["login"]: u["roles"] for u in as_json(herald(None, "user",
    "list", "--json"))}
admin = next(l for l, roles in users.items() if "admin" in roles)
review = as_json(herald(admin, "comm", "gates", cid, "--json"))
# Under embargo, only the people named on the incident may decide.
ref = as_json(herald(admin, "comm", "show", cid, "--json")).get("incident")
named = None
if ref is not None:
    named = as_json(herald(admin, "incident", "show", ref, "--json")).get(
        "named")
# Who has decided already: at the content now, or on another gate.
decided = {}
for a in review["decisions"]:
    if not a["stale"]:
        decided[a["approver"]] = None
    decided.setdefault(a["approver"], a["gate"])
for gate in review["gates"]:
    if gate["state"] != "waiting":
        continue
    for role in gate["roles"]:
        n = 0
        for _ in range(role["need"] - role["have"]):
            while True:
                n += 1
                login = "%s-%d" % (role["role"].replace(":", "-"), n)
                if login not in decided or decided[login] == gate["id"]:
                    break
            if login not in users:
                ok(herald(admin, "user", "add", login, "--role",
                    role["role"]))
                users[login] = [role["role"]]
            elif role["role"] not in users[login]:
                ok(herald(admin, "user", "grant", login, role["role"]))
                users[login].append(role["role"])
            if named is not None and login not in named:
                ok(herald(admin, "incident", "access", ref, "add", login))
                named.append(login)
            ok(herald(login, "approve", cid, "--gate", gate["id"]))
            decided[login] = None
state = as_json(herald(admin, "comm", "gates", cid, "--json"))["state"]
if state != "approved":
    print("# approve_by_hand: communication %s is %s" % (cid, state))
sys.exit(0 if state == "approved" else 1)
PY
}

# demo_db PATH: a demo database at PATH (its published communications,
# products and settings), made without a console.
demo_db()
{
	"$HERALD" demo --no-console --db "$1" >/dev/null
}

# --- a test database and its people ------------------------------------------

# test_db: a new test database in $db (h.db in the test's directory), made
# by `herald init --testing` with ada as its admin, checked.
test_db()
{
	db="$TEST_DIR/h.db"
	run herald --as ada --db "$db" init --testing
	expect_exit 0
}

# as LOGIN ARGS...: herald ARGS on the database $db as LOGIN (--as).
as()
{
	_as=$1
	shift
	run herald --db "$db" --as "$_as" "$@"
}

# h ARGS...: herald ARGS on $db as ada. A script may define its own h (the
# helpers that call h then use that one).
h()
{
	as ada "$@"
}

# add_users "LOGIN [ROLE...]"...: through h (as ada), add each user with
# its roles, checking each.
add_users()
{
	for _au in "$@"; do
		_au_login=${_au%% *}
		_au_roles=
		for _au_role in ${_au#"$_au_login"}; do
			_au_roles="$_au_roles --role $_au_role"
		done
		# Roles hold no spaces: split on purpose.
		# shellcheck disable=SC2086
		h user add "$_au_login" $_au_roles
		expect_exit 0 "user $_au"
	done
}

# export_settings: what an export needs (the site's address, the
# publisher's name, the security contact), set through h, checking each.
export_settings()
{
	h settings set site.url https://example.org/
	expect_exit 0
	h settings set publisher.name "Example Software"
	expect_exit 0
	h settings set security.contact mailto:security@example.org
	expect_exit 0
}

# gnupg_home VAR: a new, private GnuPG home in VAR, under a short path (a
# GnuPG agent's socket path is limited in length); its agent is stopped
# and it is removed when the script ends.
gnupg_home()
{
	_gh=$(mktemp -d /tmp/hgXXXX) || exit 99
	chmod 0700 "$_gh"
	at_exit "GNUPGHOME='$_gh' gpgconf --kill all >/dev/null 2>&1; rm -rf '$_gh'"
	eval "$1=\$_gh"
}

# --- communications through the command line ----------------------------------
# The helpers below run herald through the script's own wrapper `h` (or the
# one named RUN) on the database in $db.

# hostile_text: one line of hostile text for titles and answers: markup,
# "]]>", quotes, right-to-left and zero-width characters, an emoji.
hostile_text()
{
	printf '<script>alert("x")</script> & ]]> '"'"'q'"'"' \342\200\256RTL\342\200\254 zero\342\200\213width \360\237\224\245'
}

# long_text TEXT: TEXT, a space, then "w" up to 100,000 characters in all.
long_text()
{
	python3 -c 'import sys
sys.stdout.write(sys.argv[1] + " " + "w" * (100000 - len(sys.argv[1]) - 1))' \
	    "$1"
}

# playbook_dir: the folder herald looks in for playbooks, made.
playbook_dir()
{
	mkdir -p "$XDG_CONFIG_HOME/herald/playbooks" &&
	    echo "$XDG_CONFIG_HOME/herald/playbooks"
}

# playbook_head NAME TITLE: the start of a test playbook's YAML: playbook
# NAME, version 1, titled TITLE, an advisory to the public. Its variants or
# clocks may follow, then its steps.
playbook_head()
{
	cat <<EOF
playbook: $1
version: "1"
title: $2
kind: advisory
audience: public
EOF
}

# playbook_facts FIELD TYPE: the first step of a test playbook's YAML, the
# form "facts" asking for the required FIELD of TYPE, labelled Summary.
# More of that field's lines, and more fields, may follow.
playbook_facts()
{
	cat <<EOF
steps:
  - id: facts
    kind: form
    title: The facts
    fields:
      - id: $1
        type: $2
        label: Summary
        required: true
EOF
}

# playbook_gate ID TITLE ROLE COUNT: a gate step of a test playbook's YAML,
# ID titled TITLE, that needs COUNT different people holding ROLE.
playbook_gate()
{
	cat <<EOF
  - id: $1
    kind: gate
    title: $2
    roles:
      - role: $3
        count: $4
EOF
}

# playbook_publish CHANNEL FORMAT TITLE: the end of a test playbook's YAML,
# after its gates: publication to CHANNEL, and the output CHANNEL in FORMAT
# titled TITLE.
playbook_publish()
{
	cat <<EOF
  - id: send
    kind: publish
    title: Publish
    channels: [$1]
outputs:
  - id: $1
    format: $2
    title: $3
EOF
}

# playbook_approve: a step of a test playbook's YAML, the gate "approve"
# that needs one person holding approver:legal.
playbook_approve()
{
	cat <<EOF
  - id: approve
    kind: gate
    title: Approval
    roles: [approver:legal]
EOF
}

# playbook_end CHANNEL FORMAT TITLE: the end of a test playbook's YAML, after
# its own steps: playbook_approve, then playbook_publish CHANNEL FORMAT
# TITLE.
playbook_end()
{
	playbook_approve
	playbook_publish "$@"
}

# comm_on_incident PLAYBOOK TITLE: a new incident TITLE (a high-severity
# vulnerability) and a communication of PLAYBOOK about it, titled TITLE too;
# sets ref (the incident's) and id (the communication's).
comm_on_incident()
{
	h incident new --title "$2" --trigger vulnerability --severity high
	expect_exit 0
	ref=$(cat "$OUT")
	h comm new "$ref" --playbook "$1" --title "$2"
	expect_exit 0
	id=$(awk 'NR == 1 { print $1 }' "$OUT")
}

# incident_as LOGIN ARG...: as LOGIN, `incident new ARG...` succeeds; sets
# ref (the new incident's).
incident_as()
{
	_ia_login=$1
	shift
	as "$_ia_login" incident new "$@"
	expect_exit 0
	ref=$(head -n 1 "$OUT")
}

# comm_as LOGIN REF ARG...: as LOGIN, `comm new REF ARG...` succeeds; sets
# id (the communication's, the first one's when it starts several).
comm_as()
{
	_ca_login=$1
	shift
	as "$_ca_login" comm new "$@"
	expect_exit 0
	id=$(awk 'NR == 1 { print $1 }' "$OUT")
}

# comm_in_review LOGIN PLAYBOOK TITLE: as LOGIN, a new incident TITLE (a
# high-severity vulnerability) and a communication of PLAYBOOK about it,
# titled TITLE, its summary TITLE and its step facts done, submitted for
# review (checked); sets ref and id.
comm_in_review()
{
	incident_as "$1" --title "$3" --trigger vulnerability --severity high
	comm_as "$1" "$ref" --playbook "$2" --title "$3"
	as "$1" comm set "$id" summary "$3"
	expect_exit 0 "$3: its summary"
	as "$1" comm done "$id" facts
	expect_exit 0 "$3: its facts done"
	as "$1" comm submit "$id"
	expect_exit 0 "$3: in review"
}

# comm_approved LOGIN PLAYBOOK TITLE: comm_in_review LOGIN PLAYBOOK TITLE,
# then approved by hand (approve_by_hand), checked as "TITLE: approved";
# sets ref and id.
comm_approved()
{
	comm_in_review "$@"
	if approve_by_hand "$db" "$id"; then
		pass "$3: approved"
	else
		fail "$3: approved"
	fi
}

# subscribers_csv FILE N: a subscriber import file of N confirmed readers
# of advisories:* (readerNNNN@example.org, numbered from 0 with as many
# digits as N has).
subscribers_csv()
{
	"${PY:-python3}" - "$1" "$2" <<'EOF'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write("address,lists,confirmed\n")
    for i in range(n):
        f.write("reader%0*d@example.org,advisories:*,yes\n" % (len(str(n)), i))
EOF
}

# comm_set ID FIELD ARG...: `comm set ID FIELD ARG...` succeeds.
comm_set()
{
	_cs_id=$1
	shift
	h comm set "$_cs_id" "$@"
	expect_exit 0 "set $1"
}

# publish_by_hand RUN ID STEP...: as RUN (h, or another wrapper), mark each
# STEP of communication ID done, submit it, approve it by hand (see
# approve_by_hand) and publish it, checking each.
publish_by_hand()
{
	_pb_run=$1
	_pb_id=$2
	shift 2
	for _pb_step in "$@"; do
		"$_pb_run" comm done "$_pb_id" "$_pb_step"
		expect_exit 0 "step $_pb_step done"
	done
	"$_pb_run" comm submit "$_pb_id"
	expect_exit 0
	if approve_by_hand "$db" "$_pb_id"; then
		pass "approved (by hand)"
	else
		fail "approved (by hand)"
	fi
	"$_pb_run" comm publish "$_pb_id"
	expect_exit 0
}

# poke_snapshot DB ID CODE [RAW]: run the Python statements CODE on the
# published snapshot of communication ID as the dict snap (c is the
# connection, n the id) and store it back into its published revisions,
# where the command line would refuse what it holds; with RAW (a Python
# bytes literal), each "@@RAW@@" in it becomes those bytes, invalid UTF-8
# and all.
poke_snapshot()
{
	python3 - "$@" <<'EOF'
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n, code = int(sys.argv[2]), sys.argv[3]
raw = eval(sys.argv[4]) if len(sys.argv) > 4 else b""
pub = "communication_id = ? AND published_at IS NOT NULL"
snap = json.loads(c.execute("SELECT snapshot FROM revisions WHERE " + pub +
    " ORDER BY revision DESC", (n,)).fetchone()[0])
exec(code, {"snap": snap, "c": c, "n": n})
data = json.dumps(snap, ensure_ascii=False).encode().replace(b"@@RAW@@", raw)
c.execute("UPDATE revisions SET snapshot = CAST(? AS TEXT) WHERE " + pub,
    (data, n))
c.commit()
EOF
}

# poke_hostile DB ID [CODE]: control characters into the credits of the
# published snapshot of communication ID, invalid UTF-8 and a control byte
# at the end of its title (the published title is the snapshot's answer),
# and whatever the Python statements CODE do besides (see poke_snapshot).
poke_hostile()
{
	poke_snapshot "$1" "$2" '
snap["credits"] = "ctl\x01\x1b[31m\ufffe\uffff\x7f end"
snap["title"] = snap.get("title", "") + "@@RAW@@"
'"${3:-}" 'b" \xff\xfe\x01\xc3\x28"'
}

# expect_cleaned FILE TITLE CREDITS: after poke_hostile, in the JSON document
# FILE (d), the title at the Python expression TITLE shows invalid UTF-8 as
# U+FFFD and the credits at CREDITS lost their control characters.
expect_cleaned()
{
	run python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
t, cr = eval(sys.argv[2]), eval(sys.argv[3])
sys.exit(0 if "\ufffd" in t and "\x01" not in cr and "\x1b" not in cr
    and cr.endswith("end") else 1)' "$1" "$2" "$3"
	expect_exit 0 "invalid UTF-8 shows as U+FFFD; control characters are gone"
}

# fill_hostile_advisory ID TEXT: answer the security-advisory communication
# ID with the hostile TEXT wherever people write (the summary: TEXT, then
# 100,000 characters in all), two CVE IDs, a CVSS v4.0 vector alone, and
# references good and bad; its products are the caller's to set.
fill_hostile_advisory()
{
	long_text "$2" >"$TEST_DIR/big.txt"
	comm_set "$1" summary --file "$TEST_DIR/big.txt"
	comm_set "$1" plain-summary "Please upgrade now."
	comm_set "$1" cvss 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'
	comm_set "$1" cves "$(printf 'CVE-2026-55555\nCVE-2026-1234567')"
	comm_set "$1" customer-actions "$2"
	comm_set "$1" has-workaround yes
	comm_set "$1" workaround "$2"
	comm_set "$1" credits "$2"
	comm_set "$1" references "$(printf 'https://example.org/a{b}|c^d?x=`y`#f#g\njavascript:alert(1)\nhttps://example.org/\342\200\256')"
	comm_set "$1" embargoed no
	comm_set "$1" review "$(printf 'versions\ncves\nembargo\nplain')"
}

# node_validators: the Node validators of tests/validators installed, their
# directory (holding node_modules) in vdir; the script skips itself without
# node, npm or python3 and bails out when they cannot be installed.
node_validators()
{
	have node || skip_all "node is not installed"
	have npm || skip_all "npm is not installed"
	have python3 || skip_all "python3 is not installed"
	vdir=$(sh "$top_srcdir/tests/validators/setup.sh") ||
	    { echo "Bail out! the validators could not be installed"; exit 99; }
}

# --- behind herald's back -------------------------------------------------------
# For what the command line cannot show or make. Python's sqlite3 ($PY when
# the script sets it, else python3) on the test database $db.

# sql STATEMENT: run STATEMENT on $db and commit; print each row of its
# result on a line, the values joined by "|" (NULL as nothing).
sql()
{
	_sql all "$1"
}

# sql_row QUERY: only the first row of QUERY on $db, as sql prints it; an
# empty line when there is none.
sql_row()
{
	_sql first "$1"
}

_sql()
{
	"${PY:-python3}" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute(sys.argv[3])
if sys.argv[2] == "first":
    rows = [rows.fetchone() or ()]
for r in rows:
    print("|".join("" if v is None else str(v) for v in r))
c.commit()' "$db" "$1" "$2"
}

# --- the loopback test servers (tests/servers/) ---------------------------------

# serve NAME SERVER ARG...: start the test server tests/servers/SERVER
# (with $PY when the script sets it, else python3) with ARG..., on a free
# port of 127.0.0.1 written to $TEST_DIR/NAME.port, its stderr in
# $TEST_DIR/NAME.log; it is stopped when the script ends. Waits at most
# 10 s for it to listen, then sets port; when it does not, prints its log
# on stderr and bails out (exit 99).
serve()
{
	_sv_name=$1
	_sv_server=$2
	shift 2
	rm -f "$TEST_DIR/$_sv_name.port"
	"${PY:-python3}" "$top_srcdir/tests/servers/$_sv_server" \
	    --port-file "$TEST_DIR/$_sv_name.port" "$@" \
	    2>"$TEST_DIR/$_sv_name.log" &
	_sv_pid=$!
	at_exit "kill $_sv_pid 2>/dev/null; wait $_sv_pid 2>/dev/null"
	_sv_i=0
	while [ ! -s "$TEST_DIR/$_sv_name.port" ] && [ $_sv_i -lt 100 ]; do
		sleep 0.1
		_sv_i=$((_sv_i + 1))
	done
	if [ ! -s "$TEST_DIR/$_sv_name.port" ]; then
		cat "$TEST_DIR/$_sv_name.log" >&2
		echo "Bail out! the test server $_sv_server ($_sv_name) did not start"
		exit 99
	fi
	port=$(cat "$TEST_DIR/$_sv_name.port")
}

# smtp_server NAME ARG...: serve NAME smtp_server.py ARG... (see serve),
# every message it receives written to the folder $TEST_DIR/NAME.
smtp_server()
{
	_sm_name=$1
	shift
	serve "$_sm_name" smtp_server.py --maildir "$TEST_DIR/$_sm_name" "$@"
}

# messages NAME: how many messages the SMTP server NAME has received.
messages()
{
	ls "$TEST_DIR/$1" 2>/dev/null | grep -c '\.eml$'
}

# http_server: serve httpd http_server.py (see serve), recording every
# request as a JSON line in $log ($TEST_DIR/http.log) and answering as the
# JSON list in $script ($TEST_DIR/script.json, [] at first: the script
# writes its own answers there); sets port, log and script.
http_server()
{
	script="$TEST_DIR/script.json"
	log="$TEST_DIR/http.log"
	echo '[]' >"$script"
	: >"$log"
	serve httpd http_server.py --log "$log" --script "$script"
}
