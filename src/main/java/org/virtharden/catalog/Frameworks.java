package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The compliance frameworks the catalog's references map to, and which checks each one covers. A check maps to a
 * framework when one of its reference keys belongs to it (e.g. {@code pci-dss-4}, or any {@code stig-*} key for
 * {@code stig}). References the reference catalog marks with {@code ?} are mapped but unverified.
 */
public final class Frameworks {
    /** A framework: its id for {@code --framework}, its name, and which reference keys belong to it. */
    public record Framework(String id, String title, Predicate<String> keys) {
    }

    /** One check's mapping to a framework: the reference texts and whether any of them is unverified. */
    public record Mapping(Check check, List<String> references, boolean unverified) {
    }

    private static final Map<String, Framework> KNOWN = new LinkedHashMap<>();

    static {
        add("pci-dss-4", "PCI DSS 4.0", k -> k.equals("pci-dss-4"));
        add("pci-dss-3", "PCI DSS 3.2.1", k -> k.equals("pci-dss-3"));
        add("nist-800-125", "NIST SP 800-125 (full virtualization security)", k -> k.equals("nist-800-125"));
        add("nist-800-125a", "NIST SP 800-125A Rev. 1 (hypervisor platforms)", k -> k.equals("nist-800-125a"));
        add("nist-800-125b", "NIST SP 800-125B (virtual network protection)", k -> k.equals("nist-800-125b"));
        add("cis", "CIS Benchmarks (any distribution)", k -> k.startsWith("cis-"));
        add("stig", "DISA STIG / SRG (incl. the VMM SRG)", k -> k.startsWith("stig-") || k.equals("vmm-srg") || k.equals("disa-srg"));
        add("ssg", "SCAP Security Guide rules", k -> k.equals("ssg"));
    }

    private static void add(String id, String title, Predicate<String> keys) {
        KNOWN.put(id, new Framework(id, title, keys));
    }

    private Frameworks() {
    }

    /** The named frameworks, in a stable order. */
    public static List<Framework> known() {
        return List.copyOf(KNOWN.values());
    }

    /**
     * A named framework, or any single reference key used in the catalog (e.g. {@code cis-rhel9}, {@code stig-rhel9}).
     */
    public static Optional<Framework> find(String id, Catalog catalog) {
        String k = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        Framework f = KNOWN.get(k);
        if (f != null) {
            return Optional.of(f);
        }
        boolean used = catalog.checks().stream().anyMatch(c -> c.references().containsKey(k));
        return used && !k.equals("article") && !k.equals("libvirt")
                ? Optional.of(new Framework(k, k, x -> x.equals(k))) : Optional.empty();
    }

    /** Every check of the catalog the framework covers, in catalog order. */
    public static List<Mapping> mapped(Framework f, Catalog catalog) {
        List<Mapping> out = new ArrayList<>();
        for (Check c : catalog.checks()) {
            List<String> refs = new ArrayList<>();
            boolean unverified = false;
            for (Map.Entry<String, String> r : c.references().entrySet()) {
                if (f.keys().test(r.getKey())) {
                    String v = r.getValue() == null ? "" : r.getValue().strip();
                    unverified |= v.endsWith("?") || v.contains("?,") || v.contains("? ");
                    refs.add(KNOWN.containsKey(f.id()) && !f.id().equals(r.getKey()) ? r.getKey() + " " + v : v);
                }
            }
            if (!refs.isEmpty()) {
                out.add(new Mapping(c, List.copyOf(refs), unverified));
            }
        }
        return out;
    }

    /** A one-line list of the frameworks for error messages and help. */
    public static String ids() {
        return String.join(", ", KNOWN.keySet()) + " (or a single reference key such as cis-rhel9 or stig-rhel9)";
    }
}
