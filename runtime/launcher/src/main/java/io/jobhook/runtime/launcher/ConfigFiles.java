package io.jobhook.runtime.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/** Reads and writes the {@code .cfg} files of {@code etc/} as FileInstall reads them. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }

    /**
     * Writes a configuration file whole and atomically (FileInstall must never see half a file), readable
     * by its owner only when it holds secrets.
     */
    static void write(Path file, String comment, Map<String, String> values, boolean secret) throws IOException {
        StringWriter text = new StringWriter();
        text.write("# " + comment + "\n");
        Properties p = new Properties();
        p.putAll(values);
        StringWriter body = new StringWriter();
        p.store(body, null);
        // Properties.store starts with a date comment; the file is easier to read without it.
        body.toString().lines().filter(l -> !l.startsWith("#")).sorted().forEach(l -> text.write(l + "\n"));
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            // owner-only from the first byte: the file is made with its permissions, then written
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp); // Windows: the directory's ACLs apply
            }
        }
        Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
