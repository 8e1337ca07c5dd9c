package nl.poortwachter.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The audit database: its own SQLite file ({@code <storage>/audit.db}), WAL with synchronous=FULL so that a
 * commit is on disk (fsync) before it returns. Three tables: {@code audit_entry} (the chain),
 * {@code checkpoint} (signed) and {@code processing} (the Logboek Dataverwerkingen lines). Triggers refuse UPDATE
 * and DELETE on the chain and checkpoints: not a defence against someone with the file (the chain and signatures
 * are), but against any code path of ours ever changing history.
 *
 * <p>One connection writes (owned by {@link AuditWriter}'s thread); every read opens its own read-only connection,
 * which WAL lets run beside the writer.
 */
public final class AuditStore implements AutoCloseable {
    static final String COLUMNS = "seq, time_ms, actor_id, actor_name, actor_role, action, object_type, object_id,"
            + " range_from, range_to, result, client_address, user_agent, purpose, case_number, trace_id, detail, hash";
    /** The columns an auditor's substring filter looks in ({@link #containing}). */
    private static final List<String> ENTRY_TEXT = List.of("actor_name", "actor_role", "action", "object_type",
            "object_id", "result", "client_address", "purpose", "case_number", "detail", "trace_id");
    private static final List<String> PROCESSING_TEXT = List.of("name", "status", "trace_id", "attributes");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private final Path file;
    private final Connection writer;
    private final PreparedStatement insertEntry;
    private final PreparedStatement insertProcessing;

    public AuditStore(Path file) {
        this.file = file;
        try {
            writer = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS audit_entry (seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL,"
                        + " actor_id TEXT, actor_name TEXT, actor_role TEXT, action TEXT NOT NULL, object_type TEXT,"
                        + " object_id TEXT, range_from INTEGER, range_to INTEGER, result TEXT NOT NULL,"
                        + " client_address TEXT, user_agent TEXT, purpose TEXT, case_number TEXT, trace_id TEXT,"
                        + " detail TEXT, hash TEXT NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS audit_entry_time ON audit_entry(time_ms)");
                s.execute("CREATE INDEX IF NOT EXISTS audit_entry_object ON audit_entry(object_id)");
                s.execute("CREATE TABLE IF NOT EXISTS checkpoint (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL,"
                        + " time_ms INTEGER NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS processing (id INTEGER PRIMARY KEY, trace_id TEXT NOT NULL,"
                        + " span_id TEXT NOT NULL, parent_span_id TEXT, name TEXT NOT NULL, status TEXT NOT NULL,"
                        + " start_time INTEGER NOT NULL, end_time INTEGER NOT NULL, resource TEXT NOT NULL,"
                        + " attributes TEXT NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS processing_time ON processing(start_time)");
                for (String table : List.of("audit_entry", "checkpoint")) {
                    for (String op : List.of("UPDATE", "DELETE")) {
                        s.execute("CREATE TRIGGER IF NOT EXISTS " + table + "_no_" + op.toLowerCase() + " BEFORE " + op
                                + " ON " + table + " BEGIN SELECT RAISE(ABORT, '" + table + " is append-only'); END");
                    }
                }
            }
            writer.setAutoCommit(false);
            insertEntry = writer.prepareStatement("INSERT INTO audit_entry (" + COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            insertProcessing = writer.prepareStatement("INSERT INTO processing (trace_id, span_id, parent_span_id,"
                    + " name, status, start_time, end_time, resource, attributes) VALUES (?,?,?,?,?,?,?,?,?)");
            writer.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open audit database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    // ---- writing: only from the writer thread -------------------------------------------------------------

    /** Appends in one transaction and commits (fsync): all of them are durable, or none. */
    void append(List<AuditEntry> entries, List<ProcessingRecord> processing) throws SQLException {
        try {
            for (AuditEntry e : entries) {
                bind(insertEntry, e);
                insertEntry.addBatch();
            }
            insertEntry.executeBatch();
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
            if (!processing.isEmpty()) {
                insertProcessing.executeBatch();
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw e;
        }
    }

    void addCheckpoint(Checkpoint c) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO checkpoint VALUES (?,?,?,?,?)")) {
            ps.setLong(1, c.seq());
            ps.setString(2, c.hash());
            ps.setLong(3, c.timeMillis());
            ps.setString(4, c.keyId());
            ps.setString(5, c.signature());
            ps.executeUpdate();
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        }
    }

    Optional<AuditEntry> lastEntry() throws SQLException {
        try (Statement s = writer.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq DESC LIMIT 1")) {
            Optional<AuditEntry> e = rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            writer.commit();
            return e;
        }
    }

    // ---- reading: any thread --------------------------------------------------------------------------------

    public List<AuditEntry> query(AuditQuery q) throws SQLException {
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
        try (Connection c = reader(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
            return out;
        }
    }

    /** Every entry in sequence order, streamed: verifying a million entries must not hold them all in memory. */
    public void forEachEntry(Consumer<AuditEntry> consumer) throws SQLException {
        try (Connection c = reader(); Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq")) {
                while (rs.next()) {
                    consumer.accept(entry(rs));
                }
            }
        }
    }

    public List<Checkpoint> checkpoints() throws SQLException {
        try (Connection c = reader(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, hash, time_ms, key_id, signature FROM checkpoint ORDER BY seq")) {
            List<Checkpoint> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Checkpoint(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
            }
            return out;
        }
    }

    /** @param text null, or a substring of the line's name, status, trace or attributes (ignoring ASCII case) */
    public List<ProcessingRecord> processing(String traceId, String text, Long fromMillis, Long toMillis, int limit)
            throws SQLException {
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
        try (Connection c = reader(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<ProcessingRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ProcessingRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7), map(rs.getString(8)), map(rs.getString(9))));
                }
            }
            return out;
        }
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

    private Connection reader() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
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
        setLong(ps, 9, e.rangeFrom());
        setLong(ps, 10, e.rangeTo());
        ps.setString(11, e.result());
        ps.setString(12, e.clientAddress());
        ps.setString(13, e.userAgent());
        ps.setString(14, e.purpose());
        ps.setString(15, e.caseNumber());
        ps.setString(16, e.traceId());
        ps.setString(17, e.detail());
        ps.setString(18, e.hash());
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), longOrNull(rs, 9), longOrNull(rs, 10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getString(18));
    }

    private static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
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
        try {
            insertEntry.close();
            insertProcessing.close();
            writer.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
