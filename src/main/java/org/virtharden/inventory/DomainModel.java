package org.virtharden.inventory;

import java.util.List;

/** The security-relevant parts of one libvirt domain XML. */
public record DomainModel(String type, String machine, String firmware, boolean secureBoot, boolean tpm, String cpuMode,
        List<Graphics> graphics, List<Disk> disks, List<Nic> interfaces, List<String> hostdevs, List<FsShare> filesystems,
        List<CharDevice> charDevices, List<SecLabel> seclabels, boolean guestAgent, String memballoon,
        boolean qemuCommandline, boolean memtune, boolean cputune, boolean blkiotune) {

    /**
     * @param passwordSet true when the XML shows a passwd attribute (the read-only socket never does)
     * @param tls         SPICE with defaultMode='secure' or a secure channel; VNC TLS is host-wide (qemu.conf vnc_tls)
     */
    public record Graphics(String type, String listen, boolean passwordSet, boolean autoport, boolean tls) {
    }

    /**
     * @param cache   the driver's cache mode ("" = the hypervisor default)
     * @param backing the first backing image (live XML backingStore), "" when none is shown
     */
    public record Disk(String device, String sourceType, String source, String format, boolean shareable, boolean encrypted,
            boolean readOnly, String cache, String backing) {
    }

    public record Nic(String type, String source, String mac, String model, String filterref, List<String> vlanTags,
            boolean trustGuestRxFilters) {
    }

    public record FsShare(String driver, String sourceDir, String target, boolean readOnly) {
    }

    /** @param kind serial | console | channel | parallel */
    public record CharDevice(String kind, String type, String mode, String host, String service, String protocol) {
    }

    public record SecLabel(String type, String model, String relabel, String label) {
    }
}
