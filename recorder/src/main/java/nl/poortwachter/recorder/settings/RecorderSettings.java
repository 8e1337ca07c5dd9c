package nl.poortwachter.recorder.settings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.AddressPolicy;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.recorder.camera.X264Params;

/**
 * The recorder's rows of the settings table: every default of the recorder lives here and nowhere else
 * ({@code RecorderConfig.builder}, {@code RetentionConfig.defaults()} read them). The gateway adds its own rows
 * (HTTP, logins, audit, logging) and reads gateway.yaml against both; config/gateway.yaml shows every row with its
 * default and description, which a test checks.
 */
public final class RecorderSettings {
    private static final Pattern CAMERA_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public static final Setting<Path> STORAGE_PATH = Setting.path("storage.path", "./data",
            "Recordings: <path>/<camera-id>/<yyyy>/<mm>/<dd>/<start-time>.mp4");
    public static final Setting<Path> DATABASE_PATH = Setting.path("database.path", null,
            "The recording index (SQLite, a single file). When left out it lives in the storage directory "
                    + "(<storage.path>/index.db), also when --storage moves the storage.");

    public static final Setting<Path> CREDENTIAL_KEY_FILE = Setting.path("secrets.credentialKeyFile", null,
            "The key camera passwords are sealed with (AES-256-GCM) in the index: a file made (0600) at the first "
                    + "start, outside the storage folder so that a copy of the storage is no copy of the passwords; back "
                    + "it up apart from it. Default: <the storage folder's parent>/secrets/credential.key. The "
                    + "environment variable POORTWACHTER_CREDENTIAL_KEY (base64 of 32 bytes) takes its place. "
                    + "Rotate it with: gateway rotate-credential-key.");
    /** Node names: like camera ids, so that they can appear in paths and log lines as they are. */
    private static final Pattern NODE_ID = CAMERA_ID;
    public static final Setting<String> CLUSTER_NODE_ID = Setting.text("cluster.nodeId", null,
            "a node name: lowercase letters, digits and '-', at most 63", s -> NODE_ID.matcher(s).matches(),
            "This gateway's name in a cluster of gateways that share one PostgreSQL database (docs/cluster.md). "
                    + "Left out: the embedded single node, everything in SQLite files in the storage folder.");
    public static final Setting<String> CLUSTER_DATABASE_URL = Setting.text("cluster.databaseUrl", null,
            "a URL starting with jdbc:postgresql://", s -> s.startsWith("jdbc:postgresql://") && !s.contains("password"),
            "The cluster's shared PostgreSQL database (cameras, users, index, audit log), e.g. "
                    + "jdbc:postgresql://db.example:5432/poortwachter. Its password comes from the environment variable "
                    + "POORTWACHTER_DB_PASSWORD, never from this file or the URL.");
    public static final Setting<String> CLUSTER_DATABASE_USER = Setting.text("cluster.databaseUser", "poortwachter",
            "a PostgreSQL role name", s -> s.matches("[A-Za-z_][A-Za-z0-9_]{0,62}"),
            "The PostgreSQL role the nodes log in as.");
    public static final Setting<Integer> CLUSTER_LEASE_SECONDS = Setting.integer("cluster.leaseSeconds", 6, 2, 60,
            "A node records a camera under a lease it renews every sixth of this; a node that died or was cut off "
                    + "loses its cameras to the others after about this long, and stops writing them itself before.");
    public static final Setting<Integer> CLUSTER_CAPACITY = Setting.integer("cluster.capacity", 0, 0, 100_000,
            "The most cameras this node records; 0 for no limit. The cameras are shared equally among the live "
                    + "nodes, but never more than a node's capacity.");

    public static final Setting<String> CLUSTER_HOST = Setting.text("cluster.host", "127.0.0.1",
            "an address such as 10.0.8.11", h -> !h.isEmpty() && h.chars().noneMatch(c -> c <= ' ' || c == '/'),
            "This node's address on the cluster network, as the other nodes reach it: node-to-node footage, Hazelcast "
                    + "and the event bus listen on it. The cluster network carries footage: keep it private (docs/cluster.md).");
    public static final Setting<Integer> CLUSTER_PEER_PORT = Setting.integer("cluster.peerPort", 5703, 1, 65535,
            "Port where the other nodes fetch this node's footage for their users (HTTP, every request signed with the "
                    + "cluster secret from POORTWACHTER_CLUSTER_SECRET). Not a user endpoint: only the nodes need it.");
    public static final Setting<Path> CLUSTER_PEER_STORAGE = Setting.path("cluster.peerStorage", null,
            "Shared storage, optional: a folder holding every node's storage folder, mounted here as "
                    + "<peerStorage>/<node-id>/. Another node's footage is then read from there, also while that node is "
                    + "down. Left out: it is streamed from the node that holds it.");

    public static final Setting<Integer> SEGMENT_SECONDS = Setting.integer("recording.segmentSeconds", 60, 1, 3600,
            "Length of one segment file in seconds (cut at the next keyframe). Shorter segments mean smaller files "
                    + "and finer-grained retention; longer segments mean fewer files.");
    public static final Setting<Integer> DISK_THREADS = Setting.integer("recording.diskThreads", 4, 1, 64,
            "Threads writing segments and index rows; raise for many cameras on fast disks.");

    public static final Setting<Integer> CONNECT_TIMEOUT_SECONDS = Setting.integer("ingest.connectTimeoutSeconds",
            5, 1, 300, "Socket timeout when connecting to a camera (FFmpeg gives up after about twice this).");
    public static final Setting<Integer> STALL_TIMEOUT_SECONDS = Setting.integer("ingest.stallTimeoutSeconds",
            10, 1, 3600, "No video for this long means the stream is dead: reconnect.");
    public static final Setting<Integer> BACKOFF_INITIAL_SECONDS = Setting.integer("ingest.backoffInitialSeconds",
            1, 1, 3600, "Waiting time after a failed connection, doubling per failure up to backoffMaxSeconds.");
    public static final Setting<Integer> BACKOFF_MAX_SECONDS = Setting.integer("ingest.backoffMaxSeconds",
            30, 1, 3600, "The longest wait between connection attempts; not less than backoffInitialSeconds.");
    public static final Setting<Integer> PROBE_TIMEOUT_SECONDS = Setting.integer("ingest.probeTimeoutSeconds",
            10, 1, 300, "How long \"probe\" (testing a camera from the API) may take.");
    /** Spelled as the values of {@code RecorderConfig.RtspReader} (a test checks they agree). */
    public static final Setting<String> RTSP_READER = Setting.choice("ingest.rtspReader", "builtin",
            List.of("builtin", "ffmpeg"),
            "Who reads H.264/H.265 cameras over RTSP/TCP: 'builtin' (the gateway's own RTSP client, about half the "
                    + "CPU of FFmpeg's reader) or 'ffmpeg'. UDP, rtsps and MJPEG cameras always use FFmpeg.");
    public static final Setting<Integer> MAX_CONCURRENT_CONNECTS = Setting.integer("ingest.maxConcurrentConnects",
            8, 1, 1000, "How many cameras may be connecting at the same moment; the others wait their turn "
                    + "(smooths a restart).");

    public static final Setting<Integer> CAPACITY_MAX_LAG_SECONDS = Setting.integer("capacity.maxLagSeconds", 5, 2, 600,
            "A streaming camera whose newest footage on disk is older than this has fallen behind: its state becomes "
                    + "'degraded', with the reason, in the API, /health, the metrics and the live tile.");
    public static final Setting<Integer> CAPACITY_CPU_TARGET_PERCENT = Setting.integer("capacity.cpuTargetPercent", 85,
            10, 100, "The share of the machine's cores the cameras may use; the rest is room for the web API, live "
                    + "viewers and the disk. What is left of it is the room reported by /api/v1/capacity.");
    public static final Setting<String> CAPACITY_OVERLOAD_POLICY = Setting.choice("capacity.overloadPolicy", "keyframes",
            List.of("keyframes", "report"),
            "What the gateway does when cameras fall behind for want of CPU: 'keyframes' records transcoded cameras "
                    + "at their key frames only, one at a time, lowest priority first, until the others keep up (and "
                    + "back, when there is room again), logged in the processing log; 'report' only reports it.");
    public static final Setting<List<String>> CAPACITY_SHED_ORDER = Setting.list("capacity.shedOrder", List.of(),
            "camera ids", RecorderSettings::cameraId,
            "For overloadPolicy keyframes: the cameras to reduce first, lowest priority first. The other transcoded "
                    + "cameras follow, most expensive first.");

    public static final Setting<List<Cidr>> CAMERA_NETWORKS = Setting.list("cameraNetworks", List.of(),
            "networks (CIDR)", Cidr::parse,
            "Networks the cameras may be in, as CIDR (e.g. 10.20.0.0/16). Empty means any address but those below. "
                    + "Setting this is recommended: a camera URL then cannot point the gateway at other hosts in the "
                    + "municipal network.");

    public static final Setting<List<AddressPolicy.Kind>> CAMERA_SPECIAL_ADDRESSES = Setting.list(
            "cameraSpecialAddresses", List.of(), "loopback | link-local | multicast | unspecified",
            AddressPolicy.Kind::parse,
            "Kinds of address a camera URL may point at although no camera has them: loopback (127.0.0.0/8, ::1), "
                    + "link-local (169.254.0.0/16, fe80::/10, where clouds keep their metadata service), multicast "
                    + "(and broadcast), unspecified (0.0.0.0/8, ::). Refused by default, after resolving the host "
                    + "name, and again before every connection. A cameraNetworks entry inside such a range (e.g. "
                    + "127.0.0.1/32) allows exactly that. The gateway's own port is never allowed.");

    public static final Setting<Map<String, LegalRegime>> LEGAL_REGIMES = Setting.structure("legalRegimes",
            Map.of("gemeentewet-151c", new LegalRegime("gemeentewet-151c",
                            "Cameratoezicht openbare orde (Gemeentewet art. 151c)", 28),
                    "avg-building-security", new LegalRegime("avg-building-security",
                            "Beveiliging gebouwen en eigendommen (AVG art. 6 lid 1 sub e/f)", 28),
                    // Traffic and road management needs recent footage only; a short ceiling keeps it that way.
                    "wegbeheer", new LegalRegime("wegbeheer",
                            "Verkeersmonitoring en wegbeheer (Wegenverkeerswet 1994, AVG art. 6 lid 1 sub e)", 7)),
            "map of regime id to {description, maxRetentionDays 1-3650, processingActivity}",
            "Legal bases cameras record under; each caps the retention period of its cameras. These are the built-in "
                    + "defaults. Listing legalRegimes here REPLACES the whole built-in list. The municipality's privacy "
                    + "officer (FG) decides which apply and for how long footage may be kept.");

    public static final Setting<List<String>> PASSTHROUGH_ALLOW_VENDORS = Setting.list("passthrough.allowVendors",
            List.of(), "vendor names", s -> s, "Vendors (case-insensitive) whose cameras policy trusts to run in "
                    + "passthrough.");
    public static final Setting<List<String>> PASSTHROUGH_ALLOW_CAMERAS = Setting.list("passthrough.allowCameras",
            List.of(), "camera ids", s -> s, "Camera ids that policy trusts to run in passthrough.");
    public static final Setting<List<String>> PASSTHROUGH_DENY_VENDORS = Setting.list("passthrough.denyVendors",
            List.of(), "vendor names", s -> s, "Vendors never trusted, whatever the two lists above say.");

    /** Spelled as {@link VideoEncoder}'s values. */
    public static final Setting<String> TRANSCODE_ENCODER = Setting.choice("transcode.encoder", VideoEncoder.libx264.name(),
            Arrays.stream(VideoEncoder.values()).map(Enum::name).toList(),
            "The H.264 encoder of transcoded cameras: libx264 (software, the measured default), libopenh264, h264_nvenc, "
                    + "h264_qsv, h264_vaapi, or auto (the first hardware encoder found, else libx264). A hardware encoder "
                    + "this machine lacks falls back to libx264, and the camera's status says so.");
    public static final Setting<String> TRANSCODE_PRESET = Setting.choice("transcode.preset", "ultrafast",
            TranscodeSettings.PRESETS, "libx264 preset. Given without x264Params it means exactly that preset: "
                    + "the x264Params below belong to the default preset.");
    public static final Setting<String> TRANSCODE_X264_PARAMS = Setting.checkedText("transcode.x264Params",
            "cabac=1:aq-mode=1", "key=value pairs joined by ':'", X264Params::problem,
            "Extra libx264 options (as ffmpeg's -x264-params), only those that trade speed against quality. The "
                    + "default with ultrafast gives the most cameras per core at SSIM >= 0.97 (docs/decisions.md D30).");
    public static final Setting<Integer> TRANSCODE_BITRATE_KBPS = Setting.integer("transcode.bitrateKbps", 2000,
            TranscodeSettings.MIN_BITRATE_KBPS, TranscodeSettings.MAX_BITRATE_KBPS,
            "Average bitrate in kbit/s (peaks up to 1.5 times this). A camera with its own crf and no bitrate is "
                    + "encoded at constant quality instead.");
    public static final Setting<Integer> TRANSCODE_GOP_FRAMES = Setting.integer("transcode.gopFrames", 50,
            TranscodeSettings.MIN_GOP_FRAMES, TranscodeSettings.MAX_GOP_FRAMES,
            "A keyframe every this many pictures (50 at 25 fps: every 2 seconds); playback seeks and live viewers "
                    + "join at keyframes.");
    public static final Setting<Integer> TRANSCODE_THREADS = Setting.integer("transcode.threads", 1,
            TranscodeSettings.MIN_THREADS, TranscodeSettings.MAX_THREADS,
            "Decoder and encoder threads per camera (0: FFmpeg decides). One is cheapest when many cameras share few "
                    + "cores.");

    public static final Setting<Integer> RETENTION_DEFAULT_DAYS = Setting.integer("retention.defaultDays",
            28, 1, 3650, "Footage of a camera the index no longer knows and never saw a retention for (e.g. files "
                    + "indexed after a crash) is kept this many days. A removed camera's footage keeps the retention "
                    + "it last had.");
    public static final Setting<Integer> PURGE_INTERVAL_MINUTES = Setting.integer("retention.purgeIntervalMinutes",
            10, 1, 1440, "How often expired footage (and expired export copies) is looked for and deleted.");
    public static final Setting<Integer> EXPORT_RETENTION_DAYS = Setting.integer("retention.exportRetentionDays",
            28, 1, 3650, "How long the gateway keeps an export's MP4 (its record and signed manifest stay).");
    public static final Setting<Integer> RESERVE_FLOOR_MIB = Setting.integer("retention.reserve.floorMiB",
            1024, 0, 10_000_000, "When free space on the storage file system falls under this, the alarm goes on "
                    + "(metric storage_reserve_alarm, /health \"DEGRADED\") and the policy applies until free space is "
                    + "above floor + margin. 0 turns the reserve off.");
    public static final Setting<Integer> RESERVE_MARGIN_MIB = Setting.integer("retention.reserve.marginMiB",
            256, 0, 10_000_000, "The alarm clears (and stopped cameras resume) only above floor + margin.");
    /** Spelled as {@code ReservePolicy.configName()} (a test checks they agree). */
    public static final Setting<String> RESERVE_POLICY = Setting.choice("retention.reserve.policy", "delete-oldest",
            List.of("delete-oldest", "stop-cameras"),
            "delete-oldest: delete the oldest footage that is not on hold, across all cameras. stop-cameras: stop "
                    + "recording the cameras in stopOrder (lowest priority first), one per check.");
    public static final Setting<Integer> RESERVE_CHECK_SECONDS = Setting.integer("retention.reserve.checkSeconds",
            10, 1, 3600, "How often free space is measured.");
    public static final Setting<List<String>> RESERVE_STOP_ORDER = Setting.list("retention.reserve.stopOrder",
            List.of(), "camera ids", RecorderSettings::cameraId,
            "For stop-cameras: the cameras to stop, lowest priority first.");

    public static final Setting<List<CameraSpec>> CAMERAS = Setting.structure("cameras", List.of(),
            "list of cameras (fields: see config/cameras.example.yaml)",
            "Cameras created (or updated) at start-up. Cameras can also be added through the API "
                    + "(POST /api/v1/cameras). See config/cameras.example.yaml for the fields.");

    /** Every row above, in the order of config/gateway.yaml. */
    public static final List<Setting<?>> ALL = List.of(STORAGE_PATH, DATABASE_PATH, CREDENTIAL_KEY_FILE, CLUSTER_NODE_ID,
            CLUSTER_DATABASE_URL, CLUSTER_DATABASE_USER, CLUSTER_LEASE_SECONDS, CLUSTER_CAPACITY, CLUSTER_HOST,
            CLUSTER_PEER_PORT, CLUSTER_PEER_STORAGE, SEGMENT_SECONDS,
            DISK_THREADS,
            CONNECT_TIMEOUT_SECONDS, STALL_TIMEOUT_SECONDS, BACKOFF_INITIAL_SECONDS, BACKOFF_MAX_SECONDS,
            PROBE_TIMEOUT_SECONDS, RTSP_READER, MAX_CONCURRENT_CONNECTS, CAPACITY_MAX_LAG_SECONDS,
            CAPACITY_CPU_TARGET_PERCENT, CAPACITY_OVERLOAD_POLICY, CAPACITY_SHED_ORDER, CAMERA_NETWORKS,
            CAMERA_SPECIAL_ADDRESSES, LEGAL_REGIMES, PASSTHROUGH_ALLOW_VENDORS, PASSTHROUGH_ALLOW_CAMERAS,
            PASSTHROUGH_DENY_VENDORS, TRANSCODE_ENCODER, TRANSCODE_PRESET, TRANSCODE_X264_PARAMS, TRANSCODE_BITRATE_KBPS,
            TRANSCODE_GOP_FRAMES, TRANSCODE_THREADS, RETENTION_DEFAULT_DAYS,
            PURGE_INTERVAL_MINUTES, EXPORT_RETENTION_DAYS, RESERVE_FLOOR_MIB, RESERVE_MARGIN_MIB, RESERVE_POLICY,
            RESERVE_CHECK_SECONDS, RESERVE_STOP_ORDER, CAMERAS);

    private RecorderSettings() {
    }

    private static String cameraId(String id) {
        if (!CAMERA_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("must be a camera id");
        }
        return id;
    }
}
