package nl.poortwachter.gateway.reset;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.AuditWriter;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.gateway.auth.OneTimePassword;
import nl.poortwachter.gateway.auth.PasswordHasher;
import nl.poortwachter.gateway.auth.Role;
import nl.poortwachter.gateway.auth.User;
import nl.poortwachter.gateway.auth.UserStore;
import nl.poortwachter.gateway.config.AuditSettings;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.recorder.storage.StorageFolder;
import nl.poortwachter.recorder.storage.StorageInUseException;

/**
 * {@code gateway reset-admin-password [NAME]}: a lost administrator password reset on the box (D57). It runs only
 * while the gateway is stopped (it takes the storage folder's lock, so a running gateway's user mirror cannot be
 * out of date), gives the administrator a one-time password that must be changed at the next login, and writes the
 * reset to the audit log before it is made ({@code user.password}, by the system, {@code by=reset-admin-password}).
 * Whoever can run it can read the storage folder anyway; what it adds is that the reset is not silent.
 */
public final class ResetAdminPassword {
    public static final String WORD = "reset-admin-password";
    public static final int EXIT_OK = 0;
    public static final int EXIT_REFUSED = 1;

    /** The command line without the command word and its optional user name; null name: the only administrator. */
    public record Arguments(String[] rest, String username) {
    }

    private ResetAdminPassword() {
    }

    public static boolean named(String[] args) {
        return List.of(args).contains(WORD);
    }

    public static Arguments split(String[] args) {
        List<String> rest = new ArrayList<>();
        String name = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(WORD)) {
                if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    name = args[++i];
                }
            } else {
                rest.add(args[i]);
            }
        }
        return new Arguments(rest.toArray(String[]::new), name);
    }

    /** Resets the password; one line on {@code out} (the one-time password) or on {@code err} (why not). */
    public static int run(GatewayConfig config, String username, PrintStream out, PrintStream err) {
        Path storage = config.storageDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(storage) || !Files.exists(storage.resolve(UserStore.FILE))) {
            err.println("poortwachter: " + storage + " holds no users yet; start the gateway once (src/dist/run)");
            return EXIT_REFUSED;
        }
        try (StorageFolder folder = StorageFolder.openForCheck(storage);
             UserStore users = new UserStore(storage.resolve(UserStore.FILE), folder.id())) {
            Optional<User> admin = choose(users, username, err);
            if (admin.isEmpty()) {
                return EXIT_REFUSED;
            }
            String password = reset(config, folder.id(), users, admin.get());
            out.println("poortwachter: one-time password for " + admin.get().username() + ": " + password
                    + " (log in with it and choose a new one; the reset is in the audit log)");
            return EXIT_OK;
        } catch (StorageInUseException e) {
            err.println("poortwachter: " + e.getMessage().replace('\n', ' ') + "; stop the gateway first");
            return EXIT_REFUSED;
        } catch (Exception e) {
            err.println("poortwachter: the password was not reset: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return EXIT_REFUSED;
        }
    }

    private static Optional<User> choose(UserStore users, String username, PrintStream err) {
        List<User> admins = users.all().stream().filter(u -> u.role() == Role.ADMIN).toList();
        if (username != null) {
            Optional<User> named = users.byName(username);
            if (named.isEmpty() || named.get().role() != Role.ADMIN) {
                err.println("poortwachter: no administrator named '" + UserStore.normalise(username) + "'; administrators: "
                        + admins.stream().map(User::username).toList() + " (other users are reset on the admin page)");
                return Optional.empty();
            }
            return named;
        }
        if (admins.size() != 1) {
            err.println("poortwachter: name the administrator: " + WORD + " NAME (administrators: "
                    + admins.stream().map(User::username).toList() + ")");
            return Optional.empty();
        }
        return Optional.of(admins.get(0));
    }

    /** The entry first, durable, then the new hash; the writer's close signs a checkpoint over the entry. */
    private static String reset(GatewayConfig config, String storageId, UserStore users, User admin) throws Exception {
        SecureRandom random = new SecureRandom();
        String password = OneTimePassword.generate(random);
        String hash = new PasswordHasher(config.auth().passwordHashIterations(), random).hash(password.toCharArray());
        AuditSettings a = config.audit();
        Clock clock = Clock.systemUTC();
        try (AuditStore store = new AuditStore(a.file(), storageId);
             AuditWriter writer = new AuditWriter(store, SigningKey.loadOrCreate(a.keyDir()), clock,
                     a.checkpointEntries(), a.checkpointInterval())) {
            AuditLog audit = new AuditLog(writer, clock, a::activityOf, Map.of("name", a.gatewayName()));
            EntryFirst.run(audit.passwordResetOnTheBox(admin.username()), () -> {
                users.update(admin.withPassword(hash, true));
                return null;
            }, () -> audit.userChangeFailed(nl.poortwachter.gateway.audit.AuditContext.system(), "user.password",
                    admin.username()));
        }
        return password;
    }
}
