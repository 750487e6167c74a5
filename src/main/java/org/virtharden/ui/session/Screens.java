package org.virtharden.ui.session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javafx.scene.Node;

/**
 * The screens the main window can show, by id: {@code overview}, {@code hosts}, {@code step:<domain id>} (one per
 * checklist, e.g. {@code step:physical}), {@code findings}. Screens register a factory once at start-up
 * ({@code org.virtharden.ui.ScreenCatalog}); the window creates each screen the first time it is shown.
 */
public final class Screens {
    private static final Map<String, Function<ProjectSession, Node>> FACTORIES = new ConcurrentHashMap<>();

    private Screens() {
    }

    public static void register(String id, Function<ProjectSession, Node> factory) {
        FACTORIES.put(id, factory);
    }

    public static Optional<Function<ProjectSession, Node>> find(String id) {
        return Optional.ofNullable(FACTORIES.get(id));
    }
}
