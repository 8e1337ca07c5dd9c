package nl.poortwachter.recorder.capacity;

import java.util.List;
import java.util.Map;

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
}
