package org.virtharden.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.virtharden.model.ProjectInfo;
import org.virtharden.project.Project;
import org.virtharden.project.ProjectException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", description = "Create a new project file (.vhproj).")
final class InitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The project file to create; must not exist.")
    Path file;

    @Option(names = "--client", description = "Client (organisation) assessed; default: the file name without .vhproj.")
    String client = "";

    @Option(names = "--site", description = "Site or data centre.")
    String site = "";

    @Option(names = "--assessor", description = "Who performs the assessment.")
    String assessor = "";

    @Override
    public Integer call() {
        String name = client.isBlank() ? file.getFileName().toString().replaceFirst("\\.vhproj$", "") : client;
        try (Project p = Project.create(file, new ProjectInfo(name, site, assessor, Instant.now()))) {
            spec.commandLine().getOut().println("Created project " + p.file());
            spec.commandLine().getOut().println("Next: virtharden host add " + file + " --name NAME --address HOST --user USER --key KEYFILE");
            return ExitCodes.OK;
        } catch (ProjectException e) {
            throw new CliException(e.getMessage());
        }
    }
}
