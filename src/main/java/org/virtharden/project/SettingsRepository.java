package org.virtharden.project;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Project settings as text key/value pairs. Settings are not secret: keys that name a password,
 * secret, token or private key are refused, unless they name the environment variable that holds
 * it (ending in "env", e.g. {@code ssh.passwordEnv}).
 */
public final class SettingsRepository {

    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(password|passwd|passphrase|secret|token|private[._-]?key).*");
    private static final Pattern ENV_SUFFIX = Pattern.compile("(?i).*env");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final Database db;

    SettingsRepository(Database db) {
        this.db = db;
    }

    /** All settings, sorted by key; the map cannot be modified. */
    public Map<String, String> all() {
        return db.readUnchecked("reading settings", d -> {
            Map<String, String> out = new TreeMap<>();
            try (ResultSet rs = d.prepare("SELECT key, value FROM settings").executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return Collections.unmodifiableMap(out);
        });
    }

    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        return db.readUnchecked("reading setting " + key, d -> {
            PreparedStatement ps = d.prepare("SELECT value FROM settings WHERE key = ?");
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    /**
     * Stores a setting, replacing any earlier value; a null value removes the setting.
     *
     * @throws IllegalArgumentException for an empty key, a key with control characters, or a key
     *                                  naming a secret
     */
    public void put(String key, String value) {
        checkKey(key);
        db.writeUnchecked("saving setting " + key, d -> {
            PreparedStatement ps;
            if (value == null) {
                ps = d.prepare("DELETE FROM settings WHERE key = ?");
                ps.setString(1, key);
            } else {
                ps = d.prepare("INSERT INTO settings (key, value) VALUES (?, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
                ps.setString(1, key);
                ps.setString(2, value);
            }
            ps.executeUpdate();
            return null;
        });
    }

    static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("setting key is empty");
        }
        if (CONTROL.matcher(key).find() || key.length() > 200) {
            throw new IllegalArgumentException("setting key has control characters or is too long");
        }
        if (SECRET_KEY.matcher(key).matches() && !ENV_SUFFIX.matcher(key).matches()) {
            throw new IllegalArgumentException("setting '" + key + "' looks like a secret; the project file never"
                    + " stores secrets. Store the name of an environment variable instead (e.g. '" + key + "Env').");
        }
    }
}
