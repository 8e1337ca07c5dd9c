package nl.poortwachter.recorder.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.NalScanner;
import nl.poortwachter.media.h26x.PictureSize;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.media.sdp.SdpVideo;

/**
 * Writes the seed corpus of the media module's fuzz tests (docs/fuzzing.md) from the camera simulator: what
 * each mount sends our RTSP client (answers, SDP, Digest challenge, RTP), its parameter sets and pictures, and
 * fMP4 files our muxer writes from those pictures. A tool, not a test: run it by hand when the simulator or the
 * formats change, and commit what it writes.
 * <pre>
 * mvn -B -q -pl recorder -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp recorder/target/test-classes:recorder/target/classes:$(cat /tmp/cp.txt) \
 *     nl.poortwachter.recorder.testing.FuzzCorpusCapture recorder/media/src/test/resources
 * </pre>
 * The simulator's pictures are too large for a corpus (a 1080p keyframe is over 100 KB), so the RTP seeds keep
 * the first packets of the stream and those of the first keyframe, and the fMP4 seeds cut every slice to
 * {@link #SLICE_BYTES}: the box structure is what the scanner reads, and it stays as the muxer wrote it.
 */
public final class FuzzCorpusCapture {
    private static final Path ROOT = Path.of("nl/poortwachter/media");
    private static final int SLICE_BYTES = 40;
    /** RTP kept per seed: the first packets after PLAY, then those from the first parameter set on. */
    private static final int FIRST_PACKETS_BYTES = 2_000;
    private static final int KEYFRAME_PACKETS_BYTES = 5_000;
    private static final long STREAM_MILLIS = 3_000;

    private record Mount(String name, String path, boolean credentials) {
    }

    private static final List<Mount> MOUNTS = List.of(
            new Mount("hikvision", CameraSimulator.HIKVISION, false),
            new Mount("dahua", CameraSimulator.DAHUA, false),
            new Mount("digest", CameraSimulator.DIGEST, true),
            new Mount("h265", CameraSimulator.H265, false),
            new Mount("small", CameraSimulator.SMALL, false),
            new Mount("mjpeg", "/mjpeg", false));

    private final Path out;

    private FuzzCorpusCapture(Path resources) {
        this.out = resources.resolve(ROOT);
    }

    public static void main(String[] args) throws Exception {
        FuzzCorpusCapture capture = new FuzzCorpusCapture(Path.of(args.length > 0 ? args[0] : "recorder/media/src/test/resources"));
        try (CameraSimulator sim = CameraSimulator.start()) {
            for (Mount m : MOUNTS) {
                capture.capture(sim, m);
            }
        }
    }

    private void capture(CameraSimulator sim, Mount mount) throws Exception {
        List<byte[]> pictures = new ArrayList<>();
        SdpVideo video;
        byte[] cameraBytes;
        try (RecordingProxy proxy = new RecordingProxy(sim.port());
             RtspClient client = new RtspClient("rtsp://127.0.0.1:" + proxy.port() + mount.path(),
                     mount.credentials() ? CameraSimulator.DIGEST_USER : null,
                     mount.credentials() ? CameraSimulator.DIGEST_PASSWORD : null, Duration.ofSeconds(10))) {
            video = client.start((data, length, ts, damaged) -> pictures.add(withTimestamp(data, length, ts)));
            long end = System.currentTimeMillis() + STREAM_MILLIS;
            while (video.codec() != null && System.currentTimeMillis() < end) {
                client.readNext();
            }
            client.close();
            cameraBytes = proxy.cameraBytes();
        }
        Stream stream = Stream.split(cameraBytes);
        write("rtsp/RtspClientFuzzTestInputs/start", mount.name(), stream.answers());
        write("sdp/SdpVideoFuzzTestInputs/parse", mount.name(), stream.sdp());
        if (mount.credentials()) {
            write("rtsp/RtspAuthFuzzTestInputs/answer", mount.name(), stream.challenge());
        }
        if (video.codec() == null) {
            return;
        }
        byte[] packets = stream.selectedPackets(video.codec());
        write("rtsp/InterleavedInputFuzzTestInputs/next", mount.name(), concat(stream.answers(), packets));
        write("rtp/RtpDepacketizerFuzzTestInputs/packets", mount.name(), packets);
        writeBitstreamSeeds(mount, video, pictures);
    }

    private void writeBitstreamSeeds(Mount mount, SdpVideo video, List<byte[]> pictures) throws IOException {
        VideoCodec codec = video.codec();
        List<byte[]> sets = new ArrayList<>(video.parameterSets());
        byte[] keyframe = null;
        for (byte[] p : pictures) {
            List<byte[]> nals = nals(picture(p));
            if (nals.stream().anyMatch(n -> codec.isKeyframe(codec.nalType(n, 0)))) {
                keyframe = picture(p);
                nals.stream().filter(n -> codec.isParameterSet(codec.nalType(n, 0))).forEach(sets::add);
                break;
            }
        }
        if (keyframe == null) {
            throw new IllegalStateException(mount.name() + ": no keyframe in " + STREAM_MILLIS + " ms");
        }
        byte[] sps = sets.stream().filter(s -> codec.nalType(s, 0) == (codec == VideoCodec.H264 ? 7 : 33)).findFirst().orElseThrow();
        write("h26x/PictureSizeFuzzTestInputs/of", mount.name(), sps);
        write("h26x/CodecConfigFuzzTestInputs/build", mount.name(), annexB(sets));
        byte[] head = Arrays.copyOf(keyframe, Math.min(keyframe.length, 4_000));
        write("h26x/NalScannerFuzzTestInputs/scan", mount.name() + "-annexb", head);
        write("h26x/NalScannerFuzzTestInputs/scan", mount.name() + "-length-prefixed", lengthPrefixed(nals(head)));
        byte[] file = fmp4(codec, sets, pictures);
        write("fmp4/Fmp4FileScannerFuzzTestInputs/scan", mount.name(), file);
        write("fmp4/Fmp4FileScannerFuzzTestInputs/scan", mount.name() + "-torn", Arrays.copyOf(file, file.length - 100));
    }

    /**
     * The file our muxer writes for these pictures from the first keyframe on, as the recorder's packer feeds it
     * (parameter sets in the init segment, only allowed NAL units in samples, one fragment per second or
     * keyframe), every slice cut to {@link #SLICE_BYTES}; at most three fragments.
     */
    private static byte[] fmp4(VideoCodec codec, List<byte[]> sets, List<byte[]> pictures) {
        List<Fragment> fragments = new ArrayList<>();
        Fmp4Muxer muxer = new Fmp4Muxer("fuzz-corpus", InitSegment.TIMESCALE, fragments::add);
        byte[] sps = sets.stream().filter(s -> codec.nalType(s, 0) == (codec == VideoCodec.H264 ? 7 : 33)).findFirst().orElseThrow();
        PictureSize size = PictureSize.of(codec, sps);
        muxer.setInit(InitSegment.of(CodecConfig.build(codec, size.width(), size.height(), sets)));
        long first = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        for (byte[] p : pictures) {
            List<byte[]> nals = nals(picture(p));
            boolean key = nals.stream().anyMatch(n -> codec.isKeyframe(codec.nalType(n, 0)));
            if (first == Long.MIN_VALUE && !key) {
                continue;
            }
            long ts = timestamp(p);
            first = first == Long.MIN_VALUE ? ts : first;
            long dts = Math.max(ts - first, last + 1);
            last = dts;
            muxer.startSample(dts, 0, key, 1_700_000_000_000L + dts / 90);
            for (byte[] nal : nals) {
                int type = codec.nalType(nal, 0);
                if (codec.isAllowed(type) && !codec.isParameterSet(type)) {
                    muxer.appendNal(nal, 0, Math.min(nal.length, SLICE_BYTES));
                }
            }
            muxer.endSample();
        }
        muxer.flush();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(muxer.init().bytes());
        fragments.stream().limit(3).forEach(f -> file.writeBytes(f.bytes()));
        return file.toByteArray();
    }

    private void write(String dir, String name, byte[] bytes) throws IOException {
        Path d = out.resolve(dir);
        Files.createDirectories(d);
        Files.write(d.resolve(name), bytes);
        System.out.printf(Locale.ROOT, "%-60s %6d bytes%n", dir + "/" + name, bytes.length);
    }

    /** A picture with its 90 kHz timestamp in front (8 bytes), as the sink handed it over. */
    private static byte[] withTimestamp(byte[] data, int length, long ts) {
        byte[] b = new byte[8 + length];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (ts >>> (56 - 8 * i));
        }
        System.arraycopy(data, 0, b, 8, length);
        return b;
    }

    private static long timestamp(byte[] p) {
        long ts = 0;
        for (int i = 0; i < 8; i++) {
            ts = ts << 8 | (p[i] & 0xff);
        }
        return ts;
    }

    private static byte[] picture(byte[] p) {
        return Arrays.copyOfRange(p, 8, p.length);
    }

    private static List<byte[]> nals(byte[] annexB) {
        NalScanner s = new NalScanner();
        int n = s.scanAnnexB(annexB, annexB.length);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Arrays.copyOfRange(annexB, s.start(i), s.end(i)));
        }
        return out;
    }

    private static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            b.writeBytes(new byte[] {0, 0, 0, 1});
            b.writeBytes(nal);
        }
        return b.toByteArray();
    }

    private static byte[] lengthPrefixed(List<byte[]> nals) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            b.writeBytes(new byte[] {(byte) (nal.length >>> 24), (byte) (nal.length >>> 16), (byte) (nal.length >>> 8), (byte) nal.length});
            b.writeBytes(nal);
        }
        return b.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The camera's bytes split into its RTSP answers and its interleaved frames. */
    private record Stream(List<byte[]> responses, List<byte[]> frames) {
        static Stream split(byte[] b) {
            List<byte[]> responses = new ArrayList<>();
            List<byte[]> frames = new ArrayList<>();
            int p = 0;
            while (p + 4 <= b.length) {
                if (b[p] == '$') {
                    int end = p + 4 + ((b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff);
                    if (end > b.length) {
                        break;
                    }
                    frames.add(Arrays.copyOfRange(b, p, end));
                    p = end;
                } else {
                    String rest = new String(b, p, b.length - p, StandardCharsets.ISO_8859_1);
                    int headEnd = rest.indexOf("\r\n\r\n");
                    if (headEnd < 0) {
                        break;
                    }
                    String head = rest.substring(0, headEnd);
                    int body = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            body = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    int end = p + headEnd + 4 + body;
                    responses.add(Arrays.copyOfRange(b, p, end));
                    p = end;
                }
            }
            return new Stream(responses, frames);
        }

        byte[] answers() {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            responses.forEach(o::writeBytes);
            return o.toByteArray();
        }

        byte[] sdp() {
            for (byte[] r : responses) {
                String s = new String(r, StandardCharsets.ISO_8859_1);
                if (s.toLowerCase(Locale.ROOT).contains("content-type: application/sdp")) {
                    return Arrays.copyOfRange(r, s.indexOf("\r\n\r\n") + 4, r.length);
                }
            }
            throw new IllegalStateException("no DESCRIBE answer with a session description");
        }

        /** The WWW-Authenticate values of the first 401, one per line. */
        byte[] challenge() {
            for (byte[] r : responses) {
                String s = new String(r, StandardCharsets.ISO_8859_1);
                if (s.startsWith("RTSP/1.0 401")) {
                    List<String> values = new ArrayList<>();
                    for (String line : s.split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("www-authenticate:")) {
                            values.add(line.substring(17).trim());
                        }
                    }
                    return String.join("\n", values).getBytes(StandardCharsets.ISO_8859_1);
                }
            }
            throw new IllegalStateException("no 401");
        }

        /** The first packets of the video channel, then those from the first parameter set on, and that picture's last. */
        byte[] selectedPackets(VideoCodec codec) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            int i = 0;
            for (; i < frames.size() && o.size() < FIRST_PACKETS_BYTES; i++) {
                if (frames.get(i)[1] == 0) {
                    o.writeBytes(frames.get(i));
                }
            }
            while (i < frames.size() && !(frames.get(i)[1] == 0 && startsParameterSets(codec, frames.get(i)))) {
                i++;
            }
            int kept = 0;
            for (; i < frames.size(); i++) {
                byte[] f = frames.get(i);
                boolean marker = f.length > 5 && (f[5] & 0x80) != 0;
                if (f[1] == 0 && (kept < KEYFRAME_PACKETS_BYTES || marker)) {
                    o.writeBytes(f);
                    kept += f.length;
                    if (kept >= KEYFRAME_PACKETS_BYTES && marker) {
                        break;
                    }
                }
            }
            return o.toByteArray();
        }

        /** A packet whose payload is (or aggregates, first) a parameter set: 12-byte RTP header, no CSRC or extension. */
        private static boolean startsParameterSets(VideoCodec codec, byte[] frame) {
            if (frame.length < 4 + 12 + 3) {
                return false;
            }
            int type = codec.nalType(frame, 16);
            if (codec == VideoCodec.H264 && type == 24) {
                type = codec.nalType(frame, 19);
            } else if (codec == VideoCodec.H265 && type == 48) {
                type = codec.nalType(frame, 20);
            }
            return codec.isParameterSet(type);
        }
    }

    /** Sits between our client and the simulator and keeps a copy of everything the camera sends. */
    private static final class RecordingProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final ByteArrayOutputStream camera = new ByteArrayOutputStream();
        private final List<Socket> sockets = new ArrayList<>();
        private final Thread acceptor;

        RecordingProxy(int cameraPort) throws IOException {
            acceptor = new Thread(() -> {
                try {
                    Socket client = server.accept();
                    Socket cam = new Socket(InetAddress.getLoopbackAddress(), cameraPort);
                    synchronized (sockets) {
                        sockets.add(client);
                        sockets.add(cam);
                    }
                    pump(client.getInputStream(), cam.getOutputStream(), null);
                    pump(cam.getInputStream(), client.getOutputStream(), camera);
                } catch (IOException e) {
                    // closed
                }
            }, "corpus-proxy");
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        byte[] cameraBytes() {
            synchronized (camera) {
                return camera.toByteArray();
            }
        }

        private static void pump(InputStream in, OutputStream out, ByteArrayOutputStream copy) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[65536];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        if (copy != null) {
                            synchronized (copy) {
                                copy.write(buf, 0, n);
                            }
                        }
                        out.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "corpus-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            acceptor.join(5_000);
        }
    }
}
