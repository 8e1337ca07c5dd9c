package nl.poortwachter.gateway.audit;

/**
 * A data subject, when one is known (e.g. an export made for a person's access request under AVG art. 15):
 * {@code type} says what kind of identifier {@code id} is, e.g. {@code bsn} or a case system's person number.
 */
public record DataSubject(String id, String type) {
}
