package org.braggflow.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Simulates a scan with planted domains and analyses it with the default workflow. */
@Command(name = "demo", description = "Simulate a scan with planted domains, analyse it with the default workflow, print the report's path.")
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ScanSizeOptions size;

    @Option(names = "--workflow", defaultValue = "default", description = "Workflow id or file (default ${DEFAULT-VALUE})")
    String workflow;

    @Override
    public Integer call() throws Exception {
        BraggflowHome home = main.home();
        try (Platform platform = Platform.start(home, Distribution.fromSystemProperty())) {
            Path folder = Files.createDirectories(home.root().resolve("demo"));
            String name = "demo-" + size.rows + "x" + size.cols + "x" + size.angles;
            Path scan = folder.resolve(name + ".h5");
            if (!Files.exists(scan)) {
                System.out.println("simulating " + size.rows + " x " + size.cols + " positions, " + size.angles + " angles, 64 x 64 detector -> " + scan);
                SimulatedScan.write(SimulationSpec.of(size.rows, size.cols, size.angles, 64, 64, 1, 1.0), SimulatedScan.Format.H5, scan)
                        .write(folder.resolve(name + ".truth.json"));
            }
            int code = RunCommand.run(platform, home, WorkflowFiles.locate(home, workflow), scan, null);
            Path results = home.results().resolve(WorkflowFiles.parse(home, WorkflowFiles.locate(home, workflow)).id()).resolve(name);
            if (code == 0) System.out.print(DemoScore.of(results, folder.resolve(name + ".truth.json")));
            return code;
        }
    }
}
