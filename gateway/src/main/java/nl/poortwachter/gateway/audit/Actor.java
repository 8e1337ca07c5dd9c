package nl.poortwachter.gateway.audit;

/** Who acted: a user (id, name, role) or the gateway itself (retention, start-up). */
public record Actor(String id, String name, String role) {
    public static final Actor SYSTEM = new Actor("system", "system", "system");

    /** Someone who is not (yet) a known user: a failed login. Only the name they typed, shortened, is kept. */
    public static Actor claimed(String typedName) {
        return new Actor(null, Text.clip(typedName, 64), null);
    }
}
