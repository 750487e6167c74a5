package org.virtharden.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream to its end, keeping at most {@code cap} bytes and draining the rest so the remote
 * side never blocks. The kept text gets a visible truncation marker.
 */
public final class OutputCollector {
    public static final int DEFAULT_CAP = 8 * 1024 * 1024;

    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;

    public OutputCollector(int cap) {
        this.cap = cap;
    }

    public void drain(InputStream in) throws IOException {
        byte[] buf = new byte[16384];
        int n;
        while ((n = in.read(buf)) >= 0) {
            accept(buf, n);
        }
    }

    public void accept(byte[] buf, int n) {
        accept(buf, 0, n);
    }

    /** Takes {@code n} bytes starting at {@code off}; never blocks, keeps at most the cap. */
    public synchronized void accept(byte[] buf, int off, int n) {
        if (total < cap) {
            kept.write(buf, off, (int) Math.min(n, cap - total));
        }
        total += n;
    }

    public synchronized boolean truncated() {
        return total > cap;
    }

    public synchronized String text() {
        String s = decode(kept.toByteArray());
        if (truncated()) {
            s += "\n[virtharden: output truncated: kept " + cap + " of " + total + " bytes]\n";
        }
        return s;
    }

    /** UTF-8 with every malformed byte sequence replaced by U+FFFD. */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
