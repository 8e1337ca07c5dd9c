package nl.poortwachter.recorder.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export manifest: {@code {"manifest": {...}, "signature": {...}}}. The signature covers
 * {@link CanonicalJson#bytes} of the manifest object; the MP4 is bound to it by its SHA-256.
 */
public final class Manifests {
    public static final String FORMAT = "poortwachter-export-manifest/1";

    private Manifests() {
    }

    static Map<String, Object> manifest(ExportRecord e, String cameraName, ExportWriter.Written w, String fileName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("exportId", e.id());
        m.put("cameraId", e.cameraId());
        if (cameraName != null) {
            m.put("cameraName", cameraName);
        }
        m.put("requestedFrom", e.from().toString());
        m.put("requestedTo", e.to().toString());
        m.put("footageFrom", w.start().toString());
        m.put("footageTo", w.end().toString());
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (var g : w.gaps()) {
            Map<String, Object> gap = new LinkedHashMap<>();
            gap.put("from", g[0].toString());
            gap.put("to", g[1].toString());
            gaps.add(gap);
        }
        m.put("gaps", gaps);
        m.put("exporter", e.exporter());
        m.put("purpose", e.purpose());
        if (e.caseNumber() != null) {
            m.put("caseNumber", e.caseNumber());
        }
        m.put("createdAt", e.createdAt().toString());
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", fileName);
        file.put("bytes", w.bytes());
        file.put("sha256", w.sha256());
        file.put("sourceSegments", w.sourceFiles());
        m.put("file", file);
        return m;
    }

    /** The manifest with its signature (or {@code "signature": null} when no signer is configured), pretty-printed. */
    static String signed(Map<String, Object> manifest, ManifestSigner signer) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("manifest", manifest);
        if (signer == null) {
            envelope.put("signature", null);
        } else {
            Map<String, Object> sig = new LinkedHashMap<>();
            sig.put("algorithm", signer.algorithm());
            sig.put("keyId", signer.keyId());
            sig.put("publicKey", Base64.getEncoder().encodeToString(signer.publicKey()));
            sig.put("covers", "RFC 8785 canonical JSON of \"manifest\"");
            sig.put("value", Base64.getEncoder().encodeToString(signer.sign(CanonicalJson.bytes(manifest))));
            envelope.put("signature", sig);
        }
        try {
            return CanonicalJson.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(envelope) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode manifest", e);
        }
    }
}
