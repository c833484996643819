package org.braggflow.launcher.cli;

/**
 * A {@code braggflow} subcommand that lives in a module the launcher does not depend on (the benchmark
 * suite): {@link Main} finds it with {@link java.util.ServiceLoader} when its jar is on the class path,
 * so the tool ships with the distribution while the platform compiles without it. An implementation is
 * a public picocli {@code @Command} class with a public no-argument constructor, listed in its jar's
 * {@code META-INF/services/org.braggflow.launcher.cli.ToolCommand}; it may take {@code @ParentCommand Main}.
 */
public interface ToolCommand {
}
