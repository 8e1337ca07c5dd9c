package nl.poortwachter.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.recorder.ingest.OfflinePipeline;

/**
 * What sanitizing costs per camera: for each encoder setting ({@link TranscodeCase}) and each clip, the CPU time
 * (user + system) per picture of the gateway's pipeline ({@link OfflinePipeline}: libav decoder → libx264 or
 * libopenh264 → packer and fMP4 muxer, in a child JVM) and of the bundled ffmpeg CLI with the same settings, the
 * 1080p25 cameras one core can sanitize (1 / (CPU s per picture × 25)), and the quality: SSIM of each side's output
 * against the decoded source, and the bitrate it produced. CPU time, not wall time: other processes on a shared
 * machine slow a run down but hardly change the work it does. With {@code --repeat N} every measurement runs N
 * times, gateway and CLI alternating, and medians are compared. Usage: {@code src/bench/bench transcode --help}.
 */
public final class TranscodeBench {
    static final double SSIM_FLOOR = 0.97;
    static final double CAMERAS_PER_CORE_TARGET = 3.5;

    static final class Options {
        Path root = Path.of(".");
        List<Path> clips = List.of(Clips.REPLAY, Clips.SURVEILLANCE);
        int frames = 500;
        int warmupFrames = 50;
        int repeat = 1;
        String only;
        Path out;
    }

    /** The figures of one case on one clip; CPU in seconds for the whole clip, one entry per run. */
    record Measured(String clip, String setting, int frames, double[] gatewayCpu, double[] cliCpu, long gatewayPictures,
                    double gatewaySsim, double cliSsim, double gatewayKbps, double cliKbps) {
        double gatewayMsPerFrame() {
            return median(gatewayCpu) * 1000 / frames;
        }

        double cliMsPerFrame() {
            return median(cliCpu) * 1000 / frames;
        }

        /** 1080p25 cameras one core sanitizes at the gateway's median CPU per picture. */
        double camerasPerCore() {
            return 1000.0 / (gatewayMsPerFrame() * 25);
        }
    }

    private TranscodeBench() {
    }

    static String usage() {
        return """
                src/bench/bench transcode [options]
                  --repeat N        runs per measurement, gateway and CLI alternating; medians compared (default 1)
                  --frames N        pictures of each clip used (default 500, 20 s)
                  --clip PATH       a clip to measure (repeatable; default: the replay and the surveillance clip)
                  --only TEXT       only the cases whose name contains TEXT (e.g. ultrafast)
                  --out DIR         results folder (default src/bench/target/bench-results)
                Cases: %s
                """.formatted(TranscodeCase.defaults().stream().map(TranscodeCase::name).toList());
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            worker(args);
            return;
        }
        Options o = parse(args);
        if (o == null) {
            return;
        }
        for (Path clip : o.clips) {
            if (clip.equals(Clips.REPLAY)) {
                Clips.ensureReplay(o.root, clip);
            } else if (clip.equals(Clips.SURVEILLANCE)) {
                Clips.ensureSurveillance(o.root, clip);
            }
        }
        List<TranscodeCase> cases = TranscodeCase.defaults().stream().filter(c -> o.only == null || c.name().contains(o.only)).toList();
        FfmpegCli cli = new FfmpegCli();
        Path work = Files.createTempDirectory("poortwachter-transcode-bench-");
        String loadBefore = Proc.loadavg();
        Instant started = Instant.now();
        Bench.log("load average before: " + loadBefore + "; " + cases.size() + " cases x " + o.clips.size() + " clips x "
                + o.repeat + " runs, " + o.frames + " pictures each");
        List<Measured> all = new ArrayList<>();
        Map<String, Double> decodeOnly = new LinkedHashMap<>();
        for (Path clip : o.clips) {
            Path input = cli.cut(clip, o.frames, work);
            Path warmup = cli.cut(clip, o.warmupFrames, work);
            String clipName = clip.getFileName().toString();
            decodeOnly.put(clipName, cli.cpuSeconds(List.of("-nostdin", "-threads", "1", "-i", input.toString(), "-f", "null", "-"))
                    * 1000 / o.frames);
            for (TranscodeCase c : cases) {
                all.add(measure(o, cli, c, clipName, input, warmup, work));
                write(o, started, loadBefore, null, all, decodeOnly);
            }
        }
        Proc.deleteTree(work); // the cut clips and outputs (tens of MB); the figures are in the results
        String loadAfter = Proc.loadavg();
        Bench.log("load average after: " + loadAfter);
        write(o, started, loadBefore, loadAfter, all, decodeOnly);
        System.out.println(TranscodeReport.markdown(all, decodeOnly, loadBefore, loadAfter, o.repeat));
        TranscodeReport.plausibility(all).exitIfViolated("bench transcode");
    }

    private static Measured measure(Options o, FfmpegCli cli, TranscodeCase c, String clipName, Path input, Path warmup,
                                    Path work) throws Exception {
        double[] gw = new double[o.repeat];
        double[] ff = new double[o.repeat];
        long pictures = 0;
        Path gwOut = work.resolve("gateway.mp4");
        Path cliOut = work.resolve("cli.mp4");
        for (int k = 0; k < o.repeat; k++) {
            double[] r = runWorker(input, warmup, c, gwOut);
            gw[k] = r[0];
            pictures = (long) r[1];
            List<String> args = new ArrayList<>(List.of("-nostdin", "-threads", Integer.toString(c.threads()), "-i", input.toString()));
            args.addAll(c.cliEncoderArgs());
            args.addAll(List.of("-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-y", cliOut.toString()));
            ff[k] = cli.cpuSeconds(args);
            Bench.log(String.format(Locale.ROOT, "%s, %s, run %d: gateway %.2f s CPU (%d pictures), CLI %.2f s CPU",
                    clipName, c.name(), k + 1, gw[k], pictures, ff[k]));
        }
        double seconds = o.frames / 25.0;
        return new Measured(clipName, c.name(), o.frames, gw, ff, pictures, cli.ssim(gwOut, input), cli.ssim(cliOut, input),
                Files.size(gwOut) * 8 / seconds / 1000, Files.size(cliOut) * 8 / seconds / 1000);
    }

    /** The gateway's pipeline in a child JVM (its own process CPU time); @return {CPU seconds, pictures written} */
    private static double[] runWorker(Path input, Path warmup, TranscodeCase c, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-XX:+UseSerialGC", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                TranscodeBench.class.getName(), "--worker", input.toString(), warmup.toString(), c.encoder().name(),
                String.valueOf(c.preset()), String.valueOf(c.x264Params()), Integer.toString(c.threads()), out.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("worker failed: " + stdout);
        }
        String[] f = stdout.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("worker said: " + stdout)).split(" ");
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    /**
     * Child JVM: the pipeline once over a short clip (class loading, JIT: a running gateway has that behind it),
     * then measured over the clip, its output written for SSIM. Prints "RESULT cpuSeconds picturesWritten".
     */
    private static void worker(String[] a) throws Exception {
        TranscodeSettings s = new TranscodeSettings(a[4].equals("null") ? null : a[4], null, TranscodeCase.BITRATE_KBPS,
                TranscodeCase.GOP, null, null, Integer.parseInt(a[6]), VideoEncoder.valueOf(a[3]), a[5].equals("null") ? null : a[5]);
        int threads = s.threads();
        OfflinePipeline.run(Path.of(a[2]), PipelineMode.transcode, s, List.of(), threads, f -> { });
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (OutputStream out = Files.newOutputStream(Path.of(a[7]))) {
            boolean[] first = {true};
            long[] pictures = {0};
            long cpu0 = os.getProcessCpuTime();
            OfflinePipeline.run(Path.of(a[1]), PipelineMode.transcode, s, List.of(), threads, f -> {
                pictures[0] += f.samples();
                write(out, f, first);
            });
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.println("RESULT " + cpu / 1e9 + " " + pictures[0]);
        }
    }

    /** The fragments as one fragmented MP4 (init segment first), as a recorded segment file is. */
    private static void write(OutputStream out, Fragment f, boolean[] first) {
        try {
            if (first[0]) {
                out.write(f.init().bytes());
                first[0] = false;
            }
            out.write(f.bytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> o.root = Path.of(args[++i]);
                case "--repeat" -> o.repeat = Integer.parseInt(args[++i]);
                case "--frames" -> o.frames = Integer.parseInt(args[++i]);
                case "--clip" -> clips.add(Path.of(args[++i]));
                case "--only" -> o.only = args[++i];
                case "--out" -> o.out = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.print(usage());
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
            }
        }
        if (!clips.isEmpty()) {
            o.clips = List.copyOf(clips);
        }
        if (o.out == null) {
            o.out = o.root.resolve("src/bench/target/bench-results");
        }
        return o;
    }

    private static void write(Options o, Instant started, String loadBefore, String loadAfter, List<Measured> all,
                              Map<String, Double> decodeOnly) throws java.io.IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("clips", o.clips.stream().map(Path::toString).toList());
        settings.put("frames", o.frames);
        settings.put("repeat", o.repeat);
        settings.put("bitrateKbps", TranscodeCase.BITRATE_KBPS);
        settings.put("gop", TranscodeCase.GOP);
        settings.put("recorderSnapshot", Bench.recorderSnapshot(o.root));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("loadAverageBefore", loadBefore);
        results.put("loadAverageAfter", loadAfter);
        results.put("decodeOnlyCliMsPerFrame", decodeOnly);
        results.put("measured", all);
        results.put("targets", TranscodeReport.targets(all));
        ResultFiles.write(o.out, "transcode-results", "Transcode bench", started, Bench.machine(), settings, results,
                TranscodeReport.markdown(all, decodeOnly, loadBefore, loadAfter, o.repeat));
    }
}
