package org.virtharden.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppPrefsTest {
    private final Preferences node = Preferences.userRoot().node("org/virtharden/test-" + UUID.randomUUID());
    private final AppPrefs prefs = new AppPrefs(node);

    @AfterEach
    void removeNode() throws Exception {
        node.removeNode();
    }

    @Test
    void recentProjectsMostRecentFirstWithoutDuplicatesAndAtMostTen() {
        assertTrue(prefs.recent().isEmpty());
        assertNull(prefs.lastProject());
        for (int i = 0; i < 12; i++) {
            prefs.opened(Path.of("/p/" + i + ".vhproj"), "client\t" + i, "site\n" + i);
        }
        prefs.opened(Path.of("/p/5.vhproj"), "again", "");
        assertEquals(10, prefs.recent().size());
        assertEquals(Path.of("/p/5.vhproj"), prefs.recent().get(0).file());
        assertEquals("again", prefs.recent().get(0).client());
        assertEquals("client 11", prefs.recent().get(1).client(), "tabs and line breaks cannot break the list");
        assertEquals(1, prefs.recent().stream().filter(r -> r.file().equals(Path.of("/p/5.vhproj"))).count());
        assertEquals(Path.of("/p/5.vhproj"), prefs.lastProject());
        prefs.forget(Path.of("/p/5.vhproj"));
        assertEquals(Path.of("/p/11.vhproj"), prefs.recent().get(0).file());
    }

    @Test
    void windowBoundsAndTheme() {
        assertNull(prefs.windowBounds());
        prefs.windowBounds(10, 20, 1366, 768);
        assertArrayEquals(new double[] {10, 20, 1366, 768}, prefs.windowBounds());
        prefs.darkTheme(true);
        assertTrue(new AppPrefs(node).darkTheme());
    }
}
