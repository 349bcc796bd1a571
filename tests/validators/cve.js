#!/usr/bin/env node
// tests/validators/cve.js - check CVE JSON 5 records against the CVE
// Record Format schema (5.1, draft-07) with Ajv 8 and ajv-formats, as
// the CVE Program's own tooling does.
//
//   NODE_PATH="$dir/node_modules" node tests/validators/cve.js \
//       [--schema SCHEMA.json] RECORD.json...
//
// Prints "ok FILE" or "FAIL FILE" with every error (path and message);
// exits 0 when every record is valid, 1 when one is not, 2 on misuse.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

let schemaPath = path.join(__dirname, '..', 'fixtures', 'schemas', 'cve',
    'CVE_Record_Format_bundled.json');
const files = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--schema' && i + 1 < args.length)
		schemaPath = args[++i];
	else
		files.push(args[i]);
}
if (files.length === 0) {
	console.error('usage: cve.js [--schema SCHEMA.json] RECORD.json...');
	process.exit(2);
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

let bad = 0;
for (const f of files) {
	let doc;
	try {
		doc = JSON.parse(fs.readFileSync(f, 'utf8'));
	} catch (e) {
		console.log(`FAIL ${f}: not JSON: ${e.message}`);
		bad++;
		continue;
	}
	if (validate(doc)) {
		console.log(`ok ${f}`);
		continue;
	}
	bad++;
	console.log(`FAIL ${f}`);
	// The schema's oneOf over PUBLISHED and REJECTED reports every
	// branch; the first 40 messages are plenty to see what is wrong.
	for (const e of validate.errors.slice(0, 40))
		console.log(`  ${e.instancePath || '/'}: ${e.message}` +
		    (e.params && Object.keys(e.params).length ?
		    ' ' + JSON.stringify(e.params) : ''));
}
process.exit(bad === 0 ? 0 : 1);
