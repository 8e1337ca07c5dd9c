package nl.poortwachter.gateway.auth;

/**
 * Who is making the request: the user as stored now (role and grants changes apply at once) and the login session it
 * came with. {@code sessionRef} is a short prefix of the token's hash: enough to tie a login to its logout in the
 * audit log, useless for using the login session.
 */
public record Principal(User user, String sessionRef, boolean viaCookie) {
    public String userId() {
        return user.id();
    }

    public String username() {
        return user.username();
    }

    public Role role() {
        return user.role();
    }
}
