package dev.actorkit.bench.dashboard;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application {@link dev.actorkit.bench.DashboardCost} measures: ActorKit's starter with the
 * dashboard, on Tomcat, and one supervised process. In a package of its own, so that only its
 * {@code @Process} class is discovered, not the benchmarks'.
 */
@SpringBootApplication
public class BusyApplication {

    /** A process that answers what it is asked; idle copies of it fill the process table. */
    @Process
    public static class Clerk {
        @Receive
        String on(String request) {
            return request;
        }
    }
}
