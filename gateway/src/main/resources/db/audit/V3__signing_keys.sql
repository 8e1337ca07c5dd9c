-- Version 3: every key that has signed checkpoints of this log, with its public key, so that checkpoints signed
-- before a key change still verify after the key files are gone (docs/audit-auth-schema.md, decision D48). A key
-- is written here when it first signs; a key that appears without being announced in the chain is an alarm.

CREATE TABLE signing_key (
  key_id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  public_key TEXT NOT NULL,
  first_used_ms BIGINT NOT NULL);
