package nl.poortwachter.gateway.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.config.AuthSettings;
import nl.poortwachter.gateway.config.ConfigException;

/**
 * The first admin, when no user exists yet. With {@code POORTWACHTER_ADMIN_PASSWORD} set, that password (and
 * {@code POORTWACHTER_ADMIN_USER}, default {@code admin}); otherwise a generated one-time password, printed once
 * on stdout as one marked line, to be changed at first login. There is never a default password.
 *
 * <p>The printed line bypasses the logger on purpose: the logger's redactor would rightly mask it, and the point
 * is that the operator starting the gateway for the first time can read it. It appears once, at the first start.
 */
public final class Bootstrap {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Bootstrap() {
    }

    /**
     * The admin still waiting for its own password: the only user, an admin, with a password to change (the one-time
     * password of the first start, or one reset on the box). Then the first-run page is open (D55).
     */
    public static java.util.Optional<User> pendingAdmin(UserStore users) {
        java.util.List<User> all = users.all();
        return all.size() == 1 && all.get(0).role() == Role.ADMIN && all.get(0).mustChangePassword()
                ? java.util.Optional.of(all.get(0)) : java.util.Optional.empty();
    }

    /** @param console where the one-time password goes (stdout in production) */
    public static void ensureAdmin(UserStore users, PasswordHasher hasher, AuthSettings settings, AuditLog audit,
                                   Clock clock, SecureRandom random, Consumer<String> console) throws Exception {
        if (!users.isEmpty()) {
            return;
        }
        String name = UserStore.normalise(settings.bootstrapUser() == null || settings.bootstrapUser().isBlank()
                ? "admin" : settings.bootstrapUser());
        if (!User.USERNAME.matcher(name).matches()) {
            throw new ConfigException(AuthSettings.ADMIN_USER_ENV + ": must be 1-64 characters a-z, 0-9, '.', '_', '-'");
        }
        boolean fromEnv = settings.bootstrapPassword() != null && !settings.bootstrapPassword().isEmpty();
        String password = fromEnv ? settings.bootstrapPassword() : OneTimePassword.generate(random);
        String problem = PasswordRules.problem(password, name);
        if (problem != null) {
            throw new ConfigException(AuthSettings.ADMIN_PASSWORD_ENV + ": the password " + problem);
        }
        User admin = new User(UUID.randomUUID().toString(), name, Role.ADMIN, hasher.hash(password.toCharArray()),
                !fromEnv, Set.of(), clock.millis());
        users.insert(admin);
        audit.userChanged(AuditContext.system(), "user.create", name, AuditLog.OK,
                "role=admin bootstrap=" + (fromEnv ? "environment" : "one_time_password")).get();
        if (!fromEnv) {
            console.accept(TIME.format(clock.instant()) + " WARN  gateway.auth msg=\"FIRST START: one-time admin"
                    + " password (the setup code), shown only now; open the gateway in a browser and enter it there\""
                    + " user=" + name + " one_time_password=" + password);
        }
    }
}
