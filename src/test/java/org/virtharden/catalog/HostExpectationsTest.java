package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps hosts/expected.yaml (for the real-sshd integration tests) honest: it names every automated host
 * check (scope host; guest checks are in hosts/expected-guests.yaml, GuestNodeFileTest) for both hosts, and each expectation agrees with the output recorded on that host (the
 * debian12-good-host / debian12-bad-host fixtures).
 */
class HostExpectationsTest {
    private static final Path EXPECTED = Path.of("src/test/resources/hosts/expected.yaml");

    @Test
    void expectationsCoverEveryCheckAndMatchTheRecordedHosts() throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(EXPECTED.toFile());
        Set<String> automated = new CatalogLoader().loadBuiltIn().automated().stream()
                .filter(c -> c.scope().equals("host")).map(Check::id).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (String host : List.of("good", "bad")) {
            JsonNode m = root.get(host);
            for (String id : automated) {
                JsonNode v = m == null ? null : m.get(id);
                if (v == null) {
                    problems.add(host + ": no expectation for " + id);
                    continue;
                }
                List<Status> allowed = new ArrayList<>();
                if (v.isArray()) {
                    v.forEach(x -> allowed.add(Status.valueOf(x.asText())));
                } else {
                    allowed.add(Status.valueOf(v.asText()));
                }
                String caseName = "debian12-" + host + "-host";
                List<Fixtures.Fixture> recorded = Fixtures.all().stream()
                        .filter(f -> f.checkId().equals(id) && f.caseName().equals(caseName)).toList();
                if (recorded.isEmpty()) {
                    problems.add(host + ": no recorded fixture " + id + "/" + caseName);
                } else if (!allowed.contains(recorded.get(0).expected())) {
                    problems.add(host + ": " + id + " expected " + allowed + " but the recorded host gives " + recorded.get(0).expected());
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
}
