package nl.poortwachter.gateway.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.ChainVerifier;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.gateway.audit.VerifyReport;
import nl.poortwachter.gateway.auth.UserStore;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.DatabaseCheck;
import nl.poortwachter.recorder.database.DatabaseException;
import nl.poortwachter.recorder.database.Schema;
import nl.poortwachter.recorder.cluster.ClusterConfig;
import nl.poortwachter.recorder.database.Connector;
import nl.poortwachter.recorder.database.PostgresConnector;
import nl.poortwachter.recorder.database.index.IndexCheck;
import nl.poortwachter.recorder.storage.StorageFolder;
import nl.poortwachter.recorder.storage.StorageInUseException;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * {@code gateway check}: the storage folder and its databases verified offline, while no gateway runs (the check
 * takes the folder's lock, and changes nothing): schema versions, the engine's integrity check, the folder's
 * identity in every database, the index against the files (see {@link IndexCheck}) and the audit log's hash chain
 * and signed checkpoints. One line per problem. A cluster node's folder is checked against the cluster's shared
 * database: its own rows only, the one audit chain, the shared users (the other nodes may run meanwhile).
 */
public final class StorageCheck {
    /** @param summary one line: what was looked at, or how many problems there are */
    public record Outcome(List<String> problems, String summary) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private StorageCheck() {
    }

    public static Outcome run(GatewayConfig config) {
        Path storage = config.storageDir().toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(storage)) {
            problems.add("storage folder " + storage + ": does not exist");
            return outcome(problems, "");
        }
        StorageFolder folder;
        try {
            folder = StorageFolder.openForCheck(storage);
        } catch (StorageInUseException e) {
            problems.add(e.getMessage());
            return outcome(problems, "");
        } catch (IllegalStateException e) {
            problems.add("storage folder " + storage + ": " + e.getMessage());
            return outcome(problems, "");
        }
        try (folder) {
            String id = folder.id();
            if (id == null) {
                problems.add("storage folder " + storage + ": no identity file (" + StorageFolder.ID_FILE
                        + "); the next start makes one");
            }
            ClusterConfig cluster = config.toRecorderConfig().cluster();
            IndexCheck.Result index = cluster == null
                    ? IndexCheck.run(config.databaseFile(), new StorageLayout(storage), id)
                    : IndexCheck.run(new PostgresConnector("index database", "index", cluster.database()),
                            new StorageLayout(storage), id, cluster.nodeId());
            problems.addAll(index.problems());
            long entries = audit(config, cluster == null ? AuditStore.connector(config.audit().file())
                    : new PostgresConnector("audit database", "audit", cluster.database()), id, problems);
            common(cluster == null ? UserStore.connector(storage.resolve(UserStore.FILE))
                    : new PostgresConnector("user database", "auth", cluster.database()), UserStore.SCHEMA, id, problems);
            return outcome(problems, (cluster == null ? "" : "node " + cluster.nodeId() + ": ") + index.segments()
                    + " segments, " + index.files() + " segment files, " + entries + " audit entries");
        }
    }

    /** The audit database's common checks, then its chain; returns the entries verified. */
    private static long audit(GatewayConfig config, Connector connector, String storageId, List<String> problems) {
        if (!connector.exists()) {
            problems.add(connector.describe() + ": does not exist");
            return 0;
        }
        try (AuditStore store = AuditStore.openReadOnly(connector)) {
            List<String> own = DatabaseCheck.problems(store.database(), AuditStore.SCHEMA, storageId);
            problems.addAll(own);
            if (!own.isEmpty()) {
                return 0;
            }
            PublicKey key = publicKey(config.audit().keyDir(), problems);
            if (key == null) {
                return 0;
            }
            VerifyReport r = new ChainVerifier(store, key).verify(null);
            if (!r.ok()) {
                problems.add(store.database().describe() + ": the chain fails at entry " + r.firstBadSeq() + ": "
                        + r.problem());
            }
            return r.entries();
        } catch (DatabaseException e) {
            problems.add(e.getMessage());
            return 0;
        }
    }

    private static PublicKey publicKey(Path keyDir, List<String> problems) {
        Path pub = keyDir.resolve(SigningKey.PUBLIC_FILE);
        try {
            return SigningKey.parsePublicPem(Files.readString(pub));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            problems.add("audit signing key " + pub + ": cannot be read (" + e.getMessage() + "); the audit log's "
                    + "checkpoints cannot be verified");
            return null;
        }
    }

    private static void common(Connector connector, Schema schema, String storageId, List<String> problems) {
        if (!connector.exists()) {
            problems.add(connector.describe() + ": does not exist");
            return;
        }
        try (Database db = Database.openReadOnly(connector)) {
            problems.addAll(DatabaseCheck.problems(db, schema, storageId));
        } catch (DatabaseException e) {
            problems.add(e.getMessage());
        }
    }

    private static Outcome outcome(List<String> problems, String looked) {
        String summary = problems.isEmpty() ? "check: all is well (" + looked + ")"
                : "check: " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
        return new Outcome(List.copyOf(problems), summary);
    }
}
