-- audit.db as AuditStore made it before the numbered migrations (no version), its statements verbatim.
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS audit_entry (seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, actor_id TEXT, actor_name TEXT, actor_role TEXT, action TEXT NOT NULL, object_type TEXT, object_id TEXT, range_from INTEGER, range_to INTEGER, result TEXT NOT NULL, client_address TEXT, user_agent TEXT, purpose TEXT, case_number TEXT, trace_id TEXT, detail TEXT, hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_entry_time ON audit_entry(time_ms);
CREATE INDEX IF NOT EXISTS audit_entry_object ON audit_entry(object_id);
CREATE TABLE IF NOT EXISTS checkpoint (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, time_ms INTEGER NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS processing (id INTEGER PRIMARY KEY, trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_span_id TEXT, name TEXT NOT NULL, status TEXT NOT NULL, start_time INTEGER NOT NULL, end_time INTEGER NOT NULL, resource TEXT NOT NULL, attributes TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS processing_time ON processing(start_time);
CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoint_no_update BEFORE UPDATE ON checkpoint BEGIN SELECT RAISE(ABORT, 'checkpoint is append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoint_no_delete BEFORE DELETE ON checkpoint BEGIN SELECT RAISE(ABORT, 'checkpoint is append-only'); END;
