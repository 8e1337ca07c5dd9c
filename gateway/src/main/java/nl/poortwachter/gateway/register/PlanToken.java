package nl.poortwachter.gateway.register;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.RegisterField;

/**
 * A fingerprint of an import plan as it was shown: SHA-256 over the file, the mapping and every row's action with
 * its entry before and after. Applying requires it, so that what is applied is exactly what the dry run showed: if
 * the register changed in between (another import, an edit, a camera change), the plan differs and so does its token.
 */
final class PlanToken {
    private PlanToken() {
    }

    static String of(byte[] file, Map<String, String> mapping, ImportPlan plan) {
        MessageDigest d = digest();
        d.update(file);
        StringBuilder text = new StringBuilder();
        new TreeMap<>(mapping).forEach((k, v) -> text.append("map\0").append(k).append('\0').append(v).append('\n'));
        for (ImportPlan.RowPlan r : plan.rows()) {
            text.append("row\0").append(r.line()).append('\0').append(r.action());
            for (RegisterField f : RegisterField.values()) {
                text.append('\0').append(r.before() == null ? "\1" : String.valueOf(r.before().value(f)))
                        .append('\0').append(String.valueOf(r.after().value(f)));
            }
            text.append('\n');
        }
        text.append("problems\0").append(plan.problems().size());
        d.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
