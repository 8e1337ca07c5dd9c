package nl.poortwachter.recorder.capacity;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the box can do and what it does (docs/decisions.md D42), measured once a second.
 *
 * @param cores          processors this process may run on (taskset and container limits included)
 * @param budgetCores    the share of them the cameras may use ({@code capacity.cpuTargetPercent})
 * @param usedCores      what the whole gateway process uses now (cameras, web API, live viewers, disk)
 * @param roomCores      budget minus used: what another camera may cost (negative: over budget)
 * @param estimatedCores what one more camera would cost, by mode ("transcode", "passthrough"): the mean of the
 *                       running cameras of that mode, or a measured default while none runs
 */
public record CapacityReport(int cores, double budgetCores, double usedCores, double roomCores, int degradedCameras,
                             String overloadPolicy, List<CameraLoad> cameras, Map<String, Double> estimatedCores) {

    /**
     * How many cameras this process can record within its budget, by its own measure (D91): the cameras it has plus
     * as many more as fit in the room left (fewer than it has when over budget), each costing the larger of the mean
     * measured cost of its streaming cameras (reduced ones left out: they cost less than they will) and the whole
     * process's use per camera (which includes what a camera's ingest thread does not: writing, the API, the JVM).
     * The latter errs on the safe side with few cameras and comes close as they are added. Empty while no streaming
     * camera's cost has been measured, e.g. just after the start.
     */
    public OptionalInt camerasThatFit() {
        double mean = cameras.stream().filter(c -> c.cpuCores() > 0 && !c.keyframesOnly() && c.lagMillis() != null)
                .mapToDouble(CameraLoad::cpuCores).average().orElse(0);
        if (mean <= 0) {
            return OptionalInt.empty();
        }
        double perCamera = Math.max(mean, usedCores / cameras.size());
        return OptionalInt.of((int) Math.max(0, cameras.size() + Math.floor(roomCores / perCamera)));
    }
}
