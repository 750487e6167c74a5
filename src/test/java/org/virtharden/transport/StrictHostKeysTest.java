package org.virtharden.transport;

import com.jcraft.jsch.HostKeyRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.testhosts.RealPeers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Host-key decisions without a network: a known_hosts file and key blobs made by ssh-keygen. */
class StrictHostKeysTest {
    @TempDir
    static Path dir;
    private static byte[] keyA;
    private static byte[] keyB;
    private static byte[] rsa;
    private static String fpA;
    private static String fpRsa;

    @BeforeAll
    static void keys() throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen missing (openssh-client)");
        keyA = blob(gen("a", "ed25519"));
        keyB = blob(gen("b", "ed25519"));
        rsa = blob(gen("r", "rsa"));
        fpA = sshKeygenFingerprint(dir.resolve("a.pub"));
        fpRsa = sshKeygenFingerprint(dir.resolve("r.pub"));
    }

    private static Path gen(String name, String type) throws Exception {
        Path f = dir.resolve(name);
        run("ssh-keygen", "-q", "-t", type, "-N", "", "-f", f.toString());
        return Path.of(f + ".pub");
    }

    private static byte[] blob(Path pub) throws Exception {
        return Base64.getDecoder().decode(Files.readString(pub).split("\\s+")[1]);
    }

    private static String sshKeygenFingerprint(Path pub) throws Exception {
        return run("ssh-keygen", "-lf", pub.toString()).split("\\s+")[1];
    }

    private static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String line(String name, byte[] key) {
        return name + " " + StrictHostKeys.keyType(key) + " " + Base64.getEncoder().encodeToString(key);
    }

    @Test
    void fingerprintIsExactlyWhatSshKeygenPrints() {
        assertEquals(fpA, StrictHostKeys.fingerprint(keyA));
        assertEquals(fpRsa, StrictHostKeys.fingerprint(rsa));
        assertEquals("ssh-ed25519", StrictHostKeys.keyType(keyA));
        assertEquals("ssh-rsa", StrictHostKeys.keyType(rsa));
        assertEquals("unknown", StrictHostKeys.keyType(new byte[] {1, 2}));
    }

    @Test
    void knownHostsNamesParseBack() {
        assertEquals(new HostPort("10.0.0.1", 22), StrictHostKeys.parseKnownHostsName("10.0.0.1"));
        assertEquals(new HostPort("kvm1", 2222), StrictHostKeys.parseKnownHostsName("[kvm1]:2222"));
        assertEquals(new HostPort("::1", 2200), StrictHostKeys.parseKnownHostsName("[::1]:2200"));
        assertEquals("[kvm1]:2222", new HostKeyInfo("kvm1", 2222, "ssh-ed25519", "x").knownHostsName());
        assertEquals("kvm1", new HostKeyInfo("kvm1", 22, "ssh-ed25519", "x").knownHostsName());
    }

    @Test
    void knownKeyPassesWithoutAsking() throws Exception {
        Path kh = dir.resolve("known1");
        Files.writeString(kh, line("kvm1", keyA) + "\n");
        StrictHostKeys k = StrictHostKeys.load(kh, key -> fail("must not ask"));
        assertEquals(HostKeyRepository.OK, k.check("kvm1", keyA));
        assertEquals(StrictHostKeys.Outcome.KNOWN, k.outcome());
    }

    @Test
    void changedKeyIsRefusedWithoutAskingAndFileUntouched() throws Exception {
        Path kh = dir.resolve("known2");
        String content = "# comment\n" + line("[kvm1]:2222", keyA) + "\n";
        Files.writeString(kh, content);
        StrictHostKeys k = StrictHostKeys.load(kh, key -> fail("a changed key must never be offered"));
        assertEquals(HostKeyRepository.CHANGED, k.check("[kvm1]:2222", keyB));
        assertEquals(StrictHostKeys.Outcome.CHANGED, k.outcome());
        assertEquals(List.of(fpA), k.trustedFingerprintsSeen());
        assertEquals(new HostKeyInfo("kvm1", 2222, "ssh-ed25519", StrictHostKeys.fingerprint(keyB)), k.presented());
        assertEquals(content, Files.readString(kh));
    }

    @Test
    void unknownKeyGoesToTheVerifierAndIsAppendedOnlyWhenTrusted() throws Exception {
        Path kh = dir.resolve("sub/dir/known3");
        List<HostKeyInfo> asked = new ArrayList<>();
        StrictHostKeys no = StrictHostKeys.load(kh, key -> {
            asked.add(key);
            return false;
        });
        assertTrue(Files.exists(kh), "created on load");
        assertEquals(HostKeyRepository.NOT_INCLUDED, no.check("[kvm2]:2200", rsa));
        assertEquals(StrictHostKeys.Outcome.REJECTED_NEW, no.outcome());
        assertEquals(List.of(new HostKeyInfo("kvm2", 2200, "ssh-rsa", fpRsa)), asked);
        assertEquals("", Files.readString(kh));

        Files.writeString(kh, "other ssh-ed25519 AAAA"); // no trailing newline: the append must add one
        StrictHostKeys yes = StrictHostKeys.load(kh, key -> true);
        assertEquals(HostKeyRepository.OK, yes.check("[kvm2]:2200", rsa));
        assertEquals(StrictHostKeys.Outcome.TRUSTED_NEW, yes.outcome());
        assertEquals("other ssh-ed25519 AAAA\n" + line("[kvm2]:2200", rsa) + "\n", Files.readString(kh));
        assertEquals(HostKeyRepository.OK, StrictHostKeys.load(kh, key -> fail("now known")).check("[kvm2]:2200", rsa));
    }

    @Test
    void hashedKnownHostsEntriesAreRecognised() throws Exception {
        Path kh = dir.resolve("known4");
        Files.writeString(kh, line("kvm9.example.org", keyA) + "\n");
        run("ssh-keygen", "-H", "-f", kh.toString());
        assertTrue(Files.readString(kh).startsWith("|1|"), "hashed");
        StrictHostKeys k = StrictHostKeys.load(kh, key -> fail("known, even hashed"));
        assertEquals(HostKeyRepository.OK, k.check("kvm9.example.org", keyA));
        StrictHostKeys c = StrictHostKeys.load(kh, key -> fail("changed"));
        assertEquals(HostKeyRepository.CHANGED, c.check("kvm9.example.org", keyB));
    }

    @Test
    void aThrowingVerifierMeansNo() throws Exception {
        Path kh = dir.resolve("known5");
        StrictHostKeys k = StrictHostKeys.load(kh, key -> {
            throw new IllegalStateException("dialog crashed");
        });
        assertEquals(HostKeyRepository.NOT_INCLUDED, k.check("kvm3", keyA));
        assertEquals("", Files.readString(kh));
    }
}
