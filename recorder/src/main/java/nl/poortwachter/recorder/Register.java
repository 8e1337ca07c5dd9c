package nl.poortwachter.recorder;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.camera.CameraValidator;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.ingest.IngestStatus;
import nl.poortwachter.recorder.register.FieldProblem;
import nl.poortwachter.recorder.register.ImportLimits;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.InvalidRegisterEntryException;
import nl.poortwachter.recorder.register.RegisterConflictException;
import nl.poortwachter.recorder.register.RegisterEntry;
import nl.poortwachter.recorder.register.RegisterField;
import nl.poortwachter.recorder.register.RegisterImport;
import nl.poortwachter.recorder.register.RegisterRow;
import nl.poortwachter.recorder.register.RegisterRules;
import nl.poortwachter.recorder.register.RegisterStore;
import nl.poortwachter.recorder.register.RegisterView;

/**
 * The camera register: the municipality's list of its cameras, connected to the gateway or not yet. Obtained from
 * {@link Recorder#register()}. Every method blocks (database): call it from a worker thread.
 *
 * <p>A connected entry's location, purpose, legal basis, vendor, model, retention and stream are its camera's own
 * ({@link RegisterField#cameraKeeps}): changing location, purpose, vendor, model or retention through the register
 * changes the camera, under the camera's rules (those of {@link CameraValidator}: text limits, the retention cap, the
 * passthrough policy by vendor), without restarting its recording (none of them is read by the ingest). Its stream is
 * changed on the camera, and its legal basis by an administrator on the camera with a reason (decision D47): the
 * register refuses both. Changes are planned first ({@link #planImport}, {@link #planEdit}) and then applied in one transaction; the
 * caller writes their audit entries in between.
 */
public final class Register {
    private final RegisterStore store;
    private final CameraStore cameras;
    private final CameraValidator validator;
    private final RegisterRules rules;
    private final RegisterImport importer;
    private final ImportLimits limits;
    private final Function<String, IngestStatus> status;
    private final Recorder recorder;
    /** The recorder's lock around camera changes: a register write to a camera row must not interleave with one. */
    private final Object cameraLock;
    private final Clock clock;

    Register(RegisterStore store, CameraStore cameras, CameraValidator validator, RegisterRules rules, ImportLimits limits,
             Function<String, IngestStatus> status, Recorder recorder, Object cameraLock, Clock clock) {
        this.store = store;
        this.cameras = cameras;
        this.validator = validator;
        this.rules = rules;
        this.importer = new RegisterImport(rules, limits);
        this.limits = limits;
        this.status = status;
        this.recorder = recorder;
        this.cameraLock = cameraLock;
        this.clock = clock;
    }

    public ImportLimits limits() {
        return limits;
    }

    /** Every entry, by key. */
    public List<RegisterView> list() {
        return store.list().stream().map(this::view).toList();
    }

    public Optional<RegisterView> get(long id) {
        return store.find(id).map(this::view);
    }

    public Optional<RegisterView> byKey(String key) {
        return store.findByKey(key).map(this::view);
    }

    private RegisterView view(RegisterRow r) {
        if (!r.connected()) {
            return new RegisterView(r.id(), r.entry(), null, null, RegisterView.TO_CONNECT, null);
        }
        IngestStatus s = status.apply(r.cameraId());
        IngestState state = r.recording() ? s.state() : IngestState.stopped;
        Instant lastSeen = state == IngestState.streaming ? clock.instant() : r.lastRecorded();
        String mode = r.mode() == PipelineMode.passthrough ? RegisterView.PASSTHROUGH : RegisterView.SANITIZED;
        return new RegisterView(r.id(), r.entry(), r.cameraId(), mode, state.name(), lastSeen);
    }

    /**
     * The dry run of an import: what it would create and change, every problem with its line and column. Changes
     * nothing.
     *
     * @param mapping column name → a field's API name or {@code ignore}, for columns not recognised by name
     */
    public ImportPlan planImport(byte[] file, Map<String, String> mapping) {
        List<RegisterRow> rows = store.list();
        ImportPlan plan = importer.plan(file, mapping, rows.stream().map(RegisterRow::entry).toList());
        Map<String, RegisterRow> byKey = new HashMap<>();
        rows.forEach(r -> byKey.put(r.entry().key(), r));
        return withCameraRules(plan, byKey);
    }

    /** Rows of connected entries must also pass their camera's rules; a row that does not becomes a problem. */
    private ImportPlan withCameraRules(ImportPlan plan, Map<String, RegisterRow> byKey) {
        List<ImportPlan.RowPlan> rows = new ArrayList<>();
        List<ImportPlan.ImportProblem> problems = new ArrayList<>(plan.problems());
        for (ImportPlan.RowPlan row : plan.rows()) {
            RegisterRow current = byKey.get(row.after().key());
            if (current == null || !current.connected() || row.action() == ImportPlan.Action.UNCHANGED) {
                rows.add(row);
                continue;
            }
            try {
                rows.add(ImportPlan.compare(row.line(), row.before(), asCamera(current, row.after())));
            } catch (InvalidRegisterEntryException e) {
                for (FieldProblem p : e.problems()) {
                    var column = plan.columns().stream().filter(c -> c.field() == p.field()).findFirst();
                    problems.add(new ImportPlan.ImportProblem(row.line(), column.map(c -> c.position()).orElse(0),
                            column.map(c -> c.name()).orElse(null), p.field(), p.message()));
                }
            }
        }
        problems.sort(Comparator.comparingInt(ImportPlan.ImportProblem::line));
        return new ImportPlan(plan.encoding(), plan.separator(), plan.columns(), List.copyOf(rows), List.copyOf(problems));
    }

    /**
     * A connected entry as its camera would take it: the camera's rules applied to the fields it keeps (their stored
     * form, e.g. the default retention); the stream and the legal basis the camera's own (an empty one keeps it;
     * another is refused: a new stream is a camera change, a new legal basis an administrator's, D47).
     */
    private RegisterEntry asCamera(RegisterRow current, RegisterEntry wanted) {
        CameraSpec camera = cameras.find(current.cameraId()).orElseThrow(() -> new RegisterConflictException(
                "camera '" + current.cameraId() + "' was removed meanwhile"));
        if (wanted.rtspUrl() != null && !wanted.rtspUrl().equals(camera.url())) {
            throw new InvalidRegisterEntryException(List.of(new FieldProblem(RegisterField.RTSP_URL, "camera '"
                    + camera.id() + "' is connected with its own stream; change it on the camera, not in the register")));
        }
        if (wanted.legalRegime() != null && !wanted.legalRegime().equals(camera.legalRegime())) {
            throw new InvalidRegisterEntryException(List.of(new FieldProblem(RegisterField.LEGAL_REGIME, "camera '"
                    + camera.id() + "' records under '" + camera.legalRegime() + "'; its legal basis is changed by an"
                    + " administrator on the camera, with a reason (PUT /api/v1/cameras/" + camera.id() + "/legal-regime)")));
        }
        CameraSpec valid;
        try {
            valid = validator.validate(new CameraSpec(camera.id(), camera.name(), camera.url(), camera.username(),
                    camera.password(), wanted.vendor(), wanted.model(), wanted.location(), wanted.purpose(),
                    camera.legalRegime(), wanted.retentionDays(), camera.recording(), camera.transport(), camera.mode(),
                    camera.transcode(), camera.masks(), camera.policyOverride()));
        } catch (InvalidCameraException e) {
            // The one camera rule a register field breaks under another name: passthrough ("mode") by vendor.
            RegisterField field = RegisterField.byApiName(e.field()).orElse(RegisterField.VENDOR);
            String message = e.getMessage().startsWith(e.field() + ": ") ? e.getMessage().substring(e.field().length() + 2)
                    : e.getMessage();
            throw new InvalidRegisterEntryException(List.of(new FieldProblem(field, "for connected camera '" + camera.id()
                    + "': " + message)));
        }
        return wanted.toBuilder().set(RegisterField.VENDOR, valid.vendor()).set(RegisterField.MODEL, valid.model())
                .set(RegisterField.LOCATION, valid.location()).set(RegisterField.PURPOSE, valid.purpose())
                .set(RegisterField.LEGAL_REGIME, valid.legalRegime()).set(RegisterField.RETENTION_DAYS, valid.retentionDays())
                .set(RegisterField.RTSP_URL, camera.url()).build();
    }

    /**
     * Plans one entry's edit (or, with {@code id} null, a new entry): checked as an import row is, and for a connected
     * entry by its camera's rules.
     *
     * @throws InvalidRegisterEntryException with every problem
     * @throws NoSuchRegisterEntryException  when {@code id} names no entry
     */
    public ImportPlan.RowPlan planEdit(Long id, RegisterEntry wanted) {
        RegisterRow current = id == null ? null : store.find(id).orElseThrow(() -> new NoSuchRegisterEntryException(id));
        if (current != null && !current.entry().key().equals(wanted.key())) {
            throw new InvalidRegisterEntryException(List.of(new FieldProblem(RegisterField.KEY,
                    "cannot be changed (it is how imports recognise the entry)")));
        }
        if (current == null && wanted.key() != null && store.findByKey(wanted.key()).isPresent()) {
            throw new InvalidRegisterEntryException(List.of(new FieldProblem(RegisterField.KEY, "'" + wanted.key()
                    + "' is another entry's key")));
        }
        RegisterRules.Checked checked = rules.check(current != null && current.connected() && wanted.rtspUrl() == null
                ? wanted.toBuilder().set(RegisterField.RTSP_URL, current.entry().rtspUrl()).build() : wanted);
        if (!checked.ok()) {
            throw new InvalidRegisterEntryException(checked.problems());
        }
        RegisterEntry after = current != null && current.connected() ? asCamera(current, checked.entry()) : checked.entry();
        return ImportPlan.compare(0, current == null ? null : current.entry(), after);
    }

    /**
     * Writes planned rows in one transaction (an applicable import plan's, or one {@link #planEdit}).
     *
     * @throws RegisterConflictException when an entry changed since the plan was made: nothing is written
     */
    public int apply(List<ImportPlan.RowPlan> rows) {
        synchronized (cameraLock) {
            return store.apply(rows);
        }
    }

    /**
     * Deletes an entry without a camera (a connected one goes when its camera is removed and the entry then deleted).
     *
     * @throws RegisterConflictException when it is connected or changed since {@code expected} was read
     */
    public void delete(long id, RegisterEntry expected) {
        store.delete(id, expected);
    }

    /**
     * Connects an entry to a new camera: the camera is made from {@code spec} (its id, name, stream, credentials,
     * mode), with the entry's location, purpose, legal basis, vendor, model, retention and stream where the spec
     * leaves them out, added as {@link Recorder#addCamera(CameraSpec, ChangeApproval)} does; then the entry is the
     * camera's.
     */
    public RegisterView connect(long id, CameraSpec spec, ChangeApproval approval) {
        RegisterRow row = store.find(id).orElseThrow(() -> new NoSuchRegisterEntryException(id));
        if (row.connected()) {
            throw new RegisterConflictException("entry '" + row.entry().key() + "' is already connected to camera '"
                    + row.cameraId() + "'");
        }
        RegisterEntry e = row.entry();
        CameraSpec camera = new CameraSpec(spec.id(), spec.name() != null ? spec.name() : e.location(),
                spec.url() != null ? spec.url() : e.rtspUrl(), spec.username(), spec.password(),
                or(spec.vendor(), e.vendor()), or(spec.model(), e.model()), or(spec.location(), e.location()),
                or(spec.purpose(), e.purpose()), or(spec.legalRegime(), e.legalRegime()),
                spec.retentionDays() != null ? spec.retentionDays() : e.retentionDays(), spec.recording(),
                spec.transport(), spec.mode(), spec.transcode(), spec.masks(), spec.policyOverride(), spec.subStream());
        CameraView added = recorder.addCamera(camera, approval);
        store.connect(id, added.id());
        return get(id).orElseThrow(() -> new NoSuchRegisterEntryException(id));
    }

    /** The entry of a camera (every camera has one). */
    public Optional<RegisterView> ofCamera(String cameraId) {
        return store.findByCamera(cameraId).map(this::view);
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }
}
