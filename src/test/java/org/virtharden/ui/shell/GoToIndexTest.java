package org.virtharden.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;

class GoToIndexTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();

    private static GoToIndex index() {
        Map<String, String> screens = new LinkedHashMap<>();
        screens.put("overview", "Overview");
        screens.put("findings", "Findings");
        List<HostConfig> hosts = List.of(new HostConfig(1, "kvm02", "10.1.0.12", 22, "audit", null, null, "nopasswd", null, null,
                null, "prod-a"));
        Finding guestFinding = new Finding(1, 1, 1, "kvm02", "web'$(x)<b>", "GU-001", "v", Domain.GUEST, "t", Severity.HIGH,
                Status.FAIL, "o", "e", "r", 1, "ab", Instant.EPOCH);
        return GoToIndex.build(screens, CATALOG, hosts, List.of(guestFinding));
    }

    @Test
    void findsScreensHostsChecksAndGuestsByAllWords() {
        GoToIndex idx = index();
        GoToIndex.Entry check = idx.search("hv-001", 10).get(0);
        assertEquals("step:hypervisor", check.screen());
        assertEquals("HV-001", check.checkId());
        assertEquals("hosts", idx.search("kvm02 prod-a", 10).get(0).screen(), "host by name and group");
        GoToIndex.Entry guest = idx.search("guest web'$(x)", 10).get(0);
        assertEquals("step:guest", guest.screen());
        assertEquals("kvm02", guest.host());
        assertEquals("web'$(x)<b>", guest.guest(), "the guest name is kept verbatim");
        GoToIndex.Entry gu = idx.search("gu-001", 10).get(0);
        assertEquals("kvm02", gu.host(), "a check with a result selects its first host");
        assertEquals("Findings", idx.search("findings", 10).get(0).label());
    }

    @Test
    void everyCatalogCheckIsReachableAndTheLimitHolds() {
        GoToIndex idx = index();
        long checks = CATALOG.checks().stream().filter(c -> c.domain() != Domain.FLEET).count();
        assertEquals(checks, idx.search("check", 10_000).stream().filter(e -> e.kind().equals("Check")).count());
        assertEquals(5, idx.search("", 5).size());
        assertTrue(idx.search("no such thing at all", 10).isEmpty());
    }
}
