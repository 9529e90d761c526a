package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@code accept} failing, as it does when the process runs out of file descriptors, through the
 * application's {@link ServerSocketFactory} seam: the acceptor backs off and accepts again, it is not
 * restarted, and the port stays open.
 */
@SpringBootTest(properties = "kv.port=0")
class AcceptFailureTest {

    /** More failures in a row than the {@code server} supervisor's restart intensity (3 in 5 s) allows crashes. */
    private static final int FAILURES = 6;

    @Value("${local.kv.port}")
    int port;

    @Autowired
    FailingAccepts failingAccepts;

    @Autowired
    ProcessRef<Acceptor> acceptor;

    @Test
    void acceptFailingSeveralTimesInARowDelaysClientsButNeitherRestartsTheAcceptorNorClosesThePort() {
        Pid before = acceptor.pid();
        failingAccepts.failNext(FAILURES);

        try (KvClient first = new KvClient(port); KvClient waiting = new KvClient(port)) {
            // The accept already under way takes the first client; the next ones fail, while the second
            // client waits in the backlog (the operating system has completed its connection).
            assertThat(first.send("CREATE beforefailures")).isEqualTo("OK");
            assertThat(waiting.send("CREATE afterfailures")).isEqualTo("OK");
        }

        assertThat(failingAccepts.failed()).isEqualTo(FAILURES);
        assertThat(acceptor.pid()).isEqualTo(before);
        try (KvClient next = new KvClient(port)) {
            assertThat(next.send("PUT afterfailures milk 1")).isEqualTo("OK");
        }
    }

    /** Server sockets whose {@code accept} fails as often as the test says. */
    static final class FailingAccepts extends ServerSocketFactory {

        private final AtomicInteger failuresLeft = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();

        void failNext(int failures) {
            failed.set(0);
            failuresLeft.set(failures);
        }

        int failed() {
            return failed.get();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                        failed.incrementAndGet();
                        throw new IOException("Too many open files");   // what accept says at the descriptor limit
                    }
                    return super.accept();
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port) {
            throw new UnsupportedOperationException("the listener binds the socket itself");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) {
            throw new UnsupportedOperationException("the listener binds the socket itself");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
            throw new UnsupportedOperationException("the listener binds the socket itself");
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingAcceptsConfiguration {

        @Bean
        FailingAccepts failingAccepts() {
            return new FailingAccepts();
        }
    }
}
