package nl.poortwachter.recorder.playback;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request for footage that exists but cannot be delivered now: the node holding (part of) it is down (D77). Not a
 * gap, not an error of the request: it can be asked again when that node is back.
 */
public final class FootageUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<UnavailableFootage> unavailable;

    public FootageUnavailableException(String what, List<UnavailableFootage> unavailable) {
        super(what + ": footage " + unavailable.stream().map(u -> u.start() + "/" + u.end() + " is " + u.reason())
                .collect(Collectors.joining(", ")) + "; it can be delivered again when that node is back");
        this.unavailable = List.copyOf(unavailable);
    }

    public List<UnavailableFootage> unavailable() {
        return unavailable;
    }
}
