package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing a protocol line, as the guide's KVServer.Command.parse does. */
class CommandTest {

    @Test
    void eachVerbTakesItsWords() {
        assertThat(Command.parse("CREATE shopping")).isEqualTo(new Command.Create("shopping"));
        assertThat(Command.parse("GET shopping milk")).isEqualTo(new Command.Get("shopping", "milk"));
        assertThat(Command.parse("PUT shopping milk 1")).isEqualTo(new Command.Put("shopping", "milk", "1"));
        assertThat(Command.parse("DELETE shopping milk")).isEqualTo(new Command.Delete("shopping", "milk"));
    }

    @Test
    void wordsMaySurroundThemselvesWithAnyWhitespace() {
        assertThat(Command.parse("  PUT\tshopping   milk 1  ")).isEqualTo(new Command.Put("shopping", "milk", "1"));
    }

    @Test
    void aWrongNumberOfWordsAnUnknownVerbOrNothingIsUnknown() {
        assertThat(Command.parse("GET shopping")).isEqualTo(new Command.Unknown());
        assertThat(Command.parse("PUT shopping milk 1 2")).isEqualTo(new Command.Unknown());
        assertThat(Command.parse("get shopping milk")).isEqualTo(new Command.Unknown());
        assertThat(Command.parse("2 CREATE")).isEqualTo(new Command.Unknown());
        assertThat(Command.parse("")).isEqualTo(new Command.Unknown());
    }
}
