package org.virtharden.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator inputs the built-in checks read through {@link EvaluationContext#setting(String, String)},
 * with their defaults (check catalog section 9). A project overrides any of them; checks always pass
 * the default from here so a missing project value never changes a verdict silently.
 */
public final class Settings {
    /** Security-update SLA in days (HV-002, HV-003). */
    public static final String PATCH_SLA_DAYS = "patch.sla.days";
    /** SLA for updates the vendor rates critical (HV-002). */
    public static final String PATCH_SLA_CRITICAL_DAYS = "patch.sla.critical.days";
    /** Age in hours after which package metadata makes the patch verdict uncertain (HV-002). */
    public static final String METADATA_MAX_AGE_HOURS = "patch.metadata.max.age.hours";
    /** Whether FIPS mode is mandated (HV-027). */
    public static final String FIPS_REQUIRED = "fips.required";
    /** "Today" for support-window checks, ISO date; empty = the current UTC date (HV-001). */
    public static final String EOL_DATE = "eol.date";
    /** Operator attests a paid extended-support contract (RHEL ELS) for the host (HV-001). */
    public static final String EXTENDED_SUPPORT_ATTESTED = "os.extended.support.attested";
    /** Whether policy requires VM storage encryption (HV-026). */
    public static final String STORAGE_ENCRYPTION_REQUIRED = "storage.encryption.required";
    /** KSM accepted because all guests share one trust level (documented) (HV-008). */
    public static final String KSM_ALLOWED = "ksm.allowed";
    /** Nested virtualization documented as needed (HV-007). */
    public static final String NESTED_ALLOWED = "nested.allowed";
    /** Guests of different trust levels share the host (HV-006 SMT part). */
    public static final String MIXED_TRUST = "guests.mixed.trust";
    /** Management addresses of the host, comma separated (VN-002, HV-031); empty = derive a candidate. */
    public static final String MGMT_ADDRESSES = "mgmt.addresses";
    /** Approved NTP sources, comma separated; empty = not checked (MON-005). */
    public static final String NTP_APPROVED = "ntp.approved";
    /** Approved administrators, comma separated; empty = group members are listed, not judged (HV-025). */
    public static final String ADMINS_APPROVED = "admins.approved";
    /** A documented break-glass root key exists (VN-017 prohibit-password, VN-019 root keys). */
    public static final String SSH_ROOT_BREAKGLASS = "ssh.root.breakglass";
    /** The host has a documented routing role (VN-013). */
    public static final String ROUTING_ROLE = "host.routing.role";
    /** SLAAC is intended on the management interface (VN-013). */
    public static final String IPV6_SLAAC = "ipv6.slaac";
    /** Bridged-traffic filtering is documented as done upstream (VN-014). */
    public static final String BRIDGE_FILTERING_UPSTREAM = "bridge.filtering.upstream";
    /** Extra process names allowed to hold packet sockets, comma separated (VN-012). */
    public static final String PACKET_SOCKETS_ALLOWED = "packet.sockets.allowed";
    /** Operator confirmed destination and TLS of a log-shipping agent (MON-001). */
    public static final String LOG_AGENT_CONFIRMED = "log.agent.confirmed";
    /** Failed SSH logins per day above which an unprotected host FAILs (MON-010). */
    public static final String BRUTEFORCE_MAX_FAILURES = "bruteforce.max.failures.per.day";
    /** Minimum local audit log capacity in MB (num_logs x max_log_file); 0 = not checked (MON-004). */
    public static final String AUDIT_MIN_LOCAL_MB = "audit.local.min.mb";
    /** Approved host devices for guests, comma separated, e.g. pci:0000:03:00.0, usb:046d:c52b, redirdev:usb (GU-010). */
    public static final String DEVICES_APPROVED = "devices.approved";
    /** Guests (names or UUIDs, or *) whose in-guest qemu-ga blocks guest-exec and guest-file RPCs, attested (GU-018). */
    public static final String AGENT_RPCS_RESTRICTED = "agent.rpcs.restricted";

    /** The libvirt virtual networks the design approves, comma separated (VN-007). */
    public static final String NETWORKS_APPROVED = "networks.approved";

    /** The approved guest inventory, CSV or YAML (see {@link GuestInventory}); empty = none (GU-009/014/016/021/023, VN-008/010). */
    public static final String GUEST_INVENTORY = "guests.inventory";
    /**
     * Segment to zone map, comma or newline separated {@code SEGMENT=ZONE} pairs where SEGMENT is a bridge, a
     * libvirt network or {@code vlan:ID} (VN-008, VN-010).
     */
    public static final String NETWORK_ZONES = "networks.zones";
    /** Memory overcommit the policy allows: the guests' memory over the host's, e.g. 1.0 or 1.5 (GU-007, PH-010). */
    public static final String MEMORY_OVERCOMMIT_MAX = "memory.overcommit.max";
    /** Guests (names or UUIDs, or *) whose disks are encrypted by host storage or in the guest, attested (GU-014). */
    public static final String ENCRYPTION_ATTESTED = "guests.encryption.attested";
    /** Age in days after which a shut-off guest outside the inventory FAILs (GU-023). */
    public static final String DORMANT_MAX_DAYS = "guests.dormant.max.days";
    /** Approved golden images / templates: names or backing-file paths, comma separated (GU-021). */
    public static final String TEMPLATES_APPROVED = "templates.approved";
    // HV control plane
    /** Operator attests one small admin team holds full libvirt rights, documented (HV-016). */
    public static final String LIBVIRT_FULL_ADMINS_DOCUMENTED = "libvirt.full.admins.documented";
    /** The host never live-migrates guests, documented (HV-018 becomes N/A). */
    public static final String MIGRATION_NONE = "migration.none";
    /** Operator attests every migration is tunnelled (SSH / libvirt RPC) on an isolated migration network (HV-018). */
    public static final String MIGRATION_TUNNELLED = "migration.tunnelled";
    /** SELinux virt booleans changed from the policy default for a documented need, comma separated (HV-013). */
    public static final String SELINUX_BOOLEANS_DOCUMENTED = "selinux.virt.booleans.documented";
    // extra HV/MON/VN
    /** Operator attests encryption at rest of remote storage (SAN, NFS, Ceph) the pools use (HV-026). */
    public static final String STORAGE_REMOTE_ENCRYPTION_ATTESTED = "storage.remote.encryption.attested";
    /** The management VLAN ID of the host (host map mgmt_vlan; VN-001, VN-009); empty = not given. */
    public static final String MGMT_VLAN = "mgmt.vlan";
    /** Guests (names or UUIDs, or *) approved to receive VLAN trunks: firewall/router appliances (VN-009). */
    public static final String VLAN_TRUNKS_APPROVED = "vlan.trunks.approved";
    /* Hybrid checks: the operator's answer as true / false, empty = not answered yet (MANUAL_PENDING). */
    /** Date (ISO) of the latest compliance scan report against an agreed profile; empty = not given (HV-030). */
    public static final String OPENSCAP_LAST_SCAN = "openscap.last.scan";
    /** The host is scanned against an agreed profile (HV-030); false = never scanned. */
    public static final String OPENSCAP_SCANNED = "openscap.scanned.attested";
    /** Approved monitoring servers (Zabbix Server/ServerActive), comma separated (MON-006). */
    public static final String MONITORING_SERVERS_APPROVED = "monitoring.servers.approved";
    /** Host shown as up with VM-level metrics in monitoring (MON-006). */
    public static final String MONITORING_ATTESTED = "monitoring.attested";
    /** BMC/Redfish/RAID alerts reach on-call (MON-008). */
    public static final String HW_ALERTS_ATTESTED = "hw.alerts.attested";
    /** Capacity thresholds configured in monitoring (MON-009). */
    public static final String CAPACITY_ALERTS_ATTESTED = "capacity.alerts.attested";
    /** VM lifecycle events reach SIEM/monitoring (MON-011). */
    public static final String LIFECYCLE_EVENTS_ATTESTED = "lifecycle.events.attested";
    /** Backup failures alert within 24 h (MON-012). */
    public static final String BACKUP_ALERTS_ATTESTED = "backup.alerts.attested";
    /** The host carries regulated guests (MON-014). */
    public static final String HOST_REGULATED = "host.regulated";
    /** East-west exports/mirrors feed an approved collector or IDS (MON-014). */
    public static final String EASTWEST_ATTESTED = "eastwest.collector.attested";
    /** The management address is on the dedicated management VLAN (VN-001). */
    public static final String MGMT_NETWORK_ATTESTED = "mgmt.network.attested";
    /** The storage network is dedicated and not reachable from guests; CHAP/exports restricted (VN-004). */
    public static final String STORAGE_NETWORK_ATTESTED = "storage.network.attested";
    /** Live migration uses the migration/management VLAN, ports open to peers only (VN-005). */
    public static final String MIGRATION_NETWORK_ATTESTED = "migration.network.attested";
    /** Guest networks have explicit, change-controlled L3 rules per zone (VN-015). */
    public static final String GUEST_L3_POLICY_ATTESTED = "guest.l3.policy.attested";
    /** Bond/team members go to different switches, storage uplinks redundant (VN-016). */
    public static final String UPLINKS_ATTESTED = "net.uplinks.attested";
    /** The organisation owns the CA, rotates certificates and runs a CRL process (VN-020). */
    public static final String PKI_PROCESS_ATTESTED = "pki.process.attested";
    /** Days before certificate expiry that give WARN (VN-020). */
    public static final String CERT_EXPIRY_WARN_DAYS = "cert.expiry.warn.days";

    // physical and recovery
    /** vCPU overcommit the policy allows: the guests' vCPUs over the host's physical cores (PH-010). */
    public static final String VCPU_OVERCOMMIT_MAX = "vcpu.overcommit.max";
    /** Operator's answer whether the host's PSUs go to different PDUs/circuits: true, false, or empty = not answered (PH-003). */
    public static final String POWER_FEEDS_SEPARATE = "power.feeds.separate";
    /** UPS battery runtime in seconds when the host cannot read it from the UPS; empty = unknown (PH-004). */
    public static final String UPS_RUNTIME_SECONDS = "ups.runtime.seconds";
    /** The NIC layout was confirmed against the documented design (PH-006). */
    public static final String NIC_LAYOUT_DOCUMENTED = "nic.layout.documented";
    /** BMC on a dedicated out-of-band network, default accounts changed, firmware supported, attested (PH-007). */
    public static final String BMC_OOB_ATTESTED = "bmc.oob.attested";
    /** Firmware admin password set, boot from removable/network media locked, firmware current, attested (PH-008). */
    public static final String FIRMWARE_LOCKED_ATTESTED = "firmware.locked.attested";
    /** Cooling, fire suppression and water detection confirmed for the room (PH-009). */
    public static final String ENVIRONMENT_ATTESTED = "environment.controls.attested";
    /** Hosts registered in the CMDB: serial numbers, SMBIOS UUIDs or host names, comma separated (PH-011). */
    public static final String ASSETS_KNOWN = "assets.known";
    /**
     * The backup catalog export, CSV {@code guest, disk_source, last_success_utc} (guest = name or UUID; a
     * disk_source ending in .xml is the guest's exported definition) (DR-002, DR-003, DR-004).
     */
    public static final String BACKUP_CATALOG = "backup.catalog";
    /** Recovery point objective in hours (DR-004). */
    public static final String RPO_HOURS = "dr.rpo.hours";
    /** Maximum age of a host-configuration backup in days (DR-001). */
    public static final String HOST_CONFIG_BACKUP_MAX_DAYS = "dr.host.config.max.age.days";
    /** Backup window in hours: an LVM backup snapshot older than this is stale (DR-008). */
    public static final String BACKUP_WINDOW_HOURS = "dr.backup.window.hours";
    /** Age in days above which a libvirt snapshot is stale (DR-008). */
    public static final String SNAPSHOT_MAX_AGE_DAYS = "dr.snapshot.max.age.days";
    /** Maximum number of backing files below a guest disk (DR-008). */
    public static final String BACKING_CHAIN_MAX = "dr.backing.chain.max";
    /** An offline or immutable copy exists and backup credentials are unreachable from guests, attested (DR-005). */
    public static final String BACKUP_OFFLINE_ATTESTED = "backup.offline.attested";
    /** Backup staging directories are 0700 root and repository keys are escrowed separately, attested (DR-006). */
    public static final String BACKUP_ENCRYPTION_ATTESTED = "backup.encryption.attested";

    /** Fleet: how many minor versions libvirt/QEMU may lag behind the newest host of a group (FL-003). */
    public static final String FLEET_VERSION_SKEW = "fleet.version.skew";
    /** Fleet: the trust zones each host group may run, "group: zone, zone; group: zone" (FL-007). */
    public static final String FLEET_GROUP_ZONES = "fleet.group.zones";

    private static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PATCH_SLA_DAYS, "30");
        m.put(PATCH_SLA_CRITICAL_DAYS, "7");
        m.put(METADATA_MAX_AGE_HOURS, "24");
        m.put(FIPS_REQUIRED, "false");
        m.put(EOL_DATE, "");
        m.put(EXTENDED_SUPPORT_ATTESTED, "false");
        m.put(STORAGE_ENCRYPTION_REQUIRED, "false");
        m.put(KSM_ALLOWED, "false");
        m.put(NESTED_ALLOWED, "false");
        m.put(MIXED_TRUST, "true");
        m.put(MGMT_ADDRESSES, "");
        m.put(NTP_APPROVED, "");
        m.put(ADMINS_APPROVED, "");
        m.put(SSH_ROOT_BREAKGLASS, "false");
        m.put(ROUTING_ROLE, "false");
        m.put(IPV6_SLAAC, "false");
        m.put(BRIDGE_FILTERING_UPSTREAM, "false");
        m.put(PACKET_SOCKETS_ALLOWED, "");
        m.put(LOG_AGENT_CONFIRMED, "false");
        m.put(BRUTEFORCE_MAX_FAILURES, "100");
        m.put(AUDIT_MIN_LOCAL_MB, "0");
        m.put(DEVICES_APPROVED, "");
        m.put(AGENT_RPCS_RESTRICTED, "");
        m.put(NETWORKS_APPROVED, "");
        m.put(GUEST_INVENTORY, "");
        m.put(NETWORK_ZONES, "");
        m.put(MEMORY_OVERCOMMIT_MAX, "1.0");
        m.put(ENCRYPTION_ATTESTED, "");
        m.put(DORMANT_MAX_DAYS, "90");
        m.put(TEMPLATES_APPROVED, "");
        m.put(LIBVIRT_FULL_ADMINS_DOCUMENTED, "false");
        m.put(MIGRATION_NONE, "false");
        m.put(MIGRATION_TUNNELLED, "false");
        m.put(SELINUX_BOOLEANS_DOCUMENTED, "");
        m.put(VCPU_OVERCOMMIT_MAX, "4");
        m.put(POWER_FEEDS_SEPARATE, "");
        m.put(UPS_RUNTIME_SECONDS, "");
        m.put(NIC_LAYOUT_DOCUMENTED, "false");
        m.put(BMC_OOB_ATTESTED, "false");
        m.put(FIRMWARE_LOCKED_ATTESTED, "false");
        m.put(ENVIRONMENT_ATTESTED, "false");
        m.put(ASSETS_KNOWN, "");
        m.put(BACKUP_CATALOG, "");
        m.put(RPO_HOURS, "24");
        m.put(HOST_CONFIG_BACKUP_MAX_DAYS, "7");
        m.put(BACKUP_WINDOW_HOURS, "24");
        m.put(SNAPSHOT_MAX_AGE_DAYS, "30");
        m.put(BACKING_CHAIN_MAX, "3");
        m.put(BACKUP_OFFLINE_ATTESTED, "false");
        m.put(BACKUP_ENCRYPTION_ATTESTED, "false");
        m.put(STORAGE_REMOTE_ENCRYPTION_ATTESTED, "false");
        m.put(MGMT_VLAN, "");
        m.put(VLAN_TRUNKS_APPROVED, "");
        m.put(OPENSCAP_LAST_SCAN, "");
        m.put(OPENSCAP_SCANNED, "");
        m.put(MONITORING_SERVERS_APPROVED, "");
        m.put(MONITORING_ATTESTED, "");
        m.put(HW_ALERTS_ATTESTED, "");
        m.put(CAPACITY_ALERTS_ATTESTED, "");
        m.put(LIFECYCLE_EVENTS_ATTESTED, "");
        m.put(BACKUP_ALERTS_ATTESTED, "");
        m.put(HOST_REGULATED, "false");
        m.put(EASTWEST_ATTESTED, "");
        m.put(MGMT_NETWORK_ATTESTED, "");
        m.put(STORAGE_NETWORK_ATTESTED, "");
        m.put(MIGRATION_NETWORK_ATTESTED, "");
        m.put(GUEST_L3_POLICY_ATTESTED, "");
        m.put(UPLINKS_ATTESTED, "");
        m.put(PKI_PROCESS_ATTESTED, "");
        m.put(CERT_EXPIRY_WARN_DAYS, "30");
        m.put(FLEET_VERSION_SKEW, "2");
        m.put(FLEET_GROUP_ZONES, "");
        DEFAULTS = Collections.unmodifiableMap(m);
    }

    private Settings() {
    }

    /** Every setting the built-in checks read, with its default, in a stable order. */
    public static Map<String, String> defaults() {
        return DEFAULTS;
    }

    /** The project's value or the default from {@link #defaults()}. */
    static String get(EvaluationContext ctx, String key) {
        return ctx.setting(key, DEFAULTS.getOrDefault(key, ""));
    }

    static boolean flag(EvaluationContext ctx, String key) {
        String v = get(ctx, key).strip().toLowerCase(java.util.Locale.ROOT);
        return v.equals("true") || v.equals("yes") || v.equals("1");
    }

    static long number(EvaluationContext ctx, String key) {
        String v = get(ctx, key).strip();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return Long.parseLong(DEFAULTS.get(key));
        }
    }

    static java.util.List<String> list(EvaluationContext ctx, String key) {
        return Conditions.tokens(get(ctx, key)).stream()
                .map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
