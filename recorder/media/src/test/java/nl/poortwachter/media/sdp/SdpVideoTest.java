package nl.poortwachter.media.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import nl.poortwachter.media.h26x.VideoCodec;
import org.junit.jupiter.api.Test;

class SdpVideoTest {
    private static final String HIKVISION = String.join("\r\n",
            "v=0", "o=- 1 1 IN IP4 10.0.0.2", "s=Media Presentation", "t=0 0", "a=control:*",
            "m=audio 0 RTP/AVP 8", "a=rtpmap:8 PCMA/8000", "a=control:trackID=2",
            "m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z0IAKeKQFAe2AtwEBAaQeJEV,aM48gA==",
            "a=control:trackID=1", "");

    @Test
    void findsTheVideoTrackAfterAnAudioTrack() {
        SdpVideo v = SdpVideo.parse(HIKVISION, "rtsp://10.0.0.2/Streaming/Channels/101/");
        assertEquals(VideoCodec.H264, v.codec());
        assertEquals(96, v.payloadType());
        assertEquals(90_000, v.clockRate());
        assertEquals("rtsp://10.0.0.2/Streaming/Channels/101/trackID=1", v.control());
        assertEquals("rtsp://10.0.0.2/Streaming/Channels/101/", v.sessionControl());
        assertEquals(2, v.parameterSets().size());
        assertEquals(0x67, v.parameterSets().get(0)[0] & 0xff);
        assertArrayEquals(new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80}, v.parameterSets().get(1));
    }

    @Test
    void relativeControlKeepsTheQueryStringOfTheBase() {
        String sdp = "v=0\r\nm=video 0 RTP/AVP 97\r\na=rtpmap:97 H265/90000\r\n"
                + "a=fmtp:97 sprop-vps=QAEMAf//; sprop-sps=QgEBAWA=; sprop-pps=RAHA\r\na=control:stream=0\r\n";
        SdpVideo v = SdpVideo.parse(sdp, "rtsp://cam/cam/realmonitor?channel=1&subtype=0");
        assertEquals(VideoCodec.H265, v.codec());
        assertEquals("rtsp://cam/cam/realmonitor?channel=1&subtype=0/stream=0", v.control());
        assertEquals(3, v.parameterSets().size());
    }

    @Test
    void anotherCodecIsReportedByName() {
        SdpVideo v = SdpVideo.parse("v=0\r\nm=video 0 RTP/AVP 26\r\na=rtpmap:26 JPEG/90000\r\na=control:rtsp://cam/x/track1\r\n", "rtsp://cam/x");
        assertNull(v.codec());
        assertEquals("JPEG", v.encodingName());
        assertEquals("rtsp://cam/x/track1", v.control());
    }

    @Test
    void noVideoTrackIsNull() {
        assertNull(SdpVideo.parse("v=0\r\nm=audio 0 RTP/AVP 8\r\n", "rtsp://cam/x"));
    }

    /** Fuzzing finding: payload type 960 came back as is; RTP's payload type has 7 bits, so it is none (-1). */
    @Test
    void aPayloadTypeOutsideRtpsSevenBitsIsNone() {
        SdpVideo v = SdpVideo.parse("v=0\r\nm=video 0 RTP/AVP 960\r\na=rtpmap:960 H264/90000\r\n", "rtsp://cam/x");
        assertEquals(-1, v.payloadType());
        assertNull(v.codec(), "an rtpmap cannot belong to an invalid payload type");
    }

    /** Found reviewing the parser for its fuzz target: "a=rtpmap:96 /" split into no fields and threw AIOOBE. */
    @Test
    void anRtpmapWithoutAnEncodingNameIsIgnored() {
        SdpVideo v = SdpVideo.parse("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 /\r\n", "rtsp://cam/x");
        assertNull(v.codec());
        assertEquals("payload type 96", v.encodingName());
    }
}
