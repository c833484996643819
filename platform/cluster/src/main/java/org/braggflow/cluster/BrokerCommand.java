package org.braggflow.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.braggflow.launcher.cli.Main;
import org.braggflow.launcher.cli.ToolCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code braggflow broker}: an Apache Artemis broker embedded in this process, with a persistent
 * journal (a restarted broker still has every chunk that was not done), listening on localhost unless
 * told otherwise. Chunks that fail {@code --max-tries} times go to the dead-letter queue {@code DLQ};
 * {@code braggflow.workers} keeps each worker's newest status only.
 */
@Command(name = "broker", description = "Run the message broker that a coordinator (serve --broker) and workers share, until stopped.")
public final class BrokerCommand implements Callable<Integer>, ToolCommand {

    @ParentCommand
    Main main;

    @Option(names = "--data", paramLabel = "DIR", description = "Journal folder (default: <home>/broker).")
    Path data;

    @Option(names = "--host", defaultValue = "localhost", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "61616", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-tries", defaultValue = "5", description = "Deliveries of a chunk before it goes to the dead-letter queue (default: ${DEFAULT-VALUE}).")
    int maxTries;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS12 key store: accept TLS connections only (clients add sslEnabled=true&trustStorePath=... to the URL).")
    Path keystore;

    @Option(names = "--tls-password", paramLabel = "PASSWORD", description = "Password of the --tls-keystore.")
    String keystorePassword;

    @Override
    public Integer call() throws Exception {
        Path home = main.home().root();
        Path journal = data != null ? data : home.resolve("broker");
        Files.createDirectories(journal);
        ClusterSettings settings = ClusterSettings.of(home, null);
        String acceptor = EmbeddedBroker.acceptorUrl(host, port, keystore, keystorePassword);
        EmbeddedBroker broker = EmbeddedBroker.start(journal, acceptor, maxTries, settings.user(), settings.password());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("braggflow broker: did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "braggflow-broker-stop"));
        System.out.printf("Braggflow broker (Apache Artemis) listening on %s://%s:%d; journal %s; chunks dead-lettered after %d tries%s%n",
                keystore != null ? "tls" : "tcp", host, port, journal, maxTries, settings.user() != null ? "; user " + settings.user() : "");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
