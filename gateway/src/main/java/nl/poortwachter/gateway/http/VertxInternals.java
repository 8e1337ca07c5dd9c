package nl.poortwachter.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The only place that touches Vert.x internals (an architecture test keeps it so). Vert.x 5 took Netty's types
 * out of its public API and has no public way to do these two things, which the live view needs; its maintainers
 * point to the internal API for them. On a Vert.x upgrade, check these two methods first.
 */
public final class VertxInternals {
    private VertxInternals() {
    }

    /**
     * A buffer over Netty bytes without copying them: every viewer of a camera sends the same picture bytes, and
     * {@code Buffer.buffer(byte[])} would copy each picture once per viewer.
     */
    public static Buffer wrap(ByteBuf bytes) {
        return BufferInternal.buffer(bytes);
    }

    /**
     * Caps the kernel's send buffer of one connection. The public options ({@code HttpServerOptions}) set it for
     * every connection of the server, and only the live view's sockets need it small. A no-op for a connection
     * that is not one of Vert.x's Netty connections.
     */
    public static void limitSendBuffer(HttpConnection connection, int bytes) {
        if (connection instanceof ConnectionBase c) {
            c.channel().config().setOption(ChannelOption.SO_SNDBUF, bytes);
        }
    }
}
