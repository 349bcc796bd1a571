#!/bin/sh
# tests/cli/publish_github.sh - a github channel against the loopback
# server's fake of GitHub's repository security advisories: a publication
# creates the advisory and publishes it (a CVE requested when asked), the
# GHSA ID is stored and shown; a correction PATCHes it; a withdrawal
# closes it; a create whose answer never came is found again by its
# marker rather than made twice; a 422 fails with GitHub's words.
. "${top_srcdir:-.}/tests/lib.sh"

have python3 || skip_all "python3 is not installed"

test_db
add_users "bob author"

# --- the fake GitHub --------------------------------------------------------------

http_server

printf 'ghp_Zq9never_shown\n' >"$TEST_DIR/gh.token"
chmod 600 "$TEST_DIR/gh.token"
h channel add gh github --settings "{\"repository\": \"acme/widget\",
    \"api_url\": \"http://127.0.0.1:$port/\", \"token_file\":
    \"$TEST_DIR/gh.token\", \"request_cve\": true}"
expect_exit 0 "a github channel"

{
	playbook_head test-gh "GitHub test"
	playbook_facts summary text
	playbook_end gh github "GitHub advisory"
} >"$(playbook_dir)/test-gh.yaml"

# gh_row ID [PURPOSE]: state, attempts, external ref and last error of
# the github row of communication ID (its first publication's, or the
# one for PURPOSE).
gh_row()
{
	sql_row "SELECT state, attempts, external_ref, last_error FROM outbox
	    WHERE communication_id = $1 AND purpose = '${2:-publish}'
	    ORDER BY id DESC"
}

# fake PYTHON: the value of PYTHON over the fake's state (s), its
# advisories of acme/widget (a) and the request log (log).
fake()
{
	python3 -c 'import json, sys, urllib.request
s = json.load(urllib.request.urlopen("http://127.0.0.1:%s/_state" % sys.argv[1]))
a = s["advisories"].get("acme/widget", [])
log = [json.loads(l) for l in open(sys.argv[2])
       if "/_state" not in l]
try:
    v = eval(sys.argv[3])
except Exception as e:
    v = "(%s: %s)" % (type(e).__name__, e)
print(json.dumps(v) if not isinstance(v, str) else v)' "$port" "$log" "$1"
}

approved()
{
	comm_approved bob test-gh "$1"
}

# --- create, publish, request a CVE ---------------------------------------------------

approved "Remote code execution in the widget parser"
first=$id
h comm publish "$id"
expect_exit 0 "published and sent"
row=$(gh_row "$id")
ghsa=$(echo "$row" | cut -d'|' -f3)
case $row in
delivered\|1\|GHSA-*) pass "delivered; the GHSA ID is stored ($row)" ;;
*) fail "delivered; the GHSA ID is stored ($row)" ;;
esac
check "the advisory is published on GitHub" \
    test "$(fake "[x['state'] for x in a]")" = '["published"]'
check "its GHSA ID is the one stored" \
    test "$(fake "a[0]['ghsa_id']")" = "$ghsa"
check "a CVE was requested" test "$(fake "a[0]['cve_requested']")" = true
check "create, publish, CVE: three requests" \
    test "$(fake "[(l['method'], l['path'].split('/security-advisories')[1]) for l in log]")" = \
    "[[\"POST\", \"\"], [\"PATCH\", \"/$ghsa\"], [\"POST\", \"/$ghsa/cve\"]]"
key=$(sql_row "SELECT idempotency_key FROM outbox WHERE communication_id = $id")
cat >"$TEST_DIR/check_gh.py" <<'EOF'
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1]) if "/_state" not in l]
create, publish = reqs[0], reqs[1]
problems = []
for r in reqs:
    h = r["headers"]
    if h.get("authorization") != "Bearer ghp_Zq9never_shown":
        problems.append("authorization %r" % h.get("authorization"))
    if h.get("accept") != "application/vnd.github+json":
        problems.append("accept %r" % h.get("accept"))
    if h.get("x-github-api-version") != "2022-11-28":
        problems.append("api version %r" % h.get("x-github-api-version"))
body = json.loads(create["body"])
if "Remote code execution in the widget parser" not in body.get("summary", ""):
    problems.append("summary %r" % body.get("summary"))
if "herald:%s " % sys.argv[2] not in body.get("description", ""):
    problems.append("no marker in %r" % body.get("description"))
if ("severity" in body) == ("cvss_vector_string" in body):
    problems.append("severity and vector: %r" % body)
if body.get("severity") != "high":
    problems.append("severity %r" % body.get("severity"))
if not isinstance(body.get("vulnerabilities"), list):
    problems.append("vulnerabilities %r" % body.get("vulnerabilities"))
if json.loads(publish["body"]) != {"state": "published"}:
    problems.append("publish %r" % publish["body"])
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
run python3 "$TEST_DIR/check_gh.py" "$log" "$key"
expect_exit 0 "the token, the headers, the advisory body and its marker"
h outbox show "$(sql_row "SELECT id FROM outbox WHERE communication_id = $id")"
expect_exit 0
expect_out "${ghsa:-(no GHSA ID)}" "the GHSA ID is shown"
check "the token is nowhere in the database" sh -c \
    "! grep -a -q 'ghp_Zq9' '$db'"

# --- a correction updates it ----------------------------------------------------------

h comm update "$id" --reason correction --note "The range was wrong"
expect_exit 0
h comm set "$id" summary "Remote code execution in the widget parser, fixed in 2.4.1"
expect_exit 0
h comm done "$id" facts
h comm submit "$id"
expect_exit 0
approve_by_hand "$db" "$id" >/dev/null
h comm publish "$id"
expect_exit 0 "the correction is published"
row=$(gh_row "$id" correction)
case $row in
"delivered|1|$ghsa|") pass "the correction went to the same advisory" ;;
*) fail "the correction went to the same advisory ($row)" ;;
esac
check "one PATCH with the advisory" \
    test "$(fake "[(l['method'], l['path'].endswith('$ghsa')) for l in log][3:]")" = \
    '[["PATCH", true]]'
check "still one advisory, updated, still carrying the first marker" \
    test "$(fake "(len(a), 'fixed in 2.4.1' in a[0]['description'], 'herald:$key ' in a[0]['description'])")" = \
    '[1, true, true]'

# --- a withdrawal closes it -------------------------------------------------------------

run herald --db "$db" --as ada comm withdraw "$id" \
    --reason "Not a vulnerability after all"
expect_exit 0 "withdrawn"
expect_out "^1 message queued" "the withdrawal is queued"
expect_out "^sent: 1 delivered" "and sent by comm withdraw itself"
row=$(gh_row "$id" withdrawal)
case $row in
"delivered|1|$ghsa|") pass "the withdrawal went to the same advisory" ;;
*) fail "the withdrawal went to the same advisory ($row)" ;;
esac
check "PATCH state closed" \
    test "$(fake "json.loads(log[-1]['body'])")" = '{"state": "closed"}'
check "the advisory is closed" test "$(fake "a[0]['state']")" = closed

# --- a create whose answer never came ------------------------------------------------------

# The fake makes the advisory, then hangs past the timeout: herald cannot
# know it was made.
echo '[{"method": "POST", "path": "/repos/acme/widget/security-advisories",
    "times": 1, "hang": 4}]' >"$script"
approved "Path traversal in the upload handler"
h comm publish "$id" --no-send
run herald --db "$db" --as ada publish --timeout 1
expect_exit 0 "a timeout is transient"
row=$(gh_row "$id")
case $row in
pending\|1\|\|*timeout*) pass "waits to be retried ($row)" ;;
*) fail "waits to be retried ($row)" ;;
esac
check "the advisory exists all the same, a draft" \
    test "$(fake "[x['state'] for x in a]")" = '["closed", "draft"]'
n=$(fake "len(log)")
HERALD_NOW=2026-03-01T12:10:00Z run herald --db "$db" --as ada publish
expect_exit 0
row=$(gh_row "$id")
ghsa2=$(fake "a[1]['ghsa_id']")
case $row in
"delivered|2|$ghsa2|"*) pass "the retry found it by its marker ($row)" ;;
*) fail "the retry found it by its marker ($row)" ;;
esac
check "not created twice" test "$(fake "len(a)")" = 2
check "the retry listed, published and asked for the CVE" \
    test "$(fake "[l['method'] + ' ' + l['path'].split('?')[0].split('/security-advisories')[1] for l in log[$n:]]")" = \
    "[\"GET \", \"PATCH /$ghsa2\", \"POST /$ghsa2/cve\"]"
check "published" test "$(fake "a[1]['state']")" = published

# --- GitHub refuses ---------------------------------------------------------------------------

echo '[{"method": "POST", "path": "/repos/acme/widget/security-advisories",
    "status": 422, "body": {"message": "Validation Failed", "errors":
    ["Package name is required for the npm ecosystem"]}}]' >"$script"
approved "Cross-site scripting in the help page"
h comm publish "$id"
row=$(gh_row "$id")
case $row in
failed\|1\|\|*"HTTP 422: Validation Failed; Package name is required"*)
	pass "a 422 fails for good with GitHub's message ($row)" ;;
*) fail "a 422 fails for good with GitHub's message ($row)" ;;
esac

finish
