package dev.actorkit.cluster.internal;

import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jgroups.util.DefaultSocketFactory;
import org.jgroups.util.SocketFactory;

/** The socket factory for every JGroups socket of a node: TLS 1.3 only, both sides present a certificate. */
final class TlsSockets {

    private static final String[] TLS_13 = {"TLSv1.3"};

    private TlsSockets() {
    }

    static SocketFactory factory(SSLContext context) {
        DefaultSocketFactory factory = new DefaultSocketFactory(context);
        factory.setServerSocketConfigurator(TlsSockets::configureServer);
        factory.setSocketConfigurator(TlsSockets::configureClient);
        return factory;
    }

    private static void configureServer(ServerSocket socket) {
        SSLServerSocket server = (SSLServerSocket) socket;
        SSLParameters parameters = server.getSSLParameters();
        parameters.setProtocols(TLS_13);
        parameters.setNeedClientAuth(true); // mutual: a peer without a certificate signed by the CA is refused
        server.setSSLParameters(parameters);
    }

    private static void configureClient(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(TLS_13);
            ssl.setSSLParameters(parameters);
        }
    }
}
