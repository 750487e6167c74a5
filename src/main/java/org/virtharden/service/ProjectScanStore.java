package org.virtharden.service;

import java.util.List;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostRun;
import org.virtharden.model.ScanRun;
import org.virtharden.project.Project;
import org.virtharden.scan.ScanStore;

/** The scan engine's store, backed by the project file: every call commits before it returns. */
public final class ProjectScanStore implements ScanStore {
    private final Project project;

    public ProjectScanStore(Project project) {
        this.project = project;
    }

    @Override
    public ScanRun startRun(String catalogVersion) {
        return project.runs().start(catalogVersion);
    }

    @Override
    public void hostState(HostRun state) {
        project.runs().hostState(state);
    }

    @Override
    public long recordProbe(Evidence evidence, List<Finding> findings) {
        return project.findings().recordProbe(evidence, findings);
    }

    @Override
    public void recordFindings(List<Finding> findings) {
        project.findings().add(findings);
    }

    @Override
    public void finishRun(long runId, String state) {
        project.runs().finish(runId, state);
    }
}
