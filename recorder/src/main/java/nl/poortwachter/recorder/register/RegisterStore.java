package nl.poortwachter.recorder.register;

import java.util.List;
import java.util.Optional;

/**
 * The stored register. A connected entry's {@link RegisterField#cameraKeeps camera fields} are the camera's own:
 * read from and written to the camera's row. Every camera has an entry (made with the camera); removing a camera
 * keeps its entry, with the camera's values, as "to connect".
 */
public interface RegisterStore {

    /** Every entry, by key. */
    List<RegisterRow> list();

    Optional<RegisterRow> find(long id);

    Optional<RegisterRow> findByKey(String key);

    /** The entry of a camera (every camera has one). */
    Optional<RegisterRow> findByCamera(String cameraId);

    /**
     * Writes every CREATE and CHANGE row of a plan in one transaction, after checking that each entry still is the
     * row's {@code before} (nothing else changed it since the plan was made). A connected entry's camera fields go
     * to its camera's row; its stream and legal basis are not changed here (the caller refuses such a change).
     *
     * @return the number of entries written
     * @throws RegisterConflictException when an entry changed since the plan was made; nothing is written then
     */
    int apply(List<ImportPlan.RowPlan> rows);

    /**
     * Deletes an entry that is not connected and still is {@code expected}.
     *
     * @throws RegisterConflictException when it is connected or changed since it was read
     */
    void delete(long id, RegisterEntry expected);

    /**
     * Connects an entry to a camera that was just made for it: the camera's own entry (made with it) goes, and the
     * entry's camera fields become the camera's.
     *
     * @throws RegisterConflictException when the entry is gone or already connected
     */
    void connect(long id, String cameraId);
}
