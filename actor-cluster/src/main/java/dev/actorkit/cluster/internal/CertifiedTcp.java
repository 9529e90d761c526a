package dev.actorkit.cluster.internal;

import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.PhysicalAddress;
import org.jgroups.blocks.cs.Connection;
import org.jgroups.blocks.cs.ConnectionListener;
import org.jgroups.blocks.cs.TcpConnection;
import org.jgroups.protocols.TCP;
import org.jspecify.annotations.Nullable;

/**
 * JGroups' {@code TCP} that remembers which certificate each peer presented on its TLS connection, so the
 * node can check that a peer's claimed node name is one its certificate allows.
 *
 * <p>A connection is keyed by the peer's listening address (JGroups' physical address), which is how JGroups
 * itself keys connections; {@link #certificateOf} maps a member's logical address to it. JGroups keeps the
 * socket of a connection in a protected field with no accessor, so it is read once per connection by
 * reflection; if that ever fails, no certificate is known and every peer is refused (fail closed, logged).
 *
 * <p>Concurrency: connection events come on JGroups' threads; the table is a concurrent map.
 */
final class CertifiedTcp extends TCP {

    private static final System.Logger LOG = System.getLogger(CertifiedTcp.class.getName());
    private static final @Nullable Field SOCKET = socketField();

    private final Map<Address, X509Certificate> certificates = new ConcurrentHashMap<>();

    private static @Nullable Field socketField() {
        try {
            Field field = TcpConnection.class.getDeclaredField("sock");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.ERROR, "cannot read the sockets of JGroups' TCP connections (" + e + "): peers' node names"
                    + " cannot be checked against their certificates, so every peer will be refused");
            return null;
        }
    }

    @Override
    protected void handleConnect() throws Exception {
        super.handleConnect();
        srv.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionEstablished(Connection connection) {
                X509Certificate certificate = peerCertificate(connection);
                if (certificate != null && connection.peerAddress() != null) {
                    certificates.put(connection.peerAddress(), certificate);
                }
            }

            @Override
            public void connectionClosed(Connection connection) {
                // Kept: a member's greeting may still be on its way, and a new connection replaces the entry.
            }
        });
    }

    /** The certificate the member presented on its connection to this node, or null if none is known. */
    @Nullable X509Certificate certificateOf(Address member) {
        Object physical = down(new Event(Event.GET_PHYSICAL_ADDRESS, member));
        return physical instanceof PhysicalAddress address ? certificates.get(address) : null;
    }

    private static @Nullable X509Certificate peerCertificate(Connection connection) {
        if (SOCKET == null || !(connection instanceof TcpConnection)) {
            return null;
        }
        try {
            if (SOCKET.get(connection) instanceof SSLSocket socket) {
                Certificate[] chain = socket.getSession().getPeerCertificates();
                return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
            }
        } catch (SSLPeerUnverifiedException | IllegalAccessException e) {
            LOG.log(Level.WARNING, "no verified certificate on the connection from " + connection.peerAddress() + ": " + e);
        }
        return null;
    }
}
