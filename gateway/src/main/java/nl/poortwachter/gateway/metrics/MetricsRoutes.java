package nl.poortwachter.gateway.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;

/** GET /metrics in the Prometheus text format. Scraped on a worker: gauges may call into the recorder. */
public final class MetricsRoutes {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Blocking blocking;
    private final boolean open;
    private final Runnable beforeScrape;

    /**
     * @param open whether /metrics is public (configured with {@code auth.metricsPublic: true}, for a Prometheus
     *             that cannot log in; then restrict it by network). By default it needs a login (admin, integrator).
     * @param beforeScrape runs on the worker before each scrape (e.g. giving every camera its counters at 0)
     */
    public MetricsRoutes(PrometheusMeterRegistry registry, Blocking blocking, boolean open, Runnable beforeScrape) {
        this.registry = registry;
        this.blocking = blocking;
        this.open = open;
        this.beforeScrape = beforeScrape;
    }

    public void register(Router router) {
        router.get("/metrics", open ? Access.PUBLIC : Access.of(Permission.METRICS, "metrics.read"), this::scrape);
    }

    private Future<Reply> scrape(Exchange ex) {
        return blocking.call(() -> {
            beforeScrape.run();
            return registry.scrape();
        }).map(text -> Reply.of(200, CONTENT_TYPE, Buffer.buffer(text)));
    }
}
