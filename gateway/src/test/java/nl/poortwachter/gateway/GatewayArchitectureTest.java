package nl.poortwachter.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import nl.poortwachter.gateway.http.VertxInternals;
import nl.poortwachter.recorder.storage.OwnerOnly;
import nl.poortwachter.recorder.storage.StorageFolder;
import nl.poortwachter.recorder.storage.StorageInUseException;
import nl.poortwachter.recorder.testing.PackageCycles;
import nl.poortwachter.recorder.testing.PackageCycles.Known;

/** The gateway's layout rules (docs/decisions.md D21, D22). */
@AnalyzeClasses(packages = "nl.poortwachter.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTest {
    /**
     * The recorder's public API: what the gateway may use. Everything else in the recorder (ingest, transcode,
     * libav, index, storage, metrics) is internal, and so is the media module's RTSP, RTP and SDP: one connection
     * per camera is the recorder's.
     */
    static final String[] RECORDER_API = {
            "nl.poortwachter.recorder", // Recorder, Archive, CameraView, HealthReport, Timeline, exceptions
            "nl.poortwachter.recorder.camera", // camera rules and specs, ProbeResult, change approval and listeners
            "nl.poortwachter.recorder.config", // RecorderConfig
            "nl.poortwachter.recorder.capacity", // the capacity report, warnings and the overload policy's events (D42)
            "nl.poortwachter.recorder.settings", // the settings table: rows, their defaults and ranges (D27)
            "nl.poortwachter.recorder.fanout", // live fragments: LiveFeed, FragmentBus, Subscription
            "nl.poortwachter.recorder.playback", // HlsPlaylist, MediaFile
            "nl.poortwachter.recorder.export", // export records, verification, manifest signing
            "nl.poortwachter.recorder.retention", // holds, purges, reserve and retention settings
            "nl.poortwachter.recorder.logging", // Redactor
            "nl.poortwachter.recorder.database", // the data layer: the audit log and users stand on it (D23)
            "nl.poortwachter.recorder.register", // register entries, import plans, export, overview (D36, D37, D63)
            "nl.poortwachter.recorder.onvif", // ONVIF client and discovery, used by the ONVIF endpoints (D38, D66)
            "nl.poortwachter.recorder.cluster", // this node of a cluster: its configuration (D72)
            "nl.poortwachter.recorder.secrets", // where the camera credential key comes from (D50)
            "nl.poortwachter.media.fmp4", // Fragment, InitSegment: live delivery sends them as they are
            "nl.poortwachter.media.h26x", // CodecConfig (an InitSegment's codec and picture size)
    };

    /**
     * The offline check (D26) reads the index and the files of a stopped gateway, as an auditor's tool would: it may
     * read the recorder's storage and index packages, and nothing else of the gateway may.
     */
    static final String OFFLINE_CHECK = "nl.poortwachter.gateway.check..";

    /**
     * Cycles that exist today and have an owner; remove an entry when its cycle is gone. Nothing else may be added.
     * None in the byte code. The source still has two (owned by the logging rework, issue 9 part 4), which this
     * test cannot see: logging.LineFormatter reads the compile-time constant auth.Sessions.TOKEN_PATTERN (javac
     * copies its value) and names http.AccessLog in a comment; a check that reads the sources' imports and names
     * shows them.
     */
    static final List<Known> KNOWN_CYCLES = List.of();

    @ArchTest
    static final ArchRule noPackageCycles = PackageCycles.none("nl.poortwachter", KNOWN_CYCLES);

    @ArchTest
    static final ArchRule recorderThroughItsApiOnly = noClasses().that().resideOutsideOfPackage(OFFLINE_CHECK)
            .should().dependOnClassesThat(
                    resideInAnyPackage("nl.poortwachter.recorder..", "nl.poortwachter.media..")
                            .and(not(resideInAnyPackage(RECORDER_API)))
                            .and(not(belongToAnyOf(StorageFolder.class, StorageInUseException.class, OwnerOnly.class))))
            .because("the gateway uses the recorder's public API only (docs/decisions.md D21); the storage folder's"
                    + " lock and identity (D25) are part of it, and so is how files are made owner-only (D50)");

    @ArchTest
    static final ArchRule vertxInternalsInOneClass = noClasses().that().doNotHaveFullyQualifiedName(VertxInternals.class.getName())
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..", "io.vertx..internal..")
            .because("Vert.x internals change without notice; the one class that needs them says why");
}
