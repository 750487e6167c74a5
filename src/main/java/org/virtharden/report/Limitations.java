package org.virtharden.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Written limitations for pre-flight items: a UTF-8 text file of {@code KEY: text} lines, where KEY is a pre-flight
 * item's key as the pack and {@code report --preflight} print it (e.g. {@code PH-04@kvm01}, {@code waiver#3}) or
 * {@code *} for every item without its own line. Blank lines and lines starting with {@code #} are ignored.
 */
public final class Limitations {
    private Limitations() {
    }

    public static Map<String, String> read(Path file) throws ReportException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException("Could not read the limitations file " + file + ": " + e.getMessage()
                    + ". Give a readable UTF-8 text file of 'KEY: text' lines.", e);
        }
        return parse(text, file.toString());
    }

    static Map<String, String> parse(String text, String source) throws ReportException {
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\r?\n")) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int i = l.indexOf(": ");
            if (i <= 0 || l.substring(i + 2).isBlank()) {
                throw new ReportException(source + " line " + n + " is not 'KEY: text' (e.g. 'PH-04@kvm01: Rack room"
                        + " closed on the day; to be checked at the retest').");
            }
            out.put(l.substring(0, i).strip(), l.substring(i + 2).strip());
        }
        return out;
    }
}
