package nl.poortwachter.gateway.auth;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.poortwachter.recorder.database.Connector;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.DatabaseException;
import nl.poortwachter.recorder.database.Durability;
import nl.poortwachter.recorder.database.Schema;
import nl.poortwachter.recorder.database.SqliteConnector;
import nl.poortwachter.recorder.database.SqliteOptions;

/**
 * Users and their camera grants in their own SQLite file ({@code <storage>/auth.db}) on the data layer, committed
 * with {@link Durability#POWER_LOSS} (synchronous=FULL; schema in db/auth/ and docs/audit-auth-schema.md), with all
 * of it mirrored in memory: every request is authorised against the current role and grants, and that must not
 * need the disk on the event loop. Writes are synchronised and go to disk first, then to the mirror.
 * Every method that writes blocks: call it from a worker.
 */
public final class UserStore implements AutoCloseable {
    /** The file's name in the storage folder. */
    public static final String FILE = "auth.db";
    /** Migration steps: db/auth/ (gateway resources). */
    public static final Schema SCHEMA = new Schema("auth", 5, UserStore.class.getClassLoader());
    /** Every commit on disk before it returns: a lost commit could bring back a changed password or a removed user. */
    public static final SqliteOptions SQLITE = new SqliteOptions(Durability.POWER_LOSS, true, 3_000, 0, 1);

    private final Database db;
    private final Map<String, User> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();

    /** Users not tied to a storage folder's identity (tools, tests). */
    public UserStore(Path file) {
        this(file, null);
    }

    /** Opens (creating and migrating it as needed) the users of the storage folder {@code storageId}. */
    public UserStore(Path file, String storageId) {
        this(connector(file), storageId);
    }

    /** Users in a database the connector names: the cluster's shared one (PostgreSQL, D70), or a file. */
    public UserStore(Connector connector, String storageId) {
        db = Database.open(connector, SCHEMA, storageId);
        try {
            load();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public static SqliteConnector connector(Path file) {
        return new SqliteConnector("user database", file, SQLITE);
    }

    /** The database, for what else lives in it and goes with its users (their preferences, the camera groups). */
    public Database database() {
        return db;
    }

    private void load() {
        db.read(c -> {
            Map<String, Set<String>> grants = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id, camera_id FROM camera_grant")) {
                while (rs.next()) {
                    grants.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT id, username, role, password_hash, must_change, created_ms FROM app_user")) {
                while (rs.next()) {
                    User u = userAt(rs, grants.getOrDefault(rs.getString(1), Set.of()));
                    remember(u);
                }
            }
            return null;
        });
    }

    /** A row of id, username, role, password_hash, must_change, created_ms. */
    private static User userAt(ResultSet rs, Set<String> grants) throws SQLException {
        return new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getString(4),
                rs.getInt(5) != 0, Set.copyOf(grants), rs.getLong(6));
    }

    public static String normalise(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public Optional<User> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public Optional<User> byName(String username) {
        String id = username == null ? null : idByName.get(normalise(username));
        return byId(id);
    }

    public List<User> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(User::username)).toList();
    }

    public long countWithRole(Role role) {
        return byId.values().stream().filter(u -> u.role() == role).count();
    }

    public synchronized void insert(User u) {
        write(u.id(), "cannot store user", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_user (id, username, role, password_hash,"
                    + " must_change, created_ms) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, u.id());
                ps.setString(2, u.username());
                ps.setString(3, u.role().id());
                ps.setString(4, u.passwordHash());
                ps.setInt(5, u.mustChangePassword() ? 1 : 0);
                ps.setLong(6, u.createdMillis());
                ps.executeUpdate();
            }
            writeGrants(c, u.id(), u.grants());
        });
        remember(u);
    }

    public synchronized void update(User u) {
        write(u.id(), "cannot update user", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE app_user SET role = ?, password_hash = ?, must_change = ? WHERE id = ?")) {
                ps.setString(1, u.role().id());
                ps.setString(2, u.passwordHash());
                ps.setInt(3, u.mustChangePassword() ? 1 : 0);
                ps.setString(4, u.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM camera_grant WHERE user_id = ?")) {
                ps.setString(1, u.id());
                ps.executeUpdate();
            }
            writeGrants(c, u.id(), u.grants());
        });
        remember(u);
    }

    public synchronized void delete(User u) {
        write(u.id(), "cannot delete user", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM app_user WHERE id = ?")) {
                ps.setString(1, u.id());
                ps.executeUpdate();
            }
        });
        byId.remove(u.id());
        idByName.remove(u.username());
    }

    @FunctionalInterface
    private interface Change {
        void apply(Connection c) throws SQLException;
    }

    /**
     * One transaction; the mirror changes only after it committed. In a cluster's shared database the transaction
     * also notes the change for the other nodes' mirrors ({@link AuthChanges}, D73).
     */
    private void write(String userId, String failure, Change change) {
        try {
            db.write(c -> {
                change.apply(c);
                if (db.dialect().shared()) {
                    AuthChanges.record(c, AuthChanges.USER, userId, userId, null);
                }
                return null;
            });
        } catch (DatabaseException e) {
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        }
    }

    private static void writeGrants(Connection c, String userId, Collection<String> grants) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO camera_grant (user_id, camera_id) VALUES (?,?)")) {
            for (String camera : grants) {
                ps.setString(1, userId);
                ps.setString(2, camera);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Reads one user (and grants) again from the database: another node changed it (D73). */
    public synchronized void reload(String userId) {
        Optional<User> fresh = db.read(c -> {
            Set<String> grants = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT camera_id FROM camera_grant WHERE user_id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        grants.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, username, role, password_hash, must_change, "
                    + "created_ms FROM app_user WHERE id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(userAt(rs, grants)) : Optional.<User>empty();
                }
            }
        });
        User before = byId.remove(userId);
        if (before != null) {
            idByName.remove(before.username());
        }
        fresh.ifPresent(this::remember);
    }

    private void remember(User u) {
        byId.put(u.id(), u);
        idByName.put(u.username(), u.id());
    }

    @Override
    public synchronized void close() {
        db.close();
    }
}
