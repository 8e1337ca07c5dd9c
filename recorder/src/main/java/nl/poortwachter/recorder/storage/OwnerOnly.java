package nl.poortwachter.recorder.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Files and folders the gateway makes are its own: files 0600, folders 0700 (footage, exports, databases, keys,
 * anchors: nothing for other local users to read). The mode is asked for at creation, so there is no moment in which
 * others could open the file, and then set once more with chmod, because the mode asked for at creation passes
 * through the process's umask while chmod does not: the result is the same whatever umask the gateway was started
 * with. On a file system without POSIX permissions nothing is set (the operator secures the folder).
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(FILE);
    private static final FileAttribute<Set<PosixFilePermission>> FOLDER_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(FOLDER);

    private OwnerOnly() {
    }

    /** Makes the folder and any missing parents, each new one 0700; folders that exist are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                if (posix(p)) {
                    Files.createDirectory(p, FOLDER_ATTRIBUTE);
                    Files.setPosixFilePermissions(p, FOLDER);
                } else {
                    Files.createDirectory(p);
                }
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                // made meanwhile by another thread (two cameras' first segments of a day): theirs is ours too
            }
        }
        return dir;
    }

    /** Creates a new, empty file 0600 (its folder must exist); fails if it exists. */
    public static Path createFile(Path file) throws IOException {
        if (posix(file.toAbsolutePath().getParent())) {
            Files.createFile(file, FILE_ATTRIBUTE);
            Files.setPosixFilePermissions(file, FILE);
        } else {
            Files.createFile(file);
        }
        return file;
    }

    /** A new file 0600 with {@code text} (UTF-8); fails if it exists. */
    public static void writeNew(Path file, String text) throws IOException {
        createFile(file);
        Files.write(file, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Opens a file for writing, creating it 0600 if it does not exist ({@link StandardOpenOption#CREATE} or
     * {@code CREATE_NEW} among the options); an existing file keeps its mode.
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(Set.of(options));
        boolean create = set.remove(StandardOpenOption.CREATE) | set.contains(StandardOpenOption.CREATE_NEW);
        if (create && !set.contains(StandardOpenOption.CREATE_NEW)) {
            try {
                createFile(file);
            } catch (FileAlreadyExistsException e) {
                // appending to what is there
            }
        } else if (set.remove(StandardOpenOption.CREATE_NEW)) {
            createFile(file);
        }
        return FileChannel.open(file, set);
    }

    /** Sets 0600 on a file someone else created for us (e.g. a library that has no say over the mode). */
    public static void restrict(Path file) throws IOException {
        if (posix(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    private static boolean posix(Path existing) {
        Path p = existing;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
