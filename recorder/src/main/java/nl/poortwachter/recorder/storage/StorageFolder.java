package nl.poortwachter.recorder.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import nl.poortwachter.recorder.logging.Log;

/**
 * The storage folder as one gateway's own: an exclusive lock on {@value #LOCK_FILE}, held for as long as the
 * process uses the folder (a second gateway on the same folder refuses to start: both would record and delete), and
 * the folder's identity, a UUID made at its first start and kept in {@value #ID_FILE}, which every database opened
 * with the folder is bound to. The lock file names its holder (pid, host, since) for whoever is refused.
 */
public final class StorageFolder implements AutoCloseable {
    public static final String LOCK_FILE = "storage.lock";
    public static final String ID_FILE = "storage.id";
    private static final Log LOG = Log.of(StorageFolder.class);
    /**
     * Folders this process holds. A second lock attempt from the same process must not even open the lock file:
     * on POSIX, closing any descriptor of a file drops every lock the process holds on it.
     */
    private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

    private final Path root;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final String id;

    private StorageFolder(Path root, Path key, FileChannel channel, FileLock lock, String id) {
        this.root = root;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.id = id;
    }

    /**
     * Creates the folder if needed, takes its lock and reads its identity, making one at the first start.
     *
     * @throws StorageInUseException when another process (or another gateway in this one) holds the folder
     */
    public static StorageFolder open(Path dir) {
        return lock(dir, true);
    }

    /** For an offline check: takes the lock, but never makes an identity ({@link #id()} is null when there is none). */
    public static StorageFolder openForCheck(Path dir) {
        return lock(dir, false);
    }

    private static StorageFolder lock(Path dir, boolean makeIdentity) {
        Path root = dir.toAbsolutePath().normalize();
        Path key;
        try {
            OwnerOnly.createDirectories(root);
            key = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage folder " + root + ": " + e.getMessage(), e);
        }
        String holder = holderLine();
        String other = HELD_HERE.putIfAbsent(key, holder);
        if (other != null) {
            throw inUse(root, other);
        }
        FileChannel channel = null;
        try {
            channel = OwnerOnly.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ByteBuffer text = ByteBuffer.allocate(1024);
                channel.read(text, 0);
                throw inUse(root, new String(text.array(), 0, text.position(), StandardCharsets.UTF_8));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            String id = makeIdentity ? identity(root) : readIdentity(root);
            return new StorageFolder(root, key, channel, lock, id);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(key);
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock storage folder " + root + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static StorageInUseException inUse(Path root, String holder) {
        String who = holder.isBlank() ? "" : " (" + holder.strip().replace('\n', ' ') + ")";
        return new StorageInUseException("storage folder " + root + " is in use by another gateway" + who
                + ": two gateways on one folder would both record and delete. Stop the other one first, or give "
                + "this one a storage folder of its own");
    }

    private static String holderLine() {
        return "pid " + ProcessHandle.current().pid() + " on host " + hostName() + " since " + Instant.now();
    }

    private static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The folder's identity; made (and synced to disk) at the first start. */
    private static String identity(Path root) throws IOException {
        String existing = readIdentity(root);
        if (existing != null) {
            return existing;
        }
        String id = UUID.randomUUID().toString();
        Path tmp = root.resolve(ID_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = OwnerOnly.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, root.resolve(ID_FILE), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(root, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.warn("storage.identity.sync", "folder", root, "error", e.getMessage());
        }
        LOG.info("storage.identity.created", "folder", root, "id", id);
        return id;
    }

    private static String readIdentity(Path root) throws IOException {
        Path file = root.resolve(ID_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        try {
            return UUID.fromString(text).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a storage identity (a UUID): restore it from a "
                    + "backup of this folder");
        }
    }

    public Path root() {
        return root;
    }

    /** The folder's identity (a UUID); null only for a check of a folder that has none. */
    public String id() {
        return id;
    }

    /** Releases the lock; another gateway may use the folder from now on. */
    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException e) {
            LOG.warn("storage.unlock", "folder", root, "error", e.getMessage());
        } finally {
            closeQuietly(channel);
            HELD_HERE.remove(key);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("storage.unlock", "error", e.getMessage());
            }
        }
    }
}
