package org.virtharden.project;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.virtharden.model.HostConfig;
import org.virtharden.project.ProjectException.Kind;

/**
 * The hosts in scope. Names are unique among them, ignoring ASCII case ("KVM01" and "kvm01" are the
 * same host). Passwords are never stored: {@code passwordEnv} must be the name of an environment
 * variable.
 *
 * <p>A removed host that already has scan history is only marked as removed, so earlier runs keep
 * their host; it no longer appears in {@link #list()} or {@link #byName}, and its name may be reused.
 */
public final class HostRepository {

    static final String DEFAULT_LIBVIRT_URI = "qemu:///system";
    static final Set<String> SUDO_MODES = Set.of("none", "nopasswd", "password", "collector");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** DNS names, IPv4, IPv6 (also bracketed, with a zone id). */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]{1,253}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern WHITESPACE_OR_CONTROL = Pattern.compile("[\\s\\p{Cntrl}]");

    private static final String COLUMNS = "id, name, address, port, user, key_path, password_env, sudo_mode, jump,"
            + " known_hosts, libvirt_uri, host_group";

    private final Database db;

    HostRepository(Database db) {
        this.db = db;
    }

    /**
     * Adds a host and returns it as stored: with its id, blank optional fields as null, sudo mode
     * {@code none} and libvirt URI {@code qemu:///system} when not given.
     *
     * @throws ProjectException DUPLICATE if a host of that name exists, INVALID for an empty
     *                          name/address/user, a bad port or a bad password variable name
     */
    public HostConfig add(HostConfig host) throws ProjectException {
        HostConfig h = normalize(host);
        return db.write("adding host " + h.name(), d -> {
            Optional<HostConfig> clash = activeByName(d, h.name());
            if (clash.isPresent()) {
                throw duplicate(h.name(), clash.get().name());
            }
            PreparedStatement ps = d.prepare("INSERT INTO hosts (name, address, port, user, key_path, password_env,"
                    + " sudo_mode, jump, known_hosts, libvirt_uri, host_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " RETURNING id");
            bind(ps, h);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return h.withId(rs.getLong(1));
            }
        });
    }

    /**
     * Replaces the stored settings of the host with {@code host.id()}; the name may change.
     *
     * @throws ProjectException NOT_FOUND if there is no such host in scope, DUPLICATE if the new name
     *                          belongs to another host, INVALID as for {@link #add}
     */
    public void update(HostConfig host) throws ProjectException {
        HostConfig h = normalize(host);
        if (h.id() <= 0) {
            throw new ProjectException(Kind.INVALID, "The host '" + h.name() + "' has not been saved yet, so it"
                    + " cannot be updated. Add it first.");
        }
        db.write("updating host " + h.name(), d -> {
            PreparedStatement find = d.prepare("SELECT 1 FROM hosts WHERE id = ? AND removed IS NULL");
            find.setLong(1, h.id());
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    throw new ProjectException(Kind.NOT_FOUND, "The host '" + h.name() + "' is no longer in this"
                            + " project; it may have been removed. Add it again if it is still in scope.");
                }
            }
            Optional<HostConfig> clash = activeByName(d, h.name());
            if (clash.isPresent() && clash.get().id() != h.id()) {
                throw duplicate(h.name(), clash.get().name());
            }
            PreparedStatement ps = d.prepare("UPDATE hosts SET name = ?, address = ?, port = ?, user = ?,"
                    + " key_path = ?, password_env = ?, sudo_mode = ?, jump = ?, known_hosts = ?, libvirt_uri = ?,"
                    + " host_group = ? WHERE id = ?");
            bind(ps, h);
            ps.setLong(12, h.id());
            ps.executeUpdate();
            return null;
        });
    }

    /**
     * Takes a host out of scope. Its findings and evidence from earlier runs are kept.
     *
     * @throws ProjectException NOT_FOUND if no host of that name is in scope
     */
    public void remove(String name) throws ProjectException {
        Objects.requireNonNull(name, "name");
        db.write("removing host " + name, d -> {
            HostConfig h = activeByName(d, name).orElseThrow(() -> new ProjectException(Kind.NOT_FOUND,
                    "There is no host named '" + name + "' in this project. Check the name in the host list."));
            PreparedStatement used = d.prepare("SELECT EXISTS (SELECT 1 FROM host_runs WHERE host_id = ?1)"
                    + " OR EXISTS (SELECT 1 FROM evidence WHERE host_id = ?1)"
                    + " OR EXISTS (SELECT 1 FROM findings WHERE host_id = ?1)");
            used.setLong(1, h.id());
            boolean hasHistory;
            try (ResultSet rs = used.executeQuery()) {
                hasHistory = rs.next() && rs.getBoolean(1);
            }
            if (hasHistory) {
                PreparedStatement ps = d.prepare("UPDATE hosts SET removed = ? WHERE id = ?");
                ps.setString(1, Times.format(Times.now()));
                ps.setLong(2, h.id());
                ps.executeUpdate();
            } else {
                PreparedStatement ps = d.prepare("DELETE FROM hosts WHERE id = ?");
                ps.setLong(1, h.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The hosts in scope, by name. */
    public List<HostConfig> list() {
        return db.readUnchecked("listing hosts", d -> {
            List<HostConfig> out = new ArrayList<>();
            try (ResultSet rs = d.prepare("SELECT " + COLUMNS + " FROM hosts WHERE removed IS NULL ORDER BY name, id")
                    .executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    /** The host in scope with this name, ignoring ASCII case. */
    public Optional<HostConfig> byName(String name) {
        Objects.requireNonNull(name, "name");
        return db.readUnchecked("looking up host " + name, d -> activeByName(d, name));
    }

    private static Optional<HostConfig> activeByName(Database d, String name) throws SQLException {
        PreparedStatement ps = d.prepare("SELECT " + COLUMNS + " FROM hosts WHERE name = ? AND removed IS NULL");
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static ProjectException duplicate(String name, String existing) {
        String as = existing.equals(name) ? "" : " (as '" + existing + "')";
        return new ProjectException(Kind.DUPLICATE, "A host named '" + name + "' is already in this project" + as
                + ". Choose another name, or edit the existing host.");
    }

    private static void bind(PreparedStatement ps, HostConfig h) throws SQLException {
        ps.setString(1, h.name());
        ps.setString(2, h.address());
        ps.setInt(3, h.port());
        ps.setString(4, h.user());
        ps.setString(5, h.keyPath());
        ps.setString(6, h.passwordEnv());
        ps.setString(7, h.sudoMode());
        ps.setString(8, h.jump());
        ps.setString(9, h.knownHosts());
        ps.setString(10, h.libvirtUri());
        ps.setString(11, h.hostGroup());
    }

    private static HostConfig row(ResultSet rs) throws SQLException {
        return new HostConfig(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12));
    }

    /** Checks a host and fills in defaults; see {@link #add}. */
    static HostConfig normalize(HostConfig h) throws ProjectException {
        Objects.requireNonNull(h, "host");
        String name = h.name();
        if (name == null || name.isBlank()) {
            throw invalid("The host name is empty. Enter a name that identifies the host, e.g. kvm01.");
        }
        if (!name.equals(name.strip())) {
            throw invalid("The host name '" + name + "' starts or ends with a space. Remove the spaces.");
        }
        if (CONTROL.matcher(name).find() || name.length() > 200) {
            throw invalid("The host name '" + printable(name) + "' contains a line break or control character, or is"
                    + " longer than 200 characters. Enter a short name on one line.");
        }
        String address = h.address();
        if (address == null || address.isBlank()) {
            throw invalid("The address of host '" + name + "' is empty. Enter its DNS name or IP address.");
        }
        if (!ADDRESS.matcher(address).matches() || address.startsWith("-")) {
            throw invalid("The address of host '" + name + "' ('" + printable(address) + "') is not a DNS name or IP"
                    + " address. Use only letters, digits, '.', '-' and ':' (IPv6).");
        }
        if (h.port() < 1 || h.port() > 65535) {
            throw invalid("The SSH port of host '" + name + "' is " + h.port() + "; it must be between 1 and 65535"
                    + " (usually 22).");
        }
        String user = h.user();
        if (user == null || user.isBlank()) {
            throw invalid("The SSH user of host '" + name + "' is empty. Enter the account virtharden logs in as.");
        }
        if (WHITESPACE_OR_CONTROL.matcher(user).find() || user.startsWith("-")) {
            throw invalid("The SSH user of host '" + name + "' ('" + printable(user) + "') contains spaces or starts"
                    + " with '-'. Enter the account name only.");
        }
        String sudo = blankToNull(h.sudoMode());
        sudo = sudo == null ? "none" : sudo.strip().toLowerCase(Locale.ROOT);
        if (!SUDO_MODES.contains(sudo)) {
            throw invalid("The sudo mode of host '" + name + "' is '" + printable(h.sudoMode()) + "'; it must be"
                    + " none, nopasswd, password or collector.");
        }
        String passwordEnv = blankToNull(h.passwordEnv());
        if (passwordEnv != null && !ENV_NAME.matcher(passwordEnv).matches()) {
            throw invalid("The password variable of host '" + name + "' must be the NAME of an environment"
                    + " variable that holds the password when the scan runs (letters, digits and '_', e.g."
                    + " VH_KVM01_PASSWORD), never the password itself.");
        }
        String jump = blankToNull(h.jump());
        if (jump != null && (WHITESPACE_OR_CONTROL.matcher(jump).find() || jump.startsWith("-"))) {
            throw invalid("The jump host of host '" + name + "' ('" + printable(jump) + "') must look like"
                    + " user@host or user@host:port.");
        }
        String uri = blankToNull(h.libvirtUri());
        return new HostConfig(h.id(), name, address, h.port(), user, blankToNull(h.keyPath()), passwordEnv, sudo,
                jump, blankToNull(h.knownHosts()), uri == null ? DEFAULT_LIBVIRT_URI : uri,
                blankToNull(h.hostGroup()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String printable(String s) {
        return s == null ? "" : CONTROL.matcher(s).replaceAll("?");
    }

    private static ProjectException invalid(String message) {
        return new ProjectException(Kind.INVALID, message);
    }
}
