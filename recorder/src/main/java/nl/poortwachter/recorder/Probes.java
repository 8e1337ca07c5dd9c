package nl.poortwachter.recorder;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ConnectionTest;
import nl.poortwachter.recorder.camera.ProbeResult;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.ingest.source.Prober;

/**
 * One-off connections to a camera beside its ingest session: a probe of a saved camera and an integrator's test of
 * one not saved yet. They run on two threads of their own, so that many at once queue instead of competing with the
 * cameras' sessions, and every address they reach is checked by the camera URL policy.
 */
final class Probes implements AutoCloseable {
    private final RtspUrlPolicy urlPolicy;
    private final Duration timeout;
    private final ExecutorService pool;

    Probes(RtspUrlPolicy urlPolicy, Duration timeout) {
        this.urlPolicy = urlPolicy;
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A saved camera's format; its answer takes the same time whether refused or unreachable (ProbeAnswer). */
    ProbeResult probe(CameraSpec camera) {
        String refusal = urlPolicy.refusalNow(camera.url());
        if (refusal != null) {
            return ProbeResult.failure(ProbeResult.Problem.not_allowed, refusal, 0);
        }
        try {
            return pool.submit(() -> {
                long started = System.nanoTime();
                return ProbeAnswer.uniform(Prober.probe(camera, timeout, urlPolicy::allows), timeout, started);
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failure(ProbeResult.Problem.error, "interrupted", 0);
        } catch (ExecutionException e) {
            return ProbeResult.failure(ProbeResult.Problem.error, String.valueOf(e.getCause().getMessage()), 0);
        }
    }

    /** A camera checked by {@code CameraValidator.validateConnection}; with {@code picture}, one decoded picture. */
    ConnectionTest test(CameraSpec camera, boolean picture) {
        try {
            return pool.submit(() -> Prober.test(camera, timeout, picture, urlPolicy::allows)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ConnectionTest(camera.url(), ProbeResult.failure(ProbeResult.Problem.error, "interrupted", 0), null);
        } catch (ExecutionException e) {
            return new ConnectionTest(camera.url(), ProbeResult.failure(ProbeResult.Problem.error,
                    String.valueOf(e.getCause().getMessage()), 0), null);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
