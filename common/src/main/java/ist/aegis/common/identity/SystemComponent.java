package ist.aegis.common.identity;

import java.util.Locale;

/** The three Aegis services; each has a SPIFFE ID under {@code /system/}. */
public enum SystemComponent {
    SAFE,
    NOTARY,
    SENTINEL;

    /** Returns the name as it appears in a SPIFFE ID path, such as {@code safe}. */
    public String pathName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the component whose path name is {@code name}, or {@code null} when there is none. */
    static SystemComponent fromPathName(String name) {
        for (SystemComponent component : values()) {
            if (component.pathName().equals(name)) {
                return component;
            }
        }
        return null;
    }
}
