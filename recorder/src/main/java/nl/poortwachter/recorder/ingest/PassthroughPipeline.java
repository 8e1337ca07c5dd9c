package nl.poortwachter.recorder.ingest;

import nl.poortwachter.recorder.ingest.source.AccessUnit;

/** The camera's own H.264/H.265, cleaned by the packer: nothing is decoded. */
final class PassthroughPipeline implements VideoPipeline {
    private final PacketPacker packer;

    PassthroughPipeline(PacketPacker packer) {
        this.packer = packer;
    }

    @Override
    public boolean accept(AccessUnit unit) throws StreamChangedException {
        return packer.accept(unit.data(), unit.length(), unit.pts(), unit.dts(), unit.keyframe(), unit.arrivalMillis());
    }

    @Override
    public void finish() {
        packer.finish();
    }

    @Override
    public void close() {
        // Nothing native: the unit belongs to its source.
    }
}
