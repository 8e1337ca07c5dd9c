package nl.poortwachter.gateway.http;

/**
 * The one shape of every error response; {@code field} is left out when the problem is not about one field.
 * {@code reason} says why a 403 refused (e.g. {@code no_grant}, {@code police_only_regime}): the same short reason
 * the audit log's denied entry records, so that a page can tell the user why in their language.
 */
public record ErrorBody(String error, String message, String field, String reason) {
    public ErrorBody(String error, String message, String field) {
        this(error, message, field, null);
    }
}
