package org.virtharden.cli;

import java.nio.file.Path;
import org.virtharden.project.Project;
import org.virtharden.project.ProjectException;

/** Opens project files for commands, turning refusals into clear CLI errors. */
final class ProjectFiles {
    private ProjectFiles() {
    }

    static Project open(Path file) {
        try {
            return Project.open(file);
        } catch (ProjectException e) {
            throw new CliException(e.getMessage());
        }
    }
}
