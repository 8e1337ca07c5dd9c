package nl.poortwachter.recorder.database.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.DatabaseCheck;
import nl.poortwachter.recorder.database.Connector;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * The recording index against the files, offline (nothing runs, the caller holds the storage folder's lock,
 * nothing is changed): every segment row's file exists and holds at least the row's bytes, every seek point lies
 * inside its file, every segment file has a row, no purge was left half done, every ready export has its file.
 * One line per problem. A cluster node's storage is checked against the shared database: only the rows of that node
 * (segments, purges and exports it holds), since the other nodes' files are in their own folders.
 */
public final class IndexCheck {
    /** {@code <camera>/<yyyy>/<mm>/<dd>/<file>}: where {@link StorageLayout} puts segment files. */
    private static final Pattern SEGMENT_PATH =
            Pattern.compile("[a-z0-9][a-z0-9-]{0,62}/[0-9]{4}/[0-9]{2}/[0-9]{2}/[^/]+");

    /** What the check looked at, for its summary line. */
    public record Result(List<String> problems, long segments, long files) {
    }

    private IndexCheck() {
    }

    /** @param storageId the storage folder's identity, or null when it has none */
    public static Result run(Path indexFile, StorageLayout layout, String storageId) {
        return run(IndexDatabase.connector(indexFile), layout, storageId, null);
    }

    /**
     * @param connector the index database: the storage folder's file, or a cluster's shared database
     * @param node      the cluster node whose storage folder {@code layout} is; null for the embedded single node
     */
    public static Result run(Connector connector, StorageLayout layout, String storageId, String node) {
        if (!connector.exists()) {
            return new Result(List.of(connector.describe() + ": does not exist"), 0, 0);
        }
        try (Database db = Database.openReadOnly(connector)) {
            List<String> problems = new ArrayList<>(DatabaseCheck.problems(db, IndexDatabase.SCHEMA, storageId));
            int version = db.read(c -> db.dialect().schemaVersion(c));
            if (version != IndexDatabase.SCHEMA.version()) {
                problems.add(connector.describe() + ": files not compared with the index until it is at version "
                        + IndexDatabase.SCHEMA.version());
                return new Result(problems, 0, 0);
            }
            Own own = new Own(node);
            long segments = db.read(c -> segmentsAgainstFiles(c, layout, own, problems));
            long files = db.read(c -> filesWithoutRows(c, layout, own, problems));
            db.read(c -> interruptedPurges(c, own, problems));
            db.read(c -> exportsAgainstFiles(c, layout, own, problems));
            return new Result(problems, segments, files);
        }
    }

    /** Which rows are this storage folder's: all (one node), or those of one cluster node. */
    private record Own(String node) {
        /** {@code WHERE}/{@code AND} clause on the table alias's node column, or nothing. */
        String clause(String keyword, String column) {
            return node == null ? "" : " " + keyword + " " + column + " = ?";
        }

        void bind(PreparedStatement ps, int index) throws SQLException {
            if (node != null) {
                ps.setString(index, node);
            }
        }
    }

    private static long segmentsAgainstFiles(Connection c, StorageLayout layout, Own own, List<String> problems)
            throws SQLException {
        long rows = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT s.id, s.path, s.bytes, s.complete, s.purge_id, "
                + "(SELECT MAX(p.byte_offset + p.byte_size) FROM seek_point p WHERE p.segment_id = s.id) "
                + "FROM segment s" + own.clause("WHERE", "s.node_id") + " ORDER BY s.id")) {
            s.setFetchSize(10_000);
            own.bind(s, 1);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    String what = "segment " + rs.getLong(1) + " " + rs.getString(2);
                    if (rs.getObject(5) != null) {
                        continue; // claimed by a purge: reported with the purge
                    }
                    Path file;
                    try {
                        file = layout.resolve(rs.getString(2));
                    } catch (IllegalArgumentException e) {
                        problems.add(what + ": its path leads out of the storage folder");
                        continue;
                    }
                    long size = sizeOf(file);
                    if (size < 0) {
                        problems.add(what + ": file is missing");
                        continue;
                    }
                    if (size < rs.getLong(3)) {
                        problems.add(what + ": file has " + size + " bytes, the index says " + rs.getLong(3));
                    }
                    long end = rs.getLong(6);
                    if (!rs.wasNull() && end > size) {
                        problems.add(what + ": a seek point ends at byte " + end + ", past the end of the file ("
                                + size + " bytes)");
                    }
                    if (rs.getInt(4) == 0) {
                        problems.add(what + ": unfinished (written when the gateway stopped); the next start "
                                + "repairs it");
                    }
                }
            }
        }
        return rows;
    }

    private static long filesWithoutRows(Connection c, StorageLayout layout, Own own, List<String> problems)
            throws SQLException {
        long files = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM segment WHERE path = ?"
                + own.clause("AND", "node_id"));
             Stream<Path> walk = Files.walk(layout.root(), 5)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String relative = layout.relative(file);
                if (!SEGMENT_PATH.matcher(relative).matches()) {
                    continue;
                }
                files++;
                ps.setString(1, relative);
                own.bind(ps, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        problems.add("file " + relative + ": in a camera's folder, but not in the index");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.root() + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static Void interruptedPurges(Connection c, Own own, List<String> problems) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.camera_id, "
                + "(SELECT COUNT(*) FROM segment s WHERE s.purge_id = p.id), p.finished_ms FROM purge p "
                + "WHERE (p.finished_ms IS NULL OR EXISTS (SELECT 1 FROM segment s WHERE s.purge_id = p.id))"
                + own.clause("AND", "p.node_id") + " ORDER BY p.id")) {
            own.bind(s, 1);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                problems.add("purge " + rs.getLong(1) + " (camera " + rs.getString(2) + "): interrupted with "
                        + rs.getLong(3) + " segments claimed for deletion; the next start finishes it");
            }
        }
        return null;
    }

    private static Void exportsAgainstFiles(Connection c, StorageLayout layout, Own own, List<String> problems)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, file, bytes FROM export WHERE state = 'ready'"
                + own.clause("AND", "node_id") + " ORDER BY id")) {
            own.bind(s, 1);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                String file = rs.getString(2);
                long size;
                try {
                    size = file == null ? -1 : sizeOf(layout.resolve(file));
                } catch (IllegalArgumentException e) {
                    size = -1;
                }
                if (size < 0) {
                    problems.add("export " + rs.getString(1) + ": its file " + file + " is missing");
                } else if (size != rs.getLong(3)) {
                    problems.add("export " + rs.getString(1) + ": its file " + file + " has " + size
                            + " bytes, the index says " + rs.getLong(3));
                }
            }
        }
        return null;
    }

    /** The file's size, or -1 when there is no such file. */
    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
