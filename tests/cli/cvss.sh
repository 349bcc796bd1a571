#!/bin/sh
# tests/cli/cvss.sh - herald cvss: scores of both versions, JSON with the
# CVSS schema's names, invalid vectors named with exit 3, usage.
. "$top_srcdir/tests/lib.sh"

# Is the JSON value of EXPR equal to WANT?
expect_json_is()
{
	_got=$(json_get "$1")
	[ "$_got" = "$2" ]
	_result $? "$_last: $1 is $2 (got $_got)"
}

v31=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H

run herald cvss "$v31"
expect_exit 0
expect_out "^CVSS v3\\.1  $v31\$"
expect_out '^base           9\.8  Critical$'
expect_no_out '^temporal'
expect_no_out '^environmental'
[ -s "$ERR" ] && fail "herald cvss: nothing on stderr" ||
    pass "herald cvss: nothing on stderr"

# Temporal and environmental scores, metrics put in the spec's order.
run herald cvss "CVSS:3.1/RC:C/RL:O/E:P/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:P"
expect_exit 0
expect_out "^CVSS v3\\.1  $v31/E:P/RL:O/RC:C/MAV:P\$"
expect_out '^base           9\.8  Critical$'
expect_out '^temporal       8\.8  High$'
expect_out '^environmental  6\.1  Medium$'

run herald cvss "$v31/E:P/RL:O/RC:C" --json
expect_exit 0
expect_json
expect_json_is 'd["version"]' 3.1
expect_json_is 'd["vectorString"]' "$v31/E:P/RL:O/RC:C"
expect_json_is 'd["baseScore"]' 9.8
expect_json_is 'd["baseSeverity"]' CRITICAL
expect_json_is 'd["temporalScore"]' 8.8
expect_json_is 'd["temporalSeverity"]' HIGH
expect_json_is 'd["attackVector"]' NETWORK
expect_json_is 'd["exploitCodeMaturity"]' PROOF_OF_CONCEPT
expect_json_is 'd["remediationLevel"]' OFFICIAL_FIX
expect_json_is '"environmentalScore" in d' false

v40=CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N

run herald cvss "$v40"
expect_exit 0
expect_out "^CVSS v4\\.0  $v40\$"
expect_out '^CVSS-B         9\.3  Critical$'

run herald cvss "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U"
expect_exit 0
expect_out '^CVSS-B         7\.3  High$'
expect_out '^CVSS-BT        4\.1  Medium$'

run herald cvss "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/AR:L/U:Red" --json
expect_exit 0
expect_json
expect_json_is 'd["version"]' 4.0
expect_json_is 'd["baseScore"]' 8.7
expect_json_is 'd["baseSeverity"]' HIGH
expect_json_is 'd["environmentalScore"]' 7.9
expect_json_is 'd["environmentalSeverity"]' HIGH
expect_json_is 'd["availabilityRequirement"]' LOW
expect_json_is 'd["providerUrgency"]' RED
expect_json_is 'd["nomenclature"]' CVSS-BE
expect_json_is '"threatScore" in d' false

run herald cvss "$v40/E:A/MSI:S" --json
expect_exit 0
expect_json_is 'd["threatScore"]' 9.3
expect_json_is 'd["modifiedSubIntegrityImpact"]' SAFETY
expect_json_is 'd["nomenclature"]' CVSS-BTE

# Invalid vectors: the metric and the reason on stderr, exit 3.
run herald cvss "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
expect_exit 3
expect_err '^herald: AV: "Q" is not a value of Attack Vector \(N, A, L, P\)$'
[ -s "$OUT" ] && fail "invalid vector: nothing on stdout" ||
    pass "invalid vector: nothing on stdout"

run herald cvss "CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H/A:H" --json
expect_exit 3
expect_err '^herald: missing mandatory metric PR \(Privileges Required\)$'

run herald cvss "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
expect_exit 3
expect_err '^herald: UI:R is a CVSS v3\.1 value; CVSS v4\.0 User Interaction takes N, P or A$'

run herald cvss "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
expect_exit 3
expect_err '^herald: metric AV is out of order: CVSS v4\.0 puts it before AC$'

run herald cvss "CVSS:3.1/AV:N/AC:L/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"
expect_exit 3
expect_err '^herald: metric AC appears twice$'

run herald cvss "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
expect_exit 3
expect_err 'CVSS version "3\.0" is not supported'

run herald cvss "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
expect_exit 3
expect_err 'a CVSS vector starts with "CVSS:3\.1/" or "CVSS:4\.0/"'

# Usage.
run herald cvss
expect_exit 2
expect_err '^herald: cvss needs a vector$'
expect_err '^usage: herald cvss VECTOR'

run herald cvss "$v31" "$v40"
expect_exit 2
expect_err '^herald: cvss takes one vector'

run herald cvss --bogus "$v31"
expect_exit 2
expect_err 'unknown option --bogus'

run herald cvss --help
expect_exit 0
expect_out '^usage: herald cvss VECTOR \[--json\]'
[ -s "$ERR" ] && fail "herald cvss --help: nothing on stderr" ||
    pass "herald cvss --help: nothing on stderr"

finish
