/**
 * Real SSH hosts for tests: no mocks, no Docker, no VMs.
 *
 * <pre>{@code
 * @BeforeAll static void hosts() {
 *     hosts = TestHosts.start(                       // skips locally / fails in CI without root
 *         TestHostSpec.named("good").fromResources("hosts/good"),
 *         TestHostSpec.named("bad").sudo("password", "pw")
 *             .file("/etc/ssh/sshd_config.d/50-bad.conf", "PermitRootLogin yes\n")
 *             .override("/proc/sys/kernel/kptr_restrict", "0\n")
 *             .standIn("virsh", "#!/bin/sh\necho 'Id Name State'\n"));
 * }
 * @AfterAll static void stop() { if (hosts != null) hosts.close(); }
 *
 * TestHost h = hosts.get("good");
 * try (SshTransport t = SshTransport.connect(h.target("auditor", SudoMode.NOPASSWD), HostKeyVerifier.REJECT_NEW)) { ... }
 * h.exec("pgrep -x sleep");                          // as root inside the host, for assertions
 * }</pre>
 *
 * <p>Each namespaced host: sshd is PID 1 of its own pid/net/mount/uts namespaces, listening on
 * 10.250.N.2:22 (reachable from the test JVM through veth {@code vhN}, our end 10.250.N.1) and on
 * 127.0.0.1:22 inside (for jump-host tests). /etc is a private copy of the real one with its own
 * ed25519 host key, {@code UsePAM no}, an {@code Include /etc/ssh/sshd_config.d/*.conf} first (so spec
 * files there win), user {@code auditor} (uid 4242) and a sudoers rule per spec. Spec files in /etc
 * never follow symlinks out of the copy. /root, /home and /usr/local/sbin are per-host folders; the
 * sshd log (stderr of {@code sshd -D -e}) is {@link org.virtharden.testhosts.TestHost#sshdLog()}.
 *
 * <p>Host folders are on /dev/shm when it is an exec-capable tmpfs (else java.io.tmpdir; override
 * with {@code -Dvirtharden.testhosts.dir=...}); slot locks are in
 * {@code ${java.io.tmpdir}/virtharden-testhosts}. Starting a host takes about 0.3-0.5 s (hosts of one
 * {@code start} call start in parallel), stopping about 0.1 s.
 *
 * <p>Without root, {@link org.virtharden.testhosts.TestHosts#startLoopback()} gives one sshd run as the
 * current user on 127.0.0.1 and a free port; tests that need namespaces should call
 * {@code RealPeers.assume(TestHosts.namespacesAvailable(), "... needs root for network namespaces")}.
 */
package org.virtharden.testhosts;
