package nl.poortwachter.recorder.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files directly in a class-path folder, from directories (tests, the IDE) and from jars (the installed
 * gateway) alike: the class loader can open a resource by name but cannot list a folder.
 */
final class ResourceFolder {
    private ResourceFolder() {
    }

    /** File name to content; a name found twice with different content is an error (two jars disagree). */
    static Map<String, String> read(ClassLoader loader, String folder) {
        Map<String, String> out = new TreeMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                Map<String, String> files = switch (root.getProtocol()) {
                    case "file" -> fromDirectory(Path.of(root.toURI()));
                    case "jar" -> fromJar(root, folder);
                    default -> throw new IllegalStateException("cannot list " + root);
                };
                for (Map.Entry<String, String> f : files.entrySet()) {
                    String before = out.putIfAbsent(f.getKey(), f.getValue());
                    if (before != null && !before.equals(f.getValue())) {
                        throw new IllegalStateException(folder + "/" + f.getKey() + " is on the class path twice, "
                                + "with different content");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read " + folder + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Map<String, String> fromDirectory(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> fromJar(URL root, String folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        URLConnection connection = root.openConnection();
        connection.setUseCaches(false);
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (!e.isDirectory() && name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                    try (InputStream in = jar.getInputStream(e)) {
                        out.put(name.substring(prefix.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return out;
    }
}
