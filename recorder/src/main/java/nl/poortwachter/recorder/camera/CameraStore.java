package nl.poortwachter.recorder.camera;

import java.util.List;
import java.util.Optional;

/** The stored cameras; credentials are kept in a table of their own, apart from the description. */
public interface CameraStore {

    /** Every camera, by id. */
    List<CameraSpec> list();

    Optional<CameraSpec> find(String id);

    /** Inserts; false if the id is taken. */
    boolean insert(CameraSpec camera);

    /** Replaces; false if there is no such camera. */
    boolean update(CameraSpec camera);

    boolean delete(String id);
}
