package org.virtharden.transport;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Strict host-key checking against one known_hosts file, used as JSch's {@link HostKeyRepository}.
 *
 * <p>Why this runs before any credential leaves the machine: JSch calls {@link #check} from
 * {@code Session.checkHost}, which {@code Session.connect} runs right after the key exchange
 * ({@code KEXDH_REPLY} carries the host key) and before it sends {@code SSH_MSG_NEWKEYS}; the
 * {@code ssh-userauth} service request, and with it every key signature or password, only follows
 * after {@code NEWKEYS}. With {@code StrictHostKeyChecking=yes} a result other than {@code OK} makes
 * {@code checkHost} throw, so the connection ends there. SshTransportIT proves it against a real sshd
 * that logs every authentication request.
 *
 * <p>A key not yet known is shown to the {@link HostKeyVerifier} (the operator); if trusted it is
 * appended to the file. A changed key is refused outright and the verifier is never asked. The file
 * is never rewritten or pruned here: {@link #add} and {@link #remove} do nothing.
 */
final class StrictHostKeys implements HostKeyRepository {

    enum Outcome { NONE, KNOWN, TRUSTED_NEW, REJECTED_NEW, CHANGED, SAVE_FAILED }

    private static final Object APPEND_LOCK = new Object();

    private final Path file;
    private final HostKeyRepository known;
    private final HostKeyVerifier verifier;
    private volatile Outcome outcome = Outcome.NONE;
    private volatile HostKeyInfo presented;
    private volatile List<String> trustedFingerprints = List.of();
    private volatile String saveError;
    private volatile boolean deciding;

    private StrictHostKeys(Path file, HostKeyRepository known, HostKeyVerifier verifier) {
        this.file = file;
        this.known = known;
        this.verifier = verifier;
    }

    /** Loads {@code file}, creating it (0600) and its directory (0700) when missing. */
    static StrictHostKeys load(Path file, HostKeyVerifier verifier) throws TransportException {
        try {
            ensureFile(file);
            JSch reader = new JSch();
            reader.setKnownHosts(file.toString());
            return new StrictHostKeys(file, reader.getHostKeyRepository(), verifier);
        } catch (IOException | JSchException e) {
            throw new TransportException(TransportException.Kind.CONFIG, "The known_hosts file " + file
                    + " cannot be read or created (" + e.getMessage() + "). No host can be checked, so no connection"
                    + " was made. Check the path and its permissions.", e);
        }
    }

    static void ensureFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                // created concurrently: fine
            }
        }
    }

    @Override
    public int check(String host, byte[] key) {
        int r;
        synchronized (known) {
            r = known.check(host, key);
        }
        HostPort hp = parseKnownHostsName(host);
        String type = keyType(key);
        HostKeyInfo info = new HostKeyInfo(hp.host(), hp.port(), type, fingerprint(key));
        presented = info;
        if (r == OK) {
            outcome = Outcome.KNOWN;
            return OK;
        }
        if (r == CHANGED) {
            trustedFingerprints = trustedFingerprints(host, type);
            outcome = Outcome.CHANGED;
            return CHANGED;
        }
        boolean trust;
        deciding = true;
        try {
            trust = verifier != null && verifier.trustNewKey(info);
        } catch (RuntimeException e) {
            trust = false;
        } finally {
            deciding = false;
        }
        if (!trust) {
            outcome = Outcome.REJECTED_NEW;
            return NOT_INCLUDED;
        }
        try {
            append(file, info.knownHostsName() + " " + type + " " + Base64.getEncoder().encodeToString(key) + "\n");
        } catch (IOException e) {
            saveError = e.getMessage();
            outcome = Outcome.SAVE_FAILED;
            return NOT_INCLUDED;
        }
        outcome = Outcome.TRUSTED_NEW;
        return OK;
    }

    private List<String> trustedFingerprints(String host, String type) {
        List<String> out = new ArrayList<>();
        HostKey[] keys;
        synchronized (known) {
            keys = known.getHostKey(host, type);
        }
        if (keys != null) {
            for (HostKey k : keys) {
                try {
                    if (k.getType().equals(type) && (k.getMarker() == null || k.getMarker().isEmpty())) {
                        out.add(fingerprint(Base64.getDecoder().decode(k.getKey())));
                    }
                } catch (IllegalArgumentException ignored) {
                    // a malformed line cannot be shown; the others still are
                }
            }
        }
        return List.copyOf(out);
    }

    private static void append(Path file, String line) throws IOException {
        synchronized (APPEND_LOCK) {
            ensureFile(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                long size = ch.size();
                String text = line;
                if (size > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    ch.read(last, size - 1);
                    if (last.get(0) != '\n') {
                        text = "\n" + line;
                    }
                }
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                long pos = size;
                while (bytes.hasRemaining()) {
                    pos += ch.write(bytes, pos);
                }
                ch.force(true);
            }
        }
    }

    Outcome outcome() {
        return outcome;
    }

    HostKeyInfo presented() {
        return presented;
    }

    List<String> trustedFingerprintsSeen() {
        return trustedFingerprints;
    }

    String saveError() {
        return saveError;
    }

    /** True while the verifier (perhaps a person) is deciding; connect watchdogs wait for it. */
    boolean deciding() {
        return deciding;
    }

    Path file() {
        return file;
    }

    /** {@code SHA256:<base64 without padding>} of the key blob, exactly as {@code ssh-keygen -lf} prints it. */
    static String fingerprint(byte[] keyBlob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The algorithm name at the start of an SSH public key blob, e.g. {@code ssh-ed25519}. */
    static String keyType(byte[] blob) {
        if (blob.length >= 4) {
            int n = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
            if (n > 0 && n <= blob.length - 4 && n < 256) {
                return new String(blob, 4, n, StandardCharsets.US_ASCII);
            }
        }
        return "unknown";
    }

    /** {@code host} or {@code [host]:port} back to host and port. */
    static HostPort parseKnownHostsName(String name) {
        if (name.startsWith("[")) {
            int end = name.indexOf("]:");
            if (end > 0) {
                try {
                    return new HostPort(name.substring(1, end), Integer.parseInt(name.substring(end + 2)));
                } catch (NumberFormatException ignored) {
                    // fall through
                }
            }
        }
        return new HostPort(name, 22);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // never called with StrictHostKeyChecking=yes; new keys are written by check() only
    }

    @Override
    public void remove(String host, String type) {
        // known_hosts is never pruned by the auditor
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // known_hosts is never pruned by the auditor
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        synchronized (known) {
            return known.getHostKey();
        }
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        synchronized (known) {
            return known.getHostKey(host, type);
        }
    }
}
