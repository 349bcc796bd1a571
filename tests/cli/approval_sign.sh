#!/bin/sh
# tests/cli/approval_sign.sh - approvers' OpenPGP keys (herald user key),
# decisions signed through herald approve and checked by GnuPG itself, and
# herald audit verify catching an approval row edited, forged, deleted or
# carrying a bad signature; herald audit export as JSON Lines. The GnuPG
# home is a throw-away one under a short /tmp path.
. "$top_srcdir/tests/lib.sh"

have gpg || skip_all "gpg is not installed"
have gpgconf || skip_all "gpgconf is not installed"
have sqlite3 || skip_all "no sqlite3 shell to tamper with the database"
have python3 || skip_all "python3 is not installed"

gnupg_home GNUPGHOME
export GNUPGHOME
gnupg_home empty

# new_key NAME: a signing key without a passphrase; its fingerprint.
new_key()
{
	gpg --batch --quiet --passphrase '' --quick-gen-key \
	    "$1 <$1@example>" ed25519 sign never 2>/dev/null &&
	    gpg --with-colons --list-secret-keys "$1@example" 2>/dev/null |
	    awk -F: '$1 == "fpr" { print $10; exit }'
}
lena_fpr=$(new_key lena)
mallory_fpr=$(new_key mallory)
[ ${#lena_fpr} = 40 ] && [ ${#mallory_fpr} = 40 ] || {
	echo "Bail out! could not make GnuPG keys"
	exit 99
}

test_db
add_users "bob author" "lena approver:legal" "lars approver:legal" \
    "sam author"

# --- herald user key ------------------------------------------------------------
# As GnuPG prints it: lower case with spaces is fine.
loose=$(echo "$lena_fpr" | tr 'A-F' 'a-f' | sed 's/..../& /g')
as lena user key lena "$loose"
expect_exit 0
expect_out "^lena signs decisions with key $lena_fpr\$"
as lena user show lena
expect_exit 0
expect_out "^Signing key: $lena_fpr\$"
expect_out '^Roles: +approver:legal$'
as lars user show lars
expect_out '^Signing key: - \(decisions are not signed\)$'
as sam user list
expect_exit 0
expect_out '^LOGIN +NAME +ROLES +KEY$'
expect_out "^lena +- +approver:legal +$lena_fpr\$"
expect_out '^lars +- +approver:legal +-$'
as sam user list --json
[ "$(json_get '[(u["login"], u["signing_key"]) for u in d if u["login"] in ("lena", "lars")]')" = \
    "[[\"lars\", null], [\"lena\", \"$lena_fpr\"]]" ] &&
    pass "list --json: signing_key" || fail "list --json: signing_key"
h audit log --subject user:3 --limit 1 --json
[ "$(json_get '(d[0]["action"], d[0]["actor"], d[0]["detail"])')" = \
    "('user.key', 'user:3', {'key': '$lena_fpr'})" ] &&
    pass "user.key is audited with the fingerprint" ||
    fail "user.key is audited with the fingerprint"

rows=$(sqlite3 "$db" 'SELECT count(*) FROM audit')
as sam user key sam "$mallory_fpr"
expect_exit 6
expect_err 'sam cannot set a signing key: approvers set their own, admins anyone'
as lena user key lars "$mallory_fpr"
expect_exit 6
expect_err "another user's"
as lena user key lena 12ab
expect_exit 3
expect_err '40 or 64 hex digits'
as lena user key lena AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
expect_exit 4
expect_err 'GnuPG has no secret key AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
as lena user key lena
expect_exit 2
as lena user key lena "$lena_fpr" --none
expect_exit 2
[ "$(sqlite3 "$db" 'SELECT count(*) FROM audit')" = "$rows" ] &&
    pass "refusals write nothing" || fail "refusals write nothing"

# --- a signed decision --------------------------------------------------------
{
	playbook_head test-sign "Two legal approvers"
	playbook_facts summary text
	echo "        max-length: 200"
	playbook_gate legal Legal approver:legal 2
	playbook_publish web markdown "Web page"
} >"$(playbook_dir)/test-sign.yaml"
# bob's communication about a new incident, in review.
comm_in_review bob test-sign "Tokens leak in the gateway logs"
one=$id
as lena approve "$one" --comment "Fine by legal"
expect_exit 0
as lars approve "$one"
expect_exit 0
[ "$(sqlite3 "$db" "SELECT id, signer IS NULL, signature LIKE
    '-----BEGIN PGP SIGNATURE-----%' FROM approvals ORDER BY id")" = \
    "$(printf '1|0|1\n2|1|')" ] &&
    pass "lena's approval is signed, lars's is not" ||
    fail "lena's approval is signed, lars's is not"
[ "$(sqlite3 "$db" 'SELECT signer FROM approvals WHERE id = 1')" = \
    "$lena_fpr" ] && pass "the signer is lena's key" ||
    fail "the signer is lena's key"

# The documented forms, in Python: the statement a key signs, the row
# digest the chain records, and an audit row's hash.
forms="$TEST_DIR/forms.py"
cat >"$forms" <<'EOF'
import hashlib, json, sqlite3
COLS = ("id", "communication_id", "revision", "gate", "approver_id", "role",
        "decision", "comment", "content_hash", "snapshot", "decided_at",
        "canon_version", "signer", "signature")
def esc(v):
    return "".join("\\x%02x" % ord(c) if ord(c) < 0x20 or c in "\x7f\\"
                   else c for c in str(v))
def statement(r):
    return ("herald-approval-1\n" + "".join("%s: %s\n" % (k, esc(v)) for k, v in (
        ("communication", r["communication_id"]), ("revision", r["revision"]),
        ("gate", r["gate"]), ("role", r["role"]),
        ("approver", "user:%d" % r["approver_id"]),
        ("decision", r["decision"]), ("canon-version", r["canon_version"]),
        ("content-hash", r["content_hash"]),
        ("decided-at", r["decided_at"])))).encode()
def lp(m, v):
    b = ("" if v is None else str(v)).encode()
    m.update(b"%d:%s\n" % (len(b), b))
def row_digest(r):
    m = hashlib.sha256(b"herald-approval-row-1\n")
    for k in COLS:
        v = r[k]
        if k == "snapshot":
            v = hashlib.sha256(v.encode()).hexdigest()
        lp(m, v)
    return m.hexdigest()
def audit_hash(prev, seq, at, actor, action, subject, detail):
    m = hashlib.sha256(b"herald-audit-1\n")
    for v in (prev, seq, at, actor, action, subject, detail):
        lp(m, v)
    return m.hexdigest()
def approval(c, n):
    c.row_factory = sqlite3.Row
    return dict(c.execute("SELECT * FROM approvals WHERE id = ?", (n,)).fetchone())
EOF
# GnuPG itself checks lena's signature over the statement rebuilt from the row.
python3 - "$db" "$TEST_DIR" "$forms" <<'EOF'
import sqlite3, sys
exec(open(sys.argv[3]).read())
r = approval(sqlite3.connect(sys.argv[1]), 1)
open(sys.argv[2] + "/statement", "wb").write(statement(r))
open(sys.argv[2] + "/statement.asc", "w").write(r["signature"])
EOF
run gpg --batch --status-fd 1 --verify "$TEST_DIR/statement.asc" \
    "$TEST_DIR/statement"
expect_exit 0 "gpg --verify: the signature is good"
expect_out "^\[GNUPG:\] VALIDSIG $lena_fpr " "gpg --verify: made by lena's key"
# The chain's approval.record rows hold each row's digest.
python3 - "$db" "$forms" <<'EOF' >"$OUT"
import json, sqlite3, sys
exec(open(sys.argv[2]).read())
c = sqlite3.connect(sys.argv[1])
rec = {json.loads(d)["approval"]: json.loads(d) for (d,) in c.execute(
    "SELECT detail FROM audit WHERE action = 'approval.record'")}
print(all(rec[n]["row"] == row_digest(approval(c, n)) for n in (1, 2)))
print(rec[1]["signer"])
EOF
[ "$(sed -n 1p "$OUT")" = True ] && pass "detail.row is the documented digest" ||
    fail "detail.row is the documented digest"
[ "$(sed -n 2p "$OUT")" = "$lena_fpr" ] && pass "detail.signer names the key" ||
    fail "detail.signer names the key"

run herald --db "$db" audit verify
expect_exit 0
expect_out '^Audit chain intact: [0-9]+ rows$'
expect_out '^Approvals: 2 checked, 1 signature good$'
rows=$(sed -n 's/^Audit chain intact: \([0-9]*\) rows$/\1/p' "$OUT")
run herald --db "$db" audit verify --json
expect_exit 0
[ "$(json_get '(d["intact"], d["approvals"]["checked"], d["approvals"]["signatures_good"], d["approvals"]["problems"])')" = \
    "(True, 2, 1, [])" ] && pass "verify --json: approvals checked" ||
    fail "verify --json: approvals checked"

# --- herald audit export ------------------------------------------------------
run herald --db "$db" --as ada audit export --format jsonl
expect_exit 0
python3 - "$OUT" "$rows" <<'EOF' >"$ERR.py" 2>&1
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "ends with a newline"
objs = [json.loads(l) for l in lines[:-1]]
assert len(objs) == int(sys.argv[2]), (len(objs), sys.argv[2])
assert [o["seq"] for o in objs] == list(range(1, len(objs) + 1))
assert all(o["type"] == "audit" and isinstance(o["detail"], dict) for o in objs)
assert list(objs[0]) == ["type", "seq", "at", "actor", "action", "subject",
    "detail", "prev_hash", "hash"], list(objs[0])
assert all(b["prev_hash"] == a["hash"] for a, b in zip(objs, objs[1:]))
EOF
[ $? = 0 ] && pass "export: one JSON object a line, the whole chain in order" ||
    { cat "$ERR.py"; fail "export: one JSON object a line, the whole chain in order"; }
# Every hash of the export recomputes from its line (the detail as
# recorded: compact, keys sorted).
python3 - "$OUT" "$forms" <<'EOF'
import json, sys
exec(open(sys.argv[2]).read())
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    d = json.dumps(o["detail"], separators=(",", ":"), sort_keys=True,
                   ensure_ascii=False)
    assert o["hash"] == audit_hash(o["prev_hash"], o["seq"], o["at"],
        o["actor"], o["action"], o["subject"], d), o["seq"]
EOF
[ $? = 0 ] && pass "export: each line's hash recomputes" ||
    fail "export: each line's hash recomputes"

out="$TEST_DIR/exports/chain.jsonl"
mkdir -p "$TEST_DIR/exports"
echo "an older export" >"$out"
run herald --db "$db" --as ada audit export --format jsonl --with-approvals \
    --out "$out"
expect_exit 0
[ ! -s "$OUT" ] && pass "export --out: nothing on stdout" ||
    fail "export --out: nothing on stdout"
[ "$(stat -c %a "$out")" = 600 ] && pass "export --out: private (0600)" ||
    fail "export --out: private (0600)"
[ "$(ls -A "$TEST_DIR/exports")" = chain.jsonl ] &&
    pass "export --out: no temporary file left" ||
    fail "export --out: no temporary file left"
python3 - "$out" "$rows" "$forms" <<'EOF'
import json, sys
exec(open(sys.argv[3]).read())
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
audit = [o for o in objs if o["type"] == "audit"]
apps = [o for o in objs if o["type"] == "approval"]
assert len(audit) == int(sys.argv[2]) and len(apps) == 2
assert objs[len(audit):] == apps, "approvals after the chain"
rec = {o["detail"]["approval"]: o["detail"]["row"] for o in audit
       if o["action"] == "approval.record"}
for a in apps:
    assert a["row_digest"] == row_digest(a) == rec[a["id"]], a["id"]
assert apps[0]["signature"].startswith("-----BEGIN PGP SIGNATURE-----")
assert apps[0]["comment"] == "Fine by legal" and apps[1]["signer"] is None
EOF
[ $? = 0 ] && pass "export --with-approvals: each row, its digest as recorded" ||
    fail "export --with-approvals: each row, its digest as recorded"
as lena audit export --format jsonl
expect_exit 6
expect_err 'lena cannot export the audit chain'
[ ! -s "$OUT" ] && pass "a refused export prints nothing" ||
    fail "a refused export prints nothing"
h audit export --format csv
expect_exit 3
expect_err 'jsonl'
h audit export
expect_exit 2
h audit export --format jsonl --out "$TEST_DIR/no/such/dir/x.jsonl"
expect_exit 10
[ ! -e "$TEST_DIR/no" ] && pass "a failed export leaves nothing" ||
    fail "a failed export leaves nothing"
h audit export --format jsonl --out "$TEST_DIR/exports"
expect_exit 10
expect_err 'is a directory'

# --- tampering ------------------------------------------------------------------
t="$TEST_DIR/t.db"
# tamper SQL: a fresh copy of the database in $t, changed by SQL.
tamper()
{
	rm -f "$t" "$t-wal" "$t-shm"
	sqlite3 "$db" ".backup '$t'"
	sqlite3 "$t" "$1" || fail "tamper: $1"
}
# expect_caught STATUS TEXT DESC: audit verify on $t exits STATUS and names TEXT.
expect_caught()
{
	run herald --db "$t" audit verify
	expect_exit "$1" "$3: verify exits $1"
	expect_err "$2" "$3: stderr names it"
	expect_out "^  $2" "$3: stdout lists it"
}
tamper "UPDATE approvals SET comment = 'Fine by everyone' WHERE id = 1"
expect_caught 11 'approval 1: edited after it was recorded' "comment edited"
expect_out '^Audit chain intact: ' "comment edited: the chain itself is intact"
tamper "UPDATE approvals SET decision = 'rejected', comment = 'No' WHERE id = 2"
expect_caught 11 'approval 2: edited after it was recorded' "decision edited"
tamper "UPDATE approvals SET signature = replace(signature, 'A', 'B') WHERE id = 1"
expect_caught 11 'approval 1: edited after it was recorded' "signature edited"
tamper "INSERT INTO approvals (communication_id, revision, gate, approver_id,
    role, decision, content_hash, snapshot, decided_at)
    SELECT communication_id, revision, gate, 2, role, decision, content_hash,
    snapshot, decided_at FROM approvals WHERE id = 2"
expect_caught 11 'approval 3: not in the audit chain \(forged\)' "forged row"
tamper "DELETE FROM approvals WHERE id = 2"
expect_caught 11 'approval 2: deleted' "deleted row"
run herald --db "$t" audit verify --json
expect_exit 11
[ "$(json_get '(d["intact"], [(p["approval"], p["kind"]) for p in d["approvals"]["problems"]])')" = \
    "(False, [(2, 'deleted')])" ] && pass "verify --json: the problem" ||
    fail "verify --json: the problem"

# A decision recorded with a signature over another statement (its time
# differs): the chain holds the row as recorded, GnuPG rejects the
# signature. Written as herald writes it, with the documented forms.
rm -f "$t" "$t-wal" "$t-shm"
sqlite3 "$db" ".backup '$t'"
python3 - "$t" "$forms" <<'EOF'
import json, sqlite3, sys
exec(open(sys.argv[2]).read())
c = sqlite3.connect(sys.argv[1])
r = approval(c, 1)
r["decided_at"] = "2026-03-01T12:00:01Z"
cols = [k for k in COLS if k != "id"]
r["id"] = c.execute("INSERT INTO approvals (%s) VALUES (%s)" % (", ".join(cols),
    ", ".join("?" * len(cols))), [r[k] for k in cols]).lastrowid
seq, prev = c.execute("SELECT seq, hash FROM audit ORDER BY seq DESC").fetchone()
d = json.dumps({"approval": r["id"], "row": row_digest(r)}, separators=(",", ":"),
    sort_keys=True)
row = (seq + 1, r["decided_at"], "user:%d" % r["approver_id"], "approval.record",
    "communication:%d" % r["communication_id"], d)
c.execute("INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash,"
    " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row + (prev, audit_hash(prev, *row)))
c.commit()
EOF
expect_caught 11 "approval 3: bad signature by $lena_fpr" "bad signature"
expect_out '^Audit chain intact: ' "bad signature: the chain itself is intact"
expect_out '^Approvals: 3 checked, 1 signature good$'

# GnuPG without lena's public key: a failure that says what to do.
run env GNUPGHOME="$empty" "$HERALD" --db "$db" audit verify
expect_exit 4 "no public key: verify exits 4"
expect_err "approval 1: signature by $lena_fpr not checked: GnuPG has no public key"
expect_err "import the approver's public key"
# With the key imported there, it verifies.
gpg --batch --quiet --export "$lena_fpr" |
    GNUPGHOME="$empty" gpg --batch --quiet --import 2>/dev/null
run env GNUPGHOME="$empty" "$HERALD" --db "$db" audit verify
expect_exit 0 "the public key alone verifies"
expect_out '^Approvals: 2 checked, 1 signature good$'

# --- an unusable key, and no key -------------------------------------------------
h user key lars BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
expect_exit 0 "an admin sets lars's key"
comm_in_review bob test-sign "Session fixation in the portal"
two=$id
n=$(sqlite3 "$db" 'SELECT count(*) FROM approvals')
as lars approve "$two"
expect_exit 4
expect_err 'your signing key BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB cannot sign this decision, so it was not recorded'
expect_err 'herald user key lars --none'
[ "$(sqlite3 "$db" 'SELECT count(*) FROM approvals')" = "$n" ] &&
    pass "no unsigned decision behind lars's back" ||
    fail "no unsigned decision behind lars's back"
as lars user key lars --none
expect_exit 0
expect_out '^lars signs no decisions$'
as lars approve "$two"
expect_exit 0
as lena user key lena --none
as lena approve "$two"
expect_exit 0
[ "$(sqlite3 "$db" "SELECT count(*) FROM approvals WHERE communication_id = $two
    AND signer IS NULL")" = 2 ] && pass "without keys, decisions are unsigned" ||
    fail "without keys, decisions are unsigned"
run herald --db "$db" audit verify
expect_exit 0
expect_out '^Approvals: 4 checked, 1 signature good$'

finish
