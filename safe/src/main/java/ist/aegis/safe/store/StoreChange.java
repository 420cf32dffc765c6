package ist.aegis.safe.store;

/**
 * The outcome of one call that may change an entry: what happened and the entry afterwards
 * ({@code null} after a deletion).
 */
public record StoreChange(Action action, SecretEntry entry) {

    /** The kind of change a call made to the entry. */
    public enum Action {
        CREATED, REPLACED, APPENDED, DELETED,
        /** An append of a value that the entry already held: nothing changed and the version stayed. */
        UNCHANGED;

        /** Returns the lowercase name that log lines use. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
