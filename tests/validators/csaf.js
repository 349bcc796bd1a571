// tests/validators/csaf.js - check CSAF 2.0 files with the BSI CSAF
// validator library (@secvisogram/csaf-validator-lib): each document
// against the strict CSAF 2.0 JSON schema and every mandatory test of
// section 6.1; a provider-metadata.json against the rules of section
// 7.1.7 (its required keys, URLs and the publisher as the CSAF schema
// defines it). Prints each failure as FILE: TEST: PATH: MESSAGE.
//
//   NODE_PATH="$dir/node_modules" node tests/validators/csaf.js FILE...
//
// Exit status: 0 when every file passes, 1 when one fails, 2 on a usage
// or reading error.
'use strict'

const fs = require('fs')
const path = require('path')
const { pathToFileURL } = require('url')

const LIB = '@secvisogram/csaf-validator-lib/'

function load(name) {
  // require.resolve honours NODE_PATH; import() of the file does not.
  return import(pathToFileURL(require.resolve(LIB + name)).href)
}

const HTTPS = /^https:\/\/[^\s/?#]+(\/[^\s]*)?$/
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

// The provider metadata's rules, as a list of problems.
async function providerProblems(doc, schemaTest) {
  const problems = []
  const add = (where, msg) => problems.push({ test: 'provider-metadata',
    where, msg })
  const known = new Set(['canonical_url', 'distributions', 'last_updated',
    'list_on_CSAF_aggregators', 'metadata_version',
    'mirror_on_CSAF_aggregators', 'public_openpgp_keys', 'publisher',
    'role'])

  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    add('', 'not a JSON object')
    return problems
  }
  for (const k of Object.keys(doc))
    if (!known.has(k))
      add('/' + k, 'unknown key')
  for (const k of ['canonical_url', 'last_updated', 'metadata_version',
    'publisher', 'role', 'list_on_CSAF_aggregators',
    'mirror_on_CSAF_aggregators'])
    if (!(k in doc))
      add('/' + k, 'required')
  if ('canonical_url' in doc && !(typeof doc.canonical_url === 'string' &&
      HTTPS.test(doc.canonical_url) &&
      doc.canonical_url.endsWith('/provider-metadata.json')))
    add('/canonical_url', 'must be the https URL of provider-metadata.json')
  if ('last_updated' in doc && !(typeof doc.last_updated === 'string' &&
      RFC3339.test(doc.last_updated) &&
      !isNaN(Date.parse(doc.last_updated))))
    add('/last_updated', 'must be an RFC 3339 date-time')
  if ('metadata_version' in doc && doc.metadata_version !== '2.0')
    add('/metadata_version', 'must be "2.0"')
  for (const k of ['list_on_CSAF_aggregators', 'mirror_on_CSAF_aggregators'])
    if (k in doc && typeof doc[k] !== 'boolean')
      add('/' + k, 'must be a boolean')
  const roles = ['csaf_publisher', 'csaf_provider', 'csaf_trusted_provider']
  if ('role' in doc && !roles.includes(doc.role))
    add('/role', 'must be one of ' + roles.join(', '))
  if ('distributions' in doc) {
    if (!Array.isArray(doc.distributions) || doc.distributions.length < 1)
      add('/distributions', 'must be a list of at least one')
    else
      doc.distributions.forEach((d, i) => {
        if (typeof d?.directory_url !== 'string' ||
            !HTTPS.test(d.directory_url) || !d.directory_url.endsWith('/'))
          add(`/distributions/${i}/directory_url`,
            'must be an https URL ending in /')
      })
  }
  const keys = doc.public_openpgp_keys
  if (keys !== undefined) {
    if (!Array.isArray(keys))
      add('/public_openpgp_keys', 'must be a list')
    else
      keys.forEach((k, i) => {
        if (typeof k?.url !== 'string' || !HTTPS.test(k.url))
          add(`/public_openpgp_keys/${i}/url`, 'must be an https URL')
        if (k?.fingerprint !== undefined &&
            !/^[0-9a-fA-F]{40,}$/.test(k.fingerprint))
          add(`/public_openpgp_keys/${i}/fingerprint`,
            'must be at least 40 hex digits')
      })
  }
  if (doc.role === 'csaf_trusted_provider' &&
      !(Array.isArray(keys) && keys.length > 0))
    add('/public_openpgp_keys', 'a trusted provider publishes its ' +
      'OpenPGP key (requirement 20)')
  // The publisher is CSAF's document/publisher: check it in a document.
  const probe = {
    document: {
      category: 'csaf_base', csaf_version: '2.0', publisher: doc.publisher,
      title: 'probe', tracking: {
        current_release_date: '2026-01-01T00:00:00Z', id: 'probe',
        initial_release_date: '2026-01-01T00:00:00Z',
        revision_history: [{ date: '2026-01-01T00:00:00Z', number: '1',
          summary: 'probe' }], status: 'final', version: '1',
      },
    },
  }
  const r = await schemaTest(probe)
  for (const e of r.errors ?? [])
    if (e.instancePath.startsWith('/document/publisher'))
      add(e.instancePath.replace('/document', ''), e.message)
  return problems
}

// Every purl in the product tree, branches included (test 6.1.13 reads
// only full_product_names and relationships), parsed by packageurl-js.
function purlProblems(doc) {
  const { PackageURL } = require('packageurl-js')
  const problems = []
  const walk = (v, where) => {
    if (Array.isArray(v))
      v.forEach((x, i) => walk(x, `${where}/${i}`))
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === 'purl' && typeof x === 'string') {
          try {
            PackageURL.fromString(x)
          } catch (e) {
            problems.push({ test: 'purl', where: `${where}/purl`,
              msg: e.message })
          }
        } else {
          walk(x, `${where}/${k}`)
        }
      }
  }
  walk(doc.product_tree, '/product_tree')
  return problems
}

async function main(files) {
  if (files.length === 0) {
    console.error('usage: node csaf.js FILE.json...')
    return 2
  }
  const { csaf_2_0_strict: schemaTest } = await load('schemaTests.js')
  const mandatory = await load('mandatoryTests.js')
  const { default: validate } = await load('validate.js')
  const tests = [schemaTest, ...Object.values(mandatory)]
  let failed = 0

  for (const file of files) {
    let doc
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch (e) {
      console.error(`${file}: cannot read: ${e.message}`)
      return 2
    }
    let problems = []
    if (path.basename(file) === 'provider-metadata.json') {
      problems = await providerProblems(doc, schemaTest)
    } else {
      const result = await validate(tests, doc)
      for (const t of result.tests)
        if (!t.isValid)
          for (const e of t.errors.length > 0 ? t.errors :
            [{ instancePath: '', message: 'failed' }])
            problems.push({ test: t.name, where: e.instancePath,
              msg: e.message })
      if (!result.isValid && problems.length === 0)
        problems.push({ test: 'validate', where: '', msg: 'not valid' })
      problems.push(...purlProblems(doc))
    }
    for (const p of problems)
      console.log(`${file}: ${p.test}: ${p.where || '/'}: ${p.msg}`)
    if (problems.length > 0)
      failed++
  }
  if (failed > 0)
    console.log(`${failed} of ${files.length} files failed`)
  return failed > 0 ? 1 : 0
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
}, (e) => {
  console.error(`csaf.js: ${e.stack || e}`)
  process.exitCode = 2
})
