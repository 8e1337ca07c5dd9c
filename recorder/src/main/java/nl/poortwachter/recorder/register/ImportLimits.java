package nl.poortwachter.recorder.register;

/**
 * How much one import may bring: a register of tens of thousands of cameras fits well within the defaults,
 * while a file far larger than any register is refused before it is read into memory.
 *
 * @param maxBytes largest file accepted, in bytes
 * @param maxRows  most data rows accepted (the header not counted)
 */
public record ImportLimits(int maxBytes, int maxRows) {
    /** 10 MiB: 50,000 rows of about 200 bytes. */
    public static final ImportLimits DEFAULT = new ImportLimits(10 * 1024 * 1024, 50_000);

    public ImportLimits {
        if (maxBytes < 1 || maxRows < 1) {
            throw new IllegalArgumentException("import limits must be positive (maxBytes " + maxBytes + ", maxRows " + maxRows + ")");
        }
    }
}
