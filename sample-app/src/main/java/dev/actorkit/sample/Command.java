package dev.actorkit.sample;

/** A line of the text protocol, parsed as the guide's {@code KVServer.Command.parse} does. Immutable. */
sealed interface Command {

    record Create(String bucket) implements Command {
    }

    record Get(String bucket, String key) implements Command {
    }

    record Put(String bucket, String key, String value) implements Command {
    }

    record Delete(String bucket, String key) implements Command {
    }

    /** Anything else: a wrong verb, a wrong number of words, an empty line. */
    record Unknown() implements Command {
    }

    /** Splits on whitespace; verbs are upper case, and each takes an exact number of words. */
    static Command parse(String line) {
        String[] words = line.strip().split("\\s+");
        return switch (words.length + " " + words[0]) {     // the word count and the verb: "3 GET"
            case "2 CREATE" -> new Create(words[1]);
            case "3 GET" -> new Get(words[1], words[2]);
            case "4 PUT" -> new Put(words[1], words[2], words[3]);
            case "3 DELETE" -> new Delete(words[1], words[2]);
            default -> new Unknown();
        };
    }
}
