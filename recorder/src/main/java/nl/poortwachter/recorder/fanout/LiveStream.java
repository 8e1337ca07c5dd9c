package nl.poortwachter.recorder.fanout;

/** Which of a camera's streams a live viewer watches (D89): the recorded one, or the smaller sub-stream. */
public enum LiveStream {
    main,
    sub
}
