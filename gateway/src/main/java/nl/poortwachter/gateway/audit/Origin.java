package nl.poortwachter.gateway.audit;

/** Where a request came from, as far as the gateway can see: the peer address and the client's User-Agent. */
public record Origin(String clientAddress, String userAgent) {
    public static final Origin INTERNAL = new Origin(null, null);

    public Origin {
        userAgent = Text.clip(userAgent, 256);
    }
}
