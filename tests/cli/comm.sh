#!/bin/sh
# tests/cli/comm.sh - herald comm: start communications from a playbook,
# answer, mark steps done, submit, publish, update, withdraw, preview;
# and the refusals, each naming what is wrong.
. "$top_srcdir/tests/lib.sh"

test_db
h user grant ada author
expect_exit 0
add_users "bob author" sam

# A playbook of our own, found in the config directory.
pbdir=$(playbook_dir)
{
	playbook_head test-flow "Test advisory"
	cat <<'EOF'
variants:
  - id: public
    title: Public advisory
    kind: advisory
    audience: public
  - id: customers
    title: Customer notice
    kind: customer-notice
    audience: customers
EOF
	playbook_facts summary text
	cat <<'EOF'
        max-length: 40
      - id: impact
        type: choice
        label: Impact
        options: [low, high]
        default: low
      - id: details
        type: long-text
        label: Details
  - id: check
    kind: checklist
    title: Before review
    items: [proofread]
EOF
	playbook_end web markdown "Web page"
} >"$pbdir/test-flow.yaml"

h incident new --title "Tokens leak in logs" --trigger vulnerability \
    --severity high
expect_exit 0

# new: one communication per variant, or the one asked.
h comm new SEC-2026-001 --playbook test-flow
expect_exit 0
expect_out '^1  SEC-2026-001  advisory public  Public advisory: SEC-2026-001 Tokens leak in logs$'
expect_out '^2  SEC-2026-001  customer-notice customers  Customer notice: SEC-2026-001'
h comm new SEC-2026-001 --playbook test-flow --variant public \
    --title "Tokens in logs" --json
expect_exit 0
expect_json
[ "$(json_get 'd[0]["id"], d[0]["variant"], d[0]["incident"], d[0]["title"], d[0]["playbook_version"]')" = \
    "(3, 'public', 'SEC-2026-001', 'Tokens in logs', '1')" ] &&
    pass "new --json: id, variant, incident, title, playbook version" ||
    fail "new --json: id, variant, incident, title, playbook version"
h comm new SEC-2026-001 --playbook test-flow --variant nope
expect_exit 3
expect_err 'variant nope: playbook test-flow has variants public, customers'
h comm new SEC-2026-001 --playbook no-such
expect_exit 4
expect_err 'no-such'
h comm new SEC-2099-001 --playbook test-flow
expect_exit 4
h comm new --playbook test-flow
expect_exit 3
expect_err 'incident'
h comm new SEC-2026-001
expect_exit 2
expect_err 'needs --playbook'
h comm new SEC-2026-001 SEC-2026-002 --playbook test-flow
expect_exit 2
run herald --db "$db" --as sam comm new SEC-2026-001 --playbook test-flow
expect_exit 6

# list: every one, by incident, by state.
h comm list
expect_exit 0
expect_out '^ID +ABOUT +KIND +STATE +REV +PLAYBOOK +TITLE$'
expect_out '^3 +SEC-2026-001 +advisory +draft +1 +test-flow +Tokens in logs$'
[ "$(grep -c '^[0-9]' "$OUT")" = 3 ] && pass "list shows 3" ||
    fail "list shows 3"
h comm list SEC-2026-001 --state draft --json
expect_exit 0
[ "$(json_get 'len(d)')" = 3 ] && pass "list INCIDENT --state --json" ||
    fail "list INCIDENT --state --json"
h comm list --state published
expect_exit 0
expect_out '^No communications\.$'
h comm list --state bogus
expect_exit 3
expect_err 'state bogus'
h comm list SEC-2099-001
expect_exit 4

# set: validated, versioned, named.
h comm set 1 summary "Tokens leak into build logs"
expect_exit 0
expect_out '^summary: version 1$'
h comm set 1 summary "This summary is far too long for forty characters"
expect_exit 3
expect_err 'Summary'
h comm set 1 impact middling
expect_exit 3
expect_err 'Impact'
h comm set 1 nope x
expect_exit 3
expect_err 'field nope'
h comm set 1 summary "Stale" --version 0
expect_exit 5
expect_err 'summary'
h comm set 1 impact high --version 1
expect_exit 0
expect_out '^impact: version 2$'
printf 'Line one\nLine two\n' >"$TEST_DIR/details.txt"
h comm set 1 details --file "$TEST_DIR/details.txt"
expect_exit 0
h comm set 1 details --file "$TEST_DIR/missing.txt"
expect_exit 10
expect_err 'missing.txt'
run sh -c "printf 'From stdin\n' | '$HERALD' --db '$db' --as ada comm set 2 details -"
expect_exit 0
expect_out '^details: version 1$'
h comm set 1 summary
expect_exit 2
h comm set 1 summary x --file "$TEST_DIR/details.txt"
expect_exit 2
h comm set 99 summary x
expect_exit 4
h comm set abc summary x
expect_exit 3
run herald --db "$db" --as sam comm set 1 summary x
expect_exit 6

# show: header, steps, answers.
h comm show 1
expect_exit 0
expect_out '^Incident: +SEC-2026-001$'
expect_out '^Kind: +advisory$'
expect_out '^State: +draft$'
expect_out '^Revision: +1$'
expect_out '^Playbook: +test-flow 1, variant public$'
expect_out '^Playbook hash: +[0-9a-f]{64}$'
expect_out '^  facts +form +current +The facts$'
expect_out '^  check +checklist +not reached'
expect_out '^  summary \(Summary\) v1, ada, '
expect_out '^    Tokens leak into build logs$'
h comm show 1 --json
expect_exit 0
[ "$(json_get 'd["steps"][0]["state"], d["answers"][0]["field"], d["variant"]')" = \
    "('current', 'details', 'public')" ] &&
    pass "show --json: steps and answers" ||
    fail "show --json: steps and answers"
h comm show 99
expect_exit 4

# done / reopen: in order, only when valid.
h comm done 1 check
expect_exit 3
expect_err 'step check: step facts'
h comm done 1 approve
expect_exit 3
expect_err 'gate'
h comm done 1 nope
expect_exit 3
expect_err 'step nope'
h comm done 3 facts
expect_exit 3
expect_err 'Summary: required'
h comm done 1 facts
expect_exit 0
h comm done 1 check
expect_exit 3
expect_err 'proofread'
h comm set 1 check proofread
expect_exit 0
h comm done 1 check
expect_exit 0
h comm reopen 1 check
expect_exit 0
h comm reopen 1 check
expect_exit 3
expect_err 'not done'
h comm done 1 check
expect_exit 0
h comm done 1
expect_exit 2

# submit, then, approved by an approver, publish.
h comm submit 3
expect_exit 3
expect_err 'step facts'
h comm submit 1
expect_exit 0
expect_out '^1: in-review, revision 1$'
h comm show 1
expect_out '^  approve +gate +waiting for approval +Approval$'
h comm submit 1
expect_exit 3
expect_err 'in-review'
h comm publish 1
expect_exit 3
expect_err 'approved'
check "approved by an approver" approve_by_hand "$db" 1
h comm publish 1
expect_exit 0
expect_out '^1: published, revision 1$'
h comm set 1 summary "Late"
expect_exit 3
expect_err 'published'

# update: revision 2, a draft again, the reason kept.
h comm update 1
expect_exit 2
expect_err 'needs --reason'
h comm update 2 --reason new-facts
expect_exit 3
expect_err 'draft'
# The reason is a kind of update, with a note; others are refused with
# the list.
h comm update 1 --reason "A fix is available"
expect_exit 3
expect_err 'reason: "A fix is available" is not a kind of update; say new-facts, fix-available, resolved or correction'
h comm update 1 --reason fixed --note "4.2.1 is out"
expect_exit 3
expect_err 'new-facts, fix-available, resolved or correction'
h comm update 1 --reason "fix-available: x" --note "4.2.1 is out"
expect_exit 2
expect_err 'note goes with --reason KIND'
h comm update 1 --reason fix-available --note "4.2.1 is out"
expect_exit 0
expect_out '^1: draft, revision 2$'
h comm revisions 1
expect_exit 0
expect_out '^REV +STARTED +PUBLISHED +REASON$'
expect_out '^1 +2026-03-01 12:00 +2026-03-01 12:00 +-$'
expect_out '^2 +2026-03-01 12:00 +- +fix-available: 4.2.1 is out$'
h comm revisions 1 --json
expect_exit 0
[ "$(json_get 'len(d), d[1]["reason"], "Tokens leak" in d[0]["snapshot"]')" = \
    "(2, 'fix-available: 4.2.1 is out', True)" ] &&
    pass "revisions --json: both, with reason and snapshot" ||
    fail "revisions --json: both, with reason and snapshot"
h comm show 1
expect_out '^  facts +form +current'
h comm revisions 99
expect_exit 4

# withdraw: published only, with a reason.
h comm withdraw 1 --reason "Wrong list"
expect_exit 3
expect_err 'published'
h comm set 1 summary "Fixed in 4.2.1"
expect_exit 0
h comm done 1 facts
expect_exit 0
h comm done 1 check
expect_exit 0
h comm submit 1
expect_exit 0
check "approved by an approver" approve_by_hand "$db" 1
h comm publish 1
expect_exit 0
h comm withdraw 1 --reason "Sent to the wrong list"
expect_exit 0
expect_out '^1: withdrawn, revision 2$'

# preview: what the reader gets, rendered from the templates in the
# database; a newer version of the templates of this test's own, so the
# checks read answers, not layout.
mkdir -p "$TEST_DIR/tpl"
cat >"$TEST_DIR/tpl/advisory.md" <<'EOF'
{{{title}}}
Incident: {{{ref}}}
{{#fields}}
{{{label}}}:{{^is_multiline}} {{{text}}}{{/is_multiline}}{{#is_multiline}}
{{{text}}}{{/is_multiline}}
{{/fields}}
{{#has_revisions}}
Revision history
{{#revisions}}
  {{revision}}  {{{date}}}  {{{reason_label}}}
{{/revisions}}
{{/has_revisions}}
EOF
cp "$TEST_DIR/tpl/advisory.md" "$TEST_DIR/tpl/customer-notice.md"
h template import "$TEST_DIR/tpl"
expect_exit 0
h comm preview 1
expect_exit 0
expect_out '^Incident: SEC-2026-001$'
expect_out '^Summary: Fixed in 4.2.1$'
expect_out '^Impact: high$'
expect_out '^Line two$'
# Every output keeps the revision history.
expect_out '^Revision history$'
expect_out '^  1  2026-03-01  First version$'
expect_out '^  2  2026-03-01  Fix available: 4.2.1 is out$'
# Which output, and which template version, on stderr: the output itself
# stays as the reader gets it.
expect_err '^#1 SEC-2026-001, output web \(markdown\): Web page, template advisory\.md v[0-9]+ \(sha256 [0-9a-f]{8}\)$'
expect_no_out 'template advisory'
h comm preview 2 web
expect_exit 0
expect_err 'output web \(markdown\): Web page'
h comm preview 2 --output web
expect_exit 0
expect_out '^Incident: SEC-2026-001$'
h comm preview 2 feed
expect_exit 4
expect_err 'output feed: .*its outputs: web$'
h comm preview 2 --output feed
expect_exit 4
h comm preview 2 web --output web
expect_exit 2 "preview: OUTPUT and --output"
h comm preview 2 --json
expect_exit 2 "preview: --json without --list"
h comm preview 2 --list
expect_exit 0
expect_out '^web +markdown +Web page$'
h comm preview 2 --list --json
expect_exit 0
expect_json
[ "$(json_get '[(o["id"], o["format"], o["title"]) for o in d]')" = \
    '[["web", "markdown", "Web page"]]' ] &&
    pass "preview --list --json: id, format, title" ||
    fail "preview --list --json: id, format, title"
# Stored text cannot drive the terminal: its line breaks stay, control
# characters do not.
python3 -c "import sqlite3; c = sqlite3.connect('$db'); \
c.execute(\"UPDATE answers SET value = value || char(27) || ']0;x' || char(7) WHERE communication_id = 1 AND field = 'details'\"); c.commit()"
h comm preview 1
expect_exit 0
expect_out '^Line two\]0;x$'
expect_no_out "$(printf '\033')"
expect_no_out "$(printf '\007')"
# Nor an error message quoting what was typed.
h comm show "$(printf '1\033[2J')"
expect_exit 3
expect_err 'communication id 1\?\[2J: expected'
grep -q "$(printf '\033')" "$ERR" && fail "comm show: the error is clean" ||
    pass "comm show: the error is clean"

# The playbook changes; what was started keeps its version.
sed -i 's/^version: "1"/version: "2"/; s/label: Summary/label: Synopsis/' \
    "$pbdir/test-flow.yaml"
h comm new SEC-2026-001 --playbook test-flow --variant public
expect_exit 0
h comm show 4
expect_out '^Playbook: +test-flow 2, variant public$'
# It started with the answers the incident's others have.
expect_out '^    Fixed in 4.2.1$'
h comm set 4 summary ""
expect_exit 0
h comm done 2 facts
expect_exit 3
expect_err 'Summary: required'
h comm done 4 facts
expect_exit 3
expect_err 'Synopsis: required'

# An end-of-life notice from a release cycle starts with the cycle's
# facts, so the short notice is said at once.
python3 -c "import sqlite3; c = sqlite3.connect('$db'); \
c.execute(\"INSERT INTO products (slug, name, created_at, updated_at) \
VALUES ('ledger-sync', 'Ledger Sync', '2026-01-01T00:00:00Z', \
'2026-01-01T00:00:00Z')\"); \
c.execute(\"INSERT INTO cycles (product_id, cycle, eol, \
extended_support_end, latest_version, post_eol_options, created_at, \
updated_at) SELECT id, '5.4', '2026-09-17', '2027-09-17', '5.4.9', \
'Extended support by contract.', '2026-01-01T00:00:00Z', \
'2026-01-01T00:00:00Z' FROM products WHERE slug = 'ledger-sync'\"); \
c.commit()"
h comm new --cycle "ledger-sync 5.4" --playbook eol-notice
expect_exit 0
eol=$(sed -n 's/^\([0-9][0-9]*\)  *ledger-sync 5.4 .*/\1/p' "$OUT")
[ -n "$eol" ] && pass "an eol-notice from a cycle" ||
    fail "an eol-notice from a cycle"
h comm show "$eol"
expect_exit 0
expect_out "^Warning: +the end of life on 2026-09-17 is 6 months away"
expect_out '^  title \(Title\) v1, '
expect_out '^    End of life: Ledger Sync 5\.4$'
expect_out '^  products \(Product and cycle\) v1, '
expect_out '^    \[\{"product":"ledger-sync","cycle":"5\.4","status":"known_affected"\}\]$'
expect_out '^  eol-date \(End-of-life date\) v1, '
expect_out '^    2026-09-17 00:00 UTC$'
expect_out '^    2027-09-17 00:00 UTC$'
expect_out '^    5\.4\.9$'
expect_out '^    Extended support by contract\.$'
h comm done "$eol" product
expect_exit 0
expect_err "^herald: warning: End-of-life date: the end of life on 2026-09-17 is 6 months away: customers should have 12 months' notice$"
h comm show "$eol"
expect_out '^  product +form +done '
# A notice about an incident has no cycle to start from.
h comm new SEC-2026-001 --playbook eol-notice
expect_exit 3
expect_err 'release cycle'

# Every action is in the audit chain.
h audit log --limit 1000 --json
expect_exit 0
for a in playbook.store communication.create answer.set step.done \
    step.reopen communication.state revision.publish communication.update \
    communication.withdraw; do
	grep -q "\"$a\"" "$OUT" && pass "audit has $a" || fail "audit has $a"
done
h audit verify
expect_exit 0

h comm
expect_exit 2
h comm --help
expect_exit 0
expect_out 'herald comm new'
finish
