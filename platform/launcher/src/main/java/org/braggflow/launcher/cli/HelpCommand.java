package org.braggflow.launcher.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.braggflow.launcher.stage.StageListing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code braggflow help [COMMAND...]} as picocli's own help command, plus {@code help stage TYPE/NAME}:
 * a stage's description and parameter table, rendered from the same listing as {@code stages} and
 * docs/stages.md. A bad name is a {@link BadInputException}: picocli ends a help command with exit 0
 * whatever it returns, so the error goes through {@link Main}'s handler, which exits 2.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of a command (help models import), or a stage's parameters (help stage denoiser/lpa-ici).")
final class HelpCommand implements Runnable, CommandLine.IHelpCommandInitializable2 {

    @ParentCommand
    Main main;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "A command and subcommands, or 'stage' and a stage's TYPE/NAME (NAME alone when only one type has it)")
    List<String> words = List.of();

    private CommandLine self;
    private Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        if (!words.isEmpty() && words.get(0).equals("stage")) {
            if (words.size() != 2) throw new BadInputException("help stage needs one stage, TYPE/NAME (e.g. denoiser/lpa-ici); braggflow stages lists them");
            try {
                out.print(stage(StagesCommand.listing(main.home()), words.get(1)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the stages", e);
            }
            out.flush();
            return;
        }
        CommandLine command = self.getParent();
        for (String w : words) {
            CommandLine sub = command.getSubcommands().get(w);
            if (sub == null) {
                throw new BadInputException("no command '" + String.join(" ", words) + "'; commands: "
                        + String.join(", ", command.getSubcommands().keySet()));
            }
            command = sub;
        }
        command.usage(out, colors);
        out.flush();
    }

    /** The help text of one stage of a listing, or a BadInputException naming the stages there are. */
    static String stage(List<Map<String, Object>> listing, String key) {
        Optional<Map<String, Object>> found = StageListing.find(listing, key);
        if (found.isEmpty()) {
            List<String> keys = StageListing.keys(listing);
            List<String> same = keys.stream().filter(k -> k.endsWith("/" + key)).toList();
            if (same.size() > 1) throw new BadInputException("several stages are named '" + key + "': " + String.join(", ", same) + "; write TYPE/NAME");
            throw new BadInputException("no stage '" + key + "' is deployed; deployed stages: " + (keys.isEmpty() ? "none" : String.join(", ", keys)));
        }
        return StageListing.help(found.get());
    }
}
