package nl.poortwachter.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtspAuthTest {
    @Test
    void digestWithoutQopFollowsRfc2069() {
        RtspAuth auth = new RtspAuth("admin", "Geheim!42");
        assertTrue(auth.accept(List.of("Basic realm=\"cam\"", "Digest realm=\"IP Camera\", nonce=\"abc123\"")));
        String h = auth.authorization("DESCRIBE", "rtsp://10.0.0.2/Streaming/Channels/101");
        Map<String, String> p = RtspAuth.params(h.substring("Digest ".length()));
        String ha1 = RtspAuth.md5("admin:IP Camera:Geheim!42");
        String ha2 = RtspAuth.md5("DESCRIBE:rtsp://10.0.0.2/Streaming/Channels/101");
        assertEquals(RtspAuth.md5(ha1 + ":abc123:" + ha2), p.get("response"));
        assertEquals("admin", p.get("username"));
        assertFalse(h.contains("Geheim"), "the password never travels with Digest");
    }

    @Test
    void rfc2617ExampleWithQopAuth() {
        // RFC 2617 3.5: the response for these inputs with cnonce 0a4f113b and nc 00000001 is
        // 6629fae49393a05397450978507c4ef1; here the cnonce is random, so recompute with it.
        RtspAuth auth = new RtspAuth("Mufasa", "Circle Of Life");
        auth.accept(List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        Map<String, String> p = RtspAuth.params(auth.authorization("GET", "/dir/index.html").substring(7));
        String ha1 = RtspAuth.md5("Mufasa:testrealm@host.com:Circle Of Life");
        String ha2 = RtspAuth.md5("GET:/dir/index.html");
        assertEquals("939e7578ed9e3c518a452acee763bce9", ha1);
        assertEquals(RtspAuth.md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:" + p.get("cnonce") + ":auth:" + ha2),
                p.get("response"));
        assertEquals("auth", p.get("qop"));
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", p.get("opaque"));
    }

    @Test
    void anUnknownSchemeIsNotAnswered() {
        assertFalse(new RtspAuth("a", "b").accept(List.of("Negotiate abc")));
    }
}
