package dev.actorkit.dashboard;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.test.web.servlet.MvcResult;

/** Reads the events a stream has written so far into a mock response. */
record ServerSentEvents(List<Event> events) {

    record Event(String name, String data) {
    }

    static ServerSentEvents of(MvcResult result) {
        try {
            return parse(result.getResponse().getContentAsString());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServerSentEvents parse(String stream) {
        List<Event> events = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring("event:".length());
                } else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()));
                }
            }
            if (name != null) {
                events.add(new Event(name, data.toString()));
            }
        }
        return new ServerSentEvents(List.copyOf(events));
    }

    List<String> data(String name) {
        return events.stream().filter(event -> event.name().equals(name)).map(Event::data).toList();
    }

    long count(String name) {
        return data(name).size();
    }

    String last(String name) {
        List<String> all = data(name);
        if (all.isEmpty()) {
            throw new AssertionError("no '" + name + "' event yet; events so far: " + events);
        }
        return all.getLast();
    }
}
