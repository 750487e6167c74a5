package org.virtharden.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads catalog YAML files. A file is a mapping with optional {@code probes:} and {@code checks:}
 * lists. The built-in files are listed in {@code index.txt} beside them; users add their own folder.
 */
public final class CatalogLoader {
    private static final String BASE = "/org/virtharden/catalog/";
    private final ObjectMapper yaml;

    public CatalogLoader() {
        yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    }

    /** One parsed file; {@code lines} maps "check:ID" / "probe:NAME" to the 1-based line of its entry. */
    public record CatalogFile(String source, List<Check> checks, List<ProbeDef> probes, Map<String, Integer> lines) {
    }

    /** Thrown for a file that is not valid catalog YAML; the message names file and line. */
    public static final class CatalogFormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String source;
        private final int line;

        public CatalogFormatException(String source, int line, String message) {
            super(source + (line > 0 ? ":" + line : "") + ": " + message);
            this.source = source;
            this.line = line;
        }

        public String source() {
            return source;
        }

        public int line() {
            return line;
        }
    }

    public Catalog loadBuiltIn() {
        return merge(builtInFiles());
    }

    /** The built-in catalog plus every {@code *.yaml}/{@code *.yml} file in {@code userDir}. */
    public Catalog load(Path userDir) {
        List<CatalogFile> files = new ArrayList<>(builtInFiles());
        if (userDir != null) {
            files.addAll(readDir(userDir));
        }
        return merge(files);
    }

    public List<CatalogFile> builtInFiles() {
        List<CatalogFile> out = new ArrayList<>();
        for (String name : resource("index.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            out.add(parse(name, resource(name)));
        }
        return out;
    }

    public List<CatalogFile> readDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CatalogFormatException(dir.toString(), 0, "not a directory");
        }
        List<CatalogFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                out.add(parse(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static Catalog merge(List<CatalogFile> files) {
        List<Check> checks = new ArrayList<>();
        Map<String, ProbeDef> probes = new LinkedHashMap<>();
        for (CatalogFile f : files) {
            checks.addAll(f.checks());
            for (ProbeDef p : f.probes()) {
                probes.putIfAbsent(p.name(), p);
            }
        }
        return new Catalog(checks, probes);
    }

    public CatalogFile parse(String source, String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
        } catch (RuntimeException e) {
            throw new CatalogFormatException(source, lineOf(e), "not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null) {
            return new CatalogFile(source, List.of(), List.of(), Map.of());
        }
        if (!(root instanceof MappingNode map)) {
            throw new CatalogFormatException(source, root.getStartMark().getLine() + 1,
                    "a catalog file is a mapping with 'checks:' and/or 'probes:' lists");
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<Check> checks = new ArrayList<>();
        List<ProbeDef> probes = new ArrayList<>();
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (IOException e) {
            throw new CatalogFormatException(source, 0, "not valid YAML: " + firstLine(e.getMessage()));
        }
        for (NodeTuple t : map.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            int keyLine = t.getKeyNode().getStartMark().getLine() + 1;
            if (!key.equals("checks") && !key.equals("probes")) {
                throw new CatalogFormatException(source, keyLine, "unknown top-level key '" + key + "' (expected checks or probes)");
            }
            if (!(t.getValueNode() instanceof SequenceNode seq)) {
                throw new CatalogFormatException(source, keyLine, "'" + key + "' must be a list");
            }
            JsonNode arr = tree.get(key);
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                int line = item.getStartMark().getLine() + 1;
                try {
                    if (key.equals("checks")) {
                        Check c = yaml.treeToValue(arr.get(i), Check.class).withSource(source + ":" + line);
                        checks.add(c);
                        lines.putIfAbsent("check:" + c.id(), line);
                    } else {
                        ProbeDef p = yaml.treeToValue(arr.get(i), ProbeDef.class).withSource(source + ":" + line);
                        probes.add(p);
                        lines.putIfAbsent("probe:" + p.name(), line);
                    }
                } catch (IOException | IllegalArgumentException e) {
                    throw new CatalogFormatException(source, line, "bad " + key.substring(0, key.length() - 1)
                            + " entry: " + firstLine(e.getMessage()));
                }
            }
        }
        return new CatalogFile(source, checks, probes, lines);
    }

    private static int lineOf(RuntimeException e) {
        if (e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            return m.getProblemMark().getLine() + 1;
        }
        return 0;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static String resource(String name) {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("built-in catalog file missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
