package nl.poortwachter.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import nl.poortwachter.recorder.camera.Cidr;

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

    @Override
    public String toString() {
        return "AuthSettings[idle=" + sessionIdle + ", max=" + sessionMax + ", bootstrapPassword="
                + (bootstrapPassword == null ? "none" : "***") + "]";
    }
}
