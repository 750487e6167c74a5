package org.virtharden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunksTest {
    @Test
    void expensiveCommandsGoToDifferentChannelsAndLoadsEvenOut() {
        List<BatchScript.Item> items = new ArrayList<>();
        items.add(new BatchScript.Item("r0", "apt list --upgradable", 30, 1200));
        for (int i = 1; i <= 20; i++) {
            items.add(new BatchScript.Item("r" + i, "cheap " + i, 30, 20));
        }
        items.add(new BatchScript.Item("r21", "guest loop", 30, 900));
        items.add(new BatchScript.Item("r22", "other loop", 30, 800));
        List<List<BatchScript.Item>> chunks = HostScanner.chunks(items, 4);
        assertEquals(4, chunks.size());
        assertEquals(items.size(), chunks.stream().mapToInt(List::size).sum(), "every item exactly once");
        List<Integer> loads = chunks.stream().map(c -> c.stream().mapToInt(BatchScript.Item::costMs).sum()).toList();
        // the 1.2 s command sits alone-ish; no channel carries two of the three heavy items
        for (List<BatchScript.Item> c : chunks) {
            assertTrue(c.stream().filter(it -> it.costMs() >= 800).count() <= 1, c.toString());
        }
        int max = loads.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertEquals(1200, max, "the slowest channel is the one with the package query: " + loads);
        assertEquals(1, HostScanner.chunks(items.subList(0, 1), 4).size(), "no empty channels");
    }
}
