package nl.poortwachter.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.onvif.AddressRange;
import nl.poortwachter.recorder.settings.RecorderSettings;
import nl.poortwachter.recorder.settings.Setting;

/**
 * The one table of settings: the recorder's rows ({@link RecorderSettings}, which the recorder's own defaults come
 * from) and the gateway's, declared here. The loader reads gateway.yaml against it, {@code --help} prints it, and
 * config/gateway.yaml shows every row with its default and description (checked by a test).
 */
public final class SettingsTable {
    public static final Setting<String> HTTP_HOST = Setting.text("http.host", "127.0.0.1",
            "an address such as 127.0.0.1 or 0.0.0.0", h -> !h.isEmpty() && h.chars().noneMatch(c -> c <= ' '),
            "Address to listen on. 127.0.0.1 (this machine only) is the default. An installation that serves other "
                    + "machines sets 0.0.0.0 (all interfaces) or a specific interface address, behind a reverse proxy "
                    + "that terminates TLS (then set auth.secureCookie: true). Every endpoint except /health, the login "
                    + "page and the login API needs a login (see auth below and docs/operator-guide.md).");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("http.port", 8080, 1, 65535,
            "TCP port of the web pages and the API.");

    public static final Setting<Integer> CLUSTER_HAZELCAST_PORT = Setting.integer("cluster.hazelcastPort", 5701, 1,
            65535, "Port of this node's Hazelcast member (cluster membership for the event bus), on cluster.host.");
    public static final Setting<List<String>> CLUSTER_MEMBERS = Setting.list("cluster.members", List.of(),
            "host:port", ClusterSettings::member, "Hazelcast addresses (host:port) of the other nodes, e.g. "
                    + "[10.0.8.12:5701, 10.0.8.13:5701]: a node joins the cluster through any of them that runs.");
    public static final Setting<Integer> CLUSTER_EVENT_BUS_PORT = Setting.integer("cluster.eventBusPort", 5702, 0,
            65535, "Port of this node's Vert.x event bus, on cluster.host: live video crosses it from the node that "
                    + "records a camera to the nodes whose users watch it. 0: any free port.");

    public static final Setting<Integer> SESSION_IDLE_MINUTES = Setting.integer("auth.sessionIdleMinutes",
            15, 1, 24 * 60, "A login session ends after this long without requests.");
    public static final Setting<Integer> SESSION_MAX_HOURS = Setting.integer("auth.sessionMaxHours", 8, 1, 24 * 7,
            "A login session ends this long after login in any case.");
    public static final Setting<Integer> MAX_FAILED_LOGINS = Setting.integer("auth.maxFailedLogins", 5, 1, 100,
            "Password guessing, for logins and the own-password change (docs/decisions.md D33): after this many "
                    + "failures for one user name (existing or not) from one client address, that name waits "
                    + "lockoutSeconds from that address, doubling per further failure up to lockoutMaxSeconds; from "
                    + "other addresses it is not affected.");
    public static final Setting<Integer> MAX_FAILED_LOGINS_PER_ADDRESS = Setting.integer(
            "auth.maxFailedLoginsPerAddress", 20, 1, 10_000, "After this many failures from one address (over all "
                    + "names; success does not clear them; forgotten after an hour without failures) its attempts are "
                    + "spaced 1 s apart, doubling up to 10 s, and an attempt that would wait longer is refused (429).");
    public static final Setting<Integer> LOCKOUT_SECONDS = Setting.integer("auth.lockoutSeconds", 30, 1, 3600,
            "The first wait of a user name after maxFailedLogins failures from one address.");
    public static final Setting<Integer> LOCKOUT_MAX_SECONDS = Setting.integer("auth.lockoutMaxSeconds", 900, 1,
            86_400, "The longest wait after failed logins; not less than lockoutSeconds.");
    public static final Setting<List<Cidr>> TRUSTED_PROXIES = Setting.list("auth.trustedProxies", List.of(),
            "addresses or networks (CIDR)", TrustedProxyEntry::parse,
            "Reverse proxies (addresses or networks, e.g. [127.0.0.1, 10.0.5.0/24]) whose X-Forwarded-For header names "
                    + "the client. Only for these: anyone else could write any address into that header. Behind a proxy "
                    + "that is not listed every client has the proxy's address, in the access log and for the limits "
                    + "above.");
    public static final Setting<Integer> PASSWORD_HASH_ITERATIONS = Setting.integer("auth.passwordHashIterations",
            600_000, 10_000, 10_000_000, "PBKDF2-HMAC-SHA256 rounds per password hash (OWASP 2023: 600000). Existing "
                    + "hashes are upgraded at the next login when this changes.");
    public static final Setting<Boolean> SECURE_COOKIE = Setting.bool("auth.secureCookie", false,
            "Mark the login cookie Secure (sent over HTTPS only). Set true when clients reach the gateway via TLS.");
    public static final Setting<List<String>> POLICE_ONLY_REGIMES = Setting.list("auth.policeOnlyRegimes",
            List.of("gemeentewet-151c"), "legal regime ids", s -> s,
            "Regimes whose recordings only the police role may play back or export (operators may still watch live). "
                    + "When left out: gemeentewet-151c, if that regime is configured.");
    public static final Setting<Boolean> METRICS_PUBLIC = Setting.bool("auth.metricsPublic", false,
            "true: /metrics answers without login (for a Prometheus that cannot log in; restrict it by network).");

    public static final Setting<Path> AUDIT_PATH = Setting.path("audit.path", null,
            "SQLite file; default <storage.path>/audit.db. The signing key lives in <storage.path>/keys/.");
    public static final Setting<Integer> CHECKPOINT_ENTRIES = Setting.integer("audit.checkpointEntries", 10_000, 1,
            1_000_000, "A signed checkpoint every this many entries (or checkpointSeconds, whichever comes first), "
                    + "and at shutdown.");
    public static final Setting<Integer> CHECKPOINT_SECONDS = Setting.integer("audit.checkpointSeconds", 60, 1,
            86_400, "Or a signed checkpoint this many seconds after the last one, when entries were written since.");
    public static final Setting<String> DEFAULT_LIVE_PURPOSE = Setting.text("audit.defaultLivePurpose",
            "Cameratoezicht: live meekijken", "3-500 characters", p -> p.length() >= 3 && p.length() <= 500,
            "The purpose recorded for a live view when the viewer states none.");
    public static final Setting<Boolean> ASK_LIVE_PURPOSE = Setting.bool("audit.askLivePurpose", true,
            "true: the live pages ask why when a view starts (the viewer may choose the default above; the entry then "
                    + "says purpose=default). false: views are logged with the default without asking.");
    public static final Setting<String> GATEWAY_NAME = Setting.text("audit.gatewayName", "poortwachter",
            "1-64 characters A-Z, a-z, 0-9, '.', '_', '-'", n -> n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
            "This gateway's name in processing-log lines (resource.name).");

    public static final Setting<Path> ANCHOR_FILE = Setting.path("audit.anchor.file", null,
            "A file on other storage than the storage folder (a mounted share, a WORM volume) to which every signed "
                    + "checkpoint is appended and forced to disk, so that a log rewritten on this machine is still "
                    + "caught (docs/auditor-guide.md). Read back at start-up: a log shorter than the file vouches for "
                    + "raises the alarm. Default: none.");
    public static final Setting<String> ANCHOR_SYSLOG_HOST = Setting.text("audit.anchor.syslogHost", null,
            "a host name or address", h -> !h.isEmpty() && h.chars().noneMatch(c -> c <= ' '),
            "A syslog collector that also receives every signed checkpoint (RFC 5424, facility log audit, "
                    + "app-name poortwachter, msgid audit-checkpoint). Default: none.");
    public static final Setting<Integer> ANCHOR_SYSLOG_PORT = Setting.integer("audit.anchor.syslogPort", 514, 1,
            65535, "The collector's port.");
    public static final Setting<String> ANCHOR_SYSLOG_PROTOCOL = Setting.choice("audit.anchor.syslogProtocol", "udp",
            List.of("udp", "tcp"), "'udp' (RFC 5426, one datagram per checkpoint) or 'tcp' (RFC 6587, octet "
                    + "counting).");

    public static final Setting<String> LOG_FORMAT = Setting.choice("logging.format", "text", List.of("text", "json"),
            "Log lines on stdout: 'text' (one line of key=value pairs per event) or 'json' (one JSON object per "
                    + "line, for collectors that parse JSON). Lines written before this file is read are text.");

    public static final Setting<Boolean> REGISTER_PUBLIC_VENDOR = Setting.bool("register.publicVendor", false,
            "Show each public camera's vendor in the public register (/register/public). The municipality decides; "
                    + "councils have asked which brands hang where.");
    public static final Setting<String> REGISTER_RESPONSIBLE_BODY = Setting.text("register.responsibleBody", null,
            "1-200 characters", b -> !b.isEmpty() && b.length() <= 200,
            "Who is responsible for the cameras (the controller under the AVG), e.g. \"Gemeente Utrecht\", shown with "
                    + "each public camera together with its owning department.");
    public static final Setting<Integer> REGISTER_NOT_SEEN_HOURS = Setting.integer("register.notSeenHours", 24, 1,
            24 * 365, "The council overview lists connected cameras without a picture for this many hours.");

    public static final Setting<Integer> ONVIF_TIMEOUT_SECONDS = Setting.integer("onvif.timeoutSeconds", 5, 1, 60,
            "How long one ONVIF call to a device may take, connecting included.");
    public static final Setting<Boolean> ONVIF_MULTICAST = Setting.bool("onvif.discovery.multicast", true,
            "Discovery sends one WS-Discovery probe to 239.255.255.250 (reaches cameras on the gateway's own network "
                    + "segments). Answers from outside cameraNetworks are ignored; without cameraNetworks there is no "
                    + "discovery.");
    public static final Setting<String> ONVIF_INTERFACE = Setting.text("onvif.discovery.interface", null,
            "a network interface name such as eth1", i -> i.matches("[A-Za-z0-9._:-]{1,32}"),
            "The network interface the multicast probe leaves by; when left out, the system's choice.");
    public static final Setting<List<AddressRange>> ONVIF_SWEEP = Setting.list("onvif.discovery.sweep", List.of(),
            "address ranges (CIDR or first-last)", AddressRange::parse,
            "Address ranges probed one by one (for routed camera networks that multicast does not reach), at most "
                    + AddressRange.MAX_ADDRESSES + " addresses each, each inside cameraNetworks.");
    public static final Setting<Integer> ONVIF_LISTEN_MILLIS = Setting.integer("onvif.discovery.listenMillis", 2000,
            0, 30_000, "How long discovery listens for answers after its last probe.");

    /** Every row, the recorder's and the gateway's, in the order of config/gateway.yaml. */
    public static final List<Setting<?>> ALL = all();

    private SettingsTable() {
    }

    private static List<Setting<?>> all() {
        List<Setting<?>> rows = new ArrayList<>();
        rows.add(HTTP_HOST);
        rows.add(HTTP_PORT);
        List<Setting<?>> recorder = RecorderSettings.ALL;
        int retention = recorder.indexOf(RecorderSettings.RETENTION_DEFAULT_DAYS);
        int cameras = recorder.indexOf(RecorderSettings.CAMERAS);
        // The gateway's cluster rows (membership, event bus) right after the recorder's (name, database, leases).
        int segment = recorder.indexOf(RecorderSettings.SEGMENT_SECONDS);
        rows.addAll(recorder.subList(0, segment));
        rows.addAll(List.of(CLUSTER_HAZELCAST_PORT, CLUSTER_MEMBERS, CLUSTER_EVENT_BUS_PORT));
        rows.addAll(recorder.subList(segment, retention));
        rows.addAll(List.of(SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ADDRESS,
                LOCKOUT_SECONDS, LOCKOUT_MAX_SECONDS, TRUSTED_PROXIES, PASSWORD_HASH_ITERATIONS, SECURE_COOKIE, POLICE_ONLY_REGIMES,
                METRICS_PUBLIC, AUDIT_PATH, CHECKPOINT_ENTRIES, CHECKPOINT_SECONDS, DEFAULT_LIVE_PURPOSE, ASK_LIVE_PURPOSE,
                GATEWAY_NAME, ANCHOR_FILE, ANCHOR_SYSLOG_HOST, ANCHOR_SYSLOG_PORT, ANCHOR_SYSLOG_PROTOCOL, LOG_FORMAT,
                REGISTER_PUBLIC_VENDOR, REGISTER_RESPONSIBLE_BODY, REGISTER_NOT_SEEN_HOURS, ONVIF_TIMEOUT_SECONDS,
                ONVIF_MULTICAST, ONVIF_INTERFACE, ONVIF_SWEEP, ONVIF_LISTEN_MILLIS));
        rows.addAll(recorder.subList(retention, cameras + 1));
        return List.copyOf(rows);
    }
}
