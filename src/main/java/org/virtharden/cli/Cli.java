package org.virtharden.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the command-line interface. Prints one clear message on failure, never a stack trace. */
public final class Cli {
    private Cli() {
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new VirthardenCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // "@PATH" is ours (settings set KEY @FILE): picocli's own argument files would split such a file into arguments
        cl.setExpandAtFiles(false);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliException ce) {
                commandLine.getErr().println("virtharden: " + ce.getMessage());
                return ce.exitCode();
            }
            commandLine.getErr().println("virtharden: unexpected error: " + ex + ". Please report it with the command you ran.");
            return ExitCodes.FAILED;
        });
        cl.setParameterExceptionHandler((ex, parts) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("virtharden: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }
}
