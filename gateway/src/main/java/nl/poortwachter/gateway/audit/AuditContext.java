package nl.poortwachter.gateway.audit;

/** Who, from where, in which trace: what every entry of one request shares. Built from the request by the routes. */
public record AuditContext(Actor actor, Origin origin, TraceContext trace) {
    /** For the gateway's own actions (retention): no client, a new trace. */
    public static AuditContext system() {
        return new AuditContext(Actor.SYSTEM, Origin.INTERNAL, TraceContext.root());
    }
}
