package org.virtharden.ui.start;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.project.Project;
import org.virtharden.ui.AppPrefs;
import org.virtharden.ui.FxThread;
import org.virtharden.ui.session.ProjectSession;

/** The start view model on real project files and preferences of its own. */
class StartViewModelTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();
    private Preferences node;
    private AppPrefs prefs;
    private ProjectSession session;
    private StartViewModel vm;

    @BeforeAll
    static void toolkit() {
        FxThread.start();
    }

    @BeforeEach
    void setUp() {
        node = Preferences.userRoot().node("org/virtharden/test-" + UUID.randomUUID());
        prefs = new AppPrefs(node);
        session = new ProjectSession(Runnable::run, CATALOG);
        vm = FxThread.call(() -> new StartViewModel(session, prefs));
    }

    @AfterEach
    void tearDown() throws Exception {
        node.removeNode();
    }

    @Test
    void anIncompleteFormSaysWhatIsMissingAndCreatesNothing(@TempDir Path dir) {
        assertEquals(StartViewModel.Check.CLIENT_MISSING, FxThread.call(vm::check));
        assertEquals("Enter the client: the organisation this assessment is for.",
                FxThread.call(() -> vm.formMessageProperty().get()));
        FxThread.run(() -> {
            vm.clientProperty().set("ACME Bank");
            vm.startProperty().set(LocalDate.of(2026, 11, 20));
            vm.endProperty().set(LocalDate.of(2026, 11, 19));
        });
        assertEquals(StartViewModel.Check.DATES_REVERSED, FxThread.call(vm::check));
        assertEquals("The end date is before the start date.", FxThread.call(() -> vm.formMessageProperty().get()));
        FxThread.run(() -> vm.endProperty().set(null));
        assertEquals(StartViewModel.Check.FILE_MISSING, FxThread.call(vm::check));
        assertFalse(FxThread.call(() -> vm.create(() -> { })));
        assertEquals("Choose where to save the project file.", FxThread.call(() -> vm.formMessageProperty().get()));
        assertNull(FxThread.call(() -> session.fileProperty().get()));
        assertEquals("ACME-Bank.vhproj", FxThread.call(vm::suggestedName));
    }

    @Test
    void createWritesTheProjectWithItsDatesAndScopeThenAnnouncesIt(@TempDir Path dir) throws Exception {
        AtomicInteger ready = new AtomicInteger();
        FxThread.run(() -> {
            vm.clientProperty().set(" ACME Bank ");
            vm.siteProperty().set("DC-North");
            vm.assessorProperty().set("J. Doe");
            vm.startProperty().set(LocalDate.of(2026, 11, 20));
            vm.endProperty().set(LocalDate.of(2026, 11, 27));
            vm.scopeProperty().set("kvm01-kvm12, room B\n");
            vm.chooseFile(dir.resolve("acme"));
        });
        assertEquals(dir.resolve("acme.vhproj").toString(), FxThread.call(() -> vm.fileProperty().get()));
        assertTrue(FxThread.call(() -> vm.create(ready::incrementAndGet)));
        FxThread.waitFor(10, () -> ready.get() == 1);
        assertEquals(dir.resolve("acme.vhproj"), FxThread.call(() -> session.fileProperty().get()));
        assertEquals("", FxThread.call(() -> vm.clientProperty().get()), "the form is empty for the next project");
        assertEquals("", FxThread.call(() -> vm.fileProperty().get()));
        try (Project p = Project.open(dir.resolve("acme.vhproj"))) {
            assertEquals("ACME Bank", p.info().client());
            assertEquals("DC-North", p.info().site());
            assertEquals("2026-11-20", p.settings().get("project.start").orElseThrow());
            assertEquals("2026-11-27", p.settings().get("project.end").orElseThrow());
            assertEquals("kvm01-kvm12, room B", p.settings().get("project.scope").orElseThrow());
        }
    }

    @Test
    void newFromPreviousCarriesScopeHostsAndInputsButNoResults(@TempDir Path dir) throws Exception {
        Path old = org.virtharden.ui.UiTestSupport.sampleProject(dir);
        try (Project p = Project.open(old)) {
            p.settings().put("project.scope", "kvm01 only");
            p.settings().put("project.start", "2025-11-01");
            p.settings().put("guests.inventory", "name,uuid,owner,zone\nweb01,,web,dmz\n");
        }
        AtomicInteger ready = new AtomicInteger();
        FxThread.run(() -> vm.fromPrevious(old));
        FxThread.waitFor(10, () -> vm.previous() != null);
        assertEquals("ACME Bank", FxThread.call(() -> vm.clientProperty().get()));
        assertEquals("kvm01 only", FxThread.call(() -> vm.scopeProperty().get()));
        assertTrue(FxThread.call(() -> vm.formMessageProperty().get()).contains("1 host"), vm.formMessageProperty().get());
        FxThread.run(() -> vm.chooseFile(dir.resolve("retest")));
        assertTrue(FxThread.call(() -> vm.create(ready::incrementAndGet)));
        FxThread.waitFor(10, () -> ready.get() == 1);
        try (Project p = Project.open(dir.resolve("retest.vhproj"))) {
            assertEquals(1, p.hosts().list().size());
            assertEquals("kvm01", p.hosts().list().get(0).name());
            assertEquals("prod-a", p.hosts().list().get(0).hostGroup(), "the host keeps its group");
            assertTrue(p.settings().get("guests.inventory").orElse("").contains("web01"), "operator inputs carried over");
            assertNotEquals("2025-11-01", p.settings().get("project.start").orElse(""), "dates belong to the new assessment");
            assertTrue(p.runs().list().isEmpty(), "no results carried over");
            assertTrue(p.answers().current().isEmpty());
        }
        try (Project p = Project.open(old)) {
            assertEquals(1, p.runs().list().size(), "the previous project is unchanged");
        }
    }

    @Test
    void recentProjectsShowWhichFilesAreGoneAndADamagedFileIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Path damaged = dir.resolve("damaged.vhproj");
        Files.writeString(damaged, "this is not an SQLite database");
        Path gone = dir.resolve("gone.vhproj");
        prefs.opened(gone, "Gone Corp", "");
        prefs.opened(damaged, "", "");
        FxThread.run(vm::refreshRecent);
        List<StartViewModel.RecentItem> items = FxThread.call(() -> List.copyOf(vm.recent()));
        assertEquals(2, items.size(), items::toString);
        StartViewModel.RecentItem d = items.stream().filter(i -> i.file().equals(damaged)).findFirst().orElseThrow();
        StartViewModel.RecentItem g = items.stream().filter(i -> i.file().equals(gone)).findFirst().orElseThrow();
        assertTrue(d.exists());
        assertEquals("damaged.vhproj", d.title(), "no client: the file name");
        assertTrue(d.detail().startsWith("modified ") && d.detail().endsWith(damaged.toString()), d.detail());
        assertFalse(g.exists());
        assertEquals("Gone Corp   (missing — moved or deleted?)", g.title());

        byte[] before = Files.readAllBytes(damaged);
        AtomicInteger ready = new AtomicInteger();
        FxThread.run(() -> vm.open(damaged, ready::incrementAndGet));
        FxThread.waitFor(10, () -> !session.busyProperty().get());
        assertFalse(FxThread.call(() -> session.errorProperty().get()).isBlank(), "the banner says why");
        assertEquals(0, ready.get(), "nothing was opened");
        assertNull(FxThread.call(() -> session.fileProperty().get()));
        assertArrayEquals(before, Files.readAllBytes(damaged));
    }
}
