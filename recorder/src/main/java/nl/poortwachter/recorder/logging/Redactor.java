package nl.poortwachter.recorder.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is written anywhere. Log lines are read by more people than camera
 * passwords should be (operators, suppliers, whoever gets the log archive), and a message from FFmpeg, Vert.x or
 * an exception can quote a URL we never meant to log. This is the last wall, not the first: code should not log
 * secrets in the first place.
 *
 * <p>It errs towards hiding too much: a URL with an '@' later on the same token loses more than its credentials.
 */
public final class Redactor {
    /**
     * {@code rtsp://user:pass@host} and friends; greedy to the last '@' before whitespace, because a careless
     * password may hold '/', ':' or '@' unencoded.
     */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b((?:rtsps?|rtmps?|https?|srt)://)\\S*@");
    /** The same URL percent-encoded once, as it appears inside query strings or encoded JSON. */
    private static final Pattern ENCODED_URL_CREDENTIALS = Pattern.compile("(?i)\\b((?:rtsps?|https?)%3A%2F%2F)\\S*?%40");
    /** {@code "password": "..."} in JSON, where the value may contain spaces and escaped quotes. */
    private static final Pattern JSON_SECRET = Pattern.compile(
            "(?i)(\"(?:password|passwd|pwd|secret|token|api[_-]?key)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    /** {@code password=...}, {@code password: ...}, {@code passwd=...} in URLs, key=value logs and messages. */
    private static final Pattern KEY_VALUE_SECRET = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|api[_-]?key)(\\s*[=:]\\s*)(?!\\*\\*\\*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s&,;]+)");
    /** HTTP authorization header values, should a request header ever be logged. */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)\\b(authorization\\s*[=:]\\s*)(?:(basic|bearer|digest)\\s+)?[^\\s,;]+");

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = URL_CREDENTIALS.matcher(text).replaceAll("$1***@");
        s = ENCODED_URL_CREDENTIALS.matcher(s).replaceAll("$1***%40");
        s = JSON_SECRET.matcher(s).replaceAll("$1\"***\"");
        s = replaceKeyValue(s);
        Matcher auth = AUTHORIZATION.matcher(s);
        s = auth.replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + "***"));
        return s;
    }

    private static String replaceKeyValue(String s) {
        return KEY_VALUE_SECRET.matcher(s).replaceAll(m -> {
            String value = m.group(3);
            String masked = value.startsWith("\"") ? "\"***\"" : "***";
            return Matcher.quoteReplacement(m.group(1) + m.group(2) + masked);
        });
    }
}
