package nl.poortwachter.recorder.database.index;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.DatabaseException;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.Sql.Params;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.RegisterConflictException;
import nl.poortwachter.recorder.register.RegisterEntry;
import nl.poortwachter.recorder.register.RegisterField;
import nl.poortwachter.recorder.register.RegisterRow;
import nl.poortwachter.recorder.register.RegisterStore;

/**
 * Table {@code register_entry}, joined with {@code camera} for connected entries: their camera fields are read
 * from, and written to, the camera's row (stored once). What the index knows of the camera (its mode, whether it
 * records, its newest footage) is joined in when read.
 */
final class SqlRegisterStore implements RegisterStore {
    /** Each field's column in register_entry; a connected entry's camera fields are in {@link #CAMERA_COLUMNS}. */
    private static final Map<RegisterField, String> COLUMNS = Map.ofEntries(
            Map.entry(RegisterField.KEY, "entry_key"), Map.entry(RegisterField.LOCATION, "location"),
            Map.entry(RegisterField.LATITUDE, "latitude"), Map.entry(RegisterField.LONGITUDE, "longitude"),
            Map.entry(RegisterField.DESCRIPTION, "description"), Map.entry(RegisterField.PURPOSE, "purpose"),
            Map.entry(RegisterField.LEGAL_REGIME, "legal_regime"), Map.entry(RegisterField.VENDOR, "vendor"),
            Map.entry(RegisterField.MODEL, "model"), Map.entry(RegisterField.FIRMWARE, "firmware"),
            Map.entry(RegisterField.SERIAL_NUMBER, "serial_number"), Map.entry(RegisterField.CLOSED_NETWORK, "closed_network"),
            Map.entry(RegisterField.NETWORK_SEGMENT, "network_segment"), Map.entry(RegisterField.DEPARTMENT, "department"),
            Map.entry(RegisterField.DPIA_REFERENCE, "dpia_reference"), Map.entry(RegisterField.INSTALLED_ON, "installed_on"),
            Map.entry(RegisterField.RETENTION_DAYS, "retention_days"), Map.entry(RegisterField.PUBLIC, "public_listing"),
            Map.entry(RegisterField.RTSP_URL, "rtsp_url"));
    /** The camera's own columns for the fields it keeps ({@link RegisterField#cameraKeeps()}). */
    private static final Map<RegisterField, String> CAMERA_COLUMNS = Map.of(
            RegisterField.LOCATION, "location", RegisterField.PURPOSE, "purpose", RegisterField.LEGAL_REGIME, "legal_regime",
            RegisterField.VENDOR, "vendor", RegisterField.MODEL, "model", RegisterField.RETENTION_DAYS, "retention_days",
            RegisterField.RTSP_URL, "url");
    private static final List<RegisterField> OWN = fields(false);
    private static final List<RegisterField> KEPT_BY_CAMERA = fields(true);
    /** The newest segment's end: by the (camera_id, start_ms) index, one row (segments of a camera never overlap). */
    private static final String SELECT = "SELECT r.*, c.id AS c_id, c.pipeline AS c_pipeline, c.recording AS c_recording, "
            + String.join(", ", KEPT_BY_CAMERA.stream().map(f -> "c." + CAMERA_COLUMNS.get(f) + " AS c_" + COLUMNS.get(f)).toList())
            + ", (SELECT s.end_ms FROM segment s WHERE s.camera_id = r.camera_id ORDER BY s.start_ms DESC LIMIT 1)"
            + " AS last_recorded_ms FROM register_entry r LEFT JOIN camera c ON c.id = r.camera_id";

    private final Database db;

    SqlRegisterStore(Database db) {
        this.db = db;
    }

    private static List<RegisterField> fields(boolean keptByCamera) {
        return java.util.Arrays.stream(RegisterField.values())
                .filter(f -> f != RegisterField.KEY && f.cameraKeeps() == keptByCamera).toList();
    }

    @Override
    public List<RegisterRow> list() {
        return db.list(SELECT + " ORDER BY r.entry_key", Params.NONE, SqlRegisterStore::rowAt);
    }

    @Override
    public Optional<RegisterRow> find(long id) {
        return db.first(SELECT + " WHERE r.id = ?", Params.of(id), SqlRegisterStore::rowAt);
    }

    @Override
    public Optional<RegisterRow> findByKey(String key) {
        return db.first(SELECT + " WHERE r.entry_key = ?", Params.of(key), SqlRegisterStore::rowAt);
    }

    @Override
    public Optional<RegisterRow> findByCamera(String cameraId) {
        return db.first(SELECT + " WHERE r.camera_id = ?", Params.of(cameraId), SqlRegisterStore::rowAt);
    }

    @Override
    public int apply(List<ImportPlan.RowPlan> rows) {
        return write(c -> {
            long now = System.currentTimeMillis();
            int written = 0;
            for (ImportPlan.RowPlan row : rows) {
                if (row.action() == ImportPlan.Action.UNCHANGED) {
                    continue;
                }
                Optional<RegisterRow> current = Sql.first(c, SELECT + " WHERE r.entry_key = ?",
                        Params.of(row.after().key()), SqlRegisterStore::rowAt);
                RegisterEntry now0 = current.map(RegisterRow::entry).orElse(null);
                if (!Objects.equals(now0, row.before())) {
                    throw new RegisterConflictException("entry '" + row.after().key() + "' (line " + row.line()
                            + ") changed since the plan was made; make the plan again");
                }
                if (current.isEmpty()) {
                    insert(c, row.after(), now);
                } else {
                    update(c, current.get(), row.after(), now);
                }
                written++;
            }
            return written;
        });
    }

    private static void insert(Connection c, RegisterEntry e, long now) throws SQLException {
        List<RegisterField> fields = new ArrayList<>(OWN);
        fields.addAll(KEPT_BY_CAMERA);
        String columns = String.join(", ", fields.stream().map(COLUMNS::get).toList());
        Sql.update(c, "INSERT INTO register_entry (entry_key, " + columns + ", created_ms, updated_ms) VALUES (?"
                + ", ?".repeat(fields.size()) + ", ?, ?)", ps -> {
                    ps.setString(1, e.key());
                    int i = 2;
                    for (RegisterField f : fields) {
                        bind(ps, i++, f, e.value(f));
                    }
                    ps.setLong(i++, now);
                    ps.setLong(i, now);
                });
    }

    /** A connected entry's camera fields go to the camera's row; its stream and legal basis stay as the camera has them. */
    private static void update(Connection c, RegisterRow current, RegisterEntry e, long now) throws SQLException {
        List<RegisterField> own = new ArrayList<>(OWN);
        if (!current.connected()) {
            own.addAll(KEPT_BY_CAMERA);
        }
        Sql.update(c, "UPDATE register_entry SET " + assignments(own, COLUMNS) + ", updated_ms = ? WHERE id = ?", ps -> {
            int i = bindAll(ps, 1, own, e);
            ps.setLong(i++, now);
            ps.setLong(i, current.id());
        });
        if (current.connected()) {
            // Never the stream or the legal basis: those are changed on the camera (Register refuses them here).
            List<RegisterField> kept = KEPT_BY_CAMERA.stream()
                    .filter(f -> f != RegisterField.RTSP_URL && f != RegisterField.LEGAL_REGIME).toList();
            Sql.update(c, "UPDATE camera SET " + assignments(kept, CAMERA_COLUMNS) + ", updated_ms = ? WHERE id = ?", ps -> {
                int i = bindAll(ps, 1, kept, e);
                ps.setLong(i++, now);
                ps.setString(i, current.cameraId());
            });
        }
    }

    private static String assignments(List<RegisterField> fields, Map<RegisterField, String> columns) {
        return String.join(", ", fields.stream().map(f -> columns.get(f) + " = ?").toList());
    }

    private static int bindAll(PreparedStatement ps, int first, List<RegisterField> fields, RegisterEntry e) throws SQLException {
        int i = first;
        for (RegisterField f : fields) {
            bind(ps, i++, f, e.value(f));
        }
        return i;
    }

    @Override
    public void delete(long id, RegisterEntry expected) {
        write(c -> {
            RegisterRow current = Sql.first(c, SELECT + " WHERE r.id = ?", Params.of(id), SqlRegisterStore::rowAt)
                    .orElseThrow(() -> new RegisterConflictException("entry " + id + " is gone"));
            if (current.connected()) {
                throw new RegisterConflictException("entry '" + current.entry().key() + "' is connected to camera '"
                        + current.cameraId() + "'; remove the camera first");
            }
            if (!current.entry().equals(expected)) {
                throw new RegisterConflictException("entry '" + current.entry().key() + "' changed since it was read");
            }
            return Sql.update(c, "DELETE FROM register_entry WHERE id = ?", Params.of(id));
        });
    }

    @Override
    public void connect(long id, String cameraId) {
        write(c -> {
            RegisterRow entry = Sql.first(c, SELECT + " WHERE r.id = ?", Params.of(id), SqlRegisterStore::rowAt)
                    .orElseThrow(() -> new RegisterConflictException("entry " + id + " is gone"));
            if (entry.connected() && !entry.cameraId().equals(cameraId)) {
                throw new RegisterConflictException("entry '" + entry.entry().key() + "' is already connected to camera '"
                        + entry.cameraId() + "'");
            }
            Sql.update(c, "DELETE FROM register_entry WHERE camera_id = ? AND id <> ?", Params.of(cameraId, id));
            return Sql.update(c, "UPDATE register_entry SET camera_id = ?, " + String.join(", ", KEPT_BY_CAMERA.stream()
                    .map(f -> COLUMNS.get(f) + " = NULL").toList()) + ", updated_ms = ? WHERE id = ?",
                    Params.of(cameraId, System.currentTimeMillis(), id));
        });
    }

    /**
     * Called in the transaction that inserts a camera: its entry, keyed by the camera's id (or, when an entry has
     * that key already, {@code camera:<id>}, numbered if need be).
     */
    static void addForCamera(Connection c, String cameraId, long now) throws SQLException {
        String key = cameraId;
        for (int n = 2; Sql.first(c, "SELECT 1 FROM register_entry WHERE entry_key = ?", Params.of(key), rs -> 1).isPresent(); n++) {
            key = "camera:" + cameraId + (n == 2 ? "" : "-" + n);
        }
        Sql.update(c, "INSERT INTO register_entry (entry_key, camera_id, created_ms, updated_ms) VALUES (?, ?, ?, ?)",
                Params.of(key, cameraId, now, now));
    }

    /**
     * Called in the transaction that deletes a camera: its entry stays, "to connect", with the values the camera
     * kept (the camera's name as its location when it had none: a register entry has a location).
     */
    static void keepOnRemoval(Connection c, String cameraId, long now) throws SQLException {
        String select = "(SELECT %s FROM camera WHERE id = ?)";
        List<String> sets = new ArrayList<>();
        for (RegisterField f : KEPT_BY_CAMERA) {
            String value = f == RegisterField.LOCATION ? "COALESCE(location, name)" : CAMERA_COLUMNS.get(f);
            sets.add(COLUMNS.get(f) + " = " + String.format(select, value));
        }
        Sql.update(c, "UPDATE register_entry SET " + String.join(", ", sets) + ", camera_id = NULL, updated_ms = ?"
                + " WHERE camera_id = ?", ps -> {
                    int i = 1;
                    for (int k = 0; k < KEPT_BY_CAMERA.size(); k++) {
                        ps.setString(i++, cameraId);
                    }
                    ps.setLong(i++, now);
                    ps.setString(i, cameraId);
                });
    }

    private static RegisterRow rowAt(ResultSet rs) throws SQLException {
        boolean connected = rs.getString("c_id") != null;
        RegisterEntry.Builder b = RegisterEntry.builder().set(RegisterField.KEY, rs.getString("entry_key"));
        for (RegisterField f : OWN) {
            b.set(f, read(rs, COLUMNS.get(f), f));
        }
        for (RegisterField f : KEPT_BY_CAMERA) {
            b.set(f, read(rs, (connected ? "c_" : "") + COLUMNS.get(f), f));
        }
        PipelineMode mode = null;
        if (connected) {
            PipelineMode m = CameraPipelineJson.read(rs.getString("c_pipeline")).mode();
            mode = m == null ? PipelineMode.transcode : m;
        }
        long last = rs.getLong("last_recorded_ms");
        Instant lastRecorded = rs.wasNull() ? null : Instant.ofEpochMilli(last);
        return new RegisterRow(rs.getLong("id"), b.build(), rs.getString("camera_id"), mode,
                connected && rs.getInt("c_recording") != 0, lastRecorded);
    }

    private static Object read(ResultSet rs, String column, RegisterField f) throws SQLException {
        return switch (f.kind()) {
            case TEXT, REGIME, RTSP_URL -> rs.getString(column);
            case DECIMAL -> {
                String s = rs.getString(column);
                yield s == null ? null : new BigDecimal(s);
            }
            case INTEGER -> {
                int v = rs.getInt(column);
                yield rs.wasNull() ? null : v;
            }
            case YES_NO -> {
                int v = rs.getInt(column);
                yield rs.wasNull() ? null : v != 0;
            }
            case DATE -> {
                String s = rs.getString(column);
                yield s == null ? null : LocalDate.parse(s);
            }
        };
    }

    private static void bind(PreparedStatement ps, int i, RegisterField f, Object v) throws SQLException {
        switch (f.kind()) {
            case TEXT, REGIME, RTSP_URL -> ps.setString(i, (String) v);
            case DECIMAL -> ps.setString(i, v == null ? null : ((BigDecimal) v).toPlainString());
            case DATE -> ps.setString(i, v == null ? null : v.toString());
            case INTEGER -> {
                if (v == null) {
                    ps.setNull(i, Types.INTEGER);
                } else {
                    ps.setInt(i, (Integer) v);
                }
            }
            case YES_NO -> {
                if (v == null) {
                    ps.setNull(i, Types.INTEGER);
                } else {
                    ps.setInt(i, (Boolean) v ? 1 : 0);
                }
            }
        }
    }

    /** A write whose refusal ({@link RegisterConflictException}) reaches the caller as itself. */
    private <T> T write(nl.poortwachter.recorder.database.SqlWork<T> work) {
        try {
            return db.write(work);
        } catch (DatabaseException e) {
            if (e.getCause() instanceof RegisterConflictException conflict) {
                throw conflict;
            }
            throw e;
        }
    }
}
