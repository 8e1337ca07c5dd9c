package nl.poortwachter.recorder.ingest.source;

import nl.poortwachter.media.h26x.VideoCodec;

/**
 * The video track a source opened.
 *
 * @param codec      H.264 or H.265, which can be stored as they are; null for other codecs (only transcoding records them)
 * @param codecName  FFmpeg's name of the camera's codec, e.g. "h264", "hevc", "mjpeg"
 * @param extradata  the parameter sets announced before the stream (Annex-B), or null
 * @param frameRate  the camera's frame rate if known, else 0
 * @param reader     "builtin" (our RTSP reader) or "ffmpeg"
 */
public record SourceStream(VideoCodec codec, String codecName, int width, int height, byte[] extradata, double frameRate,
                           String reader) {
    /** Our reader hands whole pictures; FFmpeg's may hand a picture's slices one by one. */
    public boolean wholePictures() {
        return reader.equals("builtin");
    }
}
