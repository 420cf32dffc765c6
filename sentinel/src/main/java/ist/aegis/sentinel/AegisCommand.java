package ist.aegis.sentinel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import ist.aegis.common.validation.Dns1123;
import ist.aegis.common.wire.SecretMetadata;
import ist.aegis.sentinel.client.SafeClient;
import ist.aegis.sentinel.client.SafeRejectedException;
import ist.aegis.sentinel.client.SafeUnreachableException;
import ist.aegis.sentinel.input.InvalidInputException;
import ist.aegis.sentinel.input.StandardInput;
import ist.aegis.sentinel.output.SecretTable;
import ist.aegis.sentinel.serve.ServeCommand;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code aegis} CLI: stores, appends, deletes and lists secrets in Safe, and loads Safe's root
 * key. Each run makes one request and exits; {@code aegis serve} is the pod's long-running mode.
 * Values come from standard input ({@code -s -}) or, for compatibility, the command line; they
 * are held as {@code char[]}, never printed, and overwritten once Safe has responded.
 */
@TopCommand
@Command(name = "aegis",
        subcommands = ServeCommand.class,
        description = "Stores, lists and deletes workload secrets in Aegis Safe.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  printf '%%s' \"$VALUE\" | aegis -w billing -n team-a -s -",
                "  aegis -w billing -n team-a -s - < value.txt",
                "  aegis -w billing -n team-a -a -s - < another-value.txt",
                "  aegis -l",
                "  aegis -w billing -n team-a -d"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:unexpected failure, or 'aegis serve' could not open its port",
                "2:usage error: invalid options or input",
                "3:Safe unreachable: connection refused, TLS failure, timeout or unusable TLS files",
                "4:request rejected by Safe (its message is printed)"})
public class AegisCommand implements Callable<Integer> {

    /** The {@code -s} and {@code --root-key} argument that means "read standard input". */
    static final String STANDARD_INPUT = "-";

    /** Namespace used by {@code -s} and {@code -d} when {@code -n} is absent. */
    static final String DEFAULT_NAMESPACE = "default";

    /** A base64 root key is 44 characters; this bound only rejects input that cannot be one. */
    private static final int MAX_ROOT_KEY_BYTES = 4096;

    @Option(names = {"-w", "--workload"}, paramLabel = "WORKLOAD",
            description = "The workload whose secret -s stores or -d deletes; a DNS-1123 label.")
    String workload;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "The workload's namespace; default: " + DEFAULT_NAMESPACE + ". "
                    + "With -l, lists only this namespace; -l without -n lists every namespace.")
    String namespace;

    @Option(names = {"-s", "--secret"}, paramLabel = "VALUE",
            description = "Stores VALUE for the workload. '-' reads the value from standard input exactly as given, "
                    + "with no newline stripped; use it, because a value on the command line is visible in the "
                    + "process list. Values must be UTF-8 text.")
    char[] secret;

    @Option(names = {"-a", "--append"},
            description = "With -s, adds the value to the workload's values instead of replacing them; "
                    + "an exact duplicate is dropped.")
    boolean append;

    @Option(names = {"-d", "--delete"}, description = "Deletes the workload's secret.")
    boolean delete;

    @Option(names = {"-l", "--list"},
            description = "Lists the stored secrets: namespace, workload, value count, times and version, never a value.")
    boolean list;

    @Option(names = "--root-key", paramLabel = "-",
            description = "Reads Safe's root key (base64 of 32 bytes) from standard input and sends it to Safe, "
                    + "which waits for it in manual mode. Only '-' is accepted.")
    String rootKey;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final SentinelConfig config;
    private final ObjectMapper json;
    private final InputStream standardInput;

    @Inject
    public AegisCommand(SentinelConfig config, ObjectMapper json) {
        this(config, json, System.in);
    }

    /** Creates the command with another standard input, for tests. */
    AegisCommand(SentinelConfig config, ObjectMapper json, InputStream standardInput) {
        this.config = config;
        this.json = json;
        this.standardInput = standardInput;
    }

    @Override
    public Integer call() {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (list) {
                return list(out, err);
            }
            if (delete) {
                client().delete(workload, namespaceOrDefault());
                out.println("deleted the secret of workload '" + workload + "' in namespace '" + namespaceOrDefault() + "'");
                return ExitCodes.OK;
            }
            if (rootKey != null) {
                return loadRootKey(out, err);
            }
            return store(out, err);
        } catch (SafeUnreachableException e) {
            err.println("aegis: " + e.getMessage());
            return ExitCodes.SAFE_UNREACHABLE;
        } catch (SafeRejectedException e) {
            err.println("aegis: " + e.getMessage());
            return ExitCodes.REJECTED_BY_SAFE;
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private int store(PrintWriter out, PrintWriter err) throws SafeUnreachableException, SafeRejectedException {
        char[] value;
        if (isStandardInput(secret)) {
            try {
                value = readStandardInput("the value", StandardInput.MAX_BYTES, err);
            } catch (InvalidInputException e) {
                err.println("aegis: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        } else {
            err.println("aegis: warning: a value given with -s is visible in the process list and in the audit log "
                    + "of 'kubectl exec'; use '-s -' and write the value to standard input instead");
            value = secret.clone();
        }

        try {
            SecretMetadata stored = client().store(workload, namespaceOrDefault(), value, append);
            String count = stored.values() == 1 ? "1 value" : stored.values() + " values";
            String verb = append ? "appended a value to" : "stored the secret of";
            out.println(verb + " workload '" + stored.workload() + "' in namespace '" + stored.namespace() + "': "
                    + count + ", version " + stored.version());
            return ExitCodes.OK;
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    private int list(PrintWriter out, PrintWriter err) throws SafeUnreachableException, SafeRejectedException {
        // Safe lists every namespace; -n narrows the list here, on the client.
        List<SecretMetadata> secrets = client().list().secrets().stream()
                .filter(secret -> namespace == null || namespace.equals(secret.namespace()))
                .toList();
        if (secrets.isEmpty()) {
            err.println(namespace == null ? "no secrets found" : "no secrets found in namespace '" + namespace + "'");
            return ExitCodes.OK;
        }
        out.print(SecretTable.format(secrets));
        return ExitCodes.OK;
    }

    private int loadRootKey(PrintWriter out, PrintWriter err) throws SafeUnreachableException, SafeRejectedException {
        char[] key;
        try {
            key = trimWhitespace(readStandardInput("the root key", MAX_ROOT_KEY_BYTES, err));
        } catch (InvalidInputException e) {
            err.println("aegis: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            if (key.length == 0) {
                err.println("aegis: the root key on standard input is empty: write the base64 of the 32-byte key");
                return ExitCodes.USAGE;
            }
            client().loadRootKey(key);
            out.println("Safe loaded the root key");
            return ExitCodes.OK;
        } finally {
            Arrays.fill(key, '\0');
        }
    }

    private char[] readStandardInput(String description, int maxBytes, PrintWriter err) throws InvalidInputException {
        if (System.console() != null && standardInput == System.in) {
            err.println("aegis: reading " + description + " from standard input; end it with Ctrl-D");
            err.flush();
        }
        try {
            return StandardInput.readText(standardInput, description, maxBytes);
        } catch (IOException e) {
            throw new InvalidInputException("failed to read " + description + " from standard input: " + e.getMessage());
        }
    }

    /** Checks the combination of options; each failure is a usage error with a sentence naming the options. */
    private void checkOptions() {
        List<String> actions = new ArrayList<>();
        if (secret != null) {
            actions.add("-s/--secret");
        }
        if (delete) {
            actions.add("-d/--delete");
        }
        if (list) {
            actions.add("-l/--list");
        }
        if (rootKey != null) {
            actions.add("--root-key");
        }

        // Exactly one action per run; -a alone is a store without its value.
        if (append && secret == null) {
            throw usage("-a/--append needs -s/--secret");
        }
        if (actions.isEmpty()) {
            throw usage("nothing to do: give -s to store a value, -d to delete, -l to list or --root-key - to load the root key");
        }
        if (actions.size() > 1) {
            throw usage(joinOptions(actions) + " cannot be used together");
        }

        // Options that the action needs or does not take.
        if ((secret != null || delete) && workload == null) {
            throw usage(actions.get(0) + " needs -w/--workload");
        }
        if ((list || rootKey != null) && workload != null) {
            throw usage(actions.get(0) + " does not take -w/--workload");
        }
        if (rootKey != null && namespace != null) {
            throw usage("--root-key does not take -n/--namespace");
        }
        if (rootKey != null && !STANDARD_INPUT.equals(rootKey)) {
            // The argument is not echoed: it may be the key itself.
            throw usage("--root-key accepts only '-': write the key to standard input, never as an argument");
        }

        // Names are checked here so that a typo is a usage error, not a request Safe rejects.
        if (workload != null && !Dns1123.isLabel(workload)) {
            throw usage("-w/--workload '" + workload + "' is invalid: it " + Dns1123.LABEL_RULE);
        }
        if (namespace != null && !Dns1123.isLabel(namespace)) {
            throw usage("-n/--namespace '" + namespace + "' is invalid: it " + Dns1123.LABEL_RULE);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private SafeClient client() throws SafeUnreachableException {
        return SafeClient.create(config.safeUrl(), config.tls().ca(), config.tls().certificate(), config.tls().key(),
                config.timeout(), json);
    }

    private String namespaceOrDefault() {
        return namespace == null ? DEFAULT_NAMESPACE : namespace;
    }

    private static boolean isStandardInput(char[] argument) {
        return argument.length == 1 && argument[0] == '-';
    }

    private static String joinOptions(List<String> options) {
        if (options.size() == 2) {
            return options.get(0) + " and " + options.get(1);
        }
        return String.join(", ", options.subList(0, options.size() - 1)) + " and " + options.get(options.size() - 1);
    }

    /** Returns the text without leading and trailing whitespace, and overwrites {@code text}. */
    private static char[] trimWhitespace(char[] text) {
        int start = 0;
        int end = text.length;
        while (start < end && Character.isWhitespace(text[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(text[end - 1])) {
            end--;
        }
        char[] trimmed = Arrays.copyOfRange(text, start, end);
        Arrays.fill(text, '\0');
        return trimmed;
    }
}
