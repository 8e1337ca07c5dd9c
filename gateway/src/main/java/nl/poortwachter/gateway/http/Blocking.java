package nl.poortwachter.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs blocking work (Recorder calls: disk, database, FFmpeg) off the event loop, on a bounded pool of its own,
 * so that a slow camera probe cannot starve the event loop or Vert.x's shared worker pool.
 * Calls are unordered: with ordered execution Vert.x would run all calls from one event loop one after another,
 * and a 10-second probe would hold up every listing behind it.
 */
public final class Blocking implements AutoCloseable {
    private final WorkerExecutor executor;

    public Blocking(Vertx vertx, String name, int threads) {
        // A probe waits up to the probe timeout plus FFmpeg's own slack; warn only beyond that.
        this.executor = vertx.createSharedWorkerExecutor(name, threads, 2, TimeUnit.MINUTES);
    }

    public <T> Future<T> call(Callable<T> work) {
        return executor.executeBlocking(work, false);
    }

    @Override
    public void close() {
        executor.close();
    }
}
