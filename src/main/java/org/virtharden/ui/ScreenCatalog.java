package org.virtharden.ui;

import org.virtharden.catalog.Domain;
import org.virtharden.service.Checklist;
import org.virtharden.ui.assessment.StepController;
import org.virtharden.ui.findings.FindingsController;
import org.virtharden.ui.hosts.HostsController;
import org.virtharden.ui.overview.OverviewController;
import org.virtharden.ui.session.Screens;
import org.virtharden.ui.start.StartController;

/** Every screen the main window can show, registered once at start-up (app and UI tests). */
public final class ScreenCatalog {
    private ScreenCatalog() {
    }

    public static void registerAll() {
        Screens.register("start", s -> StartController.create(s, AppPrefs.current()));
        Screens.register("hosts", HostsController::create);
        Screens.register("overview", OverviewController::create);
        Screens.register("findings", s -> new FindingsController(s).root());
        Screens.register("report", org.virtharden.ui.report.ReportController::create);
        Screens.register("fleet", s -> new org.virtharden.ui.fleet.FleetController(s).root());
        for (Domain d : Checklist.ORDER) {
            Screens.register("step:" + d.id(), s -> StepController.create(s, d));
        }
    }
}
