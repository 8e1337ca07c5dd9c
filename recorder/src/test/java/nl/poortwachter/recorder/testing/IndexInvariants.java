package nl.poortwachter.recorder.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index's time invariants (docs/time.md), checked over every segment row of every camera, straight from the
 * database file: a camera's segments never overlap; seek points lie inside their segment and increase; a segment
 * never ends after its file was last written (its last fragment became durable then); a segment's wall-clock span
 * is never longer than its media span plus the 500 ppm of slew; and no segment covers a moment at which the camera
 * is known to have had no connection.
 */
public final class IndexInvariants {
    /**
     * A file's modification time comes from the kernel's coarse clock, up to one timer tick (1–10 ms) behind the
     * moment of the write: a segment whose end is its last picture's arrival (when that picture anchored the session
     * clock, D2) may read as ending a few ms after its file was written although it ended before the write.
     */
    private static final long FILE_TIME_GRAIN_MILLIS = 10;

    /** A time span in which a camera had no connection (e.g. the simulator was down), epoch ms. */
    public record Outage(String cameraId, long fromMillis, long toMillis) {
    }

    private record Row(long id, String camera, long start, long end, String path, boolean complete, Long mediaStart,
                       Long mediaEnd) {
    }

    private IndexInvariants() {
    }

    /** What the index claims for one segment: its start and end, and each seek point's byte offset and wall-clock time. */
    public record Claim(long id, long startMillis, long endMillis, Map<Long, Long> wallByOffset) {
    }

    /** Every segment of a camera as the database file holds it now (committed rows only), oldest first. */
    public static List<Claim> claims(Path database, String cameraId) throws SQLException {
        List<Claim> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT s.id, s.start_ms, s.end_ms, p.byte_offset, p.wall_ms FROM segment s "
                     + "LEFT JOIN seek_point p ON p.segment_id = s.id WHERE s.camera_id = '" + cameraId.replace("'", "")
                     + "' ORDER BY s.start_ms, p.byte_offset")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (out.isEmpty() || out.get(out.size() - 1).id() != id) {
                    out.add(new Claim(id, rs.getLong(2), rs.getLong(3), new java.util.LinkedHashMap<>()));
                }
                if (rs.getObject(4) != null) {
                    out.get(out.size() - 1).wallByOffset().put(rs.getLong(4), rs.getLong(5));
                }
            }
        }
        return out;
    }

    /** @return how many segment rows were checked (so a caller can prove there was something to check) */
    public static int check(Path database, Path storage, List<Outage> outages) throws Exception {
        List<Row> rows = new ArrayList<>();
        Map<Long, List<Long>> walls = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, camera_id, start_ms, end_ms, path, complete, media_start, "
                    + "media_end FROM segment ORDER BY camera_id, start_ms")) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                            rs.getInt(6) == 1, rs.getObject(7) == null ? null : rs.getLong(7),
                            rs.getObject(8) == null ? null : rs.getLong(8)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT segment_id, wall_ms FROM seek_point ORDER BY segment_id, byte_offset")) {
                while (rs.next()) {
                    walls.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read the index " + database + ": " + e.getMessage(), e);
        }
        Row previous = null;
        for (Row r : rows) {
            if (r.end() < r.start()) {
                throw new AssertionError("segment ends before it starts: " + r);
            }
            if (previous != null && previous.camera().equals(r.camera()) && r.start() < previous.end()) {
                throw new AssertionError("segments overlap by " + (previous.end() - r.start()) + " ms: " + previous + " and " + r);
            }
            if (r.mediaStart() != null && r.mediaEnd() != null) {
                double media = (r.mediaEnd() - r.mediaStart()) / 90.0;
                if (r.end() - r.start() > media * 1.0005 + 2) {
                    throw new AssertionError("segment spans " + (r.end() - r.start()) + " ms of wall-clock time for "
                            + media + " ms of media: stretched beyond the slew: " + r);
                }
            }
            long last = Long.MIN_VALUE;
            for (long wall : walls.getOrDefault(r.id(), List.of())) {
                if (wall < r.start() || wall >= Math.max(r.end(), r.start() + 1) || wall <= last) {
                    throw new AssertionError("seek point at " + wall + " outside " + r + " or not after the one before");
                }
                last = wall;
            }
            Path file = storage.resolve(r.path());
            if (Files.exists(file) && r.end() > Files.getLastModifiedTime(file).toMillis() + FILE_TIME_GRAIN_MILLIS) {
                throw new AssertionError("segment ends " + (r.end() - Files.getLastModifiedTime(file).toMillis())
                        + " ms after its file was last written (its last fragment became durable): " + r);
            }
            for (Outage o : outages) {
                if (o.cameraId().equals(r.camera()) && r.start() < o.toMillis() && r.end() > o.fromMillis()) {
                    throw new AssertionError("segment covers " + Math.min(r.end(), o.toMillis()) + " - "
                            + Math.max(r.start(), o.fromMillis()) + " ms of an outage " + o + ": " + r);
                }
            }
            previous = r;
        }
        return rows.size();
    }
}
