package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameworksTest {
    private static Check check(String id, Map<String, String> refs) {
        return new Check(id, Domain.HYPERVISOR, Mode.MANUAL, "t", Severity.LOW, "host", null, null, null, null, null, "r", "m",
                refs, null, "q", List.of("note"), "test");
    }

    @Test
    void frameworksGroupReferenceKeysAndKeepUnverifiedMarks() {
        Catalog c = new Catalog(List.of(
                check("CUST-A", Map.of("stig-rhel9", "RHEL-09-211010", "pci-dss-4", "2.2.1")),
                check("CUST-B", Map.of("vmm-srg", "V-207497?")),
                check("CUST-C", Map.of("cis-debian12", "5.2.1", "article", "ART-hv"))), Map.of());
        List<Frameworks.Mapping> stig = Frameworks.mapped(Frameworks.find("stig", c).orElseThrow(), c);
        assertEquals(List.of("CUST-A", "CUST-B"), stig.stream().map(m -> m.check().id()).toList());
        assertFalse(stig.get(0).unverified());
        assertTrue(stig.get(1).unverified(), "a reference marked ? stays unverified");
        assertEquals(List.of("stig-rhel9 RHEL-09-211010"), stig.get(0).references());
        assertEquals(List.of("CUST-C"), Frameworks.mapped(Frameworks.find("CIS", c).orElseThrow(), c).stream()
                .map(m -> m.check().id()).toList());
        assertEquals(List.of("5.2.1"), Frameworks.mapped(Frameworks.find("cis-debian12", c).orElseThrow(), c).get(0).references());
        assertTrue(Frameworks.find("article", c).isEmpty(), "background articles are not a framework");
        assertTrue(Frameworks.find("iso-27001", c).isEmpty());
    }

    @Test
    void theBuiltInCatalogMapsEveryNamedFramework() {
        Catalog c = new CatalogLoader().loadBuiltIn();
        for (Frameworks.Framework f : Frameworks.known()) {
            if (f.id().equals("pci-dss-3")) {
                continue; // only a handful of legacy references
            }
            assertTrue(Frameworks.mapped(f, c).size() >= 3, f.id() + " maps " + Frameworks.mapped(f, c).size() + " checks");
        }
    }
}
