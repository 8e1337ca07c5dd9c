package nl.poortwachter.gateway.auth;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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

/**
 * Users and their camera grants in their own SQLite file ({@code <storage>/auth.db}, synchronous=FULL), with all
 * of it mirrored in memory: every request is authorised against the current role and grants, and that must not
 * need the disk on the event loop. Writes are synchronised and go to disk first, then to the mirror.
 * Every method that writes blocks: call it from a worker.
 */
public final class UserStore implements AutoCloseable {
    private final Connection db;
    private final Map<String, User> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();

    public UserStore(Path file) {
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("CREATE TABLE IF NOT EXISTS app_user (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE,"
                        + " role TEXT NOT NULL, password_hash TEXT NOT NULL, must_change INTEGER NOT NULL,"
                        + " created_ms INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS camera_grant (user_id TEXT NOT NULL REFERENCES app_user(id)"
                        + " ON DELETE CASCADE, camera_id TEXT NOT NULL, PRIMARY KEY (user_id, camera_id))");
            }
            load();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open user database " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws SQLException {
        Map<String, Set<String>> grants = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT user_id, camera_id FROM camera_grant")) {
            while (rs.next()) {
                grants.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
            }
        }
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, username, role, password_hash, must_change, created_ms FROM app_user")) {
            while (rs.next()) {
                User u = new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getString(4),
                        rs.getInt(5) != 0, Set.copyOf(grants.getOrDefault(rs.getString(1), Set.of())), rs.getLong(6));
                remember(u);
            }
        }
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
        try {
            db.setAutoCommit(false);
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO app_user VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, u.id());
                ps.setString(2, u.username());
                ps.setString(3, u.role().id());
                ps.setString(4, u.passwordHash());
                ps.setInt(5, u.mustChangePassword() ? 1 : 0);
                ps.setLong(6, u.createdMillis());
                ps.executeUpdate();
            }
            writeGrants(u.id(), u.grants());
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot store user: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
        remember(u);
    }

    public synchronized void update(User u) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement ps = db.prepareStatement(
                    "UPDATE app_user SET role = ?, password_hash = ?, must_change = ? WHERE id = ?")) {
                ps.setString(1, u.role().id());
                ps.setString(2, u.passwordHash());
                ps.setInt(3, u.mustChangePassword() ? 1 : 0);
                ps.setString(4, u.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM camera_grant WHERE user_id = ?")) {
                ps.setString(1, u.id());
                ps.executeUpdate();
            }
            writeGrants(u.id(), u.grants());
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot update user: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
        remember(u);
    }

    public synchronized void delete(User u) {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM app_user WHERE id = ?")) {
            ps.setString(1, u.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete user: " + e.getMessage(), e);
        }
        byId.remove(u.id());
        idByName.remove(u.username());
    }

    private void writeGrants(String userId, Collection<String> grants) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO camera_grant VALUES (?,?)")) {
            for (String camera : grants) {
                ps.setString(1, userId);
                ps.setString(2, camera);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void remember(User u) {
        byId.put(u.id(), u);
        idByName.put(u.username(), u.id());
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // next use reports it
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
