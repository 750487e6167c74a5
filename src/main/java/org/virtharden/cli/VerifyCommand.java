package org.virtharden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.virtharden.project.Project;
import org.virtharden.report.ReportException;
import org.virtharden.report.ReportService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = {"Check an audit pack PDF against its project: rebuild the pack with the options",
    "stored in the PDF, recompute the evidence-set and content SHA-256, and name any evidence item or attachment that",
    "changed. Exit code 0 when the pack matches, 5 when it does not."})
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Project file.")
    Path file;

    @Parameters(index = "1", paramLabel = "PACK.pdf", description = "Audit pack PDF made by 'virtharden report'.")
    Path pack;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Project p = ProjectFiles.open(file)) {
            ReportService.Verification v = new ReportService(CatalogCommand.loadCatalog(null)).verify(p, pack);
            out.println("Pack generated " + v.generated() + " from run " + (v.options().runId() == null ? "none"
                    : "#" + v.options().runId()) + (v.options().retestFrom() == null ? ""
                    : ", retest from run #" + v.options().retestFrom()));
            out.println("Evidence set SHA-256  pack " + v.recordedEvidenceSha256());
            out.println("                      now  " + v.evidenceSha256());
            out.println("Content SHA-256       pack " + v.recordedContentSha256());
            out.println("                      now  " + v.contentSha256());
            if (v.matches()) {
                out.println("OK: the pack matches " + file);
                return ExitCodes.OK;
            }
            out.println("MISMATCH: the pack does not match " + file);
            v.changes().forEach(c -> out.println("  " + c));
            return ExitCodes.MISMATCH;
        } catch (ReportException e) {
            throw new CliException(e.getMessage());
        }
    }
}
