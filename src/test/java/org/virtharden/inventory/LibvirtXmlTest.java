package org.virtharden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on real-world domain XML shapes. */
class LibvirtXmlTest {

    @Test
    void q35UefiSecureBootWithTpmSpiceTlsAndLuks() {
        DomainModel m = LibvirtXml.domain("""
                <domain type='kvm'>
                  <name>win11</name>
                  <os firmware='efi'>
                    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>
                    <firmware><feature enabled='yes' name='enrolled-keys'/><feature enabled='yes' name='secure-boot'/></firmware>
                    <loader readonly='yes' secure='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</loader>
                  </os>
                  <cpu mode='host-passthrough' check='none'/>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2' cache='none'/>
                      <source file='/var/lib/libvirt/images/win11.qcow2'>
                        <encryption format='luks'><secret type='passphrase' uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/></encryption>
                      </source>
                      <backingStore type='file'><format type='qcow2'/><source file='/var/lib/libvirt/templates/win11-golden.qcow2'/></backingStore>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <graphics type='spice' autoport='yes' defaultMode='secure'><listen type='address' address='10.0.0.5'/></graphics>
                    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
                    <memballoon model='virtio'/>
                  </devices>
                </domain>""");
        assertEquals("pc-q35-8.2", m.machine());
        assertEquals("efi", m.firmware());
        assertTrue(m.secureBoot());
        assertTrue(m.tpm());
        assertEquals("host-passthrough", m.cpuMode());
        assertEquals(List.of(new DomainModel.Graphics("spice", "10.0.0.5", false, true, true)), m.graphics());
        DomainModel.Disk d = m.disks().get(0);
        assertTrue(d.encrypted());
        assertEquals("none", d.cache());
        assertEquals("/var/lib/libvirt/templates/win11-golden.qcow2", d.backing());
        assertEquals("qcow2", d.format());
        assertEquals("virtio", m.memballoon());
    }

    @Test
    void i440fxWithHostdevVirtiofsMacvtapOvsVlanAndATelnetSerial() {
        DomainModel m = LibvirtXml.domain("""
                <domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
                  <name>legacy</name>
                  <os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type><boot dev='hd'/></os>
                  <devices>
                    <disk type='block' device='disk'><driver name='qemu' type='raw'/><source dev='/dev/vg0/legacy'/><shareable/></disk>
                    <filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/><source dir='/srv/share'/><target dir='share'/><readonly/></filesystem>
                    <interface type='direct'><mac address='52:54:00:aa:bb:cc'/><source dev='eno1' mode='passthrough'/><model type='virtio'/></interface>
                    <interface type='bridge' trustGuestRxFilters='yes'>
                      <source bridge='ovsbr0'/><virtualport type='openvswitch'/><vlan trunk='yes'><tag id='10'/><tag id='20'/></vlan>
                    </interface>
                    <interface type='network'><source network='default'/><filterref filter='clean-traffic'/></interface>
                    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></source></hostdev>
                    <serial type='tcp'><source mode='bind' host='0.0.0.0' service='4555'/><protocol type='telnet'/><target port='0'/></serial>
                    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                  </devices>
                  <seclabel type='none' model='none'/>
                  <qemu:commandline><qemu:arg value='-s'/></qemu:commandline>
                </domain>""");
        assertEquals("bios", m.firmware());
        assertFalse(m.secureBoot());
        assertTrue(m.disks().get(0).shareable());
        assertEquals("/dev/vg0/legacy", m.disks().get(0).source());
        assertEquals(new DomainModel.FsShare("virtiofs", "/srv/share", "share", true), m.filesystems().get(0));
        assertEquals("eno1", m.interfaces().get(0).source());
        assertEquals(List.of("10", "20"), m.interfaces().get(1).vlanTags());
        assertTrue(m.interfaces().get(1).trustGuestRxFilters());
        assertEquals("clean-traffic", m.interfaces().get(2).filterref());
        assertEquals(List.of("pci"), m.hostdevs());
        assertEquals(new DomainModel.CharDevice("serial", "tcp", "bind", "0.0.0.0", "4555", "telnet"), m.charDevices().get(0));
        assertTrue(m.guestAgent());
        assertTrue(m.qemuCommandline());
        assertEquals("none", m.seclabels().get(0).type());
    }

    @Test
    void networksAndPools() {
        Inventory.Network n = LibvirtXml.network("""
                <network><name>default</name><forward mode='nat'/><bridge name='virbr0'/>
                <ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip>
                </network>""", true, true);
        assertEquals(new Inventory.Network("default", true, true, "nat", "virbr0", List.of("192.168.122.1/255.255.255.0"), true), n);
        Inventory.Pool p = LibvirtXml.pool("""
                <pool type='dir'><name>images</name><target><path>/var/lib/libvirt/images</path>
                <permissions><mode>0711</mode><owner>0</owner><group>0</group></permissions></target></pool>""", true, false);
        assertEquals(new Inventory.Pool("images", true, false, "dir", "/var/lib/libvirt/images", "0711"), p);
    }

    @Test
    void anInventoryWithoutADaemonModelSaysUnknownAndSortsItsLists() {
        Inventory inv = new Inventory(new Inventory.Versions("9.0.0", "QEMU", "7.2.0"), null, List.of(),
                List.of(new Inventory.Network("b", true, true, "nat", "virbr1", List.of(), false),
                        new Inventory.Network("a", true, true, "nat", "virbr0", List.of(), false)), List.of());
        assertEquals(Inventory.DaemonModel.UNKNOWN, inv.daemons().model());
        assertEquals("a", inv.networks().get(0).name());
        assertEquals("modular (virtqemud/virtproxyd)", Inventory.DaemonModel.MODULAR.label());
    }
}
