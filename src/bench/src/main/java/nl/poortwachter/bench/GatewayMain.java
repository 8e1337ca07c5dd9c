package nl.poortwachter.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.PassthroughPolicy;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.ingest.IngestState;

/**
 * The gateway side of the bench, run by {@link Bench} as its own JVM so that its CPU and memory can be read
 * from /proc alone: a {@link Recorder} recording N cameras {@code <url-base>0 .. <url-base>N-1}, nothing
 * else (no HTTP). Talks to the bench over stdin/stdout, one line each way:
 * <pre>
 *   (starts)  -> READY cameras=N
 *   status    -> STATUS total=N streaming=.. connecting=.. backoff=.. failed=.. stopped=.. reconnects=.. fps=..
 *   stop      -> STOPPED (after Recorder.close(): files closed and indexed)
 * </pre>
 * Nothing runs between commands, so polling never disturbs the measurement window.
 *
 * <p>Usage: {@code GatewayMain --url-base rtsp://127.0.0.1:PORT/replay/ --cameras N --dir DIR
 * [--segment-seconds 60] [--disk-threads 4] [--rtsp-reader builtin|ffmpeg]}
 */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        String urlBase = null;
        int cameras = 1;
        Path dir = null;
        int segmentSeconds = 60;
        int diskThreads = 4;
        RecorderConfig.RtspReader reader = RecorderConfig.RtspReader.builtin;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url-base" -> urlBase = args[++i];
                case "--cameras" -> cameras = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--segment-seconds" -> segmentSeconds = Integer.parseInt(args[++i]);
                case "--disk-threads" -> diskThreads = Integer.parseInt(args[++i]);
                case "--rtsp-reader" -> reader = RecorderConfig.RtspReader.valueOf(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (urlBase == null || dir == null) {
            throw new IllegalArgumentException("--url-base and --dir are required");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // The bench measures passthrough (remux, no transcoding): the policy trusts the vendor "bench".
        RecorderConfig config = RecorderConfig.builder(dir.resolve("storage"))
                .databaseFile(dir.resolve("index.db"))
                .segmentDuration(Duration.ofSeconds(segmentSeconds))
                .rtspReader(reader)
                .legalRegimes(Map.of("bench", new LegalRegime("bench", "Benchmark", 28)))
                .diskThreads(diskThreads)
                .passthroughPolicy(new PassthroughPolicy(java.util.Set.of("bench"), java.util.Set.of(), java.util.Set.of()))
                // The simulator runs on loopback, which cameras may not use unless allowed (docs/decisions.md D49).
                .cameraSpecialAddresses(java.util.Set.of(nl.poortwachter.recorder.camera.AddressPolicy.Kind.LOOPBACK))
                .build();
        Recorder recorder = Recorder.start(config, new SimpleMeterRegistry());
        for (int k = 0; k < cameras; k++) {
            CameraView v = recorder.addCamera(new CameraSpec("cam-" + k, "Bench camera " + k, urlBase + k, null, null,
                    "bench", null, "bench", "benchmark", "bench", null, true, null)
                    .withPipeline(PipelineMode.passthrough, null, null, null));
            if (k == 0) {
                System.err.println("bench: camera cam-0 as stored: " + v);
            }
        }
        out.println("READY cameras=" + cameras + " mode=" + recorder.cameras().get(0).mode());
        Runtime.getRuntime().addShutdownHook(new Thread(recorder::close, "bench-shutdown"));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.strip()) {
                case "status" -> out.println(status(recorder));
                case "stop" -> {
                    recorder.close();
                    out.println("STOPPED");
                    System.exit(0);
                }
                default -> out.println("ERROR unknown command " + line);
            }
        }
        recorder.close();
    }

    private static String status(Recorder recorder) {
        Map<IngestState, Integer> states = new EnumMap<>(IngestState.class);
        long reconnects = 0;
        long bytes = 0;
        double fps = 0;
        List<CameraView> all = recorder.cameras();
        for (CameraView c : all) {
            states.merge(c.status().state(), 1, Integer::sum);
            reconnects += c.status().reconnects();
            bytes += c.status().bytes();
            fps += c.status().fps();
        }
        StringBuilder sb = new StringBuilder("STATUS total=").append(all.size());
        for (IngestState s : IngestState.values()) {
            sb.append(' ').append(s.name()).append('=').append(states.getOrDefault(s, 0));
        }
        sb.append(" reconnects=").append(reconnects).append(" bytes=").append(bytes);
        sb.append(String.format(java.util.Locale.ROOT, " fps=%.1f", all.isEmpty() ? 0 : fps / all.size()));
        return sb.toString();
    }
}
