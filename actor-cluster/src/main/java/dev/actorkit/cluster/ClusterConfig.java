package dev.actorkit.cluster;

import java.net.InetSocketAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jgroups.stack.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * How a node joins its cluster: its name, where it listens, how it finds the others, its TLS material,
 * the message types allowed to cross, and the failure-detection timeouts. Immutable and thread-safe;
 * build one with {@link #builder(String)}.
 *
 * @param nodeName         this node's name, unique in the cluster
 * @param clusterName      nodes join only a cluster of the same name
 * @param bindHost         the address the node listens on
 * @param bindPort         the TCP port it listens on
 * @param staticMembers    the addresses of the cluster's nodes (this one may be among them)
 * @param dnsQuery         a DNS name whose A records are the cluster's nodes (a Kubernetes headless
 *                         service), or null
 * @param tls              the TLS material, or null only with {@code insecure}
 * @param insecure         plain text between nodes: only for a trusted test network
 * @param allowedTypes     the message types that may cross between nodes (see {@link #builder})
 * @param maxMessageBytes  the largest encoded message; larger ones are refused at the sender
 * @param suspicionTimeout how long a suspected node (its socket closed, or no heartbeat) may answer
 *                         before it is declared down
 * @param heartbeatTimeout how long a node may be silent (hung, or cut off) before it is suspected
 * @param joinTimeout      how long a starting node looks for the others before it forms a cluster alone
 * @param customStack      an expert's own JGroups protocol stack, replacing the one built from the
 *                         settings above (TLS, discovery and timeouts are then the stack's business), or null
 * @param spawnables       the process types other nodes may start here, by name
 * @param certificateNames the node names a peer's TLS certificate allows it to use (by default its subject's
 *                         CN and its DNS subject alternative names); a peer whose greeting claims another
 *                         name is refused. Not used with {@code insecure} or a custom stack.
 * @param dnsPortRange     with {@code dnsQuery}: nodes listen on {@code bindPort} to {@code bindPort + dnsPortRange}
 *                         of each host the A records name (several nodes per host), and a node whose port is
 *                         taken takes the next free one of that range; 0 (the default) means one node per host
 * @param dnsServer        the DNS server to ask, {@code host} or {@code host:port}, or null for the system's
 * @param sendQueueLimit   how many messages to one node may wait to be sent (flow control holds them back
 *                         when that node falls behind) before further sends to it become dead letters
 *                         ({@code SEND_QUEUE_FULL}); sends never block
 */
public record ClusterConfig(
        String nodeName,
        String clusterName,
        String bindHost,
        int bindPort,
        List<InetSocketAddress> staticMembers,
        @Nullable String dnsQuery,
        @Nullable ClusterTls tls,
        boolean insecure,
        Set<Class<?>> allowedTypes,
        int maxMessageBytes,
        Duration suspicionTimeout,
        Duration heartbeatTimeout,
        Duration joinTimeout,
        @Nullable Supplier<List<Protocol>> customStack,
        Map<String, RemoteSpawnable> spawnables,
        Function<X509Certificate, Set<String>> certificateNames,
        int dnsPortRange,
        @Nullable String dnsServer,
        int sendQueueLimit) {

    public ClusterConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(certificateNames, "certificateNames");
        staticMembers = List.copyOf(staticMembers);
        allowedTypes = Set.copyOf(allowedTypes);
        spawnables = Map.copyOf(spawnables);
    }

    /** A builder for the node named {@code nodeName}. */
    public static Builder builder(String nodeName) {
        return new Builder(nodeName);
    }

    /** Builds a {@link ClusterConfig}; not thread-safe. */
    public static final class Builder {
        private final String nodeName;
        private String clusterName = "actorkit";
        private String bindHost = "127.0.0.1";
        private int bindPort = 7800;
        private final List<InetSocketAddress> staticMembers = new ArrayList<>();
        private @Nullable String dnsQuery;
        private @Nullable ClusterTls tls;
        private boolean insecure;
        private final Set<Class<?>> allowedTypes = new LinkedHashSet<>();
        private int maxMessageBytes = 1 << 20;
        private Duration suspicionTimeout = Duration.ofMillis(500);
        private Duration heartbeatTimeout = Duration.ofSeconds(8);
        private Duration joinTimeout = Duration.ofSeconds(2);
        private @Nullable Supplier<List<Protocol>> customStack;
        private final Map<String, RemoteSpawnable> spawnables = new LinkedHashMap<>();
        private Function<X509Certificate, Set<String>> certificateNames = ClusterConfig::commonNameAndDnsNames;
        private int sendQueueLimit = 100_000;
        private int dnsPortRange;
        private @Nullable String dnsServer;

        private Builder(String nodeName) {
            this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
            if (nodeName.isBlank() || nodeName.contains("#")) {
                throw new IllegalArgumentException("a node name must be non-blank and must not contain '#': '" + nodeName + "'");
            }
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
            return this;
        }

        /** Where this node listens; default {@code 127.0.0.1:7800}. */
        public Builder bind(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("bind port must be 0..65535, was " + port);
            }
            this.bindHost = Objects.requireNonNull(host, "host");
            this.bindPort = port;
            return this;
        }

        /** The cluster's nodes as {@code host:port} strings (this node may be among them). */
        public Builder staticMembers(String... hostPorts) {
            for (String hostPort : hostPorts) {
                staticMembers.add(parseHostPort(hostPort));
            }
            return this;
        }

        /** Finds the cluster's nodes by a DNS name's A records (all on this node's port), e.g. a headless service. */
        public Builder dnsQuery(String dnsName) {
            this.dnsQuery = Objects.requireNonNull(dnsName, "dnsName");
            return this;
        }

        /**
         * With {@link #dnsQuery}: several nodes may share a host, on ports {@code bindPort} to
         * {@code bindPort + range}; discovery asks each of those ports on every host the A records name.
         */
        public Builder dnsPortRange(int range) {
            if (range < 0 || range > 100) {
                throw new IllegalArgumentException("dnsPortRange must be between 0 and 100, was " + range);
            }
            this.dnsPortRange = range;
            return this;
        }

        /** The DNS server that answers {@code dnsQuery}, {@code host} or {@code host:port}; the system's by default. */
        public Builder dnsServer(String hostPort) {
            this.dnsServer = Objects.requireNonNull(hostPort, "hostPort");
            return this;
        }

        /** TLS 1.3 with mutual authentication between nodes: required unless {@link #insecure()}. */
        public Builder tls(ClusterTls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Plain text between nodes: anyone who reaches the port can join and read every message. Only for a
         * trusted test network; the node logs a warning when it starts.
         */
        public Builder insecure() {
            this.insecure = true;
            return this;
        }

        /**
         * Allows these message types to cross between nodes: records, enums, and sealed interfaces (whose
         * permitted records and enums are allowed with them). Strings, boxed primitives and {@code ProcessRef}s
         * are always allowed.
         */
        public Builder allow(Class<?>... types) {
            for (Class<?> type : types) {
                allowedTypes.add(Objects.requireNonNull(type, "type"));
            }
            return this;
        }

        /** The largest encoded message, 1 MiB by default. */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 64) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 64, was " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /** How long a suspected node may answer before it is declared down; 500 ms by default. */
        public Builder suspicionTimeout(Duration timeout) {
            this.suspicionTimeout = positive(timeout, "suspicionTimeout");
            return this;
        }

        /** How long a node may send no heartbeat (hung, cut off) before it is suspected; 8 s by default. */
        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = positive(timeout, "heartbeatTimeout");
            return this;
        }

        /** How long a starting node looks for the others before it forms a cluster alone; 2 s by default. */
        public Builder joinTimeout(Duration timeout) {
            this.joinTimeout = positive(timeout, "joinTimeout");
            return this;
        }

        /**
         * Expert: the JGroups protocol stack to use, bottom (transport) first, a fresh list per call. It
         * replaces the stack built from this config; its security is then yours to check.
         */
        public Builder customStack(Supplier<List<Protocol>> stack) {
            this.customStack = Objects.requireNonNull(stack, "stack");
            return this;
        }

        /**
         * Lets other nodes start processes of this type here with {@link Cluster#spawn}, by this name only
         * (Erlang spawns by module and function; nothing else can be started remotely).
         */
        public Builder spawnable(String type, RemoteSpawnable factory) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(factory, "factory");
            if (spawnables.putIfAbsent(type, factory) != null) {
                throw new IllegalArgumentException("the process type '" + type + "' is already spawnable; give each its own name");
            }
            return this;
        }

        /**
         * The node names a peer's certificate allows it to use; by default its subject's CN and its DNS
         * subject alternative names. A peer that greets with any other name is refused and an error is logged.
         */
        public Builder certificateNames(Function<X509Certificate, Set<String>> namesOfCertificate) {
            this.certificateNames = Objects.requireNonNull(namesOfCertificate, "namesOfCertificate");
            return this;
        }

        /**
         * How many messages to one node may wait to be sent while flow control holds them back; beyond it
         * a send becomes a dead letter ({@code SEND_QUEUE_FULL}) instead of waiting. 100,000 by default.
         */
        public Builder sendQueueLimit(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("sendQueueLimit must be at least 1, was " + messages);
            }
            this.sendQueueLimit = messages;
            return this;
        }

        public ClusterConfig build() {
            if (customStack == null && tls == null && !insecure) {
                throw new IllegalStateException("node '" + nodeName + "' has no TLS settings: set"
                        + " ClusterConfig.builder(..).tls(ClusterTls.pem(...)) (or .keyStore(...)), or, on a trusted test"
                        + " network only, .insecure() for plain text");
            }
            if (tls != null && insecure) {
                throw new IllegalStateException("node '" + nodeName + "' has both TLS settings and insecure(): choose one");
            }
            if (!heartbeatTimeout.minus(suspicionTimeout).isPositive()) {
                throw new IllegalStateException("heartbeatTimeout (" + heartbeatTimeout + ") must be longer than"
                        + " suspicionTimeout (" + suspicionTimeout + ")");
            }
            return new ClusterConfig(nodeName, clusterName, bindHost, bindPort, staticMembers, dnsQuery, tls, insecure,
                    allowedTypes, maxMessageBytes, suspicionTimeout, heartbeatTimeout, joinTimeout, customStack,
                    spawnables, certificateNames, dnsPortRange, dnsServer, sendQueueLimit);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (!duration.isPositive()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }

        private static InetSocketAddress parseHostPort(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a static member must be written host:port (e.g. 10.0.0.5:7800),"
                        + " was '" + hostPort + "'");
            }
        }
    }

    /** The default {@code certificateNames}: the subject's CN and the DNS subject alternative names. */
    public static Set<String> commonNameAndDnsNames(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(
                    certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> alternative : certificate.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(alternative.get(0))) { // 2 = dNSName (RFC 5280)
                        names.add(String.valueOf(alternative.get(1)));
                    }
                }
            }
        } catch (javax.naming.InvalidNameException | CertificateParsingException e) {
            throw new IllegalArgumentException("cannot read the names in certificate "
                    + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
        return Set.copyOf(names);
    }
}
