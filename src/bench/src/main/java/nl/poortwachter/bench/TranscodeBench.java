package nl.poortwachter.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.ingest.OfflinePipeline;
import org.bytedeco.javacpp.Loader;

/**
 * Transcode throughput: the gateway's pipeline (decode → scale → libx264 → fMP4 fragments) against the bundled
 * ffmpeg CLI with identical settings, on the same 1080p25 clip, one after the other, pinned to one core and
 * on both cores. Usage: {@code src/bench/bench transcode [--clip PATH] [--repeat N]}.
 * With {@code --repeat N} each case runs N times, gateway and CLI alternating, and the medians are compared:
 * on a shared 2-core machine a single pair of runs moves by several per cent.
 */
public final class TranscodeBench {
    private static final String PRESET = "veryfast";
    private static final int BITRATE_KBPS = 2000;
    private static final int GOP = 50;

    private TranscodeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            worker(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        Path clip = Path.of(System.getProperty("user.home"), ".cache", "poortwachter-bench", "replay-1080p25-4M-60s.h264");
        int repeat = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--clip")) {
                clip = Path.of(args[++i]);
            } else if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--root")) {
                i++;
            }
        }
        if (!Files.isRegularFile(clip)) {
            throw new IllegalStateException("no clip at " + clip + ": run src/bench/bench --quick once to make it");
        }
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        StringBuilder table = new StringBuilder("| cores | output | runs | gateway fps (median) | ffmpeg CLI fps (median) "
                + "| ratio of medians | ratio per pair, min–max | 1080p25 cameras live |\n|---|---|---|---|---|---|---|---|\n");
        for (String cores : new String[] {"0", "0-1"}) {
            for (int height : new int[] {1080, 720}) {
                double[] gateway = new double[repeat];
                double[] cli = new double[repeat];
                double minRatio = Double.MAX_VALUE;
                double maxRatio = 0;
                for (int k = 0; k < repeat; k++) {
                    gateway[k] = runWorker(clip, height, cores);
                    cli[k] = runCli(ffmpeg, clip, height, cores);
                    minRatio = Math.min(minRatio, gateway[k] / cli[k]);
                    maxRatio = Math.max(maxRatio, gateway[k] / cli[k]);
                    System.err.printf(Locale.ROOT, "[bench] %s cores %dp run %d: gateway %.1f fps, cli %.1f fps%n",
                            cores, height, k + 1, gateway[k], cli[k]);
                }
                double g = median(gateway);
                double c = median(cli);
                String line = String.format(Locale.ROOT, "| %s | %dp | %d | %.1f | %.1f | %.3f | %.3f–%.3f | %.1f |%n",
                        cores.equals("0") ? "1" : "2", height, repeat, g, c, g / c, minRatio, maxRatio, g / 25);
                System.out.print(line);
                table.append(line);
            }
        }
        System.out.println();
        System.out.print(table);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** In a child JVM pinned with taskset, so that both sides get exactly the same cores. */
    private static double runWorker(Path clip, int height, String cores) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", cores, java, "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), TranscodeBench.class.getName(), "--worker", clip.toString(),
                Integer.toString(height), "0"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("worker failed: " + out);
        }
        String[] lines = out.split("\n");
        return Double.parseDouble(lines[lines.length - 1].strip());
    }

    private static double runCli(String ffmpeg, Path clip, int height, String cores) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", cores, ffmpeg, "-nostdin", "-v", "error", "-i", clip.toString(),
                "-an", "-c:v", "libx264", "-preset", PRESET, "-tune", "zerolatency", "-x264-params", "scenecut=0",
                "-b:v", BITRATE_KBPS + "k", "-maxrate", BITRATE_KBPS * 3 / 2 + "k", "-bufsize", BITRATE_KBPS * 2 + "k",
                "-g", Integer.toString(GOP), "-bf", "0", "-pix_fmt", "yuv420p"));
        if (height != 1080) {
            cmd.addAll(List.of("-vf", "scale=-2:" + height + ":flags=bilinear"));
        }
        cmd.addAll(List.of("-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-y", "/dev/null"));
        long frames = 0;
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + cmd);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        frames = countFrames(ffmpeg, clip);
        return frames / seconds;
    }

    private static long cachedFrames = -1;

    private static long countFrames(String ffmpeg, Path clip) throws Exception {
        if (cachedFrames < 0) {
            String ffprobe = new File(new File(ffmpeg).getParentFile(), "ffprobe").getPath();
            Process p = new ProcessBuilder(ffprobe, "-v", "error", "-count_packets", "-select_streams", "v:0",
                    "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", clip.toString()).start();
            cachedFrames = Long.parseLong(new String(p.getInputStream().readAllBytes()).strip().replace(",", ""));
            p.waitFor();
        }
        return cachedFrames;
    }

    /** Runs the gateway's transcode pipeline over the clip and prints frames per second (last line). */
    private static void worker(Path clip, int height, int threads) throws Exception {
        TranscodeSettings settings = new TranscodeSettings(PRESET, null, BITRATE_KBPS, GOP, height == 1080 ? null : height,
                null, threads);
        long[] bytes = {0};
        long t0 = System.nanoTime();
        OfflinePipeline.Result r = OfflinePipeline.run(clip, PipelineMode.transcode, settings, List.of(), threads,
                f -> bytes[0] += f.bytes().length);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "[gateway %dp] %d packets in %.2f s, %d fragments, %d bytes out%n",
                height, r.packets(), seconds, r.fragments(), bytes[0]);
        System.out.println(r.packets() / seconds);
    }
}
