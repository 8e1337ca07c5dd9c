package nl.poortwachter.media.rtsp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.media.rtp.AccessUnitSink;
import nl.poortwachter.media.rtp.RtpDepacketizer;
import nl.poortwachter.media.rtsp.RtspException.Kind;
import nl.poortwachter.media.sdp.SdpVideo;

/**
 * Our own RTSP client for the common case: a camera's video track as RTP interleaved in the RTSP TCP
 * connection (RFC 2326), H.264 or H.265. It asks for the video track only (no audio crosses the network), and
 * reads the stream in large chunks (see {@link InterleavedInput}). Cameras it cannot read (UDP, rtsps, other
 * codecs) stay with FFmpeg's reader. One thread drives it; {@link #close()} may come from another thread to
 * end a blocked read at once. Never logs or returns the credentials or the Authorization header.
 * <p>Every address it connects to passes the caller's address check first: the camera's own, and the target of
 * each redirect (301/302/303/307 to another {@code rtsp://} URL, at most {@value #MAX_REDIRECTS}), so a camera in
 * an allowed network cannot send us on to a host outside it.
 */
public final class RtspClient implements AutoCloseable {
    private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d+)(?:-(\\d+))?");
    private static final Pattern SESSION_TIMEOUT = Pattern.compile("timeout=(\\d+)");
    static final int MAX_REDIRECTS = 3;

    /** The URL asked for: the camera's, then a redirect's. */
    private volatile String url;
    private final RtspAuth auth;
    private final int timeoutMillis;
    private final Predicate<InetAddress> allowedAddress;
    private volatile Socket socket = new Socket();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Clients made and not yet closed: a test hook to prove that every client is closed. */
    private static final AtomicInteger OPEN = new AtomicInteger();
    private OutputStream out;
    private InterleavedInput input;
    private int cseq;
    private String session;
    private String playUrl;
    private boolean getParameter;
    private long keepAliveMillis = 30_000;
    /** The wait between reads once the socket ran dry, from PLAY on (see {@link #readWaitMillis(long)}). */
    private long readWaitMillis = 40;
    private long lastKeepAlive;
    private int videoChannel = 0;
    private RtpDepacketizer depacketizer;
    private long frames;
    private volatile boolean connected;
    private int redirects;

    /**
     * @param url      rtsp:// URL without credentials
     * @param username null for none
     */
    public RtspClient(String url, String username, String password, Duration timeout) {
        this(url, username, password, timeout, address -> true);
    }

    /** @param allowedAddress whether we may connect to an address (the camera networks); checked before every connect */
    public RtspClient(String url, String username, String password, Duration timeout, Predicate<InetAddress> allowedAddress) {
        this.url = url;
        this.auth = new RtspAuth(username, password);
        this.timeoutMillis = (int) Math.max(1000, timeout.toMillis());
        this.allowedAddress = allowedAddress;
        OPEN.incrementAndGet();
    }

    /**
     * On the reading thread, at any time: how long to wait between reads once the socket ran dry (D18). Longer means
     * more pictures per wake-up of the reading thread (less CPU), each handed on up to that much later.
     */
    public void readWaitMillis(long millis) {
        readWaitMillis = millis;
        if (depacketizer != null) {
            input.batchReads(millis); // playing; before PLAY the handshake never waits
        }
    }

    /** Whether a TCP connection to the camera (or where it redirected us) was ever made. */
    public boolean connected() {
        return connected;
    }

    /** Redirects the camera answered with so far (followed or refused). */
    public int redirects() {
        return redirects;
    }

    /** The URL this client ended on: the camera's own, or where it redirected us. No credentials. */
    public String url() {
        return url;
    }

    public static int open() {
        return OPEN.get();
    }

    /** The cameras this client can read: RTSP over TCP without TLS. The codec is known only after DESCRIBE. */
    public static boolean canRead(String url, boolean tcp) {
        return tcp && url.regionMatches(true, 0, "rtsp://", 0, 7);
    }

    /**
     * Connects, DESCRIBEs, SETUPs the video track and PLAYs; pictures then go to {@code sink} from
     * {@link #readNext()}.
     *
     * @return the video track; its codec is null when this client cannot depacketise it (nothing is played then)
     */
    public SdpVideo start(AccessUnitSink sink) throws RtspException {
        SdpVideo video = describe();
        if (video.codec() == null) {
            return video;
        }
        try {
            RtspResponse setup = request("SETUP", video.control(), "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
            String transport = setup.header("transport");
            if (transport == null || !transport.toUpperCase(Locale.ROOT).contains("TCP")) {
                throw new RtspException(Kind.error, "the camera did not accept RTP over the RTSP connection");
            }
            Matcher m = INTERLEAVED.matcher(transport);
            videoChannel = m.find() ? CameraValues.channel(m.group(1)) : 0;
            String sessionHeader = setup.header("session");
            session = CameraValues.sessionId(sessionHeader);
            Matcher t = SESSION_TIMEOUT.matcher(sessionHeader);
            // More than 9 digits is no timeout a camera means: keep the default rather than overflow.
            if (t.find() && t.group(1).length() <= 9) {
                keepAliveMillis = Math.max(5_000, Long.parseLong(t.group(1)) * 1000 / 2);
            }
            playUrl = video.sessionControl();
            // No Range header: a live camera starts now anyway, and some servers seek on "npt=0-".
            request("PLAY", playUrl, null);
            input.batchReads(readWaitMillis);
            depacketizer = new RtpDepacketizer(video.codec(), video.clockRate(), sink);
            lastKeepAlive = System.nanoTime();
            return video;
        } catch (Redirected e) {
            throw new RtspException(Kind.error, "the camera redirected a SETUP or PLAY; only OPTIONS and DESCRIBE may be redirected");
        } catch (SocketTimeoutException e) {
            throw new RtspException(Kind.timeout, "the camera did not answer in time", e);
        } catch (IOException e) {
            throw new RtspException(Kind.error, "RTSP exchange failed: " + e.getMessage(), e);
        }
    }

    /**
     * Connects, asks OPTIONS and DESCRIBE and returns the first video track; the connection stays open for
     * {@link #start}. A redirect is followed only to an {@code rtsp://} URL whose address passes the check.
     */
    public SdpVideo describe() throws RtspException {
        while (true) {
            connect();
            try {
                RtspResponse options = request("OPTIONS", url, null);
                String methods = String.join(",", options.all("public")).toUpperCase(Locale.ROOT);
                getParameter = methods.contains("GET_PARAMETER");
                RtspResponse describe = request("DESCRIBE", url, "Accept: application/sdp\r\n");
                String base = CameraValues.firstNonNull(describe.header("content-base"), describe.header("content-location"), url);
                SdpVideo video = SdpVideo.parse(new String(describe.body(), StandardCharsets.UTF_8), base);
                if (video == null) {
                    throw new RtspException(Kind.no_video, "the camera offers no video track");
                }
                return video;
            } catch (Redirected e) {
                if (redirects == MAX_REDIRECTS) {
                    throw new RtspException(Kind.error, "more than " + MAX_REDIRECTS + " redirects");
                }
                redirects++;
                url = redirectTarget(e.location);
                closeSocket();
                socket = new Socket();
                cseq = 0;
            } catch (SocketTimeoutException e) {
                throw new RtspException(Kind.timeout, "the camera did not answer in time", e);
            } catch (IOException e) {
                throw new RtspException(Kind.error, "RTSP exchange failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Where a redirect may lead: an RTSP URL without credentials (ours are not handed to a URL the camera chose)
     * whose host passes the address check. This client follows plain {@code rtsp://} only; an allowed
     * {@code rtsps://} target is reported as an error, which a TLS-capable reader may still follow.
     */
    private String redirectTarget(String location) throws RtspException {
        URI target;
        try {
            target = location == null ? null : new URI(location.strip());
        } catch (java.net.URISyntaxException e) {
            target = null;
        }
        String scheme = target == null ? null : target.getScheme();
        if (target == null || target.getHost() == null || target.getRawUserInfo() != null
                || !("rtsp".equalsIgnoreCase(scheme) || "rtsps".equalsIgnoreCase(scheme))) {
            throw new RtspException(Kind.not_allowed, "the camera redirected to an address that is not an rtsp:// URL; not followed");
        }
        CameraAddress.allowedAddressOf(target.getHost(), allowedAddress);
        if (!"rtsp".equalsIgnoreCase(scheme)) {
            throw new RtspException(Kind.error, "the camera redirected to rtsps://, which this reader does not speak");
        }
        return target.toString();
    }

    /**
     * Reads one interleaved message: a video RTP packet goes to the depacketiser (a picture, when complete, to
     * the sink); RTCP and answers to keep-alives are consumed. Blocks at most the timeout.
     */
    public void readNext() throws Exception {
        if (depacketizer == null) {
            throw new IllegalStateException("not playing");
        }
        keepAlive();
        InterleavedInput.Kind kind;
        try {
            kind = input.next();
        } catch (SocketTimeoutException e) {
            throw new RtspException(Kind.timeout, "stream ended or stalled (no data within the timeout)", e);
        } catch (IOException e) {
            throw new RtspException(Kind.error,
                    closed.get() ? "stopped" : "stream ended: " + e.getMessage(), e);
        }
        if (kind == InterleavedInput.Kind.FRAME) {
            if (input.frameChannel() == videoChannel) {
                frames++;
                depacketizer.packet(input.buffer(), input.frameOffset(), input.frameLength());
            }
        } else if (input.response().status() == 454) {
            throw new RtspException(Kind.error, "the camera ended the RTSP session (454)");
        }
    }

    /** During the sink's call: whether the picture handed to it holds a keyframe (from its NAL headers, no scan). */
    public boolean pictureIsKeyframe() {
        return depacketizer != null && depacketizer.keyframe();
    }

    /** Interleaved RTP packets of the video track received so far. */
    public long rtpPackets() {
        return frames;
    }

    /** Socket reads so far (for the benchmark). */
    public long socketReads() {
        return input == null ? 0 : input.reads();
    }

    /** Ends the session (TEARDOWN, best effort) and closes the connection; once, from any thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OPEN.decrementAndGet();
        try {
            if (session != null && out != null) {
                socket.setSoTimeout(1000);
                send("TEARDOWN", playUrl, null);
            }
        } catch (IOException e) {
            // The connection may already be gone; closing it is all that is left.
        } finally {
            closeSocket();
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private void connect() throws RtspException {
        if (closed.get()) {
            throw new RtspException(Kind.error, "stopped");
        }
        InetSocketAddress address = CameraAddress.resolve(url, allowedAddress);
        try {
            Socket s = socket;
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMillis);
            connected = true;
            s.setSoTimeout(timeoutMillis);
            out = s.getOutputStream();
            input = new InterleavedInput(s.getInputStream());
        } catch (ConnectException | NoRouteToHostException e) {
            throw new RtspException(Kind.unreachable, e.getMessage() == null ? "connection refused" : e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            throw new RtspException(Kind.timeout, "connect timed out", e);
        } catch (IOException e) {
            throw new RtspException(closed.get() ? Kind.error : Kind.unreachable,
                    closed.get() ? "stopped" : String.valueOf(e.getMessage()), e);
        }
    }

    /** Sends a request and waits for its answer, answering one authentication challenge. */
    private RtspResponse request(String method, String uri, String extraHeaders) throws IOException, RtspException, Redirected {
        for (int attempt = 0; ; attempt++) {
            int sent = send(method, uri, extraHeaders);
            RtspResponse r = awaitResponse(sent);
            if (r.status() == 401 && attempt == 0 && auth.hasCredentials() && auth.accept(r.all("www-authenticate"))) {
                continue;
            }
            if (r.status() == 401 || r.status() == 403) {
                throw new RtspException(Kind.auth_failed, method + " refused: " + r.status());
            }
            if (r.status() == 301 || r.status() == 302 || r.status() == 303 || r.status() == 307) {
                throw new Redirected(r.header("location"));
            }
            if (r.status() == 404) {
                throw new RtspException(Kind.not_found, method + " answered 404");
            }
            if (r.status() >= 300) {
                throw new RtspException(Kind.error, "the camera answered " + method + " with " + r.status() + " " + CameraValues.printable(r.reason()));
            }
            return r;
        }
    }

    private RtspResponse awaitResponse(int sent) throws IOException {
        while (true) {
            if (input.next() == InterleavedInput.Kind.RESPONSE) {
                RtspResponse r = input.response();
                if (r.cseq() == sent || r.cseq() < 0) {
                    return r;
                }
            }
            // Interleaved data or a late answer to an earlier request: not what we wait for.
        }
    }

    private synchronized int send(String method, String uri, String extraHeaders) throws IOException {
        int n = ++cseq;
        StringBuilder req = new StringBuilder(256).append(method).append(' ').append(CameraValues.sendable(uri, "URL", false))
                .append(" RTSP/1.0\r\n")
                .append("CSeq: ").append(n).append("\r\n")
                .append("User-Agent: Poortwachter\r\n");
        String authorization = auth.authorization(method, uri);
        if (authorization != null) {
            req.append("Authorization: ").append(CameraValues.sendable(authorization, "authentication challenge", true)).append("\r\n");
        }
        if (session != null) {
            req.append("Session: ").append(CameraValues.sendable(session, "session id", true)).append("\r\n");
        }
        if (extraHeaders != null) {
            req.append(extraHeaders);
        }
        req.append("\r\n");
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return n;
    }

    /** RTSP sessions expire (60 s by default) unless the client speaks now and then; RTP alone does not count. */
    private void keepAlive() throws IOException {
        long now = System.nanoTime();
        if ((now - lastKeepAlive) / 1_000_000 < keepAliveMillis) {
            return;
        }
        lastKeepAlive = now;
        send(getParameter ? "GET_PARAMETER" : "OPTIONS", getParameter ? playUrl : url, null);
    }

    /** A 3xx answer: the caller decides whether and where to follow it. */
    private static final class Redirected extends Exception {
        final String location;

        Redirected(String location) {
            super(null, null, false, false);
            this.location = location;
        }
    }
}
