package dev.actorkit.cluster.internal;

import dev.actorkit.cluster.ClusterConfig;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.dns.DNS_PING;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.SocketFactory;

/**
 * {@link Engine} on a JGroups channel. The stack it builds: TCP (TLS through the socket factory), discovery
 * by a static list or DNS, MERGE3 to heal partitions, FD_SOCK (a socket per neighbour, over the same TLS:
 * a crash closes it) and FD_ALL3 (heartbeats: a hang) feeding VERIFY_SUSPECT2 (the suspicion stage), then
 * NAKACK2/UNICAST3 (reliable, ordered per sender), GMS (views) and flow control.
 *
 * <p>Concurrency: JGroups calls the receiver on its own threads, one message at a time per sender for
 * regular (not out-of-band) messages, which keeps each pair's stream in order; {@code send} is thread-safe.
 */
final class JGroupsEngine implements Engine, Receiver {

    private static final System.Logger LOG = System.getLogger(JGroupsEngine.class.getName());

    private final ClusterConfig config;
    private final JChannel channel;
    private volatile Engine.Listener listener;
    private volatile Member self;

    JGroupsEngine(ClusterConfig config, List<Protocol> stack) throws Exception {
        this.config = config;
        this.channel = new JChannel(stack);
        channel.setName(config.nodeName());
        channel.setReceiver(this);
    }

    /** The protocol stack built from a config, bottom first. */
    static List<Protocol> stackFor(ClusterConfig config, SocketFactory socketFactory) throws Exception {
        InetAddress bind = InetAddress.getByName(config.bindHost());
        long suspicion = config.suspicionTimeout().toMillis();
        long heartbeat = config.heartbeatTimeout().toMillis();
        List<Protocol> stack = new ArrayList<>();
        TCP tcp = config.tls() != null ? new CertifiedTcp() : new TCP();
        tcp.setBindAddress(bind);
        tcp.setBindPort(config.bindPort());
        tcp.setPortRange(0);
        tcp.setSocketFactory(socketFactory);
        stack.add(tcp);
        if (config.dnsQuery() != null) {
            tcp.setPortRange(config.dnsPortRange());
            DNS_PING dns = new DNS_PING().setValue("dns_query", config.dnsQuery()).setValue("dns_record_type", "A")
                    .setValue("probe_transport_ports", config.dnsPortRange() > 0);
            if (config.dnsServer() != null) {
                dns.setValue("dns_address", config.dnsServer());
            }
            stack.add(dns);
        } else {
            List<InetSocketAddress> hosts = new ArrayList<>();
            for (InetSocketAddress member : config.staticMembers()) {
                hosts.add(new InetSocketAddress(member.getHostString(), member.getPort()));
            }
            stack.add(new TCPPING().setInitialHosts(hosts).setPortRange(0));
        }
        stack.add(new MERGE3().setValue("min_interval", 1000L).setValue("max_interval", 3000L));
        FD_SOCK fdSock = new FD_SOCK();
        fdSock.setBindAddress(bind);
        stack.add(fdSock);
        stack.add(new FD_ALL3().setTimeout(heartbeat).setInterval(Math.max(100, heartbeat / 8)));
        stack.add(new VERIFY_SUSPECT2().setTimeout(suspicion));
        stack.add(new BARRIER());
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        stack.add(new GMS().setValue("join_timeout", config.joinTimeout().toMillis())
                .setValue("print_local_addr", false));
        stack.add(new UFC());
        stack.add(new MFC());
        stack.add(new FRAG4());
        return stack;
    }

    @Override
    public void start(Engine.Listener listener) throws Exception {
        this.listener = listener;
        channel.connect(config.clusterName());
    }

    @Override
    public Member self() {
        Member known = self;
        if (known == null) {
            known = member(channel.getAddress()); // set once the channel has connected
            self = known;
        }
        return known;
    }

    @Override
    public void send(Member to, byte[] bytes) {
        try {
            channel.send(new BytesMessage((Address) to.address(), bytes));
        } catch (Exception e) {
            // The channel is closed or the member is gone: the caller's bookkeeping (unacked sends, pending
            // calls) reports the loss when the view drops the member.
            LOG.log(Level.DEBUG, () -> "send to " + to + " failed: " + e);
        }
    }

    @Override
    public java.security.cert.@org.jspecify.annotations.Nullable X509Certificate certificateOf(Member member) {
        CertifiedTcp tcp = channel.getProtocolStack().findProtocol(CertifiedTcp.class);
        return tcp == null ? null : tcp.certificateOf((Address) member.address());
    }

    @Override
    public boolean checksCertificates() {
        return config.customStack() == null && config.tls() != null
                && channel.getProtocolStack().findProtocol(CertifiedTcp.class) != null;
    }

    @Override
    public void viewAccepted(View view) {
        Engine.Listener current = listener;
        if (current != null) {
            current.viewChanged(members(view), view instanceof MergeView);
        }
    }

    @Override
    public void receive(Message message) {
        Engine.Listener current = listener;
        if (current != null) {
            current.received(member(message.getSrc()), message.getArray(), message.getOffset(), message.getLength());
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    private static List<Member> members(View view) {
        List<Member> members = new ArrayList<>();
        for (Address address : view.getMembers()) {
            members.add(member(address));
        }
        return members;
    }

    private static Member member(Address address) {
        return new Member(address, String.valueOf(org.jgroups.util.NameCache.get(address)));
    }
}
