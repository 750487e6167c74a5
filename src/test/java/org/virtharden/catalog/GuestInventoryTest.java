package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestInventoryTest {
    private static final String HOSTILE = "web'$(touch x)`;<b>x ü";

    @Test
    void csvWithHeaderQuotedCellsAndCommentsIsRead() {
        GuestInventory inv = GuestInventory.parse("""
                # approved guests, exported from the CMDB
                name,uuid,owner,zone,sensitive,confidential,autostart
                web01,4B1F7E62-1C3A-4D5E-9F70-8A9B0C1D2E01,web team,dmz,no,,yes
                "%s",,"Ops, night shift",internal,yes,yes,
                db01,,dba,cde,true,false,0
                """.formatted(HOSTILE.replace("\"", "\"\"")));
        assertEquals(3, inv.entries().size());
        GuestInventory.Entry web = inv.find("4b1f7e62-1c3a-4d5e-9f70-8a9b0c1d2e01", "other-name").orElseThrow();
        assertEquals("web01", web.name());
        assertEquals("dmz", web.zone());
        assertEquals(Boolean.TRUE, web.autostart());
        assertFalse(web.sensitive());
        GuestInventory.Entry h = inv.find(null, HOSTILE).orElseThrow();
        assertEquals("Ops, night shift", h.owner());
        assertTrue(h.sensitive() && h.confidential());
        assertEquals(Boolean.FALSE, inv.find(null, "db01").orElseThrow().autostart());
        assertTrue(inv.find(null, "nobody").isEmpty());
    }

    @Test
    void yamlListOrGuestsKeyIsRead() {
        GuestInventory a = GuestInventory.parse("""
                guests:
                  - {name: web01, zone: dmz, owner: alice}
                  - name: db01
                    sensitive: yes
                """);
        assertEquals(2, a.entries().size());
        assertTrue(a.find(null, "db01").orElseThrow().sensitive());
        GuestInventory b = GuestInventory.parse("- {uuid: 4b1f7e62-1c3a-4d5e-9f70-8a9b0c1d2e01, zone: dmz}\n");
        assertEquals("dmz", b.find("4b1f7e62-1c3a-4d5e-9f70-8a9b0c1d2e01", null).orElseThrow().zone());
        assertFalse(GuestInventory.parse("  \n").present());
    }

    @Test
    void mistakesAreReportedWithTheirLine() {
        var unknown = assertThrows(GuestInventory.InvalidInventoryException.class,
                () -> GuestInventory.parse("name,zone,colour\nweb01,dmz,red\n"));
        assertEquals(1, unknown.line());
        assertTrue(unknown.getMessage().contains("unknown column 'colour'"), unknown.getMessage());
        var flag = assertThrows(GuestInventory.InvalidInventoryException.class,
                () -> GuestInventory.parse("name,sensitive\nweb01,yes\ndb01,maybe\n"));
        assertEquals(3, flag.line());
        assertTrue(flag.getMessage().contains("sensitive must be yes or no"), flag.getMessage());
        var noId = assertThrows(GuestInventory.InvalidInventoryException.class,
                () -> GuestInventory.parse("name,zone\n,dmz\n"));
        assertTrue(noId.getMessage().contains("line 2") && noId.getMessage().contains("name or a uuid"), noId.getMessage());
        var twice = assertThrows(GuestInventory.InvalidInventoryException.class,
                () -> GuestInventory.parse("name,zone\nweb01,dmz\nweb01,cde\n"));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        var uuid = assertThrows(GuestInventory.InvalidInventoryException.class,
                () -> GuestInventory.parse("uuid\nnot-a-uuid\n"));
        assertTrue(uuid.getMessage().contains("not a UUID"), uuid.getMessage());
        var quote = assertThrows(GuestInventory.InvalidInventoryException.class,
                () -> GuestInventory.parse("name,zone\n\"web01,dmz\n"));
        assertTrue(quote.getMessage().contains("not closed"), quote.getMessage());
        assertThrows(GuestInventory.InvalidInventoryException.class, () -> GuestInventory.parse("guests: 3\n"));
    }

    @Test
    void checksSeeTheProjectSettingAndIgnoreAnUnreadableOne() {
        EvaluationContext ok = new EvaluationContext(null, Map.of(), Map.of(Settings.GUEST_INVENTORY, "name,zone\nweb01,dmz\n"));
        assertEquals("dmz", GuestInventory.of(ok).find(null, "web01").orElseThrow().zone());
        EvaluationContext bad = new EvaluationContext(null, Map.of(), Map.of(Settings.GUEST_INVENTORY, "name,colour\nx,red\n"));
        assertFalse(GuestInventory.of(bad).present());
        assertFalse(GuestInventory.of(new EvaluationContext(null, Map.of(), Map.of())).present());
    }

    @Test
    void zoneMapReadsPairsAndRefusesContradictions() {
        ZoneMap z = ZoneMap.parse("br-dmz=dmz, vlan:20 = cde\n# lab\ndefault=internal");
        assertEquals("cde", z.zoneOf("vlan:20").orElseThrow());
        assertEquals(3, z.zones().size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ZoneMap.parse("br0")).getMessage().contains("SEGMENT=ZONE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ZoneMap.parse("br0=a,br0=b")).getMessage().contains("two zones"));
    }
}
