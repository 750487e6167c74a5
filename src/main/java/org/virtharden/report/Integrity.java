package org.virtharden.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The two hashes an audit pack states (docs/decisions/0009):
 * <ul>
 * <li><b>evidence set</b>: SHA-256 of the UTF-8 text made of one line per item, sorted, each ending in {@code \n}:
 * {@code evidence <id> <sha256 of its stored output JSON>} for every evidence item a finding in the pack rests on,
 * and {@code attachment <id> <sha256 of its stored bytes>} for every attachment of an attestation in the pack. The
 * hashes are recomputed from the stored data, not copied from the recorded ones, so an edited output changes them.
 * <li><b>content</b>: SHA-256 of the canonical JSON of the {@link AuditPack} without {@code generated} and
 * {@code contentSha256}: keys sorted, no whitespace, UTF-8, instants as ISO-8601 UTC.
 * </ul>
 */
public final class Integrity {
    /** Written in place of a hash when the stored bytes no longer match what was recorded when they were added. */
    public static final String MISMATCH = "changed";

    private static final ObjectMapper CANONICAL = mapper(false);
    private static final ObjectMapper PRETTY = mapper(true);

    private Integrity() {
    }

    static ObjectMapper mapper(boolean pretty) {
        SimpleModule time = new SimpleModule("instants");
        time.addSerializer(Instant.class, new JsonSerializer<Instant>() {
            @Override
            public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.toString());
            }
        });
        time.addDeserializer(Instant.class, new JsonDeserializer<Instant>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        JsonMapper.Builder b = JsonMapper.builder().addModule(time)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        if (pretty) {
            b.enable(SerializationFeature.INDENT_OUTPUT);
        }
        return b.build();
    }

    static ObjectMapper json() {
        return CANONICAL;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> lines(AuditPack pack) {
        List<String> out = new ArrayList<>();
        for (AuditPack.EvidenceItem e : pack.evidence()) {
            out.add("evidence " + e.id() + " " + (e.sha256() == null ? MISMATCH : e.sha256()));
        }
        for (AuditPack.Attestation a : pack.attestations()) {
            for (AuditPack.AttachmentItem at : a.attachments()) {
                out.add("attachment " + at.id() + " " + (at.sha256() == null ? MISMATCH : at.sha256()));
            }
        }
        out.sort(null);
        return out;
    }

    /** The evidence-set hash over {@link #lines}. */
    static String evidenceSetSha256(List<String> sortedLines) {
        StringBuilder sb = new StringBuilder();
        for (String l : sortedLines) {
            sb.append(l).append('\n');
        }
        return sha256(sb.toString());
    }

    /** The canonical JSON the content hash covers. */
    static String canonicalJson(AuditPack pack) {
        try {
            return CANONICAL.writeValueAsString(pack.forContentHash());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the pack as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String contentSha256(AuditPack pack) {
        return sha256(canonicalJson(pack));
    }

    /** The pack as indented JSON (the {@code --json} output), hashes included. */
    public static String prettyJson(AuditPack pack) {
        try {
            return PRETTY.writeValueAsString(pack);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the pack as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
