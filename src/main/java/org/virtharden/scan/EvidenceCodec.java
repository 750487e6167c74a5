package org.virtharden.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtharden.catalog.CommandOutput;

/**
 * The canonical, stored form of a probe's evidence: a JSON array of its commands (fixed field order,
 * no whitespace) and the SHA-256 of exactly those UTF-8 bytes. Anyone can recompute the hash from
 * the project file.
 */
public final class EvidenceCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvidenceCodec() {
    }

    public static String toJson(List<CommandOutput> outputs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (CommandOutput o : outputs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", o.id());
            m.put("command", o.command());
            m.put("exit", o.exitCode());
            m.put("started", Instant.ofEpochMilli(o.startedEpochMillis()).toString());
            m.put("durationMs", o.durationMillis());
            m.put("stdout", o.stdout());
            m.put("stderr", o.stderr());
            m.put("failure", o.failure());
            list.add(m);
        }
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads stored evidence back into command outputs (for display and re-evaluation). */
    public static List<CommandOutput> fromJson(String json) {
        try {
            List<Map<String, Object>> list = JSON.readValue(json, new TypeReference<>() {
            });
            List<CommandOutput> out = new ArrayList<>();
            for (Map<String, Object> m : list) {
                out.add(new CommandOutput((String) m.get("id"), (String) m.get("command"), (String) m.get("stdout"),
                        (String) m.get("stderr"), ((Number) m.get("exit")).intValue(),
                        Instant.parse((String) m.get("started")).toEpochMilli(), ((Number) m.get("durationMs")).longValue(),
                        (String) m.get("failure")));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("evidence is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
