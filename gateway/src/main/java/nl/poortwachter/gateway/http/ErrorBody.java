package nl.poortwachter.gateway.http;

/** The one shape of every error response; {@code field} is left out when the problem is not about one field. */
public record ErrorBody(String error, String message, String field) {
}
