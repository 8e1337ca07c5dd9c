package nl.poortwachter.recorder.capacity;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The overload policy "keyframes" (docs/decisions.md D42): when cameras fall behind for want of CPU, one transcoded
 * camera at a time is recorded at its key frames only (the cameras of {@code capacity.shedOrder} first, lowest
 * priority first, then the most expensive), {@value #STEP_MILLIS} ms apart so each step can take effect; when no
 * camera has been behind for {@value #CALM_MILLIS} ms and the last one reduced fits in the room left, it is restored,
 * last reduced first. Used by the monitor's thread only.
 */
final class LoadShedder {
    static final long STEP_MILLIS = 10_000;
    static final long CALM_MILLIS = 30_000;

    /** A change to make: reduce or restore this camera. */
    record Step(String cameraId, boolean reduce, String reason) {
    }

    private final List<String> order;
    private final Deque<String> reduced = new ArrayDeque<>();
    private final Map<String, Double> costBefore = new java.util.HashMap<>();
    private long lastStep = Long.MIN_VALUE;
    private long lastBehind = Long.MIN_VALUE;

    LoadShedder(List<String> order) {
        this.order = order;
    }

    boolean isReduced(String cameraId) {
        return reduced.contains(cameraId);
    }

    Set<String> reducedCameras() {
        return Set.copyOf(reduced);
    }

    /**
     * @param behind       cameras that have fallen behind now
     * @param transcodedCosts streaming transcoded cameras and what each costs now (cores)
     * @param usedCores    the process's CPU now; {@code budgetCores} what the cameras may use
     */
    Optional<Step> step(long now, Set<String> behind, Map<String, Double> transcodedCosts, double usedCores,
                        double budgetCores) {
        reduced.removeIf(id -> !transcodedCosts.containsKey(id)); // removed or stopped: nothing to restore
        if (!behind.isEmpty()) {
            lastBehind = now;
        }
        if (lastStep != Long.MIN_VALUE && now - lastStep < STEP_MILLIS) {
            return Optional.empty();
        }
        boolean starved = behind.size() >= 2 || (!behind.isEmpty() && usedCores >= 0.8 * budgetCores);
        if (starved) {
            Optional<String> victim = victim(transcodedCosts);
            victim.ifPresent(id -> {
                reduced.push(id);
                costBefore.put(id, transcodedCosts.get(id));
                lastStep = now;
            });
            return victim.map(id -> new Step(id, true, behind.size() + " camera(s) behind; gateway uses "
                    + fmt(usedCores) + " of " + fmt(budgetCores) + " cores"));
        }
        if (!reduced.isEmpty() && (lastBehind == Long.MIN_VALUE || now - lastBehind >= CALM_MILLIS)) {
            String id = reduced.peek();
            double needed = costBefore.getOrDefault(id, 0.0) - transcodedCosts.getOrDefault(id, 0.0);
            if (budgetCores - usedCores > needed * 1.2) {
                reduced.pop();
                lastStep = now;
                return Optional.of(new Step(id, false, "no camera behind for " + CALM_MILLIS / 1000
                        + " s and room for it: " + fmt(budgetCores - usedCores) + " cores left"));
            }
        }
        return Optional.empty();
    }

    private Optional<String> victim(Map<String, Double> costs) {
        for (String id : order) {
            if (costs.containsKey(id) && !reduced.contains(id)) {
                return Optional.of(id);
            }
        }
        return costs.entrySet().stream().filter(e -> !reduced.contains(e.getKey()))
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    static String fmt(double cores) {
        return String.format(java.util.Locale.ROOT, "%.2f", cores);
    }
}
