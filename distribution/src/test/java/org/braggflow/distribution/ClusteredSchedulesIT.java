package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators sharing schedules through Quartz's clustered job store on a real PostgreSQL: a
 * cron every two seconds fires once per fire time across both, never on both; when one coordinator
 * is killed, the other goes on firing.
 */
class ClusteredSchedulesIT {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    @TempDir
    Path work;

    private record Fire(OffsetDateTime at, String coordinator) {
    }

    private Path home(String name, int port) throws Exception {
        Path home = work.resolve(name);
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("workflows"));
        Files.writeString(home.resolve("conf/cluster.properties"), "schedules.jdbc.url=jdbc:postgresql://localhost:" + port + "/postgres\n"
                + "schedules.jdbc.user=postgres\nschedules.jdbc.password=\n"
                // a dead coordinator's triggers are taken over after a few missed check-ins
                + "schedules.checkin_ms=2000\n");
        Files.writeString(home.resolve("workflows/every-two.yaml"), """
                id: every-two
                triggers:
                  inbox: inbox/every-two
                  cron: "0/2 * * * * ?"
                stages:
                  - type: reader
                    use: auto
                  - type: maps
                    use: conventional
                  - type: exporter
                    use: tables
                """);
        return home;
    }

    private static List<Fire> fires(Path home, String name) throws Exception {
        List<Fire> out = new ArrayList<>();
        for (String line : Files.readAllLines(home.resolve("logs/braggflow.log"))) {
            if (line.contains("workflow every-two: scheduled run over")) out.add(new Fire(OffsetDateTime.parse(line.substring(0, 28), LOG_TIME), name));
        }
        return out;
    }

    @Test
    void aCronFiresOnceAcrossCoordinatorsAndSurvivesOne() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Path a = home("coordinator-a", pg.getPort());
            Path b = home("coordinator-b", pg.getPort());
            StringBuffer outA = new StringBuffer();
            Process serveA = Braggflow.started(Braggflow.builder(a, "serve"), "ready in", outA);
            Process serveB = Braggflow.started(Braggflow.builder(b, "serve"), "ready in", new StringBuffer());
            try {
                assertTrue(outA.toString().contains("workflow schedules shared through"), outA.toString());
                Thread.sleep(14_000);
                serveA.destroyForcibly();
                serveA.waitFor(30, TimeUnit.SECONDS);
                OffsetDateTime killed = OffsetDateTime.now();
                Thread.sleep(20_000);
                List<Fire> all = new ArrayList<>(fires(a, "a"));
                all.addAll(fires(b, "b"));
                all.sort((x, y) -> x.at().compareTo(y.at()));
                String listing = all.toString();
                assertTrue(all.size() >= 8, "the cron fired every two seconds over 34 s: " + listing);
                for (int i = 1; i < all.size(); i++) {
                    long ms = java.time.Duration.between(all.get(i - 1).at(), all.get(i).at()).toMillis();
                    assertTrue(ms > 1000, "one coordinator per fire time (two fires " + ms + " ms apart): " + listing);
                }
                long afterKill = all.stream().filter(f -> f.at().isAfter(killed.plusSeconds(1))).count();
                assertTrue(afterKill >= 2 && all.stream().filter(f -> f.at().isAfter(killed.plusSeconds(1))).allMatch(f -> f.coordinator().equals("b")),
                        "coordinator b took the schedule over once a was gone: " + listing);
            } finally {
                serveA.destroyForcibly();
                serveB.destroy();
                if (!serveB.waitFor(30, TimeUnit.SECONDS)) serveB.destroyForcibly();
            }
        }
    }
}
