package org.virtharden.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.Mode;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Attachment;
import org.virtharden.model.HostConfig;
import org.virtharden.project.AnswerRepository;
import org.virtharden.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "answer", description = {"Answer a manual or hybrid check for a host (or one of its guests), with a note",
    "and evidence files stored inside the project with their SHA-256. A newer answer supersedes the older;",
    "both are kept."})
final class AnswerCommand implements Callable<Integer> {
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg",
            "heic", "image/heic", "gif", "image/gif", "webp", "image/webp", "pdf", "application/pdf", "txt", "text/plain",
            "log", "text/plain", "csv", "text/csv");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CheckTarget target;

    @Option(names = "--status", required = true, paramLabel = "pass|fail|na", description = "The answer.")
    String status;

    @Option(names = "--note", paramLabel = "TEXT", description = "What you saw; required with --status na (the justification).")
    String note;

    @Option(names = "--attach", paramLabel = "PATH", description = "Evidence file (photo, document); repeat for several.")
    List<Path> attach = new ArrayList<>();


    @Override
    public Integer call() {
        Status st = switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "pass" -> Status.PASS;
            case "fail" -> Status.FAIL;
            case "na", "n/a", "not_applicable" -> Status.NOT_APPLICABLE;
            default -> throw new CliException("--status must be pass, fail or na, not '" + status + "'", ExitCodes.USAGE);
        };
        Check check = target.check();
        String guest = target.guest;
        if (check.mode() == Mode.AUTOMATED) {
            throw new CliException(check.id() + " is automated: its result comes from the scan, not from an answer", ExitCodes.USAGE);
        }
        if (st == Status.NOT_APPLICABLE && (note == null || note.isBlank())) {
            throw new CliException("--status na needs --note with the justification", ExitCodes.USAGE);
        }
        List<AnswerRepository.NewAttachment> files = new ArrayList<>();
        for (Path p : attach) {
            files.add(read(p));
        }
        Answer a;
        try (Project p = ProjectFiles.open(target.file)) {
            HostConfig h = target.host(p);
            try {
                a = p.answers().record(h.id(), guest, check.id(), st, note, target.author(p), files);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), ExitCodes.USAGE);
            }
        }
        var out = spec.commandLine().getOut();
        out.printf("%s %s%s: %s by %s%n", a.hostName(), check.id(), guest == null ? "" : " (guest " + guest + ")",
                st == Status.NOT_APPLICABLE ? "not applicable" : st.name().toLowerCase(Locale.ROOT), a.answeredBy());
        for (Attachment at : a.attachments()) {
            out.printf("  attached %s (%s, %d bytes) sha256 %s%n", at.fileName(), at.mediaType(), at.size(), at.sha256());
        }
        return ExitCodes.OK;
    }

    private static AnswerRepository.NewAttachment read(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                throw new CliException("cannot attach " + p + ": not a readable file", ExitCodes.USAGE);
            }
            long size = Files.size(p);
            if (size > AnswerRepository.MAX_ATTACHMENT_BYTES) {
                throw new CliException("cannot attach " + p + ": " + size / (1024 * 1024) + " MB is over the "
                        + AnswerRepository.MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MB limit; attach a smaller export", ExitCodes.USAGE);
            }
            String name = p.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
            return new AnswerRepository.NewAttachment(name, TYPES.getOrDefault(ext, "application/octet-stream"), Files.readAllBytes(p));
        } catch (IOException e) {
            throw new CliException("cannot attach " + p + ": " + e.getMessage(), ExitCodes.USAGE);
        }
    }
}
