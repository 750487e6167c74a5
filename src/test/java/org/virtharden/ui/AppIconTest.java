package org.virtharden.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The application icon as the window, the installers and the desktop see it (icons/build-icons.sh):
 * the window-icon PNGs in the app's resources, the Windows .ico and the macOS .icns containers.
 */
class AppIconTest {
    private static final Path ICONS = Path.of("icons");

    @Test
    void windowIconsAreSquarePngsOfTheirNamedSizeInTheAccentBlue() throws Exception {
        for (int px : new int[] {16, 32, 48, 64, 128, 256}) {
            String name = "icons/virtharden-" + px + ".png";
            try (InputStream in = VirthardenApp.class.getResourceAsStream(name)) {
                assertNotNull(in, name + " on the class path");
                BufferedImage img = ImageIO.read(in);
                assertEquals(px, img.getWidth(), name);
                assertEquals(px, img.getHeight(), name);
                // the centre column crosses the shield's blue and the server's white: both must be there
                boolean blue = false;
                boolean white = false;
                for (int y = 0; y < px; y++) {
                    int argb = img.getRGB(px / 2 - 1, y);
                    int a = argb >>> 24;
                    int r = (argb >> 16) & 0xff;
                    int g = (argb >> 8) & 0xff;
                    int b = argb & 0xff;
                    blue |= a > 200 && b > 180 && r < 60;
                    white |= a > 200 && r > 230 && g > 230 && b > 230;
                }
                assertTrue(blue && white, name + ": shield blue and server white both visible");
            }
        }
    }

    @Test
    void windowsIcoHoldsSixteenToTwoHundredFiftySix() throws Exception {
        ByteBuffer ico = ByteBuffer.wrap(Files.readAllBytes(ICONS.resolve("virtharden.ico"))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, ico.getShort(0), "reserved");
        assertEquals(1, ico.getShort(2), "type 1 = icon");
        int count = ico.getShort(4);
        Set<Integer> sizes = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            int w = Byte.toUnsignedInt(ico.get(6 + 16 * i));
            sizes.add(w == 0 ? 256 : w);
            int size = ico.getInt(6 + 16 * i + 8);
            int offset = ico.getInt(6 + 16 * i + 12);
            assertTrue(size > 0 && offset + size <= ico.capacity(), "entry " + i + " inside the file");
        }
        assertEquals(Set.of(16, 24, 32, 48, 64, 128, 256), sizes);
    }

    @Test
    void macIcnsIsAWellFormedContainerWithSixteenToFiveHundredTwelve() throws Exception {
        ByteBuffer icns = ByteBuffer.wrap(Files.readAllBytes(ICONS.resolve("virtharden.icns"))); // big-endian
        assertEquals("icns", type(icns, 0));
        assertEquals(icns.capacity(), icns.getInt(4), "header length = file length");
        List<String> types = new ArrayList<>();
        int pos = 8;
        while (pos < icns.capacity()) {
            int len = icns.getInt(pos + 4);
            assertTrue(len >= 8 && pos + len <= icns.capacity(), "element at " + pos);
            types.add(type(icns, pos));
            pos += len;
        }
        assertEquals(icns.capacity(), pos, "elements fill the file exactly");
        // is32/il32/ih32 = 16/32/48 px, it32 = 128 px, ic08 = 256 px, ic09 = 512 px
        assertTrue(types.containsAll(List.of("is32", "il32", "ih32", "it32", "ic08", "ic09")), types.toString());
    }

    private static String type(ByteBuffer b, int at) {
        return new String(new byte[] {b.get(at), b.get(at + 1), b.get(at + 2), b.get(at + 3)}, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
