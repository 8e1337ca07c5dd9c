package nl.poortwachter.gateway.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The five roles of the issue. A user has exactly one: separation of duties is easier to audit that way. */
public enum Role {
    OPERATOR, POLICE, INTEGRATOR, AUDITOR, ADMIN;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role parse(String s) {
        if (s != null) {
            for (Role r : values()) {
                if (r.id().equals(s)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of operator, police, integrator, auditor, admin");
    }
}
