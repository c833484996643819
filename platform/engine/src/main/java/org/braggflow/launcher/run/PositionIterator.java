package org.braggflow.launcher.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanSource;

/**
 * Every position volume of a scan in row-major order, read a chunk of positions at a time: the
 * splitter pulls from it in one thread, so at most one chunk (plus the volumes being processed)
 * is in memory.
 */
final class PositionIterator implements Iterator<PositionVolume> {

    static final int CHUNK = 16;

    private final ScanSource scan;
    private final int total;
    private final ArrayDeque<PositionVolume> buffer = new ArrayDeque<>();
    private int next;

    PositionIterator(ScanSource scan) {
        this.scan = scan;
        this.total = scan.metadata().positionCount();
    }

    @Override
    public boolean hasNext() {
        return !buffer.isEmpty() || next < total;
    }

    @Override
    public PositionVolume next() {
        if (buffer.isEmpty()) {
            if (next >= total) throw new NoSuchElementException();
            int count = Math.min(CHUNK, total - next);
            try {
                scan.forEachPosition(next, count, buffer::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            next += count;
        }
        return buffer.poll();
    }
}
