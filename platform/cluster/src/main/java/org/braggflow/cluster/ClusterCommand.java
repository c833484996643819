package org.braggflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.braggflow.launcher.cli.Main;
import org.braggflow.launcher.cli.ToolCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code braggflow cluster}: the workers the broker has heard from, and the depth of each Braggflow queue. */
@Command(name = "cluster", description = "Show a cluster's workers (host, pid, stages, chunks done, last seen) and queue depths.")
public final class ClusterCommand implements Callable<Integer>, ToolCommand {

    @ParentCommand
    Main main;

    @Option(names = "--broker", paramLabel = "URL", description = "The broker (default: broker= in <home>/conf/cluster.properties).")
    String broker;

    @Override
    public Integer call() throws Exception {
        ClusterSettings settings = ClusterSettings.of(main.home().root(), broker);
        if (!settings.configured()) {
            System.err.println("braggflow cluster: no broker: give --broker URL or broker= in " + ClusterSettings.file(main.home().root()));
            return 2;
        }
        ObjectMapper json = new ObjectMapper();
        try (BrokerQueries q = new BrokerQueries(settings.connectionFactory(true))) {
            Map<String, String> workers = q.workerStatus();
            System.out.println("broker " + settings.describe());
            System.out.printf("%-28s %-16s %8s %7s %8s %9s %7s %8s  %s%n", "worker", "host", "pid", "threads", "chunks", "positions", "refused", "seen", "stages");
            for (String text : workers.values()) {
                JsonNode s = json.readTree(text);
                long ago = Duration.between(Instant.parse(s.path("last_seen").asText()), Instant.now()).toSeconds();
                StringBuilder stages = new StringBuilder();
                s.path("stages").fields().forEachRemaining(f -> stages.append(stages.isEmpty() ? "" : ", ").append(f.getKey()).append(' ')
                        .append(f.getValue().asText().replaceAll("^.* ", "")));
                System.out.printf("%-28s %-16s %8d %7d %8d %9d %7d %7ds  %s%n", s.path("id").asText(), s.path("host").asText(), s.path("pid").asLong(),
                        s.path("threads").asInt(), s.path("chunks_done").asLong(), s.path("positions_done").asLong(), s.path("chunks_refused").asLong(),
                        ago, stages);
            }
            if (workers.isEmpty()) System.out.println("(no worker has reported in the last minute)");
            System.out.printf("%n%-48s %9s %9s%n", "queue", "messages", "consumers");
            for (String name : new java.util.TreeSet<>(q.queueNames())) {
                if (!name.startsWith("braggflow.") && !name.equals(Queues.DEAD_LETTERS)) continue;
                if (name.equals(Queues.WORKERS)) continue;
                System.out.printf("%-48s %9d %9d%n", name, q.messageCount(name), q.consumerCount(name));
            }
        } catch (jakarta.jms.JMSException e) {
            System.err.println("braggflow cluster: cannot reach the broker " + settings.describe() + ": " + JmsRemoteRun.rootMessage(e));
            return 1;
        }
        return 0;
    }
}
