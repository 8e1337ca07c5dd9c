package nl.poortwachter.gateway.auth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.DatabaseException;

/**
 * Camera groups in the user database, mirrored in memory like the users: the access policy asks, on the event loop,
 * which groups a camera is in. Writes block (call them from a worker), go to disk first, then to the mirror. In a
 * cluster's shared database each write also notes the change for the other nodes ({@link AuthChanges#CAMERA_GROUP}),
 * which reload their mirror from it (D79).
 */
public final class GroupStore implements AccessPolicy.CameraGroups {
    private final Database db;
    private final Map<String, CameraGroup> byId = new ConcurrentHashMap<>();
    private volatile Map<String, Set<String>> groupsOfCamera = Map.of();

    public GroupStore(UserStore users) {
        this.db = users.database();
        load();
    }

    private void load() {
        Map<String, CameraGroup> fresh = read();
        byId.keySet().retainAll(fresh.keySet());
        byId.putAll(fresh);
        reindex();
    }

    /** Reads every group again, after another node of the cluster changed one (D79). */
    public synchronized void reload() {
        load();
    }

    private Map<String, CameraGroup> read() {
        Map<String, CameraGroup> out = new HashMap<>();
        db.read(c -> {
            Map<String, Set<String>> members = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT group_id, camera_id FROM camera_group_member")) {
                while (rs.next()) {
                    members.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name, created_ms FROM camera_group")) {
                while (rs.next()) {
                    out.put(rs.getString(1), new CameraGroup(rs.getString(1), rs.getString(2),
                            members.getOrDefault(rs.getString(1), Set.of()), rs.getLong(3)));
                }
            }
            return null;
        });
        return out;
    }

    public List<CameraGroup> all() {
        return byId.values().stream().sorted(Comparator.comparing(CameraGroup::name)).toList();
    }

    public Optional<CameraGroup> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    @Override
    public Set<String> groupsOf(String cameraId) {
        return groupsOfCamera.getOrDefault(cameraId, Set.of());
    }

    /** Creates the group or replaces its name and cameras, in one transaction. */
    public synchronized void put(CameraGroup g) {
        try {
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO camera_group (id, name, created_ms)"
                        + " VALUES (?,?,?) ON CONFLICT (id) DO UPDATE SET name = excluded.name")) {
                    ps.setString(1, g.id());
                    ps.setString(2, g.name());
                    ps.setLong(3, g.createdMillis());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM camera_group_member WHERE group_id = ?")) {
                    ps.setString(1, g.id());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO camera_group_member (group_id, camera_id) VALUES (?,?)")) {
                    for (String camera : g.cameras()) {
                        ps.setString(1, g.id());
                        ps.setString(2, camera);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                noteForOtherNodes(c, g);
                return null;
            });
        } catch (DatabaseException e) {
            throw new IllegalStateException("cannot store camera group: " + e.getMessage(), e);
        }
        byId.put(g.id(), g);
        reindex();
    }

    public synchronized void delete(CameraGroup g) {
        try {
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM camera_group WHERE id = ?")) {
                    ps.setString(1, g.id());
                    ps.executeUpdate();
                }
                noteForOtherNodes(c, g);
                return null;
            });
        } catch (DatabaseException e) {
            throw new IllegalStateException("cannot remove camera group: " + e.getMessage(), e);
        }
        byId.remove(g.id());
        reindex();
    }

    /** In the change's own transaction, as for users (D73): the other nodes never see one without the other. */
    private void noteForOtherNodes(java.sql.Connection c, CameraGroup g) throws java.sql.SQLException {
        if (db.dialect().shared()) {
            AuthChanges.record(c, AuthChanges.CAMERA_GROUP, g.id(), null, null);
        }
    }

    private void reindex() {
        Map<String, Set<String>> index = new HashMap<>();
        for (CameraGroup g : byId.values()) {
            for (String camera : g.cameras()) {
                index.computeIfAbsent(camera, k -> new HashSet<>()).add(g.id());
            }
        }
        index.replaceAll((k, v) -> Set.copyOf(v));
        groupsOfCamera = Map.copyOf(index);
    }
}
