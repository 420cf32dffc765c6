package ist.aegis.sentinel.output;

import ist.aegis.common.wire.SecretMetadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Formats secret metadata as a plain-text table with aligned columns, as {@code aegis -l} prints it. */
public final class SecretTable {

    private static final List<String> HEADERS = List.of("NAMESPACE", "WORKLOAD", "VALUES", "CREATED", "UPDATED", "VERSION");
    private static final String COLUMN_GAP = "   ";

    private SecretTable() {
    }

    /**
     * Formats the entries sorted by namespace, then workload, one line each after a header line.
     * Every line ends with a newline; the last column is not padded.
     */
    public static String format(List<SecretMetadata> secrets) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADERS);
        secrets.stream()
                .sorted(Comparator.comparing(SecretMetadata::namespace).thenComparing(SecretMetadata::workload))
                .forEach(secret -> rows.add(List.of(secret.namespace(), secret.workload(),
                        Integer.toString(secret.values()), orDash(secret.created()), orDash(secret.updated()),
                        Long.toString(secret.version()))));

        int[] widths = new int[HEADERS.size()];
        for (List<String> row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }

        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            for (int column = 0; column < widths.length; column++) {
                String cell = row.get(column);
                table.append(cell);
                if (column < widths.length - 1) {
                    table.append(" ".repeat(widths[column] - cell.length())).append(COLUMN_GAP);
                }
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static String orDash(String text) {
        return Objects.toString(text, "-");
    }
}
