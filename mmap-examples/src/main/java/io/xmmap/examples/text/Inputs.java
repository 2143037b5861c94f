package io.xmmap.examples.text;

import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import io.xmmap.internal.sys.Errors;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opening a tool's operand ("-" is standard input) in either paradigm, with the errors GNU prints
 * (the errno text: "No such file or directory", "Is a directory").
 */
public final class Inputs {
    private Inputs() {}

    /** A streaming mapping of the operand. */
    public static StreamMapping map(String operand, Memory memory) throws IOException {
        return operand.equals("-") ? Xmmap.stdin(memory) : Xmmap.open(Path.of(operand), memory);
    }

    /** The operand as an InputStream (the read paradigm), failing as open(2)/read(2) would. */
    public static InputStream open(String operand) throws IOException {
        if (operand.equals("-")) {
            // Standard input may be named twice ("cat - -"): closing one use must not close fd 0.
            return new java.io.FilterInputStream(new FileInputStream(FileDescriptor.in)) {
                @Override
                public void close() {
                }
            };
        }
        Path p = Path.of(operand);
        if (Files.isDirectory(p)) {
            throw Errors.exception("read", operand, -Errors.EISDIR);
        }
        if (!Files.exists(p)) {
            throw Errors.exception("open", operand, -Errors.ENOENT);
        }
        if (!Files.isReadable(p)) {
            throw Errors.exception("open", operand, -Errors.EACCES);
        }
        return new FileInputStream(p.toFile());
    }
}
