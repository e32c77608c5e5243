package io.vmapkit.runtime.discovery;

import io.vmapkit.api.VmapApi;
import io.vmapkit.api.spi.Discoverable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Finds the implementations of one service interface with {@link ServiceLoader}, from one explicit
 * class loader.
 *
 * <p>The services files ({@code META-INF/services/<interface>}) are read first, to know which jar or
 * directory declared which class. Then the loader's iterator is advanced one entry at a time inside
 * its own {@code try}: an entry that fails ({@link ServiceConfigurationError} for a missing class, a
 * class that does not implement the interface or a constructor that throws; a {@link LinkageError}
 * for a class whose dependencies are missing) becomes a {@link Status#BROKEN} entry naming the class
 * and its source, and iteration goes on, which {@link ServiceLoader}'s iterator supports ("a best
 * effort to locate and instantiate the next available provider"). Each instance is then
 * {@linkplain #inspect inspected}: its name, priority, version and api version are read once.
 *
 * <p>Instances are created once per call of {@link #find}. An instance of this class is immutable
 * and may be shared; {@link #find} may be called from several threads.
 */
public final class ServiceDiscovery {

    private static final System.Logger LOG = System.getLogger(ServiceDiscovery.class.getName());

    /** A name must be usable in comma-separated lists and in {@code vmapkit.plugin.<name>.<key>}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+-]*");

    /** Bound on iterator steps, against a loader that fails forever on the same entry. */
    private static final int MAX_STEPS = 10_000;

    private static final Comparator<Candidate<?>> ORDER = Comparator
            .<Candidate<?>>comparingInt(Candidate::priority).reversed()
            .thenComparing(Candidate::name);

    private final ClassLoader loader;

    /**
     * @param loader the class loader to read services files and load classes from; never the
     *     thread-context loader implicitly
     */
    public ServiceDiscovery(ClassLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** Discovery from the class loader that loaded vmapkit's runtime. */
    public static ServiceDiscovery usingRuntimeLoader() {
        return new ServiceDiscovery(ServiceDiscovery.class.getClassLoader());
    }

    /** The class loader used. */
    public ClassLoader loader() {
        return loader;
    }

    /**
     * Finds every implementation of {@code type}.
     *
     * @param type one of the four service interfaces (see {@link Kind})
     * @return the usable entries sorted by priority then name, and the refused ones
     * @throws DiscoveryException if two usable (or version-refused) entries share a name; the
     *     message names both classes and their sources
     */
    public <T extends Discoverable> Findings<T> find(Class<T> type) {
        Kind kind = Kind.of(type);
        Map<String, List<String>> declared = declaredEntries(type);
        List<Candidate<T>> usable = new ArrayList<>();
        List<ReportEntry> refused = new ArrayList<>();
        List<ReportEntry> named = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(type, loader).iterator();
        String lastFailure = null;
        int repeats = 0;
        for (int step = 0; step < MAX_STEPS; step++) {
            T instance;
            try {
                if (!it.hasNext()) {
                    break;
                }
                instance = it.next();
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                ReportEntry broken = broken(kind, type, e, declared);
                String key = broken.className() + "|" + broken.reason();
                repeats = key.equals(lastFailure) ? repeats + 1 : 0;
                lastFailure = key;
                if (repeats >= 2) {
                    LOG.log(System.Logger.Level.WARNING, "discovery of " + type.getName()
                            + " stopped: the same entry failed three times in a row: " + broken);
                    break;
                }
                refused.add(broken);
                LOG.log(System.Logger.Level.WARNING, "skipping broken " + broken);
                continue;
            }
            Candidate<T> c = inspect(kind, instance, sourceOf(instance.getClass()));
            if (c.entry().status() == Status.AVAILABLE) {
                usable.add(c);
                named.add(c.entry());
            } else {
                refused.add(c.entry());
                if (!c.name().equals(ReportEntry.UNKNOWN)) {
                    named.add(c.entry());
                }
                LOG.log(System.Logger.Level.WARNING, "not using " + c.entry());
            }
        }
        rejectDuplicates(kind, named, DiscoveryReport.of(new Findings<>(kind, usable, refused).entries()));
        usable.sort(ORDER);
        return new Findings<>(kind, usable, refused);
    }

    /**
     * Reads what an instance says about itself, once, and decides whether it is usable: its
     * {@code name()} must be a non-blank word of letters, digits, {@code _ + -} (no dots, no commas,
     * no spaces); none of its descriptive methods may throw; its {@code apiVersion()} must be between
     * 1 and {@link VmapApi#MAJOR_VERSION}. A newer api version is {@link Status#SKIPPED} with a reason
     * that says so; anything else wrong is {@link Status#BROKEN}.
     *
     * @param source where the instance came from, for the report
     * @return a candidate whose entry is {@link Status#AVAILABLE} if usable
     */
    public static <T extends Discoverable> Candidate<T> inspect(Kind kind, T instance, String source) {
        Objects.requireNonNull(instance, "instance");
        String cls = instance.getClass().getName();
        String name;
        try {
            name = instance.name();
        } catch (RuntimeException | LinkageError e) {
            return new Candidate<>(instance, new ReportEntry(kind, ReportEntry.UNKNOWN, "", 0, 0, cls, source,
                    Status.BROKEN, "name() threw " + e));
        }
        if (name == null || !NAME.matcher(name).matches()) {
            String shown = name == null ? "null" : "'" + name + "'";
            return new Candidate<>(instance, new ReportEntry(kind, ReportEntry.UNKNOWN, "", 0, 0, cls, source,
                    Status.BROKEN, "name() returned " + shown
                            + "; a name is a non-blank word of letters, digits, '_', '+' and '-'"));
        }
        int priority;
        String version;
        int api;
        try {
            priority = instance.priority();
            version = Objects.requireNonNullElse(instance.version(), "unspecified");
            api = instance.apiVersion();
        } catch (RuntimeException | LinkageError e) {
            return new Candidate<>(instance, new ReportEntry(kind, name, "", 0, 0, cls, source, Status.BROKEN,
                    "describing itself threw " + e));
        }
        if (api < 1) {
            return new Candidate<>(instance, new ReportEntry(kind, name, version, priority, api, cls, source,
                    Status.BROKEN, "apiVersion() returned " + api + "; api versions start at 1"));
        }
        if (api > VmapApi.MAJOR_VERSION) {
            return new Candidate<>(instance, new ReportEntry(kind, name, version, priority, api, cls, source,
                    Status.SKIPPED, "built for vmapkit api " + api + ".x, but this runtime implements api "
                            + VmapApi.VERSION + "; upgrade vmapkit to use it"));
        }
        return new Candidate<>(instance, new ReportEntry(kind, name, version, priority, api, cls, source,
                Status.AVAILABLE, ""));
    }

    /**
     * Fails if two entries share a name.
     *
     * @throws DiscoveryException naming every pair's classes and sources
     */
    static void rejectDuplicates(Kind kind, List<ReportEntry> named, DiscoveryReport report) {
        Map<String, List<ReportEntry>> byName = new LinkedHashMap<>();
        for (ReportEntry e : named) {
            byName.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e);
        }
        StringBuilder msg = new StringBuilder();
        for (Map.Entry<String, List<ReportEntry>> group : byName.entrySet()) {
            if (group.getValue().size() > 1) {
                if (msg.length() > 0) {
                    msg.append("; ");
                }
                msg.append(group.getValue().size()).append(' ').append(kind.label()).append("s are named '")
                        .append(group.getKey()).append("': ");
                List<String> who = new ArrayList<>();
                for (ReportEntry e : group.getValue()) {
                    who.add(e.className() + " (from " + e.source() + ")");
                }
                msg.append(String.join(" and ", who));
            }
        }
        if (msg.length() > 0) {
            throw new DiscoveryException(msg.append("; names must be unique").toString(), report);
        }
    }

    /** Where a class was loaded from: its jar or class directory, or "(unknown source)". */
    public static String sourceOf(Class<?> type) {
        try {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                return "(unknown source)";
            }
            return display(cs.getLocation());
        } catch (SecurityException e) {
            return "(unknown source)";
        }
    }

    /** Class name → the jars or directories whose services file declares it, in loader order. */
    private Map<String, List<String>> declaredEntries(Class<?> type) {
        Map<String, List<String>> declared = new LinkedHashMap<>();
        String resource = "META-INF/services/" + type.getName();
        try {
            Enumeration<URL> urls = loader.getResources(resource);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                String source = servicesFileSource(url, resource);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        int hash = line.indexOf('#');
                        String cn = (hash >= 0 ? line.substring(0, hash) : line).strip();
                        if (!cn.isEmpty()) {
                            declared.computeIfAbsent(cn, k -> new ArrayList<>()).add(source);
                        }
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot read " + url + ": " + e);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list " + resource + ": " + e);
        }
        return declared;
    }

    private static ReportEntry broken(Kind kind, Class<?> type, Throwable e, Map<String, List<String>> declared) {
        String message = String.valueOf(e.getMessage());
        String cls = "?";
        for (String token : message.split("[\\s:]+")) {
            if (declared.containsKey(token) && token.length() > (cls.equals("?") ? 0 : cls.length())) {
                cls = token;
            }
        }
        String source = declared.containsKey(cls) ? String.join(", ", declared.get(cls)) : "(unknown source)";
        String prefix = type.getName() + ": ";
        String detail = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        String reason;
        if (e instanceof ServiceConfigurationError && detail.endsWith(" not found")) {
            reason = "class " + cls + " not found";
        } else if (e instanceof ServiceConfigurationError && detail.endsWith(" not a subtype")) {
            reason = cls + " does not implement " + type.getName();
        } else if (e instanceof ServiceConfigurationError && detail.contains("could not be instantiated")) {
            reason = "constructor threw " + e.getCause();
        } else if (e instanceof LinkageError) {
            reason = "cannot link: " + e;
        } else {
            reason = detail + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
        }
        return new ReportEntry(kind, ReportEntry.UNKNOWN, "", 0, 0, cls, source, Status.BROKEN, reason);
    }

    private static String servicesFileSource(URL url, String resource) {
        String s = url.toString();
        if ("jar".equals(url.getProtocol())) {
            int bang = s.indexOf("!/");
            String jar = bang >= 0 ? s.substring(4, bang) : s.substring(4);
            try {
                return display(new URL(jar));
            } catch (java.net.MalformedURLException e) {
                return jar;
            }
        }
        if (s.endsWith(resource)) {
            try {
                return display(new URL(s.substring(0, s.length() - resource.length())));
            } catch (java.net.MalformedURLException e) {
                return s;
            }
        }
        return s;
    }

    private static String display(URL url) {
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return url.toString();
            }
        }
        return url.toString();
    }
}
