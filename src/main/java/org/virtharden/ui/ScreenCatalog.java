package org.virtharden.ui;

import org.virtharden.catalog.Domain;
import org.virtharden.service.Checklist;
import org.virtharden.ui.assessment.StepView;
import org.virtharden.ui.findings.FindingsView;
import org.virtharden.ui.hosts.HostsController;
import org.virtharden.ui.overview.OverviewView;
import org.virtharden.ui.session.Screens;
import org.virtharden.ui.start.StartController;

/** Every screen the main window can show, registered once at start-up (app and UI tests). */
public final class ScreenCatalog {
    private ScreenCatalog() {
    }

    public static void registerAll() {
        Screens.register("start", s -> StartController.create(s, AppPrefs.current()));
        Screens.register("hosts", HostsController::create);
        Screens.register("overview", OverviewView::new);
        Screens.register("findings", FindingsView::new);
        for (Domain d : Checklist.ORDER) {
            Screens.register("step:" + d.id(), s -> new StepView(s, d));
        }
    }
}
