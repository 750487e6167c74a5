package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlFactsTest {
    private static final String DOMAIN = """
            <domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
              <name>web-01</name>
              <devices>
                <graphics type='vnc' port='-1' autoport='yes' listen='0.0.0.0'><listen type='address' address='0.0.0.0'/></graphics>
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/libvirt/images/web.qcow2'/></disk>
                <disk type='file' device='cdrom'><source file='/isos/debian.iso'/></disk>
              </devices>
              <qemu:commandline><qemu:arg value='-s'/></qemu:commandline>
            </domain>""";

    @Test
    void countsStringsAndPrefixedElements() {
        assertEquals("2", XmlFacts.evaluate(DOMAIN, "count(//disk)"));
        assertEquals("0.0.0.0", XmlFacts.evaluate(DOMAIN, "string(//graphics/@listen)"));
        assertEquals("1", XmlFacts.evaluate(DOMAIN, "count(//*[name()='qemu:commandline'])"));
        assertEquals("", XmlFacts.evaluate(DOMAIN, "string(//graphics/@passwd)"));
    }

    @Test
    void hostileXmlIsRefusedNotExpanded() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>";
        assertThrows(IllegalArgumentException.class, () -> XmlFacts.evaluate(xxe, "string(/domain)"));
        assertThrows(IllegalArgumentException.class, () -> XmlFacts.evaluate("<domain><unclosed></domain>", "count(//x)"));
    }

    @Test
    void anXpathConditionComparesNumbersAndStrings() {
        ProbeData d = new ProbeData("domain", Map.of(), Map.of("xml", DOMAIN));
        EvaluationContext ctx = new EvaluationContext(d, Map.of(), Map.of());
        Condition noPublicConsole = new Condition("xpath", "xml", "consoles on a wildcard address", null, null, null, null, 0.0,
                null, null, null, null, null, null, null, null, "count(//graphics[@listen='0.0.0.0'])");
        ConditionResult r = Conditions.evaluate(noPublicConsole, ctx);
        assertEquals(Status.FAIL, r.status());
        assertEquals("consoles on a wildcard address=1", r.observed());
        Condition format = new Condition("xpath", "xml", "disk format", List.of("qcow2", "raw"), null, null, null, null, null, null,
                null, null, null, null, null, null, "string(//disk[@device='disk']/driver/@type)");
        assertEquals(Status.PASS, Conditions.evaluate(format, ctx).status());
        Condition broken = new Condition("xpath", "xml", null, null, null, null, null, 0.0, null, null, null, null, null, null, null,
                null, "count(//disk");
        assertTrue(Conditions.evaluate(broken, ctx).status() == Status.ERROR);
    }
}
