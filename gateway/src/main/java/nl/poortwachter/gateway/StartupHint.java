package nl.poortwachter.gateway;

/**
 * The one line after "gateway started" that tells whoever started the gateway what to do next. Plain words and a URL,
 * no shell command: a command inside a quoted log field comes out with escaped quotes that no shell takes as they are
 * (the README and docs/integrator-guide.md carry the API calls).
 */
final class StartupHint {
    private StartupHint() {
    }

    /** @return the hint, or null when there is nothing to do (cameras are configured and the admin is set up) */
    static String of(String baseUrl, int cameras, boolean awaitingSetup) {
        if (awaitingSetup) {
            return "first start: open " + baseUrl + "/ in a browser and enter the one-time code printed above;"
                    + " it sets the admin password and makes an account for adding cameras";
        }
        if (cameras == 0) {
            return "no cameras yet: an integrator adds them at " + baseUrl + "/cameras"
                    + " (or through the API, see docs/integrator-guide.md)";
        }
        return null;
    }
}
