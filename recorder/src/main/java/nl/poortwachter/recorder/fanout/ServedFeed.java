package nl.poortwachter.recorder.fanout;

/**
 * The live feed a viewer gets and which stream it carries: a viewer asking for the sub-stream of a camera that has
 * none gets the main stream, and is told so (D89).
 */
public record ServedFeed(LiveFeed feed, LiveStream stream) {
}
