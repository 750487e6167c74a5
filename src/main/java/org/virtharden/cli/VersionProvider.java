package org.virtharden.cli;

import org.virtharden.catalog.Catalog;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VirthardenCommand.class.getPackage().getImplementationVersion();
        return new String[] {"virtharden " + (v == null ? "dev" : v) + " (catalog " + Catalog.VERSION + ")"};
    }
}
