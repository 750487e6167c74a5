package org.virtharden.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every recorded fixture through ProbeData.parse and the CheckEngine and checks the status in its name. */
class CatalogFixtureTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();
    private static final CheckEngine ENGINE = new CheckEngine();

    static Stream<Arguments> fixtures() {
        return Fixtures.all().stream().map(f -> Arguments.of(f.name(), f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureGivesTheRecordedStatus(String name, Fixtures.Fixture fixture) {
        Outcome o = Fixtures.evaluate(fixture, CATALOG, ENGINE);
        assertEquals(fixture.expected(), o.status(), () -> name + " -> " + o.status() + ": " + o.reason()
                + " | observed: " + o.observed());
        assertFalse(o.reason().isBlank(), () -> name + ": empty reason");
        assertFalse(o.reason().contains("\n"), () -> name + ": reason must be one line: " + o.reason());
    }

    static Stream<Arguments> fleetFixtures() {
        return Fixtures.all().stream().filter(f -> f.root().has("hosts")).map(f -> Arguments.of(f.name(), f));
    }

    /** Fleet fixtures: one verdict per host, each host's expected status, and the hosts/controls the reason names. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fleetFixtures")
    void fleetFixtureGivesEachHostItsStatus(String name, Fixtures.Fixture fixture) {
        java.util.List<FleetEvaluator.Verdict> vs = Fixtures.evaluateFleet(fixture, CATALOG);
        assertEquals(fixture.root().path("hosts").size(), vs.size(), () -> name + ": one verdict per host: " + vs);
        fixture.root().path("expect").fields().forEachRemaining(e -> {
            FleetEvaluator.Verdict v = vs.stream().filter(x -> x.host().equals(e.getKey())).findFirst().orElseThrow();
            assertEquals(Status.parse(e.getValue().asText()), v.outcome().status(), () -> name + " " + e.getKey() + ": "
                    + v.outcome().reason());
        });
        fixture.root().path("reasons").fields().forEachRemaining(e -> {
            FleetEvaluator.Verdict v = vs.stream().filter(x -> x.host().equals(e.getKey())).findFirst().orElseThrow();
            assertTrue(v.outcome().reason().contains(e.getValue().asText()), () -> name + " " + e.getKey()
                    + ": reason should name '" + e.getValue().asText() + "': " + v.outcome().reason());
        });
    }

    @Test
    void fixturesExist() {
        assertTrue(Fixtures.all().size() >= 70, "expected at least 70 fixtures, found " + Fixtures.all().size());
    }
}
