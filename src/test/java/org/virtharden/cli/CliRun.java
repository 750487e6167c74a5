package org.virtharden.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process CLI invocation for tests: exit code, standard output and standard error as text. */
public record CliRun(int code, String out, String err) {
    /** Runs {@code virtharden ARGS…} in this JVM (the same entry point as the launcher). */
    public static CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
