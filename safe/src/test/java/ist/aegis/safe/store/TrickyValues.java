package ist.aegis.safe.store;

import java.util.List;

/** Values that break naive quoting, escaping or trimming; every one must come back byte for byte. */
public final class TrickyValues {

    public static final List<String> ALL = List.of(
            "back\\slash \\\\ \\n",
            "double \" and single ' quotes",
            "line one\nline two\r\nline three\n",
            "$HOME",
            "${X}",
            "emoji \uD83D\uDD10 and \u00e9\u00e8 and \u4e2d\u6587",
            "  leading and trailing spaces  ",
            "\ttab\t",
            "");

    private TrickyValues() {
    }
}
