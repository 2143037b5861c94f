package io.xmmap.examples.cat;

import io.xmmap.examples.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code xmmap cat} against GNU cat, byte for byte (stdout by SHA-256, stderr, exit status), over
 * the text corpus as files (with a missing file and a directory in between) and through a pipe,
 * for every flag and some combinations, in both paradigms.
 */
@Timeout(300)
class CatDifferentialTest {
    @TempDir
    static Path dir;
    static List<Path> corpus;

    @BeforeAll
    static void corpus() throws IOException {
        corpus = Corpus.create(dir);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String flags : List.of("", "-n", "-b", "-s", "-E", "-T", "-v", "-A", "-ns", "-bs", "-e", "-t", "-nET")) {
            for (String paradigm : List.of("mapped", "read")) {
                out.add(Arguments.of(flags, paradigm));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "cat {0} {1}")
    @MethodSource("cases")
    void filesAndPipesMatchGnuCat(String flags, String paradigm) throws Exception {
        StringBuilder files = new StringBuilder();
        for (Path p : corpus) {
            files.append(" '").append(p).append("'");
            if (p.getFileName().toString().equals("crlf")) {
                files.append(" '").append(dir.resolve("missing")).append("' '").append(dir).append("'");
            }
        }
        String ours = "$XMMAP cat --paradigm=" + paradigm + " " + flags;
        Corpus.compare("cat " + flags + files + " | sha256sum", ours + files + " | sha256sum", "C");
        Corpus.compare("cat " + flags + files + " >/dev/null", ours + files + " >/dev/null", "C");
        String pipe = "cat" + files + " 2>/dev/null | ";
        Corpus.compare(pipe + "cat " + flags + " | sha256sum", pipe + ours + " | sha256sum", "C");
    }

    /**
     * Without flags cat moves bytes inside the kernel when input and output allow it (splice,
     * sendfile, copy_file_range): into a file, from a pipe into a file, several files and standard
     * input into one file, and a file appended to itself (refused, as GNU refuses it).
     */
    @org.junit.jupiter.api.Test
    void zeroCopyRedirectionsMatchGnuCat() throws Exception {
        String a = "'" + corpus.get(0) + "'", b = "'" + corpus.get(corpus.size() - 1) + "'";
        String out = "'" + dir.resolve("zc-out") + "'";
        for (String args : List.of(a, a + " " + b, "- " + b + " < " + a, "< " + a)) {
            Corpus.compare("cat " + args + " > " + out + " && sha256sum < " + out,
                    "$XMMAP cat " + args + " > " + out + " && sha256sum < " + out, "C");
            Corpus.compare("cat " + a + " | cat " + args.replace("< " + a, "") + " > " + out + " && sha256sum < " + out,
                    "cat " + a + " | $XMMAP cat " + args.replace("< " + a, "") + " > " + out + " && sha256sum < " + out, "C");
        }
        // A FIFO operand is opened once (its writer's open pairs with one open only), into an O_APPEND file.
        Path fifo = dir.resolve("fifo");
        java.nio.file.Files.deleteIfExists(fifo);
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Corpus.compare("rm -f " + out + "; cat " + a + " > '" + fifo + "' & cat '" + fifo + "' >> " + out + "; wait; sha256sum < " + out,
                "rm -f " + out + "; cat " + a + " > '" + fifo + "' & $XMMAP cat '" + fifo + "' >> " + out + "; wait; sha256sum < " + out, "C");
        // A reader that goes away: silent, status 141 (SIGPIPE), as GNU cat.
        Corpus.compare("cat " + a + " " + a + " | head -c 1 > /dev/null; echo ${PIPESTATUS:-x}",
                "$XMMAP cat " + a + " " + a + " | head -c 1 > /dev/null; echo ${PIPESTATUS:-x}", "C");
        Path self = dir.resolve("self");
        java.nio.file.Files.copy(corpus.get(0), self, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Corpus.compare("cat '" + self + "' >> '" + self + "'; echo $?; sha256sum < '" + self + "'",
                "$XMMAP cat '" + self + "' >> '" + self + "'; echo $?; sha256sum < '" + self + "'", "C");
        java.nio.file.Files.copy(corpus.get(0), self, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Corpus.compare("cat " + a + " '" + self + "' > '" + self + "'; echo $?; sha256sum < '" + self + "'",
                "$XMMAP cat " + a + " '" + self + "' > '" + self + "'; echo $?; sha256sum < '" + self + "'", "C");
    }
}
