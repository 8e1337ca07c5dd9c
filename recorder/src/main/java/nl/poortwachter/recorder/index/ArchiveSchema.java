package nl.poortwachter.recorder.index;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Schema version 3: what retention, legal holds, proof of deletion and exports need (docs/index-schema.md).
 * One transaction, the version bump included, so a crash mid-migration leaves version 2 intact to retry.
 */
final class ArchiveSchema {
    static final int VERSION = 3;

    private ArchiveSchema() {
    }

    static void migrate(Connection c) throws SQLException {
        SchemaStep.migrate(c, VERSION, s -> {
            // Set when a purge claims the segment: its file is being deleted; the row goes last.
            s.execute("ALTER TABLE segment ADD COLUMN purge_id INTEGER");
            s.execute("CREATE INDEX segment_claimed ON segment(purge_id) WHERE purge_id IS NOT NULL");
            s.execute("""
                    CREATE TABLE purge (
                      id INTEGER PRIMARY KEY,
                      camera_id TEXT NOT NULL,
                      from_ms INTEGER NOT NULL,
                      to_ms INTEGER NOT NULL,
                      files INTEGER NOT NULL,
                      bytes INTEGER NOT NULL,
                      policy TEXT NOT NULL,
                      detail TEXT NOT NULL,
                      cutoff_ms INTEGER,
                      started_ms INTEGER NOT NULL,
                      finished_ms INTEGER,
                      state TEXT NOT NULL)""");
            s.execute("CREATE INDEX purge_started ON purge(started_ms)");
            s.execute("""
                    CREATE TABLE legal_hold (
                      id INTEGER PRIMARY KEY,
                      camera_id TEXT NOT NULL,
                      from_ms INTEGER NOT NULL,
                      to_ms INTEGER NOT NULL,
                      reason TEXT NOT NULL,
                      requester TEXT NOT NULL,
                      case_number TEXT,
                      created_ms INTEGER NOT NULL,
                      expires_ms INTEGER NOT NULL,
                      released_ms INTEGER,
                      released_by TEXT,
                      release_reason TEXT)""");
            s.execute("CREATE INDEX legal_hold_camera ON legal_hold(camera_id, from_ms)");
            s.execute("""
                    CREATE TABLE camera_retention (
                      camera_id TEXT PRIMARY KEY,
                      retention_days INTEGER NOT NULL,
                      legal_regime TEXT,
                      updated_ms INTEGER NOT NULL)""");
            s.execute("""
                    CREATE TABLE export (
                      id TEXT PRIMARY KEY,
                      camera_id TEXT NOT NULL,
                      from_ms INTEGER NOT NULL,
                      to_ms INTEGER NOT NULL,
                      exporter TEXT NOT NULL,
                      purpose TEXT NOT NULL,
                      case_number TEXT,
                      created_ms INTEGER NOT NULL,
                      expires_ms INTEGER NOT NULL,
                      state TEXT NOT NULL,
                      file TEXT,
                      bytes INTEGER NOT NULL DEFAULT 0,
                      sha256 TEXT,
                      manifest TEXT,
                      error TEXT,
                      finished_ms INTEGER)""");
            s.execute("CREATE INDEX export_created ON export(created_ms)");
        });
    }
}
