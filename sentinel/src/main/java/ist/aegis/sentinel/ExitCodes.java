package ist.aegis.sentinel;

/** The exit codes of the {@code aegis} CLI, which scripts rely on. */
public final class ExitCodes {

    /** The request succeeded. */
    public static final int OK = 0;

    /** The command line is invalid: an unknown option, a missing value, contradictory options, unusable input. */
    public static final int USAGE = 2;

    /**
     * Safe could not be reached: the connection was refused, TLS failed, Safe did not respond in
     * time, or Sentinel's own connection settings (URL, TLS files) are unusable.
     */
    public static final int SAFE_UNREACHABLE = 3;

    /** Safe responded with an error status; its message is printed. */
    public static final int REJECTED_BY_SAFE = 4;

    private ExitCodes() {
    }
}
