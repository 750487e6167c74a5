package org.virtharden.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtharden.model.HostConfig;

/**
 * Reads the hosts of an Ansible inventory, INI or YAML, as candidates for a project: {@code ansible_host},
 * {@code ansible_user}, {@code ansible_port} and {@code ansible_ssh_private_key_file} (host vars first, then the
 * vars of its group), and the group a host is listed in as its host group. Host ranges ({@code kvm[01:04]}) are
 * reported as not imported rather than guessed.
 */
public final class AnsibleInventoryImport {
    /** What was read, and what was left out and why. */
    public record Result(List<HostConfig> hosts, List<String> skipped) {
    }

    private AnsibleInventoryImport() {
    }

    /** Chooses the format from the content: YAML if it parses to a mapping of groups, INI otherwise. */
    public static Result parse(String text, String defaultUser) {
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith(";"))
                .findFirst().orElse("");
        if (first.equals("---") || first.matches("[\\w.-]+:\\s*(#.*)?")) {
            return parseYaml(text, defaultUser);
        }
        return parseIni(text, defaultUser);
    }

    public static Result parseIni(String text, String defaultUser) {
        Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
        Map<String, String> hostGroup = new HashMap<>();
        Map<String, Map<String, String>> groupVars = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        String section = "ungrouped";
        String kind = "hosts";
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                int colon = name.indexOf(':');
                section = colon < 0 ? name : name.substring(0, colon);
                kind = colon < 0 ? "hosts" : name.substring(colon + 1);
                continue;
            }
            String[] parts = line.split("\\s+");
            switch (kind) {
                case "hosts" -> {
                    String host = parts[0];
                    if (host.contains("[")) {
                        skipped.add(host + ": host ranges are not expanded; add these hosts one by one");
                        continue;
                    }
                    Map<String, String> vars = hostVars.computeIfAbsent(host, h -> new LinkedHashMap<>());
                    for (int i = 1; i < parts.length; i++) {
                        int eq = parts[i].indexOf('=');
                        if (eq > 0) {
                            vars.putIfAbsent(parts[i].substring(0, eq), unquote(parts[i].substring(eq + 1)));
                        }
                    }
                    hostGroup.putIfAbsent(host, section);
                }
                case "vars" -> {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        groupVars.computeIfAbsent(section, g -> new HashMap<>())
                                .put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
                    }
                }
                default -> {
                    // [group:children] only nests groups; hosts keep the group they are listed in
                }
            }
        }
        List<HostConfig> out = new ArrayList<>();
        hostVars.forEach((host, vars) -> {
            String group = hostGroup.get(host);
            Map<String, String> merged = new HashMap<>(groupVars.getOrDefault("all", Map.of()));
            merged.putAll(groupVars.getOrDefault(group, Map.of()));
            merged.putAll(vars);
            out.add(host(host, merged, group, defaultUser));
        });
        return new Result(out, skipped);
    }

    public static Result parseYaml(String text, String defaultUser) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The inventory is not valid YAML (" + e.getOriginalMessage()
                    + "). Check the file, or export it with: ansible-inventory -i FILE --list -y");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The inventory has no groups (expected 'all:' with 'hosts' or 'children').");
        }
        Map<String, HostConfig> out = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        root.fields().forEachRemaining(e -> walk(e.getKey(), e.getValue(), Map.of(), defaultUser, out, skipped));
        return new Result(new ArrayList<>(out.values()), skipped);
    }

    private static void walk(String group, JsonNode node, Map<String, String> inherited, String defaultUser,
            Map<String, HostConfig> out, List<String> skipped) {
        if (node == null || !node.isObject()) {
            return;
        }
        Map<String, String> vars = new HashMap<>(inherited);
        vars.putAll(scalars(node.get("vars")));
        JsonNode hosts = node.get("hosts");
        if (hosts != null && hosts.isObject()) {
            hosts.fields().forEachRemaining(h -> {
                if (h.getKey().contains("[")) {
                    skipped.add(h.getKey() + ": host ranges are not expanded; add these hosts one by one");
                    return;
                }
                Map<String, String> merged = new HashMap<>(vars);
                merged.putAll(scalars(h.getValue()));
                String g = group.equals("all") || group.equals("ungrouped") ? null : group;
                out.putIfAbsent(h.getKey(), host(h.getKey(), merged, g, defaultUser));
            });
        }
        JsonNode children = node.get("children");
        if (children != null && children.isObject()) {
            children.fields().forEachRemaining(c -> walk(c.getKey(), c.getValue(), vars, defaultUser, out, skipped));
        }
    }

    private static Map<String, String> scalars(JsonNode node) {
        Map<String, String> m = new HashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    m.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return m;
    }

    private static HostConfig host(String name, Map<String, String> vars, String group, String defaultUser) {
        String address = vars.getOrDefault("ansible_host", vars.getOrDefault("ansible_ssh_host", name));
        int port = 22;
        try {
            port = Integer.parseInt(vars.getOrDefault("ansible_port", vars.getOrDefault("ansible_ssh_port", "22")));
        } catch (NumberFormatException e) {
            // keep 22; the host form shows it for correction
        }
        String user = vars.getOrDefault("ansible_user", vars.getOrDefault("ansible_ssh_user", defaultUser));
        String g = group == null || group.equals("ungrouped") || group.equals("all") ? null : group;
        return new HostConfig(0, name, address, port, user, vars.get("ansible_ssh_private_key_file"), null, "none", null,
                null, null, g);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1) : s;
    }
}
