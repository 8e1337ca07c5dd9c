package nl.poortwachter.gateway.auth.routes;

import nl.poortwachter.gateway.auth.PasswordRules;
import nl.poortwachter.gateway.http.ApiException;

/** A new password in a request, held to {@link PasswordRules}: a 400 naming the field, never quoting the password. */
final class PasswordField {
    private PasswordField() {
    }

    static void check(String field, String password, String username) {
        String p = PasswordRules.problem(password, username);
        if (p != null) {
            throw ApiException.badRequest("invalid_field", field, "'" + field + "' " + p);
        }
    }
}
