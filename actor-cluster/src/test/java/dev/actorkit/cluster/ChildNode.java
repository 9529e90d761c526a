package dev.actorkit.cluster;

import dev.actorkit.Call;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.cluster.TestMessages.Echo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The main class of a child JVM in {@link MultiJvmClusterTest}: a node with TLS that registers "echo"
 * (answers calls) and "silent" (takes calls, never answers), prints READY, and stops when its standard
 * input closes (so it never outlives the test JVM).
 *
 * <p>Arguments: node name, port, heartbeat timeout in ms, cert chain, key, CA, then the static members.
 */
public final class ChildNode {

    private ChildNode() {
    }

    public static void main(String[] args) throws IOException {
        String name = args[0];
        int port = Integer.parseInt(args[1]);
        ClusterConfig.Builder config = ClusterConfig.builder(name).clusterName("multi-jvm").bind("127.0.0.1", port)
                .heartbeatTimeout(Duration.ofMillis(Long.parseLong(args[2])))
                .tls(ClusterTls.pem(Path.of(args[3]), Path.of(args[4]), Path.of(args[5])))
                .allow(TestMessages.ALLOWED);
        for (int i = 6; i < args.length; i++) {
            config.staticMembers(args[i]);
        }
        Scheduler scheduler = Scheduler.create();
        ProcessRef<Object> echo = scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call && call.request() instanceof Echo(String text)) {
                    call.reply(new Echo(text + " from " + name));
                }
            }
        });
        scheduler.register("echo", echo);
        scheduler.register("silent", scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        }));
        Cluster cluster = Cluster.start(scheduler, config.build());
        System.out.println("READY " + cluster.self());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our input
        }
        cluster.close();
        scheduler.close();
    }
}
