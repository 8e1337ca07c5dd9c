package nl.poortwachter.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import nl.poortwachter.recorder.database.Connector;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Durability;
import nl.poortwachter.recorder.database.Rows;
import nl.poortwachter.recorder.database.Schema;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.Sql.Params;
import nl.poortwachter.recorder.database.SqliteConnector;
import nl.poortwachter.recorder.database.SqliteOptions;

/**
 * The audit database: its own SQLite file ({@code <storage>/audit.db}) on the data layer, committed with
 * {@link Durability#POWER_LOSS} (WAL, synchronous=FULL) so that a commit is on disk (fsync) before it returns.
 * Tables: {@code audit_entry} (the chain), {@code checkpoint} (signed), {@code signing_key} (the public keys that
 * signed them) and {@code processing} (the Logboek Dataverwerkingen lines); schema in db/audit/ and
 * docs/audit-auth-schema.md. Triggers refuse UPDATE and DELETE on
 * the chain and checkpoints: not a defence against someone with the file (the chain and signatures are), but
 * against any code path of ours ever changing history.
 *
 * <p>Only {@link AuditWriter}'s thread appends (in order, a batch per transaction); reads run on the layer's
 * read-only connections, beside the writer.
 */
public final class AuditStore implements AutoCloseable {
    static final String COLUMNS = "seq, time_ms, actor_id, actor_name, actor_role, action, object_type, object_id,"
            + " range_from, range_to, result, client_address, user_agent, purpose, case_number, trace_id, detail, hash";
    /** Migration steps: db/audit/ (gateway resources). */
    public static final Schema SCHEMA = new Schema("audit", 3, AuditStore.class.getClassLoader());
    /** Every commit on disk before it returns; SQLite's default busy timeout (3 s) before an outage is declared. */
    public static final SqliteOptions SQLITE = new SqliteOptions(Durability.POWER_LOSS, false, 3_000, 0, 4);
    /** The columns an auditor's substring filter looks in ({@link #containing}). */
    private static final List<String> ENTRY_TEXT = List.of("actor_name", "actor_role", "action", "object_type",
            "object_id", "result", "client_address", "purpose", "case_number", "detail", "trace_id");
    private static final List<String> PROCESSING_TEXT = List.of("name", "status", "trace_id", "attributes");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private final Path file;
    private final Database db;

    /** An audit log not tied to a storage folder's identity (tools, tests). */
    public AuditStore(Path file) {
        this(file, (String) null);
    }

    /** Opens (creating and migrating it as needed) the audit log of the storage folder {@code storageId}. */
    public AuditStore(Path file, String storageId) {
        this(file, Database.open(connector(file), SCHEMA, storageId));
    }

    /** The audit log in a database the connector names: the cluster's shared one (PostgreSQL, D71), or a file. */
    public static AuditStore open(Connector connector, String storageId) {
        return new AuditStore(null, Database.open(connector, SCHEMA, storageId));
    }

    private AuditStore(Path file, Database db) {
        this.file = file;
        this.db = db;
    }

    /** For an offline check: reads only, migrates nothing. */
    public static AuditStore openReadOnly(Path file) {
        return new AuditStore(file, Database.openReadOnly(connector(file)));
    }

    /** For an offline check of a cluster node: the shared database, read only. */
    public static AuditStore openReadOnly(Connector connector) {
        return new AuditStore(null, Database.openReadOnly(connector));
    }

    public static SqliteConnector connector(Path file) {
        return new SqliteConnector("audit database", file, SQLITE);
    }

    /** For checks: the database itself. */
    public Database database() {
        return db;
    }

    /** The SQLite file; null when the log is in the cluster's PostgreSQL database. */
    public Path file() {
        return file;
    }

    // ---- writing: only from the writer thread -------------------------------------------------------------

    /** Numbers and hashes a batch after the chain's newest entry (inside the append's transaction). */
    @FunctionalInterface
    interface Sealer {
        List<AuditEntry> seal(long lastSeq, byte[] lastHash);
    }

    /**
     * Appends in one transaction and commits (fsync): all of them are durable, or none. The entries are sealed
     * (sequence numbers, chain hashes) inside the transaction, after the newest entry read there under a lock that
     * every node's append takes (D71): the nodes of a cluster write one chain, in commit order, without gaps.
     *
     * @return the sealed entries, as committed
     */
    List<AuditEntry> append(Sealer sealer, List<ProcessingRecord> processing) {
        return db.write(c -> {
            db.dialect().serialise(c, "audit.append");
            AuditEntry last = Sql.first(c, "SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq DESC LIMIT 1",
                    Params.NONE, AuditStore::entry).orElse(null);
            List<AuditEntry> entries = sealer.seal(last == null ? 0 : last.seq(),
                    last == null ? Canonical.GENESIS : Canonical.unhex(last.hash()));
            try (PreparedStatement insertEntry = c.prepareStatement("INSERT INTO audit_entry (" + COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (AuditEntry e : entries) {
                    bind(insertEntry, e);
                    insertEntry.addBatch();
                }
                insertEntry.executeBatch();
            }
            if (!processing.isEmpty()) {
                try (PreparedStatement insertProcessing = c.prepareStatement("INSERT INTO processing (trace_id,"
                        + " span_id, parent_span_id, name, status, start_time, end_time, resource, attributes)"
                        + " VALUES (?,?,?,?,?,?,?,?,?)")) {
                    for (ProcessingRecord p : processing) {
                        insertProcessing.setString(1, p.traceId());
                        insertProcessing.setString(2, p.spanId());
                        insertProcessing.setString(3, p.parentSpanId());
                        insertProcessing.setString(4, p.name());
                        insertProcessing.setString(5, p.status());
                        insertProcessing.setLong(6, p.startTime());
                        insertProcessing.setLong(7, p.endTime());
                        insertProcessing.setString(8, json(p.resource()));
                        insertProcessing.setString(9, json(p.attributes()));
                        insertProcessing.addBatch();
                    }
                    insertProcessing.executeBatch();
                }
            }
            return entries;
        });
    }

    /** Another node of a cluster may have signed the same entry already: one checkpoint per entry is enough. */
    void addCheckpoint(Checkpoint cp) {
        db.update("INSERT INTO checkpoint (seq, hash, time_ms, key_id, signature) VALUES (?,?,?,?,?) "
                + "ON CONFLICT (seq) DO NOTHING", Params.of(cp.seq(), cp.hash(), cp.timeMillis(), cp.keyId(), cp.signature()));
    }

    /** A key that has signed checkpoints of this log: {@code publicKey} is its X.509 DER, base64. */
    public record StoredKey(String keyId, String fingerprint, String publicKey, long firstUsedMillis) {
    }

    void addSigningKey(StoredKey k) {
        db.update("INSERT INTO signing_key (key_id, fingerprint, public_key, first_used_ms) VALUES (?,?,?,?)"
                + " ON CONFLICT (key_id) DO NOTHING", Params.of(k.keyId(), k.fingerprint(), k.publicKey(),
                k.firstUsedMillis()));
    }

    public List<StoredKey> signingKeys() {
        return db.list("SELECT key_id, fingerprint, public_key, first_used_ms FROM signing_key ORDER BY first_used_ms",
                Params.NONE, rs -> new StoredKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    /** The log's entries about itself (alarms, their acknowledgements), oldest first: few, found by their object. */
    List<AuditEntry> logEvents() {
        return db.list("SELECT " + COLUMNS + " FROM audit_entry WHERE object_id = ? AND object_type = ? ORDER BY seq",
                Params.of(LogEvents.OBJECT_ID, LogEvents.OBJECT_TYPE), AuditStore::entry);
    }

    Optional<AuditEntry> entry(long seq) {
        return db.first("SELECT " + COLUMNS + " FROM audit_entry WHERE seq = ?", Params.of(seq), AuditStore::entry);
    }

    Optional<AuditEntry> lastEntry() {
        return db.first("SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq DESC LIMIT 1", Params.NONE,
                AuditStore::entry);
    }

    // ---- reading: any thread --------------------------------------------------------------------------------

    public List<AuditEntry> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entry WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.user() != null) {
            sql.append(" AND (actor_name = ? OR (object_type = 'user' AND object_id = ?))");
            args.add(q.user());
            args.add(q.user());
        }
        if (q.camera() != null) {
            sql.append(" AND object_type = 'camera' AND object_id = ?");
            args.add(q.camera());
        }
        if (q.action() != null) {
            String a = q.action().endsWith(".*") ? q.action().substring(0, q.action().length() - 1) : q.action();
            if (a.endsWith(".")) {
                sql.append(" AND substr(action, 1, ?) = ?");
                args.add(a.length());
                args.add(a);
            } else {
                sql.append(" AND action = ?");
                args.add(a);
            }
        }
        if (q.result() != null) {
            sql.append(" AND result = ?");
            args.add(q.result());
        }
        if (q.text() != null) {
            contains(sql, args, ENTRY_TEXT, q.text());
        }
        if (q.fromMillis() != null) {
            sql.append(" AND time_ms >= ?");
            args.add(q.fromMillis());
        }
        if (q.toMillis() != null) {
            sql.append(" AND time_ms < ?");
            args.add(q.toMillis());
        }
        if (q.beforeSeq() != null) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        sql.append(" ORDER BY seq ").append(q.ascending() ? "ASC" : "DESC").append(" LIMIT ?");
        args.add(q.limit());
        return db.list(sql.toString(), Params.of(args.toArray()), AuditStore::entry);
    }

    /** Every entry in sequence order, streamed: verifying a million entries must not hold them all in memory. */
    public void forEachEntry(Consumer<AuditEntry> consumer) {
        db.read(c -> {
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq")) {
                    while (rs.next()) {
                        consumer.accept(entry(rs));
                    }
                }
            }
            return null;
        });
    }

    public List<Checkpoint> checkpoints() {
        return db.list("SELECT seq, hash, time_ms, key_id, signature FROM checkpoint ORDER BY seq", Params.NONE,
                rs -> new Checkpoint(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
    }

    /** @param text null, or a substring of the line's name, status, trace or attributes (ignoring ASCII case) */
    public List<ProcessingRecord> processing(String traceId, String text, Long fromMillis, Long toMillis, int limit) {
        StringBuilder sql = new StringBuilder("SELECT trace_id, span_id, parent_span_id, name, status, start_time,"
                + " end_time, resource, attributes FROM processing WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (traceId != null) {
            sql.append(" AND trace_id = ?");
            args.add(traceId);
        }
        if (text != null) {
            contains(sql, args, PROCESSING_TEXT, text);
        }
        if (fromMillis != null) {
            sql.append(" AND start_time >= ?");
            args.add(fromMillis);
        }
        if (toMillis != null) {
            sql.append(" AND start_time < ?");
            args.add(toMillis);
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), Params.of(args.toArray()), rs -> new ProcessingRecord(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7),
                map(rs.getString(8)), map(rs.getString(9))));
    }

    /**
     * "Any of these columns contains {@code text}", ignoring ASCII case: LIKE with the text's own wildcards escaped,
     * which SQLite and PostgreSQL read alike (instr has no PostgreSQL twin).
     */
    private static void contains(StringBuilder sql, List<Object> args, List<String> columns, String text) {
        String pattern = containing(text);
        sql.append(" AND (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("lower(").append(columns.get(i)).append(") LIKE ? ESCAPE '\\'");
            args.add(pattern);
        }
        sql.append(')');
    }

    /** The LIKE pattern of "contains {@code text}": its own %, _ and \\ match only themselves. */
    static String containing(String text) {
        String escaped = text.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }

    static void bind(PreparedStatement ps, AuditEntry e) throws SQLException {
        ps.setLong(1, e.seq());
        ps.setLong(2, e.timeMillis());
        ps.setString(3, e.actorId());
        ps.setString(4, e.actorName());
        ps.setString(5, e.actorRole());
        ps.setString(6, e.action());
        ps.setString(7, e.objectType());
        ps.setString(8, e.objectId());
        Rows.setLong(ps, 9, e.rangeFrom());
        Rows.setLong(ps, 10, e.rangeTo());
        ps.setString(11, e.result());
        ps.setString(12, e.clientAddress());
        ps.setString(13, e.userAgent());
        ps.setString(14, e.purpose());
        ps.setString(15, e.caseNumber());
        ps.setString(16, e.traceId());
        ps.setString(17, e.detail());
        ps.setString(18, e.hash());
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), Rows.longOrNull(rs, 9), Rows.longOrNull(rs, 10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getString(18));
    }

    private static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> map(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            return Map.of("poortwachter.unreadable", "true");
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
