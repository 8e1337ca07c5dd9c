package nl.poortwachter.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The footage permissions (live, playback, export) against every role, with and without a grant, on a 151c and
 * an ordinary camera, decided by the policy alone. {@code RoleMatrixTest} checks every route, these included,
 * through HTTP; this table says why each answer is what it is (the denial reason).
 */
class AccessPolicyTest {
    private final AccessPolicy policy = new AccessPolicy(Set.of("gemeentewet-151c"));

    private static User user(Role role, String... grants) {
        return new User("id", "u", role, "h", false, Set.of(grants), 0);
    }

    private String decide(Role role, Permission p, String regime, boolean granted) {
        User u = granted ? user(role, "cam") : user(role, "other");
        String d = policy.denial(u, p, "cam", regime);
        return d == null ? "allow" : d;
    }

    @Test
    void liveAndPlaybackMatrix() {
        String r151 = "gemeentewet-151c";
        String avg = "avg-building-security";
        // role, permission, regime, granted -> expected
        Object[][] cases = {
                {Role.OPERATOR, Permission.LIVE, r151, true, "allow"},
                {Role.OPERATOR, Permission.LIVE, r151, false, "no_grant"},
                {Role.OPERATOR, Permission.PLAYBACK, avg, true, "allow"},
                {Role.OPERATOR, Permission.PLAYBACK, r151, true, "police_only_regime"},
                {Role.OPERATOR, Permission.EXPORT, r151, true, "police_only_regime"},
                {Role.OPERATOR, Permission.EXPORT, avg, true, "allow"},
                {Role.OPERATOR, Permission.PLAYBACK, avg, false, "no_grant"},
                {Role.POLICE, Permission.PLAYBACK, r151, true, "allow"},
                {Role.POLICE, Permission.EXPORT, r151, true, "allow"},
                {Role.POLICE, Permission.LIVE, r151, true, "allow"},
                {Role.POLICE, Permission.PLAYBACK, r151, false, "no_grant"},
                {Role.INTEGRATOR, Permission.LIVE, r151, false, "allow"},
                {Role.INTEGRATOR, Permission.PLAYBACK, avg, true, "role"},
                {Role.INTEGRATOR, Permission.EXPORT, avg, true, "role"},
                {Role.AUDITOR, Permission.LIVE, avg, true, "role"},
                {Role.AUDITOR, Permission.PLAYBACK, avg, true, "role"},
                {Role.ADMIN, Permission.LIVE, avg, true, "role"},
                {Role.ADMIN, Permission.PLAYBACK, avg, true, "role"},
                {Role.OPERATOR, Permission.EXPORT_RECORDS, avg, true, "allow"},
                {Role.OPERATOR, Permission.EXPORT_RECORDS, r151, true, "police_only_regime"},
                {Role.OPERATOR, Permission.EXPORT_RECORDS, avg, false, "no_grant"},
                {Role.POLICE, Permission.EXPORT_RECORDS, r151, true, "allow"},
                {Role.AUDITOR, Permission.EXPORT_RECORDS, r151, false, "allow"},
                {Role.AUDITOR, Permission.EXPORT, avg, true, "role"},
                {Role.INTEGRATOR, Permission.EXPORT_RECORDS, avg, true, "role"},
                {Role.ADMIN, Permission.EXPORT_RECORDS, avg, true, "role"},
        };
        for (Object[] c : cases) {
            assertEquals(c[4], decide((Role) c[0], (Permission) c[1], (String) c[2], (Boolean) c[3]),
                    c[0] + " " + c[1] + " " + c[2] + " granted=" + c[3]);
        }
    }

    @Test
    void anExportIsSeenInFullByItsRequesterAndPoliceAsARecordByAuditorsAndNotAtAllByOthers() {
        assertEquals(AccessPolicy.ExportScope.FULL, policy.exportScope(user(Role.OPERATOR, "cam"), "u"));
        assertEquals(AccessPolicy.ExportScope.NONE, policy.exportScope(user(Role.OPERATOR, "cam"), "someone-else"));
        assertEquals(AccessPolicy.ExportScope.FULL, policy.exportScope(user(Role.POLICE, "cam"), "someone-else"));
        assertEquals(AccessPolicy.ExportScope.METADATA, policy.exportScope(user(Role.AUDITOR), "someone-else"));
        assertEquals(AccessPolicy.ExportScope.NONE, policy.exportScope(user(Role.ADMIN), "u"));
        assertEquals(AccessPolicy.ExportScope.NONE, policy.exportScope(user(Role.INTEGRATOR), "u"));
    }

    @Test
    void starGrantsEveryCameraAndPendingPasswordChangeBlocksAll() {
        User all = user(Role.OPERATOR, "*");
        assertEquals(null, policy.denial(all, Permission.LIVE, "any-camera", null));
        User fresh = new User("id", "u", Role.AUDITOR, "h", true, Set.of(), 0);
        assertEquals("password_change_required", policy.denial(fresh, Permission.AUDIT_READ, null, null));
        assertEquals(null, policy.denial(fresh, Permission.SELF, null, null));
    }

    @Test
    void aGrantOnAGroupCoversTheCamerasInItNowAndNoOthers() {
        java.util.Map<String, Set<String>> membership = new java.util.HashMap<>(java.util.Map.of("cam", Set.of("centrum")));
        AccessPolicy grouped = new AccessPolicy(Set.of("gemeentewet-151c"),
                camera -> membership.getOrDefault(camera, Set.of()));
        User olga = user(Role.OPERATOR, "group:centrum");
        assertEquals(null, grouped.denial(olga, Permission.LIVE, "cam", null));
        assertEquals(null, grouped.denial(olga, Permission.PLAYBACK, "cam", "avg-building-security"));
        assertEquals("police_only_regime", grouped.denial(olga, Permission.PLAYBACK, "cam", "gemeentewet-151c"),
                "a group grant is a grant, not a regime exemption");
        assertEquals("no_grant", grouped.denial(olga, Permission.LIVE, "elsewhere", null));
        assertEquals("no_grant", grouped.denial(user(Role.OPERATOR, "group:noord"), Permission.LIVE, "cam", null));
        membership.put("cam", Set.of());
        assertEquals("no_grant", grouped.denial(olga, Permission.LIVE, "cam", null), "taken out of the group: gone");
        assertEquals("no_grant", policy.denial(olga, Permission.LIVE, "cam", null), "no groups, no group grants");
    }

    /** Footage carries its regime (D47): a range across a change needs the strictest right; unknown is police only. */
    @Test
    void footageIsJudgedByEveryRegimeItWasRecordedUnder() {
        User operator = user(Role.OPERATOR, "cam");
        User police = user(Role.POLICE, "cam");
        Set<String> across = Set.of("avg-building-security", "gemeentewet-151c");
        assertEquals("police_only_regime", policy.denialByRegimes(operator, Permission.PLAYBACK, "cam", across));
        assertEquals(null, policy.denialByRegimes(police, Permission.PLAYBACK, "cam", across));
        assertEquals(null, policy.denialByRegimes(operator, Permission.EXPORT, "cam", Set.of("avg-building-security")));
        assertEquals("police_only_regime", policy.denialByRegimes(operator, Permission.EXPORT, "cam",
                Set.of(AccessPolicy.UNKNOWN_REGIME)));
        assertEquals(null, policy.denialByRegimes(operator, Permission.LIVE, "cam", across), "live is not footage");
    }
}
