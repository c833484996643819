package org.braggflow.launcher.cli;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.braggflow.launcher.home.BraggflowHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code braggflow} command line. Exit codes: 0 success, 1 failure, 2 bad usage or input. */
@Command(name = "braggflow", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Maps lattice defects in scanning nanodiffraction scans.",
        subcommands = {DemoCommand.class, RunCommand.class, RunsCommand.class, ServeCommand.class, StagesCommand.class, WorkflowsCommand.class,
            CloudCommand.class, DenoiseCommand.class, ModelsCommand.class, EncodeCommand.class, TrainCommand.class,
            SimulateCommand.class, EvaluateCommand.class, HelpCommand.class})
public final class Main {

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Braggflow home (default: $BRAGGFLOW_HOME or ~/.braggflow)")
    Path home;

    /** The home the command line names, else the default; public for tool commands in other modules. */
    public BraggflowHome home() {
        return BraggflowHome.resolve(home);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (used by tests without exiting the JVM). */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BadInputException) {
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName(" ") + ": " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("braggflow: " + message(e));
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * The command tree: the commands compiled in, then every {@link ToolCommand} on the class path
     * (the distribution's lib/ holds braggflow-bench, which adds {@code bench}).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (ToolCommand tool : ServiceLoader.load(ToolCommand.class, Main.class.getClassLoader())) {
            cli.addSubcommand(tool);
        }
        return cli;
    }

    /** An exception's message; file errors whose message is only the path get the problem named after it. */
    static String message(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null && f.getOtherFile() == null) {
            String problem = e instanceof java.nio.file.NoSuchFileException ? InputPaths.NO_SUCH
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : e instanceof java.nio.file.NotDirectoryException ? "not a folder" : e.getClass().getSimpleName();
            return f.getFile() + ": " + problem;
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"braggflow " + (v == null ? "(development build)" : v)};
        }
    }
}
