package nl.poortwachter.gateway.config;

import static nl.poortwachter.gateway.config.SettingsTable.LOCKOUT_MAX_SECONDS;
import static nl.poortwachter.gateway.config.SettingsTable.LOCKOUT_SECONDS;
import static nl.poortwachter.gateway.config.SettingsTable.MAX_FAILED_LOGINS;
import static nl.poortwachter.gateway.config.SettingsTable.MAX_FAILED_LOGINS_PER_ADDRESS;
import static nl.poortwachter.gateway.config.SettingsTable.METRICS_PUBLIC;
import static nl.poortwachter.gateway.config.SettingsTable.PASSWORD_HASH_ITERATIONS;
import static nl.poortwachter.gateway.config.SettingsTable.POLICE_ONLY_REGIMES;
import static nl.poortwachter.gateway.config.SettingsTable.SECURE_COOKIE;
import static nl.poortwachter.gateway.config.SettingsTable.SESSION_IDLE_MINUTES;
import static nl.poortwachter.gateway.config.SettingsTable.SESSION_MAX_HOURS;

import static nl.poortwachter.gateway.config.SettingsTable.TRUSTED_PROXIES;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.settings.SettingException;
import nl.poortwachter.recorder.settings.Settings;

/**
 * The {@code auth:} section. {@code bootstrapUser}/{@code bootstrapPassword} come from the environment
 * ({@code POORTWACHTER_ADMIN_USER}, {@code POORTWACHTER_ADMIN_PASSWORD}), never from the file, and are used only
 * when no user exists yet. {@code trustedProxies}: reverse proxies whose {@code X-Forwarded-For} names the client.
 */
public record AuthSettings(Duration sessionIdle, Duration sessionMax, int maxFailedLogins,
                           int maxFailedLoginsPerAddress, Duration lockout, Duration lockoutMax,
                           int passwordHashIterations, boolean secureCookie, Set<String> policeOnlyRegimes,
                           boolean metricsPublic, List<Cidr> trustedProxies, String bootstrapUser,
                           String bootstrapPassword) {
    public static final String ADMIN_USER_ENV = "POORTWACHTER_ADMIN_USER";
    public static final String ADMIN_PASSWORD_ENV = "POORTWACHTER_ADMIN_PASSWORD";

    /**
     * @param regimes the configured legal regimes: police-only regimes must be among them
     * @throws SettingException when values that belong together do not fit
     */
    static AuthSettings from(Settings s, Map<String, LegalRegime> regimes, Function<String, String> env) {
        int idle = s.get(SESSION_IDLE_MINUTES);
        int max = s.get(SESSION_MAX_HOURS);
        if (idle > max * 60) {
            throw new SettingException(SESSION_IDLE_MINUTES.key(), "must not exceed " + SESSION_MAX_HOURS.key());
        }
        int lockout = s.get(LOCKOUT_SECONDS);
        if (s.get(LOCKOUT_MAX_SECONDS) < lockout) {
            throw new SettingException(LOCKOUT_MAX_SECONDS.key(), "must not be less than " + LOCKOUT_SECONDS.key()
                    + " (" + lockout + ")");
        }
        // The default names the public-order regime; a file whose regimes lack it has no police-only regime.
        List<String> policeOnly = s.isGiven(POLICE_ONLY_REGIMES) ? s.get(POLICE_ONLY_REGIMES)
                : s.get(POLICE_ONLY_REGIMES).stream().filter(regimes::containsKey).toList();
        for (int i = 0; i < policeOnly.size(); i++) {
            if (!regimes.containsKey(policeOnly.get(i))) {
                throw new SettingException(POLICE_ONLY_REGIMES.key() + "[" + i + "]", "is not a configured legal regime");
            }
        }
        // From the environment only: a password in a file is a password in backups and version control.
        return new AuthSettings(Duration.ofMinutes(idle), Duration.ofHours(max), s.get(MAX_FAILED_LOGINS),
                s.get(MAX_FAILED_LOGINS_PER_ADDRESS), Duration.ofSeconds(lockout),
                Duration.ofSeconds(s.get(LOCKOUT_MAX_SECONDS)), s.get(PASSWORD_HASH_ITERATIONS), s.get(SECURE_COOKIE),
                Set.copyOf(policeOnly), s.get(METRICS_PUBLIC), s.get(TRUSTED_PROXIES), env.apply(ADMIN_USER_ENV), env.apply(ADMIN_PASSWORD_ENV));
    }

    @Override
    public String toString() {
        return "AuthSettings[idle=" + sessionIdle + ", max=" + sessionMax + ", bootstrapPassword="
                + (bootstrapPassword == null ? "none" : "***") + "]";
    }
}
