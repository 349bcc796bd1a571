/* storage/migrations.c - the schema, as numbered steps; never edit a shipped step. */
#include "config.h"

#include "storage/migrate.h"

#include <stddef.h>

/*
 * Step N brings a database from user_version N-1 to N. All times are UTC
 * RFC 3339 text ("2026-11-24T07:37:53Z"). People and subscribers appear in
 * the audit chain by ID only, so their rows can be erased (name, address
 * set to NULL) without breaking the chain.
 */
static const char *const steps[] = {
	/* 1: settings, people, the audit chain. */
	"CREATE TABLE settings ("
	"  key   TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE users ("
	"  id         INTEGER PRIMARY KEY,"
	"  login      TEXT NOT NULL UNIQUE,"
	"  name       TEXT,"
	"  email      TEXT,"
	"  created_at TEXT NOT NULL,"
	"  erased_at  TEXT"
	");"
	"CREATE TABLE user_roles ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  role    TEXT NOT NULL CHECK (role IN ('author','approver:legal',"
	"          'approver:pr','approver:security','sro','admin')),"
	"  PRIMARY KEY (user_id, role)"
	") WITHOUT ROWID;"
	/* seq is the chain order; hash = SHA-256(prev_hash, seq, at, actor,
	 * action, subject, detail) in the canonical form of core/audit.c. */
	"CREATE TABLE audit ("
	"  seq       INTEGER PRIMARY KEY,"
	"  at        TEXT NOT NULL,"
	"  actor     TEXT NOT NULL,"
	"  action    TEXT NOT NULL,"
	"  subject   TEXT NOT NULL,"
	"  detail    TEXT NOT NULL DEFAULT '{}',"
	"  prev_hash TEXT NOT NULL,"
	"  hash      TEXT NOT NULL"
	");"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",

	/* 2: products, their release cycles, customers and what they run. */
	"CREATE TABLE products ("
	"  id          INTEGER PRIMARY KEY,"
	"  slug        TEXT NOT NULL UNIQUE,"
	"  name        TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  owner_id    INTEGER REFERENCES users(id),"
	"  created_at  TEXT NOT NULL,"
	"  updated_at  TEXT NOT NULL"
	");"
	"CREATE TABLE cycles ("
	"  id                   INTEGER PRIMARY KEY,"
	"  product_id           INTEGER NOT NULL REFERENCES products(id),"
	"  cycle                TEXT NOT NULL,"
	"  release_date         TEXT,"
	"  active_support_end   TEXT,"
	"  security_support_end TEXT,"
	"  eol                  TEXT,"
	"  extended_support_end TEXT,"
	"  is_lts               INTEGER NOT NULL DEFAULT 0 CHECK (is_lts IN (0,1)),"
	"  latest_version       TEXT,"
	"  post_eol_options     TEXT NOT NULL DEFAULT '',"
	"  owner_id             INTEGER REFERENCES users(id),"
	"  eol_notice_sent_at   TEXT,"
	"  created_at           TEXT NOT NULL,"
	"  updated_at           TEXT NOT NULL,"
	"  UNIQUE (product_id, cycle)"
	");"
	"CREATE INDEX cycles_eol ON cycles(eol);"
	"CREATE TABLE customers ("
	"  id                INTEGER PRIMARY KEY,"
	"  name              TEXT,"
	"  contact_email     TEXT,"
	"  contract_ref      TEXT NOT NULL DEFAULT '',"
	"  notify_sla_hours  INTEGER CHECK (notify_sla_hours > 0),"
	"  created_at        TEXT NOT NULL,"
	"  erased_at         TEXT"
	");"
	"CREATE TABLE deployments ("
	"  id          INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
	"  product_id  INTEGER NOT NULL REFERENCES products(id),"
	"  cycle_id    INTEGER REFERENCES cycles(id),"
	"  version     TEXT NOT NULL DEFAULT '',"
	"  created_at  TEXT NOT NULL"
	");"
	"CREATE INDEX deployments_cycle ON deployments(cycle_id);",

	/* 3: incidents and what is said about them. */
	"CREATE TABLE id_counters ("
	"  prefix TEXT NOT NULL,"
	"  year   INTEGER NOT NULL,"
	"  last   INTEGER NOT NULL,"
	"  PRIMARY KEY (prefix, year)"
	") WITHOUT ROWID;"
	"CREATE TABLE incidents ("
	"  id            INTEGER PRIMARY KEY,"
	"  ref           TEXT NOT NULL UNIQUE,"
	"  title         TEXT NOT NULL,"
	"  summary       TEXT NOT NULL DEFAULT '',"
	"  trigger_kind  TEXT NOT NULL CHECK (trigger_kind IN ('vulnerability',"
	"                'data-breach','credential-leak','misconfiguration','compromise')),"
	"  severity      TEXT NOT NULL CHECK (severity IN ('none','low','medium','high','critical')),"
	"  cvss_vector   TEXT,"
	"  cvss_score    REAL,"
	"  state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open',"
	"                'contained','resolved','closed')),"
	"  discovered_at TEXT,"
	"  aware_at      TEXT NOT NULL,"
	"  embargo_until TEXT,"
	"  is_drill      INTEGER NOT NULL DEFAULT 0 CHECK (is_drill IN (0,1)),"
	"  created_by    INTEGER REFERENCES users(id),"
	"  created_at    TEXT NOT NULL,"
	"  updated_at    TEXT NOT NULL,"
	"  version       INTEGER NOT NULL DEFAULT 1"
	");"
	"CREATE INDEX incidents_updated ON incidents(updated_at, id);"
	/* Who may see an incident while it is embargoed. */
	"CREATE TABLE incident_access ("
	"  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
	"  user_id     INTEGER NOT NULL REFERENCES users(id),"
	"  PRIMARY KEY (incident_id, user_id)"
	") WITHOUT ROWID;"
	/* A communication is about an incident, or (an end-of-life notice)
	 * about a release cycle. */
	"CREATE TABLE communications ("
	"  id               INTEGER PRIMARY KEY,"
	"  incident_id      INTEGER REFERENCES incidents(id),"
	"  cycle_id         INTEGER REFERENCES cycles(id),"
	"  kind             TEXT NOT NULL CHECK (kind IN ('advisory','advisory-update',"
	"                   'customer-notice','regulator-notification','support-briefing',"
	"                   'pir-internal','pir-external','eol-notice')),"
	"  audience         TEXT NOT NULL CHECK (audience IN ('public','customers',"
	"                   'regulator','internal')),"
	"  title            TEXT NOT NULL,"
	"  playbook         TEXT NOT NULL,"
	"  playbook_version TEXT NOT NULL,"
	"  playbook_hash    TEXT NOT NULL,"
	"  state            TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',"
	"                   'in-review','approved','published','withdrawn')),"
	"  revision         INTEGER NOT NULL DEFAULT 1,"
	"  created_by       INTEGER REFERENCES users(id),"
	"  created_at       TEXT NOT NULL,"
	"  updated_at       TEXT NOT NULL,"
	"  published_at     TEXT,"
	"  version          INTEGER NOT NULL DEFAULT 1,"
	"  CHECK (incident_id IS NOT NULL OR cycle_id IS NOT NULL)"
	");"
	"CREATE INDEX communications_incident ON communications(incident_id, id);"
	"CREATE INDEX communications_state ON communications(state, id);"
	/* One row per field, so two editors conflict only on the same field. */
	"CREATE TABLE answers ("
	"  id               INTEGER PRIMARY KEY,"
	"  communication_id INTEGER NOT NULL REFERENCES communications(id) ON DELETE CASCADE,"
	"  field            TEXT NOT NULL,"
	"  value            TEXT NOT NULL,"
	"  version          INTEGER NOT NULL DEFAULT 1,"
	"  edited_by        INTEGER REFERENCES users(id),"
	"  edited_at        TEXT NOT NULL,"
	"  UNIQUE (communication_id, field)"
	");"
	"CREATE TABLE affected ("
	"  id            INTEGER PRIMARY KEY,"
	"  incident_id   INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
	"  product_id    INTEGER NOT NULL REFERENCES products(id),"
	"  cycle_id      INTEGER REFERENCES cycles(id),"
	"  version_range TEXT NOT NULL DEFAULT '',"
	"  status        TEXT NOT NULL CHECK (status IN ('known_affected','fixed',"
	"                'known_not_affected','under_investigation')),"
	"  justification TEXT,"
	"  ecosystem     TEXT,"
	"  package       TEXT,"
	"  CHECK (status <> 'known_not_affected' OR justification IS NOT NULL)"
	");"
	"CREATE INDEX affected_incident ON affected(incident_id);"
	"CREATE TABLE approvals ("
	"  id               INTEGER PRIMARY KEY,"
	"  communication_id INTEGER NOT NULL REFERENCES communications(id),"
	"  revision         INTEGER NOT NULL,"
	"  gate             TEXT NOT NULL,"
	"  approver_id      INTEGER NOT NULL REFERENCES users(id),"
	"  role             TEXT NOT NULL,"
	"  decision         TEXT NOT NULL CHECK (decision IN ('approved','rejected')),"
	"  comment          TEXT NOT NULL DEFAULT '',"
	"  content_hash     TEXT NOT NULL,"
	"  snapshot         TEXT NOT NULL,"
	"  decided_at       TEXT NOT NULL"
	");"
	"CREATE INDEX approvals_comm ON approvals(communication_id, revision);"
	"CREATE TABLE templates ("
	"  id          INTEGER PRIMARY KEY,"
	"  name        TEXT NOT NULL,"
	"  version     INTEGER NOT NULL,"
	"  hash        TEXT NOT NULL,"
	"  body        TEXT NOT NULL,"
	"  source      TEXT NOT NULL DEFAULT '',"
	"  imported_at TEXT NOT NULL,"
	"  UNIQUE (name, version)"
	");",

	/* 4: audiences, channels and the outbox. */
	"CREATE TABLE subscribers ("
	"  id              INTEGER PRIMARY KEY,"
	"  address         TEXT UNIQUE,"
	"  token           TEXT NOT NULL UNIQUE,"
	"  created_at      TEXT NOT NULL,"
	"  confirmed_at    TEXT,"
	"  unsubscribed_at TEXT,"
	"  erased_at       TEXT"
	");"
	/* A list is a product slug or '*' crossed with a kind of news. */
	"CREATE TABLE subscriptions ("
	"  subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,"
	"  list          TEXT NOT NULL,"
	"  PRIMARY KEY (subscriber_id, list)"
	") WITHOUT ROWID;"
	/* Credentials never live here: settings name a file or a variable. */
	"CREATE TABLE channels ("
	"  id         INTEGER PRIMARY KEY,"
	"  name       TEXT NOT NULL UNIQUE,"
	"  kind       TEXT NOT NULL CHECK (kind IN ('email','webhook','github',"
	"             'jira','servicenow','directory')),"
	"  settings   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),"
	"  is_enabled INTEGER NOT NULL DEFAULT 1 CHECK (is_enabled IN (0,1)),"
	"  created_at TEXT NOT NULL"
	");"
	"CREATE TABLE outbox ("
	"  id               INTEGER PRIMARY KEY,"
	"  communication_id INTEGER REFERENCES communications(id),"
	"  channel_id       INTEGER NOT NULL REFERENCES channels(id),"
	"  target           TEXT NOT NULL,"
	"  payload          TEXT NOT NULL,"
	"  idempotency_key  TEXT NOT NULL UNIQUE,"
	"  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending',"
	"                   'leased','delivered','failed','cancelled')),"
	"  not_before       TEXT,"
	"  lease_owner      TEXT,"
	"  lease_until      TEXT,"
	"  attempts         INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at  TEXT,"
	"  last_error       TEXT,"
	"  delivered_at     TEXT,"
	"  external_ref     TEXT,"
	"  created_at       TEXT NOT NULL"
	");"
	"CREATE INDEX outbox_due ON outbox(state, next_attempt_at, id);"
	/* Deliveries made outside herald: a regulator's web form, a call. */
	"CREATE TABLE manual_deliveries ("
	"  id               INTEGER PRIMARY KEY,"
	"  communication_id INTEGER NOT NULL REFERENCES communications(id),"
	"  means            TEXT NOT NULL,"
	"  target           TEXT NOT NULL,"
	"  delivered_at     TEXT NOT NULL,"
	"  reference        TEXT NOT NULL DEFAULT '',"
	"  evidence         TEXT NOT NULL DEFAULT '',"
	"  recorded_by      INTEGER REFERENCES users(id),"
	"  recorded_at      TEXT NOT NULL"
	");",

	/* 5: drills of the breach procedure and researchers' reports. */
	"CREATE TABLE drills ("
	"  id          INTEGER PRIMARY KEY,"
	"  playbook    TEXT NOT NULL,"
	"  incident_id INTEGER REFERENCES incidents(id),"
	"  started_at  TEXT NOT NULL,"
	"  finished_at TEXT,"
	"  findings    TEXT NOT NULL DEFAULT '',"
	"  run_by      INTEGER REFERENCES users(id)"
	");"
	"CREATE TABLE reports ("
	"  id              INTEGER PRIMARY KEY,"
	"  received_at     TEXT NOT NULL,"
	"  reporter        TEXT,"
	"  summary         TEXT NOT NULL,"
	"  acknowledged_at TEXT,"
	"  triaged_at      TEXT,"
	"  fixed_at        TEXT,"
	"  incident_id     INTEGER REFERENCES incidents(id)"
	");",

	/*
	 * 6: what the console's lists need to read only the rows on screen.
	 *
	 * Lists page by keyset ("the rows after this one"), so each order a
	 * list offers needs an index holding exactly that order, behind each
	 * filter that can lead it: storage/q_incident.c picks one of them by
	 * the filter and sort (by name, with INDEXED BY: renaming one breaks
	 * its queries at prepare), and tests/unit/test_query_plans.c checks
	 * that no list sorts or scans a growing table. A keyset compares row
	 * values such as (severity_rank, updated_at, id) < (?, ?, ?); SQLite
	 * seeks with such a comparison only over plain columns, not
	 * expressions, hence severity_rank is a (virtual, unstored)
	 * generated column.
	 * storage/q_incident.c's sev_rank() must give the same numbers.
	 *
	 * Drills are few, so partial indexes of drills alone lead the
	 * "drills only" lists at almost no cost to other writes.
	 *
	 * incidents_fts indexes titles and summaries for search; its text
	 * stays in incidents (external content), the triggers keep it in
	 * step, and unicode61 with remove_diacritics 2 lets "resume" find
	 * "résumé". An update reindexes only when the text changes.
	 */
	"ALTER TABLE incidents ADD COLUMN severity_rank INTEGER"
	"  GENERATED ALWAYS AS (CASE severity WHEN 'critical' THEN 4"
	"  WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1"
	"  ELSE 0 END) VIRTUAL;"
	"CREATE INDEX incidents_rank ON incidents(severity_rank, updated_at,"
	"  id);"
	"CREATE INDEX incidents_state_updated ON incidents(state, updated_at,"
	"  id);"
	"CREATE INDEX incidents_state_rank ON incidents(state, severity_rank,"
	"  updated_at, id);"
	"CREATE INDEX incidents_state_id ON incidents(state, id);"
	"CREATE INDEX incidents_trigger_updated ON incidents(trigger_kind,"
	"  updated_at, id);"
	"CREATE INDEX incidents_trigger_rank ON incidents(trigger_kind,"
	"  severity_rank, updated_at, id);"
	"CREATE INDEX incidents_trigger_id ON incidents(trigger_kind, id);"
	/* Within one severity the rank is constant: (severity, updated_at)
	 * serves both the newest-first and the severity order. */
	"CREATE INDEX incidents_severity_updated ON incidents(severity,"
	"  updated_at, id);"
	"CREATE INDEX incidents_severity_id ON incidents(severity, id);"
	"CREATE INDEX incidents_drill_updated ON incidents(updated_at, id)"
	"  WHERE is_drill = 1;"
	"CREATE INDEX incidents_drill_rank ON incidents(severity_rank,"
	"  updated_at, id) WHERE is_drill = 1;"
	"CREATE INDEX incidents_drill_id ON incidents(id) WHERE is_drill = 1;"
	"CREATE VIRTUAL TABLE incidents_fts USING fts5(title, summary,"
	"  content='incidents', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN"
	"  INSERT INTO incidents_fts (rowid, title, summary)"
	"  VALUES (new.id, new.title, new.summary);"
	" END;"
	"CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN"
	"  INSERT INTO incidents_fts (incidents_fts, rowid, title, summary)"
	"  VALUES ('delete', old.id, old.title, old.summary);"
	" END;"
	"CREATE TRIGGER incidents_fts_update AFTER UPDATE ON incidents"
	"  WHEN old.id IS NOT new.id OR old.title IS NOT new.title"
	"  OR old.summary IS NOT new.summary BEGIN"
	"  INSERT INTO incidents_fts (incidents_fts, rowid, title, summary)"
	"  VALUES ('delete', old.id, old.title, old.summary);"
	"  INSERT INTO incidents_fts (rowid, title, summary)"
	"  VALUES (new.id, new.title, new.summary);"
	" END;"
	"INSERT INTO incidents_fts (incidents_fts) VALUES ('rebuild');"
	"CREATE INDEX communications_state_updated ON communications(state,"
	"  updated_at, id);"
	"CREATE INDEX communications_updated ON communications(updated_at, id);"
	"CREATE INDEX audit_actor ON audit(actor, seq);"
	"CREATE INDEX audit_subject ON audit(subject, seq);",

	/* 7: an incident's deliveries, per communication, for its screen.
	 * (communication_id, state, id) serves both the list (backwards:
	 * pending and failed first, newest first) and the counts by state
	 * (covering), without a sort. */
	"CREATE INDEX outbox_communication ON outbox(communication_id, state, id);"
	"CREATE INDEX manual_deliveries_communication ON manual_deliveries("
	"  communication_id, id);",

	/* 8: a communication's approvals in id order, for its screen, without
	 * a sort (approvals_comm holds them by revision first). */
	"CREATE INDEX approvals_communication ON approvals(communication_id,"
	"  id);",

	/*
	 * 9: playbooks, step by step.
	 *
	 * The playbook a communication started with is kept whole, by hash,
	 * so the file may change without changing what the communication
	 * asks. communications is rebuilt (the documented twelve steps, with
	 * foreign keys off for the migration, see db.c) to take more kinds
	 * and the playbook variant: one playbook can make several
	 * communications (a breach's regulator notification and customer
	 * notice). A revision is one round of publication: the original is
	 * 1, each update after publication the next; its snapshot keeps what
	 * was published.
	 */
	"CREATE TABLE playbooks ("
	"  id          INTEGER PRIMARY KEY,"
	"  name        TEXT NOT NULL,"
	"  version     TEXT NOT NULL,"
	"  hash        TEXT NOT NULL UNIQUE,"
	"  body        TEXT NOT NULL,"
	"  source      TEXT NOT NULL DEFAULT '',"
	"  imported_at TEXT NOT NULL"
	");"
	"CREATE INDEX playbooks_name ON playbooks(name, id);"
	"CREATE TABLE communications_new ("
	"  id               INTEGER PRIMARY KEY,"
	"  incident_id      INTEGER REFERENCES incidents(id),"
	"  cycle_id         INTEGER REFERENCES cycles(id),"
	"  kind             TEXT NOT NULL CHECK (kind IN ('advisory','advisory-update',"
	"                   'customer-notice','regulator-notification','support-briefing',"
	"                   'pir-internal','pir-external','eol-notice',"
	"                   'vulnerability-report')),"
	"  audience         TEXT NOT NULL CHECK (audience IN ('public','customers',"
	"                   'regulator','internal')),"
	"  title            TEXT NOT NULL,"
	"  playbook         TEXT NOT NULL,"
	"  playbook_version TEXT NOT NULL,"
	"  playbook_hash    TEXT NOT NULL,"
	"  variant          TEXT NOT NULL DEFAULT '',"
	"  state            TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',"
	"                   'in-review','approved','published','withdrawn')),"
	"  revision         INTEGER NOT NULL DEFAULT 1,"
	"  created_by       INTEGER REFERENCES users(id),"
	"  created_at       TEXT NOT NULL,"
	"  updated_at       TEXT NOT NULL,"
	"  published_at     TEXT,"
	"  version          INTEGER NOT NULL DEFAULT 1,"
	"  CHECK (incident_id IS NOT NULL OR cycle_id IS NOT NULL)"
	");"
	"INSERT INTO communications_new (id, incident_id, cycle_id, kind,"
	"  audience, title, playbook, playbook_version, playbook_hash, state,"
	"  revision, created_by, created_at, updated_at, published_at, version)"
	"  SELECT id, incident_id, cycle_id, kind, audience, title, playbook,"
	"  playbook_version, playbook_hash, state, revision, created_by,"
	"  created_at, updated_at, published_at, version FROM communications;"
	"DROP TABLE communications;"
	"ALTER TABLE communications_new RENAME TO communications;"
	"CREATE INDEX communications_incident ON communications(incident_id, id);"
	"CREATE INDEX communications_state ON communications(state, id);"
	"CREATE INDEX communications_state_updated ON communications(state,"
	"  updated_at, id);"
	"CREATE INDEX communications_updated ON communications(updated_at, id);"
	"CREATE TABLE revisions ("
	"  communication_id INTEGER NOT NULL REFERENCES communications(id) ON DELETE CASCADE,"
	"  revision         INTEGER NOT NULL,"
	"  reason           TEXT NOT NULL DEFAULT '',"
	"  started_by       INTEGER REFERENCES users(id),"
	"  started_at       TEXT NOT NULL,"
	"  published_at     TEXT,"
	"  snapshot         TEXT,"
	"  PRIMARY KEY (communication_id, revision)"
	") WITHOUT ROWID;"
	"INSERT INTO revisions (communication_id, revision, started_by,"
	"  started_at, published_at)"
	"  SELECT id, revision, created_by, created_at, published_at"
	"  FROM communications;"
	/* A step marked done, for the revision it was done in. */
	"CREATE TABLE step_marks ("
	"  communication_id INTEGER NOT NULL REFERENCES communications(id) ON DELETE CASCADE,"
	"  step             TEXT NOT NULL,"
	"  revision         INTEGER NOT NULL,"
	"  done_by          INTEGER REFERENCES users(id),"
	"  done_at          TEXT NOT NULL,"
	"  PRIMARY KEY (communication_id, step)"
	") WITHOUT ROWID;"
	/* When a fix became available: a clock can run from it. */
	"ALTER TABLE incidents ADD COLUMN fix_available_at TEXT;",

	/* 10: a release cycle's communications (its end-of-life notices) in
	 * id order, for the products screen, without reading the others.
	 * Partial: most communications are about an incident, not a cycle. */
	"CREATE INDEX communications_cycle ON communications(cycle_id, id)"
	"  WHERE cycle_id IS NOT NULL;",

	/* 11: a withdrawal is part of the published record: when and why,
	 * on the revision that was withdrawn, for pages, feeds and the
	 * changelog. */
	"ALTER TABLE revisions ADD COLUMN withdrawn_at TEXT;"
	"ALTER TABLE revisions ADD COLUMN withdrawn_reason TEXT;",

	/* 12: approvals bound to the content. An approval names the version
	 * of the canonical form its content hash was taken over, and may
	 * carry its approver's OpenPGP signature of that hash. Whoever
	 * edited a communication's content in a revision cannot approve that
	 * revision: approval_editors remembers them all, not only the last
	 * editor of each field. Legal and PR may approve a template or
	 * playbook version in advance (preapprovals). An approver's signing
	 * key is named by its fingerprint; the key stays in GnuPG. */
	"ALTER TABLE approvals ADD COLUMN canon_version INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE approvals ADD COLUMN signer TEXT;"
	"ALTER TABLE approvals ADD COLUMN signature TEXT;"
	"CREATE TABLE approval_editors ("
	"  communication_id INTEGER NOT NULL REFERENCES communications(id) ON DELETE CASCADE,"
	"  revision         INTEGER NOT NULL,"
	"  user_id          INTEGER NOT NULL REFERENCES users(id),"
	"  PRIMARY KEY (communication_id, revision, user_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE preapprovals ("
	"  id          INTEGER PRIMARY KEY,"
	"  kind        TEXT NOT NULL CHECK (kind IN ('template','playbook')),"
	"  name        TEXT NOT NULL,"
	"  version     TEXT NOT NULL,"
	"  hash        TEXT NOT NULL,"
	"  role        TEXT NOT NULL,"
	"  approver_id INTEGER NOT NULL REFERENCES users(id),"
	"  comment     TEXT NOT NULL DEFAULT '',"
	"  decided_at  TEXT NOT NULL,"
	"  revoked_at  TEXT,"
	"  revoked_by  INTEGER REFERENCES users(id),"
	"  signer      TEXT,"
	"  signature   TEXT"
	");"
	"CREATE INDEX preapprovals_hash ON preapprovals(kind, hash);"
	"ALTER TABLE users ADD COLUMN signing_key TEXT;",

	/* 13: delivery. An outbox row says which revision of which
	 * communication it carries, through which output, for what purpose
	 * (the first publication, a correction, a withdrawal, a ticket, an
	 * alert), and to which subscriber or customer, so that an
	 * unsubscribe is honoured at send time and an address's history can
	 * be read. Customers have contacts, and their subscriber addresses
	 * point at them. What herald check did once (an alert, a ticket)
	 * is remembered in check_actions. */
	"ALTER TABLE outbox ADD COLUMN revision INTEGER;"
	"ALTER TABLE outbox ADD COLUMN output TEXT;"
	"ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT 'publish'"
	"  CHECK (purpose IN ('publish','correction','withdrawal','ticket',"
	"  'alert','confirmation'));"
	"ALTER TABLE outbox ADD COLUMN subscriber_id INTEGER REFERENCES subscribers(id);"
	"ALTER TABLE outbox ADD COLUMN customer_id INTEGER REFERENCES customers(id);"
	"ALTER TABLE outbox ADD COLUMN updated_at TEXT;"
	"CREATE INDEX outbox_revision ON outbox(communication_id, revision, state);"
	"CREATE INDEX outbox_subscriber ON outbox(subscriber_id, id);"
	"CREATE INDEX outbox_customer ON outbox(customer_id, id);"
	"ALTER TABLE subscribers ADD COLUMN customer_id INTEGER REFERENCES customers(id);"
	"CREATE INDEX subscribers_customer ON subscribers(customer_id);"
	"CREATE TABLE customer_contacts ("
	"  id          INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
	"  name        TEXT NOT NULL DEFAULT '',"
	"  email       TEXT,"
	"  role        TEXT NOT NULL DEFAULT '',"
	"  created_at  TEXT NOT NULL"
	");"
	"CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id, id);"
	"CREATE TABLE check_actions ("
	"  kind    TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  done_at TEXT NOT NULL,"
	"  detail  TEXT NOT NULL DEFAULT '{}',"
	"  PRIMARY KEY (kind, subject)"
	") WITHOUT ROWID;",

	/* 14: who is on a list, read at every publication without reading
	 * every subscription. */
	"CREATE INDEX subscriptions_list ON subscriptions(list, subscriber_id);",

	/* 15: the SRO's evidence. A drill names where its messages may go
	 * (a subscriber list, a channel) and keeps its clocks' results. An
	 * evaluation is the SRO's signed walk through the compliance
	 * questions, tied to the audit chain's head when signed. The trust
	 * page's content, the register of personal-data breaches (GDPR art.
	 * 33(5)), named owners of policies and playbooks, and every export
	 * of a page an assessor asks about (when, which file, its hash). */
	"ALTER TABLE drills ADD COLUMN test_list TEXT;"
	"ALTER TABLE drills ADD COLUMN test_channel_id INTEGER REFERENCES channels(id);"
	"ALTER TABLE drills ADD COLUMN results TEXT NOT NULL DEFAULT '[]'"
	"  CHECK (json_valid(results));"
	"CREATE INDEX drills_started ON drills(started_at, id);"
	"CREATE INDEX drills_incident ON drills(incident_id);"
	"CREATE TABLE evaluations ("
	"  id           INTEGER PRIMARY KEY,"
	"  started_by   INTEGER NOT NULL REFERENCES users(id),"
	"  started_at   TEXT NOT NULL,"
	"  signed_by    INTEGER REFERENCES users(id),"
	"  signed_at    TEXT,"
	"  summary      TEXT NOT NULL DEFAULT '',"
	"  audit_seq    INTEGER,"
	"  audit_head   TEXT,"
	"  next_due     TEXT"
	");"
	"CREATE UNIQUE INDEX evaluations_open ON evaluations(signed_at IS NULL)"
	"  WHERE signed_at IS NULL;"
	"CREATE TABLE evaluation_items ("
	"  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),"
	"  question      TEXT NOT NULL,"
	"  status        TEXT CHECK (status IN ('met','at-risk','not-met',"
	"                'no-data')),"
	"  figure        TEXT NOT NULL DEFAULT '',"
	"  comment       TEXT NOT NULL DEFAULT '',"
	"  commented_at  TEXT,"
	"  PRIMARY KEY (evaluation_id, question)"
	") WITHOUT ROWID;"
	"CREATE TABLE trust_entries ("
	"  id          INTEGER PRIMARY KEY,"
	"  section     TEXT NOT NULL CHECK (section IN ('certification','control',"
	"              'data-handling','subprocessor','report-request','contact')),"
	"  title       TEXT NOT NULL,"
	"  body        TEXT NOT NULL DEFAULT '',"
	"  extra       TEXT NOT NULL DEFAULT '',"
	"  valid_until TEXT,"
	"  position    INTEGER NOT NULL DEFAULT 0,"
	"  updated_by  INTEGER REFERENCES users(id),"
	"  updated_at  TEXT NOT NULL"
	");"
	"CREATE INDEX trust_entries_section ON trust_entries(section, position, id);"
	"CREATE TABLE breaches ("
	"  id                  INTEGER PRIMARY KEY,"
	"  incident_id         INTEGER REFERENCES incidents(id),"
	"  title               TEXT NOT NULL,"
	"  occurred_at         TEXT,"
	"  discovered_at       TEXT,"
	"  aware_at            TEXT NOT NULL,"
	"  facts               TEXT NOT NULL,"
	"  effects             TEXT NOT NULL,"
	"  remedial_action     TEXT NOT NULL,"
	"  data_categories     TEXT NOT NULL DEFAULT '',"
	"  people_count        TEXT NOT NULL DEFAULT '',"
	"  records_count       TEXT NOT NULL DEFAULT '',"
	"  risk                TEXT NOT NULL DEFAULT 'unassessed' CHECK (risk IN"
	"                      ('unassessed','unlikely','risk','high-risk')),"
	"  regulator_notified  TEXT CHECK (regulator_notified IN ('yes','no',"
	"                      'not-required')),"
	"  reason_not_notified TEXT NOT NULL DEFAULT '',"
	"  recorded_by         INTEGER REFERENCES users(id),"
	"  created_at          TEXT NOT NULL,"
	"  updated_at          TEXT NOT NULL,"
	"  version             INTEGER NOT NULL DEFAULT 1"
	");"
	"CREATE INDEX breaches_aware ON breaches(aware_at, id);"
	"CREATE INDEX breaches_incident ON breaches(incident_id);"
	"CREATE TABLE owners ("
	"  kind    TEXT NOT NULL CHECK (kind IN ('policy','playbook')),"
	"  name    TEXT NOT NULL,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  set_by  INTEGER REFERENCES users(id),"
	"  set_at  TEXT NOT NULL,"
	"  PRIMARY KEY (kind, name)"
	") WITHOUT ROWID;"
	"CREATE TABLE publications ("
	"  id           INTEGER PRIMARY KEY,"
	"  kind         TEXT NOT NULL,"
	"  path         TEXT NOT NULL,"
	"  sha256       TEXT NOT NULL,"
	"  published_at TEXT NOT NULL,"
	"  confirmed_at TEXT NOT NULL,"
	"  expires_at   TEXT,"
	"  source_hash  TEXT,"
	"  published_by INTEGER REFERENCES users(id)"
	");"
	"CREATE INDEX publications_kind ON publications(kind, published_at, id);",
};

const char *const *
migrations_steps(int *count)
{
	*count = (int)(sizeof steps / sizeof steps[0]);
	return steps;
}
