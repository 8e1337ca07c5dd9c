package nl.poortwachter.recorder.index;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Schema version 4: a purge and an expired export copy remember when their audit entry became durable
 * (docs/index-schema.md). A deletion must not wait for the audit log (the storage reserve frees space while it
 * is down), so the entry may come later; this marker is how the gateway finds deletions whose entry is still
 * owed, after an outage or a crash. One transaction, the version bump included.
 */
final class DeletionAuditSchema {
    static final int VERSION = 4;

    private DeletionAuditSchema() {
    }

    static void migrate(Connection c) throws SQLException {
        SchemaStep.migrate(c, VERSION, s -> {
            s.execute("ALTER TABLE purge ADD COLUMN audited_ms INTEGER");
            // Before version 4 every finished purge had its entry queued when it finished, and whether it was
            // written cannot be told from here: counting them audited writes no second entry for each on upgrade.
            s.execute("UPDATE purge SET audited_ms = finished_ms WHERE finished_ms IS NOT NULL");
            s.execute("CREATE INDEX purge_unaudited ON purge(id) WHERE audited_ms IS NULL AND finished_ms IS NOT NULL");
            // When the copy was deleted: the entry says when, also when it is written late.
            s.execute("ALTER TABLE export ADD COLUMN expired_ms INTEGER");
            s.execute("ALTER TABLE export ADD COLUMN expiry_audited_ms INTEGER");
            // As for purges; the time of an earlier expiry is not known, so its due time stands in.
            s.execute("UPDATE export SET expiry_audited_ms = expires_ms WHERE state = 'expired'");
            s.execute("CREATE INDEX export_expiry_unaudited ON export(id) WHERE state = 'expired' "
                    + "AND expiry_audited_ms IS NULL");
        });
    }
}
