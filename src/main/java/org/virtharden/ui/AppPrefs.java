package org.virtharden.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the app remembers between runs (java.util.prefs): recent projects, the last project, window bounds and the
 * theme. Tests use their own node, so they never touch the operator's settings.
 */
public final class AppPrefs {
    private static final int MAX_RECENT = 10;
    private static volatile AppPrefs current;

    /** A recent project as the start screen lists it. */
    public record Recent(Path file, String client, String site) {
    }

    private final Preferences node;

    public AppPrefs(Preferences node) {
        this.node = node;
    }

    /** The operator's settings, unless a test installed others with {@link #use}. */
    public static AppPrefs current() {
        AppPrefs p = current;
        if (p == null) {
            p = new AppPrefs(Preferences.userRoot().node("org/virtharden/app"));
            current = p;
        }
        return p;
    }

    public static void use(AppPrefs prefs) {
        current = prefs;
    }

    public List<Recent> recent() {
        List<Recent> out = new ArrayList<>();
        for (String line : node.get("recent", "").split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 3 && !f[0].isBlank()) {
                out.add(new Recent(Path.of(f[0]), f[1], f[2]));
            }
        }
        return out;
    }

    /** Moves a project to the top of the recent list and makes it the last project. */
    public void opened(Path file, String client, String site) {
        Path abs = file.toAbsolutePath().normalize();
        List<Recent> list = new ArrayList<>(recent());
        list.removeIf(r -> r.file().equals(abs));
        list.add(0, new Recent(abs, clean(client), clean(site)));
        StringBuilder sb = new StringBuilder();
        for (Recent r : list.subList(0, Math.min(MAX_RECENT, list.size()))) {
            sb.append(r.file()).append('\t').append(r.client()).append('\t').append(r.site()).append('\n');
        }
        node.put("recent", sb.toString());
        node.put("lastProject", abs.toString());
        flush();
    }

    public void forget(Path file) {
        List<Recent> list = new ArrayList<>(recent());
        list.removeIf(r -> r.file().equals(file));
        StringBuilder sb = new StringBuilder();
        list.forEach(r -> sb.append(r.file()).append('\t').append(r.client()).append('\t').append(r.site()).append('\n'));
        node.put("recent", sb.toString());
        flush();
    }

    public Path lastProject() {
        String s = node.get("lastProject", "");
        return s.isBlank() ? null : Path.of(s);
    }

    public boolean darkTheme() {
        return node.getBoolean("darkTheme", false);
    }

    public void darkTheme(boolean dark) {
        node.putBoolean("darkTheme", dark);
        flush();
    }

    /** x, y, width, height; or null before the first run. */
    public double[] windowBounds() {
        String s = node.get("window", "");
        String[] f = s.split(",");
        if (f.length != 4) {
            return null;
        }
        try {
            double[] b = new double[4];
            for (int i = 0; i < 4; i++) {
                b[i] = Double.parseDouble(f[i]);
            }
            return b;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public void windowBounds(double x, double y, double w, double h) {
        node.put("window", x + "," + y + "," + w + "," + h);
        flush();
    }

    /** Removes every stored value (tests). */
    public void clear() {
        try {
            node.clear();
        } catch (BackingStoreException e) {
            // nothing stored, nothing to clear
        }
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\t\\n\\r]", " ");
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience; the app works without them
        }
    }
}
