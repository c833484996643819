package org.braggflow.launcher.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.stage.StageListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Lists the deployed stages. When {@code serve} runs on this home, the list is the one it publishes,
 * so hot-deployed bundles show as the running platform sees them; otherwise the deploy folder is
 * loaded in a framework of this process.
 */
@Command(name = "stages", description = "List deployed stages with bundle versions and parameters.")
final class StagesCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--markdown", description = "Print the Markdown reference of every stage's parameters (docs/stages.md).")
    boolean markdown;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> listing = listing(main.home());
        System.out.print(json ? Json.pretty(listing) + "\n" : markdown ? StageListing.markdown(listing) : StageListing.text(listing));
        return 0;
    }

    /** The deployed stages as {@link StageListing} maps: serve's when it runs on this home, else this process's. */
    static List<Map<String, Object>> listing(BraggflowHome home) throws IOException, InterruptedException {
        return ServeState.of(home).isServing() ? ServeState.of(home).readStages() : loadHere(home);
    }

    private static List<Map<String, Object>> loadHere(BraggflowHome home) throws IOException, InterruptedException {
        try (Platform platform = Platform.start(home, Distribution.fromSystemProperty())) {
            return StageListing.of(platform.stages().list());
        }
    }
}
