package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-guest probes: the guest variables are used quoted, and the built-in guest checks are wired as documented. */
class GuestProbeLintTest {
    @Test
    void guestVariablesMustBeQuotedAndOnlyInPerGuestProbes() {
        assertNull(CatalogLint.guestVariableProblem("virsh -r -c \"$VH_URI\" dumpxml \"$VH_DOM\"", true));
        assertNull(CatalogLint.guestVariableProblem("virsh -r -c \"$VH_URI\" nodeinfo", true));
        for (String bad : List.of("virsh -r -c $VH_URI dumpxml $VH_DOM", "virsh -r -c \"$VH_URI\" dumpxml ${VH_DOM}",
                "virsh -r -c \"$VH_URI\" dumpxml '$VH_DOM'", "eval \"virsh dumpxml $VH_DOM\"")) {
            assertNotNull(CatalogLint.guestVariableProblem(bad, true), () -> "not caught: " + bad);
        }
        assertNotNull(CatalogLint.guestVariableProblem("virsh -r -c \"$VH_URI\" dumpxml \"$VH_DOM\"", false));
        // every batch exports the host's libvirt URI, so host probes may ask libvirt too
        assertNull(CatalogLint.guestVariableProblem("virsh -r -c \"$VH_URI\" pool-list --all --name", false));
    }

    @Test
    void builtInGuestChecksUseThePerGuestProbe() {
        Catalog c = new CatalogLoader().loadBuiltIn();
        List<Check> guest = c.checks().stream().filter(k -> k.scope().equals("guest") && k.probe() != null).toList();
        assertTrue(guest.size() >= 12, "only " + guest.size() + " guest checks");
        for (Check k : guest) {
            assertEquals(Domain.GUEST, k.domain(), k.id());
            assertTrue(k.id().startsWith("GU-"), k.id());
            ProbeDef p = c.probes().get(k.probe());
            assertTrue(p.perGuest(), k.id() + " uses probe " + k.probe() + " which is not per-guest");
        }
        for (Check k : c.checks()) {
            if (k.scope().equals("host") && k.probe() != null) {
                assertTrue(!c.probes().get(k.probe()).perGuest(), k.id() + ": a host check on a per-guest probe");
            }
        }
    }
}
