package nl.poortwachter.media.sdp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import nl.poortwachter.media.h26x.VideoCodec;

/**
 * The first video track of a session description (RFC 8866) that we can read ourselves: H.264 (RFC 6184) or
 * H.265 (RFC 7798) over RTP, with its payload type, clock rate, control URL and the parameter sets the camera
 * announces out of band (many send them in-band before each keyframe too).
 *
 * @param codec          null if the first video track has another codec (then FFmpeg's reader is needed)
 * @param encodingName   as the SDP names it, e.g. "H264", "JPEG"; for messages
 * @param payloadType    0-127, or -1 when the media line names none or an invalid one
 * @param control        the track's URL, for SETUP
 * @param sessionControl the aggregate URL, for PLAY and TEARDOWN
 */
public record SdpVideo(VideoCodec codec, String encodingName, int payloadType, int clockRate, String control,
                       String sessionControl, List<byte[]> parameterSets) {

    /** @return the first video track, or null if the description has none */
    public static SdpVideo parse(String sdp, String baseUrl) {
        String sessionControl = null;
        boolean inVideo = false;
        boolean seenVideo = false;
        boolean seenMedia = false;
        int payloadType = -1;
        String encoding = null;
        int clockRate = 90_000;
        String control = null;
        List<byte[]> sets = new ArrayList<>();
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (seenVideo) {
                    break;
                }
                seenMedia = true;
                inVideo = line.startsWith("m=video ");
                if (inVideo) {
                    seenVideo = true;
                    String[] f = line.split("\\s+");
                    payloadType = f.length > 3 ? payloadType(f[3]) : -1;
                }
            } else if (line.startsWith("a=control:")) {
                if (inVideo) {
                    control = line.substring(10).strip();
                } else if (!seenMedia) {
                    sessionControl = line.substring(10).strip();
                }
            } else if (inVideo && line.startsWith("a=rtpmap:")) {
                String[] f = line.substring(9).split("\\s+", 2);
                String[] enc = f.length == 2 ? f[1].split("/") : new String[0];
                // "96 /" has no fields at all: an rtpmap without an encoding name is no rtpmap.
                if (enc.length > 0 && !enc[0].isEmpty() && ours(f[0], payloadType)) {
                    encoding = enc[0];
                    if (enc.length > 1) {
                        clockRate = parseInt(enc[1]);
                    }
                }
            } else if (inVideo && line.startsWith("a=fmtp:")) {
                String[] f = line.substring(7).split("\\s+", 2);
                if (f.length == 2 && ours(f[0], payloadType)) {
                    sets.addAll(parameterSets(f[1]));
                }
            }
        }
        if (!seenVideo) {
            return null;
        }
        VideoCodec codec = encoding == null ? null : switch (encoding.toUpperCase(Locale.ROOT)) {
            case "H264" -> VideoCodec.H264;
            case "H265" -> VideoCodec.H265;
            default -> null;
        };
        String base = resolve(baseUrl, sessionControl);
        return new SdpVideo(codec, encoding == null ? "payload type " + payloadType : encoding, payloadType,
                clockRate > 0 ? clockRate : 90_000, resolve(base, control), base, List.copyOf(sets));
    }

    /** sprop-parameter-sets (H.264) or sprop-vps/-sps/-pps (H.265): base64 NAL units, comma separated. */
    private static List<byte[]> parameterSets(String fmtp) {
        List<byte[]> out = new ArrayList<>();
        for (String param : fmtp.split(";")) {
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!name.equals("sprop-parameter-sets") && !name.equals("sprop-vps") && !name.equals("sprop-sps")
                    && !name.equals("sprop-pps")) {
                continue;
            }
            for (String b64 : param.substring(eq + 1).strip().split(",")) {
                try {
                    byte[] nal = Base64.getDecoder().decode(b64.strip());
                    if (nal.length > 1) {
                        out.add(nal);
                    }
                } catch (IllegalArgumentException e) {
                    // A broken announcement: the in-band parameter sets still count.
                }
            }
        }
        return out;
    }

    /** RFC 2326 C.1.1: a control attribute is absolute, "*" (the base itself) or relative to the base URL. */
    static String resolve(String base, String control) {
        if (control == null || control.isEmpty() || control.equals("*")) {
            return base;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
            return control;
        }
        // Not URI.resolve: camera paths carry query strings (Dahua) that resolution would drop.
        return base.endsWith("/") ? base + control : base + "/" + control;
    }

    /** RTP payload types have 7 bits (RFC 3550 5.1): anything else is none (-1). */
    private static int payloadType(String s) {
        int pt = parseInt(s);
        return pt >= 0 && pt <= 127 ? pt : -1;
    }

    /** Whether an rtpmap/fmtp attribute's payload type is the video track's (never when the track has none). */
    private static boolean ours(String field, int payloadType) {
        return payloadType >= 0 && payloadType(field) == payloadType;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
