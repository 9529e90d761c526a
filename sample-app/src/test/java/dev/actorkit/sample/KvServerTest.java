package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The TCP server of the running application, through real sockets: the protocol and bad clients. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kv.port=0")
class KvServerTest {

    @Value("${local.kv.port}")
    int port;

    @Test
    void aMissingBucketIsNotFound() {
        try (KvClient client = new KvClient(port)) {
            assertThat(client.send("GET nosuchbucket milk")).isEqualTo("NOT FOUND");
            assertThat(client.send("PUT nosuchbucket milk 1")).isEqualTo("NOT FOUND");
            assertThat(client.send("DELETE nosuchbucket milk")).isEqualTo("NOT FOUND");
        }
    }

    @Test
    void anythingButTheFourCommandsIsAnUnknownCommand() {
        try (KvClient client = new KvClient(port)) {
            assertThat(client.send("HELLO")).isEqualTo("UNKNOWN COMMAND");
            assertThat(client.send("")).isEqualTo("UNKNOWN COMMAND");
            assertThat(client.send("create lowercase")).isEqualTo("UNKNOWN COMMAND");
            assertThat(client.send("PUT too few")).isEqualTo("UNKNOWN COMMAND");
            assertThat(client.send("CREATE too many words")).isEqualTo("UNKNOWN COMMAND");
            assertThat(client.send("CREATE stillserved")).isEqualTo("OK");
        }
    }

    @Test
    void aLineEndedByLineFeedAloneIsAcceptedLikeNetcatSendsIt() {
        try (KvClient client = new KvClient(port)) {
            client.write("CREATE lf\n".getBytes(StandardCharsets.UTF_8));
            assertThat(client.readLine()).isEqualTo("OK");
        }
    }

    @Test
    void creatingABucketTwiceKeepsItsContents() {
        try (KvClient client = new KvClient(port)) {
            client.send("CREATE twice");
            client.send("PUT twice milk 3");
            assertThat(client.send("CREATE twice")).isEqualTo("OK");
            assertThat(client.send("GET twice milk")).isEqualTo("3\nOK");
        }
    }

    @Test
    void twentyClientsAtOnceEachGetTheirOwnAnswers() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try {
            List<Callable<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                String bucket = "concurrent" + c;
                clients.add(() -> {
                    List<String> read = new ArrayList<>();
                    try (KvClient client = new KvClient(port)) {
                        client.send("CREATE " + bucket);
                        for (int k = 0; k < 50; k++) {
                            assertThat(client.send("PUT " + bucket + " key" + k + " " + bucket + "-" + k)).isEqualTo("OK");
                        }
                        for (int k = 0; k < 50; k++) {
                            read.add(client.send("GET " + bucket + " key" + k));
                        }
                    }
                    return read;
                });
            }
            List<Future<List<String>>> results = threads.invokeAll(clients, 60, TimeUnit.SECONDS);
            for (int c = 0; c < 20; c++) {
                List<String> expected = new ArrayList<>();
                for (int k = 0; k < 50; k++) {
                    expected.add("concurrent" + c + "-" + k + "\nOK");
                }
                assertThat(results.get(c).get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aTooLongLineGetsAnErrorAndTheConnectionIsClosedWhileOthersAreStillServed() {
        try (KvClient other = new KvClient(port); KvClient flooder = new KvClient(port)) {
            other.send("CREATE bystander");
            flooder.write("x".repeat(5000).getBytes(StandardCharsets.UTF_8));

            assertThat(flooder.readLine()).isEqualTo("ERROR line longer than 4096 bytes");
            assertThat(flooder.isClosedByServer()).isTrue();
            assertThat(other.send("PUT bystander milk 1")).isEqualTo("OK");
        }
    }

    @Test
    void aLineAtTheLengthLimitIsStillAccepted() {
        try (KvClient client = new KvClient(port)) {
            String command = "CREATE " + "b".repeat(4096 - "CREATE ".length());
            assertThat(client.send(command)).isEqualTo("OK");
        }
    }

    @Test
    void binaryGarbageGetsAnErrorAndTheConnectionIsClosedWhileOthersAreStillServed() {
        try (KvClient other = new KvClient(port); KvClient garbage = new KvClient(port)) {
            garbage.write(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, '\r', '\n'});

            assertThat(garbage.readLine()).isEqualTo("ERROR line is not UTF-8 text");
            assertThat(garbage.isClosedByServer()).isTrue();
            assertThat(other.send("CREATE afterbinary")).isEqualTo("OK");
        }
    }

    @Test
    void aLineCutOffByTheClientLeavingIsNotExecuted() {
        try (KvClient client = new KvClient(port)) {
            client.send("CREATE halfsent");
        }
        try (KvClient leaving = new KvClient(port)) {
            leaving.write("PUT halfsent milk 1".getBytes(StandardCharsets.UTF_8));
            leaving.finish();
            assertThat(leaving.isClosedByServer()).isTrue();
        }
        try (KvClient client = new KvClient(port)) {
            assertThat(client.send("GET halfsent milk")).isEqualTo("\nOK");
        }
    }

    @Test
    void aClientThatResetsTheConnectionDoesNotDisturbTheOthers() {
        try (KvClient other = new KvClient(port)) {
            KvClient rude = new KvClient(port);
            rude.send("CREATE reset");
            rude.write("PUT reset milk".getBytes(StandardCharsets.UTF_8));
            rude.abort();

            assertThat(other.send("CREATE afterreset")).isEqualTo("OK");
            assertThat(other.send("GET reset milk")).isEqualTo("\nOK");
        }
    }
}
