package org.virtharden.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process the way a user would, and returns {exit code, stdout, stderr}. */
final class CliRunner {
    private CliRunner() {
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
