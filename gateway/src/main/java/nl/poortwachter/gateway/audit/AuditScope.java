package nl.poortwachter.gateway.audit;

import java.util.concurrent.Callable;

/**
 * The audit context of the request a worker thread is serving, for code that is told about changes without being
 * told by whom: the recorder's {@code CameraListener} (it cannot depend on the gateway). Set around the
 * recorder call by the route; absent for changes from the configuration file at start-up (then: system).
 */
public final class AuditScope {
    private static final ThreadLocal<AuditContext> CURRENT = new ThreadLocal<>();

    private AuditScope() {
    }

    public static <T> T run(AuditContext ctx, Callable<T> work) throws Exception {
        AuditContext previous = CURRENT.get();
        CURRENT.set(ctx);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static AuditContext current() {
        AuditContext c = CURRENT.get();
        return c == null ? AuditContext.system() : c;
    }
}
