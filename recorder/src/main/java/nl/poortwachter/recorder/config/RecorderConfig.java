package nl.poortwachter.recorder.config;

import nl.poortwachter.recorder.cluster.ClusterConfig;
import nl.poortwachter.recorder.database.PostgresOptions;

import static nl.poortwachter.recorder.settings.RecorderSettings.BACKOFF_INITIAL_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.BACKOFF_MAX_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.CAMERAS;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_CAPACITY;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_DATABASE_URL;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_DATABASE_USER;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_HOST;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_LEASE_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_NODE_ID;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_PEER_PORT;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_PEER_STORAGE;
import static nl.poortwachter.recorder.settings.RecorderSettings.CAMERA_NETWORKS;
import static nl.poortwachter.recorder.settings.RecorderSettings.CAMERA_SPECIAL_ADDRESSES;
import static nl.poortwachter.recorder.settings.RecorderSettings.CONNECT_TIMEOUT_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.CREDENTIAL_KEY_FILE;
import static nl.poortwachter.recorder.settings.RecorderSettings.DATABASE_PATH;
import static nl.poortwachter.recorder.settings.RecorderSettings.DISK_THREADS;
import static nl.poortwachter.recorder.settings.RecorderSettings.LEGAL_REGIMES;
import static nl.poortwachter.recorder.settings.RecorderSettings.MAX_CONCURRENT_CONNECTS;
import static nl.poortwachter.recorder.settings.RecorderSettings.PASSTHROUGH_ALLOW_CAMERAS;
import static nl.poortwachter.recorder.settings.RecorderSettings.PASSTHROUGH_ALLOW_VENDORS;
import static nl.poortwachter.recorder.settings.RecorderSettings.PASSTHROUGH_DENY_VENDORS;
import static nl.poortwachter.recorder.settings.RecorderSettings.PROBE_TIMEOUT_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.RTSP_READER;
import static nl.poortwachter.recorder.settings.RecorderSettings.SEGMENT_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.STALL_TIMEOUT_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.TRANSCODE_BITRATE_KBPS;
import static nl.poortwachter.recorder.settings.RecorderSettings.TRANSCODE_ENCODER;
import static nl.poortwachter.recorder.settings.RecorderSettings.TRANSCODE_GOP_FRAMES;
import static nl.poortwachter.recorder.settings.RecorderSettings.TRANSCODE_PRESET;
import static nl.poortwachter.recorder.settings.RecorderSettings.TRANSCODE_THREADS;
import static nl.poortwachter.recorder.settings.RecorderSettings.TRANSCODE_X264_PARAMS;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import nl.poortwachter.recorder.camera.AddressPolicy;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.PassthroughPolicy;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.recorder.retention.RetentionConfig;
import nl.poortwachter.recorder.secrets.CredentialSource;
import nl.poortwachter.recorder.settings.SettingException;
import nl.poortwachter.recorder.settings.Settings;

/**
 * Everything the recorder needs, already validated by whoever loaded it. Made by {@link #builder(Path)}: every
 * value starts at its default from the settings table ({@code RecorderSettings}); {@link Builder#settings} takes
 * what a configuration file gave, and the other builder methods set single values (tests use shorter timeouts than
 * the file may).
 *
 * @param configuredCameras cameras from the configuration file; created or updated at start-up
 * @param passthroughPolicy which cameras may run without the sanitizing transcode
 * @param transcode         the box-wide encoder settings of transcoded cameras, each complete; a camera's own
 *                          {@code transcode} settings override them ({@link TranscodeSettings#resolve})
 * @param retention         retention, storage reserve and export settings
 * @param capacity          how far cameras may fall behind, and what happens under overload
 * @param credentials       where the key that seals camera passwords comes from
 */
public record RecorderConfig(
        Path storageDir,
        Path databaseFile,
        Duration segmentDuration,
        Ingest ingest,
        Map<String, LegalRegime> legalRegimes,
        List<Cidr> cameraNetworks,
        Set<AddressPolicy.Kind> cameraSpecialAddresses,
        List<CameraSpec> configuredCameras,
        int diskThreads,
        PassthroughPolicy passthroughPolicy,
        TranscodeSettings transcode,
        RetentionConfig retention,
        CapacityConfig capacity,
        CredentialSource credentials,
        /* This node of a cluster (D70, D72); null for the embedded single node. */
        ClusterConfig cluster) {

    /** A configuration of defaults (the table's) with footage, and unless set otherwise the index, in {@code storageDir}. */
    public static Builder builder(Path storageDir) {
        return new Builder(storageDir).settings(Settings.NONE);
    }

    /** The addresses cameras may have, as configured: a new policy object (it learns the gateway's own ports). */
    public AddressPolicy addressPolicy() {
        return new AddressPolicy(cameraNetworks, cameraSpecialAddresses);
    }

    /** A builder holding this configuration's values, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder(storageDir);
        b.databaseFile = databaseFile;
        b.segmentDuration = segmentDuration;
        b.ingest(ingest);
        b.legalRegimes = legalRegimes;
        b.cameraNetworks = cameraNetworks;
        b.cameraSpecialAddresses = cameraSpecialAddresses;
        b.configuredCameras = configuredCameras;
        b.diskThreads = diskThreads;
        b.passthroughPolicy = passthroughPolicy;
        b.transcode = transcode;
        b.retention = retention;
        b.capacity = capacity;
        b.credentials = credentials;
        b.cluster = cluster;
        return b;
    }

    /** The table's box-wide transcode defaults. */
    public static TranscodeSettings transcodeDefaults() {
        return transcodeDefaults(Settings.NONE);
    }

    /**
     * The box-wide transcode defaults from the rows {@code transcode.*}. As for a camera, a preset given without
     * x264 options means exactly that preset: the table's default options were measured with its default preset.
     */
    public static TranscodeSettings transcodeDefaults(Settings s) {
        String x264Params = s.isGiven(TRANSCODE_PRESET) && !s.isGiven(TRANSCODE_X264_PARAMS) ? null
                : s.get(TRANSCODE_X264_PARAMS);
        return new TranscodeSettings(s.get(TRANSCODE_PRESET), null, s.get(TRANSCODE_BITRATE_KBPS),
                s.get(TRANSCODE_GOP_FRAMES), null, null, s.get(TRANSCODE_THREADS),
                VideoEncoder.valueOf(s.get(TRANSCODE_ENCODER)), x264Params);
    }

    /**
     * @param connectTimeout FFmpeg's socket timeout (it fires after about twice this)
     * @param stallTimeout   no video packet for this long means the stream is dead: reconnect
     * @param rtspReader     who reads H.264/H.265 cameras over RTSP/TCP (see docs/decisions.md D18, D40)
     * @param maxConcurrentConnects cameras connecting at the same moment; the rest wait their turn, so a
     *                       restart with hundreds of cameras does not hit every camera and the CPU at once
     */
    public record Ingest(Duration connectTimeout, Duration stallTimeout, Duration backoffInitial,
                         Duration backoffMax, Duration probeTimeout, RtspReader rtspReader, int maxConcurrentConnects) {

        /** The table's defaults. */
        public static Ingest defaults() {
            return from(Settings.NONE);
        }

        /** @throws SettingException when the backoff's maximum is below its start */
        public static Ingest from(Settings s) {
            int initial = s.get(BACKOFF_INITIAL_SECONDS);
            int max = s.get(BACKOFF_MAX_SECONDS);
            if (max < initial) {
                throw new SettingException(BACKOFF_MAX_SECONDS.key(), "must not be less than "
                        + BACKOFF_INITIAL_SECONDS.key() + " (" + initial + ")");
            }
            return new Ingest(Duration.ofSeconds(s.get(CONNECT_TIMEOUT_SECONDS)),
                    Duration.ofSeconds(s.get(STALL_TIMEOUT_SECONDS)), Duration.ofSeconds(initial),
                    Duration.ofSeconds(max), Duration.ofSeconds(s.get(PROBE_TIMEOUT_SECONDS)),
                    RtspReader.valueOf(s.get(RTSP_READER)), s.get(MAX_CONCURRENT_CONNECTS));
        }
    }

    /**
     * builtin: our own RTSP client for H.264/H.265 cameras over TCP (far fewer system calls); ffmpeg:
     * libavformat for every camera. UDP, rtsps and MJPEG cameras always use libavformat.
     */
    public enum RtspReader { builtin, ffmpeg }

    public static final class Builder {
        private final Path storageDir;
        private Path databaseFile;
        private Duration segmentDuration;
        private Duration connectTimeout;
        private Duration stallTimeout;
        private Duration backoffInitial;
        private Duration backoffMax;
        private Duration probeTimeout;
        private RtspReader rtspReader;
        private int maxConcurrentConnects;
        private Map<String, LegalRegime> legalRegimes;
        private List<Cidr> cameraNetworks;
        private Set<AddressPolicy.Kind> cameraSpecialAddresses;
        private List<CameraSpec> configuredCameras;
        private int diskThreads;
        private PassthroughPolicy passthroughPolicy;
        private TranscodeSettings transcode;
        private RetentionConfig retention;
        private CapacityConfig capacity;
        private CredentialSource credentials;
        private ClusterConfig cluster;

        private Builder(Path storageDir) {
            this.storageDir = Objects.requireNonNull(storageDir, "storageDir");
        }

        /**
         * Every recorder setting of the table from {@code s}: the given values, the table's defaults for the rest.
         * Paths in {@code s} are used as they are (the loader resolves them first).
         *
         * @throws SettingException when values that belong together do not fit (a backoff, a reserve policy)
         */
        public Builder settings(Settings s) {
            databaseFile = s.get(DATABASE_PATH);
            segmentDuration = Duration.ofSeconds(s.get(SEGMENT_SECONDS));
            diskThreads = s.get(DISK_THREADS);
            ingest(Ingest.from(s));
            cameraNetworks = s.get(CAMERA_NETWORKS);
            cameraSpecialAddresses = Set.copyOf(s.get(CAMERA_SPECIAL_ADDRESSES));
            legalRegimes = s.get(LEGAL_REGIMES);
            passthroughPolicy = new PassthroughPolicy(Set.copyOf(s.get(PASSTHROUGH_ALLOW_VENDORS)),
                    Set.copyOf(s.get(PASSTHROUGH_ALLOW_CAMERAS)), Set.copyOf(s.get(PASSTHROUGH_DENY_VENDORS)));
            configuredCameras = s.get(CAMERAS);
            transcode = transcodeDefaults(s);
            retention = RetentionConfig.from(s);
            capacity = CapacityConfig.from(s);
            cluster = clusterFrom(s, System.getenv("POORTWACHTER_DB_PASSWORD"));
            Path keyFile = s.get(CREDENTIAL_KEY_FILE) != null ? s.get(CREDENTIAL_KEY_FILE) : defaultKeyFile(storageDir);
            if (keyFile.toAbsolutePath().normalize().startsWith(storageDir.toAbsolutePath().normalize())) {
                throw new SettingException(CREDENTIAL_KEY_FILE.key(), "must lie outside the storage folder " + storageDir
                        + ": whoever has a copy of the storage would have the key to its camera passwords too");
            }
            credentials = new CredentialSource(keyFile, null, null);
            return this;
        }

        /** Beside the storage folder, not in it: {@code <parent>/secrets/credential.key}. */
        private static Path defaultKeyFile(Path storageDir) {
            Path parent = storageDir.toAbsolutePath().normalize().getParent();
            return (parent == null ? storageDir.toAbsolutePath() : parent).resolve("secrets").resolve("credential.key");
        }

        /** Where the credential key comes from (the loader adds the environment's key). */
        public Builder credentials(CredentialSource source) {
            credentials = source;
            return this;
        }

        /** Null: {@code <storageDir>/index.db}. */
        public Builder databaseFile(Path file) {
            databaseFile = file;
            return this;
        }

        public Builder segmentDuration(Duration d) {
            segmentDuration = d;
            return this;
        }

        public Builder diskThreads(int n) {
            diskThreads = n;
            return this;
        }

        public Builder ingest(Ingest i) {
            connectTimeout = i.connectTimeout();
            stallTimeout = i.stallTimeout();
            backoffInitial = i.backoffInitial();
            backoffMax = i.backoffMax();
            probeTimeout = i.probeTimeout();
            rtspReader = i.rtspReader();
            maxConcurrentConnects = i.maxConcurrentConnects();
            return this;
        }

        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public Builder stallTimeout(Duration d) {
            stallTimeout = d;
            return this;
        }

        /** The wait after a failed connection, doubling per failure up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            backoffInitial = initial;
            backoffMax = max;
            return this;
        }

        public Builder probeTimeout(Duration d) {
            probeTimeout = d;
            return this;
        }

        public Builder rtspReader(RtspReader reader) {
            rtspReader = reader;
            return this;
        }

        public Builder legalRegimes(Map<String, LegalRegime> regimes) {
            legalRegimes = regimes;
            return this;
        }

        public Builder cameraNetworks(List<Cidr> networks) {
            cameraNetworks = networks;
            return this;
        }

        /** Kinds of special address cameras may have (the tests' simulator runs on loopback). */
        public Builder cameraSpecialAddresses(Set<AddressPolicy.Kind> kinds) {
            cameraSpecialAddresses = kinds;
            return this;
        }

        public Builder cameras(List<CameraSpec> cameras) {
            configuredCameras = cameras;
            return this;
        }

        public Builder passthroughPolicy(PassthroughPolicy policy) {
            passthroughPolicy = policy;
            return this;
        }

        /** The two keys that make a node come together: a node needs its database, and a database a node name. */
        static ClusterConfig clusterFrom(Settings s, String password) {
            String node = s.get(CLUSTER_NODE_ID);
            String url = s.get(CLUSTER_DATABASE_URL);
            if (node == null && url == null) {
                return null;
            }
            if (node == null || url == null) {
                throw new SettingException(node == null ? CLUSTER_NODE_ID.key() : CLUSTER_DATABASE_URL.key(),
                        "must be set together with " + (node == null ? CLUSTER_DATABASE_URL.key() : CLUSTER_NODE_ID.key())
                                + ": a cluster node needs both its name and the shared database");
            }
            return new ClusterConfig(node, new PostgresOptions(url, s.get(CLUSTER_DATABASE_USER), password, 4),
                    Duration.ofSeconds(s.get(CLUSTER_LEASE_SECONDS)), s.get(CLUSTER_CAPACITY), s.get(CLUSTER_HOST),
                    s.get(CLUSTER_PEER_PORT), s.get(CLUSTER_PEER_STORAGE));
        }

        /** Null: the embedded single node. */
        public Builder cluster(ClusterConfig c) {
            cluster = c;
            return this;
        }

        /** Box-wide transcode defaults; every field a camera may leave out must be set. */
        public Builder transcode(TranscodeSettings defaults) {
            if (!defaults.complete()) {
                throw new IllegalArgumentException("box-wide transcode settings must be complete: " + defaults);
            }
            transcode = defaults;
            return this;
        }

        public Builder retention(RetentionConfig r) {
            retention = r;
            return this;
        }

        public Builder capacity(CapacityConfig c) {
            capacity = c;
            return this;
        }

        public RecorderConfig build() {
            return new RecorderConfig(storageDir, databaseFile == null ? storageDir.resolve("index.db") : databaseFile,
                    segmentDuration, new Ingest(connectTimeout, stallTimeout, backoffInitial, backoffMax, probeTimeout,
                    rtspReader, maxConcurrentConnects), Map.copyOf(legalRegimes), List.copyOf(cameraNetworks),
                    Set.copyOf(cameraSpecialAddresses), List.copyOf(configuredCameras), diskThreads, passthroughPolicy,
                    transcode, retention, capacity, credentials, cluster);
        }
    }
}
