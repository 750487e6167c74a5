package org.virtharden.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtharden.model.HostConfig;

/**
 * Reads the hosts of an OpenSSH client configuration ({@code ~/.ssh/config}) as candidates for a project: one per
 * {@code Host} alias without wildcards, with HostName, User, Port, IdentityFile and ProxyJump. Values of a final
 * {@code Host *} block fill what a host leaves unset, as ssh itself does. {@code Match} blocks and {@code Include}
 * are not followed.
 */
public final class SshConfigImport {
    private SshConfigImport() {
    }

    /**
     * @param text        the file's content
     * @param defaultUser login when neither the host nor {@code Host *} names one
     * @param home        the user's home folder, for {@code ~/} in IdentityFile
     */
    public static List<HostConfig> parse(String text, String defaultUser, String home) {
        List<String> aliases = new ArrayList<>();
        Map<String, Map<String, String>> byAlias = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        List<Map<String, String>> current = new ArrayList<>();
        boolean inMatch = false;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (key.equals("host")) {
                inMatch = false;
                current = new ArrayList<>();
                for (String pattern : value.split("\\s+")) {
                    if (pattern.equals("*")) {
                        current.add(defaults);
                    } else if (!pattern.isEmpty() && !pattern.matches(".*[*?!].*")) {
                        current.add(byAlias.computeIfAbsent(pattern, a -> {
                            aliases.add(a);
                            return new LinkedHashMap<>();
                        }));
                    }
                }
                continue;
            }
            if (key.equals("match")) {
                inMatch = true;
                current = new ArrayList<>();
                continue;
            }
            if (inMatch) {
                continue;
            }
            for (Map<String, String> m : current) {
                m.putIfAbsent(key, value); // ssh uses the first value it finds
            }
        }
        List<HostConfig> out = new ArrayList<>();
        for (String alias : aliases) {
            Map<String, String> m = new LinkedHashMap<>(byAlias.get(alias));
            defaults.forEach(m::putIfAbsent);
            String address = m.getOrDefault("hostname", alias).replace("%h", alias);
            int port = 22;
            try {
                port = Integer.parseInt(m.getOrDefault("port", "22"));
            } catch (NumberFormatException e) {
                // keep 22; the host form shows it for correction
            }
            String key = m.get("identityfile");
            if (key != null && key.startsWith("~/")) {
                key = home + key.substring(1);
            }
            String jump = m.get("proxyjump");
            if (jump != null && (jump.equalsIgnoreCase("none") || jump.isBlank())) {
                jump = null;
            } else if (jump != null && jump.contains(",")) {
                jump = jump.substring(0, jump.indexOf(',')); // one jump host is supported
            }
            out.add(new HostConfig(0, alias, address, port, m.getOrDefault("user", defaultUser), key, null, "none", jump,
                    null, null, null));
        }
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
