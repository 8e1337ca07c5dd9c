package nl.poortwachter.recorder.logging;

import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is logged or returned: credentials in URLs (FFmpeg puts the whole
 * URL, password included, into its error messages) and {@code password=…} style pairs.
 */
public final class Redactor {
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@\"']*@");
    private static final Pattern PASSWORD_PAIR =
            Pattern.compile("(?i)(pass(?:word|wd)?\"?\\s*[=:]\\s*\"?)[^\\s,;&\"']+");

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_USERINFO.matcher(text).replaceAll("$1***@");
        return PASSWORD_PAIR.matcher(out).replaceAll("$1***");
    }
}
